"""Idle auto-lock: patient data leaves the screen, the draft survives, the password unlocks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gui_support import log_in, make_clinic


@pytest.fixture
def clinic(tmp_path):
    return make_clinic(tmp_path / "ws")


def test_idle_lock_hides_the_form_and_keeps_the_draft(qtbot, clinic):
    window = log_in(qtbot, clinic, "nurse.amy", idle_ms=400)  # shortened from 15 min for the test
    try:
        intake = window.show_screen("intake")
        qtbot.keyClicks(intake.fields["age"].widget, "67")
        qtbot.keyClicks(intake.fields["story"].widget, "Short of breath since this morning")
        with qtbot.waitSignal(window.locked, timeout=10_000):
            pass  # no input: the idle timer fires
        assert window.is_locked
        assert window.root.currentWidget() is window.lock_screen
        # Patient data is gone from the widgets, not just covered.
        assert intake.fields["age"].widget.text() == ""
        assert intake.fields["story"].widget.toPlainText() == ""
        assert window.session.ws._closed  # the data key is not kept while locked

        # A wrong password is refused on the lock screen and the screen stays locked.
        qtbot.keyClicks(window.lock_screen.password, "definitely wrong password")
        qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "wrong user name or password" in window.lock_screen.message.text(), timeout=30_000)
        assert window.is_locked

        qtbot.keyClicks(window.lock_screen.password, clinic.passwords["nurse.amy"])
        with qtbot.waitSignal(window.unlocked, timeout=30_000):
            qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
        assert window.root.currentWidget() is window.work_area
        assert intake.fields["age"].widget.text() == "67"
        assert intake.fields["story"].widget.toPlainText() == "Short of breath since this morning"
        actions = [e.action for e in window.session.ws.audit.events(actor="nurse.amy")]
        assert "session.lock" in actions
        assert actions[-1] == "login.success"  # unlocking is a fresh, audited login
    finally:
        window.close()


def test_typing_keeps_the_screen_unlocked(qtbot, clinic):
    window = log_in(qtbot, clinic, "nurse.amy", idle_ms=3_000)
    try:
        intake = window.show_screen("intake")
        box = intake.fields["story"].widget
        box.setFocus()
        # Keep typing for longer than the idle time, in steps shorter than it.
        for _ in range(12):
            qtbot.keyClicks(box, "abc ")
            qtbot.wait(300)
        assert not window.is_locked
        assert window.idle.running
    finally:
        window.close()


def test_bad_idle_setting_fails_closed():
    from app.idle import idle_timeout_ms
    from core.errors import ValidationError

    assert idle_timeout_ms({"gui": {"idle_lock_minutes": 15}}) == 15 * 60_000
    assert idle_timeout_ms({}) == 15 * 60_000
    for bad in (0, -5, "never", 10_000, True):
        with pytest.raises(ValidationError, match="idle_lock_minutes"):
            idle_timeout_ms({"gui": {"idle_lock_minutes": bad}})
