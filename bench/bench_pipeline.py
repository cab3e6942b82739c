"""Pipeline benchmark: l10n side by side with GNU gettext and Babel on a large synthetic corpus.

    .venv/bin/python bench/bench_pipeline.py                # 2,000 pages, ~50,000 segments
    .venv/bin/python bench/bench_pipeline.py --quick        # 100 pages, one round: a ~20 s smoke run
    .venv/bin/python bench/bench_pipeline.py --profile      # also cProfile l10n and name its hot spots

What it does, in `bench/_work/pipeline/` (gitignored, rebuilt on every run):

1. Writes a deterministic corpus (seeded `random`): scraped-looking `.txt` pages (and some `.md`
   pages when l10n has a Markdown format) with site navigation repeated on every page, headings,
   bullet lists and paragraphs of 1-4 sentences built from templates and word lists.
2. Times `l10n extract` (cold, then up to date) and `l10n update --lang de` (creating the
   catalogues), fills every catalogue with fake German (not timed), edits words in 5 % of the
   sentences, re-extracts, and snapshots that state.
3. From copies of that one state, times the merge with `l10n update`, GNU `msgmerge` (one
   process per catalogue, as a Makefile runs it) and Babel (`Catalog.update` in-process, as
   `pybabel update` does), then the same on one big PO/POT pair concatenated with `msgcat`, which
   separates per-process start-up from the cost of the merge itself. Babel's fuzzy matching
   compares each new msgid with every old one, so on the big pair its time is extrapolated from
   a sample (marked `~`) unless the estimate is under `--babel-timeout`.
4. Times `l10n export --lang de` against `msgfmt` (and Babel's `write_mo`) over all catalogues.
5. Prints a table of seconds and ratios, the entry counts each tool produced (fuzzy, obsolete, ...)
   and how far the fuzzy matches of l10n and msgmerge agree.

Timings are wall clock (`time.perf_counter`), best of `--repeat` rounds in which the tools take
turns (so load from other work on the machine hits them alike); command-line tools run as
subprocesses, so start-up is counted the same way for `l10n` as for `msgmerge`.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import os
import pstats
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

BENCH_DIR = Path(__file__).resolve().parent
BIN_DIR = Path(sys.executable).parent  # the venv's bin: l10n and pybabel live beside python
L10N = str(BIN_DIR / "l10n")
PYBABEL = str(BIN_DIR / "pybabel")
LANG = "de"
WRAP = 79  # l10n's and gettext's line width

# -- vocabulary -------------------------------------------------------------------------------------

CITIES = ["Berlin", "Geneva", "Nairobi", "Lisbon", "Bangkok", "Dakar", "Quito", "Amman", "Manila", "Warsaw",
          "Tunis", "Bogotá", "Accra", "Vienna", "Hamburg", "Lima", "Cairo", "Brussels", "Kampala", "Hanoi",
          "Sarajevo", "Tbilisi", "Dhaka", "Rabat", "Munich", "Cologne", "Athens", "Rome", "Madrid", "Oslo"]
COUNTRIES = ["Germany", "Kenya", "Portugal", "Thailand", "Senegal", "Ecuador", "Jordan", "the Philippines",
             "Poland", "Tunisia", "Colombia", "Ghana", "Austria", "Uganda", "Viet Nam", "Georgia", "Bangladesh",
             "Morocco", "Greece", "Italy", "Spain", "Norway", "Peru", "Egypt", "Belgium"]
SUBJECTS = ["the organization", "our team in {city}", "the regional office in {city}", "the project",
            "the programme", "our partners in {country}", "the national government of {country}",
            "local authorities in {city}", "the working group on {topic}", "a network of {number} volunteers",
            "the Director General", "the new centre in {city}", "the country office", "this initiative",
            "the mobile health team", "the joint task force", "our field staff in {country}",
            "the steering committee", "the research unit", "the training centre in {city}"]
VERBS = [("provides", "provided", "provide"), ("supports", "supported", "support"),
         ("strengthens", "strengthened", "strengthen"), ("coordinates", "coordinated", "coordinate"),
         ("funds", "funded", "fund"), ("promotes", "promoted", "promote"), ("monitors", "monitored", "monitor"),
         ("improves", "improved", "improve"), ("expands", "expanded", "expand"), ("delivers", "delivered", "deliver"),
         ("reviews", "reviewed", "review"), ("documents", "documented", "document"),
         ("organizes", "organized", "organize"), ("offers", "offered", "offer")]
ADJECTIVES = ["safe", "regular", "sustainable", "reliable", "affordable", "community-based", "digital",
              "long-term", "practical", "independent", "coordinated", "targeted", "flexible", "free",
              "confidential", "timely", "accessible", "comprehensive"]
NOUNS = ["services", "support", "assistance", "solutions", "housing", "education", "healthcare", "protection",
         "guidance", "information", "resources", "opportunities", "counselling", "training", "advice"]
GROUPS = ["migrants", "families", "young people", "women and girls", "returnees", "small businesses",
          "local communities", "health workers", "students", "refugees", "older people", "displaced persons",
          "seasonal workers", "unaccompanied children", "job seekers", "farmers", "teachers", "employers"]
SERVICES = ["clean water", "primary healthcare", "legal advice", "vocational training", "language courses",
            "mental health support", "emergency shelter", "school meals", "cash assistance", "job placement",
            "psychosocial support", "travel documents", "medical screening", "microcredit", "child care"]
TOPICS = ["labour migration", "climate change", "border management", "public health", "digital skills",
          "disaster risk reduction", "social cohesion", "data protection", "food security", "gender equality",
          "human trafficking", "return and reintegration", "urban planning", "water management",
          "diaspora engagement", "skills development"]
PARTNERS = ["the European Union", "the World Health Organization", "local NGOs", "the Federal Foreign Office",
            "national Red Cross societies", "private sector partners", "universities", "municipal governments",
            "the ministry of labour", "civil society organizations", "UNICEF", "the World Bank"]
TAILS = ["in {city}", "in {country}", "across {small} countries", "since {year}", "with the support of {partner}",
         "in close cooperation with {partner}", "during the first half of {year}", "in rural areas of {country}",
         "along the main migration routes", "in the border regions", "at no cost", "every year", ""]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PEOPLE = ["Amy Pope", "Maria Santos", "Jonas Keller", "Aisha Bello", "Tomasz Nowak", "Linh Tran", "Omar Haddad",
          "Sofia Rossi", "Kwame Mensah", "Elena Petrova", "David Okafor", "Hanna Berg"]
REPORTS = ["annual report", "policy brief", "fact sheet", "evaluation report", "country profile", "newsletter",
           "situation report", "training manual"]
LANGUAGES = ["English", "French", "Spanish", "Arabic", "German", "Portuguese"]

TEMPLATES = [
    "{Subject} {verb} {object} {tail}.",
    "In {year}, {subject} {verb_past} {object} {tail}.",
    "More than {number} {group} received {service} {tail}.",
    "{Subject} {verb} {object}, which helps {group} to {verb_base} {object2}.",
    "How can {group} get {service} in {city}?",
    "The budget of {number} euros covers {service} for {group} until {year}.",
    "According to the latest survey, {percent} percent of {group} in {country} {report_verb} {service}.",
    "{Subject} will present the results at a conference in {city} on {day} {month}.",
    "Please contact our office in {city} if you need {service}.",
    "Since {year}, {subject} has {verb_past} more than {number} {group} in {country}.",
    "\u201cWe will continue to {verb_base} {group} in {country},\u201d said {person}, head of the office in {city}.",
    "The {report} is available in {language} and can be downloaded from this page.",
    "Together with {partner}, {subject} {verb} {object} for {group}.",
    "{Subject} {verb} {object} and {verb_base2} {object2} {tail}.",
    "Applications for {service} can be submitted until {day} {month} {year}.",
    "The {report} shows that {group} in {city} still face barriers to {service}.",
]
REPORT_VERBS = ["have no access to", "rely on", "ask for more", "would benefit from", "are satisfied with"]
# Mostly distinct, with a few stock headings that real sites repeat from page to page.
HEADINGS = ["{Topic} in {country}", "Our work on {topic} in {city}", "News from {city}, {day} {month} {year}",
            "{Service} for {group} in {city}", "{Topic} and {topic} in {country}", "What we do in {city}",
            "{Report} {year}: {topic}", "{Partner} and {topic}", "Key facts", "Resources", "Latest updates"]
NAV_HEADER = ["Home", "About us", "Our work", "News and stories"]
NAV_SECTIONS = ["Countries", "Emergencies", "Data and research", "Get involved", "Media centre", "Careers"]
NAV_FOOTER = ["Privacy policy", "Terms of use", "\u00a9 2024 Example Organization. All rights reserved."]
EDIT_WORDS = ["new", "local", "several", "additional", "regional", "key", "important", "further", "urgent",
              "national", "joint", "small", "large", "recent", "better"]

# Fake German: common words translated, the rest kept (names, numbers); enough to look like a catalogue.
GERMAN = {"the": "die", "and": "und", "for": "für", "of": "von", "with": "mit", "our": "unser", "to": "zu",
          "in": "in", "more": "mehr", "than": "als", "on": "über", "at": "bei", "can": "können", "get": "erhalten",
          "is": "ist", "are": "sind", "will": "wird", "has": "hat", "have": "haben", "since": "seit",
          "which": "die", "helps": "hilft", "office": "Büro", "team": "Team", "project": "Projekt",
          "programme": "Programm", "organization": "Organisation", "support": "Unterstützung",
          "services": "Dienste", "families": "Familien", "migrants": "Migranten", "young": "junge",
          "people": "Menschen", "women": "Frauen", "girls": "Mädchen", "students": "Studierende",
          "report": "Bericht", "year": "Jahr", "every": "jedes", "new": "neue", "local": "lokale",
          "please": "bitte", "contact": "kontaktieren", "if": "wenn", "you": "Sie", "need": "brauchen",
          "survey": "Umfrage", "percent": "Prozent", "latest": "neueste", "according": "laut",
          "budget": "Haushalt", "covers": "deckt", "until": "bis", "received": "erhielten", "this": "diese",
          "page": "Seite", "available": "verfügbar", "news": "Nachrichten", "home": "Startseite",
          "about": "über", "us": "uns", "work": "Arbeit", "privacy": "Datenschutz", "policy": "Richtlinie",
          "terms": "Bedingungen", "use": "Nutzung", "all": "alle", "rights": "Rechte", "reserved": "vorbehalten",
          "countries": "Länder", "training": "Schulung", "health": "Gesundheit", "education": "Bildung"}


def fill(pattern: str, rng: random.Random, depth: int = 0) -> str:
    """Fill the {slots} of a pattern; `{Slot}` gives the value with a capital first letter."""
    out = []
    rest = pattern
    while "{" in rest:
        before, _, tail = rest.partition("{")
        name, _, rest = tail.partition("}")
        out.append(before)
        value = slot(name.lower(), rng, depth)
        out.append(value[:1].upper() + value[1:] if name[:1].isupper() else value)
    out.append(rest)
    return "".join(out)


def slot(name: str, rng: random.Random, depth: int) -> str:
    verb = rng.choice(VERBS)
    simple: dict[str, Callable[[], str]] = {
        "city": lambda: rng.choice(CITIES), "country": lambda: rng.choice(COUNTRIES),
        "group": lambda: rng.choice(GROUPS), "service": lambda: rng.choice(SERVICES),
        "topic": lambda: rng.choice(TOPICS), "partner": lambda: rng.choice(PARTNERS),
        "year": lambda: str(rng.randint(1995, 2024)), "small": lambda: str(rng.randint(3, 60)),
        "number": lambda: f"{rng.randint(12, 95000):,}", "percent": lambda: str(rng.randint(5, 95)),
        "day": lambda: str(rng.randint(1, 28)), "month": lambda: rng.choice(MONTHS),
        "person": lambda: rng.choice(PEOPLE), "report": lambda: rng.choice(REPORTS),
        "language": lambda: rng.choice(LANGUAGES), "report_verb": lambda: rng.choice(REPORT_VERBS),
        "verb": lambda: verb[0], "verb_past": lambda: verb[1], "verb_base": lambda: verb[2],
        "verb_base2": lambda: rng.choice(VERBS)[2],
    }
    if name in simple:
        return simple[name]()
    if name == "subject":
        return fill(rng.choice(SUBJECTS), rng, depth + 1)
    if name in ("object", "object2"):
        shapes = ["{adj} {noun} for {group}", "access to {service}", "training on {topic}", "{noun} for {group}",
                  "data on {topic}", "{adj} {service}", "the capacity of {partner}", "{adj} {noun}"]
        return fill(rng.choice(shapes), rng, depth + 1)
    if name == "tail":
        return fill(rng.choice(TAILS), rng, depth + 1)
    if name == "adj":
        return rng.choice(ADJECTIVES)
    if name == "noun":
        return rng.choice(NOUNS)
    raise KeyError(name)


def sentence(rng: random.Random) -> str:
    text = fill(rng.choice(TEMPLATES), rng)
    return " ".join(text.split()).replace(" .", ".").replace(" ,", ",")  # an empty {tail} leaves a gap


def edit_sentence(text: str, rng: random.Random) -> str:
    """The sentence with one word replaced, inserted or removed, as an editor would touch it."""
    words = text.split(" ")
    while True:
        changed = list(words)
        position = rng.randrange(1, max(2, len(words) - 1))  # not the capitalised first word, not the last
        operation = rng.random()
        if operation < 0.6:
            changed[position] = rng.choice(EDIT_WORDS)
        elif operation < 0.85 or len(words) < 7:
            changed.insert(position, rng.choice(EDIT_WORDS))
        else:
            del changed[position]
        result = " ".join(changed)
        if result != text:
            return result


def fake_german(msgid: str) -> str:
    words = []
    for word in msgid.split(" "):
        core = word.strip(".,?!\u201c\u201d")
        german = GERMAN.get(core.lower())
        words.append(word.replace(core, german.capitalize() if core[:1].isupper() else german) if german else word)
    return " ".join(words)


# -- corpus ---------------------------------------------------------------------------------------

@dataclass
class Block:
    """One line (txt) or block (md) of a page: a literal (navigation, heading) or sentences."""

    kind: str  # "nav", "heading", "title", "separator", "bullet", "paragraph"
    sentences: list[str]


@dataclass
class PageSpec:
    name: str
    markdown: bool
    blocks: list[Block] = field(default_factory=list)

    def render(self) -> str:
        lines: list[str] = []
        for block in self.blocks:
            text = " ".join(block.sentences)
            if self.markdown:
                prefix = {"title": "# ", "heading": "## ", "bullet": "- "}.get(block.kind, "")
                if block.kind == "separator":
                    lines.append("---\n\n")
                elif block.kind == "bullet":
                    lines.append(f"{prefix}{text}\n")
                else:
                    # a blank line ends a list or paragraph, as in any Markdown source
                    if lines and lines[-1].startswith("- "):
                        lines.append("\n")
                    lines.append(f"{prefix}{text}\n\n")
            else:
                prefix = "- " if block.kind == "bullet" else ""
                lines.append("-\n" if block.kind == "separator" else f"{prefix}{text}\n")
        return "".join(lines)


def markdown_supported() -> bool:
    return importlib.util.find_spec("l10n.formats.markdown") is not None


def build_corpus(pages: int, seed: int, with_markdown: bool) -> list[PageSpec]:
    """Pages of a made-up organisation's website: same navigation everywhere, distinct prose."""
    rng = random.Random(seed)
    specs = []
    for number in range(pages):
        markdown = with_markdown and number % 10 == 9
        section = NAV_SECTIONS[number % len(NAV_SECTIONS)]
        spec = PageSpec(f"{section.lower().replace(' ', '-')}/page-{number:05d}", markdown)
        spec.blocks += [Block("nav", [item]) for item in NAV_HEADER + [section]]
        spec.blocks.append(Block("separator", []))
        spec.blocks.append(Block("title", [fill(rng.choice(HEADINGS), rng)]))
        spec.blocks.append(Block("paragraph", [sentence(rng) for _ in range(rng.randint(1, 2))]))
        for _ in range(rng.randint(1, 3)):
            spec.blocks.append(Block("heading", [fill(rng.choice(HEADINGS), rng)]))
            for _ in range(rng.randint(1, 3)):
                spec.blocks.append(Block("paragraph", [sentence(rng) for _ in range(rng.randint(1, 4))]))
            if rng.random() < 0.25:
                items = rng.randint(2, 4)
                spec.blocks += [Block("bullet", [fill("{Service} for {group} in {city}", rng)]) for _ in range(items)]
        spec.blocks.append(Block("separator", []))
        spec.blocks += [Block("nav", [item]) for item in NAV_FOOTER]
        specs.append(spec)
    return specs


