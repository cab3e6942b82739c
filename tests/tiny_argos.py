"""Build a small but real Argos Translate package (`.argosmodel`) for tests and benchmarks.

The package has the layout Argos expects: one top folder holding `metadata.json`,
`sentencepiece.model` (trained here, in-process, on a few KB of English and German) and
`model/`, a CTranslate2 Transformer written through `ctranslate2.specs` with random weights.

Random weights translate into gibberish, but every mechanism is real: SentencePiece
tokenisation, CTranslate2 beam search, scores, target prefixes. To keep decoding short,
the decoder has a learned position table whose dimension 0 is a "clock" (it equals the
step number) and only the `</s>` logit reads it: `</s>` wins after about `output_tokens`
steps. Every weight that writes into the residual stream leaves dimension 0 alone, and the
model has no final layer norm, so the clock reaches the output projection untouched.

Everything is seeded: the same arguments give the same bytes.
"""

from __future__ import annotations

import io
import shutil
import itertools
import json
import zipfile
from pathlib import Path

import ctranslate2
import numpy as np
import sentencepiece as spm
from ctranslate2.specs import TransformerSpec

_ENGLISH = {
    "who": ["The user", "Our team", "The new page", "This report", "Every visitor", "The translator"],
    "does": ["opens", "reads", "saves", "checks", "updates", "shares", "translates", "deletes"],
    "what": ["the file", "a short message", "the settings", "your account", "the latest news", "three documents"],
    "when": ["today.", "every morning.", "before the meeting.", "after 30 April.", "in the evening.", "again?"],
}
_GERMAN = {
    "who": ["Der Benutzer", "Unser Team", "Die neue Seite", "Dieser Bericht", "Jeder Besucher", "Der Übersetzer"],
    "does": ["öffnet", "liest", "speichert", "prüft", "aktualisiert", "teilt", "übersetzt", "löscht"],
    "what": ["die Datei", "eine kurze Nachricht", "die Einstellungen", "Ihr Konto", "die neuesten Nachrichten", "drei Dokumente"],
    "when": ["heute.", "jeden Morgen.", "vor der Besprechung.", "nach dem 30. April.", "am Abend.", "wieder?"],
}


# Varied prose, so that SentencePiece finds a few hundred pieces and not only the templates'.
_PROSE = """
Welcome to our website. Please read the terms of use carefully before you continue.
You can change your password at any time in the account settings.
If you have questions, contact our support team by email or phone.
The quarterly report shows a strong increase in sales across all regions.
Click the button below to download the latest version of the application.
Your order has been shipped and should arrive within three working days.
We use cookies to improve your experience and to analyse traffic on this site.
The meeting was postponed because several members could not attend.
Children under twelve must be accompanied by an adult at all times.
Migration, health and development are closely linked in many countries.
Willkommen auf unserer Webseite. Bitte lesen Sie die Nutzungsbedingungen sorgfältig durch.
Sie können Ihr Passwort jederzeit in den Kontoeinstellungen ändern.
Wenn Sie Fragen haben, wenden Sie sich per E-Mail oder Telefon an unser Support-Team.
Der Quartalsbericht zeigt einen starken Anstieg der Umsätze in allen Regionen.
Klicken Sie auf die Schaltfläche unten, um die neueste Version der Anwendung herunterzuladen.
Ihre Bestellung wurde versandt und sollte innerhalb von drei Werktagen ankommen.
Wir verwenden Cookies, um Ihr Erlebnis zu verbessern und den Verkehr auf dieser Seite zu analysieren.
Die Sitzung wurde verschoben, weil mehrere Mitglieder nicht teilnehmen konnten.
Kinder unter zwölf Jahren müssen jederzeit von einem Erwachsenen begleitet werden.
Migration, Gesundheit und Entwicklung sind in vielen Ländern eng miteinander verbunden.
"""


def training_sentences() -> list[str]:
    """A few thousand English and German sentences, generated from word lists, plus some prose."""
    sentences = [line for line in _PROSE.splitlines() if line] * 20
    for words in (_ENGLISH, _GERMAN):
        for parts in itertools.product(*words.values()):
            sentences.append(" ".join(parts))
    return sentences


def _train_sentencepiece(vocab_size: int, extra_symbols: list[str]) -> bytes:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(training_sentences()),
        model_writer=model,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # the corpus is small: accept a smaller vocabulary
        user_defined_symbols=extra_symbols,
        character_coverage=1.0,
        num_threads=1,  # one thread: the same corpus always gives the same model
        minloglevel=2,
    )
    return model.getvalue()


# Tuned by hand so that different sources give different outputs (about 3 in 4 distinct):
_POSITION_NOISE = 0.3  # random part of the decoder's position table
_SOURCE_WEIGHT = 3.0  # scales the cross-attention output: the source matters more than the position
_QUERY_SHARPNESS = 6.0  # scales cross-attention queries: each step looks at a few source tokens
_MAX_STEPS = 512  # rows in the decoder's position table: longer than any test translation


