"""What pySBD gets wrong on real pages, and the rules that put it right.

pySBD follows the Pragmatic Segmenter's Golden Rules, written from news and
prose. Documentation, release notes, papers, legal text and contact lines break
it in a few recurring ways. Two kinds of rule handle them:

**Masking**, before pySBD runs (`mask`): a "." "?" or "!" that cannot end a
sentence becomes "_" in the text pySBD sees, so pySBD cannot cut there:

- a dot glued to a letter: file names, dotfiles, paths, domains, dotted names
  (`.htaccess`, `README_*.txt`, `mergetool.<variant>.layout`, `~/.netrc`,
  `example.com`, `Mon.–Fri.`), except inside "U.S.A.", "e.g." and "Ph.D.",
  which pySBD knows as abbreviations, and a glued sentence end ("in 1954.The
  office");
- the dots of a parent directory (`../shared/`);
- everything inside an inline code span (`` `pip install a.b` ``), and the "!"
  of a Markdown image (`![logo](logo.png)`);
- the "--" of a long option (`--no-cache`), which pySBD would otherwise read,
  with the next one, as a dash-enclosed aside that no cut may enter;
- the dot of an abbreviation, judged by what follows it: a number after
  `fig. 3`, `p. 45`, `para. 2`, `cf. § 147`, `Nov. 3`, `Tel. +49`,
  `Hauptstr. 12`; a letter after `app. A`, `vol. II`; a compass point after
  `Ave. NW`; a capitalised word inside a journal title (`Appl. Phys.`); a
  lowercase word after a known, abbreviation-shaped or dotted abbreviation or a
  unit after a number (`et al. found`, `Inst. of`, `tbsp. of`, `a Ph.D. in`,
  `12 gal. per`); initials after an editor's role (`ed. P. Kranz`); a second
  company suffix (`Co. Ltd.`); a time zone after `a.m.`/`p.m.` (`10 a.m. EST`);
  anything after one that never ends a sentence (`incl. VAT`, `cf. Smith`,
  `trans. M. Hall`, `Dr.-Ing. Meyer`);
- the dot before the dash of a news dateline (`ST. PAUL, Minn. — A water main`).

**Correcting cuts**, after pySBD (`move_cuts`), in offsets of the same text:

- add a cut where a scraper glued two sentences ("in 1954.The office");
- add a cut after an abbreviation that ends a sentence before "The", "It", "We" …
  where pySBD keeps going: a dotted one ("cited as n.d. Its printer", "an M.A.
  She"), a street after its name ("at 12 Oak St. We met");
- add a cut after "…" and after ".’" before a capital, as pySBD does after "..."
  and '."' ("The answer is no… The question", "It is ‘final.’ No changes");
- add a cut after a letter that is a label, not an initial ("in Hall B. Doors
  open", "HRB 12345 B. VAT", "vitamin C. It helps");
- move a cut from before "1." to after it where "1." ends the sentence rather
  than starts a list item ("We met in room 1. We ate in room 2."): a number is
  a list marker only at the start, after a sentence end, colon or bullet, or
  when it continues a list;
- move a cut past the emphasis marks or quotation mark references that close
  the sentence ("**Note.** Then", "&ldquo;Ready.&rdquo; Then");
- drop a cut after a piece that is only a list marker ("2." joins its item),
  before a piece that continues the sentence (", Oxford", ": DE123"), after an
  unfinished piece ("b) a cable, and"), before a run-in list item ("contains:
  a) a charger, b) …", "You need i) a passport"), and inside a word ("Sec. 2(a)").

Placeholders of inline markup are blanked before all this (`blank_placeholders`), and
cuts are moved back over opening ones afterwards (`start_at_placeholders`).

Each rule comes from a kind of real text; `tests/test_sentences.py` has a case
for every kind and `tests/sentence_eval/` scores the whole on ~1,000 sentences.
"""

from __future__ import annotations

import re

from .formats import PLACEHOLDER_RE

# -- placeholders ---------------------------------------------------------------------------------------

# An opening or standalone placeholder right before an offset ("<1>", "<2/>").
_OPENING_BEFORE = re.compile(r"<\d+/?>\s*\Z")


def blank_placeholders(text: str) -> str:
    """`text` with each placeholder ("<1>", "</1>", "<2/>") turned into spaces (same length).

    pySBD then reads through inline markup: "<1>Mr.</1> Smith" is "Mr. Smith" to it, and a closing
    placeholder after a sentence's end stays with that sentence.
    """
    if "<" not in text:
        return text
    return PLACEHOLDER_RE.sub(lambda match: " " * len(match.group()), text)


