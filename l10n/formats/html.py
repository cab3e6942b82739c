"""HTML pages, parsed with the standard library's `html.parser`.

The page is read as a flat run of parser events (tags, text, comments), each
spanning the characters from where it starts to where the next one starts, so
offsets are exact and the round trip is byte for byte. Units are the runs of
text and inline elements between block-level tags (`<p>`, `<h1>`, `<li>`,
`<td>`, `<title>`, `<div>` …): text directly inside a `<div>` is a unit too.

In a unit's msgid:
- inline elements become numbered placeholders: `<1>linked text</1>` for a
  paired element, `<2/>` for a standalone one (`<br>`, `<img>`, a comment, an
  unclosed tag, a whole inline code element: `<code>`, `<kbd>`, `<samp>`, `<tt>`,
  named in the comment), and the segment's `markup` maps them back to the tags as written;
- whitespace is collapsed to single spaces;
- character references are decoded as a browser (`html.unescape`) does:
  translators and the engine see `Fish & chips`, `Tom's`, `“…”`, `—`; text that
  looks like a placeholder (`&lt;1&gt;`) is kept whole as a `<n/>` placeholder;
- markup at the edges stays outside: `<p><a href="/">Home</a></p>` gives "Home",
  and so does a `<br>` between two sentences (see `offsets.settle_breaks`).

On export a translation is text: `&`, `<`, `>` are escaped in element text;
in an attribute value also the quote that delimits it (and, in an unquoted
value, whatever would end it). A character the page spells as a reference
somewhere (`&nbsp;`, `&mdash;`, `&#8212;`) is spelled the same way wherever it
appears in a translation. So a translation can never add a tag, an attribute or
an event handler; untranslated segments keep their source bytes.

Never translated: `script`, `style`, `pre`, `template`, `textarea`, `svg`,
`math` (their start tag's attributes are; inline `svg` and `math` are `<n/>`
in their sentence), what a browser reads as raw text (`xmp`, `iframe`,
`noembed`, `noframes`, `plaintext`), comments (`<![CDATA[`, `<?…?>` too),
markup the page never finishes (an unclosed `<!--` runs to the end of the
page), text a browser reads as part of a script or raw-text element
(`_BrowserParser`, `_script_end`), inline code, elements with `translate="no"` or class `notranslate` (an
inline one stays in its sentence as an opaque `<n/>`), and units without
letters outside placeholders.
An untranslatable element runs to its matching end tag,
so one whose end tag is left out (`<li translate="no">…<li>`) keeps the rest of
the page untranslated.

Translatable attributes (HTML standard, WAI-ARIA) become segments of kind
`attribute`, commented with the attribute and element (`attribute alt of
img`): `title`, `alt`, `placeholder`, `aria-label`, `aria-description`,
`aria-roledescription`, `aria-placeholder`, `aria-valuetext` anywhere; `value`
of `<input type=submit|button|reset>`; `label` of `option`, `optgroup`,
`track`; `abbr` of `th`; `summary` of `table`; `content` of `<meta>`
description, keywords, Open Graph and Twitter title/description/image:alt. On
a tag inside a sentence the attribute is its own segment while the tag stays a
placeholder (`Segment.inner`). Nothing else: no `value` of text or hidden
inputs, no URLs, no `data-*`.

`<html lang>`, `xml:lang` and `<meta http-equiv="content-language">` become
`PageLanguage` pieces and `dir` a `TextDirection` (one is added for a
right-to-left target): a translated page declares its own language.

`skeleton(text)` is the page's structure for the structure gate: element tree
and attribute names, never text or attribute values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

from ..errors import InputError
from . import PLACEHOLDER_RE, Page, PageLanguage, Segment, TextDirection
from .offsets import Display, SourceCursor, settle_breaks

# Tags that end a unit. Anything else (a, b, span, img, custom elements …) is inline.
BLOCK_TAGS = frozenset("""
    html head body title meta link base style script noscript template
    header footer main nav section article aside address hgroup h1 h2 h3 h4 h5 h6
    p hr pre blockquote ol ul menu li dl dt dd figure figcaption div center
    table caption colgroup col thead tbody tfoot tr td th
    form fieldset legend label button select datalist optgroup option textarea output
    details summary dialog iframe video audio canvas object embed xmp plaintext noembed noframes
