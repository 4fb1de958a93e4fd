"""Running the regression gate on stored evaluations, and the ``regressions`` table.

The gate compares the newest pipeline evaluation of the candidate with that
of the baseline (the active version unless told otherwise) on every case set
both were evaluated on. Each decision is a new row; nothing is edited.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from core.errors import ValidationError
from core.evaluation import gate
from core.evaluation import store as evaluations
from core.security.roles import Permission

_COLUMNS = ("gate_id", "ts", "actor", "candidate", "baseline", "verdict", "blocking", "comparisons", "trends",
            "thresholds", "evaluations", "report")
_JSON = ("comparisons", "trends", "thresholds", "evaluations")


@dataclass
class GateResult:
    """One gate decision (one row of ``regressions``)."""

    candidate: str
    baseline: str
    verdict: str
    blocking: bool
    comparisons: dict[str, list[dict[str, Any]]]  # case set -> comparisons
    trends: dict[str, list[dict[str, Any]]]  # case set -> trend findings
    thresholds: dict[str, Any]
    evaluations: dict[str, dict[str, str]]  # case set -> {"candidate": eval_id, "baseline": eval_id}
    report: str = ""
    gate_id: str = ""
    ts: str = ""
    actor: str = ""
    seq: int = 0
    history: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)  # not stored

    def failures(self) -> list[tuple[str, dict[str, Any]]]:
        """(case set, comparison) of every FAIL, critical ones first."""
        found = [(s, c) for s, rows in self.comparisons.items() for c in rows if c["status"] == gate.FAIL]
        return sorted(found, key=lambda item: not item[1]["critical"])


def run_gate(ws, candidate: str, *, baseline: str | None = None, sets: list[str] | None = None,
             write_report: bool = True) -> GateResult:
    """Gate ``candidate`` against ``baseline`` (default: the active version) and record the decision.

    Raises:
        NotFoundError: an unknown version.
        ValidationError: nothing to compare (evaluate both on the same set first).
    """
    from core.registry import versions
    from core.training import milestones

    ws.require(Permission.TRAIN)
    versions.get(ws.db, candidate)
    baseline = baseline or versions.active_version_id(ws.db)
    versions.get(ws.db, baseline)
    if baseline == candidate:
        raise ValidationError("candidate", f"{candidate} is the baseline itself",
                              "gate a new version against the active one")
    rules = gate.load_rules(ws.config)
    wanted = sets or [s for s in evaluations.sets_of(ws.db, candidate) if s in evaluations.sets_of(ws.db, baseline)]
    if not wanted:
        raise ValidationError("evaluations", f"{candidate} and {baseline} have no case set evaluated in common",
                              f"run `prescreen eval {candidate} --set vignettes` and `prescreen eval {baseline} "
                              "--set vignettes` first")
    result = GateResult(candidate, baseline, gate.PASS, False, {}, {}, rules.to_dict(), {})
    statuses: list[tuple[str, bool]] = []
    for case_set in wanted:
        new = evaluations.latest(ws.db, candidate, case_set)
        old = evaluations.latest(ws.db, baseline, case_set)
        for version, record in ((candidate, new), (baseline, old)):
            if record is None:
                raise ValidationError("set", f"{version} has no pipeline evaluation on '{case_set}'",
                                      f"run `prescreen eval {version} --set {case_set}` first")
        if new.set_hash != old.set_hash:
            raise ValidationError("set", f"{candidate} and {baseline} were evaluated on different versions of "
                                  f"'{case_set}' (or different --limit)",
                                  f"evaluate both again on the same cases: `prescreen eval {baseline} --set "
                                  f"{case_set}`")
        comparisons = gate.compare(old.metrics, new.metrics, rules)
        history = _active_history(ws.db, case_set, exclude=candidate)
        trends = gate.trend(history, new.metrics, rules)
        statuses.append(gate.verdict(comparisons, trends))
        result.comparisons[case_set] = [c.to_dict() for c in comparisons]
        result.trends[case_set] = [t.to_dict() for t in trends]
        result.evaluations[case_set] = {"candidate": new.eval_id, "baseline": old.eval_id}
        result.history[case_set] = history + [(candidate, new.metrics)]
    worst = max((s for s, _ in statuses), key=lambda s: {gate.PASS: 0, gate.WARN: 1, gate.FAIL: 2}[s])
    result.verdict, result.blocking = worst, any(b for _, b in statuses)
    result.gate_id = f"gate-{uuid.uuid4().hex[:10]}"
    result.ts = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    result.actor = ws.user.username
    if write_report:
        from core.evaluation.report import write_gate_report

        result.report = str(write_gate_report(ws.paths.reports, result))
    with ws.transaction():
        values = [json.dumps(getattr(result, c), sort_keys=True) if c in _JSON else getattr(result, c)
                  for c in _COLUMNS]
        values[_COLUMNS.index("blocking")] = int(result.blocking)
        result.seq = ws.db.execute(f"INSERT INTO regressions({', '.join(_COLUMNS)}) "
                                   f"VALUES ({', '.join('?' * len(_COLUMNS))})", values).lastrowid
        ws.audit.record("model.gate", "model_version", candidate,
                        {"gate_id": result.gate_id, "baseline": baseline, "verdict": result.verdict,
                         "blocking": result.blocking, "sets": wanted})
        milestones.record(ws.db, actor=ws.user.username, project=_project(ws.db, candidate), milestone="gated",
                          object_type="model_version", object_id=candidate,
                          message=f"{candidate} gated against {baseline}: {result.verdict}"
                          + (" (blocks activation)" if result.blocking else ""))
    return result


def latest_gate(db, candidate: str) -> GateResult | None:
    """The newest gate decision for a candidate, or None."""
    rows = _select(db, "WHERE candidate = ? ORDER BY seq DESC LIMIT 1", (candidate,))
    return rows[0] if rows else None


def all_gates(db) -> list[GateResult]:
    return _select(db, "ORDER BY seq", ())


def _active_history(db, case_set: str, exclude: str) -> list[tuple[str, dict[str, Any]]]:
    """(version, metrics on the set) of every version that was ever active, in first-activation order."""
    from core.registry import versions

    order = [versions.BASE_VERSION]
    for event in versions.events(db):
        if event.event == "activated" and event.version_id not in order:
            order.append(event.version_id)
    history = []
    for version in order:
        record = evaluations.latest(db, version, case_set)
        if version != exclude and record is not None:
            history.append((version, record.metrics))
    return history


def _project(db, version_id: str) -> str:
    from core.registry import versions

    if version_id == versions.BASE_VERSION:
        return "models"
    return versions.get(db, version_id).dataset or "models"


def _select(db, where: str, params: tuple) -> list[GateResult]:
    rows = db.execute(f"SELECT seq, {', '.join(_COLUMNS)} FROM regressions {where}", params).fetchall()
    out = []
    for row in rows:
        data = dict(zip(("seq",) + _COLUMNS, row))
        for column in _JSON:
            data[column] = json.loads(data[column])
        data["blocking"] = bool(data["blocking"])
        out.append(GateResult(**data))
    return out
