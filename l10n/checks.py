"""`l10n check`: quality checks on translations, sync with the sources, publish policy.

(The report — counting, pass/fail, text/JSON/JUnit output — is `l10n/report.py`.)

Used by the CLI (`l10n check`) and the web UI (`check_entry` on the msgstr being
typed). Every check has a stable id in `CHECKS` with its severity:

- "error" (blocking): what breaks the exported page or makes `msgfmt -c` fail:
  placeholders, markup, URLs, email addresses, numbers, line breaks, plural forms.
- "warning": what a reviewer should look at: whitespace, end punctuation,
  brackets and quotes, repeated words, glossary, consistency, length.

Problems are computed for every entry with a translation, fuzzy ones too (the
review UI shows them next to a machine translation). Whether a problem makes
the check fail follows `msgfmt -c`: only entries that count as done
(translated or approved) are exported, so only their problems fail; a problem
on a fuzzy (machine or needs-work) entry is reported and does not fail.
Catalogue-level problems always fail: the catalogue does not compile, it is
out of sync with its source or template, or it breaks the page's publish policy.
`--fail-on warning` makes warnings on done entries fail too; a page whose
policy says `no_blocking = false` has its entry problems reported, not failed.

Format placeholders are compared the way `msgfmt -c` (GNU gettext 0.21) and
Babel's checkers do: strictly when the entry is flagged `c-format`,
`python-format` or `python-brace-format`; by the spans `patterns.find_spans`
finds when the entry has no format flag but its msgid clearly has
placeholders; not at all for a family flagged `no-…-format`. In a plural form
used for a single number (`msgstr[0]` in German: n == 1) a placeholder may be
left out ("eine Datei" for "%d file"), as msgfmt allows.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from .catalog import SOURCE_DIGEST_HEADER, SOURCE_HEADER, entry_key, read_catalogue
from .config import Project, SourcePage
from .errors import InputError
from .formatstrings import (POSITIONAL_PRINTF_RE, Args, brace_format_args, c_format_args, compare_args, plural_rule,
                            printf_key, python_format_args)
from .glossary import Term, missing_terms
from .patterns import Span, find_spans, span_key
from .states import State, has_translation, state_of
from .stats import Counts
from .structure import translation_problems

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

CHECKS: dict[str, tuple[str, str]] = {
    # entries, blocking
    "printf-format": (ERROR, "printf placeholders (%s, %d, %1$s) differ from the source"),
    "python-format": (ERROR, "Python %-placeholders (%s, %(name)s) differ from the source"),
    "brace-format": (ERROR, "brace placeholders ({0}, {name}) differ from the source"),
    "markup": (ERROR, "inline markup (tags, <1>…</1> placeholders, Markdown code and links) differs"),
    "url": (ERROR, "a URL of the source is missing in the translation"),
    "email": (ERROR, "an email address of the source is missing in the translation"),
    "number": (ERROR, "a number of the source is missing in the translation (3.5 = 3,5; 1,000 = 1.000)"),
    "newlines": (ERROR, "the number of line breaks, or a leading or trailing one, differs"),
    "plural-forms": (ERROR, "the number of plural forms does not match the Plural-Forms header, or one is empty"),
    "structure": (ERROR, "the translation brings in markup, a link or a placeholder, or changes the page's structure"),
    # entries, warnings
    "identical": (WARNING, "translation identical to a long source"),
    "whitespace": (WARNING, "leading, trailing or double whitespace differs"),
    "punctuation": (WARNING, "end punctuation differs"),
    "brackets": (WARNING, "unbalanced brackets or quotes"),
    "repeated-word": (WARNING, "a word repeated three times in a row"),
    "glossary": (WARNING, "a glossary term is not translated as the glossary says (or a keep term changed)"),
    "consistency": (WARNING, "the same source is translated differently in another catalogue of the language"),
    "length": (WARNING, "translation far longer or shorter than the source (EN->DE bounds)"),
    # catalogues: always fail
    "compile": (ERROR, "the catalogue does not compile (msgfmt would fail)"),
    "sync-source": (ERROR, "the source page changed since the last extract/update"),
    "sync-template": (ERROR, "the catalogue's entries differ from its template (update not run)"),
    "min-complete": (ERROR, "the page is less complete than its publish policy requires"),
    "machine-heading": (ERROR, "a heading is an unreviewed machine translation (publish policy)"),
}
CATALOGUE_CHECKS = ("compile", "sync-source", "sync-template", "min-complete", "machine-heading")

# "Long" for the identical check: a source of at least this many words is worth translating.
IDENTICAL_MIN_WORDS = 4
# Length ratio bounds, from 35,292 EN->DE translations of /usr/share/locale/de (msgids >= 20 characters):
# median 1.19, 99.9th percentile 2.46, 0.1st 0.67; outside [0.5, 2.5] are 0.1 % of them.
LENGTH_MIN_SOURCE = 20
LENGTH_RATIO_BOUNDS = (0.5, 2.5)
# Inline HTML elements: a tag of one of these in a msgid is markup. "<FILE>" in a usage string is not.
HTML_INLINE = frozenset(
    "a abbr b bdi bdo big br cite code data del dfn em font i img input ins kbd label mark q s samp small "
    "span strike strong sub sup time tt u var wbr".split())


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
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _problem(check: str, entry: polib.POEntry | None, detail: str, state: State | None = None,
             line: int | None = None) -> Problem:
    severity = CHECKS[check][0]
    if entry is None:
        return Problem(check, severity, detail, "", None, line, None, detail)
    name = f'msgid "{short_text(entry.msgid)}"'
    if entry.msgctxt:
        name = f'msgctxt "{short_text(entry.msgctxt, 24)}" {name}'
    return Problem(check, severity, f"{name}: {detail}", entry.msgid, entry.msgctxt,
                   line if line is not None else getattr(entry, "linenum", None),
                   state.value if state is not None else None, detail)


# -- the entry checks --------------------------------------------------------------------------

_FORMAT_FAMILIES: tuple[tuple[str, str, Callable[[str], Args | None]], ...] = (
    ("c-format", "printf-format", c_format_args),
    ("python-format", "python-format", python_format_args),
    ("python-brace-format", "brace-format", brace_format_args),
)
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_REPEATED_RE = re.compile(r"(?<!\w)([^\W\d_]+)(?:\s+\1(?!\w)){2,}")  # case-sensitive: "GID gid GID" is a layout
_DOUBLE_SPACE_RE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_TRAILING_CLOSERS = "\"'”“»«’‘)]}*_`"
_CODE_SPAN_RE = re.compile(r"`[^`\n]+`")
_LINK_TARGET_RE = re.compile(r"\]\(([^()\s]*)")
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_VOID_TAGS = frozenset({"br", "img", "input", "wbr"})
_NUMBERISH = ("number", "phone", "date")


def check_entry(entry: polib.POEntry, *, nplurals: int | None = None, glossary: Sequence[Term] = (),
                plural_forms: str | None = None) -> list[Problem]:
    """Every problem of one entry's translation (none for an untranslated entry).

    Pure and fast (tens of microseconds): the web UI calls it with a temporary
    POEntry holding what the translator typed. `plural_forms` (the catalogue's
    Plural-Forms header) tells which plural forms serve a single number and
    the number of forms; `nplurals` alone gives the number.
    """
    if not has_translation(entry) and not any((entry.msgstr_plural or {}).values()):
        return []
    problems: list[Problem] = []

    def add(check: str, detail: str) -> None:
        problems.append(_problem(check, entry, detail, state_of(entry)))

    rule = plural_rule(plural_forms) if plural_forms else None
    if rule is not None and rule.error:
        rule = None
    if rule is not None and nplurals is None:
        nplurals = rule.nplurals
    flags = set(entry.flags)
    markdown = any(str(file).endswith((".md", ".markdown")) for file, *_ in entry.occurrences or ())

    if entry.msgid_plural:
        forms = sorted((int(index), text) for index, text in (entry.msgstr_plural or {}).items())
        if nplurals is not None and len(forms) != nplurals:
            add("plural-forms", f"{len(forms)} plural forms, but the Plural-Forms header says nplurals={nplurals}")
        empty = [f"msgstr[{index}]" for index, text in forms if not text]
        if empty and has_translation(entry):
            add("plural-forms", f"{', '.join(empty)} empty: that form would show an empty text")
        count = nplurals or len(forms)
        for index, text in forms:
            if not text:
                continue
            single = index in rule.singles if rule is not None else (index == 0 and count > 1)
            source = entry.msgid if single else entry.msgid_plural
            _check_pair(source, text, f"msgstr[{index}]: ", single, flags, markdown, glossary, add)
    elif entry.msgstr:
        _check_pair(entry.msgid, entry.msgstr, "", False, flags, markdown, glossary, add)
        if not any(problem.check == "markup" for problem in problems):  # else said once, as markup
            for detail in translation_problems(entry.msgid, entry.msgstr):
                add("structure", detail)
    return problems


def _check_pair(source: str, translation: str, label: str, single: bool, flags: set[str], markdown: bool,
                glossary: Sequence[Term], add: Callable[[str, str], None]) -> None:
    """The checks of one (source, translation) pair; `single`: a plural form for one number only."""
    source_spans = _spans(source)
    translation_spans = _spans(translation)

    # format placeholders
    for flag, check, parse in _FORMAT_FAMILIES:
        if flag in flags:
            expected = parse(source)
            if expected is None:
                continue  # the msgid itself is not a valid format string: nothing to compare with
            found = parse(translation)
            if found is None:
                add(check, f"{label}not a valid {flag} string, unlike the source")
                continue
            why = compare_args(expected, found, single)
            if why:
                add(check, f"{label}{why}")
    if not flags & {"c-format", "python-format", "no-c-format", "no-python-format"}:
        _compare_printf(source, translation, source_spans, translation_spans, label, single, add)
    if not flags & {"python-brace-format", "no-python-brace-format"}:
        _compare_spans("brace-format", "brace", "placeholder", source_spans, translation_spans, label, single, add,
                       both_ways=True)

    # markup
    _check_markup(source, translation, source_spans, translation_spans, label, markdown, add)

    # URLs, email addresses, numbers: must survive translation
    if not single:
        _compare_spans("url", "url", "URL", source_spans, translation_spans, label, single, add)
        _compare_spans("email", "email", "email address", source_spans, translation_spans, label, single, add)
        expected_numbers = _number_keys(source_spans) if source_spans else None
        if expected_numbers:
            _report(add, "number", label, "number", (expected_numbers - _number_keys(translation_spans)).elements())

    # line breaks (msgfmt -c checks the first and the last; a changed count breaks text layouts)
    breaks, source_breaks = translation.count("\n"), source.count("\n")
    if breaks != source_breaks:
        add("newlines", f"{label}{breaks} line breaks, the source has {source_breaks}")
    elif (source[:1] == "\n") != (translation[:1] == "\n") or (source[-1:] == "\n") != (translation[-1:] == "\n"):
        add("newlines", f"{label}a line break at the start or end differs from the source")

    _check_style(source, translation, label, add)
    for term in dict.fromkeys(missing_terms(source, translation, glossary)) if glossary else ():
        if term.keep:
            add("glossary", f"{label}{term.source!r} must stay as it is (do not translate)")
        else:
            add("glossary", f"{label}{term.source!r} should be translated as {term.target!r}")


# A character each kind of span in patterns.PATTERNS cannot match without. find_spans runs one regular
# expression per kind; asking only for the kinds a text can hold gives the same spans (a kind that cannot
# match takes nothing from the others) in a fraction of the time. tests/test_checks.py compares the two.
_DIGIT_RE = re.compile(r"\d")
_KIND_HINTS: dict[str, Callable[[str], bool]] = {
    "markup": lambda text: "<" in text,
    "tag": lambda text: "<" in text,
    "url": lambda text: "://" in text or "www." in text.lower(),
    "email": lambda text: "@" in text,
    "printf": lambda text: "%" in text,
    "brace": lambda text: "{" in text,
    "phone": lambda text: "+" in text,
    "date": lambda text: _DIGIT_RE.search(text) is not None,
    "number": lambda text: _DIGIT_RE.search(text) is not None,
}


def _spans(text: str) -> list[Span]:
    """`patterns.find_spans(text)`, faster."""
    kinds = tuple(kind for kind, hint in _KIND_HINTS.items() if hint(text))
    return find_spans(text, kinds) if kinds else []


def _compare_spans(check: str, kind: str, noun: str, source_spans: list[Span], translation_spans: list[Span],
                   label: str, single: bool, add: Callable[[str, str], None], both_ways: bool = False) -> None:
    expected_keys = [span_key(span) for span in source_spans if span.kind == kind]
    found_keys = [span_key(span) for span in translation_spans if span.kind == kind] if expected_keys or both_ways \
        else []
    if expected_keys == found_keys:
        return
    expected, found = Counter(expected_keys), Counter(found_keys)
    # a form for one number may leave a placeholder out
    _report(add, check, label, noun, () if single else (expected - found).elements(),
            (found - expected).elements() if both_ways else ())


def _report(add: Callable[[str, str], None], check: str, label: str, noun: str, missing: Iterable[str],
            extra: Iterable[str] = ()) -> None:
    """One problem for what the translation lacks, one for what it has that the source has not."""
    missing, extra = sorted(missing), sorted(extra)
    if missing:
        add(check, f"{label}{_listed(noun, missing)} missing in the translation")
    if extra:
        add(check, f"{label}{_listed(noun, extra, 'in')} the translation, not in the source")


def _compare_printf(source: str, translation: str, source_spans: list[Span], translation_spans: list[Span],
                    label: str, single: bool, add: Callable[[str, str], None]) -> None:
    """printf placeholders of an entry without a format flag, when its msgid clearly has some."""
    def keys(text: str, spans: list[Span]) -> tuple[Counter[str], dict[str, str]]:
        found = [span.text for span in spans if span.kind == "printf"]
        if "$" in text:
            found += POSITIONAL_PRINTF_RE.findall(text)
        if not found:
            return Counter(), {}
        keyed = {printf_key(item): item for item in reversed(found)}
        return Counter(printf_key(item) for item in found), keyed

    if not source_spans and "$" not in source:
        return
    expected, source_texts = keys(source, source_spans)
    if not expected:
        return  # no placeholder in the msgid: a "%" in the translation is just a percent sign
    found, translation_texts = keys(translation, translation_spans)
    missing = () if single else [source_texts[key] for key in (expected - found).elements()]
    _report(add, "printf-format", label, "placeholder", missing,
            [translation_texts[key] for key in (found - expected).elements()])


def _listed(noun: str, items: list[str], verb: str = "") -> str:
    """'the number 1954 is' / 'the numbers 1, 2 are' (+ `verb`: 'is in' ...); `missing` follows."""
    plural = len(items) > 1
    word = "markup" if noun == "markup" else f"{noun}s" if plural else noun
    return f"{word} {', '.join(items)} {'are' if plural else 'is'}{' ' + verb if verb else ''}"


def _number_keys(spans: list[Span]) -> Counter[str]:
    """What must reappear of the numbers: digits (`span_key`); a date's parts, so 2024-04-30 = 30.04.2024."""
    keys: Counter[str] = Counter()
    for span in spans:
        if span.kind == "date":
            keys.update(str(int(part)) for part in re.findall(r"\d+", span.text))
        elif span.kind in _NUMBERISH:
            keys[span_key(span)] += 1
    return keys


