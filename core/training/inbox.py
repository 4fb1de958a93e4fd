"""The admin's inbox: the retraining milestones as notices, and which ones this user has not seen.

Two stores feed it, both on this machine only (nothing is mailed or sent):

* the audit log, for the milestones recorded there and nowhere else: a dataset
  generated (``dataset.generate``), a PHI audit's outcome (``phi.audit``) and a
  cost estimate that nobody has confirmed yet (``training.estimate`` without a
  later ``training.approve`` of the same run);
* the project milestones (:mod:`core.training.milestones`) for the rest:
  estimate confirmed, run started, finished, cancelled or failed, evaluated,
  gated, activated, rolled back. Each of these is written together with its
  audit event; :func:`notices` links every notice to that event
  (``audit_seq``), so an inbox entry is always also an audit event.

``data_ready`` and ``audit_passed`` milestones are left out: training records
them when it starts, after the dataset and audit notices already said so.

What this user has seen is itself an audit event (``inbox.read`` with the time
of the newest notice seen), so the unread count survives a restart and nobody
needs a new table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.security.roles import Permission
from core.training import milestones

#: What the inbox needs to read it (every notice concerns retraining).
PERMISSION = Permission.TRAIN
READ_ACTION = "inbox.read"
MAX_NOTICES = 300

#: milestone -> (title, kind of notice, the audit action written with it)
MILESTONE_NOTICES = {
    "cost_approved": ("Cost estimate confirmed", "info", "training.approve"),
    "run_started": ("Training started", "info", "training.start"),
    "run_finished": ("Training finished", "success", "training.finish"),
    "run_cancelled": ("Training cancelled", "warning", "training.cancel"),
    "run_failed": ("Training failed", "failure", "training.fail"),
    "evaluated": ("Evaluation ready", "success", "model.evaluate"),
    "gated": ("Regression gate result", "info", "model.gate"),
    "activated": ("Model activated", "info", "model.activate"),
    "rolled_back": ("Model rolled back", "warning", "model.rollback"),
}
_AUDIT_SOURCES = ("dataset.generate", "phi.audit", "training.", "model.")


@dataclass(frozen=True)
class Notice:
    """One inbox entry (no PHI: names, counts and verdicts only)."""

    key: str  # "audit:<seq>" or "milestone:<seq>", stable across refreshes
    ts: str
    actor: str
    title: str
    message: str
    kind: str  # info, success, warning, failure, action (waits for someone)
    object_type: str | None
    object_id: str | None
    audit_seq: int | None  # the audit event that records this milestone

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.ts)


def notices(ws, limit: int = MAX_NOTICES) -> list[Notice]:
    """The newest notices first.

    Raises:
        PermissionDenied: the role may not train (the refusal is audited).
    """
    ws.require(PERMISSION)
    events = [e for prefix in _AUDIT_SOURCES for e in ws.audit.events(action=prefix)]
    out = [n for n in (_from_audit(e, events) for e in events) if n is not None]
    out += [_from_milestone(m, events) for m in milestones.timeline(ws.db) if m.milestone in MILESTONE_NOTICES]
    # the audit sequence breaks ties: two milestones recorded within one clock tick keep their order
    out.sort(key=lambda n: (n.when, n.audit_seq if n.audit_seq is not None else -1), reverse=True)
    return out[:limit]


def seen_until(ws) -> datetime | None:
    """When the newest notice this user has marked seen was recorded (None: never)."""
    row = ws.db.execute("SELECT detail FROM audit_events WHERE action = ? AND actor = ? ORDER BY seq DESC LIMIT 1",
                        (READ_ACTION, ws.user.username)).fetchone()
    if row is None:
        return None
    import json

    stamp = json.loads(row[0]).get("seen_until")
    return datetime.fromisoformat(stamp) if stamp else None


def unread(ws, items: list[Notice] | None = None) -> list[Notice]:
    """The notices newer than what this user has seen (all of them for a new user)."""
    items = notices(ws) if items is None else items
    until = seen_until(ws)
    return [n for n in items if until is None or n.when > until]


def unread_count(ws) -> int:
    """How many notices this user has not seen: the status-bar badge."""
    return len(unread(ws))


def mark_seen(ws, items: list[Notice] | None = None) -> int:
    """Mark every notice up to the newest one seen; returns how many were unread. Audited."""
    items = notices(ws) if items is None else items
    fresh = unread(ws, items)
    if fresh:
        newest = max(n.when for n in items)
        ws.audit.record(READ_ACTION, None, None, {"seen_until": newest.isoformat(), "notices": len(fresh)})
    return len(fresh)


# ---------------------------------------------------------------------- building notices
def _from_audit(event, events) -> Notice | None:
    detail = event.detail_dict()
    name = event.object_id or ""
    if event.action == "dataset.generate":
        title, kind = "Dataset ready", "success"
        message = (f"'{name}' version {detail.get('version')}: {detail.get('records')} records "
                   f"(seed {detail.get('seed')}); run its PHI audit before training")
    elif event.action == "phi.audit":
        if detail.get("passed"):
            title, kind = "PHI audit passed", "success"
            message = f"'{name}': no open Critical or High finding; the dataset may be trained on"
        else:
            title, kind = "PHI audit failed", "failure"
            message = (f"'{name}': {detail.get('blocking_open', 0)} open Critical/High findings; "
                       "training on it is blocked until they are fixed and the audit passes")
    elif event.action == "training.estimate" and event.outcome == "ok":
        if any(e.action == "training.approve" and e.object_id == event.object_id for e in events):
            return None  # confirmed: the cost_approved milestone says so
        title, kind = "Cost estimate awaiting confirmation", "action"
        message = (f"run {name} on '{detail.get('dataset')}': {detail.get('tokens')} tokens, about "
                   f"{detail.get('hours')} h; confirm it on the training page to start")
    else:
        return None
    return Notice(f"audit:{event.seq}", event.ts, event.actor, title, message, kind, event.object_type,
                  event.object_id, event.seq)


def _from_milestone(m, events) -> Notice:
    title, kind, action = MILESTONE_NOTICES[m.milestone]
    if m.milestone == "gated":
        kind = "failure" if "FAIL" in m.message or "blocks" in m.message else "success"
    when = datetime.fromisoformat(m.ts)
    linked = [e for e in events if e.action == action and e.object_id == m.object_id]
    seq = min(linked, key=lambda e: abs((datetime.fromisoformat(e.ts) - when).total_seconds())).seq if linked else None
    return Notice(f"milestone:{m.seq}", m.ts, m.actor, title, m.message, kind, m.object_type, m.object_id, seq)
