"""Logging in through the real login window: success, wrong password, lockout, roles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_support import log_in, make_clinic


@pytest.fixture
def clinic(tmp_path):
    # 3 failures within the window lock the account (the smallest policy allowed).
    return make_clinic(tmp_path / "ws", "security:\n  max_failures: 3\n  delay_after: 3\n")


def _attempt(qtbot, dialog, username, password):
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.login_button.isEnabled() and dialog.message.text() != "Unlocking…",
                    timeout=30_000)
    return dialog.message.text()


def test_wrong_password_then_lockout_are_shown_plainly(qtbot, clinic):
    from app.application import AppController, make_app

    controller = AppController(make_app(), clinic.home)
    dialog = controller.show_login()
    qtbot.addWidget(dialog)
    first = _attempt(qtbot, dialog, "nurse.amy", "not the password at all")
    assert "wrong user name or password" in first
    assert "Traceback" not in first
    assert dialog.password.text() == ""  # a wrong password is not left in the box
    _attempt(qtbot, dialog, "nurse.amy", "still not the password")
    third = _attempt(qtbot, dialog, "nurse.amy", "wrong for the third time")
    assert "wrong user name or password" in third
    # Locked now: even the right password is refused, and the message says so and how long to wait.
    locked = _attempt(qtbot, dialog, "nurse.amy", clinic.passwords["nurse.amy"])
    assert locked.startswith("Locked:")
    assert "try again in" in locked
    assert controller.window is None


def test_unknown_user_gets_the_same_message_as_a_wrong_password(qtbot, clinic):
    from app.application import AppController, make_app

    dialog = AppController(make_app(), clinic.home).show_login()
    qtbot.addWidget(dialog)
    assert "wrong user name or password" in _attempt(qtbot, dialog, "nobody", "whatever password 123")


ADMIN_PAGES = ["knowledge", "datasets", "phi", "inbox"]


@pytest.mark.parametrize("username, expected, absent", [
    ("nurse.amy", ["intake", "queue", "monitoring"], ["audit", "users", "alerts", *ADMIN_PAGES]),
    ("dr.phil", ["alerts", "intake", "queue", "monitoring"], ["audit", "users", *ADMIN_PAGES]),
    # The admin's pages after these are the retraining ones (tests/test_gui_admin_a_navigation.py).
    ("admin", ["monitoring", "audit", "users", "inbox", "knowledge", "datasets", "phi"], ["intake", "queue", "alerts"]),
    ("audrey", ["audit"], ["intake", "queue", "alerts", "monitoring", "users", *ADMIN_PAGES]),
])
def test_navigation_follows_the_role(qtbot, clinic, username, expected, absent):
    window = log_in(qtbot, clinic, username)
    try:
        keys = window.nav_keys()
        assert (keys[:len(expected)] if username == "admin" else keys) == expected
        for key in absent:
            assert key not in window.screens  # not merely hidden: never built
        role = {"nurse.amy": "Nurse", "dr.phil": "Physician", "admin": "Admin", "audrey": "Auditor"}[username]
        assert window.user_label.text() == f"Logged in: {username} ({role})"
    finally:
        window.close()


def test_login_is_an_audit_event_and_logout_returns_to_login(qtbot, clinic):
    window = log_in(qtbot, clinic, "audrey")
    events = window.session.ws.audit.events(actor="audrey", action="login.success")
    assert len(events) == 1
    window.lock_screen.logout.emit()
    qtbot.waitUntil(lambda: not window.isVisible())
    from core.workspace import Workspace

    ws = Workspace.open(clinic.home, "admin", clinic.passwords["admin"])
    try:
        actions = [e.action for e in ws.audit.events(actor="audrey")]
        assert actions[-1] == "logout"
    finally:
        ws.close()
