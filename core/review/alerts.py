"""Physician alerts: Critical and High cases, acknowledged once by a physician.

An alert is raised when a case is stored at High or Critical, and when a
reviewer raises a case into that band later. It stays (never deleted) even if
the case is lowered afterwards: the physician saw, or should have seen, it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import NotFoundError, PrescreenError
from core.review.package import now_iso
from core.security.roles import Permission
from core.triage.priority import Priority


@dataclass(frozen=True)
class PhysicianAlert:
    id: int
    case_id: str
    priority: Priority
    created_at: str
    headline: str
    acknowledged_by: str | None
    acknowledged_at: str | None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


def raise_alert(db, case_id: str, priority: Priority) -> bool:
    """Create (or raise the priority of) the case's alert; inside the caller's transaction.

    Returns:
        True when a new alert was created.
    """
    if not priority.is_emergent:
        return False
    row = db.execute("SELECT priority, acknowledged_at FROM physician_alerts WHERE case_id = ?", (case_id,)).fetchone()
    if row is None:
        db.execute(
            "INSERT INTO physician_alerts (case_id, priority, created_at) VALUES (?, ?, ?)",
            (case_id, int(priority), now_iso()),
        )
        return True
    if row[1] is None and int(priority) > row[0]:
        db.execute("UPDATE physician_alerts SET priority = ? WHERE case_id = ?", (int(priority), case_id))
    return False


class AlertService:
    """What a physician does with alerts. Every call needs Permission.ACK_ALERT."""

    def __init__(self, ws) -> None:
        self.ws = ws

    def list(self, *, include_acknowledged: bool = False) -> list[PhysicianAlert]:
        """Alerts, unacknowledged Critical first, then High, then oldest first."""
        self.ws.require(Permission.ACK_ALERT)
        sql = (
            "SELECT a.id, a.case_id, a.priority, a.created_at, c.headline, a.acknowledged_by, a.acknowledged_at "
            "FROM physician_alerts a JOIN review_cases c ON c.id = a.case_id"
        )
        if not include_acknowledged:
            sql += " WHERE a.acknowledged_at IS NULL"
        sql += " ORDER BY (a.acknowledged_at IS NULL) DESC, a.priority DESC, a.created_at"
        return [
            PhysicianAlert(r[0], r[1], Priority(r[2]), r[3], r[4], r[5], r[6])
            for r in self.ws.db.execute(sql).fetchall()
        ]

    def unacknowledged_count(self) -> int:
        """For the badge; 0 for a role that cannot acknowledge (no audit noise)."""
        if not self.ws.can(Permission.ACK_ALERT):
            return 0
        return self.ws.db.execute("SELECT count(*) FROM physician_alerts WHERE acknowledged_at IS NULL").fetchone()[0]

    def acknowledge(self, alert_id: int) -> PhysicianAlert:
        """Record that the logged-in physician has seen the alert.

        Raises:
            NotFoundError: no such alert.
            PrescreenError: already acknowledged (by whom, when).
        """
        self.ws.require(Permission.ACK_ALERT)
        with self.ws.transaction():
            row = self.ws.db.execute(
                "SELECT case_id, acknowledged_by, acknowledged_at FROM physician_alerts WHERE id = ?", (alert_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no alert {alert_id}; see 'prescreen alerts list'")
            if row[2] is not None:
                raise PrescreenError(f"alert {alert_id} was already acknowledged by {row[1]} at {row[2]}")
            self.ws.db.execute(
                "UPDATE physician_alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
                (self.ws.user.username, now_iso(), alert_id),
            )
            self.ws.audit.record("alert.ack", "alert", str(alert_id), {"case_id": row[0]})
        return next(a for a in self.list(include_acknowledged=True) if a.id == alert_id)
