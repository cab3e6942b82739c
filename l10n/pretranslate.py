"""Fill untranslated catalogue entries: translation memory first, then the MT cache, then the model.

1. Every catalogue of the language is read; its done entries form the translation
   memory. The selected catalogues' untranslated entries (and, with
   `include_fuzzy`, their fuzzy ones) are the work.
2. An exact memory match is reused (`origin=memory`, confidence 1, `from=<domain>`).
3. The rest is looked up in the MT cache (`mtcache`), keyed by source text, model,
   version and beam size, so a second run or a reset entry never reaches the model.
4. What is left goes to the model in one call for all catalogues, deduplicated by
   text, after protecting non-translatable spans and do-not-translate glossary
   terms (`protect`); the results go into the cache at once.
5. Only then is each catalogue written, through `catalog.editing` (lock, re-read,
   atomic write), and only to entries that are still as they were read: a
   translation typed meanwhile in the web UI is never overwritten. Ctrl-C before
   this point changes no catalogue.

Every filled entry is fuzzy with a machine mark (`states.set_state`); entries
whose machine translation lost a protected span or misses a glossary term are
counted in the summary, by the same `checks.check_entry` that `l10n check` runs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import polib
from tqdm import tqdm

from .catalog import editing, entry_key, entry_version, live_entries, now_stamp, read_catalogue
from .checks import check_entry
from .config import Project
from .errors import InputError
from .formatstrings import plural_rule
from .glossary import Term, keep_terms, load_glossary
from .memory import TranslationMemory
from .models import ModelError, ModelInfo, default_packages_dir, find_model
from .mtcache import MTCache, cache_path
from .protect import protect, restore
from .states import State, set_state, state_of

PACKAGES_SETTING = "argos_packages_dir"  # in [tool.l10n] / l10n.toml, relative to the project root
MEMORY, CACHE, MACHINE = "memory", "cache", "mt"
# The checks (`l10n.checks`) that flag a protected span the model dropped or mangled.
SPAN_CHECKS = frozenset({"printf-format", "python-format", "brace-format", "markup", "url", "email", "number"})


@dataclass
class CatalogueSummary:
    """What pretranslation did to one catalogue (counts of entries)."""

    domain: str
    path: Path
    memory: int = 0  # filled from the translation memory
    cache: int = 0  # filled from the MT cache (the model was not asked)
    machine: int = 0  # filled by the model in this run
    lost: int = 0  # machine translations missing a protected span (number, email, URL, placeholder…)
    glossary: int = 0  # machine translations missing a glossary term's expected rendering
    changed: int = 0  # edited by someone else while we translated: left alone

    @property
    def filled(self) -> int:
        return self.memory + self.cache + self.machine

    def add(self, other: CatalogueSummary) -> None:
        for count in fields(self):
            if count.type == "int":
                setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))


@dataclass
class PretranslateResult:
    lang: str
    model: ModelInfo
    beam_size: int
    catalogues: list[CatalogueSummary]
    sent: int = 0  # distinct texts given to the model
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of the steps: read, translate, write

    @property
    def total(self) -> CatalogueSummary:
        total = CatalogueSummary("total", Path())
        for summary in self.catalogues:
            total.add(summary)
        return total


@dataclass
class _Fill:
    target: str
    confidence: float
    origin: str  # MEMORY, CACHE or MACHINE
    domain: str = ""  # for MEMORY: the catalogue it comes from


@dataclass
class _Job:
    """One entry to fill, as it was when read."""

    domain: str
    key: tuple[str | None, str]
    texts: tuple[str, ...]  # msgid, and msgid_plural for a plural entry
    was_untranslated: bool
    version: str
    fills: list[_Fill] = field(default_factory=list)


def packages_dir_for(project: Project, override: Path | None = None) -> Path:
    """Where Argos packages live: `--packages-dir`, else the project's setting, else Argos's default."""
    if override is not None:
        return Path(override)
    configured = project.settings.get(PACKAGES_SETTING)
    if configured:
        return project.root / str(configured)
    return default_packages_dir()


def install_command(project: Project, lang: str, packages_dir: Path | None = None) -> str:
    """The command that installs a model for `lang` into the folder pretranslate looks in."""
    words = ["l10n", "models", "install", lang]
    if project.root != Path.cwd().resolve():
        words += ["--root", str(project.root)]
    if packages_dir is not None:
        words += ["--packages-dir", str(packages_dir)]
    return " ".join(words)


def pretranslate(project: Project, lang: str, *, domains: Sequence[str] = (), packages_dir: Path | None = None,
                 include_fuzzy: bool = False, beam_size: int = 4, batch_size: int = 32, threads: int = 1,
                 device: str = "cpu", use_cache: bool = True, show_progress: bool = True) -> PretranslateResult:
    """Fill the untranslated (and with `include_fuzzy` the fuzzy) entries of `lang`'s catalogues.

    `domains` limits the work to those catalogues (the memory always uses all of them);
    `packages_dir` overrides where the model is looked for (see `packages_dir_for`).
    """
    started = time.perf_counter()
    catalogues = _read_catalogues(project, lang)
    selected = _select(project, lang, catalogues, domains)
    terms = load_glossary(project.glossary_path, lang)
    folder = packages_dir_for(project, packages_dir)
    model = find_model(project.source_language, lang, folder)
    if model is None:
        raise ModelError(f"no {project.source_language}→{lang} translation model installed in {folder}; "
                         f"install one with `{install_command(project, lang, packages_dir)}` "
                         f"(offline: `... --file PATH.argosmodel`)")

    memory = TranslationMemory.from_catalogues(catalogues.items())
    jobs = [job for domain in selected for job in _jobs(domain, catalogues[domain], include_fuzzy)]
    texts: dict[str, _Fill | None] = {}  # every text to fill -> how
    for job in jobs:
        for text in job.texts:
            if texts.get(text) is None:
                match = memory.exact(text) if len(job.texts) == 1 else None  # the memory holds no plural forms
                texts[text] = _Fill(match.target, 1.0, MEMORY, match.domain) if match else None

    result = PretranslateResult(lang, model, beam_size, [])
    result.seconds["read"] = time.perf_counter() - started
    cache = MTCache(cache_path(project.root, lang), model.name, model.version, beam_size) if use_cache else None
    try:
        todo = [text for text, fill in texts.items() if fill is None]
        if cache is not None:
            for text, (target, confidence) in cache.get_many(todo).items():
                texts[text] = _Fill(target, confidence, CACHE)
            todo = [text for text in todo if texts[text] is None]
        if todo:
            translated = _machine_translate(todo, model, lang, keep_terms(terms), beam_size=beam_size,
                                            batch_size=batch_size, threads=threads, device=device,
                                            show_progress=show_progress)
            texts.update(translated)
            result.sent = len(todo)
            if cache is not None:
                cache.put_many((text, fill.target, fill.confidence) for text, fill in translated.items())
    finally:
        if cache is not None:
            cache.close()

    result.seconds["translate"] = time.perf_counter() - started - result.seconds["read"]

    by_domain: dict[str, list[_Job]] = {domain: [] for domain in selected}
    for job in jobs:
        job.fills = [texts[text] for text in job.texts]  # type: ignore[misc]
        by_domain[job.domain].append(job)
    for domain, domain_jobs in by_domain.items():
        summary = CatalogueSummary(domain, project.catalogue_path(lang, domain))
        if domain_jobs:
            _apply(summary, domain_jobs, model, terms)
        result.catalogues.append(summary)
    result.seconds["write"] = time.perf_counter() - started - result.seconds["read"] - result.seconds["translate"]
    return result


def _read_catalogues(project: Project, lang: str) -> dict[str, polib.POFile]:
    found = project.catalogues(lang)
    if not found:
        raise InputError(f"no {lang} catalogues in {project.locales_dir}; "
                         f"run `l10n extract` and `l10n update --lang {lang}` first")
    return {domain: read_catalogue(path) for domain, path in found}


def _select(project: Project, lang: str, catalogues: dict[str, polib.POFile], domains: Sequence[str]) -> list[str]:
    for domain in domains:
        if domain not in catalogues:
            raise InputError(f"no {lang} catalogue for {domain!r}; run `l10n update --lang {lang}` first",
                             project.catalogue_path(lang, domain))
    return list(dict.fromkeys(domains)) if domains else list(catalogues)


def _pending(entry: polib.POEntry, include_fuzzy: bool) -> bool:
    state = state_of(entry)
    return state is State.UNTRANSLATED or (include_fuzzy and state in (State.MACHINE, State.NEEDS_WORK))


def _jobs(domain: str, po: polib.POFile, include_fuzzy: bool) -> list[_Job]:
    return [_Job(domain, entry_key(entry), (entry.msgid, entry.msgid_plural) if entry.msgid_plural else (entry.msgid,),
                 state_of(entry) is State.UNTRANSLATED, entry_version(entry))
            for entry in live_entries(po) if _pending(entry, include_fuzzy)]


def _machine_translate(texts: list[str], model: ModelInfo, lang: str, keep: list[Term], *, beam_size: int,
                       batch_size: int, threads: int, device: str, show_progress: bool) -> dict[str, _Fill]:
    """Protect, translate in one call (the model is loaded only now), restore."""
    from .machine import Translator

    protected = {text: protect(text, keep) for text in texts}
    # A text of nothing but protected spans (an email, a number) is copied: there is nothing to translate.
    fills = {text: _Fill(text, 1.0, MACHINE) for text, item in protected.items() if item.only_tokens}
    send = [text for text in texts if text not in fills]
    if send:
        translator = Translator(model, beam_size=beam_size, threads=threads, device=device, batch_size=batch_size)
        with tqdm(total=len(send), desc=f"pretranslate {lang}", unit="segment", file=sys.stderr, leave=False,
                  disable=None if show_progress else True) as bar:
            outputs = translator.translate([protected[text].text for text in send], progress=bar.update)
        for text, output in zip(send, outputs):
            fills[text] = _Fill(restore(output.text, protected[text]).text, output.confidence, MACHINE)
    return fills


def _apply(summary: CatalogueSummary, jobs: list[_Job], model: ModelInfo, terms: list[Term]) -> None:
    """Write the fills into the catalogue, under its lock, to entries nobody changed meanwhile."""
    with editing(summary.path) as po:
        current = {entry_key(entry): entry for entry in live_entries(po)}
        plural_forms = po.metadata.get("Plural-Forms")
        rule = plural_rule(plural_forms)
        # Forms for exactly one number get the singular's translation (German: form 0), others the plural's.
        nplurals, singles = (rule.nplurals, rule.singles) if rule is not None and not rule.error else (2, {0})
        for job in jobs:
            entry = current.get(job.key)
            if entry is None or not _unchanged(entry, job):
                summary.changed += 1
                continue
            _fill(entry, job, nplurals, singles, model)
            origins = {fill.origin for fill in job.fills}
            if origins == {MEMORY}:
                summary.memory += 1
                continue
            if origins == {CACHE}:
                summary.cache += 1
            else:
                summary.machine += 1
            # What `l10n check` will report on this entry, computed the same way.
            found = {problem.check for problem in check_entry(entry, glossary=terms, plural_forms=plural_forms)}
            summary.lost += bool(found & SPAN_CHECKS)
            summary.glossary += "glossary" in found
        if summary.filled:
            po.metadata["PO-Revision-Date"] = now_stamp()


def _unchanged(entry: polib.POEntry, job: _Job) -> bool:
    if job.was_untranslated:
        return state_of(entry) is State.UNTRANSLATED
    return entry_version(entry) == job.version


def _fill(entry: polib.POEntry, job: _Job, nplurals: int, singles: Collection[int], model: ModelInfo) -> None:
    fills = job.fills
    if entry.msgid_plural:
        entry.msgstr_plural = {index: fills[0 if index in singles else 1].target for index in range(nplurals)}
    else:
        entry.msgstr = fills[0].target
    if all(fill.origin == MEMORY for fill in fills):
        mark: dict[str, object] = {"origin": "memory", "confidence": 1.0, "from": fills[0].domain}
    else:
        mark = {"origin": "mt", "model": model.name, "version": model.version,
                "confidence": min(fill.confidence for fill in fills)}
    set_state(entry, State.MACHINE, machine=mark)
