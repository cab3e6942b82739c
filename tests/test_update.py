"""`l10n update` against `msgmerge --previous`: the same marks, deterministic output.

The fixture pair (tests/fixtures/po/update-old.po, update-new.pot) has every case msgmerge
handles: kept, edited (fuzzy), edited again (an entry that was already fuzzy), removed
(translated: obsolete; untranslated: dropped), obsolete entries with `#~|` and `#~ msgctxt`,
an obsolete entry that comes back, contexts, plurals, escapes.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from l10n import update
from l10n.catalog import catalogue_bytes, catalogue_text, read_catalogue
from l10n.config import Project, load_project
from l10n.pofile import parse
from l10n.update import update_catalogue

FIXTURES = Path(__file__).parent / "fixtures" / "po"
OLD, TEMPLATE = FIXTURES / "update-old.po", FIXTURES / "update-new.pot"
needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None,
                                    reason="GNU gettext (msgmerge) is not installed: apt-get install gettext")


def updated() -> str:
    new, _ = update_catalogue(read_catalogue(TEMPLATE), read_catalogue(OLD), "de")
    return catalogue_text(new)


def test_marks_are_those_msgmerge_writes() -> None:
    text = updated()
    # an edited sentence: fuzzy, with the msgid its translation was made for
    assert ('#, fuzzy\n#| msgid "We help migrants and refugees every day."\n'
            'msgid "We help migrants and refugees every single day."\n') in text
    # an entry that was already fuzzy keeps the msgid its translation was made for
    assert '#| msgid "The annual report is online now."\nmsgid "The annual report is available online today."' in text
    # a singular entry gets no `#| msgid_plural`; a plural source gives both
    assert '#| msgid_plural ""' not in text
    assert '#| msgid "One file was saved."\n#| msgid_plural "%d files were saved."\nmsgid "One new file was saved."' in text
    # obsolete entries keep `#~|` and `#~ msgctxt`; a removed translation becomes obsolete without references
    assert '#~| msgid "An old sentence with a previous."\n#~ msgid "An old sentence with a previous version."' in text
    assert '#~ msgctxt "footer"\n#~ msgid "Imprint"' in text
    assert '#: a.txt:3\n' not in text and '#~ msgid "This sentence will be removed from the page."' in text
    assert "An untranslated sentence that disappears." not in text
    # an obsolete entry whose sentence came back is translated again; escapes are kept
    assert 'msgid "A sentence that comes back."\nmsgstr "Ein Satz, der zurückkommt."' in text
    assert 'msgstr "Glocke\\a und Tab\\t"' in text


@needs_msgmerge
def test_update_writes_what_msgmerge_previous_writes(tmp_path: Path) -> None:
    merged = tmp_path / "msgmerge.po"
    subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(merged), str(OLD), str(TEMPLATE)],
                   check=True, capture_output=True)
    assert updated() == merged.read_text(encoding="utf-8")


def _pair(folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """A catalogue of many alike sentences (ties in the fuzzy search), a template in which every
    fifth sentence was edited, and {edited msgid: the msgid it was edited from}."""
    rng = random.Random(3)
    words = "the of and migrants office report support data people help city region".split()
    sentences = list(dict.fromkeys(" ".join(rng.choice(words) for _ in range(8)).capitalize() + "."
                                   for _ in range(400)))
    edited = {text.replace(" ", "  ", 1) + " New": text for number, text in enumerate(sentences) if number % 5 == 0}
    header = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    old = header + "".join(f'\nmsgid "{text}"\nmsgstr "DE {number}"\n' for number, text in enumerate(sentences))
    new_msgids = [text.replace(" ", "  ", 1) + " New" if number % 5 == 0 else text
                  for number, text in enumerate(sentences)]
    template = header + "".join(f'\nmsgid "{text}"\nmsgstr ""\n' for text in new_msgids)
    (folder / "old.po").write_text(old, encoding="utf-8")
    (folder / "new.pot").write_text(template, encoding="utf-8")
    return folder / "old.po", folder / "new.pot", edited


def test_same_inputs_give_byte_identical_output_whatever_the_hash_seed(tmp_path: Path) -> None:
    old, template, _ = _pair(tmp_path)
    code = ("import sys; from pathlib import Path; from l10n.catalog import catalogue_text, read_catalogue;"
            "from l10n.update import update_catalogue;"
            "new, _ = update_catalogue(read_catalogue(Path(sys.argv[1])), read_catalogue(Path(sys.argv[2])), 'de');"
            "sys.stdout.write(catalogue_text(new))")
    outputs = {subprocess.run([sys.executable, "-c", code, str(template), str(old)], check=True,
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "2", "3")}
    assert len(outputs) == 1
    assert "#, fuzzy" in outputs.pop()


@needs_msgmerge
def test_fuzzy_matches_are_as_good_as_msgmerges_on_the_same_pair(tmp_path: Path) -> None:
    """Same entries in the same order; where the tools pick different old entries, ours still finds
    at least as many edited sentences' own old translations, and every pick is a close match."""
    old_path, template_path, edited = _pair(tmp_path)
    merged = tmp_path / "msgmerge.po"
    subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(merged), str(old_path), str(template_path)],
                   check=True, capture_output=True)
    ours, _ = update_catalogue(read_catalogue(template_path), read_catalogue(old_path), "de")
    theirs = read_catalogue(merged)
    assert [e.msgid for e in ours if not e.obsolete] == [e.msgid for e in theirs if not e.obsolete]
    old = {entry.msgid: entry.msgstr for entry in read_catalogue(old_path)}

    def recovered(po) -> int:
        return sum(1 for entry in po if entry.msgid in edited and entry.msgstr == old[edited[entry.msgid]])

    assert recovered(ours) >= recovered(theirs) > 0
    for entry in ours:
        if entry.fuzzy and not entry.obsolete:
            assert difflib.SequenceMatcher(None, entry.msgid, entry.previous_msgid).ratio() >= 0.6


