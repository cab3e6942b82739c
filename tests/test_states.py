"""The review states survive the gettext tools: marks are translator comments and the fuzzy flag."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.states import State, confidence, machine_info, set_state, state_of

MACHINE = {"origin": "mt", "model": "translate-en_de", "version": "1.9", "confidence": 0.83}


def catalogue() -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for number, state in enumerate(State):
        entry = polib.POEntry(msgid=f"Sentence {number}.", msgstr="" if state is State.UNTRANSLATED else f"Satz {number}.",
                              tcomment="a translator's own note")
        set_state(entry, state, machine=MACHINE, by="anna")
        po.append(entry)
    return po


def states(po: polib.POFile) -> list[State]:
    return [state_of(entry) for entry in po if not entry.obsolete]


def test_every_state_round_trips_through_the_po_text(tmp_path: Path) -> None:
    path = tmp_path / "de.po"
    catalogue().save(str(path))
    po = polib.pofile(str(path))
    assert states(po) == list(State)
    machine = po[1]
    assert machine_info(machine) == {"origin": "mt", "model": "translate-en_de", "version": "1.9",
                                     "confidence": "0.83"}
    assert confidence(machine) == pytest.approx(0.83)
    assert all("a translator's own note" in entry.tcomment for entry in po)  # other comments are kept


def test_changing_state_replaces_marks_and_keeps_comments() -> None:
    entry = catalogue()[1]
    set_state(entry, State.APPROVED, by="ben")
    assert state_of(entry) is State.APPROVED and "fuzzy" not in entry.flags
    assert "machine" not in entry.tcomment and "by=ben" in entry.tcomment
    assert "a translator's own note" in entry.tcomment
    set_state(entry, State.NEEDS_WORK)
    assert state_of(entry) is State.NEEDS_WORK and "approved" not in entry.tcomment


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")
def test_marks_survive_msgmerge_and_msgcat(tmp_path: Path) -> None:
    path, template = tmp_path / "de.po", tmp_path / "x.pot"
    catalogue().save(str(path))
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for entry in catalogue():
        pot.append(polib.POEntry(msgid=entry.msgid, msgstr=""))
    pot.save(str(template))
    subprocess.run(["msgmerge", "--quiet", "--update", "--backup=none", str(path), str(template)], check=True)
    assert states(polib.pofile(str(path))) == list(State)
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    assert states(polib.pofile(str(path))) == list(State)
