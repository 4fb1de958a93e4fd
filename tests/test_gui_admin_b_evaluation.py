"""The evaluation and gate page driven through its widgets: a real evaluation (llama.cpp, the shipped
Gemma 3 270M and default adapter) of a candidate and the active model on one dev vignette, the chart
against the active model, drafts side by side, the gate's table and trend, activation (one flow run
once per module, its steps checked by several tests). Failure paths: a gate that FAILs on a critical
metric refuses activation with its reasons, an override without a reason is refused naming the field,
a missing model file gives a clear message, a nurse is refused by the core. A cancelled evaluation is
recorded with the hash of the cases it assessed and the gate refuses it (the runner, and the page's
Cancel on a stand-in pipeline); cancelled before the first case, nothing is recorded."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from gui_admin_a_support import wait_idle
from gui_admin_b_support import assert_refused_by_the_core, cells, fresh_window, register_copy
from gui_support import log_in, make_clinic



#: The suite's llama.cpp setting (tests/triage_support.py: one thread; two spin-waiting threads on a
#: loaded 2-core machine collapse) and room for a slow draft. In config.yaml: the GUI logs in afresh.
TRIAGE_CONFIG = "triage:\n  timeout_s: 240\n  n_threads: 1\n"
KEYS = ("emergent_recall", "under_triage_rate", "safety_compliance", "accuracy", "json_validity",
        "draft_usable_rate")


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    from triage_support import seed_workspace_kb

    from core.workspace import Workspace

    clinic = make_clinic(tmp_path_factory.mktemp("eval") / "ws", config_extra=TRIAGE_CONFIG)
    seed_workspace_kb(clinic.home)  # the default guidelines from the suite's one embedded copy
    ws = Workspace.open(clinic.home, "admin", clinic.passwords["admin"])
    try:
        assert register_copy(ws, "clinic candidate").version_id == "v2"
    finally:
        ws.close()
    return clinic


def _settled(qtbot, page, timeout: int = 300_000) -> str:
    """Wait until the page's task has ended and its closing refresh has run (the buttons come back a moment
    after the panel goes idle; the version menu is rebuilt then); returns the panel's text."""
    text = wait_idle(qtbot, page.progress, timeout=timeout)
    qtbot.waitUntil(page.evaluate_button.isEnabled, timeout=30_000)
    return text


def _evaluate(qtbot, page, version: str, limit: int = 1) -> str:
    page.select(version, "vignettes")
    page.limit.setValue(limit)
    page.evaluate()
    return _settled(qtbot, page)


@pytest.fixture(scope="module")
def flow(request, qapp, clinic):
    """The page's whole flow, run once on the real model: evaluate the active v1, then the candidate v2 on
    the same dev vignette; drafts side by side; the gate; activation. What each step left on the page is
    kept for the tests below (four model runs in all)."""
    from pytestqt.qtbot import QtBot

    from app.admin.charts import chart_values
    from core.evaluation import store as evaluations
    from core.registry import versions

    bot = QtBot(request)
    window = log_in(bot, clinic, "admin")
    try:
        ws, page = window.session.ws, window.show_screen("evaluation")
        seen = SimpleNamespace(labels=[page.version.itemText(i) for i in range(page.version.count())],
                               offers_vignettes=page.case_set.findData("vignettes") >= 0)
        seen.v1_text = _evaluate(bot, page, "v1")  # the active model first, then the candidate on the same case
        seen.v1_chart = list(chart_values(page.chart))
        seen.v2_text = _evaluate(bot, page, "v2")
        seen.records = {v: evaluations.latest(ws.db, v, "vignettes") for v in ("v1", "v2")}
        seen.confusion, seen.per_class = cells(page.confusion), cells(page.per_class)
        seen.chart = chart_values(page.chart)

        page.compare()
        _settled(bot, page)
        seen.pairs = page.pairs
        seen.draft_header = [page.drafts.horizontalHeaderItem(c).text() for c in range(page.drafts.columnCount())]
        seen.draft_rows = cells(page.drafts)

        page.gate()
        _settled(bot, page)
        seen.gate, seen.verdict, seen.gate_rows = page.gate_result, page.verdict.text(), cells(page.gate_table)
        seen.trend = list(chart_values(page.trend_chart)) if page.trend_chart is not None else []
        seen.trend_name = page.trend_chart.objectName() if page.trend_chart is not None else ""

        page.activate()
        _settled(bot, page)
        seen.activation, seen.active = page.activation_text.text(), versions.active_version_id(ws.db)
        seen.active_in_menu = [page.version.itemData(i) for i in range(page.version.count())
                               if "[active]" in page.version.itemText(i)]
        yield seen
    finally:
        window.close()