def start_at_placeholders(text: str, starts: list[int]) -> list[int]:
    """Move each cut back over the opening and standalone placeholders right before it, which
    belong to the sentence they open: "Done. <1>Click</1> here." cuts before "<1>"."""
    fixed: list[int] = []
    for cut in starts:
        floor = fixed[-1] + 1 if fixed else 1
        while cut > floor and (tag := _OPENING_BEFORE.search(text, max(floor, cut - 40), cut)):
            cut = tag.start()
        fixed.append(cut)
    return fixed


# -- masking ------------------------------------------------------------------------------------------

# Abbreviations that stand before a number (fig. 3, p. 45, § 3 para. 2, cf. § 147,
# Nov. 3, Tel. +49, Main St. 5 …): their dot never ends a sentence when a number follows.
_BEFORE_NUMBER = frozenset(
    "fig figs tab tabs tbl p pp vol vols no nos nr para paras art arts sec secs sect ch chap eq eqs "
    "s ss r reg regs sch "
    "approx ca tel fax ref refs cl ex app appx suppl ser pt pts op ed eds rev ver v vs "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "min max est incl excl lit subs sq ext ll n nn fn st ave rd blvd str cf acc apt ste bldg fl rm "
    "abs rn rdnr ziff bd kap abschn anl buchst uabs dir "  # German citations: Art. 5 Abs. 2, Rn. 14
    "b c d".split()  # born, circa, died: "b. 1950", "c. 1500"
)

# Abbreviations that also stand before a letter or a Roman numeral (app. A, Fig. S1, vol. II).
_BEFORE_LABEL = frozenset(
    "fig figs tab tabs tbl app appx sec sect ch chap vol vols pt pts eq eqs art arts para suppl".split()
)

# Known abbreviations whose dot does not end a sentence when a lowercase word
# follows (cf. chapter 2, et al. found, approx. two); shorter capitalised words
# (Inst. of, Univ. of) and words without a vowel (tbsp. of) count as well.
_BEFORE_LOWERCASE = _BEFORE_NUMBER | frozenset(
    "cf ibid id al etc eg ie viz resp acc approx incl esp dept corp inc ltd co bros univ assn govt intl natl "
    "mr mrs ms dr prof jr sr mt ft lb lbs oz yd in mi hr hrs mins yr yrs wk wks mo mos "
    "loc cit seq ff trans repr orig abbr fol fols mss col cols sc sch misc "
    "gal gals qt qts tsp tbsp doz pkg pkgs pcs deg cal kcal sec secs".split()
)

# Abbreviations that never end a sentence, whatever follows: "incl. VAT", "cf. Smith", "Dr.-Ing. Meyer".
_NEVER_FINAL = frozenset("incl excl cf approx ca vs viz resp acc ing dipl trans repr illus".split())

# Abbreviations that name a person's role in a book, before the person's initials: "ed. P. Kranz".
_BEFORE_INITIALS = frozenset("ed eds tr comp".split())

# Company suffixes that stand before another one: "Sato Co. Ltd.", "Acme Pty. Ltd.", "Widget & Co. KG".
_COMPANY_FIRST = frozenset("co corp pty bros".split())
_COMPANY_NEXT = re.compile(r"(?:Ltd|Limited|Inc|KG|KGaA|LLC|LLP|LP|Pty|Corp|PLC|plc|GmbH|AG|OHG)\b")

# Time zones after "a.m."/"p.m.": "at 10 a.m. EST." is one sentence.
_TIME_ZONE_NEXT = re.compile(
    r"(?:[ECMP][SD]?T|[AH]K?[SD]T|UTC|GMT|BST|IST|CES?T|EES?T|WES?T|JST|KST|AES?T|AED?T|NZ[SD]T|Z)\b"
)
_CLOCK = re.compile(r"[ap]\.m\.", re.IGNORECASE)

# A news dateline at the start of a block: a city in capitals, an abbreviated state or country and a
# dash ("ST. PAUL, Minn. — A water main …"); the dot before the dash (group 1) ends no sentence.
_DATELINE = re.compile(r" *[A-Z][A-Z .'-]+, [A-Z][a-z]{1,4}(\.) +(?:—|–|--?) ")

