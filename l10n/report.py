"""The result of `l10n check`: per-catalogue counts and problems, pass/fail, and its three outputs.

`run_check` finds the catalogues (the project's, or PO files and folders given on
the command line), counts them (`stats`), runs the checks (`checks`) and decides
what fails (see `checks`' docstring); `Report` prints it as a table, JSON or JUnit XML.
"""

from __future__ import annotations

import gc
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .checks.base import CATALOGUE_CHECKS, CHECKS, ERROR, SEVERITIES, WARNING, Problem, short_text
from .checks.policy import Policy, policy_problems
from .errors import InputError
from .states import State
from .stats import Counts, count_file

if TYPE_CHECKING:
    import polib

    from .checks.consistency import ConsistencyIndex
    from .config import Project
    from .glossary import Term

_ANSI_COLOURS = {"red": 31, "green": 32, "yellow": 33}  # terminal colours of the text report


@dataclass
class CatalogueReport:
    path: Path
    name: str  # as shown: relative to the current folder where possible
    language: str
    domain: str
    counts: Counts
    problems: list[Problem]
    policy: Policy
    fail_on: str = ERROR
    sync: str = "unchecked"

    def fails(self, problem: Problem) -> bool:
        """Whether this problem fails the check (see the module docstring)."""
        if problem.check in CATALOGUE_CHECKS or problem.state is None:
            return True
        if not State(problem.state).done or not self.policy.no_blocking:
            return False
        return problem.severity == ERROR or self.fail_on == WARNING

    @property
    def failing(self) -> list[Problem]:
        return [problem for problem in self.problems if self.fails(problem)]

    @property
    def ok(self) -> bool:
        return not any(self.fails(problem) for problem in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.name, "language": self.language, "domain": self.domain, **self.counts.as_dict(),
                "ok": self.ok, "sync": self.sync,
                "problems": [{**problem.as_dict(), "fails": self.fails(problem)} for problem in self.problems]}


