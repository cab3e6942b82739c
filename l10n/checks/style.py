"""Style and layout: line breaks at the ends (`newlines`, an error: msgfmt -c checks them), and the
reviewers' warnings `line-count`, `identical`, `whitespace`, `punctuation`, `brackets`, `repeated-word`,
`length`."""

from __future__ import annotations

import re
from typing import Any

from .base import Add, Pair

# "Long" for the identical check: a source of at least this many words is worth translating.
IDENTICAL_MIN_WORDS = 4
# Length ratio bounds, from 35,292 EN->DE translations of /usr/share/locale/de (msgids >= 20 characters):
# median 1.19, 99.9th percentile 2.46, 0.1st 0.67; outside [0.5, 2.5] are 0.1 % of them.
LENGTH_MIN_SOURCE = 20
LENGTH_RATIO_BOUNDS = (0.5, 2.5)
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
# case-sensitive: "GID gid GID" is a layout. (\b before a letter is (?<!\w); the possessive word never gives
# back letters, which could not be followed by \s anyway: the same matches without the backtracking.)
_REPEATED_RE = re.compile(r"\b([^\W\d_]++)(?:\s+\1(?!\w)){2,}")
# Necessary for a match: a word after a space, and again after more space (the second of three). It starts
# with a character class, so the regex engine jumps from space to space: half the time of _REPEATED_RE,
# which only runs on the few texts this finds something in.
_REPEATED_HINT_RE = re.compile(r"\s([^\W\d_]++)\s+\1(?!\w)")
_DOUBLE_SPACE_RE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_TRAILING_CLOSERS = "\"'”“»«’‘)]}*_` "  # looked through for the end punctuation


def check_newlines(pair: Pair, add: Add) -> None:
    """A leading or trailing line break in both or neither (an error, as msgfmt -c); the same number of line
    breaks inside (a warning: msgfmt accepts a re-wrapped text, a page's layout may not)."""
    source, translation = pair.source, pair.translation
    if "\n" not in source and "\n" not in translation:  # most texts: one line
        return
    if (source[:1] == "\n") != (translation[:1] == "\n") or (source[-1:] == "\n") != (translation[-1:] == "\n"):
        add("newlines", f"{pair.label}a line break at the start or end differs from the source")
        return
    breaks, source_breaks = translation.count("\n"), source.count("\n")
    if breaks != source_breaks:
        add("line-count", f"{pair.label}{breaks} line breaks, the source has {source_breaks}")


def _end_mark(text: str) -> str:
    """The sentence punctuation a text ends with, looking through closing quotes and brackets: . ! ? : ; … or ''."""
    last = text[-1:]
    if last.isalnum():  # the usual cases first: a word, or one mark that is not part of "..."
        return ""
    if last and (last in "!?:;" or last == "." and text[-2:-1] != "."):
        return last
    return _end_mark_through_closers(text)


def _end_mark_through_closers(text: str) -> str:
    """`_end_mark` for any text (the general case: trailing space, closing quotes, brackets, placeholders)."""
    text = text.rstrip()
    while text.endswith(">"):  # a closing markup placeholder: "… the <1>report</1>."
        match = _LAST_PLACEHOLDER_RE.search(text, max(0, len(text) - 16))
        if match is None:
            break
        text = text[:match.start()].rstrip()
    text = text.rstrip(_TRAILING_CLOSERS)
    if text.endswith(("...", "…")):
        return "…"
    last = text[-1:]
    return last if last in ".!?:;" else ""


_ENDS_WITH_ORDINAL_RE = re.compile(r"\d(?:st|nd|rd|th)\W*$", re.IGNORECASE)
_LAST_PLACEHOLDER_RE = re.compile(r"</?\d+/?>\Z")
# End-mark pairs that are normal between English and German: "Note:" -> "Hinweis.", "Stop." -> "Stopp!"
_PUNCTUATION_VARIANTS = {frozenset(".:"), frozenset(".!"), frozenset(".…"), frozenset(":…")}


