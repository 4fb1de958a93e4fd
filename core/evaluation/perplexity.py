"""Per-token negative log-likelihood of a reference answer, from llama.cpp's own logits.

The model runs exactly as the engine runs it (the same GGUF, the same adapter,
the same quantization), so the perplexity is that of the deployed model, not
of a float32 copy. Only answer positions produce logits (a 262k-entry row
each), in small chunks, so memory stays bounded for any prompt length.
"""

from __future__ import annotations

from typing import Sequence


def answer_nll(llama, prompt_tokens: Sequence[int], answer_tokens: Sequence[int], chunk: int = 32) -> list[float]:
    """NLL (natural log) of each answer token given the prompt and the answer before it.

    The prompt is decoded with logits for its last position only (it predicts
    the first answer token); the answer is then decoded in chunks with logits
    for every position, so at most ``chunk`` x vocabulary floats are held.

    Args:
        llama: a ``llama_cpp.Llama`` (e.g. ``LlamaEngine.llama``); its KV cache is reset.
        prompt_tokens: the prompt, with BOS.
        answer_tokens: the reference answer (end-of-turn token included if it is scored).
        chunk: answer tokens decoded per batch.

    Returns:
        One value per answer token.
    """
    import numpy as np

    if not answer_tokens:
        return []
    n_vocab = llama.n_vocab()
    answer = list(answer_tokens)
    llama.reset()
    try:
        llama.eval(list(prompt_tokens))
        rows = [np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(n_vocab,)).astype(np.float64)]
        out = [_nll(rows[0][None, :], answer[:1])[0]]
        position = len(prompt_tokens)
        feed = answer[:-1]  # token i predicts token i + 1
        for start in range(0, len(feed), chunk):
            part = feed[start:start + chunk]
            llama._batch.set_batch(batch=part, n_past=position, logits_all=True)
            llama._ctx.decode(llama._batch)
            logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(len(part) * n_vocab,))
            targets = answer[start + 1:start + 1 + len(part)]
            out += _nll(logits.reshape(len(part), n_vocab).astype(np.float64), targets)
            position += len(part)
    finally:
        llama.reset()  # the next generation must not reuse a cache it did not write
        llama._ctx.kv_cache_clear()
    return out


def _nll(logits, targets: Sequence[int]) -> list[float]:
    import numpy as np

    top = logits.max(axis=1, keepdims=True)
    log_z = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    return [float(log_z[i] - logits[i, t]) for i, t in enumerate(targets)]


def engine_answer_nll(engine, prompt_text: str, answer_text: str) -> list[float]:
    """:func:`answer_nll` for text, tokenized the way the engine tokenizes (one BOS, answer + EOS)."""
    llama = engine.llama
    prompt = engine.encode(prompt_text)
    answer = llama.tokenize(answer_text.encode("utf-8"), add_bos=False, special=False) + [llama.token_eos()]
    if len(prompt) + len(answer) > engine.n_ctx:
        prompt = prompt[:1] + prompt[-(engine.n_ctx - len(answer) - 1):]  # keep BOS and the case at the end
    with engine._lock:  # the engine serialises every use of its llama.cpp context
        return answer_nll(llama, prompt, answer)
