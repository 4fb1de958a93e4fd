"""The whole PHI audit of a stored dataset, in steps a caller can follow and stop.

    for step in audit_stored_dataset(ws, "clinic-v1"):
        print(step.done, step.total)      # records scanned so far
    step.outcome.result.passed            # the last step carries the outcome

What ``prescreen phi audit NAME`` does, cut into chunks of records so the
admin's desktop can show progress and the time left and stop between chunks
(closing the generator stops it; a stopped audit records nothing): fingerprint the files (before reading: a file changed mid-audit then fails the
gate), read every JSONL line, scan and judge each chunk, write the compliance
report (Markdown and HTML) and record the verdict with its audit event.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from core.phi.audit import PhiAuditResult, audit_dataset
from core.security.roles import Permission

CHUNK = 48  # records per step: a step takes about a second on 2 cores once Presidio is loaded


@dataclass(frozen=True)
class StoredAudit:
    """The outcome: the result (masked findings only), the report files and the stored record."""

    result: PhiAuditResult
    report_md: Path
    report_html: Path
    record: object  # core.phi.gate.AuditRecord
    files: int


@dataclass(frozen=True)
class AuditStep:
    done: int  # records scanned
    total: int
    outcome: StoredAudit | None = None  # set on the last step


def audit_stored_dataset(ws, name: str, *, authenticity: bool = True, chunk: int = CHUNK) -> Iterator[AuditStep]:
    """Audit dataset ``name`` step by step; the last step carries the outcome.

    Args:
        ws: the open workspace.
        name: the dataset (a folder under the workspace's ``datasets/``).
        authenticity: check names and places against the generator's fictional lists.
        chunk: records per step.

    Raises:
        PermissionDenied: the user may not manage data (audited).
        ValidationError / NotFoundError: not a dataset name, no such dataset.
    """
    from core.datasets.store import check_name
    from core.phi.authenticity import FictionalLists
    from core.phi.dataset_files import fingerprint, read_dataset_folder
    from core.phi.gate import record_audit
    from core.phi.report import write_report

    ws.require(Permission.MANAGE_DATA)
    name = check_name(name)
    folder = ws.paths.datasets / name
    digest = fingerprint(folder)
    lines = read_dataset_folder(folder)
    lists = FictionalLists.from_generator() if authenticity else None
    total = len(lines.records)
    yield AuditStep(0, total)
    parts: list[PhiAuditResult] = []
    for start in range(0, total, max(1, chunk)):
        end = min(total, start + chunk)
        parts.append(audit_dataset(lines.records[start:end], authenticity=lists, name=name,
                                   labels=lines.labels[start:end]))
        yield AuditStep(end, total)  # the caller may stop here: nothing is recorded yet
    result = PhiAuditResult(name, sum(p.records for p in parts), sum(p.texts for p in parts),
                            [f for p in parts for f in p.findings],
                            lists.sources[0] if lists and lists.sources else None, list(lines.unreadable))
    md, html = write_report(result, ws.paths.reports)
    record = record_audit(ws, name, result, (md, html), content_sha256=digest)
    yield AuditStep(total, total, StoredAudit(result, md, html, record, lines.files))


__all__ = ["AuditStep", "StoredAudit", "audit_stored_dataset"]
