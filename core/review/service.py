"""The nurse's review work: queue, open, change priority, note, sign, addendum.

Every call checks the role's permission in the core and writes its change
and its audit event in one transaction. Audit details hold ids, priorities
and flags only, never patient data or free text.

Overriding below the red-flag floor: a reviewer MAY set a priority below the
floor, because the floor is a guard against the AI under-triaging, not
against a clinician who has examined the patient (a rule can fire on a
misread story). Such a change needs a reason like any change, is stored with
``below_floor=1``, is audited as ``case.priority_below_floor`` and is counted
in monitoring, so every one of them can be looked at afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from core.errors import AuthenticationError, PrescreenError, ValidationError
from core.review.alerts import raise_alert
from core.review.package import AWAITING_REVIEW, SIGNED, ReviewPackage, load_package, now_iso, parse_iso
from core.security.roles import Permission
from core.triage.priority import Priority

_MAX_TEXT = 4000
_STATUSES = {AWAITING_REVIEW, SIGNED, "all"}


@dataclass(frozen=True)
class QueueItem:
    """One line of the review queue."""

    case_id: str
    priority: Priority
    ai_priority: Priority
    status: str
    created_at: str
    created_by: str
    headline: str
    safety_alerts: int
    waiting_s: float


class ReviewService:
    """Review queue and case sign-off for the logged-in user."""

    def __init__(self, ws) -> None:
        self.ws = ws

    # reading -------------------------------------------------------------
    def queue(
        self,
        *,
        priority: Priority | list[Priority] | None = None,
        status: str = AWAITING_REVIEW,
        mine: bool = False,
    ) -> list[QueueItem]:
        """Cases ordered by priority (most urgent first), then longest waiting.

        Args:
            priority: only these priorities.
            status: ``awaiting_review`` (default), ``signed`` or ``all``.
            mine: only cases this user triaged.
        """
        self.ws.require(Permission.VIEW_QUEUE)
        if status not in _STATUSES:
            raise ValidationError("status", f"'{status}' is not a case status", "use awaiting_review, signed or all")
        clauses, params = [], []
        if status != "all":
            clauses.append("status = ?")
            params.append(status)
        if priority is not None:
            wanted = [priority] if isinstance(priority, Priority) else list(priority)
            clauses.append(f"final_priority IN ({', '.join('?' * len(wanted))})")
            params += [int(p) for p in wanted]
        if mine:
            clauses.append("created_by = ?")
            params.append(self.ws.user.username)
        sql = (
            "SELECT id, final_priority, ai_priority, status, created_at, created_by, headline, safety_alerts "
            "FROM review_cases"
        )
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY final_priority DESC, created_at ASC"
        now = datetime.now(timezone.utc)
        return [
            QueueItem(r[0], Priority(r[1]), Priority(r[2]), r[3], r[4], r[5], r[6], r[7],
                      (now - parse_iso(r[4])).total_seconds())
            for r in self.ws.db.execute(sql, params).fetchall()
        ]

    def open_case(self, case_id: str) -> ReviewPackage:
        """Read a case for review; the read is an audit event."""
        self.ws.require(Permission.VIEW_QUEUE)
        package = load_package(self.ws.db, case_id)
        self.ws.audit.record("case.open", "case", case_id)
        return package

    # changing ------------------------------------------------------------
    def change_priority(self, case_id: str, new: Priority | str, reason: str) -> ReviewPackage:
        """Set the case's priority; a reason is required.

        Raises:
            ValidationError: no reason, or the same priority.
            PrescreenError: the case is signed (read-only).
        """
        self.ws.require(Permission.REVIEW)
        new = Priority.parse(new)
        reason = _required_text(reason, "reason", "say why the priority changes (e.g. 'new vitals: SpO2 88%')")
        with self.ws.transaction():
            package = self._open_for_change(case_id)
            old = package.final_priority
            if new == old:
                raise ValidationError("priority", f"the case is already {new.label}", "choose another priority")
            below_floor = package.floor is not None and new < package.floor
            self.ws.db.execute(
                "INSERT INTO review_actions (case_id, at, by_user, kind, old_priority, new_priority, below_floor, text) "
                "VALUES (?, ?, ?, 'priority_change', ?, ?, ?, ?)",
                (case_id, now_iso(), self.ws.user.username, int(old), int(new), int(below_floor), reason),
            )
            self.ws.db.execute("UPDATE review_cases SET final_priority = ? WHERE id = ?", (int(new), case_id))
            alerted = raise_alert(self.ws.db, case_id, new)
            self.ws.audit.record(
                "case.priority_below_floor" if below_floor else "case.priority_change",
                "case",
                case_id,
                {"from": old.label, "to": new.label, "floor": package.floor.label if package.floor is not None else None,
                 "alert_raised": alerted},
            )
        return load_package(self.ws.db, case_id)

    def add_note(self, case_id: str, text: str) -> ReviewPackage:
        """A note on an open case (a signed case takes an addendum)."""
        self.ws.require(Permission.REVIEW)
        text = _required_text(text, "note", "write the note text")
        with self.ws.transaction():
            self._open_for_change(case_id)
            self.ws.db.execute(
                "INSERT INTO review_actions (case_id, at, by_user, kind, text) VALUES (?, ?, ?, 'note', ?)",
                (case_id, now_iso(), self.ws.user.username, text),
            )
            self.ws.audit.record("case.note", "case", case_id)
        return load_package(self.ws.db, case_id)

    def sign(self, case_id: str, password: str) -> ReviewPackage:
        """Sign the case with the current priority after re-checking the password.

        Raises:
            AuthenticationError: the password is wrong (the attempt is audited).
            PrescreenError: the case is already signed.
        """
        self.ws.require(Permission.REVIEW)
        if not password or not self.ws.verify_password(password):
            self.ws.audit.record("case.sign", "case", case_id, {"reason": "password"}, outcome="denied")
            raise AuthenticationError("password incorrect: the case was not signed; re-enter your own password")
        with self.ws.transaction():
            package = self._open_for_change(case_id)
            stamp = now_iso()
            self.ws.db.execute(
                "INSERT INTO review_signatures (case_id, signer, signer_role, signed_at, final_priority) "
                "VALUES (?, ?, ?, ?, ?)",
                (case_id, self.ws.user.username, self.ws.user.role.value, stamp, int(package.final_priority)),
            )
            self.ws.db.execute(
                "UPDATE review_cases SET status = ?, signed_at = ?, signed_by = ? WHERE id = ?",
                (SIGNED, stamp, self.ws.user.username, case_id),
            )
            self.ws.audit.record(
                "case.sign",
                "case",
                case_id,
                {"priority": package.final_priority.label, "ai_priority": package.ai_priority.label,
                 "agrees_with_ai": package.final_priority == package.ai_priority},
            )
        return load_package(self.ws.db, case_id)

    def add_addendum(self, case_id: str, text: str) -> ReviewPackage:
        """A new entry linked to a signed case (the case itself stays read-only)."""
        self.ws.require(Permission.REVIEW)
        text = _required_text(text, "addendum", "write the addendum text")
        with self.ws.transaction():
            package = load_package(self.ws.db, case_id)
            if not package.is_signed:
                raise PrescreenError(f"case {case_id} is not signed yet: add a note instead of an addendum")
            cursor = self.ws.db.execute(
                "INSERT INTO review_addenda (case_id, at, by_user, text) VALUES (?, ?, ?, ?)",
                (case_id, now_iso(), self.ws.user.username, text),
            )
            self.ws.audit.record("case.addendum", "case", case_id, {"addendum_id": cursor.lastrowid})
        return load_package(self.ws.db, case_id)

    def _open_for_change(self, case_id: str) -> ReviewPackage:
        package = load_package(self.ws.db, case_id)
        if package.is_signed:
            raise PrescreenError(
                f"case {case_id} was signed by {package.signed_by} and is read-only; add an addendum instead"
            )
        return package


def _required_text(value: str | None, field: str, fix: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(field, "is required", fix)
    if len(text) > _MAX_TEXT:
        raise ValidationError(field, f"is {len(text)} characters long", f"keep it under {_MAX_TEXT} characters")
    return text
