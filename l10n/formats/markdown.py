"""Markdown pages (CommonMark plus GFM tables), parsed with markdown-it-py.

Units: headings, paragraphs, paragraphs inside list items and blockquotes, and
table cells. Inline Markdown stays in the msgid as written (po4a/mdpo style):
translators see `**bold**`, `[a link](https://…)` and `` `code` `` and keep them.
A paragraph spread over several lines is shown on one line (lines joined by a
space); the first line's prefix (`> `, `- `, `1. `, `# `, indentation) stays
outside the segment, and a sentence that spans lines replaces the continuation
prefixes too — the translation is one line. A hard line break (two trailing
spaces or a backslash) inside a sentence becomes a `<n/>` placeholder, so it
survives translation; one after a sentence's final punctuation is left between
two segments, where it is kept as it is.

Kept as they are, never translated: code blocks (fenced and indented), HTML
blocks, link reference definitions and thematic breaks (markdown-it gives them
no inline content), a YAML front matter block at the top, and blocks without
a letter outside code spans and raw HTML (`**2024**`, a lone `` `code` ``).

markdown-it strips container prefixes and gives block contents plus line
ranges (`token.map`), not character offsets; this module finds each content
line again in its source line. Where that fails (NUL characters, which
markdown-it replaces), the block is kept untranslated rather than guessed.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from . import Page
from .offsets import SENTENCE_END_RE, Built, Display, SourceCursor, settle_breaks

_MARKDOWN = MarkdownIt("commonmark").enable("table")

# Lines as markdown-it counts them: it ends a line at \r\n, \r or \n (and nothing else).
LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
# What may follow a block's text on its line: whitespace; for ATX headings also the closing #s.
TRAILER_RE = re.compile(r"\s*")
ATX_TRAILER_RE = re.compile(r"(?:[ \t]+#+)?\s*")
FRONT_MATTER_KEY_RE = re.compile(r"[\w-]+\s*:")


def parse(text: str) -> Page:
    starts, bodies = _lines(text)
    skipped = _front_matter_lines(bodies)
    if skipped:  # blank lines in place of the front matter keep markdown-it's line numbers
        rest = text[starts[skipped]:] if skipped < len(starts) else ""
        tokens = _MARKDOWN.parse("\n" * skipped + rest)
    else:
        tokens = _MARKDOWN.parse(text)

    cursor = SourceCursor(text)
    containers: list[Token] = []  # open block tokens, innermost last
    row_search = row_end = 0  # the part of the current table row after the previous cell
    for token in tokens:
        if token.nesting == 1:
            containers.append(token)
            if token.type == "tr_open" and token.map:
                row_search = starts[token.map[0]]
                row_end = row_search + len(bodies[token.map[0]])
            continue
        if token.nesting == -1:
            containers.pop()
            continue
        if token.type != "inline" or not token.map or not _has_words(token):
            continue
        opener = containers[-1]
        if opener.type in ("th_open", "td_open"):
            found = _table_cell(text, row_search, row_end, token)
            if found is None:
                continue
            display, row_search = found
            cursor.block(display, "table cell")
        else:
            atx = opener.type == "heading_open" and opener.markup.startswith("#")
            lines = _block_lines(starts, bodies, token, atx)
            if lines is not None:
                display, markup = settle_breaks(lambda refused: _joined(text, lines, refused))
                cursor.block(display, _kind(containers), markup or None)
    return cursor.finish()


def _lines(text: str) -> tuple[list[int], list[str]]:
    """Start offset and text (without line ending) of every line."""
    starts, bodies = [], []
    for match in LINE_RE.finditer(text):
        starts.append(match.start())
        bodies.append(match.group().rstrip("\r\n"))
    return starts, bodies


def _front_matter_lines(bodies: list[str]) -> int:
    """How many lines a YAML front matter block (`---` … `---`) takes at the top, or 0."""
    if len(bodies) < 2 or bodies[0].rstrip() != "---" or not FRONT_MATTER_KEY_RE.match(bodies[1]):
        return 0
    for number in range(2, len(bodies)):
        if bodies[number].rstrip() in ("---", "..."):
            return number + 1
    return 0


def _has_words(token: Token) -> bool:
    """Whether the text outside code spans and raw HTML has a letter; else there is nothing to translate."""
    return any(char.isalpha() for child in token.children or []
               if child.type in ("text", "image") for char in child.content)


def _kind(containers: list[Token]) -> str:
    if containers[-1].type == "heading_open":
        return "heading"
    for container in reversed(containers):
        if container.type == "list_item_open":
            return "list item"
        if container.type == "blockquote_open":
            return "blockquote"
    return "paragraph"


def _block_lines(starts: list[int], bodies: list[str], token: Token,
                 atx: bool) -> list[tuple[int, int, bool]] | None:
    """Each line of a heading or paragraph as (start, end, ends with a hard break), or None if not found."""
    content_lines = token.content.split("\n")
    lines = []
    for number, content in enumerate(content_lines):
        line = token.map[0] + number
        content = content.strip(" \t")  # markdown-it keeps the indentation of continuation lines
        if line >= len(bodies) or not content:
            return None
        at = _locate(bodies[line], content, ATX_TRAILER_RE if atx else TRAILER_RE)
        if at is None:
            return None
        start = starts[line] + at
        end = start + len(content)
        hard_break = False
        if number + 1 < len(content_lines):  # the last line's trailing spaces or backslash break nothing
            if (len(content) - len(content.rstrip("\\"))) % 2:
                end -= 1  # the backslash belongs to the break, not to the text
                hard_break = True
            else:
                hard_break = bodies[line].endswith("  ")
        lines.append((start, end, hard_break))
    return lines


def _joined(page: str, lines: list[tuple[int, int, bool]], refused: set[int]) -> Built:
    """The display text of a block's lines: joined by spaces, hard breaks as placeholders (see `settle_breaks`)."""
    display = Display()
    markup: dict[str, str] = {}
    spaced: set[int] = set()
    previous_end, hard_break = 0, False
    for number, (start, end, breaks) in enumerate(lines):
        if number:
            if hard_break and (previous_end in refused or not SENTENCE_END_RE.search(display.text)):
                placeholder = f"<{len(markup) + 1}/>"
                markup[placeholder] = page[previous_end:start]
                display.stand_in(placeholder, previous_end, start)
            else:
                display.stand_in(" ", previous_end, start)
                if hard_break:
                    spaced.add(previous_end)
        display.copy(page, start, end)
        previous_end, hard_break = end, breaks
    return display, markup, spaced


def _locate(body: str, content: str, trailer: re.Pattern[str]) -> int | None:
    """Where `content` sits in its source line: the last place followed only by `trailer`."""
    at = body.rfind(content)
    while at >= 0:
        if trailer.fullmatch(body, at + len(content)):
            return at
        at = body.rfind(content, 0, at + len(content) - 1)
    return None


def _table_cell(page: str, search_from: int, row_end: int, token: Token) -> tuple[Display, int] | None:
    """The display text of a table cell and where to look for the next cell of its row.

    Cells come in order, so each is the next occurrence of its text in the row;
    markdown-it turns an escaped `\\|` into `|`, which is undone for the search.
    """
    raw = token.content.replace("|", "\\|")
    start = page.find(raw, search_from, row_end)
    if start < 0:
        return None
    display = Display()
    display.copy(page, start, start + len(raw))
    return display, start + len(raw)
