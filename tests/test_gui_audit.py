"""The audit viewer: filters by user, action and date; verification result shown, tampering named."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QDate, Qt

from gui_support import log_in, make_clinic


@pytest.fixture
def clinic(tmp_path):
    return make_clinic(tmp_path / "ws")


def _apply(qtbot, audit):
    qtbot.mouseClick(audit.findChild(type(audit.verify_button), "auditApply"), Qt.MouseButton.LeftButton)


def _verify(qtbot, audit) -> str:
    qtbot.mouseClick(audit.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: audit.verify_button.isEnabled() and "audit log" in audit.verify_result.text(),
                    timeout=60_000)
    return audit.verify_result.text()


def test_filters_by_user_action_and_date(qtbot, clinic):
    window = log_in(qtbot, clinic, "admin")
    try:
        audit = window.show_screen("audit")
        qtbot.keyClicks(audit.user_filter, "admin")
        audit.action_filter.setCurrentText("user.add")
        _apply(qtbot, audit)
        added = sorted(e.object_id for e in audit.events)
        assert added == ["admin", "audrey", "dr.phil", "nurse.amy"]
        assert audit.table.rowCount() == 4 and audit.count.text().startswith("4 event")
        # A date range in the past holds nothing; today holds them.
        audit.use_dates.setChecked(True)
        audit.date_from.setDate(QDate(2020, 1, 1))
        audit.date_to.setDate(QDate(2020, 1, 31))
        _apply(qtbot, audit)
        assert audit.events == [] and audit.table.rowCount() == 0
        audit.date_to.setDate(QDate.currentDate())
        _apply(qtbot, audit)
        assert len(audit.events) == 4
    finally:
        window.close()


def test_verification_result_is_shown_and_tampering_is_named(qtbot, clinic, tmp_path):
    from core.store import db as store

    window = log_in(qtbot, clinic, "audrey")
    try:
        audit = window.current_screen()
        assert "audit log OK" in _verify(qtbot, audit)
        # Someone with the database key edits an event behind the app's back.
        ws = window.session.ws
        conn = store.connect(ws.paths.database, ws._data_key)
        conn.execute("DROP TRIGGER audit_events_no_update")
        conn.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3")
        conn.close()
        result = _verify(qtbot, audit)
        assert "FAILED" in result and "#3" in result
        assert "Traceback" not in result
        out = tmp_path / "events.jsonl"
        count = audit.export_to(out, "jsonl")
        lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
        assert count == len(lines) > 0 and {"seq", "actor", "action", "chain_hash"} <= set(lines[0])
    finally:
        window.close()