@dataclass
class Report:
    catalogues: list[CatalogueReport]
    fail_on: str = ERROR
    counts_only: bool = False
    unreadable: list[InputError] = field(default_factory=list)  # catalogues not checked (exit 2), one error each

    @property
    def ok(self) -> bool:
        return not self.unreadable and all(catalogue.ok for catalogue in self.catalogues)

    @property
    def totals(self) -> Counts:
        return sum((catalogue.counts for catalogue in self.catalogues), Counts())

    def to_json(self) -> str:
        import json  # only this output needs it: imported when used, like the XML writer

        return json.dumps({"ok": self.ok, "fail_on": self.fail_on, "counts_only": self.counts_only,
                           "totals": self.totals.as_dict(),
                           "catalogues": [catalogue.as_dict() for catalogue in self.catalogues],
                           "unreadable": [{"path": error.path, "line": error.line, "error": error.message}
                                          for error in self.unreadable]},
                          ensure_ascii=False, indent=2)

    def to_junit(self) -> str:
        """JUnit XML: a testsuite per catalogue, a testcase per check that passed and per failing problem."""
        import xml.etree.ElementTree as ET

        suites = ET.Element("testsuites", name="l10n check")
        total_tests = total_failures = 0
        for catalogue in self.catalogues:
            failing = catalogue.failing
            suite = ET.SubElement(suites, "testsuite", name=catalogue.name)
            classname = f"l10n.{catalogue.language}.{catalogue.domain}"
            tests = 0
            ran = ("min-complete",) if self.counts_only else tuple(CHECKS)
            failed_checks = {problem.check for problem in failing}
            for check in ran:
                if check not in failed_checks:
                    ET.SubElement(suite, "testcase", classname=classname, name=check)
                    tests += 1
            for problem in failing:
                case = ET.SubElement(suite, "testcase", classname=classname,
                                     name=f"{problem.check}: {short_text(problem.msgid) or catalogue.name}")
                failure = ET.SubElement(case, "failure", type=problem.check, message=_xml_text(problem.message))
                where = f"{catalogue.name}:{problem.line}" if problem.line else catalogue.name
                failure.text = _xml_text(f"{where}: {problem.severity}: {problem.message}")
                tests += 1
            notes = [f"{catalogue.name}:{p.line or ''}: {p.severity}: [{p.check}] {p.message} (state {p.state}: "
                     f"does not fail)" for p in catalogue.problems if not catalogue.fails(p)]
            counts = catalogue.counts
            summary = (f"{counts.msgfmt_line()} {counts.obsolete} obsolete, {counts.machine} machine-translated; "
                       f"{counts.complete_percent:.1f} % complete; sync {catalogue.sync}")
            ET.SubElement(suite, "system-out").text = _xml_text("\n".join([summary, *notes]))
            suite.set("tests", str(tests))
            suite.set("failures", str(len(failing)))
            suite.set("errors", "0")
            total_tests += tests
            total_failures += len(failing)
        suites.set("tests", str(total_tests))
        suites.set("failures", str(total_failures))
        ET.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"

    def to_text(self, color: bool = False) -> str:
        """The readable report: one table row per catalogue, then the problems, then a summary line."""
        def style(text: str, fg: str, bold: bool = False) -> str:
            if not color:
                return text
            return f"\x1b[{'1;' if bold else ''}{_ANSI_COLOURS[fg]}m{text}\x1b[0m"

        header = ("catalogue", "lang", "done", "fuzzy", "machine", "untransl.", "obsolete", "complete",
                  "problems", "result")
        rows = []
        for catalogue in self.catalogues:
            counts = catalogue.counts
            rows.append((catalogue.name, catalogue.language, str(counts.translated), str(counts.fuzzy),
                         str(counts.machine), str(counts.untranslated), str(counts.obsolete),
                         f"{counts.complete_percent:.1f}%", f"{len(catalogue.problems)} ({len(catalogue.failing)})",
                         "ok" if catalogue.ok else "FAIL"))
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(row: tuple[str, ...], result: str) -> str:
            cells = [cell.ljust(width) if i < 2 else cell.rjust(width)
                     for i, (cell, width) in enumerate(zip(row[:-1], widths))]
            return "  ".join([*cells, result])

        lines = [line(header, header[-1])]
        for row, catalogue in zip(rows, self.catalogues):
            lines.append(line(row, style(row[-1], fg="green" if catalogue.ok else "red", bold=True)))
        for catalogue in self.catalogues:
            if not catalogue.problems:
                continue
            lines.append("")
            for problem in sorted(catalogue.problems, key=lambda p: (not catalogue.fails(p), p.line or 0)):
                where = f"{catalogue.name}:{problem.line}" if problem.line else catalogue.name
                severity = style(problem.severity, fg="red" if problem.severity == ERROR else "yellow")
                suffix = "" if catalogue.fails(problem) else f"  ({problem.state}: not failing)"
                lines.append(f"{where}: {severity}: [{problem.check}] {problem.message}{suffix}")
        failed = sum(not catalogue.ok for catalogue in self.catalogues)
        problems = sum(len(catalogue.problems) for catalogue in self.catalogues)
        failing = sum(len(catalogue.failing) for catalogue in self.catalogues)
        verdict = (style("FAILED", fg="red", bold=True) if failed or self.unreadable
                   else style("OK", fg="green", bold=True))
        unreadable = f" ({len(self.unreadable)} more unreadable: see the errors)" if self.unreadable else ""
        lines.append("")
        lines.append(f"{verdict}: {len(self.catalogues)} catalogues{unreadable}, {failed} failed; {problems} problems, "
                     f"{failing} failing (fail on: {self.fail_on}){'; counts only' if self.counts_only else ''}")
        return "\n".join(lines)


_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_INVALID_RE.sub("\ufffd", text)


# -- running it --------------------------------------------------------------------------------

def find_catalogues(paths: Iterable[Path]) -> list[Path]:
    """The PO files named, and those in the folders named (recursively), in order, each once."""
    found: dict[Path, None] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.update(dict.fromkeys(sorted(path.rglob("*.po"))))
        elif path.exists():
            found[path] = None
        else:
            raise InputError("no such file or folder", path)
    return list(found)


def _language_of(path: Path, po: polib.POFile | None, default: str) -> str:
    if po is not None and po.metadata.get("Language"):
        return po.metadata["Language"]
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    return default


