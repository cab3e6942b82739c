"""`l10n pretranslate` and `l10n models` through the real CLI, with a tiny real Argos package. No network."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from l10n import machine
from l10n.catalog import live_entries, read_catalogue, write_catalogue
from l10n.cli import main
from l10n.checks import check_entry
from l10n.pretranslate import SPAN_CHECKS
from l10n.states import State, machine_info, set_state, state_of

REPO = Path(__file__).resolve().parent.parent
DOMAIN = "iom-germany"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def packages(tiny_argos_package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "packages"
    code, out, _ = run(capsys, "models", "install", "--file", str(tiny_argos_package), "--packages-dir", str(folder))
    assert code == 0 and "installed translate-en_de (en → de, version 1.0)" in out
    return folder


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The seed page and the repository's glossary, extracted and updated: every entry untranslated."""
    root = tmp_path / "project"
    (root / "source_texts").mkdir(parents=True)
    shutil.copy(REPO / "source_texts" / f"{DOMAIN}.txt", root / "source_texts")
    shutil.copy(REPO / "glossary.csv", root)
    prepare(capsys, root)
    return root


def prepare(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    assert run(capsys, "extract", "--root", str(root))[0] == 0
    assert run(capsys, "update", "--lang", "de", "--root", str(root))[0] == 0


def pretranslate(capsys: pytest.CaptureFixture[str], root: Path, packages: Path, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "pretranslate", "--lang", "de", "--root", str(root), "--packages-dir", str(packages), *extra)


def po_path(root: Path, domain: str = DOMAIN) -> Path:
    return root / "locales" / "de" / "LC_MESSAGES" / f"{domain}.po"


def entries(root: Path, domain: str = DOMAIN) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in live_entries(read_catalogue(po_path(root, domain)))}


def totals(out: str) -> dict[str, int]:
    """The total row of the summary table."""
    line = next(line for line in out.splitlines() if line.strip().startswith("total"))
    return dict(zip(["memory", "cache", "machine", "lost", "glossary"], map(int, line.split()[1:])))


def forbid_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self, texts, progress=None):
        raise AssertionError(f"the model was asked to translate {len(texts)} texts")

    monkeypatch.setattr(machine.Translator, "translate", fail)


def edit(root: Path, msgid: str, msgstr: str, state: State, domain: str = DOMAIN) -> None:
    po = read_catalogue(po_path(root, domain))
    entry = po.find(msgid)
    entry.msgstr = msgstr
    set_state(entry, state, by="anna")
    write_catalogue(po, po_path(root, domain))


