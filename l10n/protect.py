"""Protecting what must not be translated from the machine translator, and restoring it.

Before a sentence goes to the model, every non-translatable span (the kinds of
`patterns.find_spans`: markup placeholders, tags, URLs, emails, printf and brace
placeholders, phone numbers, dates, numbers) and every do-not-translate glossary
term is replaced by a numbered token; after translation the tokens are replaced
by the original text.

The token scheme (one place: `token()` and `TOKEN_RE`): `ZX1`, `ZX2`, … —
a short capitalised letter+digit code. Why this shape:
- Argos models are OpenNMT Transformers over a SentencePiece vocabulary, trained
  on OPUS data full of product codes, model numbers and acronyms ("MP3", "A4",
  "G20") that the reference translations copy unchanged; a code like `ZX3`
  splits into a few ordinary pieces (`▁Z`, `X`, `3`) that the model has learnt
  to copy, and it stays a single "word" for word order.
- Characters outside the vocabulary (private-use symbols, `⟦1⟧`, emoji) become
  `<unk>`: the model drops them or emits `<unk>`, and which one was meant is lost.
- Bracketed or underscored forms (`<x1/>`, `__1__`, `[[1]]`) are cut into many
  punctuation pieces that the model tends to rearrange, space out or drop.
- Bare numbers as tokens would be copied too, but German output reformats
  numbers ("1000" -> "1.000") and a real number would be indistinguishable.
Restoration is tolerant of what models do to such codes: case changes, a space
inside (`ZX 1`), a hyphen or a suffix glued to it (`ZX1-Seite`).

A span glued to a word in the source (`<1>report</1>`, `30%`) gets a space on
that side before translation, so the model sees separate words, and the space is
taken out again after restoration.

A token the model dropped or mangled beyond recognition loses its span: the
translation is kept (restored as far as possible) and `Restored.lost` lists what
is missing; `l10n check` flags the entry because the spans (`find_spans`) of
msgid and msgstr differ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .glossary import Term, find_terms
from .patterns import find_spans

TOKEN_PREFIX = "ZX"
# Tolerant: any case, an optional space or hyphen inside; not inside a longer word or number.
TOKEN_RE = re.compile(r"(?<![^\W\d_])Z[\s-]?X\s?(\d+)(?!\d)", re.IGNORECASE)
TERM_KIND = "term"  # the kind of a protected do-not-translate glossary term


def token(number: int) -> str:
    """The stand-in for the `number`-th protected span (1-based)."""
    return f"{TOKEN_PREFIX}{number}"


@dataclass(frozen=True)
class ProtectedSpan:
    kind: str  # a `patterns` kind, "term" for a glossary term, "token" for token-like source text
    text: str
    glued_left: bool  # the source has a word character right before it
    glued_right: bool  # ... right after it


@dataclass(frozen=True)
class Protected:
    source: str
    text: str  # what the model gets
    spans: tuple[ProtectedSpan, ...]  # spans[n - 1] is behind token(n)

    @property
    def only_tokens(self) -> bool:
        """Nothing left to translate (a bare email, number, URL…): copy instead of asking the model."""
        return not re.search(r"[^\W\d_]", TOKEN_RE.sub("", self.text))


@dataclass(frozen=True)
class Restored:
    text: str
    lost: tuple[ProtectedSpan, ...]  # spans whose token is missing from the model's output


def protect(text: str, keep: Sequence[Term] = ()) -> Protected:
    """Replace the non-translatable spans of `text` and the glossary terms `keep` by tokens."""
    found = [(span.start, span.end, span.kind) for span in find_spans(text)]
    # Terms and token-like source text only where no pattern span is (an email containing "iom" stays one span).
    extra = [(start, end, TERM_KIND) for _, start, end in find_terms(text, keep)]
    extra += [(match.start(), match.end(), "token") for match in TOKEN_RE.finditer(text)]
    for start, end, kind in sorted(extra):
        if not any(start < other_end and other_start < end for other_start, other_end, _ in found):
            found.append((start, end, kind))
    found.sort()

    pieces, spans, position = [], [], 0
    for number, (start, end, kind) in enumerate(found, 1):
        glued_left = start > 0 and _is_word_char(text[start - 1])
        glued_right = end < len(text) and _is_word_char(text[end])
        pieces.append(text[position:start])
        pieces.append((" " if glued_left else "") + token(number) + (" " if glued_right else ""))
        spans.append(ProtectedSpan(kind, text[start:end], glued_left, glued_right))
        position = end
    pieces.append(text[position:])
    return Protected(text, "".join(pieces), tuple(spans))


def restore(translation: str, protected: Protected) -> Restored:
    """Put the protected spans back into the model's `translation` of `protected.text`."""
    if not protected.spans:
        return Restored(translation, ())
    out: list[str] = []
    seen: set[int] = set()
    strip_next = False
    position = 0
    for match in TOKEN_RE.finditer(translation):
        before = translation[position:match.start()]
        if strip_next:
            before = before.lstrip(" ")
        number = int(match.group(1))
        position = match.end()
        if not 1 <= number <= len(protected.spans):
            # A token the source never had (the model invented or mangled one): drop it.
            out.append(before)
            strip_next = False
            continue
        span = protected.spans[number - 1]
        out.append(before.rstrip(" ") if span.glued_left else before)
        out.append(span.text)
        seen.add(number)
        strip_next = span.glued_right
    rest = translation[position:]
    out.append(rest.lstrip(" ") if strip_next else rest)
    text = "".join(out)
    if "  " not in protected.source:  # tidy the gaps a dropped token or a stripped glue space left
        text = re.sub(r"  +", " ", text)
    if protected.source == protected.source.strip():
        text = text.strip()
    lost = tuple(span for number, span in enumerate(protected.spans, 1) if number not in seen)
    return Restored(text, lost)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"
