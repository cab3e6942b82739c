"""Consistency (`consistency`): the same source translated differently in another catalogue of the language.

The index keeps, per source text, one integer: a digest of the first done
translation seen, with the number of the catalogue it came from; a second
distinct translation turns it into a small list. It never holds a parsed
catalogue or a text, so `l10n check` can stream any number of catalogues
through it: on 184,000 distinct source texts it takes about 25 MiB, where
keeping the texts took 94 MiB (bench/bench_check.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..states import State, state_of
from .base import Problem, make_problem

if TYPE_CHECKING:
    import polib

_NAME_BITS = 20  # up to a million catalogues per language; a digest keeps the other 44 bits of the text's hash
_NAME_MASK = (1 << _NAME_BITS) - 1


class ConsistencyIndex:
    """The done translations of each source text over catalogues of one language.

    `add(name, po)` (or `add_entry`) records done entries; `problems_for(entry,
    name)` finds another catalogue that translates the same (msgctxt, msgid)
    differently; `check_and_add` does both at once. The web UI can fill one
    index per language first; `l10n check` fills it while streaming, so each
    difference is reported once, at the catalogue checked later.
    """

    def __init__(self) -> None:
        self._by_key: dict[int, int | list[int]] = {}  # hash of (msgctxt, msgid) -> variant(s)
        self._names: list[str] = []  # catalogue number -> name
        self._numbers: dict[str, int] = {}

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
        """`problems_for` and then `add_entry`, computing the entry's digests once (`l10n check` calls
        `check_and_add_digests` with digests a worker process computed)."""
        if entry.obsolete or not entry.msgid:
            return []
        state = state or state_of(entry)
        if state is State.UNTRANSLATED:  # (what `has_translation` says, already known)
            return []
        key, digest = digests(entry)
        others = self.check_and_add_digests(name, key, digest, state.done, add=add, report=report)
        return [self.problem(entry, state, others)] if others else []

    def check_and_add_digests(self, name: str, key: int, digest: int, done: bool, *, add: bool = True,
                              report: bool = True) -> list[str]:
        """`check_and_add` for a translated entry given by its `digests` (and whether it is done): the
        names of the other catalogues that translate its source differently (when `report`)."""
        number = self._numbers.get(name)
        if number is None:
            number = self._numbers[name] = len(self._names)
            self._names.append(name)
        found = self._by_key.get(key)
        if found is None:  # the usual case: a source text not seen in another catalogue
            if add and done:
                self._by_key[key] = digest | (number & _NAME_MASK)
            return []
        variants = [found] if isinstance(found, int) else found
        others: list[str] = []
        if report:
            others = [self._names[variant & _NAME_MASK] for variant in variants
                      if variant & ~_NAME_MASK != digest and variant & _NAME_MASK != number]
        if add and done and not any(variant & ~_NAME_MASK == digest for variant in variants):
            variant = digest | (number & _NAME_MASK)
            self._by_key[key] = [*variants, variant]
        return others

    @staticmethod
    def problem(entry: polib.POEntry, state: State, others: list[str]) -> Problem:
        """The warning for an entry that the catalogues `others` translate differently."""
        where = ", ".join(Path(other).name for other in others[:2])
        return make_problem("consistency", entry, f"translated differently in {where}"
                            + (" …" if len(others) > 2 else ""), state)


def digests(entry: polib.POEntry) -> tuple[int, int]:
    """(key, digest) of a translated entry, as the index keeps them: hashes of its (msgctxt, msgid) and of its
    translation (the same in this process and in the processes it forks, which share its hash seed)."""
    return (hash((entry.msgctxt, entry.msgid)),
            hash(_translation(entry) if entry.msgid_plural else entry.msgstr) & ~_NAME_MASK)


def _translation(entry: polib.POEntry) -> str:
    """The msgstr, or the plural forms in order joined by NUL."""
    if entry.msgid_plural:
        return "\x00".join(text for _, text in sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
    return entry.msgstr