def _display_name(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def run_check(project: Project, paths: Sequence[Path] = (), *, languages: Sequence[str] = (),
              min_complete: float | None = None, fail_on: str = ERROR, counts_only: bool = False,
              jobs: int = 1) -> Report:
    """Check catalogues: `paths` (files or folders), or without them every catalogue of `languages` in the project.

    With paths, `languages[0]` is the language of a catalogue that does not say
    (no Language header, not in a `<lang>/LC_MESSAGES` folder). `min_complete`
    overrides the publish policy's; `counts_only` skips everything but counting.

    Catalogues are streamed: each file is read and parsed once, counted and
    checked in one walk over its entries, and dropped; what outlives it is its
    report and, for the consistency check, a digest per distinct source text of
    the language (`checks.consistency`). Memory does not grow with the number of
    catalogues beyond that.

    `jobs`: worker processes that read and check catalogues side by side (0: one per
    core when there is enough to check; 1: none). The consistency check stays in this
    process, in file order, so the report is the same whatever `jobs` is.
    """
    if fail_on not in SEVERITIES:
        raise InputError(f"--fail-on must be one of {', '.join(SEVERITIES)}")
    default_language = (list(languages) or project.languages or [""])[0]
    files = _catalogue_files(project, paths, languages)
    settings = _Settings(project, default_language, min_complete, fail_on)
    reports: list[CatalogueReport] = []
    unreadable: list[InputError] = []
    with _no_cycle_collection():
        if counts_only:
            for path in files:
                try:
                    counts = count_file(path)  # a line scanner: exact msgfmt counts without parsing
                except InputError as error:  # one broken catalogue: named, the others still checked
                    unreadable.append(error)
                    continue
                language = _language_of(path, None, default_language)
                policy = settings.policy(path)
                reports.append(CatalogueReport(path, _display_name(path), language, path.stem, counts,
                                               policy_problems(None, counts, policy), policy, fail_on))
            return Report(reports, fail_on, counts_only, unreadable)
        from .checks import ConsistencyIndex

        indexes: dict[str, ConsistencyIndex] = {}
        for outcome in _checked_files(settings, files, jobs):
            if isinstance(outcome, InputError):
                unreadable.append(outcome)
            else:
                reports.append(outcome.with_consistency(indexes.setdefault(outcome.report.language,
                                                                            ConsistencyIndex())))
    return Report(reports, fail_on, counts_only, unreadable)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: a check makes hundreds of thousands of objects (entries, spans,
    problems), none of them in a cycle, so the collector's passes over them find nothing and cost a tenth
    of the time. Reference counting frees everything as usual; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Settings:
    """What checking one catalogue needs besides its path (handed to worker processes as it is)."""

    project: Project
    default_language: str
    min_complete: float | None
    fail_on: str
    glossaries: dict[str, list[Term]] = field(default_factory=dict)  # by language, loaded when first needed

    def policy(self, path: Path) -> Policy:
        policy = Policy.for_page(self.project.settings, path.stem)
        return policy if self.min_complete is None else replace(policy, min_complete=self.min_complete)

    def glossary(self, language: str) -> list[Term]:
        if language not in self.glossaries:
            from .glossary import load_glossary

            # The project's glossary serves the project's languages; other catalogues are checked without one.
            self.glossaries[language] = (load_glossary(self.project.glossary_path, language)
                                         if language in self.project.languages else [])
        return self.glossaries[language]


class _Translated(NamedTuple):
    """What a consistency problem names of an entry (made only for the few entries that have one)."""

    msgid: str
    msgctxt: str | None
    msgid_line: int | None


_STATES = list(State)
_STATE_NUMBERS = {state: number for number, state in enumerate(_STATES)}


class _Checked:
    """A catalogue checked but for consistency: its report, and what the consistency check needs of each
    translated entry, in order. Kept in arrays and lists of plain values, which a worker process sends back
    at little cost: each entry's place among the report's problems (where `check_catalogue` would have put
    a consistency problem), its `consistency.digests`, state, msgid, msgctxt and line."""

    report: CatalogueReport  # set once the catalogue is checked

    def __init__(self) -> None:
        from .checks.consistency import digests

        self.digests_of = digests
        self.positions, self.keys, self.digests = array("q"), array("q"), array("q")
        self.states, self.lines = array("b"), array("q")
        self.msgids: list[str] = []
        self.msgctxts: list[str | None] = []

    def add(self, position: int, entry: polib.POEntry, state: State) -> None:
        key, digest = self.digests_of(entry)
        self.positions.append(position)
        self.keys.append(key)
        self.digests.append(digest)
        self.states.append(_STATE_NUMBERS[state])
        self.lines.append(getattr(entry, "msgid_line", None) or 0)
        self.msgids.append(entry.msgid)
        self.msgctxts.append(entry.msgctxt)

    def with_consistency(self, index: ConsistencyIndex) -> CatalogueReport:
        """The report with the consistency problems in their places; the entries go into `index`."""
        report, problems = self.report, self.report.problems
        merged: list[Problem] = []
        taken = 0
        for number, position in enumerate(self.positions):
            state = _STATES[self.states[number]]
            others = index.check_and_add_digests(report.name, self.keys[number], self.digests[number], state.done)
            if others:
                entry = _Translated(self.msgids[number], self.msgctxts[number], self.lines[number] or None)
                merged += problems[taken:position]
                merged.append(index.problem(entry, state, others))  # type: ignore[arg-type]
                taken = position
        if merged:
            report.problems = merged + problems[taken:]
        return report


_MIN_BYTES_FOR_WORKERS = 1 << 20  # below 1 MiB of catalogues, starting workers costs more than it saves


def _checked_files(settings: _Settings, files: list[Path], jobs: int) -> Iterator[_Checked | InputError]:
    """`_check_file` of each file, in order; with `jobs` > 1, in that many worker processes (forked)."""
    import os

    if jobs == 0:
        jobs = min(os.cpu_count() or 1, len(files))
        if sum(path.stat().st_size for path in files) < _MIN_BYTES_FOR_WORKERS:
            jobs = 1
    jobs = min(jobs, len(files))
    if jobs > 1:
        import multiprocessing  # (10 ms to import: only when there are workers to start)

        if "fork" not in multiprocessing.get_all_start_methods():
            jobs = 1
    if jobs <= 1:
        for path in files:
            try:
                yield _check_file(settings, path)
            except InputError as error:  # one broken catalogue: named, the others still checked
                yield error
        return
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings  # what the forked workers find (nothing of it is sent per file)
    _import_checking()  # once, before the fork: the workers inherit what this process imported
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for outcome in pool.imap(_check_in_worker, files, chunksize=1):
            yield outcome if isinstance(outcome, _Checked) else InputError(*outcome)


_WORKER_SETTINGS: _Settings | None = None


def _check_in_worker(path: Path) -> _Checked | tuple[str, str | None, int | None]:
    assert _WORKER_SETTINGS is not None
    try:
        return _check_file(_WORKER_SETTINGS, path)
    except InputError as error:  # (sent back as its fields: an exception's own pickling drops them)
        return error.message, error.path, error.line


def _import_checking() -> None:
    """Import what `_check_file` needs, before forking: the workers inherit the modules instead of each
    importing them again (`--counts-only` and `--help` start without them)."""
    from . import catalog, stats, structure  # noqa: F401
    from .checks import compile, consistency, registry, sync  # noqa: F401


def _check_file(settings: _Settings, path: Path) -> _Checked:
    """Count and check one catalogue in one walk over its entries (all but the consistency check)."""
    from .catalog import read_catalogue, read_checked_text
    from .checks import check_catalogue, might_split_flags, split_fuzzy_problems, sync_problems
    from .stats import polib_may_miscount
    from .structure import structure_problems

    project, policy = settings.project, settings.policy(path)
    po = read_catalogue(path)
    name = _display_name(path)
    language = _language_of(path, po, settings.default_language)
    counts = Counts()
    checked = _Checked()

    def visit(entry: polib.POEntry, state: State | None, position: int) -> list[Problem]:
        if state is None:
            counts.obsolete += 1
        else:
            counts.add_state(state)
            if state is not State.UNTRANSLATED and entry.msgid:
                checked.add(position, entry, state)
        return []

    problems = check_catalogue(po, glossary=settings.glossary(language), visit=visit)
    if polib_may_miscount(po):
        counts = count_file(path)  # rare: a header polib hides (see l10n/stats.py)
    if might_split_flags(po):
        problems += split_fuzzy_problems(read_checked_text(path), po)
    sync = sync_problems(path, po, language, project)
    problems += [*sync.problems, *policy_problems(po, counts, policy), *structure_problems(project, path, po)]
    checked.report = CatalogueReport(path, name, language, path.stem, counts, problems, policy, settings.fail_on,
                                     sync.status)
    return checked


def _catalogue_files(project: Project, paths: Sequence[Path], languages: Sequence[str]) -> list[Path]:
    if paths:
        files = find_catalogues(paths)
        if not files:
            raise InputError(f"no PO files in {', '.join(str(path) for path in paths)}")
        return files
    files = []
    for lang in languages or project.languages:
        found = [path for _, path in project.catalogues(lang)]
        if not found:
            raise InputError(f"no catalogues for {lang!r}; run `l10n update --lang {lang}` first",
                             project.locales_dir / lang / "LC_MESSAGES")
        files.extend(found)
    return files