def _markup_tokens(text: str, spans: list[Span]) -> Counter[str]:
    """Markup placeholders, and the inline HTML tags that are surely tags.

    A bare `<time>` or `<FILE>` in a usage string is a metavariable, translated
    like a word: a tag counts when it is closing, self-closing, void, has
    attributes, or its closing tag is in the text too.
    """
    tokens: Counter[str] = Counter()
    for span in spans:
        if span.kind == "markup":
            tokens[span.text] += 1
        elif span.kind == "tag":
            match = _TAG_NAME_RE.match(span.text)
            name = match.group(1) if match else ""
            if name not in HTML_INLINE:
                continue
            if (span.text.startswith("</") or span.text.endswith("/>") or name in _VOID_TAGS
                    or " " in span.text.strip() or f"</{name}>" in text):
                tokens[" ".join(span.text.split())] += 1
    return tokens


def _nesting_error(spans: list[Span]) -> str | None:
    """Why the markup placeholders of a text are not properly nested, or None."""
    stack: list[str] = []
    for span in spans:
        if span.kind != "markup" or span.text.endswith("/>"):
            continue
        number = span.text.strip("</>")
        if not span.text.startswith("</"):
            stack.append(number)
        elif not stack or stack[-1] != number:
            return f"{span.text} does not close the last opened placeholder"
        else:
            stack.pop()
    return f"<{stack[-1]}> is not closed" if stack else None


