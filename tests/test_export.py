"""`l10n export` through the structure gate: escaped pages are written, broken ones refused, never half."""

from __future__ import annotations

import re
import shutil
from xml.etree import ElementTree
from pathlib import Path

import html5lib
import polib
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from l10n.config import load_project
from l10n.export import export_page
from l10n.formats import PLACEHOLDER_RE, html, parse_file
from l10n.structure import StructureError, page_findings

from helpers import run

REPO = Path(__file__).resolve().parent.parent
FIXTURES = sorted((Path(__file__).resolve().parent / "fixtures" / "html").glob("*.html"))
PAGES = [*FIXTURES, REPO / "source_texts" / "press-release.html"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "source_texts").mkdir()
    for page in PAGES:
        shutil.copy(page, tmp_path / "source_texts" / page.name)
    assert run("extract", "--root", str(tmp_path)) == 0
    assert run("update", "--lang", "de", "--root", str(tmp_path)) == 0
    return tmp_path


def fill(root: Path, domain: str, translate) -> Path:
    """Translate every entry of a catalogue with `translate(msgid)` (None: leave it)."""
    path = root / "locales" / "de" / "LC_MESSAGES" / f"{domain}.po"
    po = polib.pofile(str(path))
    for entry in po:
        translation = translate(entry.msgid)
        if translation is not None:
            entry.msgstr = translation
    po.save(str(path))
    return path


def upper_keeping_placeholders(msgid: str) -> str:
    return "".join(part if PLACEHOLDER_RE.fullmatch(part) else part.upper()
                   for part in re.split(r"(</?\d+/?>)", msgid))


def test_untranslated_export_is_byte_for_byte(project: Path) -> None:
    assert run("export", "--lang", "de", "--root", str(project)) == 0
    for page in PAGES:
        assert (project / "build" / "de" / page.name).read_bytes() == page.read_bytes(), page.name


def test_translated_export_is_escaped_and_declares_the_language(project: Path) -> None:
    fill(project, "accessible-site", lambda msgid: {
        "A red fox in a garden at night": 'Ein Fuchs im "Garten" bei Nacht',
        "Main menu": 'Hauptmenü" onfocus="alert(1)" x="',
        "Wildlife & people: a field guide": "Wildtiere & Menschen: <b>ein</b> Führer",
    }.get(msgid))
    path = fill(project, "accessible-site", lambda msgid: None)
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgstr and "<b>" in entry.msgstr:  # raw markup is refused; keep the escaping test apart
            entry.msgstr = entry.msgstr.replace("<b>", "").replace("</b>", "")
    po.save(str(path))
    assert run("export", "--lang", "de", "--root", str(project), "--domain", "accessible-site") == 0
    out = (project / "build" / "de" / "accessible-site.html").read_text(encoding="utf-8")
    assert '<html lang="de" dir="ltr">' in out
    assert 'alt="Ein Fuchs im &quot;Garten&quot; bei Nacht"' in out
    assert '<nav aria-label="Hauptmenü&quot; onfocus=&quot;alert(1)&quot; x=&quot;">' in out
    assert "<title>Wildtiere &amp; Menschen: ein Führer</title>" in out
    assert html.skeleton(out) == html.skeleton((project / "source_texts" / "accessible-site.html").read_text())


def test_fully_translated_pages_keep_their_structure(project: Path) -> None:
    for page in PAGES:
        fill(project, page.stem, upper_keeping_placeholders)
    assert run("export", "--lang", "de", "--root", str(project)) == 0
    for page in PAGES:
        out = (project / "build" / "de" / page.name).read_text(encoding="utf-8")
        assert html.skeleton(out) == html.skeleton(page.read_text(encoding="utf-8")), page.name
        assert out != page.read_text(encoding="utf-8")


