"""What every check shares: the table of check ids, `Problem`, and `Pair` (one source/translation to judge).

A check id is stable (CI configurations, the JSON report and the web UI's
filters name it); its severity says whether it blocks:

- "error": what breaks the exported page or makes `msgfmt -c` fail;
- "warning": what a reviewer should look at.

Adding a check: give it an id here, write a function in the module of its
concept, and register the function in `l10n/checks/__init__.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    import polib

    from ..patterns import Span

    from ..glossary import Term
    from ..states import State

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

CHECKS: dict[str, tuple[str, str]] = {
    # entries, blocking
    "printf-format": (ERROR, "printf placeholders (%s, %d, %1$s) differ from the source"),
    "python-format": (ERROR, "Python %-placeholders (%s, %(name)s) differ from the source"),
    "brace-format": (ERROR, "brace placeholders ({0}, {name}) differ from the source"),
    "markup": (ERROR, "inline markup (tags, <1>…</1> placeholders, Markdown code and links) differs"),
    "structure": (ERROR, "the translation brings in markup, a link or a placeholder, or changes the page's structure"),
    "url": (ERROR, "a URL of the source is missing in the translation"),
    "email": (ERROR, "an email address of the source is missing in the translation"),
    "number": (ERROR, "a number, ordinal or time of the source is missing in the translation "
                      "(3.5 = 3,5; 1,000 = 1.000; 21st = 21.; 5 pm = 17 Uhr)"),
    "newlines": (ERROR, "a line break at the start or end of the source is not in the translation, or the "
                        "other way round (as msgfmt -c)"),
    "plural-forms": (ERROR, "the number of plural forms does not match the Plural-Forms header, or one is empty"),
    # entries, warnings
    "identical": (WARNING, "translation identical to a long source"),
    "whitespace": (WARNING, "leading, trailing or double whitespace differs"),
    "punctuation": (WARNING, "end punctuation differs"),
    "brackets": (WARNING, "unbalanced brackets or quotes"),
    "repeated-word": (WARNING, "a word repeated three times in a row"),
    "glossary": (WARNING, "a glossary term is not translated as the glossary says (or a keep term changed)"),
    "consistency": (WARNING, "the same source is translated differently in another catalogue of the language"),
    "length": (WARNING, "translation far longer or shorter than the source (EN->DE bounds)"),
    "line-count": (WARNING, "the translation has another number of line breaks inside than the source"),
    "split-fuzzy": (WARNING, "`#, fuzzy` on a line of its own before another `#,` line: GNU gettext 0.21 "
                             "drops the fuzzy flag (msgfmt compiles the entry), l10n keeps it"),
    # catalogues: always fail
    "compile": (ERROR, "the catalogue does not compile (msgfmt would fail)"),
    "sync-source": (ERROR, "the source page changed since the last extract/update"),
    "sync-template": (ERROR, "the catalogue's entries differ from its template (update not run)"),
    "min-complete": (ERROR, "the page is less complete than its publish policy requires"),
    "machine-heading": (ERROR, "a heading is an unreviewed machine translation (publish policy)"),
}
# Problems of these checks concern the whole catalogue: they always fail.
CATALOGUE_CHECKS = ("compile", "sync-source", "sync-template", "min-complete", "machine-heading")


@dataclass(frozen=True)
class Problem:
    """One finding: a check id, its severity, a message naming the entry, the entry's msgid."""

    check: str
    severity: str  # "error" | "warning"
    message: str
    msgid: str
    msgctxt: str | None = None
    line: int | None = None
    state: str | None = None  # the entry's review state; None for a catalogue-level problem
    detail: str = ""  # the message without the entry's name (for the web UI, beside the entry)

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "severity": self.severity, "message": self.message, "msgid": self.msgid,
                "msgctxt": self.msgctxt, "line": self.line, "state": self.state, "detail": self.detail}


def short_text(text: str, width: int = 48) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def make_problem(check: str, entry: polib.POEntry | None, detail: str, state: State | None = None,
                 line: int | None = None) -> Problem:
    """A Problem of `check` about `entry` (None: about the catalogue), its message naming the entry."""
    severity = CHECKS[check][0]
    if entry is None:
        return Problem(check, severity, detail, "", None, line, None, detail)
    name = f'msgid "{short_text(entry.msgid)}"'
    if entry.msgctxt:
        name = f'msgctxt "{short_text(entry.msgctxt, 24)}" {name}'
    return Problem(check, severity, f"{name}: {detail}", entry.msgid, entry.msgctxt,
                   line if line is not None else getattr(entry, "msgid_line", None) or getattr(entry, "linenum", None),
                   state.value if state is not None else None, detail)


# -- one (source, translation) pair ------------------------------------------------------------

Add = Callable[[str, str], None]  # add(check id, detail): records a problem of the entry being checked


@dataclass(slots=True)  # made for every translation: slots and no frozen-init cost
class Pair:
    """What the entry checks judge: one translation (a msgstr or one plural form) and its source.

    For a plural form, `source` is the text its meaning follows (msgid for the form
    of n = 1, else msgid_plural) and `format_source` the one msgfmt compares format
    directives with (always msgid_plural). `relaxed` is msgfmt's relaxed checking:
    a form used for few numbers (see `formatstrings.PluralRule.often`) may leave
    out placeholders, numbers and URLs ("Un fichier" for "%d files").
    """

    source: str
    translation: str
    label: str  # "" or "msgstr[1]: ", put before every detail
    relaxed: bool
    flags: frozenset[str]
    markdown: bool  # the entry comes from a Markdown page
    glossary: Sequence[Term]
    source_spans: list[Span]
    translation_spans: list[Span]
    format_source: str


PairCheck = Callable[[Pair, Add], None]


def report(add: Add, check: str, label: str, noun: str, missing: Iterable[str], extra: Iterable[str] = ()) -> None:
    """One problem for what the translation lacks, one for what it has that the source has not."""
    missing, extra = sorted(missing), sorted(extra)
    if missing:
        add(check, f"{label}{listed(noun, missing)} missing in the translation")
    if extra:
        add(check, f"{label}{listed(noun, extra, 'in')} the translation, not in the source")


def listed(noun: str, items: list[str], verb: str = "") -> str:
    """'the number 1954 is' / 'the numbers 1, 2 are' (+ `verb`: 'is in' ...); `missing` follows."""
    plural = len(items) > 1
    word = "markup" if noun == "markup" else f"{noun}s" if plural else noun
    return f"{word} {', '.join(items)} {'are' if plural else 'is'}{' ' + verb if verb else ''}"


def compare_kind(check: str, kind: str, noun: str, pair: Pair, add: Add, both_ways: bool = False,
                 source_spans: list[Span] | None = None) -> None:
    """The spans of one `patterns` kind: missing in the translation (and, `both_ways`, extra in it).

    A relaxed plural form may leave spans out. `source_spans`: other spans than the pair's source's.
    """
    source_spans = pair.source_spans if source_spans is None else source_spans
    if not source_spans and not (both_ways and pair.translation_spans):
        return  # the usual case: no span of any kind on the side(s) compared
    expected_keys = [span.text for span in source_spans if span.kind == kind]
    found_keys = [span.text for span in pair.translation_spans if span.kind == kind] \
        if expected_keys or both_ways else []
    if expected_keys == found_keys:
        return
    expected, found = Counter(expected_keys), Counter(found_keys)
    report(add, check, pair.label, noun, () if pair.relaxed else (expected - found).elements(),
           (found - expected).elements() if both_ways else ())
