"""The admin's inbox: retraining milestones (dataset ready, PHI audit outcome, cost estimate waiting,
training finished or failed, evaluation ready, gate result, rollback), newest first.

The notices come from :mod:`core.training.inbox` (the audit log and the project
milestones, on this machine only); unread ones are bold and counted on the
status-bar badge. Opening the page does not mark them seen: "Mark all as
seen" does (an audit event).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem)

from app import tasks
from app.errors import show_error
from app.screen import Screen, hint
from core.security.roles import Permission

COLUMNS = ("When (UTC)", "Milestone", "What happened", "By", "Audit event")
#: kind -> (mark shown with the text, background); the mark carries the meaning, not the colour alone
KIND_LOOK = {"success": ("✔", "#e3f2e6"), "failure": ("✖", "#fde2e1"), "warning": ("!", "#fff4d6"),
             "action": ("➜", "#e1ecfb"), "info": ("•", "#ffffff")}


class InboxScreen(Screen):
    key = "inbox"
    title = "Inbox"
    permission = Permission.TRAIN
    section = "Oversight"

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Milestones of the retraining work: a dataset ready, a PHI audit's outcome, a "
                                    "cost estimate waiting for confirmation, training finished or failed, an "
                                    "evaluation ready, a gate result, an activation or rollback. They stay on this "
                                    "machine; each one is also in the audit log (its event number is shown)."))
        self.summary = QLabel("")
        self.summary.setObjectName("inboxSummary")
        self.mark_button = QPushButton("&Mark all as seen")
        self.mark_button.setObjectName("inboxMarkSeen")
        self.mark_button.clicked.connect(self.mark_seen)
        refresh = QPushButton("&Refresh")
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(refresh)
        top.addWidget(self.mark_button)
        self.layout_.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("inboxTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column, width in enumerate((170, 290, 520, 110, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.table, 1)
        self.notices: list = []
        self.unread_keys: set[str] = set()
        self._locked = False

    def refresh(self) -> None:
        """Load the notices in the background and show them."""
        if self._locked:
            return
        from core.training import inbox

        ws = self.session.ws

        def load():
            items = inbox.notices(ws)
            return items, {n.key for n in inbox.unread(ws, items)}

        tasks.run_in_background(load, owner=self, on_success=self._show,
                                on_failure=lambda exc: show_error(self, exc, "load the inbox"))

    def _show(self, loaded) -> None:
        if self._locked:
            return
        self.notices, self.unread_keys = loaded
        bold = QFont()
        bold.setBold(True)
        self.table.setRowCount(len(self.notices))
        for row, notice in enumerate(self.notices):
            mark, background = KIND_LOOK.get(notice.kind, KIND_LOOK["info"])
            new = notice.key in self.unread_keys
            cells = (notice.ts[:19].replace("T", " "), f"{mark} {notice.title}" + ("  (new)" if new else ""),
                     notice.message, notice.actor, f"#{notice.audit_seq}" if notice.audit_seq else "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 1:
                    item.setBackground(QBrush(QColor(background)))
                    item.setForeground(QBrush(QColor("#1f2933")))
                if new:
                    item.setFont(bold)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.summary.setText(f"{len(self.notices)} notices, {len(self.unread_keys)} new")
        self.mark_button.setEnabled(bool(self.unread_keys))
        self.window_.update_inbox_badge()

    def mark_seen(self) -> None:
        from core.training import inbox

        try:
            inbox.mark_seen(self.session.ws)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "mark the notices as seen")
            return
        self.refresh()

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self.notices, self.unread_keys = [], set()
        self.table.setRowCount(0)
        self.summary.clear()

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
