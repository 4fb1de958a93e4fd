"""The Safe Harbor checklist shown at the top of a compliance report."""

from __future__ import annotations

from core.phi.hipaa import HipaaIdentifier as H
from core.phi.hipaa import Severity

_GROUPS = [
    ("No full dates or ages over 89", (H.DATES,)),
    ("No contact details (address below state level, telephone, fax, e-mail)", (H.GEOGRAPHIC, H.TELEPHONE, H.FAX,
                                                                                H.EMAIL)),
    ("No record, plan, account, licence, vehicle, device or other unique numbers",
     (H.SSN, H.MEDICAL_RECORD, H.HEALTH_PLAN, H.ACCOUNT, H.CERTIFICATE_LICENSE, H.VEHICLE, H.DEVICE, H.OTHER_UNIQUE)),
    ("No web addresses or IP addresses", (H.URL, H.IP_ADDRESS)),
    ("No biometric identifiers or full-face images", (H.BIOMETRIC, H.PHOTO)),
]


def build_checklist(result) -> list:
    """Checklist items for a :class:`core.phi.audit.PhiAuditResult`."""
    from core.phi.audit import ChecklistItem

    summary = result.by_identifier()
    severities = result.severity_counts()
    auth = result.authenticity()
    items = [
        ChecklistItem("Every text field of every record scanned", result.texts > 0 and not result.unreadable,
                      f"{result.records} records, {result.texts} text fields"
                      + (f"; {len(result.unreadable)} unreadable lines" if result.unreadable else "")),
        ChecklistItem("All 18 Safe Harbor identifiers checked", True,
                      "recognizers for each identifier (see the table below)"),
        ChecklistItem("No open Critical findings", severities[Severity.CRITICAL.label] == 0,
                      f"{severities[Severity.CRITICAL.label]} open"),
        ChecklistItem("No open High findings", severities[Severity.HIGH.label] == 0,
                      f"{severities[Severity.HIGH.label]} open"),
    ]
    if auth["source"]:
        items.append(ChecklistItem("Names and places come from the generator's fictional lists",
                                   auth["not_on_lists"] == 0,
                                   f"{auth['fictional']} of {auth['checked']} verified fictional "
                                   f"(lists: {auth['source']})"))
    else:
        items.append(ChecklistItem("Names and places come from the generator's fictional lists", None,
                                   "not checked: no fictional lists given"))
    for label, identifiers in _GROUPS:
        failing = [summary[i] for i in identifiers if not summary[i].passed]
        detail = ", ".join(f"{s.identifier.label}: {s.open} open" for s in failing) or "none open"
        items.append(ChecklistItem(label, not failing, detail))
    items.append(ChecklistItem("Medium findings reviewed", None if severities[Severity.MEDIUM.label] else True,
                               f"{severities[Severity.MEDIUM.label]} open Medium findings to review by hand"))
    return items
