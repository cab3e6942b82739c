"""The catalogues as the web UI sees them: one object for the request handlers, built from four parts.

    review = Review(project)
    review.snapshot(lang, domain)          # reading: cached immutable views (webui.snapshots)
    review.apply(lang, domain, edit)       # writing: checked edits in group commits (webui.edits)
    review.suggestions(lang, domain, id)   # translation memory (webui.suggestions)
    review.preview(lang, domain)           # the exported page (webui.preview)

Nothing here parses PO files, decides states or checks translations: that is
`l10n.catalog`, `l10n.states` and `l10n.checks`.
"""

from __future__ import annotations

from typing import Any

from l10n.config import Project
from l10n.memory import TranslationMemory

from . import preview as pages
from .edits import Edit, EditError, GroupCommit, Unconfirmed, validate_msgstr
from .snapshots import Catalogues, EntryView, NotFound, Snapshot
from .suggestions import Suggestions

__all__ = ["Edit", "EditError", "EntryView", "NotFound", "Review", "Snapshot", "Unconfirmed", "validate_msgstr"]


class Review(Catalogues):
    """The project's catalogues for the web UI: lookup, cached views, edits, preview, suggestions."""

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self._commits = GroupCommit(self)
        self._suggestions = Suggestions(self)

    def apply(self, lang: str, domain: str, edit: Edit) -> Edit:
        """Apply `edit` in the catalogue's next write and wait for it; the outcome is on the edit."""
        return self._commits.apply(lang, domain, edit)

    def memory(self, lang: str) -> TranslationMemory:
        return self._suggestions.memory(lang)

    def suggestions(self, lang: str, domain: str, ident: str, limit: int = 3) -> list[dict[str, Any]]:
        """Exact and near translation-memory matches for an entry (not the entry's own translation)."""
        return self._suggestions.for_entry(lang, domain, ident, limit)

    def preview(self, lang: str, domain: str) -> dict[str, Any]:
        """The exported page as pieces for the browser to build with text nodes (never as HTML)."""
        return pages.preview(self, lang, domain)

    def exported_page(self, lang: str, domain: str) -> tuple[str, str]:
        """(file name, text) of the page as `l10n export` would write it now."""
        return pages.exported_page(self, lang, domain)
