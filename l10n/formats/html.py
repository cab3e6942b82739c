"""HTML pages, parsed with the standard library's `html.parser`.

The page is read as a flat run of parser events (tags, text, comments), each
spanning the characters from where it starts to where the next one starts, so
offsets are exact and the round trip is byte for byte. Units are the runs of
text and inline elements between block-level tags (`<p>`, `<h1>`, `<li>`,
`<td>`, `<title>`, `<div>` …): text directly inside a `<div>` is a unit too.

In a unit's msgid:
- inline elements become numbered placeholders: `<1>linked text</1>` for a
  paired element, `<2/>` for a standalone one (`<br>`, `<img>`, a comment, an
  unclosed tag), and the segment's `markup` maps them back to the tags as written;
- whitespace is collapsed to single spaces; entities stay as written (`&amp;`);
- markup at the edges stays outside: `<p><a href="/">Home</a></p>` gives "Home",
  and so does a `<br>` between two sentences (see `offsets.settle_breaks`).

Never translated: `script`, `style`, `pre`, `template`, `textarea`, `svg`,
`math`, comments, elements with `translate="no"` or class `notranslate` (an
inline one stays in its sentence as an opaque `<n/>`), units that are all
code (`<code>`, `<kbd>`, `<samp>`) and units without letters. An untranslatable
element runs to its matching end tag, so one whose end tag is left out
(`<li translate="no">…<li>`) keeps the rest of the page untranslated.

Translatable attributes (`alt`, `title`, `placeholder`, `aria-label`, and
`content` of `<meta name="description">` and its Open Graph/Twitter
siblings) become segments of kind `attribute` — but only on tags that stay
outside a segment: a tag inside a sentence is a placeholder, and its
attributes are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..errors import InputError
from . import PLACEHOLDER_RE, Page
from .offsets import SENTENCE_END_RE, Display, SourceCursor, settle_breaks

# Tags that end a unit. Anything else (a, b, span, img, custom elements …) is inline.
BLOCK_TAGS = frozenset("""
    html head body title meta link base style script noscript template
    header footer main nav section article aside address hgroup h1 h2 h3 h4 h5 h6
    p hr pre blockquote ol ul menu li dl dt dd figure figcaption div center
    table caption colgroup col thead tbody tfoot tr td th
    form fieldset legend label button select datalist optgroup option textarea output
    details summary dialog iframe video audio canvas object embed svg math
