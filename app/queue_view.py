"""The review queue screen: filters, the table, open a case."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableView)

from app.errors import show_error
from app.queue_model import CASE_ID_ROLE, COLUMNS, QueueModel
from app.screen import Screen
from core.security.roles import Permission
from core.triage.priority import Priority

TICK_MS = 1_000  # waiting time column
POLL_MS = 5_000  # cases entered at another workstation or from the CLI


class QueueScreen(Screen):
    key = "queue"
    title = "Review queue"
    permission = Permission.VIEW_QUEUE

    def __init__(self, window) -> None:
        super().__init__(window)
        self.priority_filter = QComboBox()
        self.priority_filter.setObjectName("priorityFilter")
        self.priority_filter.addItem("All priorities", None)
        for priority in sorted(Priority, reverse=True):
            self.priority_filter.addItem(priority.label, priority)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        for text, value in (("Awaiting review", "awaiting_review"), ("Signed", "signed"), ("All cases", "all")):
            self.status_filter.addItem(text, value)
        self.mine = QCheckBox("&Only cases I entered")
        self.mine.setObjectName("mineFilter")
        for control in (self.priority_filter, self.status_filter):
            control.currentIndexChanged.connect(self.refresh)
        self.mine.toggled.connect(self.refresh)
        self.count = QLabel("")
        self.count.setObjectName("hint")

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Priority:"))
        filters.addWidget(self.priority_filter)
        filters.addWidget(QLabel("Status:"))
        filters.addWidget(self.status_filter)
        filters.addWidget(self.mine)
        filters.addStretch(1)
        filters.addWidget(self.count)
        self.layout_.addLayout(filters)

        self.model = QueueModel(self)
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        for column, width in enumerate((110, 110, 170, 360, 110, 140, 120, 90)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COLUMNS.index("Summary"), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_case(index.data(CASE_ID_ROLE)))
        self.table.activated.connect(lambda index: self.open_case(index.data(CASE_ID_ROLE)))
        self.layout_.addWidget(self.table, 1)

        self.open_button = QPushButton("&Open case")
        self.open_button.setObjectName("openCase")
        self.open_button.setProperty("primary", True)
        self.open_button.clicked.connect(self.open_selected)
        refresh = QPushButton("&Refresh")
        refresh.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        buttons.addWidget(self.open_button)
        self.layout_.addLayout(buttons)

        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.model.tick)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.refresh_if_changed)
        self._signature = None
        self._locked = False
        window.case_stored.connect(lambda _case_id: self.refresh())
        window.case_changed.connect(lambda _case_id: self.refresh())

    # data ------------------------------------------------------------------
    def filters(self) -> dict:
        return {"priority": self.priority_filter.currentData(), "status": self.status_filter.currentData(),
                "mine": self.mine.isChecked()}

    def refresh(self) -> None:
        """Reload the rows from the core, keeping the selected case selected."""
        if self._locked:
            return
        try:
            items = self.session.review.queue(**self.filters())
        except Exception as exc:  # noqa: BLE001 - shown as a message, the queue stays as it was
            show_error(self, exc, "load the review queue")
            return
        self._show(items)

    def _show(self, items: list) -> None:
        selected = self.selected_case_id()
        self.model.set_items(items)
        self._signature = _signature(items)
        self.count.setText(f"{len(items)} case(s)")
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.table.selectRow(row)
        self._tick.start()
        self._poll.start()

    def refresh_if_changed(self) -> None:
        """Poll: cases entered elsewhere (another workstation, the CLI) appear without a click."""
        if self._locked:
            return
        try:
            items = self.session.review.queue(**self.filters())
        except Exception:  # noqa: BLE001 - a failed poll waits for the next one
            return
        if _signature(items) != self._signature:
            self._show(items)

    def selected_case_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(CASE_ID_ROLE) if rows else None

    def open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is None and self.model.rowCount() == 1:
            case_id = self.model.item(0).case_id
        if case_id:
            self.open_case(case_id)

    def open_case(self, case_id: str | None) -> None:
        if case_id:
            self.window_.open_case(case_id)

    # screen life -----------------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self._tick.stop()
        self._poll.stop()
        self.model.clear()
        self.count.setText("")

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
        self.refresh()


def _signature(items: list) -> tuple:
    return tuple((i.case_id, int(i.priority), i.status) for i in items)