# -- an update with nothing to change ----------------------------------------------------------

def _project_with(tmp_path: Path, catalogue: str, template: str) -> tuple[Project, Path]:
    (tmp_path / "source_texts").mkdir()
    (tmp_path / "source_texts" / "page.txt").write_text("A page.\n", encoding="utf-8")
    project = load_project(tmp_path)
    project.template_path("page").parent.mkdir(parents=True, exist_ok=True)
    project.template_path("page").write_text(template, encoding="utf-8")
    path = project.catalogue_path("de", "page")
    path.parent.mkdir(parents=True)
    path.write_bytes(catalogue.encode("utf-8"))
    return project, path


def _as_template(catalogue: str) -> str:
    """The template a catalogue was merged from: its live entries without translations."""
    po = parse(catalogue)
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for entry in po:
        if not entry.obsolete:
            lines += [f"#: {path}:{line}" for path, line in entry.occurrences]
            lines += [f'msgid "{entry.msgid}"', 'msgstr ""', ""]
    return "\n".join(lines)


OWN_LAYOUT = (  # valid PO, but not as msgcat lays it out: CRLF line ends, its own wrapping, a fuzzy header
    '# German translation.\r\n#, fuzzy\r\nmsgid ""\r\nmsgstr ""\r\n"Language: de\\n"\r\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\r\n"Plural-Forms: nplurals=2; plural=n == 1 ? 0 : 1;\\n"\r\n'
    '\r\n#: page.txt:1\r\nmsgid "A sentence that stays."\r\nmsgstr ""\r\n"Ein Satz, "\r\n"der bleibt."\r\n'
    '\r\n#: page.txt:2\r\nmsgid "Another one."\r\nmsgstr "Noch einer."\r\n'
    '\r\n#~ msgid "Gone."\r\n#~ msgstr "Weg."\r\n')


def test_nothing_to_change_leaves_the_file_byte_for_byte_and_takes_no_lock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, path = _project_with(tmp_path, OWN_LAYOUT, _as_template(OWN_LAYOUT))
    monkeypatch.setattr(update, "locked", lambda path: pytest.fail("an update with nothing to do took the lock"))
    result = update.update_domain(project, "page", "de")
    assert (result.written, result.created, result.stats.kept) == (False, False, 2)
    assert path.read_bytes() == OWN_LAYOUT.encode("utf-8")


def test_an_entry_with_lone_comment_lines_is_nothing_to_change() -> None:
    header = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    old = parse(header + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                '#\n#.\nmsgid "Kept"\nmsgstr "Bleibt"\n\n# note\n#\n#. hint\n#.\nmsgid "Also"\nmsgstr "Auch"\n')
    template = parse(header + '\n#.\nmsgid "Kept"\nmsgstr ""\n\n#. hint\n#.\nmsgid "Also"\nmsgstr ""\n')
    new, _ = update_catalogue(template, old, "de")
    assert update.unchanged(new, old)


