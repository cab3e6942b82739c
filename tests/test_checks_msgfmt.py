"""`l10n check` judges format directives in plural forms as GNU `msgfmt -c` does: both run on the same files.

msgfmt compares every msgstr[j] with msgid_plural, strictly for a form its
Plural-Forms expression yields for at least 5 numbers in 0..1000, relaxed
(directives may be left out) for the others — see `l10n/checks/plurals.py`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from l10n.catalog import read_catalogue
from l10n.checks import check_catalogue
from l10n.formatstrings import plural_rule

MSGFMT = shutil.which("msgfmt")
pytestmark = pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")

# What msgfmt -c judges that l10n also reports as an error.
MSGFMT_CHECKS = {"printf-format", "python-format", "brace-format", "plural-forms", "compile", "newlines"}

PLURAL_FORMS = {
    "de": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
          ": n%100>=11 ? 4 : 5);",
    "ja": "nplurals=1; plural=0;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "ga": "nplurals=5; plural=(n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "is": "nplurals=2; plural=(n%10!=1 || n%100==11);",
}


def po_text(plural_forms: str | None, body: str) -> str:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    if plural_forms:
        header += f'"Plural-Forms: {plural_forms}\\n"\n'
    return header + "\n" + body


def plural_entry(forms: list[str], flag: str = "c-format", msgid: str = "One file",
                 msgid_plural: str = "%d files", extra_flags: str = "") -> str:
    lines = [f"#, {flag}{extra_flags}", f'msgid "{msgid}"', f'msgid_plural "{msgid_plural}"']
    lines += [f'msgstr[{index}] "{text}"' for index, text in enumerate(forms)]
    return "\n".join(lines) + "\n"


def judge(tmp_path: Path, text: str) -> tuple[bool, bool, str]:
    """(msgfmt -c fails, l10n check fails, what each said) for one PO text."""
    path = tmp_path / "x.po"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True,
                            env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    msgfmt_said = "\n".join(line for line in result.stderr.splitlines() if "header field" not in line)
    problems = [p for p in check_catalogue(read_catalogue(path)) if p.check in MSGFMT_CHECKS]
    return result.returncode != 0, bool(problems), f"msgfmt: {msgfmt_said!r}; l10n: {[p.message for p in problems]}"


def cases() -> list[tuple[str, str, list[str]]]:
    """(language, what, plural forms) for every language: all forms right, each form without %d, each with %s."""
    found = []
    for language, header in PLURAL_FORMS.items():
        nplurals = plural_rule(header).nplurals
        found.append((language, "every form has %d", [f"%d Form{j}" for j in range(nplurals)]))
        for j in range(nplurals):
            forms = [f"%d Form{k}" for k in range(nplurals)]
            forms[j] = f"Form{j} ohne Zahl"
            found.append((language, f"msgstr[{j}] without %d", forms))
            forms = [f"%d Form{k}" for k in range(nplurals)]
            forms[j] = f"%d Form{j} %s"
            found.append((language, f"msgstr[{j}] with an extra %s", forms))
            forms = [f"%d Form{k}" for k in range(nplurals)]
            forms[j] = f"%s Form{j}"
            found.append((language, f"msgstr[{j}] with %s for %d", forms))
    return found


@pytest.mark.parametrize("language, what, forms", cases(), ids=lambda value: str(value).replace(" ", "_"))
def test_plural_format_directives_agree_with_msgfmt(tmp_path: Path, language: str, what: str,
                                                    forms: list[str]) -> None:
    msgfmt_fails, l10n_fails, said = judge(tmp_path, po_text(PLURAL_FORMS[language], plural_entry(forms)))
    assert msgfmt_fails == l10n_fails, f"{language}, {what}: {said}"


def test_the_issue_examples(tmp_path: Path) -> None:
    french = po_text(PLURAL_FORMS["fr"], plural_entry(["Un fichier", "%d fichiers"]))
    assert judge(tmp_path, french)[:2] == (False, False)  # form 0 serves n = 0 and 1 only: relaxed
    russian = po_text(PLURAL_FORMS["ru"], plural_entry(["Один файл", "%d файла", "%d файлов"]))
    assert judge(tmp_path, russian)[:2] == (True, True)  # form 0 serves 1, 21, 31 …: strict
    polish = po_text(PLURAL_FORMS["pl"], plural_entry(["Jeden plik", "%d pliki", "%d plików"]))
    assert judge(tmp_path, polish)[:2] == (False, False)  # form 0 serves only n = 1


@pytest.mark.parametrize("what, header, body", [
    ("no Plural-Forms header: msgfmt assumes n != 1", None,
     'msgid "x"\nmsgstr "y"\n'),  # a catalogue without plural entries needs no header
    ("python-format, form 0 of German without the placeholder", PLURAL_FORMS["de"],
     plural_entry(["Eine Datei", "%(n)d Dateien"], "python-format", "One file", "%(n)d files")),
    ("python-format, Japanese single form without the placeholder", PLURAL_FORMS["ja"],
     plural_entry(["ファイル"], "python-format", "One file", "%(n)d files")),
    ("Japanese single form with the directive", PLURAL_FORMS["ja"], plural_entry(["%d 個のファイル"])),
    ("Japanese single form without it: strict", PLURAL_FORMS["ja"], plural_entry(["ファイル"])),
    ("only msgstr[0] of two forms", PLURAL_FORMS["de"], plural_entry(["Datei"])),
    ("a range flag makes Russian form 0 serve only n = 1", PLURAL_FORMS["ru"],
     plural_entry(["Один файл", "%d файла", "%d файлов"], extra_flags=", range: 0..3")),
    ("a range flag that still gives form 0 two numbers", PLURAL_FORMS["ru"],
     plural_entry(["Один файл", "%d файла", "%d файлов"], extra_flags=", range: 0..30")),
    ("form 0 keeps msgid's directive, msgid_plural has another", PLURAL_FORMS["de"],
     plural_entry(["%s Datei", "%d Dateien"], msgid="%s file", msgid_plural="%d files")),
    ("singular entry without its directive", PLURAL_FORMS["de"], '#, c-format\nmsgid "%d file"\nmsgstr "Datei"\n'),
    ("invalid plural expression", "nplurals=2; plural=n>1 ? 2 : 0;", plural_entry(["Un fichier", "%d fichiers"])),
    ("a plural expression dividing by zero", "nplurals=2; plural=n/(n-n);", plural_entry(["%d f", "%d fs"])),
    ("a plural expression without parentheses", "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
     plural_entry(["Eine", "Zwei", "%d viele"])),
    ("fewer forms than nplurals", PLURAL_FORMS["ru"], plural_entry(["%d файл", "%d файла"])),
    ("positional directives reordered", PLURAL_FORMS["de"],
     plural_entry(["%2$s: eine Datei von %1$s", "%2$s: %1$d Dateien"], msgid="%1$d file of %2$s",
                  msgid_plural="%1$d files of %2$s")),
    ("brace-format, German form 0 without the field", PLURAL_FORMS["de"],
     plural_entry(["Eine Datei", "{n} Dateien"], "python-brace-format", "One file", "{n} files")),
    ("brace-format, Russian form 0 without the field", PLURAL_FORMS["ru"],
     plural_entry(["Один файл", "{n} файла", "{n} файлов"], "python-brace-format", "One file", "{n} files")),
    ("brace-format, an extra field in the strict form", PLURAL_FORMS["de"],
     plural_entry(["{n} Datei", "{n} Dateien {x}"], "python-brace-format", "One file", "{n} files")),
    ("brace-format, automatic fields", None, '#, python-brace-format\nmsgid "{} and {}"\nmsgstr "{} und"\n'),
    ("brace-format, another attribute of the same field", None,
     '#, python-brace-format\nmsgid "{n.x} of {m}"\nmsgstr "{m}: {n.y}"\n'),
    ("python-format, named argument renamed", PLURAL_FORMS["de"],
     plural_entry(["%(n)d Datei", "%(m)d Dateien"], "python-format", "%(n)d file", "%(n)d files")),
    ("c-format, a relaxed form uses %2$s without %1$d", PLURAL_FORMS["cs"],
     plural_entry(["Soubor %2$s", "Soubory %2$s", "%1$d souborů %2$s"], msgid="One file in %2$s",
                  msgid_plural="%1$d files in %2$s")),
    ("c-format %m consumes no argument", None, '#, c-format\nmsgid "%lu: %m (%ld)"\nmsgstr "%m (%ld)"\n'),
    ("c-format %m added in the translation", None, '#, c-format\nmsgid "%d files"\nmsgstr "%d Dateien: %m"\n'),
    ("c-format I flag in the msgid: no C format string for msgfmt", None,
     '#, c-format\nmsgid "%Id files"\nmsgstr "Dateien"\n'),
    ("c-format I flag in the translation", None, '#, c-format\nmsgid "%d files"\nmsgstr "%Id Dateien"\n'),
    ("python-format, unnamed: form 0 drops one argument", PLURAL_FORMS["de"],
     plural_entry(["Eine Datei in %s", "%d Dateien in %s"], "python-format", "One file in %s", "%d files in %s")),
    ("python-format, named: form 0 drops one argument", PLURAL_FORMS["de"],
     plural_entry(["Eine Datei in %(dir)s", "%(n)d Dateien in %(dir)s"], "python-format",
                  "One file in %(dir)s", "%(n)d files in %(dir)s")),
    ("brace-format, form 0 uses a field of msgid only", PLURAL_FORMS["de"],
     plural_entry(["{name}: eine Datei", "{n} Dateien"], "python-brace-format", "{name}: one file", "{n} files")),
    ("no Plural-Forms header, the plural entry untranslated", None,
     'msgid "x"\nmsgid_plural "xs"\nmsgstr[0] ""\nmsgstr[1] "b"\n'),
    ("no Plural-Forms header, the plural entry fuzzy", None,
     '#, fuzzy\nmsgid "x"\nmsgid_plural "xs"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'),
    ("no Plural-Forms header, a translated entry with an empty msgid_plural", None,
     'msgid "x"\nmsgid_plural ""\nmsgstr[0] "a"\nmsgstr[1] "b"\n'),
    ("Plural-Forms without plural=, the plural entry untranslated", "nplurals=2;",
     'msgid "x"\nmsgid_plural "xs"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    ("Plural-Forms without plural=, no plural entry", "nplurals=2;", 'msgid "a"\nmsgstr "b"\n'),
    ("Plural-Forms without plural=, a plural entry", "nplurals=2;", plural_entry(["%d Datei", "%d Dateien"])),
    ("Plural-Forms with spaces around =", "nplurals = 2; plural = n != 1;", plural_entry(["%d Datei", "%d Dateien"])),
    ("Plural-Forms with text after the expression", "nplurals=2; plural=n != 1; und so weiter",
     plural_entry(["%d Datei", "%d Dateien"])),
    ("Plural-Forms with a bad nplurals, no plural entry", "nplurals=x; plural=0;", 'msgid "a"\nmsgstr "b"\n'),
    ("Plural-Forms with a bad expression, no plural entry", "nplurals=2; plural=n>1 ? 2 : 0;",
     'msgid "a"\nmsgstr "b"\n'),
    ("msgid and msgid_plural do not both end with a line break", PLURAL_FORMS["de"],
     'msgid "a\\n"\nmsgid_plural "as"\nmsgstr[0] "b\\n"\nmsgstr[1] "bs"\n'),
    ("msgid and msgid_plural do not both begin with a line break", PLURAL_FORMS["de"],
     'msgid "a"\nmsgid_plural "\\nas"\nmsgstr[0] "b"\nmsgstr[1] "\\nbs"\n'),
    ("an empty msgid_plural is still a plural entry", PLURAL_FORMS["de"],
     'msgid "one"\nmsgid_plural ""\nmsgstr[0] "eins"\nmsgstr[1] "viele"\n'),
    ("msgstr[0] without msgid_plural", PLURAL_FORMS["de"], 'msgid "one"\nmsgstr[0] "eins"\n'),
    ("python-format, %r for %s", None, '#, python-format\nmsgid "Name: %s"\nmsgstr "Name: %r"\n'),
    ("python-format, named %r for %s", None, '#, python-format\nmsgid "Name: %(n)s"\nmsgstr "Name: %(n)r"\n'),
    ("python-format, %c for %s", None, '#, python-format\nmsgid "Key: %s"\nmsgstr "Taste: %c"\n'),
    ("python-format, %a is no directive for 0.21", None, '#, python-format\nmsgid "Name: %r"\nmsgstr "Name: %a"\n'),
    ("python-format, a msgid with %a is not compared", None, '#, python-format\nmsgid "Name: %a"\nmsgstr "Name"\n'),
    ("brace-format, spaces in the field name", None, '#, python-brace-format\nmsgid "{name}"\nmsgstr "{ name }"\n'),
    ("brace-format, a msgid with an automatic field is no format string for 0.21", None,
     '#, python-brace-format\nmsgid "{} new files"\nmsgstr "Neue Dateien"\n'),
    ("brace-format, a msgid with a conversion is no format string for 0.21", None,
     '#, python-brace-format\nmsgid "{path!r} is gone"\nmsgstr "Weg"\n'),
    ("brace-format, a msgid with a spec 0.21 cannot read", None,
     '#, python-brace-format\nmsgid "{n:,} files"\nmsgstr "Dateien"\n'),
    ("brace-format, an automatic field added", None, '#, python-brace-format\nmsgid "Files"\nmsgstr "{} Dateien"\n'),
    ("brace-format, the format spec is part of the field", None,
     '#, python-brace-format\nmsgid "{count:>5} files"\nmsgstr "{count:<5} Dateien"\n'),
    ("brace-format, the spec dropped", None, '#, python-brace-format\nmsgid "{count:>5} files"\nmsgstr "{count} Dateien"\n'),
    ("brace-format, a nested field is part of its field", None,
     '#, python-brace-format\nmsgid "{n:{width}} files"\nmsgstr "{n:{width}} Dateien {width}"\n'),
    ("brace-format, a lone closing brace", None, '#, python-brace-format\nmsgid "{n} } files"\nmsgstr "{n} Dateien"\n'),
    ("brace-format, a lone opening brace in the translation", None,
     '#, python-brace-format\nmsgid "{n} files"\nmsgstr "{n} Dateien {"\n'),
    ("a line break inside re-wrapped", PLURAL_FORMS["de"], 'msgid "one\\ntwo"\nmsgstr "eins zwei"\n'),
    ("a trailing line break lost", PLURAL_FORMS["de"], 'msgid "one\\n"\nmsgstr "eins"\n'),
    ("a leading line break added", PLURAL_FORMS["de"], 'msgid "one"\nmsgstr "\\neins"\n'),
])
def test_other_entries_agree_with_msgfmt(tmp_path: Path, what: str, header: str | None, body: str) -> None:
    msgfmt_fails, l10n_fails, said = judge(tmp_path, po_text(header, body))
    assert msgfmt_fails == l10n_fails, f"{what}: {said}"


def test_plural_rule_knows_which_forms_msgfmt_checks_strictly() -> None:
    assert plural_rule(PLURAL_FORMS["fr"]).often == frozenset({1})  # form 0: n = 0, 1
    assert plural_rule(PLURAL_FORMS["ru"]).often == frozenset({0, 1, 2})
    assert plural_rule(PLURAL_FORMS["ar"]).often == frozenset({3, 4, 5})
    assert plural_rule(PLURAL_FORMS["ja"]).often == frozenset({0})
    # form 2 serves n = 0, 3..6 (five numbers: strict), form 3 only 7..10 (four: relaxed)
    assert plural_rule(PLURAL_FORMS["ga"]).often == frozenset({2, 4})


def test_where_l10n_is_stricter_than_msgfmt_on_purpose(tmp_path: Path) -> None:
    """msgfmt 0.21 accepts a python-brace-format field the source lacks in a form it checks relaxed (unlike
    c-format, where it fails); str.format raises KeyError on it at run time, so l10n reports it."""
    text = po_text(PLURAL_FORMS["de"], plural_entry(["{n} Datei {x}", "{n} Dateien"], "python-brace-format",
                                                     "One file", "{n} files"))
    assert judge(tmp_path, text)[:2] == (False, True)
    c_format = po_text(PLURAL_FORMS["de"], plural_entry(["%d Datei %s", "%d Dateien"], msgid="One file"))
    assert judge(tmp_path, c_format)[:2] == (True, True)
