"""Side by side with GNU gettext (msgunfmt, msgcat, msgfmt): real catalogues and generated ones.

Real catalogues: the German .mo files that the machine's own packages install
(/usr/share/locale/de/LC_MESSAGES), read back with `msgunfmt` into tmp_path at run time;
a handful of them, to keep the run short. Skipped, with the reason, where gettext is missing.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from helpers import run
from l10n import pofile
from l10n.catalog import catalogue_text, read_catalogue, write_if_changed
from l10n.stats import count_catalogue, count_file

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("msgcat", "msgunfmt", "msgfmt")),
    reason="GNU gettext (msgcat, msgunfmt, msgfmt) is not installed: apt-get install gettext")

FIXTURES = Path(__file__).parent / "fixtures" / "po"
REPO = Path(__file__).resolve().parent.parent
SYSTEM_CATALOGUES = Path("/usr/share/locale/de/LC_MESSAGES")
PREFERRED = ("sed", "grep", "tar", "diffutils", "coreutils", "bash", "wget", "findutils", "dpkg", "apt")


def real_catalogues() -> list[Path]:
    found = [SYSTEM_CATALOGUES / f"{name}.mo" for name in PREFERRED if (SYSTEM_CATALOGUES / f"{name}.mo").exists()]
    return found[:5] or sorted(SYSTEM_CATALOGUES.glob("*.mo"))[:5]


def msgcat(path: Path, width: int = 79) -> bytes:
    return subprocess.run(["msgcat", f"--width={width}", str(path)], check=True, capture_output=True).stdout


def unpack(mo: Path, folder: Path) -> Path:
    path = folder / (mo.stem + ".po")
    subprocess.run(["msgunfmt", str(mo), "-o", str(path)], check=True, capture_output=True)
    return path


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    catalogues = real_catalogues()
    if not catalogues:
        pytest.skip(f"no German .mo files in {SYSTEM_CATALOGUES} to compare with")
    folder = tmp_path_factory.mktemp("real")
    return [unpack(mo, folder) for mo in catalogues]


def test_real_catalogues_read_and_written_unchanged_and_as_msgcat_writes_them(real: list[Path]) -> None:
    for path in real:
        po = read_catalogue(path)
        text = catalogue_text(po)
        assert text.encode(po.encoding) == path.read_bytes(), path.name  # read-write is the identity
        for width in (79, 50):
            assert pofile.dumps(po, width=width, keep_source=False).encode(po.encoding) == msgcat(path, width), (
                path.name, width)


def test_counts_agree_with_msgfmt_statistics(real: list[Path]) -> None:
    for path in [*real, FIXTURES / "constructs.po", FIXTURES / "unusual.po"]:
        output = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True, check=True).stderr
        expected = {kind: int(number) for number, kind in
                    re.findall(r"(\d+) (translated|fuzzy|untranslated)", output)}
        counts = count_catalogue(read_catalogue(path))
        assert (counts.translated, counts.fuzzy, counts.untranslated) == (
            expected.get("translated", 0), expected.get("fuzzy", 0), expected.get("untranslated", 0)), path.name


@pytest.mark.parametrize("width", [79, 40])
def test_every_construct_is_written_as_msgcat_writes_it(width: int, tmp_path: Path) -> None:
    for name in ("constructs.po", "unusual.po"):
        po = read_catalogue(FIXTURES / name)
        # msgcat keeps the CR of a CRLF file at the end of comment lines (mixed line ends); we write LF
        expected = msgcat(FIXTURES / name, width).replace(b"\r\n", b"\n")
        assert pofile.dumps(po, width=width, keep_source=False).encode() == expected, name


def test_random_strings_are_wrapped_as_msgcat_wraps_them(tmp_path: Path) -> None:
    """Seeded random text of letters, spaces, ASCII punctuation, escapes and German typography."""
    rng = random.Random(20240601)
    alphabet = list("abcdefghij      ABC0123456789.,;:!?-/()[]{}'\"%$+\\|<>@#&*=_~`^\t\n") + list("äöü„“”‘’«»—–…\u00a0€°§")
    po = pofile.parse('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    for number in range(400):
        text = f"{number} " + "".join(rng.choice(alphabet) if rng.random() < 0.3 else rng.choice("abcdefg  ")
                                      for _ in range(rng.randint(1, 200)))
        po.append(polib.POEntry(msgid=text, msgstr=text[::-1], flags=["c-format"] if number % 5 == 0 else []))
    path = tmp_path / "random.po"
    path.write_text(pofile.dumps(po), encoding="utf-8")
    for width in (79, 60):
        assert pofile.dumps(po, width=width, keep_source=False).encode() == msgcat(path, width), width


def test_a_msgcat_round_trip_makes_extract_and_update_rewrite_nothing(tmp_path: Path) -> None:
    shutil.copytree(REPO / "source_texts", tmp_path / "source_texts")
    assert run("extract", "--root", str(tmp_path)) == 0
    assert run("update", "--lang", "de", "--root", str(tmp_path)) == 0
    files = sorted((tmp_path / "locales").rglob("*.po*"))
    assert files
    for path in files:  # someone runs a gettext tool over every file
        path.write_bytes(msgcat(path))
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files}
    assert run("extract", "--root", str(tmp_path)) == 0
    assert run("update", "--lang", "de", "--root", str(tmp_path)) == 0
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files} == before


def test_committed_catalogues_are_what_msgcat_writes() -> None:
    for path in sorted((REPO / "locales").rglob("*.po*")):
        assert path.read_bytes() == msgcat(path), path


def test_a_catalogue_saved_after_a_change_is_what_msgcat_writes(real: list[Path], tmp_path: Path) -> None:
    path = tmp_path / real[0].name
    path.write_bytes(real[0].read_bytes())
    po = read_catalogue(path)
    entry = next(entry for entry in po if entry.msgstr)
    entry.msgstr += " (geändert)"
    assert write_if_changed(po, path)
    assert path.read_bytes() == msgcat(path)


def _msgcat_agrees(path: Path, widths: tuple[int, ...] = (79, 30, 20)) -> None:
    po = read_catalogue(path)
    for width in widths:
        assert pofile.dumps(po, width=width, keep_source=False).encode(po.encoding) == msgcat(path, width), width
    assert catalogue_text(po).encode(po.encoding) == path.read_bytes()  # and read-write is the identity


def test_an_empty_previous_msgid_plural_is_kept_as_msgcat_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "previous.po"
    _write_utf8(path, '#, fuzzy\n#| msgid "Old pears"\n#| msgid_plural ""\nmsgid "Pears"\nmsgid_plural "%d pears"\n'
                'msgstr[0] "Birne"\nmsgstr[1] "Birnen"\n\n'
                '#, fuzzy\n#~| msgid "Old plums"\n#~| msgid_plural ""\n#~ msgid "Plums"\n#~ msgid_plural ""\n'
                '#~ msgstr[0] "Pflaume"\n#~ msgstr[1] "Pflaumen"\n')
    _msgcat_agrees(path)


def test_a_backslash_at_the_end_of_a_line_joins_it_with_the_next_as_for_gettext(tmp_path: Path) -> None:
    """gettext's lexer drops a backslash-newline anywhere: in a string, a keyword, a comment (where
    it swallows the next line, `#, fuzzy` included)."""
    path = tmp_path / "joined.po"
    _write_utf8(path, '# a note \\\n#, fuzzy\nmsgid "one \\\ntwo"\nmsgstr "eins zwei"\n\n'
                '#: a.txt:1 \\\nb.txt:2\nms\\\ngid "three"\nmsgstr "drei"\n\n'
                '#. C:\\\\\n#, fuzzy\nmsgid "four"\nmsgstr "vier"\n')
    _msgcat_agrees(path)
    statistics = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)], capture_output=True,
                                text=True, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}).stderr
    counts = count_file(path)
    assert statistics.startswith(f"{counts.translated} translated messages") and counts.fuzzy == 0
    assert count_catalogue(read_catalogue(path)) == counts


def test_python_brace_format_is_wrapped_as_gettext_0_21_marks_its_directives(tmp_path: Path) -> None:
    """gettext 0.21 marks each brace directive's extent from the start of the string: no break
    within the shortest directive's length of the start, and breaks elsewhere as in plain text;
    nothing is protected in a string its parser cannot read (`{}`, `{n:,}`)."""
    body = "".join(
        f'#, python-brace-format\nmsgid "{text}"\nmsgstr "{text}"\n\n' for text in [
            "ab cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {name}",
            "ab cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {x} and {longer_name}",
            "ab cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {x!r} not valid {name}",
            "ab cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {{escaped}} {n:>10}",
            "ab cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {n:{width}} {m.attr[0]}",
            "\u00fc\u00fc cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {abcd}",
            "{a} {b} abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {c: >30} x",
            "ab cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {abcdefgh} {}",
            "ab cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {abcdefgh} {n:,}",
            "ab cdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz {a:} {abcdefgh} }"])
    path = tmp_path / "brace.po"
    _write_utf8(path, body)
    _msgcat_agrees(path, (79, 40, 30, 20))


def _write_utf8(path: Path, body: str) -> None:
    """A UTF-8 catalogue of these entries (after a header with only the charset)."""
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body, encoding="utf-8")


def _translations_agree(path: Path, texts: list[str]) -> None:
    """Each text as the msgid and the msgstr of an entry: written as msgcat writes it, widths 79 to 20."""
    _write_utf8(path, "".join(f'msgid "{number} {text}"\nmsgstr "{text} {number}"\n\n'
                              for number, text in enumerate(texts)))
    _msgcat_agrees(path, (79, 30, 25, 20))


def test_characters_without_width_are_wrapped_as_msgcat_wraps_them(tmp_path: Path) -> None:
    """Controls (DEL, C1), the soft hyphen, Hangul vowels and spacing marks: libunistring's widths."""
    _translations_agree(tmp_path / "widths.po", [
        "\\177\\177\\177\\177 abc def ghi jkl mno", "\u0085\u0085\u0085\u0085\u0085 abc def ghi jkl",
        "\u00ad\u00ad\u00ad\u00ad\u00ad abc def ghi jkl mn", "\u1100\u1161\u11a8\u1100\u1161\u11a8 abc def ghi",
        "\ud7b0\ud7b1\ud7b2\ud7b3 abc def ghi jkl mno", "\u0915\u094d\u0930\u093f abc def ghi jkl mno",
        "\u1b44\u1b44\u1b44\u1b44\u1b44 abc def ghi jk", "\u302e\u302e\u302e abc def ghi jkl m"])


