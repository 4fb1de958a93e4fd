"""Tokenized examples and length-grouped micro-batches.

Padding to the longest example of the whole dataset wastes most of the work
when lengths vary; here examples of similar length go in the same micro-batch,
a micro-batch holds as many examples as fit a token budget (examples x its own
longest example), and it is padded only to its own longest example. The plan
is a pure function of the seed and the epoch, so a resumed run sees exactly
the batches an uninterrupted run would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

IGNORE = -100  # label value that cross-entropy skips


@dataclass(frozen=True)
class TokenizedExample:
    """Token ids of one example; the loss is taken on tokens from ``loss_start`` on."""

    input_ids: tuple[int, ...]
    loss_start: int

    def __len__(self) -> int:
        return len(self.input_ids)

    @property
    def loss_tokens(self) -> int:
        return len(self.input_ids) - max(self.loss_start, 1)


def plan_batches(lengths: list[int], tokens_per_batch: int, seed: int, epoch: int) -> list[list[int]]:
    """Group example indices into micro-batches of similar length.

    Examples are shuffled, then sorted by length inside windows of ~50 batches
    (so each batch is near-uniform in length but the order stays random across
    the epoch), cut by the token budget, and the batches shuffled.

    Args:
        lengths: token count of each example.
        tokens_per_batch: budget for (examples in batch) x (longest in batch).
        seed: run seed; with ``epoch`` it fixes the plan.
        epoch: 0-based epoch number.

    Returns:
        Lists of example indices, one per micro-batch.
    """
    rng = random.Random(seed * 1_000_003 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    if not order:
        return []
    mean = max(1, sum(lengths) // len(lengths))
    window = max(1, 50 * max(1, tokens_per_batch // mean))
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda i: lengths[i])
        current: list[int] = []
        longest = 0
        for index in chunk:
            longest_if_added = max(longest, lengths[index])
            if current and longest_if_added * (len(current) + 1) > tokens_per_batch:
                batches.append(current)
                current, longest_if_added = [], lengths[index]
            current.append(index)
            longest = longest_if_added
        if current:
            batches.append(current)
    rng.shuffle(batches)
    return batches


def collate(examples: list[TokenizedExample], pad_id: int, pad_to: int | None = None):
    """Tensors for one micro-batch, padded on the right to its longest example.

    Args:
        examples: the batch.
        pad_id: token id used for padding (masked out of attention and loss).
        pad_to: pad to this length instead (the naive baseline pads to the dataset maximum).

    Returns:
        ``(input_ids, attention_mask, labels)``, each ``(batch, length)``; labels
        are the input ids with :data:`IGNORE` on the prompt and the padding.
    """
    import torch

    width = pad_to or max(len(e) for e in examples)
    input_ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(examples), width), dtype=torch.long)
    labels = torch.full((len(examples), width), IGNORE, dtype=torch.long)
    for row, example in enumerate(examples):
        ids = torch.tensor(example.input_ids, dtype=torch.long)
        input_ids[row, : len(ids)] = ids
        attention[row, : len(ids)] = 1
        start = max(example.loss_start, 1)  # the first token is never predicted
        labels[row, start: len(ids)] = ids[start:]
    return input_ids, attention, labels
