"""A persistent cache of machine translations, so the model is never asked twice.

Keyed by (source text, model name, model version, beam size): an entry reset to
untranslated, a page that repeats another's sentence, or a second run is filled
from here without loading the model. One SQLite file per target language in the
project, `.l10n-cache/mt-<lang>.sqlite` (gitignored; delete it to start over).
SQLite makes concurrent runs safe and a crash harmless (a transaction is all or
nothing).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError

CACHE_DIR = ".l10n-cache"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS mt (
    source TEXT NOT NULL,
    model TEXT NOT NULL,
    version TEXT NOT NULL,
    beam INTEGER NOT NULL,
    target TEXT NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY (source, model, version, beam)
)
"""


def cache_path(root: Path, lang: str) -> Path:
    return Path(root) / CACHE_DIR / f"mt-{lang}.sqlite"


class MTCache:
    """(source, model, version, beam) -> (translation, confidence) for one language."""

    def __init__(self, path: Path, model: str, version: str, beam: int) -> None:
        self.path = Path(path)
        self.key = (model, version, beam)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=30.0)
            self.db.execute(_SCHEMA)
        except sqlite3.DatabaseError as error:
            raise InputError(f"unusable translation cache ({error}); delete it to start over", self.path) from None

    def get_many(self, sources: Iterable[str]) -> dict[str, tuple[str, float]]:
        """The cached translations of those `sources` that have one."""
        found: dict[str, tuple[str, float]] = {}
        query = "SELECT target, confidence FROM mt WHERE source = ? AND model = ? AND version = ? AND beam = ?"
        for source in dict.fromkeys(sources):
            row = self.db.execute(query, (source, *self.key)).fetchone()
            if row is not None:
                found[source] = (row[0], float(row[1]))
        return found

    def put_many(self, items: Iterable[tuple[str, str, float]]) -> None:
        """Store (source, translation, confidence) rows in one transaction."""
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO mt VALUES (?, ?, ?, ?, ?, ?)",
                                [(source, *self.key, target, confidence) for source, target, confidence in items])

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
