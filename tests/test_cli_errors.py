"""One bad page or catalogue: one line on stderr naming it, exit 2, and every other page still done."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pages = tmp_path / "source_texts"
    pages.mkdir()
    (pages / "a.txt").write_text("The first page. It has two sentences.\n", encoding="utf-8")
    (pages / "b.md").write_text("# Second\n\nThe second page.\n", encoding="utf-8")
    (pages / "c page.html").write_text("<p>The third page.</p>\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # errors name files relative to the current folder
    assert run("extract") == 0
    assert run("update", "--lang", "de") == 0
    return tmp_path


def break_catalogue(root: Path) -> tuple[Path, bytes]:
    path = root / "locales" / "de" / "LC_MESSAGES" / "b.po"
    text = path.read_text(encoding="utf-8").replace('msgid "The second page."', 'msgid "The second page.')
    path.write_text(text, encoding="utf-8")
    return path, path.read_bytes()


def error_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("l10n:")]


@pytest.mark.parametrize("command", [["export", "--lang", "de"], ["update", "--lang", "de"]])
def test_a_broken_catalogue_stops_only_its_page(project: Path, command: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (project / "source_texts" / "a.txt").write_text("The first page, edited.\n", encoding="utf-8")
    assert run("extract") == 0
    broken, before = break_catalogue(project)
    capsys.readouterr()
    assert run(*command) == 2
    [line] = error_lines(capsys)
    number = broken.read_text(encoding="utf-8").splitlines().index('msgid "The second page.') + 1
    assert line == (f"l10n: error: locales/de/LC_MESSAGES/b.po:{number}: "
                    "string not terminated (missing closing quote)")
    assert broken.read_bytes() == before
    if command[0] == "export":
        assert sorted(path.name for path in (project / "build" / "de").glob("*.*")) == ["a.txt", "c page.html"]
    else:
        assert "edited" in (project / "locales" / "de" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")


def test_a_file_name_with_a_line_break_is_refused_in_one_line(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (project / "source_texts" / "new\nline.txt").write_text("A page. With a name.\n", encoding="utf-8")
    (project / "source_texts" / "a.txt").write_text("The first page, edited.\n", encoding="utf-8")
    capsys.readouterr()
    assert run("extract") == 2
    assert error_lines(capsys) == ["l10n: error: source_texts/new\\x0aline.txt: the file name holds a line break "
                                   "or another control character, which a PO reference cannot hold; rename the page"]
    assert not list((project / "locales").glob("new*"))
    assert "edited" in (project / "locales" / "a.pot").read_text(encoding="utf-8")
    assert run("update", "--lang", "de") == 2  # its template is missing: named, in one line
    [line] = error_lines(capsys)
    assert line.startswith("l10n: error: locales/new\\x0aline.pot: no template")


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "source_texts/empty.txt: source page is empty"),
    ("binary.html", b"\xde\x12\x04\x95\x00\x00", "source_texts/binary.html: source page looks binary"),
    ("latin1.md", b"# Caf\xe9\n", "source_texts/latin1.md:1: source page is not valid UTF-8"),
])
def test_a_bad_source_page_is_named_and_the_others_extracted(project: Path, name: str, content: bytes,
                                                             message: str, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "source_texts" / name).write_bytes(content)
    (project / "source_texts" / "a.txt").write_text("The first page, edited.\n", encoding="utf-8")
    capsys.readouterr()
    assert run("extract") == 2
    [line] = error_lines(capsys)
    assert line.startswith(f"l10n: error: {message}")
    assert "edited" in (project / "locales" / "a.pot").read_text(encoding="utf-8")


def test_check_and_export_name_the_same_msgid_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Integration: an entry's problems point at its `msgid` line in `check` and in `export` alike."""
    path = project / "locales" / "de" / "LC_MESSAGES" / "a.po"
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgid "It has two sentences."\nmsgstr ""',
                        'msgid "It has two sentences."\nmsgstr "Sie hat <b>zwei</b> Sätze."')
    path.write_text(text, encoding="utf-8")
    number = text.splitlines().index('msgid "It has two sentences."') + 1
    assert text.splitlines()[number - 2].startswith("#: ")  # comments before it: not its first line
    capsys.readouterr()
    assert run("check", "--lang", "de") == 1
    checked = [line for line in capsys.readouterr().out.splitlines() if ": error:" in line]
    assert checked and all(line.startswith(f"locales/de/LC_MESSAGES/a.po:{number}: ") for line in checked)
    assert run("export", "--lang", "de") == 1
    refused = [line for line in error_lines(capsys) if "a.po:" in line]
    assert refused and all(line.startswith(f"l10n: locales/de/LC_MESSAGES/a.po:{number}: ") for line in refused)


@pytest.mark.parametrize("options", [[], ["--counts-only"], ["--format", "json"]])
def test_check_names_a_broken_catalogue_and_checks_the_others(project: Path, options: list[str],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    broken, _ = break_catalogue(project)
    number = broken.read_text(encoding="utf-8").splitlines().index('msgid "The second page.') + 1
    capsys.readouterr()
    assert run("check", "--lang", "de", *options) == 2
    captured = capsys.readouterr()
    assert [line for line in captured.err.splitlines() if line.startswith("l10n:")] == [
        f"l10n: error: locales/de/LC_MESSAGES/b.po:{number}: string not terminated (missing closing quote)"]
    if "json" in options:
        import json

        report = json.loads(captured.out)
        assert not report["ok"] and report["unreadable"][0]["line"] == number
        assert [catalogue["domain"] for catalogue in report["catalogues"]] == ["a", "c page"]
    else:
        assert "a.po" in captured.out and "c page.po" in captured.out
        assert captured.out.rstrip().splitlines()[-1].startswith("FAILED: 2 catalogues (1 more unreadable")


def test_a_reader_that_goes_away_stops_the_output_not_the_work(project: Path) -> None:
    """`l10n update | head -1`: every catalogue is still written, and no traceback."""
    import shutil
    import subprocess
    import sys

    shutil.rmtree(project / "locales" / "de")

    pipeline = subprocess.run(f'"{sys.executable}" -c "from l10n.cli import main; main()" update --lang de '
                              f'--root "{project}" | head -c 1', shell=True, capture_output=True, text=True)
    assert "Traceback" not in pipeline.stderr and "BrokenPipe" not in pipeline.stderr, pipeline.stderr
    sources = list((project / "source_texts").iterdir())
    assert len(list((project / "locales" / "de" / "LC_MESSAGES").glob("*.po"))) == len(sources) > 1
