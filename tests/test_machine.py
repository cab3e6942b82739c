"""Batch translation with a real (tiny, random) Argos package: mechanics, not quality."""

from __future__ import annotations

import math
import random
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from l10n import models
from l10n.machine import LENGTH_PENALTY, Translation, Translator
from l10n.models import ModelError, ModelInfo
from tiny_argos import build_tiny_package, training_sentences


@pytest.fixture(scope="module")
def model(tiny_argos_package: Path, tmp_path_factory: pytest.TempPathFactory) -> ModelInfo:
    return models.install_from_file(tiny_argos_package, tmp_path_factory.mktemp("packages"))


@pytest.fixture(scope="module")
def prefixed_model(tmp_path_factory: pytest.TempPathFactory) -> ModelInfo:
    """A package whose metadata asks for the target prefix `__de__`, as multilingual Argos models do."""
    archive = build_tiny_package(tmp_path_factory.mktemp("build"), target_prefix="__de__")
    return models.install_from_file(archive, tmp_path_factory.mktemp("packages"))


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    rng = random.Random(42)
    pool = training_sentences()
    return [" ".join(rng.sample(pool, rng.choice([1, 1, 1, 2, 3]))) for _ in range(300)]


def test_translates_many_sentences(model: ModelInfo, sentences: list[str]) -> None:
    results = Translator(model).translate(sentences)

    assert len(results) == len(sentences)
    assert all(isinstance(r, Translation) and isinstance(r.text, str) and r.text for r in results)
    assert all(0.0 <= r.confidence <= 1.0 for r in results)
    assert len({r.text for r in results}) > len(sentences) // 2  # outputs depend on inputs


def test_order_is_preserved(model: ModelInfo, sentences: list[str]) -> None:
    translator = Translator(model, beam_size=1)
    forward = translator.translate(sentences)
    backward = translator.translate(sentences[::-1])[::-1]
    one_by_one = [translator.translate([s])[0] for s in sentences[:20]]

    assert [r.text for r in backward] == [r.text for r in forward]
    assert [r.text for r in one_by_one] == [r.text for r in forward[:20]]


def test_deterministic_across_runs(model: ModelInfo, sentences: list[str]) -> None:
    first = Translator(model).translate(sentences[:100])
    second = Translator(model).translate(sentences[:100])
    assert [r.text for r in first] == [r.text for r in second]
    assert [r.confidence for r in first] == pytest.approx([r.confidence for r in second], abs=1e-6)


@pytest.mark.parametrize("options", [dict(batch_size=64), dict(batch_size=7, threads=2)])
def test_batching_and_threads_do_not_change_output(model: ModelInfo, sentences: list[str], options: dict) -> None:
    reference = Translator(model, beam_size=1, batch_size=1).translate(sentences)
    other = Translator(model, beam_size=1, **options).translate(sentences)
    assert [r.text for r in other] == [r.text for r in reference]
    # Padding in larger batches changes the last bits of the scores, not the tokens.
    assert [r.confidence for r in other] == pytest.approx([r.confidence for r in reference], abs=1e-3)


def test_blank_texts_pass_through(model: ModelInfo) -> None:
    texts = ["", "   ", "\n", "Please read the terms of use.", "\t \u200b "]
    results = Translator(model).translate(texts)

    for text, result in zip(texts, results):
        if text == "Please read the terms of use.":
            assert result.text.strip() and result.text != text
        else:
            assert result == Translation(text, 1.0)


def test_lines_and_surrounding_whitespace_are_kept(model: ModelInfo) -> None:
    translator = Translator(model, beam_size=1)
    first, second = (r.text for r in translator.translate(["Please read the terms.", "Click the button."]))
    [result] = translator.translate(["  Please read the terms.\n\nClick the button. \n"])
    assert result.text == f"  {first}\n\n{second} \n"


def test_progress_counts_texts(model: ModelInfo, sentences: list[str]) -> None:
    texts = ["", *sentences[:50], "Two lines.\nOf text.", "  "]
    calls: list[int] = []
    Translator(model, batch_size=8).translate(texts, progress=calls.append)

    assert sum(calls) == len(texts)
    assert len(calls) == math.ceil(52 / 8)  # one call per batch of 8 lines
    assert all(n > 0 for n in calls)

    only_blank: list[int] = []
    assert Translator(model).translate(["", " "], progress=only_blank.append) == [Translation("", 1.0), Translation(" ", 1.0)]
    assert only_blank == [2]


def test_target_prefix_is_applied_and_removed(prefixed_model: ModelInfo, sentences: list[str]) -> None:
    results = Translator(prefixed_model).translate(sentences[:50])
    assert all(r.text and "__de__" not in r.text and "de" != r.text.split()[0] for r in results)


@pytest.mark.parametrize("beam_size", [1, 4])
@pytest.mark.parametrize("which", ["model", "prefixed_model"])
def test_confidence_is_mean_token_probability(which: str, beam_size: int, request, sentences: list[str]) -> None:
    """Check the documented formula against CTranslate2's own per-token log-probabilities."""
    info: ModelInfo = request.getfixturevalue(which)
    prefix = ["__de__"] if which == "prefixed_model" else []
    texts = sentences[:10]
    results = Translator(info, beam_size=beam_size).translate(texts)

    sp = spm.SentencePieceProcessor(model_file=str(info.path / "sentencepiece.model"))
    raw = ctranslate2.Translator(str(info.path / "model"), compute_type="auto")  # as Translator does
    source = [sp.encode(text, out_type=str) for text in texts]
    hypotheses = [r.hypotheses[0] for r in raw.translate_batch(
        source, target_prefix=[prefix] * len(texts) if prefix else None,
        beam_size=beam_size, length_penalty=LENGTH_PENALTY, replace_unknowns=True,
    )]
    for result, scored in zip(results, raw.score_batch(source, hypotheses)):
        generated = scored.log_probs[len(prefix):]  # the prefix is forced, not generated; </s> is last
        assert result.confidence == pytest.approx(math.exp(sum(generated) / len(generated)), abs=1e-3)


def test_name_version_and_lazy_loading(model: ModelInfo, tmp_path: Path) -> None:
    translator = Translator(model)
    assert (translator.name, translator.version) == ("translate-en_de", "1.0")

    broken = tmp_path / "broken"
    broken.mkdir()
    for item in model.path.iterdir():
        if item.name != "model":
            (broken / item.name).write_bytes(item.read_bytes())
    (broken / "model").mkdir()
    (broken / "model" / "model.bin").write_bytes(b"garbage")
    lazy = Translator(ModelInfo("translate-en_de", "en", "de", "1.0", broken))  # nothing loaded yet
    with pytest.raises(ModelError, match="cannot load the CTranslate2 model"):
        lazy.translate(["Hello."])


def test_rejects_nonsense_options(model: ModelInfo) -> None:
    with pytest.raises(ValueError):
        Translator(model, batch_size=0)
