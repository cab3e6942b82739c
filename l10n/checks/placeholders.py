"""Format placeholders: `printf-format`, `python-format`, `brace-format`.

Compared the way `msgfmt -c` (GNU gettext 0.21, `format.c`) and Babel's
checkers do: strictly when the entry is flagged `c-format`, `python-format`
or `python-brace-format`; by the spans `patterns.find_spans` finds when the
entry has no format flag but its msgid clearly has placeholders; not at all
for a family flagged `no-…-format`. Every plural form is compared with
msgid_plural, as msgfmt does; a form msgfmt checks relaxed (`Pair.relaxed`)
may leave placeholders out, never add one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial

from ..formatstrings import (POSITIONAL_PRINTF_RE, Args, brace_format_args, c_format_args, compare_args, printf_key,
                             python_format_args)
from ..patterns import Span
from .base import Add, Pair, compare_kind, report
from .spans import spans

# (flag, check, parse the source, parse the translation): gettext allows C's `I` flag in translations only
_FORMAT_FAMILIES: tuple[tuple[str, str, Callable[[str], Args | None], Callable[[str], Args | None]], ...] = (
    ("c-format", "printf-format", c_format_args, partial(c_format_args, translated=True)),
    ("python-format", "python-format", python_format_args, python_format_args),
    ("python-brace-format", "brace-format", brace_format_args, brace_format_args),
)

# An entry flagged with one of these is compared by its flag (or not at all), not by the spans found.
_PRINTF_FLAGS = frozenset({"c-format", "python-format", "no-c-format", "no-python-format"})
_BRACE_FLAGS = frozenset({"python-brace-format", "no-python-brace-format"})


def check_placeholders(pair: Pair, add: Add) -> None:
    """Format directives of the translation against those of the source (msgid_plural for a plural form)."""
    source = pair.format_source
    source_spans = pair.source_spans if source is pair.source else spans(source)
    for flag, check, parse, parse_translation in _FORMAT_FAMILIES:
        if flag in pair.flags:
            expected = parse(source)
            if expected is None:
                continue  # the msgid itself is not a valid format string: nothing to compare with
            found = parse_translation(pair.translation)
            if found is None:
                add(check, f"{pair.label}not a valid {flag} string, unlike the source")
                continue
            relaxed = pair.relaxed
            if relaxed and flag == "python-format" and any(name.isdigit() for name in [*expected, *found]):
                relaxed = False  # msgfmt: unnamed %-arguments are counted, a relaxed form may not drop one
            elif relaxed and flag == "python-brace-format" and pair.source is not source:
                # the form of n = 1 may use msgid's fields: the program passes them (msgfmt accepts any)
                expected = {**(parse(pair.source) or {}), **expected}
            why = compare_args(expected, found, relaxed)
            if why:
                add(check, f"{pair.label}{why}")
    if not pair.flags & _PRINTF_FLAGS:
        _compare_printf(source, source_spans, pair, add)
    if not pair.flags & _BRACE_FLAGS:
        compare_kind("brace-format", "brace", "placeholder", pair, add, both_ways=True, source_spans=source_spans)

def _compare_printf(source: str, source_spans: list[Span], pair: Pair, add: Add) -> None:
    """printf placeholders of an entry without a format flag, when its msgid clearly has some."""
    def keys(text: str, found_spans: list[Span]) -> tuple[Counter[str], dict[str, str]]:
        found = [span.text for span in found_spans if span.kind == "printf"]
        if "$" in text:
            found += POSITIONAL_PRINTF_RE.findall(text)
        if not found:
            return Counter(), {}
        keyed = {printf_key(item): item for item in reversed(found)}
        return Counter(printf_key(item) for item in found), keyed

    if not source_spans and "$" not in source:
        return
    if "$" not in source and "$" not in pair.translation:  # the usual case: the same placeholders in order
        placeholders = [span.text for span in source_spans if span.kind == "printf"]
        if not placeholders or placeholders == [span.text for span in pair.translation_spans
                                                if span.kind == "printf"]:
            return
    expected, source_texts = keys(source, source_spans)
    if not expected:
        return  # no placeholder in the msgid: a "%" in the translation is just a percent sign
    found, translation_texts = keys(pair.translation, pair.translation_spans)
    missing = () if pair.relaxed else [source_texts[key] for key in (expected - found).elements()]
    report(add, "printf-format", pair.label, "placeholder", missing,
           [translation_texts[key] for key in (found - expected).elements()])
