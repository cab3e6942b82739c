"""Counts must equal GNU `msgfmt --statistics`: on hand-made corner cases and on real catalogues."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.catalog import read_catalogue
from helpers import run
from l10n.errors import InputError
from l10n.states import State, set_state
from l10n.stats import Counts, count_catalogue, count_file

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")
REAL_MO = Path("/usr/share/locale/de/LC_MESSAGES")
# Small catalogues with plural forms (gdk-pixbuf, man-db, apt, sed, tar) and contexts (gdk-pixbuf, libhandy).
PREFERRED = ["gdk-pixbuf", "libhandy", "man-db", "apt", "sed", "tar", "Linux-PAM", "xz"]
HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def msgfmt_statistics(path: Path) -> dict[str, int]:
    """What msgfmt --statistics says, as {translated, fuzzy, untranslated}."""
    result = subprocess.run([MSGFMT, "--statistics", "-o", "/dev/null", str(path)], capture_output=True,
                            text=True, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    # msgfmt prints the statistics also when it finds an error (e.g. a blanked plural form of a msgid
    # ending in a newline: "entries do not both end with '\n'"); the counts are what is compared.
    line = result.stderr.strip().splitlines()[-1]
    assert "translated message" in line, result.stderr
    counts = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", line):
        counts[kind] = int(number)
    return counts


def ours(counts: Counts) -> dict[str, int]:
    return {"translated": counts.translated, "fuzzy": counts.fuzzy, "untranslated": counts.untranslated}


# -- corner cases, each checked against the real msgfmt ------------------------------------------

CORNER_CASES = {
    "fuzzy entry with an empty msgstr is untranslated": '#, fuzzy\nmsgid "a"\nmsgstr ""\n',
    "fuzzy entry with a msgstr is fuzzy": '#, fuzzy, c-format\nmsgid "a"\nmsgstr "b"\n',
    "plural: first form set, second empty is translated": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] ""\n',
    "plural: first form empty is untranslated": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] "y"\n',
    "fuzzy plural with empty first form is untranslated":
        '#, fuzzy\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] "y"\n',
    "a context entry with an empty msgid counts":
        'msgctxt "c"\nmsgid ""\nmsgstr "x"\n\nmsgctxt "d"\nmsgid ""\nmsgstr ""\n',
    "a msgstr continued on the next line is set": 'msgid ""\n"a"\nmsgstr ""\n"b"\n\nmsgid "c"\nmsgstr ""\n""\n',
    "obsolete entries are not counted":
        'msgid "a"\nmsgstr "b"\n\n#, fuzzy\n#~ msgid "o"\n#~ msgstr "p"\n\n#~ msgid "q"\n#~ msgstr ""\n',
    "previous msgid comments are comments": '#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr "b"\n',
}


@needs_msgfmt
@pytest.mark.parametrize("case", list(CORNER_CASES))
def test_counts_follow_msgfmt_rules(tmp_path: Path, case: str) -> None:
    path = tmp_path / "case.po"
    path.write_text(HEADER + CORNER_CASES[case], encoding="utf-8")
    assert ours(count_file(path)) == msgfmt_statistics(path)


@needs_msgfmt
def test_a_header_with_an_empty_msgstr_counts_as_untranslated_like_msgfmt(tmp_path: Path) -> None:
    path = tmp_path / "empty-header.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    assert msgfmt_statistics(path) == {"translated": 1, "fuzzy": 0, "untranslated": 1}
    assert ours(count_file(path)) == msgfmt_statistics(path)


def test_obsolete_machine_and_states_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER + (
        '# l10n: machine origin=mt confidence=0.80\n#, fuzzy\nmsgid "a"\nmsgstr "A"\n\n'
        '#, fuzzy\nmsgid "b"\nmsgstr "B"\n\n'
        '# l10n: approved by=anna\nmsgid "c"\nmsgstr "C"\n\n'
        'msgid "d"\nmsgstr "D"\n\nmsgid "e"\nmsgstr ""\n\n'
        '#~ msgid "gone"\n#~ msgstr "weg"\n'), encoding="utf-8")
    counts = count_file(path)
    assert (counts.translated, counts.fuzzy, counts.untranslated, counts.obsolete, counts.machine) == (2, 2, 1, 1, 1)
    assert counts.by_state == {State.UNTRANSLATED: 1, State.MACHINE: 1, State.NEEDS_WORK: 1,
                               State.TRANSLATED: 1, State.APPROVED: 1}
    assert counts.complete_percent == pytest.approx(40.0)
    assert count_catalogue(read_catalogue(path)) == counts


def test_complete_percent_and_sums() -> None:
    assert Counts().complete_percent == 100.0  # nothing to translate
    one = Counts()
    one.add_state(State.TRANSLATED, 3)
    one.add_state(State.MACHINE)
    total = one + one
    assert (total.translated, total.fuzzy, total.machine, total.complete_percent) == (6, 2, 2, 75.0)
    assert total.msgfmt_line() == "6 translated messages, 2 fuzzy translations."


def test_count_file_reports_syntax_errors_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "unterminated\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        count_file(path)
    assert error.value.line == 7 and error.value.path == str(path)


def test_count_file_reports_duplicates_like_read_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "dup.po"
    path.write_text(HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    with pytest.raises(InputError, match="duplicate"):
        count_file(path)


# -- real catalogues ---------------------------------------------------------------------------

def _degrade(po: polib.POFile) -> None:
    """Blank, fuzzy, machine-mark and obsolete some entries, in every combination msgfmt distinguishes."""
    for number, entry in enumerate(list(po)):
        if number % 11 == 3:
            entry.obsolete = True
            continue
        if number % 7 == 1:  # blank: all forms
            entry.msgstr = ""
            entry.msgstr_plural = {index: "" for index in entry.msgstr_plural}
        elif number % 7 == 2 and entry.msgstr_plural:  # only the first form blank: untranslated
            entry.msgstr_plural[0] = ""
        elif number % 7 == 4 and entry.msgstr_plural:  # another form blank: still translated for msgfmt
            entry.msgstr_plural[max(entry.msgstr_plural)] = ""
        if number % 5 == 0:
            set_state(entry, State.NEEDS_WORK)  # fuzzy, also on blanked entries (fuzzy + empty)
        elif number % 13 == 0:
            set_state(entry, State.MACHINE, machine={"origin": "mt", "confidence": 0.7})
        elif number % 17 == 0:
            set_state(entry, State.APPROVED, by="test")


@pytest.fixture(scope="module")
def real_catalogues(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A folder of real German catalogues from this machine's .mo files, degraded; one in ISO-8859-1."""
    msgunfmt, msgconv = shutil.which("msgunfmt"), shutil.which("msgconv")
    if MSGFMT is None or msgunfmt is None or msgconv is None or not REAL_MO.is_dir():
        pytest.skip("needs GNU gettext (msgunfmt, msgconv, msgfmt) and /usr/share/locale/de")
    chosen = [REAL_MO / f"{name}.mo" for name in PREFERRED if (REAL_MO / f"{name}.mo").is_file()]
    if not chosen:
        chosen = sorted(REAL_MO.glob("*.mo"), key=lambda path: path.stat().st_size)[:5]
    if not chosen:
        pytest.skip("no German .mo files on this machine")
    folder = tmp_path_factory.mktemp("real")
    paths = []
    for mo in chosen:
        path = folder / f"{mo.stem}.po"
        subprocess.run([msgunfmt, str(mo), "-o", str(path)], check=True, capture_output=True)
        po = polib.pofile(str(path), wrapwidth=79)
        _degrade(po)
        po.save(str(path))
        paths.append(path)

    # One ISO-8859-1 catalogue: the entries Latin-1 can hold, converted by msgconv.
    po = polib.pofile(str(paths[0]), wrapwidth=79)
    for entry in [entry for entry in po if not _latin1(entry)]:
        po.remove(entry)
    utf8 = folder / "latin1-source.tmp"
    po.save(str(utf8))
    latin1 = folder / f"{paths[0].stem}-latin1.po"
    subprocess.run([msgconv, "--to-code=ISO-8859-1", str(utf8), "-o", str(latin1)], check=True, capture_output=True)
    utf8.unlink()
    assert b"charset=ISO-8859-1" in latin1.read_bytes()
    paths.append(latin1)
    return paths


