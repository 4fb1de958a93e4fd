"""Review packages: one stored triage (intake + AI draft) and what happened to it.

:func:`store_package` is the only writer of new cases (called by the triage
pipeline, inside the same transaction as its audit event and, for Critical
and High, the physician alert). Reading goes through :func:`load_package`.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone

from core.errors import NotFoundError
from core.triage.assessment import Assessment
from core.triage.priority import Priority

AWAITING_REVIEW = "awaiting_review"
SIGNED = "signed"


def now_iso() -> str:
    """UTC timestamp with microseconds: sorts as text and orders same-second cases."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def parse_iso(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


@dataclass(frozen=True)
class ReviewAction:
    """A priority change (with its reason) or a note on an open case."""

    id: int
    at: str
    by_user: str
    kind: str
    old_priority: Priority | None
    new_priority: Priority | None
    below_floor: bool
    text: str


@dataclass(frozen=True)
class Addendum:
    id: int
    at: str
    by_user: str
    text: str


@dataclass(frozen=True)
class ReviewPackage:
    """Everything a reviewer sees for one case."""

    id: str
    created_at: str
    created_by: str
    status: str
    headline: str
    intake: dict
    assessment: Assessment
    ai_priority: Priority
    final_priority: Priority
    floor: Priority | None
    model_priority: Priority | None
    signed_at: str | None
    signed_by: str | None
    actions: list[ReviewAction] = field(default_factory=list)
    addenda: list[Addendum] = field(default_factory=list)

    @property
    def is_signed(self) -> bool:
        return self.status == SIGNED


def new_case_id() -> str:
    """``C-YYYYMMDD-XXXXXX``: readable on the phone, not guessable, no PHI."""
    return f"C-{datetime.now(timezone.utc):%Y%m%d}-{secrets.token_hex(3).upper()}"


def store_package(db, *, intake_record: dict, headline: str, assessment: Assessment, created_by: str) -> str:
    """Insert a new case awaiting review; call inside the caller's transaction.

    Args:
        db: the workspace database.
        intake_record: the validated intake as a JSON-able dict.
        headline: a one-line summary for the queue.
        assessment: the final assessment (priority already max(model, floor)).
        created_by: the user who ran the triage.

    Returns:
        The new case id.
    """
    case_id = new_case_id()
    alerts = sum(1 for f in assessment.safety_findings if f.severity == "alert")
    flags = sum(1 for c in assessment.counterfactuals if c.changed and not c.floor_changed)
    db.execute(
        "INSERT INTO review_cases (id, created_at, created_by, status, headline, intake_json, assessment_json, "
        "model_id, model_priority, floor_priority, ai_priority, final_priority, json_valid, safety_alerts, "
        "counterfactual_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            case_id,
            now_iso(),
            created_by,
            AWAITING_REVIEW,
            headline[:160],
            json.dumps(intake_record, ensure_ascii=False, sort_keys=True),
            assessment.to_json(),
            assessment.model_id,
            _int(assessment.model_priority),
            _int(assessment.floor),
            int(assessment.priority),
            int(assessment.priority),
            int(assessment.json_valid),
            alerts,
            flags,
        ),
    )
    return case_id


def file_case(ws, *, intake_record: dict, headline: str, assessment: Assessment) -> str:
    """Store a triaged case, its audit event and (High/Critical) its physician alert, atomically.

    Audit details hold ids, labels and check names only, never patient text.

    Returns:
        The new case id.
    """
    from core.review.alerts import raise_alert
    from core.security.roles import Permission

    ws.require(Permission.TRIAGE)
    a = assessment
    with ws.transaction():
        case_id = store_package(ws.db, intake_record=intake_record, headline=headline, assessment=a,
                                created_by=ws.user.username)
        ws.audit.record("triage.run", "case", case_id, {
            "priority": a.priority.label,
            "model_priority": a.model_priority.label if a.model_priority is not None else None,
            "floor": a.floor.label if a.floor is not None else None,
            "floor_applied": a.floor_applied,
            "rules": [r.rule_id for r in a.red_flags],
            "safety": sorted({f.check for f in a.safety_findings}),
            "json_valid": a.json_valid,
            "model": a.model_id,
            "passages": a.cited_passages,
            "counterfactual_flags": sum(1 for c in a.counterfactuals if c.changed and not c.floor_changed),
        })
        if raise_alert(ws.db, case_id, a.priority):
            ws.audit.record("alert.raise", "case", case_id, {"priority": a.priority.label})
    return case_id


def load_package(db, case_id: str) -> ReviewPackage:
    """Read one case with its actions and addenda.

    Raises:
        NotFoundError: no case has this id.
    """
    row = db.execute(
        "SELECT id, created_at, created_by, status, headline, intake_json, assessment_json, ai_priority, "
        "final_priority, floor_priority, model_priority, signed_at, signed_by FROM review_cases WHERE id = ?",
        (case_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no case '{case_id}'; see 'prescreen queue list' for case ids")
    actions = [
        ReviewAction(r[0], r[1], r[2], r[3], _prio(r[4]), _prio(r[5]), bool(r[6]), r[7])
        for r in db.execute(
            "SELECT id, at, by_user, kind, old_priority, new_priority, below_floor, text FROM review_actions "
            "WHERE case_id = ? ORDER BY id",
            (case_id,),
        ).fetchall()
    ]
    addenda = [
        Addendum(*r)
        for r in db.execute(
            "SELECT id, at, by_user, text FROM review_addenda WHERE case_id = ? ORDER BY id", (case_id,)
        ).fetchall()
    ]
    return ReviewPackage(
        id=row[0],
        created_at=row[1],
        created_by=row[2],
        status=row[3],
        headline=row[4],
        intake=json.loads(row[5]),
        assessment=Assessment.from_json(row[6]),
        ai_priority=Priority(row[7]),
        final_priority=Priority(row[8]),
        floor=_prio(row[9]),
        model_priority=_prio(row[10]),
        signed_at=row[11],
        signed_by=row[12],
        actions=actions,
        addenda=addenda,
    )


def _int(priority: Priority | None) -> int | None:
    return None if priority is None else int(priority)


def _prio(value: int | None) -> Priority | None:
    return None if value is None else Priority(value)