def test_control_characters_stay_with_what_precedes_them_as_msgcat_wraps_them(tmp_path: Path) -> None:
    """C0 and C1 controls are combining marks for line breaking: no break before them (`-\x02`
    stays together), `\a` and `\b` too; the characters that end lines break as letters."""
    _translations_agree(tmp_path / "controls.po", [
        "abcde-fghij-\x02klmno-pqrst-uvwxy", "abcdefgh ijkl-\u0092mnopqrs-tuvwxyz",
        "abcde \x1dfghij klmno \x1fpqrst", "abcdefg-\\aijklmn-\\bopqrst-uvwxyz",
        "abcdefg-\\fijklmn-\\vopqrst-\\ruvwxyz", "abcdefgh-\u0085ijklmnop-\x7fqrstuvw"])


def test_c_directives_after_numbered_and_unnumbered_ones_mixed_are_not_protected(tmp_path: Path) -> None:
    """gettext's C parser stops at `%1$s` after `%s` (or the reverse): a `%%` after it may be broken."""
    body = "".join(f'#, c-format\nmsgid "{prefix}{"a" * 55} \u4e2d\u6587\u958b\u555f %%Hello, world"\nmsgstr ""\n\n'
                   for prefix in ("%s %1$s ", "%1$s %s ", "%s %s ", "%1$s %3$s "))
    path = tmp_path / "mixed.po"
    _write_utf8(path, body)
    _msgcat_agrees(path, (79,))


