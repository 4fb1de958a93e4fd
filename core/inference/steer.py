"""Steering a draft's label as data, so it crosses a process or network boundary.

A :class:`LabelSteer` says: when the answer so far ends with ``after`` (a
regular expression), rank these labels by these biases (the model's own
scores breaking ties), and report which label the model itself ranked first.
The in-process engine applies it to llama.cpp's logits; the inference worker
receives it over its pipe and applies it the same way; a server that cannot
be steered token by token gets the top label as the only value the schema
allows (see :meth:`LabelSteer.top`). A steer may also be
:class:`~core.inference.string_rules.StringRules` (what a model may write inside the
answer's strings), or a tuple of both: :func:`steer_to_wire` / :func:`steer_from_wire`
carry them all.
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


class Steerings:
    """Several steers applied in turn before each token the model chooses (a label steer and string rules)."""

    def __init__(self, parts: list) -> None:
        self.parts = parts

    def __call__(self, written: str, logits) -> None:
        for part in self.parts:
            part(written, logits)

    @property
    def own_choice(self) -> str | None:
        """The label the model itself ranked first (from the label steer among the parts)."""
        return next((p.own_choice for p in self.parts if getattr(p, "own_choice", None) is not None), None)


def data_parts(steer) -> tuple:
    """A data steer's parts: a :class:`LabelSteer`, a :class:`~core.inference.string_rules.StringRules` or a tuple of them.

    Raises:
        TypeError: something that is not steering data (a callable, for instance).
    """
    from core.inference.string_rules import StringRules

    parts = steer if isinstance(steer, tuple) else (steer,)
    for part in parts:
        if not isinstance(part, (LabelSteer, StringRules)):
            raise TypeError(f"steering data is a LabelSteer or StringRules, not a {type(part).__name__}")
    return parts


def steer_to_wire(steer) -> dict | list | None:
    """The wire form of a data steer (a label steer alone keeps its own form)."""
    if steer is None:
        return None
    parts = data_parts(steer)
    if isinstance(steer, LabelSteer):
        return steer.to_wire()
    return [part.to_wire() for part in parts]


def steer_from_wire(data):
    """A data steer from :func:`steer_to_wire`'s form."""
    from core.inference.string_rules import StringRules

    if not data:
        return None
    if isinstance(data, dict):
        return LabelSteer.from_wire(data)
    return tuple(StringRules.from_wire(d) if d.get("kind") == "strings" else LabelSteer.from_wire(d) for d in data)