def test_a_catalogue_keeps_its_own_plural_forms_and_header_flags_as_with_msgmerge(tmp_path: Path) -> None:
    template = _as_template(OWN_LAYOUT) + '\n#: page.txt:3\nmsgid "A new sentence."\nmsgstr ""\n'
    project, path = _project_with(tmp_path, OWN_LAYOUT, template)
    assert update.update_domain(project, "page", "de").written
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# German translation.\n#, fuzzy\nmsgid ""\n')
    assert '"Plural-Forms: nplurals=2; plural=n == 1 ? 0 : 1;\\n"' in text  # not replaced by Babel's
    assert 'msgid "A new sentence."' in text
    if shutil.which("msgmerge"):  # the same header as msgmerge writes
        (tmp_path / "old.po").write_bytes(OWN_LAYOUT.encode("utf-8"))
        merged = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(tmp_path / "old.po"),
                                 str(project.template_path("page"))], capture_output=True, text=True, check=True)
        assert merged.stdout.split("\n\n")[0] == text.split("\n\n")[0]


def test_a_catalogue_without_plural_forms_gets_babels(tmp_path: Path) -> None:
    catalogue = OWN_LAYOUT.replace('"Plural-Forms: nplurals=2; plural=n == 1 ? 0 : 1;\\n"\r\n', "")
    project, path = _project_with(tmp_path, catalogue, _as_template(catalogue))
    assert update.update_domain(project, "page", "de").written
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in path.read_text(encoding="utf-8")


def test_a_catalogue_written_meanwhile_is_merged_as_it_is_then(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone saves a translation between the update's first read and its lock: nothing of it is lost."""
    template = _as_template(OWN_LAYOUT) + '\n#: page.txt:3\nmsgid "A new sentence."\nmsgstr ""\n'
    project, path = _project_with(tmp_path, OWN_LAYOUT, template)
    real_locked = update.locked

    @contextlib.contextmanager
    def locked_after_a_save(target: Path):  # noqa: ANN202
        path.write_bytes(OWN_LAYOUT.replace('msgstr "Noch einer."', 'msgstr "Noch einer, neu."').encode())
        with real_locked(target):
            yield

    monkeypatch.setattr(update, "locked", locked_after_a_save)
    assert update.update_domain(project, "page", "de").written
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "Noch einer, neu."' in text and 'msgid "A new sentence."' in text
_PAIRS = {  # name: (old catalogue entries, template entries), each compared with msgmerge --previous
    "a singular msgid becomes plural": (
        'msgid "One file was saved."\nmsgstr "Eine Datei gespeichert."\n',
        'msgid "One file was saved."\nmsgid_plural "%d files were saved."\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    "a plural msgid becomes singular": (
        'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Eine Datei"\nmsgstr[1] "%d Dateien"\n',
        'msgid "One file"\nmsgstr ""\n'),
    "the msgid_plural changes": (
        'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Eine Datei"\nmsgstr[1] "%d Dateien"\n',
        'msgid "One file"\nmsgid_plural "%d documents"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    "the msgctxt changes": (
        'msgctxt "menu"\nmsgid "Open the file"\nmsgstr "Datei öffnen"\n',
        'msgctxt "toolbar"\nmsgid "Open the file"\nmsgstr ""\n'),
    "a msgctxt is added": ('msgid "Open the file"\nmsgstr "Datei öffnen"\n',
                           'msgctxt "toolbar"\nmsgid "Open the file"\nmsgstr ""\n'),
    "an empty msgctxt is removed": ('msgctxt ""\nmsgid "Open the file"\nmsgstr "Datei öffnen"\n',
                                    'msgid "Open the file"\nmsgstr ""\n'),
    "the msgctxt and the msgid change": (
        'msgctxt "menu"\nmsgid "Open the file now"\nmsgstr "Datei öffnen"\n',
        'msgctxt "toolbar"\nmsgid "Open the file now!"\nmsgstr ""\n'),
    "a fuzzy entry without #| is edited": ('#, fuzzy\nmsgid "Open the file now"\nmsgstr "Datei öffnen"\n',
                                           'msgid "Open the file now please"\nmsgstr ""\n'),
    "a one-word msgid edited": ('msgid "Setting"\nmsgstr "Einstellung"\n\nmsgid "Colour"\nmsgstr "Farbe"\n',
                                'msgid "Settings"\nmsgstr ""\n\nmsgid "Color"\nmsgstr ""\n'),
    "a msgid without words gets another msgctxt": ('msgid "→ …"\nmsgstr "→ …"\n', 'msgctxt "menu"\nmsgid "→ …"\nmsgstr ""\n'),
    "lone # and #. lines and comments of obsolete entries": (
        '#\n#.\nmsgid "Kept as it is"\nmsgstr "Bleibt"\n\n# note\n#\n#. old hint\nmsgid "Edited a little"\n'
        'msgstr "Etwas geändert"\n\n# gone\n#. a hint\n#: a.txt:3\nmsgid "Removed entirely"\nmsgstr "Entfernt"\n\n'
        '#\n#. hint\n#~ msgid "Obsolete already"\n#~ msgstr "Schon veraltet"\n',
        '#.\nmsgid "Kept as it is"\nmsgstr ""\n\n#. new hint\nmsgid "Edited a little!"\nmsgstr ""\n'),
    "an empty msgid_plural stays plural": (
        'msgid "Seven apples"\nmsgid_plural ""\nmsgstr[0] "Sieben Äpfel"\nmsgstr[1] "Äpfel"\n',
        'msgid "Seven green apples"\nmsgid_plural ""\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    "an empty msgid_plural is kept in #| of a fuzzy entry": (
        '#, fuzzy\n#| msgid "Pears"\n#| msgid_plural ""\nmsgid "Seven pears"\nmsgid_plural "%d pears"\n'
        'msgstr[0] "Sieben Birnen"\nmsgstr[1] "%d Birnen"\n\nmsgid "Plums"\nmsgstr "Pflaumen"\n',
        'msgid "Seven pears"\nmsgid_plural "%d pears"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "Plums"\nmsgid_plural ""\nmsgstr[0] ""\nmsgstr[1] ""\n'),
}
_HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: demo\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
           '"Content-Transfer-Encoding: 8bit\\n"\n')


