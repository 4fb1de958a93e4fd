"""PHI detection, redaction and the HIPAA Safe Harbor audit gate before training.

Public API (Presidio loads on first use, not on import):
    scan_text, scan_texts, redact, redact_texts, Finding  -- core.phi.scan
    audit_dataset, PhiAuditResult                        -- core.phi.audit
    write_report                                         -- core.phi.report
    record_audit, latest_audit, require_passing_audit    -- core.phi.gate
    HipaaIdentifier, Severity                            -- core.phi.hipaa
"""

from __future__ import annotations

from core.phi.hipaa import HipaaIdentifier, Severity
from core.phi.scan import Finding, redact, redact_texts, scan_text, scan_texts

__all__ = ["Finding", "HipaaIdentifier", "Severity", "redact", "redact_texts", "scan_text", "scan_texts"]
