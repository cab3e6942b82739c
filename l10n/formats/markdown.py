"""Markdown pages (CommonMark plus GFM tables and strikethrough), parsed with markdown-it-py.

Units: headings, paragraphs, paragraphs inside list items and blockquotes,
table cells, the text of HTML blocks (through the HTML format) and the
configured keys of a YAML (`---`) or TOML (`+++`) front matter.

Inline markup becomes numbered placeholders, as in the HTML format, so a
sentence boundary never cuts it and a translation cannot change it:
- paired `<1>…</1>` for markup around translatable text: emphasis, strong,
  strikethrough, link text, image alt text (`an <1>image</1> of`);
- standalone `<2/>` for code spans, autolinks, inline HTML and comments, a
  line break (two spaces, `\\`, `<br>`) inside a sentence — between two
  sentences it stays between the segments —, links or images without words,
  footnote references and shortcut reference links (`[the FAQ]`);
- an inline HTML start tag and its matching end tag are a pair (`<1>Ctrl</1>`).
The title of a link, an image or a link reference definition is a segment of its own.
The extracted comment names each placeholder's markup (`<2/> = `cd ..``).
Backslash escapes and entities are shown decoded (`Fish & chips`); export
escapes the translated text for where it lands (`escape_text`, `escape_cell`). Markup
around a whole block (`[Home](/)`, `**Note**`) and inline HTML at its edges
(`## Title <!-- omit in toc -->`) stay outside the segment.

A paragraph spread over several lines is shown on one line; the first
line's prefix (`> `, `- `, `# `, indentation) stays outside the segment,
and the translation of a sentence that spans lines is one line. A GitHub
alert marker (`> [!NOTE]`) and a definition line (`: …`) keep their lines.

Kept as they are, never translated: code blocks, link reference definitions (but their titles),
thematic breaks, HTML blocks whose lines carry a container prefix, blocks
without a letter outside code and raw HTML (`**2024**`, a lone `` `code` ``).

markdown-it gives line ranges, not character offsets: the inline rules are
wrapped to record where each construct starts and ends in the block's
content, and each content line is found again in its page line. Where that
fails (NUL characters, which markdown-it replaces), the block is kept
untranslated rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from html import escape as _html_escape
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from ..errors import InputError
from . import PLACEHOLDER_RE, Page, Piece, Segment, html
from .offsets import SENTENCE_END_RE, Built, Display, SourceCursor, settle_breaks

DEFAULT_FRONT_MATTER_KEYS = ("title", "description", "summary")

_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_MARKDOWN.core.ruler.disable("text_join")  # escapes and entities stay tokens of their own
_MARKDOWN.inline.ruler2.disable("fragments_join")  # and so do emphasis delimiters
SPAN = "l10n_span"  # Token.meta key: (start, end) of the construct in its block's content

# Lines as markdown-it counts them: it ends a line at \r\n, \r or \n (and nothing else).
LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
# What may follow a block's text on its line: whitespace; for ATX headings also the closing #s.
TRAILER_RE = re.compile(r"\s*")
ATX_TRAILER_RE = re.compile(r"(?:[ \t]+#+)?\s*")
ALERT_RE = re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*", re.IGNORECASE)
DEFINITION_RE = re.compile(r":[ \t]")  # `: definition` under its term (Markdown Extra, Pandoc)
# A task box (`- [ ] task`), a definition marker (`: …`) or a footnote label (`[^1]: …`) at the
# start stays outside the segment.
LEADING_MARKER_RE = re.compile(r"(?:\[[ xX]\]|:|\[\^[^\]\s]+\]:)[ \t]+")
BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]+\](?!:)")  # a GFM footnote reference: markup, not text


# -- source offsets of inline constructs --------------------------------------------------------

def _recording(name: str, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    def recorded(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        found = rule(state, silent)
        if found and not silent:
            _record(name, state, start, state.tokens[count:])
        return found
    return recorded


def _record(name: str, state: StateInline, start: int, new: list[Token]) -> None:
    """Note in `Token.meta` where the tokens a rule just pushed come from (a text token flushed
    from pending text may come first: it has no span, text lies between the constructs)."""
    end = state.pos
    if not new:
        return
    if name in ("emphasis", "strikethrough"):  # one text token per delimiter, the last ones pushed
        position = end
        for token in reversed(new):
            if position <= start:
                break
            token.meta[SPAN] = (position - len(token.content), position)
            token.meta["delimiter"] = True
            position -= len(token.content)
    elif name == "link":
        opener = next(token for token in new if token.type == "link_open")
        opener.meta[SPAN] = (start, start + 1)
        new[-1].meta[SPAN] = (state.md.helpers.parseLinkLabel(state, start, True), end)
    elif name == "image":
        new[-1].meta[SPAN] = (start, end)
        new[-1].meta["label"] = (start + 2, state.md.helpers.parseLinkLabel(state, start + 1, False))
    elif name == "autolink":
        next(token for token in new if token.type == "link_open").meta[SPAN] = (start, end)
    else:  # newline, escape, backticks, html_inline, entity: one token
        new[-1].meta[SPAN] = (start, end)


for _rule in list(_MARKDOWN.inline.ruler.__rules__):
    if _rule.name != "text":
        _MARKDOWN.inline.ruler.at(_rule.name, _recording(_rule.name, _rule.fn))

DEFINITIONS = "l10n_definitions"  # env key: (first line, end line) of each link reference definition


def _recording_definitions(rule: Callable[..., bool]) -> Callable[..., bool]:
    """The `reference` block rule, noting the lines of each definition it reads (it makes no token)."""
    def recorded(state, start_line: int, end_line: int, silent: bool) -> bool:  # type: ignore[no-untyped-def]
        found = rule(state, start_line, end_line, silent)
        if found and not silent:
            state.env.setdefault(DEFINITIONS, []).append((start_line, state.line))
        return found
    return recorded


_MARKDOWN.block.ruler.at("reference", _recording_definitions(
    next(rule.fn for rule in _MARKDOWN.block.ruler.__rules__ if rule.name == "reference")),
    {"alt": ["paragraph", "reference"]})


@dataclass
class _Item:
    """One piece of a block's inline content, at content offsets [start, end)."""

    kind: str  # text, char (decoded escape/entity), atom, html (inline HTML), open, close, soft, hard, image
    start: int
    end: int
    shown: str = ""  # char: the decoded text
    pair: int = 0  # open/close: which pair
    label: tuple[int, int] = (0, 0)  # image: the alt text


