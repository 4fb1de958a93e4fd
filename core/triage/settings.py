"""Triage settings: the ``triage:`` section of the workspace's config.yaml.

Every value is checked; a bad value is an error naming the setting, never a
silent fallback to the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from typing import TYPE_CHECKING

from core.errors import ValidationError

if TYPE_CHECKING:
    from core.inference.server import ServerSettings

DEFAULT_N_CTX = 2048
#: Room kept for the model's answer; the draft schema's length caps keep a
#: complete draft well under this.
DEFAULT_ANSWER_TOKENS = 256
INFERENCE_PLACES = ("worker", "in_process")


@dataclass(frozen=True)
class TriageSettings:
    """How a triage runs.

    Attributes:
        max_tokens: most tokens the model may write (a draft cut short is a model failure).
        timeout_s: generation time limit per case.
        k: guideline passages retrieved.
        n_ctx: model context window.
        passage_budget: most prompt tokens given to passages.
        confidence_cap: confidence above this is a safety finding.
        n_threads: llama.cpp threads (0 = os.cpu_count(); $PRESCREEN_LLAMA_THREADS overrides).
        counterfactual: run the counterfactual bias check on every triage.
        priority_suggestion: let the priority suggestion (core/triage/suggestion.py) choose the
            draft's priority label; off, the model chooses it alone (for a retrained model
            whose own triage is measured to be better).
        inference: where this workstation's model runs: ``worker`` (default: a separate
            inference worker process, so a crash or hang in llama.cpp never takes the
            window down) or ``in_process`` (same process; for evaluation and benchmarks).
        server: a clinic inference server (``triage.server`` in config.yaml, see
            :mod:`core.inference.server`); when set, drafts are written there instead.
    """

    max_tokens: int = DEFAULT_ANSWER_TOKENS
    timeout_s: float = 30.0
    k: int = 3
    n_ctx: int = DEFAULT_N_CTX
    passage_budget: int = 300
    confidence_cap: float = 0.85
    n_threads: int = 0
    counterfactual: bool = False
    priority_suggestion: bool = True
    inference: str = "worker"
    server: "ServerSettings | None" = None

    @classmethod
    def from_config(cls, config: dict | None) -> "TriageSettings":
        """Read ``config["triage"]``; unknown keys and bad values are errors."""
        section = dict((config or {}).get("triage") or {})
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, raw in section.items():
            if key not in known:
                raise ValidationError(f"triage.{key}", "is not a triage setting", f"use one of {', '.join(known)}")
            if key == "server":
                from core.inference.server import ServerSettings

                values[key] = ServerSettings.from_config(raw) if raw else None
                continue
            kind = type(getattr(cls, key))
            try:
                value = kind(raw) if kind is not bool else _bool(raw)
            except (TypeError, ValueError):
                raise ValidationError(f"triage.{key}", f"'{raw}' is not a {kind.__name__}", "fix config.yaml") from None
            values[key] = value
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        if not 16 <= self.max_tokens <= 4096:
            raise ValidationError("triage.max_tokens", f"{self.max_tokens} is out of range", "use 16-4096")
        if not 0 < self.timeout_s <= 600:
            raise ValidationError("triage.timeout_s", f"{self.timeout_s} is out of range", "use 1-600 seconds")
        if not 0 <= self.k <= 10:
            raise ValidationError("triage.k", f"{self.k} is out of range", "use 0-10 passages")
        if not 512 <= self.n_ctx <= 131072:
            raise ValidationError("triage.n_ctx", f"{self.n_ctx} is out of range", "use 512-131072 tokens")
        if not 0 < self.confidence_cap <= 1:
            raise ValidationError("triage.confidence_cap", f"{self.confidence_cap} is out of range", "use 0-1")
        if self.inference not in INFERENCE_PLACES:
            raise ValidationError("triage.inference", f"'{self.inference}' is not a place to run the model",
                                  f"use one of {', '.join(INFERENCE_PLACES)}")
        if self.n_threads < 0:
            raise ValidationError("triage.n_threads", "is negative", "use 0 (all cores) or a positive number")

    def threads(self) -> int:
        """Threads for llama.cpp: $PRESCREEN_LLAMA_THREADS, else the setting, else all cores."""
        env = os.environ.get("PRESCREEN_LLAMA_THREADS", "").strip()
        if env.isdigit() and int(env) > 0:
            return int(env)
        return self.n_threads or os.cpu_count() or 1


def _bool(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if str(raw).strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if str(raw).strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(raw)
