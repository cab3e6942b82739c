"""Speed of l10n.machine.Translator against plain CTranslate2 loops (and Argos's translate()).

No real Argos model can be downloaded here, so the model is a random Transformer the size
of a real Argos model (6+6 layers, d_model 512, 8 heads, FFN 2048, int8), built with
tests/tiny_argos.py; its decoder stops after 30-36 tokens (the inputs average 34 tokens).
Timings depend on the output length, not on translation quality, so the ratios carry over.

Usage: .venv/bin/python bench/bench_machine.py [--sentences 2000] [--repeat 1] [--skip-argos] [--skip-per-text]

Compared, on the same sentences and model:
  translator       l10n Translator (sorted batches of 32, threads = inter_threads)
  raw, sorted      translate_batch over chunks of 32 sorted by length: the Translator minus
                   its Python work (tokenising, detokenising, bookkeeping), one thread
  raw, chunks      the same in input order
  raw, one per call  one translate_batch call per text: what Argos's translate() does per entry
  argos            argostranslate.translate.translate() per text, only if the full Argos venv
                   exists at bench/_work/argos-full-venv (see the report); its sentence
                   splitter is stubbed out (it would download a model)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from argos_scratch import argos_scratch  # noqa: E402

import ctranslate2  # noqa: E402
import sentencepiece as spm  # noqa: E402

from tiny_argos import build_tiny_package, training_sentences  # noqa: E402

BASE_SIZE = dict(d_model=512, num_layers=6, num_heads=8, ffn_dim=2048, output_tokens=0, quantization="int8")


def bench_sentences(n: int) -> list[str]:
    """Realistic English: sentences of the source page, and 1-2 generated sentences per text."""
    page = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "source_texts").glob("*.txt")))
    real = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", page) if len(s.split()) >= 4]
    english = [s for s in training_sentences() if s.split()[0] in {"The", "Our", "This", "Every", "Please", "You"}]
    rng = random.Random(7)
    texts = []
    for i in range(n):
        if real and i % 8 == 0:
            texts.append(rng.choice(real))
        else:
            texts.append(" ".join(rng.sample(english, rng.choice([1, 1, 1, 2]))))
    return texts


def base_package() -> Path:
    """The base-size package, built once into bench/_work."""
    archive = WORK / "base-model" / "translate-en_de-1_0.argosmodel"
    if not archive.exists():
        build_tiny_package(archive.parent, **BASE_SIZE)
    return archive


def timed(run) -> float:
    """Seconds `run()` took, or the seconds it returns (when it timed itself)."""
    start = time.perf_counter()
    reported = run()
    return reported if isinstance(reported, float) else time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; the median is printed")
    parser.add_argument("--skip-argos", action="store_true")
    parser.add_argument("--skip-per-text", action="store_true", help="skip the slow one-call-per-text loops")
    args = parser.parse_args()

    with argos_scratch("bench-machine-") as tmp:
        run_all(args, tmp)


def run_all(args: argparse.Namespace, tmp: Path) -> None:
    from l10n import models
    from l10n.machine import LENGTH_PENALTY, Translator

    archive = base_package()
    info = models.install_from_file(archive, tmp / "packages")
    texts = bench_sentences(args.sentences)
    sp = spm.SentencePieceProcessor(model_file=str(info.path / "sentencepiece.model"))
    tokens = [sp.encode(t, out_type=str) for t in texts]
    print(f"model: random Transformer {BASE_SIZE}, {archive.stat().st_size / 1e6:.0f} MB")
    print(f"{len(texts)} texts, {sum(map(len, tokens)) / len(tokens):.1f} source tokens on average")

    def raw(beam: int, chunk: int, by_length: bool = False) -> None:
        ct2 = ctranslate2.Translator(str(info.path / "model"), compute_type="auto", inter_threads=1, intra_threads=1)
        batch = sorted(tokens, key=len) if by_length else tokens
        for i in range(0, len(batch), chunk):
            part = batch[i:i + chunk]
            ct2.translate_batch(part, beam_size=beam, length_penalty=LENGTH_PENALTY, replace_unknowns=True,
                                return_scores=True, max_decoding_length=2 * max(map(len, part)) + 10)  # as Translator

    argos_python = WORK / "argos-full-venv" / "bin" / "python"
    runs = {}  # (beam, label) -> function
    for beam in (1, 4):
        for threads in (1, 2):
            runs[beam, f"translator, threads={threads}"] = (
                lambda beam=beam, threads=threads: Translator(info, beam_size=beam, threads=threads).translate(texts)
            )
        runs[beam, "raw, sorted chunks of 32"] = lambda beam=beam: raw(beam, 32, by_length=True)
        runs[beam, "raw, chunks of 32"] = lambda beam=beam: raw(beam, 32)
        if not args.skip_per_text:
            runs[beam, "raw, one text per call"] = lambda beam=beam: raw(beam, 1)
            if not args.skip_argos and argos_python.exists():
                runs[beam, "argos translate(), per text"] = (
                    lambda beam=beam: run_argos(argos_python, archive, texts, beam, tmp)
                )

    # Interleaved repeats: a load change on the machine hits every figure alike.
    times: dict = {key: [] for key in runs}
    for _ in range(args.repeat):
        for key, run in runs.items():
            times[key].append(timed(run))
    for beam in (1, 4):
        reference = statistics.median(times[beam, "translator, threads=1"])
        print(f"beam {beam}:                                   seconds  texts/s  x translator(threads=1)")
        for (b, label), values in times.items():
            if b == beam:
                seconds = statistics.median(values)
                print(f"  {label:38s} {seconds:7.1f} {len(texts) / seconds:8.1f} {seconds / reference:8.2f}")


ARGOS_RUNNER = r"""
import json, sys, time
texts = json.load(open(sys.argv[1]))
import argostranslate.package, argostranslate.sbd, argostranslate.translate as tr
argostranslate.package.install_from_path(sys.argv[2])
class OneSentence:  # the texts are single sentences; MiniSBD would download a model
    def __init__(self, pkg): pass
    def split_sentences(self, text): return [text]
tr.MiniSBDSentencizer = OneSentence
tr.translate(texts[0], "en", "de")  # load the model outside the timing, as the others do
start = time.perf_counter()
for text in texts:
    tr.translate(text, "en", "de")
print(time.perf_counter() - start)
"""


def run_argos(python: Path, archive: Path, texts: list[str], beam: int, tmp: Path) -> float:
    """Seconds for Argos's own per-text translate() (model loaded), in the full venv, default threads."""
    (tmp / "texts.json").write_text(json.dumps(texts))
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(tmp / f"argos-packages-{beam}"), ARGOS_BEAM_SIZE=str(beam))
    done = subprocess.run([str(python), "-c", ARGOS_RUNNER, str(tmp / "texts.json"), str(archive)], env=env,
                          check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
