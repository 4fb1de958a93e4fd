"""The admin's grouped navigation, and the roles: a nurse's window has none of the admin pages,
and a nurse calling the admin services directly is refused in the core and audited."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_support import log_in, make_clinic

LIFECYCLE = ["knowledge", "datasets", "phi", "inbox"]


@pytest.fixture
def clinic(tmp_path):
    return make_clinic(tmp_path / "ws")


def test_admin_navigation_is_grouped_and_keys_reach_every_page(qtbot, clinic):
    window = log_in(qtbot, clinic, "admin")
    try:
        keys = window.nav_keys()
        assert set(LIFECYCLE) <= set(keys) and window.current_screen().key == keys[0] == "monitoring"
        assert window.nav_headings()[:2] == ["OVERSIGHT", "RETRAINING"]
        # Headings are not pages: clicking one leaves the current page in front.
        heading_row = next(r for r in range(window.navigation.count()) if not window.navigation.item(r).data(256))
        assert not window.navigation.item(heading_row).flags() & Qt.ItemFlag.ItemIsSelectable
        # Retraining pages come after the oversight ones, in the lifecycle order.
        assert keys.index("knowledge") < keys.index("datasets") < keys.index("phi")
        assert keys.index("users") < keys.index("knowledge")
        # Ctrl+PgDown walks through every page (wrapping round); the tooltip names each page's Ctrl+digit.
        seen = []
        for _ in keys:
            window.step_screen(1)
            seen.append(window.current_screen().key)
        assert seen == keys[1:] + keys[:1]
        assert window._nav_item(keys[2]).toolTip() == "Ctrl+3"
        window.step_screen(-1)
        assert window.current_screen().key == keys[-1]
    finally:
        window.close()


def test_a_nurse_window_is_as_before_without_admin_pages(qtbot, clinic):
    window = log_in(qtbot, clinic, "nurse.amy")
    try:
        assert window.nav_keys() == ["intake", "queue", "monitoring"]
        assert window.nav_headings() == []  # no section headings: the same three entries as before
        assert window.navigation.count() == 3
        for key in LIFECYCLE:
            assert key not in window.screens  # never built, not merely hidden
        assert window.inbox_badge.isHidden()
    finally:
        window.close()


def _calls():
    from core.datasets.service import generate_dataset
    from core.knowledge.service import import_file, remove
    from core.phi.dataset_audit import audit_stored_dataset
    from core.training.inbox import mark_seen, notices

    return [
        ("import a guideline", lambda ws, tmp: import_file(ws, tmp / "g.md"), "manage_knowledge"),
        ("remove a guideline", lambda ws, tmp: remove(ws, "chest-pain"), "manage_knowledge"),
        ("generate a dataset", lambda ws, tmp: generate_dataset(ws, "x", n=2, seed=0), "manage_data"),
        ("audit a dataset", lambda ws, tmp: list(audit_stored_dataset(ws, "x")), "manage_data"),
        ("read the inbox", lambda ws, tmp: notices(ws), "train"),
        ("mark the inbox seen", lambda ws, tmp: mark_seen(ws), "train"),
    ]


@pytest.mark.parametrize("index", range(6))
def test_a_nurse_calling_the_admin_services_is_refused_and_audited(clinic, tmp_path, index):
    from core.errors import PermissionDenied
    from core.workspace import Workspace

    what, call, permission = _calls()[index]
    (tmp_path / "g.md").write_text("# A guideline\n\nRest and fluids.\n", "utf-8")
    ws = Workspace.open(clinic.home, "nurse.amy", clinic.passwords["nurse.amy"])
    try:
        with pytest.raises(PermissionDenied):
            call(ws, tmp_path)
        denied = ws.audit.events(actor="nurse.amy", action="permission.denied")
        assert denied and denied[-1].detail_dict() == {"permission": permission}, what
        assert not ws.audit.events(action="kb.import") and not ws.audit.events(action="dataset.generate")
    finally:
        ws.close()


def test_locking_forgets_what_the_admin_pages_show(qtbot, clinic):
    window = log_in(qtbot, clinic, "admin")
    try:
        inbox = window.show_screen("inbox")
        qtbot.waitUntil(lambda: inbox.table.rowCount() > 0, timeout=30_000)  # the shipped model's activation
        assert window.update_inbox_badge() > 0 and window.inbox_badge.isVisible()
        knowledge = window.screens["knowledge"]
        knowledge.query.setText("chest pain")
        knowledge.hits_view.setPlainText("1. Chest pain")
        window.lock("Locked by the user.")
        assert inbox.table.rowCount() == 0 and inbox.notices == []
        assert knowledge.query.text() == "" and knowledge.hits_view.toPlainText() == ""
        assert window.screens["monitoring"].series is None and not window.screens["monitoring"].charts
        assert window.inbox_badge.isHidden() and window.update_inbox_badge() == 0
    finally:
        window.close()
