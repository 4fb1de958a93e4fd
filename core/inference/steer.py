"""Steering a draft's label as data, so it crosses a process or network boundary.

A :class:`LabelSteer` says: when the answer so far ends with ``after`` (a
regular expression), rank these labels by these biases (the model's own
scores breaking ties), and report which label the model itself ranked first.
The in-process engine applies it to llama.cpp's logits; the inference worker
receives it over its pipe and applies it the same way; a server that cannot
be steered token by token gets the top label as the only value the schema
allows (see :meth:`LabelSteer.top`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LabelSteer:
    """Rank a set of labels at one slot of the answer.

    Attributes:
        after: regular expression the answer so far must end with (``$``-anchored by the caller's pattern).
        labels: the labels, as written in the answer.
        bias: one number per label; the highest is ranked first.
    """

    after: str
    labels: tuple[str, ...]
    bias: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.bias) or not self.labels:
            raise ValueError("a label steer needs one bias per label")

    def top(self) -> str:
        """The label ranked first (what a server that cannot be steered is constrained to)."""
        return self.labels[max(range(len(self.bias)), key=self.bias.__getitem__)]

    def to_wire(self) -> dict:
        return {"after": self.after, "labels": list(self.labels), "bias": list(self.bias)}

    @classmethod
    def from_wire(cls, data: dict) -> "LabelSteer":
        return cls(str(data["after"]), tuple(str(x) for x in data["labels"]), tuple(float(x) for x in data["bias"]))


class LabelSteering:
    """One generation's use of a :class:`LabelSteer` (the engine's ``steer`` callable).

    Args:
        steer: what to steer.
        first_token: the engine's ``first_token`` (a label's first token in the answer).
    """

    def __init__(self, steer: LabelSteer, first_token) -> None:
        self.steer = steer
        self._slot = re.compile(steer.after)
        self._tokens = [first_token(label) for label in steer.labels]
        self.own_choice: str | None = None
        self._done = False

    def __call__(self, written: str, logits) -> None:
        if self._done or not self._slot.search(written):
            return
        self._done = True
        scores = [float(logits[t]) for t in self._tokens]
        self.own_choice = self.steer.labels[scores.index(max(scores))]
        top = max(scores)
        for token, bias, score in zip(self._tokens, self.steer.bias, scores):
            # Far above any other token; ordered by the bias, then by the model.
            logits[token] = 1.0e4 + 100.0 * bias + (score - top) * 1e-3
