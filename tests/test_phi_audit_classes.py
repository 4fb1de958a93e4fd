"""The audit names the classes it found (facility names among them) and the gate blocks on them."""

from __future__ import annotations

import pytest

TEXTS = [
    {"id": "a", "text": "Transferred from Ellerby General Hospital to St. Barnabas's; Babinski sign positive."},
    {"id": "b", "text": "Case #CS-2022-00871 opened; seen at the clinic and the ER."},
    {"id": "c", "text": "Parkinson's disease, Glasgow Coma Scale 15, seen at an urgent care in 2019."},
]


@pytest.fixture(scope="module")
def result():
    from core.phi import audit_dataset
    from core.phi.engine import get_analyzer

    get_analyzer()
    return audit_dataset(TEXTS, authenticity=None, name="classes")


def test_classes_found_are_counted(result):
    assert result.classes_found() == {"FACILITY": {"findings": 2, "open": 2}, "OTHER_ID": {"findings": 1, "open": 1}}
    assert not result.passed
    geographic = result.counts()["GEOGRAPHIC"]
    assert geographic["blocking_types"] == {"FACILITY": 2} and geographic["worst_open"] == "High"
    assert not [f for f in result.findings if f.record == "c"]  # eponyms, a score, a generic place, a year


def test_report_names_the_classes(result):
    from core.phi.report import render_html, render_markdown

    md = render_markdown(result)
    assert "**Classes found:** facility name 2 (2 open), other identifier" in md
    assert "| 2 | Geographic subdivisions | facility name 2 (2 open) |" in md
    assert "Ellerby" not in md and "Barnabas" not in md and "CS-2022" not in md  # masked excerpts only
    assert "facility name" in render_html(result)


def test_gate_blocks_and_names_the_classes(workspace, result):
    from core.phi import record_audit, require_passing_audit
    from core.phi.gate import PhiAuditRequired

    record_audit(workspace, "classes", result)
    with pytest.raises(PhiAuditRequired, match=r"3 open Critical/High findings \(3 High\) in facility name 2, "
                                               r"other identifier"):
        require_passing_audit(workspace, "classes")


def test_blocking_classes_reads_audits_stored_before_classes_were_counted():
    from core.phi.gate import blocking_classes

    old = {"NAMES": {"findings": 2, "open": 2, "worst_open": "Critical"},
           "DATES": {"findings": 1, "open": 0, "worst_open": None}}
    assert blocking_classes(old) == "Names 2"