def _check_markup(source: str, translation: str, source_spans: list[Span], translation_spans: list[Span],
                  label: str, markdown: bool, add: Callable[[str, str], None]) -> None:
    if any(span.kind in ("markup", "tag") for span in (*source_spans, *translation_spans)):
        expected, found = _markup_tokens(source, source_spans), _markup_tokens(translation, translation_spans)
        _report(add, "markup", label, "markup", (expected - found).elements(), (found - expected).elements())
        if expected == found and not _nesting_error(source_spans):
            broken = _nesting_error(translation_spans)
            if broken:
                add("markup", f"{label}{broken}")
    if markdown:
        for pattern, noun in ((_CODE_SPAN_RE, "code span"), (_LINK_TARGET_RE, "link target")):
            _report(add, "markup", label, noun,
                    (Counter(pattern.findall(source)) - Counter(pattern.findall(translation))).elements())
        if source.count("**") != translation.count("**"):
            add("markup", f"{label}{translation.count('**')} '**' (bold) in the translation, "
                          f"{source.count('**')} in the source")


def _end_mark(text: str) -> str:
    """The sentence punctuation a text ends with, looking through closing quotes and brackets: . ! ? : ; … or ''."""
    if text[-1:] in (">", " ", "\n", "\t"):
        text = _TRAILING_MARKUP_RE.sub("", text)
    text = text.rstrip(_TRAILING_CLOSERS + " ")
    if text.endswith(("...", "…")):
        return "…"
    last = text[-1:]
    return last if last in ".!?:;" else ""


