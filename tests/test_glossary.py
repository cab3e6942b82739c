"""The CSV glossary: loading, term matching, checking translations against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.errors import InputError
from l10n.glossary import Term, find_terms, keep_terms, load_glossary, missing_terms

REPO = Path(__file__).resolve().parent.parent

TERMS = [
    Term("IOM", ""),
    Term("EU", "EU"),
    Term("United Nations", "Vereinte Nationen"),
    Term("United Nations System", "System der Vereinten Nationen"),
    Term("Member States", "Mitgliedstaaten"),
    Term("migration", "Migration"),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_is_an_empty_glossary(tmp_path: Path) -> None:
    assert load_glossary(tmp_path / "nope.csv") == []


def test_load_reads_the_language_column_notes_and_keep_terms(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffen,fr,de,note\n# a comment\n\nIOM,,,acronym\n"
                           '"United  Nations",Nations unies,Vereinte Nationen,"official, UN"\nEU,UE,EU\n')
    terms = load_glossary(path, "de")
    assert terms == [Term("IOM", "", "acronym"), Term("United Nations", "Vereinte Nationen", "official, UN"),
                     Term("EU", "EU", "")]
    assert [t.keep for t in terms] == [True, False, True]
    assert keep_terms(terms) == [terms[0], terms[2]]
    assert load_glossary(path, "fr")[1].target == "Nations unies"


@pytest.mark.parametrize("text, line, message", [
    ("en,de,note\nIOM,,x,extra\n", 2, "4 fields"),
    ("en,de,note\nmigration,Migration\n\n,Leer\n", 4, "empty source"),
    ("en,de\nIOM\n", 2, "no 'de' field"),
    ("en,fr\nIOM,\n", 1, "no column for language 'de'"),
    ("en,de\nIOM,\nEU,\nIOM,\n", 4, "defined twice (first on line 2)"),
])
def test_malformed_glossary_names_the_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as error:
        load_glossary(write(tmp_path, text))
    assert error.value.line == line
    assert message in error.value.message


def test_glossary_that_is_not_utf8_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_bytes("en,de\nfoo,bär\n".encode("latin-1"))
    with pytest.raises(InputError) as error:
        load_glossary(path)
    assert error.value.line == 2


def test_repository_glossary_loads() -> None:
    terms = {term.source: term for term in load_glossary(REPO / "glossary.csv")}
    assert terms["IOM"].keep and terms["EU"].keep
    assert terms["United Nations"].target == "Vereinte Nationen"
    assert terms["Member States"].target == "Mitgliedstaaten"


def found(text: str) -> list[tuple[str, str]]:
    return [(term.source, text[start:end]) for term, start, end in find_terms(text, TERMS)]


def test_acronyms_match_case_sensitively_other_terms_in_any_case() -> None:
    assert found("The EU and the eu; Iom or IOM.") == [("EU", "EU"), ("IOM", "IOM")]
    assert found("MIGRATION, Migration and migration") == [("migration", "MIGRATION"), ("migration", "Migration"),
                                                            ("migration", "migration")]


def test_terms_match_whole_words_only_and_longest_first() -> None:
    assert found("IOMX, EUROPE, migrations, emigration") == []
    assert found("the EU-Pact, the IOM's office") == [("EU", "EU"), ("IOM", "IOM")]
    assert found("the United Nations System and the United\nNations and member states") == [
        ("United Nations System", "United Nations System"), ("United Nations", "United\nNations"),
        ("Member States", "member states")]


def test_missing_terms_allows_german_inflection_and_counts_occurrences() -> None:
    source = "The United Nations and the EU support Member States on migration."
    good = "Die Vereinten Nationen und die EU unterstützen die Mitgliedstaaten bei der Migration."
    assert missing_terms(source, good, TERMS) == []
    bad = "Die UN und die Europäische Union unterstützen die Mitgliedsländer bei der migration."
    assert [t.source for t in missing_terms(source, bad, TERMS)] == ["United Nations", "EU", "Member States"]
    twice = "IOM and IOM"
    assert [t.source for t in missing_terms(twice, "IOM und die Organisation", TERMS)] == ["IOM"]
