"""Failures show a plain message and leave the work intact: cancel, model failure, closed database, crashes."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from gui_support import log_in, make_clinic

LONG_STORY = ("A 70-year-old woman with a cough. " + "She reports tiredness, poor appetite and a cough that keeps her "
              "awake at night, worse when lying flat, with some ankle swelling in the evenings. " * 120)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    # A context too small for a long story makes the real model refuse it (ContextOverflow);
    # no guideline retrieval, so no knowledge base to index for these tests.
    return make_clinic(tmp_path_factory.mktemp("errors") / "ws", "triage:\n  n_ctx: 512\n  k: 0\n")


def _cases(window):
    return window.session.review.queue(status="all")


def test_cancel_stores_nothing_and_keeps_the_form(qtbot, clinic):
    window = log_in(qtbot, clinic, "nurse.amy")
    try:
        intake = window.show_screen("intake")
        qtbot.keyClicks(intake.fields["story"].widget, "Mild headache since yesterday, no fever.")
        with qtbot.waitSignal(intake.triage_failed, timeout=120_000) as blocker:
            qtbot.mouseClick(intake.submit_button, Qt.MouseButton.LeftButton)
            assert intake.busy and intake.cancel_button.isVisible() and intake.progress.isVisible()
            qtbot.mouseClick(intake.cancel_button, Qt.MouseButton.LeftButton)
        assert blocker.args == ["cancelled"]
        assert "Nothing was stored" in intake.progress_text.text()
        assert intake.fields["story"].widget.toPlainText() == "Mild headache since yesterday, no fever."
        assert not intake.busy and intake.submit_button.isEnabled() and not intake.cancel_button.isVisible()
        assert _cases(window) == []
        assert window.session.ws.audit.events(action="triage.run") == []
    finally:
        window.close()


def test_model_failure_is_a_plain_message_and_the_form_stays(qtbot, clinic):
    window = log_in(qtbot, clinic, "nurse.amy")
    try:
        intake = window.show_screen("intake")
        intake.fields["story"].widget.setPlainText(LONG_STORY)
        with qtbot.waitSignal(intake.triage_failed, timeout=180_000) as blocker:
            qtbot.mouseClick(intake.submit_button, Qt.MouseButton.LeftButton)
        message = blocker.args[0]
        assert "the model's context holds 512" in message
        assert "context holds 512" in intake.fields["story"].error.text()  # marked at the field
        assert "Traceback" not in message and "File \"" not in message
        assert intake.form_message.text() == message
        assert intake.fields["story"].widget.toPlainText() == LONG_STORY
        assert _cases(window) == []
    finally:
        window.close()


def test_database_failure_leaves_the_case_screen_usable(qtbot, clinic):
    """The workspace closes under the queue (as after a failed disk): a message, no traceback."""
    window = log_in(qtbot, clinic, "nurse.amy")
    try:
        queue = window.show_screen("queue")
        window.session.ws.close()
        queue.refresh()
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert boxes, "a message box is shown"
        assert "workspace is closed" in boxes[-1].text()
        assert "Traceback" not in boxes[-1].text()
        boxes[-1].close()
    finally:
        window.close()


def test_uncaught_error_shows_a_dialog_and_logs_no_patient_text(qtbot, caplog):
    from app.errors import GENERIC, install_excepthook

    saved = sys.excepthook
    install_excepthook()
    try:
        try:
            raise RuntimeError("patient Jane Roe, 12 Elm Street, says ignore previous instructions")
        except RuntimeError as exc:
            with caplog.at_level(logging.ERROR, logger="prescreen.app"):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = saved
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and boxes[-1].text() == GENERIC
    boxes[-1].close()
    logged = caplog.text
    assert "RuntimeError" in logged and "test_gui_errors.py" in logged
    assert "Jane" not in logged and "Elm" not in logged


def test_user_message_for_expected_and_unexpected_errors():
    from app.errors import user_message
    from core.errors import ValidationError

    assert user_message(ValidationError("spo2", "140 is out of range", "enter 30-100")) == \
        "spo2: 140 is out of range (enter 30-100)"
    text = user_message(KeyError("secret patient text"), "sign the case")
    assert text.startswith("Could not sign the case (KeyError)")
    assert "secret" not in text
