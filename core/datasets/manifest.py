"""Dataset manifests and the append-only tracking table (``dataset_versions``).

The manifest is what the table holds for a version plus the live PHI audit
status, read from ``core.phi.latest_audit(ws, name)`` when that module is
present ("not audited" otherwise).
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

DEFAULT_TARGET = "gemma-3-270m"

_COLUMNS = ("name", "version", "created_at", "created_by", "size", "groups", "categories", "splits", "format",
            "target_model", "generator_seed", "generator_version", "variants", "content_sha256")


@dataclass
class Manifest:
    """One dataset version as recorded."""

    name: str
    version: int
    created_at: str
    created_by: str
    size: int
    groups: int
    categories: dict[str, int]
    splits: dict[str, int]
    format: str
    target_model: str
    generator_seed: int
    generator_version: str
    variants: int
    content_sha256: str = ""
    audit_status: str = "not audited"
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def next_version(ws, name: str) -> int:
    row = ws.db.execute("SELECT MAX(version) FROM dataset_versions WHERE name = ?", (name,)).fetchone()
    return (row[0] or 0) + 1


def record_version(ws, manifest: Manifest) -> None:
    """Append the version row (inside the caller's transaction, if any)."""
    values = asdict(manifest)
    values["categories"] = json.dumps(manifest.categories, sort_keys=True)
    values["splits"] = json.dumps(manifest.splits, sort_keys=True)
    ws.db.execute(
        f"INSERT INTO dataset_versions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
        tuple(values[c] for c in _COLUMNS),
    )


def versions(ws, name: str | None = None) -> list[Manifest]:
    """Every recorded version (of ``name``, or of all datasets), oldest first, with live audit status."""
    sql = f"SELECT {', '.join(_COLUMNS)} FROM dataset_versions"
    params: tuple = ()
    if name is not None:
        sql += " WHERE name = ?"
        params = (name,)
    rows = ws.db.execute(sql + " ORDER BY seq", params).fetchall()
    out = []
    for row in rows:
        values = dict(zip(_COLUMNS, row))
        values["categories"] = json.loads(values["categories"])
        values["splits"] = json.loads(values["splits"])
        out.append(Manifest(**values))
    statuses: dict[str, str] = {}
    for manifest in out:
        if manifest.name not in statuses:
            statuses[manifest.name] = audit_status(ws, manifest.name)
        manifest.audit_status = statuses[manifest.name]
    return out


def latest(ws, name: str) -> Manifest | None:
    found = versions(ws, name)
    return found[-1] if found else None


def audit_status(ws, name: str) -> str:
    """The PHI audit status of ``name`` from core.phi, or "not audited"."""
    try:
        from core.phi import latest_audit  # the PHI area owns audits; optional at import time
    except ImportError:
        return "not audited"
    result = latest_audit(ws, name)
    if result is None:
        return "not audited"
    for key in ("status", "verdict", "outcome"):
        value = result.get(key) if isinstance(result, dict) else getattr(result, key, None)
        if value:
            return str(value)
    passed = result.get("passed") if isinstance(result, dict) else getattr(result, "passed", None)
    if passed is not None:
        return "passed" if passed else "failed"
    return "audited"


def export_csv(ws, path: Path, name: str | None = None) -> int:
    """The tracking table (one row per version) as CSV; returns the row count."""
    rows = versions(ws, name)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*_COLUMNS, "audit_status"])
        for m in rows:
            values = asdict(m)
            values["categories"] = json.dumps(m.categories, sort_keys=True)
            values["splits"] = json.dumps(m.splits, sort_keys=True)
            writer.writerow([values[c] for c in _COLUMNS] + [m.audit_status])
    return len(rows)
