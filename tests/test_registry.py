"""Model registry on a real workspace: register, gate, activate, roll back, audit, CSV export.

The adapter "files" here are small stand-in files: the registry copies and
hashes files, it never loads them. Loading real adapters is covered by the
export and evaluation tests.
"""

from __future__ import annotations

import csv

import pytest

from conftest import make_user
from core.errors import IntegrityError, NotFoundError, PermissionDenied, ValidationError
from core.evaluation import regressions
from core.evaluation import store as evaluations
from core.registry import BASE_VERSION, active_model, active_version_id, activation, tracking, versions

GOOD = {"emergent_recall": 0.9, "under_triage_rate": 0.05, "safety_compliance": 1.0, "accuracy": 0.7,
        "macro_f1": 0.6, "over_triage_rate": 0.2, "bias_flip_rate": 0.0, "json_validity": 1.0,
        "perplexity": None, "latency_p50_s": 2.0, "latency_p95_s": 3.0, "cases": 20}


@pytest.fixture
def workspace(bare_workspace):
    """These tests start from an empty registry (the shipped adapter has its own tests)."""
    return bare_workspace


def _adapter(tmp_path, name="adapter.gguf", content=b"GGUF stand-in adapter"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _evaluate(ws, version, **changes):
    with ws.transaction():
        evaluations.append(ws.db, evaluations.EvaluationRecord(
            model_version=version, eval_set="vignettes", set_hash="h", mode="pipeline", prompting="default",
            cases=20, metrics=dict(GOOD, **changes), actor=ws.user.username))


def _events(ws, action):
    return ws.db.execute("SELECT actor, object_id, detail, outcome FROM audit_events WHERE action = ? ORDER BY seq",
                         (action,)).fetchall()


def test_base_is_active_without_any_event(workspace):
    base, adapter = active_model(workspace)
    assert active_version_id(workspace.db) == BASE_VERSION
    assert base.name.endswith(".gguf") and base.is_file()
    assert adapter is None


def test_register_copies_and_hashes_the_adapter(workspace, tmp_path):
    source = _adapter(tmp_path)
    version = versions.register(workspace, name="first tune", adapter_gguf=source, run_id="run-1",
                                dataset="triage-set", config={"rank": 16})
    assert version.version_id == "v1"
    stored = workspace.paths.models / "v1" / "adapter.gguf"
    assert version.adapter_gguf == str(stored) and stored.read_bytes() == source.read_bytes()
    source.write_bytes(b"changed later")  # the registered copy is what counts
    assert versions.get(workspace.db, "v1").config == {"rank": 16}
    assert [v.version_id for v in versions.list_versions(workspace.db)] == ["v1"]
    assert _events(workspace, "model.register")[0][1] == "v1"
    with pytest.raises(ValidationError) as info:
        versions.register(workspace, name="x", adapter_gguf=tmp_path / "missing.gguf")
    assert info.value.field == "adapter_gguf"
    with pytest.raises(ValidationError):
        versions.register(workspace, name="bad/name", adapter_gguf=None)
    assert len(versions.list_versions(workspace.db)) == 1  # nothing half-stored
    with pytest.raises(NotFoundError):
        versions.get(workspace.db, "v9")


def test_gate_blocks_a_critical_drop_and_force_needs_a_reason(workspace, tmp_path):
    v1 = versions.register(workspace, name="worse", adapter_gguf=_adapter(tmp_path)).version_id
    _evaluate(workspace, BASE_VERSION)
    _evaluate(workspace, v1, emergent_recall=0.8, accuracy=0.9)
    with pytest.raises(activation.ActivationRefused, match="not been through the regression gate"):
        activation.activate(workspace, v1)
    result = regressions.run_gate(workspace, v1)
    assert (result.verdict, result.blocking) == ("FAIL", True)
    assert (workspace.paths.reports / "gates" / result.gate_id / "gate.html").is_file()
    with pytest.raises(activation.ActivationRefused, match="emergent_recall"):
        activation.activate(workspace, v1)
    assert active_version_id(workspace.db) == BASE_VERSION
    assert _events(workspace, "model.activate")[-1][3] == "denied"
    with pytest.raises(ValidationError) as info:
        activation.activate(workspace, v1, force=True, reason="")
    assert info.value.field == "reason"
    forced = activation.activate(workspace, v1, force=True, reason="clinical lead accepted the drop for a trial")
    assert forced.forced and active_version_id(workspace.db) == v1
    actor, object_id, detail, outcome = _events(workspace, "model.activate")[-1]
    assert (actor, object_id, outcome) == ("admin", v1, "ok")
    assert "clinical lead accepted" in detail and "gate_failed_critical" in detail


def test_activate_then_rollback_switches_the_engine_model(workspace, tmp_path):
    v1 = versions.register(workspace, name="good", adapter_gguf=_adapter(tmp_path, "a.gguf", b"A")).version_id
    v2 = versions.register(workspace, name="better", adapter_gguf=_adapter(tmp_path, "b.gguf", b"B")).version_id
    _evaluate(workspace, BASE_VERSION)
    _evaluate(workspace, v1, accuracy=0.72)
    assert regressions.run_gate(workspace, v1).verdict == "PASS"
    activation.activate(workspace, v1)
    assert active_model(workspace)[1] == workspace.paths.models / v1 / "adapter.gguf"
    # the nurse's pipeline asks the registry for every case (its own lookup, before loading the engine)
    from core.triage.pipeline import TriagePipeline

    assert TriagePipeline(workspace)._active_model()[1] == workspace.paths.models / v1 / "adapter.gguf"
    _evaluate(workspace, v2, accuracy=0.75)
    gate_v2 = regressions.run_gate(workspace, v2)
    assert gate_v2.baseline == v1 and not gate_v2.blocking
    activation.activate(workspace, v2)
    assert active_model(workspace)[1] == workspace.paths.models / v2 / "adapter.gguf"
    back = activation.rollback(workspace, reason="nurses report odd drafts")
    assert (back.version_id, back.previous_version) == (v1, v2)
    assert active_model(workspace)[1] == workspace.paths.models / v1 / "adapter.gguf"
    activation.rollback(workspace)
    assert active_model(workspace)[1] is None
    with pytest.raises(ValidationError, match="no earlier model"):
        activation.rollback(workspace)
    assert [e[1] for e in _events(workspace, "model.rollback")] == [v1, BASE_VERSION]
    milestones = [r[0] for r in workspace.db.execute(
        "SELECT milestone FROM project_milestones ORDER BY seq").fetchall()]
    assert milestones == ["gated", "activated", "gated", "activated", "rolled_back", "rolled_back"]
    assert workspace.audit.verify(None).ok


def test_stale_gate_and_tampered_file_are_refused(workspace, tmp_path):
    v1 = versions.register(workspace, name="one", adapter_gguf=_adapter(tmp_path, "a.gguf", b"A")).version_id
    v2 = versions.register(workspace, name="two", adapter_gguf=_adapter(tmp_path, "b.gguf", b"B")).version_id
    for version in (BASE_VERSION, v1, v2):
        _evaluate(workspace, version)
    regressions.run_gate(workspace, v1)
    regressions.run_gate(workspace, v2)  # against base
    activation.activate(workspace, v1)
    with pytest.raises(activation.ActivationRefused, match="is active now"):
        activation.activate(workspace, v2)
    (workspace.paths.models / v2 / "adapter.gguf").write_bytes(b"tampered")
    regressions.run_gate(workspace, v2)
    with pytest.raises(IntegrityError, match="changed since it was registered"):
        activation.activate(workspace, v2)
    assert active_version_id(workspace.db) == v1


def test_only_admins_activate(workspace, home, tmp_path):
    from core.workspace import Workspace

    password = make_user(workspace, "nina", "nurse")
    nurse = Workspace.open(home, "nina", password)
    try:
        with pytest.raises(PermissionDenied):
            activation.activate(nurse, BASE_VERSION)
        with pytest.raises(PermissionDenied):
            activation.rollback(nurse)
        with pytest.raises(PermissionDenied):
            versions.register(nurse, name="x", adapter_gguf=None)
        assert active_model(nurse)[1] is None  # every role's triage reads the active model
    finally:
        nurse.close()


def test_tracking_tables_are_append_only_and_export(workspace, tmp_path):
    v1 = versions.register(workspace, name="one", adapter_gguf=_adapter(tmp_path)).version_id
    _evaluate(workspace, BASE_VERSION)
    _evaluate(workspace, v1)
    regressions.run_gate(workspace, v1)
    for table in ("evaluations", "regressions", "model_versions"):
        with pytest.raises(Exception, match="append-only"):
            workspace.db.execute(f"DELETE FROM {table}")
        with pytest.raises(Exception, match="append-only"):
            workspace.db.execute(f"UPDATE {table} SET ts = 'x'")
    export = tracking.export_tracking(workspace, tmp_path / "csv")
    assert export.files["evaluations.csv"] == 2 and export.files["regressions.csv"] == 1
    with open(tmp_path / "csv" / "model_versions.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["version_id"] == v1 and rows[0]["name"] == "one"
    assert (tmp_path / "csv" / "costs.csv").is_file()


def test_model_card_describes_without_data(workspace, tmp_path):
    from core.registry import card
    from core.training import milestones

    secret_case = "Ms Example, 54, crushing chest pain since breakfast"  # stand-in for a dataset row
    (tmp_path / "data.jsonl").write_text('{"intake": {"story": "%s"}}\n' % secret_case, encoding="utf-8")
    with workspace.transaction():
        milestones.record(workspace.db, actor="admin", project="triage-set", milestone="audit_passed",
                          message="PHI audit passed")
    v1 = versions.register(workspace, name="tuned", adapter_gguf=_adapter(tmp_path), dataset="triage-set",
                           manifest_hash="abc123", config={"rank": 8, "mode": "instruction"}).version_id
    _evaluate(workspace, v1, emergent_recall=0.875)
    path = card.write_card(workspace, v1)
    text = path.read_text(encoding="utf-8")
    for heading in ("Model details", "Intended use", "Out-of-scope use", "Training data", "Evaluation results",
                    "Limitations", "Bias considerations", "HIPAA status", "Deployment and monitoring"):
        assert f"## {heading}" in text
    assert "triage-set" in text and "abc123" in text and "passed (" in text
    assert "0.875" in text and "LoRA rank | 8" in text
    assert secret_case not in text and "Example" not in text
    assert (path.parent / "model-card.html").read_text(encoding="utf-8").count("<table>") >= 2
    base_card = card.render_card(workspace, BASE_VERSION)
    assert "ACTIVE" in base_card and "not trained on the clinic's data" in base_card


def test_gate_refuses_different_case_sets(workspace, tmp_path):
    v1 = versions.register(workspace, name="one", adapter_gguf=_adapter(tmp_path)).version_id
    _evaluate(workspace, BASE_VERSION)
    with workspace.transaction():
        evaluations.append(workspace.db, evaluations.EvaluationRecord(
            model_version=v1, eval_set="vignettes", set_hash="other", mode="pipeline", prompting="default",
            cases=20, metrics=GOOD, actor="admin"))
    with pytest.raises(ValidationError, match="different versions"):
        regressions.run_gate(workspace, v1)
    assert regressions.all_gates(workspace.db) == []


def test_tracking_csv_leaves_audit_report_bodies_out(workspace, tmp_path):
    with workspace.transaction():
        workspace.db.execute(
            "INSERT INTO phi_audits(dataset_name, created_at, created_by, passed, blocking_open, records, texts, "
            "counts_json, severity_json, report_md, report_html) VALUES ('d', 't', 'admin', 1, 0, 5, 5, '{}', '{}', "
            "'flagged: Jane Roe 555-0100', '<p>Jane Roe</p>')")
    tracking.export_tracking(workspace, tmp_path / "csv")
    text = (tmp_path / "csv" / "phi_audits.csv").read_text(encoding="utf-8")
    assert "dataset_name" in text and "Jane Roe" not in text and "report_md" not in text