def edit_corpus(specs: list[PageSpec], share: float, seed: int) -> int:
    """Edit words in `share` of the prose sentences, in place; returns how many were edited."""
    rng = random.Random(seed + 1)
    edited = 0
    for spec in specs:
        for block in spec.blocks:
            if block.kind != "paragraph":
                continue
            for index, text in enumerate(block.sentences):
                if rng.random() < share:
                    block.sentences[index] = edit_sentence(text, rng)
                    edited += 1
    return edited


def write_corpus(specs: list[PageSpec], project: Path) -> None:
    for spec in specs:
        path = project / "source_texts" / f"{spec.name}{'.md' if spec.markdown else '.txt'}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(spec.render(), encoding="utf-8")


def fill_catalogues(project: Path) -> int:
    """Translate every entry of every catalogue with fake German (a fully translated project)."""
    count = 0
    for path in sorted((project / "locales" / LANG / "LC_MESSAGES").glob("*.po")):
        po = polib.pofile(str(path), wrapwidth=WRAP)
        for entry in po:
            if entry.msgid and not entry.obsolete:
                entry.msgstr = fake_german(entry.msgid)
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                count += 1
        po.save(str(path))
    return count


# -- running and timing -----------------------------------------------------------------------------

def run(command: list[str], timeout: float | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command, fail loudly on a non-zero exit; returns its stdout."""
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout,
                            env=None if env is None else {**os.environ, **env})
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]}")
    return result.stdout


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


Contender = tuple[Callable[[], object] | None, Callable[[], object]]  # (untimed setup, timed action)


def race(contenders: dict[str, Contender], repeat: int, budget: float = 60.0) -> dict[str, float]:
    """Best wall-clock time of each contender over up to `repeat` rounds, the contenders taking turns
    in every round, so a burst of load on a shared machine hits all of them rather than one. A
    contender that has used `budget` seconds is not repeated (its work dominates the noise)."""
    best = {name: float("inf") for name in contenders}
    spent = dict.fromkeys(contenders, 0.0)
    for _ in range(repeat):
        for name, (setup, action) in contenders.items():
            if spent[name] > budget:
                continue
            if setup is not None:
                setup()
            elapsed, _ = timed(action)
            best[name], spent[name] = min(best[name], elapsed), spent[name] + elapsed
    return best


def copy_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# -- counting results -------------------------------------------------------------------------------

@dataclass
class Counts:
    live: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    def add(self, po: polib.POFile) -> None:
        for entry in po:
            if entry.obsolete:
                self.obsolete += 1
            elif entry.msgid:
                self.live += 1
                if not entry.msgstr:
                    self.untranslated += 1
                elif "fuzzy" in entry.flags:
                    self.fuzzy += 1
                else:
                    self.translated += 1


def count_files(paths: Iterable[Path]) -> tuple[Counts, dict[tuple[str, str], str]]:
    """Entry counts over catalogues, and {(file, msgid): msgstr} of the fuzzy entries."""
    counts = Counts()
    fuzzy: dict[tuple[str, str], str] = {}
    for path in paths:
        po = polib.pofile(str(path))
        counts.add(po)
        for entry in po:
            if not entry.obsolete and entry.msgid and entry.msgstr and "fuzzy" in entry.flags:
                fuzzy[(path.stem, entry.msgid)] = entry.msgstr
    return counts, fuzzy


def agreement(ours: dict[tuple[str, str], str], theirs: dict[tuple[str, str], str]) -> str:
    both = ours.keys() & theirs.keys()
    same = sum(ours[key] == theirs[key] for key in both)
    return (f"{len(both)} fuzzy in both ({same} with the same old translation), "
            f"{len(ours.keys() - theirs.keys())} only in l10n, {len(theirs.keys() - ours.keys())} only in the other")


# -- the benchmark ----------------------------------------------------------------------------------

@dataclass
class Row:
    step: str
    ours: float | None = None
    gettext: float | None = None
    babel: float | None = None
    note: str = ""
    babel_estimated: bool = False  # too slow to run: extrapolated from a sample


@dataclass
class Bench:
    work: Path
    repeat: int
    babel_timeout: float
    rows: list[Row] = field(default_factory=list)
    counts: list[tuple[str, Counts]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def project(self) -> Path:
        return self.work / "project"

    @property
    def state(self) -> Path:  # locales/ after the edits: the common starting point of every merge
        return self.work / "state-locales"

    def catalogue_dir(self, project: Path) -> Path:
        return project / "locales" / LANG / "LC_MESSAGES"

    def domains(self) -> list[str]:
        return sorted(path.stem for path in (self.state).glob("*.pot"))

    def l10n(self, *args: str, project: Path | None = None) -> str:
        return run([L10N, *args, "--root", str(project or self.project)])

    # -- steps --

    def startup(self) -> None:
        best = race({"ours": (None, lambda: run([L10N, "--version"])),
                     "gettext": (None, lambda: run(["msgmerge", "--version"])),
                     "babel": (None, lambda: run([PYBABEL, "--version"]))}, max(self.repeat, 5))
        self.rows.append(Row("process start-up (--version)", best["ours"], best["gettext"], best["babel"],
                             "msgmerge / pybabel"))

    def extract(self, pages: int) -> None:
        elapsed, output = timed(lambda: self.l10n("extract"))
        entries = segments = 0
        for line in str(output).splitlines():  # "wrote  locales/x.pot  (25 entries from 27 segments)"
            numbers = line.rsplit("(", 1)[1].split()
            entries, segments = entries + int(numbers[0]), segments + int(numbers[3])
        self.notes.append(f"corpus: {pages} pages, {segments} segments, {entries} template entries "
                          f"(sum over pages)")
        self.rows.append(Row("extract, cold", elapsed, None, None, f"{segments} segments"))
        warm = race({"warm": (None, lambda: self.l10n("extract"))}, self.repeat)["warm"]
        self.rows.append(Row("extract, all up to date", warm))

    def create(self) -> None:
        """First `update`: every catalogue is new; msginit and Babel's `init` for reference."""
        catalogues = self.catalogue_dir(self.project)
        elapsed, _ = timed(lambda: self.l10n("update", "--lang", LANG))
        templates = sorted((self.project / "locales").glob("*.pot"))
        out = self.work / "msginit"
        copy_tree(self.project / "locales", out)

        def msginit() -> None:
            for template in templates:
                run(["msginit", "--no-translator", "--locale", LANG, "--input", str(template),
                     "--output-file", str(out / f"{template.stem}.po")])

        gettext, _ = timed(msginit)
        babel, _ = timed(lambda: babel_init(templates, self.work / "babel-init"))
        self.rows.append(Row("update: create catalogues", elapsed, gettext, babel,
                             f"{len(list(catalogues.glob('*.po')))} files; msginit / Babel init in-process"))

    def prepare_edited_state(self, specs: list[PageSpec], seed: int) -> None:
        translated = fill_catalogues(self.project)
        edited = edit_corpus(specs, 0.05, seed)
        write_corpus(specs, self.project)
        self.notes.append(f"filled {translated} catalogue entries with fake German; edited {edited} sentences (5 %)")
        elapsed, _ = timed(lambda: self.l10n("extract"))
        self.rows.append(Row("extract after the edits", elapsed, None, None, "only changed pages are written"))
        copy_tree(self.project / "locales", self.state)

    def merge_per_catalogue(self) -> None:
        domains = self.domains()
        gettext_dir, babel_dir = self.work / "msgmerge", self.work / "babel"

        def msgmerge_all(env: dict[str, str] | None = None) -> None:
            for domain in domains:
                run(["msgmerge", "--quiet", "--update", "--backup=none",
                     str(gettext_dir / LANG / "LC_MESSAGES" / f"{domain}.po"), str(gettext_dir / f"{domain}.pot")],
                    env=env)

        # msgmerge starts OpenMP threads for its fuzzy search; on small files their start-up and
        # spin-wait cost more than the search, so one thread is measured as well.
        best = race({
            "one thread": (lambda: copy_tree(self.state, gettext_dir), lambda: msgmerge_all({"OMP_NUM_THREADS": "1"})),
            "ours": (lambda: copy_tree(self.state, self.project / "locales"),
                     lambda: self.l10n("update", "--lang", LANG)),
            "babel": (lambda: copy_tree(self.state, babel_dir), lambda: babel_update_all(babel_dir, domains)),
            "gettext": (lambda: copy_tree(self.state, gettext_dir), msgmerge_all),  # last: its output is kept
        }, self.repeat)
        ours, gettext, babel = best["ours"], best["gettext"], best["babel"]
        self.notes.append(f"msgmerge per catalogue with OMP_NUM_THREADS=1: {best['one thread']:.2f} s "
                          f"(default threads: {gettext:.2f} s)")
        per = f"{1000 * ours / len(domains):.1f} / {1000 * gettext / len(domains):.1f} ms a catalogue"
        self.rows.append(Row(f"update: merge {len(domains)} catalogues", ours, gettext, babel,
                             f"{per}; Babel in-process"))

        results = {}
        for label, folder in (("l10n", self.project / "locales"), ("msgmerge", gettext_dir), ("Babel", babel_dir)):
            counts, fuzzy = count_files(sorted((folder / LANG / "LC_MESSAGES").glob("*.po")))
            self.counts.append((f"{label}, per catalogue", counts))
            results[label] = fuzzy
        self.notes.append("per catalogue, l10n vs msgmerge: " + agreement(results["l10n"], results["msgmerge"]))
        self.notes.append("per catalogue, l10n vs Babel: " + agreement(results["l10n"], results["Babel"]))

    def concatenate(self) -> tuple[Path, Path]:
        """One big template and one big catalogue (the state before the merge), joined with msgcat."""
        big = self.work / "big"
        if big.exists():
            shutil.rmtree(big)
        big.mkdir()
        domains = self.domains()
        pot_list, po_list = big / "pots.txt", big / "pos.txt"
        pot_list.write_text("".join(f"{self.state / d}.pot\n" for d in domains))
        po_list.write_text("".join(f"{self.state / LANG / 'LC_MESSAGES' / d}.po\n" for d in domains))
        # --use-first: the navigation lines repeat on every page with the same translation; keep one header
        elapsed_pot, _ = timed(lambda: run(["msgcat", "--use-first", "--files-from", str(pot_list),
                                            "--output-file", str(big / "big.pot")]))
        elapsed_po, _ = timed(lambda: run(["msgcat", "--use-first", "--files-from", str(po_list),
                                           "--output-file", str(big / "big.po")]))
        entries = sum(1 for e in polib.pofile(str(big / "big.pot")) if e.msgid)
        self.notes.append(f"big pair (msgcat, {elapsed_pot + elapsed_po:.1f} s): big.pot has {entries} entries, "
                          f"{(big / 'big.pot').stat().st_size >> 10} KiB; big.po "
                          f"{(big / 'big.po').stat().st_size >> 10} KiB")
        return big / "big.pot", big / "big.po"

    def merge_big(self, pot: Path, po: Path) -> None:
        from l10n.catalog import read_catalogue, write_catalogue
        from l10n.update import update_catalogue

        out = self.work / "big-out"
        out.mkdir(exist_ok=True)
        ours_po = out / "l10n.po"

        # In-process: read, merge, write, with each phase timed on its own.
        phases: dict[str, float] = {}

        def ours_in_process() -> None:
            (t_read, (template, old)) = timed(lambda: (read_catalogue(pot), read_catalogue(po)))
            (t_merge, (new, _)) = timed(lambda: update_catalogue(template, old, LANG))
            (t_write, _) = timed(lambda: write_catalogue(new, ours_po))
            if not phases or t_read + t_merge + t_write < sum(phases.values()):
                phases.update(read=t_read, merge=t_merge, write=t_write)

        # The CLI on the big pair: a project with one page whose template is the big one.
        project = self.work / "big-project"
        if project.exists():
            shutil.rmtree(project)
        (project / "source_texts").mkdir(parents=True)
        (project / "source_texts" / "big.txt").write_text("Placeholder page; its template is big.pot.\n")
        catalogue = self.catalogue_dir(project) / "big.po"

        def restore_cli() -> None:
            catalogue.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(pot, project / "locales" / "big.pot")
            shutil.copy(po, catalogue)

        gettext_po, babel_po = out / "msgmerge.po", out / "babel.po"
        best = race({
            "ours": (None, ours_in_process),
            "cli": (restore_cli, lambda: self.l10n("update", "--lang", LANG, project=project)),
            "gettext": (lambda: shutil.copy(po, gettext_po),
                        lambda: run(["msgmerge", "--quiet", "--update", "--backup=none", str(gettext_po), str(pot)])),
            "babel -N": (lambda: shutil.copy(po, babel_po),
                         lambda: run([PYBABEL, "update", "--no-fuzzy-matching", "-l", LANG, "-i", str(pot),
                                      "-o", str(babel_po)])),
        }, self.repeat)
        ours, cli, gettext, babel_nofuzzy = best["ours"], best["cli"], best["gettext"], best["babel -N"]
        self.notes.append("l10n big pair in-process, best run: "
                          + ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in phases.items()))
        # Babel's fuzzy matching compares every new msgid with every old one, so on the big pair it can
        # run for hours: estimate it from a sample first, and run it only when it fits the timeout.
        per_message, sampled, unmatched = babel_fuzzy_cost(pot, po, budget=min(60.0, self.babel_timeout))
        estimate = babel_nofuzzy + per_message * unmatched
        self.notes.append(f"Babel's fuzzy search on the big pair: {per_message:.2f} s for each of {unmatched} new "
                          f"msgids (mean of {sampled} sampled get_close_matches calls); estimated total "
                          f"{estimate:.0f} s = pybabel update -N + {unmatched} x {per_message:.2f} s")
        babel: float | None = None
        if estimate <= self.babel_timeout:
            log(f"pybabel update on the big pair (estimated {estimate:.0f} s) ...")
            shutil.copy(po, babel_po)
            try:
                babel, _ = timed(lambda: run([PYBABEL, "update", "-l", LANG, "-i", str(pot), "-o", str(babel_po)],
                                             timeout=2 * self.babel_timeout))
            except subprocess.TimeoutExpired:
                self.notes.append(f"pybabel update on the big pair did not finish in {2 * self.babel_timeout:.0f} s")
        babel_estimated = babel is None
        if babel is None:
            babel = estimate

        self.rows.append(Row("update: big pair, in-process merge", ours, None, None, "read + merge + write"))
        self.rows.append(Row("update: big pair, one process", cli, gettext, babel,
                             "CLI / msgmerge / pybabel update" + (" (Babel: estimate)" if babel_estimated else ""),
                             babel_estimated))
        self.rows.append(Row("update: big pair, no fuzzy matching", None, None, babel_nofuzzy,
                             "pybabel update -N, for scale"))

        results = {}
        outputs = [("l10n", ours_po), ("msgmerge", gettext_po)] + ([] if babel_estimated else [("Babel", babel_po)])
        for label, path in outputs:
            counts, fuzzy = count_files([path])
            self.counts.append((f"{label}, big pair", counts))
            results[label] = {(msgid, ""): msgstr for (_, msgid), msgstr in fuzzy.items()}
        self.notes.append("big pair, l10n vs msgmerge: " + agreement(results["l10n"], results["msgmerge"]))

    def export(self, po_big: Path) -> None:
        # Export from the catalogues l10n's own update produced (the project is in that state now).
        catalogues = sorted(self.catalogue_dir(self.project).glob("*.po"))
        out = self.work / "msgfmt"
        out.mkdir(exist_ok=True)

        def msgfmt_all() -> None:
            for path in catalogues:
                run(["msgfmt", "--output-file", str(out / f"{path.stem}.mo"), str(path)])

        best = race({"ours": (None, lambda: self.l10n("export", "--lang", LANG)),
                     "gettext": (None, msgfmt_all),
                     "babel": (None, lambda: babel_compile_all(catalogues, self.work / "babel-mo")),
                     "single": (None, lambda: run(["msgfmt", "--output-file", str(out / "big.mo"), str(po_big)]))},
                    self.repeat)
        self.rows.append(Row(f"export {len(catalogues)} pages (+ .mo)", best["ours"], best["gettext"], best["babel"],
                             "msgfmt per file / Babel read_po+write_mo"))
        self.rows.append(Row("compile big pair (.mo)", None, best["single"], None, "msgfmt, one process"))


