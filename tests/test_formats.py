"""The Markdown and HTML source formats: exact round trip, structure kept, what becomes a segment."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.errors import InputError
from l10n.formats import PLACEHOLDER_RE, Page, Segment, html, markdown, parse_file

# The demo pages of the repository are the realistic samples.
DATA = Path(__file__).resolve().parent.parent / "source_texts"
MD_SAMPLE = DATA / "migration-faq.md"
HTML_SAMPLE = DATA / "press-release.html"

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A deterministic "translation": upper-case everything but placeholders and entities.
PROTECTED_RE = re.compile(r"</?\d+/?>|&#?\w+;")


def shout(segment: Segment) -> str:
    parts = PROTECTED_RE.split(segment.text)
    kept = PROTECTED_RE.findall(segment.text)
    return "".join(part.upper() + (kept[i] if i < len(kept) else "") for i, part in enumerate(parts))


def texts(page: Page) -> list[str]:
    return [segment.text for segment in page.segments()]


def md_structure(text: str) -> list[tuple[str, str]]:
    return [(token.type, token.tag) for token in MarkdownIt("commonmark").enable("table").parse(text)]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append(f"<{tag}>")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.elements.append(f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        self.elements.append(f"</{tag}>")


def html_structure(text: str) -> list[str]:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser.elements


def assert_translation_keeps_structure(page: Page, source: str, structure) -> str:
    translated = page.render(shout)
    assert structure(translated) == structure(source)
    assert not PLACEHOLDER_RE.search(translated)  # every placeholder turned back into markup
    for segment in page.segments():
        for token, markup in segment.markup.items():
            assert markup in translated or token in segment.inner  # inner: a translated attribute
    return translated


# -- the sample pages -------------------------------------------------------------------------

@pytest.mark.parametrize("path", [MD_SAMPLE, HTML_SAMPLE], ids=["markdown", "html"])
def test_sample_round_trips_byte_for_byte(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    page = parse_file(path)
    assert page.render() == source
    assert "".join(piece if isinstance(piece, str) else piece.source for piece in page.pieces) == source


def test_markdown_sample_translation_keeps_block_structure() -> None:
    source = MD_SAMPLE.read_text(encoding="utf-8")
    translated = assert_translation_keeps_structure(markdown.parse(source), source, md_structure)
    assert "curl https://example.org/appointments/status?id=12345" in translated  # code untouched
    assert "title: FREQUENTLY ASKED QUESTIONS" in translated and "layout: faq" in translated  # configured key
    assert "- PROOF OF YOUR ADDRESS" in translated and "  - TRANSLATED INTO GERMAN" in translated


def test_html_sample_translation_keeps_elements() -> None:
    source = HTML_SAMPLE.read_text(encoding="utf-8")
    translated = assert_translation_keeps_structure(html.parse(source), source, html_structure)
    assert '<a href="/" title="BACK TO THE HOME PAGE">HOME</a>' in translated
    assert "<span translate=\"no\">IOM Germany, Charlottenstraße 68</span>" in translated
    assert 'document.querySelector("nav")' in translated  # script untouched


def test_markdown_sample_segments() -> None:
    page = markdown.parse(MD_SAMPLE.read_text(encoding="utf-8"))
    by_text = {segment.text: segment for segment in page.segments()}
    heading = by_text["Frequently Asked Questions about Safe Migration"]
    assert (heading.kind, heading.line) == ("heading", 6)
    # lines joined, inline Markdown as placeholders, the sentence spanning two lines found in both
    link = by_text["For official decisions, always contact the <1>Federal Office for Migration and Refugees</1>."]
    assert link.markup == {"<1>": "[", "</1>": "](https://www.bamf.de/EN/)"}
    assert by_text["Our help is <1>free of charge</1> and does not depend on your nationality."].line == 14
    assert by_text["translated into German by a sworn translator;"].kind == "list item"
    assert by_text['"Nobody should have to risk their life to find safety or a better future." '
                   "— Amy Pope, IOM Director General"].kind == "blockquote"
    assert by_text["Setext Headings Work Too"].kind == "heading"
    assert by_text["IOM office, Charlottenstraße 68"].kind == "table cell"
    # a hard break after a sentence stays between segments; inside one it is a placeholder
    assert by_text["Bring copies of everything."].line == 33
    address = by_text["IOM Germany<1/>Charlottenstraße 68<2/>10117 Berlin"]
    assert address.markup == {"<1/>": "  \n", "<2/>": "  \n"}
    everything = " ".join(by_text)
    for never in ("layout: faq", "curl", "Indented code", "https://www.bamf.de/EN/\n", "***"):
        assert never not in everything
    assert "175" not in by_text and "Free" in by_text


def test_html_sample_segments() -> None:
    page = html.parse(HTML_SAMPLE.read_text(encoding="utf-8"))
    by_text = {segment.text: segment for segment in page.segments()}
    title = by_text["IOM Welcomes New EU Pact on Migration & Asylum | IOM Germany"]
    assert (title.kind, title.line) == ("title", 7)
    assert by_text["IOM welcomes the new EU Pact on Migration and Asylum."].kind == "attribute"
    assert by_text["Enter a keyword"].kind == "attribute"
    assert "Director General Amy Pope speaking at the ministerial conference in Ghent" in by_text  # img alt
    assert by_text["Home"].kind == "list item"  # the link around the whole item stays outside
    sentence = by_text[
        "The Director General of the <1>IOM</1>, Amy Pope, welcomed the adoption of the new <2>European Union "
        "(EU) Pact on Migration and Asylum</2> and pledged <3>rights-based support</3> to Member States."]
    assert sentence.line == 34
    assert sentence.markup["<2>"].endswith('data-track="pact>link">') and sentence.markup["</2>"] == "</a>"
    assert "Regular pathways, including labour migration<1/> and family reunification." in by_text
    assert "<1>Protection first.</1>" in by_text
    everything = " ".join(by_text)
    for never in ("Embargoed", "PR-2024-017", "headline", "not text", "font-weight", "CMS", "175"):
        assert never not in everything


# -- Markdown cases ---------------------------------------------------------------------------

def test_markdown_continuation_prefixes_are_replaced_with_the_sentence() -> None:
    source = "> The office is open\n> on weekdays. It closes\n> at noon.\n"
    page = markdown.parse(source)
    assert texts(page) == ["The office is open on weekdays.", "It closes at noon."]
    assert page.render(shout) == "> THE OFFICE IS OPEN ON WEEKDAYS. IT CLOSES AT NOON.\n"


def test_markdown_heading_closing_hashes_and_crlf() -> None:
    source = "## Our *work* ##\r\n\r\nWe help\r\nmigrants.  \r\n"
    page = markdown.parse(source)
    assert texts(page) == ["Our <1>work</1>", "We help migrants."]
    assert page.render(shout) == "## OUR *WORK* ##\r\n\r\nWE HELP MIGRANTS.  \r\n"


def test_markdown_escaped_pipe_in_table_cell() -> None:
    source = "| Option | Meaning |\n|---|---|\n| a \\| b | either one |\n"
    page = markdown.parse(source)
    assert texts(page) == ["Option", "Meaning", "a | b", "either one"]
    assert page.render(shout) == "| OPTION | MEANING |\n|---|---|\n| A \\| B | EITHER ONE |\n"


def test_markdown_backslash_hard_break_inside_a_sentence() -> None:
    page = markdown.parse("Opening hours\\\nMonday to Friday\n")
    [segment] = page.segments()
    assert segment.text == "Opening hours<1/>Monday to Friday"
    assert page.render(lambda s: "Öffnungszeiten<1/>Montag bis Freitag") == "Öffnungszeiten\\\nMontag bis Freitag\n"


# -- HTML cases -------------------------------------------------------------------------------

def test_html_inline_markup_stays_in_one_segment() -> None:
    page = html.parse('<p>Read <a href="/faq?x=1&amp;y=2">our <em>answers</em></a> today.</p>')
    [segment] = page.segments()
    assert segment.text == "Read <1>our <2>answers</2></1> today."
    assert segment.markup == {"<1>": '<a href="/faq?x=1&amp;y=2">', "<2>": "<em>", "</2>": "</em>", "</1>": "</a>"}
    assert page.render(lambda s: "Lesen Sie heute <1>unsere <2>Antworten</2></1>.") == (
        '<p>Lesen Sie heute <a href="/faq?x=1&amp;y=2">unsere <em>Antworten</em></a>.</p>')


def test_html_sentences_are_not_split_inside_a_tag() -> None:
    page = html.parse("<p><b>First. Second.</b> Third one.</p>")
    assert texts(page) == ["<1>First. Second.</1>", "Third one."]


def test_html_script_style_and_comments_never_become_segments() -> None:
    source = ("<p>Before.</p><script>var s = 'Hello there. <p>Not text.</p>';</script>"
              "<style>p::after { content: 'Styled text'; }</style><!-- A comment. --><p>After.</p>")
    assert texts(html.parse(source)) == ["Before.", "After."]


def test_html_translate_no_is_skipped_with_its_descendants() -> None:
    source = ('<div translate="no"><p>Keep <b>this</b>.</p><img alt="Keep me"></div>'
              '<p class="x notranslate">Keep too.</p><p>Translate <span translate="no">this</span>.</p>')
    page = html.parse(source)
    assert texts(page) == ["Translate <1/>."]
    assert page.render(lambda s: "Übersetze <1/>.").endswith('<p>Übersetze <span translate="no">this</span>.</p>')


def test_html_whitespace_collapsed_and_entities_decoded() -> None:
    source = "<li>\n    Rights &amp; duties\n    of\tmigrants&nbsp;in Germany\n  </li>"
    page = html.parse(source)
    assert texts(page) == ["Rights & duties of migrants\u00a0in Germany"]
    assert page.render(lambda s: "Rechte & Pflichten\u00a0") == "<li>\n    Rechte &amp; Pflichten&nbsp;\n  </li>"


def test_html_line_numbers() -> None:
    page = html.parse("<html>\n<body>\n<h1>Title</h1>\n<p>One sentence.\nTwo sentence.</p>\n</body>\n</html>\n")
    assert [(s.text, s.line, s.kind) for s in page.segments()] == [
        ("Title", 3, "heading"), ("One sentence.", 4, "paragraph"), ("Two sentence.", 5, "paragraph")]


def test_html_units_without_letters_or_only_code_are_kept() -> None:
    source = "<p>2024</p><p>&nbsp;</p><p><code>pip install l10n</code></p><td>–</td><p><img src=x.png></p>"
    assert texts(html.parse(source)) == []


def test_html_text_directly_inside_a_div_is_a_unit() -> None:
    page = html.parse("<div>Intro text <p>Inner.</p> outro text</div>")
    assert texts(page) == ["Intro text", "Inner.", "outro text"]


def test_html_malformed_declaration_is_an_input_error() -> None:
    with pytest.raises(InputError) as error:
        html.parse("<p>Fine.</p>\n<![ broken")
    assert error.value.line == 2


# -- properties on generated pages -----------------------------------------------------------

WORDS = st.sampled_from("migration IOM Germany rights people office Berlin help return family data "
                        "safe work the of and to".split())
CAPITAL = st.sampled_from("The Our IOM Migrants Germany Every".split())
END = st.sampled_from([".", "?", "!", "", ":"])
NEWLINE = st.sampled_from(["\n", "\r\n"])


def md_inline() -> st.SearchStrategy[str]:
    return st.one_of(
        WORDS, WORDS, WORDS,
        WORDS.map(lambda w: f"**{w}**"), WORDS.map(lambda w: f"*{w} {w}*"), WORDS.map(lambda w: f"`{w}()`"),
        WORDS.map(lambda w: f"[{w}](https://iom.int/{w}?a=1.2)"), st.just("&amp;"), st.just("<https://iom.int>"),
    )


@st.composite
def md_sentence(draw) -> str:
    return " ".join([draw(CAPITAL), *draw(st.lists(md_inline(), min_size=1, max_size=6))]) + draw(END)


@st.composite
def md_lines(draw) -> list[str]:
    """A paragraph's lines: sentences, some wrapped, some with a hard break or trailing spaces."""
    words = " ".join(draw(st.lists(md_sentence(), min_size=1, max_size=3))).split(" ")
    lines, current = [], []
    for word in words:
        current.append(word)
        if draw(st.integers(0, 5)) == 0:
            lines.append(" ".join(current) + draw(st.sampled_from(["", " ", "  ", "\\"])))
            current = []
    if current:
        lines.append(" ".join(current))
    return [line.replace("\\", "") if line.endswith("`\\") else line for line in lines]


