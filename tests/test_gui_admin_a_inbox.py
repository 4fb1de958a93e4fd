"""The inbox's rules (core.training.inbox) on a real workspace: which events become notices, the link
from every milestone to its audit event, the estimate that waits for confirmation, the seen marker.

The training events are written here the way core.training.service writes them (the same audit
action and milestone in one transaction): a real training run needs the training stack, which
the training tests exercise; this file checks the inbox's logic around those records.
"""

from __future__ import annotations

import pytest

from conftest import ADMIN, ADMIN_PASSWORD


def _estimate(ws, run_id: str) -> None:
    ws.audit.record("training.estimate", "training_run", run_id,
                    {"dataset": "clinic-v1", "mode": "lora", "tokens": 12345, "hours": 0.25})


def _approve(ws, run_id: str) -> None:
    from core.training import milestones

    with ws.transaction():
        milestones.record(ws.db, actor=ws.user.username, project="clinic-v1", milestone="cost_approved",
                          message="estimate approved: 12,345 tokens, 0.02 EUR", object_type="training_run",
                          object_id=run_id)
        ws.audit.record("training.approve", "training_run", run_id, {"local_cost": 0.02})


def _finish(ws, run_id: str, status: str) -> None:
    from core.training import milestones

    action = {"finished": "training.finish", "failed": "training.fail"}[status]
    with ws.transaction():
        milestones.record(ws.db, actor=ws.user.username, project="clinic-v1",
                          milestone="run_finished" if status == "finished" else "run_failed",
                          message=f"run {status} at step 4/4", object_type="training_run", object_id=run_id)
        ws.audit.record(action, "training_run", run_id, {"steps": 4, "tokens": 100})


def test_an_estimate_waits_until_it_is_confirmed_and_every_milestone_has_its_audit_event(workspace):
    from core.training import inbox

    _estimate(workspace, "run-a")
    waiting = [n for n in inbox.notices(workspace) if n.kind == "action"]
    assert [(n.title, n.object_id) for n in waiting] == [("Cost estimate awaiting confirmation", "run-a")]
    assert "12345 tokens" in waiting[0].message
    _approve(workspace, "run-a")
    _finish(workspace, "run-a", "finished")
    _estimate(workspace, "run-b")
    _approve(workspace, "run-b")
    _finish(workspace, "run-b", "failed")
    items = inbox.notices(workspace)
    assert not [n for n in items if n.kind == "action"]  # both estimates were confirmed
    events = {e.seq: e for e in workspace.audit.events()}
    wanted = {"Training finished": "training.finish", "Training failed": "training.fail",
              "Cost estimate confirmed": "training.approve", "Model activated": "model.activate"}
    for notice in items:
        assert notice.audit_seq in events, notice.title  # every notice is an audit event
        if notice.title in wanted:
            assert events[notice.audit_seq].action == wanted[notice.title]
            assert events[notice.audit_seq].object_id == notice.object_id
    run_b = [n.title for n in items if n.object_id == "run-b"]
    assert run_b == ["Training failed", "Cost estimate confirmed"]  # newest first
    assert next(n for n in items if n.title == "Training failed").kind == "failure"


def test_seen_marker_survives_a_restart_and_is_per_user(workspace, home):
    from conftest import make_user
    from core.training import inbox
    from core.workspace import Workspace

    other = make_user(workspace, "bea", "admin")
    _estimate(workspace, "run-c")
    before = inbox.unread_count(workspace)
    assert before >= 1
    assert inbox.mark_seen(workspace) == before and inbox.unread_count(workspace) == 0
    assert inbox.mark_seen(workspace) == 0  # nothing new: no further audit event
    assert len(workspace.audit.events(action="inbox.read")) == 1
    workspace.close()
    ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    try:
        assert inbox.unread_count(ws) == 0
        _approve(ws, "run-c")
        assert [n.title for n in inbox.unread(ws)] == ["Cost estimate confirmed"]
    finally:
        ws.close()
    ws = Workspace.open(home, "bea", other)
    try:
        assert inbox.unread_count(ws) >= 2  # Bea has seen nothing yet
    finally:
        ws.close()


@pytest.mark.parametrize("role", ["nurse", "physician", "auditor"])
def test_only_the_admin_reads_the_inbox(workspace, home, role):
    from conftest import make_user
    from core.errors import PermissionDenied
    from core.training import inbox
    from core.workspace import Workspace

    password = make_user(workspace, f"someone-{role}", role)
    ws = Workspace.open(home, f"someone-{role}", password)
    try:
        with pytest.raises(PermissionDenied):
            inbox.unread_count(ws)
        assert ws.audit.events(action="permission.denied")[-1].actor == f"someone-{role}"
    finally:
        ws.close()
