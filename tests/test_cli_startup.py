"""Start-up: what `l10n --help` and `l10n check` import (structural, not timed: bench/bench_startup.py times it).

CI calls `l10n check` on every push, so a command must not import what it does
not use: the web UI (Flask), the machine translation engine (CTranslate2,
SentencePiece, Argos), Babel, the progress bar (tqdm: its version lookup alone
costs 40 ms), file locking for read-only commands, the source-format parsers
(markdown-it, pysbd), and for `--help` and `--counts-only` the checks themselves.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


HEAVY = ("click", "flask", "werkzeug", "ctranslate2", "sentencepiece", "argostranslate", "babel", "tqdm", "filelock",
         "markdown_it", "pysbd", "numpy")
PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
      '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
      '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "eine Datei"\nmsgstr[1] "%d Dateien"\n\n'
      'msgid "Open 9 am to 5 pm."\nmsgstr "Geöffnet von 9 bis 17 Uhr."\n')


def imported(tmp_path: Path, *args: str) -> set[str]:
    """The modules `l10n ARGS` imports (from -X importtime), run as its console script does, in an empty folder."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "from l10n.cli import main; main()", *args],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    names = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "l10n.cli" in names
    return names


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "de.po"
    path.write_text(PO, encoding="utf-8")
    return path


def test_help_imports_only_argparse(tmp_path: Path) -> None:
    names = imported(tmp_path, "--help")
    assert not top_level(names) & {*HEAVY, "polib"}
    assert not {name for name in names if name.startswith(("l10n.", "webui"))} - {"l10n.cli", "l10n.errors"}


def test_counts_only_check_imports_no_check_and_nothing_heavy(tmp_path: Path, catalogue: Path) -> None:
    names = imported(tmp_path, "check", "--counts-only", str(catalogue))
    assert not top_level(names) & set(HEAVY)
    checks = {name for name in names if name.startswith("l10n.checks.")}
    assert checks <= {"l10n.checks.base", "l10n.checks.policy"}, checks  # the policy only: no entry checks


def test_counts_only_check_does_not_import_polib(tmp_path: Path, catalogue: Path) -> None:
    assert "polib" not in top_level(imported(tmp_path, "check", "--counts-only", str(catalogue)))


def test_full_check_imports_no_engine_no_web_ui_no_progress_bar(tmp_path: Path, catalogue: Path) -> None:
    names = imported(tmp_path, "check", str(catalogue))
    assert not top_level(names) & set(HEAVY)
    assert "l10n.checks.numbers" in names  # it did run the checks


def test_an_update_with_nothing_to_do_imports_no_babel_and_takes_no_lock(tmp_path: Path) -> None:
    """CI runs `l10n extract && l10n update` on every push; mostly nothing changed."""
    (tmp_path / "source_texts").mkdir()
    (tmp_path / "source_texts" / "page.txt").write_text("A sentence.\n", encoding="utf-8")
    imported(tmp_path, "extract")
    first = imported(tmp_path, "update", "--lang", "de")  # creates the catalogue: Babel's plural forms
    assert "babel" in top_level(first) and "filelock" in top_level(first)
    again = imported(tmp_path, "update", "--lang", "de")
    assert not top_level(again) & set(HEAVY), top_level(again) & set(HEAVY)