@st.composite
def md_block(draw) -> str:
    lines = draw(md_lines())
    kind = draw(st.sampled_from(["paragraph", "atx", "setext", "list", "ordered", "nested", "quote", "code",
                                 "table", "rule"]))
    if kind == "atx":
        return "#" * draw(st.integers(1, 6)) + " " + draw(md_sentence()) + draw(st.sampled_from(["", " ##"]))
    if kind == "setext":
        return "\n".join(lines) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind in ("list", "ordered"):
        marker = "- " if kind == "list" else "1. "
        return "\n".join((marker if i == 0 else " " * len(marker)) + line for i, line in enumerate(lines))
    if kind == "nested":
        return "- " + lines[0] + "\n  - " + draw(md_sentence()) + "\n- " + draw(md_sentence())
    if kind == "quote":
        return "\n".join("> " + line for line in lines)
    if kind == "code":
        return "```\n" + draw(md_sentence()) + "\n```"
    if kind == "table":
        return f"| {draw(md_sentence())} | {draw(WORDS)} |\n|---|---|\n| {draw(WORDS)} | {draw(md_sentence())} |"
    if kind == "rule":
        return "***"
    return "\n".join(lines)


@st.composite
def md_page(draw) -> str:
    blocks = draw(st.lists(md_block(), min_size=1, max_size=6))
    gaps = [draw(st.sampled_from(["\n\n", "\n\n\n", "\n  \n"])) for _ in blocks]
    page = "".join(block + gap for block, gap in zip(blocks, gaps))
    return page.replace("\n", draw(NEWLINE))


