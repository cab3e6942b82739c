"""Plain text pages, as scrapers produce them: one block per line.

What scraped text looks like, and what this module does with it:
- separator lines (`-`, `***`, `----`) and lines with no letters or digits: kept, not translated;
- bullet lines (`- item`, `* item`, `• item`, `1. item`): the bullet is kept, the text is a list item;
- short lines without sentence punctuation (navigation, titles): headings;
- a heading glued to its paragraph by the scraper (`WHO WE AREThe International…`,
  `Our WorkAs the leading…`): cut into the heading and the paragraph, on the same line;
- everything else: a paragraph, cut into sentences.
Line endings, blank lines and trailing spaces stay as they are.
"""

from __future__ import annotations

import re

from ..patterns import find_spans
from . import Page, PageBuilder

CONTACT_KINDS = ("url", "email", "phone")

SEPARATOR_RE = re.compile(r"^[\W_]*$")  # no letter or digit at all
BULLET_RE = re.compile(r"^(\s*(?:[-*+•·‣▪◦–—]|\d{1,3}[.)])\s+)(?=\w|[\"'“‘(])")
SENTENCE_END_RE = re.compile(r"[.!?:;,…\"'”’)]$")
# An all-capitals heading of two words or more, glued to a capitalised word: "WHO WE AREThe ...".
GLUED_CAPS_RE = re.compile(r"^([A-Z][A-Z0-9&'’/-]*(?: [A-Z0-9&'’/-]+)+)(?=[A-Z][a-z])")
HEADING_MAX_WORDS = 8  # any short line without sentence punctuation
TITLE_MAX_WORDS = 20  # a longer one when most words are capitalised (a news headline)


def parse(text: str) -> Page:
    lines = text.splitlines(keepends=True)
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
            builder.add_block(content[bullet.end():], number, "list item")
        else:
            _add_line(builder, content, number, short_lines)
        builder.literal(trailing + ending)
    return builder.page()


def _add_line(builder: PageBuilder, content: str, number: int, short_lines: set[str]) -> None:
    cut = _glued_heading_end(content, short_lines)
    if cut:
        builder.add_block(content[:cut], number, "heading")
        builder.add_block(content[cut:], number, "paragraph")
    elif _looks_like_heading(content):
        builder.add_block(content, number, "heading")
    else:
        builder.add_block(content, number, "paragraph")


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
