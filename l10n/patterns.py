"""Non-translatable spans of a sentence: markup placeholders, URLs, email addresses,
format placeholders, phone numbers, dates and numbers.

One definition for the two steps that need it: pretranslation protects these
spans from the machine translator, and the checks report a translation that
lost one. `find_spans` returns them non-overlapping, earlier kinds first
(a URL that contains digits is one URL, not a URL and numbers).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Kind -> pattern, in priority order.
PATTERNS: dict[str, re.Pattern[str]] = {
    # the inline-markup placeholders of the source formats: <1>, </1>, <2/>
    "markup": re.compile(r"</?\d+/?>"),
    # raw inline tags kept in a segment (Markdown with HTML, hand-written msgids)
    "tag": re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"),
    "url": re.compile(r"""(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>"]*[^\s<>".,;:!?'’”»)\]]""", re.IGNORECASE),
    "email": re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    # printf (C and Python %-style, with optional %(name)s), not a literal "%%" or "50 %"
    "printf": re.compile(r"%(?:\([\w.-]+\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?"
                         r"[diouxXeEfFgGcrsa]"),
    # str.format / ICU-like braces: {0}, {name}, {name!r:>10}
    "brace": re.compile(r"\{[A-Za-z_0-9][\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}"),
    # international phone numbers: +32 492 25 02 34, +49 (0)30 1234-56
    "phone": re.compile(r"\+\d{1,3}(?:[ .\-/]?\(?\d{1,5}\)?){2,}"),
    # numeric dates: 2024-04-30, 30.04.2024, 30/04/2024
    # (written to start with \d, the boundary checked behind it: a pattern that starts with a character class
    # lets the regex engine skip to the next digit; one that starts with \b or a lookbehind tries every position.
    # The same matches as r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b" in half the time.)
    "date": re.compile(r"\d(?<!\w\d)(?:\d{3}-\d{2}-\d{2}|\d?[./]\d{1,2}[./]\d{2,4})\b"),
    # numbers, with thousands separators and decimals in either convention; not the code of a character
    # reference (`&#39;`, `&#8212;` are characters; `&#x2014;` and `&frac12;` are excluded by the \w before)
    # (starting with \d as the date: r"(?<![\w.,])(?<!&#)\d+(?:[.,\u00a0\u202f]\d+)*(?![\w])")
    "number": re.compile(r"\d(?<![\w.,]\d)(?<!&#\d)\d*(?:[.,\u00a0\u202f]\d+)*(?![\w])"),
}

PROTECTED_KINDS = tuple(PATTERNS)


class Span(NamedTuple):
    """One span: its kind (a key of PATTERNS), where it is in the text (start, end), and its text."""

    kind: str
    start: int
    end: int
    text: str


def find_spans(text: str, kinds: tuple[str, ...] = PROTECTED_KINDS) -> list[Span]:
    """Non-overlapping non-translatable spans of `text`, in text order."""
    taken: list[Span] = []
    for kind in kinds:
        for match in PATTERNS[kind].finditer(text):
            start, end = match.span()
            if start == end:
                continue
            for span in taken:  # (a loop, not any(): no generator made for every match)
                if start < span.end and span.start < end:
                    break
            else:
                taken.append(Span(kind, start, end, match.group(0)))
    if len(taken) > 1:
        taken.sort(key=_start)
    return taken


def _start(span: Span) -> int:
    return span.start


def number_key(text: str) -> str:
    """The digits of a number or phone number: `1,000.5` and `1.000,5` compare equal (German style)."""
    return re.sub(r"\D", "", text)


def span_key(span: Span) -> str:
    """What must survive translation of a span: digits for numbers, exact text for the rest."""
    return number_key(span.text) if span.kind in ("number", "phone", "date") else span.text
