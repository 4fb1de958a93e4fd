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

The grammar text comes from ``LlamaGrammar.from_json_schema``.
"""

from __future__ import annotations

import ctypes

import numpy as np

_TIERS = (64, 4096)  # candidates checked before the whole vocabulary


class GreedyGrammar:
    """Enforces a GBNF grammar under greedy decoding (:meth:`next_token`).

    Create one per generation (the grammar state advances with each token)
    and call :meth:`close` afterwards.

    Args:
        vocab: the model's ``llama_vocab`` pointer.
        gbnf: the grammar text.
        n_vocab: vocabulary size.
    """

    def __init__(self, vocab, gbnf: str, n_vocab: int) -> None:
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
        self._seen: int | None = None
        self.full_checks = 0  # how often the whole vocabulary had to be checked
        self.steps = 0

    def next_token(self, input_ids, scores: np.ndarray) -> int:
        """The greedy choice among the tokens the grammar allows after ``input_ids``.

        Tokens sampled since the last call are read from ``input_ids`` (the
        whole sequence so far) and fed to the grammar so its state follows
        the text. ``scores`` is only read.
        """
        n = len(input_ids)
        if self._seen is not None:
            for token in input_ids[self._seen : n]:
                self._lib.llama_sampler_accept(self._sampler, int(token))
        self._seen = n
        self.steps += 1
        return self._best_allowed(scores)

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
