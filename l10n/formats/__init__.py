"""Source formats: each module both cuts a page into segments and puts translations back.

A format's `parse(text) -> Page` returns the page as a sequence of *pieces*:
literal strings (markup, separators, whitespace — everything not translated)
and `Segment`s (one sentence each). Joining the pieces with every segment's
original `source` text gives the file back byte for byte; joining them with
translations gives the localised page with the same structure. That one
invariant is what makes export a plain loop and the round trip exact.

Inline markup inside a sentence (HTML tags) is shown to translators as
numbered placeholders — `<1>linked text</1>`, `<2/>` for a standalone element —
and `Segment.markup` maps each placeholder back to the original markup. A
placeholder's markup may itself hold translatable text (`title` on an inline
`<abbr>`): `Segment.inner` gives that markup as pieces with segments of their
own, which `Page.segments()` lists after the sentence.

Two kinds of literal piece change with the target language: `PageLanguage`
(the value of `<html lang>`) and `TextDirection` (`dir`, or the place where one
is added for a right-to-left language). They change only in a page that has at
least one translated segment, so an untranslated export stays byte for byte.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import InputError

# Paired `<1>`…`</1>` and standalone `<2/>` placeholders for inline markup.
PLACEHOLDER_RE = re.compile(r"</?(\d+)/?>")


@dataclass
class Segment:
    """One sentence of a page: a msgid plus what is needed to put a translation back."""

    text: str  # the msgid: what translators see
    source: str  # the exact original characters this segment replaces
    line: int  # 1-based line where the segment starts
    kind: str  # block kind: heading, paragraph, list item, table cell, ...
    block: int  # 1-based number of the block (paragraph) it belongs to
    index: int = 1  # position of the sentence in its block
    count: int = 1  # number of sentences in the block
    markup: dict[str, str] = field(default_factory=dict)  # placeholder -> original markup
    # Makes translated text safe where it lands (HTML text or attribute, Markdown inline, table
    # cell...): applied to the text between placeholders, never to the source's own markup.
    escape: Callable[[str], str] | None = field(default=None, repr=False, compare=False)
    # Said in the comment instead of the block number, e.g. "alt of img" for an attribute.
    label: str = ""
    # placeholder -> its markup as pieces, where that markup holds segments of its own
    inner: dict[str, list[Piece]] = field(default_factory=dict, repr=False)
    # placeholder -> what it stands for, told in the comment (`<2/> = code "ls -l"`)
    notes: dict[str, str] = field(default_factory=dict)
    legend: bool = False  # the comment also names every placeholder's markup on a line of its own (Markdown)

    @property
    def comment(self) -> str:
        """The extracted comment (`#.`): block kind and the paragraph (or attribute) it belongs to,
        then what opaque placeholders stand for; with `legend` a second line naming each
        placeholder's markup (`<1/> = `cd ..``)."""
        where = f"{self.kind} {self.label or self.block}"
        if self.count > 1:
            where += f", sentence {self.index} of {self.count}"
        where = "; ".join([where, *(f"{token} = {note}" for token, note in self.notes.items())])
        return f"{where}\n{placeholder_legend(self.markup)}" if self.legend and self.markup else where

    def restore(self, translation: str, translate: Translate = lambda segment: None) -> str:
        """The translation with its markup placeholders turned back into the original markup.

        Text between placeholders goes through `escape`; a placeholder the segment does not
        have is text too. `translate` serves the segments inside the markup (`inner`).
        """
        escape = self.escape or (lambda text: text)
        if not self.markup:
            return escape(translation)
        out = []
        position = 0
        for match in PLACEHOLDER_RE.finditer(translation):
            out.append(escape(translation[position:match.start()]))
            token = match.group(0)
            if token in self.inner:
                out.append(render_pieces(self.inner[token], translate))
            else:
                out.append(self.markup[token] if token in self.markup else escape(token))
            position = match.end()
        out.append(escape(translation[position:]))
        return "".join(out)

    def render(self, translate: Translate) -> str:
        """`restore(translate(self))`, or the source where that is None (its inner segments still translated)."""
        translation = translate(self)
        if translation is not None:
            return self.restore(translation, translate)
        if not self.inner:
            return self.source
        out = []
        position = 0
        for token in self.placeholders():  # each markup stands in the source in the msgid's order
            start = self.source.index(self.markup[token], position)
            if token in self.inner:
                out.append(self.source[position:start])
                out.append(render_pieces(self.inner[token], translate))
                position = start + len(self.markup[token])
            else:  # passed over, so a later search cannot find its text (a tag inside a comment)
                out.append(self.source[position:start + len(self.markup[token])])
                position = start + len(self.markup[token])
        out.append(self.source[position:])
        return "".join(out)

    def placeholders(self) -> list[str]:
        """The segment's own placeholders in the order of its msgid."""
        return [match.group(0) for match in PLACEHOLDER_RE.finditer(self.text) if match.group(0) in self.markup]

    def nested(self) -> Iterator[Segment]:
        """The segments inside this segment's markup (attributes of inline elements), in page order."""
        for token in self.placeholders():
            for piece in self.inner.get(token, ()):
                if isinstance(piece, Segment):
                    yield piece


