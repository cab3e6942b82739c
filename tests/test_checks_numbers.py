"""The `number` check: character references are not numbers; ordinals and 12-hour times as German writes them."""

from __future__ import annotations

import polib
import pytest

from l10n.checks import check_entry


def number_problems(msgid: str, msgstr: str) -> list[str]:
    return [problem.detail for problem in check_entry(polib.POEntry(msgid=msgid, msgstr=msgstr))
            if problem.check == "number"]


# -- character references ------------------------------------------------------------------------

@pytest.mark.parametrize("msgid, msgstr", [
    ("Tom&#39;s caf&eacute; &#8212; open", "Toms Café — täglich geöffnet"),
    ("Tom&#x27;s caf&#233; &mdash; open", "Toms Café — geöffnet"),
    ("Half&#X2014;price: &frac12; off, 10 m&sup2;", "Halber Preis: die Hälfte, 10 m²"),
    ("&#8220;Welcome&#8221;&nbsp;home", "„Willkommen“ zu Hause"),
])
def test_character_references_are_not_numbers(msgid: str, msgstr: str) -> None:
    assert number_problems(msgid, msgstr) == []


def test_a_number_beside_a_character_reference_still_counts() -> None:
    assert number_problems("&#169; 2024 IOM", "© IOM") == ["number 2024 is missing in the translation"]
    assert number_problems("&#169; 2024 IOM", "&#169; 2024 IOM") == []


# -- ordinals ------------------------------------------------------------------------------------

def test_dropped_ordinals_are_flagged() -> None:
    [detail] = number_problems("The 109th session opens on the 21st.", "Die Sitzung beginnt am Montag.")
    assert "109th" in detail and "21st" in detail and "109." in detail


@pytest.mark.parametrize("msgid, msgstr", [
    ("The 109th session opens on the 21st.", "Die 109. Sitzung beginnt am 21."),
    ("the 1st, 2nd, 3rd and 22nd floor", "im 1., 2., 3. und 22. Stock"),
    ("the 1st, 2nd, 3rd and 22nd floor", "im ersten, zweiten, dritten und 22. Stock"),
    ("on March 21st, 2024", "am 21. März 2024"),
    ("on March 21st, 2024", "am 21.03.2024"),
    ("the 1st prize", "der 1. Preis"),
    ("the 101st meeting and the 12th round", "die 101. Sitzung und die zwölfte Runde"),
    ("the 33rd and the 42nd", "der 33ste und der 42te"),
])
def test_german_ordinals_are_accepted(msgid: str, msgstr: str) -> None:
    assert number_problems(msgid, msgstr) == []


@pytest.mark.parametrize("msgid, msgstr", [
    ("the 1st, 2nd, 3rd and 22nd floor", "im ersten, zweiten und 22. Stock"),
    ("the 3rd report", "der 4. Bericht"),
    ("the 2nd edition", "die Ausgabe"),
    ("on the 22nd", "am 2."),
])
def test_missing_or_wrong_ordinals_are_flagged(msgid: str, msgstr: str) -> None:
    [detail] = number_problems(msgid, msgstr)
    assert detail.startswith("ordinal")


# -- times ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("msgid, msgstr", [
    ("Open 9 am to 5 pm.", "Geöffnet von 9 bis 17 Uhr."),
    ("Open 9 am to 5 pm.", "Geöffnet von 9 Uhr bis 17 Uhr."),
    ("Open 9 am to 5 pm.", "Geöffnet von 09:00 bis 17:00."),
    ("Doors close at 9:30 p.m.", "Einlass bis 21:30 Uhr."),
    ("Doors close at 9:30 p.m.", "Einlass bis 21.30 Uhr."),
    ("Lunch at noon, closing at midnight.", "Mittagessen um 12 Uhr, Schluss um Mitternacht."),
    ("Lunch at noon, closing at midnight.", "Essen am Mittag, Schluss um 24 Uhr."),
    ("at 12 noon", "um 12 Uhr mittags"),
    ("From 10:00 to 18:00.", "Von 10.00 bis 18.00 Uhr."),
    ("At 5 PM", "Um 5 Uhr nachmittags"),
    ("At 12 am", "Um 0 Uhr"),
    ("At 12 pm", "Um 12 Uhr"),
    ("At 7pm and 8 a.m.", "Um 19 Uhr und 8 Uhr morgens"),
    ("At 11 p.m.", "Um 11 Uhr nachts"),
    ("Call 5 times between 9 am and 5 pm", "Rufen Sie zwischen 9 und 17 Uhr 5-mal an"),
    ("Open 9 am to 5 pm.", "Open 9 am to 5 pm."),  # kept as it is: the same times
    ("Open 2 to 4 pm.", "Geöffnet von 14 bis 16 Uhr."),  # the range's am/pm applies to its start
    ("Open 9 to 5 pm.", "Geöffnet von 9 bis 17 Uhr."),  # … unless the start is later: 9 am
    ("Talks 10:30–11:45 a.m.", "Vorträge 10:30–11:45 Uhr."),
])
def test_twelve_hour_times_may_become_twenty_four_hour_times(msgid: str, msgstr: str) -> None:
    assert number_problems(msgid, msgstr) == []


