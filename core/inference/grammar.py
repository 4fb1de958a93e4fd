"""JSON-schema grammar, checked on the best candidates first.

llama-cpp-python applies a grammar to the whole vocabulary at every step.
Gemma 3 has 262,144 tokens, so that costs more than the model itself on a
small CPU (measured here: 2.4x slower generation). llama.cpp's own sampler
avoids it by checking the greedy choice first; this does the same for the
engine's decoding loop: the model's best token is checked against the grammar,
then (if refused) the top 64, then the top 4,096 candidates, and the whole
vocabulary only when none of them is allowed. With greedy
decoding the result is identical to applying the grammar to every token
(the best allowed token is chosen either way).

Fast-forward (jump-forward decoding, as in SGLang): much of a JSON answer is
fixed by the schema (``","questions_to_ask":["``, the rest of ``"Medium"``
once ``"Med`` is written, a passage id after its first letters). Where the
grammar allows exactly one next character, the model has no choice to make:
:meth:`GreedyGrammar.forced` collects that text, and the engine evaluates it
in one batch instead of asking the model for it token by token.

The grammar text comes from ``LlamaGrammar.from_json_schema``, rewritten by
:func:`canonical_json_gbnf` to compact JSON (the layout the training data
uses), so the separators are fixed text, not a choice.
"""

from __future__ import annotations

import ctypes
import re

import numpy as np

from core.inference.tokens import token_piece

_TIERS = (64, 4096)  # candidates checked before the whole vocabulary


#: A JSON string character as JSON (RFC 8259) allows it: no raw control
#: characters, no DEL. llama-cpp-python's converter writes ``[^"\\]`` here,
#: which lets a raw newline into a string (seen: drafts that were not JSON).
STRING_CHAR_RULE = r'char ::= [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F])'


def canonical_json_gbnf(gbnf: str) -> str:
    """Rewrite a ``from_json_schema`` grammar to strict, compact JSON.

    Compact: ``{"a":1,"b":["x","y"]}``, as ``json.dumps(..., separators=(",", ":"))``
    writes it and as the training examples are written
    (:func:`core.training.examples.engine_answer`). The generated grammar
    allows an optional space after every ``{``, ``[``, ``:`` and ``,``, which
    leaves the model a choice (and a token) at each of them.

    Strict: string characters exclude raw control characters
    (:data:`STRING_CHAR_RULE`), so everything the grammar allows parses.
    """
    rewritten, count = re.subn(r"^space ::= .*$", 'space ::= ""', gbnf, flags=re.M)
    if count != 1:
        raise ValueError("unexpected grammar layout: no single 'space' rule to rewrite")
    rewritten, chars = re.subn(r"^char ::= .*$", lambda _: STRING_CHAR_RULE, rewritten, flags=re.M)
    if chars > 1:
        raise ValueError("unexpected grammar layout: more than one 'char' rule")
    return rewritten


def schema_gbnf(json_schema: dict) -> str:
    """The GBNF grammar every engine (in-process, worker, clinic server) constrains a draft with.

    ``LlamaGrammar.from_json_schema``'s text, rewritten to compact JSON by
    :func:`canonical_json_gbnf`.
    """
    import json

    from llama_cpp import LlamaGrammar

    generated = LlamaGrammar.from_json_schema(json.dumps(json_schema), verbose=False)._grammar
    return canonical_json_gbnf(generated)


#: What closes an open answer once the token budget is down to the reserve
#: (see :meth:`GreedyGrammar.closing_token`).
CLOSERS = ('"', "]", "}")


