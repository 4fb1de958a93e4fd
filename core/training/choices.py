"""What the training page may offer: the datasets that pass the PHI audit gate.

The gate itself is :func:`core.phi.require_passing_audit`; this module only asks
it for every dataset folder, so the GUI never offers a dataset training would
refuse, and can say why the others are missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.security.roles import Permission


@dataclass(frozen=True)
class DatasetChoice:
    """One dataset folder and whether training accepts it now."""

    name: str
    trainable: bool
    audited_at: str | None  # the passing audit's time (trainable ones)
    records: int | None  # records the audit read
    reason: str  # why it is not offered ("" when it is)


def dataset_choices(ws) -> list[DatasetChoice]:
    """Every dataset in the workspace with the PHI gate's answer, sorted by name.

    Raises:
        PermissionDenied: the user may not train.
    """
    from core.datasets import store
    from core.phi.gate import PhiAuditRequired, require_passing_audit

    ws.require(Permission.TRAIN)
    out = []
    for name in sorted(store.list_folders(ws.paths.datasets)):
        try:
            audit = require_passing_audit(ws, name)
        except PhiAuditRequired as exc:
            out.append(DatasetChoice(name, False, None, None, str(exc)))
        else:
            out.append(DatasetChoice(name, True, audit.created_at, audit.records, ""))
    return out


def trainable_datasets(ws) -> list[DatasetChoice]:
    """Only the datasets training accepts now (a passing audit of the current files)."""
    return [choice for choice in dataset_choices(ws) if choice.trainable]


@dataclass(frozen=True)
class RunRow:
    """One training run as the run list shows it (its latest status row)."""

    run_id: str
    status: str
    mode: str
    dataset: str
    base_model: str
    started: str  # time of the run's first row
    steps: int | None  # optimizer steps done (finished or cancelled runs)
    total_steps: int | None
    final_loss: float | None
    estimated_cost: float | None
    actual_cost: float | None  # local cost of every session so far
    currency: str
    tokens: int | None
    seconds: float | None
    resumable: bool  # cancelled or failed: Resume continues it from its last checkpoint


RESUMABLE = ("cancelled", "failed")


def run_rows(ws) -> list[RunRow]:
    """Every training run, newest first, with its status, progress and cost.

    Raises:
        PermissionDenied: the user may not train.
    """
    from core.training import runs

    ws.require(Permission.TRAIN)
    first = dict(ws.db.execute("SELECT run_id, min(ts) FROM training_runs GROUP BY run_id").fetchall())
    out = []
    for event in runs.list_runs(ws.db):
        actual, estimate = event.actual or {}, event.estimate or {}
        out.append(RunRow(
            event.run_id, event.status, event.mode, event.dataset, event.base_model, first.get(event.run_id, ""),
            actual.get("steps"), actual.get("total_steps"), actual.get("final_loss"),
            estimate.get("local_cost"), actual.get("local_cost"), str(estimate.get("currency") or "USD"),
            actual.get("tokens"), actual.get("seconds"), event.status in RESUMABLE))
    return out
