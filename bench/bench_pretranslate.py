"""Pretranslation speed: l10n pretranslate against Argos's per-entry translate() and raw CTranslate2.

    .venv/bin/python bench/bench_pretranslate.py                    # 3,000 segments, the tiny test model
    .venv/bin/python bench/bench_pretranslate.py --model base       # a model the size of a real Argos one
    .venv/bin/python bench/bench_pretranslate.py --segments 300     # a quick run

The same model, the same distinct segments (sentences of generated pages, some with numbers,
emails and glossary terms), beam size 4 everywhere, one process each:

  (a) argos-per-entry  Argos's own `translate()` called once per entry, the way LibreTranslate and
                       argos-translate-files call it: through `argostranslate.translate`, its
                       sentence splitter, tokenizer, `translate_batch` of one paragraph, decoding.
                       Run in the full argostranslate install at bench/_work/argos-full-venv
                       (torch, stanza, spaCy) when it exists, with ARGOS_CHUNK_TYPE=SPACY and a
                       blank spaCy pipeline pre-cached where Argos looks for xx_sent_ud_sm (the
                       default splitters, MiniSBD and stanza, download models). Without that
                       install: the lean one, with the splitter stubbed to return the text (so
                       Argos is a bit faster than for real). Argos's default threads.
  (b) raw-ct2          SentencePiece encode, `ctranslate2.Translator.translate_batch` on batches of
                       32 sorted by length, with the decoding options l10n uses (Argos's length
                       penalty, max_decoding_length 2 x longest input + 10), decode: the floor for
                       the same work. It gets exactly the texts l10n gives the model: protected
                       (an email or URL is one short token, which also makes the input shorter)
                       and without the texts that are nothing but protected spans (copied).
                       Random-weight models do not stop when the input ends, so other inputs or
                       another length cap would change the decoding work, not l10n's overhead.
  (c) l10n             `l10n.pretranslate.pretranslate()` in-process on the extracted, untranslated
                       catalogues, MT cache disabled: reads every catalogue, memory lookups,
                       protection, translation, restoration, glossary/span counts, locked writes.

Every figure includes loading the model. (b) and (c) use the same CTranslate2 threading
(`--threads`: inter_threads, one core each). Best of `--repeat` runs for (b) and (c); (a) runs once.
Random-weight models translate into gibberish, but cost depends on sizes and output length,
not on quality; with the tiny model the fixed per-call costs weigh more than with a real one,
so real-model ratios differ (see `--model base`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
ARGOS_PYTHON = WORK / "argos-full-venv" / "bin" / "python"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from argos_scratch import argos_scratch  # noqa: E402

BEAM = 4
BASE_SIZE = dict(d_model=512, num_layers=6, num_heads=8, ffn_dim=2048, output_tokens=25, quantization="int8")

WHO = ["The International Organization for Migration", "IOM", "The Director General", "The EU", "Our team",
       "The United Nations", "Every Member State", "The new office", "The government of Belgium", "This report",
       "The conference", "Our partners"]
DOES = ["supports", "welcomes", "reviews", "publishes", "funds", "discusses", "protects", "opens", "updates",
        "presents"]
WHAT = ["the new pact on migration and asylum", "safe and regular pathways", "the 2030 Agenda", "a short report",
        "three projects in Germany", "the rights of migrants", "the annual budget", "a humane migration policy",
        "the latest data", "programmes for returning migrants", "the settings of the portal"]
WHEN = ["today", "every year", "since 1951", "before the meeting", "after 30 April", "in the evening",
        "in 175 countries", "with 100 partners", "on 12.05.2024", "in Brussels"]
TAILS = ["", "", "", " For details write to {name}@iom.int.", " Call +32 492 25 02 {n:02d} for details.",
         " See https://www.iom.int/news/{n} for more.", " The budget grew by {n} %."]


def segments(count: int) -> list[str]:
    """`count` distinct English sentences, deterministic."""
    rng = random.Random(11)
    seen: dict[str, None] = {}
    while len(seen) < count:
        tail = rng.choice(TAILS).format(name=rng.choice(["anna", "info", "press", "rschroeder"]), n=rng.randint(1, 99))
        seen[f"{rng.choice(WHO)} {rng.choice(DOES)} {rng.choice(WHAT)} {rng.choice(WHEN)}.{tail}"] = None
    return list(seen)


def write_pages(source_dir: Path, texts: list[str], per_page: int = 30) -> None:
    """Plain-text pages, one paragraph per line (pysbd splits a tail sentence into its own segment)."""
    source_dir.mkdir(parents=True)
    for number in range(0, len(texts), per_page):
        page = "\n".join(texts[number:number + per_page]) + "\n"
        (source_dir / f"page-{number // per_page:04d}.txt").write_text(page, encoding="utf-8")


def prepare_project(root: Path, texts: list[str]) -> list[str]:
    """Pages -> templates -> untranslated catalogues; returns the msgids (what every method translates)."""
    from l10n.catalog import live_entries, read_catalogue
    from l10n.config import load_project
    from l10n.extract import extract_page
    from l10n.update import update_domain

    write_pages(root / "source_texts", texts)
    shutil.copy(ROOT / "glossary.csv", root / "glossary.csv")
    project = load_project(root)
    msgids: dict[str, None] = {}
    for page in project.sources():
        extract_page(project, page)
        update_domain(project, page.domain, "de")
    for _, path in project.catalogues("de"):
        msgids.update((entry.msgid, None) for entry in live_entries(read_catalogue(path)))
    return list(msgids)


ARGOS_RUNNER = r"""
import json, os, sys, time
texts, archive, mode = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
if mode == "lean":  # argostranslate installed without its dependencies: stub what sbd.py imports
    import types
    stanza = types.ModuleType("stanza"); stanza.Pipeline = None
    minisbd = types.ModuleType("minisbd"); minisbd_models = types.ModuleType("minisbd.models")
    minisbd_models.list_models = lambda: ["en"]
    class SBDetect:  # the texts are single sentences: the split a real splitter would make
        def __init__(self, lang, use_gpu=False): pass
        def sentences(self, text): return [text]
    minisbd.SBDetect, minisbd.models = SBDetect, minisbd_models
    sys.modules.update({"stanza": stanza, "minisbd": minisbd, "minisbd.models": minisbd_models})
