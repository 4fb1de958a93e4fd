"""The PHI audit: severities, authenticity, checklist, report, tracking table and training gate."""

from __future__ import annotations

import json

import pytest
from conftest import make_user

from core.errors import PermissionDenied, PrescreenError
from core.phi.hipaa import HipaaIdentifier, Severity

# Invented lists standing in for the generator's (tests must not depend on its exact content).
LISTS_KW = dict(person_names=["Orlin Mistlemere", "Dr. Wrenna Kettlewick"], place_names=["Lake Quillon"],
                zip_codes=["00011"], phone_numbers=["(555) 555-0114"], mrn_prefix="SYN-MRN-")

SYNTHETIC = [
    {"id": "r1", "messages": [{"role": "user", "content": "Pt Orlin Mistlemere, 45 yo, lives in Lake Quillon."},
                              {"role": "assistant", "content": "Seen by Dr. Kettlewick; call (555) 555-0114."}]},
    {"id": "r2", "text": "MRN SYN-MRN-004211; 62-year-old on metformin since 2019, pain 7/10."},
    {"id": "r3", "text": "No identifiers here: BP 148/92, HR 88, follow up in 3 weeks."},
]
LEAKY = SYNTHETIC + [{"id": "r4", "text": "Seen by Dr. Harriet Vandermolen on 03/14/2019 in Boston, SSN 449-77-9276."}]


@pytest.fixture(scope="session")
def lists():
    from core.phi.authenticity import FictionalLists
    from core.phi.engine import get_analyzer

    get_analyzer()
    return FictionalLists.from_lists(**LISTS_KW)


def test_synthetic_records_pass_with_every_finding_verified_fictional(lists):
    from core.phi import audit_dataset

    result = audit_dataset(SYNTHETIC, authenticity=lists, name="syn")
    assert result.passed and result.blocking == []
    kinds = {(f.entity_type, f.authenticity, f.severity, f.open) for f in result.findings}
    assert ("PERSON", "fictional", Severity.LOW, False) in kinds
    assert ("LOCATION", "fictional", Severity.LOW, False) in kinds
    assert ("MEDICAL_RECORD_NUMBER", "fictional", Severity.LOW, False) in kinds
    assert ("PHONE_NUMBER", "fictional", Severity.LOW, False) in kinds
    assert result.records == 3 and result.texts == 9  # every string: ids and roles too
    assert result.authenticity()["not_on_lists"] == 0


def test_a_real_looking_name_is_an_open_critical_leak(lists):
    from core.phi import audit_dataset

    result = audit_dataset(LEAKY, authenticity=lists, name="leaky")
    assert not result.passed
    leaked = [f for f in result.findings if f.record == "r4"]
    by_type = {f.entity_type: f for f in leaked}
    assert by_type["PERSON"].severity is Severity.CRITICAL and by_type["PERSON"].open
    assert by_type["PERSON"].authenticity == "not on the fictional lists"
    assert by_type["LOCATION"].severity is Severity.HIGH
    assert by_type["DATE"].authenticity == "no list for this identifier"
    assert by_type["US_SSN"].severity is Severity.CRITICAL
    summary = result.by_identifier()
    assert len(summary) == 18
    assert not summary[HipaaIdentifier.NAMES].passed and summary[HipaaIdentifier.NAMES].status == "fail"
    assert summary[HipaaIdentifier.URL].status == "pass"
    assert result.severity_counts()["Critical"] == 2  # the name and the SSN


def test_without_lists_every_name_stays_open(lists):
    from core.phi import audit_dataset

    result = audit_dataset(SYNTHETIC, authenticity=None, name="syn")
    assert not result.passed
    assert all(f.authenticity == "not checked" and f.open for f in result.findings)
    item = next(i for i in result.checklist() if "fictional lists" in i.label)
    assert item.passed is None


def test_unreadable_lines_fail_the_audit(lists):
    from core.phi import audit_dataset

    result = audit_dataset(SYNTHETIC, authenticity=lists, unreadable=["processed/x.jsonl:3 (bad JSON)"])
    assert not result.passed
    assert result.checklist()[0].passed is False


def test_findings_and_reports_hold_only_masked_phi(lists, tmp_path):
    from core.phi import audit_dataset, write_report

    result = audit_dataset(LEAKY, authenticity=lists, name="leaky")
    md, html = write_report(result, tmp_path)
    for path in (md, html):
        body = path.read_text(encoding="utf-8")
        for secret in ("Vandermolen", "Harriet", "449-77-9276", "03/14/2019", "Boston", "Mistlemere"):
            assert secret not in body, (path.name, secret)
        assert "FAIL" in body and "Names" in body and "Other unique identifiers" in body
    assert "H***" in md.read_text(encoding="utf-8")
    assert md.suffix == ".md" and html.suffix == ".html"
    assert "<table>" in html.read_text(encoding="utf-8")
    for f in result.findings:
        assert "Vandermolen" not in f.excerpt + f.masked + repr(f)


