"""The append-only ``training_runs`` table: one row per status change of a run.

A run's current state is its latest row; its history is all of them. Rows
carry the config, the data lineage (dataset name + manifest hash), the cost
estimate and the actual cost, as JSON. Nothing here is ever updated.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from core.errors import NotFoundError

STATUSES = ("estimated", "approved", "started", "checkpoint", "finished", "cancelled", "failed")
_COLUMNS = ("seq", "run_id", "ts", "actor", "status", "mode", "base_model", "dataset", "manifest_hash",
            "config", "estimate", "actual", "output_dir", "detail")
_JSON_COLUMNS = ("config", "estimate", "actual", "detail")


@dataclass
class RunEvent:
    """One row of ``training_runs``."""

    run_id: str
    status: str
    mode: str
    base_model: str
    dataset: str
    manifest_hash: str
    output_dir: str
    actor: str = ""
    config: dict[str, Any] = field(default_factory=dict)
    estimate: dict[str, Any] = field(default_factory=dict)
    actual: dict[str, Any] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)
    ts: str = ""
    seq: int = 0


def append(db, event: RunEvent) -> RunEvent:
    """Append one status row (the caller holds the transaction if it needs one).

    Raises:
        ValueError: an unknown status (a programming error, not user input).
    """
    if event.status not in STATUSES:
        raise ValueError(f"unknown run status {event.status!r}")
    event.ts = event.ts or datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    values = [getattr(event, c) for c in _COLUMNS[1:]]
    values = [json.dumps(v, sort_keys=True) if c in _JSON_COLUMNS else v for c, v in zip(_COLUMNS[1:], values)]
    cursor = db.execute(
        f"INSERT INTO training_runs({', '.join(_COLUMNS[1:])}) VALUES ({', '.join('?' * (len(_COLUMNS) - 1))})",
        values,
    )
    event.seq = cursor.lastrowid
    return event


def follow_up(db, previous: RunEvent, status: str, *, actor: str, **changes: Any) -> RunEvent:
    """Append a new row that repeats ``previous`` with a new status and changes."""
    data = {c: getattr(previous, c) for c in _COLUMNS[1:] if c != "ts"}
    data.update(status=status, actor=actor, **changes)
    return append(db, RunEvent(**data))


def history(db, run_id: str) -> list[RunEvent]:
    """Every row of one run, oldest first.

    Raises:
        NotFoundError: no run with that id.
    """
    rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM training_runs WHERE run_id = ? ORDER BY seq",
                      (run_id,)).fetchall()
    if not rows:
        raise NotFoundError(f"no training run '{run_id}'; see `prescreen train --list`")
    return [_event(row) for row in rows]


def latest(db, run_id: str) -> RunEvent:
    """The run's current state (its latest row)."""
    return history(db, run_id)[-1]


def list_runs(db) -> list[RunEvent]:
    """The latest row of every run, newest run first."""
    rows = db.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM training_runs WHERE seq IN "
        "(SELECT max(seq) FROM training_runs GROUP BY run_id) ORDER BY seq DESC"
    ).fetchall()
    return [_event(row) for row in rows]


def measured_throughput(db, device: str) -> float | None:
    """Tokens/s of the latest finished run on this kind of device, if any."""
    for event in list_runs(db):
        if event.status == "finished" and event.actual.get("device") == device:
            value = event.actual.get("tokens_per_s")
            if value:
                return float(value)
    return None


def export_csv(db, path: Path) -> int:
    """Write every row (JSON columns as text) to ``path``; returns the row count."""
    rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM training_runs ORDER BY seq").fetchall()
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(_COLUMNS)
        writer.writerows(rows)
    return len(rows)


def _event(row) -> RunEvent:
    data = dict(zip(_COLUMNS, row))
    for column in _JSON_COLUMNS:
        data[column] = json.loads(data[column])
    return RunEvent(**data)