""".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Not translated. The last five hold raw text in a browser (html.parser reads tags there): never offered.
# What a browser reads as text up to the element's end tag (raw text and RCDATA elements; `title` is
# left to html.parser: its tags become placeholders whose markup is copied, which reads the same).
RAW_TEXT_TAGS = ("script", "style", "textarea", "xmp", "iframe", "noembed", "noframes")
SKIPPED_TAGS = frozenset("script style pre template textarea svg math iframe xmp plaintext noembed noframes".split())
# Skipped elements that stand inside a sentence (an icon, a formula): one `<n/>` placeholder, as inline code.
INLINE_SKIPPED_TAGS = frozenset("svg math".split())
CODE_TAGS = frozenset("code kbd samp tt".split())
KINDS = {
    "p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
    "h5": "heading", "h6": "heading", "li": "list item", "td": "table cell", "th": "table cell",
    "dt": "term", "dd": "definition", "blockquote": "blockquote", "figcaption": "caption",
    "caption": "caption", "title": "title", "button": "button", "label": "label",
    "option": "option", "summary": "summary", "legend": "legend",
}
# Attributes whose value a reader sees or hears, on any element.
TRANSLATABLE_ATTRIBUTES = frozenset("""title alt placeholder aria-label aria-description aria-roledescription
    aria-placeholder aria-valuetext""".split())
# ... and on some elements only: (attribute, element) -> condition on the element's attributes.
ELEMENT_ATTRIBUTES: dict[tuple[str, str], Callable[[dict[str, str]], bool]] = {
    ("value", "input"): lambda attrs: attrs.get("type", "").strip().lower() in ("submit", "button", "reset"),
    ("label", "option"): lambda attrs: True,
    ("label", "optgroup"): lambda attrs: True,
    ("label", "track"): lambda attrs: True,
    ("abbr", "th"): lambda attrs: True,
    ("summary", "table"): lambda attrs: True,
    # never with http-equiv: `refresh` content is a URL and a delay
    ("content", "meta"): lambda attrs: "http-equiv" not in attrs and _meta_name(attrs) in META_NAMES,
}
META_NAMES = frozenset("""description keywords og:title og:description og:image:alt
    twitter:title twitter:description twitter:image:alt""".split())
LANGUAGE_ATTRIBUTES = frozenset({"lang", "xml:lang"})

WHITESPACE_RE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; a no-break space is text
# Whitespace, or a character reference as `html.unescape` reads one (named ones also without ";").
TEXT_TOKEN_RE = re.compile(r"[ \t\n\r\f]+|&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
# Text that would read as a placeholder (`<1>`, `&lt;/2&gt;`): kept whole as a placeholder of its own.
PLACEHOLDER_LOOKALIKE_RE = re.compile(r"(?:<|&lt;)/?\d+/?(?:>|&gt;)")
# What a translation must not write as it is: in text, and in attribute values by their quoting.
TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
ATTRIBUTE_ESCAPES = {
    '"': {**TEXT_ESCAPES, '"': "&quot;"},
    "'": {**TEXT_ESCAPES, "'": "&#39;"},
    "": {**TEXT_ESCAPES, '"': "&quot;", "'": "&#39;", "=": "&#61;", "`": "&#96;", " ": "&#32;", "\t": "&#9;",
         "\n": "&#10;", "\r": "&#13;", "\f": "&#12;"},  # an unquoted value ends at whitespace
}
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
TAG_NAME_RE = re.compile(r"<[^\s/>]*")
# Where html.parser hands on markup it could not finish as text: an unclosed comment, a tag cut off by the page's end.
UNFINISHED_MARKUP_RE = re.compile(r"<!--|<(?=[A-Za-z/?!])")
# A comment as a browser ends it: `<!-->` and `<!--->` are empty, `--!>` ends one too (html.parser
# before Python 3.13 looks for the next `-->`, so it would hide the text up to a later comment).
SCRIPT_TOKEN_RE = re.compile(r"<!--(?!-*>)|-->|<(/?)script(?=[\t\n\f\r />])", re.IGNORECASE)
COMMENT_RE = re.compile(r"<!--(?:-?>|(.*?)--!?>)", re.DOTALL)
# One attribute of a start tag, as html.parser reads it: name, then an optional value.
ATTRIBUTE_RE = re.compile(r"""([^\s/>][^\s/=>]*)(?:\s*=+\s*(?:"([^"]*)"|'([^']*)'|(?!['"])([^>\s]*)))?""")


@dataclass
class _Event:
    kind: str  # start, end, void, data, comment, other (doctype, CDATA …), skipped
    tag: str
    start: int
    end: int = 0
    attrs: dict[str, str] = field(default_factory=dict)
    tag_end: int = 0  # of a start tag (also of a `skipped` inline svg or math): where the tag itself ends


def parse(text: str) -> Page:
    walker = _Walker(text)
    for event in _skip_untranslatable(_events(text)):
        walker.feed(event)
    walker.flush()
    return walker.cursor.finish()


class _BrowserParser(HTMLParser):
    """html.parser that reads raw text and comments as a browser does.

    The content of `RAW_TEXT_TAGS` is text up to `</tag` followed by whitespace, `/` or `>`
    (html.parser knows only script and style, and ends them at `</tag>` only); comments end as
    `COMMENT_RE` says. Where a browser still reads otherwise (a script's `<!--<script>`, an element
    never closed), `_events` keeps the page as it is.
    """

    CDATA_CONTENT_ELEMENTS = RAW_TEXT_TAGS

    def set_cdata_mode(self, elem: str) -> None:
        super().set_cdata_mode(elem)
        self.interesting = re.compile(rf"</{self.cdata_elem}(?=[\t\n\f\r />])", re.IGNORECASE)

    def parse_endtag(self, i: int) -> int:
        if self.cdata_elem is not None and self.interesting.match(self.rawdata, i):
            end = self.rawdata.find(">", i)
            if end < 0:
                return -1  # not finished (yet)
            self.handle_endtag(self.cdata_elem)
            self.clear_cdata_mode()
            return end + 1
        return super().parse_endtag(i)

    def parse_comment(self, i: int, report: bool = True) -> int:  # noqa: FBT001, FBT002 - html.parser's signature
        match = COMMENT_RE.match(self.rawdata, i)
        if not match:
            return -1  # not finished (yet): html.parser decides
        if report:
            self.handle_comment(match.group(1) or "")
        return match.end()


class _EventParser(_BrowserParser):
    """Records every parser event with its start offset in the page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        self.events: list[_Event] = []

    def _add(self, kind: str, tag: str = "", attrs: list[tuple[str, str | None]] | None = None) -> None:
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        self.events.append(_Event(kind, tag, start, attrs={name: value or "" for name, value in attrs or []},
                                  tag_end=start + len(self.get_starttag_text() or "") if attrs is not None else 0))

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
        self._add("comment")  # `<?php …?>`, `<![CDATA[…]]>`: a browser reads a (bogus) comment

    def unknown_decl(self, data: str) -> None:
        self._add("comment")


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
    read: list[_Event] = []
    raw_text = ""  # the script or style element whose content the parser is reading
    index = 0
    while index < len(events):
        event = events[index]
        index += 1
        if event.end <= event.start:
            continue
        if event.kind == "start" and event.tag == "script":
            end = _script_end(text, event.end)
            parsed = next((events[later].start for later in range(index, len(events))
                           if events[later].kind == "end" and events[later].tag == "script"), None)
            if end != parsed:  # `<!--<script>` in a script: a browser reads on past html.parser's `</script>`
                while index < len(events) and events[index].start < (len(text) if end is None else end):
                    index += 1
                aligned = index < len(events) and events[index].start == end
                read.append(_Event("other", "script", event.start, end if aligned else len(text)))
                if not aligned:
                    break
                continue
        if event.kind in ("start", "end") and event.tag in RAW_TEXT_TAGS:
            raw_text = event.tag if event.kind == "start" else ""
        if event.kind == "data" and not raw_text and UNFINISHED_MARKUP_RE.match(text, event.start):
            # html.parser gave up on markup the page never finishes and passes it on as text; a browser
            # reads a comment or a tag to the end of the page: never offered, kept as it is
            read.append(_Event("other", "", event.start, len(text)))
            break
        else:
            read.append(event)
    return read


