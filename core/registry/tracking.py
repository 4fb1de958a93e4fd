"""Export of the tracking tables (datasets, runs, evaluations, regressions, costs, models) as CSV.

Each table goes to ``<folder>/<table>.csv`` with every column as stored
(JSON columns as text). ``costs.csv`` is derived from the training runs'
estimate and actual columns, one row per run status change that carries a
figure. Tables of components not installed in this workspace are skipped
and listed as such. No patient data lives in these tables.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from core.security.roles import Permission

#: The tracking tables, in the order of the retraining workflow. A table that
#: does not exist (its component not built) is skipped.
TRACKING_TABLES = ("dataset_versions", "phi_audits", "training_runs", "evaluations", "regressions",
                   "model_versions", "model_events", "project_milestones")

#: Columns left out of the CSV: report bodies may quote what an audit flagged, and a CSV is
#: plain text outside the encrypted database.
_LEFT_OUT = {"phi_audits": {"report_md", "report_html"}}

_COST_COLUMNS = ("seq", "run_id", "ts", "status", "dataset", "device", "total_tokens", "estimated_hours",
                 "estimated_local_cost", "currency", "actual_seconds", "actual_tokens", "actual_energy_kwh",
                 "actual_local_cost", "hosted_comparison")


@dataclass(frozen=True)
class TrackingExport:
    folder: Path
    files: dict[str, int]  # file name -> rows
    skipped: list[str]


def existing_tables(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}


def export_tracking(ws, folder: Path) -> TrackingExport:
    """Write every tracking table to CSV under ``folder`` (created if needed); audited.

    Raises:
        PermissionDenied: not allowed to see training data (TRAIN).
    """
    ws.require(Permission.TRAIN)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    present = existing_tables(ws.db)
    files: dict[str, int] = {}
    skipped = []
    for table in TRACKING_TABLES:
        if table not in present:
            skipped.append(table)
            continue
        cursor = ws.db.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        columns = [d[0] for d in cursor.description]
        keep = [i for i, c in enumerate(columns) if c not in _LEFT_OUT.get(table, ())]
        columns = [columns[i] for i in keep]
        rows = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
        _write(folder / f"{table}.csv", columns, rows)
        files[f"{table}.csv"] = len(rows)
    if "training_runs" in present:
        rows = cost_rows(ws.db)
        _write(folder / "costs.csv", _COST_COLUMNS, rows)
        files["costs.csv"] = len(rows)
    ws.audit.record("tracking.export", None, None, {"files": sorted(files), "rows": sum(files.values()),
                                                    "skipped": skipped})
    return TrackingExport(folder, files, skipped)


def cost_rows(db) -> list[tuple]:
    """One row per training-run status change that carries an estimate or an actual cost."""
    out = []
    for seq, run_id, ts, status, dataset, estimate, actual in db.execute(
            "SELECT seq, run_id, ts, status, dataset, estimate, actual FROM training_runs ORDER BY seq"):
        est, act = json.loads(estimate or "{}"), json.loads(actual or "{}")
        if not est and not act:
            continue
        hosted = "; ".join(f"{h['provider']} {h['model']}: {h['usd']:.2f} USD" for h in est.get("hosted", []))
        out.append((seq, run_id, ts, status, dataset, est.get("device", ""), est.get("total_tokens", ""),
                    _round(est.get("hours")), _round(est.get("local_cost")), est.get("currency", ""),
                    _round(act.get("seconds")), act.get("tokens", ""), _round(act.get("energy_kwh")),
                    _round(act.get("local_cost")), hosted))
    return out


def _round(value) -> str:
    return "" if value is None else f"{float(value):.6g}"


def _write(path: Path, columns, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