def html_inline() -> st.SearchStrategy[str]:
    return st.one_of(
        WORDS, WORDS, WORDS, st.sampled_from(["&amp;", "&nbsp;", "&#8211;", "<br>", "<!-- note -->"]),
        WORDS.map(lambda w: f"<b>{w}</b>"), WORDS.map(lambda w: f'<a href="/{w}?a=1&amp;b=2" title="x>y">{w} {w}</a>'),
        WORDS.map(lambda w: f'<img src="{w}.png" alt="Photo of {w}">'),
        WORDS.map(lambda w: f'<span translate="no">{w}</span>'), WORDS.map(lambda w: f"<em><code>{w}</code> {w}</em>"),
    )


@st.composite
def html_text(draw) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 3))):
        words = [draw(CAPITAL), *draw(st.lists(html_inline(), min_size=1, max_size=6))]
        spaces = [draw(st.sampled_from([" ", " ", "\n    ", "\t", "\r\n"])) for _ in words]
        sentences.append("".join(w + s for w, s in zip(words, spaces)).rstrip() + draw(END))
    return " ".join(sentences)


@st.composite
def html_block(draw) -> str:
    text = draw(html_text())
    template = draw(st.sampled_from([
        "<p>{}</p>", "<h2 class=\"x\">{}</h2>", "<ul>\n  <li>{}</li>\n  <li>{}</li>\n</ul>",
        "<div>{} <p>{}</p> {}</div>", "<table><tr><td>{}</td><th>{}</th></tr></table>",
        "<p translate=\"no\">{}</p>", "<script>if (a < b) {{ x = '{}'; }}</script>", "<pre>{}</pre>",
        "<meta name=\"description\" content=\"Our work. {}\">", "<blockquote><p>{}</p></blockquote>", "{}",
        "<p><a href=\"/\">{}</a></p>", "<!-- {} -->",
    ]))
    return template.format(*[text] * template.count("{}"))


