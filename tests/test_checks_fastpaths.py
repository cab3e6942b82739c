"""The checks' fast paths (a cheap precondition that skips the real work) give what the real work gives.

Random texts over an alphabet rich in what the checks look for: markup, brackets, quotes, format
characters, digits, controls and bidi marks, line breaks and closing punctuation.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.checks.base import Pair
from l10n.checks.registry import check_structure
from l10n.checks.spans import spans
from l10n.checks.style import _end_mark, _end_mark_through_closers
from l10n.checks.terms import _may_hold_a_term
from l10n.glossary import Term
from l10n.structure import translation_problems

_PIECES = ["a", "B", "é", "1", "21", " ", "  ", "\t", "\n", ".", "..", "…", "!", "?", ":", ";", ",", "<", ">", "/",
           "<1>", "</1>", "<2/>", "<b>", "</b>", "<a href", "<!--", "[", "]", "(", ")", "[x](y)", "![i](p)", "{",
           "}", "%", "%s", "$", "@", "&#39;", "`", "*", "\"", "'", "”", "»", "\x01", "\x0b", "\x0c", "\x7f",
           "\x85", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u202c",
           "word", "Word", "https://x.org", "noon", "pm"]
texts = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


def _pair(source: str, translation: str) -> Pair:
    return Pair(source, translation, "", False, frozenset(), False, (), spans(source), spans(translation), source)


def test_the_structure_gate_on_every_pair_of_pieces() -> None:
    for source in ["", "word", *_PIECES]:
        for piece in _PIECES:
            for translation in (piece, f"Wort {piece} Wort"):
                found: list[str] = []
                check_structure(_pair(source, translation), lambda check, detail: found.append(detail))
                assert found == translation_problems(source, translation), (source, translation)


@settings(max_examples=400, deadline=None)
@given(texts, texts)
def test_the_structure_gate_skips_only_pairs_without_a_structure_problem(source: str, translation: str) -> None:
    found: list[str] = []
    check_structure(_pair(source, translation), lambda check, detail: found.append(detail))
    assert found == translation_problems(source, translation)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_the_usual_end_marks_are_read_as_the_general_case_reads_them(text: str) -> None:
    assert _end_mark(text) == _end_mark_through_closers(text)


def test_the_end_mark_of_every_pair_of_pieces() -> None:
    for first in _PIECES:
        for last in _PIECES:
            assert _end_mark(first + last) == _end_mark_through_closers(first + last), first + last


@settings(max_examples=200, deadline=None)
@given(texts, st.lists(st.sampled_from(["word", "Word list", "noon", "a", "é b", "1", "%s", "[x"]), min_size=1,
                       max_size=4))
def test_the_glossary_hint_is_the_substring_test(source: str, sources: list[str]) -> None:
    glossary = [Term(source=term, target="x") for term in sources]
    words = {term.split()[0].lower() for term in sources}
    assert _may_hold_a_term(source, glossary) == any(word in source.lower() for word in words)
