"""The registry seen across versions: one overview row per version, and metric trends.

Read-only views over the registry, evaluation and gate tables for the admin's
desktop (the model registry page and the gate's trend lines). Nothing here
writes or decides; the gate's own trend check is :func:`core.evaluation.gate.trend`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.security.roles import Permission


@dataclass(frozen=True)
class VersionRow:
    """One version as the registry page lists it."""

    version_id: str
    name: str
    base_model: str
    adapter: str | None  # file name of the adapter GGUF, None for a bare base
    dataset: str | None
    run_id: str | None
    gate_verdict: str | None  # PASS | WARN | FAIL of the newest gate, None if never gated
    gate_blocking: bool
    gate_baseline: str | None
    active: bool
    registered: str  # time of registration ("" for the shipped base)


def version_rows(ws) -> list[VersionRow]:
    """The shipped base and every registered version, oldest first, with the newest gate result.

    Raises:
        PermissionDenied: the user may not train or evaluate.
    """
    from pathlib import Path

    from core.evaluation.regressions import latest_gate
    from core.registry import versions

    ws.require(Permission.TRAIN)
    active = versions.active_version_id(ws.db)
    rows = []
    for version in [versions.shipped_base()] + versions.list_versions(ws.db):
        gate = None if version.is_base else latest_gate(ws.db, version.version_id)
        rows.append(VersionRow(
            version.version_id, version.name, version.base_model,
            Path(version.adapter_gguf).name if version.adapter_gguf else None, version.dataset, version.run_id,
            gate.verdict if gate else None, bool(gate and gate.blocking), gate.baseline if gate else None,
            version.version_id == active, version.ts))
    return rows


def metric_history(ws, case_set: str, metrics: tuple[str, ...] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(version id, {metric: value}) of every version evaluated on ``case_set``, in registration order.

    Each version's newest pipeline evaluation with the default prompt counts, as in the gate.
    ``metrics`` limits the keys (default: the gated metrics of ``resources/evaluation/gate.yaml``).
    """
    from core.evaluation import store as evaluations
    from core.evaluation.gate import load_rules
    from core.registry import versions

    ws.require(Permission.TRAIN)
    wanted = metrics or tuple(load_rules(ws.config).rules)
    out = []
    for version_id in [versions.BASE_VERSION] + [v.version_id for v in versions.list_versions(ws.db)]:
        record = evaluations.latest(ws.db, version_id, case_set)
        if record is not None:
            out.append((version_id, {m: record.metrics.get(m) for m in wanted}))
    return out


def evaluated_sets(ws) -> list[str]:
    """Case sets any version was evaluated on (pipeline, default prompt), first evaluated first."""
    ws.require(Permission.TRAIN)
    rows = ws.db.execute("SELECT eval_set FROM evaluations WHERE mode = 'pipeline' AND prompting = 'default' "
                         "GROUP BY eval_set ORDER BY min(seq)").fetchall()
    return [r[0] for r in rows]