def test_fills_every_entry_fuzzy_with_provenance_and_confidence(project: Path, packages: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = pretranslate(capsys, project, packages)
    assert code == 0, err
    found = entries(project)
    assert len(found) == 24
    assert totals(out)["machine"] == 24 and totals(out)["memory"] == totals(out)["cache"] == 0
    for entry in found.values():
        assert entry.msgstr and "fuzzy" in entry.flags and state_of(entry) is State.MACHINE
        info = machine_info(entry)
        assert info is not None and info["origin"] == "mt"
        assert (info["model"], info["version"]) == ("translate-en_de", "1.0")
        assert 0.0 <= float(info["confidence"]) <= 1.0
    text = po_path(project).read_text(encoding="utf-8")
    assert re.search(r"# l10n: machine origin=mt model=translate-en_de version=1\.0 confidence=[01]\.\d\d\n", text)


def test_seed_spans_are_intact_or_reported_lost(project: Path, packages: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = pretranslate(capsys, project, packages)
    assert code == 0
    found = entries(project)
    lost = [entry for entry in found.values() if {p.check for p in check_entry(entry)} & SPAN_CHECKS]
    assert totals(out)["lost"] == len(lost)
    for needle in ("rschroeder@iom.int", "+32 492 25 02 34", "30"):
        holders = [entry for entry in found.values() if needle in entry.msgid]
        assert holders, needle
        for entry in holders:
            assert needle in entry.msgstr or entry in lost, (needle, entry.msgstr)


def test_second_run_translates_nothing_and_a_reset_entry_comes_from_the_cache(
        project: Path, packages: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert pretranslate(capsys, project, packages)[0] == 0
    before = po_path(project).read_bytes()
    forbid_model(monkeypatch)

    code, out, _ = pretranslate(capsys, project, packages)
    assert code == 0 and "0 distinct segments sent to the model" in out and "nothing to translate" in out
    assert po_path(project).read_bytes() == before

    msgid = "Germany joined the IOM in 1954."
    machine_text = entries(project)[msgid].msgstr
    edit(project, msgid, "", State.UNTRANSLATED)
    code, out, _ = pretranslate(capsys, project, packages)
    assert code == 0 and totals(out) == {"memory": 0, "cache": 1, "machine": 0, "lost": totals(out)["lost"],
                                         "glossary": totals(out)["glossary"]}
    entry = entries(project)[msgid]
    assert entry.msgstr == machine_text and machine_info(entry)["origin"] == "mt"
    assert (project / ".l10n-cache" / "mt-de.sqlite").is_file()


def test_translation_memory_is_reused_across_pages(project: Path, packages: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    shared, human = "Germany joined the IOM in 1954.", "Deutschland trat 1954 der IOM bei."
    edit(project, shared, human, State.APPROVED)
    (project / "source_texts" / "second.txt").write_text(
        f"A second page\n{shared} Both pages say this too.\nOur Work\n", encoding="utf-8")
    prepare(capsys, project)

    code, out, _ = pretranslate(capsys, project, packages)
    assert code == 0
    entry = entries(project, "second")[shared]
    assert entry.msgstr == human and state_of(entry) is State.MACHINE
    assert machine_info(entry) == {"origin": "memory", "confidence": "1.00", "from": DOMAIN}
    assert totals(out)["memory"] == 1
    # "Our Work" is on both pages and untranslated: the model sees it once
    assert f"{23 + 3 - 1} distinct segments sent" in out
    assert entries(project, "second")["Our Work"].msgstr == entries(project)["Our Work"].msgstr
    assert entries(project)[shared].msgstr == human and state_of(entries(project)[shared]) is State.APPROVED


def test_include_fuzzy_retranslates_fuzzy_entries_only_when_asked(project: Path, packages: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    msgid = "About"
    edit(project, msgid, "Über (alt)", State.NEEDS_WORK)
    assert pretranslate(capsys, project, packages)[0] == 0
    assert entries(project)[msgid].msgstr == "Über (alt)" and state_of(entries(project)[msgid]) is State.NEEDS_WORK

    code, out, _ = pretranslate(capsys, project, packages, "--include-fuzzy")
    assert code == 0
    entry = entries(project)[msgid]
    assert entry.msgstr != "Über (alt)" and machine_info(entry)["origin"] == "mt"
    # the other 23 are machine translations already: retranslated too, from the cache
    assert totals(out)["machine"] == 1 and totals(out)["cache"] == 23


def test_concurrent_edit_during_translation_is_not_overwritten(
        project: Path, packages: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    msgid, typed = "Germany joined the IOM in 1954.", "Deutschland ist 1954 der IOM beigetreten."
    real_translate = machine.Translator.translate

    def translate_while_someone_edits(self, texts, progress=None):
        result = real_translate(self, texts, progress)
        edit(project, msgid, typed, State.TRANSLATED)  # the web UI saves while the model runs
        return result

    monkeypatch.setattr(machine.Translator, "translate", translate_while_someone_edits)
    code, out, _ = pretranslate(capsys, project, packages)
    assert code == 0
    assert "1 entries were edited by someone else meanwhile" in out
    found = entries(project)
    assert found[msgid].msgstr == typed and state_of(found[msgid]) is State.TRANSLATED
    assert sum(state_of(entry) is State.MACHINE for entry in found.values()) == 23


def test_interrupted_translation_leaves_catalogues_untouched(
        project: Path, packages: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = po_path(project).read_bytes()

    def interrupted(self, texts, progress=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(machine.Translator, "translate", interrupted)
    code, _, err = pretranslate(capsys, project, packages)
    assert code == 130 and ("aborted" in err or "interrupted" in err)
    assert po_path(project).read_bytes() == before


def test_domain_selection_and_unknown_domain(project: Path, packages: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = pretranslate(capsys, project, packages, "--domain", "nope")
    assert code == 2 and "no de catalogue for 'nope'" in err
    code, out, _ = pretranslate(capsys, project, packages, "--domain", DOMAIN, "--beam-size", "2",
                                "--batch-size", "5", "--threads", "2")
    assert code == 0 and "(beam 2)" in out and totals(out)["machine"] == 24


def test_no_model_says_which_command_installs_one(project: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "no-packages"
    code, out, err = pretranslate(capsys, project, empty)
    assert code == 1
    assert f"l10n models install de --root {project} --packages-dir {empty}" in err
    assert len(err.strip().splitlines()) == 1
    assert all(not entry.msgstr for entry in entries(project).values())


def test_packages_dir_from_project_config(project: Path, tiny_argos_package: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (project / "l10n.toml").write_text('argos_packages_dir = "models"\n', encoding="utf-8")
    code, _, err = run(capsys, "pretranslate", "--root", str(project))
    assert code == 1 and f"`l10n models install de --root {project}`" in err
    code, out, _ = run(capsys, "models", "install", "--file", str(tiny_argos_package), "--root", str(project))
    assert code == 0 and str(project / "models" / "translate-en_de-1_0") in out
    code, out, _ = run(capsys, "models", "list", "--root", str(project))
    assert code == 0 and re.search(r"translate-en_de\s+en → de\s+version 1\.0", out)
    assert run(capsys, "pretranslate", "--root", str(project))[0] == 0


def test_models_list_empty_and_install_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "packages"
    code, out, _ = run(capsys, "models", "list", "--packages-dir", str(folder), "--root", str(tmp_path))
    assert code == 0 and "no translation models" in out and "l10n models install" in out

    broken = tmp_path / "broken.argosmodel"
    broken.write_bytes(b"PK\x03\x04 this is not really a zip")
    code, _, err = run(capsys, "models", "install", "--file", str(broken), "--packages-dir", str(folder))
    assert code == 2 and str(broken) in err and "not an Argos package" in err

    code, _, err = run(capsys, "models", "install", "--packages-dir", str(folder))
    assert code == 2


def test_models_install_offline_is_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")  # nothing listens: refused at once
    code, _, err = run(capsys, "models", "install", "de", "--packages-dir", str(tmp_path / "p"),
                       "--root", str(tmp_path))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "cannot reach the Argos package index" in err


def test_protection_and_glossary_counts_with_an_identity_model(
        project: Path, packages: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n.glossary import load_glossary, missing_terms

    sent: list[str] = []

    def identity(self, texts, progress=None):
        sent.extend(texts)
        return [machine.Translation(text, 0.5) for text in texts]

    monkeypatch.setattr(machine.Translator, "translate", identity)
    code, out, _ = pretranslate(capsys, project, packages)
    assert code == 0
    found = entries(project)
    assert all(entry.msgstr == entry.msgid for entry in found.values())  # every span restored in place
    assert totals(out)["lost"] == 0
    assert not any("rschroeder@iom.int" in text or "+32" in text or "IOM" in text for text in sent)
    assert any("ZX1" in text for text in sent)
    terms = load_glossary(project / "glossary.csv")
    # English output misses every preferred German term: all those entries are reported
    assert totals(out)["glossary"] == sum(bool(missing_terms(e.msgid, e.msgstr, terms)) for e in found.values()) > 0


def test_plural_entries_get_every_form(project: Path, packages: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    po = read_catalogue(po_path(project))
    po.append(polib.POEntry(msgid="One file", msgid_plural="%d files", msgstr_plural={0: "", 1: ""}))
    write_catalogue(po, po_path(project))
    monkeypatch.setattr(machine.Translator, "translate",
                        lambda self, texts, progress=None: [machine.Translation(f"DE {t}", 0.9) for t in texts])
    assert pretranslate(capsys, project, packages)[0] == 0
    entry = entries(project)["One file"]
    assert entry.msgstr_plural == {0: "DE One file", 1: "DE %d files"}
    assert state_of(entry) is State.MACHINE and machine_info(entry)["confidence"] == "0.90"
