"""The `l10n` command: parses arguments, calls the library, prints what happened.

Exit codes: 0 ok, 1 the work failed (a check, a refused export), 2 usage or
input error. Errors go to stderr as one line naming the file (and line).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from tqdm import tqdm

from . import __version__
from .config import Project, SourcePage, load_project
from .errors import EXIT_INPUT, L10nError

T = TypeVar("T")


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """A progress bar on stderr, shown only on a terminal and only when there is enough to wait for."""
    items = list(items) if total is None else items
    total = len(items) if total is None else total  # type: ignore[arg-type]
    return iter(tqdm(items, desc=description, total=total, unit="page", leave=False,
                     disable=None if total > 3 else True, file=sys.stderr))


def with_project(command: Callable[..., Any]) -> Callable[..., Any]:
    """Adds `--root DIR` to a command and passes the loaded Project as `project`."""

    @click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Project folder (with source_texts/ and locales/); default: the current folder.")
    @wraps(command)
    def wrapper(*args: Any, root: Path | None, **kwargs: Any) -> Any:
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

    for page in progress(selected_pages(project, domains), "extract"):
        result = extract_page(project, page)
        status = "wrote" if result.written else "up to date"
        click.echo(f"{status:>10}  {project.reference(result.path)}  "
                   f"({result.entries} entries from {result.segments} segments)")


@cli.command()
@language_option
@domain_option
@with_project
def update(project: Project, languages: tuple[str, ...], domains: tuple[str, ...]) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<domain>.po from the templates."""
    from .update import update_domain

    for lang in selected_languages(project, languages):
        for page in progress(selected_pages(project, domains), f"update {lang}"):
            result = update_domain(project, page.domain, lang)
            stats = result.stats
            status = "created" if result.created else "updated" if result.written else "up to date"
            click.echo(f"{status:>10}  {project.reference(result.path)}  ({stats.kept} kept, {stats.fuzzy} fuzzy, "
                       f"{stats.untranslated} untranslated, {stats.obsolete} newly obsolete)")


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
    from .errors import FailureError
    from .export import export_page

    refused = []
    for lang in selected_languages(project, languages):
        for page in progress(selected_pages(project, domains), f"export {lang}"):
            try:
                result = export_page(project, page, lang, out_dir, min_complete)
            except FailureError as error:
                click.echo(f"l10n: {error}", err=True)
                refused.append(error)
                continue
            click.echo(f"{'exported':>10}  {project.reference(result.path)}  "
                       f"({result.translated}/{result.total} segments translated, {result.percent:.0f}%)")
    if refused:
        raise SystemExit(1)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def segment(file: Path, output_format: str) -> None:
    """Show how a page is cut into segments."""
    from .formats import parse_file

    segments = list(parse_file(file).segments())
    if output_format == "json":
        click.echo(json.dumps([{"text": s.text, "line": s.line, "kind": s.kind, "block": s.block,
                                "sentence": s.index, "sentences": s.count, "markup": s.markup}
                               for s in segments], ensure_ascii=False, indent=2))
        return
    for s in segments:
        click.echo(f"{file}:{s.line}: [{s.comment}] {s.text}")


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
        click.echo(f"l10n: error: {error}", err=True)
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:
        click.echo("l10n: interrupted", err=True)
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
