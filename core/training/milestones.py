"""Milestones of a fine-tuning project, kept as notification records.

A project is named after its dataset. Training appends data_ready, audit_passed,
cost_approved, run_started and run_finished/cancelled/failed; evaluation, the
regression gate and the registry append evaluated, gated, activated and
rolled_back through the same function. The table is append-only; nothing is
sent off the machine, the GUI reads the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

MILESTONES = ("data_ready", "audit_passed", "cost_approved", "run_started", "run_finished", "run_cancelled",
              "run_failed", "evaluated", "gated", "activated", "rolled_back")


@dataclass(frozen=True)
class Milestone:
    seq: int
    ts: str
    actor: str
    project: str
    milestone: str
    object_type: str | None
    object_id: str | None
    message: str


def record(db, *, actor: str, project: str, milestone: str, message: str,
           object_type: str | None = None, object_id: str | None = None) -> Milestone:
    """Append one milestone (never PHI in ``message``: it is shown in the GUI).

    Raises:
        ValueError: an unknown milestone name (a programming error).
    """
    if milestone not in MILESTONES:
        raise ValueError(f"unknown milestone {milestone!r}")
    ts = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    cursor = db.execute(
        "INSERT INTO project_milestones(ts, actor, project, milestone, object_type, object_id, message) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (ts, actor, project, milestone, object_type, object_id, message),
    )
    return Milestone(cursor.lastrowid, ts, actor, project, milestone, object_type, object_id, message)


def timeline(db, project: str | None = None, since_seq: int = 0) -> list[Milestone]:
    """Milestones oldest first, of one project or all; ``since_seq`` for polling notifications."""
    sql = ("SELECT seq, ts, actor, project, milestone, object_type, object_id, message FROM project_milestones "
           "WHERE seq > ?")
    params: list = [since_seq]
    if project is not None:
        sql += " AND project = ?"
        params.append(project)
    return [Milestone(*row) for row in db.execute(sql + " ORDER BY seq", params).fetchall()]


def reached(db, project: str, milestone: str) -> bool:
    """Whether the project has recorded this milestone at least once."""
    row = db.execute("SELECT 1 FROM project_milestones WHERE project = ? AND milestone = ? LIMIT 1",
                     (project, milestone)).fetchone()
    return row is not None
