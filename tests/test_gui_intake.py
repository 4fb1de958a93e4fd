"""The intake form without the model: inline validation with the core's messages, keyboard use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui_support import log_in, make_clinic


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    return make_clinic(tmp_path_factory.mktemp("intake") / "ws")


@pytest.fixture
def intake(qtbot, clinic):
    window = log_in(qtbot, clinic, "nurse.amy")
    screen = window.show_screen("intake")
    yield screen
    window.close()


@pytest.mark.parametrize("field, typed, expected", [
    ("bp", "abc", "'abc' is not a blood pressure"),
    ("bp", "80/120", "systolic 80 is not above diastolic 120"),
    ("heart_rate", "900", "900 /min is outside the possible range 20-300"),
    ("spo2", "140", "140 % is outside the possible range 30-100"),
    ("temperature_c", "hot", "'hot' is not a number"),
    ("age", "-4", "-4 is negative"),
    ("pain_score", "11", "11 /10 is outside the possible range 0-10"),
])
def test_leaving_a_bad_field_shows_the_core_message_under_it(qtbot, intake, field, typed, expected):
    widget = intake.fields[field].widget
    qtbot.keyClicks(widget, typed)
    widget.editingFinished.emit()
    assert expected.lower() in intake.fields[field].error.text().lower()
    assert widget.property("invalid") is True
    assert list(intake.errors()) == [field]
    # Correcting the value clears the message.
    widget.clear()
    widget.editingFinished.emit()
    assert intake.errors() == {}


def test_empty_form_is_refused_at_the_story(qtbot, intake):
    qtbot.keyClick(intake.fields["age"].widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not intake.busy
    assert "neither a story nor any symptom" in intake.fields["story"].error.text()
    assert QApplication.focusWidget() is intake.fields["story"].widget or not intake.isActiveWindow()


def test_tab_walks_the_form_in_reading_order(qtbot, intake):
    from app.intake_form import BACKGROUND, PATIENT, SYMPTOMS, VITALS

    expected = [k for group in (PATIENT, SYMPTOMS, VITALS) for k, _l, _p in group] + ["story"] + \
        [k for k, _l, _p in BACKGROUND]
    seen = []
    widget = intake.fields[expected[0]].widget
    for key in expected:
        seen.append(next(k for k, f in intake.fields.items() if f.widget is widget))
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isEnabled():
            widget = widget.nextInFocusChain()
    assert seen == expected
    assert widget is intake.submit_button  # after the last field: Run triage


def test_every_field_has_a_label_and_the_story_does_not_eat_tab(intake):
    assert intake.fields["story"].widget.tabChangesFocus()
    from PySide6.QtWidgets import QLabel

    buddies = {label.buddy() for label in intake.findChildren(QLabel) if label.buddy() is not None}
    missing = [k for k, f in intake.fields.items() if k != "story" and f.widget not in buddies]
    assert missing == []


def test_structured_fields_read_into_the_core_intake(intake):
    from app.intake_fields import form_values, intake_dict, set_value

    for key, value in (("age", "3 weeks"), ("sex", "female"), ("symptom", "fever"), ("onset", "this morning"),
                       ("severity", "moderate"), ("other_symptoms", "poor feeding, sleepy"),
                       ("temperature_c", "38.4"), ("bp", "")):
        set_value(intake.fields[key].widget, value)
    parsed = intake.read_intake()
    assert parsed is not None, intake.errors()
    assert round(parsed.age * 52.18) == 3  # weeks, as the core reads them
    assert parsed.sex == "female"
    assert [s.name for s in parsed.symptoms][:3] == ["fever", "poor feeding", "sleepy"]
    assert parsed.symptoms[0].severity == "moderate" and parsed.symptoms[0].onset == "this morning"
    assert parsed.vitals.temperature_c == 38.4
    assert "bp" not in intake_dict(form_values(intake.fields))