def test_a_page_whose_structure_would_change_is_refused_and_not_written(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", "--lang", "de", "--root", str(project)) == 0  # an earlier export, then a bad edit:
    assert (project / "build" / "de" / "letter.html").exists()  # what it wrote goes with the refusal
    path = fill(project, "letter", lambda msgid: {
        "Sent on <1>20 January 2024</1>.": "Gesendet am <1>20. Januar 2024</1> <2/>.",
        "Yours sincerely,": "Mit <b>freundlichen</b> Grüßen,",
        "Dear committee,": "Liebes Komitee,",
    }.get(msgid))
    assert run("export", "--lang", "de", "--root", str(project)) == 1
    assert not (project / "build" / "de" / "letter.html").exists()
    assert not (project / "build" / "de" / "LC_MESSAGES" / "letter.mo").exists()
    assert (project / "build" / "de" / "api-reference.html").exists()  # the other pages are exported
    lines = capsys.readouterr().err.splitlines()
    po_lines = path.read_text(encoding="utf-8").splitlines()
    problems = [line for line in lines if "letter.po:" in line]
    assert len(problems) == 2
    for line in problems:
        match = re.match(r"l10n: locales/de/LC_MESSAGES/letter\.po:(\d+): msgid \"(.*?)\": (.*)$", line)
        assert match, line
        assert po_lines[int(match.group(1)) - 1] == f'msgid "{match.group(2)}"'
    assert "placeholder <2/> is not in the source" in problems[0]
    assert "raw markup <b> not in the source" in problems[1]
    assert lines[-1].startswith("l10n: source_texts/letter.html: not exported: 2 structure problems")


def test_an_html_page_changed_only_as_a_whole_is_refused_naming_the_entry(project: Path) -> None:
    source = project / "source_texts" / "letter.html"
    source.write_text(source.read_text().replace("<p>Dear committee,</p>",
                                                 "<p>Dear <b>dear <i>committee</b> and</i> friends,</p>"))
    assert run("extract", "--root", str(project)) == 0
    assert run("update", "--lang", "de", "--root", str(project)) == 0
    fill(project, "letter", lambda msgid: "Liebe <1>liebe <3/>Kommission</1> und<2/> Freunde," if "friends" in msgid
         else None)
    with pytest.raises(StructureError) as error:
        export_page(load_project(project), next(page for page in load_project(project).sources()
                                                if page.domain == "letter"), "de")
    [line] = error.value.lines
    assert 'msgid "Dear <1>dear <2/>committee</1> and<3/> friends,": structure changed:' in line
    assert not (project / "build" / "de" / "letter.html").exists()


# -- adversarial round trips (hypothesis) ------------------------------------------------------

# Text a translator or an engine may write: what must be escaped, and what looks like Markdown.
TEXT = st.sampled_from(['"', "'", "<", ">", "&", "&amp;", "|", "*", "_", "`", "](", "\n", "&lt;1&gt;", "-->",
                        ' onfocus="x()"', "ä", "\u00a0", "—", "Wort", " ", "<3", "a < b"])
# ... and what brings markup in: refused.
MARKUP = st.sampled_from(["<b>", "</a>", "<!--", "[x](y)", "![i](p.png)", "<9/>", '<img src=x onerror="y()">'])
PARSED = {page: parse_file(page) for page in PAGES}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), page_path=st.sampled_from(PAGES), clean=st.booleans())
def test_adversarial_translations_keep_the_structure_or_are_refused(data: st.DataObject, page_path: Path,
                                                                    clean: bool) -> None:
    """Every entry filled with adversarial text: the page is refused, or has the source's skeleton.

    `clean`: placeholders kept in order between adversarial text (the page should be written);
    otherwise placeholders are moved, dropped or doubled and markup is mixed in.
    """
    page = PARSED[page_path]
    source = page_path.read_text(encoding="utf-8")
    done = {}
    for segment in page.segments():
        placeholders = [match.group(0) for match in PLACEHOLDER_RE.finditer(segment.text)]
        if clean:
            parts = [token for placeholder in [*placeholders, ""]  # " ": no "<" right before a letter
                     for token in (data.draw(st.lists(TEXT, max_size=3).map(" ".join)), placeholder)]
        else:
            parts = data.draw(st.lists(st.one_of(TEXT, MARKUP, st.sampled_from(placeholders or ["x"])), max_size=8))
        done[segment.text] = "".join(parts) or "leer"
    findings = page_findings(page, html, done, "de")
    out = page.render(lambda segment: done.get(segment.text), "de")
    event("refused" if findings else "written")
    if findings:
        assert all(finding.msgid in done and finding.detail for finding in findings)
        assert not clean  # text between the source's placeholders is always written
        return
    if clean:  # written only when the structure is the source's, also as a browser builds it
        assert html.skeleton(out) == html.skeleton(source)
        assert browser_tree(out) == browser_tree(source)
    else:  # or, where whole elements were reordered (German word order), the same elements
        assert sorted(html.skeleton(out)) == sorted(html.skeleton(source))
        assert sorted(browser_tree(out)) == sorted(browser_tree(source))


