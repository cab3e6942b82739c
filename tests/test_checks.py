"""Quality checks (each blocking check has a test that fails without it), sync, policy, the report, the CLI."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from l10n.catalog import read_catalogue
from l10n.checks import CHECKS, ConsistencyIndex, Policy, Problem, check_catalogue, check_entry, compile_problems
from helpers import run
from l10n.errors import InputError
from l10n.formatstrings import plural_rule
from l10n.glossary import Term
from l10n.states import State, set_state

REPO = Path(__file__).resolve().parent.parent
DE_PLURALS = "nplurals=2; plural=(n != 1);"


def entry(msgid: str, msgstr: str, *, flags: tuple[str, ...] = (), state: State = State.TRANSLATED,
          **extra: object) -> polib.POEntry:
    made = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags), **extra)
    set_state(made, state)
    return made


def checks(msgid: str, msgstr: str, **kwargs: object) -> set[str]:
    """The check ids that fire for one translation."""
    glossary = kwargs.pop("glossary", ())
    return {problem.check for problem in check_entry(entry(msgid, msgstr, **kwargs), glossary=glossary)}


# -- every check is listed ---------------------------------------------------------------------

def test_checks_table_has_a_severity_and_description_for_every_id() -> None:
    assert all(severity in ("error", "warning") and description for severity, description in CHECKS.values())
    assert {"printf-format", "python-format", "brace-format", "markup", "url", "email", "number", "newlines",
            "plural-forms", "compile", "sync-source", "sync-template"} <= {
        check for check, (severity, _) in CHECKS.items() if severity == "error"}


def test_a_good_translation_has_no_problems() -> None:
    problems = check_entry(entry(
        "The IOM has worked in Germany since 1954 (see https://germany.iom.int or write to info@iom.int).",
        "Die IOM arbeitet seit 1954 in Deutschland (siehe https://germany.iom.int oder an info@iom.int schreiben)."))
    assert problems == []


def test_untranslated_entries_have_no_problems() -> None:
    assert check_entry(entry("Version 3.5 of %s", "", state=State.UNTRANSLATED)) == []


def test_problem_names_the_entry_and_state() -> None:
    [problem] = check_entry(entry("Founded in 1951.", "Gegründet.", state=State.MACHINE))
    assert isinstance(problem, Problem)
    assert (problem.check, problem.severity, problem.msgid, problem.state) == ("number", "error", "Founded in 1951.",
                                                                              "machine")
    assert 'msgid "Founded in 1951."' in problem.message and "1951" in problem.detail


def test_the_fast_span_finder_finds_what_patterns_finds() -> None:
    from l10n.checks.spans import KIND_HINTS as _KIND_HINTS, _kinds, spans as _spans
    from l10n.patterns import PATTERNS, find_spans

    assert list(_KIND_HINTS) == list(PATTERNS)  # a new kind of span needs its hint here
    texts = ["Read the <1>report</1> at https://www.iom.int/x?a=1 or WWW.IOM.INT, write to a.b@iom.int.",
             "%(count)d of %s, {name} {0}, 50 % off, call +49 (0)30 1234-56 on 30.04.2024 or 2024-04-30.",
             "Over 1,000.5 people, 3,5 Mio., ٣ (Arabic-Indic three), <b>bold</b> <br/>", "no spans at all", "",
             "see wWw.example.org or WwW.x.org", "Www.x.org"]  # "www." in any case
    for text in texts:
        assert _spans(text) == find_spans(text), text
        assert _kinds(text) == tuple(kind for kind, hint in _KIND_HINTS.items() if hint(text)), text


# -- blocking: placeholders --------------------------------------------------------------------

def test_printf_with_c_format_flag_follows_msgfmt() -> None:
    assert "printf-format" in checks("%s files in %d folders", "%d Dateien in %s Ordnern", flags=("c-format",))
    assert "printf-format" in checks("%s and %d", "%s und", flags=("c-format",))
    assert "printf-format" not in checks("%s and %d", "%2$d und %1$s", flags=("c-format",))  # reordered
    assert "printf-format" not in checks("%-10s|", "%s|", flags=("c-format",))  # width is not a type
    # "50 % der" is a directive ("% d") in a c-format string: msgfmt -c rejects it too
    assert "printf-format" in checks("50%% of %s", "50 % der %s", flags=("c-format",))


def test_printf_without_flag_only_when_the_msgid_clearly_has_placeholders() -> None:
    assert "printf-format" in checks("Delete %s?", "Löschen?")
    assert "printf-format" in checks("Delete %s?", "%s und %d löschen?")
    assert "printf-format" not in checks("%s of %s", "%2$s von %1$s")
    assert "printf-format" not in checks("Save 50 percent", "50 % sparen")  # no placeholder in the msgid
    assert "printf-format" not in checks("Delete %s?", "%s löschen?", flags=("no-c-format",)) | checks(
        "Delete %s?", "Löschen?", flags=("no-c-format", "no-python-format"))


def test_python_format_named_placeholders() -> None:
    assert "python-format" in checks("%(count)d items in %(name)s", "%(count)d Einträge", flags=("python-format",))
    assert "python-format" in checks("%(name)s", "%(nom)s", flags=("python-format",))
    assert "python-format" not in checks("%(a)s and %(b)s", "%(b)s und %(a)s", flags=("python-format",))
    assert "python-format" in checks("%s and %d", "%d und %s", flags=("python-format",))


def test_brace_placeholders() -> None:
    assert "brace-format" in checks("{name} has {count} files", "{name} hat Dateien", flags=("python-brace-format",))
    assert "brace-format" not in checks("{a} and {b}", "{b} und {a}", flags=("python-brace-format",))
    assert "brace-format" in checks("Hello {name}!", "Hallo {Name}!")  # no flag, but clearly a placeholder
    assert "brace-format" in checks("{a} and {b}", "{a} und {b", flags=("python-brace-format",))  # broken


def test_a_single_number_plural_form_may_omit_the_placeholder() -> None:
    plural = polib.POEntry(msgid="%d file", msgid_plural="%d files", flags=["c-format"],
                           msgstr_plural={0: "eine Datei", 1: "%d Dateien"})
    assert check_entry(plural, plural_forms=DE_PLURALS) == []
    plural.msgstr_plural = {0: "%d Datei", 1: "Dateien"}
    assert {p.check for p in check_entry(plural, plural_forms=DE_PLURALS)} == {"printf-format"}


# -- blocking: markup, URLs, emails, numbers, newlines, plural forms -----------------------------

def test_markup_placeholders_and_tags() -> None:
    assert "markup" in checks("Read the <1>annual report</1>.", "Lesen Sie den Jahresbericht.")
    assert "markup" in checks("Read the <1>report</1>.", "Lesen Sie den </1>Bericht<1>.")  # broken nesting
    assert "markup" not in checks("Read the <1>report</1> and <2/>.", "<2/> und den <1>Bericht</1> lesen.")
    assert "markup" in checks('See <a href="/x">this</a>.', "Siehe dies.")
    assert "markup" not in checks("Usage: git prune <time>", "Aufruf: git prune <Zeit>")  # a metavariable


def test_markdown_code_spans_and_links_in_markdown_catalogues() -> None:
    md = {"occurrences": [("source_texts/page.md", "3")]}
    assert "markup" in checks("Run `l10n check` now.", "Führen Sie l10n check aus.", **md)
    assert "markup" in checks("See [the docs](docs/index.md).", "Siehe [die Doku](docs/start.md).", **md)
    assert "markup" in checks("This is **important**.", "Das ist wichtig.", **md)
    assert "markup" not in checks("Run `l10n check` now.", "Führen Sie `l10n check` aus.", **md)


def test_urls_and_email_addresses_must_survive() -> None:
    assert "url" in checks("Visit https://www.iom.int/news today.", "Besuchen Sie heute https://www.iom.int.")
    assert "email" in checks("Write to info@iom.int.", "Schreiben Sie uns.")
    assert checks("Write to info@iom.int.", "Schreiben Sie an info@iom.int.") == set()


def test_numbers_compare_by_digits_in_either_convention() -> None:
    assert checks("It costs 3.5 million.", "Es kostet 3,5 Millionen.") == set()
    assert checks("Over 1,000 people.", "Über 1.000 Menschen.") == set()
    assert checks("Since 1951.", "Seit 1915.") == {"number"}
    assert checks("On 2024-04-30.", "Am 30.04.2024.") == set()
    assert checks("Call +49 30 1234 567.", "Rufen Sie +49 (30) 1234567 an.") == set()


def test_newline_count_and_ends() -> None:
    assert checks("one\ntwo", "eins zwei") == {"line-count"}  # a warning: msgfmt -c accepts it
    assert "newlines" in checks("line\n", "Zeile")  # an error, as for msgfmt -c
    assert "newlines" in checks("\nline", "Zeile")
    assert checks("one\ntwo\n", "eins\nzwei\n") == set()


def test_plural_forms_must_match_the_header() -> None:
    plural = polib.POEntry(msgid="one file", msgid_plural="many files",
                           msgstr_plural={0: "eine Datei", 1: "viele Dateien", 2: "sehr viele Dateien"})
    assert {p.check for p in check_entry(plural, plural_forms=DE_PLURALS)} == {"plural-forms"}
    assert {p.check for p in check_entry(plural, nplurals=3)} == set()
    plural.msgstr_plural = {0: "eine Datei", 1: ""}
    assert {p.check for p in check_entry(plural, nplurals=2)} == {"plural-forms"}  # an empty form


def test_plural_rule_parses_gettext_expressions() -> None:
    assert plural_rule(DE_PLURALS).singles == frozenset({0})
    polish = plural_rule("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
    assert polish.nplurals == 3 and polish.singles == frozenset({0}) and polish.error is None
    assert plural_rule("nplurals=1; plural=0;").singles == frozenset()
    assert "produce 2" in plural_rule("nplurals=2; plural=n>1 ? 2 : 0;").error
    assert plural_rule("nplurals=2; plural=n!=;").error
    assert plural_rule(None) is None


# -- compile -----------------------------------------------------------------------------------

def _po(text: str, tmp_path: Path) -> polib.POFile:
    path = tmp_path / "x.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + text, encoding="utf-8")
    return read_catalogue(path)


def test_compile_fails_on_header_and_plural_structure(tmp_path: Path) -> None:
    plural_entry = '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    assert [p.check for p in compile_problems(_po(plural_entry, tmp_path))] == ["compile"]  # no Plural-Forms
    assert compile_problems(_po(f'"Plural-Forms: {DE_PLURALS}\\n"\n' + plural_entry, tmp_path)) == []
    invalid = compile_problems(_po('"Plural-Forms: nplurals=2; plural=n>1?2:0;\\n"\n' + plural_entry, tmp_path))
    assert [p.check for p in invalid] == ["compile"]
    no_plural = compile_problems(_po(f'"Plural-Forms: {DE_PLURALS}\\n"\n\nmsgid "a"\nmsgstr[0] "x"\n', tmp_path))
    assert [p.check for p in no_plural] == ["compile"] and no_plural[0].line


def test_compile_fails_when_the_mo_file_cannot_hold_a_translation(tmp_path: Path) -> None:
    po = _po('\nmsgid "5 euros"\nmsgstr "5 Euro"\n', tmp_path)
    po.encoding = "iso-8859-1"
    assert compile_problems(po) == []
    po[0].msgstr = "5 €"  # typed in the web UI: ISO-8859-1 has no euro sign
    [problem] = compile_problems(po)
    assert problem.check == "compile" and "cannot write the .mo file" in problem.message


# -- warnings ----------------------------------------------------------------------------------

def test_identical_translation_of_a_long_source() -> None:
    assert "identical" in checks("This sentence was never translated.", "This sentence was never translated.")
    assert "identical" not in checks("Contact", "Contact")
    assert "identical" not in checks("SSH File Transfer Protocol", "SSH File Transfer Protocol")


def test_whitespace() -> None:
    assert "whitespace" in checks("  indented", "eingerückt")
    assert "whitespace" in checks("end ", "Ende")
    assert "whitespace" in checks("one two", "eins  zwei")
    assert "whitespace" not in checks("one  two", "eins  zwei")


def test_end_punctuation_is_useful_not_noisy() -> None:
    assert checks('He said "hello."', "Er sagte „hallo.“") == set()  # German quotes around the stop
    assert checks("Note:", "Hinweis.") == set()  # ':' vs '.' is normal
    assert checks("Stop it.", "Hör auf!") == set()
    assert "punctuation" in checks("Are you sure?", "Sind Sie sicher.")
    assert "punctuation" in checks("Read this.", "Lies das")
    assert "punctuation" in checks("Our Work", "Unsere Arbeit.")


def test_brackets_and_quotes() -> None:
    assert "brackets" in checks("IOM (the UN migration agency)", "IOM (die UN-Migrationsagentur")
    assert "brackets" in checks('The "best" way', "Der „beste Weg")
    assert "brackets" not in checks('The "best" way', "Der „beste“ Weg")
    assert "brackets" not in checks("1) first", "1) erstens")  # as unbalanced as the source


def test_repeated_word() -> None:
    assert "repeated-word" in checks("the the rule", "die die die Regel")
    assert "repeated-word" not in checks("very very very good", "sehr sehr sehr gut")


def test_glossary_terms() -> None:
    terms = [Term("United Nations", "Vereinte Nationen"), Term("IOM", "")]
    assert "glossary" in checks("The United Nations agree.", "Die UNO stimmt zu.", glossary=terms)
    assert "glossary" not in checks("The United Nations agree.", "Die Vereinten Nationen stimmen zu.",
                                    glossary=terms)
    assert "glossary" in checks("IOM helps.", "Die OIM hilft.", glossary=terms)


def test_length_ratio() -> None:
    assert "length" in checks("Our work for migrants in Germany", "Arbeit")
    assert "length" in checks("Read our annual report", "Lesen Sie unseren ausführlichen jährlichen Bericht über "
                                                        "die Arbeit der Organisation in allen Bundesländern")
    assert "length" not in checks("Read our annual report", "Lesen Sie unseren Jahresbericht")


def test_consistency_across_catalogues(tmp_path: Path) -> None:
    one, two = polib.POFile(), polib.POFile()
    one.append(entry("About us", "Über uns"))
    two.append(entry("About us", "Wir über uns"))
    index = ConsistencyIndex()
    index.add("one.po", one)
    index.add("two.po", two)
    [problem] = index.problems_for(two[0], "two.po")
    assert problem.check == "consistency" and problem.detail == "translated differently in one.po"
    fuzzy = entry("About us", "Über uns", state=State.NEEDS_WORK)  # a fuzzy one is not in the index
    assert index.problems_for(fuzzy, "three.po")


def test_check_catalogue_checks_fuzzy_entries_too(tmp_path: Path) -> None:
    po = _po(f'"Plural-Forms: {DE_PLURALS}\\n"\n\n#, fuzzy\nmsgid "In 1951."\nmsgstr "Im Jahr."\n', tmp_path)
    [problem] = check_catalogue(po)
    assert problem.check == "number" and problem.state == "needs-work"


# -- the CLI on a project ----------------------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the seed page extracted, updated and fully translated (as 'DE[...]' with the numbers)."""
    (tmp_path / "source_texts").mkdir()
    shutil.copy(REPO / "source_texts" / "iom-germany.txt", tmp_path / "source_texts")
    assert run("extract", "--root", str(tmp_path)) == 0
    assert run("update", "--lang", "de", "--root", str(tmp_path)) == 0
    path = catalogue_path(tmp_path)
    po = read_catalogue(path)
    for item in po:
        item.msgstr = item.msgid  # an "identical" warning at most; every placeholder and number survives
        set_state(item, State.TRANSLATED)
    po.save(str(path))
    return tmp_path


