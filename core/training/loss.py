"""Causal-LM loss with output logits only where the loss is taken.

Gemma 3's output layer is 262k x 640: for the 270M model it costs more than the
whole decoder body per token. A triage example is a long prompt and a short
answer, and the loss is taken on the answer only, so computing logits for the
prompt positions is wasted work (and memory: B x T x 262k floats). Here the
decoder body runs on the full sequence, the hidden states at the positions
whose next token is a label are gathered, and the output layer runs on those
rows only. :func:`full_logits_loss` is the straightforward version, kept for
the equivalence test and the benchmark's naive baseline.
"""

from __future__ import annotations

from core.training.batching import IGNORE


def causal_lm_parts(model):
    """(decoder body, output layer, final logit soft-cap or None) of a causal LM.

    Works through peft wrappers: the LoRA layers live inside the body.
    """
    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    body = inner.get_decoder() if hasattr(inner, "get_decoder") else inner.model
    head = inner.get_output_embeddings()
    config = getattr(inner, "config", None)
    softcap = getattr(config, "final_logit_softcapping", None)
    return body, head, softcap


def response_only_loss(model, input_ids, attention_mask, labels):
    """Summed cross-entropy over label positions, logits computed only there.

    Args:
        model: a causal LM (optionally peft-wrapped).
        input_ids, attention_mask, labels: ``(batch, length)``; ``labels`` holds
            :data:`IGNORE` where no loss is taken.

    Returns:
        ``(loss_sum, n_label_tokens)``: divide for the mean; summing lets
        gradient accumulation weigh every label token equally.
    """
    import torch
    import torch.nn.functional as F

    body, head, softcap = causal_lm_parts(model)
    targets = labels[:, 1:]
    keep = targets != IGNORE
    # Positions after the last label never influence the loss: trim them.
    last = int(keep.any(dim=0).nonzero().max()) + 2 if keep.any() else 1
    hidden = body(input_ids=input_ids[:, :last], attention_mask=attention_mask[:, :last]).last_hidden_state
    rows = hidden[:, :-1][keep[:, : last - 1]]
    logits = head(rows).float()
    if softcap:
        logits = torch.tanh(logits / softcap) * softcap
    loss = F.cross_entropy(logits, targets[:, : last - 1][keep[:, : last - 1]], reduction="sum")
    return loss, int(keep.sum())


def full_logits_loss(model, input_ids, attention_mask, labels):
    """The same loss the plain way: logits for every position, then mask."""
    import torch.nn.functional as F

    logits = model(input_ids=input_ids, attention_mask=attention_mask).logits.float()
    targets = labels[:, 1:]
    loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.size(-1)), targets.reshape(-1),
                           ignore_index=IGNORE, reduction="sum")
    return loss, int((targets != IGNORE).sum())