# Words of abbreviated journal titles (ISO 4), which stand before another capitalised word:
# "J. Appl. Phys.", "Proc. Natl. Acad. Sci.". English words ("Bull", "Ann") are left out.
_BEFORE_CAPITAL = frozenset(
    "appl phys natl acad sci proc lett chem biol intl int res eng soc math stat econ psychol educ environ "
    "geophys astron astrophys mol clin nucl opt mech comput jpn assoc"
    .split()
)

_STREETS = frozenset("st ave rd blvd ln pl ct dr hwy pkwy sq".split())

# A dot after a letter and before more text: where an abbreviation may stand.
_DOT_SPACE = re.compile(r"(?<=[^\W\d_])\. +(?=\S)")
# What follows such a dot.
_NUMBER_NEXT = re.compile(r"(?:§+ ?|[(+#]|\([A-Z]{2,8}\) )?\d")  # 3, § 3, (3), +49, #12, (EU) 2016
_LABEL_NEXT = re.compile(r"[A-Z](?![a-z])|[IVXL]+\b")  # A, S1, II
_COMPASS_NEXT = re.compile(r"(?:[NS][EW]?|[EW])\b")  # NW
_LOWERCASE_NEXT = re.compile(r"[a-z]+\b")  # "of", not "iPhone"
_INITIAL_NEXT = re.compile(r"[A-Z]\. ?[A-Z]")  # "P. Kranz", "J.R. Smith"
# A unit after a number: "12 gal. per minute", "5 pcs. each" (the word is checked separately).
_NUMBER_BEFORE = re.compile(r"\d ?\Z")


def _abbreviation_shaped(word: str) -> bool:
    """True for a known abbreviation, a capitalised word of up to 5 letters, or a short word without vowels."""
    lower = word.lower()
    if lower in _BEFORE_LOWERCASE:
        return True
    if len(word) <= 5 and word[0].isupper() and word[1:].islower():
        return True
    return len(word) <= 5 and not any(vowel in lower for vowel in "aeiouy")


def _abbreviation_dot(word: str, text: str, dot: int, after: int) -> bool:
    """Whether the dot at `dot`, ending `word`, is an abbreviation's, given the text from `after` on."""
    lower = word.lower()
    if lower in _NEVER_FINAL:
        return True
    if _NUMBER_NEXT.match(text, after):
        return lower in _BEFORE_NUMBER or lower.endswith("str")  # German streets: Hauptstr. 12
    if _COMPASS_NEXT.match(text, after) and lower in _STREETS:
        return True
    if _LABEL_NEXT.match(text, after) and lower in _BEFORE_LABEL:
        return True
    if _INITIAL_NEXT.match(text, after) and lower in _BEFORE_INITIALS:
        return True
    if lower in _COMPANY_FIRST and _COMPANY_NEXT.match(text, after):
        return True
    if text[after].isupper():
        return word.istitle() and lower in _BEFORE_CAPITAL  # "Appl. Phys.", not "EUR. That"
    if not _LOWERCASE_NEXT.match(text, after):
        return False
    start = dot - len(word)
    unit = len(word) <= 4 and word.islower() and _NUMBER_BEFORE.search(text, max(0, start - 2), start)
    return bool(unit) or _abbreviation_shaped(word)


def _word_before(text: str, end: int) -> str:
    """The letters right before `end`, if they form a whole word of at most 12 ("" otherwise)."""
    start = end
    while start > 0 and end - start <= 12 and text[start - 1].isalpha():
        start -= 1
    if end - start > 12 or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._")):
        return ""  # a long word, or the end of "U.S" or "a1b"
    return text[start:end]


# A dot glued to a letter, directly or across symbols: file names, dotfiles, domains,
# `a.<b>.c`, `*.txt`, `./configure`, `Mon.–Fri.`; not "**Bold.** Next" or "_Note._ Next",
# and not an ellipsis ("mean...see"). (Our placeholders are blanked already: "here.</1> Then"
# still ends a sentence.)
_INNER_DOT = re.compile(r"(?<!\.)\.(?=[_*/\\~–—-]*[^\W\d_]|<)")

# Inline code in Markdown (and reStructuredText): nothing inside a code span ends a sentence.
# A span opens with a run of backticks and closes with a run of the same length.
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.{1,300}?)(?<!`)\1(?!`)")


_IMAGE = re.compile(r"!(?=\[)")

