"""The exported page as the review UI shows it: the preview's pieces and the download."""

from __future__ import annotations

from typing import Any

from l10n.config import SourcePage
from l10n.export import localised_text, translations
from l10n.formats import PLACEHOLDER_RE, Page

from .snapshots import Catalogues, NotFound, Snapshot


def preview(store: Catalogues, lang: str, domain: str) -> dict[str, Any]:
    """The exported page as pieces for the browser to build with text nodes (never as HTML).

    Plain text keeps its literal pieces (line breaks, bullets, separators) for a <pre>-like
    view; Markdown and HTML keep only the segments with their block number and kind, so no
    markup from the page reaches the browser.
    """
    snap, page, parsed, done = page_with_translations(store, lang, domain)
    by_msgid = {v.data["msgid"]: v for v in snap.views if v.data["msgctxt"] is None}
    suffix = page.path.suffix.lower()
    layout = "pre" if suffix == ".txt" else "blocks"
    pieces: list[dict[str, Any]] = []
    for piece in parsed.pieces:
        if isinstance(piece, str):
            if layout == "pre":
                pieces.append({"text": piece})
            continue
        view = by_msgid.get(piece.text)
        translation = done.get(piece.text)
        if layout == "pre":
            shown = piece.source if translation is None else piece.restore(translation)
        else:  # placeholders of inline markup are not shown, and the markup is never restored
            # msgids are text already (the HTML format decodes references): shown as they are
            shown = PLACEHOLDER_RE.sub("", piece.text if translation is None else translation)
        pieces.append({"text": shown, "id": view.id if view else None,
                       "state": view.data["state"] if view else "missing",
                       "block": piece.block, "kind": piece.kind, "line": piece.line})
    return {"language": lang, "domain": domain, "format": suffix.lstrip("."),
            "layout": layout, "pieces": pieces}


def exported_page(store: Catalogues, lang: str, domain: str) -> tuple[str, str]:
    """(file name, text) of the page as `l10n export` would write it now: the target language
    declared, and refused (`StructureError`) where export would refuse it."""
    snap, page, parsed, done = page_with_translations(store, lang, domain)
    with store.po_lock(snap.path):
        return page.relative.name, localised_text(store.project, page, parsed, done, lang, snap.path, snap.po)


def page_with_translations(store: Catalogues, lang: str, domain: str
                           ) -> tuple[Snapshot, SourcePage, Page, dict[str, str]]:
    """(catalogue snapshot, source page, parsed page, msgid -> done translation) for one catalogue."""
    snap = store.snapshot(lang, domain)
    page = store.source_page(domain)
    parsed = store.source(domain).page
    if page is None or parsed is None:
        raise NotFound(f"no readable source page for {domain}")
    with store.po_lock(snap.path):
        done = translations(snap.po)
    return snap, page, parsed, done
