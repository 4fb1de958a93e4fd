"""The login window: user name and password unlock that user's keyslot.

Wrong passwords and lockouts are shown plainly in the window itself (no
pop-up); the unlock (Argon2id + opening SQLCipher) runs off the UI thread so
the window stays responsive.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from app.errors import user_message
from app.session import open_workspace
from app.tasks import run_in_background


def login_failure_text(exc: BaseException) -> str:
    """What the login or lock screen says after a failed unlock."""
    from core.errors import AuthenticationError, LockedOutError

    if isinstance(exc, LockedOutError):
        return f"Locked: {exc}"
    if isinstance(exc, AuthenticationError):
        return f"Not logged in: {exc}. Check the user name and password (Caps Lock?)."
    return user_message(exc, "open the workspace")


class LoginDialog(QDialog):
    """Asks for user name and password; emits ``unlocked(workspace)`` on success."""

    unlocked = Signal(object)

    def __init__(self, home: Path, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.home = Path(home)
        self.setObjectName("loginDialog")
        self.setWindowTitle("Prescreen — log in")
        self.setMinimumWidth(460)
        self._busy = False

        title = QLabel("Prescreen")
        title.setObjectName("screenTitle")
        subtitle = QLabel("Triage support for the clinic. Log in with your own account.")
        subtitle.setObjectName("hint")
        subtitle.setWordWrap(True)

        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setPlaceholderText("e.g. nurse.amy")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&User name", self.username)
        form.addRow("&Password", self.password)

        self.message = QLabel("")
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.login_button = QPushButton("Log in")
        self.login_button.setObjectName("loginButton")
        self.login_button.setProperty("primary", True)
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.attempt)
        quit_button = QPushButton("Quit")
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(self.login_button)

        where = QLabel(f"Workspace: {self.home}")
        where.setObjectName("hint")
        where.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(where)
        (self.password if username else self.username).setFocus()

    def attempt(self) -> None:
        """Try to unlock with what was typed (in the background)."""
        if self._busy:
            return
        name = self.username.text().strip()
        password = self.password.text()
        if not name:
            self.show_message("Enter your user name.")
            self.username.setFocus()
            return
        if not password:
            self.show_message("Enter your password.")
            self.password.setFocus()
            return
        self._set_busy(True)
        self.show_message("Unlocking…", ok=True)
        run_in_background(lambda: open_workspace(self.home, name, password), owner=self,
                          on_success=self._succeeded, on_failure=self._failed)

    def show_message(self, text: str, ok: bool = False) -> None:
        self.message.setObjectName("okMessage" if ok else "loginMessage")
        self.message.setStyleSheet("")  # re-polish with the new object name
        self.message.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.login_button.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)

    def _succeeded(self, ws) -> None:
        self._set_busy(False)
        self.password.clear()
        self.show_message("")
        self.unlocked.emit(ws)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.password.clear()
        self.show_message(login_failure_text(exc))
        self.password.setFocus()