def test_python_directives_after_a_percent_a_are_not_protected(tmp_path: Path) -> None:
    """gettext 0.21's Python parser knows no `%a` and stops there: `% 5d` after it may be broken."""
    path = tmp_path / "percent-a.po"
    _write_utf8(path, "".join(f'#, python-format\nmsgid "{prefix}{"a" * 68} x% 5d yyy"\nmsgstr ""\n\n'
                              for prefix in ("%a ", "%s ")))
    _msgcat_agrees(path, (79,))


def test_undecided_format_flags_are_written_as_msgcat_writes_them(tmp_path: Path) -> None:
    """`possible-c-format` is written `c-format`, `impossible-c-format` not at all (unless a later mark wins)."""
    path = tmp_path / "undecided.po"
    _write_utf8(path, '#, possible-c-format\nmsgid "%d a"\nmsgstr ""\n\n#, impossible-c-format\nmsgid "b"\nmsgstr ""\n\n'
                '#, possible-python-brace-format, c-format\nmsgid "{c} %s"\nmsgstr ""\n\n'
                '#, possible-c-format, c-format\nmsgid "%d d"\nmsgstr ""\n\n'
                '#, c-format, impossible-c-format, no-wrap\nmsgid "e"\nmsgstr ""\n\n'
                '#, impossible-c-format, c-format\nmsgid "%d f"\nmsgstr ""\n')
    po = read_catalogue(path)
    for width in (79, 30):
        assert pofile.dumps(po, width=width, keep_source=False).encode() == msgcat(path, width)