""".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
SKIPPED_TAGS = frozenset("script style pre template textarea svg math".split())
CODE_TAGS = frozenset("code kbd samp".split())
KINDS = {
    "p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
    "h5": "heading", "h6": "heading", "li": "list item", "td": "table cell", "th": "table cell",
    "dt": "term", "dd": "definition", "blockquote": "blockquote", "figcaption": "caption",
    "caption": "caption", "title": "title", "button": "button", "label": "label",
    "option": "option", "summary": "summary", "legend": "legend",
}
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label"})
META_NAMES = frozenset({"description", "og:title", "og:description", "twitter:title", "twitter:description"})

WHITESPACE_RE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; a no-break space is text
ENTITY_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
TAG_NAME_RE = re.compile(r"<[^\s/>]*")
# One attribute of a start tag, as html.parser reads it: name, then an optional value.
ATTRIBUTE_RE = re.compile(r"""([^\s/>][^\s/=>]*)(?:\s*=+\s*(?:"([^"]*)"|'([^']*)'|(?!['"])([^>\s]*)))?""")


@dataclass
class _Event:
    kind: str  # start, end, void, data, comment, other (doctype, CDATA …), skipped
    tag: str
    start: int
    end: int = 0
    attrs: dict[str, str] = field(default_factory=dict)


def parse(text: str) -> Page:
    walker = _Walker(text)
    for event in _skip_untranslatable(_events(text)):
        walker.feed(event)
    walker.flush()
    return walker.cursor.finish()


class _EventParser(HTMLParser):
    """Records every parser event with its start offset in the page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        self.events: list[_Event] = []

    def _add(self, kind: str, tag: str = "", attrs: list[tuple[str, str | None]] | None = None) -> None:
        line, column = self.getpos()
        self.events.append(_Event(kind, tag, self.line_starts[line - 1] + column,
                                  attrs={name: value or "" for name, value in attrs or []}))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("void" if tag in VOID_TAGS else "start", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("void", tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("data")

    def handle_comment(self, data: str) -> None:
        self._add("comment")

    def handle_decl(self, decl: str) -> None:
        self._add("other")

    def handle_pi(self, data: str) -> None:
        self._add("other")

    def unknown_decl(self, data: str) -> None:
        self._add("other")


def _events(text: str) -> list[_Event]:
    """The page's events; each spans from its start to the next one's (so no character is lost)."""
    parser = _EventParser(text)
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # Python 3.11's parser gives up on some malformed declarations, e.g. `<![ `
        raise InputError("malformed HTML declaration (a `<!` that starts no comment or doctype)",
                         line=parser.getpos()[0]) from None
    events = parser.events
    for event, following in zip(events, events[1:]):
        event.end = following.start
    if events:
        events[-1].end = len(text)
    return [event for event in events if event.end > event.start]


def _untranslatable(event: _Event) -> bool:
    return (event.tag in SKIPPED_TAGS or event.attrs.get("translate", "").lower() == "no"
            or "notranslate" in event.attrs.get("class", "").split())


def _skip_untranslatable(events: list[_Event]) -> list[_Event]:
    """Merge each untranslatable element, from start tag to matching end tag, into one `skipped` event."""
    merged: list[_Event] = []
    index = 0
    while index < len(events):
        event = events[index]
        index += 1
        if event.kind not in ("start", "void") or not _untranslatable(event):
            merged.append(event)
            continue
        if event.kind == "start":
            depth = 1
            while index < len(events) and depth:  # an element never closed runs to the end of the page
                inner = events[index]
                if inner.tag == event.tag:
                    depth += {"start": 1, "end": -1}.get(inner.kind, 0)
                index += 1
        merged.append(_Event("skipped", event.tag, event.start, events[index - 1].end))
    return merged


class _Walker:
    """Collects the events of one unit and hands it to the cursor at every block boundary."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = SourceCursor(text)
        self.run: list[_Event] = []
        self.open_blocks: list[str] = []

    def feed(self, event: _Event) -> None:
        if event.kind == "data" and self.run and self.run[-1].kind == "data":
            self.run[-1].end = event.end  # "a < b" comes as several data events
        elif event.tag not in BLOCK_TAGS and event.kind != "other":
            self.run.append(event)
        else:
            self.flush()
            self._attributes(event)
            if event.kind == "start":
                self.open_blocks.append(event.tag)
            elif event.kind == "end" and event.tag in self.open_blocks:
                while self.open_blocks.pop() != event.tag:
                    pass

    def flush(self) -> None:
        """Turn the collected run into a unit (or keep it as it is when there is nothing to translate)."""
        run, self.run = self.run, []
        pairs = _pairs(run)
        first, last = _trim(self.text, run, pairs)
        middle = run[first:last]
        display, markup = settle_breaks(lambda refused: self._display(middle, pairs, first, refused))
        if middle and _has_words(display.text):
            for event in run[:first]:
                self._attributes(event)
            self.cursor.block(display, self._kind(), markup or None)
            for event in run[last:]:
                self._attributes(event)
        else:
            for event in run:
                self._attributes(event)

    def _kind(self) -> str:
        for tag in reversed(self.open_blocks):
            if tag in KINDS:
                return KINDS[tag]
        return "paragraph"

    def _display(self, middle: list[_Event], pairs: dict[int, int], offset: int,
                 refused: set[int]) -> tuple[Display, dict[str, str], set[int]]:
        """The unit's display text: collapsed text, placeholders for the tags (see `settle_breaks`)."""
        display = Display()
        markup: dict[str, str] = {}
        spaced: set[int] = set()
        closing: dict[int, str] = {}  # index of a closing tag -> its placeholder
        elements = 0
        for index, event in enumerate(middle, offset):
            if event.kind == "data":
                _copy_collapsed(display, self.text, event.start, event.end)
                continue
            if (event.tag == "br" and event.start not in refused and not closing
                    and SENTENCE_END_RE.search(display.text)):
                display.space(event.start, event.end)
                spaced.add(event.start)
                continue
            if index in closing:
                placeholder = closing.pop(index)
            elif index in pairs:
                elements += 1
                placeholder = f"<{elements}>"
                closing[pairs[index]] = f"</{elements}>"
            else:
                elements += 1
                placeholder = f"<{elements}/>"
            markup[placeholder] = self.text[event.start:event.end]
            display.stand_in(placeholder, event.start, event.end)
        _strip(display)
        return display, markup, spaced

    def _attributes(self, event: _Event) -> None:
        """Make segments of the translatable attribute values of a tag kept outside any segment."""
        if event.kind not in ("start", "void"):
            return
        for start, end in _translatable_values(self.text, event):
            display = Display()
            _copy_collapsed(display, self.text, start, end)
            _strip(display)
            if display.chars and _has_words(display.text):
                self.cursor.block(display, "attribute")


def _pairs(run: list[_Event]) -> dict[int, int]:
    """Index of each start tag in the run -> index of its end tag; unclosed and stray tags pair with nothing."""
    pairs: dict[int, int] = {}
    open_tags: list[int] = []
    for index, event in enumerate(run):
        if event.kind == "start":
            open_tags.append(index)
        elif event.kind == "end":
            for position in range(len(open_tags) - 1, -1, -1):
                if run[open_tags[position]].tag == event.tag:
                    pairs[open_tags[position]] = index
                    del open_tags[position:]  # tags opened inside it and left open stay unpaired
                    break
    return pairs


def _trim(text: str, run: list[_Event], pairs: dict[int, int]) -> tuple[int, int]:
    """The unit inside a run, as `run[first:last]`: without whitespace and loose tags at its
    edges, and without inline elements wrapping all of it. A unit that is all code is empty."""
    closing = set(pairs.values())

    def loose(index: int) -> bool:  # can stay outside the unit
        event = run[index]
        if event.kind == "data":
            return WHITESPACE_RE.fullmatch(text, event.start, event.end) is not None
        if event.kind in ("start", "end"):
            return index not in pairs and index not in closing
        return event.kind in ("void", "comment")

    first, last = 0, len(run)
    while first < last:
        if loose(first):
            first += 1
        elif loose(last - 1):
            last -= 1
        elif pairs.get(first) == last - 1:
            if run[first].tag in CODE_TAGS:
                return first, first
            first, last = first + 1, last - 1
        else:
            break
    return first, last


def _copy_collapsed(display: Display, text: str, start: int, end: int) -> None:
    """Show text[start:end] with each run of whitespace as one space."""
    position = start
    for match in WHITESPACE_RE.finditer(text, start, end):
        display.copy(text, position, match.start())
        display.space(match.start(), match.end())
        position = match.end()
    display.copy(text, position, end)


def _strip(display: Display) -> None:
    """Drop the spaces at both ends: they stay outside the segment."""
    while display.chars and display.chars[-1] == " ":
        del display.chars[-1], display.spans[-1]
    while display.chars and display.chars[0] == " ":
        del display.chars[0], display.spans[0]


def _has_words(text: str) -> bool:
    """Whether a display text has a letter that is not part of a placeholder or an entity."""
    return any(char.isalpha() for char in ENTITY_RE.sub("", PLACEHOLDER_RE.sub("", text)))


def _translatable_values(text: str, event: _Event) -> list[tuple[int, int]]:
    """Page offsets of the translatable attribute values of a start tag."""
    described = (event.attrs.get("name") or event.attrs.get("property") or "").lower() in META_NAMES
    raw = text[event.start:event.end]
    values = []
    for match in ATTRIBUTE_RE.finditer(raw, TAG_NAME_RE.match(raw).end()):
        name = match.group(1).lower()
        if name in TRANSLATABLE_ATTRIBUTES or (name == "content" and event.tag == "meta" and described):
            group = next((group for group in (2, 3, 4) if match.group(group) is not None), None)
            if group is not None:
                values.append((event.start + match.start(group), event.start + match.end(group)))
    return values
