"""The Markdown format: inline markup as placeholders, escaping by context, HTML blocks, front matter,
GFM lines, the skeleton, and round trips with adversarial translations (Hypothesis)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.config import Project, SourcePage
from l10n.formats import Page, Segment, markdown, parse_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "markdown"
PAGES = sorted(FIXTURES.glob("*.md")) + [ROOT / "source_texts" / "migration-faq.md"]


def texts(page: Page) -> list[str]:
    return [segment.text for segment in page.segments()]


def parsed(source: str) -> Page:
    page = markdown.parse(source)
    assert page.render() == source  # every page in this file round-trips byte for byte
    return page


def render(page: Page, translations: dict[str, str]) -> str:
    return page.render(lambda segment: translations.get(segment.text))


def half_constructs(units: list[str]) -> list[str]:
    """Units holding an odd number of a Markdown delimiter: half a code span, emphasis or link."""
    return [unit for unit in units if unit.count("`") % 2 or unit.count("**") % 2 or "<!" in unit
            or unit.count("[") != unit.count("]")]


# -- the examples: inline constructs are never cut ----------------------------------------

def test_a_code_span_with_a_full_stop_is_one_unit() -> None:
    page = parsed("Type `cd .. Then ls` in the shell.\n")
    [segment] = page.segments()
    assert segment.text == "Type <1/> in the shell."
    assert segment.markup == {"<1/>": "`cd .. Then ls`"}
    assert render(page, {segment.text: "Geben Sie <1/> in der Shell ein."}) == (
        "Geben Sie `cd .. Then ls` in der Shell ein.\n")


def test_a_dot_inside_a_code_span_does_not_end_the_sentence() -> None:
    assert texts(parsed("Keep the previous `.zshrc` will you. Then go.\n")) == [
        "Keep the previous <1/> will you.", "Then go."]


def test_strong_text_is_cut_only_outside_the_pair() -> None:
    page = parsed("**Give context.** Help others understand. Thanks.\n")
    assert texts(page) == ["<1>Give context.</1>", "Help others understand.", "Thanks."]
    assert render(page, {"<1>Give context.</1>": "<1>Kontext geben.</1>"}).startswith("**Kontext geben.** Help")


def test_an_image_inside_a_sentence_keeps_its_alt_text_translatable() -> None:
    page = parsed("Here is an ![image](p.png) of the office. Come by.\n")
    segment = next(page.segments())
    assert segment.text == "Here is an <1>image</1> of the office."
    assert segment.markup == {"<1>": "![", "</1>": "](p.png)"}
    assert render(page, {segment.text: "Hier ist ein <1>Bild</1> des Büros."}) == (
        "Hier ist ein ![Bild](p.png) des Büros. Come by.\n")


def test_an_html_comment_in_a_heading_stays_outside() -> None:
    page = parsed("## Clone the repository <!-- omit in toc -->\n")
    assert texts(page) == ["Clone the repository"]
    assert render(page, {"Clone the repository": "Das Repository klonen"}) == (
        "## Das Repository klonen <!-- omit in toc -->\n")


def test_links_autolinks_inline_html_and_breaks_are_placeholders() -> None:
    page = parsed("See [the *guide*](g.md \"Guide\"), <https://a.example/x>, <kbd>Ctrl</kbd>\\\nand more.\n")
    segment, title = page.segments()
    assert segment.text == "See <1>the <2>guide</2></1>, <3/>, <4>Ctrl</4><5/>and more."
    assert (title.text, title.kind) == ("Guide", "title")
    assert segment.markup["</1>"] == '](g.md "Guide")' and segment.markup["<5/>"] == "\\\n"


def test_an_html_line_break_between_sentences_stays_between_segments() -> None:
    page = parsed("Read the [notes](n.md).<br/>\nThen ask us.<br>Offices e.g.<br>in Berlin.\n")
    assert texts(page) == ["Read the <1>notes</1>.", "Then ask us.", "Offices e.g.<1/>in Berlin."]


def test_markup_around_a_whole_block_stays_outside() -> None:
    page = parsed("- [Installation](install.md)\n- **Note**\n")
    assert texts(page) == ["Installation", "Note"]


def test_the_comment_names_what_each_placeholder_stands_for() -> None:
    segment = next(parsed("Run `make` and read **[the docs](d.md)**.\n").segments())
    assert segment.comment == ("paragraph 1\nplaceholders: <1/> = `make`; <2>…</2> = **…**; "
                               "<3>…</3> = […](d.md)")


def test_escapes_and_entities_are_shown_decoded() -> None:
    page = parsed("Fish &amp; chips \\*today\\* for &euro;5.\n")
    assert texts(page) == ["Fish & chips *today* for €5."]
    assert page.render(lambda segment: None) == "Fish &amp; chips \\*today\\* for &euro;5.\n"
    # decoded text that would read as a placeholder is shown as written
    assert texts(parsed("Press &lt;1&gt; now.\n")) == ["Press &lt;1&gt; now."]


# -- escaping by context --------------------------------------------------------------------------

def test_a_pipe_in_a_table_cell_translation_keeps_both_halves() -> None:
    source = "| Key | Action |\n|---|---|\n| Space | Play |\n"
    page = parsed(source)
    exported = render(page, {"Play": "Abspielen | Pause"})
    assert exported == "| Key | Action |\n|---|---|\n| Space | Abspielen \\| Pause |\n"
    assert markdown.skeleton(exported) == markdown.skeleton(source)


@pytest.mark.parametrize("translation, expected", [
    ("Ein *Stern* und _Unterstrich_ und snake_case", "Ein \\*Stern\\* und \\_Unterstrich\\_ und snake_case"),
    ("Code `x` [Link](u) <b>fett</b> &amp; ~~weg~~",
     "Code &#96;x&#96; \\[Link\\](u) \\<b\\>fett\\</b\\> &amp;amp; \\~\\~weg\\~\\~"),
    ("ein | Strich", "ein &#124; Strich"),  # `\\|` would still make a line read as a table row
    ("# Titel", "\\# Titel"), ("> Zitat -->", "\\> Zitat --\\>"), ("- Punkt", "\\- Punkt"),
    ("1. Schritt", "1\\. Schritt"),
    ("zwei\nZeilen\n\nund Absatz", "zwei Zeilen und Absatz"), ("Ende #", "Ende \\#"),
    ("Preis: 5 € – 10 km", "Preis: 5 € – 10 km"), ("C:\\Pfad", "C:\\\\Pfad"),
])
def test_translated_text_is_escaped_only_where_markdown_would_read_it(translation: str, expected: str) -> None:
    assert markdown.escape_text(translation) == expected
    assert markdown.escape_cell(translation) == expected.replace("&#124;", "\\|")


def test_adversarial_translations_keep_the_structure() -> None:
    source = "# Title\n\nA sentence with *emphasis* and a [link](u).\n\n| a | b |\n|---|---|\n| one | two |\n"
    page = parsed(source)
    hostile = "x\n\n# y | z *a* `b` [c](d) <i>e</i> &amp; 1. \\ w"  # letters next to the pairs: see below
    exported = page.render(lambda segment: re.sub(r"[^<>/\d]+", lambda _: hostile, segment.text)
                           if segment.markup else hostile)
    assert markdown.skeleton(exported) == markdown.skeleton(source)


# -- blocks: HTML, front matter, GFM lines ----------------------------------------------------------

def test_html_blocks_go_through_the_html_format() -> None:
    source = ("<details>\n<summary>Why is it <b>blank</b>?</summary>\n\n"
              "Choose a folder.\n\n</details>\n\n<blockquote><p>Safety first. Always.</p></blockquote>\n")
    page = parsed(source)
    assert texts(page) == ["Why is it <1>blank</1>?", "Choose a folder.", "Safety first.", "Always."]
    assert [segment.line for segment in page.segments()] == [2, 4, 8, 8]
    assert [segment.block for segment in page.segments()] == [1, 2, 3, 3]
    exported = render(page, {"Why is it <1>blank</1>?": "Warum <1>leer</1> <script>?"})
    assert "<summary>Warum <b>leer</b> &lt;script&gt;?</summary>" in exported
    assert markdown.skeleton(exported) == markdown.skeleton(source)


def test_a_translation_in_an_html_block_stays_on_one_line() -> None:
    source = '<p align="center">\n  <img src="logo.png" alt="Example logo">\n</p>\n\nText here.\n'
    page = parsed(source)
    assert texts(page) == ["Example logo", "Text here."]
    exported = render(page, {"Example logo": 'Logo\n\n# "Beispiel" <b>'})
    assert '<img src="logo.png" alt="Logo # &quot;Beispiel&quot; &lt;b&gt;">' in exported
    assert markdown.skeleton(exported) == markdown.skeleton(source)


def test_an_html_block_inside_a_blockquote_is_kept_as_it_is() -> None:
    assert texts(parsed("> <div>\n> Quoted HTML.\n> </div>\n")) == []


def test_yaml_front_matter_translates_the_configured_keys_only() -> None:
    source = (FIXTURES / "post-yaml.md").read_text(encoding="utf-8")
    page = parsed(source)
    kinds = {segment.text: segment.kind for segment in page.segments()}
    assert kinds['Moving to a new "home" server'] == "front matter title"
    assert kinds["It's done"] == "front matter summary"
    assert "Example Team" not in kinds and "post" not in kinds
    exported = render(page, {'Moving to a new "home" server': 'Umzug auf einen neuen "Heim"-Server',
                             "How we moved the site in one weekend. No downtime.": "Wie: an # einem\nWochenende",
                             "It's done": "Es ist 'fertig'"})
    assert exported.startswith('---\ntitle: "Umzug auf einen neuen \\"Heim\\"-Server"\n'
                               'description: "Wie: an # einem Wochenende"\nsummary: \'Es ist \'\'fertig\'\'\'\n'
                               "author: Example Team\n")
    only_title = markdown.parse(source, front_matter_keys=["author"])
    assert "Example Team" in texts(only_title) and "It's done" not in texts(only_title)


def test_toml_front_matter_is_kept_and_its_strings_stay_valid() -> None:
    source = (FIXTURES / "post-toml.md").read_text(encoding="utf-8")
    page = parsed(source)
    assert texts(page)[:2] == ["About us", "Who we are and what we do."]
    exported = render(page, {"About us": 'Über "uns"', "Who we are and what we do.": "Wer wir sind, was wir tun."})
    assert exported.startswith('+++\ntitle = "Über \\"uns\\""\ndescription = \'Wer wir sind, was wir tun.\'\n'
                               "draft = false\n")
    assert render(page, {"Who we are and what we do.": "It's us"}).count("description = \"It's us\"") == 1
    assert "# Über \"uns\"" in exported  # the heading: same msgid, Markdown escaping


def test_github_alerts_and_definition_lines_keep_their_lines() -> None:
    page = parsed("> [!NOTE]\n> Read this first.\n> It helps.\n\nTerm\n: The definition.\n")
    assert texts(page) == ["Read this first.", "It helps.", "Term", "The definition."]
    exported = render(page, {"Read this first.": "Zuerst lesen.", "The definition.": "Die Definition."})
    assert exported == "> [!NOTE]\n> Zuerst lesen.\n> It helps.\n\nTerm\n: Die Definition.\n"


def test_footnote_references_are_placeholders_and_labels_stay_outside() -> None:
    page = parsed("A claim[^1] here. More.\n\n[^1]: The source of it.\n")
    assert texts(page) == ["A claim<1/> here.", "More.", "The source of it."]
    assert render(page, {"A claim<1/> here.": "Eine Aussage<1/> [^2]."}).startswith("Eine Aussage[^1] \\[^2\\].")


def test_a_one_word_footnote_text_would_change_the_structure() -> None:
    source = "A claim[^1].\n\n[^1]: The source of it.\n"
    page = parsed(source)
    assert markdown.skeleton(render(page, {"The source of it.": "Quelle: ebenda."})) == markdown.skeleton(source)
    assert markdown.skeleton(render(page, {"The source of it.": "Ebenda."})) != markdown.skeleton(source)


def test_shortcut_reference_links_cannot_change() -> None:
    page = parsed("See [the FAQ] and [docs][] or [more][ref].\n\n[the FAQ]: /faq\n[docs]: /d\n[ref]: /r\n")
    [segment] = page.segments()
    assert segment.text == "See <1/> and <2/> or <3>more</3>."  # the label of `[the FAQ]` is its key


def test_task_list_boxes_stay_outside() -> None:
    assert texts(parsed("- [x] Done item\n- [ ] Open item\n")) == ["Done item", "Open item"]


# -- the skeleton -----------------------------------------------------------------------------

def test_the_skeleton_has_no_text_but_every_structural_token() -> None:
    source = "## Hello *world*\n\n1. See [docs](d.md) and `code`.\n"
    shape = markdown.skeleton(source)
    assert not any("Hello" in item or "See" in item for item in shape)
    assert markdown.skeleton("## Hallo *Welt*\n\n1. Siehe [Doku](d.md) und `code`.\n") == shape
    for changed in ("# Hello *world*\n\n1. See [docs](d.md) and `code`.\n",
                    "## Hello world\n\n1. See [docs](d.md) and `code`.\n",
                    "## Hello *world*\n\n1. See [docs](x.md) and `code`.\n",
                    "## Hello *world*\n\n1. See [docs](d.md) and `cd`.\n",
                    "## Hello *world*\n\n- See [docs](d.md) and `code`.\n"):
        assert markdown.skeleton(changed) != shape


def test_project_options_reach_the_format(tmp_path: Path) -> None:
    page_path = tmp_path / "source_texts" / "post.md"
    page_path.parent.mkdir()
    page_path.write_text("---\ntitle: Hello\nauthor: Ann Lee\n---\n\nText here.\n", encoding="utf-8")
    project = Project(tmp_path, {"front_matter_keys": ["author"]})
    page = SourcePage(page_path, Path("post.md"), "post")
    assert texts(parse_file(page_path, project.format_options(page))) == ["Ann Lee", "Text here."]
    assert texts(parse_file(page_path)) == ["Hello", "Text here."]


# -- every page: round trip, no half constructs, adversarial translations -------------------------

@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_pages_round_trip_and_no_unit_holds_half_a_construct(path: Path) -> None:
    page = parsed(path.read_text(encoding="utf-8"))
    assert half_constructs(texts(page)) == []


PIECES = ["\"quoted\"", "'", "<", ">", "&", "&amp;", "|", "*", "_", "`", "](", "[", "]", "\n", "\n\n", "#", "- ",
          "1. ", "\\", "~~", "<b>", "<!--", "![x](y)", "  \n", "===", "text", "Wort", "ü", " ", "!", "(", "<9/>"]
chunk = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)


def well_formed(translation: str, msgid: str) -> bool:
    """Placeholders as in the msgid (same ones, pairs nested); anything else is refused by the checks."""
    if Counter(re.findall(r"</?\d+/?>", translation)) != Counter(re.findall(r"</?\d+/?>", msgid)):
        return False
    opened: list[str] = []
    for token in re.findall(r"</?\d+/?>", translation):
        if token.startswith("</"):
            if not opened or opened.pop() != token[2:-1]:
                return False
        elif not token.endswith("/>"):
            opened.append(token[1:-1])
    return True


@st.composite
def adversarial(draw, segment: Segment) -> str:
    """A translation: adversarial text around the msgid's placeholders, sometimes with the placeholders
    dropped, swapped or doubled. Text next to a pair is a letter inside and a space outside, since
    CommonMark's flanking rules make `** x**` no emphasis, and a word follows every placeholder, since a
    hard break ending a paragraph breaks nothing: the structure gate refuses such pages."""
    # A one-word translation after a footnote label (`[^1]: Ibid.`) is read by CommonMark as a link
    # reference definition: refused too, so translations here have two words.
    tokens = re.findall(r"</?\d+/?>", segment.text)
    mutation = draw(st.sampled_from(["keep"] * 4 + ["drop", "swap", "double"])) if tokens else "keep"
    if mutation == "drop":
        tokens.pop(draw(st.integers(0, len(tokens) - 1)))
    elif mutation == "swap":
        tokens.reverse()
    elif mutation == "double":
        tokens.append(tokens[0])
    out = ["W w", draw(chunk)]  # words (an empty msgstr is no translation; see `footnote_definition` below)
    for token in tokens:
        opening = not token.startswith("</") and not token.endswith("/>")
        closing = token.startswith("</")
        out.append(("w " if opening else "w") + token + (" w" if closing else "w"))
        out.append(draw(chunk))
    return "".join(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_property_adversarial_translations_keep_the_skeleton_or_are_refused(path: Path, data) -> None:
    source = path.read_text(encoding="utf-8")
    page = markdown.parse(source)
    translations = {segment.text: data.draw(adversarial(segment)) for segment in page.segments()}
    if not all(well_formed(translations[text], text) for text in translations):
        return  # refused: a placeholder missing, added or out of order (the markup check is blocking)
    exported = render(page, translations)
    assert markdown.skeleton(exported) == markdown.skeleton(source)


def test_a_repeated_sentence_names_its_placeholders_once(tmp_path: Path) -> None:
    from l10n.extract import build_template

    page_path = tmp_path / "source_texts" / "page.md"
    page_path.parent.mkdir()
    page_path.write_text("Run `make` now.\n\nRun `make` now.\n", encoding="utf-8")
    [entry] = build_template(Project(tmp_path), SourcePage(page_path, Path("page.md"), "page"))
    assert entry.comment == "paragraph 1\nplaceholders: <1/> = `make`\nparagraph 2"


FRONT_MATTER_TEXT = st.lists(st.sampled_from(["Wort", " ", "\"", "'", "\\", ":", ": ", " #", "#", "-", "[", "{", "*",
                                              "&", "!", "%", "@", "`", "|", ">", "?", ",", "\n", "\t", "ü", "true",
                                              "1.5", "null", "~"]), min_size=1, max_size=12).map("".join)


@settings(max_examples=60, deadline=None)
@given(FRONT_MATTER_TEXT.filter(lambda value: any(char.isalpha() for char in value)), st.sampled_from(["yaml", "toml"]))
def test_property_front_matter_values_stay_valid_yaml_and_toml(value: str, syntax: str) -> None:
    import tomllib

    yaml = pytest.importorskip("yaml")
    source = (FIXTURES / f"post-{syntax}.md").read_text(encoding="utf-8")
    page = markdown.parse(source)
    exported = page.render(lambda segment: value if segment.kind.startswith("front matter") else None)
    fence = "---" if syntax == "yaml" else "+++"
    before, after = (block.split(fence + "\n")[1] for block in (source, exported))
    load = yaml.safe_load if syntax == "yaml" else tomllib.loads
    old, new = load(before), load(after)
    expected = re.sub(r"[ \t\r\n]+", " ", value).strip()
    for key in old:
        assert new[key] == (expected if key in ("title", "description", "summary") else old[key])


# -- found by attacking the format (link titles, emphasis flanking, byte order mark) ----------------

def _with_titles(source: str, title: str, translation: str) -> str:
    """The page exported with `translation` for its one title, which must read `title`."""
    page = parsed(source)
    [entry] = [segment for segment in page.segments() if segment.kind == "title"]
    assert entry.text == title
    return page.render(lambda segment: translation if segment.kind == "title" else None)


@pytest.mark.parametrize("source, title", [
    ('A [link](http://a.example "The title") here.\n', "The title"),
    ("An ![alt](p.png 'Single \\'quoted\\'') of it.\n", "Single 'quoted'"),
    ("A [link](u (In parens)) and more.\n", "In parens"),
    ('A [link](<a b> "Fish &amp; chips") here.\n', "Fish & chips"),
    ('An ![*styled* alt](p.png "Image title") alone.\n', "Image title"),
])
def test_link_and_image_titles_are_offered_and_escaped_for_their_quotes(source: str, title: str) -> None:
    exported = _with_titles(source, title, 'Ein "x" (y) \'z\' \\ &amp;\nEnde')
    assert markdown.skeleton(exported) == markdown.skeleton(source)
    [link] = [child for token in markdown._MARKDOWN.parse(exported) for child in token.children or []
              if child.attrGet("title")]
    assert link.attrGet("title") == 'Ein "x" (y) \'z\' \\ &amp; Ende'  # text, on one line


def test_a_quote_inside_a_destination_is_no_title() -> None:
    page = parsed('A [link](<a "b">) here.\n')
    assert texts(page) == ["A <1>link</1> here."]


def test_a_translation_against_underscore_emphasis_is_refused_not_written() -> None:
    from l10n.structure import page_findings

    source = "Call the __init__ hook and _then_ go.\n"
    page = parsed(source)
    [msgid] = texts(page)
    assert msgid == "Call the <1>init</1> hook and <2>then</2> go."
    # letters against `_`: no emphasis any more (`x__init__x`); the gate must see it, not compare with `x<1>x`
    findings = page_findings(page, markdown, {msgid: "Rufe den<1>init</1>Haken und <2>dann</2> auf."})
    assert findings and "strong" in findings[0].detail
    assert not page_findings(page, markdown, {msgid: "Rufe den <1>init</1>-Haken und <2>dann</2> auf."})


def test_the_skeleton_ignores_a_byte_order_mark() -> None:
    source = "---\ntitle: Hi\n---\n\nText.\n"
    assert markdown.skeleton("\ufeff" + source) == markdown.skeleton(source)
    assert markdown.skeleton(source)[0] == "front matter ---"


@pytest.mark.parametrize("source, titles", [
    ('![foo](/url "An image title")\n', ["An image title"]),  # an image alone: its alt text and its title
    ('[Home](/ "Go home")\n', ["Go home"]),  # a link around the whole block stays outside, its title does not
    ('**[x words](u "Strong link")**\n', ["Strong link"]),
    ('[![b](i.png "Image t")](u "Link t")\n', ["Image t", "Link t"]),
])
def test_titles_of_markup_kept_outside_the_segment_are_offered(source: str, titles: list[str]) -> None:
    page = parsed(source)
    assert [segment.text for segment in page.segments() if segment.kind == "title"] == titles
    exported = page.render(lambda segment: 'Ein "x"' if segment.kind == "title" else None)
    assert markdown.skeleton(exported) == markdown.skeleton(source) and exported.count('Ein \\"x\\"') == len(titles)


@pytest.mark.parametrize("source, translation", [
    ("*(*foo*)*\n", "](<1>](</1>]("),  # punctuation against the delimiters: the inner pair moves out
    ("A _(_foo_)_ here.\n", "](<1>](<2>](</2>](</1>]("),
])
def test_nested_emphasis_that_comes_apart_is_refused(source: str, translation: str) -> None:
    from l10n.structure import page_findings

    page = parsed(source)
    [msgid] = texts(page)
    exported = render(page, {msgid: translation})
    assert markdown.skeleton(exported) != markdown.skeleton(source)  # emphasis inside emphasis became two in a row
    [finding] = page_findings(page, markdown, {msgid: translation})
    assert finding.msgid == msgid and "em_open" in finding.detail


@pytest.mark.parametrize("msgid, translation, flagged", [
    ("Visit the site now.", "Besuchen Sie http://evil.example/x jetzt.", True),  # GFM renderers link it
    ("Visit the site.", "Siehe www.evil.example.", True),
    ("See https://a.example/events).", "DE[Siehe https://a.example/events).]", False),  # brackets around it
    ("Visit http://example.com now.", "Besuchen Sie http://example.com jetzt.", False),  # the source's own URL
    ("Open http://localhost:8080.", "Öffne http://localhost:8080!", False),
    ("Visit <1/> now.", "Besuchen Sie <1/> jetzt.", False),
])
def test_a_bare_url_the_source_does_not_have_is_a_link_it_does_not_have(msgid: str, translation: str,
                                                                         flagged: bool) -> None:
    from l10n.structure import translation_problems

    problems = translation_problems(msgid, translation)
    assert bool(problems) == flagged
    assert all(problem.startswith("link ") for problem in problems)


def test_inline_html_start_and_end_tags_are_a_pair() -> None:
    from l10n.structure import page_findings

    source = "Use <abbr title=\"HyperText\">HTML</abbr> and <kbd>Ctrl</kbd> here. A <b>*x</b>* <i>open.\n"
    page = parsed(source)
    first, second = texts(page)
    assert first == "Use <1>HTML</1> and <2>Ctrl</2> here."
    assert second == "A <1/><2>x<3/></2> <4/>open."  # crossing Markdown's pair or left open: standalone
    swapped = "Nutze </1>HTML<1> und <2>Strg</2> hier."  # would write `</abbr>HTML<abbr …>`
    assert page_findings(page, markdown, {first: swapped})
    assert not page_findings(page, markdown, {first: "Nutze <2>Strg</2> und <1>HTML</1> hier."})


@pytest.mark.parametrize("source, title", [
    ('See [a][ref].\n\n[ref]: https://example.com "Reference title"\n', "Reference title"),
    ("> [r]: /u\n>   (Quoted &amp; parted)\n\nText [x][r].\n", "Quoted & parted"),
])
def test_titles_of_link_reference_definitions_are_offered(source: str, title: str) -> None:
    exported = _with_titles(source, title, 'Ein "T" (x) \\')
    assert markdown.skeleton(exported) == markdown.skeleton(source)
    env: dict = {}
    markdown._MARKDOWN.parse(exported, env)
    assert [reference["title"] for reference in env["references"].values()] == ['Ein "T" (x) \\']