@pytest.mark.parametrize("msgid, msgstr, missing", [
    ("Open 9 am to 5 pm.", "Geöffnet von 9 bis 5 Uhr.", "5 pm"),  # 5 Uhr is 5 am
    ("Open 9 am to 5 pm.", "Geöffnet ab 9 Uhr.", "5 pm"),
    ("Doors close at 9:30 p.m.", "Einlass bis 9:30 Uhr.", "9:30 p.m."),
    ("Doors close at 9:30 p.m.", "Einlass bis 21 Uhr.", "9:30 p.m."),
    ("Lunch at noon.", "Mittagessen um 13 Uhr.", "noon"),
    ("Closing at midnight.", "Schluss am Abend.", "midnight"),
    ("Meet at 14:30.", "Treffen um 14 Uhr.", "14:30"),
    ("Open 2 to 4 pm.", "Geöffnet von 2 bis 16 Uhr.", "2"),  # 2 Uhr is 2 am
])
def test_missing_or_wrong_times_are_flagged(msgid: str, msgstr: str, missing: str) -> None:
    [detail] = number_problems(msgid, msgstr)
    assert detail.startswith("time") and missing in detail


def test_plain_numbers_still_compare_by_digits() -> None:
    assert number_problems("Since 1951, over 1,000 people.", "Seit 1951 über 1.000 Menschen.") == []
    assert number_problems("Since 1951.", "Seit 1915.") == ["number 1951 is missing in the translation"]


def test_a_german_ordinal_at_the_end_is_not_end_punctuation() -> None:
    problems = check_entry(polib.POEntry(msgid="The 109th session on the 21st", msgstr="Die 109. Sitzung am 21."))
    assert problems == []
    [problem] = check_entry(polib.POEntry(msgid="The session in 2024", msgstr="Die Sitzung 2024."))
    assert problem.check == "punctuation"


@pytest.mark.parametrize("msgid, msgstr", [
    ("the 3<sup>rd</sup> place", "der dritte Platz"),  # an ordinal with superscript markup
    ("the 21<sup>st</sup> century", "das 21. Jahrhundert"),
    ("the 1,000th visitor", "der 1.000. Besucher"),
    ("1,000 people", "1 000 Menschen"),  # German groups thousands with a space too
    ("10,000 steps", "10\u00a0000 Schritte"),
    ("1,234.56 EUR", "1 234,56 EUR"),
    ("1,234,567.89", "1\u202f234\u202f567,89"),
    ("3.5 km", "3,5 km"),
    ("3.5 km", "3.5 km"),  # kept as written
    ("2.5-3.5 kg", "2,5–3,5 kg"),
    ("at 9.30pm", "um 21.30 Uhr"),
    ("at 5:30 pm", "um 17.30 Uhr"),
    ("the 21st and the 42nd", "der einundzwanzigste und der Zweiundvierzigste"),
    ("the 50th anniversary", "das fünfzigste Jubiläum"),
    ("at 9&nbsp;pm", "um 21 Uhr"),  # character references read as their characters
    ("10&#160;000 people", "10.000 Menschen"),
    ("the 21<sup>st</sup>&nbsp;century", "das 21. Jahrhundert"),
])
def test_numbers_by_their_value_in_either_convention(msgid: str, msgstr: str) -> None:
    assert number_problems(msgid, msgstr) == []


@pytest.mark.parametrize("msgid, msgstr", [
    ("3.5 km", "35 km"),  # the same digits, another number
    ("3.5 km", "3.500 km"),  # German reads 3.500 as three thousand five hundred
    ("0.5%", "5 %"),
    ("100,000", "10.000"),
    ("the 3<sup>rd</sup> place", "der Platz"),
    ("the 1,000th visitor", "der Besucher"),
    ("at 9&nbsp;pm", "um 9 Uhr"),
    ("&#169; 2024", "© 2023"),
])
def test_a_number_with_the_same_digits_but_another_value_is_flagged(msgid: str, msgstr: str) -> None:
    assert number_problems(msgid, msgstr) != []
