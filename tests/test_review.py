"""Review packages, queue, priority changes, sign-off, addenda, physician alerts, monitoring.

Real SQLCipher workspace; cases are filed with hand-written assessments (the
model is exercised in test_pipeline.py), so these tests check the review
rules themselves, including the ones the database enforces.
"""

from __future__ import annotations

import pytest

from core.errors import AuthenticationError, NotFoundError, PermissionDenied, PrescreenError, ValidationError
from core.review.alerts import AlertService
from core.review.package import file_case
from core.review.service import ReviewService
from core.triage.assessment import Assessment, RedFlagNote, SafetyFinding
from core.triage.priority import Priority
from core.workspace import Workspace
from conftest import make_user

PATIENT = "Marguerite Okonkwo-Delacroix"


def _assessment(priority: Priority, floor: Priority | None = None, model: Priority | None = None) -> Assessment:
    flags = [] if floor is None else [RedFlagNote(rule_id="test_rule", description="a rule", priority=floor,
                                                   reason="because")]
    model = priority if model is None else model
    return Assessment(priority=priority, floor=floor, model_priority=model, red_flags=flags,
                      key_concerns=["chest pain"], confidence=0.5,
                      floor_applied=floor is not None and model < floor,
                      safety_findings=[SafetyFinding(check="prompt_injection", severity="alert", message="m")])


def _file(ws, priority: Priority, floor: Priority | None = None, model: Priority | None = None) -> str:
    record = {"story": f"{PATIENT} has chest pain", "age": 50}
    return file_case(ws, intake_record=record, headline="50-year-old: chest pain",
                     assessment=_assessment(priority, floor, model))


@pytest.fixture
def nurse(workspace, home):
    password = make_user(workspace, "nina", "nurse")
    ws = Workspace.open(home, "nina", password)
    ws.test_password = password
    yield ws
    ws.close()


@pytest.fixture
def physician(workspace, home):
    password = make_user(workspace, "phil", "physician")
    ws = Workspace.open(home, "phil", password)
    yield ws
    ws.close()


def test_queue_orders_by_priority_then_waiting_time_and_filters(nurse):
    low = _file(nurse, Priority.LOW)
    crit = _file(nurse, Priority.CRITICAL)
    med1 = _file(nurse, Priority.MEDIUM)
    med2 = _file(nurse, Priority.MEDIUM)
    queue = ReviewService(nurse).queue()
    assert [i.case_id for i in queue] == [crit, med1, med2, low]
    assert [i.case_id for i in ReviewService(nurse).queue(priority=Priority.MEDIUM)] == [med1, med2]
    assert all(i.waiting_s >= 0 for i in queue)
    assert len(ReviewService(nurse).queue(mine=True)) == 4
    with pytest.raises(ValidationError, match="status"):
        ReviewService(nurse).queue(status="done")


def test_change_priority_needs_reason_and_below_floor_is_flagged(nurse):
    case = _file(nurse, Priority.HIGH, floor=Priority.HIGH, model=Priority.LOW)
    service = ReviewService(nurse)
    with pytest.raises(ValidationError, match="reason"):
        service.change_priority(case, Priority.CRITICAL, "   ")
    package = service.change_priority(case, "Critical", "new vitals: SpO2 86%")
    assert package.final_priority == Priority.CRITICAL
    assert package.ai_priority == Priority.HIGH
    package = service.change_priority(case, Priority.MEDIUM, "examined: musculoskeletal, reproducible on palpation")
    last = package.actions[-1]
    assert (last.old_priority, last.new_priority, last.below_floor) == (Priority.CRITICAL, Priority.MEDIUM, True)
    assert package.actions[0].below_floor is False
    actions = [e.action for e in nurse.audit.events(object_id=case)]
    assert "case.priority_change" in actions and "case.priority_below_floor" in actions


def test_sign_requires_the_right_password_and_makes_the_case_read_only(nurse):
    case = _file(nurse, Priority.MEDIUM)
    service = ReviewService(nurse)
    with pytest.raises(AuthenticationError):
        service.sign(case, "not my password")
    assert service.open_case(case).status == "awaiting_review"
    package = service.sign(case, nurse.test_password)
    assert package.is_signed and package.signed_by == "nina"
    with pytest.raises(PrescreenError, match="read-only"):
        service.change_priority(case, Priority.HIGH, "late result")
    with pytest.raises(PrescreenError, match="read-only"):
        service.add_note(case, "a note")
    # The database itself refuses, whatever the service does.
    for sql in ("UPDATE review_cases SET final_priority = 3 WHERE id = ?",
                "DELETE FROM review_cases WHERE id = ?",
                "DELETE FROM review_signatures WHERE case_id = ?"):
        with pytest.raises(Exception, match="read-only|never deleted|append-only"):
            nurse.db.execute(sql, (case,))
    with pytest.raises(Exception, match="read-only"):
        nurse.db.execute("INSERT INTO review_actions (case_id, at, by_user, kind, text) VALUES (?, 'x', 'x', 'note', 't')",
                         (case,))
    assert service.open_case(case).final_priority == Priority.MEDIUM
    outcomes = [(e.action, e.outcome) for e in nurse.audit.events(object_id=case)]
    assert ("case.sign", "denied") in outcomes and ("case.sign", "ok") in outcomes