def _merge_both(old: str, template: str, lang: str, plural_forms: str, folder: Path) -> tuple[str, str]:
    """(msgmerge --previous's entries, update's entries) for a catalogue in `lang`, without the header."""
    old_path, template_path = folder / "old.po", folder / "new.pot"
    header = _HEADER + f'"Language: {lang}\\n"\n"Plural-Forms: {plural_forms}\\n"\n\n'
    old_path.write_text(header + old, encoding="utf-8")
    template_path.write_text(_HEADER + "\n" + template, encoding="utf-8")
    theirs = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(old_path), str(template_path)],
                            check=True, capture_output=True, text=True).stdout
    ours, _ = update_catalogue(read_catalogue(template_path), read_catalogue(old_path), lang)
    return theirs.split("\n\n", 1)[1], catalogue_text(ours).split("\n\n", 1)[1]


@needs_msgmerge
@pytest.mark.parametrize("name", _PAIRS)
def test_changed_plurals_and_contexts_get_the_marks_msgmerge_writes(name: str, tmp_path: Path) -> None:
    theirs, ours = _merge_both(*_PAIRS[name], "de", "nplurals=2; plural=(n != 1);", tmp_path)
    assert ours == theirs
    assert "#, fuzzy" in ours


@needs_msgmerge
@pytest.mark.parametrize("lang", ["pl", "ja", "ar", "fr"])
def test_plural_entries_get_as_many_forms_as_the_language_has(lang: str, tmp_path: Path) -> None:
    from l10n.update import language_headers
    old = 'msgid "One file was saved"\nmsgstr "Gespeichert"\n\nmsgid "Two"\nmsgstr ""\n'
    template = ('msgid "One file was saved!"\nmsgid_plural "Files were saved!"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
                'msgid "Two"\nmsgid_plural "Twos"\nmsgstr[0] ""\nmsgstr[1] ""\n')
    theirs, ours = _merge_both(old, template, lang, language_headers(lang)["Plural-Forms"], tmp_path)
    assert ours == theirs


@needs_msgmerge
def test_a_catalogue_in_another_charset_is_converted_to_the_templates_utf8(tmp_path: Path) -> None:
    header = ('msgid ""\nmsgstr ""\n"Project-Id-Version: demo\\n"\n"Language: de\\n"\n"MIME-Version: 1.0\\n"\n'
              '"Content-Type: text/plain; charset={}\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
    old_path, template_path = tmp_path / "old.po", tmp_path / "new.pot"
    old_path.write_bytes((header.format("ISO-8859-1") + 'msgid "We help migrants every day."\n'
                          'msgstr "Wir helfen täglich, äöü ß."\n\nmsgid "Gone"\nmsgstr "Weg ö"\n').encode("iso-8859-1"))
    template_path.write_text(header.format("UTF-8").replace('"Language: de\\n"\n', "")
                             + 'msgid "We help migrants every single day."\nmsgstr ""\n\nmsgid "Café"\nmsgstr ""\n',
                             encoding="utf-8")
    theirs = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(old_path), str(template_path)],
                            check=True, capture_output=True).stdout
    ours, _ = update_catalogue(read_catalogue(template_path), read_catalogue(old_path), "de")
    assert catalogue_bytes(ours) == theirs


