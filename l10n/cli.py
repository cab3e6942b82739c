"""The `l10n` command: parses arguments, calls the library, prints what happened.

Exit codes: 0 ok, 1 the work failed (a check, a refused export), 2 usage or
input error, 130 interrupted. Errors go to stderr as one line naming the file (and line).

Arguments are parsed with argparse (the standard library's): click, which this
module used before, cost 25 ms of every start-up (a third of `msgmerge`'s whole run
on a 2,000-entry catalogue), and CI calls `l10n` on every push.
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import __version__
from .errors import EXIT_INPUT, L10nError

if TYPE_CHECKING:
    from .config import Project, SourcePage

# Start-up: `l10n --help` and `l10n check --counts-only` run in CI on every call, so this module imports
# only argparse; every command imports what it needs when it runs (tests/test_cli_startup.py keeps it so).

T = TypeVar("T")


def echo(text: str = "", *, err: bool = False, end: str = "\n") -> None:
    """Print a line to stdout (or stderr), flushed: a pipe sees it at once.

    A reader that went away (`l10n update | head -1`) stops the output, not the work: the
    stream is pointed at /dev/null and the command goes on with the other pages.
    """
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + end)
        stream.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """A progress bar on stderr, shown only on a terminal and only when there is enough to wait for."""
    items = list(items) if total is None else items
    total = len(items) if total is None else total  # type: ignore[arg-type]
    if total <= 3 or not sys.stderr.isatty():  # no bar: CI and scripts do not pay tqdm's import (~0.1 s)
        return iter(items)
    from tqdm import tqdm

    return iter(tqdm(items, desc=description, total=total, unit="page", leave=False, file=sys.stderr))


def selected_pages(project: Project, domains: tuple[str, ...]) -> list[SourcePage]:
    pages = project.sources()
    if domains:
        pages = [project.source(domain) for domain in domains]
    if not pages:
        raise L10nError(f"no source pages (.txt, .md, .html) in {project.source_dir}")
    return pages


def selected_languages(project: Project, languages: tuple[str, ...]) -> list[str]:
    return list(languages) or project.languages


class PageErrors:
    """Errors of one page (a bad source page, a broken catalogue, a refused export): printed at once,
    the other pages still done, the worst exit code raised by `finish`. An error without a file
    (an unknown language) concerns every page and stops the command."""

    def __init__(self) -> None:
        self.exit_code = 0

    @contextmanager
    def page(self) -> Iterator[None]:
        try:
            yield
        except L10nError as error:
            if error.path is None:
                raise
            prefix = "error: " if error.exit_code == EXIT_INPUT else ""
            echo(f"l10n: {prefix}{shown(error)}", err=True)
            self.exit_code = max(self.exit_code, error.exit_code)

    def finish(self) -> None:
        if self.exit_code:
            raise SystemExit(self.exit_code)


def shown(error: L10nError) -> str:
    """The error as printed: its file relative to the current folder when inside it (as the README shows),
    a control character in the name (a line break) as `\\xNN`, so that the error stays one line."""
    if not error.path:
        return str(error)
    name = error.path
    if Path(name).is_absolute():
        try:
            name = str(Path(name).relative_to(Path.cwd()))
        except ValueError:
            pass
    name = "".join(f"\\x{ord(char):02x}" if ord(char) < 32 or ord(char) == 127 else char for char in name)
    return str(error).replace(error.path, name, 1)


class UsageError(L10nError):
    """Arguments that do not go together (exit 2, like any usage error)."""


def extract(project: Project, domains: tuple[str, ...]) -> None:
    """Write one template per source page: locales/<domain>.pot."""
    from .extract import extract_page

    errors = PageErrors()
    for page in progress(selected_pages(project, domains), "extract"):
        with errors.page():
            result = extract_page(project, page)
            status = "wrote" if result.written else "up to date"
            counts = ("" if result.entries is None
                      else f"  ({result.entries} entries from {result.segments} segments)")
            echo(f"{status:>10}  {project.reference(result.path)}{counts}")
    errors.finish()


def update(project: Project, languages: tuple[str, ...], domains: tuple[str, ...]) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<domain>.po from the templates."""
    from .update import update_domain

    errors = PageErrors()
    for lang in selected_languages(project, languages):
        for page in progress(selected_pages(project, domains), f"update {lang}"):
            with errors.page():
                result = update_domain(project, page.domain, lang)
                stats = result.stats
                status = "created" if result.created else "updated" if result.written else "up to date"
                echo(f"{status:>10}  {project.reference(result.path)}  ({stats.kept} kept, "
                     f"{stats.fuzzy} fuzzy, {stats.untranslated} untranslated, {stats.obsolete} newly obsolete)")
    errors.finish()