def test_addendum_is_a_linked_entry_on_a_signed_case_only(nurse):
    case = _file(nurse, Priority.LOW)
    service = ReviewService(nurse)
    with pytest.raises(PrescreenError, match="not signed"):
        service.add_addendum(case, "called back")
    service.sign(case, nurse.test_password)
    package = service.add_addendum(case, "Patient called back: symptoms resolved.")
    assert [a.text for a in package.addenda] == ["Patient called back: symptoms resolved."]
    assert nurse.db.execute("SELECT case_id FROM review_addenda").fetchall() == [(case,)]
    with pytest.raises(Exception, match="append-only"):
        nurse.db.execute("UPDATE review_addenda SET text = 'changed'")
    with pytest.raises(NotFoundError):
        service.open_case("C-00000000-NOPE00")


def test_alerts_for_critical_and_high_physician_acknowledges_once(nurse, physician):
    low = _file(nurse, Priority.LOW)
    high = _file(nurse, Priority.HIGH)
    crit = _file(nurse, Priority.CRITICAL)
    alerts = AlertService(physician)
    listed = alerts.list()
    assert [a.case_id for a in listed] == [crit, high]  # unacknowledged Critical on top
    assert alerts.unacknowledged_count() == 2
    with pytest.raises(PermissionDenied):
        AlertService(nurse).list()
    acked = alerts.acknowledge(listed[0].id)
    assert acked.acknowledged_by == "phil" and acked.acknowledged
    with pytest.raises(PrescreenError, match="already acknowledged"):
        alerts.acknowledge(listed[0].id)
    assert [a.case_id for a in alerts.list()] == [high]
    assert [a.case_id for a in alerts.list(include_acknowledged=True)][0] == high  # open ones first
    # Raising a Low case into the emergent band raises an alert.
    ReviewService(nurse).change_priority(low, Priority.HIGH, "worsening")
    assert low in {a.case_id for a in alerts.list()}
    with pytest.raises(Exception, match="acknowledged once"):
        physician.db.execute("UPDATE physician_alerts SET acknowledged_by = 'x' WHERE id = ?", (listed[0].id,))


def test_audit_holds_ids_but_never_patient_text(nurse):
    case = _file(nurse, Priority.HIGH)
    service = ReviewService(nurse)
    service.open_case(case)
    service.change_priority(case, Priority.CRITICAL, f"{PATIENT} collapsed in the waiting room")
    service.add_note(case, f"spoke with {PATIENT}'s daughter")
    service.sign(case, nurse.test_password)
    rows = nurse.db.execute("SELECT action, object_id, detail FROM audit_events").fetchall()
    actions = {r[0] for r in rows if r[1] == case}
    assert {"triage.run", "case.open", "case.priority_change", "case.note", "case.sign", "alert.raise"} <= actions
    dump = " ".join(str(r) for r in rows)
    assert "Okonkwo" not in dump and "collapsed" not in dump and "daughter" not in dump


def test_roles_nurse_cannot_ack_auditor_cannot_review(workspace, home, nurse):
    case = _file(nurse, Priority.MEDIUM)
    password = make_user(workspace, "audrey", "auditor")
    auditor = Workspace.open(home, "audrey", password)
    try:
        with pytest.raises(PermissionDenied):
            ReviewService(auditor).queue()
        with pytest.raises(PermissionDenied):
            ReviewService(auditor).change_priority(case, Priority.HIGH, "x")
        with pytest.raises(PermissionDenied):
            file_case(auditor, intake_record={}, headline="", assessment=_assessment(Priority.LOW))
    finally:
        auditor.close()


def test_monitoring_report_counts_agreement_overrides_and_failures(nurse):
    from core.monitoring import monitoring_report

    agree = _file(nurse, Priority.HIGH, floor=Priority.HIGH, model=Priority.LOW)  # floor raised the model
    changed = _file(nurse, Priority.MEDIUM)
    _file(nurse, Priority.LOW)  # left unsigned
    service = ReviewService(nurse)
    service.sign(agree, nurse.test_password)
    service.change_priority(changed, Priority.HIGH, "looked unwell")
    service.sign(changed, nurse.test_password)
    report = monitoring_report(nurse, "day")
    assert (report.cases, report.signed) == (3, 2)
    assert report.agreement_rate == pytest.approx(0.5)
    assert (report.overrides_up, report.overrides_down, report.overrides_below_floor) == (1, 0, 0)
    assert report.override_reasons == ["looked unwell"]
    assert report.escalation_rate == pytest.approx(1 / 3)
    assert report.floor_raised_rate == pytest.approx(1 / 3)
    assert report.safety_failures == {"prompt_injection": 3}
    assert report.turnaround_median_min is not None and report.turnaround_median_min >= 0
    assert "nurse-AI agreement" in report.to_text()
    with pytest.raises(ValidationError, match="period"):
        monitoring_report(nurse, "year")
