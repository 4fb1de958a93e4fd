"""`prescreen phi audit|scan|redact` end to end: real workspace, real Presidio."""

from __future__ import annotations

import json

import pytest
from conftest import ADMIN, ADMIN_PASSWORD, make_user


@pytest.fixture
def phi_home(home):
    """A real workspace with a nurse, and the analyzer warm (shared by the session)."""
    from core.phi.engine import get_analyzer
    from core.workspace import Workspace

    get_analyzer()
    with Workspace.create(home, ADMIN, ADMIN_PASSWORD) as ws:
        nurse_password = make_user(ws, "nurse1", "nurse")
        datasets = ws.paths.datasets
    return home, datasets, nurse_password


def _write_jsonl(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")


def _fictional():
    return pytest.importorskip("core.datasets.fictional", reason="no generator lists: no authenticity check")


def test_scan_writes_findings_per_line_and_survives_bad_lines(cli, phi_home, tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_jsonl(source, [{"id": "a", "text": "Seen by Dr. Quenby on 03/14/2019."}, "{not json",
                          {"id": 7, "text": "62 yo on metformin since 2019."}, {"id": "b", "body": "no text"},
                          {"id": "c", "text": "MRN 00483921"}])
    rc, _, err = cli("phi", "scan", "--input", source, "--output", out, user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0, err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", None, 7, "b", "c"]
    assert [(f["entity_type"], f["start"], f["end"]) for f in rows[0]["findings"]] == [("PERSON", 12, 18),
                                                                                      ("DATE", 22, 32)]
    assert set(rows[0]["findings"][0]) == {"entity_type", "start", "end", "score"}
    assert "not valid JSON" in rows[1]["error"] and "line 2" in rows[1]["error"]
    assert rows[2]["findings"] == []
    assert 'no "text"' in rows[3]["error"]
    assert rows[4]["findings"][0]["entity_type"] == "MEDICAL_RECORD_NUMBER"
    assert "2 with errors" in err


def test_redact_text_and_jsonl(cli, phi_home, tmp_path):
    rc, out, err = cli("phi", "redact", "--text", "Pt J. Brackwell, DOB 03/14/1931, MRN 00483921.",
                       user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0, err
    assert out.strip() == "Pt [NAME], DOB [DATE], MRN [MRN]."
    source, dest = tmp_path / "in.jsonl", tmp_path / "red.jsonl"
    _write_jsonl(source, [{"id": 1, "text": "Call (503) 555-0134 today."}, "[1, 2]"])
    rc, _, err = cli("phi", "redact", "--input", source, "--output", dest, user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0, err
    rows = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == {"id": 1, "text": "Call [PHONE] today."}
    assert rows[1]["id"] is None and "not a JSON object" in rows[1]["error"]


def test_redact_without_input_names_the_fix(cli, phi_home):
    rc, _, err = cli("phi", "redact", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 2 and "--text" in err and "--input" in err


def test_nurse_may_not_use_phi_commands(cli, phi_home):
    _, _, nurse_password = phi_home
    rc, out, err = cli("phi", "redact", "--text", "Dr. Quenby", user="nurse1", password=nurse_password)
    assert rc == 2 and "Quenby" not in out


def test_audit_passes_fictional_data_and_records_it(cli, phi_home):
    home, datasets, _ = phi_home
    f = _fictional()
    name = f"{f.FIRST_NAMES[0]} {f.LAST_NAMES[0]}"
    _write_jsonl(datasets / "clinic-a" / "processed" / "triage.jsonl", [
        {"id": "t1", "messages": [{"role": "user",
                                   "content": f"Pt {name}, 54 yo, from {f.CITIES[0]}, chest pain 2 days ago."}]},
        {"id": "t2", "input": "62 yo on metformin since 2019; BP 148/92.", "output": "Priority: HIGH"},
    ])
    rc, out, err = cli("phi", "audit", "clinic-a", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0, out + err
    assert "PASSED" in out and f.LAST_NAMES[0] not in out
    from core.phi import latest_audit, require_passing_audit
    from core.workspace import Workspace

    with Workspace.open(home, ADMIN, ADMIN_PASSWORD) as ws:
        record = require_passing_audit(ws, "clinic-a")
        assert record.counts["NAMES"]["findings"] == 1 and record.counts["NAMES"]["open"] == 0
        md = (ws.paths.reports / record.report_md.split("/")[-1]).read_text(encoding="utf-8")
        assert "PASSED" in md and f.LAST_NAMES[0] not in md
        assert latest_audit(ws, "clinic-a").status == "passed"
        # Regenerating the data after the audit voids it: training must wait for a new audit.
        with (datasets / "clinic-a" / "processed" / "triage.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"id": "t3", "input": "new case"}) + "\n")
        from core.phi.gate import PhiAuditRequired

        with pytest.raises(PhiAuditRequired, match="changed since its PHI audit"):
            require_passing_audit(ws, "clinic-a")


def test_audit_fails_on_a_real_looking_name_and_a_bad_line(cli, phi_home):
    home, datasets, _ = phi_home
    _write_jsonl(datasets / "leaky" / "raw" / "notes.jsonl",
                 [{"note": "Seen by Dr. Harriet Vandermolen on 03/14/2019."}, "{broken"])
    rc, out, err = cli("phi", "audit", "leaky", "--json", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 1, err
    summary = json.loads(out)
    assert summary["passed"] is False and summary["unreadable"] == 1
    assert summary["identifiers"]["NAMES"]["worst_open"] == "Critical"
    assert "Vandermolen" not in out
    from core.phi import require_passing_audit
    from core.phi.gate import PhiAuditRequired
    from core.workspace import Workspace

    with Workspace.open(home, ADMIN, ADMIN_PASSWORD) as ws:
        with pytest.raises(PhiAuditRequired, match="failed its PHI audit"):
            require_passing_audit(ws, "leaky")
        detail = ws.db.execute("SELECT detail FROM audit_events WHERE action = 'phi.audit'").fetchone()[0]
        assert "Vandermolen" not in detail


def test_audit_of_a_missing_dataset_is_a_clear_error(cli, phi_home):
    rc, _, err = cli("phi", "audit", "nope", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 2 and "'nope' does not exist" in err
