"""The `l10n` command: parses arguments, calls the library, prints what happened.

Exit codes: 0 ok, 1 the work failed (a check, a refused export), 2 usage or
input error. Errors go to stderr as one line naming the file (and line).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import EXIT_INPUT, L10nError

if TYPE_CHECKING:
    from .config import Project, SourcePage

# Start-up: `l10n --help` and `l10n check --counts-only` run in CI on every call, so this module imports
# only click; every command imports what it needs when it runs (tests/test_cli_startup.py keeps it so).

T = TypeVar("T")


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """A progress bar on stderr, shown only on a terminal and only when there is enough to wait for."""
    items = list(items) if total is None else items
    total = len(items) if total is None else total  # type: ignore[arg-type]
    if total <= 3 or not sys.stderr.isatty():  # no bar: CI and scripts do not pay tqdm's import (~0.1 s)
        return iter(items)
    from tqdm import tqdm

    return iter(tqdm(items, desc=description, total=total, unit="page", leave=False, file=sys.stderr))


def with_project(command: Callable[..., Any]) -> Callable[..., Any]:
    """Adds `--root DIR` to a command and passes the loaded Project as `project`."""

    @click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Project folder (with source_texts/ and locales/); default: the current folder.")
    @wraps(command)
    def wrapper(*args: Any, root: Path | None, **kwargs: Any) -> Any:
        from .config import load_project

        return command(*args, project=load_project(root), **kwargs)

    return wrapper


def language_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--lang", "-l", "languages", multiple=True,
                        help="Target language (repeatable); default: the project's languages.")(command)


def domain_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--domain", "-d", "domains", multiple=True,
                        help="Only this page's domain (file stem; repeatable).")(command)


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
            click.echo(f"l10n: {prefix}{shown(error)}", err=True)
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="l10n")
def cli() -> None:
    """Offline localisation: pages -> PO catalogues -> machine translation -> review -> checks -> pages."""


@cli.command()
@domain_option
@with_project
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
            click.echo(f"{status:>10}  {project.reference(result.path)}{counts}")
    errors.finish()


@cli.command()
@language_option
@domain_option
@with_project
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
                click.echo(f"{status:>10}  {project.reference(result.path)}  ({stats.kept} kept, "
                           f"{stats.fuzzy} fuzzy, {stats.untranslated} untranslated, {stats.obsolete} newly obsolete)")
    errors.finish()


@cli.command()
@language_option
@domain_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder; default: build/<lang>.")
@click.option("--min-complete", type=click.FloatRange(0, 100), default=None,
              help="Refuse to export a page less than N % translated (exit 1).")
@with_project
def export(project: Project, languages: tuple[str, ...], domains: tuple[str, ...], out_dir: Path | None,
           min_complete: float | None) -> None:
    """Write the localised pages (same format as the source) and compiled .mo files."""
    from .export import export_page

    errors = PageErrors()
    for lang in selected_languages(project, languages):
        for page in progress(selected_pages(project, domains), f"export {lang}"):
            with errors.page():
                result = export_page(project, page, lang, out_dir, min_complete)
                click.echo(f"{'exported':>10}  {project.reference(result.path)}  "
                           f"({result.translated}/{result.total} segments translated, {result.percent:.0f}%)")
    errors.finish()


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def segment(file: Path, output_format: str) -> None:
    """Show how a page is cut into segments."""
    import json

    from .formats import parse_file

    segments = list(parse_file(file).segments())
    if output_format == "json":
        click.echo(json.dumps([{"text": s.text, "line": s.line, "kind": s.kind, "block": s.block,
                                "sentence": s.index, "sentences": s.count, "markup": s.markup}
                               for s in segments], ensure_ascii=False, indent=2))
        return
    for s in segments:
        click.echo(f"{file}:{s.line}: [{s.comment}] {s.text}")


def packages_dir_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--packages-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="Argos packages folder; default: `argos_packages_dir` in the project config, "
                             "else $ARGOS_PACKAGES_DIR or Argos's own folder.")(command)


@cli.group()
def models() -> None:
    """List and install Argos Translate models (.argosmodel packages)."""


@models.command("list")
@packages_dir_option
@with_project
def models_list(project: Project, packages_dir: Path | None) -> None:
    """Show the installed translation models: languages, version, folder."""
    from .models import list_models
    from .pretranslate import packages_dir_for

    folder = packages_dir_for(project, packages_dir)
    installed = list_models(folder)
    if not installed:
        click.echo(f"no translation models in {folder}; install one with `l10n models install LANG` "
                   f"or `l10n models install --file PATH.argosmodel`")
    for model in installed:
        click.echo(f"{model.name:<24} {model.from_code} → {model.to_code}  version {model.version:<8} {model.path}")


@models.command("install")
@click.argument("lang", required=False)
@click.option("--file", "archive", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Install this .argosmodel file (no network needed).")
@click.option("--from", "from_code", default=None, help="Source language; default: the project's.")
@packages_dir_option
@with_project
def models_install(project: Project, lang: str | None, archive: Path | None, from_code: str | None,
                   packages_dir: Path | None) -> None:
    """Install the model for LANG from the Argos package index, or a package file with --file."""
    from .models import find_model, install_from_file, install_from_index
    from .pretranslate import packages_dir_for

    if (lang is None) == (archive is None):
        raise click.UsageError("give a language (from the Argos index) or --file PATH.argosmodel, not both")
    folder = packages_dir_for(project, packages_dir)
    if archive is not None:
        model = install_from_file(archive, folder)
    else:
        source = from_code or project.source_language
        installed = find_model(source, str(lang), folder)
        if installed is not None:  # no network needed, so `make run` works offline once installed
            click.echo(f"already installed: {installed.name} ({source} → {lang}, version {installed.version})")
            return
        model = install_from_index(source, str(lang), folder)
    click.echo(f"installed {model.name} ({model.from_code} → {model.to_code}, version {model.version}) "
               f"in {model.path}")


@cli.command()
@language_option
@domain_option
@click.option("--beam-size", type=click.IntRange(1, 16), default=4, show_default=True)
@click.option("--batch-size", type=click.IntRange(1, 1024), default=32, show_default=True,
              help="Sentences per CTranslate2 batch.")
@click.option("--threads", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Batches translated in parallel (one core each).")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True)
@click.option("--include-fuzzy", is_flag=True, help="Also retranslate fuzzy entries (machine and needs-work).")
@click.option("--no-cache", is_flag=True, help="Ignore and do not update the MT cache (.l10n-cache/).")
@packages_dir_option
@with_project
def pretranslate(project: Project, languages: tuple[str, ...], domains: tuple[str, ...], beam_size: int,
                 batch_size: int, threads: int, device: str, include_fuzzy: bool, no_cache: bool,
                 packages_dir: Path | None) -> None:
    """Fill untranslated entries: translation memory, MT cache, then the Argos model (all fuzzy)."""
    from .pretranslate import pretranslate as run

    for lang in selected_languages(project, languages):
        result = run(project, lang, domains=domains, packages_dir=packages_dir, include_fuzzy=include_fuzzy,
                     beam_size=beam_size, batch_size=batch_size, threads=threads, device=device,
                     use_cache=not no_cache)
        click.echo(f"pretranslate {lang} with {result.model.name} {result.model.version} (beam {beam_size}): "
                   f"{result.sent} distinct segments sent to the model")
        header = ("memory", "cache", "machine", "lost spans", "glossary")
        rows = [(project.reference(s.path), s) for s in result.catalogues] + [("total", result.total)]
        width = max(len(name) for name, _ in rows)
        click.echo(f"  {'catalogue':<{width}}  " + "  ".join(f"{h:>10}" for h in header))
        for name, s in rows:
            counts = (s.memory, s.cache, s.machine, s.lost, s.glossary)
            click.echo(f"  {name:<{width}}  " + "  ".join(f"{n:>10}" for n in counts))
        total = result.total
        if not total.filled and not total.changed:
            click.echo("  nothing to translate")
        if total.changed:
            click.echo(f"  {total.changed} entries were edited by someone else meanwhile and were left alone")
        if total.lost or total.glossary:
            click.echo("  review them first: `l10n check` lists the lost spans and glossary terms")


# -- review web UI (webui/) ---------------------------------------------------------------------

@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--demo-user", is_flag=True,
              help="If there are no users yet, create the admin `admin` with a random password (printed once).")
@with_project
def serve(project: Project, host: str, port: int, demo_user: bool) -> None:
    """Serve the review web UI (log in with an account from `l10n users add`)."""
    from webui.serve import ensure_demo_user, serve as run

    if demo_user:
        created = ensure_demo_user(project)
        if created:
            click.echo(f"created the admin account: user {created[0]!r}, password {created[1]!r} (shown only now)")
        else:
            click.echo("users exist already: log in with your account (`l10n users list`; "
                       "`l10n users passwd NAME` sets a new password)")
    run(project, host, port, announce=click.echo)


def read_password(from_stdin: bool, prompt: str) -> str:
    """The first line of stdin, or a hidden prompt asked twice (never a command-line argument: `ps` shows those)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)


