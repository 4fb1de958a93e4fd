"""The training page: choose an audited dataset and settings, confirm the cost, train with a live chart.

A thin view over :mod:`core.training.service` (the same calls as ``prescreen
train``): ``plan_run`` checks the permission and the PHI gate, builds the
examples and estimates the cost; ``approve`` records the admin's confirmation;
``execute`` trains and records every outcome; ``plan_resume`` continues a
cancelled or failed run from its checkpoint. Planning and training run in the
background through :mod:`app.tasks`; the trainer's progress reaches the page
through a queued signal, Cancel sets the trainer's cancel event (it stops after
the current step and writes a checkpoint). torch loads only when the admin asks
for an estimate or starts a run.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget)

from app import tasks
from app.admin.knowledge_view import _table, fill_table, fit_columns
from app.admin.progress import ProgressPanel, ProgressRelay, eta_text
from app.errors import show_error, user_message
from app.screen import Screen, hint
from core.security.roles import Permission

RUN_COLUMNS = ("Run", "Status", "Mode", "Dataset", "Base", "Steps", "Final loss", "Estimated cost", "Actual cost",
               "Tokens", "Time", "Started (UTC)")
CHOICE_FIELDS = {"mode": "MODES", "quantization": "QUANTIZATIONS"}
ERROR_STYLE = "border: 2px solid #8e1b1b;"
CHART_POINTS = 60  # a live chart shows at most this many points (every n-th step of a long run)


class _StopTraining:
    """What the progress panel's Cancel calls: sets the trainer's cancel event and the task's flag."""

    def __init__(self, event: threading.Event) -> None:
        self.event = event
        self.task = None

    def cancel(self) -> None:
        self.event.set()
        if self.task is not None:
            self.task.cancel()