@st.composite
def html_page(draw) -> str:
    blocks = draw(st.lists(html_block(), min_size=1, max_size=6))
    body = "".join(block + draw(st.sampled_from(["\n", "\r\n", "\n\n  ", ""])) for block in blocks)
    return f"<!DOCTYPE html>\n<html>\n<head><title>{draw(html_text())}</title></head>\n<body>\n{body}</body>\n</html>\n"


def test_a_break_that_would_fall_inside_a_sentence_stays_a_placeholder() -> None:
    # no sentence ends after "e.g.": the break must survive translation
    page = html.parse("<p>Offices e.g.<br>in Berlin. The &amp;<br>them.</p>")
    assert texts(page) == ["Offices e.g.<1/>in Berlin.", "The &<1/>them."]
    assert page.render(shout) == "<p>OFFICES E.G.<br>IN BERLIN. THE &amp;<br>THEM.</p>"
    assert texts(markdown.parse("Offices e.g.  \nin Berlin.\n")) == ["Offices e.g.<1/>in Berlin."]


@PROPERTY
@given(md_page())
def test_property_markdown_round_trip_and_structure(source: str) -> None:
    page = markdown.parse(source)
    assert page.render() == source
    if any(page.segments()):
        assert_translation_keeps_structure(page, source, md_structure)


@PROPERTY
@given(html_page())
def test_property_html_round_trip_and_structure(source: str) -> None:
    page = html.parse(source)
    assert page.render() == source
    assert_translation_keeps_structure(page, source, html_structure)
    assert not any("translate" in markup for segment in page.segments() for markup in segment.markup.values()
                   if "<p" in markup)


@PROPERTY
@given(st.lists(st.sampled_from(list("ab .\n\r\t\\*#>-|`[]()<>/&;='\"!1") + [
    "<p>", "</p>", "<b>", "</b>", "<br>", "<!--", "-->", "```", "  \n", "\u00a0", "&amp;", "Hello. World. "]),
    max_size=60).map("".join))
def test_property_any_text_round_trips(source: str) -> None:
    assert markdown.parse(source).render() == source
    try:
        page = html.parse(source)
    except InputError:
        return
    assert page.render() == source