class _RandomTransformer(ctranslate2.converters.Converter):
    """A CTranslate2 "converter" whose source model is a set of seeded random weights."""

    def __init__(self, vocab: list[str], *, d_model: int, num_layers: int, num_heads: int,
                 ffn_dim: int, output_tokens: int, seed: int):
        self.vocab = vocab
        self.d, self.layers, self.heads, self.ffn = d_model, num_layers, num_heads, ffn_dim
        self.output_tokens = output_tokens
        self.rng = np.random.default_rng(seed)

    def _weight(self, rows: int, cols: int, *, clock_row_zero: bool = False) -> np.ndarray:
        w = self.rng.normal(0.0, 1.0 / np.sqrt(cols), size=(rows, cols)).astype(np.float32)
        if clock_row_zero:
            w[0] = 0.0  # this layer writes into the residual stream: keep the clock intact
        return w

    def _norm(self, spec) -> None:
        spec.gamma = np.ones(self.d, dtype=np.float32)
        spec.beta = np.zeros(self.d, dtype=np.float32)

    def _linear(self, spec, rows: int, cols: int, *, clock_row_zero: bool = False) -> None:
        spec.weight = self._weight(rows, cols, clock_row_zero=clock_row_zero)
        spec.bias = np.zeros(rows, dtype=np.float32)

    def _feed_forward(self, ffn) -> None:
        self._norm(ffn.layer_norm)
        self._linear(ffn.linear_0, self.ffn, self.d)
        self._linear(ffn.linear_1, self.d, self.ffn, clock_row_zero=True)

    def _self_attention(self, attention) -> None:
        self._norm(attention.layer_norm)
        self._linear(attention.linear[0], 3 * self.d, self.d)  # fused query, key, value
        self._linear(attention.linear[1], self.d, self.d, clock_row_zero=True)

    def _embeddings(self) -> np.ndarray:
        table = self.rng.normal(0.0, 1.0 / self.d, size=(len(self.vocab), self.d)).astype(np.float32)
        table[:, 0] = 0.0
        return table

    def _load(self) -> TransformerSpec:
        d, vocab_size = self.d, len(self.vocab)
        spec = TransformerSpec.from_config(num_layers=self.layers, num_heads=self.heads, no_final_norm=True)

        spec.encoder.embeddings[0].weight = self._embeddings()
        for layer in spec.encoder.layer:
            self._self_attention(layer.self_attention)
            self._feed_forward(layer.ffn)

        decoder = spec.decoder
        decoder.embeddings.weight = self._embeddings()
        positions = self.rng.normal(0.0, _POSITION_NOISE, size=(_MAX_STEPS, d)).astype(np.float32)
        positions[:, 0] = np.arange(_MAX_STEPS)  # the clock
        decoder.position_encodings.encodings = positions
        for layer in decoder.layer:
            self._self_attention(layer.self_attention)
            self._norm(layer.attention.layer_norm)
            self._linear(layer.attention.linear[0], d, d)  # query
            layer.attention.linear[0].weight *= _QUERY_SHARPNESS
            self._linear(layer.attention.linear[1], 2 * d, d)  # fused key, value
            self._linear(layer.attention.linear[2], d, d, clock_row_zero=True)
            layer.attention.linear[2].weight *= _SOURCE_WEIGHT
            self._feed_forward(layer.ffn)

        projection = self._weight(vocab_size, d) * 4.0
        projection[:, 0] = 0.0
        bias = np.zeros(vocab_size, dtype=np.float32)
        eos, slope = self.vocab.index("</s>"), 8.0
        projection[eos] = 0.0
        projection[eos, 0] = slope
        bias[eos] = -slope * self.output_tokens
        for special in ("<unk>", "<s>"):  # never generate these
            bias[self.vocab.index(special)] = -1e4
        decoder.projection.weight = projection
        decoder.projection.bias = bias

        spec.register_source_vocabulary(self.vocab)
        spec.register_target_vocabulary(self.vocab)
        return spec


def _zip_folder(folder: Path, top: str, archive: Path) -> None:
    """Zip `folder` as `top/...` with fixed timestamps, so equal inputs give equal bytes."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            name = f"{top}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name + ("/" if path.is_dir() else ""), date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = (0o40755 if path.is_dir() else 0o644) << 16
            zf.writestr(info, b"" if path.is_dir() else path.read_bytes())


def build_tiny_package(
    dest_dir: Path,
    from_code: str = "en",
    to_code: str = "de",
    *,
    version: str = "1.0",
    target_prefix: str = "",
    vocab_size: int = 300,
    d_model: int = 32,
    num_layers: int = 1,
    num_heads: int = 2,
    ffn_dim: int = 64,
    output_tokens: int = 6,
    quantization: str | None = None,
    seed: int = 1234,
) -> Path:
    """Build `translate-<from>_<to>-<version>.argosmodel` in `dest_dir` and return its path.

    The defaults give a ~100 KB package in well under a second. Larger sizes (for
    benchmarks) e.g. d_model=512, num_layers=6, num_heads=8, ffn_dim=2048,
    quantization="int8" approximate a real Argos model's cost per token.
    `output_tokens` is where `</s>` starts to win: translations get a few tokens more.
    A `target_prefix` (e.g. "__de__") is added to the vocabulary and to metadata.json.
    """
    dest_dir = Path(dest_dir)
    top = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    work = dest_dir / f".build-{top}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    sp_bytes = _train_sentencepiece(vocab_size, [target_prefix] if target_prefix else [])
    (work / "sentencepiece.model").write_bytes(sp_bytes)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]

    converter = _RandomTransformer(
        vocab, d_model=d_model, num_layers=num_layers, num_heads=num_heads,
        ffn_dim=ffn_dim, output_tokens=output_tokens, seed=seed,
    )
    converter.convert(str(work / "model"), quantization=quantization, force=True)

    metadata = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
        "name": f"tiny test model {from_code}→{to_code}",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    (work / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False), encoding="utf-8")
    (work / "README.md").write_text("Random weights, for tests only.\n", encoding="utf-8")

    archive = dest_dir / f"{top}.argosmodel"
    _zip_folder(work, top, archive)
    shutil.rmtree(work)
    return archive
