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


@settings(max_examples=150, deadline=None)
@given(page)
def test_translated_render_keeps_every_line(source: str) -> None:
    parsed = text.parse(source)
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