@cli.group()
def users() -> None:
    """Accounts of the review web UI (stored beside the catalogues, passwords hashed)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["translator", "reviewer", "admin"]), required=True,
              help="translator: edit; reviewer: also approve; admin: everything.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_project
def users_add(project: Project, name: str, role: str, password_stdin: bool) -> None:
    """Create the account NAME; the password is asked for (hidden, twice) unless --password-stdin."""
    from webui import db

    password = read_password(password_stdin, "Password")
    change_user(project, lambda conn: db.add_user(conn, name, role, password))
    click.echo(f"added {name} ({role})")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@with_project
def users_passwd(project: Project, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME (asked for, hidden, twice, unless --password-stdin); ends NAME's sessions."""
    from webui import db

    password = read_password(password_stdin, "New password")
    change_user(project, lambda conn: db.set_password(conn, name, password))
    click.echo(f"password of {name} changed; their sessions have ended")


def account_command(command: str, summary: str, change: Callable[[Any, str], None], done: str) -> None:
    """Add `l10n users COMMAND NAME`: runs `change(connection, NAME)`, then prints `done` (with {name})."""

    @users.command(command, help=summary)
    @click.argument("name")
    @with_project
    def run(project: Project, name: str) -> None:
        change_user(project, lambda conn: change(conn, name))
        click.echo(done.format(name=name))