def _items(children: Sequence[Token], content: str) -> list[_Item] | None:
    """The inline content as items in source order, text in the gaps; None if a token has no span."""
    items: list[_Item] = []
    pairs: list[int] = []
    in_autolink = False
    for token in children:
        if in_autolink:
            in_autolink = token.type != "link_close"
            continue
        span = token.meta.get(SPAN)
        if token.type == "text":
            if span and token.meta.get("delimiter") and not token.content:  # half of a `**`
                items.append(_Item("absorbed", *span))
            continue
        if span is None:
            return None
        if token.type == "link_open" and token.markup == "autolink":
            items.append(_Item("atom", *span))
            in_autolink = True
        elif token.nesting == 1:
            pairs.append(len(items))
            items.append(_Item("open", *span, pair=len(items)))
        elif token.nesting == -1:
            opener = pairs.pop()
            if token.type == "link_close" and content[span[0]:span[1]] in ("]", "][]"):
                # `[label]`, `[label][]`: the text is the reference's key, so it cannot change
                items[opener:] = [_Item("atom", items[opener].start, span[1])]
            else:
                items.append(_Item("close", *span, pair=opener))
        elif token.type in ("softbreak", "hardbreak"):
            items.append(_Item(token.type[:4], *span))
        elif token.type == "text_special":
            items.append(_Item("char", *span, shown=token.content))
        elif token.type == "image":
            items.append(_Item("image", *span, label=token.meta["label"]))
        elif token.type == "html_inline":  # `<br>` is a line break like a Markdown hard break
            items.append(_Item("hard" if BR_RE.fullmatch(token.content) else "html", *span))
        else:  # code_inline
            items.append(_Item("atom", *span))
    items.sort(key=lambda item: item.start)
    _pair_tags(items, content)
    merged: list[_Item] = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if item.kind != "absorbed":
            merged.append(item)
        elif following and following.kind == "open" and following.start == item.end:
            following.start = item.start
        elif merged and merged[-1].kind == "close" and merged[-1].end == item.start:
            merged[-1].end = item.end
        else:
            return None
    full: list[_Item] = []
    position = 0
    for item in merged + [_Item("end", len(content), len(content))]:
        if item.start < position:
            return None
        if item.start > position:
            full += _footnotes(content, position, item.start)
        full.append(item)
        position = item.end
    return full[:-1]


_START_TAG_RE = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(?<!/)>\Z")
_END_TAG_RE = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>\Z")