def placeholder_legend(markup: dict[str, str]) -> str:
    """One line naming what each placeholder stands for: `<1>…</1> = **…**; <2/> = `cd ..``."""
    def shown(text: str) -> str:
        return re.sub(r"\s*[\r\n]\s*", "↵", text)

    parts = []
    for token, text in markup.items():
        if token.endswith("/>"):
            parts.append(f"{token} = {shown(text)}")
        elif not token.startswith("</"):
            closing = "</" + token[1:]
            parts.append(f"{token}…{closing} = {shown(text)}…{shown(markup.get(closing, ''))}")
    return "placeholders: " + "; ".join(parts)


Piece = str | Segment
Translate = Callable[[Segment], "str | None"]


def render_pieces(pieces: list[Piece], translate: Translate) -> str:
    return "".join(piece if isinstance(piece, str) else piece.render(translate) for piece in pieces)


class PageLanguage(str):
    """A literal piece naming the page's language (`lang="en"`): the target language in a translated page."""


class TextDirection(str):
    """The value of the page's `dir`, or "" where `dir="rtl"` is added for a right-to-left target language."""


# Languages written right to left (ISO 639 codes; the base of a tag such as "ar-EG").
RTL_LANGUAGES = frozenset("ar arc ckb dv fa he iw ks ps sd ug ur yi".split())


