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
