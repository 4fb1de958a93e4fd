"""The regression gate: is a candidate model at least as safe as the active one?

Metric by metric, the candidate's evaluation is compared with the active
model's on the same case set through the nurse's pipeline. Each metric is
PASS, WARN or FAIL by configurable thresholds (``resources/evaluation/gate.yaml``,
overridable in the workspace config under ``regression_gate``). A FAIL on a
critical metric (emergent recall, safety compliance) blocks activation.

Emergent under-triage is gated on its own, through emergent recall with zero
tolerance. Under-triage in any band is gated with a tolerance and does not
block, so a candidate can pass against a base that rates everything Critical
(see the comment in ``gate.yaml``).

The trend check looks at the versions that were active before: a candidate
that is within tolerance of the current model but below the best earlier one
is flagged, so that small drops cannot add up unseen.

Pure logic here; storing and reading gate results is in ``core.evaluation.regressions``.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from core.errors import ValidationError

THRESHOLDS_FILE = Path(__file__).resolve().parents[2] / "resources" / "evaluation" / "gate.yaml"
PASS, WARN, FAIL, SKIP = "PASS", "WARN", "FAIL", "SKIP"
_RANK = {SKIP: 0, PASS: 0, WARN: 1, FAIL: 2}
_EPS = 1e-9  # float noise is not a regression


@dataclass(frozen=True)
class MetricRule:
    """How one metric is judged."""

    metric: str
    higher_is_better: bool
    warn: float
    fail: float
    critical: bool = False
    relative: bool = False


@dataclass(frozen=True)
class Comparison:
    """One metric of candidate vs baseline."""

    metric: str
    baseline: float | None
    candidate: float | None
    worse_by: float | None  # > 0: the candidate is worse (absolute, or a fraction when relative)
    status: str
    critical: bool
    blocking: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TrendFinding:
    """The candidate against the best value among earlier active versions."""

    metric: str
    best_version: str
    best_value: float
    candidate: float
    worse_by: float
    status: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GateRules:
    rules: dict[str, MetricRule]
    trend_window: int

    def to_dict(self) -> dict[str, Any]:
        return {"trend_window": self.trend_window, "metrics": {k: asdict(v) for k, v in self.rules.items()}}


def load_rules(workspace_config: Mapping[str, Any] | None = None, path: Path = THRESHOLDS_FILE) -> GateRules:
    """Thresholds from the shipped YAML, with the workspace's ``regression_gate`` overrides on top.

    Raises:
        ValidationError: an unknown metric or setting, or a value that is not a number >= 0.
    """
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    override = dict((workspace_config or {}).get("regression_gate") or {})
    merged = copy.deepcopy(data)
    for key, value in override.items():
        if key == "metrics":
            if not isinstance(value, dict):
                raise ValidationError("regression_gate.metrics", "must be a mapping of metric -> settings",
                                      "see resources/evaluation/gate.yaml")
            for metric, settings in value.items():
                if metric not in merged["metrics"]:
                    raise ValidationError(f"regression_gate.metrics.{metric}", "is not a gated metric",
                                          f"use one of {', '.join(merged['metrics'])}")
                if not isinstance(settings, dict):
                    raise ValidationError(f"regression_gate.metrics.{metric}", "must be a mapping",
                                          "e.g. {warn: 0.02, fail: 0.05}")
                merged["metrics"][metric].update(settings)
        elif key == "trend_window":
            merged["trend_window"] = value
        else:
            raise ValidationError(f"regression_gate.{key}", "is not a gate setting", "use metrics or trend_window")
    rules = {}
    for metric, settings in merged["metrics"].items():
        where = f"regression_gate.metrics.{metric}"
        unknown = set(settings) - {"higher_is_better", "warn", "fail", "critical", "relative"}
        if unknown:
            raise ValidationError(f"{where}.{sorted(unknown)[0]}", "is not a threshold setting",
                                  "use higher_is_better, warn, fail, critical or relative")
        for name in ("warn", "fail"):
            value = settings.get(name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ValidationError(f"{where}.{name}", f"{value!r} is not a number >= 0", "enter e.g. 0.02")
        if settings["fail"] < settings["warn"]:
            raise ValidationError(f"{where}.fail", f"{settings['fail']} is below warn {settings['warn']}",
                                  "set fail at or above warn")
        rules[metric] = MetricRule(metric, bool(settings["higher_is_better"]), float(settings["warn"]),
                                   float(settings["fail"]), bool(settings.get("critical", False)),
                                   bool(settings.get("relative", False)))
    window = merged.get("trend_window", 5)
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ValidationError("regression_gate.trend_window", f"{window!r} is not a whole number >= 0",
                              "enter e.g. 5 (0 switches the trend check off)")
    return GateRules(rules, window)


def worse_by(rule: MetricRule, baseline: float, candidate: float) -> float:
    """How much worse the candidate is (negative when better)."""
    delta = (baseline - candidate) if rule.higher_is_better else (candidate - baseline)
    if rule.relative:
        return delta / abs(baseline) if baseline else (0.0 if delta <= 0 else float("inf"))
    return delta


def classify(rule: MetricRule, amount: float) -> str:
    if amount > rule.fail + _EPS:
        return FAIL
    if amount > rule.warn + _EPS:
        return WARN
    return PASS


def compare(baseline: Mapping[str, Any], candidate: Mapping[str, Any], rules: GateRules) -> list[Comparison]:
    """Each gated metric of two evaluations' metric dicts, classified.

    A metric missing on either side is SKIP (e.g. no emergent cases in the set,
    no perplexity computed), except that a critical metric the baseline has
    and the candidate lacks is a FAIL: it cannot be shown to be no worse.
    """
    out = []
    for metric, rule in rules.rules.items():
        b, c = baseline.get(metric), candidate.get(metric)
        if b is None or c is None:
            status = FAIL if (rule.critical and b is not None) else SKIP
            out.append(Comparison(metric, b, c, None, status, rule.critical, status == FAIL))
            continue
        amount = worse_by(rule, float(b), float(c))
        status = classify(rule, amount)
        out.append(Comparison(metric, float(b), float(c), amount, status, rule.critical,
                              rule.critical and status == FAIL))
    return out


def trend(history: Sequence[tuple[str, Mapping[str, Any]]], candidate: Mapping[str, Any],
          rules: GateRules) -> list[TrendFinding]:
    """Critical metrics of the candidate against the best of the earlier active versions.

    Args:
        history: (version id, metrics) of the versions that were active, oldest first.
        candidate: the candidate's metrics.

    Returns:
        One finding per critical metric with history; WARN when the candidate is
        worse than the best earlier value by more than the metric's fail threshold
        (a slow slide that each single gate let through).
    """
    window = list(history)[-rules.trend_window:] if rules.trend_window else []
    findings = []
    for metric, rule in rules.rules.items():
        value = candidate.get(metric)
        points = [(v, m[metric]) for v, m in window if m.get(metric) is not None]
        if not rule.critical or value is None or not points:
            continue
        pick = max if rule.higher_is_better else min
        best_version, best = pick(points, key=lambda p: p[1])
        amount = worse_by(rule, float(best), float(value))
        status = WARN if amount > rule.fail + _EPS else PASS
        findings.append(TrendFinding(metric, best_version, float(best), float(value), amount, status))
    return findings


def verdict(comparisons: Sequence[Comparison], trends: Sequence[TrendFinding] = ()) -> tuple[str, bool]:
    """(PASS | WARN | FAIL, blocking): the worst status; blocking when a critical metric failed."""
    statuses = [c.status for c in comparisons] + [t.status for t in trends]
    worst = max(statuses, key=lambda s: _RANK[s], default=PASS)
    return (PASS if worst == SKIP else worst), any(c.blocking for c in comparisons)