def test_a_nul_escape_ends_the_string_as_for_gettext(tmp_path: Path) -> None:
    path = tmp_path / "nul.po"
    _write_utf8(path, 'msgid "Ende\\0danach"\nmsgstr "End\\000e"\n\nmsgid "x\\x00y"\nmsgstr "z"\n')
    _msgcat_agrees(path)


def test_a_lone_empty_comment_line_is_kept_as_msgcat_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "blank.po"
    path.write_text('#\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    '#.\nmsgid "a"\nmsgstr "b"\n\n#\nmsgid "c"\nmsgstr "d"\n\n'
                    '#\n#.\n#: x.txt:1\nmsgid "e"\nmsgstr "f"\n\n'
                    '#\n#~ msgid "g"\n#~ msgstr "h"\n', encoding="utf-8")
    _msgcat_agrees(path)


@pytest.mark.parametrize("charset", ["EUC-JP", "GB2312", "GBK", "BIG5", "EUC-KR", "SHIFT_JIS", "GB18030",
                                     "ISO-8859-7"])
def test_legacy_cjk_charsets_count_columns_as_msgcat_does(charset: str, tmp_path: Path) -> None:
    """In EUC-JP, GB2312, Big5, EUC-KR... libunistring counts Greek, Cyrillic and symbols 2 columns wide."""
    text = ("ΑΒΓ αβγ ° § ± " * 9) if charset == "ISO-8859-7" else ("ΑΒΓ абв °…§ ДЕЖ " * 9)
    references = " ".join(f"日本人/日本-{number}.txt:{number * 7}" for number in range(12))
    if charset == "ISO-8859-7":
        references = " ".join(f"ab/cd-{number}.txt:{number * 7}" for number in range(12))
    path = tmp_path / "cjk.po"
    path.write_bytes((f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
                      f'#: {references}\nmsgid "Text"\nmsgstr "{text}"\n').encode(charset))
    _msgcat_agrees(path)


def test_references_are_wrapped_by_their_length_in_bytes_as_gettext_counts_them(tmp_path: Path) -> None:
    path = tmp_path / "references.po"
    references = " ".join(f"页面/标题-{number}.txt:{number * 7}" for number in range(12))
    _write_utf8(path, f'#: {references}\nmsgid "a"\nmsgstr "b"\n')
    _msgcat_agrees(path)


