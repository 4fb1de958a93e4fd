"""Small helpers shared by the benchmarks: a scratch folder on the repo's disk, percentiles."""

from __future__ import annotations

import shutil
import statistics
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@contextmanager
def scratch_dir(prefix: str):
    """A temporary folder on the same disk as the repository (not tmpfs), removed afterwards."""
    base = ROOT / ".bench"
    base.mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def percentile(values, q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values) -> float:
    return statistics.median(values)
