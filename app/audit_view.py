"""Audit viewer (auditors and admins): filter, verify the chain, export."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QFileDialog, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem)

from app.errors import show_error, user_message
from app.screen import Screen, hint
from app.tasks import run_in_background
from core.security.roles import Permission

COLUMNS = ("#", "Time (UTC)", "User", "Role", "Action", "Object", "Outcome", "Detail")
ACTION_CHOICES = ("", "login", "logout", "session.", "case.", "triage", "alert.", "user.", "audit.", "permission.")
SHOWN_LIMIT = 5_000  # rows in the table; export has no limit


class AuditScreen(Screen):
    key = "audit"
    title = "Audit log"
    permission = Permission.READ_AUDIT

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Every login, every read or change of patient data and every admin action, "
                                    "hash-chained. Patient data itself is never in the log."))
        self.user_filter = QLineEdit()
        self.user_filter.setObjectName("auditUser")
        self.user_filter.setPlaceholderText("any user")
        self.action_filter = QComboBox()
        self.action_filter.setObjectName("auditAction")
        self.action_filter.setEditable(True)
        self.action_filter.addItems(ACTION_CHOICES)
        self.action_filter.lineEdit().setPlaceholderText("any action")
        self.use_dates = QCheckBox("&Dates")
        self.use_dates.setObjectName("auditUseDates")
        self.date_from = QDateEdit(QDate.currentDate().addDays(-7))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        apply = QPushButton("&Show")
        apply.setObjectName("auditApply")
        apply.clicked.connect(self.refresh)
        self.user_filter.returnPressed.connect(self.refresh)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("&User:"))
        filters.itemAt(0).widget().setBuddy(self.user_filter)
        filters.addWidget(self.user_filter)
        filters.addWidget(QLabel("Action:"))
        filters.addWidget(self.action_filter)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.date_to)
        filters.addWidget(apply)
        filters.addStretch(1)
        self.layout_.addLayout(filters)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, width in enumerate((60, 170, 110, 90, 190, 250, 95, 260)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.table, 1)

        self.verify_result = QLabel("Chain not verified yet in this session.")
        self.verify_result.setObjectName("verifyResult")
        self.verify_result.setWordWrap(True)
        self.verify_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = QPushButton("&Verify chain")
        self.verify_button.setObjectName("verifyChain")
        self.verify_button.setProperty("primary", True)
        self.verify_button.clicked.connect(self.verify)
        export = QPushButton("&Export…")
        export.setObjectName("exportAudit")
        export.clicked.connect(self.ask_export)
        self.count = QLabel("")
        self.count.setObjectName("hint")
        bottom = QHBoxLayout()
        bottom.addWidget(self.verify_result, 1)
        bottom.addWidget(self.count)
        bottom.addWidget(export)
        bottom.addWidget(self.verify_button)
        self.layout_.addLayout(bottom)
        self.events: list = []
        self._locked = False

    # filters -----------------------------------------------------------------
    def filters(self) -> dict:
        found = {"actor": self.user_filter.text().strip() or None,
                 "action": self.action_filter.currentText().strip() or None}
        if self.use_dates.isChecked():
            found["since"] = self.date_from.date().toString("yyyy-MM-dd")
            found["until"] = self.date_to.date().addDays(1).toString("yyyy-MM-dd")
        return found

    def refresh(self) -> None:
        if self._locked:
            return
        ws = self.session.ws
        try:
            ws.require(Permission.READ_AUDIT)
            events = ws.audit.events(**self.filters())
            ws.audit.record("audit.read", None, None, {"events": len(events), "source": "gui"})
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "read the audit log")
            return
        self.events = events
        shown = events[-SHOWN_LIMIT:][::-1]  # newest first
        self.table.setRowCount(len(shown))
        for row, event in enumerate(shown):
            detail = ", ".join(f"{k}={v}" for k, v in json.loads(event.detail or "{}").items())
            cells = (str(event.seq), event.ts[:19].replace("T", " "), event.actor, event.role, event.action,
                     f"{event.object_type or ''} {event.object_id or ''}".strip(), event.outcome, detail)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 6 and event.outcome != "ok":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        more = f" (newest {SHOWN_LIMIT:,} shown)" if len(events) > SHOWN_LIMIT else ""
        self.count.setText(f"{len(events):,} event(s){more}")

    # verify and export -------------------------------------------------------
    def verify(self) -> None:
        """Run the full verification (page HMACs + chain + exported head) in the background."""
        ws = self.session.ws
        self.verify_button.setEnabled(False)
        self.verify_result.setObjectName("hint")
        self.verify_result.setText("Verifying the database pages and the hash chain…")
        run_in_background(ws.verify_audit, owner=self, on_success=self._verified, on_failure=self._verify_failed)

    def _verified(self, report) -> None:
        self.verify_button.setEnabled(True)
        self.verify_result.setObjectName("okMessage" if report.ok else "badMessage")
        self.verify_result.setStyleSheet(f"color: {'#1b5e20' if report.ok else '#b71c1c'}; font-weight: bold;")
        self.verify_result.setText(("✔ " if report.ok else "✘ ") + report.summary())
        self.refresh()

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.verify_result.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.verify_result.setText("✘ " + user_message(exc, "verify the audit log"))

    def ask_export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, "Export audit events", "audit-events.csv",
                                                   "CSV (*.csv);;JSON lines (*.jsonl)")
        if path:
            self.export_to(Path(path), "jsonl" if chosen.startswith("JSON") or path.endswith(".jsonl") else "csv")

    def export_to(self, path: Path, fmt: str) -> int:
        """Export the events matching the current filters; returns how many."""
        ws = self.session.ws
        try:
            ws.require(Permission.READ_AUDIT)
            count = ws.audit.export(path, fmt, **self.filters())
            ws.audit.record("audit.export", None, None, {"format": fmt, "events": count, "source": "gui"})
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "export the audit log")
            return 0
        self.count.setText(f"Exported {count:,} event(s) to {path.name}")
        return count

    # screen life -------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self.events = []
        self.table.setRowCount(0)

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