def export(project: Project, languages: tuple[str, ...], domains: tuple[str, ...], out_dir: Path | None,
           min_complete: float | None) -> None:
    """Write the localised pages (same format as the source) and compiled .mo files."""
    from .export import export_page

    errors = PageErrors()
    for lang in selected_languages(project, languages):
        for page in progress(selected_pages(project, domains), f"export {lang}"):
            with errors.page():
                result = export_page(project, page, lang, out_dir, min_complete)
                echo(f"{'exported':>10}  {project.reference(result.path)}  "
                     f"({result.translated}/{result.total} segments translated, {result.percent:.0f}%)")
    errors.finish()


def segment(file: Path, output_format: str) -> None:
    """Show how a page is cut into segments."""
    import json

    from .formats import parse_file

    segments = list(parse_file(file).segments())
    if output_format == "json":
        echo(json.dumps([{"text": s.text, "line": s.line, "kind": s.kind, "block": s.block,
                          "sentence": s.index, "sentences": s.count, "markup": s.markup}
                         for s in segments], ensure_ascii=False, indent=2))
        return
    for s in segments:
        echo(f"{file}:{s.line}: [{s.comment}] {s.text}")


def models_list(project: Project, packages_dir: Path | None) -> None:
    """Show the installed translation models: languages, version, folder."""
    from .models import list_models
    from .pretranslate import packages_dir_for

    folder = packages_dir_for(project, packages_dir)
    installed = list_models(folder)
    if not installed:
        echo(f"no translation models in {folder}; install one with `l10n models install LANG` "
             f"or `l10n models install --file PATH.argosmodel`")
    for model in installed:
        echo(f"{model.name:<24} {model.from_code} → {model.to_code}  version {model.version:<8} {model.path}")


def models_install(project: Project, lang: str | None, archive: Path | None, from_code: str | None,
                   packages_dir: Path | None) -> None:
    """Install the model for LANG from the Argos package index, or a package file with --file."""
    from .models import find_model, install_from_file, install_from_index
    from .pretranslate import packages_dir_for

    if (lang is None) == (archive is None):
        raise UsageError("give a language (from the Argos index) or --file PATH.argosmodel, not both")
    folder = packages_dir_for(project, packages_dir)
    if archive is not None:
        model = install_from_file(archive, folder)
    else:
        source = from_code or project.source_language
        installed = find_model(source, str(lang), folder)
        if installed is not None:  # no network needed, so `make run` works offline once installed
            echo(f"already installed: {installed.name} ({source} → {lang}, version {installed.version})")
            return
        model = install_from_index(source, str(lang), folder)
    echo(f"installed {model.name} ({model.from_code} → {model.to_code}, version {model.version}) "
         f"in {model.path}")


def pretranslate(project: Project, languages: tuple[str, ...], domains: tuple[str, ...], beam_size: int,
                 batch_size: int, threads: int, device: str, include_fuzzy: bool, no_cache: bool,
                 packages_dir: Path | None) -> None:
    """Fill untranslated entries: translation memory, MT cache, then the Argos model (all fuzzy)."""
    from .pretranslate import pretranslate as run

    for lang in selected_languages(project, languages):
        result = run(project, lang, domains=domains, packages_dir=packages_dir, include_fuzzy=include_fuzzy,
                     beam_size=beam_size, batch_size=batch_size, threads=threads, device=device,
                     use_cache=not no_cache)
        echo(f"pretranslate {lang} with {result.model.name} {result.model.version} (beam {beam_size}): "
             f"{result.sent} distinct segments sent to the model")
        header = ("memory", "cache", "machine", "lost spans", "glossary")
        rows = [(project.reference(s.path), s) for s in result.catalogues] + [("total", result.total)]
        width = max(len(name) for name, _ in rows)
        echo(f"  {'catalogue':<{width}}  " + "  ".join(f"{h:>10}" for h in header))
        for name, s in rows:
            counts = (s.memory, s.cache, s.machine, s.lost, s.glossary)
            echo(f"  {name:<{width}}  " + "  ".join(f"{n:>10}" for n in counts))
        total = result.total
        if not total.filled and not total.changed:
            echo("  nothing to translate")
        if total.changed:
            echo(f"  {total.changed} entries were edited by someone else meanwhile and were left alone")
        if total.lost or total.glossary:
            echo("  review them first: `l10n check` lists the lost spans and glossary terms")


