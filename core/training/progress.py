"""Progress events of a training run, for the CLI's progress bar and the GUI's chart."""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from typing import Any, Callable

EVENTS = ("step", "checkpoint", "finished", "cancelled")


@dataclass(frozen=True)
class TrainingProgress:
    """One report from the trainer; sent after every optimizer step and at the end.

    Attributes:
        event: ``step``, ``checkpoint`` (a resumable checkpoint was written),
            ``finished`` or ``cancelled``.
        step: optimizer steps done so far (including those before a resume).
        total_steps: steps the whole run takes.
        epoch: fractional epoch reached (1.5 = half-way through the second).
        loss: mean loss per label token of the last step (None before the first).
        learning_rate: learning rate used by the last step.
        tokens: tokens processed in this session.
        tokens_per_s: tokens processed per second in this session.
        eta_s: seconds left at the current pace (None until measurable).
        memory_mb: memory in use now (GPU allocated on CUDA, else process RSS).
        peak_memory_mb: highest memory so far.
        elapsed_s: seconds since this session started.
    """

    event: str
    step: int
    total_steps: int
    epoch: float
    loss: float | None
    learning_rate: float
    tokens: int
    tokens_per_s: float
    eta_s: float | None
    memory_mb: float
    peak_memory_mb: float
    elapsed_s: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


ProgressCallback = Callable[[TrainingProgress], None]


def memory_mb() -> tuple[float, float]:
    """(now, peak) memory in MiB: CUDA allocator if training on a GPU, else process RSS."""
    try:
        import torch

        if torch.cuda.is_available() and torch.cuda.is_initialized():
            return torch.cuda.memory_allocated() / 2**20, torch.cuda.max_memory_allocated() / 2**20
    except ImportError:  # pragma: no cover - torch is a dependency
        pass
    return rss_mb(), peak_rss_mb()


def rss_mb() -> float:
    """Resident memory of this process now, in MiB."""
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        try:
            with open("/proc/self/statm") as handle:
                import os

                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except OSError:
            return 0.0


def peak_rss_mb() -> float:
    """Highest resident memory of this process so far, in MiB."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024
    except ImportError:  # Windows
        try:
            import psutil

            return psutil.Process().memory_info().peak_wset / 2**20
        except (ImportError, AttributeError):
            return rss_mb()