# -- Babel, as pybabel's update / init / compile commands use it ------------------------------------

def babel_update_all(folder: Path, domains: list[str]) -> None:
    """`pybabel update` for each catalogue, in one process: read_po, Catalog.update, write_po."""
    from babel.messages.pofile import read_po, write_po

    for domain in domains:
        with open(folder / f"{domain}.pot", "rb") as handle:
            template = read_po(handle)
        path = folder / LANG / "LC_MESSAGES" / f"{domain}.po"
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale=LANG, domain=domain)
        catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
        with open(path, "wb") as handle:
            write_po(handle, catalog, width=76)  # pybabel's default width


def babel_fuzzy_cost(pot: Path, po: Path, budget: float, samples: int = 20) -> tuple[float, int, int]:
    """Mean seconds of Babel's fuzzy search for one new msgid, the sample size, and how many new msgids
    `Catalog.update` would search for. Mirrors the candidate set `Catalog.update` builds (private API)."""
    from babel.messages.catalog import get_close_matches
    from babel.messages.pofile import read_po

    with open(pot, "rb") as handle:
        template = read_po(handle)
    with open(po, "rb") as handle:
        catalog = read_po(handle, locale=LANG)
    messages = catalog._messages  # noqa: SLF001 - what Catalog.update iterates
    candidates = {catalog._to_fuzzy_match_key(catalog._key_for(key)): key  # noqa: SLF001
                  for key in messages if key and messages[key].string}
    new = [catalog._key_for(m.id, m.context) for m in template if m.id]  # noqa: SLF001
    new = [key for key in new if key not in messages]
    if not new:
        return 0.0, 0, 0
    step = max(1, len(new) // samples)
    spent, sampled = 0.0, 0
    for key in new[::step][:samples]:
        elapsed, _ = timed(lambda: get_close_matches(catalog._to_fuzzy_match_key(key),  # noqa: SLF001
                                                     candidates.keys(), 1))
        spent, sampled = spent + elapsed, sampled + 1
        if spent > budget:
            break
    return spent / sampled, sampled, len(new)


def babel_init(templates: list[Path], folder: Path) -> None:
    """`pybabel init` for each template, in one process."""
    from babel import Locale
    from babel.messages.pofile import read_po, write_po

    folder.mkdir(parents=True, exist_ok=True)
    for template in templates:
        with open(template, "rb") as handle:
            catalog = read_po(handle, locale=LANG)
        catalog.locale = Locale.parse(LANG)
        catalog.fuzzy = False
        with open(folder / f"{template.stem}.po", "wb") as handle:
            write_po(handle, catalog, width=76)


def babel_compile_all(catalogues: list[Path], folder: Path) -> None:
    """`pybabel compile` for each catalogue, in one process."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    folder.mkdir(parents=True, exist_ok=True)
    for path in catalogues:
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale=LANG)
        with open(folder / f"{path.stem}.mo", "wb") as handle:
            write_mo(handle, catalog)


# -- profile ----------------------------------------------------------------------------------------

# Functions whose cumulative time says where l10n spends it: (label, file suffix, function name).
# Indented labels are part of the one above; builtins are listed by cProfile under the file "~".
HOT_SPOTS = [
    ("read_catalogue", "l10n/catalog.py", "read_catalogue"),
    ("  polib parse", "polib.py", "parse"),
    ("  syntax check (check_syntax)", "l10n/potext.py", "check_syntax"),
    ("catalogue_text (polib serialise)", "l10n/catalog.py", "catalogue_text"),
    ("  textwrap (line wrapping)", "textwrap.py", "wrap"),
    ("update_catalogue (merge)", "l10n/update.py", "update_catalogue"),
    ("  fuzzy search (best_match)", "l10n/update.py", "best_match"),
    ("  language_headers (Babel CLDR)", "l10n/update.py", "language_headers"),
    ("parse_file (segmentation)", "l10n/formats/__init__.py", "parse_file"),
    ("  pySBD", "pysbd/segmenter.py", "segment"),
    ("build_template", "l10n/extract.py", "build_template"),
    ("source_digest (sha256)", "l10n/extract.py", "source_digest"),
    ("compile_mo (polib to_binary)", "l10n/catalog.py", "compile_mo"),
    ("atomic_write", "l10n/fileio.py", "atomic_write"),
    ("  fsync", "~", "<built-in method posix.fsync>"),
    ("  os.replace", "~", "<built-in method posix.replace>"),
    ("filelock acquire + release", "filelock/_api.py", "acquire"),
    ("  (release)", "filelock/_api.py", "release"),
]


def profile(action: Callable[[], object], top: int = 8) -> str:
    """Run `action` under cProfile: the hot spots' share of the time, then the functions with most own time."""
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    action()
    profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    lines = [f"  {wall:.2f} s under the profiler (cProfile slows Python code down, not system calls)"]
    for label, suffix, name in HOT_SPOTS:
        calls, cumulative = 0, 0.0
        for (file, _, function), (_, ncalls, _, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
            # the largest match: textwrap.wrap() calls TextWrapper.wrap(), summing would count twice
            if function == name and file.replace("\\", "/").endswith(suffix) and cumtime > cumulative:
                calls, cumulative = ncalls, cumtime
        if calls:
            lines.append(f"    {label:<36}{cumulative:>8.2f} s {100 * cumulative / wall:>4.0f} %  {calls:>7} calls")
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(top)
    body = buffer.getvalue()
    table = body[body.index("ncalls"):] if "ncalls" in body else body
    lines += ["  most own time:", *("    " + line for line in table.strip().splitlines())]
    return "\n".join(lines)


def profile_report(bench: Bench, pot: Path, po: Path, pages: int) -> str:
    """Profile l10n in-process, the way the CLI calls it: extract, update and export over the first
    `pages` pages (from copies of the benchmark's states), and the update of the big pair."""
    from l10n.catalog import read_catalogue, write_catalogue
    from l10n.config import load_project
    from l10n.export import export_page
    from l10n.extract import extract_page
    from l10n.update import update_catalogue, update_domain

    root = bench.work / "profile-project"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bench.project / "source_texts", root / "source_texts")
    (root / "locales").mkdir()
    project = load_project(root)
    selected = project.sources()[:pages]

    def extract_all() -> None:
        for page in selected:
            extract_page(project, page)

    def update_all() -> None:
        for page in selected:
            update_domain(project, page.domain, LANG)

    def export_all() -> None:
        for page in selected:
            export_page(project, page, LANG)

    def update_big() -> None:
        template, old = read_catalogue(pot), read_catalogue(po)
        new, _ = update_catalogue(template, old, LANG)
        write_catalogue(new, bench.work / "big-out" / "profiled.po")

    sections = [f"extract, cold, {len(selected)} pages", profile(extract_all),
                f"extract, up to date, {len(selected)} pages (sentence cache warm: no pySBD)", profile(extract_all)]
    shutil.rmtree(root / "locales")
    shutil.copytree(bench.state, root / "locales")  # the edited corpus' templates + the filled catalogues
    sections += [f"update (merge), {len(selected)} catalogues", profile(update_all),
                 f"export, {len(selected)} pages", profile(export_all),
                 "update of the big pair (read_catalogue x2, update_catalogue, write_catalogue)", profile(update_big)]
    return "\n".join(sections)


# -- report -----------------------------------------------------------------------------------------

def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or denominator is None or denominator == 0:
        return "-"
    return f"{numerator / denominator:.2f}x"


def report(bench: Bench) -> str:
    header = ["step", "l10n s", "gettext s", "Babel s", "l10n/gettext", "Babel/l10n", "notes"]
    approx = lambda row: "~" if row.babel_estimated else ""  # noqa: E731
    rows = [[r.step, seconds(r.ours), seconds(r.gettext), approx(r) + seconds(r.babel), ratio(r.ours, r.gettext),
             approx(r) + ratio(r.babel, r.ours), r.note] for r in bench.rows]
    widths = [max(len(str(line[i])) for line in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i in (0, 6) else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths)))
             for line in [header, *rows]]
    lines.insert(1, "-" * len(lines[0]))

    lines += ["", "entries after the merge   live  translated  fuzzy  untranslated  obsolete"]
    for label, c in bench.counts:
        lines.append(f"{label:<24}{c.live:>6}{c.translated:>12}{c.fuzzy:>7}{c.untranslated:>14}{c.obsolete:>10}")

    by_step = {r.step: r for r in bench.rows}
    merge = next(r for r in bench.rows if r.step.startswith("update: merge"))
    big = by_step["update: big pair, one process"]
    inproc = by_step["update: big pair, in-process merge"]
    lines += ["", "targets (from the issue)"]
    for label, value, limit, better in [
        ("update within 2x of msgmerge, per catalogue", merge.ours / merge.gettext, 2.0, "<="),
        ("update within 2x of msgmerge, big pair (one process each)", big.ours / big.gettext, 2.0, "<="),
        ("update >= 10x faster than Babel, big pair (one process each)", big.babel / big.ours, 10.0, ">="),
        ("update >= 10x faster than Babel, big pair (in-process merge)", big.babel / inproc.ours, 10.0, ">="),
    ]:
        ok = value <= limit if better == "<=" else value >= limit
        estimated = "Babel" in label and big.babel_estimated
        verdict = f"{'~' if estimated else ''}{value:.2f}x  {'PASS' if ok else 'FAIL'}"
        if estimated:
            verdict += "  (Babel's time estimated)"
        lines.append(f"  {label:<62} {verdict}")
    lines += ["", *(f"- {note}" for note in bench.notes)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="number of pages (default 2000, ~50,000 segments)")
    parser.add_argument("--quick", action="store_true", help="100 pages, one round: a smoke test")
    parser.add_argument("--repeat", type=int, default=3, help="best of N rounds (a step over 60 s runs once)")
    parser.add_argument("--seed", type=int, default=20240430)
    parser.add_argument("--work", type=Path, default=BENCH_DIR / "_work" / "pipeline",
                        help="scratch folder, deleted and rebuilt on every run")
    parser.add_argument("--babel-timeout", type=float, default=None,
                        help="run pybabel update (fuzzy) on the big pair only when estimated to take at most this "
                             "many seconds, else report the estimate (its fuzzy matching is quadratic); "
                             "default 900, with --quick 5")
    parser.add_argument("--profile", action="store_true",
                        help="also profile l10n (extract, update, export, big-pair update) and name the hot spots")
    parser.add_argument("--profile-pages", type=int, default=400, help="pages profiled for extract/update/export")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.repeat = min(args.pages, 100), 1
    if args.babel_timeout is None:
        args.babel_timeout = 5.0 if args.quick else 900.0

    work: Path = args.work.resolve()
    marker = work / ".bench_pipeline"  # only a folder this script made is ever deleted
    if work.exists() and any(work.iterdir()) and not marker.exists():
        raise SystemExit(f"{work} exists and was not made by this benchmark; choose another --work folder")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    marker.touch()
    load_at_start = os.getloadavg()[0]
    bench = Bench(work, args.repeat, args.babel_timeout)
    with_markdown = markdown_supported()
    specs = build_corpus(args.pages, args.seed, with_markdown)
    write_corpus(specs, bench.project)
    (bench.project / "locales").mkdir()
    if not with_markdown:
        bench.notes.append("no .md pages: l10n has no Markdown format module (l10n/formats/markdown.py) yet")

    log(f"corpus of {args.pages} pages in {bench.project}")
    bench.startup()
    log("extract ...")
    bench.extract(args.pages)
    log("update: create ...")
    bench.create()
    log("fill, edit 5 %, re-extract ...")
    bench.prepare_edited_state(specs, args.seed)
    log("update: merge per catalogue (l10n, msgmerge, Babel) ...")
    bench.merge_per_catalogue()
    log("big pair ...")
    pot, po = bench.concatenate()
    bench.merge_big(pot, po)
    log("export / msgfmt ...")
    bench.export(po)
    bench.notes.append("load average (1 min) at start {:.1f}, at the end {:.1f} on {} cores; other work on the "
                       "machine inflates wall-clock times".format(load_at_start, os.getloadavg()[0], os.cpu_count()))
    print(report(bench))
    if args.profile:
        log("profiling ...")
        print("\nwhere l10n spends its time (cProfile, in-process; cumulative times nest)")
        print(profile_report(bench, pot, po, args.profile_pages))


if __name__ == "__main__":
    main()