def _pair_tags(items: list[_Item], content: str) -> None:
    """Make an inline HTML start tag and its end tag a pair (`<1>Ctrl</1>` for `<kbd>Ctrl</kbd>`), as
    the HTML format does: then a translation cannot swap them or close them out of order. Tags that
    cross Markdown's pairs or have no partner stay standalone."""
    opened: list[tuple[_Item, str]] = []  # start tags and Markdown openers, innermost last
    for item in items:
        text = content[item.start:item.end]
        if item.kind == "open":
            opened.append((item, ""))
        elif item.kind == "close":
            while opened and opened[-1][0].kind != "open":
                opened.pop()  # a start tag left open inside this pair stays standalone
            if opened and opened[-1][0].pair == item.pair:
                opened.pop()
        elif item.kind == "html" and (start := _START_TAG_RE.match(text)):
            opened.append((item, start.group(1).lower()))
        elif item.kind == "html" and (end := _END_TAG_RE.match(text)):
            if opened and opened[-1][1] == end.group(1).lower():
                opener = opened.pop()[0]
                opener.kind, opener.pair = "open", -item.start - 1  # apart from Markdown's pair numbers
                item.kind, item.pair = "close", opener.pair


def _footnotes(content: str, start: int, end: int) -> list[_Item]:
    """The text content[start:end] with each footnote reference (`[^1]`) as a standalone item."""
    items, position = [], start
    for match in FOOTNOTE_RE.finditer(content, start, end):
        if match.start() > position:
            items.append(_Item("text", position, match.start()))
        items.append(_Item("atom", match.start(), match.end()))
        position = match.end()
    if end > position:
        items.append(_Item("text", position, end))
    return items


# -- parsing ----------------------------------------------------------------------------------

def parse(text: str, *, front_matter_keys: Iterable[str] = DEFAULT_FRONT_MATTER_KEYS) -> Page:
    """Cut a Markdown page into segments (see the module docstring); `front_matter_keys` are the
    top-level keys of the front matter whose simple string values are translated."""
    starts, bodies = _lines(text)
    cursor = SourceCursor(text)
    skipped = _front_matter_lines(bodies)
    if skipped:
        _front_matter(cursor, text, starts, bodies[:skipped], set(front_matter_keys))
    env: dict = {}
    tokens = _tokens(text, starts, skipped, env)
    definitions = sorted(env.get(DEFINITIONS, []))
    titles = {reference.get("title") for reference in env.get("references", {}).values()}

    def definitions_before(line: int) -> None:  # a title of a definition is offered where it stands
        while definitions and definitions[0][0] < line:
            _definition_title(cursor, starts, bodies, definitions.pop(0)[1] - 1, titles)

    containers: list[Token] = []  # open block tokens, innermost last
    row_search = row_end = 0  # the part of the current table row after the previous cell
    for token in tokens:
        if token.map:
            definitions_before(token.map[0])
        if token.nesting == 1:
            containers.append(token)
            if token.type == "tr_open" and token.map:
                row_search = starts[token.map[0]]
                row_end = row_search + len(bodies[token.map[0]])
            continue
        if token.nesting == -1:
            containers.pop()
            continue
        if token.type == "html_block" and token.map:
            _html_block(cursor, text, starts, token)
            continue
        if token.type != "inline" or not token.map:
            continue
        if containers[-1].type in ("th_open", "td_open"):
            found = _table_cell(text, row_search, row_end, token)
            if found is None:
                continue
            bounds, row_search = found
            _inline_block(cursor, token, bounds, "table cell", set())
        else:
            atx = containers[-1].type == "heading_open" and containers[-1].markup.startswith("#")
            bounds = _content_bounds(starts, bodies, token, ATX_TRAILER_RE if atx else TRAILER_RE)
            if bounds is not None:
                quoted = any(container.type == "blockquote_open" for container in containers)
                _inline_block(cursor, token, bounds, _kind(containers), _kept_lines(token, quoted))
    definitions_before(len(bodies))
    return cursor.finish()


_DEFINITION_TITLE_RE = re.compile(r"""[ \t]("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\))[ \t]*\Z""")