def _script_end(text: str, start: int) -> int | None:
    """Where a browser ends the content of a script that starts at `start`: the offset of its `</script`
    (None: never). Follows the HTML standard's script data states: after `<!--`, a `<script` hides
    the next `</script` ("double escaped") until `-->` or that `</script`."""
    state = "data"
    for match in SCRIPT_TOKEN_RE.finditer(text, start):
        token = match.group(0)
        if token.startswith("<!--"):
            state = "escaped" if state == "data" else state
        elif token == "-->":
            state = "data"
        elif match.group(1):  # `</script`
            if state != "double escaped":
                return match.start()
            state = "escaped"
        elif state == "escaped":  # `<script`
            state = "double escaped"
    return None


def _untranslatable(event: _Event) -> bool:
    return event.tag in SKIPPED_TAGS or event.tag in CODE_TAGS or not _translated(event)


def _translated(event: _Event) -> bool:
    """False for an element marked `translate="no"` or class `notranslate` (its attributes too)."""
    return not (event.attrs.get("translate", "").lower() == "no"
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
        if event.kind == "void":
            merged.append(_Event("skipped", event.tag, event.start, event.end))
            continue
        depth = 1
        while index < len(events) and depth:  # an element never closed runs to the end of the page
            inner = events[index]
            if inner.tag == event.tag:
                depth += {"start": 1, "end": -1}.get(inner.kind, 0)
            index += 1
        # never closed: it ends the unit, so no translated text can follow it into the element
        kind = "other" if depth else "skipped"
        if event.tag in INLINE_SKIPPED_TAGS and _translated(event):  # one event; its start tag is read
            merged.append(_Event(kind, event.tag, event.start, events[index - 1].end, event.attrs, event.tag_end))
        elif event.tag in SKIPPED_TAGS and _translated(event):  # `<textarea placeholder=…>`: the tag is read
            merged.append(event)
            closed = not depth and events[index - 1].kind == "end"
            content_end = events[index - 1].start if closed else events[index - 1].end
            if content_end > event.end:
                merged.append(_Event("skipped", event.tag, event.end, content_end))
            if closed:
                merged.append(events[index - 1])
        else:
            merged.append(_Event(kind, event.tag, event.start, events[index - 1].end))
    return merged


class _Walker:
    """Collects the events of one unit and hands it to the cursor at every block boundary."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = SourceCursor(text)
        self.run: list[_Event] = []
        self.open_blocks: list[str] = []
        # character -> the reference the page spells it with (filled while walking; read on export)
        self.references = _Spelling()
        self.escape_text = _escaper(self.references, TEXT_ESCAPES)
        self.escape_attribute = {quote: _escaper(self.references, escapes)
                                 for quote, escapes in ATTRIBUTE_ESCAPES.items()}
        self.inner: dict[str, list] = {}  # of the unit being built: placeholder -> pieces (see `_display`)
        self.notes: dict[str, str] = {}  # of the unit being built: placeholder -> what its code says

    def feed(self, event: _Event) -> None:
        if event.tag == "meta" and _legacy_charset(event):
            self.references.ascii_only = True
        if event.kind == "data" and self.run and self.run[-1].kind == "data":
            self.run[-1].end = event.end  # "a < b" comes as several data events
        elif event.tag not in BLOCK_TAGS and event.kind != "other":
            self.run.append(event)
        else:
            self.flush()
            self._attributes(event, self.cursor)
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
                self._attributes(event, self.cursor)
            self.cursor.block(display, self._kind(), markup or None, escape=self.escape_text, inner=self.inner,
                              notes=self.notes)
            for event in run[last:]:
                self._attributes(event, self.cursor)
        else:
            for event in run:
                self._attributes(event, self.cursor)

    def _kind(self) -> str:
        for tag in reversed(self.open_blocks):
            if tag in KINDS:
                return KINDS[tag]
        return "paragraph"

    def _display(self, middle: list[_Event], pairs: dict[int, int], offset: int,
                 refused: set[int]) -> tuple[Display, dict[str, str], set[int]]:
        """The unit's display text: decoded text, placeholders for the tags (see `settle_breaks`).

        Sets `self.inner`: the placeholders whose tag has translatable attributes, as pieces;
        `self.notes`: what the placeholders of code elements hold.
        """
        display = Display()
        markup: dict[str, str] = {}
        spaced: set[int] = set()
        closing: dict[int, str] = {}  # index of a closing tag -> its placeholder
        elements = 0
        self.inner = {}
        self.notes = {}

        def stand_in(placeholder: str, start: int, end: int) -> None:
            markup[placeholder] = self.text[start:end]
            display.stand_in(placeholder, start, end)

        for index, event in enumerate(middle, offset):
            if event.kind == "data":
                position = event.start
                for match in PLACEHOLDER_LOOKALIKE_RE.finditer(self.text, event.start, event.end):
                    self._copy_text(display, position, match.start())
                    elements += 1
                    stand_in(f"<{elements}/>", match.start(), match.end())
                    position = match.end()
                self._copy_text(display, position, event.end)
                continue
            if (event.tag == "br" and event.start not in refused and not closing
                    and display.ends_sentence()):
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
            stand_in(placeholder, event.start, event.end)
            if event.kind == "skipped" and (event.tag in CODE_TAGS or event.tag in INLINE_SKIPPED_TAGS):
                code = self._code_text(event)
                self.notes[placeholder] = f'{event.tag} "{code}"' if code else event.tag
            if _has_attributes(event) and _attribute_values(self.text, event):
                pieces = self.cursor.sub(event.start, event.end, lambda cursor: self._attributes(event, cursor))
                if any(isinstance(piece, Segment) for piece in pieces):
                    self.inner[placeholder] = pieces
        _strip(display)
        return display, markup, spaced

    def _code_text(self, event: _Event, width: int = 40) -> str:
        """The text of a code element, decoded and shortened, for the comment."""
        text = " ".join(unescape(re.sub(r"<[^>]*>", "", self.text[event.start:event.end])).split())
        return text if len(text) <= width else text[:width - 1] + "…"

    def _copy_text(self, display: Display, start: int, end: int) -> None:
        """Show text[start:end] decoded: character references as the characters, whitespace runs as one space."""
        position = start
        for match in TEXT_TOKEN_RE.finditer(self.text, start, end):
            display.copy(self.text, position, match.start())
            raw = match.group(0)
            decoded = unescape(raw) if raw[0] == "&" else " "
            if decoded == raw:
                display.copy(self.text, match.start(), match.end())
            elif WHITESPACE_RE.fullmatch(decoded):
                display.space(match.start(), match.end())
            else:
                display.stand_in(decoded, match.start(), match.end())
                if len(decoded) == 1 and raw.endswith(";") and not decoded.isalnum():
                    self.references.setdefault(decoded, raw)
            position = match.end()
        display.copy(self.text, position, end)

    def _attributes(self, event: _Event, cursor: SourceCursor) -> None:
        """Segments for the translatable attribute values of a start tag; the language of `<html>`."""
        if not _has_attributes(event):
            return
        for start, end, name, quote in _attribute_values(self.text, event):
            if name in LANGUAGE_ATTRIBUTES:
                cursor.special(start, end, PageLanguage)
            elif name == "dir":
                cursor.special(start, end, TextDirection)
            elif name == "":  # where `dir` goes when the page has none
                cursor.special(start, start, TextDirection)
            else:
                display = Display()
                self._copy_text(display, start, end)
                _strip(display)
                if display.chars and _has_words(display.text):
                    element = f"meta {_meta_name(event.attrs)}" if event.tag == "meta" else event.tag
                    cursor.block(display, "attribute", escape=self.escape_attribute[quote],
                                 label=f"{name} of {element}")


class _Spelling(dict[str, str]):
    """How the page spells characters: character -> the reference it uses for it (`"—": "&mdash;"`).

    `ascii_only` when the page declares a charset other than UTF-8 (`<meta charset="iso-8859-1">`):
    the page is read and written as UTF-8, so there a translation's other non-ASCII characters are
    written as references (`ä` -> `&#228;`), which a browser reads the same in any charset.
    """

    ascii_only = False


def _escaper(references: _Spelling, escapes: dict[str, str]) -> Callable[[str], str]:
    """Escapes a translation for one place: the page's own spelling of a character first, then `escapes`."""
    def escape(text: str) -> str:
        table = {ord(char): spelled for char, spelled in (*escapes.items(), *references.items())}
        text = text.translate(table)
        return NON_ASCII_RE.sub(lambda match: f"&#{ord(match.group(0))};", text) if references.ascii_only else text
    return escape


def _legacy_charset(event: _Event) -> bool:
    """Whether a `<meta>` declares a charset other than UTF-8 (`charset=…`, or http-equiv Content-Type)."""
    declared = event.attrs.get("charset", "")
    if event.attrs.get("http-equiv", "").strip().lower() == "content-type":
        declared = event.attrs.get("content", "").lower().partition("charset=")[2]
    declared = declared.strip().strip("\"'").lower()
    return bool(declared) and declared not in ("utf-8", "utf8", "unicode-1-1-utf-8")


def _has_attributes(event: _Event) -> bool:
    """Whether an event has a start tag whose attributes are read."""
    return event.kind in ("start", "void") or event.tag_end > 0


def _content_language(event: _Event) -> bool:
    return event.tag == "meta" and event.attrs.get("http-equiv", "").strip().lower() == "content-language"


def _meta_name(attrs: dict[str, str]) -> str:
    return (attrs.get("name") or attrs.get("property") or "").strip().lower()


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
    """The unit inside a run, as `run[first:last]`: without whitespace, loose tags and elements
    without text (`<span class="error"></span>`, an image link) at its edges, and without inline
    elements wrapping all of it. A unit that is all code is empty."""
    closing = set(pairs.values())
    opening = {end: start for start, end in pairs.items()}

    def textless(start: int, end: int) -> bool:  # nothing but whitespace between run[start] and run[end]
        return all(run[index].kind != "data" or WHITESPACE_RE.fullmatch(text, run[index].start, run[index].end)
                   for index in range(start + 1, end))

    def loose(index: int) -> bool:  # can stay outside the unit
        event = run[index]
        if event.kind == "data":
            return WHITESPACE_RE.fullmatch(text, event.start, event.end) is not None
        if event.kind in ("start", "end"):
            return index not in pairs and index not in closing
        return event.kind in ("void", "comment") or (event.kind == "skipped" and event.tag == "svg")  # an icon

    first, last = 0, len(run)
    while first < last:
        if loose(first):
            first += 1
        elif loose(last - 1):
            last -= 1
        elif pairs.get(first) == last - 1:
            first, last = first + 1, last - 1
        elif first in pairs and textless(first, pairs[first]):
            first = pairs[first] + 1
        elif last - 1 in opening and opening[last - 1] >= first and textless(opening[last - 1], last - 1):
            last = opening[last - 1]
        else:
            break
    return first, last


def _strip(display: Display) -> None:
    """Drop the spaces at both ends: they stay outside the segment."""
    while display.chars and display.chars[-1] == " ":
        del display.chars[-1], display.spans[-1]
    while display.chars and display.chars[0] == " ":
        del display.chars[0], display.spans[0]


def _has_words(text: str) -> bool:
    """Whether a display text has a letter that is not part of a placeholder."""
    return any(char.isalpha() for char in PLACEHOLDER_RE.sub("", text))


def _attribute_values(text: str, event: _Event) -> list[tuple[int, int, str, str]]:
    """(start, end, name, quote) of the values of a start tag that are translated or follow the language.

    Names are lower case; `quote` is `"`, `'` or "" (unquoted). On `<html>`, `lang`,
    `xml:lang` and `dir` are listed too, and without `dir` an empty name marks where
    one goes (right after the tag name).
    """
    raw = text[event.start:event.tag_end or event.end]
    name_end = TAG_NAME_RE.match(raw).end()
    values = []
    has_dir = False
    seen: set[str] = set()
    for match in ATTRIBUTE_RE.finditer(raw, name_end):
        name = match.group(1).lower()
        if name in seen:  # a browser keeps the first of two attributes with one name: the second is never seen
            continue
        seen.add(name)
        if event.tag == "html":
            wanted = name in LANGUAGE_ATTRIBUTES or name == "dir"
            has_dir = has_dir or name == "dir"
        elif _content_language(event) and name == "content":
            name, wanted = "lang", True  # <meta http-equiv="content-language" content="en">: the page's language
        else:
            wanted = name in TRANSLATABLE_ATTRIBUTES or ELEMENT_ATTRIBUTES.get((name, event.tag),
                                                                               lambda attrs: False)(event.attrs)
        group = next((group for group in (2, 3, 4) if match.group(group) is not None), None)
        if wanted and group is not None:
            quote = {2: '"', 3: "'", 4: ""}[group]
            values.append((event.start + match.start(group), event.start + match.end(group), name, quote))
    if event.tag == "html" and values and not has_dir:
        values.insert(0, (event.start + name_end, event.start + name_end, "", ""))
    return values


class _Skeleton(_BrowserParser):
    """The structural tokens of a page, see `skeleton`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> str:
        names = sorted({name for name, _ in attrs} - ({"dir"} if tag == "html" else set()))  # dir may be added
        return f"<{' '.join([tag, *names])}{close}>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(self._tag(tag, attrs, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(self._tag(tag, attrs, "/"))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self.tokens.append("<!-- -->")

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(f"<!{decl.split()[0].upper() if decl.split() else ''}>")

    def handle_pi(self, data: str) -> None:
        self.tokens.append("<?>")

    def unknown_decl(self, data: str) -> None:
        self.tokens.append("<![ ]>")


@lru_cache(maxsize=4096)  # asked for every render of the structure gate's search
def pinned(markup: str) -> bool:
    """Whether a standalone placeholder's markup is a lone start or end tag (`<i>` left open, a stray
    `</b>`), which a translation may not move: a whole element, a void one or a comment may move."""
    events = _events(markup)
    return len(events) == 1 and events[0].kind in ("start", "end")


def skeleton(text: str) -> list[str]:
    """The page's structure: one token per tag (name and sorted attribute names), comment and declaration.

    No text and no attribute values, so a translated page has the skeleton of its source.
    Raises InputError for a declaration `html.parser` cannot read, as `parse` does.
    """
    parser = _Skeleton()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:
        raise InputError("malformed HTML declaration (a `<!` that starts no comment or doctype)",
                         line=parser.getpos()[0]) from None
    return parser.tokens