def _balance(text: str) -> tuple[Any, ...]:
    """How a text's brackets and quotes are (un)balanced: () [] {} depth errors, quote counts' parity."""
    marks = _BRACKET_RE.findall(text)
    if not marks:
        return _BALANCED
    state: list[Any] = []
    for opening, closing in ("()", "[]", "{}"):
        depth = unmatched = 0
        for char in marks:
            if char == opening:
                depth += 1
            elif char == closing:
                if depth:
                    depth -= 1
                else:
                    unmatched += 1
        state.append((depth, unmatched))
    state.append(marks.count('"') % 2)
    state.append(sum(marks.count(char) for char in "„“”") % 2)  # „…“ (German) and “…” (English)
    state.append(sum(marks.count(char) for char in "»«") % 2)
    return tuple(state)


_BRACKET_RE = re.compile(r'[()\[\]{}"„“”»«]')
_BALANCED = ((0, 0), (0, 0), (0, 0), 0, 0, 0)
_BALANCE_NAMES = ("()", "[]", "{}", 'straight quotes "', "quotes „“”", "guillemets »«")


def check_style(pair: Pair, add: Add) -> None:
    """The warnings that compare the form of the translation with the source."""
    source, translation, label = pair.source, pair.translation, pair.label
    words = _WORD_RE.findall(source) if translation == source else []
    # A run of capitalised words ("SSH File Transfer Protocol") is a name, kept on purpose.
    if len(words) >= IDENTICAL_MIN_WORDS and not all(word[0].isupper() for word in words):
        add("identical", f"{label}the translation is the same as the source")

    # (the slices are only taken when one of the texts starts or ends with whitespace: most do not)
    if (source[:1].isspace() or translation[:1].isspace()) and \
            source[:len(source) - len(source.lstrip())] != translation[:len(translation) - len(translation.lstrip())]:
        add("whitespace", f"{label}leading whitespace differs from the source")
    if (source[-1:].isspace() or translation[-1:].isspace()) and \
            source[len(source.rstrip()):] != translation[len(translation.rstrip()):]:
        add("whitespace", f"{label}trailing whitespace differs from the source")
    if ("  " in translation or "\t" in translation) and _DOUBLE_SPACE_RE.search(translation) \
            and not _DOUBLE_SPACE_RE.search(source):
        add("whitespace", f"{label}double space in the translation")

    source_end, translation_end = _end_mark(source), _end_mark(translation)
    if source_end == "" and translation_end == "." and _ENDS_WITH_ORDINAL_RE.search(source) \
            and translation.rstrip()[-2:-1].isdigit():
        translation_end = ""  # "on the 21st" -> "am 21.": the dot is the German ordinal's
    if source_end != translation_end and frozenset((source_end, translation_end)) not in _PUNCTUATION_VARIANTS:
        def name(mark: str) -> str:
            return f"'{mark}'" if mark else "no punctuation"
        add("punctuation", f"{label}ends with {name(translation_end)}, the source with {name(source_end)}")

    balance = _balance(translation)
    if balance != _BALANCED:
        # Only what the source does not share: a sentence cut out of a quotation is unbalanced in both.
        names = [name for name, value, ok, in_source in zip(_BALANCE_NAMES, balance, _BALANCED, _balance(source))
                 if value != ok and value != in_source]
        if names:
            add("brackets", f"{label}unbalanced {', '.join(names)} in the translation")

    repeated = _REPEATED_RE.search(translation) if _REPEATED_HINT_RE.search(translation) else None
    if repeated and not _REPEATED_RE.search(source):
        add("repeated-word", f"{label}{repeated.group(1)!r} three times in a row")

    if len(source) >= LENGTH_MIN_SOURCE:
        ratio = len(translation) / len(source)
        low, high = LENGTH_RATIO_BOUNDS
        if ratio < low or ratio > high:
            add("length", f"{label}the translation is {ratio:.1f} times as long as the source "
                          f"(expected {low}-{high})")
