"""The knowledge base page, driven through its widgets on a real workspace (Chroma, MiniLM, Presidio):
import files with the PHI screen's verdict per file, try a search, remove with confirmation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from gui_admin_a_support import make_admin_clinic, wait_idle
from gui_support import log_in

GUIDELINE = """---
id: clinic-frostbite
title: Clinic protocol - frostbite after winter exposure
source: Clinic winter protocols 2026
---
# Frostbite

Frostbite of fingers or toes after cold exposure: rewarm in water at 37-39 C for 30 minutes;
do not rub the skin. Blisters, numbness or grey-white skin that stays hard after rewarming need
same-day review. Refer urgently if the skin is black or the patient is hypothermic.
"""

#: A clinic letter imported by mistake: an e-mail address, a phone number, a street address.
LETTER = ("Dear colleague, please see Mr Harold Finch, 1420 Westbrook Avenue, Springfield, phone 312-555-0187, "
          "e-mail harold.finch@gmail.com, about his frostbite follow-up.\n")


@pytest.fixture
def clinic(tmp_path):
    return make_admin_clinic(tmp_path / "ws")


def test_import_search_and_remove_through_the_page(qtbot, clinic, tmp_path):
    good, letter, missing = tmp_path / "frostbite.md", tmp_path / "letter.txt", tmp_path / "gone.md"
    good.write_text(GUIDELINE, "utf-8")
    letter.write_text(LETTER, "utf-8")
    window = log_in(qtbot, clinic, "admin")
    try:
        page = window.show_screen("knowledge")
        qtbot.waitUntil(lambda: bool(page.rows), timeout=60_000)
        before = len(page.rows)
        page.import_files([good, letter, missing])
        assert "3 files" in page.progress.label.text() and page.progress.cancel_button.isEnabled()
        assert wait_idle(qtbot, page.progress) == "1 of 3 files imported"
        verdicts = {r.path.name: (r.verdict, r.refused) for r in page.import_results}
        assert verdicts["frostbite.md"] == ("clear: no patient identifiers", False)
        assert verdicts["letter.txt"][1] and "looks like patient data" in verdicts["letter.txt"][0]
        assert "EMAIL_ADDRESS" in verdicts["letter.txt"][0] and "harold" not in verdicts["letter.txt"][0].lower()
        assert verdicts["gone.md"][1] and "gone.md" in verdicts["gone.md"][0]  # a missing file: a clear line
        assert page.results.rowCount() == 3 and page.results.item(1, 1).text() == verdicts["letter.txt"][0]

        qtbot.waitUntil(lambda: len(page.rows) == before + 1, timeout=30_000)
        row = next(r for r in page.rows if r.info.doc_id == "clinic-frostbite")
        assert (row.info.title, row.info.source, row.imported_by) == (
            "Clinic protocol - frostbite after winter exposure", "Clinic winter protocols 2026", "admin")
        cells = [page.table.item(page.rows.index(row), c).text() for c in range(page.table.columnCount())]
        assert cells[0] == row.info.title and cells[2] == str(row.info.chunks) and cells[4] == "admin"
        ws = window.session.ws
        assert [e.outcome for e in ws.audit.events(action="kb.import") if e.actor == "admin"] == ["ok", "denied"]

        # The search a triage would run: the new protocol comes first for a frostbite story.
        qtbot.keyClicks(page.query, "grey white numb fingers after cold exposure, blisters")
        page.search()
        qtbot.waitUntil(lambda: page.search_button.isEnabled() and bool(page.hits), timeout=30_000)
        assert page.hits[0].doc_id == "clinic-frostbite"
        assert "1. Clinic protocol - frostbite" in page.hits_view.toPlainText()
        assert "grey white" not in str([e.detail for e in ws.audit.events(action="kb.search")])  # no query text

        # Remove asks first; Cancel keeps the document, Yes removes it.
        page.table.selectRow(page.rows.index(row))
        box = page.ask_remove()
        assert "frostbite" in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert ws.audit.events(action="kb.remove") == []
        page.table.selectRow(page.rows.index(row))
        page.ask_remove().button(QMessageBox.StandardButton.Yes).click()
        qtbot.waitUntil(lambda: len(page.rows) == before, timeout=30_000)
        assert [e.object_id for e in ws.audit.events(action="kb.remove")] == ["clinic-frostbite"]
    finally:
        window.close()


def test_cancel_stops_an_import_between_files(qtbot, clinic, tmp_path):
    files = []
    for number in range(3):
        path = tmp_path / f"protocol-{number}.md"
        path.write_text(GUIDELINE.replace("clinic-frostbite", f"clinic-protocol-{number}"), "utf-8")
        files.append(path)
    window = log_in(qtbot, clinic, "admin")
    try:
        page = window.show_screen("knowledge")
        page.import_files(files)
        page.progress.cancel_button.click()
        assert wait_idle(qtbot, page.progress).startswith("Cancelled:")
        qtbot.waitUntil(page.import_button.isEnabled, timeout=30_000)
        imported = [e.object_id for e in window.session.ws.audit.events(action="kb.import") if e.actor == "admin"]
        # The file in hand when Cancel came is finished (and audited); the ones not yet started are left out.
        assert len(imported) < 3 and {r.imported[0].doc_id for r in page.import_results} <= set(imported)
        qtbot.waitUntil(lambda: {r.info.doc_id for r in page.rows} >= set(imported), timeout=30_000)
    finally:
        window.close()
