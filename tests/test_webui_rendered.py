"""The rendered preview's HTML (`webui.rendered.render_marked`): the exported page with a marker around
each segment that lands in element text, and nowhere else."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from l10n.export import render_page
from l10n.formats import html as html_format
from webui.rendered import MARKER_STYLE, RENDERED_CSP, render_marked

PAGE = """<!doctype html><html><head><title>Team news</title>
<meta name="description" content="All the news."></head><body>
<nav><a href="/">Home page</a></nav>
<h1>Team news</h1>
<p>We moved. See <a href="/map">the map</a> for the way.</p>
<p><img src="x.png" alt="Our new office"> It is bigger.</p>
<select><option>Monday morning</option></select>
<textarea>Type here please</textarea>
</body></html>"""


def ids(msgid: str) -> tuple[str, str | None]:
    return ("translated", f"id-{len(msgid)}") if msgid != "It is bigger." else ("missing", None)


def link(ident: str) -> str:
    return f"/editor#entry-{ident}"


def rendered(done: dict[str, str]) -> str:
    return render_marked(html_format.parse(PAGE), done, ids, link)


def markers(out: str) -> list[str]:
    return re.findall(r'<(?:a|span) class="l10n-seg[^>]*>', out)


def test_markers_only_where_a_segment_is_element_text() -> None:
    out = rendered({"Team news": "Neuigkeiten", "Our new office": "Unser neues Büro", "All the news.": "Alles."})
    assert "<title>Neuigkeiten</title>" in out  # translated, no marker inside <title>
    assert 'content="Alles."' in out and 'alt="Unser neues Büro"' in out  # attributes: translated, no marker
    assert "<option>Monday morning</option>" in out
    assert '<h1><a class="l10n-seg s-translated" href="/editor#entry-id-9" target="_top"' in out
    assert len(markers(out)) == 5  # Home page, Team news (h1), the two sentences of the paragraph, It is bigger.
    assert '<span class="l10n-seg s-missing"' in out  # not in the catalogue: outlined, not a link


def test_the_page_is_the_exported_page_with_markers_around_segments() -> None:
    done = {"We moved.": "Wir sind umgezogen.", "Team news": "Neuigkeiten", "Home page": "Startseite"}
    out = rendered(done).removesuffix(MARKER_STYLE)
    exported = render_page(html_format.parse(PAGE), done)
    assert outline(out) == outline(exported)  # same text, same elements, same attributes — plus markers


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.items: list[object] = []

    def handle_starttag(self, tag, attrs) -> None:
        if not dict(attrs).get("class", "").startswith("l10n-seg"):
            self.items.append((tag, attrs))

    def handle_data(self, data) -> None:
        if self.items and isinstance(self.items[-1], str):
            self.items[-1] += data
        else:
            self.items.append(data)


def outline(page: str) -> list[object]:
    """Start tags (but the markers) and text, with the span of a page link in a sentence as its <a>."""
    parser = _Outline()
    parser.feed(page.replace('<span href="/map">', '<a href="/map">'))
    return parser.items


def test_a_translation_stays_text_and_the_page_link_in_a_sentence_is_a_span() -> None:
    done = {"See <1>the map</1> for the way.": 'Siehe <1>die Karte</1> <script>x()</script> "für" den Weg.',
            "Our new office": 'Büro" onerror="x()'}
    out = rendered(done)
    assert "<script>x()" not in out and "&lt;script&gt;x()&lt;/script&gt;" in out
    assert 'alt="Büro&quot; onerror=&quot;x()"' in out  # cannot leave the attribute
    assert '<span href="/map">die Karte</span>' in out  # a link cannot hold the marker's link
    assert '<nav><a href="/">' in out  # links outside sentences are kept (and inert: pointer-events)


def test_the_policy_allows_no_script_and_no_network() -> None:
    assert "default-src 'none'" in RENDERED_CSP and "script-src" not in RENDERED_CSP
    assert "img-src data:" in RENDERED_CSP and "base-uri 'none'" in RENDERED_CSP
