"""The project glossary (`glossary`): preferred German terms, and terms kept as they are."""

from __future__ import annotations

from ..glossary import missing_terms
from .base import Add, Pair


def check_terms(pair: Pair, add: Add) -> None:
    """A glossary term of the source not translated as the glossary says (a warning)."""
    if not pair.glossary:
        return
    for term in dict.fromkeys(missing_terms(pair.source, pair.translation, pair.glossary)):
        if term.keep:
            add("glossary", f"{pair.label}{term.source!r} must stay as it is (do not translate)")
        else:
            add("glossary", f"{pair.label}{term.source!r} should be translated as {term.target!r}")
