"""The intake form's fields: widgets, reading them into the core's intake dict, drafts.

Field keys are the core's (``core.triage.intake_form``) so a ValidationError
from ``parse_intake`` names the widget to mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

SEX_CHOICES = (("Not stated", "unknown"), ("Female", "female"), ("Male", "male"), ("Other", "other"))
PREGNANCY_CHOICES = (("Unknown / not asked", "unknown"), ("Pregnant", "pregnant"), ("Not pregnant", "not_pregnant"),
                     ("Postpartum", "postpartum"))
SEVERITY_CHOICES = (("—", None), ("Mild", "mild"), ("Moderate", "moderate"), ("Severe", "severe"))

#: Core error field -> form field (the BP halves are one box on the form).
ERROR_FIELD = {"bp_systolic": "bp", "bp_diastolic": "bp", "temperature_f": "temperature_c", "vitals": "bp",
               "age_months": "age", "age_weeks": "age", "age_days": "age", "negatives": "symptoms",
               "intake": "story"}


@dataclass
class Field:
    key: str
    label: str
    widget: QWidget
    error: QLabel
    box: QWidget


def make_field(key: str, label: str, widget: QWidget, placeholder: str = "") -> Field:
    """An input with its own error line under it (hidden until there is an error)."""
    widget.setObjectName(f"field_{key}")
    if placeholder and hasattr(widget, "setPlaceholderText"):
        widget.setPlaceholderText(placeholder)
    error = QLabel("")
    error.setObjectName("fieldError")
    error.setWordWrap(True)
    error.hide()
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    return Field(key, label, widget, error, box)


def combo(choices) -> QComboBox:
    box = QComboBox()
    for text, value in choices:
        box.addItem(text, value)
    return box


def story_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab leaves the story: the form stays keyboard-only
    box.setMinimumHeight(120)
    return box


def value_of(widget: QWidget):
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return widget.text()


def set_value(widget: QWidget, value) -> None:
    if isinstance(widget, QComboBox):
        index = widget.findData(value)
        widget.setCurrentIndex(max(0, index))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value or "")
    else:
        widget.setText(value or "")


def form_values(fields: dict[str, Field]) -> dict:
    """What the nurse typed, as raw values keyed by field."""
    return {key: value_of(f.widget) for key, f in fields.items()}


def intake_dict(values: dict) -> dict:
    """The raw form values as the dict ``core.triage.intake.parse_intake`` reads.

    Empty boxes are left out; the main symptom carries onset, duration and
    severity, further symptoms are a comma-separated list.
    """
    data: dict = {}
    for key in ("age", "race_ethnicity", "history", "medications", "allergies", "bp", "heart_rate", "resp_rate",
                "temperature_c", "spo2", "pain_score", "glucose_mmol_l", "gestation_weeks"):
        text = (values.get(key) or "").strip()
        if text:
            data[key] = text
    if values.get("sex") not in (None, "unknown"):
        data["sex"] = values["sex"]
    if values.get("pregnancy_status") not in (None, "unknown"):
        data["pregnancy_status"] = values["pregnancy_status"]
    symptoms = []
    main = (values.get("symptom") or "").strip()
    if main:
        symptom = {"name": main}
        for key in ("onset", "duration"):
            if (values.get(key) or "").strip():
                symptom[key] = values[key].strip()
        if values.get("severity"):
            symptom["severity"] = values["severity"]
        symptoms.append(symptom)
    for extra in (values.get("other_symptoms") or "").replace(";", ",").split(","):
        if extra.strip():
            symptoms.append({"name": extra.strip()})
    if symptoms:
        data["symptoms"] = symptoms
    story = values.get("story") or ""
    if story.strip():
        data["story"] = story
    return data


def form_field_for(error_field: str) -> str:
    """The form field that a core ValidationError's ``field`` refers to."""
    last = error_field.split(".")[-1]
    return ERROR_FIELD.get(last, last)
