"""`#, fuzzy` on a line of its own: l10n reads the entry fuzzy (as polib, Poedit, Weblate, translate-toolkit),
GNU gettext 0.21 reads only the last `#,` line and compiles it; `l10n check` warns (`split-fuzzy`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import run

MSGFMT = shutil.which("msgfmt")
HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def check(tmp_path: Path, body: str, capsys: pytest.CaptureFixture[str]) -> dict:
    path = tmp_path / "de.po"
    path.write_text(HEADER + body, encoding="utf-8")
    capsys.readouterr()
    run("check", "--root", str(tmp_path), "--format", "json", str(path))
    [catalogue] = json.loads(capsys.readouterr().out)["catalogues"]
    return catalogue


SPLIT = '#, fuzzy\n#, c-format\nmsgid "%d files"\nmsgstr "%d Dateien"\n\nmsgid "ok"\nmsgstr "gut"\n'


def test_split_fuzzy_flag_is_read_fuzzy_and_warned_about(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalogue = check(tmp_path, SPLIT, capsys)
    assert (catalogue["translated"], catalogue["fuzzy"]) == (1, 1)
    [problem] = [p for p in catalogue["problems"] if p["check"] == "split-fuzzy"]
    assert problem["severity"] == "warning" and problem["msgid"] == "%d files" and problem["line"] == 8
    assert problem["state"] == "needs-work" and "#, c-format" in problem["message"]


@pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")
def test_gnu_msgfmt_counts_the_same_entry_translated(tmp_path: Path) -> None:
    """The difference the warning is about (GNU gettext 0.21: the last `#,` line wins)."""
    path = tmp_path / "de.po"
    path.write_text(HEADER + SPLIT, encoding="utf-8")
    result = subprocess.run([MSGFMT, "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True,
                            env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    assert "2 translated messages." in result.stderr


@pytest.mark.parametrize("body, warned", [
    ('#, fuzzy, c-format\nmsgid "%d files"\nmsgstr "%d Dateien"\n', False),  # one line: every tool agrees
    ('#, c-format\n#, fuzzy\nmsgid "%d files"\nmsgstr "%d Dateien"\n', False),  # gettext keeps the last: fuzzy
    ('#, fuzzy\n# a note\n#, no-wrap\nmsgid "a"\nmsgstr "b"\n', True),
    ('#, fuzzy\n#: page.txt:3\n#, python-format\nmsgctxt "menu"\nmsgid "a"\nmsgstr "b"\n', True),
    ('#, fuzzy\n#, c-format\n#~ msgid "%d old"\n#~ msgstr "%d alt"\n', False),  # obsolete: not compiled
    ('#, fuzzy\nmsgid "a"\nmsgstr "b"\n\n#, c-format\nmsgid "%d c"\nmsgstr "%d d"\n', False),  # two entries
    ('#, fuzzy-ish\n#, c-format\nmsgid "%d files"\nmsgstr "%d Dateien"\n', False),  # not the fuzzy flag
    ('#,fuzzy\n#,\tc-format\nmsgid "%d files"\nmsgstr "%d Dateien"\n', True),
    ('#, no-wrap,fuzzy \n#,\nmsgid "a"\nmsgstr "b"\n', True),  # an empty last flag line: no flags for gettext
    ('#, fuzzy\n#, c-format\nmsgid "%d files"\nmsgstr ""\n', False),  # untranslated: nothing compiled either way
])
def test_which_flag_lines_are_warned_about(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str,
                                           warned: bool) -> None:
    catalogue = check(tmp_path, body, capsys)
    assert any(p["check"] == "split-fuzzy" for p in catalogue["problems"]) == warned