_TRAILING_MARKUP_RE = re.compile(r"(?:</?\d+/?>|\s)+$")
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


def _check_style(source: str, translation: str, label: str, add: Callable[[str, str], None]) -> None:
    """The warnings that compare the form of the translation with the source."""
    words = _WORD_RE.findall(source) if translation == source else []
    # A run of capitalised words ("SSH File Transfer Protocol") is a name, kept on purpose.
    if len(words) >= IDENTICAL_MIN_WORDS and not all(word[0].isupper() for word in words):
        add("identical", f"{label}the translation is the same as the source")

    if source[:len(source) - len(source.lstrip())] != translation[:len(translation) - len(translation.lstrip())]:
        add("whitespace", f"{label}leading whitespace differs from the source")
    if source[len(source.rstrip()):] != translation[len(translation.rstrip()):]:
        add("whitespace", f"{label}trailing whitespace differs from the source")
    if _DOUBLE_SPACE_RE.search(translation) and not _DOUBLE_SPACE_RE.search(source):
        add("whitespace", f"{label}double space in the translation")

    source_end, translation_end = _end_mark(source), _end_mark(translation)
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

    repeated = _REPEATED_RE.search(translation)
    if repeated and not _REPEATED_RE.search(source):
        add("repeated-word", f"{label}{repeated.group(1)!r} three times in a row")

    if len(source) >= LENGTH_MIN_SOURCE:
        ratio = len(translation) / len(source)
        low, high = LENGTH_RATIO_BOUNDS
        if ratio < low or ratio > high:
            add("length", f"{label}the translation is {ratio:.1f} times as long as the source "
                          f"(expected {low}-{high})")


