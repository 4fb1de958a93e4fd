"""The llama.cpp engine: one GGUF model (plus an optional LoRA adapter) per process.

:class:`LlamaEngine` is the single owner of its ``llama_cpp.Llama``; every
native resource it holds is released in :meth:`LlamaEngine.close` through
one ``ExitStack``. :func:`get_engine` keeps one engine per (model, adapter)
for the life of the process, so a second triage, a second workspace login or
an idle re-lock never reloads the model.

Generation is greedy (temperature 0: the same prompt gives the same draft),
can be constrained to a JSON schema by a llama.cpp grammar, stops at a
deadline (checked after every token; a prompt already being evaluated is
not interrupted) and can stream text pieces with a cancel check.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from core.inference.cpu import CpuPath, choose_path, model_params
from core.inference.errors import ContextOverflow, GenerationCancelled, InferenceError, InferenceTimeout, ModelNotFound
from core.inference.steer import LabelSteer, LabelSteering
from core.inference.tokens import PromptTokens
from core.inference.tokens import token_piece as _token_piece

DEFAULT_N_CTX = 2048


@dataclass
class Generation:
    """One finished generation.

    Attributes:
        text: the generated text.
        prompt_tokens: tokens in the prompt.
        generated_tokens: tokens of the answer (chosen by the model or fixed by the grammar).
        finish_reason: ``stop`` (end of text or grammar complete) or ``length``.
        seconds: wall time of the call.
    """

    text: str
    prompt_tokens: int
    generated_tokens: int
    finish_reason: str
    seconds: float


def collect(stream: Callable[..., Iterator[str]], on_text: Callable[[str], None] | None, prompt,
            **options) -> Generation:
    """Run an engine's ``stream`` to the end: the :class:`Generation` every engine's ``generate`` returns."""
    started = time.perf_counter()
    stats: dict = {}
    pieces = []
    for piece in stream(prompt, stats=stats, **options):
        pieces.append(piece)
        if on_text is not None:
            on_text(piece)
    return Generation(text="".join(pieces), prompt_tokens=stats["prompt_tokens"],
                      generated_tokens=stats["generated_tokens"], finish_reason=stats["finish_reason"],
                      seconds=time.perf_counter() - started)


class _Stop:
    """Deadline and cancel, checked after each generated token; counts the tokens."""

    def __init__(self, timeout_s: float | None, cancel: Callable[[], bool] | None) -> None:
        self.deadline = time.monotonic() + timeout_s if timeout_s else None
        self.cancel = cancel
        self.timed_out = False
        self.cancelled = False
        self.tokens = 0
        self.closed_early = False  # the budget ran down to the reserve and the answer was closed
        self.chosen = 0  # of those, tokens the model chose (the rest were fixed by the grammar)
        self.batches: list[list[int]] = []  # the answer's tokens as evaluated, one list per llama.cpp call

    def after_tokens(self, count: int) -> bool:
        """Count generated tokens; True when generation must stop now."""
        self.tokens += count
        if self.cancel is not None and self.cancel():
            self.cancelled = True
            return True
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.timed_out = True
            return True
        return False


_LOG_CALLBACK = None


def _quiet_llama_logs() -> None:
    """Route llama.cpp's own log lines nowhere.

    llama-cpp-python maps ggml's WARN level to logging.ERROR, so even with
    ``verbose=False`` notices such as the SWA-cache one reached the nurse's
    terminal. Failures still surface as Python exceptions.
    """
    global _LOG_CALLBACK
    if _LOG_CALLBACK is None:
        import ctypes

        import llama_cpp

        _LOG_CALLBACK = llama_cpp.llama_log_callback(lambda level, text, user_data: None)
        llama_cpp.llama_log_set(_LOG_CALLBACK, ctypes.c_void_p(0))


class LlamaEngine(PromptTokens):
    """A loaded GGUF model.

    Args:
        model_path: the base model GGUF.
        lora_path: an optional LoRA adapter GGUF applied on top.
        n_ctx: context window in tokens (capped by the model's own).
        n_threads: CPU threads (default: all cores).
        n_gpu_layers: layers to offload; default all when the llama.cpp build can offload, else 0.
        model_id: name recorded with each assessment.
        extra_buffer_types: llama.cpp weight repacking; default: off on a CPU with AMX, where
            it crashes, on elsewhere (see :mod:`core.inference.cpu`). ``cpu_path`` says which.

    Raises:
        ModelNotFound: a file is missing.
        InferenceError: llama.cpp could not load the files.
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        lora_path: str | Path | None = None,
        n_ctx: int = DEFAULT_N_CTX,
        n_threads: int | None = None,
        n_gpu_layers: int | None = None,
        chat_template: str | None = None,
        model_id: str = "",
        extra_buffer_types: bool | None = None,
    ) -> None:
        import llama_cpp

        self.model_path = Path(model_path)
        self.lora_path = Path(lora_path) if lora_path else None
        for path, what in ((self.model_path, "model"), (self.lora_path, "adapter")):
            if path is not None and not path.is_file():
                raise ModelNotFound(f"the {what} file {path} does not exist; check the model registry or models/")
        if n_gpu_layers is None:
            n_gpu_layers = -1 if llama_cpp.llama_supports_gpu_offload() else 0
        self.n_gpu_layers = n_gpu_layers
        self.n_threads = n_threads or os.cpu_count() or 1
        self._stack = ExitStack()
        self._lock = threading.Lock()
        self._grammars: dict[str, object] = {}
        self._probe: tuple[dict[str, int], tuple[int, ...]] | None = None
        self._reserves: dict[str, int] = {}
        self._strings: dict = {}  # StringRules -> StringTables
        self.cpu_path: CpuPath = (choose_path() if extra_buffer_types is None
                                  else CpuPath(extra_buffer_types, "chosen by the caller"))
        _quiet_llama_logs()
        try:
            with model_params(extra_buffer_types=self.cpu_path.extra_buffer_types):
                llm = llama_cpp.Llama(
                    model_path=str(self.model_path),
                    lora_path=str(self.lora_path) if self.lora_path else None,
                    n_ctx=n_ctx,
                    n_threads=self.n_threads,
                    n_threads_batch=self.n_threads,
                    n_gpu_layers=n_gpu_layers,
                    flash_attn=True,  # measured on 2 cores: prompt evaluation about 10 % faster
                    seed=0,
                    verbose=False,
                )
        except (ValueError, RuntimeError) as exc:
            raise InferenceError(f"llama.cpp could not load {self.model_path.name}"
                                 f"{' with ' + self.lora_path.name if self.lora_path else ''}: {exc}") from None
        self._llm = llm
        self._stack.callback(llm.close)
        self.n_ctx = llm.n_ctx()
        self.chat_template = chat_template or llm.metadata.get("tokenizer.chat_template") or None
        self.model_id = model_id or self.model_path.stem + (f"+{self.lora_path.stem}" if self.lora_path else "")
        self._use_tokenizer(llm)
        self._closed = False

    # generating -------------------------------------------------------------
    def stream(
        self,
        prompt: str | list[int],
        *,
        max_tokens: int,
        json_schema: dict | None = None,
        timeout_s: float | None = None,
        cancel: Callable[[], bool] | None = None,
        stats: dict | None = None,
        prefix: str | None = None,
        fast_forward: bool = True,
        steer: Callable[[str, "np.ndarray"], None] | None = None,
    ) -> Iterator[str]:
        """Yield the answer's text pieces as the model writes them.

        Args:
            prompt: prompt text or tokens.
            max_tokens: most tokens to generate.
            json_schema: constrain the output to this JSON schema.
            timeout_s: stop and raise InferenceTimeout after this many seconds.
            cancel: called after each token; returning True stops and raises GenerationCancelled.
            stats: filled with prompt_tokens, generated_tokens, finish_reason, cached_tokens,
                model_choices (tokens the model chose; the rest were fixed by the grammar) and
                batches (the answer's tokens as evaluated, one list per llama.cpp call).
            prefix: the start of the prompt that is the same for every case
                (the instructions). Its evaluation is kept and reused; without
                it the whole prompt is evaluated afresh.
            fast_forward: with a schema, evaluate the text the grammar fixes in
                batches instead of asking the model for it token by token
                (False: every token is the model's greedy choice, evaluated on
                its own, as ``create_completion`` would). Schemas with
                non-ASCII text are never fast-forwarded.
            steer: a :class:`~core.inference.steer.LabelSteer` (data: the triage
                pipeline guides the priority label with it; ``stats["steer_choice"]``
                then holds the label the model itself ranked first),
                :class:`~core.inference.string_rules.StringRules` (data: what the model
                may write inside strings), a tuple of both, or a callable
                given the answer so far and the row of logits before each token
                the model chooses, which it may change in place.

        With a schema, the answer always ends as valid JSON: once the budget
        left is down to what closing it can take (:func:`~core.inference.grammar.closing_text`),
        strings, arrays and objects are closed and the grammar fills in the
        required keys (``stats["closed_early"]`` is then True). A ``max_tokens``
        below that reserve is raised to it.

        Raises:
            ContextOverflow: prompt plus max_tokens exceed the context.
            InferenceTimeout: the deadline passed (``partial_text`` holds what was written).
            GenerationCancelled: ``cancel()`` returned True.
        """
        self._check_open()
        tokens = self.encode(prompt) if isinstance(prompt, str) else list(prompt)
        closing = self._closing(json_schema, fast_forward) if json_schema is not None else ({}, 0)
        # A schema's answer may always take its closing reserve, even where max_tokens is smaller.
        max_tokens = max(max_tokens, closing[1])
        if len(tokens) + max_tokens > self.n_ctx:
            raise ContextOverflow(
                f"the prompt ({len(tokens)} tokens) and the answer ({max_tokens}) exceed the model context "
                f"({self.n_ctx}); shorten the input or raise triage.n_ctx"
            )
        stop = _Stop(timeout_s, cancel)
        pieces: list[str] = []
        finish = "length"
        steering = self._steering(steer, json_schema)
        with self._lock:
            cached = self._prepare_state(tokens, prefix)
            grammar = self._greedy_grammar(json_schema, fast_forward) if json_schema is not None else None
            try:
                for piece in self._greedy_decode(tokens[cached:], max_tokens, grammar, stop, steering, closing):
                    if piece is None:  # the model ended the text (or the grammar completed it)
                        finish = "stop"
                        break
                    pieces.append(piece)
                    yield piece
            finally:
                if grammar is not None:
                    grammar.close()
        if stats is not None:
            stats.update(prompt_tokens=len(tokens), generated_tokens=stop.tokens, finish_reason=finish,
                         cached_tokens=cached, model_choices=stop.chosen,
                         batches=stop.batches, closed_early=stop.closed_early,
                         steer_choice=getattr(steering, "own_choice", None))
        if stop.cancelled:
            raise GenerationCancelled()
        if stop.timed_out:
            raise InferenceTimeout(timeout_s or 0.0, "".join(pieces))

    def generate(
        self,
        prompt: str | list[int],
        *,
        max_tokens: int,
        json_schema: dict | None = None,
        timeout_s: float | None = None,
        cancel: Callable[[], bool] | None = None,
        on_text: Callable[[str], None] | None = None,
        prefix: str | None = None,
        fast_forward: bool = True,
        steer: Callable[[str, "np.ndarray"], None] | None = None,
    ) -> Generation:
        """Generate the whole answer (see :meth:`stream` for arguments and errors)."""
        return collect(self.stream, on_text, prompt, max_tokens=max_tokens, json_schema=json_schema,
                       timeout_s=timeout_s, cancel=cancel, prefix=prefix, fast_forward=fast_forward, steer=steer)

    def _greedy_decode(self, new_tokens: list[int], max_tokens: int, grammar, stop: "_Stop",
                       steer=None, closing: tuple[dict[str, int], int] = ({}, 0)) -> Iterator[str | None]:
        """Greedy decoding straight on llama.cpp's logits; yields text pieces, then None at the end of text.

        Why not ``create_completion``: for every token it builds and sorts a
        262,144-entry candidate array, copies it through a Python sampler
        callback and re-detokenizes the whole answer (measured: about 14 %
        on top of the model's own compute on 2 cores). Greedy decoding needs
        only the best allowed token: read the last row of logits in place,
        let the grammar check the best candidates, evaluate that token.
        UTF-8 characters split across tokens are held back until complete.

        Text the grammar fixes (when it was built to fast-forward) is not
        asked of the model: it is tokenized and evaluated in one call, which
        computes the output layer (the largest matrix of a small model) once
        for the batch instead of once per token. Evaluation waits until the
        model has a choice to make: the fixed text that ends an answer (and
        what closing an answer for its budget writes) is never evaluated. (Prompt-lookup drafts checked
        in batches were tried as well: 1 % faster on the vignettes, not kept.)

        ``closing`` is (closer tokens, reserve): once no more than ``reserve``
        tokens are left, the grammar's closers are preferred to the model's
        choice so that the answer ends complete within the budget.
        """
        import codecs

        import numpy as np

        import llama_cpp

        llm = self._llm
        vocab = llm._model.vocab
        n_vocab = llm.n_vocab()
        is_eog = llama_cpp.llama_vocab_is_eog
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

        ended = False
        produced = 0
        closers, closers_reserve = closing
        written = ""  # the answer so far, for ``steer``
        pending: list[int] = []  # answer tokens not evaluated yet: only a model choice needs them

        def evaluate_pending() -> None:
            if pending:
                llm.eval(pending)
                stop.batches.append(list(pending))
                pending.clear()

        llm.eval(new_tokens)
        while produced < max_tokens:
            if grammar is not None:
                text, ended = grammar.forced(limit=4 * (max_tokens - produced), peek=True)
                if text:
                    tokens = self._forced_tokens(text)
                    if len(tokens) > max_tokens - produced:  # the budget ends inside the fixed text
                        tokens = tokens[: max_tokens - produced]
                        ended = False
                    elif not ended and max_tokens - produced - len(tokens) > closers_reserve:
                        # Token healing: the last token of the fixed text is left to the model, which
                        # may spell it together with what follows, as its training answers are
                        # tokenized ('":["' rather than '":[' then '"'). Not while closing an answer:
                        # the closing reserve counts the fixed text as tokenized here.
                        tokens = tokens[:-1]
                    text = b"".join(_token_piece(vocab, t) for t in tokens).decode("utf-8")
                    for token in tokens:
                        grammar.accept(token)
                    pending.extend(tokens)
                    produced += len(tokens)
                    if text:
                        if steer is not None:
                            written += text
                        yield text
                    if tokens and stop.after_tokens(len(tokens)):
                        break
                if ended or produced >= max_tokens:
                    break
            token = None
            if grammar is not None and max_tokens - produced <= closers_reserve:
                stop.closed_early = True
                token = grammar.closing_token(closers)  # decided without the model: nothing to evaluate yet
            by_model = token is None
            if by_model:
                evaluate_pending()
                logits = np.ctypeslib.as_array(llm._ctx.get_logits_ith(-1), shape=(n_vocab,))
                if steer is not None:
                    steer(written, logits)
                token = grammar.next_token(logits) if grammar is not None else int(np.argmax(logits))
            if is_eog(vocab, token):
                ended = True
                break
            stop.chosen += by_model
            if grammar is not None:
                grammar.accept(token)
            pending.append(token)
            produced += 1
            text = decoder.decode(_token_piece(vocab, token))
            if text:
                if steer is not None:
                    written += text
                yield text
            if stop.after_tokens(1):
                break
        # What is still pending ends the answer: no choice follows it, so it is never evaluated.
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail
        if ended:
            yield None

    def _steering(self, steer, json_schema: dict | None = None):
        """The callable that applies a steer: data (a LabelSteer, StringRules or a tuple of them) or a callable."""
        if steer is None or callable(steer):
            return steer
        from core.inference.steer import Steerings, data_parts
        from core.inference.string_rules import StringRuling

        built = [LabelSteering(part, self.first_token) if isinstance(part, LabelSteer)
                 else StringRuling(part, self._string_tables(part), json_schema) for part in data_parts(steer)]
        return built[0] if len(built) == 1 else Steerings(built)

    def _string_tables(self, rules):
        """What :class:`~core.inference.string_rules.StringRuling` needs from the vocabulary (cached per rules)."""
        from core.inference.string_rules import StringTables

        tables = self._strings.get(rules)
        if tables is None:
            llm = self._llm
            vocab = llm._model.vocab
            pieces = [_token_piece(vocab, t) for t in range(llm.n_vocab())]
            tables = StringTables(rules, lambda text: llm.tokenize(text.encode("utf-8"), add_bos=False, special=False),
                                  pieces)
            self._strings[rules] = tables
        return tables

    def _forced_tokens(self, text: str) -> list[int]:
        """Tokens for fixed text: the tokenizer's own split when it spells the text exactly, else one per character."""
        tokens = self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)
        vocab = self._llm._model.vocab
        if b"".join(_token_piece(vocab, t) for t in tokens) == text.encode("utf-8"):
            return tokens
        probe, _ = self._probe_tokens()
        return [probe[char] for char in text]

    def _closing(self, json_schema: dict, fast_forward: bool) -> tuple[dict[str, int], int]:
        """Closer tokens and the budget reserve for a schema (cached).

        The reserve bounds the tokens closing an answer can take from any
        point: the schema's longest minimal answer (tokenized as the grammar's
        fixed text is when fast-forwarding, one token per character when
        not), plus room to finish a label, a number or an escape already begun.
        """
        from core.inference.grammar import CLOSERS, closing_text

        key = f"{fast_forward}:{json.dumps(json_schema, sort_keys=True)}"
        if key not in self._reserves:
            text = closing_text(json_schema)
            cost = self.count_tokens(text) if fast_forward else len(text)
            self._reserves[key] = cost + 8
        closers = {}
        for char in CLOSERS:
            tokens = self._llm.tokenize(char.encode(), add_bos=False, special=False)
            if len(tokens) == 1:
                closers[char] = tokens[0]
        return closers, self._reserves[key]

    def _probe_tokens(self) -> tuple[dict[str, int], tuple[int, ...]]:
        """Printable ASCII characters as one token each, and the end-of-generation tokens.

        Empty when the vocabulary lacks a one-token spelling of any printable
        ASCII character: a character the probe cannot see could be a second
        choice, so nothing is fast-forwarded with such a model.
        """
        if self._probe is None:
            import llama_cpp

            llm = self._llm
            vocab = llm._model.vocab
            chars = {}
            for code in range(0x20, 0x7F):
                tokens = llm.tokenize(chr(code).encode(), add_bos=False, special=False)
                if len(tokens) == 1 and _token_piece(vocab, tokens[0]) == chr(code).encode():
                    chars[chr(code)] = tokens[0]
            ends = tuple(t for t in sorted({llm.token_eos(), llama_cpp.llama_vocab_eot(vocab)})
                         if t >= 0 and llama_cpp.llama_vocab_is_eog(vocab, t))
            self._probe = (chars, ends) if len(chars) == 0x7F - 0x20 and ends else ({}, ())
        return self._probe

    def _prepare_state(self, tokens: list[int], prefix: str | None) -> int:
        """Leave exactly the pinned prefix evaluated; returns its length in tokens.

        Why: llama.cpp reuses whatever prompt prefix the previous call left in
        its cache, so the split between cached and newly evaluated tokens
        would depend on the previous case, and batched and single-token
        evaluation round differently: the same prompt could give a different
        draft. Pinning the cache to the fixed instructions (evaluated on
        their own, once) makes every case start from the same state: greedy
        output depends on the prompt alone, and the instructions are not
        re-evaluated for every case.
        """
        llm = self._llm
        if not prefix:
            llm.reset()
            return 0
        wanted = self.encode(prefix)
        length = 0
        for a, b in zip(wanted, tokens):
            if a != b:
                break
            length += 1
        length = min(length, len(tokens) - 1)  # at least one token left to evaluate
        if length <= 1:
            llm.reset()
            return 0
        head = tokens[:length]
        if llm.n_tokens >= length and list(llm._input_ids[:length]) == head:
            if llm.n_tokens == length or llm._ctx.kv_cache_seq_rm(-1, length, -1):
                llm.n_tokens = length
                return length
        llm.reset()
        llm.eval(head)
        return length

    @property
    def llama(self):
        """The underlying ``llama_cpp.Llama`` (benchmarks compare against it bare)."""
        self._check_open()
        return self._llm

    def grammar_for(self, json_schema: dict):
        """The compiled grammar for a schema (cached; benchmarks reuse it)."""
        return self._grammar(json_schema)

    def _grammar(self, json_schema: dict):
        key = json.dumps(json_schema, sort_keys=True)
        grammar = self._grammars.get(key)
        if grammar is None:
            from llama_cpp import LlamaGrammar

            from core.inference.grammar import schema_gbnf

            grammar = LlamaGrammar.from_string(schema_gbnf(json_schema), verbose=False)
            self._grammars[key] = grammar
        return grammar

    def _greedy_grammar(self, json_schema: dict, fast_forward: bool):
        """A fresh grammar state; it fixes text only with ``fast_forward`` and an ASCII schema
        (the probe knows ASCII characters only: an accented value could hide a second choice)."""
        from core.inference.grammar import GreedyGrammar

        ascii_schema = json.dumps(json_schema, ensure_ascii=False).isascii()
        probe, ends = self._probe_tokens() if fast_forward and ascii_schema else ({}, ())
        return GreedyGrammar(self._llm._model.vocab, self._grammar(json_schema)._grammar, self._llm.n_vocab(),
                             probe=probe, end_tokens=ends)

    # lifecycle --------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise InferenceError("the model engine was closed; load it again")

    def close(self) -> None:
        """Free the model, context and adapter (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stack.close()
        _forget(self)

    def __enter__(self) -> "LlamaEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_ENGINES: dict[tuple[str, str | None, int], LlamaEngine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(
    model_path: str | Path, lora_path: str | Path | None = None, *, n_ctx: int = DEFAULT_N_CTX, **options
) -> LlamaEngine:
    """The process-wide engine for (model, adapter, n_ctx), loaded on first use."""
    key = (str(Path(model_path).resolve()), str(Path(lora_path).resolve()) if lora_path else None, n_ctx)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None or engine._closed:
            engine = LlamaEngine(model_path, lora_path=lora_path, n_ctx=n_ctx, **options)
            _ENGINES[key] = engine
        return engine


def close_all() -> None:
    """Close every cached engine (process exit, model switch)."""
    with _ENGINES_LOCK:
        engines = list(_ENGINES.values())
        _ENGINES.clear()
    for engine in engines:
        engine.close()


def _forget(engine: LlamaEngine) -> None:
    with _ENGINES_LOCK:
        for key, cached in list(_ENGINES.items()):
            if cached is engine:
                del _ENGINES[key]


atexit.register(close_all)
