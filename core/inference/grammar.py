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

_TIERS = (64, 4096)  # candidates checked before the whole vocabulary


def canonical_json_gbnf(gbnf: str) -> str:
    """Rewrite a ``from_json_schema`` grammar to compact JSON (no optional spaces).

    ``{"a":1,"b":["x","y"]}``, as ``json.dumps(..., separators=(",", ":"))``
    writes it and as the training examples are written
    (:func:`core.training.examples.engine_answer`). The generated grammar
    allows an optional space after every ``{``, ``[``, ``:`` and ``,``, which
    leaves the model a choice (and a token) at each of them.
    """
    rewritten, count = re.subn(r"^space ::= .*$", 'space ::= ""', gbnf, flags=re.M)
    if count != 1:
        raise ValueError("unexpected grammar layout: no single 'space' rule to rewrite")
    return rewritten


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
        self._sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode("utf-8"), b"root")
        if not self._sampler:
            raise ValueError("llama.cpp rejected the grammar")
        self._full = LlamaTokenDataArray(n_vocab=n_vocab)
        self._tiers = []  # (k, records, llama array) for each candidate tier, smallest first
        for k in _TIERS:
            records = np.recarray((k,), dtype=self._full.candidates_data.dtype)
            array = llama_cpp.llama_token_data_array(
                data=records.ctypes.data_as(llama_cpp.llama_token_data_p), size=k, selected=-1, sorted=False
            )
            self._tiers.append((k, records, array))
        self._one = np.recarray((1,), dtype=self._full.candidates_data.dtype)
        self._one_array = llama_cpp.llama_token_data_array(
            data=self._one.ctypes.data_as(llama_cpp.llama_token_data_p), size=1, selected=-1, sorted=False
        )
        probe = probe or {}
        self._probe_chars = list(probe) + [None] * len(end_tokens)  # None: the end of the answer
        self._probe_ids = np.array(list(probe.values()) + list(end_tokens), dtype=np.int32)
        self._probe_index = {int(t): i for i, t in enumerate(self._probe_ids)}
        self._probe = np.recarray((len(self._probe_ids),), dtype=self._full.candidates_data.dtype)
        self._probe_array = llama_cpp.llama_token_data_array(
            data=self._probe.ctypes.data_as(llama_cpp.llama_token_data_p), size=len(self._probe_ids),
            selected=-1, sorted=False,
        )
        self.full_checks = 0  # how often the whole vocabulary had to be checked
        self.steps = 0  # choices the model made
        self.forced_chars = 0  # characters the grammar fixed

    def accept(self, token: int) -> None:
        """Advance the grammar past ``token`` (the engine calls this for every chosen token)."""
        self._lib.llama_sampler_accept(self._sampler, int(token))

    def next_token(self, scores: np.ndarray) -> int:
        """The greedy choice among the tokens the grammar allows now (``scores`` is only read)."""
        self.steps += 1
        return self._best_allowed(scores)

    def forced(self, limit: int) -> tuple[str, bool]:
        """The text the grammar allows as the only continuation, accepted into its state.

        Probes the single-character tokens: while exactly one of them is
        allowed (and the answer may not end here), that character is fixed.
        Stops at the first real choice or after ``limit`` characters.

        Returns:
            ``(text, ended)``: the fixed text, and True when the grammar is
            complete and allows nothing but the end of the answer.
        """
        chars: list[str] = []
        ended = False
        probe = self._probe
        while len(self._probe_ids) and len(chars) < limit:
            probe.id[:] = self._probe_ids
            probe.logit[:] = 0.0
            probe.p[:] = 0.0
            self._probe_array.size = len(self._probe_ids)
            self._probe_array.sorted = False
            self._probe_array.selected = -1
            self._lib.llama_sampler_apply(self._sampler, ctypes.byref(self._probe_array))
            size = self._probe_array.size
            allowed = [self._probe_index[int(t)] for t in probe.id[:size][np.isfinite(probe.logit[:size])]]
            if allowed and all(self._probe_chars[i] is None for i in allowed):
                ended = True  # complete: only the end of the answer is allowed
                break
            if len(allowed) != 1:
                break  # a real choice (or a character outside the probe): the model decides
            self.accept(int(self._probe_ids[allowed[0]]))
            chars.append(self._probe_chars[allowed[0]])
        self.forced_chars += len(chars)
        return "".join(chars), ended

    def _best_allowed(self, scores: np.ndarray) -> int:
        best = int(np.argmax(scores))
        self._one.id[0] = best
        self._one.logit[0] = scores[best]
        self._one.p[0] = 0.0
        self._one_array.size = 1
        self._one_array.sorted = False
        self._one_array.selected = -1
        self._lib.llama_sampler_apply(self._sampler, ctypes.byref(self._one_array))
        if self._one_array.size == 1 and np.isfinite(self._one.logit[0]):
            return best  # the usual case: the model's own choice is allowed
        for k, records, array in self._tiers:
            top_ids = np.argpartition(scores, -k)[-k:]
            records.id[:] = top_ids
            records.logit[:] = scores[top_ids]
            records.p[:] = 0.0
            array.size = k
            array.sorted = False
            array.selected = -1
            self._lib.llama_sampler_apply(self._sampler, ctypes.byref(array))
            logits = records.logit[: array.size]
            if np.isfinite(logits).any():
                return int(records.id[int(np.argmax(logits))])
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