@pytest.mark.slow
def test_the_page_offers_the_registered_versions_and_the_dev_vignettes(flow):
    assert any(t.startswith("v1 ") and "[active]" in t for t in flow.labels), flow.labels
    assert any(t.startswith("v2 ") for t in flow.labels) and flow.offers_vignettes


@pytest.mark.slow
def test_evaluations_are_stored_and_shown_in_the_tables(flow):
    assert "v1 evaluated on vignettes" in flow.v1_text, flow.v1_text
    assert "v2 evaluated on vignettes" in flow.v2_text, flow.v2_text
    record = flow.records["v2"]
    assert record.cases == 1 and not record.detail.get("cancelled")
    # The per-class table and the confusion matrix show the stored outcome.
    expected, predicted = record.case_results[0]["expected"], record.case_results[0]["predicted"]
    matrix = {row[0]: row[1:] for row in flow.confusion}
    assert sum(int(n) for row in matrix.values() for n in row) == 1
    assert matrix[expected][["Critical", "High", "Medium", "Low"].index(predicted)] == "1"
    assert {row[0]: row[1] for row in flow.per_class}[expected] == "1"


@pytest.mark.slow
def test_the_chart_draws_the_candidate_against_the_active_model(flow):
    assert flow.v1_chart == ["v1"]  # the active model alone had nothing to be compared with
    shown = {name.split(" (")[0] + (" (active)" if "(active)" in name else ""): values
             for name, values in flow.chart.items()}
    assert set(shown) == {"v2", "v1 (active)"}
    for version, name in (("v1", "v1 (active)"), ("v2", "v2")):
        stored = flow.records[version].metrics
        assert shown[name] == pytest.approx([100 * (stored[k] or 0) for k in KEYS])


@pytest.mark.slow
def test_drafts_side_by_side_show_the_candidate_and_the_active_model(flow):
    assert [s.version_id for s in flow.pairs[0].sides] == ["v2", "v1"]
    assert flow.draft_header == ["Case", "Expected", "v2", "v1"]
    row = flow.draft_rows[0]
    assert row[2].startswith(flow.pairs[0].sides[0].priority) and row[3].startswith(flow.pairs[0].sides[1].priority)


@pytest.mark.slow
def test_the_gate_table_is_the_gates_own_and_activation_follows_it(flow):
    # Same adapter file, so no critical metric can be worse.
    result = flow.gate
    assert result is not None and not result.blocking, flow.verdict
    assert result.verdict in flow.verdict and "v1" in flow.verdict
    assert len(flow.gate_rows) == sum(len(r) for r in result.comparisons.values())
    assert flow.trend and flow.trend_name == "evalTrendChart"
    assert "v2 is active (was v1)" in flow.activation and flow.active == "v2"
    assert flow.active_in_menu == ["v2"]


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

    with fresh_window(qtbot, tmp_path) as window:
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
        assert "(Emergent recall FAIL)" in page.verdict.text()  # named, even when its row is below the fold
        # Metric names and the confusion matrix's corner header are not clipped.
        for table, column in ((page.gate_table, 1), (page.confusion, 0)):
            longest = max([table.horizontalHeaderItem(column).text()] + [r[column] for r in cells(table)], key=len)
            header = table.horizontalHeader()
            assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(longest), longest

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


def test_a_missing_model_file_gives_a_clear_message(qtbot, tmp_path):
    with fresh_window(qtbot, tmp_path) as window:
        version = register_copy(window.session.ws, "lost adapter")
        adapter = version.files()[1]
        adapter.unlink()
        page = window.show_screen("evaluation")
        text = _evaluate(qtbot, page, version.version_id)
        assert text.startswith("Not evaluated") and str(adapter) in text and "does not exist" in text
        assert "Traceback" not in text


def test_a_nurse_has_no_evaluation_page_and_the_core_refuses_her(qtbot, tmp_path):
    from core.evaluation.cases import resolve_set
    from core.evaluation.regressions import run_gate
    from core.evaluation.runner import evaluate_version
    from core.registry.activation import activate

    with fresh_window(qtbot, tmp_path, "nurse.amy") as window:
        ws = window.session.ws
        assert_refused_by_the_core(window, "evaluation",
                                   lambda: evaluate_version(ws, "v1", resolve_set("vignettes", limit=1)),
                                   lambda: run_gate(ws, "v1", baseline="base"), lambda: activate(ws, "base"))


class _StandIn:
    """Low for every case (a unit test of the runner's cancel bookkeeping, not of a model)."""

    def assess(self, intake, mode="full"):
        from core.triage.assessment import Assessment
        from core.triage.priority import Priority

        return SimpleNamespace(assessment=Assessment(priority=Priority.LOW, model_priority=Priority.LOW,
                                                     mode=mode, json_valid=True), prompt_text="")


