"""The rendered preview of an HTML page: the page as `l10n export` writes it, each segment marked by state.

The page comes from the library (`formats` parse + `Page.render`'s loop with the catalogue's done
translations, restored with `Segment.restore`, which escapes the translated text), so the preview
is the exported page, plus one marker element around each segment that lands in element text:

- a link `<a class="l10n-seg s-STATE" id="l10n-ID" href="…/catalogues/L/D#entry-ID" target="_top">` — the
  frame runs no script, so a click is a plain top-level navigation to the editor's anchor for that
  entry (the sandbox allows it with `allow-top-navigation-by-user-activation`); the editor is at
  that URL already, so only its fragment changes and the editor opens the entry;
- nothing where the segment is not element text: in an attribute value (`alt`, `title`, meta
  description), in `<title>`, `<option>`, `<textarea>` and other elements whose content is text
  or not shown — a marker there would be shown as text or break the markup.

A page's own link inside a sentence becomes a `<span>` in the preview (a link cannot hold a link),
and the page's other links are inert (`pointer-events: none`). The route serving this sets a CSP of
its own (no script, no network: `default-src 'none'`); the editor shows it in `<iframe sandbox>`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from html.parser import HTMLParser

from l10n.formats import Page, Segment

# The preview's own policy: inline styles of the page and of the markers, images only inline (data:),
# nothing else — the page's scripts, stylesheets, fonts, frames and remote images are never fetched.
# `sandbox` keeps the page sandboxed (no script, an origin of its own) even when opened outside the frame.
RENDERED_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
                "form-action 'none'; frame-ancestors 'self'; sandbox allow-top-navigation-by-user-activation")
# Elements whose content is text, hidden, or not free markup: a segment inside one gets no marker.
NO_MARKER_INSIDE = frozenset("""
    head title textarea script style select option optgroup datalist xmp iframe noembed noframes
    plaintext template svg math
""".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
STATE_LABELS = {
    "untranslated": "untranslated (English shown)",
    "machine": "machine translation, not reviewed (English shown)",
    "needs-work": "needs work (English shown)",
    "translated": "translated",
    "approved": "approved",
    "missing": "not in the catalogue (run l10n update)",
}
_LINK_OPEN_RE = re.compile(r"<a(?=[\s/>])", re.IGNORECASE)
_LINK_CLOSE_RE = re.compile(r"</a\s*>", re.IGNORECASE)

# Markers are outlined by state with a different line style each (not colour alone), as in the legend.
MARKER_STYLE = """
<style>
.l10n-seg { color: inherit; text-decoration: inherit; outline-offset: 1px; border-radius: 2px;
  pointer-events: auto; cursor: pointer; }
.l10n-seg.s-untranslated { outline: 2px dotted #6b6b6b !important; }
.l10n-seg.s-machine { outline: 2px dashed #a3620a !important; background: rgba(253, 241, 221, .6); }
.l10n-seg.s-needs-work { outline: 3px double #b52a24 !important; background: rgba(251, 227, 226, .6); }
.l10n-seg.s-translated { outline: 1px solid #1f5fa8 !important; }
.l10n-seg.s-approved { outline: 2px solid #276b34 !important; }
.l10n-seg.s-missing { outline: 2px dotted #8e44ad !important; cursor: default; }
.l10n-seg:hover, .l10n-seg:focus { outline-width: 3px !important; background: rgba(139, 182, 230, .35); }
a:not(.l10n-seg) { pointer-events: none; }
span[href] { text-decoration: underline; }
</style>
"""


class _Context(HTMLParser):
    """Follows the page as it is fed, piece by piece: which elements are open, and whether the
    next character is inside a tag (an attribute value) rather than element text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def in_element_text(self) -> bool:
        # Unparsed input starting with "<" is a tag (or comment) not finished yet: we are inside it.
        inside_tag = self.rawdata.startswith("<")  # type: ignore[attr-defined]
        return not inside_tag and not NO_MARKER_INSIDE.intersection(self.open)


def _links_as_spans(html: str) -> str:
    return _LINK_CLOSE_RE.sub("</span>", _LINK_OPEN_RE.sub("<span", html))


def _without_links(segment: Segment) -> Segment:
    """The segment with its page links as spans: the marker around it is the link to the editor."""
    markup = {placeholder: _links_as_spans(tag) for placeholder, tag in segment.markup.items()}
    return dataclasses.replace(segment, markup=markup)  # `escape` (the HTML format's) is kept


def render_marked(page: Page, done: dict[str, str], state_of: Callable[[str], tuple[str, str | None]],
                  link: Callable[[str], str]) -> str:
    """The page as exported (`done`: msgid -> translation) with a marker around each segment in
    element text. `state_of(msgid)` -> (state, entry id or None); `link(entry_id)` -> the editor URL."""
    context = _Context()
    out: list[str] = []
    anchored: set[str] = set()
    for piece in page.pieces:
        if isinstance(piece, str):
            out.append(piece)
            context.feed(piece)
            continue
        translation = done.get(piece.text)
        if not context.in_element_text():
            out.append(piece.source if translation is None else piece.restore(translation))
        else:
            state, ident = state_of(piece.text)
            inner = _links_as_spans(piece.source) if translation is None \
                else _without_links(piece).restore(translation)
            label = STATE_LABELS.get(state, state)
            if ident is None:
                out.append(f'<span class="l10n-seg s-{state}" title="{label}">{inner}</span>')
            else:
                anchor = "" if ident in anchored else f' id="l10n-{_attr(ident)}"'  # a sentence can recur
                anchored.add(ident)
                out.append(f'<a class="l10n-seg s-{state}"{anchor} href="{_attr(link(ident))}" target="_top" '
                           f'title="{label} — open in the editor">{inner}</a>')
        context.feed(piece.source)
    return "".join(out) + MARKER_STYLE


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
