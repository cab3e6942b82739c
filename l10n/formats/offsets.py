"""Source offsets for the structured formats (Markdown, HTML).

Both formats find blocks at character offsets in the page, show translators a
normalised display text (lines joined, whitespace collapsed, tags as
placeholders) and must hand `PageBuilder` the characters in between as
literals. `Display` records where every display character comes from;
`SourceCursor` walks the page once, front to back, so no byte is lost or
emitted twice.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from . import Page, PageBuilder, Piece, sentence_spans

# Display text ending with a sentence's final punctuation (maybe inside quotes, brackets,
# emphasis or a closed tag): a line break after it may be shown as a space, see `settle_breaks`.
SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]*_]*(?:</\d+>)* ?$")
SENTENCE_END_TAIL = 80  # characters: a sentence end followed by a dozen closing placeholders


class Display:
    """A block's display text, with the (start, end) page offsets of each character."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.spans: list[tuple[int, int]] = []

    def copy(self, page: str, start: int, end: int) -> None:
        """Show page[start:end] as written, character by character."""
        self.chars.extend(page[start:end])
        self.spans.extend((offset, offset + 1) for offset in range(start, end))

    def stand_in(self, text: str, start: int, end: int) -> None:
        """Show `text` in place of page[start:end] (a space for a line break, a placeholder for a tag)."""
        self.chars.extend(text)
        self.spans.extend([(start, end)] * len(text))

    def space(self, start: int, end: int) -> None:
        """Show page[start:end] (whitespace, a line break) as one space, merged with a space just before."""
        if self.chars and self.chars[-1] == " " and self.spans[-1][1] == start:
            self.spans[-1] = (self.spans[-1][0], end)
        else:
            self.stand_in(" ", start, end)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def ends_sentence(self) -> bool:
        """Whether the text so far ends a sentence (`SENTENCE_END_RE`). Looks at the last characters
        only, so asking after every line break of a long block stays linear."""
        return SENTENCE_END_RE.search("".join(self.chars[-SENTENCE_END_TAIL:])) is not None


class SourceCursor:
    """Feeds a page to a `PageBuilder` in order: literals up to each block, then the block."""

    def __init__(self, page: str, line_starts: list[int] | None = None, position: int = 0) -> None:
        self.page = page
        self.builder = PageBuilder()
        self.position = position
        self._line_starts = line_starts or [0] + [index + 1 for index, char in enumerate(page) if char == "\n"]

    def sub(self, start: int, end: int, fill: Callable[[SourceCursor], None]) -> list[Piece]:
        """The pieces of page[start:end] as `fill` cuts them with a cursor of its own (markup that
        holds segments, such as a tag with a translatable attribute inside a sentence)."""
        cursor = SourceCursor(self.page, self._line_starts, start)
        fill(cursor)
        cursor.literal_to(end)
        return cursor.builder.pieces

    def line_of(self, offset: int) -> int:
        """The 1-based line of a page offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def literal_to(self, end: int) -> None:
        """Everything from the cursor up to `end` is kept as it is."""
        if end > self.position:
            self.builder.literal(self.page[self.position:end])
            self.position = end

    def block(self, display: Display, kind: str, markup: dict[str, str] | None = None, **segment: Any) -> None:
        """Add a block whose display characters all lie at or after the cursor.

        `segment`: `escape`, `label`, `inner`, `notes`, `legend`, as `PageBuilder.add_block` takes them.
        """
        start, end = display.spans[0][0], display.spans[-1][1]
        self.literal_to(start)
        spans = [(a - start, b - start) for a, b in display.spans]
        self.builder.add_block(display.text, self.line_of(start), kind, source_spans=spans,
                               source=self.page[start:end], markup=markup, **segment)
        self.position = end

    def special(self, start: int, end: int, piece: type[str]) -> None:
        """page[start:end] as a piece of class `piece` (`PageLanguage`, `TextDirection`)."""
        self.literal_to(start)
        self.builder.special(piece(self.page[start:end]))
        self.position = end

    def finish(self) -> Page:
        self.literal_to(len(self.page))
        return self.builder.page()


Built = tuple[Display, dict[str, str], set[int]]


def settle_breaks(build: Callable[[set[int]], Built]) -> tuple[Display, dict[str, str]]:
    """A block's display text, with line breaks between two sentences shown as spaces.

    A line break (`<br>`, a Markdown hard break) is markup: shown as a placeholder
    it survives translation, but a break between two sentences would start the
    next msgid with `<1/>`. Shown as a space, it is cut out between the two
    segments and kept as it is — if the sentence splitter really cuts there; a
    break inside a sentence would be lost with the translation.

    `build(refused)` makes the display text, showing as a space each break that
    follows a sentence end and does not start at a page offset in `refused`, and
    returns the page offsets of the breaks it showed as spaces. Breaks that land
    inside a sentence are refused and the block is built again.
    """
    refused: set[int] = set()
    while True:
        display, markup, spaced = build(refused)
        sentences = [(display.spans[start][0], display.spans[end - 1][1])
                     for start, end in sentence_spans(display.text, bool(markup))]
        starts = [start for start, _ in sentences]  # in page order, not overlapping
        inside = {offset for offset in spaced
                  if (index := bisect.bisect_right(starts, offset) - 1) >= 0 and offset < sentences[index][1]}
        if not inside:
            return display, markup
        refused |= inside