def closing_text(json_schema: dict) -> str:
    """The longest minimal answer the schema allows: every required property with its shortest value.

    An upper bound on what closing an answer cut short can still have to
    write (the engine reserves its tokens): a fixed value counts as its
    longest choice, a free string as ``""``, an array as its fewest items.
    """
    import json

    kind = json_schema.get("type")
    if "const" in json_schema:
        return json.dumps(json_schema["const"], separators=(",", ":"))
    if "enum" in json_schema:
        return max((json.dumps(v, separators=(",", ":")) for v in json_schema["enum"]), key=len)
    if kind == "object":
        props = json_schema.get("properties", {})
        fields = [f'"{key}":' + closing_text(props.get(key, {})) for key in json_schema.get("required", [])]
        return "{" + ",".join(fields) + "}"
    if kind == "array":
        item = closing_text(json_schema.get("items", {}))
        return "[" + ",".join([item] * int(json_schema.get("minItems", 0))) + "]"
    if kind == "string":
        return '"' + "a" * int(json_schema.get("minLength", 0)) + '"'
    if kind in ("number", "integer"):
        return "0"
    if kind == "boolean":
        return "false"
    return "null"


class _Candidates:
    """A fixed-size candidate array that llama.cpp's grammar sampler filters."""

    def __init__(self, lib, dtype, size: int) -> None:
        self._lib = lib
        self.records = np.recarray((size,), dtype=dtype)
        self.array = lib.llama_token_data_array(
            data=self.records.ctypes.data_as(lib.llama_token_data_p), size=size, selected=-1, sorted=False
        )

    def allowed(self, sampler, ids, logits) -> tuple[np.ndarray, np.ndarray]:
        """The ids (and their logits) among ``ids`` that the grammar allows now."""
        n = len(ids)
        records = self.records
        records.id[:n] = ids
        records.logit[:n] = logits
        records.p[:n] = 0.0
        self.array.size = n
        self.array.sorted = False
        self.array.selected = -1
        self._lib.llama_sampler_apply(sampler, ctypes.byref(self.array))
        kept = records[: self.array.size]
        finite = np.isfinite(kept.logit)
        return kept.id[finite], kept.logit[finite]