# -- catalogue checks --------------------------------------------------------------------------

def check_catalogue(po: polib.POFile, *, glossary: Sequence[Term] = ()) -> list[Problem]:
    """`compile_problems` plus `check_entry` for every entry with a translation."""
    problems = compile_problems(po)
    plural_forms = po.metadata.get("Plural-Forms")
    rule = plural_rule(plural_forms)
    nplurals = rule.nplurals if rule is not None and not rule.error else None
    for entry in po:
        if entry.obsolete or (not entry.msgid and not entry.msgctxt):
            continue
        problems.extend(check_entry(entry, nplurals=nplurals, glossary=glossary, plural_forms=plural_forms))
    return problems


def compile_problems(po: polib.POFile) -> list[Problem]:
    """Why the catalogue would not compile (what `msgfmt -c` rejects beyond single entries)."""
    problems = []
    plural_entries = [entry for entry in po if not entry.obsolete and entry.msgid_plural]
    header = po.metadata.get("Plural-Forms")
    rule = plural_rule(header)
    if rule is not None and rule.error:
        problems.append(_problem("compile", None, rule.error))
    elif rule is None and plural_entries:
        problems.append(_problem("compile", None, "the catalogue has plural entries but no Plural-Forms header",
                                 line=getattr(plural_entries[0], "linenum", None)))
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural and not entry.msgstr_plural:
            problems.append(_problem("compile", entry, "msgid_plural with a plain msgstr (needs msgstr[0], …)"))
        elif entry.msgstr_plural and not entry.msgid_plural:
            problems.append(_problem("compile", entry, "msgstr[N] without msgid_plural"))
    try:
        po.to_binary()
    except Exception as error:  # noqa: BLE001 - whatever polib raises, the .mo cannot be written
        problems.append(_problem("compile", None, f"cannot write the .mo file: {error}"))
    return problems