def field_value(text: str, default):
    """A form field's text as the setting's type; text that does not parse is passed on as it is,
    so the core's validation names the field and the fix."""
    text = text.strip()
    if isinstance(default, list):
        return [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        for kind in ((int, float) if isinstance(default, int) else (float,)):
            try:
                return kind(text)
            except ValueError:
                continue
    return text


def thin(points: list, limit: int = CHART_POINTS) -> list:
    """Every n-th point (and always the last) so a long run's chart stays readable."""
    if len(points) <= limit:
        return list(points)
    step = -(-len(points) // limit)
    return points[::step] + ([points[-1]] if (len(points) - 1) % step else [])


class TrainingScreen(Screen):
    key = "training"
    title = "Training"
    permission = Permission.TRAIN

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Fine-tune the triage model with LoRA on a synthetic dataset whose PHI audit "
                                    "passed. Check the settings, ask for the cost estimate, confirm it, then watch "
                                    "the loss. Cancel stops after the current step and keeps a checkpoint; Resume "
                                    "continues from it."))
        self.dataset = QComboBox()
        self.dataset.setObjectName("trainDataset")
        self.dataset.setMinimumWidth(220)
        self.preset = QComboBox()
        self.preset.setObjectName("trainPreset")
        self.preset.currentIndexChanged.connect(lambda _i: self.load_preset(self.preset.currentData()))
        self.estimate_button = QPushButton("&Estimate cost")
        self.estimate_button.setObjectName("trainEstimate")
        self.estimate_button.setProperty("primary", True)
        self.estimate_button.clicked.connect(self.estimate)
        row = QHBoxLayout()
        row.addWidget(QLabel("Dataset:"))
        row.addWidget(self.dataset)
        row.addWidget(QLabel("Preset:"))
        row.addWidget(self.preset)
        row.addStretch(1)
        row.addWidget(self.estimate_button)
        self.layout_.addLayout(row)
        self.missing = QLabel("")
        self.missing.setObjectName("trainMissing")
        self.missing.setWordWrap(True)
        self.layout_.addWidget(self.missing)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.fields: dict[str, QWidget] = {}
        self.defaults: dict = {}
        form_box = QGroupBox("Settings")
        self.form = QFormLayout(form_box)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll = QScrollArea()
        scroll.setObjectName("trainSettings")
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        scroll.setMinimumWidth(380)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(scroll, 1)
        self.form_error = QLabel("")
        self.form_error.setObjectName("trainFormError")
        self.form_error.setWordWrap(True)
        self.form_error.setStyleSheet("color:#8e1b1b; font-weight:bold;")
        left_column.addWidget(self.form_error)
        splitter.addWidget(left)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.estimate_box = QLabel("Choose a dataset and settings, then ask for the cost estimate.")
        self.estimate_box.setObjectName("trainEstimateText")
        self.estimate_box.setWordWrap(True)
        self.estimate_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.estimate_box.setStyleSheet("background:#f4f6f8; border:1px solid #c5ccd3; padding:8px;")
        estimate_scroll = QScrollArea()
        estimate_scroll.setObjectName("trainEstimateScroll")
        estimate_scroll.setWidgetResizable(True)
        estimate_scroll.setWidget(self.estimate_box)
        estimate_scroll.setMaximumHeight(150)  # the hosted price list scrolls; the run list keeps its room
        column.addWidget(estimate_scroll)
        self.confirm_button = QPushButton("&Confirm the estimate and start training")
        self.confirm_button.setObjectName("trainConfirm")
        self.confirm_button.setProperty("primary", True)
        self.confirm_button.setEnabled(False)
        self.confirm_button.clicked.connect(self.confirm)
        column.addWidget(self.confirm_button)
        self.progress = ProgressPanel("trainProgress")
        self.progress.label.setWordWrap(True)
        # Room for three lines: the layout gives a wrapped label only its one-line height, which clipped the
        # end of "Run … finished: … Export and register it on the Model registry page."
        self.progress.label.setMinimumHeight(3 * self.progress.label.fontMetrics().lineSpacing())
        column.addWidget(self.progress)
        charts = QHBoxLayout()
        self.loss_slot, self.speed_slot = QVBoxLayout(), QVBoxLayout()
        charts.addLayout(self.loss_slot, 1)
        charts.addLayout(self.speed_slot, 1)
        column.addLayout(charts)
        self.loss_chart = self.speed_chart = None
        self.points: list = []  # (step, loss, tokens/s) of the run shown
        self._drawn = 0.0
        self._show_charts()
        self.runs = _table("trainRuns", RUN_COLUMNS)
        fit_columns(self.runs)
        self.runs.itemSelectionChanged.connect(self._run_selected)
        self.runs.setMinimumHeight(110)
        column.addWidget(self.runs, 1)
        buttons = QHBoxLayout()
        self.run_status = QLabel("")
        self.run_status.setObjectName("trainRunStatus")
        self.run_status.setWordWrap(True)
        buttons.addWidget(self.run_status, 1)
        self.resume_button = QPushButton("&Resume selected run")
        self.resume_button.setObjectName("trainResume")
        self.resume_button.setEnabled(False)
        self.resume_button.clicked.connect(self.resume_selected)
        buttons.addWidget(self.resume_button)
        column.addLayout(buttons)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 700])
        self.layout_.addWidget(splitter, 1)

        self.choices: list = []
        self.rows: list = []
        self.plan = None
        self.result = None  # the last run's TrainingResult
        self._session_step = 0
        self._locked = False
        self._built = False

    # settings ------------------------------------------------------------
    def _build_form(self) -> None:
        """The settings form from the core's fields and help texts (on first show)."""
        from core.training import config as cfg

        self.defaults = cfg.LoraTrainingConfig().to_dict()
        for name, text in cfg.field_help().items():
            default = self.defaults[name]
            if name in CHOICE_FIELDS:
                widget = QComboBox()
                widget.addItems(list(getattr(cfg, CHOICE_FIELDS[name])))
            elif isinstance(default, bool):
                widget = QCheckBox()
            else:
                widget = QLineEdit()
            widget.setObjectName(f"trainField_{name}")
            widget.setToolTip(text)
            help_line = QLabel(text)
            help_line.setObjectName("hint")
            help_line.setWordWrap(True)
            box = QWidget()
            stack = QVBoxLayout(box)
            stack.setContentsMargins(0, 0, 0, 4)
            stack.setSpacing(1)
            stack.addWidget(widget)
            stack.addWidget(help_line)
            label = QLabel(name.replace("_", " ") + ":")
            label.setToolTip(text)
            self.form.addRow(label, box)
            self.fields[name] = widget
        self.preset.blockSignals(True)
        for name in cfg.PRESETS:
            self.preset.addItem(name, name)
        self.preset.blockSignals(False)
        self.load_preset(self.preset.currentData())
        self._built = True

    def load_preset(self, name: str | None) -> None:
        """Fill the form with a preset's values (the 7-8B preset leaves base_model for the admin)."""
        from core.training.config import PRESETS, LoraTrainingConfig

        if not name:
            return
        self.set_values(LoraTrainingConfig(**PRESETS[name]).to_dict())

    def set_values(self, values: dict) -> None:
        """Put settings into the form (unknown names are ignored)."""
        for name, value in values.items():
            widget = self.fields.get(name)
            if isinstance(widget, QComboBox):
                widget.setCurrentText(str(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(", ".join(value) if isinstance(value, list) else str(value))
        self._mark(None)

    def form_values(self) -> dict:
        out = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                out[name] = widget.currentText()
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            else:
                out[name] = field_value(widget.text(), self.defaults[name])
        return out

    def config(self):
        """The validated settings, or None with the field marked and the core's message shown."""
        from core.errors import ValidationError
        from core.training.config import LoraTrainingConfig

        try:
            config = LoraTrainingConfig.from_dict(self.form_values())
        except ValidationError as exc:
            self._mark(exc.field, str(exc))
            return None
        self._mark(None)
        return config

    def _mark(self, field: str | None, text: str = "") -> None:
        for name, widget in self.fields.items():
            widget.setStyleSheet(ERROR_STYLE if name == field else "")
        self.form_error.setText(text)
        self.form_error.setVisible(bool(text))
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setFocus()

    # datasets and runs ---------------------------------------------------
    def refresh(self) -> None:
        from core.training.choices import dataset_choices, run_rows

        if self._locked:
            return
        if not self._built:
            self._build_form()
        wanted = self.dataset.currentData()
        try:
            self.choices = dataset_choices(self.session.ws)
            self.rows = run_rows(self.session.ws)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "list the datasets and training runs")
            return
        offered = [c.name for c in self.choices if c.trainable]
        self.dataset.clear()
        for choice in self.choices:
            if choice.trainable:
                self.dataset.addItem(f"{choice.name} ({choice.records} records, audited "
                                     f"{(choice.audited_at or '')[:10]})", choice.name)
        if wanted in offered:
            self.dataset.setCurrentIndex(offered.index(wanted))
        others = [c for c in self.choices if not c.trainable]
        text = "" if offered else "No dataset can be trained on yet: generate one and pass its PHI audit. "
        if others:
            text += "Not offered: " + " ".join(f"'{c.name}': {c.reason}" for c in others)
        self.missing.setText(text)
        self.missing.setVisible(bool(text))
        self.estimate_button.setEnabled(bool(offered) and not self.progress.running)
        self._show_runs()

    def _show_runs(self) -> None:
        def money(value, currency):
            return "-" if value is None else f"{value:.2f} {currency}"

        fill_table(self.runs, [(
            r.run_id, r.status, r.mode, r.dataset, r.base_model,
            "-" if r.steps is None else f"{r.steps}/{r.total_steps}",
            "-" if r.final_loss is None else f"{r.final_loss:.4f}",
            money(r.estimated_cost, r.currency), money(r.actual_cost, r.currency),
            "-" if r.tokens is None else f"{r.tokens:,}",
            "-" if r.seconds is None else f"{r.seconds:.0f} s", r.started[:19].replace("T", " "))
            for r in self.rows])
        self._run_selected()

    def selected_run(self):
        index = self.runs.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def select_run(self, run_id: str) -> None:
        for index, row in enumerate(self.rows):
            if row.run_id == run_id:
                self.runs.selectRow(index)
                return

    def _run_selected(self) -> None:
        row = self.selected_run()
        self.resume_button.setEnabled(bool(row and row.resumable) and not self.progress.running)
        if row is None:
            self.run_status.setText("")
        elif row.resumable:
            self.run_status.setText(f"{row.run_id} is {row.status}: Resume continues it from its last checkpoint.")
        else:
            self.run_status.setText(f"{row.run_id} is {row.status}.")

    # estimate, confirm, train ------------------------------------------
    def estimate(self):
        """Plan the run in the background (checks, examples, cost); returns the task."""
        from core.training import service

        name = self.dataset.currentData()
        config = self.config()
        if not name or config is None or self.progress.running:
            return None
        ws = self.session.ws
        self.plan = None
        self.confirm_button.setEnabled(False)
        self.estimate_button.setEnabled(False)
        self.estimate_box.setText(f"Building the training examples of '{name}' and estimating the cost…")

        def planned(plan) -> None:
            self.plan = plan
            lines = "".join(f"<li>{line.strip()}</li>" for line in plan.estimate.lines())
            self.estimate_box.setText(f"<b>Run {plan.run_id}</b>: {config.mode} on '{plan.dataset}', base "
                                      f"{config.base_model}<ul>{lines}</ul>Nothing trains until you confirm.")
            self.confirm_button.setEnabled(True)

        def failed(exc) -> None:
            self.estimate_box.setText("No estimate: " + user_message(exc, "estimate the training run"))
            show_error(self, exc, "estimate the training run")

        def finished() -> None:
            self.progress.finish("Estimate ready: confirm it to start." if self.plan else "No estimate.")
            self.estimate_button.setEnabled(True)
            if not self._locked:
                self.refresh()

        self.progress.start(0, "Estimating…")
        return tasks.run_in_background(lambda: service.plan_run(ws, name, config), owner=self, on_success=planned,
                                       on_failure=failed, on_done=finished)

    def confirm(self):
        """Record the confirmation and start the planned run; returns the task."""
        from core.training import service

        if self.plan is None or self.progress.running:
            return None
        try:
            service.approve(self.session.ws, self.plan)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "confirm the estimate")
            return None
        self.confirm_button.setEnabled(False)
        return self.start(self.plan)

    def resume_selected(self):
        """Plan the selected run's resume in the background, then train; returns the planning task."""
        from core.training import service

        row = self.selected_run()
        if row is None or not row.resumable or self.progress.running:
            return None
        ws, run_id = self.session.ws, row.run_id
        self.resume_button.setEnabled(False)
        self.progress.start(0, f"Preparing to resume {run_id}…")

        def planned(plan) -> None:
            self.progress.finish(f"Resuming {run_id} from {plan.resume_from.name}")
            self.start(plan)

        def failed(exc) -> None:
            self.progress.finish("Not resumed.")
            show_error(self, exc, "resume the training run")
            self._run_selected()

        return tasks.run_in_background(lambda: service.plan_resume(ws, run_id), owner=self, on_success=planned,
                                       on_failure=failed)

    def start(self, plan):
        """Train ``plan`` in the background with the live chart; returns the task."""
        from core.training import service

        ws = self.session.ws
        self.plan = plan
        self.result = None
        self.points = []
        self._session_step = None
        self._show_charts()
        stop = _StopTraining(threading.Event())
        relay = ProgressRelay(self, self._on_progress)
        self.estimate_button.setEnabled(False)
        self.resume_button.setEnabled(False)

        def done(result) -> None:
            self.result = result
            if result.status == "finished":
                self.progress.finish(f"Run {plan.run_id} finished: {result.steps} steps, final loss "
                                     f"{result.final_loss:.4f}. Export and register it on the Model registry page.")
            else:
                self.progress.finish(f"Run {plan.run_id} cancelled at step {result.steps} of {result.total_steps}; "
                                     "the checkpoint is kept: select the run and press Resume to continue.")

        def failed(exc) -> None:
            self.progress.finish(f"Run {plan.run_id} stopped: {user_message(exc, 'train')}")
            show_error(self, exc, "train the model")

        def finished() -> None:
            relay.deleteLater()
            if not self._locked:
                self._show_charts()
                self.refresh()
                self.select_run(plan.run_id)
                self.window_.update_inbox_badge()

        self.progress.start(0, f"Loading the base model {plan.config.base_model}…",
                            task=stop)
        task = tasks.run_in_background(
            lambda: service.execute(ws, plan, on_progress=relay.report.emit, cancel=stop.event),
            owner=self, on_success=done, on_failure=failed, on_done=finished)
        stop.task = task
        self.progress.attach(stop)
        return task

    def _on_progress(self, p) -> None:
        if p.event == "checkpoint":
            self.progress.label.setText(f"Checkpoint written at step {p.step}")
            return
        if self._session_step is None:
            self._session_step = p.step - 1
        if p.event == "step":
            self.points.append((p.step, p.loss, p.tokens_per_s))
        done, total = p.step - self._session_step, p.total_steps - self._session_step
        eta = eta_text(done, total, p.elapsed_s)
        loss = "-" if p.loss is None else f"{p.loss:.3f}"
        self.progress.bar.setRange(0, max(1, p.total_steps))
        self.progress.bar.setValue(p.step)
        if self.progress.running:
            self.progress.label.setText(f"Step {p.step} of {p.total_steps}, loss {loss}, {p.tokens_per_s:,.0f} "
                                        f"tokens/s, {p.memory_mb:,.0f} MB" + (f", {eta}" if eta else ""))
        if time.monotonic() - self._drawn > 0.5 or p.step >= p.total_steps:
            self._show_charts()

    def _show_charts(self) -> None:
        """Redraw the loss and tokens/s charts from the points so far."""
        from app.admin.charts import line_chart

        self._drawn = time.monotonic()
        shown = thin(self.points)
        labels = [str(step) for step, _, _ in shown]
        for attr, slot, title, values, name, fmt in (
                ("loss_chart", self.loss_slot, "Training loss per step", [p[1] for p in shown], "trainLossChart",
                 "%.1f"),
                ("speed_chart", self.speed_slot, "Training speed (tokens/s)", [p[2] for p in shown],
                 "trainSpeedChart", "%d")):
            view = line_chart(title, labels, {title.split(" (")[0].lower(): values}, name=name,
                              value_title="loss" if fmt == "%.1f" else "tokens/s", height=200)
            axis = view.chart().axes(Qt.Orientation.Vertical)[0]
            axis.setLabelFormat(fmt)
            known = [v for v in values if v is not None]
            if known and fmt == "%.1f" and max(known) < 2:
                axis.setRange(0, 2)
            view.chart().legend().setVisible(False)
            old = getattr(self, attr)
            if old is not None:
                slot.removeWidget(old)
                old.deleteLater()
            slot.addWidget(view)
            setattr(self, attr, view)

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self.plan = None
        self.confirm_button.setEnabled(False)

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
