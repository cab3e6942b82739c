"""Translation memory: the finished translations of every catalogue of a language.

Only entries that count as done (translated or approved: not fuzzy, not empty)
are remembered, so a machine translation never feeds the memory. Used by
pretranslation (exact matches are reused before the model is asked) and by the
web UI (near matches shown beside the editor).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polib

from .catalog import live_entries, read_catalogue
from .config import Project
from .similarity import WordIndex
from .states import State, state_of

NEAR_CANDIDATES = 30  # the memory is bigger than an update's leftovers: compare a few more


@dataclass
class MemoryMatch:
    source: str
    target: str
    score: float  # 1.0 for an exact match, else difflib's similarity of the sources
    domain: str  # the catalogue it comes from


class TranslationMemory:
    """Done translations by source text; exact lookups and near (fuzzy) matches."""

    def __init__(self) -> None:
        self._exact: dict[str, tuple[str, str, bool]] = {}  # source -> (target, domain, approved)
        self._index: WordIndex[str] = WordIndex()

    @classmethod
    def from_project(cls, project: Project, lang: str) -> TranslationMemory:
        """The done entries of all catalogues of `lang` in `project`."""
        return cls.from_catalogues((domain, read_catalogue(path)) for domain, path in project.catalogues(lang))

    @classmethod
    def from_catalogues(cls, catalogues: Iterable[tuple[str, polib.POFile]]) -> TranslationMemory:
        memory = cls()
        for domain, po in catalogues:
            memory.add_catalogue(domain, po)
        return memory

    def __len__(self) -> int:
        return len(self._exact)

    def add_catalogue(self, domain: str, po: polib.POFile) -> None:
        for entry in live_entries(po):
            self.add(entry, domain)

    def add(self, entry: polib.POEntry, domain: str) -> None:
        """Remember `entry` if it is done; an approved translation wins over a merely translated one."""
        if entry.msgid_plural:  # one target per source: plural forms do not fit
            return
        state = state_of(entry)
        if not state.done:
            return
        approved = state is State.APPROVED
        known = self._exact.get(entry.msgid)
        if known is not None and (known[2] or not approved):
            return  # the first one seen wins (catalogues come sorted by domain) unless this one is approved
        self._exact[entry.msgid] = (entry.msgstr, domain, approved)
        if known is None:
            # The index holds each source string once; the string itself is the item (no copy).
            self._index.add(entry.msgid, entry.msgid)

    def exact(self, source: str) -> MemoryMatch | None:
        found = self._exact.get(source)
        return MemoryMatch(source, found[0], 1.0, found[1]) if found else None

    def near(self, source: str, limit: int = 3, threshold: float = 0.7) -> list[MemoryMatch]:
        """Up to `limit` remembered translations of sources similar to `source`, best first.

        An exact match, if any, comes first with score 1.0.
        """
        matches = self._index.similar(source, threshold=threshold, limit=limit, max_candidates=NEAR_CANDIDATES)
        exact = self.exact(source)
        result = [exact] if exact and limit > 0 else []  # also when it has no words for the index to find
        for score, text in matches:
            if text != source:
                target, domain, _ = self._exact[text]
                result.append(MemoryMatch(text, target, round(score, 4), domain))
        return result[:limit]
