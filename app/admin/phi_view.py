"""The PHI audit page: audit a dataset for the 18 HIPAA Safe Harbor identifiers, see the gate.

The audit runs through :func:`core.phi.dataset_audit.audit_stored_dataset` in the
background, chunk by chunk (progress, time left, Cancel). The page shows the 18
identifiers' pass/fail table, the findings by severity with the offending text
masked (the core never hands over more), the checklist, the rendered compliance
report and the gate: training is blocked while a Critical or High finding is
open (:func:`core.phi.gate.require_passing_audit` answers, as training does).
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from app import tasks
from app.admin.knowledge_view import _table, fill_table
from app.admin.progress import ProgressPanel
from app.errors import show_error
from app.screen import Screen, hint
from core.security.roles import Permission

IDENTIFIER_COLUMNS = ("#", "Identifier", "Findings", "Open", "Worst open", "Status")
FINDING_COLUMNS = ("Severity", "Open", "Identifier", "Class", "Record", "Field", "Authenticity", "Excerpt (masked)")
CHECK_COLUMNS = ("Result", "Check", "Detail")
SEVERITIES = ("Critical", "High", "Medium", "Low")
GATE_STYLE = {True: "background:#e3f2e6; color:#1b5e20; border:1px solid #1b5e20;",
              False: "background:#fde2e1; color:#8e1b1b; border:1px solid #8e1b1b;"}


def gate_state(ws, name: str) -> tuple[bool | None, str]:
    """(may train, the gate's own words) for dataset ``name``; None when it was never audited."""
    from core.phi.gate import PhiAuditRequired, latest_audit, require_passing_audit

    if latest_audit(ws, name) is None:
        return None, f"'{name}' has no PHI audit yet: training on it is blocked until an audit passes."
    try:
        record = require_passing_audit(ws, name)
    except PhiAuditRequired as exc:
        return False, f"Training BLOCKED. {exc}"
    return True, f"Training allowed: the PHI audit of {record.created_at[:16].replace('T', ' ')} passed."


class PhiAuditScreen(Screen):
    key = "phi"
    title = "PHI audit"
    permission = Permission.MANAGE_DATA

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Scan every text of a synthetic dataset for the 18 HIPAA Safe Harbor "
                                    "identifiers. Names and places are checked against the generator's fictional "
                                    "lists; anything else that could identify a person stays open. Training is "
                                    "blocked while any Critical or High finding is open. Excerpts are masked."))
        self.dataset = QComboBox()
        self.dataset.setObjectName("phiDataset")
        self.dataset.setMinimumWidth(220)
        self.dataset.currentIndexChanged.connect(lambda _i: self.show_stored())
        self.authenticity = QCheckBox("Check names and places against the fictional lists")
        self.authenticity.setObjectName("phiAuthenticity")
        self.authenticity.setChecked(True)
        self.run_button = QPushButton("&Run PHI audit")
        self.run_button.setObjectName("phiRun")
        self.run_button.setProperty("primary", True)
        self.run_button.clicked.connect(self.run_audit)
        row = QHBoxLayout()
        row.addWidget(QLabel("Dataset:"))
        row.addWidget(self.dataset)
        row.addWidget(self.authenticity)
        row.addStretch(1)
        row.addWidget(self.run_button)
        self.layout_.addLayout(row)
        self.progress = ProgressPanel("phiProgress")
        self.layout_.addWidget(self.progress)
        self.gate = QLabel("")
        self.gate.setObjectName("phiGate")
        self.gate.setWordWrap(True)
        self.layout_.addWidget(self.gate)
        self.severity_line = QLabel("")
        self.severity_line.setObjectName("phiSeverities")
        self.layout_.addWidget(self.severity_line)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("phiTabs")
        self.identifiers = _table("phiIdentifiers", IDENTIFIER_COLUMNS)
        _fit_columns(self.identifiers, stretch=1)
        self.tabs.addTab(self.identifiers, "18 identifiers")
        findings_page = QWidget()
        column = QVBoxLayout(findings_page)
        self.severity_filter = QComboBox()
        self.severity_filter.setObjectName("phiSeverityFilter")
        self.severity_filter.addItem("All severities", None)
        for label in SEVERITIES:
            self.severity_filter.addItem(label, label)
        self.severity_filter.currentIndexChanged.connect(lambda _i: self._show_findings())
        self.open_only = QCheckBox("Open findings only")
        self.open_only.setObjectName("phiOpenOnly")
        self.open_only.toggled.connect(lambda _c: self._show_findings())
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Severity:"))
        filters.addWidget(self.severity_filter)
        filters.addWidget(self.open_only)
        filters.addStretch(1)
        column.addLayout(filters)
        self.findings = _table("phiFindings", FINDING_COLUMNS)
        for index, width in enumerate((76, 50, 170, 120, 200, 56, 170)):
            self.findings.horizontalHeader().resizeSection(index, width)
        self.findings.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.findings, 1)
        self.tabs.addTab(findings_page, "Findings")
        self.checklist = _table("phiChecklist", CHECK_COLUMNS)
        _fit_columns(self.checklist, stretch=2)
        self.tabs.addTab(self.checklist, "Checklist")
        self.report_view = QTextBrowser()
        self.report_view.setObjectName("phiReport")
        self.tabs.addTab(self.report_view, "Compliance report")
        self.layout_.addWidget(self.tabs, 1)

        self.export_html = QPushButton("Export &HTML…")
        self.export_html.setObjectName("phiExportHtml")
        self.export_html.clicked.connect(lambda: self.choose_export("html"))
        self.export_md = QPushButton("Export &Markdown…")
        self.export_md.setObjectName("phiExportMd")
        self.export_md.clicked.connect(lambda: self.choose_export("md"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_md)
        buttons.addWidget(self.export_html)
        self.layout_.addLayout(buttons)
        self.outcome = None  # the StoredAudit of this session's last run
        self.report_paths: dict[str, Path] = {}
        self.may_train: bool | None = None
        self._locked = False
        self._set_export(False)

    # datasets ------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        if self._locked:
            return
        from core.datasets.service import list_datasets

        wanted = select or self.dataset.currentData()
        try:
            names = [m.name for m in list_datasets(self.session.ws)]
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "list the datasets")
            return
        self.dataset.blockSignals(True)
        self.dataset.clear()
        for name in names:
            self.dataset.addItem(name, name)
        if wanted in names:
            self.dataset.setCurrentIndex(names.index(wanted))
        self.dataset.blockSignals(False)
        self.run_button.setEnabled(bool(names) and not self.progress.running)
        if not names:
            self.gate.setText("No datasets yet: generate one on the Datasets page.")
            self.gate.setStyleSheet("")
        self.show_stored()

    def select(self, name: str) -> None:
        """Show dataset ``name`` (the Datasets page sends its new dataset here)."""
        self.refresh(select=name)

    def show_stored(self) -> None:
        """The selected dataset's gate and its latest stored compliance report."""
        from core.phi.gate import latest_audit

        name = self.dataset.currentData()
        if not name or self._locked:
            return
        if self.outcome is not None and self.outcome.result.dataset != name:
            self._clear_result()
        record = latest_audit(self.session.ws, name)
        if record is not None and self.outcome is None:
            self.report_paths = {k: Path(v) for k, v in (("md", record.report_md), ("html", record.report_html)) if v}
            self._show_report()
            self.severity_line.setText(_severity_text(record.severities) + " (latest stored audit)")
        self._show_gate(name)

    def _show_gate(self, name: str) -> None:
        self.may_train, text = gate_state(self.session.ws, name)
        self.gate.setText(text)
        self.gate.setStyleSheet(GATE_STYLE.get(bool(self.may_train), "") + " padding:8px; font-weight:bold;")

    # the audit -----------------------------------------------------------
    def run_audit(self):
        """Audit the selected dataset in the background; returns the task."""
        from core.phi.dataset_audit import audit_stored_dataset

        name = self.dataset.currentData()
        if not name or self.progress.running:
            return None
        ws, check_names = self.session.ws, self.authenticity.isChecked()
        self._clear_result()
        self.run_button.setEnabled(False)

        def work(_task):  # Cancel closes the generator at its next step: the core then records nothing
            return audit_stored_dataset(ws, name, authenticity=check_names)

        def item(step) -> None:
            if step.outcome is not None:
                self._show_result(step.outcome)
            else:
                self.progress.step(step.done, step.total, f"Scanning '{name}'")

        def failed(exc) -> None:
            if isinstance(exc, tasks.Cancelled):
                self.progress.finish("Cancelled before the verdict was recorded.")
            else:
                self.progress.finish("The audit stopped.")
                show_error(self, exc, "run the PHI audit")

        def done(last) -> None:
            if last is None or last.outcome is None:
                self.progress.finish("The audit ended without a verdict.")
            else:
                verdict = "PASSED" if last.outcome.result.passed else "FAILED"
                self.progress.finish(f"PHI audit of '{name}': {verdict} ({last.outcome.result.records} records)")

        def finished() -> None:
            self.run_button.setEnabled(True)
            if not self._locked:  # locked or closed meanwhile: the workspace is gone
                self._show_gate(name)
                self.window_.update_inbox_badge()

        return self.progress.run(work, owner=self, text=f"Loading the PHI scanner and reading '{name}'…",
                                 stream=True, on_item=item, on_success=done, on_failure=failed, on_done=finished)

    def _show_result(self, outcome) -> None:
        self.outcome = outcome
        result = outcome.result
        fill_table(self.identifiers, [(i.number, i.label, s.findings, s.open,
                                       s.worst_open.label if s.worst_open else "-", s.status.upper())
                                      for i, s in result.by_identifier().items()])
        fill_table(self.checklist, [({True: "PASS", False: "FAIL", None: "n/a"}[c.passed], c.label, c.detail)
                                    for c in result.checklist()])
        self.severity_line.setText(_severity_text(result.severity_counts()))
        self._show_findings()
        self.report_paths = {"md": outcome.report_md, "html": outcome.report_html}
        self._show_report()

    def shown_findings(self) -> list:
        """The findings the table shows (severity and open filters applied), open and worst first."""
        if self.outcome is None:
            return []
        wanted = self.severity_filter.currentData()
        return [f for f in sorted(self.outcome.result.findings,
                                  key=lambda f: (not f.open, -f.severity, f.identifier.number))
                if (wanted is None or f.severity.label == wanted) and (f.open or not self.open_only.isChecked())]

    def _show_findings(self) -> None:
        from core.phi.report import class_label

        fill_table(self.findings, [(f.severity.label, "yes" if f.open else "no", f.identifier.label,
                                    class_label(f.entity_type),
                                    f.record, f.field, f.authenticity, f.excerpt) for f in self.shown_findings()])

    def _show_report(self) -> None:
        html = self.report_paths.get("html")
        if html is not None and html.is_file():
            self.report_view.setHtml(html.read_text("utf-8"))
        else:
            self.report_view.setHtml("<p>The compliance report file is missing; run the audit again.</p>")
        self._set_export(bool(self.report_paths))

    def _clear_result(self) -> None:
        self.outcome = None
        self.report_paths = {}
        for table in (self.identifiers, self.findings, self.checklist):
            table.setRowCount(0)
        self.report_view.clear()
        self.severity_line.clear()
        self._set_export(False)

    def _set_export(self, on: bool) -> None:
        self.export_html.setEnabled(on)
        self.export_md.setEnabled(on)

    # export --------------------------------------------------------------
    def choose_export(self, fmt: str) -> None:
        suffix = {"html": "HTML (*.html)", "md": "Markdown (*.md)"}[fmt]
        source = self.report_paths.get(fmt)
        if source is None:
            return
        target, _ = QFileDialog.getSaveFileName(self, "Export the compliance report", str(Path.home() / source.name),
                                                suffix)
        if target:
            self.export_to(Path(target), fmt)

    def export_to(self, target: Path, fmt: str) -> Path:
        """Copy the compliance report (``html`` or ``md``) to ``target``."""
        from core.errors import NotFoundError

        source = self.report_paths.get(fmt)
        try:
            if source is None or not source.is_file():
                raise NotFoundError("the compliance report file is missing: run the PHI audit again")
            shutil.copyfile(source, target)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "export the compliance report")
            raise
        self.severity_line.setText(self.severity_line.text() + f" — exported to {escape(str(target))}")
        return target

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self._clear_result()
        self.gate.clear()

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False


def _fit_columns(table, stretch: int) -> None:
    """Columns as wide as their contents, one column taking the rest of the width."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def _severity_text(severities: dict) -> str:
    return "Open findings by severity: " + ", ".join(f"{label} {severities.get(label, 0)}" for label in SEVERITIES)