# Words that start sentences and name no file, class or person.
_SENTENCE_OPENER = (r"(?:The|This|That|These|Those|It|Its|We|Our|They|Their|He|She|You|Your|There|Here"
                    r"|Then|Please)\b")
# A sentence end the scraper glued to the next sentence: "in 1954.The office" (cut by `move_cuts`).
# Only before such words ("pathlib.Path" stays whole).
_GLUED_END = re.compile(rf"(?<=[a-z0-9])\.(?={_SENTENCE_OPENER})")

# A relative path's parent directory: "../shared/", "..\\lib" (an ellipsis "wait..." is not one).
_PARENT_DIR = re.compile(r"(?<![^\s(\[\"'`<])\.\.(?=[/\\])")
# A long command-line option ("--no-cache"): pySBD reads text between two "--" as a dash-enclosed
# aside and never cuts inside it, so its "--" become "__".
_LONG_OPTION = re.compile(r"(?<![\w-])--(?=[A-Za-z])")


# Dotted abbreviations pySBD knows, whose inner dots stay: "U.S.A.", "e.g.", "a.m.", "Ph.D.", "M.Sc.".
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}|(?:[A-Z][a-z]{0,2}\.){2,}")


def _in_dotted_abbreviation(text: str, dot: int) -> bool:
    """Whether the dot at `dot` belongs to a dotted abbreviation ("Ph.D.", "e.g.", "U.S.")."""
    start, end = dot, dot + 1
    while start and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    while end < len(text) and (text[end].isalpha() or text[end] == "."):
        end += 1
    return end - start <= 12 and _DOTTED.fullmatch(text, start, end) is not None


def mask(prepared: str) -> str:
    """Replace every "." "?" "!" that cannot end a sentence, and the "--" of long options, by "_"
    (same length).

    `prepared` already has plain spaces for whitespace and masked links.
    """
    chars = list(prepared)
    if dateline := _DATELINE.match(prepared):
        chars[dateline.start(1)] = "_"
    for match in _INNER_DOT.finditer(prepared):
        dot = match.start()
        if not _in_dotted_abbreviation(prepared, dot) and not _GLUED_END.match(prepared, dot):
            chars[dot] = "_"
    for match in _DOT_SPACE.finditer(prepared):
        dot, after = match.start(), match.end()
        word = _word_before(prepared, dot)
        if word and _abbreviation_dot(word, prepared, dot, after):
            chars[dot] = "_"
        elif not word and _in_dotted_abbreviation(prepared, dot) and (
            _LOWERCASE_NEXT.match(prepared, after)  # "a Ph.D. in physics"
            or (_CLOCK.match(prepared, dot - 3) and _TIME_ZONE_NEXT.match(prepared, after))  # "10 a.m. EST"
        ):
            chars[dot] = "_"
    if ".." in prepared:
        for match in _PARENT_DIR.finditer(prepared):
            chars[match.start():match.end()] = "__"
    if "--" in prepared:
        for match in _LONG_OPTION.finditer(prepared):
            chars[match.start():match.end()] = "__"
    if "![" in prepared:  # a Markdown image: "Use ![logo](logo.png)."
        for match in _IMAGE.finditer(prepared):
            chars[match.start()] = "_"
    if "`" in prepared:
        for match in _CODE.finditer(prepared):
            for offset in range(match.start(), match.end()):
                if chars[offset] in ".?!":
                    chars[offset] = "_"
    return "".join(chars)


# -- correcting cuts -----------------------------------------------------------------------------------

def move_cuts(prepared: str, starts: list[int]) -> list[int]:
    """Correct pySBD's sentence starts (sorted offsets into `prepared`): add, move or drop cuts."""
    added = [match.end() for match in _GLUED_END.finditer(prepared)]
    added += [match.end() for match in _ABBREVIATION_END.finditer(prepared)
              if match.group(1) not in _NEVER_FINAL_DOTTED]
    if "…" in prepared:
        added += [match.end() for match in _ELLIPSIS_END.finditer(prepared)]
    if "‘" in prepared:
        added += [match.end() for match in _SINGLE_QUOTE_END.finditer(prepared)
                  if "‘" in prepared[:match.start()]]
    starts = _add_cuts_after_labels(prepared, sorted({*starts, *added}) if added else starts)
    starts = _join_lone_markers(prepared, _close_with_numbers(prepared, starts))
    return _drop_inner_cuts(prepared, _close_emphasis(prepared, starts))


