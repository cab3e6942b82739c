"""The structure gate: a translated page keeps its source's structure, or it is not written.

A translation is text; markup, links and images come only from the source. Two
checks, one check id (`structure`):

- per entry (`translation_problems`, pure and fast, also run while a translator
  types): raw markup (`<b>`, `<a href`, `<!--`), a link or an image
  (`[x](y)`, `![x](y)`, `<https://…>`) in the translation that the msgid does
  not have; a placeholder (`<1>`, `</1>`, `<2/>`) that is not in the msgid,
  repeated, missing, or not nested as opened;
- per page (`changed_entries`): the page is rendered with the translations and
  parsed again with its format's parser; its skeleton (a format module's
  `skeleton(text) -> list[str]`: one string per structural token, no
  translatable text) must equal the source's. When it does not, the entries
  to blame are found by group testing: render with half of the translated
  entries, recurse into the halves that still change the skeleton. That costs
  about 2·k·log2(n) renders for k culprits among n translated entries, instead
  of n renders (one per entry) or n² (pairs). Past `MAX_BLAMED` culprits the rest
  is reported by group, so a page where every entry breaks costs O(n) renders at most.

`l10n export` refuses a page with any problem (`verify_page`, exit 1, one line
per problem naming the entry as `catalogue.po:LINE` of its msgid); `l10n check`
reports the entry part through `checks.check_entry` and the page part through
`structure_problems`. A format module without `skeleton` gets the entry part only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import polib

from .errors import FailureError, InputError
from .formats import PLACEHOLDER_RE, Page, Segment, format_for, parse_file

if TYPE_CHECKING:
    from .checks import Problem
    from .config import Project

CHECK_ID = "structure"

# Markup a translation must not bring in: an HTML comment, a start or end tag (also unfinished: `<a href`),
# an autolink; a Markdown link or image (inline `[x](y)` or reference `[x][y]`), keyed by its target.
_TAG_RE = re.compile(r"<!--|<(/?)([A-Za-z][\w:.-]*)(?=(\s+[^\s<>])|\s*/?>|\s*$)")
# A bare `<name>` is markup when it names an HTML element; `<FILE>` or `<brackets>` in a usage text is a word.
HTML_ELEMENTS = frozenset("""a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption
    figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li
    link main map mark math menu meta meter nav noscript object ol optgroup option output p param picture pre
    progress q rp rt ruby s samp script section select slot small source span strong style sub summary sup svg
    table tbody td template textarea tfoot th thead time title tr track u ul var video wbr""".split())
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]*)>", re.IGNORECASE)
# A bare URL: GitHub and other GFM renderers make it a link (`www.x.org`, `https://x.org/a`), trailing punctuation aside.
_BARE_URL_RE = re.compile(r"(?<![\w/<(@.])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`\[\]]*[^\s<>\"'`\[\].,:;!?)*_~]", re.IGNORECASE)
_LINK_RE = re.compile(r"(!?)\[[^\]\n]*\](?:\(\s*<?([^)\s>]*)|\[([^\]\n]*)\])")

# Invisible characters a translation must not bring in: C0/C1 controls (tab and line breaks are text) ...
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# ... and bidi embeddings, overrides and isolates left open: they would reorder the text that follows
# the translation up to the end of its paragraph (links, other sentences: "Trojan Source").
_BIDI_OPEN, _BIDI_CLOSE = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
                           "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}, {"\u202c", "\u2069"}

SkeletonFunction = Callable[[str], list[str]]
# Entries blamed one by one; beyond that, what is left is reported as groups (the page is refused anyway).
MAX_BLAMED = 50
PinnedFunction = Callable[[str], bool]  # whether a standalone placeholder's markup must keep its place


@dataclass(frozen=True)
class Finding:
    """One problem of a translated page: the entry to blame (its msgid) and what changed."""

    msgid: str
    detail: str
    entry_level: bool = False  # found by `translation_problems` (already a `check_entry` problem)


# -- per entry ---------------------------------------------------------------------------------

def _markup_keys(text: str) -> Counter[str]:
    """What counts as markup, link or image in a text, each as a short readable key."""
    keys: Counter[str] = Counter()
    autolinks = [match.span() for match in _AUTOLINK_RE.finditer(text)]
    for match in _AUTOLINK_RE.finditer(text):
        keys[f"link <{match.group(1)}>"] += 1
    for match in _TAG_RE.finditer(text):
        if any(start <= match.start() < end for start, end in autolinks):
            continue
        if match.group(0) == "<!--":
            keys["<!--"] += 1
            continue
        name = match.group(2).lower()
        if match.group(1) or match.group(3) or name in HTML_ELEMENTS:  # closing, with attributes, or an element
            keys[f"<{name}>"] += 1  # <b> and </b>: one key
    for match in _BARE_URL_RE.finditer(text):
        if not any(start <= match.start() < end for start, end in autolinks):
            keys[f"link {match.group(0)}"] += 1
    for match in _LINK_RE.finditer(text):
        target = match.group(2) if match.group(2) is not None else f"[{match.group(3)}]"
        keys[f"{'image' if match.group(1) else 'link'} ({target})"] += 1
    return keys


def translation_problems(msgid: str, msgstr: str) -> list[str]:
    """Why a translation would bring markup into a page that its msgid does not have (empty: none).

    Pure and fast (a few regular expressions): `checks.check_entry` runs it on what a
    translator types. Each string says what is wrong, e.g.
    `raw markup <b not in the source (a translation is text)`.
    """
    if not msgstr:
        return []
    problems = []
    extra = _markup_keys(msgstr) - _markup_keys(msgid)
    for key in extra:
        what = key if key.startswith(("link", "image")) else f"raw markup {key}"
        problems.append(f"{what} not in the source (a translation is text; markup comes from the source)")
    source, found = _placeholders(msgid), _placeholders(msgstr)
    for token, count in found.items():
        if token not in source:
            problems.append(f"placeholder {token} is not in the source")
        elif count > source[token]:
            problems.append(f"placeholder {token} appears {count} times, {source[token]} in the source")
    for token in source:
        if found[token] < source[token]:
            problems.append(f"placeholder {token} of the source is missing")
    if not problems and _nesting(msgid) is None:
        broken = _nesting(msgstr)
        if broken:
            problems.append(broken)
    for char in dict.fromkeys(_CONTROL_RE.findall(msgstr)):
        if char not in msgid:
            problems.append(f"control character U+{ord(char):04X} not in the source (invisible; a translation is text)")
    if any(char in msgstr for char in _BIDI_OPEN) and _bidi_open(msgstr) and not _bidi_open(msgid):
        problems.append(f"bidi control U+{ord(_bidi_open(msgstr)[-1]):04X} left open "
                        "(it would reorder the text after the translation)")
    return problems


def _bidi_open(text: str) -> list[str]:
    """The bidi embeddings, overrides and isolates a text opens and does not close (empty: balanced)."""
    opened: list[str] = []
    for char in text:
        if char in _BIDI_OPEN:
            opened.append(char)
        elif char in _BIDI_CLOSE and opened and _BIDI_OPEN[opened[-1]] == char:
            opened.pop()
    return opened


def _placeholders(text: str) -> Counter[str]:
    return Counter(match.group(0) for match in PLACEHOLDER_RE.finditer(text))


def _nesting(text: str) -> str | None:
    """Why the paired placeholders of a text are not nested as opened, or None."""
    opened: list[str] = []
    for match in PLACEHOLDER_RE.finditer(text):
        token = match.group(0)
        if token.endswith("/>"):
            continue
        if not token.startswith("</"):
            opened.append(match.group(1))
        elif not opened or opened[-1] != match.group(1):
            return f"placeholder {token} does not close the last opened one"
        else:
            opened.pop()
    return f"placeholder <{opened[-1]}> is not closed" if opened else None


# -- per page ----------------------------------------------------------------------------------

def skeleton_function(module: ModuleType) -> SkeletonFunction | None:
    """The format module's `skeleton(text) -> list[str]`, if it has one."""
    return getattr(module, "skeleton", None)


