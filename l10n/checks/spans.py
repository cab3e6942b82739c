"""The non-translatable spans of a text (`patterns.find_spans`), found fast: what every entry check starts from."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..patterns import Span, find_spans

# A character each kind of span in patterns.PATTERNS cannot match without. find_spans runs one regular
# expression per kind; asking only for the kinds a text can hold gives the same spans (a kind that cannot
# match takes nothing from the others) in a fraction of the time. tests/test_checks.py compares the two.
_DIGIT_RE = re.compile(r"\d")
KIND_HINTS: dict[str, Callable[[str], bool]] = {
    "markup": lambda text: "<" in text,
    "tag": lambda text: "<" in text,
    "url": lambda text: "://" in text or "www." in text.lower(),
    "email": lambda text: "@" in text,
    "printf": lambda text: "%" in text,
    "brace": lambda text: "{" in text,
    "phone": lambda text: "+" in text,
    "date": lambda text: _DIGIT_RE.search(text) is not None,
    "number": lambda text: _DIGIT_RE.search(text) is not None,
}


# A character some span needs (":" of "://"): most sentences have none, and are done with one search of a
# character class (an alternation with "://" would cost four times as much).
_ANY_HINT_RE = re.compile(r"[<@%{+\d:]")


def spans(text: str) -> list[Span]:
    """`patterns.find_spans(text)`, faster."""
    if _ANY_HINT_RE.search(text) is None and not may_hold_www(text):
        return []
    kinds = _kinds(text)
    return find_spans(text, kinds) if kinds else []


def may_hold_www(text: str) -> bool:
    """Whether `text` may hold "www." in any case (the url pattern ignores case): four substring tests, cheaper
    than lowering every text."""
    return "ww." in text or "WW." in text or "Ww." in text or "wW." in text


def _kinds(text: str) -> tuple[str, ...]:
    """The kinds whose `KIND_HINTS` hold for `text`, in `patterns.PATTERNS` order (inlined: this runs for a
    third of all texts, and the tests compare it with the table)."""
    kinds: tuple[str, ...] = ("markup", "tag") if "<" in text else ()
    if "://" in text or "www." in text.lower():
        kinds += ("url",)
    if "@" in text:
        kinds += ("email",)
    if "%" in text:
        kinds += ("printf",)
    if "{" in text:
        kinds += ("brace",)
    if "+" in text:
        kinds += ("phone",)
    if _DIGIT_RE.search(text) is not None:
        kinds += ("date", "number")
    return kinds
