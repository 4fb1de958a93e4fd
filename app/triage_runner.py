"""Run one triage for the intake screen, as a stream of progress events.

Runs on a worker thread (see ``app.tasks.stream_in_background``). The task's
cancel flag is checked between every step and every streamed token; a
cancelled triage stores nothing, because the pipeline writes the review
package only at its very end, after the last token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator


@dataclass(frozen=True)
class Progress:
    """A step of the running triage (shown under the form)."""

    text: str
    done: int = 0
    total: int = 0


@dataclass(frozen=True)
class Finished:
    """The case is stored and waiting in the queue."""

    case_id: str
    priority_label: str


def run_triage(session, intake, task) -> Iterator[Progress | Finished]:
    """Triage ``intake`` with the session's pipeline, yielding progress, then :class:`Finished`."""
    yield Progress("Loading the triage model (first run only)…")
    pipeline = session.pipeline()
    task.check_cancelled()
    yield from _drive(pipeline, intake, task)


def _drive(pipeline, intake, task) -> Iterator[Progress | Finished]:
    tokens = 0
    result = None
    for event in pipeline.stream(intake):
        task.check_cancelled()
        kind = getattr(event, "kind", None)
        if kind == "token":
            tokens += 1
            if tokens % 8 == 1:
                yield Progress(f"Writing the draft… {tokens} tokens")
        elif kind == "stage":
            yield Progress(str(getattr(event, "text", "")))
        elif kind == "done":
            result = event
    if result is None:
        raise RuntimeError("the triage pipeline ended without a result")
    yield Finished(result.case_id, result.priority.label)
