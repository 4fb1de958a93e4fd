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
    from core.inference.errors import GenerationCancelled

    from app.tasks import Cancelled

    tokens = 0
    result = None
    events = pipeline.stream(intake, cancel=lambda: task.cancelled)
    try:
        for event in events:
            task.check_cancelled()
            progress = _progress(event, tokens)
            if event.kind == "token":
                tokens += 1
            elif event.kind == "done":
                result = event
            if progress is not None:
                yield progress
    except GenerationCancelled:
        raise Cancelled() from None
    finally:
        events.close()  # an abandoned stream stores nothing (the package is written last)
    if result is None or not result.case_id:
        raise RuntimeError("the triage pipeline ended without a stored case")
    yield Finished(result.case_id, result.priority.label)


def _progress(event, tokens: int) -> Progress | None:
    """What to show for one pipeline event (every 8th token, to spare the UI thread)."""
    if event.kind == "stage":
        return Progress(event.text)
    if event.kind == "token" and tokens % 8 == 0:
        return Progress(f"Writing the draft… {tokens + 1} tokens")
    return None
