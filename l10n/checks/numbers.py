"""Numbers, ordinals and times (`number`): each one of the source must reappear in the translation.

What counts as the same, English -> German:

- numbers by their value, the source read in English, the translation in German where it reads as a
  German number (3.500 is 3500), else in English (3.5 kept): 3.5 = 3,5 (not 35, not 3.500); 1,000 = 1.000
  = 1 000; a number written exactly as in the source counts; numbers that are neither (1.2.3) by their
  digits; numeric dates by their parts (2024-04-30 = 30.04.2024);
- ordinals: 21st = 21<sup>st</sup> = 21. (German writes the number with a dot) = 21st; 1st-99th, 100th
  also as German ordinal words (ersten, zweite, dritter …);
- times: a 12-hour time is the 24-hour one German uses: 5 pm = 17 Uhr = 17:00 = 17.00 Uhr; 9:30 p.m. =
  21:30; noon = 12 Uhr = Mittag; midnight = 0 Uhr = 24 Uhr = Mitternacht. The hour alone also counts
  ("9 am to 5 pm" = "9 bis 17 Uhr", where "Uhr" follows the last time only); "5 Uhr" for 5 pm is wrong.

Character references (`&#39;`, `&#x2014;`, `&eacute;`) are characters, not numbers (`patterns`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..patterns import Span, span_key
from .base import Add, Pair, listed
from .spans import spans

_NUMBERISH = ("number", "phone", "date")

# English 12-hour times: 5 pm, 5pm, 5 p.m., 9:30 a.m., 12 PM
_TIME12_RE = re.compile(r"(?<![\w.,:])(\d{1,2})(?:[:.](\d{2}))?\s?(a\.\s?m\.|p\.\s?m\.|am|pm)(?!\w)", re.IGNORECASE)
# 24-hour times with a colon, in either language: 17:30, 09:00
_TIME24_RE = re.compile(r"(?<![\w.,:])([01]?\d|2[0-4]):([0-5]\d)(?![\d:])")
# German times: 17 Uhr, 17.30 Uhr, 9:30 h, 5 Uhr nachmittags
_UHR_RE = re.compile(r"(?<![\w.,:])(\d{1,2})(?:[:.](\d{2}))?\s?(?:Uhr|h)(?!\w)"
                     r"(?:\s+(morgens|früh|vormittags|mittags|nachmittags|abends|nachts))?")
# The first number of a range that ends in a 12-hour time: "2 to 4 pm", "10:30–11:45 a.m."
_RANGE_START_RE = re.compile(r"(?<![\w.,:])(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|—|to|and|until|till|through)\s*\Z")
_NOON_RE = re.compile(r"(?<![\w.,:])(?:12(?::00)?\s?)?(noon|midday|midnight)(?!\w)", re.IGNORECASE)
_GERMAN_NOON_RE = re.compile(r"(?<!\w)(Mittag|mittags|Mitternacht)(?!\w)")
_NOON_HINT_RE = re.compile(r"noon|midday|midnight", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")
_NOON_MINUTES = {"noon": 12 * 60, "midday": 12 * 60, "midnight": 0, "mittag": 12 * 60, "mittags": 12 * 60,
                 "mitternacht": 0}

# English ordinals (also kept in a translation), German "21ste"/"3te" style.
_ORDINAL_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:<sup>)?(?:st|nd|rd|th)(?:</sup>)?(?!\w)",
                         re.IGNORECASE)
_GERMAN_SUFFIX_ORDINAL_RE = re.compile(r"(?<![\w.,])(\d+)\.?(?:s?te[nrsm]?)(?!\w)")
_GERMAN_ORDINAL_STEMS = {
    1: "erst", 2: "zweit", 3: "dritt", 4: "viert", 5: "fünft", 6: "sechst", 7: "siebt|siebent", 8: "acht",
    9: "neunt", 10: "zehnt", 11: "elft", 12: "zwölft", 13: "dreizehnt", 14: "vierzehnt", 15: "fünfzehnt",
    16: "sechzehnt", 17: "siebzehnt", 18: "achtzehnt", 19: "neunzehnt", 100: "hundertst"}
_GERMAN_TENS = {20: "zwanzig", 30: "dreißig", 40: "vierzig", 50: "fünfzig", 60: "sechzig", 70: "siebzig",
                80: "achtzig", 90: "neunzig"}
_GERMAN_UNITS = {1: "ein", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht", 9: "neun"}
_GERMAN_ORDINAL_STEMS.update({tens: f"{word}st" for tens, word in _GERMAN_TENS.items()})  # zwanzigste
_GERMAN_ORDINAL_STEMS.update({tens + unit: f"{unit_word}und{word}st" for tens, word in _GERMAN_TENS.items()
                              for unit, unit_word in _GERMAN_UNITS.items()})  # einundzwanzigste


@functools.cache
def _german_ordinal_word_re() -> re.Pattern[str]:
    """The German ordinal words (compiled when first needed: 4 ms of every `l10n check` start-up otherwise)."""
    return re.compile(r"(?<!\w)(" + "|".join(stem for stem in _GERMAN_ORDINAL_STEMS.values())
                      + r")(?:e|er|en|em|es)(?!\w)", re.IGNORECASE)


_ORDINAL_OF_STEM = {stem: number for number, stems in _GERMAN_ORDINAL_STEMS.items() for stem in stems.split("|")}
# Words that make "5 Uhr" an afternoon or night time.
_AFTERNOON = {"nachmittags", "abends"}


@dataclass
class _Found:
    """What a text says in numbers: times (minutes after midnight), ordinals and plain numbers (digit keys)."""

    times: list[tuple[int, str]] = field(default_factory=list)  # (minutes, text as written)
    ordinals: list[tuple[str, str]] = field(default_factory=list)  # (digits, text)
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (digits, text)


def check_numbers(pair: Pair, add: Add) -> None:
    """Numbers, ordinals and times of the source missing in the translation (a relaxed plural form may drop them)."""
    if pair.relaxed or (_DIGIT_RE.search(pair.source) is None and not _may_name_noon(pair.source)):
        return
    source = _read(*_characters(pair.source, pair.source_spans), target=False)
    if not (source.times or source.ordinals or source.numbers):
        return
    found = _read(*_characters(pair.translation, pair.translation_spans), target=True, times=bool(source.times),
                  ordinals=bool(source.ordinals))
    if not source.times and not source.ordinals and \
            sorted(text for _, text in source.numbers) == sorted(text for _, text in found.numbers):
        return  # the usual case: the same numbers, written alike
    times = Counter(minutes for minutes, _ in found.times)
    ordinals = Counter(key for key, _ in found.ordinals)
    bare = _Numbers(found.numbers, source.numbers)

    def take(pool: Counter[str] | Counter[int], key: str | int) -> bool:
        if pool[key] > 0:  # type: ignore[index]
            pool[key] -= 1  # type: ignore[index]
            return True
        return False

    # Exact forms first, then a bare number standing for a time or ordinal ("9 bis 17 Uhr", "am 21. März").
    open_times = [(minutes, text) for minutes, text in source.times if not take(times, minutes)]
    open_ordinals = [(key, text) for key, text in source.ordinals if not take(ordinals, key)]
    missing_numbers = [text for key, text in source.numbers if not bare.take(key) and not take(ordinals, key)]
    missing_ordinals = [text for key, text in open_ordinals if not bare.take(key)]
    missing_times = [(minutes, text) for minutes, text in open_times if not any(bare.take(key)
                                                                                for key in _bare_keys(minutes))]
    if missing_numbers:
        add("number", f"{pair.label}{listed('number', sorted(missing_numbers))} missing in the translation")
    if missing_ordinals:
        add("number", f"{pair.label}{listed('ordinal', sorted(missing_ordinals))} missing in the translation "
                      f"(German: {', '.join(f'{_digits(text)}.' for text in sorted(missing_ordinals))})")
    if missing_times:
        shown = sorted(text for _, text in missing_times)
        german = ", ".join(_german_time(minutes) for minutes, _ in sorted(missing_times, key=lambda item: item[1]))
        add("number", f"{pair.label}{listed('time', shown)} missing or wrong in the translation "
                      f"(24-hour: {german})")


_REFERENCE_RE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _characters(text: str, text_spans: list[Span]) -> tuple[str, list[Span]]:
    """The text with its character references as the characters they stand for, and its spans: "9&nbsp;pm"
    is a time, "10&#160;000" one number (a reference itself is never a number)."""
    if "&" not in text or _REFERENCE_RE.search(text) is None:
        return text, text_spans
    import html  # (2 ms to import its entity table: only for the texts that have a reference)

    decoded = _REFERENCE_RE.sub(lambda match: html.unescape(match.group(0)), text)
    return decoded, spans(decoded)


def _may_name_noon(text: str) -> bool:
    """Whether `text` may hold noon, midday or midnight (`_NOON_HINT_RE`): for ASCII text, where IGNORECASE
    matching is exactly `str.lower`, three substring tests instead of a much slower regex search."""
    if text.isascii():
        lowered = text.lower()
        return "noon" in lowered or "midday" in lowered or "midnight" in lowered
    return _NOON_HINT_RE.search(text) is not None


def _read(text: str, spans: list[Span], *, target: bool, times: bool = True, ordinals: bool = True) -> _Found:
    """The times, ordinals and numbers of a source (`target` False: English) or a translation.

    `times`, `ordinals` False: do not look for them (a translation of a source without any: its numbers are
    then all plain numbers, which is all the source's numbers are compared with).
    """
    found = _Found()
    taken: list[tuple[int, int]] = []  # character ranges claimed by times and ordinals

    def claim(match: re.Match[str]) -> bool:
        if any(match.start() < end and start < match.end() for start, end in taken):
            return False
        taken.append(match.span())
        return True

    digits = _DIGIT_RE.search(text) is not None
    if digits and times:
        for match in _TIME12_RE.finditer(text):
            marker = match.group(3)
            if target and marker == "am":  # German "am" is a preposition ("bis 5 am Freitag")
                continue
            if claim(match):
                afternoon = marker.lower().startswith("p")
                hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
                found.times.append((_minutes(hour, minute, afternoon), match.group(0)))
                if not target:
                    _range_start(text, match, hour, afternoon, claim, found)
        if target:
            for match in _UHR_RE.finditer(text):
                if claim(match):
                    hour, minute, when = int(match.group(1)), int(match.group(2) or 0), match.group(3)
                    if (when in _AFTERNOON and hour < 12) or (when == "mittags" and hour < 6) \
                            or (when == "nachts" and 6 <= hour < 12):
                        hour += 12
                    found.times.append(((hour * 60 + minute) % 1440, match.group(0)))
        for match in _TIME24_RE.finditer(text):
            if claim(match):
                found.times.append(((int(match.group(1)) * 60 + int(match.group(2))) % 1440, match.group(0)))
    if times and (_may_name_noon(text) or (target and "itt" in text)):
        for pattern in (_NOON_RE, _GERMAN_NOON_RE) if target else (_NOON_RE,):
            for match in pattern.finditer(text):
                if claim(match):
                    found.times.append((_NOON_MINUTES[match.group(1).lower()], match.group(0)))
    if digits and ordinals:
        for pattern in (_ORDINAL_RE, _GERMAN_SUFFIX_ORDINAL_RE) if target else (_ORDINAL_RE,):
            for match in pattern.finditer(text):
                if claim(match):
                    found.ordinals.append((str(int(match.group(1).replace(",", ""))), match.group(0)))
    if target and ordinals:
        for match in _german_ordinal_word_re().finditer(text):
            found.ordinals.append((str(_ORDINAL_OF_STEM[match.group(1).lower()]), match.group(0)))
    if target and digits:
        # "1 000" (German groups thousands with a space too): one number, besides its parts
        for match in _SPACE_GROUPED_RE.finditer(text):
            found.numbers.append((_number_value(match.group(0), english=False) or "", match.group(0)))
    for span in spans:
        if span.kind not in _NUMBERISH or any(span.start < end and start < span.end for start, end in taken):
            continue
        if span.kind == "date":
            found.numbers.extend((str(int(part)), part) for part in re.findall(r"\d+", span.text))
        elif span.kind == "number" and not target:
            found.numbers.append((_number_value(span.text, english=True) or span_key(span), span.text))
        else:
            found.numbers.append((span_key(span), span.text))
    return found


_ENGLISH_NUMBER_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_GERMAN_NUMBER_RE = re.compile(r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_SPACE_GROUPED_RE = re.compile(r"(?<![\w.,])\d{1,3}(?: \d{3})+(?:,\d+)?(?![\w.,]\d)")


def _number_value(text: str, *, english: bool) -> str | None:
    """`text` as a number in English (1,000.5) or German (1.000,5; 1 000,5) convention, canonical
    ("1000.5"); None when it is no number in that convention."""
    if not (_ENGLISH_NUMBER_RE if english else _GERMAN_NUMBER_RE).fullmatch(text):
        return None
    integer, _, fraction = (text.replace(",", "").partition(".") if english
                            else re.sub(r"[.\u00a0\u202f ]", "", text).partition(","))
    integer, fraction = integer.lstrip("0") or "0", fraction.rstrip("0")
    return f"{integer}.{fraction}" if fraction else integer


def _readings(key: str, text: str) -> set[str]:
    """What a number of a German translation stands for: its German value (3.500 is 3500, 1,000 is 1),
    else its English one (3.5 kept as written), else its key (a version 1.2.3, a phone number, a date part)."""
    value = _number_value(text, english=False) or _number_value(text, english=True)
    return {value} if value is not None else {key}


class _Numbers:
    """The numbers of a translation, each to be taken once by any of its readings; a number written
    exactly as in the source stands for the source's number (an English number kept as it was)."""

    def __init__(self, numbers: list[tuple[str, str]], source: list[tuple[str, str]]) -> None:
        as_written = {text: key for key, text in source}
        self.readings = [_readings(key, text) | ({as_written[text]} if text in as_written else set())
                         for key, text in numbers]

    def take(self, key: str) -> bool:
        for index, readings in enumerate(self.readings):
            if key in readings:
                del self.readings[index]
                return True
        return False


def _range_start(text: str, end: re.Match[str], hour: int, afternoon: bool,
                 claim: Callable[[re.Match[str]], bool], found: _Found) -> None:
    """The start of a range whose end carries am/pm: "2 to 4 pm" is 14:00 to 16:00; "9 to 5 pm" starts at 9 am."""
    start = _RANGE_START_RE.search(text, max(0, end.start() - 20), end.start())
    if start is None or not claim(start):
        return
    first, minute = int(start.group(1)) % 12, int(start.group(2) or 0)
    shown = text[start.start():start.end(2) if start.group(2) else start.end(1)]
    found.times.append((_minutes(first, minute, afternoon and first <= hour), shown))


def _minutes(hour: int, minute: int, afternoon: bool) -> int:
    """Minutes after midnight of a 12-hour time (hour 0..11, 12 as 0)."""
    return ((hour + 12 if afternoon else hour) * 60 + minute) % 1440


def _bare_keys(minutes: int) -> list[str]:
    """The bare numbers a time may be written as: 21.30 for 21:30, the hour alone ("9 bis 17 Uhr")."""
    hour, minute = divmod(minutes, 60)
    keys = [f"{hour}{minute:02d}", f"{hour}.{minute:02d}".rstrip("0")]  # 21.30 read as a number: 21.3
    if not minute:
        keys += [str(hour), "24", "2400"] if hour == 0 else [str(hour)]
    return keys


def _german_time(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    return f"{hour}:{minute:02d} Uhr" if minute else f"{hour} Uhr"


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())