# An abbreviation that ends a sentence before a word that opens one: a dotted one ("cited as n.d. Its
# printer", "in 44 B.C. The walls", "an M.A. She") or a street after its name ("lives at 12 Oak St. We
# met"). pySBD cuts after "a.m." and "U.S." there, but not after "n.d." or "B.C.", and it reads "St." as
# "Saint".
_ABBREVIATION_END = re.compile(
    rf"(?:(?<![\w.])((?:[A-Za-z]{{1,2}}\.){{2,}})|(?<=[a-z] )(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Hwy|Pkwy|Sq)\.)"
    rf" +(?={_SENTENCE_OPENER})"
)
# pySBD ends a sentence at "..." before a capital but not at "…": "The answer is no… The question".
_ELLIPSIS_END = re.compile(r"…['\"’”»)]* +(?=[A-Z])")
# pySBD ends a sentence at '."' and '.”' before a capital but not at ".’": "It is ‘final.’ No changes."
_SINGLE_QUOTE_END = re.compile(r"[.!?]’ +(?=[A-Z])")
_NEVER_FINAL_DOTTED = frozenset({"e.g.", "i.e.", "a.k.a.", "c.f.", "w.r.t."})

# A numbered list marker: "2." before a space; the number is group 1.
_NUMBER_MARKER = re.compile(r"(\d{1,3})\.(?= )")
# What may stand right before a list marker: nothing, the end of a sentence, a colon, a bullet.
_BEFORE_MARKER = set(".!?:;)]”\"'•⁃·*–—-")
# A piece that holds only a list marker ("2.", "b)", "iv.", "•").
_ONLY_MARKER = re.compile(r"(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]\)?|[•⁃·*–—-]")


# A piece starting like this continues the sentence before it ("High St., Oxford").
_CONTINUES = re.compile(r"[,;)\]}%]|: ")
# An HTML character reference ending at an offset: "&rdquo;", "&#8221;".
_REFERENCE_END = re.compile(r"&#?\w{2,8};\Z")
# A piece ending like this is not finished ("a) a charger, b) a cable, and c) …").
_UNFINISHED = (",", ";", " and", " or", " nor")


# An item of a run-in list that continues the sentence ("The steps are: (a) register, (b) …"):
# its marker is followed by a lowercase word, and no sentence ended before it.
_INLINE_ITEM = re.compile(r"\(?(?:\d{1,3}|[a-zA-Z]|[ivx]{1,4})[.)] +[a-z]")

# A single capital letter and its dot, read by pySBD as an initial ("Jonas E. Smith").
_LETTER_DOT = re.compile(r"(?<= )[A-Z]\. +(?=[A-Z])")
_NAME_AFTER = re.compile(r"[A-Z]\w*\b(?!\.)")  # "Doors", not the "R." of "J. R. R. Tolkien"
# After these words (or a number: "HRB 12345 B.") a letter is a label, not an initial: "Hall B. Doors open".
_LABEL_NOUNS = frozenset(
    "room hall gate building block platform terminal level floor wing zone row section part phase stage "
    "step type class group option plan appendix annex exhibit schedule figure table item category grade "
    "vitamin model series unit lot track line route suite bay door entrance exit area sector division tier "
    "point box letter column".split()
)
# Words that begin sentences but are no one's name: "Vitamin C. It helps."
_OPENERS = frozenset(
    "The This That These Those It Its We Our They Their He His She Her You Your There Here A An In On At "
    "For If When Then All Each Please".split()
)


# A run of emphasis marks at the start of a piece: "**" in "**Note.** Then".
_EMPHASIS = re.compile(r"([*_~]{1,3}) ")
# Closing quotation marks as HTML character references, right after a sentence's end.
_CLOSING_QUOTE_REFERENCE = re.compile(r"(?:&(?:rdquo|rsquo|raquo|quot|apos|#8221|#8217|#187|#39|#x201[dD]|#x2019);)+")


def _add_cuts_after_labels(prepared: str, starts: list[int]) -> list[int]:
    """Cut after "B." where it is a label ("in Hall B. Doors open") rather than an initial."""
    added = set()
    for match in _LETTER_DOT.finditer(prepared):
        after = _NAME_AFTER.match(prepared, match.end())
        if not after:
            continue
        end = _end_before(prepared, match.start())
        abbreviated = end > 0 and prepared[end - 1] in "._"  # "app. A." ("." may be masked already)
        end -= abbreviated
        start = end
        while start > 0 and prepared[start - 1].isalnum():
            start -= 1
        word = prepared[start:end].lower()
        label = word in _BEFORE_LABEL if abbreviated else word in _LABEL_NOUNS or word.isdigit()
        if label or after.group() in _OPENERS:
            added.add(match.end())
    return sorted(added.union(starts)) if added else starts


