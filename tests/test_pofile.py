"""The PO reader and writer (`l10n.pofile`): data kept, text as GNU gettext writes it.

The expected texts below were written by `msgcat --width=79` (GNU gettext 0.21);
test_gettext_compat.py compares with the real tools where they are installed.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n import pofile
from l10n.catalog import catalogue_text, header_field, read_catalogue, write_catalogue, write_if_changed
from l10n.errors import InputError

from helpers import run

FIXTURES = Path(__file__).parent / "fixtures" / "po"
HEADER = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def parse(body: str) -> polib.POFile:
    return pofile.parse(HEADER + "\n" + body)


def fresh(po: polib.POFile) -> str:
    return pofile.dumps(po, keep_source=False)


# -- data kept ---------------------------------------------------------------------------------

@pytest.mark.parametrize("escape, char", [("\\a", "\a"), ("\\b", "\b"), ("\\f", "\f"),
                                          ("\\r", "\r"), ("\\t", "\t"), ("\\v", "\v"), ("\\\\", "\\"),
                                          ('\\"', '"')])
def test_every_escape_is_read_as_its_character_and_written_back(escape: str, char: str) -> None:
    text = HEADER + f'\nmsgid "a{escape}b"\nmsgstr "x{escape}y"\n'
    po = pofile.parse(text)
    assert po[0].msgid == f"a{char}b" and po[0].msgstr == f"x{char}y"
    assert fresh(po) == text  # `\a` stays `\a` (polib wrote `\\a`)


def test_octal_and_hex_escapes_are_bytes_of_the_charset() -> None:
    po = parse('msgid "\\101\\x42 \\303\\244"\nmsgstr ""\n')
    assert po[0].msgid == "AB ä"
    assert 'msgid "AB ä"' in fresh(po)  # as msgcat writes it


def test_previous_obsolete_previous_and_obsolete_context_are_kept() -> None:
    po = pofile.parse((FIXTURES / "constructs.po").read_text(encoding="utf-8"))
    fuzzy = po.find("The office is open from Monday to Friday.")
    assert fuzzy.previous_msgid == "The office is open on weekdays." and fuzzy.fuzzy
    plural = po.find("One new file", msgctxt="new")
    assert (plural.previous_msgctxt, plural.previous_msgid, plural.previous_msgid_plural) == (
        "old", "One old file", "%d old files")
    obsolete = {entry.msgid: entry for entry in po if entry.obsolete}
    assert obsolete["Imprint"].msgctxt == "footer"
    assert obsolete["An obsolete sentence with a previous version."].previous_msgid == "An old sentence with a previous."
    assert po.find("Empty context", msgctxt="").msgctxt == ""


def test_singular_entry_gets_no_previous_msgid_plural() -> None:
    entry = polib.POEntry(msgid="New text.", msgstr="Alt.", flags=["fuzzy"], previous_msgid="Old text.",
                          previous_msgid_plural="")
    assert pofile.entry_text(entry) == '#, fuzzy\n#| msgid "Old text."\nmsgid "New text."\nmsgstr "Alt."\n'


def test_file_names_with_spaces_are_isolated_and_read_back_whole() -> None:
    entry = polib.POEntry(msgid="Hello", occurrences=[("news items/my page.txt", "3"), ("b.txt", "4")])
    text = pofile.entry_text(entry)
    assert text.startswith("#: \u2068news items/my page.txt\u2069:3 b.txt:4\n")
    assert parse(text)[0].occurrences == [("news items/my page.txt", "3"), ("b.txt", "4")]


def test_references_without_line_numbers_and_with_colons() -> None:
    assert pofile.parse_references(" a.c:1 b.c c:d:3\tx.py:10") == [
        ("a.c", "1"), ("b.c", ""), ("c:d", "3"), ("x.py", "10")]


def test_comment_kinds_and_unknown_flags_are_kept() -> None:
    po = parse("# translator\n#\n#. extracted\n#: a.txt:1\n#, fuzzy, l10n-custom, c-format\n"
               'msgid "x %d"\nmsgstr "y %d"\n')
    entry = po[0]
    assert (entry.tcomment, entry.comment, entry.flags) == ("translator\n", "extracted",
                                                            ["fuzzy", "l10n-custom", "c-format"])
    # gettext's order (fuzzy, formats); a flag gettext does not know is kept, last (msgcat drops it)
    assert "#, fuzzy, c-format, l10n-custom\n" in fresh(po)


def test_fuzzy_on_an_untranslated_entry_and_untranslated_obsolete_entries_are_dropped_as_msgcat_does() -> None:
    po = parse('#, fuzzy\nmsgid "a"\nmsgstr ""\n\n#~ msgid "gone"\n#~ msgstr ""\n')
    assert fresh(po) == HEADER + '\nmsgid "a"\nmsgstr ""\n'


# -- the round trip ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["constructs.po", "unusual.po"])
def test_reading_and_writing_an_unchanged_file_gives_its_bytes_back(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes((FIXTURES / name).read_bytes())
    po = read_catalogue(path)
    assert catalogue_text(po).encode("utf-8") == path.read_bytes()
    assert write_if_changed(po, path) is False


def test_a_changed_catalogue_is_written_as_msgcat_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "unusual.po"
    path.write_bytes((FIXTURES / "unusual.po").read_bytes())
    po = read_catalogue(path)
    po.find("Wrapped at another width: two strings on one line is not allowed, so one each").msgstr = "Neu"
    write_catalogue(po, path)
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text and 'msgid "Octal AB and hex C and UTF-8 bytes ä"' in text
    assert read_catalogue(path).find("Keyword and string on separate lines, right after the previous entry.")


def test_the_constructs_fixture_is_what_msgcat_writes() -> None:
    text = (FIXTURES / "constructs.po").read_text(encoding="utf-8")
    assert fresh(pofile.parse(text)) == text


def test_header_fields_wrapped_by_msgcat_are_read(tmp_path: Path) -> None:
    path = FIXTURES / "constructs.po"
    assert header_field(path, "X-L10n-Source-SHA256") == "a8ad971bfc687500dd5885e8db13d5e24bf158b3b1ca2e08faa27c1d499a6dd4"
    assert header_field(path, "X-Long-Header-Field") == " ".join(["word"] * 20)
    assert header_field(path, "Missing") is None


# -- wrapping ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, lines", [
    ("Short.", ['msgid "Short."']),
    ("line one\nline two\n", ['msgid ""', '"line one\\n"', '"line two\\n"']),
    ("The International Organization for Migration (IOM) is part of the United Nations System.",
     ['msgid ""', '"The International Organization for Migration (IOM) is part of the United "',
      '"Nations System."']),
    ("X-Long2: http://example.com/a/very/long/url/that/does/not/have/spaces/in/it/at/all/ok\n",
     ['msgid ""', '"X-Long2: http://example.com/a/very/long/url/that/does/not/have/spaces/in/it/"',
      '"at/all/ok\\n"']),
    ("Supercalifragilisticexpialidociousandevenlongerwordsthatdonotfitonasinglelineatall and more",
     ['msgid ""', '"Supercalifragilisticexpialidociousandevenlongerwordsthatdonotfitonasinglelineatall "',
      '"and more"']),
    ("a" * 60 + ",…–]" + "a" * 20, ['msgid "' + "a" * 60 + ',…–]' + "a" * 20 + '"']),  # no break before …
])
def test_strings_are_wrapped_as_msgcat_wraps_them(value: str, lines: list[str]) -> None:
    assert pofile.wrap_string("msgid", value) == lines


def test_no_break_inside_a_c_format_directive() -> None:
    value = "%7d  %6<PRIu32>      %5.1f%%    %5.1f%%\n"
    assert pofile.wrap_string("msgid", value, width=40, directives=pofile._C_DIRECTIVE_RE) == [
        'msgid ""', '"%7d  %6<PRIu32>      %5.1f%%    "', '"%5.1f%%\\n"']


def test_no_wrap_flag() -> None:
    entry = polib.POEntry(msgid="word " * 30, flags=["no-wrap"])
    assert f'msgid "{"word " * 30}"' in pofile.entry_text(entry)


# -- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, line, message", [
    ('msgid "a\nmsgstr ""\n', 6, "not terminated"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "duplicate"),
    ('msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 9, "duplicate"),  # msgcat: fatal error
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 6, "missing msgstr"),
    ('msgid "a"\nmsgstr "b"\nnonsense\n', 8, "invalid PO syntax"),
    ('msgid "a \\q"\nmsgstr "b"\n', 6, r"invalid escape sequence `\\q`"),  # msgfmt: invalid control sequence
    ('msgid "a"\nmsgstr ""\n"b \\x"\n', 8, r"invalid escape sequence `\\x`"),  # \x without hex digits
    ('#~ msgid "a"\n#~ msgstr "b \\%"\n', 7, "invalid escape sequence"),
])
def test_bad_input_names_the_line(body: str, line: int, message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        pofile.parse(HEADER + "\n" + body, path="x.po")
    assert raised.value.line == line


def test_escaped_backslashes_and_comments_are_not_bad_escapes() -> None:
    po = parse('# C:\\q is free text\nmsgid "a\\\\q \\x41 \\101"\nmsgstr "b\\\\q"\n')
    assert [(entry.msgid, entry.msgstr) for entry in po] == [("a\\q A A", "b\\q")]


@pytest.mark.parametrize("options", [[], ["--counts-only"]])
def test_check_refuses_a_bad_escape_in_one_line(options: list[str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEADER + '\nmsgid "a \\q"\nmsgstr "b"\n', encoding="utf-8")
    assert run("check", *options, str(path)) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"l10n: error: {path}:6: invalid escape sequence `\\q` in a string (msgfmt rejects it too)"]


def test_entries_know_their_line() -> None:
    po = parse('# c\nmsgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n')
    assert [entry.linenum for entry in po] == [6, 10]


def test_entries_know_their_msgid_line() -> None:
    # the usual entry, one with comments and a two-line context, a plural, one the line reader reads
    po = parse('#: a:1\nmsgid "a"\nmsgstr ""\n\n# c\n#. d\nmsgctxt "x"\n"y"\nmsgid "b"\nmsgstr ""\n\n'
               'msgid "c"\nmsgid_plural "cs"\nmsgstr[0] ""\nmsgstr[1] ""\n\n#, fuzzy\nmsgid\n"e"\nmsgstr ""\n')
    assert [entry.msgid_line for entry in po] == [7, 14, 17, 23]


def test_a_page_in_a_folder_with_spaces_gets_references_that_read_back_whole(tmp_path: Path) -> None:
    from helpers import run
    page = tmp_path / "source_texts" / "news items" / "my page.txt"
    page.parent.mkdir(parents=True)
    page.write_text("Hello world.\nWe help migrants every day.\n", encoding="utf-8")
    assert run("extract", "--root", str(tmp_path)) == 0
    template = next((tmp_path / "locales").glob("*.pot"))
    assert "#: \u2068source_texts/news items/my page.txt\u2069:1\n" in template.read_text(encoding="utf-8")
    assert [entry.occurrences for entry in read_catalogue(template)] == [
        [("source_texts/news items/my page.txt", "1")], [("source_texts/news items/my page.txt", "2")]]


def test_japanese_and_emoji_are_broken_where_libunistring_breaks_them() -> None:
    """Expected lines written by `msgcat --width=20`: no break before ー (a non-starter), nor inside a flag,
    a skin-toned emoji or a ZWJ sequence."""
    assert pofile.wrap_string("msgid", "漢字漢字ー漢字ーー漢字漢字漢字ーーーーー漢字漢字ー", width=20) == [
        'msgid ""', '"漢字漢字ー漢字ーー"', '"漢字漢字漢"', '"字ーーーーー漢字漢"', '"字ー"']
    assert pofile.wrap_string("msgid", "Flaggen 🇩🇪🇫🇷🇮🇹 und 👍🏽👍🏽👍🏽 und 👨‍👩‍👧👨‍👩‍👧 Ende", width=20) == [
        'msgid ""', '"Flaggen 🇩🇪🇫🇷🇮🇹 "', '"und 👍🏽👍🏽👍🏽 "', '"und 👨‍👩‍👧👨‍👩‍👧 "', '"Ende"']


def test_a_nul_escape_ends_the_string() -> None:
    assert pofile.unescape("Ende\\0danach") == "Ende" and pofile.unescape("a\\000b\\303\\244") == "a"


def test_a_lone_empty_comment_line_is_written_back() -> None:
    po = parse('#\nmsgid "a"\nmsgstr "b"\n\n#.\nmsgid "c"\nmsgstr "d"\n')
    assert '\n#\nmsgid "a"\n' in fresh(po) and '\n#.\nmsgid "c"\n' in fresh(po)


def test_the_context_separator_in_a_string_is_refused_as_msgfmt_refuses_it() -> None:
    for body in ('msgid "a\\4b"\nmsgstr "c"\n', 'msgid "a"\nmsgstr "b\\x04"\n', 'msgctxt "\\004"\nmsgid "a"\nmsgstr "b"\n'):
        with pytest.raises(InputError, match="context separator"):
            parse(body)


def test_a_byte_that_is_no_character_is_written_back_as_its_escape() -> None:
    """msgfmt compiles `\\224` in a UTF-8 catalogue as the byte it is; a changed catalogue keeps it."""
    po = parse('msgid "a\\x4ab \\303"\nmsgstr "b\\224"\n')
    po[0].msgstr += "!"
    text = fresh(po)
    assert 'msgid "a\\253 \\303"\nmsgstr "b\\224!"\n' in text
    assert pofile.parse(text)[0].msgid == po[0].msgid


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\\", "\\\\", "n", "t", '"', "a", "b", "f", "r", "v", "q", "x", "0", "é", " "]),
                max_size=16).map("".join))
def test_simple_escapes_are_read_as_the_escape_pattern_reads_them(text: str) -> None:
    """`unescape`'s fast path (one str.replace per kind of escape) gives what the escape pattern gives."""
    from l10n.pofile import _BYTE_ESCAPE_RE, _ESCAPE_RE, _unescape_simple

    if _BYTE_ESCAPE_RE.search(text) is None:
        assert pofile.unescape(text) == _ESCAPE_RE.sub(_unescape_simple, text)