def test_cjk_and_emoji_text_is_wrapped_as_msgcat_wraps_it(tmp_path: Path) -> None:
    """Seeded random Japanese, Chinese, Korean and emoji text: libunistring's classes (non-starters such as
    ー っ ・ ！, wide brackets, flags, skin tones, ZWJ sequences) and widths."""
    rng = random.Random(20261129)
    pieces = ("日本語 のテキスト です 。 、 「 」 ー っ ゃ 々 ・ ！ ？ 漢字 カタカナ （ ） … 中文 ， ： ； “ ” 《 》 "
              "한국어 를 abc 1 % . ( ) 😀 👍🏽 🇩🇪 👨‍👩‍👧 ❤️").split() + [" ", " "]
    po = pofile.parse('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    for number in range(300):
        text = f"{number} " + "".join(rng.choice(pieces) for _ in range(rng.randint(5, 60)))
        po.append(polib.POEntry(msgid=text, msgstr=""))
    path = tmp_path / "cjk.po"
    path.write_text(pofile.dumps(po), encoding="utf-8")
    for width in (79, 31, 20):
        assert pofile.dumps(po, width=width, keep_source=False).encode() == msgcat(path, width), width


def test_escapes_split_over_lines_flags_and_empty_plurals_as_msgcat_reads_them(tmp_path: Path) -> None:
    """An octal or hex escape ends with its string literal ("\\1" "01" is a byte 1 and "01"); `c-format,
    no-c-format` is no-c-format; a reference is written once; `msgid_plural ""` stays a plural entry."""
    path = tmp_path / "split.po"
    _write_utf8(path, 'msgid "a\\1"\n"01 and \\x7" "1"\nmsgstr "b\\101"\n"01"\n\n'
                '#: a.txt:1 b.txt a.txt:1 b.txt\n#, c-format, python-format, no-c-format\n'
                'msgid "%d of %s"\nmsgstr "%d von %s"\n\n'
                'msgid "one"\nmsgid_plural ""\nmsgstr[0] "eins"\nmsgstr[1] "viele"\n\n'
                '#~ msgid "old"\n#~ msgid_plural ""\n#~ msgstr[0] "alt"\n#~ msgstr[1] "alte"\n')
    _msgcat_agrees(path)
    po = read_catalogue(path)
    assert po[0].msgid == "a\x0101 and \x071" and po[0].msgstr == "bA01"


def test_indented_lines_and_trailing_comments_are_read_as_gettext_reads_them(tmp_path: Path) -> None:
    """White space before a keyword, string or comment is skipped; comments after the last entry are
    dropped; a header entry after other entries is not counted, as by msgfmt."""
    path = tmp_path / "layout.po"
    path.write_text('  # indented comment\n  #, fuzzy\n   msgid "a"\n\tmsgstr ""\n\t"b"\n\n'
                    'msgid "c"\nmsgstr "d"\n\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '# the end\n', encoding="utf-8")
    _msgcat_agrees(path)
    output = subprocess.run(["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True, check=True, env={"LC_ALL": "C"}).stderr
    counts = count_catalogue(read_catalogue(path))
    assert f"{counts.translated} translated message, {counts.fuzzy} fuzzy translation" in output


def test_update_writes_what_msgmerge_writes_on_real_catalogues(real: list[Path], tmp_path: Path) -> None:
    """The machine's own catalogues against templates with some messages gone and some new ones:
    `update` gives byte for byte what `msgmerge --previous` gives (obsolete entries, header, order)."""
    from l10n.update import update_catalogue

    compared = 0
    for path in real:
        old = read_catalogue(path)
        if not (old.metadata.get("Language") and old.metadata.get("Plural-Forms")):
            continue  # (update adds these two to a catalogue without them; msgmerge does not)
        template = polib.POFile(wrapwidth=79, encoding="utf-8")
        template.metadata = {**old.metadata, "POT-Creation-Date": "2030-01-01 10:00+0000"}
        for number, entry in enumerate(entry for entry in old if not entry.obsolete):
            if number % 13 == 4:
                continue  # gone from the program: obsolete (if translated)
            made = pofile.new_entry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural,
                                    comment=entry.comment, occurrences=list(entry.occurrences),
                                    flags=[flag for flag in entry.flags if flag != "fuzzy"])
            if entry.msgid_plural:
                made.msgstr_plural = {0: "", 1: ""}
            template.append(made)
            if number % 31 == 9:  # a new message like no other
                template.append(pofile.new_entry(msgid=f"Qzx wholly new message {number}"))
        template_path = tmp_path / f"{path.stem}.pot"
        template_path.write_text(pofile.dumps(template), encoding="utf-8")
        theirs = subprocess.run(["msgmerge", "--previous", "--quiet", "-o", "-", str(path), str(template_path)],
                                check=True, capture_output=True).stdout
        ours, _ = update_catalogue(read_catalogue(template_path), old, "de")
        assert catalogue_text(ours).encode(ours.encoding or "utf-8") == theirs, path.name
        compared += 1
    assert compared >= 3
