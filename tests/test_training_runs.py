"""training_runs and project_milestones: append-only, latest row is the state."""

from __future__ import annotations

import csv

import pytest

from core.errors import NotFoundError
from core.training import milestones, runs


def _event(run_id="run-1", status="estimated", **kw):
    data = dict(run_id=run_id, status=status, mode="instruction", base_model="gemma3-270m", dataset="cases",
                manifest_hash="abc", output_dir="/tmp/x", actor="admin", config={"rank": 8},
                estimate={"total_tokens": 100})
    data.update(kw)
    return runs.RunEvent(**data)


def test_status_changes_are_new_rows(workspace):
    db = workspace.db
    first = runs.append(db, _event())
    runs.follow_up(db, first, "approved", actor="admin")
    done = runs.follow_up(db, first, "finished", actor="admin", actual={"tokens_per_s": 123.0, "device": "cpu"})
    runs.append(db, _event("run-2"))
    history = runs.history(db, "run-1")
    assert [e.status for e in history] == ["estimated", "approved", "finished"]
    assert history[-1].config == {"rank": 8} and history[-1].estimate == {"total_tokens": 100}
    assert runs.latest(db, "run-1").seq == done.seq
    assert [e.run_id for e in runs.list_runs(db)] == ["run-2", "run-1"]
    assert runs.measured_throughput(db, "cpu") == 123.0
    assert runs.measured_throughput(db, "cuda") is None
    with pytest.raises(NotFoundError):
        runs.latest(db, "run-missing")


def test_runs_table_refuses_update_and_delete(workspace):
    runs.append(workspace.db, _event())
    for sql in ("UPDATE training_runs SET status = 'finished'", "DELETE FROM training_runs"):
        with pytest.raises(Exception, match="append-only"):
            workspace.db.execute(sql)
    assert runs.latest(workspace.db, "run-1").status == "estimated"


def test_csv_export(workspace, tmp_path):
    first = runs.append(workspace.db, _event())
    runs.follow_up(workspace.db, first, "started", actor="admin")
    path = tmp_path / "runs.csv"
    assert runs.export_csv(workspace.db, path) == 2
    rows = list(csv.DictReader(path.open()))
    assert [r["status"] for r in rows] == ["estimated", "started"] and rows[0]["manifest_hash"] == "abc"


def test_milestones_timeline_append_only(workspace):
    db = workspace.db
    milestones.record(db, actor="admin", project="cases", milestone="data_ready", message="100 examples")
    milestones.record(db, actor="admin", project="other", milestone="data_ready", message="5 examples")
    m = milestones.record(db, actor="admin", project="cases", milestone="run_started", message="go",
                          object_type="training_run", object_id="run-1")
    assert [x.milestone for x in milestones.timeline(db, "cases")] == ["data_ready", "run_started"]
    assert [x.project for x in milestones.timeline(db, since_seq=m.seq - 1)] == ["cases"]
    assert milestones.reached(db, "cases", "run_started") and not milestones.reached(db, "cases", "gated")
    with pytest.raises(ValueError):
        milestones.record(db, actor="admin", project="cases", milestone="party", message="x")
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM project_milestones")
