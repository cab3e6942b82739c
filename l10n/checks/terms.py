"""The project glossary (`glossary`): preferred German terms, and terms kept as they are."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..glossary import Term, missing_terms
from .base import Add, Pair

# (glossary, the lowercased first words of its terms, one alternation of them), for the glossary last seen
_first_words: tuple[Sequence[Term], tuple[str, ...], re.Pattern[str] | None] = ((), (), None)
_FEW_WORDS = 24  # up to this many, a substring test per word beats the alternation (C-level searches)


def check_terms(pair: Pair, add: Add) -> None:
    """A glossary term of the source not translated as the glossary says (a warning)."""
    if not pair.glossary or not _may_hold_a_term(pair.source, pair.glossary):
        return
    for term in dict.fromkeys(missing_terms(pair.source, pair.translation, pair.glossary)):
        if term.keep:
            add("glossary", f"{pair.label}{term.source!r} must stay as it is (do not translate)")
        else:
            add("glossary", f"{pair.label}{term.source!r} should be translated as {term.target!r}")


def _may_hold_a_term(source: str, glossary: Sequence[Term]) -> bool:
    """Whether the first word of some term occurs in `source` (in any case): most sentences hold none, and
    this substring search (one alternation of literal words) is far cheaper than `missing_terms`'."""
    global _first_words
    cached = _first_words  # one read: another thread (the web UI) may swap in its own glossary meanwhile
    if cached[0] is not glossary:  # one glossary per language, so this is computed once per run
        words = tuple(sorted({term.source.split()[0].lower() for term in glossary}))
        cached = _first_words = (glossary, words, re.compile("|".join(map(re.escape, words))))
    lowered = source.lower()
    words = cached[1]
    if len(words) > _FEW_WORDS:
        return cached[2].search(lowered) is not None  # type: ignore[union-attr]
    for word in words:
        if word in lowered:
            return True
    return False
