"""Recording audits and the gate training passes through: no open Critical/High PHI.

    record_audit(ws, "clinic-v1", result, (md, html))  # after `phi audit`
    require_passing_audit(ws, "clinic-v1")             # before a training run
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.errors import PrescreenError
from core.phi.audit import PhiAuditResult
from core.security.roles import Permission


class PhiAuditRequired(PrescreenError):
    """The dataset has no passing PHI audit, so it may not be trained on."""


@dataclass(frozen=True)
class AuditRecord:
    """One row of ``phi_audits``."""

    seq: int
    dataset_name: str
    created_at: str
    created_by: str
    passed: bool
    blocking_open: int
    records: int
    texts: int
    counts: dict
    severities: dict
    authenticity: str | None
    report_md: str | None
    report_html: str | None
    content_sha256: str | None = None

    @property
    def status(self) -> str:
        """"passed" or "failed", as the dataset manifest shows it."""
        return "passed" if self.passed else "failed"

    def get(self, key: str, default=None):
        """Dict-style access, so callers may treat the record as a mapping."""
        return getattr(self, key, default)


def record_audit(ws, dataset_name: str, result: PhiAuditResult,
                 report_paths: tuple[Path, Path] | None = None, content_sha256: str | None = None) -> AuditRecord:
    """Store the audit's verdict and counts and its audit-log event in one commit.

    Args:
        content_sha256: fingerprint of the audited files (:func:`core.phi.dataset_files.fingerprint`);
            when given, the gate refuses the dataset once its files change.

    Raises:
        PermissionDenied: the user may not manage data.
    """
    ws.require(Permission.MANAGE_DATA)
    md, html = (str(p) for p in report_paths) if report_paths else (None, None)
    counts = result.counts()
    severities = result.severity_counts()
    authenticity = json.dumps(result.authenticity(), sort_keys=True)
    with ws.transaction():
        cursor = ws.db.execute(
            "INSERT INTO phi_audits (dataset_name, created_at, created_by, passed, blocking_open, records, texts, "
            "counts_json, severity_json, authenticity, report_md, report_html, content_sha256) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (dataset_name, result.created, ws.user.username, int(result.passed), len(result.blocking),
             result.records, result.texts, json.dumps(counts, sort_keys=True), json.dumps(severities),
             authenticity, md, html, content_sha256),
        )
        # Counts only: the audit log must never hold PHI (and takes flat scalar details).
        detail = {"passed": result.passed, "blocking_open": len(result.blocking), "findings": len(result.findings),
                  **{f"open_{label.lower()}": n for label, n in severities.items()},
                  **{f"findings_{name.lower()}": c["findings"] for name, c in counts.items() if c["findings"]}}
        ws.audit.record("phi.audit", "dataset", dataset_name, detail)
    return _by_seq(ws, cursor.lastrowid)


_COLUMNS = ("seq, dataset_name, created_at, created_by, passed, blocking_open, records, texts, counts_json, "
            "severity_json, authenticity, report_md, report_html, content_sha256")


def _row(row) -> AuditRecord:
    values = list(row)
    values[4] = bool(values[4])
    values[8], values[9] = json.loads(values[8]), json.loads(values[9])
    return AuditRecord(*values)


def _by_seq(ws, seq) -> AuditRecord:
    return _row(ws.db.execute(f"SELECT {_COLUMNS} FROM phi_audits WHERE seq = ?", (seq,)).fetchone())


def latest_audit(ws, dataset_name: str) -> AuditRecord | None:
    """The most recent audit of ``dataset_name``, or None if it was never audited."""
    row = ws.db.execute(f"SELECT {_COLUMNS} FROM phi_audits WHERE dataset_name = ? ORDER BY seq DESC LIMIT 1",
                        (dataset_name,)).fetchone()
    return _row(row) if row else None


def audit_history(ws, dataset_name: str | None = None) -> list[AuditRecord]:
    """Every audit, oldest first (of one dataset when named)."""
    sql, params = f"SELECT {_COLUMNS} FROM phi_audits", ()
    if dataset_name:
        sql, params = sql + " WHERE dataset_name = ?", (dataset_name,)
    return [_row(r) for r in ws.db.execute(sql + " ORDER BY seq", params).fetchall()]


def blocking_classes(counts: dict) -> str:
    """The classes that block, from a stored audit's counts: "facility name 2, person name 1".

    Audits stored before classes were counted name their identifiers instead.
    """
    from core.phi.hipaa import HipaaIdentifier
    from core.phi.report import class_label

    per_type: dict[str, int] = {}
    for name, c in counts.items():
        types = c.get("blocking_types")
        if types:
            for entity_type, n in types.items():
                per_type[class_label(entity_type)] = per_type.get(class_label(entity_type), 0) + n
        elif types is None and c.get("worst_open") in ("Critical", "High"):
            label = HipaaIdentifier[name].label if name in HipaaIdentifier.__members__ else name
            per_type[label] = per_type.get(label, 0) + c.get("open", 0)
    return ", ".join(f"{label} {n}" for label, n in sorted(per_type.items(), key=lambda kv: (-kv[1], kv[0])))


def require_passing_audit(ws, dataset_name: str) -> AuditRecord:
    """The latest audit of ``dataset_name`` if it passed; training calls this first.

    Raises:
        PhiAuditRequired: never audited, the latest audit has open Critical/High findings, or the
            dataset's files changed since that audit.
    """
    from core.phi.dataset_files import fingerprint

    latest = latest_audit(ws, dataset_name)
    if latest is None:
        raise PhiAuditRequired(f"dataset '{dataset_name}' has no PHI audit: run `prescreen phi audit "
                               f"{dataset_name}` and resolve its findings before training")
    if not latest.passed:
        open_ = ", ".join(f"{n} {label}" for label, n in latest.severities.items()
                          if n and label in ("Critical", "High"))
        classes = blocking_classes(latest.counts)
        raise PhiAuditRequired(
            f"dataset '{dataset_name}' failed its PHI audit of {latest.created_at}: {latest.blocking_open} open "
            f"Critical/High findings ({open_ or 'unreadable lines'})" + (f" in {classes}" if classes else "") +
            f"; see {latest.report_md or 'the audit report'}, fix the data and audit again")
    if latest.content_sha256 and fingerprint(ws.paths.datasets / dataset_name) != latest.content_sha256:
        raise PhiAuditRequired(f"dataset '{dataset_name}' changed since its PHI audit of {latest.created_at}: "
                               f"run `prescreen phi audit {dataset_name}` again before training")
    return latest
