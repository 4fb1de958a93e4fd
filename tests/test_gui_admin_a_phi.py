"""The PHI audit page and the inbox, driven through the widgets on a tiny real dataset (real Presidio):
a clean dataset passes and may be trained on; planted PHI fails the audit, blocks the gate, shows only
masked excerpts; both outcomes land in the inbox and on its badge, each with its audit event."""

from __future__ import annotations

import json

import pytest

from gui_admin_a_support import wait_idle
from gui_support import log_in, make_clinic

#: Planted in a processed file: a real-looking patient, a social security number and a phone number.
PLANTED = {"id": "planted-1", "category": "triage", "text": "Patient Rosalind Meyerhoff-Tran, SSN 219-09-9999, "
           "called from 617-253-1000 about chest pain."}


@pytest.fixture
def clinic(tmp_path):
    from core.datasets.service import generate_dataset
    from core.workspace import Workspace

    clinic = make_clinic(tmp_path / "ws")
    ws = Workspace.open(clinic.home, "admin", clinic.passwords["admin"])
    try:
        generate_dataset(ws, "tiny-phi", n=4, seed=2, categories="triage", variants=1)
    finally:
        ws.close()
    return clinic


def _audit(qtbot, page) -> str:
    page.run_audit()
    return wait_idle(qtbot, page.progress, timeout=180_000)


def _cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_audit_pass_then_planted_phi_blocks_training_and_reaches_the_inbox(qtbot, clinic, tmp_path):
    from core.phi.gate import PhiAuditRequired, require_passing_audit

    window = log_in(qtbot, clinic, "admin")
    try:
        ws = window.session.ws
        page = window.show_screen("phi")
        assert page.dataset.currentData() == "tiny-phi"
        assert "no PHI audit yet" in page.gate.text() and page.may_train is None

        assert "PASSED" in _audit(qtbot, page)
        identifiers = _cells(page.identifiers)
        assert [row[0] for row in identifiers] == [str(n) for n in range(1, 19)]  # the 18 Safe Harbor identifiers
        assert all(row[5] in ("PASS", "REVIEW") for row in identifiers)
        assert page.may_train is True and page.gate.text().startswith("Training allowed")
        require_passing_audit(ws, "tiny-phi")  # the core's gate agrees
        assert all(row[0] == "PASS" or row[0] == "n/a" for row in _cells(page.checklist))

        # Someone drops a file with a real-looking patient into the dataset.
        planted = ws.paths.datasets / "tiny-phi" / "processed" / "notes.jsonl"
        planted.write_text(json.dumps(PLANTED) + "\n", "utf-8")
        assert "FAILED" in _audit(qtbot, page)
        assert page.may_train is False and page.gate.text().startswith("Training BLOCKED")
        with pytest.raises(PhiAuditRequired):
            require_passing_audit(ws, "tiny-phi")
        rows = {row[1]: row for row in _cells(page.identifiers)}
        assert rows["Names"][5] == "FAIL" and rows["Social security numbers"][5] == "FAIL"
        # Findings by severity, open and worst first, with the offending text masked.
        page.severity_filter.setCurrentIndex(page.severity_filter.findData("Critical"))
        critical = _cells(page.findings)
        assert critical and all(row[0] == "Critical" for row in critical)
        assert any("notes.jsonl" in row[4] for row in critical)
        shown = json.dumps(_cells(page.findings) + _cells(page.identifiers)) + page.report_view.toPlainText()
        for secret in ("219-09-9999", "Meyerhoff", "617-253-1000"):
            assert secret not in shown
        assert "***" in " ".join(row[7] for row in critical)
        assert "Critical" in page.severity_line.text()
        # The compliance report is rendered and exports in both formats.
        assert "tiny-phi" in page.report_view.toPlainText()
        md, html = page.export_to(tmp_path / "report.md", "md"), page.export_to(tmp_path / "report.html", "html")
        assert md.read_text("utf-8").startswith("#") and "<table" in html.read_text("utf-8")
        assert "219-09-9999" not in md.read_text("utf-8")

        # Both outcomes and the dataset are inbox notices, each one an audit event; the badge counts them.
        inbox = window.show_screen("inbox")
        qtbot.waitUntil(lambda: len(inbox.notices) >= 3, timeout=30_000)
        titles = [n.title for n in inbox.notices]
        assert titles[:3] == ["PHI audit failed", "PHI audit passed", "Dataset ready"]
        events = {e.seq: e for e in ws.audit.events()}
        assert [events[n.audit_seq].action for n in inbox.notices[:3]] == ["phi.audit", "phi.audit",
                                                                          "dataset.generate"]
        assert "blocked" in inbox.notices[0].message and "tiny-phi" in inbox.notices[0].message
        count = window.update_inbox_badge()
        assert count == len(inbox.unread_keys) >= 3
        assert window.inbox_badge.isVisible() and window.inbox_badge.text() == f"{count} new notices"
        assert window._nav_item("inbox").text() == f"Inbox ({count})"
        assert "(new)" in inbox.table.item(0, 1).text()
        inbox.mark_button.click()
        qtbot.waitUntil(lambda: not inbox.unread_keys, timeout=30_000)
        assert window.update_inbox_badge() == 0 and not window.inbox_badge.isVisible()
        assert window._nav_item("inbox").text() == "Inbox"
        assert ws.audit.events(action="inbox.read")[-1].detail_dict()["notices"] == count
    finally:
        window.close()


def test_a_missing_dataset_folder_gives_a_clear_message(qtbot, clinic):
    import shutil

    window = log_in(qtbot, clinic, "admin")
    try:
        page = window.show_screen("phi")
        shutil.rmtree(window.session.ws.paths.datasets / "tiny-phi")
        assert "stopped" in _audit(qtbot, page)
        from PySide6.QtWidgets import QMessageBox

        texts = [b.text() for b in page.findChildren(QMessageBox) if b.objectName() == "errorBox"]
        assert texts and "tiny-phi" in texts[-1] and "does not exist" in texts[-1]
        assert window.session.ws.audit.events(action="phi.audit") == []
    finally:
        window.close()


def test_a_cancelled_audit_records_nothing(qtbot, clinic):
    window = log_in(qtbot, clinic, "admin")
    try:
        page = window.show_screen("phi")
        page.run_audit()
        page.progress.cancel_button.click()
        assert wait_idle(qtbot, page.progress, timeout=180_000) == "Cancelled before the verdict was recorded."
        qtbot.waitUntil(page.run_button.isEnabled, timeout=30_000)
        assert window.session.ws.audit.events(action="phi.audit") == []
        assert page.may_train is None and "no PHI audit yet" in page.gate.text()
    finally:
        window.close()
