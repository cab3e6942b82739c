"""The model-free pipeline end to end: extract -> update -> export, through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from l10n.catalog import read_catalogue
from helpers import run
from l10n.states import State, set_state, state_of

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "source_texts" / "iom-germany.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder without configuration, holding every demo page of the repository."""
    shutil.copytree(REPO / "source_texts", tmp_path / "source_texts")
    return tmp_path


def catalogue(root: Path, domain: str = "iom-germany") -> polib.POFile:
    return read_catalogue(root / "locales" / "de" / "LC_MESSAGES" / f"{domain}.po")


def fill(root: Path, domain: str = "iom-germany", translate=lambda msgid: f"DE[{msgid}]") -> None:
    path = root / "locales" / "de" / "LC_MESSAGES" / f"{domain}.po"
    po = read_catalogue(path)
    for entry in po:
        if not entry.obsolete:
            entry.msgstr = translate(entry.msgid)
            set_state(entry, State.TRANSLATED)
    po.save(str(path))


def test_untranslated_export_reproduces_every_page_byte_for_byte(project: Path) -> None:
    assert run("extract", "--root", str(project)) == 0
    assert run("update", "--lang", "de", "--root", str(project)) == 0
    assert run("export", "--lang", "de", "--root", str(project)) == 0
    for source in (project / "source_texts").rglob("*.*"):
        exported = project / "build" / "de" / source.relative_to(project / "source_texts")
        assert exported.read_bytes() == source.read_bytes(), source.name
    assert (project / "build" / "de" / "LC_MESSAGES" / "iom-germany.mo").exists()


def test_seed_catalogue_has_references_comments_and_merged_duplicates(project: Path) -> None:
    run("extract", "--root", str(project))
    template = read_catalogue(project / "locales" / "iom-germany.pot")
    by_id = {entry.msgid: entry for entry in template}
    about = by_id["About"]
    assert about.occurrences == [("source_texts/iom-germany.txt", "4"), ("source_texts/iom-germany.txt", "5")]
    assert "heading" in about.comment
    # the scraper glued headings to their paragraphs; they are cut apart
    assert "WHO WE ARE" in by_id and "Our Work" in by_id
    assert any(msgid.startswith("The International Organization for Migration") for msgid in by_id)
    assert any(msgid.startswith("As the leading inter-governmental") for msgid in by_id)
    assert "Data and Resources" in by_id  # bullet removed from the msgid
    assert all(not msgid.startswith("-") for msgid in by_id)
    assert "***" not in by_id and "-" not in by_id


def test_fully_translated_export_keeps_the_line_structure(project: Path) -> None:
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    for template in (project / "locales").glob("*.pot"):  # every demo page, or export refuses the rest
        fill(project, template.stem)
    assert run("export", "--lang", "de", "--root", str(project), "--min-complete", "100") == 0
    source = SEED.read_text(encoding="utf-8")
    exported = (project / "build" / "de" / "iom-germany.txt").read_text(encoding="utf-8")
    assert len(exported.splitlines()) == len(source.splitlines())
    for before, after in zip(source.splitlines(), exported.splitlines()):
        if before.strip("-* "):
            assert "DE[" in after, (before, after)
        else:
            assert after == before
    assert exported.splitlines()[12].startswith("- DE[")  # bullet kept


def test_editing_a_sentence_marks_only_that_entry_fuzzy(project: Path) -> None:
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    fill(project)
    source = project / "source_texts" / "iom-germany.txt"
    text = source.read_text(encoding="utf-8")
    old = "Germany joined the IOM in 1954."
    new = "Germany joined the IOM in the year 1954."
    source.write_text(text.replace(old, new), encoding="utf-8")
    run("extract", "--root", str(project))
    assert run("update", "--lang", "de", "--root", str(project)) == 0
    po = catalogue(project)
    live = [entry for entry in po if not entry.obsolete]
    changed = [entry for entry in live if state_of(entry) is not State.TRANSLATED]
    assert [entry.msgid for entry in changed] == [new]
    assert changed[0].previous_msgid == old
    assert changed[0].msgstr == f"DE[{old}]"
    assert state_of(changed[0]) is State.NEEDS_WORK
    assert all(entry.msgstr == f"DE[{entry.msgid}]" for entry in live if entry is not changed[0])
    text_po = (project / "locales/de/LC_MESSAGES/iom-germany.po").read_text(encoding="utf-8")
    assert f'#| msgid "{old}"' in text_po


def test_removed_sentence_becomes_obsolete_and_comes_back(project: Path) -> None:
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    fill(project)
    source = project / "source_texts" / "iom-germany.txt"
    original = source.read_text(encoding="utf-8")
    gone = "The conference was convened by the government of Belgium, which currently holds the rotating " \
           "Presidency of the Council of the EU."
    source.write_text(original.replace(gone + "\n", ""), encoding="utf-8")
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    obsolete = [entry for entry in catalogue(project) if entry.obsolete]
    assert [entry.msgid for entry in obsolete] == [gone]
    source.write_text(original, encoding="utf-8")
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    back = {entry.msgid: entry for entry in catalogue(project)}[gone]
    assert not back.obsolete and back.msgstr == f"DE[{gone}]" and state_of(back) is State.TRANSLATED