@needs_msgmerge
def test_a_fuzzy_header_stays_fuzzy_as_msgmerge_keeps_it(tmp_path: Path) -> None:
    old_path, template_path = tmp_path / "old.po", tmp_path / "new.pot"
    old_path.write_text('# German translation.\n#\n#, fuzzy\n' + _HEADER.replace("demo\\n\"\n", "demo\\n\"\n\"Language: de\\n\"\n")
                        + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    template_path.write_text(_HEADER + '\nmsgid "a"\nmsgstr ""\n', encoding="utf-8")
    theirs = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(old_path), str(template_path)],
                            check=True, capture_output=True, text=True).stdout
    ours, _ = update_catalogue(read_catalogue(template_path), read_catalogue(old_path), "de")
    assert catalogue_text(ours) == theirs
    assert "#, fuzzy\nmsgid \"\"" in theirs


@needs_msgmerge
def test_header_fields_come_in_msgmerges_order(tmp_path: Path) -> None:
    """msgmerge writes the standard fields first, in gettext's order, then the others in the catalogue's
    order; Report-Msgid-Bugs-To and POT-Creation-Date come from the template."""
    old_path, template_path = tmp_path / "old.po", tmp_path / "new.pot"
    old_path.write_text('msgid ""\nmsgstr ""\n"X-Custom: 1\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
                        '"Content-Transfer-Encoding: 8bit\\n"\n"Report-Msgid-Bugs-To: old@example.org\\n"\n'
                        '"Language: de\\n"\n"POT-Creation-Date: 2020-01-01 10:00+0000\\n"\n"Last-Translator: Ana\\n"\n'
                        '"X-Other: 2\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                        '"Project-Id-Version: demo\\n"\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    template_path.write_text('msgid ""\nmsgstr ""\n"Project-Id-Version: template\\n"\n'
                             '"Report-Msgid-Bugs-To: new@example.org\\n"\n"POT-Creation-Date: 2024-05-01 10:00+0000\\n"\n'
                             '"X-From-Template: 9\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                             'msgid "a"\nmsgstr ""\n', encoding="utf-8")
    theirs = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(old_path), str(template_path)],
                            check=True, capture_output=True, text=True).stdout
    ours, _ = update_catalogue(read_catalogue(template_path), read_catalogue(old_path), "de")
    assert catalogue_text(ours) == theirs


@needs_msgmerge
def test_header_lines_not_changed_stay_as_they_were_written(tmp_path: Path) -> None:
    """A field the update does not change keeps its line as written (spacing included), as msgmerge keeps it."""
    old_path, template_path = tmp_path / "old.po", tmp_path / "new.pot"
    old_path.write_text('msgid ""\nmsgstr ""\n"Project-Id-Version: demo\\n"\n"POT-Creation-Date: 2020-01-01 10:00+0000\\n"\n'
                        '"Language-Team:\\n"\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                        '"Plural-Forms:  nplurals=2; plural=(n != 1);\\n"\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    template_path.write_text('msgid ""\nmsgstr ""\n"POT-Creation-Date: 2024-05-01 10:00+0000\\n"\n'
                             '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr ""\n', encoding="utf-8")
    theirs = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(old_path), str(template_path)],
                            check=True, capture_output=True, text=True).stdout
    ours, _ = update_catalogue(read_catalogue(template_path), read_catalogue(old_path), "de")
    assert catalogue_text(ours) == theirs
    assert '"Plural-Forms:  nplurals=2;' in theirs and '"Language-Team:\\n"' in theirs


@needs_msgmerge
@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "iso-8859-1"])
def test_the_charset_is_named_as_msgmerge_names_it(charset: str, tmp_path: Path) -> None:
    old_path, template_path = tmp_path / "old.po", tmp_path / "new.pot"
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n'
    old_path.write_text(header + '"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                        'msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    template_path.write_text(header + '\nmsgid "a"\nmsgstr ""\n', encoding="utf-8")
    theirs = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(old_path), str(template_path)],
                            check=True, capture_output=True).stdout
    ours, _ = update_catalogue(read_catalogue(template_path), read_catalogue(old_path), "de")
    assert catalogue_bytes(ours) == theirs