class GreedyGrammar:
    """Enforces a GBNF grammar under greedy decoding (:meth:`next_token`).

    Create one per generation (the grammar state advances with each token
    passed to :meth:`accept`) and call :meth:`close` afterwards.

    Args:
        vocab: the model's ``llama_vocab`` pointer.
        gbnf: the grammar text.
        n_vocab: vocabulary size.
        probe: single-character tokens (character -> token id) and
            ``end_tokens`` (end-of-generation ids) for :meth:`forced`; without
            them nothing is ever forced.
    """

    def __init__(self, vocab, gbnf: str, n_vocab: int, probe: dict[str, int] | None = None,
                 end_tokens: tuple[int, ...] = ()) -> None:
        import llama_cpp
        from llama_cpp._internals import LlamaTokenDataArray

        self._lib = llama_cpp
        self._vocab = vocab
        self._in_string = False
        self._escaped = False
        self._sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode("utf-8"), b"root")
        if not self._sampler:
            raise ValueError("llama.cpp rejected the grammar")
        self._full = LlamaTokenDataArray(n_vocab=n_vocab)
        dtype = self._full.candidates_data.dtype
        self._one = _Candidates(llama_cpp, dtype, 1)
        self._tiers = [(k, _Candidates(llama_cpp, dtype, k)) for k in _TIERS]  # smallest first
        #: token -> the character it spells, None for an end-of-generation token
        self._probe_text: dict[int, str | None] = {**{t: c for c, t in (probe or {}).items()},
                                                   **dict.fromkeys(end_tokens)}
        self._probe_ids = np.array(list(self._probe_text), dtype=np.int32)
        self._probe_zeros = np.zeros(len(self._probe_ids), dtype=np.float32)
        self._probe = _Candidates(llama_cpp, dtype, len(self._probe_ids))
        self.full_checks = 0  # how often the whole vocabulary had to be checked
        self.steps = 0

    def accept(self, token: int) -> None:
        """Advance the grammar past ``token`` (the engine calls this for every chosen token)."""
        self._lib.llama_sampler_accept(self._sampler, int(token))
        for byte in token_piece(self._vocab, int(token)):  # where the answer is: inside a JSON string or not
            if self._escaped:
                self._escaped = False
            elif self._in_string:
                self._escaped = byte == 0x5C
                self._in_string = byte != 0x22
            else:
                self._in_string = byte == 0x22

    def next_token(self, scores: np.ndarray) -> int:
        """The greedy choice among the tokens the grammar allows now (``scores`` is only read)."""
        self.steps += 1
        return self._best_allowed(scores)

    def forced(self, limit: int, *, peek: bool = False) -> tuple[str, bool]:
        """The text the grammar allows as the only continuation, accepted into its state.

        Probes the single-character tokens: while exactly one of them is
        allowed (and the answer may not end here), that character is fixed.
        Stops at the first real choice or after ``limit`` characters.

        Args:
            limit: most characters to fix.
            peek: find the text on a copy of the grammar state and leave the
                state as it is (the engine then accepts the tokens it keeps,
                see :meth:`LlamaEngine._greedy_decode`).

        Returns:
            ``(text, ended)``: the fixed text, and True when the grammar is
            complete and allows nothing but the end of the answer.
        """
        lib = self._lib
        sampler = lib.llama_sampler_clone(self._sampler) if peek else self._sampler
        chars: list[str] = []
        try:
            while len(self._probe_ids) and len(chars) < limit:
                allowed, _ = self._probe.allowed(sampler, self._probe_ids, self._probe_zeros)
                texts = [self._probe_text[int(t)] for t in allowed]
                if texts and all(text is None for text in texts):
                    return "".join(chars), True  # complete: only the end of the answer is allowed
                if len(texts) != 1:
                    break  # a real choice (or a character outside the probe): the model decides
                if peek:
                    lib.llama_sampler_accept(sampler, int(allowed[0]))
                else:
                    self.accept(int(allowed[0]))
                chars.append(texts[0])
            return "".join(chars), False
        finally:
            if peek:
                lib.llama_sampler_free(sampler)

    def closing_token(self, closers: dict[str, int]) -> int | None:
        """The token that closes the innermost open part of the answer, if the grammar allows it now, else None.

        Used once the token budget is down to what closing the answer takes:
        inside a string its closing quote; outside, ``]`` then ``}``; the
        grammar fixes the required keys in between (fast-forward), so the
        answer stays valid JSON. None leaves the choice to the model (a label
        or a number being finished, an escape being completed).
        """
        for char in ('"',) if self._in_string else ("]", "}"):
            token = closers.get(char)
            if token is not None and self.allows(token):
                return token
        return None

    def allows(self, token: int) -> bool:
        """Whether the grammar accepts ``token`` now."""
        allowed, _ = self._one.allowed(self._sampler, [token], np.zeros(1, dtype=np.float32))
        return bool(len(allowed))

    def _best_allowed(self, scores: np.ndarray) -> int:
        best = int(np.argmax(scores))
        allowed, _ = self._one.allowed(self._sampler, [best], scores[best : best + 1])
        if len(allowed):
            return best  # the usual case: the model's own choice is allowed
        for k, candidates in self._tiers:
            top_ids = np.argpartition(scores, -k)[-k:]
            allowed, logits = candidates.allowed(self._sampler, top_ids, scores[top_ids])
            if len(allowed):
                return int(allowed[int(np.argmax(logits))])
        self.full_checks += 1
        self._full.copy_logits(scores)
        self._lib.llama_sampler_apply(self._sampler, ctypes.byref(self._full.candidates))
        size = self._full.candidates.size
        data = self._full.candidates_data[:size]
        if not np.isfinite(data.logit).any():
            raise ValueError("the grammar allows no token here")
        return int(data.id[int(np.argmax(data.logit))])

    def close(self) -> None:
        if self._sampler:
            self._lib.llama_sampler_free(self._sampler)
            self._sampler = None
