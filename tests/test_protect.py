"""Protection of non-translatable spans, with deterministic fake translators standing in for the model."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from l10n.glossary import Term
from l10n.patterns import find_spans
from l10n.protect import TOKEN_RE, protect, restore, token

SEED = "Brussels: Ryan Schroeder, rschroeder@iom.int, +32 492 25 02 34"
MIXED = "Read the <1>annual report</1> of IOM at https://www.iom.int/news on 30 April, {count} items, 50%."
KEEP = [Term("IOM", ""), Term("United Nations", "")]


def identity(text: str) -> str:
    return text


def reverse_words(text: str) -> str:
    return " ".join(reversed(text.split(" ")))


def drop_token(number: int) -> Callable[[str], str]:
    return lambda text: re.sub(rf"\s*\b{token(number)}\b", "", text)


def mangle_token(number: int, into: str) -> Callable[[str], str]:
    return lambda text: re.sub(rf"\b{token(number)}\b", into, text)


def round_trip(text: str, model: Callable[[str], str], keep: list[Term] = KEEP):
    protected = protect(text, keep)
    return protected, restore(model(protected.text), protected)


@pytest.mark.parametrize("text", [SEED, MIXED, "No spans at all.", "", "%(name)s has %d new <b>messages</b>"])
def test_identity_model_gives_the_source_back(text: str) -> None:
    protected, restored = round_trip(text, identity)
    assert restored.text == text
    assert restored.lost == ()


def test_every_span_and_keep_term_becomes_a_token() -> None:
    protected = protect(MIXED, KEEP)
    assert protected.text == "Read the ZX1 annual report ZX2 of ZX3 at ZX4 on ZX5 April, ZX6 items, ZX7%."
    assert [span.kind for span in protected.spans] == ["markup", "markup", "term", "url", "number", "brace",
                                                       "number"]
    # nothing the model could translate survives in the protected text
    assert "iom" not in protected.text.lower() and not find_spans(protected.text, ("url", "email", "markup"))


def test_glued_spans_get_spaces_for_the_model_and_lose_them_again() -> None:
    protected, restored = round_trip("Read the <1>report</1>.", lambda text: text.replace("report", "Bericht"))
    assert protected.text == "Read the ZX1 report ZX2."
    assert restored.text == "Read the <1>Bericht</1>."


def test_reordered_tokens_are_restored_where_the_model_put_them() -> None:
    protected, restored = round_trip(SEED, reverse_words)
    assert restored.lost == ()
    assert restored.text == "+32 492 25 02 34 rschroeder@iom.int, Schroeder, Ryan Brussels:"


def test_dropped_token_keeps_the_translation_and_reports_the_span() -> None:
    protected, restored = round_trip(SEED, drop_token(2))
    assert restored.text == "Brussels: Ryan Schroeder, rschroeder@iom.int,"
    assert [span.text for span in restored.lost] == ["+32 492 25 02 34"]


@pytest.mark.parametrize("mangled, restorable", [
    ("zx1", True), ("ZX 1", True), ("Zx1-Adresse", True),  # what models do to codes, still recognised
    ("ZX9", False), ("XZ1", False), ("Z.X.1", False),  # beyond recognition
])
def test_mangled_token(mangled: str, restorable: bool) -> None:
    text = "Write to rschroeder@iom.int today."
    protected, restored = round_trip(text, mangle_token(1, mangled))
    if restorable:
        assert "rschroeder@iom.int" in restored.text and restored.lost == ()
    else:
        assert "rschroeder@iom.int" not in restored.text
        assert [span.text for span in restored.lost] == ["rschroeder@iom.int"]
    if restorable:
        assert not TOKEN_RE.search(restored.text)


def test_duplicated_token_restores_the_span_twice() -> None:
    protected, restored = round_trip("Call +32 492 25 02 34 now.", lambda text: f"{text} ({token(1)})")
    assert restored.text == "Call +32 492 25 02 34 now. (+32 492 25 02 34)"


def test_keep_terms_are_protected_but_not_inside_other_spans() -> None:
    protected = protect("The IOM (rschroeder@iom.int) and the United Nations.", KEEP)
    assert [(span.kind, span.text) for span in protected.spans] == [
        ("term", "IOM"), ("email", "rschroeder@iom.int"), ("term", "United Nations")]


def test_source_text_that_looks_like_a_token_round_trips() -> None:
    text = "The ZX1 engine has 2 modes."
    protected, restored = round_trip(text, identity)
    assert [span.text for span in protected.spans] == ["ZX1", "2"]
    assert restored.text == text


def test_only_tokens_means_nothing_to_translate() -> None:
    assert protect("rschroeder@iom.int").only_tokens
    assert protect("+32 492 25 02 34 / 30.04.2024").only_tokens
    assert protect("IOM", KEEP).only_tokens
    assert not protect("Call +32 492 25 02 34").only_tokens
