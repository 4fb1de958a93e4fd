"""Drafts of two model versions on the same cases, side by side, each with the draft check's verdict.

The evaluation tables keep labels and measurements only; what the model wrote
is not stored. This runs the chosen versions again on a few cases of a set,
through the nurse's pipeline (:func:`core.evaluation.runner.make_pipeline`),
and returns the drafts in memory for the admin to read. Nothing is stored
except one audit event; case sets are synthetic or written vignettes, never
patient data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from core.evaluation.cases import CaseSet
from core.security.roles import Permission


@dataclass(frozen=True)
class DraftSide:
    """One version's draft of one case."""

    version_id: str
    priority: str  # final, as the nurse sees it
    model_priority: str | None
    key_concerns: tuple[str, ...]
    questions: tuple[str, ...]
    assessment: str
    usable: bool
    failures: tuple[tuple[str, str], ...]  # (rule, what is wrong)
    problem: str | None = None  # the draft was not valid: why


@dataclass(frozen=True)
class DraftPair:
    """One case with every version's draft, in the order the versions were given."""

    case_id: str
    expected: str
    case_text: str
    sides: list[DraftSide] = field(default_factory=list)


def draft_side(version_id: str, assessment: Any, intake: Any) -> DraftSide:
    """What the page shows of one assessment: the model's lines and the draft check's verdict."""
    from core.evaluation.drafts import check_case, read_draft

    lines, problem = read_draft(assessment)
    verdict = check_case(assessment, intake)
    model = assessment.model_priority.label if assessment.model_priority is not None else None
    return DraftSide(version_id, assessment.priority.label, model,
                     tuple(lines.key_concerns) if lines else (), tuple(lines.questions) if lines else (),
                     lines.assessment if lines else "", verdict.usable,
                     tuple((f.rule, f.detail) for f in verdict.failures), problem)


def compare_drafts(ws, version_ids: Sequence[str], case_set: CaseSet, *,
                   pipeline_factory: Callable[..., Any] | None = None,
                   on_case: Callable[[int, int], None] | None = None,
                   cancel: Callable[[], bool] | None = None) -> list[DraftPair]:
    """Run each version on every case of ``case_set`` (full pipeline) and pair the drafts.

    Args:
        ws: the open workspace (TRAIN permission).
        version_ids: e.g. (active, candidate).
        case_set: keep it small (``resolve_set(..., limit=3)``): each case runs once per version.
        pipeline_factory: (ws, version, prompting) -> pipeline; default: the version's own files.
        on_case: progress (runs done, runs in all).
        cancel: checked before every run; the pairs finished so far are returned.

    Raises:
        PermissionDenied: not allowed to evaluate.
        NotFoundError: an unknown version.
    """
    from core.evaluation.runner import make_pipeline
    from core.registry import versions
    from core.triage.pipeline import patient_text

    ws.require(Permission.TRAIN)
    chosen = [versions.get(ws.db, v) for v in version_ids]
    factory = pipeline_factory or make_pipeline
    pairs = [DraftPair(c.case_id, c.expected.label, patient_text(c.intake)) for c in case_set.cases]
    total, done = len(chosen) * len(case_set.cases), 0
    for version in chosen:
        pipeline = factory(ws, version, "default")
        for pair, case in zip(pairs, case_set.cases):
            if cancel is not None and cancel():
                return [p for p in pairs if len(p.sides) == len(chosen)]
            result = pipeline.assess(case.intake, mode="full")
            pair.sides.append(draft_side(version.version_id, result.assessment, case.intake))
            done += 1
            if on_case is not None:
                on_case(done, total)
    ws.audit.record("model.compare_drafts", "model_version", ",".join(version_ids),
                    {"set": case_set.name, "cases": len(case_set.cases)})
    return pairs