def user_db() -> Any:
    from webui import db  # imported when used: the other commands start without Flask

    return db


account_command("disable", "Close the account NAME: its sessions end at once and it cannot log in until enabled.",
                lambda conn, name: user_db().set_disabled(conn, name, True), "{name} disabled; their sessions have ended")
account_command("enable", "Open the account NAME again (with the password it had).",
                lambda conn, name: user_db().set_disabled(conn, name, False), "{name} enabled")
account_command("remove", "Delete the account NAME and its sessions (the edit history keeps the name).",
                lambda conn, name: user_db().remove_user(conn, name), "{name} removed")


def change_user(project: Project, change: Callable[[Any], None]) -> None:
    """Run `change(connection)` on the project's user database; its ValueError becomes a usage error."""
    from webui import db

    with db.opened(project) as conn:
        try:
            change(conn)
        except ValueError as error:
            raise L10nError(str(error)) from None


@users.command("list")
@with_project
def users_list(project: Project) -> None:
    """Show the accounts, their roles and whether they are disabled."""
    from webui import db

    with db.opened(project) as conn:
        accounts = db.list_users(conn)
    if not accounts:
        click.echo("no users yet: `l10n users add NAME --role admin`")
    for user, created, disabled in accounts:
        click.echo(f"{user.name:<24} {user.role:<11} created {created}{'  DISABLED' if disabled else ''}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@language_option
@click.option("--min-complete", type=click.FloatRange(0, 100), default=None,
              help="Fail a catalogue less than N % translated (overrides the publish policy).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Lowest severity that fails (on translated/approved entries).")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "junit"]), default="text",
              show_default=True)
@click.option("--counts-only", is_flag=True,
              help="Only counts and completeness (as fast as msgfmt --statistics): no quality or sync checks.")
@with_project
def check(project: Project, paths: tuple[Path, ...], languages: tuple[str, ...], min_complete: float | None,
          fail_on: str, output_format: str, counts_only: bool) -> None:
    """Check catalogues: counts, quality, sync with the sources, publish policy. Exit 1 when one fails.

    Without PATH: every catalogue of the project. With PATH: those PO files and
    the PO files in those folders (recursively), from any tool. A catalogue that cannot be
    read is named on stderr and the others are still checked (exit 2).
    """
    from .report import run_check

    report = run_check(project, paths, languages=languages, min_complete=min_complete, fail_on=fail_on,
                       counts_only=counts_only)
    if report.catalogues or not report.unreadable:
        if output_format == "json":
            click.echo(report.to_json())
        elif output_format == "junit":
            click.echo(report.to_junit(), nl=False)
        else:
            click.echo(report.to_text(color=sys.stdout.isatty()))
    for error in report.unreadable:
        click.echo(f"l10n: error: {shown(error)}", err=True)
    if report.unreadable:
        raise SystemExit(EXIT_INPUT)
    if not report.ok:
        raise SystemExit(1)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: L10nError -> one line on stderr and its exit code."""
    try:
        cli.main(args=argv, prog_name="l10n", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("l10n: aborted", err=True)
        raise SystemExit(130) from None
    except click.ClickException as error:
        error.show()
        raise SystemExit(EXIT_INPUT) from None
    except L10nError as error:
        click.echo(f"l10n: error: {shown(error)}", err=True)
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:
        click.echo("l10n: interrupted", err=True)
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
