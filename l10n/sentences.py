"""English sentence segmentation: cut one block of text into sentence spans.

The boundaries come from pySBD, the Python port of the Pragmatic Segmenter, put
right by the rules in `sentence_rules.py`. pySBD scores 47 of the 48 English
"Golden Rules" (it misses only "At 5 a.m. Mr. Smith went to the bank."), more
than syntok (34) or sentencex (43), but cuts real pages wrongly where those
rules were not written for them: file names (`.htaccess`), numbers that end a
sentence ("room 1. We"), bibliographic and legal abbreviations ("tab. 2.",
"§ 3 para. 2"), addresses, run-in lists. The rules mask what cannot end a
sentence before pySBD runs and move or drop its cuts after; together they keep
47/48 and reach 100 % precision and 99.8 % recall of boundaries on the
evaluation set in `tests/sentence_eval/`, where pySBD alone has 78 % precision
(`bench/bench_sentences.py` prints all figures).

pySBD returns sentence strings, not offsets. Its own offset search (run by
`Segmenter.segment` even without `char_span=True`) is buggy, quadratic and
not thread-safe, so we call its processor and find each returned sentence in
the text ourselves.
Around that core:

- whitespace of every kind counts as a plain space: a newline inside a block is
  a soft wrap, and the block splitter has already cut at the hard breaks;
- URLs and e-mail addresses are masked so their "." "?" "!" never end a sentence;
- a block with no punctuation that could end a sentence before its final
  punctuation (most scraped blocks) skips pySBD and the rules altogether;
- results are cached by text, since pages repeat the same navigation blocks;
- very long blocks go to pySBD in windows, because its cost grows with the
  square of the length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pysbd

from . import sentence_rules

Span = tuple[int, int]

# clean=True would rewrite the text (and so break the offsets): keep it off.
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)

# pySBD marks its working state with rare symbols written into the text; the
# same symbols in the input would be read as such marks, so they become "_".
_PYSBD_MARKS = "ȸȹ∯∮♨☝ƪ♟♝☏☉☈☇☄✂⌬⎋♭♬ᓰᓱᓳᓴᓷᓸ"

# Every whitespace character becomes " " (U+3000 is the highest code point that
# str.isspace() accepts). One character for one keeps the offsets valid.
_PREPARE = {code: " " for code in range(0x3001) if chr(code).isspace()}
_PREPARE.update({ord(mark): "_" for mark in _PYSBD_MARKS})

# A URL or e-mail address, without the punctuation that may follow it. An
# address starts only where a word starts: it keeps long runs of letters linear.
_URL_REST = r"""[^\s<>"]*[^\s<>".,;:!?'’”»)\]]"""
_LINK = re.compile(
    rf"(?:https?://|www\.){_URL_REST}"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
# A URL without scheme or "www.": a domain and a path ("example.com/faq?x=1"); only tried when
# the text has a "/".
_DOMAIN_LINK = re.compile(rf"(?<![\w.@/-])[\w-]+(?:\.[\w-]+)*\.[a-z]{{2,}}/{_URL_REST}")
_LINK_PUNCTUATION = str.maketrans(".!?", "___")

# The fast path: pySBD can only split a block that has, before its closing run
# of punctuation, sentence punctuation, a closing bracket or quote followed by
# a space and no lowercase letter ('“Go” Then', not '“Go” said'), or a list
# item marker ("a)", "2)", with or without a space after it).
_CLOSING = " .!?…。．！？)]）」'\"’”»"
_MAYBE_BOUNDARY = re.compile(r"""[.!?…。．！？]|[)\]）」'"’”»] [^a-z]|[a-z0-9]\)""")

# Long blocks are fed to pySBD a window at a time. A boundary is trusted only
# if pySBD saw at least _MARGIN characters after it; the next window starts at
# the last trusted boundary.
_WINDOW = 2000
_MARGIN = 200


def split_sentences(text: str, keep_together: Sequence[Span] = ()) -> list[Span]:
    """Return the `(start, end)` spans of the sentences of `text`, in order.

    Spans never include surrounding whitespace and are never empty; the
    whitespace between sentences belongs to no span. A boundary that would cut
    through one of the `keep_together` spans (inline markup, a placeholder)
    is dropped, merging the sentences on either side.
    """
    spans = _cached_spans(text)
    if keep_together:
        return _merge_kept(spans, keep_together)
    return list(spans)


@lru_cache(maxsize=65536)
def _cached_spans(text: str) -> tuple[Span, ...]:
    if not text.strip():
        return ()
    plain = _plain(text)
    if not _may_have_boundary(plain):  # masking only takes punctuation away: no need to mask
        return _cut(text, [])
    return _cut(text, _starts(text, plain))


def _library_spans(text: str) -> tuple[Span, ...]:
    """The spans without the fast path and the cache (for tests and benchmarks)."""
    return _cut(text, _starts(text, _plain(text)))


def _starts(text: str, plain: str) -> list[int]:
    """Where sentences start in `text` (whose `_plain` form is `plain`), the first one excluded."""
    starts = _sentence_starts(sentence_rules.mask(plain))
    return sentence_rules.start_at_placeholders(text, starts)


def _plain(text: str) -> str:
    """Same length as `text`, with plain spaces, no pySBD marks or placeholders, and the
    punctuation of links masked."""
    spaced = sentence_rules.blank_placeholders(text.translate(_PREPARE))
    linked = _LINK.sub(_mask_link, spaced)
    return _DOMAIN_LINK.sub(_mask_link, linked) if "/" in linked else linked


def _mask_link(match: re.Match[str]) -> str:
    return match.group().translate(_LINK_PUNCTUATION)


def _may_have_boundary(prepared: str) -> bool:
    body_end = len(prepared.rstrip(_CLOSING))
    return _MAYBE_BOUNDARY.search(prepared, 0, body_end) is not None


def _sentence_starts(prepared: str) -> list[int]:
    """Offsets where sentences start in `prepared` (pySBD's cuts as `sentence_rules.move_cuts`
    corrects them), the first sentence excluded."""
    starts: list[int] = []
    begin, size = 0, _WINDOW
    while begin + size < len(prepared):
        end = begin + size
        trusted = [start for start in _pysbd_starts(prepared, begin, end) if start <= end - _MARGIN]
        if trusted:
            starts += trusted
            begin, size = trusted[-1], _WINDOW
        else:
            size *= 2  # one very long sentence: widen the window
    return sentence_rules.move_cuts(prepared, starts + _pysbd_starts(prepared, begin, len(prepared)))


def _pysbd_starts(prepared: str, begin: int, end: int) -> list[int]:
    """Where pySBD starts sentences in prepared[begin:end], after the first one."""
    chunk = prepared[begin:end]
    first = len(chunk) - len(chunk.lstrip())
    starts = []
    cursor = 0
    for sentence in _SEGMENTER.processor(chunk).process():
        sentence = sentence.strip()
        found = chunk.find(sentence, cursor) if sentence else -1
        if found < 0:
            continue  # pySBD altered this sentence: it stays with the previous one
        # pySBD splits a closing quote or bracket off its sentence ('Hi.”' gives
        # 'Hi.' and '”'): a piece without a letter or digit joins the previous one.
        if found > first and any(char.isalnum() for char in sentence):
            starts.append(begin + found)
        cursor = found + len(sentence)
    return starts


def _cut(text: str, starts: list[int]) -> tuple[Span, ...]:
    """Cut `text` at `starts` and trim each piece; whitespace-only pieces vanish."""
    spans = []
    for begin, end in zip([0, *starts], [*starts, len(text)]):
        piece = text[begin:end]
        stripped = piece.strip()
        if stripped:
            start = begin + len(piece) - len(piece.lstrip())
            spans.append((start, start + len(stripped)))
    return tuple(spans)


def _merge_kept(spans: Sequence[Span], keep_together: Sequence[Span]) -> list[Span]:
    """Merge neighbouring spans that share one of the `keep_together` spans."""
    kept = [(a, b) for a, b in keep_together if a < b]
    merged: list[Span] = []
    for start, end in spans:
        if merged and any(a < merged[-1][1] and start < b for a, b in kept):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
