"""Consistency (`consistency`): the same source translated differently in another catalogue of the language.

The index keeps, per source text, only what the warning shows: a digest of
each distinct done translation, its first characters, and the catalogues that
use it (two names and a count). It never holds a parsed catalogue, so
`l10n check` can stream any number of catalogues through it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..states import State, has_translation, state_of
from .base import Problem, make_problem, short_text

if TYPE_CHECKING:
    import polib

_SHOWN_NAMES = 2


class _Variant:
    """One distinct translation of a source text: its digest, as shown, and where it is used."""

    __slots__ = ("digest", "shown", "names", "count")

    def __init__(self, digest: int, shown: str, name: str) -> None:
        self.digest, self.shown, self.names, self.count = digest, shown, [name], 1


class ConsistencyIndex:
    """The done translations of each source text over catalogues of one language.

    `add(name, po)` (or `add_entry`) records done entries; `problems_for(entry,
    name)` finds another catalogue that translates the same (msgctxt, msgid)
    differently. The web UI can fill one index per language first; `l10n check`
    fills it while streaming, so each difference is reported once, at the
    catalogue checked later.
    """

    def __init__(self) -> None:
        self._by_key: dict[int, list[_Variant]] = {}

    def add(self, name: str, po: polib.POFile) -> None:
        """Every done entry of the catalogue `name`."""
        for entry in po:
            self.add_entry(name, entry)

    def add_entry(self, name: str, entry: polib.POEntry, state: State | None = None) -> None:
        """One entry of the catalogue `name` (`state`: its State, if known); only live, done entries count."""
        self.check_and_add(name, entry, state, report=False)

    def problems_for(self, entry: polib.POEntry, name: str, state: State | None = None) -> list[Problem]:
        """A warning when another catalogue translates the entry's source differently (none if untranslated)."""
        return self.check_and_add(name, entry, state, add=False)

    def check_and_add(self, name: str, entry: polib.POEntry, state: State | None = None, *, add: bool = True,
                      report: bool = True) -> list[Problem]:
        """`problems_for` and then `add_entry`, computing the entry's digests once (what `l10n check` calls)."""
        if entry.obsolete or not entry.msgid or not has_translation(entry):
            return []
        state = state or state_of(entry)
        text = _translation(entry)
        digest = hash(text)
        key = hash((entry.msgctxt, entry.msgid))
        variants = self._by_key.get(key)
        problems = []
        if report and variants:
            others = [variant for variant in variants if variant.digest != digest
                      and (variant.count > 1 or variant.names[0] != name)]
            if others:
                variant = max(others, key=lambda item: item.count)
                shown = [Path(other).name for other in variant.names if other != name][:_SHOWN_NAMES]
                where = ", ".join(shown) + (" …" if variant.count > len(shown) else "")
                problems.append(make_problem("consistency", entry, f'translated as "{variant.shown}" in {where}',
                                             state))
        if add and state.done:
            if variants is None:
                variants = self._by_key[key] = []
            for variant in variants:
                if variant.digest == digest:
                    if len(variant.names) < _SHOWN_NAMES and name not in variant.names:
                        variant.names.append(name)
                    variant.count += 1
                    break
            else:
                variants.append(_Variant(digest, short_text(text.split("\x00")[0]), name))
        return problems


def _translation(entry: polib.POEntry) -> str:
    """The msgstr, or the plural forms in order joined by NUL."""
    if entry.msgid_plural:
        return "\x00".join(text for _, text in sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
    return entry.msgstr
