"""Plural entries: the number of forms (`plural-forms`), and which source and rule each form is checked by.

msgfmt -c (GNU gettext 0.21, `format.c` and `msgl-check.c`) compares every
`msgstr[j]` with msgid_plural. It is strict (the same directives) for a form
the Plural-Forms expression yields at least 5 times for n in 0..1000 — a form
for "infinitely many" numbers — and relaxed (directives may be left out, never
added) for the others: German and English form 0 (n = 1), French form 0
(n = 0 and 1), Arabic forms 0, 1, 2. Russian and Polish form 0 serve 21, 31 …
(or, for Polish, only 1 — relaxed), Japanese' single form serves every n.
Strict as well when an entry has only `msgstr[0]`; relaxed for every form when
the header is invalid (msgfmt has no distribution then, and fails the
catalogue anyway). Without a Plural-Forms header msgfmt assumes `n != 1`. A
`range: a..b` flag makes a form that serves at most one n in the range relaxed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..formatstrings import GERMANIC, PluralRule, plural_rule
from .base import Add

if TYPE_CHECKING:
    import polib

_RANGE_RE = re.compile(r"^range:\s*(\d+)\s*\.\.\s*(\d+)$")


@dataclass(slots=True)
class Form:
    """One translation of an entry: its label, text, the sources to compare it with, and msgfmt's strictness."""

    label: str  # "" for a singular entry, "msgstr[1]: " for a plural form
    text: str
    source: str  # the text the form's meaning follows: msgid for the form of n = 1, else msgid_plural
    format_source: str  # what msgfmt compares its format directives with
    relaxed: bool  # may leave out placeholders, numbers and URLs


def forms(entry: polib.POEntry, rule: PluralRule | None) -> Iterator[Form]:
    """The non-empty translations of `entry` (`rule`: the catalogue's parsed Plural-Forms, None without one)."""
    if not entry.msgid_plural:
        if entry.msgstr:
            yield Form("", entry.msgstr, entry.msgid, entry.msgid, False)
        return
    texts = sorted((int(index), text) for index, text in (entry.msgstr_plural or {}).items())
    distribution = rule if rule is not None else plural_rule(GERMANIC)
    valid = distribution is not None and distribution.error is None
    span = _range(entry.flags)
    for index, text in texts:
        if not text:
            continue
        if len(texts) < 2:
            relaxed = False  # only msgstr[0]: msgfmt checks it strictly
        elif not valid:
            relaxed = True
        else:
            relaxed = index not in distribution.often or (
                span is not None and distribution.uses(index, *span) <= 1)
        one = distribution.one if valid else 0
        source = entry.msgid if relaxed and index == one else entry.msgid_plural
        yield Form(f"msgstr[{index}]: ", text, source, entry.msgid_plural, relaxed)


def check_plural_forms(entry: polib.POEntry, nplurals: int | None, translated: bool, add: Add) -> None:
    """As many forms as the header says; no empty form in a translated entry."""
    if not entry.msgid_plural:
        return
    texts = sorted((int(index), text) for index, text in (entry.msgstr_plural or {}).items())
    if nplurals is not None and len(texts) != nplurals:
        add("plural-forms", f"{len(texts)} plural forms, but the Plural-Forms header says nplurals={nplurals}")
    empty = [f"msgstr[{index}]" for index, text in texts if not text]
    if empty and translated:
        add("plural-forms", f"{', '.join(empty)} empty: that form would show an empty text")
    msgid, plural = entry.msgid, entry.msgid_plural
    for where, index in (("begin", 0), ("end", -1)):
        if translated and (msgid[index:][:1] == "\n") != (plural[index:][:1] == "\n"):
            # msgfmt -c fails a translated entry whose sources disagree here (a fault of the template)
            add("newlines", f"msgid and msgid_plural do not both {where} with a line break")


def _range(flags: list[str]) -> tuple[int, int] | None:
    """The `range: a..b` flag of an entry (the values its n takes), if any."""
    for flag in flags:
        match = _RANGE_RE.match(flag.strip())
        if match:
            return int(match.group(1)), int(match.group(2))
    return None