def catalogue_path(root: Path) -> Path:
    return root / "locales" / "de" / "LC_MESSAGES" / "iom-germany.po"


def check_json(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = run("check", "--root", str(root), "--format", "json", *args)
    return code, json.loads(capsys.readouterr().out)


def break_number(root: Path, state: State) -> str:
    path = catalogue_path(root)
    po = read_catalogue(path)
    target = next(item for item in po if "1954" in item.msgid)
    target.msgstr = target.msgid.replace("1954", "1945")
    set_state(target, state)
    po.save(str(path))
    return target.msgid


def test_a_complete_project_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = check_json(project, capsys)
    assert code == 0 and report["ok"] is True
    [item] = report["catalogues"]
    assert item["sync"] == "ok" and item["complete_percent"] == 100.0 and item["untranslated"] == 0
    assert all(not problem["fails"] for problem in item["problems"])


def test_a_broken_number_in_a_translated_entry_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msgid = break_number(project, State.TRANSLATED)
    code, report = check_json(project, capsys)
    assert code == 1 and report["ok"] is False
    [failing] = [p for p in report["catalogues"][0]["problems"] if p["fails"]]
    assert failing["check"] == "number" and failing["msgid"] == msgid and failing["line"]


def test_a_broken_number_in_a_machine_translation_is_reported_but_does_not_fail(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_number(project, State.MACHINE)
    code, report = check_json(project, capsys)
    assert code == 0
    [problem] = [p for p in report["catalogues"][0]["problems"] if p["check"] == "number"]
    assert problem["state"] == "machine" and problem["fails"] is False


def test_a_catalogue_out_of_date_with_its_source_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = project / "source_texts" / "iom-germany.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph was added.\n", encoding="utf-8")
    code, report = check_json(project, capsys)
    assert code == 1
    [problem] = [p for p in report["catalogues"][0]["problems"] if p["check"] == "sync-source"]
    assert "l10n extract" in problem["message"] and "l10n update --lang de" in problem["message"]
    assert "1 new" in problem["message"]
    # after extract only, the template is fresh and the catalogue is not: the fix is `l10n update`
    assert run("extract", "--root", str(project)) == 0
    code, report = check_json(project, capsys)
    [problem] = [p for p in report["catalogues"][0]["problems"] if p["fails"]]
    assert code == 1 and problem["check"] == "sync-template" and "l10n extract" not in problem["message"]
    assert run("update", "--lang", "de", "--root", str(project)) == 0
    code, report = check_json(project, capsys)
    assert [p["check"] for p in report["catalogues"][0]["problems"] if p["fails"]] == []


def test_a_catalogue_differing_from_its_template_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = project / "locales" / "iom-germany.pot"
    po = read_catalogue(template)
    po.append(polib.POEntry(msgid="A sentence only in the template.", msgstr=""))
    po.save(str(template))
    code, report = check_json(project, capsys)
    assert code == 1
    assert [p["check"] for p in report["catalogues"][0]["problems"] if p["fails"]] == ["sync-template"]


def test_a_syntax_error_exits_2_naming_file_and_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalogue_path(project)
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("msgstr ") and i > 5)
    lines[number] = 'msgstr "no closing quote'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for extra in ([], ["--counts-only"]):
        assert run("check", "--root", str(project), *extra) == 2
        assert f"iom-germany.po:{number + 1}:" in capsys.readouterr().err


