"""Whether a training run's process is still alive: a lock file held while it trains.

A run whose machine lost power, or whose process was killed, is left 'started'
in ``training_runs`` with its checkpoints on disk. The lock (an OS file lock,
released by the operating system when the process dies, on Windows as on Linux)
tells such a run apart from one that is still training in another window or
process, so the interrupted one can be resumed and the live one is left alone.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK_NAME = "run.lock"


def _lock(output_dir: Path):
    from filelock import FileLock  # a transformers dependency, always installed with the training stack

    return FileLock(str(Path(output_dir) / LOCK_NAME), thread_local=False)


@contextmanager
def hold(output_dir: Path) -> Iterator[None]:
    """Hold the run's lock while training; released on exit and by the OS if the process dies.

    Raises:
        RuntimeError: another process or thread is training this run.
    """
    from filelock import Timeout

    Path(output_dir).mkdir(parents=True, exist_ok=True)
    lock = _lock(output_dir)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RuntimeError(f"run in {output_dir} is already training") from None
    try:
        yield
    finally:
        lock.release()


def is_live(output_dir: Path) -> bool:
    """True while some process (this one included) holds the run's lock."""
    from filelock import Timeout

    if not (Path(output_dir) / LOCK_NAME).exists():
        return False
    lock = _lock(output_dir)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False