def language_tag(language: str) -> str:
    """A catalogue language as a BCP 47 tag for HTML: `pt_BR` -> `pt-BR`.

    Raises InputError for anything but letters, digits and `-` (it is written into the page).
    """
    tag = language.replace("_", "-").split("@")[0]
    if not re.fullmatch(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", tag):
        raise InputError(f"language {language!r} is not a language tag (letters, digits, `-` or `_`)")
    return tag


def _localised(piece: str, language: str) -> str:
    if isinstance(piece, PageLanguage):
        return language_tag(language)
    if isinstance(piece, TextDirection):
        rtl = language_tag(language).split("-")[0].lower() in RTL_LANGUAGES
        if not piece:
            return ' dir="rtl"' if rtl else ""
        return piece if piece.lower() == "auto" else ("rtl" if rtl else "ltr")
    return piece


@dataclass
class Page:
    pieces: list[Piece]

    def segments(self) -> Iterator[Segment]:
        """Every segment in page order; the segments inside a sentence's markup follow the sentence."""
        for piece in self.pieces:
            if isinstance(piece, Segment):
                yield piece
                yield from piece.nested()

    def render(self, translate: Translate = lambda segment: None, language: str | None = None) -> str:
        """The page with each segment replaced by `translate(segment)`, or kept when that is None.

        With `language`, a page with at least one translated segment declares that language
        (`PageLanguage`, `TextDirection` pieces); an untranslated one stays as it is.
        """
        translated = False

        def tracked(segment: Segment) -> str | None:
            nonlocal translated
            translation = translate(segment)
            translated = translated or translation is not None
            return translation

        out = [piece if isinstance(piece, str) else piece.render(tracked) for piece in self.pieces]
        if language and translated:
            out = [_localised(piece, language) if isinstance(piece, str) else text
                   for piece, text in zip(self.pieces, out)]
        return "".join(out)


class PageBuilder:
    """Collects pieces while a format walks its source; numbers blocks and sentences.

    Formats hand it whole blocks (`add_block`) and it cuts them into sentences,
    so sentence splitting lives in one place for every format.
    """

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self.blocks = 0

    def literal(self, text: str) -> None:
        if not text:
            return
        if self.pieces and type(self.pieces[-1]) is str:  # never merged into a PageLanguage or TextDirection
            self.pieces[-1] += text
        else:
            self.pieces.append(text)

    def special(self, piece: PageLanguage | TextDirection) -> None:
        """A literal piece that changes with the target language (kept apart from its neighbours)."""
        self.pieces.append(piece)

    def add_block(self, text: str, line: int, kind: str, *,
                  source_spans: list[tuple[int, int]] | None = None,
                  source: str | None = None,
                  markup: dict[str, str] | None = None,
                  escape: Callable[[str], str] | None = None,
                  label: str = "",
                  inner: dict[str, list[Piece]] | None = None,
                  notes: dict[str, str] | None = None,
                  legend: bool = False) -> None:
        """Add one block whose display text is `text`, starting on `line`.

        Plain formats pass only `text` (display text == source text). Formats that
        normalise (collapse whitespace, replace markup by placeholders) pass the
        original `source` and, for every character of `text`, its (start, end) span
        in `source`, so each sentence knows which original characters it replaces.
        `escape`, `label`, `inner` and `notes` go to each sentence's `Segment` (placeholders renumbered).
        """
        if source is None:
            source, source_spans = text, None
        spans = sentence_spans(text, bool(markup))
        if not spans:
            self.literal(source)
            return
        self.blocks += 1

        def to_source(start: int, end: int) -> tuple[int, int]:
            if source_spans is None:
                return start, end
            return source_spans[start][0], source_spans[end - 1][1]

        position = 0
        for number, (start, end) in enumerate(spans, 1):
            src_start, src_end = to_source(start, end)
            self.literal(source[position:src_start])
            segment_text, renumbered = _renumber(text[start:end], markup or {})
            self.pieces.append(Segment(
                text=segment_text, source=source[src_start:src_end],
                line=line + source.count("\n", 0, src_start), kind=kind, block=self.blocks,
                index=number, count=len(spans), escape=escape, label=label,
                markup={new: (markup or {})[old] for old, new in renumbered.items()},
                inner={new: (inner or {})[old] for old, new in renumbered.items() if old in (inner or {})},
                notes={new: (notes or {})[old] for old, new in renumbered.items() if old in (notes or {})},
                legend=legend))
            position = src_end
        self.literal(source[position:])

    def page(self) -> Page:
        return Page(self.pieces)


def sentence_spans(text: str, has_markup: bool) -> list[tuple[int, int]]:
    """The sentences of a block's display text, as `PageBuilder.add_block` cuts them."""
    from ..sentences import split_sentences  # late: keeps format modules importable on their own

    spans = split_sentences(text)
    return _keep_markup_together(text, spans) if has_markup else spans


def _keep_markup_together(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fix sentence spans around placeholders.

    A closing placeholder right after a sentence end (`<1>Click here.</1> Then`) belongs
    to that sentence, and a sentence boundary inside a `<n>`…`</n>` pair is dropped, so
    every segment holds whole markup pairs.
    """
    moved: list[tuple[int, int]] = []
    for start, end in spans:
        if moved and start < moved[-1][1]:  # the previous span took our leading closing tags
            start = moved[-1][1]
            start += len(text[start:end]) - len(text[start:end].lstrip())
            if start >= end:
                continue
        closing = _CLOSING_RUN_RE.match(text, end)
        if closing:
            end = closing.end()
        moved.append((start, end))
    merged: list[tuple[int, int]] = []
    pairs = _paired_placeholder_spans(text)
    for start, end in moved:
        # a pair opened before the previous span's end and closed after this span's start straddles the cut
        if merged and any(pair_start < merged[-1][1] and pair_end > start for pair_start, pair_end in pairs):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


_CLOSING_RUN_RE = re.compile(r"(?:</\d+>)+")


def _paired_placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Spans from each `<n>` to its `</n>`: sentence splitting must not cut them."""
    opened: dict[str, int] = {}
    spans = []
    for match in PLACEHOLDER_RE.finditer(text):
        token = match.group(0)
        number = match.group(1)
        if token.endswith("/>"):
            continue
        if token.startswith("</"):
            if number in opened:
                spans.append((opened.pop(number), match.end()))
        else:
            opened[number] = match.start()
    return spans


def _renumber(text: str, markup: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Number a segment's placeholders from 1, so a sentence reads the same wherever it stands.

    Returns the new text and {old placeholder: new placeholder}.
    """
    if not markup:
        return text, {}
    numbers: dict[str, str] = {}
    renumbered: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        old = match.group(0)
        if old not in markup:
            return old
        new_number = numbers.setdefault(match.group(1), str(len(numbers) + 1))
        new = old.replace(match.group(1), new_number, 1)
        renumbered[old] = new
        return new

    return PLACEHOLDER_RE.sub(replace, text), renumbered


# -- the registry: one module a format ----------------------------------------------------------

FORMAT_MODULES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def format_for(path: Path) -> ModuleType:
    """The format module for a file, by suffix (each has `parse(text) -> Page`)."""
    name = FORMAT_MODULES.get(path.suffix.lower())
    if name is None:
        raise InputError(f"unsupported source format {path.suffix!r} (use .txt, .md or .html)", path)
    return importlib.import_module(f"{__name__}.{name}")


def read_source(path: Path) -> str:
    """Read a source page as UTF-8 text, refusing binary, non-UTF-8 and empty files with a clear error."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read source page: {error.strerror}", path) from None
    if not raw.strip():
        raise InputError("source page is empty", path)
    if b"\0" in raw[:8192]:
        raise InputError("source page looks binary (contains NUL bytes), expected UTF-8 text", path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(f"source page is not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset "
                         f"{error.start})", path, line) from None
    return text


def parse_file(path: Path, options: dict[str, Any] | None = None) -> Page:
    """Read and parse a source page with the format its suffix names; `options` are keyword
    arguments of that format's `parse` (see `Project.format_options`)."""
    text = read_source(path)
    bom = "\ufeff" if text.startswith("\ufeff") else ""  # kept byte for byte, never translated
    try:
        page = format_for(path).parse(text[len(bom):], **(options or {}))
    except InputError as error:  # formats know the line, not the file
        error.path = error.path or str(path)
        raise
    if bom:
        page.pieces.insert(0, bom)
    return page
