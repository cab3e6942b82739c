"""Translation-memory suggestions for the editor, from the cached catalogues of a language."""

from __future__ import annotations

import time
from typing import Any

from l10n.memory import TranslationMemory

from .snapshots import Catalogues

MEMORY_MAX_AGE_SECONDS = 10.0  # the translation memory may lag this much behind the catalogues


class Suggestions:
    """One translation memory per language, rebuilt when a catalogue changed (at most every few seconds)."""

    def __init__(self, catalogues: Catalogues) -> None:
        self.catalogues = catalogues
        self._memories: dict[str, tuple[float, tuple, TranslationMemory]] = {}

    def memory(self, lang: str) -> TranslationMemory:
        """The translation memory of `lang`, built from the cached catalogues (may lag a few seconds)."""
        store = self.catalogues
        snaps = [store.snapshot(lang, domain) for domain, _ in store.project.catalogues(lang)]
        key = tuple((snap.domain, snap.stamp) for snap in snaps)
        cached = self._memories.get(lang)
        if cached is not None and (cached[1] == key or time.monotonic() - cached[0] < MEMORY_MAX_AGE_SECONDS):
            return cached[2]
        memory = TranslationMemory()
        for snap in snaps:
            with store.po_lock(snap.path):
                memory.add_catalogue(snap.domain, snap.po)
        self._memories[lang] = (time.monotonic(), key, memory)
        return memory

    def for_entry(self, lang: str, domain: str, ident: str, limit: int = 3) -> list[dict[str, Any]]:
        """Exact and near translation-memory matches for an entry (not the entry's own translation)."""
        view = self.catalogues.entry(lang, domain, ident)
        msgid = view.data["msgid"]
        matches = self.memory(lang).near(msgid, limit=limit + 1, threshold=0.7)
        found = [m for m in matches if not (m.domain == domain and m.source == msgid)][:limit]
        return [{"source": m.source, "target": m.target, "score": m.score, "domain": m.domain,
                 "exact": m.source == msgid} for m in found]
