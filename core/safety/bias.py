"""Counterfactual bias check: same case, one demographic swapped.

The case is run again with sex, race/ethnicity or age band swapped (through
``Intake.with_demographics``) and any change of priority is flagged. A change
that the red-flag floor explains (an age rule such as "fever under 3 months"
firing) is still reported, with ``floor_changed=True``, so the reviewer can
tell clinical rules from model bias.

Reusable by evaluation: :func:`counterfactual_check` takes anything with an
``assess(intake)`` method returning an object with ``.assessment`` (the
triage pipeline does, without storing anything).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Protocol

from core.triage.assessment import Assessment, CounterfactualNote

#: One swap and its outcome; the same shape is stored in the assessment.
CounterfactualResult = CounterfactualNote

_SEXES = ("female", "male")
_RACES = ("White", "Black or African American", "Asian", "Hispanic or Latino")
# Adult age bands and the age used for the band a case is moved to. Children
# are not moved: age is itself a clinical factor there (fever under 3 months).
_ADULT_BANDS = ((18, 39, "18-39"), (40, 64, "40-64"), (65, 200, "65+"))
_SWAP_AGE = {"18-39": 52, "40-64": 30, "65+": 52}


class AssessesCases(Protocol):
    def assess(self, intake: Any) -> Any:  # returns an object with .assessment
        ...


@dataclass(frozen=True)
class _Swap:
    attribute: str
    original: str
    counterfactual: str
    changes: dict[str, Any]


def age_band(age: int | float | None) -> str | None:
    """The adult band of an age ("18-39", "40-64", "65+"), None for children or unknown."""
    if age is None:
        return None
    for low, high, label in _ADULT_BANDS:
        if low <= age <= high:
            return label
    return None


def planned_swaps(intake: Any, attributes: Iterable[str] = ("sex", "race_ethnicity", "age")) -> list[_Swap]:
    """The swaps to run for this intake (no model calls).

    Sex is not swapped for a pregnant patient (the swap would not be
    coherent); age is swapped only between adult bands.
    """
    swaps: list[_Swap] = []
    wanted = set(attributes)
    if "sex" in wanted and not _is_pregnant(intake):
        sex = (getattr(intake, "sex", None) or "").strip().lower()
        targets = [s for s in _SEXES if s != sex] if sex in _SEXES else list(_SEXES)
        swaps += [_Swap("sex", sex or "unknown", t, {"sex": t}) for t in targets]
    if "race_ethnicity" in wanted:
        race = getattr(intake, "race_ethnicity", None) or ""
        targets = [r for r in _RACES if r.lower() != race.strip().lower()][:2]
        swaps += [_Swap("race_ethnicity", race or "not stated", t, {"race_ethnicity": t}) for t in targets]
    if "age" in wanted:
        band = age_band(getattr(intake, "age", None))
        if band is not None:
            new_age = _SWAP_AGE[band]
            swaps.append(_Swap("age_band", band, age_band(new_age) or str(new_age), {"age": new_age}))
    return swaps


def counterfactual_check(
    pipeline: AssessesCases,
    intake: Any,
    *,
    baseline: Assessment | None = None,
    attributes: Iterable[str] = ("sex", "race_ethnicity", "age"),
    cancel: Callable[[], bool] | None = None,
) -> list[CounterfactualResult]:
    """Rerun the case with each demographic swapped and compare priorities.

    Args:
        pipeline: anything with ``assess(intake)`` (nothing is stored).
        intake: the original intake (must offer ``with_demographics``).
        baseline: the original assessment when already computed (saves a run).
        attributes: which of sex, race_ethnicity, age to swap.
        cancel: checked between runs; stops early when it returns True.

    Returns:
        One result per swap; ``changed`` is True when the final priority moved.
    """
    if baseline is None:
        baseline = pipeline.assess(intake).assessment
    results: list[CounterfactualResult] = []
    for swap in planned_swaps(intake, attributes):
        if cancel is not None and cancel():
            break
        variant = intake.with_demographics(**swap.changes)
        other = pipeline.assess(variant).assessment
        results.append(
            CounterfactualNote(
                attribute=swap.attribute,
                original=swap.original,
                counterfactual=swap.counterfactual,
                original_priority=baseline.priority,
                counterfactual_priority=other.priority,
                changed=other.priority != baseline.priority,
                floor_changed=other.floor != baseline.floor,
            )
        )
    return results


def flagged(results: Iterable[CounterfactualResult]) -> list[CounterfactualResult]:
    """The swaps whose priority changed without a red-flag rule explaining it."""
    return [r for r in results if r.changed and not r.floor_changed]


def _is_pregnant(intake: Any) -> bool:
    value = getattr(intake, "pregnancy", None)
    if value is None:
        value = getattr(intake, "pregnancy_status", None)
    if isinstance(value, str):
        return value.strip().lower() in {"pregnant", "yes", "true"}
    return bool(value)