def _definition_title(cursor: SourceCursor, starts: list[int], bodies: list[str], last: int,
                      titles: set[str | None]) -> None:
    """The title of a link reference definition (`[ref]: /url "Title"`) on its last line, as a segment."""
    match = _DEFINITION_TITLE_RE.search(bodies[last]) if last < len(bodies) else None
    if match is None:
        return
    start, end = starts[last] + match.start(1) + 1, starts[last] + match.end(1) - 1
    title = unescapeAll(cursor.page[start:end])
    if title in titles and any(char.isalpha() for char in title) and start >= cursor.position:
        _title_segment(start, end, title, cursor)


def _tokens(text: str, starts: list[int], skipped: int, env: dict | None = None) -> list[Token]:
    """markdown-it's tokens; blank lines stand in for a front matter so line numbers stay right."""
    if not skipped:
        return _MARKDOWN.parse(text, env)
    rest = text[starts[skipped]:] if skipped < len(starts) else ""
    return _MARKDOWN.parse("\n" * skipped + rest, env)


def _lines(text: str) -> tuple[list[int], list[str]]:
    """Start offset and text (without line ending) of every line."""
    starts, bodies = [], []
    for match in LINE_RE.finditer(text):
        starts.append(match.start())
        bodies.append(match.group().rstrip("\r\n"))
    return starts, bodies


def _kind(containers: list[Token]) -> str:
    if containers[-1].type == "heading_open":
        return "heading"
    for container in reversed(containers):
        if container.type == "list_item_open":
            return "list item"
        if container.type == "blockquote_open":
            return "blockquote"
    return "paragraph"


def _content_bounds(starts: list[int], bodies: list[str], token: Token,
                    trailer: re.Pattern[str]) -> list[int] | None:
    """The page offset of every boundary of a heading's or paragraph's content, or None if not found.

    `bounds[i]` is where content character i starts in the page; whitespace that markdown-it
    strips or joins (indentation, line ends) points at the edge of the text next to it.
    """
    bounds: list[int] = []
    content_lines = token.content.split("\n")
    for number, content in enumerate(content_lines):
        line = token.map[0] + number
        stripped = content.strip(" \t")
        if line >= len(bodies) or not stripped:
            return None
        at = _locate(bodies[line], stripped, trailer)
        if at is None:
            return None
        start = starts[line] + at
        lead = len(content) - len(content.lstrip(" \t"))
        bounds += [start] * lead + list(range(start, start + len(stripped)))
        bounds += [start + len(stripped)] * (len(content) - lead - len(stripped) + 1)  # + the "\n"
    return bounds


def _locate(body: str, content: str, trailer: re.Pattern[str]) -> int | None:
    """Where `content` sits in its source line: the last place followed only by `trailer`."""
    at = body.rfind(content)
    while at >= 0:
        if trailer.fullmatch(body, at + len(content)):
            return at
        at = body.rfind(content, 0, at + len(content) - 1)
    return None


def _table_cell(page: str, search_from: int, row_end: int, token: Token) -> tuple[list[int], int] | None:
    """The bounds of a table cell's content and where to look for the next cell of its row.

    Cells come in order, so each is the next occurrence of its text in the row;
    markdown-it turns an escaped `\\|` into `|`, which is undone for the search.
    """
    raw = token.content.replace("|", "\\|")
    start = page.find(raw, search_from, row_end)
    if start < 0:
        return None
    bounds, position = [], start
    for char in token.content:
        bounds.append(position)
        position += 2 if char == "|" else 1
    bounds.append(position)
    return bounds, position


def _kept_lines(token: Token, quoted: bool) -> set[int]:
    """Content lines that keep their line: an alert marker first in a blockquote, definition lines."""
    lines = token.content.split("\n")
    kept = {number for number, line in enumerate(lines) if number and DEFINITION_RE.match(line.lstrip())}
    if quoted and ALERT_RE.fullmatch(lines[0]):
        kept |= {0, 1}
    return kept


# -- one block of inline content ----------------------------------------------------------------

def _inline_block(cursor: SourceCursor, token: Token, bounds: list[int], kind: str, kept: set[int]) -> None:
    content = token.content
    items = _items(token.children or [], content)
    if items is None:
        return
    for group in _line_groups(items, content, kept):
        marker = LEADING_MARKER_RE.match(content, group[0].start) if group else None
        if marker and group[0].kind == "text" and marker.end() < group[0].end:
            group[0] = _Item("text", marker.end(), group[0].end)
        whole, group = group, _trimmed(group)
        first = next((index for index, item in enumerate(whole) if item is group[0]), 0) if group else len(whole)
        _titles(cursor, whole[:first], bounds)  # markup around the whole block: its titles only
        if _has_words(group, content):
            _add(cursor, group, content, bounds, kind, images=True)
        else:
            for item in group:  # only images have words: their alt texts are units of their own
                if item.kind == "image" and _plain_label(item, content):
                    alt = [_Item("text", *item.label)]
                    if _has_words(alt, content):
                        _add(cursor, alt, content, bounds, "image", images=False)
                _titles(cursor, [item], bounds)
        _titles(cursor, whole[first + len(group):], bounds)