def _close_with_numbers(prepared: str, starts: list[int]) -> list[int]:
    """Move a cut from before "1." to after it where "1." is not a list marker."""
    first = _NUMBER_MARKER.match(prepared, len(prepared) - len(prepared.lstrip()))
    previous = int(first.group(1)) if first else None  # the last list marker's number
    fixed: list[int] = []
    for index, start in enumerate(starts):
        marker = _NUMBER_MARKER.match(prepared, start)
        if not marker:
            previous = None
            fixed.append(start)
            continue
        number = int(marker.group(1))
        before = _char_before(prepared, start)
        if not before or before in _BEFORE_MARKER or previous == number - 1:
            previous = number
            fixed.append(start)
            continue
        previous = None
        end = starts[index + 1] if index + 1 < len(starts) else len(prepared)
        if prepared[marker.end():end].strip():
            fixed.append(marker.end() + 1)  # "room 1. We ate": cut after the number
    return fixed


def _join_lone_markers(prepared: str, starts: list[int]) -> list[int]:
    """Drop the cut after a piece that is only a list marker, so it joins the next piece."""
    kept: list[int] = []
    for index, start in enumerate(starts):
        piece = prepared[starts[index - 1] if index else 0:start]
        if not _ONLY_MARKER.fullmatch(piece.strip()):
            kept.append(start)
    return kept


def _marks(text: str, run: str) -> int:
    """How often `run` ("**") opens or closes emphasis in `text`; a free-standing "* " bullet does not count."""
    found = re.findall(rf"(?<![*_~]){re.escape(run)}(?![*_~])", f" {text} ")
    bullets = re.findall(rf"(?<=\s){re.escape(run)}(?=\s)", f" {text} ")
    return len(found) - len(bullets)


def _close_emphasis(prepared: str, starts: list[int]) -> list[int]:
    """Move a cut past what closes the sentence before it: emphasis marks ("**Note.** Then") and
    quotation marks written as HTML references ("&ldquo;Ready.&rdquo; Then")."""
    fixed: list[int] = []
    for index, start in enumerate(starts):
        closing = None
        if run := _EMPHASIS.match(prepared, start):
            previous = prepared[fixed[-1] if fixed else 0:start]
            if _marks(previous, run.group(1)) % 2:  # opened before the cut and not yet closed
                closing = run
        elif start and prepared[start - 1] in ".!?":
            closing = _CLOSING_QUOTE_REFERENCE.match(prepared, start)
        if closing:
            following = starts[index + 1] if index + 1 < len(starts) else len(prepared)
            if prepared[closing.end():following].strip():
                fixed.append(closing.end())
            continue
        fixed.append(start)
    return fixed


def _drop_inner_cuts(prepared: str, starts: list[int]) -> list[int]:
    """Drop a cut before a continuation (", London"), after an unfinished piece ("b) a cable, and"),
    before a run-in list item, or inside a word."""
    kept: list[int] = []
    for start in starts:
        end = _end_before(prepared, start)
        before = prepared[max(end - 4, kept[-1] if kept else 0):end]
        if _REFERENCE_END.search(prepared, max(0, end - 10), end):
            before = ""  # "&rdquo;" ends a sentence's quotation; its ";" is no semicolon
        glued = start > 0 and prepared[start - 1].isalnum()  # "Sec. 2(a)": pySBD cut inside a word
        if glued or _CONTINUES.match(prepared, start) or before.endswith(_UNFINISHED):
            continue
        if not before.endswith((".", "!", "?")) and _INLINE_ITEM.match(prepared, start):
            continue  # "You need i) a passport, ii) a photo": the list runs on in the sentence
        kept.append(start)
    return kept


def _end_before(prepared: str, offset: int) -> int:
    """Where the text before `offset` ends, trailing spaces left out."""
    while offset and prepared[offset - 1] == " ":
        offset -= 1
    return offset


def _char_before(prepared: str, offset: int) -> str:
    """The last character before `offset` that is not a space ("" at the start)."""
    end = _end_before(prepared, offset)
    return prepared[end - 1] if end else ""