class ConsistencyIndex:
    """The done translations of each source text over several catalogues of one language.

    `problems_for(entry, path)` finds another catalogue that translates the same
    (msgctxt, msgid) differently; the web UI can keep one index per language.
    """

    def __init__(self) -> None:
        self.by_key: dict[tuple[str | None, str], dict[str, list[str]]] = defaultdict(dict)

    def add(self, name: str, po: polib.POFile) -> None:
        for entry in po:
            if entry.obsolete or not entry.msgid or not state_of(entry).done:
                continue
            self.by_key[entry_key(entry)].setdefault(_translation(entry), []).append(name)

    def problems_for(self, entry: polib.POEntry, name: str) -> list[Problem]:
        variants = self.by_key.get(entry_key(entry))
        if not variants or not has_translation(entry):
            return []
        own = _translation(entry)
        others = [(text, names) for text, names in variants.items() if text != own
                  and any(other != name for other in names)]
        if not others:
            return []
        text, names = max(others, key=lambda item: len(item[1]))
        where = ", ".join(Path(other).name for other in names[:2]) + (" …" if len(names) > 2 else "")
        shown = text.split("\x00")[0]  # a plural entry: its first form
        return [_problem("consistency", entry, f'translated as "{short_text(shown)}" in {where}', state_of(entry))]