def _titles(cursor: SourceCursor, items: list[_Item], bounds: list[int]) -> None:
    """A segment for each link or image title in markup kept outside the block's segment."""
    for item in items:
        if item.kind in ("close", "image", "atom"):
            title = _title(cursor.page, bounds[item.start], bounds[item.end])
            if title is not None and title[0] >= cursor.position:
                _title_segment(*title, cursor)


def _line_groups(items: list[_Item], content: str, kept: set[int]) -> list[list[_Item]]:
    """Split the items at the start of each kept line (and after an alert marker line);
    a line given to `kept` as the first line (the alert marker) is not translated."""
    if not kept:
        return [items]
    groups: list[list[_Item]] = [[]]
    for item in items:
        line = content.count("\n", 0, item.start)
        if item.kind in ("soft", "hard") and line + 1 in kept:
            groups.append([])
        else:
            groups[-1].append(item)
    if 0 in kept:  # the alert marker
        groups = groups[1:]
    balanced = all(sum(1 if item.kind == "open" else -1 if item.kind == "close" else 0 for item in group) == 0
                   for group in groups)
    return groups if balanced else [items]


def _trimmed(items: list[_Item]) -> list[_Item]:
    """Without inline HTML and hard breaks at the edges and without markup wrapping the whole block."""
    first, last = 0, len(items)
    while first < last:
        if items[first].kind in ("hard", "soft", "html"):
            first += 1
        elif items[last - 1].kind in ("hard", "soft", "html"):
            last -= 1
        elif (items[first].kind == "open" and items[last - 1].kind == "close"
              and items[last - 1].pair == items[first].pair):
            first, last = first + 1, last - 1
        else:
            break
    return items[first:last]


def _has_words(items: list[_Item], content: str) -> bool:
    """Whether the text outside code, raw HTML and images has a letter."""
    return any(char.isalpha() for item in items if item.kind in ("text", "char")
               for char in (item.shown if item.kind == "char" else content[item.start:item.end]))


def _plain_label(item: _Item, content: str) -> bool:
    """An image alt text shown as text: one line, no markup of its own."""
    label = content[item.label[0]:item.label[1]]
    return bool(label.strip()) and not re.search(r"[\n\\`*_\[\]<&]", label)


def _add(cursor: SourceCursor, items: list[_Item], content: str, bounds: list[int], kind: str,
         images: bool) -> None:
    if not items:
        return
    page = cursor.page
    inner: dict[str, list[Piece]] = {}  # placeholder -> its markup as pieces, when it holds a title

    def build(refused: set[int], decode: bool = True) -> Built:
        display = Display()
        markup: dict[str, str] = {}
        spaced: set[int] = set()
        numbers: dict[int, int] = {}
        inner.clear()

        def placeholder(token: str, start: int, end: int) -> None:
            markup[token] = page[start:end]
            display.stand_in(token, start, end)
            title = _title(page, start, end)
            if title is not None:
                inner[token] = cursor.sub(start, end, partial(_title_segment, *title))

        def text(start: int, end: int) -> None:
            for index in range(start, end):
                if bounds[index + 1] > bounds[index]:  # whitespace markdown-it dropped is not shown
                    display.stand_in(content[index], bounds[index], bounds[index + 1])

        for item in items:
            start, end = bounds[item.start], bounds[item.end]
            if item.kind == "text":
                text(item.start, item.end)
            elif item.kind == "char":
                display.stand_in(item.shown if decode else page[start:end], start, end)
            elif item.kind == "soft":
                display.space(start, end)
            elif item.kind == "hard" and start not in refused and not numbers and SENTENCE_END_RE.search(
                    display.text):
                display.space(start, end)
                spaced.add(start)
            elif item.kind == "open":
                numbers[item.pair] = len(markup) + 1
                placeholder(f"<{numbers[item.pair]}>", start, end)
            elif item.kind == "close":
                placeholder(f"</{numbers.pop(item.pair)}>", start, end)
            elif item.kind == "image" and images and _plain_label(item, content):
                number = len(markup) + 1
                placeholder(f"<{number}>", start, bounds[item.label[0]])
                text(*item.label)
                placeholder(f"</{number}>", bounds[item.label[1]], end)
            else:  # atom, inline HTML, hard break inside a sentence, image without a plain alt text
                placeholder(f"<{len(markup) + 1}/>", start, end)
        _strip(display)
        return display, markup, spaced

    display, markup = settle_breaks(build)
    if any(match.group(0) not in markup for match in PLACEHOLDER_RE.finditer(display.text)):
        # decoded text that reads like a placeholder (`&lt;1&gt;`): show the escapes as written
        display, markup = settle_breaks(lambda refused: build(refused, decode=False))
    if display.chars:
        escape = escape_cell if kind == "table cell" else escape_text
        cursor.block(display, kind, markup or None, escape=escape, legend=True, inner=dict(inner))


