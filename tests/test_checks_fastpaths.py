"""The checks' fast paths (a cheap precondition that skips the real work) give what the real work gives.

Random texts over an alphabet rich in what the checks look for: markup, brackets, quotes, format
characters, digits, controls and bidi marks, line breaks and closing punctuation.
"""

from __future__ import annotations

import pytest
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
           "word", "Word", "https://x.org", "www.x.org", "WwW.x.org", "wWw.x", "noon", "pm"]
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
    # a big glossary (one alternation instead of a test per word) answers the same
    big = glossary + [Term(source=f"term{number} x", target="y") for number in range(30)]
    assert _may_hold_a_term(source, big) == any(word in source.lower() for word in words)
    assert _may_hold_a_term(source + " Term17", big)


# -- regular expressions rewritten for speed: the same matches as the plain formulation ---------------------

_NUMBER_PIECES = ["1", "12", "2024", "0", "-", "/", ".", ",", "\u00a0", "\u202f", "&#", "&", "#", "x", "a", "_",
                  " ", ":", "é", "٣"]
number_texts = st.lists(st.sampled_from(_NUMBER_PIECES), max_size=14).map("".join)


@given(number_texts)
@settings(max_examples=400, deadline=None)
def test_the_number_and_date_patterns_match_as_their_plain_formulation(text: str) -> None:
    import re

    from l10n.patterns import PATTERNS

    plain = {"number": re.compile(r"(?<![\w.,])(?<!&#)\d+(?:[.,\u00a0\u202f]\d+)*(?![\w])"),
             "date": re.compile(r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b")}
    for kind, pattern in plain.items():
        assert [match.span() for match in PATTERNS[kind].finditer(text)] == \
            [match.span() for match in pattern.finditer(text)]


_WORD_PIECES = ["the", "The", "th", "e", " ", "  ", "\n", "\u00a0", ".", "1", "_", "é", "thé", "ſ"]


@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=14).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_repeated_word_pattern_matches_as_its_plain_formulation(text: str) -> None:
    import re

    from l10n.checks.style import _REPEATED_HINT_RE, _REPEATED_RE

    plain = re.compile(r"(?<!\w)([^\W\d_]+)(?:\s+\1(?!\w)){2,}")
    found, expected = _REPEATED_RE.search(text), plain.search(text)
    assert (found and (found.span(), found.group(1))) == (expected and (expected.span(), expected.group(1)))
    if found:  # the hint that lets most texts skip the search finds something wherever it matches
        assert _REPEATED_HINT_RE.search(text)


@given(st.lists(st.sampled_from(["noon", "NOON", "mid", "MİD", "mıd", "day", "night", "NIGHT", "n", "o", " ",
                                 "ä", "İ", "ı", "K"]), max_size=8).map("".join))
def test_the_noon_hint_is_the_regular_expression(text: str) -> None:
    from l10n.checks.numbers import _NOON_HINT_RE, _may_name_noon

    assert _may_name_noon(text) == (_NOON_HINT_RE.search(text) is not None)


@given(texts, texts, st.sampled_from([[], ["c-format"], ["python-brace-format"]]), st.booleans())
@settings(max_examples=300, deadline=None)
def test_skipping_the_span_checks_on_plain_pairs_changes_nothing(source: str, translation: str, flags: list[str],
                                                                  markdown: bool) -> None:
    import polib

    from l10n.checks import registry

    entry = polib.POEntry(msgid=source or "x", msgstr=translation, flags=flags,
                          occurrences=[("page.md", "")] if markdown else [])
    fast = registry.check_entry(entry)
    saved = registry.SPAN_CHECKS
    registry.SPAN_CHECKS = frozenset()
    try:
        assert fast == registry.check_entry(entry)
    finally:
        registry.SPAN_CHECKS = saved


@pytest.mark.parametrize("text", ["the the the", "(the the the.", "Das das das", "ja\u00a0ja\nja!", "é é é",
                                  "x the\tthe  the", "the the", "the the theme", "the the, the"])
def test_the_repeated_word_hint_finds_every_repetition(text: str) -> None:
    from l10n.checks.style import _REPEATED_HINT_RE, _REPEATED_RE

    assert _REPEATED_HINT_RE.search(text) or not _REPEATED_RE.search(text)