def _latin1(entry: polib.POEntry) -> bool:
    text = "".join([entry.msgid, entry.msgid_plural or "", entry.msgstr, *entry.msgstr_plural.values(),
                    entry.msgctxt or "", entry.tcomment or "", entry.comment or ""])
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def test_real_catalogues_have_what_the_test_needs(real_catalogues: list[Path]) -> None:
    texts = [path.read_bytes() for path in real_catalogues]
    assert any(b"\nmsgid_plural " in text for text in texts) or len(texts) < 3
    assert any(b"\n#~ msgid " in text for text in texts)
    assert any(b"#, fuzzy\nmsgid" in text for text in texts)


def test_count_file_equals_msgfmt_on_real_catalogues(real_catalogues: list[Path]) -> None:
    for path in real_catalogues:
        assert ours(count_file(path)) == msgfmt_statistics(path), path.name
        # the parsed-catalogue path agrees on files without the header quirk
        assert count_catalogue(read_catalogue(path)) == count_file(path), path.name


@pytest.mark.parametrize("counts_only", [True, False], ids=["counts-only", "full-check"])
def test_check_json_counts_equal_msgfmt(real_catalogues: list[Path], counts_only: bool,
                                        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = real_catalogues[0].parent
    args = ["check", str(folder), "--format", "json", "--root", str(tmp_path)]
    code = run(*args, *(["--counts-only"] if counts_only else []))
    assert code in (0, 1)  # real catalogues may well have problems; the counts are what matters here
    report = json.loads(capsys.readouterr().out)
    by_name = {Path(item["path"]).name: item for item in report["catalogues"]}
    assert set(by_name) == {path.name for path in real_catalogues}
    for path in real_catalogues:
        item = by_name[path.name]
        assert {key: item[key] for key in ("translated", "fuzzy", "untranslated")} == msgfmt_statistics(path)
        assert item["obsolete"] == sum(1 for entry in polib.pofile(str(path)) if entry.obsolete)
        total = item["translated"] + item["fuzzy"] + item["untranslated"]
        assert item["complete_percent"] == round(100 * item["translated"] / total, 1)


@needs_msgfmt
@pytest.mark.parametrize("case", [*CORNER_CASES, "empty header"])
def test_full_check_counts_corner_cases_like_msgfmt(tmp_path: Path, case: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A full check counts while it walks the parsed catalogue; where polib hides the header it counts the file."""
    path = tmp_path / "case.po"
    text = 'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n' if case == "empty header" else HEADER + CORNER_CASES[case]
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert run("check", str(path), "--format", "json", "--root", str(tmp_path)) in (0, 1)
    [item] = json.loads(capsys.readouterr().out)["catalogues"]
    assert {key: item[key] for key in ("translated", "fuzzy", "untranslated")} == msgfmt_statistics(path)