# A link's or image's title at the end of its markup: `](url "title")`, `'title'`, `(title)`.
_TITLE_RE = re.compile(r"""[ \t\n]("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\))[ \t\n]*\)\Z""", re.S)


def _title(page: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Where the title in the markup page[start:end] starts and ends (without its quotes) and its
    decoded text, when the markup ends a link or an image with a title that has a letter."""
    match = _TITLE_RE.search(page, start, end)
    if match is None or not match.end() == end:
        return None
    markup = page[start:end]
    opened = "" if markup.startswith("![") else "[x"  # a link's closing markup needs its opening
    tokens = [child for token in _MARKDOWN.parseInline(opened + markup) for child in token.children or []]
    title = next((token.attrGet("title") for token in tokens if token.type in ("link_open", "image")), None)
    raw_start, raw_end = match.start(1) + 1, match.end(1) - 1
    if not isinstance(title, str) or unescapeAll(page[raw_start:raw_end]) != title:
        return None  # not a title as markdown-it reads it (a quote inside the destination)
    return (raw_start, raw_end, title) if any(char.isalpha() for char in title) else None


def _title_segment(start: int, end: int, title: str, cursor: SourceCursor) -> None:
    """The title at page[start:end] as one segment (a title is a tooltip: never cut into sentences)."""
    cursor.literal_to(start)
    builder = cursor.builder
    builder.blocks += 1
    quote = cursor.page[start - 1]
    builder.pieces.append(Segment(text=title, source=cursor.page[start:end], line=cursor.line_of(start),
                                  kind="title", block=builder.blocks, escape=partial(_escape_title, quote)))
    cursor.position = end


def _escape_title(quote: str, text: str) -> str:
    """A translated title inside its quotes: one line, backslashes, quotes and entity-like `&` escaped."""
    specials = {'"': '"', "'": "'", "(": "()"}[quote] + "\\"
    text = re.sub(f"[{re.escape(specials)}]", lambda match: "\\" + match.group(), _one_line(text))
    return re.sub(r"&(?=#?\w+;)", "&amp;", text)


def _strip(display: Display) -> None:
    """Drop the spaces at both ends: they stay outside the segment."""
    while display.chars and display.chars[-1] == " ":
        del display.chars[-1], display.spans[-1]
    while display.chars and display.chars[0] == " ":
        del display.chars[0], display.spans[0]


# -- escaping translated text -----------------------------------------------------------------

_WHITESPACE_RE = re.compile(r"[ \t\r\n\f\v\u2028\u2029]+")  # a no-break space is text
# Anywhere: characters that open code, emphasis, links, tables and HTML; entity-like `&`.
# (`>` too: it could close raw HTML the source left open, `<!--` … `-->`.) A backtick is written as an
# entity: `\\`` would still close a code span the source left open.
_ENTITIES = {"&": "&amp;", "`": "&#96;"}
_INLINE_SPECIAL_RE = re.compile(r"""[\\`*\[\]|~>]|(?<![^\W_])_|_(?![^\W_])|<(?=[A-Za-z/!?]|$)|&(?=\#?\w+;)""")
# At the start of a line (any chunk may start one): what would open a block.
_LINE_START_RE = re.compile(r"^( ?)(#{1,6}(?=\s|$)|[-+=](?=\s|$)|-{2,}|={2,}|\()")
_ORDERED_START_RE = re.compile(r"^( ?\d{1,9})([.)])(?=\s|$)")
_TRAILING_HASHES_RE = re.compile(r"(?<=\s)(#+)\s*$|^(#+)\s*$")


def escape_text(text: str, pipe: str = "&#124;") -> str:
    """Translated text made safe inside a Markdown block: it cannot open or close markup, start a
    new block or line, a table row or a new cell. Only what could do that is escaped."""
    text = _WHITESPACE_RE.sub(" ", text)
    text = _INLINE_SPECIAL_RE.sub(lambda match: _ENTITIES.get(match.group(), pipe if match.group() == "|"
                                                            else "\\" + match.group()), text)
    text = _ORDERED_START_RE.sub(r"\1\\\2", text)
    text = _LINE_START_RE.sub(lambda match: match.group(1) + "\\" + match.group(2), text)
    return _TRAILING_HASHES_RE.sub(lambda match: "\\" + match.group(0), text)  # an ATX closing sequence


def escape_cell(text: str) -> str:
    """`escape_text` for a table cell, where a pipe is written `\\|` (GFM's own escape)."""
    return escape_text(text, pipe="\\|")


# -- HTML blocks ----------------------------------------------------------------------------

def _html_block(cursor: SourceCursor, text: str, starts: list[int], token: Token) -> None:
    """The text of an HTML block, cut by the HTML format (unless a container prefix is on its lines)."""
    start = starts[token.map[0]]
    end = starts[token.map[1]] if token.map[1] < len(starts) else len(text)
    source = text[start:end]
    if source.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") != token.content.rstrip("\n"):
        return
    if source.lstrip().startswith(("<!", "<?")):  # a comment, declaration or CDATA section: no text
        return
    try:
        fragment = html.parse(source)
    except InputError:
        return
    cursor.literal_to(start)
    builder = cursor.builder
    first_block = builder.blocks
    for piece in fragment.pieces:
        if isinstance(piece, str):
            builder.literal(piece)
        else:
            piece.line += token.map[0]
            piece.escape = _in_html_block(piece.escape or _escape_html)
            piece.block += first_block
            builder.blocks = max(builder.blocks, piece.block)
            builder.pieces.append(piece)
    cursor.position = end


_escape_html = partial(_html_escape, quote=True)  # until the HTML format escapes by itself


def _in_html_block(escape: Callable[[str], str]) -> Callable[[str], str]:
    """The HTML format's escape, on one line: a blank line would end the Markdown HTML block."""
    return lambda text: escape(_WHITESPACE_RE.sub(" ", text))


# -- front matter ---------------------------------------------------------------------------

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_FIRST_KEY_RE = {"---": re.compile(r"[\w-]+\s*:"), "+++": re.compile(r"[\w-]+\s*=")}
_YAML_VALUE_RE = re.compile(r"""([\w-]+)[ \t]*:[ \t]+(?:"((?:[^"\\]|\\["\\])*)"|'((?:[^']|'')*)'|"""
                            r"""([^\s"'\[\]{}>|*&!%@`#,?:-][^#]*?|-[^\s#][^#]*?))[ \t]*(?:[ \t]#.*)?""")
_TOML_VALUE_RE = re.compile(r"""([\w-]+)[ \t]*=[ \t]*(?:"((?:[^"\\\n]|\\["\\])*)"|'([^'\n]*)')[ \t]*(?:#.*)?""")


def _front_matter_lines(bodies: list[str]) -> int:
    """How many lines a YAML (`---`) or TOML (`+++`) front matter block takes at the top, or 0."""
    fence = bodies[0].rstrip() if bodies else ""
    if fence not in _FENCES or len(bodies) < 2 or not _FIRST_KEY_RE[fence].match(bodies[1]):
        return 0
    for number in range(2, len(bodies)):
        if bodies[number].rstrip() in _FENCES[fence]:
            return number + 1
    return 0


def _front_matter(cursor: SourceCursor, text: str, starts: list[int], bodies: list[str], keys: set[str]) -> None:
    """One segment for each configured top-level key with a one-line string value."""
    toml = bodies[0].startswith("+")
    for number, body in enumerate(bodies[1:-1], 1):
        match = (_TOML_VALUE_RE if toml else _YAML_VALUE_RE).fullmatch(body)
        if not match or match.group(1) not in keys:
            continue
        group = next(group for group in (2, 3, 4) if match.group(group) is not None)
        raw = match.group(group)
        if group == 2:
            shown, escape = re.sub(r"\\(.)", r"\1", raw), _escape_double_quoted
        elif group == 3 and not toml:
            shown, escape = raw.replace("''", "'"), _escape_yaml_single
        elif group == 3:
            shown, escape = raw, _escape_toml_literal
        else:
            shown, escape = raw, _escape_yaml_plain
        if not any(char.isalpha() for char in shown):
            continue
        start = starts[number] + match.start(group)
        end = starts[number] + match.end(group)
        if group == 3 and toml:  # a literal string cannot hold every translation: the quotes go too
            start, end = start - 1, end + 1
        cursor.literal_to(start)
        builder = cursor.builder
        builder.blocks += 1
        builder.pieces.append(Segment(text=shown, source=text[start:end], line=number + 1,
                                      kind=f"front matter {match.group(1)}", block=builder.blocks,
                                      escape=escape))
        cursor.position = end


def _one_line(text: str) -> str:
    return _WHITESPACE_RE.sub(" ", text).strip()


def _escape_double_quoted(text: str) -> str:
    return _one_line(text).replace("\\", "\\\\").replace('"', '\\"')


def _escape_yaml_single(text: str) -> str:
    return _one_line(text).replace("'", "''")


def _escape_toml_literal(text: str) -> str:
    text = _one_line(text)
    return f"'{text}'" if "'" not in text else f'"{_escape_double_quoted(text)}"'


_YAML_PLAIN_RE = re.compile(r"""[^\s"'\[\]{}>|*&!%@`#,?:-](?:[^:#]|:(?=\S)|(?<!\s)#)*""")
_YAML_SPECIAL_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


def _escape_yaml_plain(text: str) -> str:
    """A plain scalar when the translation reads the same as one, else a double-quoted string."""
    text = _one_line(text)
    if (_YAML_PLAIN_RE.fullmatch(text) and text.lower() not in _YAML_SPECIAL_WORDS
            and not re.fullmatch(r"[-+.\d].*", text)):
        return text
    return f'"{_escape_double_quoted(text)}"'


# -- structure ------------------------------------------------------------------------------

def skeleton(text: str) -> list[str]:
    """The page's structure without its translatable text, one string per token: block and inline
    token types, nesting, heading levels, list markers, table alignment, link and image targets,
    code and raw HTML, the front matter's keys. A translation keeps it or changed the page."""
    text = text.removeprefix("\ufeff")  # a byte order mark is not part of the page (`parse_file` keeps it aside)
    starts, bodies = _lines(text)
    skipped = _front_matter_lines(bodies)
    out = [f"front matter {re.split(r'[:=]', body, maxsplit=1)[0]}" for body in bodies[:skipped]]
    for token in _tokens(text, starts, skipped):
        if token.type == "inline":
            out += _inline_skeleton(token.children or [])
        elif token.type == "html_block":
            out += _html_skeleton(token.content)
        else:
            shape = f"{token.type} {token.tag} {token.markup} {token.info} {sorted((token.attrs or {}).items())}"
            out.append(shape + (f" {token.content!r}" if token.type in ("fence", "code_block") else ""))
    return out


def _inline_skeleton(children: Sequence[Token]) -> list[str]:
    """The inline markup as a tree, siblings in any order (a translation may reorder its placeholders)
    but each pair with what it holds (`*(*foo*)*` is emphasis inside emphasis, not two in a row)."""
    levels: list[list[str]] = [[]]  # the shapes of each open pair's content, innermost last
    for child in children:
        if child.type in ("text", "text_special", "softbreak"):
            continue
        attrs = {name: value for name, value in (child.attrs or {}).items() if name not in ("alt", "title")}
        shape = f"{child.type} {child.markup} {sorted(attrs.items())}"
        shape += f" {child.content!r}" if child.type in ("code_inline", "html_inline") else ""
        if child.nesting == 1:
            levels.append([shape])
        elif child.nesting == -1 and len(levels) > 1:
            opener, *inside = levels.pop()
            levels[-1].append(f"{opener} [{', '.join(sorted(inside))}] {shape}")
        else:
            levels[-1].append(shape)
    while len(levels) > 1:  # markdown-it closes every pair it opens; kept for safety
        opener, *inside = levels.pop()
        levels[-1].append(f"{opener} [{', '.join(sorted(inside))}]")
    return sorted(levels[0])


class _Tags(HTMLParser):
    """Tag names and attribute names of an HTML block, in order (when the HTML format has no skeleton)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(f"<{tag} {' '.join(sorted(name for name, _ in attrs))}>")

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"</{tag}>")


def _html_skeleton(content: str) -> list[str]:
    own = getattr(html, "skeleton", None)
    if own is not None:
        return own(content)
    parser = _Tags()
    parser.feed(content)
    parser.close()
    return parser.tags
