"""Evaluate a model version on a case set, through the nurse's own pipeline.

Each case runs through :meth:`core.triage.pipeline.TriagePipeline.assess`, the
same code path as a nurse's triage minus the storing: nothing lands in the
review queue, no alert is raised. Two modes:

* ``pipeline``: red-flag floor, guideline retrieval, model, safety checks,
  final priority = max(model, floor) - what the nurse sees;
* ``model_only``: the model's own priority without floor or retrieval, so its
  contribution is visible apart from the rules.

The version's files are loaded explicitly (not the active model), so a
candidate can be evaluated before anyone may activate it. Results go to the
append-only ``evaluations`` table, a report to ``reports/evaluations/``, and
an ``evaluated`` milestone to the project timeline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from core.evaluation import metrics
from core.evaluation import store as evaluations
from core.evaluation.cases import CaseSet, EvalCase
from core.security.roles import Permission
from core.triage.priority import Priority

MODES = ("pipeline", "model_only")
_PIPELINE_MODE = {"pipeline": "full", "model_only": "model_only"}  # our names -> the pipeline's


class ModeAssessor:
    """``assess(intake)`` in one fixed pipeline mode (what the counterfactual check calls)."""

    def __init__(self, pipeline, mode: str) -> None:
        self.pipeline = pipeline
        self.mode = _PIPELINE_MODE[mode]

    def assess(self, intake):
        return self.pipeline.assess(intake, mode=self.mode)


@dataclass
class ModeResult:
    mode: str
    outcomes: list[metrics.CaseOutcome]
    case_results: list[dict[str, Any]]
    summary: metrics.MetricSummary
    record: evaluations.EvaluationRecord | None = None
    set_hash: str = ""  # of the cases this mode assessed (the set's own hash unless cancelled)


@dataclass
class EvaluationRun:
    """One version on one set, in each mode evaluated."""

    version_id: str
    case_set: str
    set_hash: str
    prompting: str
    results: list[ModeResult] = field(default_factory=list)
    report: Path | None = None
    cancelled: bool = False  # stopped before every case of every mode was assessed

    def result(self, mode: str) -> ModeResult:
        return next(r for r in self.results if r.mode == mode)


def outcome_of(case: EvalCase, assessment, latency_s: float, mode: str, counterfactuals=()) -> metrics.CaseOutcome:
    """What the metrics need from one assessed case (the draft check runs here, on every case)."""
    from core.evaluation.drafts import check_case
    from core.safety.bias import flagged

    counterfactuals = list(counterfactuals)
    return metrics.CaseOutcome(
        case_id=case.case_id,
        expected=case.expected,
        predicted=assessment.priority,
        json_valid=assessment.json_valid,
        violations=tuple(f.check for f in assessment.safety_findings),
        latency_s=latency_s,
        swaps=len(counterfactuals),
        flips=len(flagged(counterfactuals)),
        model_priority=assessment.model_priority,
        floor=assessment.floor,
        draft=check_case(assessment, case.intake),
    )


def evaluate_cases(assessor, cases: Sequence[EvalCase], *, mode: str, bias_cases: int = 0,
                   on_case: Callable[[int, int, metrics.CaseOutcome], None] | None = None,
                   cancel: Callable[[], bool] | None = None, scorer: Callable[[EvalCase, Any], list[float]]
                   | None = None) -> tuple[list[metrics.CaseOutcome], list[float]]:
    """Assess each case; returns the outcomes and the reference-answer token NLLs.

    Args:
        assessor: anything with ``assess(intake)`` returning a result with ``.assessment``.
        cases: the cases.
        mode: ``pipeline`` or ``model_only`` (recorded; the assessor decides what runs).
        bias_cases: run the counterfactual check on the first this-many cases.
        on_case: progress callback (index, total, outcome).
        cancel: checked between cases.
        scorer: (case, result) -> NLLs of the case's reference answer (perplexity).
    """
    from core.safety.bias import counterfactual_check

    outcomes: list[metrics.CaseOutcome] = []
    nll: list[float] = []
    for index, case in enumerate(cases):
        if cancel is not None and cancel():
            break
        started = time.perf_counter()
        result = assessor.assess(case.intake)
        latency = time.perf_counter() - started
        swaps = []
        if index < bias_cases:
            swaps = counterfactual_check(assessor, case.intake, baseline=result.assessment, cancel=cancel)
        outcome = outcome_of(case, result.assessment, latency, mode, swaps)
        outcomes.append(outcome)
        if scorer is not None and case.reference:
            nll.extend(scorer(case, result))
        if on_case is not None:
            on_case(index + 1, len(cases), outcome)
    return outcomes, nll


def case_result(outcome: metrics.CaseOutcome) -> dict[str, Any]:
    """A stored per-case row: ids, priorities and measurements only (the draft check's rule names, no text)."""
    label = lambda p: p.label if isinstance(p, Priority) else None  # noqa: E731
    return {"case_id": outcome.case_id, "expected": outcome.expected.label, "predicted": outcome.predicted.label,
            "model_priority": label(outcome.model_priority), "floor": label(outcome.floor),
            "json_valid": outcome.json_valid, "violations": [v for v in outcome.violations
                                                              if v in metrics.VIOLATION_CHECKS],
            "latency_s": round(outcome.latency_s, 3), "swaps": outcome.swaps, "flips": outcome.flips,
            "draft_usable": outcome.draft.usable if outcome.draft is not None else None,
            "draft_failures": list(outcome.draft.reasons) if outcome.draft is not None else []}


def evaluate_version(ws, version_id: str, case_set: CaseSet, *, modes: Sequence[str] = MODES,
                     prompting: str = "default", bias_cases: int = 0, perplexity: bool = True,
                     pipeline_factory: Callable[..., Any] | None = None,
                     on_case: Callable[[str, int, int, metrics.CaseOutcome], None] | None = None,
                     cancel: Callable[[], bool] | None = None, write_report: bool = True) -> EvaluationRun:
    """Evaluate a registered version (or ``base``) and record the results.

    Args:
        ws: the open workspace (TRAIN permission).
        version_id: the version to load (not necessarily the active one).
        case_set: from :func:`core.evaluation.cases.resolve_set`.
        modes: ``pipeline`` and/or ``model_only``.
        prompting: ``default`` (the engine's prompt), ``zero_shot`` or ``few_shot``.
        bias_cases: counterfactual checks on this many cases per mode (each costs ~5 more runs).
        perplexity: score held-out reference answers (sets that have them).
        pipeline_factory: (ws, version, prompting) -> TriagePipeline; the default loads the
            version's GGUF files (tests pass their own).

    Raises:
        PermissionDenied: not allowed to train/evaluate.
        NotFoundError: unknown version.
    """
    from core.registry import versions
    from core.training import milestones

    ws.require(Permission.TRAIN)
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        from core.errors import ValidationError

        raise ValidationError("mode", f"'{unknown[0]}' is not an evaluation mode", "use pipeline or model_only")
    version = versions.get(ws.db, version_id)
    factory = pipeline_factory or make_pipeline
    pipeline = factory(ws, version, prompting)
    run = EvaluationRun(version_id, case_set.name, case_set.set_hash, prompting)
    for mode in modes:
        scorer = _scorer(pipeline) if (perplexity and mode == "pipeline") else None
        progress = (lambda i, n, o, m=mode: on_case(m, i, n, o)) if on_case else None
        outcomes, nll = evaluate_cases(ModeAssessor(pipeline, mode), case_set.cases, mode=mode,
                                       bias_cases=bias_cases, on_case=progress, cancel=cancel, scorer=scorer)
        if len(outcomes) < len(case_set.cases):
            run.cancelled = True
        if not outcomes:
            break
        summary = metrics.summarize(outcomes, nll)
        run.results.append(ModeResult(mode, outcomes, [case_result(o) for o in outcomes], summary,
                                      set_hash=assessed_hash(case_set, outcomes)))
        if run.cancelled:
            break
    if not run.results:
        return run  # cancelled before the first case: nothing to record
    if write_report:
        from core.evaluation.eval_report import write_evaluation_report

        run.report = write_evaluation_report(ws.paths.reports, run, version)
    detail = {"machine": _machine(), "bias_cases": bias_cases, "model_id": _model_id(pipeline)}
    if run.cancelled:
        detail.update(cancelled=True, set_cases=len(case_set.cases))
    with ws.transaction():
        for result in run.results:
            result.record = evaluations.append(ws.db, evaluations.EvaluationRecord(
                model_version=version_id, eval_set=case_set.name, set_hash=result.set_hash, mode=result.mode,
                prompting=prompting, cases=result.summary.cases, metrics=result.summary.to_dict(),
                case_results=result.case_results, report=str(run.report or ""), detail=detail,
                actor=ws.user.username))
            ws.audit.record("model.evaluate", "model_version", version_id,
                            {"eval_id": result.record.eval_id, "set": case_set.name, "mode": result.mode,
                             "prompting": prompting, "cases": result.summary.cases, "cancelled": run.cancelled})
        headline = run.results[0].summary if run.results else None
        message = f"{version_id} evaluated on {case_set.name} ({len(case_set.cases)} cases)"
        if run.cancelled:
            message = (f"{version_id} evaluation on {case_set.name} cancelled after {run.results[-1].summary.cases} "
                       f"of {len(case_set.cases)} cases (not usable by the gate)")
        if headline is not None:
            message += (f": emergent recall {metrics_text(headline.emergent_recall)}, "
                        f"under-triage {metrics_text(headline.under_triage_rate)}")
        project = version.dataset or "models"
        milestones.record(ws.db, actor=ws.user.username, project=project, milestone="evaluated",
                          object_type="model_version", object_id=version_id, message=message)
    return run


def assessed_hash(case_set: CaseSet, outcomes: Sequence[metrics.CaseOutcome]) -> str:
    """The set's hash when every case was assessed, else the fingerprint of the cases that were
    (a cancelled evaluation then never matches a full one, so the gate cannot compare on it)."""
    from core.evaluation.cases import fingerprint

    if len(outcomes) == len(case_set.cases):
        return case_set.set_hash
    done = {o.case_id for o in outcomes}
    return fingerprint([c for c in case_set.cases if c.case_id in done])


def metrics_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def make_pipeline(ws, version, prompting: str = "default"):
    """The nurse's pipeline on this version's files (base GGUF + adapter), with the chosen prompt."""
    from core.evaluation.prompting import pipeline_with_prompt
    from core.inference.engine import get_engine
    from core.triage.settings import TriageSettings

    settings = TriageSettings.from_config(ws.config)
    base, adapter = version.files()
    if version.base_model == "gemma3-270m":
        from core.registry.versions import shipped_base_path

        base = shipped_base_path()
    engine = get_engine(base, adapter, n_ctx=settings.n_ctx, n_threads=settings.threads(),
                        model_id=version.version_id)
    return pipeline_with_prompt(ws, engine, settings, prompting)


def _scorer(pipeline):
    from core.evaluation.perplexity import engine_answer_nll

    def score(case: EvalCase, result) -> list[float]:
        return engine_answer_nll(pipeline.engine(), result.prompt_text, case.reference)

    return score


def _model_id(pipeline) -> str:
    engine = getattr(pipeline, "_engine", None)  # set: evaluation always passes the version's engine
    return str(getattr(engine, "model_id", "")) if engine is not None else ""


def _machine() -> str:
    import os
    import platform

    return f"{platform.machine()} {os.cpu_count()} cores, {platform.system()}"
