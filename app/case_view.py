"""Case review: the intake, the AI draft and its checks, and the nurse's decisions.

The nurse confirms the priority or changes it (a reason is required), adds
notes and signs by re-entering the password. A signed case is read-only; an
addendum is a new entry linked to it. Opening, every change and the
signature are audit events (recorded by the core's ReviewService).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from app.case_render import assessment_html, history_html, intake_html
from app.errors import show_error, user_message
from app.passages import open_passage
from app.screen import Screen
from app.tasks import run_in_background
from app.theme import priority_label, priority_stylesheet
from core.security.roles import Permission
from core.triage.priority import Priority

STATUS_TEXT = {"awaiting_review": "Awaiting review", "signed": "Signed — read-only"}


class CaseScreen(Screen):
    key = "case"
    title = "Case review"
    permission = Permission.VIEW_QUEUE

    def __init__(self, window) -> None:
        super().__init__(window)
        self.package = None

        self.case_title = QLabel("")
        self.case_title.setObjectName("caseTitle")
        self.case_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.case_meta = QLabel("")
        self.case_meta.setObjectName("hint")
        self.priority_chip = QLabel("")
        self.priority_chip.setObjectName("priorityChip")
        back = QPushButton("← &Back to queue")
        back.setObjectName("backToQueue")
        back.clicked.connect(lambda: window.show_screen("queue"))
        header = QHBoxLayout()
        header.addWidget(self.priority_chip)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.case_title)
        titles.addWidget(self.case_meta)
        header.addLayout(titles)
        header.addStretch(1)
        header.addWidget(back)
        self.layout_.addLayout(header)

        self.details = QTextBrowser()
        self.details.setObjectName("caseDetails")
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._link_clicked)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(8, 0, 0, 0)
        self.priority_box = self._priority_box()
        self.note_box = self._note_box()
        self.sign_box = self._sign_box()
        self.addendum_box = self._addendum_box()
        for box in (self.priority_box, self.note_box, self.sign_box, self.addendum_box):
            side.addWidget(box)
        history_box = QGroupBox("History")
        self.history = QTextBrowser()
        self.history.setObjectName("caseHistory")
        self.history.setMinimumHeight(90)
        QVBoxLayout(history_box).addWidget(self.history)
        side.addWidget(history_box, 1)
        right.setMinimumWidth(400)
        right.setMaximumWidth(520)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.details)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(splitter, 1)

    # building ----------------------------------------------------------------
    def _priority_box(self) -> QGroupBox:
        box = QGroupBox("Priority")
        self.priority_choice = QComboBox()
        self.priority_choice.setObjectName("priorityChoice")
        for priority in sorted(Priority, reverse=True):
            self.priority_choice.addItem(priority.label, priority)
            self.priority_choice.setItemData(self.priority_choice.count() - 1, priority.meaning,
                                             Qt.ItemDataRole.ToolTipRole)
        self.reason = QLineEdit()
        self.reason.setObjectName("priorityReason")
        self.reason.setPlaceholderText("Why the priority changes (required)")
        self.change_button = QPushButton("&Change priority")
        self.change_button.setObjectName("changePriority")
        self.change_button.clicked.connect(self.change_priority)
        self.priority_message = QLabel("")
        self.priority_message.setObjectName("fieldError")
        self.priority_message.setWordWrap(True)
        self.floor_warning = QLabel("")
        self.floor_warning.setObjectName("hint")
        self.floor_warning.setWordWrap(True)
        self.priority_choice.currentIndexChanged.connect(self._warn_below_floor)
        form = QFormLayout(box)
        form.addRow("New &priority", self.priority_choice)
        form.addRow("&Reason", self.reason)
        form.addRow("", self.change_button)
        form.addRow(self.floor_warning)
        form.addRow(self.priority_message)
        return box

    def _note_box(self) -> QGroupBox:
        box = QGroupBox("Note")
        self.note = QPlainTextEdit()
        self.note.setObjectName("noteText")
        self.note.setPlaceholderText("A note for the record (e.g. what the patient said on the phone)")
        self.note.setFixedHeight(60)
        self.note.setTabChangesFocus(True)
        self.note_button = QPushButton("Add &note")
        self.note_button.setObjectName("addNote")
        self.note_button.clicked.connect(self.add_note)
        layout = QVBoxLayout(box)
        layout.addWidget(self.note)
        layout.addWidget(self.note_button, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _sign_box(self) -> QGroupBox:
        box = QGroupBox("Sign")
        self.sign_hint = QLabel("")
        self.sign_hint.setWordWrap(True)
        self.sign_password = QLineEdit()
        self.sign_password.setObjectName("signPassword")
        self.sign_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sign_password.setPlaceholderText("Re-enter your password to sign")
        self.sign_password.returnPressed.connect(self.sign)
        self.sign_button = QPushButton("&Sign")
        self.sign_button.setObjectName("signCase")
        self.sign_button.setProperty("primary", True)
        self.sign_button.clicked.connect(self.sign)
        self.sign_message = QLabel("")
        self.sign_message.setObjectName("fieldError")
        self.sign_message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.sign_password, 1)
        row.addWidget(self.sign_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.sign_hint)
        layout.addLayout(row)
        layout.addWidget(self.sign_message)
        return box

    def _addendum_box(self) -> QGroupBox:
        box = QGroupBox("Addendum (signed cases)")
        self.addendum = QPlainTextEdit()
        self.addendum.setObjectName("addendumText")
        self.addendum.setFixedHeight(80)
        self.addendum.setTabChangesFocus(True)
        self.addendum_button = QPushButton("Add a&ddendum")
        self.addendum_button.setObjectName("addAddendum")
        self.addendum_button.clicked.connect(self.add_addendum)
        layout = QVBoxLayout(box)
        layout.addWidget(self.addendum)
        layout.addWidget(self.addendum_button, 0, Qt.AlignmentFlag.AlignRight)
        return box

    # loading -----------------------------------------------------------------
    def load(self, case_id: str) -> None:
        """Open the case (an audit event) and show it."""
        try:
            package = self.session.review.open_case(case_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "open the case")
            return
        self.show_package(package)

    def show_package(self, package) -> None:
        self.package = package
        status = STATUS_TEXT.get(package.status, package.status)
        self.case_title.setText(f"Case {package.id} · {status}")
        self.case_meta.setText(f"Entered by {package.created_by} at {package.created_at[:16].replace('T', ' ')} UTC"
                               f" · {package.headline}")
        self.priority_chip.setText(priority_label(package.final_priority))
        self.priority_chip.setStyleSheet(priority_stylesheet(package.final_priority))
        self.priority_chip.setToolTip(package.final_priority.meaning)
        self.details.setHtml("<h3>Intake</h3>" + intake_html(package.intake) + assessment_html(package))
        self.history.setHtml(history_html(package))
        self.priority_choice.setCurrentIndex(self.priority_choice.findData(package.final_priority))
        self.sign_hint.setText(
            f"Signed by {package.signed_by}. The case is read-only; add an addendum below."
            if package.is_signed else
            f"Signing confirms the priority {package.final_priority.label.upper()} "
            f"({package.final_priority.meaning.rstrip('.')}).")
        editable = not package.is_signed and self.session.can(Permission.REVIEW)
        for widget in (self.priority_choice, self.reason, self.change_button, self.note, self.note_button,
                       self.sign_password, self.sign_button):
            widget.setEnabled(editable)
        can_add = package.is_signed and self.session.can(Permission.REVIEW)
        self.addendum.setEnabled(can_add)
        self.addendum_button.setEnabled(can_add)
        self.sign_password.setVisible(not package.is_signed)
        self.sign_button.setVisible(not package.is_signed)
        self._warn_below_floor()
        # Show what can be done now: review controls on an open case, the addendum on a signed one.
        self.addendum_box.setVisible(package.is_signed)
        self.note_box.setVisible(not package.is_signed)
        self.priority_box.setVisible(not package.is_signed)
        for label in (self.priority_message, self.sign_message):
            label.clear()

    def _warn_below_floor(self) -> None:
        """Lowering below the red-flag floor is allowed, but the nurse should know it is."""
        chosen = self.priority_choice.currentData()
        floor = self.package.floor if self.package is not None else None
        below = floor is not None and chosen is not None and chosen < floor
        self.floor_warning.setText(
            f"⚠ Below the red-flag floor ({floor.label}): allowed after your own assessment, with a clear "
            "reason; it is recorded and reviewed." if below else "")
        self.floor_warning.setVisible(below)

    # actions -----------------------------------------------------------------
    def _apply(self, action, message_label: QLabel, doing: str) -> bool:
        """Run a review action; a refused one is shown next to its controls, the case unchanged."""
        from core.errors import PrescreenError

        try:
            package = action()
        except PrescreenError as exc:
            message_label.setText(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001
            message_label.setText(user_message(exc, doing))
            show_error(self, exc, doing)
            return False
        self.show_package(package)
        self.window_.case_changed.emit(package.id)
        return True

    def change_priority(self) -> None:
        if self.package is None:
            return
        case_id, new, reason = self.package.id, self.priority_choice.currentData(), self.reason.text()
        if self._apply(lambda: self.session.review.change_priority(case_id, new, reason), self.priority_message,
                       "change the priority"):
            self.reason.clear()

    def add_note(self) -> None:
        if self.package is None:
            return
        case_id, text = self.package.id, self.note.toPlainText()
        if self._apply(lambda: self.session.review.add_note(case_id, text), self.priority_message, "add the note"):
            self.note.clear()

    def add_addendum(self) -> None:
        if self.package is None:
            return
        case_id, text = self.package.id, self.addendum.toPlainText()
        if self._apply(lambda: self.session.review.add_addendum(case_id, text), self.sign_message,
                       "add the addendum"):
            self.addendum.clear()

    def sign(self) -> None:
        """Re-check the password (Argon2id, off the UI thread) and sign."""
        if self.package is None or not self.sign_button.isEnabled():
            return
        password = self.sign_password.text()
        self.sign_password.clear()
        if not password:
            self.sign_message.setText("password: is required (re-enter your own password to sign)")
            return
        case_id, review = self.package.id, self.session.review
        self.sign_button.setEnabled(False)
        self.sign_message.setText("Signing…")
        run_in_background(lambda: review.sign(case_id, password), owner=self,
                          on_success=self._signed, on_failure=self._sign_failed)

    def _signed(self, package) -> None:
        self.show_package(package)
        self.window_.case_changed.emit(package.id)

    def _sign_failed(self, exc: BaseException) -> None:
        self.sign_button.setEnabled(self.package is not None and not self.package.is_signed)
        self.sign_message.setText(user_message(exc, "sign the case"))

    def _link_clicked(self, url) -> None:
        if url.scheme() == "passage":
            open_passage(self, self.session, url.path() or url.toString().removeprefix("passage:"))

    # lock --------------------------------------------------------------------
    def lock(self) -> None:
        """Forget the case on screen; keep the half-written texts to restore after unlock."""
        if self.package is not None:
            self._draft = {"case_id": self.package.id, "reason": self.reason.text(),
                           "note": self.note.toPlainText(), "addendum": self.addendum.toPlainText(),
                           "visible": self.window_.current_screen() is self}
        self.package = None
        for widget in (self.details, self.history):
            widget.clear()
        for widget in (self.reason, self.sign_password):
            widget.clear()
        self.note.clear()
        self.addendum.clear()
        self.case_title.setText("")
        self.case_meta.setText("")
        self.priority_chip.setText("")
        self.priority_chip.setStyleSheet("")

    def unlock(self, session) -> None:
        super().unlock(session)
        draft, self._draft = getattr(self, "_draft", None), None
        if draft and draft["visible"]:
            self.load(draft["case_id"])
            if self.package is not None and self.package.id == draft["case_id"]:
                self.reason.setText(draft["reason"])
                self.note.setPlainText(draft["note"])
                self.addendum.setPlainText(draft["addendum"])
