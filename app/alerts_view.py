"""Physician alerts: Critical and High cases; unacknowledged Critical on top."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem)

from app.errors import show_error
from app.queue_model import waiting_text
from app.screen import Screen, hint
from app.theme import PRIORITY_COLOURS, priority_label
from core.security.roles import Permission

COLUMNS = ("Priority", "Since", "Case", "Summary", "Acknowledged")


class AlertsScreen(Screen):
    key = "alerts"
    title = "Alerts"
    permission = Permission.ACK_ALERT

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Critical and High cases raise an alert here. Acknowledge each one once you "
                                    "have seen it; unacknowledged Critical alerts stay at the top."))
        self.show_acknowledged = QCheckBox("Show &acknowledged alerts")
        self.show_acknowledged.setObjectName("showAcknowledged")
        self.show_acknowledged.toggled.connect(self.refresh)
        self.summary = QLabel("")
        self.summary.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(self.show_acknowledged)
        top.addStretch(1)
        top.addWidget(self.summary)
        self.layout_.addLayout(top)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("alertsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, width in enumerate((110, 110, 170, 380, 220)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.layout_.addWidget(self.table, 1)

        self.ack_button = QPushButton("&Acknowledge")
        self.ack_button.setObjectName("acknowledgeAlert")
        self.ack_button.setProperty("primary", True)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        open_button = QPushButton("&Open case")
        open_button.setObjectName("openAlertCase")
        open_button.clicked.connect(self.open_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(open_button)
        buttons.addWidget(self.ack_button)
        self.layout_.addLayout(buttons)
        self.alerts: list = []
        self._locked = False
        window.case_stored.connect(lambda _c: self.refresh() if window.current_screen() is self else None)

    def refresh(self) -> None:
        if self._locked:
            return
        try:
            self.alerts = self.session.alerts.list(include_acknowledged=self.show_acknowledged.isChecked())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "load the alerts")
            return
        now = datetime.now(timezone.utc)
        bold = QFont()
        bold.setBold(True)
        self.table.setRowCount(len(self.alerts))
        for row, alert in enumerate(self.alerts):
            waited = (now - datetime.fromisoformat(alert.created_at)).total_seconds()
            ack = (f"{alert.acknowledged_by} at {alert.acknowledged_at[11:16]}" if alert.acknowledged
                   else "NOT YET")
            cells = (priority_label(alert.priority), waiting_text(waited) + " ago", alert.case_id, alert.headline,
                     ack)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, alert.id)
                if column == 0:
                    background, foreground = PRIORITY_COLOURS[alert.priority]
                    item.setBackground(QBrush(QColor(background)))
                    item.setForeground(QBrush(QColor(foreground)))
                    item.setFont(bold)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == 4 and not alert.acknowledged:
                    item.setFont(bold)
                self.table.setItem(row, column, item)
        open_count = sum(1 for a in self.alerts if not a.acknowledged)
        self.summary.setText(f"{open_count} waiting for acknowledgement")
        self.window_.update_alert_badge()

    def selected_alert(self):
        rows = self.table.selectionModel().selectedRows()
        return self.alerts[rows[0].row()] if rows else None

    def acknowledge_selected(self) -> None:
        alert = self.selected_alert()
        if alert is None:
            return
        try:
            self.session.alerts.acknowledge(alert.id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "acknowledge the alert")
        self.refresh()

    def open_selected(self) -> None:
        alert = self.selected_alert()
        if alert is not None:
            self.window_.open_case(alert.case_id)

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self.alerts = []
        self.table.setRowCount(0)
        self.summary.clear()

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