def _translation(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return "\x00".join(text for _, text in sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
    return entry.msgstr


# -- sync with source page and template --------------------------------------------------------

@dataclass
class SyncResult:
    status: str  # "ok", "out-of-date" or "unchecked"
    problems: list[Problem] = field(default_factory=list)
    note: str = ""  # why it was not checked


def sync_problems(path: Path, po: polib.POFile, language: str, project: Project) -> SyncResult:
    """Is the catalogue in step with its source page and its template?

    Out of date with the source: its `X-L10n-Source-SHA256` is not the source's
    digest (without that header: its msgids are not those of an in-memory
    `build_template`). Out of date with the template: its msgids differ from the
    template's (`l10n update` was not run). Checked only where the catalogue
    names its source (`X-L10n-Source`, relative to the project root or to a
    folder above the catalogue) or has its template in the standard layout
    (`locales/<domain>.pot` for `locales/<lang>/LC_MESSAGES/<domain>.po`).
    """
    from .extract import build_template, source_digest

    domain = path.stem
    fix_update = f"l10n update --lang {language} --domain {domain}"
    fix_both = f"l10n extract --domain {domain} && {fix_update}"
    keys = _live_keys(po)
    template_path = _template_path(path)
    template = read_catalogue(template_path) if template_path is not None else None

    reference = po.metadata.get(SOURCE_HEADER, "")
    root = _source_root(path, reference, project) if reference else None
    if root is not None:
        source = root / reference
        digest, current = po.metadata.get(SOURCE_DIGEST_HEADER), source_digest(source)
        if digest != current:
            page = SourcePage(source, Path(source.name), domain)
            fresh = _live_keys(build_template(project if root == project.root else Project(root), page))
            added, removed = len(fresh - keys), len(keys - fresh)
            if digest is not None or added or removed:  # without the digest, only changed msgids tell
                change = f"{added} new, {removed} removed or changed sentences" if added or removed \
                    else "no sentence changed"
                if template is not None and template.metadata.get(SOURCE_DIGEST_HEADER) == current:
                    detail = f"out of date with {reference} ({change}); its template is not: run `{fix_update}`"
                    return SyncResult("out-of-date", [_problem("sync-template", None, detail)])
                detail = f"out of date with {reference} ({change}): run `{fix_both}`"
                return SyncResult("out-of-date", [_problem("sync-source", None, detail)])
    if template is not None and template_path is not None:
        expected = _live_keys(template)
        if expected != keys:
            detail = (f"differs from its template {template_path.name} ({len(expected - keys)} entries "
                      f"missing, {len(keys - expected)} not in the template): run `{fix_update}`")
            return SyncResult("out-of-date", [_problem("sync-template", None, detail)])
    if root is None and template is None:
        why = f"source {reference} not found" if reference else "no X-L10n-Source header and no template"
        return SyncResult("unchecked", note=why)
    return SyncResult("ok")


def _live_keys(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {entry_key(entry) for entry in po if not entry.obsolete and (entry.msgid or entry.msgctxt)}


def _template_path(path: Path) -> Path | None:
    """locales/<lang>/LC_MESSAGES/<domain>.po -> locales/<domain>.pot, if it exists."""
    if path.parent.name != "LC_MESSAGES" or len(path.parents) < 3:
        return None
    candidate = path.parents[2] / f"{path.stem}.pot"
    return candidate if candidate.is_file() else None


def _source_root(path: Path, reference: str, project: Project) -> Path | None:
    """The folder `reference` (relative to a project root) is found in: the project's, else one above `path`."""
    for root in (project.root, *path.resolve().parents):
        if (root / reference).is_file():
            return root
    return None


# -- publish policy ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Policy:
    """What a page needs to be published: `[tool.l10n.policy]`, per page `[tool.l10n.policy.pages.<domain>]`."""

    min_complete: float = 0.0  # % translated (done) entries
    no_machine_in_headings: bool = False  # no heading may be an unreviewed machine translation
    no_blocking: bool = True  # blocking problems on done entries fail the page

    @classmethod
    def for_page(cls, settings: dict[str, Any], domain: str) -> Policy:
        table = settings.get("policy", {})
        if not isinstance(table, dict):
            raise InputError("[tool.l10n] policy must be a table")
        pages = table.get("pages", {})
        values = {key: value for key, value in table.items() if key != "pages"}
        page = pages.get(domain, {}) if isinstance(pages, dict) else {}
        if not isinstance(page, dict):
            raise InputError(f"[tool.l10n.policy.pages.{domain}] must be a table")
        values.update(page)
        fields: dict[str, type | tuple[type, ...]] = {"min_complete": (int, float), "no_machine_in_headings": bool,
                                                       "no_blocking": bool}
        for key, value in values.items():
            if key not in fields:
                raise InputError(f"unknown publish policy setting {key!r} (known: {', '.join(fields)})")
            if not isinstance(value, fields[key]) or (key == "min_complete" and isinstance(value, bool)):
                raise InputError(f"publish policy setting {key!r} has the wrong type: {value!r}")
        return cls(**values)


def policy_problems(po: polib.POFile | None, counts: Counts, policy: Policy) -> list[Problem]:
    """Where the catalogue breaks its page's publish policy (`po` None: the counts only)."""
    problems = []
    if counts.complete_percent < policy.min_complete:
        problems.append(_problem("min-complete", None, f"{counts.complete_percent:.1f} % translated, the publish "
                                                       f"policy requires {policy.min_complete:g} %"))
    if policy.no_machine_in_headings and po is not None:
        for entry in po:
            if entry.obsolete or not entry.msgid or state_of(entry) is not State.MACHINE:
                continue
            if any(line.startswith("heading") for line in (entry.comment or "").splitlines()):
                problems.append(_problem("machine-heading", entry, "heading is an unreviewed machine translation"))
    return problems