def neutral(segment: Segment, translation: str, pinned: PinnedFunction | None = None) -> str:
    """The translation's placeholders with a neutral word around them: its markup without its text
    (the msgid itself when the translation keeps the msgid's order of placeholders).

    Translators may reorder whole elements (German word order), so the page's reference
    skeleton takes the placeholders in the translation's order; text is what may not change
    it. A translation that drops, repeats or misnests placeholders, and a segment with a
    placeholder `pinned` (a lone start or end tag: moving one would change which text it
    encloses), get the msgid's order, so the change shows.
    """
    source = [match.group(0) for match in PLACEHOLDER_RE.finditer(segment.text)]
    tokens = [match.group(0) for match in PLACEHOLDER_RE.finditer(translation)]
    markup = getattr(segment, "markup", {})
    if (sorted(tokens) != sorted(source) or _nesting(translation) is not None  # not a clean reordering
            or pinned is not None and any(token.endswith("/>") and token in markup and pinned(markup[token])
                                          for token in source)):
        tokens = source
    if tokens == source:  # the msgid itself: its text sits against the markup as the source's does
        return segment.text  # (`x__x__x` is no strong emphasis, `the __init__ hook` is)
    return "x" + "x".join(tokens) + "x"


def changed_entries(page: Page, skeleton: SkeletonFunction, done: dict[str, str],
                    language: str | None = None, pinned: PinnedFunction | None = None) -> list[Finding]:
    """The entries (of `done`: msgid -> translation) whose translation changes the page's skeleton.

    Compared with the page rendered with each translation's placeholders only (`neutral`):
    empty when the text of the translations leaves the skeleton as their markup makes it.
    Entries that change it only together are blamed on the first of them.
    """
    used = list(dict.fromkeys(segment.text for segment in page.segments() if segment.text in done))

    def result(msgids: Iterable[str], declared: str | None = language) -> list[str] | None:
        chosen = set(msgids)

        def translate(segment: Segment) -> str | None:
            if segment.text not in done:
                return None
            return done[segment.text] if segment.text in chosen else neutral(segment, done[segment.text], pinned)

        text = page.render(translate, declared)
        try:
            return skeleton(text)
        except InputError:
            return None  # the format's parser gives up: as changed as it gets

    reference = result((), None)  # the language the page declares is checked too
    findings: list[Finding] = []

    def search(group: list[str], got: list[str] | None) -> None:
        if len(group) == 1:
            findings.append(Finding(group[0], describe(reference, got)))
            return
        if len(findings) >= MAX_BLAMED:  # each further culprit costs renders of the whole page
            findings.append(Finding(group[0], describe(reference, got) + f" (this entry or one of {len(group) - 1} "
                                    f"after it; not searched further: over {MAX_BLAMED} entries change the page)"))
            return
        before = len(findings)
        for half in (group[:len(group) // 2], group[len(group) // 2:]):
            half_result = result(half)
            if half_result != reference:
                search(half, half_result)
        if len(findings) == before:  # neither half alone: they break the page together
            findings.append(Finding(group[0], describe(reference, got) + " (together with other entries)"))

    whole = result(used)
    if used and whole != reference:
        search(used, whole)
    return findings


def describe(reference: list[str], got: list[str] | None) -> str:
    """What changed between two skeletons, in a few words: the first stretch that differs."""
    if got is None:
        return "structure changed: the translated page can no longer be parsed"
    start = 0
    while start < min(len(reference), len(got)) and reference[start] == got[start]:
        start += 1
    end = 0
    while end < min(len(reference), len(got)) - start and reference[-1 - end] == got[-1 - end]:
        end += 1
    lost, added = reference[start:len(reference) - end], got[start:len(got) - end]

    def show(tokens: list[str]) -> str:
        return " ".join(tokens[:4]) + (" …" if len(tokens) > 4 else "")

    if not added:
        return f"structure changed: {show(lost)} lost"
    if not lost:
        return f"structure changed: {show(added)} added"
    return f"structure changed: {show(lost)} became {show(added)}"


def page_findings(page: Page, module: ModuleType, done: dict[str, str], language: str | None = None) -> list[Finding]:
    """Every problem of the page translated with `done`: entry problems first, then the skeleton's.

    Entries with an entry problem are left out of the rendering, so the skeleton
    comparison blames only the others.
    """
    on_page = dict.fromkeys(segment.text for segment in page.segments() if segment.text in done)
    findings = [Finding(msgid, detail, entry_level=True)
                for msgid in on_page for detail in translation_problems(msgid, done[msgid])]
    flagged = {finding.msgid for finding in findings}
    skeleton = skeleton_function(module)
    if skeleton is not None:
        clean = {msgid: done[msgid] for msgid in on_page if msgid not in flagged}
        findings.extend(changed_entries(page, skeleton, clean, language, getattr(module, "pinned", None)))
    return findings


# -- where problems are reported: export and check ---------------------------------------------

class StructureError(FailureError):
    """A translated page that would not keep its source's structure: not written (exit 1).

    Printed as one line per problem (`catalogue.po:LINE: msgid "…": what`), then the page.
    """

    def __init__(self, lines: list[str], path: Path | str):
        super().__init__(f"not exported: {len(lines)} structure problem{'s' * (len(lines) != 1)} "
                         "(the translated page would not keep the source's markup)", path)
        self.lines = lines

    def __str__(self) -> str:
        # the CLI prints "l10n: " before the error; each problem gets its own line the same way
        return "\nl10n: ".join([*self.lines, super().__str__()])


def msgid_lines(path: Path, po: polib.POFile) -> dict[str, int]:
    """msgid -> the 1-based line of its `msgid` keyword in the PO file (entries without context)."""
    lines = path.read_text(encoding=po.encoding or "utf-8", errors="replace").splitlines()
    found = {}
    for entry in po:
        if entry.obsolete or entry.msgctxt is not None or not getattr(entry, "linenum", None):
            continue
        number = entry.linenum
        while number <= len(lines) and not lines[number - 1].startswith("msgid "):
            number += 1
        found[entry.msgid] = number if number <= len(lines) else entry.linenum
    return found


def verify_page(page: Page, module: ModuleType, done: dict[str, str], language: str | None,
                po_path: Path, po: polib.POFile, shown_path: str, page_path: Path | str) -> None:
    """Raise `StructureError` when the translated page has any structure problem (export's gate)."""
    from .checks.base import short_text  # late: checks imports this module

    findings = page_findings(page, module, done, language)
    if not findings:
        return
    lines = msgid_lines(po_path, po)
    raise StructureError([f'{shown_path}:{lines.get(finding.msgid, 0)}: msgid "{short_text(finding.msgid)}": '
                          f"{finding.detail}" for finding in findings], page_path)


def structure_problems(project: Project, po_path: Path, po: polib.POFile) -> list[Problem]:
    """The page-level structure problems of a catalogue, for `l10n check` (entry-level ones come
    from `checks.check_entry`). Empty when the catalogue's source page is not found or unreadable.
    """
    from .catalog import SOURCE_HEADER
    from .checks.base import make_problem
    from .checks.sync import _source_root
    from .export import translations
    from .states import state_of

    reference = po.metadata.get(SOURCE_HEADER, "")
    try:
        root = _source_root(po_path, reference, project) if reference else None
        sources = [root / reference] if root is not None else \
            [page.path for page in project.sources() if page.domain == po_path.stem]
        if not sources:
            return []
        module = format_for(sources[0])
        skeleton = skeleton_function(module)
        if skeleton is None:
            return []
        done = {msgid: text for msgid, text in translations(po).items() if not translation_problems(msgid, text)}
        if not done:
            return []
        options = next((project.format_options(source) for source in project.sources()
                        if source.path.resolve() == sources[0].resolve()), {})
        page = parse_file(sources[0], options)
    except InputError:
        return []  # no readable source page: the sync check's to report
    findings = changed_entries(page, skeleton, done, po.metadata.get("Language") or None,
                               getattr(module, "pinned", None))
    if not findings:
        return []
    entries = {entry.msgid: entry for entry in po if not entry.obsolete and entry.msgctxt is None}
    lines = msgid_lines(po_path, po)
    return [make_problem(CHECK_ID, entries[finding.msgid], finding.detail, state_of(entries[finding.msgid]),
                     line=lines.get(finding.msgid)) for finding in findings]
