"""Plain-text pages: segmentation of scraped text and exact round trips (Hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.formats import text

WORDS = ["migration", "IOM", "Germany", "the", "of", "support", "U.S.", "e.g.", "Dr.", "30", "April", "3.5",
         "rights", "“quoted”", "(EU)", "rschroeder@iom.int", "+32", "492", "https://www.iom.int/x", "–", "&"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join).map(
    lambda words: words[0].upper() + words[1:]).flatmap(
    lambda body: st.sampled_from([".", "!", "?", "", ":"]).map(lambda end: body + end))
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
line = st.one_of(
    paragraph,
    paragraph.map(lambda p: "- " + p),
    paragraph.map(lambda p: "• " + p),
    st.sampled_from(["-", "***", "----", "", "   ", "==="]),
    st.tuples(st.sampled_from(["WHO WE ARE", "OUR WORK"]), paragraph).map("".join),
    st.tuples(paragraph, st.sampled_from(["  ", "\t", " "])).map("".join),
    st.tuples(st.sampled_from(["  ", "\t"]), paragraph).map("".join),
)
page = st.tuples(st.lists(line, min_size=1, max_size=15), st.sampled_from(["\n", "\r\n"]), st.booleans()).map(
    lambda parts: parts[1].join(parts[0]) + (parts[1] if parts[2] else ""))


@settings(max_examples=150, deadline=None)
@given(page)
def test_untranslated_render_is_the_source(source: str) -> None:
    assert text.parse(source).render() == source
    assert text.parse(source, wrapped=False).render() == source


@settings(max_examples=150, deadline=None)
@given(page)
def test_translated_render_keeps_every_line(source: str) -> None:
    parsed = text.parse(source, wrapped=False)  # scraped text: one block a line
    rendered = parsed.render(lambda segment: "Ü" * len(segment.text.split()))
    assert rendered.count("\n") == source.count("\n")
    for before, after in zip(source.splitlines(), rendered.splitlines()):
        if not any(ch.isalnum() for ch in before):
            assert after == before  # separators and blank lines untouched
        assert after[: len(before) - len(before.lstrip())] == before[: len(before) - len(before.lstrip())]


def texts(source: str) -> list[str]:
    return [segment.text for segment in text.parse(source).segments()]


def test_bullets_separators_and_glued_headings() -> None:
    source = "Our Work\n-\n***\n- Take Action\nOur WorkAs the leading agency, IOM acts. It helps.\n" \
             "WHO WE AREThe agency.\n"
    assert texts(source) == ["Our Work", "Take Action", "Our Work", "As the leading agency, IOM acts.",
                             "It helps.", "WHO WE ARE", "The agency."]
    kinds = [segment.kind for segment in text.parse(source).segments()]
    assert kinds == ["heading", "list item", "heading", "paragraph", "paragraph", "heading", "paragraph"]


def test_camel_case_names_are_not_cut() -> None:
    assert texts("McDonald and YouTube spoke at the IOM event.\n") == ["McDonald and YouTube spoke at the IOM event."]


def test_contact_line_stays_one_segment() -> None:
    line = "Brussels: Ryan Schroeder, rschroeder@iom.int, +32 492 25 02 34"
    assert texts(line) == [line]


def test_contact_lines_are_paragraphs_not_headings() -> None:
    kinds = [segment.kind for segment in text.parse("Brussels: Ryan Schroeder, r@iom.int\nAbout us\n").segments()]
    assert kinds == ["paragraph", "heading"]


# -- hard-wrapped text ----------------------------------------------------------------------------

from pathlib import Path  # noqa: E402

import polib  # noqa: E402
import pytest  # noqa: E402

from l10n.formats import parse_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WRAPPED = sorted((ROOT / "tests" / "fixtures" / "text").glob("*.txt"))


def test_a_sentence_wrapped_over_two_lines_is_one_unit() -> None:
    source = ("The new version brings faster start-up and a cleaner\nconfiguration file. Old settings are\n"
              "still read, and a warning names each setting that moved\nelsewhere.\n")
    assert text.looks_wrapped(source.splitlines(keepends=True))
    assert texts(source) == ["The new version brings faster start-up and a cleaner configuration file.",
                             "Old settings are still read, and a warning names each setting that moved elsewhere."]
    assert texts(source) == [segment.text for segment in text.parse(source, wrapped=True).segments()]
    lines = [segment.text for segment in text.parse(source, wrapped=False).segments()]
    assert "configuration file." in lines  # the old one-line-one-block reading, for comparison


def test_export_reflows_a_translated_paragraph_to_its_width_and_indentation() -> None:
    source = (WRAPPED[0].parent / "release-notes.txt").read_text(encoding="utf-8")
    page = text.parse(source)
    assert page.render() == source
    item = "The cache now lives in the user's cache folder instead of the home folder."
    exported = page.render(lambda segment: "Der Zwischenspeicher liegt jetzt im Cache-Ordner des Benutzers "
                           "statt im Home-Ordner, wie es sich gehört." if segment.text == item else None)
    assert (" * Der Zwischenspeicher liegt jetzt im Cache-Ordner des\n"
            "   Benutzers statt im Home-Ordner, wie es sich gehört.\n"
            "   Remove the old folder by hand once the new version\n"
            "   runs.\n\n * Logging") in exported  # at the item's own width (56), under its text
    assert exported.startswith(source[:source.index(" * The cache")])
    assert text.skeleton(exported) == text.skeleton(source)


def test_continuation_lines_are_never_headings() -> None:
    source = (ROOT / "tests" / "fixtures" / "text" / "release-notes.txt").read_text(encoding="utf-8")
    headings = [segment.text for segment in text.parse(source).segments() if segment.kind == "heading"]
    assert headings == ["Example 2.0 Release Notes", "Changes since 1.9", "Contact", "Example Team",
                        "Main Street 1", "12345 Example City"]
    assert not any(unit[0].islower() for unit in texts(source))  # no unit starts mid-sentence
    assert "After a failed update, the old version starts again (the line above is indented by hand)." in texts(
        source)


def test_a_translation_is_one_line_in_scraped_text() -> None:
    page = text.parse("Our Work\nWe help migrants.\n")
    assert page.render(lambda segment: "Wir helfen\nMigranten." if segment.kind == "paragraph" else None) == (
        "Our Work\nWir helfen Migranten.\n")


@pytest.mark.parametrize("name", ["iom-germany", "labour-mobility"])
def test_scraped_pages_keep_exactly_their_committed_units(name: str) -> None:
    page = parse_file(ROOT / "source_texts" / f"{name}.txt")
    assert not text.looks_wrapped((ROOT / "source_texts" / f"{name}.txt").read_text(encoding="utf-8")
                                  .splitlines(keepends=True))
    units = list(dict.fromkeys(segment.text for segment in page.segments()))
    assert units == [entry.msgid for entry in polib.pofile(str(ROOT / "locales" / f"{name}.pot"))]


@pytest.mark.parametrize("path", WRAPPED, ids=lambda path: path.name)
def test_wrapped_fixtures_round_trip_and_keep_their_skeleton(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    page = text.parse(source)
    assert text.looks_wrapped(source.splitlines(keepends=True))
    assert page.render() == source
    exported = page.render(lambda segment: "Ü " * (len(segment.text.split()) * 2) + "\n<b> | * -")
    assert text.skeleton(exported) == text.skeleton(source)


def test_the_skeleton_sees_blocks_bullets_and_separators_not_text() -> None:
    shape = text.skeleton("Title\n=====\n\n- one\n  more\n- two\n\n  Indented.\n")
    assert shape == ["text 0", "separator ==", "blank", "text 0", "blank", "text 2"]
    assert text.skeleton("Titel\n=====\n\n- eins mehr\n- zwei\n\n  Eingerückt.\n") == shape
    assert text.skeleton("Titel\n=====\n\n- eins\n\n- zwei\n\n  Eingerückt.\n") != shape
    assert text.skeleton("Titel\n=====\n\n- eins\n---\n\n  Eingerückt.\n") != shape


wrapped_paragraph = st.lists(st.sampled_from(WORDS[:12] + ["and", "then", "a", "longer", "word"]),
                             min_size=8, max_size=40).map(" ".join).map(
    lambda words: words[0].upper() + words[1:] + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(wrapped_paragraph, min_size=1, max_size=4), st.integers(40, 79), st.sampled_from(["", "  ", "* "]),
       st.sampled_from(["\n", "\r\n"]))
def test_property_wrapped_text_round_trips_and_reflows(paragraphs, width, prefix, ending) -> None:
    import textwrap
    blocks = [textwrap.fill(paragraph, width, initial_indent=prefix, subsequent_indent=" " * len(prefix))
              for paragraph in paragraphs]
    source = ending.join((ending * 2).join(blocks).split("\n")) + ending
    page = text.parse(source)
    assert page.render() == source
    exported = page.render(lambda segment: segment.text.upper() + " Ä\nÖ")
    assert text.skeleton(exported) == text.skeleton(source)
    if text.looks_wrapped(source.splitlines(keepends=True)):
        assert max(len(line.rstrip()) for line in exported.splitlines()) <= width


def test_reflow_never_starts_a_line_that_reads_as_a_bullet_or_separator() -> None:
    source = ("Each setting that moved is named in a warning when the new version\n"
              "starts for the first time, and the old file is kept as a backup for\n"
              "later. Nothing else changes for the people who use it every day.\n")
    page = text.parse(source)
    exported = page.render(lambda segment: "Jede verschobene Einstellung wird beim ersten Start der neuen "
                           "Version gewarnt, und die alte Datei bleibt - * --- als Sicherung erhalten.")
    assert text.skeleton(exported) == text.skeleton(source)
    assert not any(line.startswith(("- ", "* ", "---")) for line in exported.splitlines())


def test_the_layout_of_text_pages_can_be_configured(tmp_path: Path) -> None:
    from l10n.config import Project, SourcePage

    def options(setting, relative: str) -> dict:
        page = SourcePage(tmp_path / relative, Path(relative), relative[:-4])
        return Project(tmp_path, {"wrapped_text": setting}).format_options(page)

    assert options(["notes/*.txt"], "notes/a.txt") == {"wrapped": True}
    assert options(["notes/*.txt"], "web/a.txt") == {}
    assert options({"web/*.txt": False, "*.txt": True}, "web/a.txt") == {"wrapped": False}
    assert options({"web/*.txt": False, "*.txt": True}, "notes/a.txt") == {"wrapped": True}


# -- found by attacking the format -----------------------------------------------------------------

HARD_WRAPPED = ("The new version brings faster start-up and a cleaner configuration\n"
           "file for everyone who asked. It also fixes the crash on empty files\n"
           "and many smaller problems that users reported over the last months.\n"
           "\n"
           "* Fixed a crash when the configuration file was empty or held only\n"
           "  comments (#123).\n")


def test_a_wrapped_page_is_exported_and_checked_with_its_language() -> None:
    from l10n.export import render_page
    from l10n.structure import page_findings

    page = text.parse(HARD_WRAPPED)
    assert isinstance(page, text.WrappedPage)
    done = {segment.text: "Übersetzt: " + segment.text for segment in page.segments()}
    exported = render_page(page, done, "de")  # export passes the language: plain text ignores it
    assert exported.startswith("Übersetzt: The new version") and text.skeleton(exported) == text.skeleton(HARD_WRAPPED)
    assert page_findings(page, text, done, "de") == []


def test_spaces_around_a_translation_do_not_indent_its_line() -> None:
    scraped = "Title\n\nOne sentence here. Another one.\n- A bullet item.\n"
    for source, wrapped in ((scraped, False), (HARD_WRAPPED, True)):
        page = text.parse(source, wrapped=wrapped)
        exported = page.render(lambda segment: f"  \t{segment.text} übersetzt \t ")
        assert text.skeleton(exported) == text.skeleton(source)
        assert "  " not in exported.replace("\n  ", "\n")  # no doubled space between sentences either


def test_a_long_url_on_its_own_line_does_not_hide_the_wrapping() -> None:
    url = "https://example.org/" + "very-long-path/" * 8 + "notes.html"  # longer than any wrapping width
    source = HARD_WRAPPED + "\nThe full list of changes of this release and of the ones before is at\n" + url + "\n"
    assert text.looks_wrapped(source.splitlines(keepends=True))
    page = text.parse(source)
    assert page.render() == source
    assert "The new version brings faster start-up and a cleaner configuration file for everyone who asked." in [
        segment.text for segment in page.segments()]
    assert f"The full list of changes of this release and of the ones before is at {url}" in [
        segment.text for segment in page.segments()]
    exported = page.render(lambda segment: "Übersetzt: " + segment.text)
    assert text.skeleton(exported) == text.skeleton(source)
    assert max(len(line) for line in exported.splitlines() if url not in line) <= 70  # the page's own width


def test_a_heading_underline_follows_its_translation() -> None:
    source = "Release 2.4.0\n=============\n\nChanges\n-------\n\nThe new version brings faster start-up and a\ncleaner configuration.\n"
    page = text.parse(source, wrapped=True)
    assert page.render() == source
    exported = page.render(lambda segment: {"Release 2.4.0": "Version 2.4.0 (Ausgabe)",
                                            "Changes": "Neu"}.get(segment.text))
    assert exported.startswith("Version 2.4.0 (Ausgabe)\n=======================\n\nNeu\n---\n\n")
    assert text.skeleton(exported) == text.skeleton(source)
    assert text.skeleton("Title\n=====\n") != text.skeleton("Title\n-----\n")  # which underline still counts