# -- review web UI (webui/) ---------------------------------------------------------------------

def serve(project: Project, host: str, port: int, demo_user: bool) -> None:
    """Serve the review web UI (log in with an account from `l10n users add`)."""
    from webui.serve import ensure_demo_user, serve as run

    if demo_user:
        created = ensure_demo_user(project)
        if created:
            echo(f"created the admin account: user {created[0]!r}, password {created[1]!r} (shown only now)")
        else:
            echo("users exist already: log in with your account (`l10n users list`; "
                 "`l10n users passwd NAME` sets a new password)")
    run(project, host, port, announce=echo)


def read_password(from_stdin: bool, prompt: str) -> str:
    """The first line of stdin, or a hidden prompt asked twice (never a command-line argument: `ps` shows those).

    Without a terminal (a pipe, a test) the prompt reads its two lines from stdin.
    """
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    for _ in range(3):
        password = _hidden_input(f"{prompt}: ")
        if password and _hidden_input("Repeat for confirmation: ") == password:
            return password
        echo("Error: the two entered values do not match." if password else "Error: empty password.", err=True)
    raise UsageError("no password given")


def _hidden_input(prompt: str) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    echo(prompt, err=True, end="")
    line = sys.stdin.readline()
    if not line:
        raise UsageError("no password given (end of input)")
    return line.rstrip("\r\n")


def users_add(project: Project, name: str, role: str, password_stdin: bool) -> None:
    """Create the account NAME; the password is asked for (hidden, twice) unless --password-stdin."""
    from webui import db

    password = read_password(password_stdin, "Password")
    change_user(project, lambda conn: db.add_user(conn, name, role, password))
    echo(f"added {name} ({role})")