def test_checklist_lists_each_safe_harbor_group(lists):
    from core.phi import audit_dataset

    labels = {i.label: i.passed for i in audit_dataset(LEAKY, authenticity=lists).checklist()}
    assert labels["No open Critical findings"] is False
    assert labels["No full dates or ages over 89"] is False
    assert labels["No biometric identifiers or full-face images"] is True
    assert labels["Names and places come from the generator's fictional lists"] is False


def test_generator_lists_are_used_when_present():
    from core.phi.authenticity import FictionalLists

    lists = FictionalLists.from_generator()
    if lists is None:
        pytest.skip("core.datasets.fictional not installed: no authenticity list")
    from core.datasets import fictional

    name = f"{fictional.FIRST_NAMES[0]} {fictional.LAST_NAMES[0]}"
    assert lists.verify(HipaaIdentifier.NAMES, "PERSON", name) is True
    assert lists.verify(HipaaIdentifier.NAMES, "PERSON", "Harriet Vandermolen") is False
    assert lists.verify(HipaaIdentifier.GEOGRAPHIC, "LOCATION", fictional.CITIES[0]) is True


# --- tracking table and training gate ----------------------------------------------------------

def test_record_latest_and_gate(workspace, lists, tmp_path):
    from core.phi import audit_dataset, latest_audit, record_audit, require_passing_audit
    from core.phi.gate import PhiAuditRequired

    with pytest.raises(PhiAuditRequired, match="no PHI audit"):
        require_passing_audit(workspace, "clinic-v1")
    failed = audit_dataset(LEAKY, authenticity=lists, name="clinic-v1")
    record_audit(workspace, "clinic-v1", failed, (tmp_path / "a.md", tmp_path / "a.html"))
    with pytest.raises(PhiAuditRequired, match=r"4 open Critical/High findings \(2 Critical, 2 High\)") as err:
        require_passing_audit(workspace, "clinic-v1")
    assert isinstance(err.value, PrescreenError) and "a.md" in str(err.value)
    assert latest_audit(workspace, "clinic-v1").status == "failed"

    passed = audit_dataset(SYNTHETIC, authenticity=lists, name="clinic-v1")
    record_audit(workspace, "clinic-v1", passed)
    latest = require_passing_audit(workspace, "clinic-v1")
    assert latest.passed and latest.status == "passed" and latest.created_by == "admin"
    assert latest.counts["NAMES"]["findings"] >= 2 and latest.counts["NAMES"]["open"] == 0
    assert latest_audit(workspace, "other") is None


def test_audit_table_is_append_only(workspace, lists):
    from core.phi import audit_dataset, record_audit

    record_audit(workspace, "d", audit_dataset(SYNTHETIC, authenticity=lists, name="d"))
    for sql in ("UPDATE phi_audits SET passed = 1", "DELETE FROM phi_audits"):
        with pytest.raises(Exception, match="append-only"):
            workspace.db.execute(sql)
    assert workspace.db.execute("SELECT COUNT(*) FROM phi_audits").fetchone()[0] == 1


def test_audit_event_carries_counts_not_phi(workspace, lists):
    from core.phi import audit_dataset, record_audit

    record_audit(workspace, "leaky", audit_dataset(LEAKY, authenticity=lists, name="leaky"))
    action, object_id, detail = workspace.db.execute(
        "SELECT action, object_id, detail FROM audit_events WHERE action = 'phi.audit'").fetchone()
    assert object_id == "leaky"
    parsed = json.loads(detail)
    assert parsed["passed"] is False and parsed["findings_names"] >= 3 and parsed["open_critical"] == 2
    for secret in ("Vandermolen", "449-77-9276", "Boston", "Mistlemere"):
        assert secret not in detail


def test_recording_needs_manage_data(workspace, lists, home):
    from core.phi import audit_dataset, record_audit
    from core.workspace import Workspace

    password = make_user(workspace, "nurse1", "nurse")
    with Workspace.open(home, "nurse1", password) as nurse_ws:
        with pytest.raises(PermissionDenied):
            record_audit(nurse_ws, "d", audit_dataset(SYNTHETIC, authenticity=lists, name="d"))
    assert workspace.db.execute("SELECT COUNT(*) FROM phi_audits").fetchone()[0] == 0