else:  # Argos's spaCy splitter, offline: a blank multilingual pipeline where Argos caches xx_sent_ud_sm
    import spacy
    cache = os.path.join(os.environ["XDG_CACHE_HOME"], "argos-translate", "spacy")
    os.makedirs(cache, exist_ok=True)
    spacy.blank("xx").to_disk(cache)
    os.makedirs(os.path.join(cache, "senter", "model"), exist_ok=True)
import argostranslate.package, argostranslate.translate as tr
argostranslate.package.install_from_path(archive)
start = time.perf_counter()
translation = tr.get_translation_from_codes("en", "de")
for text in texts:
    translation.translate(text)
print(time.perf_counter() - start, type(translation.underlying.sentencizer).__name__)
"""


def argos_per_entry(archive: Path, texts: list[str], tmp: Path) -> tuple[float, str]:
    """(a): seconds, and which install and sentence splitter were used."""
    full = ARGOS_PYTHON.exists()
    python, mode = (ARGOS_PYTHON, "full") if full else (Path(sys.executable), "lean")
    work = tmp / f"argos-{mode}"
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(work / "packages"), ARGOS_BEAM_SIZE=str(BEAM),
               XDG_DATA_HOME=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"),
               XDG_CACHE_HOME=str(work / "cache"))
    if full:
        env["ARGOS_CHUNK_TYPE"] = "SPACY"
    (tmp / "texts.json").write_text(json.dumps(texts))
    done = subprocess.run([str(python), "-c", ARGOS_RUNNER, str(tmp / "texts.json"), str(archive), mode], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"argos run failed:\n{done.stderr[-3000:]}")
    seconds, splitter = done.stdout.strip().splitlines()[-1].split()
    install = "full argostranslate install" if full else "lean install, splitter stubbed"
    return float(seconds), f"{install}, {splitter}"


def model_inputs(texts: list[str]) -> list[str]:
    """What l10n sends to the model for `texts`: protected, without the texts that are only spans."""
    from l10n.glossary import keep_terms, load_glossary
    from l10n.protect import protect

    keep = keep_terms(load_glossary(ROOT / "glossary.csv"))
    protected = [protect(text, keep) for text in texts]
    return [item.text for item in protected if not item.only_tokens]


def raw_ct2(model_path: Path, texts: list[str], threads: int) -> float:
    """(b): seconds for encode + one translate_batch + decode."""
    import ctranslate2
    import sentencepiece as spm

    from l10n.machine import LENGTH_PENALTY

    start = time.perf_counter()
    sp = spm.SentencePieceProcessor(model_file=str(model_path / "sentencepiece.model"))
    ct2 = ctranslate2.Translator(str(model_path / "model"), compute_type="auto", inter_threads=threads,
                                 intra_threads=1)
    tokens = sorted((sp.encode(text, out_type=str) for text in texts), key=len)
    # Asynchronous, so that with inter_threads > 1 several batches run at once (as in l10n's Translator).
    futures = [ct2.translate_batch(batch, beam_size=BEAM, length_penalty=LENGTH_PENALTY, replace_unknowns=True,
                                   return_scores=True, max_decoding_length=2 * len(batch[-1]) + 10,
                                   asynchronous=True)
               for batch in (tokens[i:i + 32] for i in range(0, len(tokens), 32))]
    [sp.decode(future.result().hypotheses[0]) for batch in futures for future in batch]
    return time.perf_counter() - start


def l10n_run(snapshot: Path, root: Path, packages: Path, threads: int) -> tuple[float, int, dict[str, float]]:
    """(c): seconds for pretranslate() on a fresh copy of the untranslated project, segments sent, step times."""
    from l10n.config import load_project
    from l10n.pretranslate import pretranslate

    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(snapshot, root)
    project = load_project(root)
    start = time.perf_counter()
    result = pretranslate(project, "de", packages_dir=packages, beam_size=BEAM, threads=threads, use_cache=False,
                          show_progress=False)
    seconds = time.perf_counter() - start
    assert result.total.machine == result.total.filled and not (root / ".l10n-cache").exists()
    return seconds, result.sent, result.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=3000)
    parser.add_argument("--model", choices=["tiny", "base"], default="tiny",
                        help="tiny: the test package (d_model 32, 1 layer); base: real Argos size, int8")
    parser.add_argument("--threads", type=int, default=1, help="CTranslate2 inter_threads for (b) and (c)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-argos", action="store_true")
    args = parser.parse_args()

    with argos_scratch("bench-pretranslate-") as tmp:
        run(args, tmp)


def run(args: argparse.Namespace, tmp: Path) -> None:
    from l10n.models import install_from_file
    from tiny_argos import build_tiny_package

    if args.model == "base":
        archive = WORK / "base-model" / "translate-en_de-1_0.argosmodel"
        if not archive.exists():
            build_tiny_package(archive.parent, **BASE_SIZE)
    else:
        archive = build_tiny_package(tmp / "model")
    packages = tmp / "packages"
    model = install_from_file(archive, packages)

    snapshot = tmp / "project"
    texts = prepare_project(snapshot, segments(args.segments))
    print(f"model: {args.model} ({archive.stat().st_size / 1e6:.1f} MB), beam {BEAM}, "
          f"{len(texts)} distinct segments in {len(list((snapshot / 'source_texts').iterdir()))} pages, "
          f"threads {args.threads} for (b) and (c)", flush=True)

    figures: dict[str, float] = {}

    def show(label: str, seconds: float, extra: str = "") -> None:
        figures[label] = seconds
        print(f"{label:<22} {seconds:8.2f} s {len(texts) / seconds:9.1f} segments/s  {extra}", flush=True)

    show("(b) raw-ct2", min(raw_ct2(model.path, model_inputs(texts), args.threads) for _ in range(args.repeat)))
    runs = [l10n_run(snapshot, tmp / "run", packages, args.threads) for _ in range(args.repeat)]
    best = min(runs, key=lambda run: run[0])
    assert best[1] == len(texts), (best[1], len(texts))  # every distinct segment went through the model step
    steps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in best[2].items())
    show("(c) l10n", best[0], f"(seconds: {steps})")
    if not args.skip_argos:
        seconds, note = argos_per_entry(archive, texts, tmp)
        show("(a) argos-per-entry", seconds, f"({note})")
    c = figures["(c) l10n"]
    if "(a) argos-per-entry" in figures:
        a = figures["(a) argos-per-entry"]
        print(f"(a)/(c) = {a / c:.2f}x   (l10n is {a / c:.1f} times as fast as Argos per entry; target >= 3)")
    b = figures["(b) raw-ct2"]
    print(f"(c)/(b) = {c / b:.2f}    (l10n is {100 * (c / b - 1):+.0f} % against raw CTranslate2; target <= +15 %)")


if __name__ == "__main__":
    main()
