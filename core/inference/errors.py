"""Errors the local model can raise, each fit to show a nurse or an admin."""

from __future__ import annotations

from core.errors import PrescreenError


class InferenceError(PrescreenError):
    """The local model could not produce an answer (load failure, bad file…)."""


class ModelNotFound(InferenceError):
    """A configured model or adapter file is missing or unreadable."""


class InferenceTimeout(InferenceError):
    """Generation ran past its time limit and was stopped.

    Args:
        timeout_s: the limit that was exceeded.
        partial_text: what the model had written before it was stopped.
    """

    def __init__(self, timeout_s: float, partial_text: str = "") -> None:
        self.timeout_s = timeout_s
        self.partial_text = partial_text
        super().__init__(
            f"the local model did not finish within {timeout_s:g} s and was stopped; "
            "the case is kept, try again or raise triage.timeout_s in the workspace config"
        )


class GenerationCancelled(InferenceError):
    """The user pressed Cancel while the model was writing."""

    def __init__(self) -> None:
        super().__init__("generation was cancelled; nothing was stored")


class ContextOverflow(InferenceError):
    """The part of a prompt that may not be truncated does not fit the model's context."""


class ModelUnavailable(InferenceError):
    """The model could not be reached: its worker process died or hung, or the clinic server is down.

    The triage pipeline still files the case (red-flag floor, priority
    suggestion and a visible "model unavailable" finding); the next case
    starts a fresh worker or tries the server again.
    """
