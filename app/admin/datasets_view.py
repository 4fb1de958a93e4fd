"""The datasets page: generate synthetic training data, read its validation report, export it.

Everything goes through :mod:`core.datasets.service` (role checks and audit events
there). Generation and validation run in the background, one step after the
other (generate, then validate with the target model's tokenizer), with
progress, elapsed time and Cancel between the steps. The validation report is
shown as a table of checks and as bar charts (balance by category and priority,
by demographics, token lengths, volume against the recommendation); the data
dictionary and the manifest are rendered beside it.
"""

from __future__ import annotations

import json

from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QScrollArea, QSpinBox, QSplitter, QTabWidget,
                               QTextBrowser, QVBoxLayout, QWidget)
from PySide6.QtCore import Qt

from app import tasks
from app.admin.knowledge_view import _table, fill_table, fit_columns
from app.admin.progress import ProgressPanel
from app.errors import show_error
from app.screen import Screen, hint
from core.security.roles import Permission

DATASET_COLUMNS = ("Name", "Version", "Records", "Train", "Eval", "Seed", "PHI audit", "Created (UTC)")
CHECK_COLUMNS = ("Result", "Check", "Summary")
PRIORITIES = ("Critical", "High", "Medium", "Low")
STYLES = (("short stories", "short"), ("case-report vignettes", "vignette"), ("mixed", "mixed"))


def validation_charts(report) -> list:
    """Bar charts of a :class:`core.datasets.validation.ValidationReport`, in reading order."""
    from app.admin.charts import bar_chart

    views = []
    names = {c.name: c for c in report.checks}
    balance = names.get("label balance")
    per_category = balance.details.get("per_category", {}) if balance else {}
    if per_category:
        categories = list(per_category)
        views.append(bar_chart("Records per priority and category", [c.replace("_", " ") for c in categories],
                               {p: [per_category[c].get(p, 0) for c in categories] for p in PRIORITIES},
                               name="chartBalance", value_title="records"))
    demographics = names.get("demographic balance")
    for attribute, title in (("age_band", "age band"), ("sex", "sex"), ("race_ethnicity", "race / ethnicity")):
        counts = demographics.details.get(attribute) if demographics else None
        if counts:
            views.append(bar_chart(f"Cases by {title}", [str(k) for k in counts], {"cases": list(counts.values())},
                                   name=f"chartDemographics_{attribute}", horizontal=attribute == "race_ethnicity"))
    length = names.get("length")
    means = length.details.get("mean_per_category") if length else None
    if means:
        views.append(bar_chart(f"Mean tokens per record ({length.details.get('tokenizer', '')})",
                               [c.replace("_", " ") for c in means], {"tokens": list(means.values())},
                               name="chartLengths", value_title="tokens"))
    volume = names.get("volume")
    if volume and volume.details.get("triage_train") is not None:
        have = volume.details["triage_train"]
        wanted = volume.details.get("recommended_per_class", 0)
        views.append(bar_chart("Training triage examples per priority against the recommendation", list(PRIORITIES),
                               {"have": [have.get(p, 0) for p in PRIORITIES],
                                "recommended": [wanted] * len(PRIORITIES)}, name="chartVolume"))
    return views


