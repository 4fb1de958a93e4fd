"""Intake (nurses, physicians): structured fields and a free-text story.

Each field is checked with the core's own rules when the nurse leaves it
(inline message under the field). Submit validates the whole intake, then
runs the triage in the background with a visible progress state and a
Cancel button; the new case lands in the review queue. The form is fully
usable by keyboard: the tab order follows the layout, Ctrl+Enter submits,
Esc cancels a running triage.

The half-filled form survives an idle lock: the draft is taken out of the
widgets while the screen is locked and put back after unlock.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QScrollArea, QWidget)

from app.errors import user_message
from app.intake_fields import (PREGNANCY_CHOICES, SEVERITY_CHOICES, SEX_CHOICES, combo, form_field_for, form_values,
                               intake_dict, make_field, set_value, story_box)
from app.screen import Screen, hint
from app.tasks import Cancelled, stream_in_background
from app.triage_runner import Finished, Progress, run_triage
from core.security.roles import Permission

# (key, label, placeholder) per group, in tab order.
PATIENT = (("age", "&Age", "years, or e.g. '3 weeks'"), ("sex", "Se&x", None),
           ("race_ethnicity", "Race / ethnicity", "optional"), ("pregnancy_status", "Pre&gnancy", None),
           ("gestation_weeks", "Weeks pregnant", "if pregnant"))
SYMPTOMS = (("symptom", "Main s&ymptom", "e.g. chest pain"), ("onset", "Onset", "e.g. 2 hours ago"),
            ("duration", "Duration", "e.g. 3 days"), ("severity", "Severity", None),
            ("other_symptoms", "Other symptoms", "comma-separated"))
VITALS = (("bp", "&BP (mmHg)", "120/80"), ("heart_rate", "&Heart rate (/min)", "80"),
          ("resp_rate", "Resp. rate (/min)", "16"), ("temperature_c", "&Temperature (°C)", "37.0"),
          ("spo2", "SpO2 (%)", "98"), ("pain_score", "Pain (0-10)", "0-10"),
          ("glucose_mmol_l", "Glucose (mmol/L)", "optional"))
BACKGROUND = (("history", "History", "conditions, comma-separated"),
              ("medications", "&Medications", "comma-separated"), ("allergies", "A&llergies", "comma-separated"))
_COMBOS = {"sex": SEX_CHOICES, "pregnancy_status": PREGNANCY_CHOICES, "severity": SEVERITY_CHOICES}


class IntakeScreen(Screen):
    key = "intake"
    title = "New patient"
    permission = Permission.TRIAGE

    triage_started = Signal()
    triage_finished = Signal(str)  # case id
    triage_failed = Signal(str)  # message shown

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Fill in what you know, or write the story as the patient or a colleague told "
                                    "it — or both. Tab moves between fields; Ctrl+Enter runs the triage."))
        self.fields: dict = {}
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.addWidget(self._group("Patient", PATIENT), 0, 0)
        grid.addWidget(self._group("Presenting symptoms", SYMPTOMS), 0, 1)
        grid.addWidget(self._group("Vital signs", VITALS), 0, 2)
        story = make_field("story", "Story", story_box(),
                           "e.g. A 48-year-old woman presents with crushing chest pain for 30 minutes, sweaty, "
                           "BP 150/90, HR 110 …")
        self.fields["story"] = story
        story_group = QGroupBox("&Story (free text)")
        story_layout = QFormLayout(story_group)
        story_layout.addRow(story.box)
        grid.addWidget(story_group, 1, 0, 1, 2)
        grid.addWidget(self._group("Background", BACKGROUND), 1, 2)
        grid.setRowStretch(1, 1)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        self.layout_.addWidget(scroll, 1)

        self.form_message = QLabel("")
        self.form_message.setObjectName("formMessage")
        self.form_message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("triageProgress")
        self.progress.setRange(0, 0)  # busy until the pipeline reports steps
        self.progress.hide()
        self.progress_text = QLabel("")
        self.progress_text.setObjectName("progressText")
        self.clear_button = QPushButton("Clea&r form")
        self.clear_button.setObjectName("clearIntake")
        self.clear_button.clicked.connect(self.clear_form)
        self.cancel_button = QPushButton("Cancel triage")
        self.cancel_button.setObjectName("cancelTriage")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.submit_button = QPushButton("Run &triage")
        self.submit_button.setObjectName("submitIntake")
        self.submit_button.setProperty("primary", True)
        self.submit_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_text, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        self.layout_.addWidget(self.form_message)
        self.layout_.addLayout(buttons)

        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.submit)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.submit)
        QShortcut(QKeySequence("Esc"), self, activated=self.cancel)
        self._set_tab_order()
        self.task = None
        self.last_case_id: str | None = None
        self._draft: dict | None = None

    # building ----------------------------------------------------------------
    def _group(self, title: str, spec) -> QGroupBox:
        group = QGroupBox(title)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label, placeholder in spec:
            widget = combo(_COMBOS[key]) if key in _COMBOS else QLineEdit()
            field = make_field(key, label.replace("&", ""), widget, placeholder or "")
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(lambda k=key: self.check_field(k))
            self.fields[key] = field
            caption = QLabel(label)
            caption.setBuddy(widget)  # Alt+letter jumps to the field
            form.addRow(caption, field.box)
        return group

    def _set_tab_order(self) -> None:
        # Reading order: the top row left to right, then the story, then the background.
        order = [self.fields[k].widget for group in (PATIENT, SYMPTOMS, VITALS) for k, _l, _p in group]
        order.append(self.fields["story"].widget)
        order += [self.fields[k].widget for k, _l, _p in BACKGROUND]
        order += [self.submit_button, self.clear_button]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    # validation --------------------------------------------------------------
    def show_error(self, field_key: str, message: str) -> None:
        field = self.fields.get(field_key)
        if field is None:
            self.form_message.setText(message)
            return
        field.error.setText(message)
        field.error.show()
        field.widget.setProperty("invalid", True)
        field.widget.style().unpolish(field.widget)
        field.widget.style().polish(field.widget)

    def clear_error(self, field_key: str) -> None:
        field = self.fields[field_key]
        field.error.hide()
        field.error.setText("")
        if field.widget.property("invalid"):
            field.widget.setProperty("invalid", False)
            field.widget.style().unpolish(field.widget)
            field.widget.style().polish(field.widget)

    def errors(self) -> dict[str, str]:
        """Field key -> message for every field now showing an error."""
        return {k: f.error.text() for k, f in self.fields.items() if f.error.text()}

    def check_field(self, key: str) -> bool:
        """Check one field with the core's rules as the nurse leaves it."""
        from core.errors import ValidationError
        from core.triage.intake import parse_intake

        data = intake_dict(form_values(self.fields))
        single = {k: v for k, v in data.items() if k == key}
        if not single:
            self.clear_error(key)
            return True
        try:
            # A placeholder symptom satisfies "not empty"; only this field is judged.
            parse_intake({"symptoms": ["(checking one field)"], **single})
        except ValidationError as exc:
            if form_field_for(exc.field) == key:
                self.show_error(key, _inline(exc))
                return False
        self.clear_error(key)
        return True

    def read_intake(self):
        """The validated intake, or None after marking the field the core refused."""
        from core.errors import ValidationError
        from core.triage.intake import parse_intake

        for key in self.fields:
            self.clear_error(key)
        self.form_message.clear()
        try:
            return parse_intake(intake_dict(form_values(self.fields)))
        except ValidationError as exc:
            target = form_field_for(exc.field)
            self.show_error(target, _inline(exc) if target in self.fields else str(exc))
            if target in self.fields:
                self.fields[target].widget.setFocus()
            return None

    # triage --------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.task is not None

    def submit(self) -> None:
        if self.busy or self.window_.is_locked:
            return
        intake = self.read_intake()
        if intake is None:
            return
        session = self.session
        self._set_busy(True, "Starting the triage…")
        self.triage_started.emit()
        self.task = stream_in_background(lambda task: run_triage(session, intake, task), owner=self,
                                         on_item=self._progress, on_success=self._finished,
                                         on_failure=self._failed)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.progress_text.setText("Cancelling… (nothing is stored)")
            self.cancel_button.setEnabled(False)

    def _progress(self, event) -> None:
        if isinstance(event, Progress):
            self.progress_text.setText(event.text)
            if event.total:
                self.progress.setRange(0, event.total)
                self.progress.setValue(event.done)

    def _finished(self, event) -> None:
        self.task = None
        self._set_busy(False)
        if not isinstance(event, Finished):
            self.form_message.setText("The triage stopped without a result; the form is unchanged. Try again.")
            self.triage_failed.emit(self.form_message.text())
            return
        self.last_case_id = event.case_id
        self._draft = None  # the submitted intake is done: nothing to restore after a lock
        self.clear_form()
        self.progress_text.setText(f"Case {event.case_id} is in the review queue ({event.priority_label}).")
        self.window_.case_stored.emit(event.case_id)
        self.triage_finished.emit(event.case_id)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        if isinstance(exc, Cancelled):
            self.progress_text.setText("Triage cancelled. Nothing was stored; the form is as you left it.")
            self.triage_failed.emit("cancelled")
            return
        from core.errors import ValidationError
        from core.inference.errors import ContextOverflow

        message = user_message(exc, "run the triage") + " The form is as you left it."
        self.form_message.setText(message)
        if isinstance(exc, ValidationError) and form_field_for(exc.field) in self.fields:
            self.show_error(form_field_for(exc.field), _inline(exc))
        elif isinstance(exc, ContextOverflow):
            # The intake is never cut to fit the model: the story is what has to get shorter.
            self.show_error("story", str(exc).removeprefix("story: "))
        self.progress_text.clear()
        self.triage_failed.emit(message)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.submit_button.setEnabled(not busy)
        self.clear_button.setEnabled(not busy)
        if busy:
            self.progress_text.setText(text)
            self.cancel_button.setFocus()

    def clear_form(self) -> None:
        for key, field in self.fields.items():
            set_value(field.widget, None)
            self.clear_error(key)
        self.form_message.clear()

    # lock ----------------------------------------------------------------------
    def lock(self) -> None:
        """Take the draft out of the widgets (nothing patient-related stays on screen)."""
        self._draft = form_values(self.fields)
        for field in self.fields.values():
            set_value(field.widget, None)
        self.progress_text.setText("")

    def unlock(self, session) -> None:
        super().unlock(session)
        if self._draft is not None:
            for key, value in self._draft.items():
                set_value(self.fields[key].widget, value)
            self._draft = None

    def activated(self) -> None:
        if not self.busy:
            self.fields["age"].widget.setFocus(Qt.FocusReason.OtherFocusReason)


def _inline(exc) -> str:
    """The core's message for the line under its field (the field name is already beside it)."""
    return f"{exc.problem[:1].upper()}{exc.problem[1:]}" + (f" — {exc.fix}" if exc.fix else "")
