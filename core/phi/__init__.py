"""PHI detection, redaction and the HIPAA Safe Harbor audit gate before training.

Public API (Presidio loads on first scan, not on import):
    scan_text, scan_texts, redact, redact_texts, Finding  -- core.phi.scan
    audit_dataset, PhiAuditResult                        -- core.phi.audit
    FictionalLists                                       -- core.phi.authenticity
    write_report                                         -- core.phi.report
    record_audit, latest_audit, require_passing_audit    -- core.phi.gate
    HipaaIdentifier, Severity                            -- core.phi.hipaa
"""

from __future__ import annotations

from core.phi.audit import PhiAuditResult, audit_dataset
from core.phi.authenticity import FictionalLists
from core.phi.gate import PhiAuditRequired, latest_audit, record_audit, require_passing_audit
from core.phi.hipaa import HipaaIdentifier, Severity
from core.phi.report import write_report
from core.phi.scan import Finding, redact, redact_texts, scan_text, scan_texts

__all__ = ["FictionalLists", "Finding", "HipaaIdentifier", "PhiAuditRequired", "PhiAuditResult", "Severity",
           "audit_dataset", "latest_audit", "record_audit", "redact", "redact_texts", "require_passing_audit",
           "scan_text", "scan_texts", "write_report"]