def users_passwd(project: Project, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME (asked for, hidden, twice, unless --password-stdin); ends NAME's sessions."""
    from webui import db

    password = read_password(password_stdin, "New password")
    change_user(project, lambda conn: db.set_password(conn, name, password))
    echo(f"password of {name} changed; their sessions have ended")


def users_disable(project: Project, name: str) -> None:
    """Close the account NAME: its sessions end at once and it cannot log in until enabled."""
    change_user(project, lambda conn: user_db().set_disabled(conn, name, True))
    echo(f"{name} disabled; their sessions have ended")


def users_enable(project: Project, name: str) -> None:
    """Open the account NAME again (with the password it had)."""
    change_user(project, lambda conn: user_db().set_disabled(conn, name, False))
    echo(f"{name} enabled")


def users_remove(project: Project, name: str) -> None:
    """Delete the account NAME and its sessions (the edit history keeps the name)."""
    change_user(project, lambda conn: user_db().remove_user(conn, name))
    echo(f"{name} removed")


def user_db() -> Any:
    from webui import db  # imported when used: the other commands start without Flask

    return db


def change_user(project: Project, change: Callable[[Any], None]) -> None:
    """Run `change(connection)` on the project's user database; its ValueError becomes a usage error."""
    from webui import db

    with db.opened(project) as conn:
        try:
            change(conn)
        except ValueError as error:
            raise L10nError(str(error)) from None


def users_list(project: Project) -> None:
    """Show the accounts, their roles and whether they are disabled."""
    from webui import db

    with db.opened(project) as conn:
        accounts = db.list_users(conn)
    if not accounts:
        echo("no users yet: `l10n users add NAME --role admin`")
    for user, created, disabled in accounts:
        echo(f"{user.name:<24} {user.role:<11} created {created}{'  DISABLED' if disabled else ''}")


def check(project: Project, paths: tuple[Path, ...], languages: tuple[str, ...], min_complete: float | None,
          fail_on: str, output_format: str, counts_only: bool, jobs: int) -> None:
    """Check catalogues: counts, quality, sync with the sources, publish policy. Exit 1 when one fails.

    Without PATH: every catalogue of the project. With PATH: those PO files and
    the PO files in those folders (recursively), from any tool. A catalogue that cannot be
    read is named on stderr and the others are still checked (exit 2).
    """
    from .report import run_check

    report = run_check(project, paths, languages=languages, min_complete=min_complete, fail_on=fail_on,
                       counts_only=counts_only, jobs=jobs)
    if report.catalogues or not report.unreadable:
        if output_format == "json":
            echo(report.to_json())
        elif output_format == "junit":
            echo(report.to_junit(), end="")
        else:
            echo(report.to_text(color=sys.stdout.isatty()))
    for error in report.unreadable:
        echo(f"l10n: error: {shown(error)}", err=True)
    if report.unreadable:
        raise SystemExit(EXIT_INPUT)
    if not report.ok:
        raise SystemExit(1)


# -- arguments ----------------------------------------------------------------------------------

def ranged(kind: Callable[[str], Any], low: float, high: float) -> Callable[[str], Any]:
    """An argparse type: a number of `kind` within [low, high]."""
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a valid {kind.__name__}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is not in the range {low:g} to {high:g}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def existing_path(text: str) -> Path:
    if not Path(text).exists():
        raise argparse.ArgumentTypeError(f"{text!r} does not exist")
    return Path(text)


def formatter(prog: str) -> argparse.HelpFormatter:
    """argparse's help layout, as wide as the terminal: found as `shutil.get_terminal_size` finds it, without
    importing shutil (which argparse does for this, 3 ms of every start-up)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return argparse.RawDescriptionHelpFormatter(prog, width=max(columns, 12) - 2)


class Commands:
    """Adds commands to an argparse parser; each one runs a function above with its options as keywords."""

    def __init__(self, parser: argparse.ArgumentParser, title: str = "commands") -> None:
        self.subparsers = parser.add_subparsers(title=title, metavar="COMMAND", required=True)

    def add(self, name: str, run: Callable[..., None], *, project: bool = True, languages: bool = False,
            domains: bool = False) -> argparse.ArgumentParser:
        summary, _, details = (run.__doc__ or "").strip().partition("\n")
        description = summary + ("\n" + textwrap.dedent(details) if details else "")
        parser = self.subparsers.add_parser(name, help=summary, description=description, formatter_class=formatter)
        parser.set_defaults(run=run)
        if project:
            parser.add_argument("--root", type=Path, default=None, metavar="DIR",
                                help="Project folder (with source_texts/ and locales/); default: the current folder.")
        if languages:
            parser.add_argument("--lang", "-l", dest="languages", action="append", default=[], metavar="LANG",
                                help="Target language (repeatable); default: the project's languages.")
        if domains:
            parser.add_argument("--domain", "-d", dest="domains", action="append", default=[], metavar="DOMAIN",
                                help="Only this page's domain (file stem; repeatable).")
        return parser

    def group(self, name: str, summary: str) -> Commands:
        parser = self.subparsers.add_parser(name, help=summary, description=summary, formatter_class=formatter)
        return Commands(parser, title=f"{name} commands")


def packages_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--packages-dir", type=Path, default=None, metavar="DIR",
                        help="Argos packages folder; default: `argos_packages_dir` in the project config, "
                             "else $ARGOS_PACKAGES_DIR or Argos's own folder.")


def password_stdin_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-stdin", action="store_true",
                        help="Read the password from the first line of standard input.")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: `l10n COMMAND [OPTIONS]`."""
    parser = argparse.ArgumentParser(
        prog="l10n", formatter_class=formatter,
        description="Offline localisation: pages -> PO catalogues -> machine translation\n"
                    "-> review -> checks -> pages.")
    parser.add_argument("--version", action="version", version=f"l10n, version {__version__}")
    commands = Commands(parser)
    commands.add("extract", extract, domains=True)
    commands.add("update", update, languages=True, domains=True)
    export_command = commands.add("export", export, languages=True, domains=True)
    export_command.add_argument("--out", dest="out_dir", type=Path, default=None, metavar="DIR",
                                help="Output folder; default: build/<lang>.")
    export_command.add_argument("--min-complete", type=ranged(float, 0, 100), default=None, metavar="N",
                                help="Refuse to export a page less than N %% translated (exit 1).")
    segment_command = commands.add("segment", segment, project=False)
    segment_command.add_argument("file", type=Path)
    segment_command.add_argument("--format", dest="output_format", choices=["text", "json"], default="text")

    models = commands.group("models", "List and install Argos Translate models (.argosmodel packages).")
    packages_dir_option(models.add("list", models_list))
    install = models.add("install", models_install)
    install.add_argument("lang", nargs="?", default=None)
    install.add_argument("--file", dest="archive", type=Path, default=None, metavar="PATH",
                         help="Install this .argosmodel file (no network needed).")
    install.add_argument("--from", dest="from_code", default=None, metavar="LANG",
                         help="Source language; default: the project's.")
    packages_dir_option(install)

    translate = commands.add("pretranslate", pretranslate, languages=True, domains=True)
    translate.add_argument("--beam-size", metavar="N", type=ranged(int, 1, 16), default=4, help="(default: 4)")
    translate.add_argument("--batch-size", metavar="N", type=ranged(int, 1, 1024), default=32,
                           help="Sentences per CTranslate2 batch (default: 32).")
    translate.add_argument("--threads", metavar="N", type=ranged(int, 1, 64), default=1,
                           help="Batches translated in parallel, one core each (default: 1).")
    translate.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="(default: cpu)")
    translate.add_argument("--include-fuzzy", action="store_true",
                           help="Also retranslate fuzzy entries (machine and needs-work).")
    translate.add_argument("--no-cache", action="store_true",
                           help="Ignore and do not update the MT cache (.l10n-cache/).")
    packages_dir_option(translate)

    server = commands.add("serve", serve)
    server.add_argument("--host", default="127.0.0.1", help="Address to listen on (default: 127.0.0.1).")
    server.add_argument("--port", metavar="N", type=ranged(int, 0, 65535), default=8000, help="(default: 8000)")
    server.add_argument("--demo-user", action="store_true",
                        help="If there are no users yet, create the admin `admin` with a random password "
                             "(printed once).")

    users = commands.group("users", "Accounts of the review web UI (stored beside the catalogues, passwords hashed).")
    add = users.add("add", users_add)
    add.add_argument("name")
    add.add_argument("--role", choices=["translator", "reviewer", "admin"], required=True,
                     help="translator: edit; reviewer: also approve; admin: everything.")
    password_stdin_option(add)
    passwd = users.add("passwd", users_passwd)
    passwd.add_argument("name")
    password_stdin_option(passwd)
    for name, run in (("disable", users_disable), ("enable", users_enable), ("remove", users_remove)):
        users.add(name, run).add_argument("name")
    users.add("list", users_list)

    checker = commands.add("check", check, languages=True)
    checker.add_argument("paths", nargs="*", type=existing_path, metavar="PATH")
    checker.add_argument("--min-complete", type=ranged(float, 0, 100), default=None, metavar="N",
                         help="Fail a catalogue less than N %% translated (overrides the publish policy).")
    checker.add_argument("--fail-on", choices=["error", "warning"], default="error",
                         help="Lowest severity that fails, on translated/approved entries (default: error).")
    checker.add_argument("--format", dest="output_format", choices=["text", "json", "junit"], default="text",
                         help="(default: text)")
    checker.add_argument("--jobs", "-j", type=ranged(int, 0, 256), default=0, metavar="N",
                         help="Worker processes reading and checking catalogues side by side (default: 0, one "
                              "per core when there is over 1 MiB to check; 1: none). The report is the same.")
    checker.add_argument("--counts-only", action="store_true",
                         help="Only counts and completeness (as fast as msgfmt --statistics): "
                              "no quality or sync checks.")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Console entry point: parses `argv` (default: sys.argv[1:]) and runs the command.

    L10nError -> one line on stderr and its exit code; usage errors exit 2 (argparse's message).
    """
    arguments = vars(build_parser().parse_args(argv))
    run = arguments.pop("run")
    arguments = {name: tuple(value) if isinstance(value, list) else value for name, value in arguments.items()}
    try:
        if "root" in arguments:
            from .config import load_project

            arguments["project"] = load_project(arguments.pop("root"))
        run(**arguments)
    except L10nError as error:
        echo(f"l10n: error: {shown(error)}", err=True)
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:
        echo("l10n: interrupted", err=True)
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
