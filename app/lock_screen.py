"""The lock screen: patient data is gone from view; the same user's password unlocks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.login import login_failure_text
from app.session import open_workspace
from app.tasks import run_in_background


class LockScreen(QWidget):
    """Emits ``unlocked(workspace)`` after the password re-opens the workspace, or ``logout``."""

    unlocked = Signal(object)
    logout = Signal()

    def __init__(self, home: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = Path(home)
        self.username = ""
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        self.title = QLabel("Screen locked")
        self.title.setObjectName("screenTitle")
        self.who = QLabel("")
        self.who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password")
        self.password.setMinimumWidth(320)
        self.password.returnPressed.connect(self.attempt)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.clicked.connect(self.attempt)
        self.logout_button = QPushButton("&Log out (switch user)")
        self.logout_button.setObjectName("logoutButton")
        self.logout_button.clicked.connect(self.logout)
        self.message = QLabel("")
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.password)
        row.addWidget(self.unlock_button)
        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.who)
        box.addLayout(row)
        box.addWidget(self.message)
        box.addWidget(self.logout_button, 0, Qt.AlignmentFlag.AlignLeft)
        panel = QWidget()
        panel.setObjectName("lockCard")
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        panel.setLayout(box)
        box.setContentsMargins(28, 24, 28, 24)
        box.setSpacing(12)
        panel.setFixedWidth(600)  # a fixed width lets the wrapped text take the height it needs
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self._busy = False

    def prepare(self, username: str, reason: str) -> None:
        self.username = username
        self.who.setText(f"{reason}\nPatient information is hidden. {username}, enter your password to "
                         "continue where you left off, or log out so someone else can log in.")
        # A centred card does not pass height-for-width down: size the wrapped text explicitly.
        self.who.setMinimumHeight(self.who.heightForWidth(540))
        self.password.clear()
        self.message.clear()
        self.password.setFocus()

    def attempt(self) -> None:
        if self._busy:
            return
        password = self.password.text()
        if not password:
            self.message.setText("Enter your password.")
            return
        self._busy = True
        self.unlock_button.setEnabled(False)
        self.message.setText("")
        username = self.username
        run_in_background(lambda: open_workspace(self.home, username, password), owner=self,
                          on_success=self._succeeded, on_failure=self._failed)

    def _succeeded(self, ws) -> None:
        self._busy = False
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.unlocked.emit(ws)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.message.setText(login_failure_text(exc))
        self.password.setFocus()