def test_check_on_paths_outside_a_project(project: Path, tmp_path_factory: pytest.TempPathFactory,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path_factory.mktemp("other") / "nested"
    elsewhere.mkdir()
    shutil.copy(catalogue_path(project), elsewhere / "copy.po")
    code, report = check_json(elsewhere.parent, capsys, str(elsewhere.parent))
    assert code == 0
    [item] = report["catalogues"]
    assert item["path"].endswith("copy.po") and item["sync"] == "unchecked" and item["language"] == "de"
    assert run("check", str(elsewhere / "missing.po")) == 2


def test_min_complete_option_and_policy(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalogue_path(project)
    po = read_catalogue(path)
    headings = [item for item in po if "heading" in item.comment]
    for item in headings:
        set_state(item, State.MACHINE, machine={"origin": "mt"})
    po.save(str(path))
    code, report = check_json(project, capsys)
    assert code == 0  # no policy: fuzzy headings are fine
    code, report = check_json(project, capsys, "--min-complete", "99")
    assert code == 1 and [p["check"] for p in report["catalogues"][0]["problems"] if p["fails"]] == ["min-complete"]

    (project / "l10n.toml").write_text(
        "[policy]\nmin_complete = 10\n[policy.pages.iom-germany]\nno_machine_in_headings = true\n", encoding="utf-8")
    code, report = check_json(project, capsys)
    failing = {p["check"] for p in report["catalogues"][0]["problems"] if p["fails"]}
    assert code == 1 and failing == {"machine-heading"}
    (project / "l10n.toml").write_text("[policy]\nmin_completeness = 10\n", encoding="utf-8")
    assert run("check", "--root", str(project)) == 2  # a typo in the policy is an input error


def test_policy_defaults_and_page_overrides() -> None:
    settings = {"policy": {"min_complete": 50, "pages": {"home": {"min_complete": 90, "no_blocking": False}}}}
    assert Policy.for_page(settings, "other") == Policy(50, False, True)
    assert Policy.for_page(settings, "home") == Policy(90, False, False)
    with pytest.raises(InputError):
        Policy.for_page({"policy": {"min_complete": "high"}}, "home")


def test_fail_on_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = catalogue_path(project)
    po = read_catalogue(path)
    target = next(item for item in po if item.msgid.endswith("."))
    target.msgstr = target.msgid[:-1]  # end punctuation lost: a warning
    po.save(str(path))
    assert check_json(project, capsys)[0] == 0
    code, report = check_json(project, capsys, "--fail-on", "warning")
    assert code == 1 and {p["check"] for p in report["catalogues"][0]["problems"] if p["fails"]} >= {"punctuation"}


def test_junit_output_is_valid_xml(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_number(project, State.TRANSLATED)
    capsys.readouterr()
    assert run("check", "--root", str(project), "--format", "junit") == 1
    root = ET.fromstring(capsys.readouterr().out)
    [suite] = root.findall("testsuite")
    assert suite.get("name").endswith("iom-germany.po") and suite.get("failures") == "1"
    [failure] = suite.iter("failure")
    assert failure.get("type") == "number"
    assert int(suite.get("tests")) == len(suite.findall("testcase"))


def test_text_output_is_a_table_without_colour_off_a_terminal(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    break_number(project, State.TRANSLATED)
    capsys.readouterr()
    assert run("check", "--root", str(project)) == 1
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert out.splitlines()[0].split()[:3] == ["catalogue", "lang", "done"]
    assert "iom-germany.po:" in out and "[number]" in out and "FAILED" in out


@pytest.mark.parametrize("fuzzy, expected", [(False, 1), (True, 0)], ids=["translated", "fuzzy"])
def test_a_broken_placeholder_in_a_german_catalogue_fails_only_when_translated(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fuzzy: bool, expected: int) -> None:
    path = tmp_path / "de" / "LC_MESSAGES" / "page.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    f'"Plural-Forms: {DE_PLURALS}\\n"\n\n'
                    + ("#, fuzzy\n" if fuzzy else "")
                    + 'msgid "Read the <1>annual report</1> by %(name)s."\n'
                      'msgstr "Lesen Sie den <1>Jahresbericht von %(name)s."\n', encoding="utf-8")
    assert run("check", str(tmp_path), "--root", str(tmp_path), "--format", "json") == expected
    [item] = json.loads(capsys.readouterr().out)["catalogues"]
    assert [problem["check"] for problem in item["problems"]] == ["markup"]
    assert item["language"] == "de" and item["problems"][0]["fails"] is not fuzzy


def test_check_streams_and_reports_a_difference_once_at_the_later_catalogue(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'
    for name, text in (("a.po", "Über uns"), ("b.po", "Über uns"), ("c.po", "Wir über uns")):
        (folder / name).write_text(header + f'msgid "About us"\nmsgstr "{text}"\n', encoding="utf-8")
    capsys.readouterr()
    assert run("check", str(tmp_path), "--format", "json", "--root", str(tmp_path)) == 0  # a warning only
    report = json.loads(capsys.readouterr().out)
    found = {Path(item["path"]).name: [p["message"] for p in item["problems"] if p["check"] == "consistency"]
             for item in report["catalogues"]}
    assert found["a.po"] == found["b.po"] == []
    [message] = found["c.po"]
    assert message.endswith("translated differently in a.po")  # the first catalogue with that translation


def test_worker_processes_give_the_same_report(tmp_path: Path) -> None:
    """`l10n check --jobs N` checks catalogues side by side; the consistency check stays in order, so the
    report (problems, their order, the unreadable catalogue) is the same as with one process."""
    from l10n.config import load_project
    from l10n.report import run_check

    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n'
              f'"Plural-Forms: {DE_PLURALS}\\n"\n\n')
    for number in range(7):  # the same sources translated alike or not, problems before and after them
        entries = [f'msgid "About us"\nmsgstr "{"Über uns" if number % 3 else "Wir über uns"}"\n',
                   f'#, c-format\nmsgid "%d files in {number} folders"\nmsgstr "%s Dateien"\n',
                   'msgctxt "menu"\nmsgid "Open"\nmsgstr "' + ("Öffnen" if number % 2 else "Auf") + '"\n',
                   f'msgid "One file"\nmsgid_plural "%d files"\nmsgstr[0] "Eine Datei {number}"\n'
                   'msgstr[1] "%d Dateien"\n',
                   '#, fuzzy\nmsgid "Contact"\nmsgstr "Kontakt"\n']
        (folder / f"page{number}.po").write_text(header + "\n".join(entries), encoding="utf-8")
    (folder / "page3.po").write_text(header + 'msgid "Broken\nmsgstr ""\n', encoding="utf-8")
    project = load_project(tmp_path)
    reports = [run_check(project, (tmp_path,), jobs=jobs) for jobs in (1, 2, 3)]
    assert reports[0].unreadable and "page3.po" in str(reports[0].unreadable[0])
    assert sum(problem.check == "consistency" for item in reports[0].catalogues for problem in item.problems) >= 4
    assert reports[1].to_json() == reports[0].to_json() == reports[2].to_json()
    assert [str(error) for error in reports[1].unreadable] == [str(error) for error in reports[0].unreadable]
    # each consistency problem sits with its entry's other problems, in file order
    for item in reports[1].catalogues:
        lines = [problem.line for problem in item.problems if problem.line is not None]
        assert lines == sorted(lines), item.name
