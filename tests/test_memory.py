"""Translation memory: exact and near matches over the done entries of every catalogue."""

from __future__ import annotations

from pathlib import Path

import polib

from l10n.catalog import write_catalogue
from l10n.config import Project
from l10n.memory import MemoryMatch, TranslationMemory
from l10n.states import State, set_state


def catalogue(*entries: tuple[str, str, State]) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, state in entries:
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr)
        set_state(entry, state, machine={"origin": "mt"} if state is State.MACHINE else None, by="anna")
        po.append(entry)
    return po


def test_only_done_entries_are_remembered_and_approved_wins(tmp_path: Path) -> None:
    project = Project(tmp_path)
    folder = tmp_path / "locales" / "de" / "LC_MESSAGES"
    write_catalogue(catalogue(("Welcome.", "Willkommen.", State.TRANSLATED),
                              ("Machine only.", "Nur Maschine.", State.MACHINE),
                              ("Needs work.", "Muss überarbeitet werden.", State.NEEDS_WORK),
                              ("Untranslated.", "", State.UNTRANSLATED)), folder / "a.po")
    write_catalogue(catalogue(("Welcome.", "Herzlich willkommen.", State.APPROVED),
                              ("Contact us.", "Kontakt.", State.TRANSLATED)), folder / "b.po")
    memory = TranslationMemory.from_project(project, "de")
    assert len(memory) == 2
    assert memory.exact("Welcome.") == MemoryMatch("Welcome.", "Herzlich willkommen.", 1.0, "b")
    assert memory.exact("Contact us.") == MemoryMatch("Contact us.", "Kontakt.", 1.0, "b")
    for source in ("Machine only.", "Needs work.", "Untranslated.", "welcome."):
        assert memory.exact(source) is None
    assert TranslationMemory.from_project(project, "fr").exact("Welcome.") is None


def test_near_matches_are_ranked_and_thresholded() -> None:
    memory = TranslationMemory.from_catalogues([("news", catalogue(
        ("The Director General welcomed the new pact.", "Die Generaldirektorin begrüßte den neuen Pakt.",
         State.TRANSLATED),
        ("The Director General welcomed the pact.", "Die Generaldirektorin begrüßte den Pakt.", State.TRANSLATED),
        ("The conference was held in Ghent.", "Die Konferenz fand in Gent statt.", State.TRANSLATED),
        ("Germany joined the IOM in 1954.", "Deutschland trat 1954 der IOM bei.", State.TRANSLATED),
    ))])
    near = memory.near("The Director General welcomed the new pacts.")
    assert [m.target for m in near] == ["Die Generaldirektorin begrüßte den neuen Pakt.",
                                        "Die Generaldirektorin begrüßte den Pakt."]
    assert 0.9 < near[0].score < 1.0 and near[0].score > near[1].score >= 0.7
    assert near[0].domain == "news"
    assert memory.near("The Director General welcomed the new pacts.", limit=1) == near[:1]
    assert memory.near("Something else entirely.") == []
    exact = memory.near("Germany joined the IOM in 1954.")
    assert exact[0] == MemoryMatch("Germany joined the IOM in 1954.", "Deutschland trat 1954 der IOM bei.", 1.0,
                                   "news")
    assert memory.near("The conference was held in Bonn.", threshold=0.95) == []
