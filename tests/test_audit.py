"""The audit chain: append-only in the database, every kind of tampering named."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import ADMIN, ADMIN_PASSWORD
from core.audit.log import ChainHead, chain_step, leaf_hash
from core.errors import ValidationError
from core.store import db as store
from core.workspace import Workspace


def _fill(ws, n=12):
    for i in range(n):
        ws.audit.record("case.open", "case", f"c{i}", {"n": i})


def _second_connection(ws):
    """A separate connection opened with the real key, as a tamperer with the key would."""
    return store.connect(ws.paths.database, ws._data_key)


def test_chain_verifies_and_uses_domain_separation(workspace):
    _fill(workspace)
    report = workspace.audit.verify()
    assert report.ok, report.summary()
    events = workspace.audit.events()
    first = events[0]
    assert first.leaf_hash == leaf_hash(first.seq, first.ts, first.actor, first.role, first.action,
                                        first.object_type, first.object_id, first.outcome, first.detail)
    # leaf and node hashes are different functions of the same bytes (0x00 vs 0x01 prefix)
    assert chain_step("0" * 64, first.leaf_hash) == first.chain_hash
    assert first.leaf_hash != first.chain_hash


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2",
    "DELETE FROM audit_events WHERE seq = 2",
])
def test_update_and_delete_are_refused_by_the_database(workspace, statement):
    _fill(workspace, 3)
    with pytest.raises(Exception, match="append-only"):
        workspace.db.execute(statement)
    assert workspace.audit.verify().ok


def _tamper(ws, *statements):
    conn = _second_connection(ws)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def test_changed_row_is_named(workspace):
    _fill(workspace)
    _tamper(workspace, "UPDATE audit_events SET object_id = 'c999' WHERE seq = 7")
    report = workspace.audit.verify()
    assert not report.ok and report.first_bad_seq == 7
    assert any("#7" in p and "changed" in p for p in report.problems)
    assert any("guard trigger" in p for p in report.problems)


def test_deleted_row_is_named(workspace):
    _fill(workspace)
    _tamper(workspace, "DELETE FROM audit_events WHERE seq = 5")
    report = workspace.audit.verify()
    assert report.first_bad_seq == 6 and "deleted" in report.summary()


def test_reordered_rows_are_named(workspace):
    _fill(workspace)
    # swap the contents of events 4 and 5, keeping their hashes with them
    cols = "ts, actor, role, action, object_type, object_id, outcome, detail, leaf_hash, chain_hash"
    conn = _second_connection(workspace)
    conn.execute("DROP TRIGGER audit_events_no_update")
    row4 = conn.execute(f"SELECT {cols} FROM audit_events WHERE seq = 4").fetchone()
    row5 = conn.execute(f"SELECT {cols} FROM audit_events WHERE seq = 5").fetchone()
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    conn.execute(f"UPDATE audit_events SET {sets} WHERE seq = 4", row5)
    conn.execute(f"UPDATE audit_events SET {sets} WHERE seq = 5", row4)
    conn.close()
    assert workspace.audit.verify().first_bad_seq == 4


def test_inserted_row_is_named(workspace):
    _fill(workspace)
    events = workspace.audit.events()
    forged = events[5]
    _tamper(workspace,
            "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 6",
            "UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1006")
    conn = _second_connection(workspace)
    conn.execute(
        "INSERT INTO audit_events (seq, ts, actor, role, action, object_type, object_id, outcome, detail,"
        " leaf_hash, chain_hash) VALUES (6, ?, 'mallory', 'admin', 'user.add', 'user', 'mallory', 'ok', '{}', ?, ?)",
        (forged.ts, forged.leaf_hash, forged.chain_hash),
    )
    conn.close()
    assert workspace.audit.verify().first_bad_seq == 6


def test_cut_off_tail_is_detected_with_exported_head(workspace, tmp_path):
    _fill(workspace)
    head_file = tmp_path / "head.json"
    head = workspace.export_head(head_file)
    assert workspace.audit.verify(ChainHead.load(head_file)).ok
    _tamper(workspace, f"DELETE FROM audit_events WHERE seq > {head.count - 3}")
    plain = workspace.audit.verify()
    assert not any("cut off" in p for p in plain.problems)  # without the head, a clean cut looks fine...
    report = workspace.audit.verify(ChainHead.load(head_file))
    assert not report.ok and any("cut off" in p for p in report.problems)  # ...with it, it does not


def test_head_mismatch_is_detected(workspace, tmp_path):
    _fill(workspace)
    head = workspace.audit.head()
    wrong = ChainHead(head.count, "ab" * 32)
    assert not workspace.audit.verify(wrong).ok


def test_detail_refuses_free_text(workspace):
    with pytest.raises(ValidationError, match="patient text never goes"):
        workspace.audit.record("case.create", "case", "c1", {"story": "A 48-year-old woman " * 20})
    with pytest.raises(ValidationError, match="scalar"):
        workspace.audit.record("case.create", "case", "c1", {"nested": {"a": 1}})


def test_events_are_recorded_for_logins_and_admin_actions(workspace, home):
    workspace.users.add("nina", "nurse", "strong passphrase for her 5")
    workspace.close()
    ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    actions = [e.action for e in ws.audit.events()]
    assert actions[:2] == ["workspace.init", "user.add"]
    assert "user.add" in actions[2:] and "logout" in actions and actions[-1] == "login.success"
    ws.close()


def test_export_csv_and_jsonl(workspace, tmp_path):
    _fill(workspace, 4)
    n = workspace.audit.export(tmp_path / "a.jsonl", "jsonl", action="case.")
    lines = (tmp_path / "a.jsonl").read_text().splitlines()
    assert n == 4 and [json.loads(x)["object_id"] for x in lines] == ["c0", "c1", "c2", "c3"]
    workspace.audit.export(tmp_path / "a.csv", "csv")
    rows = list(csv.DictReader(open(tmp_path / "a.csv")))
    assert rows[0]["action"] == "workspace.init" and "chain_hash" in rows[0]
    with pytest.raises(ValidationError, match="format"):
        workspace.audit.export(tmp_path / "a.xml", "xml")
