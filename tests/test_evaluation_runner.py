"""Evaluation runs on a real workspace with a stand-in pipeline (plumbing, storage, reports, no queue rows).

The stand-in returns real ``Assessment`` objects with priorities fixed per case,
so every metric in the stored record can be checked by hand. The run through
the real pipeline and model is in test_evaluation_pipeline.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.evaluation import cases as case_sets
from core.evaluation import runner
from core.evaluation import store as evaluations
from core.triage.assessment import Assessment, SafetyFinding
from core.triage.priority import Priority


class StandInPipeline:
    """assess(intake, mode): the model says Low for everything; the floor says Critical for chest pain."""

    def __init__(self):
        self.calls = []

    def assess(self, intake, mode="full"):
        self.calls.append(mode)
        model = Priority.LOW
        chest_pain = any("chest pain" in s.name for s in intake.symptoms)  # negation-aware, unlike the story
        floor = Priority.CRITICAL if (mode == "full" and chest_pain) else None
        final = max(model, floor) if floor is not None else model
        findings = [SafetyFinding(check="over_confident", severity="warning", message="x")] \
            if "asthma" in (intake.story or "") else []
        assessment = Assessment(priority=final, model_priority=model, floor=floor, mode=mode,
                                safety_findings=findings, json_valid=True)
        return SimpleNamespace(assessment=assessment, prompt_text="prompt")


@pytest.fixture(scope="module")
def four_cases():
    return case_sets.resolve_set("vignettes", limit=4)  # em01 chest pain, em06, ne01, sc01


def test_evaluate_version_records_both_modes(workspace, four_cases):
    stand_in = StandInPipeline()
    progress = []
    run = runner.evaluate_version(workspace, "base", four_cases, pipeline_factory=lambda ws, v, p: stand_in,
                                  perplexity=False, on_case=lambda m, i, n, o: progress.append((m, i, n)))
    assert [m for m in stand_in.calls] == ["full"] * 4 + ["model_only"] * 4
    assert progress[-1] == ("model_only", 4, 4)
    labels = [c.expected for c in four_cases.cases]
    assert labels == [Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM, Priority.LOW]
    full = run.result("pipeline").summary
    # pipeline: chest pain raised to Critical by the floor; the High case called Low
    assert full.emergent_recall == pytest.approx(1 / 2)
    assert full.under_triage_rate == pytest.approx(2 / 4)  # em06 (High->Low), ne01 (Medium->Low)
    assert full.accuracy == pytest.approx(2 / 4)
    model_only = run.result("model_only").summary
    assert model_only.emergent_recall == 0.0 and model_only.accuracy == pytest.approx(1 / 4)
    stored = evaluations.latest(workspace.db, "base", "vignettes", "pipeline")
    assert stored.metrics["emergent_recall"] == pytest.approx(0.5)
    assert stored.set_hash == four_cases.set_hash and stored.cases == 4
    assert [c["case_id"] for c in stored.case_results] == [c.case_id for c in four_cases.cases]
    assert "story" not in str(stored.case_results) and "chest" not in str(stored.case_results)
    report = run.report
    assert report.is_file() and (report.parent / "evaluation.html").is_file()
    assert (report.parent / "metrics.png").stat().st_size > 1000
    assert "| Emergent recall (Critical/High found) | 0.500 | 0.000 |" in report.read_text(encoding="utf-8")
    # nothing entered the nurse's queue, an 'evaluated' milestone was recorded
    assert workspace.db.execute("SELECT count(*) FROM review_cases").fetchone()[0] == 0
    # (the first milestone is the shipped default adapter's activation in the new workspace)
    assert workspace.db.execute("SELECT milestone FROM project_milestones").fetchall() == [("activated",),
                                                                                        ("evaluated",)]


def test_safety_violations_and_bias_counts(workspace):
    vignettes = case_sets.resolve_set("vignettes")
    asthma = [c for c in vignettes.cases if "asthma" in (c.intake.story or "")][:1]
    outcomes, _ = runner.evaluate_cases(runner.ModeAssessor(StandInPipeline(), "pipeline"), asthma,
                                        mode="pipeline", bias_cases=1)
    assert outcomes[0].violations == ("over_confident",)
    assert outcomes[0].swaps >= 3 and outcomes[0].flips == 0  # the stand-in ignores demographics


def test_bad_mode_and_unknown_version(workspace, four_cases):
    from core.errors import NotFoundError, ValidationError

    with pytest.raises(ValidationError):
        runner.evaluate_version(workspace, "base", four_cases, modes=("fast",),
                                pipeline_factory=lambda *a: StandInPipeline())
    with pytest.raises(NotFoundError):
        runner.evaluate_version(workspace, "v7", four_cases, pipeline_factory=lambda *a: StandInPipeline())
    assert evaluations.all_evaluations(workspace.db) == []