def browser_tree(text: str) -> list[str]:
    """The element tree as an HTML5 browser's parser (html5lib) builds it: depth, tag and attribute names."""
    found = []

    def walk(element: ElementTree.Element, depth: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else "#comment"
        found.append(f"{depth} {tag} {' '.join(sorted(element.attrib))}")
        for child in element:
            walk(child, depth + 1)

    walk(html5lib.parse(text, namespaceHTMLElements=False), 0)
    return found


@pytest.mark.parametrize("page_path", PAGES, ids=lambda path: path.name)
def test_a_browser_reads_the_translated_page_as_the_source(page_path: Path) -> None:
    """Every entry translated with adversarial text: a browser builds the source's tree, and each
    translated attribute holds the translation exactly as typed (escaping alone, without the gate)."""
    page = PARSED[page_path]
    nasty = "Wort \"x\" 'y' `z` a=b <c> &amp; &lt;1&gt; </title> --> ]]> \u00a0|"
    done = {segment.text: "".join(part if PLACEHOLDER_RE.fullmatch(part) else nasty
                                  for part in re.split(r"(</?\d+/?>)", segment.text))
            for segment in page.segments()}
    out = page.render(lambda segment: done.get(segment.text), "de")  # the gate would refuse `</title>`: escaped anyway
    assert browser_tree(out) == browser_tree(page_path.read_text(encoding="utf-8"))
    values = [value for element in html5lib.parse(out, namespaceHTMLElements=False).iter()
              for name, value in element.attrib.items() if name not in ("lang", "dir")]
    attributes = [segment for segment in page.segments() if segment.kind == "attribute"]
    assert attributes and sum(value.count(nasty) for value in values) == len(attributes)
    assert all(not value.replace(nasty, "").strip() for value in values if "Wort" in value)


def test_a_language_that_is_not_a_language_tag_is_never_written_into_a_page(project: Path) -> None:
    crafted = 'de"><script>x</script>'  # a catalogue folder anyone can create by hand
    folder = project / "locales" / crafted / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(fill(project, "letter", upper_keeping_placeholders), folder / "letter.po")
    assert run("export", "--lang", crafted, "--root", str(project), "--domain", "letter") == 2
    assert not (project / "build" / crafted / "letter.html").exists()


WRAPPED = """Release notes

  The new version brings faster start-up and a cleaner configuration
  file. Old settings are read as before, and a warning names each one
  that has a new name.

  * Errors in a template now name the file and the line where they
    were found.
"""


def test_a_translated_wrapped_text_page_is_exported_reflowed(tmp_path: Path) -> None:
    """Integration: the structure gate renders every page with a language, wrapped text too."""
    (tmp_path / "source_texts").mkdir()
    (tmp_path / "source_texts" / "notes.txt").write_text(WRAPPED, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('wrapped_text = ["notes.txt"]\n', encoding="utf-8")
    assert run("extract", "--root", str(tmp_path)) == 0
    assert run("update", "--lang", "de", "--root", str(tmp_path)) == 0
    fill(tmp_path, "notes", upper_keeping_placeholders)
    assert run("export", "--lang", "de", "--root", str(tmp_path)) == 0
    out = (tmp_path / "build" / "de" / "notes.txt").read_text(encoding="utf-8")
    assert "  THE NEW VERSION BRINGS FASTER START-UP" in out
    assert "  * ERRORS IN A TEMPLATE NOW NAME" in out
    assert all(len(line) <= 72 for line in out.splitlines())
