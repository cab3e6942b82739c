"""Offline batch machine translation with an installed Argos package.

Argos's own `translate()` downloads a sentence splitter on first use and calls CTranslate2
once per paragraph. Here the package's files are used directly, the way Argos uses them:
its tokenizer (SentencePiece or BPE, through `argostranslate.tokenizer`), its target
prefix, Argos's decoding options, and its detokenisation. But whole batches of texts go
to `ctranslate2.Translator.translate_batch`, which is several times faster.

Splitting into sentences is the segmenter's job: each text should be a sentence or a short
block. Like Argos, the lines of a multi-line text are translated separately and rejoined.
Leading and trailing whitespace is kept. Blank texts come back unchanged, with confidence 1.

Confidence is the geometric mean of the probabilities of the generated tokens (`</s>`
included, target prefix excluded):

    confidence = exp(sum of token log-probabilities / number of generated tokens)

CTranslate2 returns `score = sum / (len(hypothesis) + 1) ** length_penalty`, where the
hypothesis includes the target prefix but the sum does not. So the sum is recovered as
`score * (len(hypothesis) + 1) ** LENGTH_PENALTY`. For a multi-line text, the sums and the
token counts of its lines are added up.

Threads: CTranslate2's `intra_threads` (threads inside one batch) made every call much
slower on the project's 2-core machines. So `threads` is `inter_threads`: that many batches
run in parallel, each on one core.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .models import ModelError, ModelInfo, open_package

LENGTH_PENALTY = 0.2  # as in argostranslate.translate


@dataclass(frozen=True)
class Translation:
    text: str
    confidence: float  # in [0, 1], see the module docstring


@dataclass
class _Unit:
    """One non-blank line of one text, to be translated."""

    text_index: int
    tokens: list[str]
    log_prob: float = 0.0
    generated: int = 0
    output: str = ""


class Translator:
    """Translate many texts with one Argos package. The model is loaded on first use."""

    def __init__(
        self,
        model: ModelInfo,
        *,
        beam_size: int = 4,
        threads: int = 1,
        device: str = "cpu",
        batch_size: int = 32,
        compute_type: str = "auto",
    ):
        if beam_size < 1 or threads < 1 or batch_size < 1:
            raise ValueError("beam_size, threads and batch_size must be at least 1")
        self.model = model
        self.beam_size = beam_size
        self.threads = threads
        self.device = device
        self.batch_size = batch_size
        self.compute_type = compute_type  # "auto": int8 on most CPUs, as fast as it gets
        self._package = None
        self._ct2 = None

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def version(self) -> str:
        return self.model.version

    def _load(self) -> None:
        if self._ct2 is not None:
            return
        import ctranslate2

        package = open_package(self.model.path)
        if getattr(package, "tokenizer", None) is None:
            raise ModelError("the Argos package has no sentencepiece.model or bpe.model", self.model.path)
        try:
            self._ct2 = ctranslate2.Translator(
                str(self.model.path / "model"),
                device=self.device,
                compute_type=self.compute_type,
                inter_threads=self.threads,
                intra_threads=1,
            )
        except (RuntimeError, ValueError) as err:
            raise ModelError(f"cannot load the CTranslate2 model: {err}", self.model.path / "model") from None
        self._package = package

    def translate(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[Translation]:
        """Translate `texts`, keeping their order.

        `progress(n)` is called after each batch with the number of texts it finished;
        the numbers add up to `len(texts)` (blank texts count with the first call).
        """
        self._load()
        lines = [text.split("\n") for text in texts]  # Argos translates line by line too
        units = {}
        for text_index, text_lines in enumerate(lines):
            for line_index, line in enumerate(text_lines):
                core = line.strip()
                tokens = self._package.tokenizer.encode(core) if core else []
                if tokens:  # a line of only blanks or invisible characters stays as it is
                    units[text_index, line_index] = _Unit(text_index, tokens)

        remaining = [0] * len(texts)
        for unit in units.values():
            remaining[unit.text_index] += 1
        blank = remaining.count(0)
        for finished in self._run(list(units.values()), remaining):
            if progress:
                progress(finished + blank)
            blank = 0
        if progress and blank:  # there were only blank texts
            progress(blank)
        return [self._assemble(lines[i], [units.get((i, j)) for j in range(len(lines[i]))]) for i in range(len(texts))]

    def _run(self, units: list[_Unit], remaining: list[int]) -> Iterator[int]:
        """Translate `units` in batches; yield, per batch, how many texts it finished."""
        # Batches of similar lengths waste less work on padding.
        ordered = sorted(units, key=lambda u: len(u.tokens))
        batches = [ordered[i:i + self.batch_size] for i in range(0, len(ordered), self.batch_size)]
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append((batch, self._submit(batch)))
            if len(in_flight) > self.threads:  # every worker busy, one batch waiting
                yield self._collect(*in_flight.popleft(), remaining)
        while in_flight:
            yield self._collect(*in_flight.popleft(), remaining)

    def _submit(self, batch: list[_Unit]) -> list:
        prefix = self._package.target_prefix
        longest = max(len(unit.tokens) for unit in batch)
        return self._ct2.translate_batch(
            [unit.tokens for unit in batch],
            target_prefix=[[prefix]] * len(batch) if prefix else None,
            asynchronous=True,
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=LENGTH_PENALTY,
            replace_unknowns=True,
            return_scores=True,
            max_decoding_length=2 * longest + 10,  # stops runaway repetition early
        )

    def _collect(self, batch: list[_Unit], futures: list, remaining: list[int]) -> int:
        """Wait for one batch, detokenise it; return how many texts it finished."""
        prefix = [self._package.target_prefix] if self._package.target_prefix else []
        finished = 0
        for unit, future in zip(batch, futures):
            result = future.result()
            hypothesis, score = result.hypotheses[0], result.scores[0]
            unit.log_prob = score * (len(hypothesis) + 1) ** LENGTH_PENALTY
            unit.generated = len(hypothesis) - len(prefix) + 1
            if prefix and hypothesis[: len(prefix)] == prefix:
                hypothesis = hypothesis[len(prefix):]
            text = self._package.tokenizer.decode(hypothesis)
            unit.output = text[1:] if text.startswith(" ") else text  # as Argos does
            remaining[unit.text_index] -= 1
            finished += remaining[unit.text_index] == 0
        return finished

    @staticmethod
    def _assemble(lines: list[str], units: list[_Unit | None]) -> Translation:
        """Rejoin a text's translated lines, keeping the whitespace around each."""
        out_lines, log_prob, generated = [], 0.0, 0
        for line, unit in zip(lines, units):
            if unit is None:
                out_lines.append(line)
                continue
            core = line.strip()
            start = line.index(core)
            out_lines.append(line[:start] + unit.output + line[start + len(core):])
            log_prob += unit.log_prob
            generated += unit.generated
        confidence = math.exp(log_prob / generated) if generated else 1.0
        return Translation("\n".join(out_lines), min(1.0, max(0.0, confidence)))