def test_headers_come_from_babel_locale_data(project: Path) -> None:
    run("extract", "--root", str(project))
    run("update", "--lang", "pl", "--root", str(project))
    po = read_catalogue(project / "locales" / "pl" / "LC_MESSAGES" / "iom-germany.po")
    assert po.metadata["Language"] == "pl"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")


def test_update_twice_changes_nothing(project: Path) -> None:
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    path = project / "locales/de/LC_MESSAGES/iom-germany.po"
    before = path.read_bytes()
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    assert path.read_bytes() == before


def test_min_complete_refuses_export(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    assert run("export", "--lang", "de", "--domain", "iom-germany", "--min-complete", "50",
               "--root", str(project)) == 1
    assert "below the required 50%" in capsys.readouterr().err
    assert not (project / "build" / "de" / "iom-germany.txt").exists()


def test_segment_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("segment", str(SEED), "--format", "json") == 0
    segments = json.loads(capsys.readouterr().out)
    texts = [segment["text"] for segment in segments]
    assert "Germany joined the IOM in 1954." in texts
    assert all(segment["text"] == segment["text"].strip() for segment in segments)


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\xff\xfe\x00\x00binary\x00data", "binary"),
    (b"Caf\xe9 au lait.\n", "not valid UTF-8"),
])
def test_bad_source_pages_give_one_clear_error(project: Path, capsys: pytest.CaptureFixture[str],
                                               content: bytes, message: str) -> None:
    (project / "source_texts" / "bad.txt").write_bytes(content)
    assert run("extract", "--root", str(project)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.txt" in err[0] and message in err[0]


def test_bad_po_file_is_reported_with_line_and_not_overwritten(project: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    path = project / "locales/de/LC_MESSAGES/iom-germany.po"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith('msgstr ""') and i > 5)
    lines[number] = 'msgstr "kaputt\n'  # missing closing quote
    broken = "".join(lines)
    path.write_text(broken, encoding="utf-8")
    assert run("update", "--lang", "de", "--root", str(project)) == 2
    err = capsys.readouterr().err
    assert f"iom-germany.po:{number + 1}:" in err and "closing quote" in err
    assert path.read_text(encoding="utf-8") == broken


def test_duplicate_entry_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', encoding="utf-8")
    from l10n.errors import InputError
    with pytest.raises(InputError, match="duplicate"):
        read_catalogue(path)


def test_non_utf8_catalogue_is_read_and_written_in_its_charset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.po"
    path.write_bytes('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
                     'msgid "coffee"\nmsgstr "Café"\n'.encode("latin-1"))
    po = read_catalogue(path)
    assert po.find("coffee").msgstr == "Café"
    from l10n.catalog import write_catalogue
    write_catalogue(po, path)
    assert "Café".encode("latin-1") in path.read_bytes()


def test_no_source_pages_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("extract", "--root", str(tmp_path)) == 2
    assert "no source pages" in capsys.readouterr().err


def test_configuration_from_l10n_toml(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    shutil.copy(SEED, tmp_path / "pages" / "seed.txt")
    (tmp_path / "l10n.toml").write_text('source_dir = "pages"\nlocales_dir = "po"\nlanguages = ["de", "fr"]\n')
    assert run("extract", "--root", str(tmp_path)) == 0
    assert run("update", "--root", str(tmp_path)) == 0
    assert (tmp_path / "po" / "fr" / "LC_MESSAGES" / "seed.po").exists()
    assert (tmp_path / "po" / "de" / "LC_MESSAGES" / "seed.po").exists()


def test_extract_twice_leaves_templates_alone(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("extract", "--root", str(project))
    path = project / "locales" / "iom-germany.pot"
    before = path.read_bytes()
    capsys.readouterr()
    run("extract", "--root", str(project))
    assert path.read_bytes() == before
    assert "up to date" in capsys.readouterr().out


def test_edited_copy_of_boilerplate_gets_a_fuzzy_suggestion(tmp_path: Path) -> None:
    (tmp_path / "source_texts").mkdir()
    page = tmp_path / "source_texts" / "page.txt"
    page.write_text("Contact the IOM office in Berlin for more information.\nWe help migrants.\n")
    run("extract", "--root", str(tmp_path))
    run("update", "--lang", "de", "--root", str(tmp_path))
    fill(tmp_path, "page")
    page.write_text("Contact the IOM office in Berlin for more information.\nWe help migrants.\n"
                    "Contact the IOM office in Bonn for more information.\n")
    run("extract", "--root", str(tmp_path))
    run("update", "--lang", "de", "--root", str(tmp_path))
    entry = catalogue(tmp_path, "page").find("Contact the IOM office in Bonn for more information.")
    assert state_of(entry) is State.NEEDS_WORK
    assert entry.previous_msgid == "Contact the IOM office in Berlin for more information."


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext (msgcat) is not installed")
def test_catalogue_text_is_exactly_msgcats_output(project: Path, tmp_path: Path) -> None:
    import subprocess
    from l10n.catalog import catalogue_text
    run("extract", "--root", str(project))
    run("update", "--lang", "de", "--root", str(project))
    fill(project)
    po = catalogue(project)
    po[3].obsolete = True
    po[5].msgstr = "geändert"  # a changed entry is rendered anew
    written = tmp_path / "written.po"
    written.write_text(catalogue_text(po), encoding="utf-8")
    assert subprocess.run(["msgcat", "--width=79", str(written)], capture_output=True, check=True,
                          text=True).stdout == catalogue_text(po)
