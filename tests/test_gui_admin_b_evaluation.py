"""The evaluation and gate page driven through its widgets: a real evaluation (llama.cpp, the shipped
Gemma 3 270M and default adapter) of a candidate and the active model on one vignette, the chart
against the active model, drafts side by side, the gate's table and trend, activation. Failure paths:
a gate that FAILs on a critical metric refuses activation with its reasons, an override without a
reason is refused naming the field, a missing model file gives a clear message, a nurse is refused
by the core. A cancelled evaluation is recorded with the hash of the cases it assessed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gui_admin_a_support import wait_idle
from gui_admin_b_support import cells, register_copy
from gui_support import log_in, make_clinic



@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    from core.workspace import Workspace

    clinic = make_clinic(tmp_path_factory.mktemp("eval") / "ws")
    ws = Workspace.open(clinic.home, "admin", clinic.passwords["admin"])
    try:
        assert register_copy(ws, "clinic candidate").version_id == "v2"
        ws.config["triage"] = {"timeout_s": 240}  # a loaded 2-core machine can take tens of seconds a draft
    finally:
        ws.close()
    return clinic


def _evaluate(qtbot, page, version: str, limit: int = 1) -> str:
    page.select(version, "vignettes")
    page.limit.setValue(limit)
    page.evaluate()
    return wait_idle(qtbot, page.progress, timeout=300_000)


@pytest.mark.slow
def test_evaluate_compare_gate_activate_through_the_page(qtbot, clinic):
    from app.admin.charts import chart_values
    from core.evaluation import store as evaluations
    from core.registry import versions

    window = log_in(qtbot, clinic, "admin")
    try:
        ws = window.session.ws
        page = window.show_screen("evaluation")
        labels = [page.version.itemText(i) for i in range(page.version.count())]
        assert any(t.startswith("v1 ") and "[active]" in t for t in labels) and any(t.startswith("v2 ") for t in labels)
        assert page.case_set.findData("vignettes") >= 0

        text = _evaluate(qtbot, page, "v1")  # the active model first, then the candidate on the same case
        assert "v1 evaluated on vignettes" in text, text
        assert list(chart_values(page.chart)) == ["v1"]  # the active model has nothing to be compared with
        text = _evaluate(qtbot, page, "v2")
        assert "v2 evaluated on vignettes" in text, text
        record = evaluations.latest(ws.db, "v2", "vignettes")
        assert record.cases == 1 and not record.detail.get("cancelled")
        # The per-class table and the confusion matrix show the stored outcome.
        expected, predicted = record.case_results[0]["expected"], record.case_results[0]["predicted"]
        matrix = {row[0]: row[1:] for row in cells(page.confusion)}
        assert sum(int(n) for row in matrix.values() for n in row) == 1
        assert matrix[expected][["Critical", "High", "Medium", "Low"].index(predicted)] == "1"
        assert {row[0]: row[1] for row in cells(page.per_class)}[expected] == "1"
        # The chart draws v2 against the active model's stored evaluation of the same case.
        shown = {name.split(" (")[0] + (" (active)" if "(active)" in name else ""): values
                 for name, values in chart_values(page.chart).items()}
        assert set(shown) == {"v2", "v1 (active)"}
        keys = ("emergent_recall", "under_triage_rate", "safety_compliance", "accuracy", "json_validity",
                "draft_usable_rate")
        for version, name in (("v1", "v1 (active)"), ("v2", "v2")):
            stored = evaluations.latest(ws.db, version, "vignettes").metrics
            assert shown[name] == pytest.approx([100 * (stored[k] or 0) for k in keys])

        # Drafts side by side: the candidate and the active model on the same case.
        page.compare()
        wait_idle(qtbot, page.progress, timeout=300_000)
        assert [s.version_id for s in page.pairs[0].sides] == ["v2", "v1"]
        header = [page.drafts.horizontalHeaderItem(c).text() for c in range(page.drafts.columnCount())]
        assert header == ["Case", "Expected", "v2", "v1"]
        row = cells(page.drafts)[0]
        assert row[2].startswith(page.pairs[0].sides[0].priority) and row[3].startswith(page.pairs[0].sides[1].priority)

        # The gate: same adapter file, so no critical metric can be worse; the table is the gate's own.
        page.gate()
        wait_idle(qtbot, page.progress)
        result = page.gate_result
        assert result is not None and not result.blocking
        assert result.verdict in page.verdict.text() and "v1" in page.verdict.text()
        assert len(cells(page.gate_table)) == sum(len(r) for r in result.comparisons.values())
        assert list(chart_values(page.trend_chart)) and page.trend_chart.objectName() == "evalTrendChart"

        page.activate()
        wait_idle(qtbot, page.progress)
        assert "v2 is active (was v1)" in page.activation_text.text()
        assert versions.active_version_id(ws.db) == "v2"
        assert any("[active]" in page.version.itemText(i) and page.version.itemData(i) == "v2"
                   for i in range(page.version.count()))
    finally:
        window.close()


def _store_evaluation(ws, version: str, recall: float, set_hash: str = "h-test") -> None:
    """A stored pipeline evaluation with chosen metrics (the gate's own logic then decides)."""
    from core.evaluation import store as evaluations

    base = {"emergent_recall": 1.0, "under_triage_rate": 0.0, "safety_compliance": 1.0, "accuracy": 0.8,
            "macro_f1": 0.8, "over_triage_rate": 0.1, "json_validity": 1.0, "latency_p95_s": 1.0}
    evaluations.append(ws.db, evaluations.EvaluationRecord(
        model_version=version, eval_set="gate-test", set_hash=set_hash, mode="pipeline", prompting="default",
        cases=10, metrics=dict(base, emergent_recall=recall), case_results=[], report="", detail={},
        actor=ws.user.username))


def test_a_failed_gate_refuses_activation_and_an_override_needs_a_reason(qtbot, tmp_path):
    from core.registry import versions

    clinic = make_clinic(tmp_path / "ws")
    window = log_in(qtbot, clinic, "admin")
    try:
        ws = window.session.ws
        candidate = register_copy(ws, "worse candidate").version_id
        _store_evaluation(ws, "v1", 1.0)
        _store_evaluation(ws, candidate, 0.5)  # half the emergencies missed
        page = window.show_screen("evaluation")
        page.select(candidate)
        page.gate()
        wait_idle(qtbot, page.progress)
        assert page.gate_result is not None, page.verdict.text()
        assert page.gate_result.verdict == "FAIL" and page.gate_result.blocking
        assert "FAIL" in page.verdict.text() and "blocks activation" in page.verdict.text()
        failing = [r for r in cells(page.gate_table) if r[5] == "FAIL"]
        assert failing and failing[0][1].startswith("Emergent recall") and failing[0][6] == "yes"

        page.activate()
        wait_idle(qtbot, page.progress)
        text = page.activation_text.text()
        assert text.startswith("Not activated") and "FAILED" in text and "emergent_recall" in text
        assert versions.active_version_id(ws.db) == "v1"

        page.override.setChecked(True)
        page.reason.setText("   ")
        page.activate()
        wait_idle(qtbot, page.progress)
        assert "reason" in page.activation_text.text() and page.reason.styleSheet()
        assert versions.active_version_id(ws.db) == "v1"

        page.reason.setText("clinical lead accepted the risk for a one-day trial")
        page.activate()
        wait_idle(qtbot, page.progress)
        assert "gate overridden, audited" in page.activation_text.text()
        event = versions.events(ws.db)[-1]
        assert (event.version_id, event.forced, event.reason) == (candidate, True,
                                                                 "clinical lead accepted the risk for a one-day trial")
    finally:
        window.close()


def test_a_missing_model_file_gives_a_clear_message(qtbot, tmp_path):
    clinic = make_clinic(tmp_path / "ws")
    window = log_in(qtbot, clinic, "admin")
    try:
        version = register_copy(window.session.ws, "lost adapter")
        adapter = version.files()[1]
        adapter.unlink()
        page = window.show_screen("evaluation")
        text = _evaluate(qtbot, page, version.version_id)
        assert text.startswith("Not evaluated") and str(adapter) in text and "does not exist" in text
        assert "Traceback" not in text
    finally:
        window.close()


def test_a_nurse_has_no_evaluation_page_and_the_core_refuses_her(qtbot, tmp_path):
    from core.errors import PermissionDenied
    from core.evaluation.cases import resolve_set
    from core.evaluation.regressions import run_gate
    from core.evaluation.runner import evaluate_version
    from core.registry.activation import activate

    clinic = make_clinic(tmp_path / "ws")
    window = log_in(qtbot, clinic, "nurse.amy")
    try:
        assert "evaluation" not in window.screens
        ws = window.session.ws
        for call in (lambda: evaluate_version(ws, "v1", resolve_set("vignettes", limit=1)),
                     lambda: run_gate(ws, "v1", baseline="base"),
                     lambda: activate(ws, "base")):
            with pytest.raises(PermissionDenied):
                call()
    finally:
        window.close()


class _StandIn:
    """Low for every case (a unit test of the runner's cancel bookkeeping, not of a model)."""

    def assess(self, intake, mode="full"):
        from core.triage.assessment import Assessment
        from core.triage.priority import Priority

        return SimpleNamespace(assessment=Assessment(priority=Priority.LOW, model_priority=Priority.LOW,
                                                     mode=mode, json_valid=True), prompt_text="")


def test_a_cancelled_evaluation_is_recorded_with_the_cases_it_assessed(workspace):
    from core.errors import ValidationError
    from core.evaluation import cases as case_sets
    from core.evaluation import runner
    from core.evaluation import store as evaluations
    from core.evaluation.regressions import run_gate

    four = case_sets.resolve_set("vignettes", limit=4)
    runner.evaluate_version(workspace, "v1", four, modes=("pipeline",), perplexity=False,
                            pipeline_factory=lambda *_: _StandIn(), write_report=False)
    done = []
    run = runner.evaluate_version(workspace, "base", four, perplexity=False, write_report=False,
                                  pipeline_factory=lambda *_: _StandIn(),
                                  on_case=lambda m, i, n, o: done.append(o.case_id), cancel=lambda: len(done) >= 2)
    assert run.cancelled and [r.mode for r in run.results] == ["pipeline"]  # model_only never started
    stored = evaluations.latest(workspace.db, "base", "vignettes")
    assert stored.cases == 2 and stored.detail["cancelled"] is True and stored.detail["set_cases"] == 4
    assert stored.set_hash == case_sets.fingerprint(four.cases[:2]) != four.set_hash
    assert evaluations.latest(workspace.db, "base", "vignettes", mode="model_only") is None
    with pytest.raises(ValidationError, match="different versions"):  # the gate cannot compare on it
        run_gate(workspace, "base", baseline="v1", write_report=False)
    # Cancelled before the first case: nothing is recorded.
    before = len(evaluations.all_evaluations(workspace.db))
    empty = runner.evaluate_version(workspace, "base", four, perplexity=False, write_report=False,
                                    pipeline_factory=lambda *_: _StandIn(), cancel=lambda: True)
    assert empty.cancelled and not empty.results and len(evaluations.all_evaluations(workspace.db)) == before
