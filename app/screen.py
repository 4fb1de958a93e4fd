"""What every main-window screen shares: its title, who may see it, lock/unlock."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.security.roles import Permission


class Screen(QWidget):
    """One page of the main window.

    Subclasses set ``key``, ``title`` and ``permission`` (the role must hold
    it for the page to be built at all: a nurse's window has no admin pages,
    not merely hidden ones) and build their widgets in ``__init__``.
    """

    key = ""
    title = ""
    permission: Permission | None = None

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.session = window.session
        self.setObjectName(f"screen_{self.key}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 16, 20, 12)
        self.layout_.setSpacing(10)
        heading = QLabel(self.title)
        heading.setObjectName("screenTitle")
        self.layout_.addWidget(heading)

    def activated(self) -> None:
        """The page was brought to the front: refresh what it shows."""

    def lock(self) -> None:
        """The screen locks: forget patient data shown here."""

    def unlock(self, session) -> None:
        """A new session after unlock: keep working with it."""
        self.session = session

    @classmethod
    def allowed(cls, session) -> bool:
        return cls.permission is None or session.can(cls.permission)


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label