def test_the_page_offers_each_locked_set_only_where_its_file_is(workspace, monkeypatch, tmp_path):
    """A developer's checkout holds both locked vignette sets and the page offers both; a frozen build
    carries neither (never shipped), and then only the dev vignettes are offered."""
    from app.admin.evaluation_view import LOCKED_SETS, case_set_choices
    from core.evaluation import cases

    offered = dict(case_set_choices(workspace))
    assert offered["Vignettes (dev)"] == "vignettes"
    for label, name in LOCKED_SETS:
        assert Path(offered[label]) == cases.VIGNETTES.with_name(name) and Path(offered[label]).is_file()
    bundle = tmp_path / "tests" / "data"
    bundle.mkdir(parents=True)
    (bundle / "vignettes.jsonl").write_text(cases.VIGNETTES.read_text("utf-8"), "utf-8")
    monkeypatch.setattr(cases, "VIGNETTES", bundle / "vignettes.jsonl")
    assert case_set_choices(workspace) == [("Vignettes (dev)", "vignettes")]


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


class _Held(_StandIn):
    """Low for every case; an assessment (or the loading, ``hold="load"``) waits for the test to release it,
    so Cancel is pressed at a known point."""

    def __init__(self, hold: str) -> None:
        import threading

        self.hold, self.calls = hold, 0
        self.waiting, self.release = threading.Event(), threading.Event()

    def _wait(self) -> None:
        self.waiting.set()
        assert self.release.wait(60), "the test never released the stand-in"

    def load(self, *_args):
        if self.hold == "load":
            self._wait()
        return self

    def assess(self, intake, mode="full"):
        self.calls += 1
        if self.hold == "first case" and self.calls == 1:
            self._wait()
        return super().assess(intake, mode)


def _cancel_while_held(qtbot, page, held: _Held) -> str:
    """Evaluate, press the page's Cancel while the stand-in is held, release it; returns the panel's text."""
    page.evaluate()
    qtbot.waitUntil(held.waiting.is_set, timeout=30_000)
    assert page.progress.cancel_button.isEnabled()
    qtbot.mouseClick(page.progress.cancel_button, Qt.MouseButton.LeftButton)
    held.release.set()
    return wait_idle(qtbot, page.progress)


def test_cancel_on_the_page_records_what_was_assessed_and_the_gate_refuses_it(qtbot, tmp_path, monkeypatch):
    from core.evaluation import cases as case_sets
    from core.evaluation import runner
    from core.evaluation import store as evaluations

    with fresh_window(qtbot, tmp_path) as window:
        ws = window.session.ws
        candidate = register_copy(ws, "cancelled candidate").version_id
        page = window.show_screen("evaluation")
        page.limit.setValue(4)
        four = case_sets.resolve_set("vignettes", limit=4)
        monkeypatch.setattr(runner, "make_pipeline", lambda *_: _StandIn())
        page.select("v1", "vignettes")
        page.evaluate()  # the active model on all four cases: the gate's baseline
        assert "v1 evaluated on vignettes" in wait_idle(qtbot, page.progress)

        held = _Held("first case")
        monkeypatch.setattr(runner, "make_pipeline", held.load)
        page.select(candidate)
        text = _cancel_while_held(qtbot, page, held)
        assert text == "Cancelled after 1 case: recorded as cancelled, the gate will not use it.", text
        assert held.calls == 1 and page.run.cancelled
        assert "cancelled" in page.summary.text() and "1 cases" in page.summary.text()
        assert sum(int(n) for row in cells(page.confusion) for n in row[1:]) == 1
        stored = evaluations.latest(ws.db, candidate, "vignettes")
        assert (stored.cases, stored.detail["cancelled"], stored.detail["set_cases"]) == (1, True, 4)
        assert stored.set_hash == case_sets.fingerprint(four.cases[:1]) != four.set_hash
        # The gate on the page refuses to compare the cancelled evaluation with the full one.
        page.gate()
        wait_idle(qtbot, page.progress)
        assert page.gate_result is None and page.verdict.text().startswith("No gate")
        assert "different versions" in page.verdict.text(), page.verdict.text()

        # Cancelled while the model loads, before the first case: nothing is recorded.
        before = len(evaluations.all_evaluations(ws.db))
        held = _Held("load")
        monkeypatch.setattr(runner, "make_pipeline", held.load)
        text = _cancel_while_held(qtbot, page, held)
        assert text == page.summary.text() == "Cancelled before the first case: nothing recorded.", text
        assert held.calls == 0 and not cells(page.confusion) and not cells(page.per_class)
        assert len(evaluations.all_evaluations(ws.db)) == before
