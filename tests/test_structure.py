"""The structure gate: entry problems (markup a translation brings in) and page problems (a changed skeleton)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import polib
import pytest

from l10n.checks import check_entry
from l10n.config import load_project
from l10n.formats import html
from l10n.formats.text import parse as parse_text
from l10n import structure
from l10n.structure import changed_entries, describe, page_findings, structure_problems, translation_problems

from helpers import run

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


# -- per entry ---------------------------------------------------------------------------------

@pytest.mark.parametrize("msgid, msgstr, expected", [
    ("Use bold here.", "Nutzen Sie <b>fett</b> hier.", "raw markup <b> not in the source"),
    ("Use bold here.", "Nutzen Sie <B>fett</B> und <x-widget id=1>.", "raw markup <b> not in the source"),
    ("Use bold here.", "Nutzen Sie <x-widget id=1>.", "raw markup <x-widget> not in the source"),
    ("Use bold here.", "Nutzen Sie </custom>.", "raw markup <custom> not in the source"),
    ("Read the notes.", 'Lesen Sie <a href="https://evil.example">die Hinweise</a>.',
     "raw markup <a> not in the source"),
    ("Read the notes.", "Lesen Sie <a href", "raw markup <a> not in the source"),
    ("A note.", "Ein Hinweis <!-- versteckt -->.", "raw markup <!-- not in the source"),
    ("See the map.", "Siehe ![Karte](map.png).", "image (map.png) not in the source"),
    ("See the map.", "Siehe [die Karte](https://evil.example).", "link (https://evil.example) not in the source"),
    ("See the map.", "Siehe [die Karte][ref].", "link ([ref]) not in the source"),
    ("See the map.", "Siehe <https://evil.example>.", "link <https://evil.example> not in the source"),
    ("Read <1>this</1>.", "Lies <1>das</1> <3/>.", "placeholder <3/> is not in the source"),
    ("Read <1>this</1>.", "Lies <1/> das.", "placeholder <1/> is not in the source"),  # self-closed for a pair
    ("Read <1>this</1> <2/>.", "Lies </1>das<1> <2/>.", "placeholder </1> does not close the last"),
    ("Read <1>this</1>.", "Lies <1>das</1> <1/>.", "placeholder <1/> is not in the source"),
    ("Read <1>this</1>.", "Lies das.", "placeholder <1> of the source is missing"),
    ("Read <1>this</1>.", "Lies <1>das</1> <1>hier</1>.", "placeholder <1> appears 2 times, 1 in the source"),
    ("Read <1>this <2>now</2></1>.", "Lies <1>das <2>jetzt</1></2>.", "placeholder </1> does not close the last"),
])
def test_translation_problems(msgid: str, msgstr: str, expected: str) -> None:
    problems = translation_problems(msgid, msgstr)
    assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.parametrize("msgid, msgstr", [
    ("Use <b> for bold.", "Verwenden Sie <b> für Fettdruck."),  # the msgid has it (decoded `&lt;b&gt;`)
    ("See [the map](https://example.org/map).", "Siehe [die Karte](https://example.org/map)."),  # same target
    ("Read <1>this</1> <2/>.", "<2/> Lies <1>das</1>."),  # placeholders moved, still nested
    ("if a < b and c > d", "wenn a < b und c > d"),
    ("Press <Enter> to go on.", "Drücken Sie <Eingabe>."),
    ("Use <brackets> for quotes.", "Verwenden Sie <Klammern> für Zitate."),
    ("Nothing here.", ""),
])
def test_translations_without_new_markup_pass(msgid: str, msgstr: str) -> None:
    assert translation_problems(msgid, msgstr) == []


def test_check_entry_reports_structure_for_what_the_markup_check_does_not_see() -> None:
    entry = polib.POEntry(msgid="See the map.", msgstr="Siehe [die Karte](https://evil.example).",
                          occurrences=[("source_texts/page.html", "3")])
    assert [problem.check for problem in check_entry(entry)] == ["structure"]
    entry.msgstr = "Siehe die Karte."
    assert check_entry(entry) == []


# -- per page ----------------------------------------------------------------------------------

PAGE = "<ul>" + "".join(f'<li>Item {n} has <a href="/{n}">a link</a> in it.</li>' for n in range(64)) + "</ul>"


def _translations(broken: set[int]) -> dict[str, str]:
    done = {}
    for n in range(64):
        msgid = f"Item {n} has <1>a link</1> in it."
        done[msgid] = f"Punkt {n} hat </1>einen Link<1> darin." if n in broken else f"Punkt {n} hat <1>einen Link</1>."
    return done


def test_the_entries_that_change_the_skeleton_are_named() -> None:
    page = html.parse(PAGE)
    findings = changed_entries(page, html.skeleton, _translations({5, 40}), "de")
    assert [finding.msgid for finding in findings] == ["Item 5 has <1>a link</1> in it.",
                                                      "Item 40 has <1>a link</1> in it."]
    assert findings[0].detail.startswith("structure changed: ")
    assert changed_entries(page, html.skeleton, _translations(set()), "de") == []


def test_finding_the_culprit_is_not_quadratic() -> None:
    page = html.parse(PAGE)
    calls = []

    def counting(text: str) -> list[str]:
        calls.append(1)
        return html.skeleton(text)

    changed_entries(page, counting, _translations({17}), "de")
    assert len(calls) <= 2 + 2 * 6  # reference, whole page, two halves per level of 64 = 2**6


def test_entries_that_break_the_page_only_together_are_blamed_on_the_first() -> None:
    page = SimpleNamespace(segments=lambda: iter([SimpleNamespace(text="a"), SimpleNamespace(text="b")]),
                           render=lambda translate=None, language=None: "".join(
                               translate(SimpleNamespace(text=t)) or t for t in "ab") if translate else "ab")
    skeleton = lambda text: ["broken"] if text == "AB" else []  # noqa: E731 - a stand-in format
    [finding] = changed_entries(page, skeleton, {"a": "A", "b": "B"})
    assert finding.msgid == "a" and "together with other entries" in finding.detail


def test_describe_names_what_was_lost_or_added() -> None:
    assert describe(["<p>", "<b>", "</b>", "</p>"], ["<p>", "</p>"]) == "structure changed: <b> </b> lost"
    assert describe(["<p>", "</p>"], ["<p>", "<i>", "</p>"]) == "structure changed: <i> added"
    assert describe(["<a href>", "</a>"], ["</a>", "<a href>"]) == (
        "structure changed: <a href> </a> became </a> <a href>")
    assert "can no longer be parsed" in describe(["<p>"], None)


def test_the_gate_calls_a_format_modules_skeleton_when_it_has_one() -> None:
    page = parse_text("First line here.\nSecond line here.\n")
    calls: list[str] = []

    def skeleton(text: str) -> list[str]:
        calls.append(text)
        return [str(text.count("|"))]  # one token: the number of bars (text the format's escape keeps)

    module = SimpleNamespace(skeleton=skeleton)
    done = {"First line here.": "Erste | Zeile.", "Second line here.": "Zweite Zeile."}
    findings = page_findings(page, module, done)
    assert [(finding.msgid, finding.detail) for finding in findings] == [
        ("First line here.", "structure changed: 0 became 1")]
    assert calls
    # without `skeleton`, only what a translation brings in is checked
    assert page_findings(page, SimpleNamespace(), done) == []
    assert page_findings(page, SimpleNamespace(), {"First line here.": "<b>Erste</b>"})[0].entry_level


# -- l10n check --------------------------------------------------------------------------------

# Misnested tags, as real pages have them: `<i>` and `</i>` are standalone placeholders that a
# translation may move, so only the page's skeleton shows that moving them swapped the tags.
LETTER = (FIXTURES / "letter.html").read_text(encoding="utf-8").replace(
    "<p>Dear committee,</p>", "<p>Dear <b>dear <i>committee</b> and</i> friends,</p>")
MISNESTED = "Dear <1>dear <2/>committee</1> and<3/> friends,"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "source_texts").mkdir()
    (tmp_path / "source_texts" / "letter.html").write_text(LETTER, encoding="utf-8")
    assert run("extract", "--root", str(tmp_path)) == 0
    assert run("update", "--lang", "de", "--root", str(tmp_path)) == 0
    return tmp_path


def _translate(root: Path, translations: dict[str, str]) -> Path:
    path = root / "locales" / "de" / "LC_MESSAGES" / "letter.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.save(str(path))
    return path


def test_check_reports_a_changed_page_as_structure_with_the_msgid_line(project: Path) -> None:
    msgid = MISNESTED
    path = _translate(project, {msgid: "Liebe <1>liebe <3/>Kommission</1> und<2/> Freunde,",
                                "Yours sincerely,": "Mit freundlichen Grüßen,"})
    problems = structure_problems(load_project(project), path, polib.pofile(str(path)))
    [problem] = [problem for problem in problems if problem.check == "structure"]
    assert problem.msgid == msgid and problem.severity == "error"
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line == f'msgid "{msgid}"'
    assert problem.detail.startswith("structure changed:")


def test_check_fails_on_structure_problems(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _translate(project, {"Yours sincerely,": "Mit <b>freundlichen</b> Grüßen,"})
    assert run("check", "--root", str(project), "--lang", "de") == 1
    assert "structure" in capsys.readouterr().out


# -- reordering (German word order) ------------------------------------------------------------

@pytest.mark.parametrize("translation", [
    "Um <2>Ihre Datei</2> zu behalten, klicken Sie auf <1>Speichern</1><3/>.",
    "<3/> Um <2>Ihre Datei</2> zu behalten, klicken Sie auf <1>Speichern</1>.",
    "Klicken Sie <2>für <1>Speichern</1> Ihre Datei</2><3/>.",  # nesting swapped, still whole elements
])
def test_whole_elements_may_be_reordered(translation: str) -> None:
    page = html.parse('<p>Click <b>Save</b> to keep <a href="/f">your file</a> <img src="i.png" alt="">.</p>')
    [msgid] = [segment.text for segment in page.segments()]
    assert msgid == "Click <1>Save</1> to keep <2>your file</2> <3/>."
    assert page_findings(page, html, {msgid: translation}, "de") == []


def test_text_that_changes_the_page_is_still_blamed_when_elements_were_reordered() -> None:
    page = html.parse('<p>Click <b>Save</b> to keep <a href="/f">your file</a>.</p>')
    [msgid] = [segment.text for segment in page.segments()]
    broken = page.segments().__next__()
    broken.escape = None  # a format that forgot to escape: the text adds a tag
    [finding] = changed_entries(page, html.skeleton, {msgid: "<2>Datei</2> <1>sichern</1> <i>"}, "de")
    assert finding.msgid == msgid and "added" in finding.detail


def test_lone_tags_keep_their_place() -> None:
    page = html.parse("<p>Dear <b>dear <i>committee</b> and</i> friends,</p>")
    [msgid] = [segment.text for segment in page.segments()]
    assert msgid == MISNESTED
    assert html.pinned("<i>") and html.pinned("</i>") and not html.pinned("<br>") and not html.pinned("<code>x</code>")
    swapped = "Liebe <1>liebe <3/>Kommission</1> und<2/> Freunde,"
    assert changed_entries(page, html.skeleton, {msgid: swapped}, "de") == []  # without knowing which are lone
    [finding] = changed_entries(page, html.skeleton, {msgid: swapped}, "de", html.pinned)
    assert finding.detail.startswith("structure changed:")


@pytest.mark.parametrize("msgstr, expected", [
    ("Hallo\x00 Welt.", "control character U+0000 not in the source"),
    ("Hallo\x1b[31m Welt.", "control character U+001B not in the source"),
    ("Hallo\x85 Welt.", "control character U+0085 not in the source"),
    ("Hallo \u202edlroW.", "bidi control U+202E left open"),
    ("Hallo \u2067Welt\u202c.", "bidi control U+2067 left open"),  # closed with the wrong character
])
def test_invisible_characters_a_translation_brings_in(msgstr: str, expected: str) -> None:
    problems = translation_problems("Hello world.", msgstr)
    assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.parametrize("msgstr", ["Hallo\tWelt,\nzweite Zeile.\r\n", "Name: \u2067שלום\u2069.", "Zahl \u200f5."])
def test_tabs_line_breaks_and_closed_isolates_are_text(msgstr: str) -> None:
    assert translation_problems("Hello world.", msgstr) == []


def test_a_page_where_every_entry_breaks_costs_a_bounded_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(structure, "MAX_BLAMED", 5)
    page = html.parse(PAGE)
    calls = []

    def counting(text: str) -> list[str]:
        calls.append(1)
        return html.skeleton(text)

    findings = changed_entries(page, counting, _translations(set(range(64))), "de")
    assert [finding.msgid for finding in findings[:5]] == [f"Item {n} has <1>a link</1> in it." for n in range(5)]
    assert len(findings) <= 5 + 1 + 6 and "not searched further" in findings[-1].detail  # at most one a level
    assert len(calls) <= 2 + 2 * 5 * 6 + 2 * 6  # five culprits, then one halving per level


def test_software_catalogues_are_not_judged_as_pages() -> None:
    """`<no current directory>` is text in a program's catalogue (msgunfmt output has no references);
    in a page's catalogue the same translation brings in a tag."""
    import polib

    from l10n.catalog import SOURCE_HEADER
    from l10n.checks import check_catalogue

    def problems(metadata: dict[str, str], occurrences: list[tuple[str, str]]) -> list[str]:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **metadata}
        po.append(polib.POEntry(msgid="<no current directory>", msgstr="<kein aktuelles Verzeichnis>",
                                occurrences=occurrences))
        return [problem.check for problem in check_catalogue(po)]

    assert "structure" not in problems({}, [])
    assert "structure" not in problems({}, [("src/main.c", "12")])
    assert "structure" in problems({}, [("source_texts/page.html", "3")])
    assert "structure" in problems({SOURCE_HEADER: "source_texts/page.txt"}, [])