class DatasetsScreen(Screen):
    key = "datasets"
    title = "Datasets"
    permission = Permission.MANAGE_DATA

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Synthetic training data only: every name, place and number is fictional. "
                                    "Generate a dataset, read its validation report, export it for training; "
                                    "then run its PHI audit (training is blocked until the audit passes)."))
        form_box = QGroupBox("Generate")
        form = QFormLayout(form_box)
        self.name = QLineEdit()
        self.name.setObjectName("dataName")
        self.name.setPlaceholderText("e.g. clinic-v1")
        self.size = QSpinBox()
        self.size.setObjectName("dataSize")
        self.size.setRange(1, 100_000)
        self.size.setValue(200)
        self.size.setToolTip("Case groups; records = cases × phrasings")
        self.seed = QSpinBox()
        self.seed.setObjectName("dataSeed")
        self.seed.setRange(0, 2_000_000_000)
        self.variants = QSpinBox()
        self.variants.setObjectName("dataVariants")
        self.variants.setRange(1, 6)
        self.variants.setValue(2)
        self.format = QComboBox()
        self.format.setObjectName("dataFormat")
        self.style = QComboBox()
        self.style.setObjectName("dataStyle")
        for text, value in STYLES:
            self.style.addItem(text, value)
        self.categories: dict[str, QCheckBox] = {}
        self.category_grid = grid = QGridLayout()
        self.replace = QCheckBox("Replace an existing dataset of this name (records a new version)")
        self.replace.setObjectName("dataReplace")
        self.generate_button = QPushButton("&Generate and validate")
        self.generate_button.setObjectName("dataGenerate")
        self.generate_button.setProperty("primary", True)
        self.generate_button.clicked.connect(self.generate)
        form.addRow("Name:", self.name)
        form.addRow("Cases:", self.size)
        form.addRow("Seed:", self.seed)
        form.addRow("Phrasings per case:", self.variants)
        form.addRow("Format:", self.format)
        form.addRow("Triage stories:", self.style)
        form.addRow("Categories:", grid)
        form.addRow(self.replace)
        form.addRow(self.generate_button)
        self.progress = ProgressPanel("dataProgress")
        form.addRow(self.progress)

        self.table = _table("dataTable", DATASET_COLUMNS)
        fit_columns(self.table)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.validate_button = QPushButton("&Validate")
        self.validate_button.setObjectName("dataValidate")
        self.validate_button.clicked.connect(self.validate_selected)
        self.export_format = QComboBox()
        self.export_format.setObjectName("dataExportFormat")
        self.export_button = QPushButton("&Export")
        self.export_button.setObjectName("dataExport")
        self.export_button.clicked.connect(self.export_selected)
        self.audit_button = QPushButton("PHI &audit →")
        self.audit_button.setObjectName("dataToAudit")
        self.audit_button.clicked.connect(self.open_audit)
        self.status = QLabel("")
        self.status.setObjectName("dataStatus")
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.validate_button)
        actions.addWidget(QLabel("Export as:"))
        actions.addWidget(self.export_format)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        actions.addWidget(self.audit_button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(form_box)
        left_column.addWidget(self.table, 1)
        left_column.addLayout(actions)
        left_column.addWidget(self.status)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("dataTabs")
        report_page = QWidget()
        report_column = QVBoxLayout(report_page)
        self.verdict = QLabel("")
        self.verdict.setObjectName("dataVerdict")
        report_column.addWidget(self.verdict)
        self.checks = _table("dataChecks", CHECK_COLUMNS)
        self.checks.horizontalHeader().resizeSection(0, 64)
        self.checks.horizontalHeader().resizeSection(1, 130)
        self.checks.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.checks.setWordWrap(True)
        report_column.addWidget(self.checks, 1)
        self.tabs.addTab(report_page, "Validation")
        self.chart_area = QWidget()
        self.chart_grid = QGridLayout(self.chart_area)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart_area)
        self.tabs.addTab(scroll, "Charts")
        self.dictionary = QTextBrowser()
        self.dictionary.setObjectName("dataDictionary")
        self.tabs.addTab(self.dictionary, "Data dictionary")
        self.manifest_view = QTextBrowser()
        self.manifest_view.setObjectName("dataManifest")
        self.tabs.addTab(self.manifest_view, "Manifest")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setSizes([560, 760])
        self.layout_.addWidget(split, 1)
        self.manifests: list = []
        self.report = None
        self.charts: dict[str, object] = {}
        self._locked = False
        self._selection_changed()

    def _populate(self) -> None:
        """The choices the core offers (imported on first show: the admin's window starts without them)."""
        from core.datasets.formats import FORMATS
        from core.datasets.records import CATEGORY_NAMES
        from core.datasets.service import GENERATE_FORMATS

        if self.categories:
            return
        for fmt in GENERATE_FORMATS:
            self.format.addItem(fmt, fmt)
        self.format.setCurrentIndex(self.format.findData("all"))
        for fmt in FORMATS:
            self.export_format.addItem(fmt, fmt)
        for index, category in enumerate(CATEGORY_NAMES):
            box = QCheckBox(category.replace("_", " "))
            box.setObjectName(f"dataCategory_{category}")
            box.setChecked(True)
            self.categories[category] = box
            self.category_grid.addWidget(box, index // 2, index % 2)

    # the list ------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        if self._locked:
            return
        self._populate()
        from core.datasets.service import list_datasets

        current = select or self.selected_name()
        try:
            self.manifests = list_datasets(self.session.ws)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "list the datasets")
            return
        self.table.blockSignals(True)
        fill_table(self.table, [(m.name, m.version, m.size, m.splits.get("train", 0), m.splits.get("eval", 0),
                                 m.generator_seed, m.audit_status, m.created_at[:16].replace("T", " "))
                                for m in self.manifests])
        self.table.blockSignals(False)
        names = [m.name for m in self.manifests]
        if current in names:
            self.table.selectRow(names.index(current))
        self._selection_changed()

    def selected_manifest(self):
        rows = self.table.selectionModel().selectedRows()
        return self.manifests[rows[0].row()] if rows and rows[0].row() < len(self.manifests) else None

    def selected_name(self) -> str | None:
        manifest = self.selected_manifest()
        return manifest.name if manifest else None

    def _selection_changed(self) -> None:
        manifest = self.selected_manifest()
        for button in (self.validate_button, self.export_button, self.audit_button):
            button.setEnabled(manifest is not None and not self.progress.running)
        if manifest is None:
            return
        if self.report is not None and self.report.dataset != manifest.name:
            self._show_report(None)
        self._show_documents(manifest)

    def _show_documents(self, manifest) -> None:
        """The data dictionary (rendered) and the manifest of the selected version."""
        reports = self.session.ws.paths.reports
        page = reports / f"data-dictionary-{manifest.name}-v{manifest.version}.html"
        self.dictionary.setHtml(page.read_text("utf-8") if page.is_file()
                                else "<p>No data dictionary for this version.</p>")
        self.manifest_view.setPlainText(json.dumps(manifest.as_dict(), indent=2, ensure_ascii=False))

    # generate ------------------------------------------------------------
    def generate(self):
        """Generate the dataset the form describes, then validate it, in the background; returns the task."""
        from core.datasets.service import generate_dataset, validate_dataset

        if self.progress.running:
            return None
        ws = self.session.ws
        name = self.name.text().strip()
        chosen = [c for c, box in self.categories.items() if box.isChecked()]
        options = dict(n=self.size.value(), seed=self.seed.value(), fmt=self.format.currentData(),
                       categories=chosen or None, variants=self.variants.value(), story_style=self.style.currentData(),
                       replace=self.replace.isChecked())
        if not chosen:
            from core.errors import ValidationError

            show_error(self, ValidationError("categories", "none chosen", "tick at least one category"))
            return None

        def work(task):
            yield "generated", generate_dataset(ws, name, **options)
            task.check_cancelled()
            yield "validated", validate_dataset(ws, name)

        def item(step) -> None:
            kind, value = step
            if kind == "generated":
                self.progress.step(1, 2, f"Generated '{value.name}' v{value.version} ({value.size} records); "
                                         "validating")
                self.refresh(select=value.name)
            else:
                self._show_report(value)

        def failed(exc) -> None:
            if isinstance(exc, tasks.Cancelled):
                self.progress.finish("Cancelled after generation: the dataset is stored but not validated.")
            else:
                self.progress.finish("Generation stopped.")
                show_error(self, exc, "generate the dataset")

        def done(_last) -> None:
            self.progress.finish(f"'{name}' generated and validated in {self.progress.elapsed_s():.0f} s")

        def finished() -> None:
            self.generate_button.setEnabled(True)
            self.refresh(select=name)
            self.window_.update_inbox_badge()

        self.generate_button.setEnabled(False)
        return self.progress.run(work, owner=self, text=f"Generating '{name}' ({options['n']} cases)…", total=2,
                                 stream=True, on_item=item, on_success=done, on_failure=failed, on_done=finished)

    # validate, export ----------------------------------------------------
    def validate_selected(self):
        from core.datasets.service import validate_dataset

        name, ws = self.selected_name(), self.session.ws
        if name is None:
            return None
        self.status.setText(f"Validating '{name}' (token counts with the target model's tokenizer)…")
        return tasks.run_in_background(lambda: validate_dataset(ws, name), owner=self,
                                       on_success=lambda report: (self._show_report(report), self.status.clear()),
                                       on_failure=lambda exc: self._failed(exc, "validate the dataset"))

    def export_selected(self):
        from core.datasets.service import export_dataset

        name, fmt, ws = self.selected_name(), self.export_format.currentData(), self.session.ws
        if name is None:
            return None
        self.status.setText(f"Exporting '{name}' as {fmt}…")
        return tasks.run_in_background(lambda: export_dataset(ws, name, fmt), owner=self,
                                       on_success=lambda dest: self.status.setText(f"Exported '{name}' as {fmt} "
                                                                                   f"to {dest}"),
                                       on_failure=lambda exc: self._failed(exc, "export the dataset"))

    def _failed(self, exc, doing: str) -> None:
        self.status.setText("")
        show_error(self, exc, doing)

    def open_audit(self) -> None:
        name = self.selected_name()
        if name and "phi" in self.window_.screens:
            screen = self.window_.show_screen("phi")
            screen.select(name)

    # the report ----------------------------------------------------------
    def _show_report(self, report) -> None:
        self.report = report
        for view in self.charts.values():
            self.chart_grid.removeWidget(view)
            view.deleteLater()
        self.charts = {}
        if report is None:
            self.checks.setRowCount(0)
            self.verdict.clear()
            return
        self.verdict.setText(f"<b>Validation of '{report.dataset}': {report.records} records, verdict "
                             f"{report.verdict}</b>")
        fill_table(self.checks, [(c.status, c.name, c.summary) for c in report.checks])
        self.checks.resizeRowsToContents()
        for index, view in enumerate(validation_charts(report)):  # one a row: the tab is half the page
            self.charts[view.objectName()] = view
            self.chart_grid.addWidget(view, index, 0)

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self._show_report(None)

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
