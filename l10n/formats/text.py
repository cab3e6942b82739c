"""Plain text pages: scraped one-block-per-line text, or hard-wrapped text (release notes, READMEs).

Scraped text (the default) has one block per line:
- separator lines (`-`, `***`, `----`) and lines with no letters or digits: kept, not translated;
- bullet lines (`- item`, `* item`, `• item`, `1. item`): the bullet is kept, the text is a list item;
- short lines without sentence punctuation (navigation, titles): headings;
- a heading glued to its paragraph by the scraper (`WHO WE AREThe International…`,
  `Our WorkAs the leading…`): cut into the heading and the paragraph, on the same line;
- everything else: a paragraph, cut into sentences.

Hard-wrapped text (recognised by `looks_wrapped`, or forced with `wrapped=True`)
has paragraphs broken at a fixed column. Lines are joined where the wrapping
tool broke them — the next line's first word would not have fitted — or where
the next line continues a sentence (starts in lower case) or a list item
(indented under its bullet); a line that is followed by a `===`/`---` underline
is a heading. Units are cut into sentences across their lines, and export
reflows a translated unit to its own width and indentation (`WrappedPage`).

Line endings, blank lines and trailing spaces stay as they are in untranslated
units. A translation is one line of text: line breaks in it become spaces.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from ..patterns import find_spans
from . import Page, PageBuilder, Segment

CONTACT_KINDS = ("url", "email", "phone")

SEPARATOR_RE = re.compile(r"^[\W_]*$")  # no letter or digit at all
BULLET_RE = re.compile(r"^(\s*(?:[-*+•·‣▪◦–—]|\d{1,3}[.)])\s+)(?=\w|[\"'“‘(])")
RUN_RE = re.compile(r"(.)\1+")  # a run of one character (`=====`), for the skeleton
UNDERLINE_RE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
SENTENCE_END_RE = re.compile(r"[.!?:;,…\"'”’)]$")
# An all-capitals heading of two words or more, glued to a capitalised word: "WHO WE AREThe ...".
GLUED_CAPS_RE = re.compile(r"^([A-Z][A-Z0-9&'’/-]*(?: [A-Z0-9&'’/-]+)+)(?=[A-Z][a-z])")
HEADING_MAX_WORDS = 8  # any short line without sentence punctuation
TITLE_MAX_WORDS = 20  # a longer one when most words are capitalised (a news headline)
# Wrapped text: lines no longer than this, and most joints inside paragraphs forced by the width.
WRAP_MAX_WIDTH = 100
WRAP_MIN_WIDTH = 40
WRAP_MIN_JOINTS = 3
WRAP_SHARE = 0.5


def one_line(text: str) -> str:
    """A translation as plain text on one line (the escape of plain text: a line break would add a line),
    without whitespace at its ends: the source's own spacing around the segment stays (a leading
    space would indent the line, or start the paragraph one column right)."""
    return re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", text).strip()


def parse(text: str, *, wrapped: bool | None = None) -> Page:
    """Cut a plain text page into segments; `wrapped` None recognises hard-wrapped text by itself."""
    lines = text.splitlines(keepends=True)
    if wrapped is None:
        wrapped = looks_wrapped(lines)
    return _parse_wrapped(lines) if wrapped else _parse_lines(lines)


# -- scraped text: one block a line ---------------------------------------------------------

def _parse_lines(lines: list[str]) -> Page:
    short_lines = {line.strip().casefold() for line in lines if _looks_like_heading(line.strip())}
    builder = PageBuilder()
    for number, line in enumerate(lines, 1):
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        content = body.strip()
        if not content or SEPARATOR_RE.match(content):
            builder.literal(line)
            continue
        indent = body[: len(body) - len(body.lstrip())]
        trailing = body[len(body.rstrip()):]
        builder.literal(indent)
        bullet = BULLET_RE.match(content)
        if bullet:
            builder.literal(bullet.group(1))
            builder.add_block(content[bullet.end():], number, "list item", escape=one_line)
        else:
            _add_line(builder, content, number, short_lines)
        builder.literal(trailing + ending)
    return builder.page()


def _add_line(builder: PageBuilder, content: str, number: int, short_lines: set[str]) -> None:
    cut = _glued_heading_end(content, short_lines)
    if cut:
        builder.add_block(content[:cut], number, "heading", escape=one_line)
        builder.add_block(content[cut:], number, "paragraph", escape=one_line)
    elif _looks_like_heading(content):
        builder.add_block(content, number, "heading", escape=one_line)
    else:
        builder.add_block(content, number, "paragraph", escape=one_line)


def _looks_like_heading(content: str) -> bool:
    words = content.split()
    if not words or len(words) > TITLE_MAX_WORDS or SENTENCE_END_RE.search(content):
        return False
    if find_spans(content, CONTACT_KINDS):  # "Brussels: Ryan Schroeder, r@iom.int, +32 …" is no heading
        return False
    capitalised = sum(word[:1].isupper() or word[:1].isdigit() for word in words)
    return len(words) <= HEADING_MAX_WORDS or capitalised >= 0.6 * len(words)


def _glued_heading_end(content: str, short_lines: set[str]) -> int:
    """Where a heading glued to the following paragraph ends, or 0 when there is none.

    Two clues, both needing a capital letter right after the cut: an all-capitals
    run of words (`WHO WE AREThe`), or a heading that also stands alone on another
    line of the page (`Our Work` ... `Our WorkAs the`).
    """
    match = GLUED_CAPS_RE.match(content)
    if match:
        return match.end()
    best = 0
    for heading in short_lines:
        end = len(heading)
        if (best < end < len(content) - 1 and content[:end].casefold() == heading
                and content[end - 1].isalnum() and content[end].isupper() and content[end + 1:end + 2].islower()):
            best = end
    return best


# -- hard-wrapped text ------------------------------------------------------------------------

def looks_wrapped(lines: list[str]) -> bool:
    """Whether the page's paragraphs are hard-wrapped: no line longer than `WRAP_MAX_WIDTH`, and
    most places where a text line is followed by another one are breaks a wrapping tool made
    (the next word would not have fitted) or cut a sentence (the next line starts in lower case)."""
    bodies = [line.rstrip() for line in lines]
    width = wrap_width(bodies)
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return False
    joints = forced = 0
    for before, after in zip(bodies, bodies[1:]):
        if _is_break(before) or _is_break(after) or BULLET_RE.match(after):
            continue
        joints += 1
        forced += _wrap_joint(before, after, width)
    return forced >= WRAP_MIN_JOINTS and forced >= WRAP_SHARE * joints


def wrap_width(bodies: list[str]) -> int:
    """The column a page's lines were wrapped at: its longest line, leaving out lines that hold one
    word (a long URL or path: a wrapping tool cannot break it and leaves it longer)."""
    breakable = [len(body.rstrip()) for body in bodies
                 if len(body.split()) > 1 + bool(BULLET_RE.match(body.strip()))]
    return max(breakable or [len(body.rstrip()) for body in bodies] or [0])


def _is_break(body: str) -> bool:
    """A line that is no text: blank, a separator or an underline."""
    return not body.strip() or SEPARATOR_RE.match(body.strip()) is not None


def _wrap_joint(before: str, after: str, width: int) -> bool:
    """Whether the break between two text lines was made by wrapping: the first word of `after`
    would not have fitted on `before` at `width` columns, or `after` goes on in lower case."""
    return len(before.rstrip()) + 1 + len(after.split()[0]) > width or after.lstrip()[:1].islower()


@dataclass
class _Unit:
    """Consecutive lines that read as one block."""

    first: int  # index of its first line
    lines: list[int] = field(default_factory=list)
    kind: str = "paragraph"
    prefix: str = ""  # indentation and bullet before the text of the first line


def _units(bodies: list[str]) -> list[_Unit]:
    width = wrap_width(bodies)
    units: list[_Unit] = []
    current: _Unit | None = None
    for index, body in enumerate(bodies):
        if _is_break(body):
            current = None
            continue
        following = bodies[index + 1] if index + 1 < len(bodies) else ""
        bullet = BULLET_RE.match(body)
        content = body.strip()
        if current is not None and not bullet and _continues(current, bodies, body, width):
            current.lines.append(index)
            continue
        if bullet:
            current = _Unit(index, [index], "list item", bullet.group(1))
        else:
            indent = body[: len(body) - len(body.lstrip())]
            current = _Unit(index, [index], "paragraph", indent)
            joined = not (_is_break(following) or BULLET_RE.match(following)) and _wrap_joint(body, following, width)
            if UNDERLINE_RE.match(following) or (not joined and _looks_like_heading(content)):
                current.kind = "heading"
        units.append(current)
        if current.kind == "heading":
            current = None
    return units


def _continues(unit: _Unit, bodies: list[str], body: str, width: int) -> bool:
    """Whether `body` carries on the unit: wrapping broke the line before it (see `_wrap_joint`),
    and in a list item it is indented more than the bullet."""
    bullet_indent = len(unit.prefix) - len(unit.prefix.lstrip())
    if unit.kind == "list item" and len(body) - len(body.lstrip()) <= bullet_indent:
        return False
    return _wrap_joint(bodies[unit.lines[-1]], body, width)


class Underline(str):
    """The `===`/`---` line under a heading, as long as the heading: as long as its translation on export."""


class WrappedPage(Page):
    """A page of hard-wrapped text: a translated unit is reflowed to the width and indentation of
    its source lines; a unit with no translation is kept byte for byte."""

    def __init__(self, pieces: list, units: list[tuple[list[Segment], int, str, str, bool]]) -> None:
        super().__init__(pieces)
        # (segments, width, indentation of the following lines, line ending, reflow) by first segment
        self.units = {id(unit[0][0]): unit for unit in units}

    def render(self, translate: Callable[[Segment], str | None] = lambda segment: None,
               language: str | None = None) -> str:
        """As `Page.render`; a text page declares no language, so `language` changes nothing."""
        out: list[str] = []
        index = 0
        heading = None  # the last unit's translated text, when it was a translated heading
        while index < len(self.pieces):
            piece = self.pieces[index]
            unit = self.units.get(id(piece))
            if isinstance(piece, Underline):
                out.append(piece if heading is None else piece[0] * len(heading))
                index += 1
                continue
            if unit is None:
                translation = None if isinstance(piece, str) else translate(piece)
                out.append(piece if isinstance(piece, str) else
                           piece.source if translation is None else piece.restore(translation))
                index += 1
                continue
            segments, width, indent, ending, reflow = unit
            last = next(end for end in range(index, len(self.pieces)) if self.pieces[end] is segments[-1])
            translations = [translate(segment) for segment in segments]
            if all(translation is None for translation in translations):
                out += [item if isinstance(item, str) else item.source for item in self.pieces[index:last + 1]]
                heading = None
            else:
                text = " ".join(segment.text if translation is None else segment.restore(translation)
                                for segment, translation in zip(segments, translations))
                out.append(_reflow(text, width, indent, ending) if reflow else text)
                heading = None if reflow else text
            index = last + 1
        return "".join(out)


def _reflow(text: str, width: int, indent: str, ending: str) -> str:
    """`text` wrapped at `width` columns; its first line continues a line already `len(indent)` long."""
    lines: list[str] = []
    for line in textwrap.wrap(text, width=max(width, len(indent) + 20), initial_indent=" " * len(indent),
                              subsequent_indent=indent, break_long_words=False, break_on_hyphens=False):
        words = line[len(indent):]
        while words and lines and (SEPARATOR_RE.match(words) or BULLET_RE.match(words)):
            # on a line of its own it would read as a separator or a bullet: take words along
            head, _, last = lines[-1].rpartition(" ")
            if head.strip():
                lines[-1], words = head, f"{last} {words}"
            else:
                lines[-1], words = f"{lines[-1]} {words}", ""
        if words:
            lines.append(indent + words)
    return ending.join(lines)[len(indent):]


def _parse_wrapped(lines: list[str]) -> Page:
    bodies = [line.rstrip("\r\n") for line in lines]
    width = wrap_width(bodies)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    text = "".join(lines)
    builder = PageBuilder()
    position = 0
    units = []
    for unit in _units(bodies):
        display: list[str] = []
        spans: list[tuple[int, int]] = []
        for index in unit.lines:
            body = bodies[index]
            start = starts[index] + (len(unit.prefix) if index == unit.first else len(body) - len(body.lstrip()))
            end = starts[index] + len(body.rstrip())
            if display:
                display.append(" ")
                spans.append((spans[-1][1], start))
            for offset in range(start, end):  # runs of spaces shown as one
                if text[offset].isspace() and display[-1:] == [" "]:
                    spans[-1] = (spans[-1][0], offset + 1)
                else:
                    display.append(" " if text[offset].isspace() else text[offset])
                    spans.append((offset, offset + 1))
        block_start, block_end = spans[0][0], spans[-1][1]
        builder.literal(text[position:block_start])
        count = len(builder.pieces)
        builder.add_block("".join(display), unit.first + 1, unit.kind, escape=one_line,
                          source=text[block_start:block_end],
                          source_spans=[(a - block_start, b - block_start) for a, b in spans])
        position = block_end
        segments = [piece for piece in builder.pieces[count:] if isinstance(piece, Segment)]
        if segments:
            own = wrap_width([bodies[index] for index in unit.lines])
            following = bodies[unit.lines[1]] if len(unit.lines) > 1 else ""
            indent = (following[: len(following) - len(following.lstrip())] if following
                      else " " * len(unit.prefix))
            ending = lines[unit.first][len(bodies[unit.first]):] or "\n"
            units.append((segments, own if len(unit.lines) > 1 else width, indent, ending, unit.kind != "heading"))
        below = unit.lines[-1] + 1
        if (unit.kind == "heading" and below < len(bodies) and UNDERLINE_RE.match(bodies[below])
                and len(bodies[below].strip()) == len(text[block_start:block_end]) and segments):
            start = starts[below] + len(bodies[below]) - len(bodies[below].lstrip())
            builder.literal(text[position:start])
            builder.pieces.append(Underline(bodies[below].strip()))
            position = start + len(bodies[below].strip())
    builder.literal(text[position:])
    return WrappedPage(builder.pieces, units)


# -- structure --------------------------------------------------------------------------------

def skeleton(text: str) -> list[str]:
    """The page's structure without its text: runs of blank lines, separator lines (as written) and
    the start of each text block with its indentation. A line right after a text line adds nothing,
    so reflowing a translated paragraph keeps the skeleton; bullets are the source's own text, kept
    outside every segment, and a translation that begins like one (`30. …`) reads the same."""
    out: list[str] = []
    for line in text.splitlines():
        content = line.strip()
        if not content:
            shape = "blank"
        elif SEPARATOR_RE.match(content):  # its length aside: an underline follows its heading's
            shape = "separator " + RUN_RE.sub(r"\1\1", content)
        elif out and out[-1].startswith("text"):
            continue
        else:
            shape = f"text {len(line) - len(line.lstrip())}"
        if not (out and shape == "blank" == out[-1]):
            out.append(shape)
    return out
