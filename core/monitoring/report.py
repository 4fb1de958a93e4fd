"""Monitoring figures from the review tables: how the AI and the nurses agree.

Computed for cases created in a period (day, week, month, ending now):

* nurse-AI agreement: signed cases whose signed priority equals the AI's
  suggested priority (max(model, floor)), and the same against the model's
  own priority where it gave one;
* overrides: priority changes up and down, below the red-flag floor, and the
  reasons given (free text written by staff; shown only to roles with
  VIEW_MONITORING, never exported to logs);
* escalation rate: share of cases the AI put at High or Critical, and the
  share where the red-flag floor raised the model's priority;
* safety-check failures by check, model failures (invalid JSON or timeout);
* counterfactual flags; review turnaround (median and 90th percentile, minutes);
* usable drafts: the share of the period's drafts that pass the draft check
  (core/evaluation/drafts.py), and how many failed each of its rules.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone

from core.errors import ValidationError
from core.evaluation.drafts import failure_counts
from core.evaluation.metrics import draft_usable_rate
from core.security.roles import Permission

PERIODS = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}


@dataclass
class MonitoringReport:
    period: str
    since: str
    cases: int = 0
    signed: int = 0
    agreement_rate: float | None = None
    model_agreement_rate: float | None = None
    overrides_up: int = 0
    overrides_down: int = 0
    overrides_below_floor: int = 0
    override_reasons: list[str] = field(default_factory=list)
    escalation_rate: float | None = None
    floor_raised_rate: float | None = None
    model_failures: int = 0
    safety_failures: dict[str, int] = field(default_factory=dict)
    counterfactual_flags: int = 0
    turnaround_median_min: float | None = None
    turnaround_p90_min: float | None = None
    draft_usable_rate: float | None = None
    draft_failures: dict[str, int] = field(default_factory=dict)
    #: reason as written -> {"up": n, "down": n}: the overrides by direction and reason
    overrides_by_reason: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    def to_text(self) -> str:
        def pct(value):
            return "n/a" if value is None else f"{value:.0%}"

        def mins(value):
            return "n/a" if value is None else f"{value:.0f} min"

        lines = [
            f"Monitoring report: last {self.period} (since {self.since[:16].replace('T', ' ')} UTC)",
            f"  cases triaged:            {self.cases} ({self.signed} signed)",
            f"  nurse-AI agreement:       {pct(self.agreement_rate)} of signed cases "
            f"(model alone: {pct(self.model_agreement_rate)})",
            f"  overrides:                {self.overrides_up} up, {self.overrides_down} down, "
            f"{self.overrides_below_floor} below the red-flag floor",
            f"  escalation rate:          {pct(self.escalation_rate)} High/Critical; "
            f"floor raised the model in {pct(self.floor_raised_rate)}",
            f"  model failures:           {self.model_failures}",
            "  safety-check failures:    "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.safety_failures.items())) or "none"),
            f"  counterfactual flags:     {self.counterfactual_flags}",
            f"  usable drafts:            {pct(self.draft_usable_rate)} (draft check)"
            + (f"; failed: {', '.join(f'{k} {v}' for k, v in self.draft_failures.items() if v) or 'none'}"
               if self.draft_failures else ""),
            f"  review turnaround:        median {mins(self.turnaround_median_min)}, "
            f"90th percentile {mins(self.turnaround_p90_min)}",
        ]
        if self.override_reasons:
            lines.append("  override reasons:")
            lines += [f"    - {reason}" for reason in self.override_reasons]
        return "\n".join(lines)


def monitoring_report(ws, period: str = "week", *, now: datetime | None = None) -> MonitoringReport:
    """The monitoring figures for cases created in the last ``period``.

    Raises:
        ValidationError: unknown period.
        PermissionDenied: the role may not view monitoring.
    """
    check_period(period)
    ws.require(Permission.VIEW_MONITORING)
    now = now or datetime.now(timezone.utc)
    return window_report(ws, period, now - PERIODS[period], None)


def check_period(period: str) -> str:
    """``period`` if it is one of :data:`PERIODS`.

    Raises:
        ValidationError: unknown period.
    """
    if period not in PERIODS:
        raise ValidationError("period", f"'{period}' is not a period", "use day, week or month")
    return period


def window_report(ws, period: str, since: datetime, until: datetime | None) -> MonitoringReport:
    """The figures for cases created in ``[since, until)`` (no end when ``until`` is None).

    The caller has checked the permission (:func:`monitoring_report`,
    :func:`core.monitoring.series.monitoring_series`).
    """
    report = MonitoringReport(period=period, since=since.isoformat(timespec="microseconds"))
    sql = ("SELECT id, created_at, status, intake_json, assessment_json, model_priority, floor_priority, "
           "ai_priority, final_priority, json_valid, counterfactual_flags, signed_at FROM review_cases "
           "WHERE created_at >= ?")
    params = [report.since]
    if until is not None:
        sql += " AND created_at < ?"
        params.append(until.isoformat(timespec="microseconds"))
    rows = ws.db.execute(sql, params).fetchall()
    report.cases = len(rows)
    if not rows:
        return report
    checks: Counter[str] = Counter()
    verdicts = []
    agree = model_agree = model_signed = 0
    turnaround: list[float] = []
    for (_id, created, status, intake_json, assessment_json, model_p, _floor_p, ai_p, final_p, json_valid, flags,
         signed_at) in rows:
        findings = json.loads(assessment_json).get("safety_findings", [])
        verdicts.append(_draft_verdict(intake_json, assessment_json))
        checks.update({f["check"] for f in findings if f.get("severity") != "info"})
        report.model_failures += not json_valid
        report.counterfactual_flags += flags
        if status == "signed":
            report.signed += 1
            agree += final_p == ai_p
            if model_p is not None:
                model_signed += 1
                model_agree += final_p == model_p
            turnaround.append((datetime.fromisoformat(signed_at) - datetime.fromisoformat(created)).total_seconds() / 60)
    report.safety_failures = dict(checks)
    report.draft_usable_rate = draft_usable_rate(verdicts)
    report.draft_failures = failure_counts(verdicts)
    report.escalation_rate = sum(1 for r in rows if r[7] >= 2) / len(rows)
    report.floor_raised_rate = sum(1 for r in rows
                                   if r[6] is not None and (r[5] is None or r[5] < r[6])) / len(rows)
    if report.signed:
        report.agreement_rate = agree / report.signed
        turnaround.sort()
        report.turnaround_median_min = _quantile(turnaround, 0.5)
        report.turnaround_p90_min = _quantile(turnaround, 0.9)
    if model_signed:
        report.model_agreement_rate = model_agree / model_signed
    ids = [r[0] for r in rows]
    for old, new, below, reason in ws.db.execute(
        f"SELECT old_priority, new_priority, below_floor, text FROM review_actions WHERE kind = 'priority_change' "
        f"AND case_id IN ({', '.join('?' * len(ids))}) ORDER BY id",
        ids,
    ).fetchall():
        report.overrides_up += new > old
        report.overrides_down += new < old
        report.overrides_below_floor += bool(below)
        report.override_reasons.append(reason[:200])
        if new != old:
            tally = report.overrides_by_reason.setdefault(" ".join(reason.split())[:200], {"up": 0, "down": 0})
            tally["up" if new > old else "down"] += 1
    return report


def _draft_verdict(intake_json: str, assessment_json: str):
    """The draft check on a stored case (None when the stored records cannot be read back)."""
    from core.evaluation.drafts import check_case, check_draft
    from core.triage.assessment import Assessment
    from core.triage.intake import parse_intake

    try:
        assessment = Assessment.from_json(assessment_json)
    except ValueError:
        return None
    record = json.loads(intake_json)
    try:
        return check_case(assessment, parse_intake(record))
    except Exception:  # noqa: BLE001 - an old or odd intake record: judge against its text as stored
        return check_draft(assessment, " ".join(str(v) for v in record.values() if isinstance(v, (str, list))))


def _quantile(sorted_values: list[float], q: float) -> float:
    """Linear-interpolated quantile of sorted values."""
    if len(sorted_values) == 1:
        return sorted_values[0]
    position = q * (len(sorted_values) - 1)
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)
