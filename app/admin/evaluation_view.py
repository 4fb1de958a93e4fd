"""The evaluation and gate page: evaluate a version on a case set, compare drafts, gate it, activate it.

A thin view over the core services ``prescreen eval``, ``regress`` and
``model activate`` use: :func:`core.evaluation.runner.evaluate_version`,
:func:`core.evaluation.side_by_side.compare_drafts`,
:func:`core.evaluation.regressions.run_gate` and
:func:`core.registry.activation.activate`. Every call runs in the background
through :mod:`app.tasks`; progress reaches the page through a queued signal
and Cancel stops the evaluation after the current case (a cancelled
evaluation is recorded as such and the gate cannot use it). Role checks stay
in the core: the page only shows what the core answers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTabWidget, QVBoxLayout, QWidget)

from app.admin.knowledge_view import _table, fill_table, fit_columns
from app.admin.progress import ProgressPanel, ProgressRelay
from app.admin.training_view import ERROR_STYLE
from app.errors import show_error, user_message
from app.screen import Screen, hint
from core.security.roles import Permission

PRIORITIES = ("Critical", "High", "Medium", "Low")
#: Metrics drawn against the active model (shares, 0-1).
CHART_METRICS = {"emergent_recall": "Emergent recall", "under_triage_rate": "Under-triage",
                 "safety_compliance": "Safety compliance", "accuracy": "Accuracy", "json_validity": "Valid JSON",
                 "draft_usable_rate": "Usable drafts"}
TREND_METRICS = ("emergent_recall", "under_triage_rate", "safety_compliance", "accuracy")
GATE_COLUMNS = ("Set", "Metric", "Baseline", "Candidate", "Worse by", "Status", "Critical")
DRAFT_CASES = 3  # drafts side by side: each case runs once per version
#: The locked vignette sets (tests/data), newest last: scored once at the end of a change.
LOCKED_SETS = (("Locked vignettes v1 (spent)", "vignettes_locked.jsonl"), ("Locked vignettes v2", "vignettes_locked2.jsonl"))


def case_set_choices(ws) -> list[tuple[str, str]]:
    """(label, spec for :func:`core.evaluation.cases.resolve_set`): the dev vignettes, each locked
    vignette set whose file is there (a developer's checkout: they never ship), and the held-back
    cases of each workspace dataset."""
    from core.evaluation.cases import VIGNETTES
    from core.training.choices import dataset_choices

    out = [("Vignettes (dev)", "vignettes")]
    for label, name in LOCKED_SETS:
        locked = VIGNETTES.with_name(name)
        if locked.is_file():
            out.append((label, str(locked)))
    out += [(f"Held-back synthetic: {c.name}", f"heldout:{c.name}") for c in dataset_choices(ws)]
    return out


def version_label(row) -> str:
    gate = f", gate {row.gate_verdict}" if row.gate_verdict else ""
    return f"{row.version_id} {row.name}" + (" [active]" if row.active else "") + gate


def _share(value) -> float:
    return 0.0 if value is None else float(value)


class EvaluationScreen(Screen):
    key = "evaluation"
    title = "Evaluation and gate"
    permission = Permission.TRAIN

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Evaluate a model version on a case set through the nurse's own pipeline, "
                                    "compare it with the active model, read the drafts side by side, then run the "
                                    "regression gate. Activation follows the gate; overriding it needs a reason "
                                    "and is audited."))
        self.version = QComboBox()
        self.version.setObjectName("evalVersion")
        self.version.setMinimumWidth(240)
        self.case_set = QComboBox()
        self.case_set.setObjectName("evalSet")
        self.case_set.setMinimumWidth(200)
        self.limit = QSpinBox()
        self.limit.setObjectName("evalLimit")
        self.limit.setRange(0, 1000)
        self.limit.setValue(8)
        self.limit.setSpecialValueText("all")
        self.limit.setToolTip("Evaluate at most this many cases, taken evenly across priorities (0: all)")
        self.evaluate_button = QPushButton("&Evaluate")
        self.evaluate_button.setObjectName("evalRun")
        self.evaluate_button.setProperty("primary", True)
        self.evaluate_button.clicked.connect(self.evaluate)
        self.drafts_button = QPushButton("Compare &drafts")
        self.drafts_button.setObjectName("evalDrafts")
        self.drafts_button.clicked.connect(self.compare)
        row = QHBoxLayout()
        # The room left goes to the two menus, so a long version or set name is read whole.
        for widget, stretch in ((QLabel("Version:"), 0), (self.version, 2), (QLabel("Set:"), 0), (self.case_set, 1),
                                (QLabel("Cases:"), 0), (self.limit, 0)):
            row.addWidget(widget, stretch)
        row.addWidget(self.drafts_button)
        row.addWidget(self.evaluate_button)
        self.layout_.addLayout(row)
        self.progress = ProgressPanel("evalProgress")
        self.layout_.addWidget(self.progress)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("evalTabs")
        results = QWidget()
        column = QVBoxLayout(results)
        self.summary = QLabel("Choose a version and a set, then Evaluate.")
        self.summary.setObjectName("evalSummary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        tables = QHBoxLayout()
        self.per_class = _table("evalPerClass", ("Priority", "Cases", "Recall", "F1"))
        self.confusion = _table("evalConfusion", ("Label \\ predicted",) + PRIORITIES)
        fit_columns(self.per_class, stretch=range(4))
        fit_columns(self.confusion, stretch=range(1, 5))  # the corner header keeps its whole text
        tables.addWidget(self.per_class, 1)
        tables.addWidget(self.confusion, 1)
        column.addLayout(tables, 1)
        self.chart_slot = QVBoxLayout()
        column.addLayout(self.chart_slot, 2)
        self.chart = None
        self.tabs.addTab(results, "Results")

        self.drafts = _table("evalDraftPairs", ("Case", "Expected"))
        self.drafts.setWordWrap(True)
        self.tabs.addTab(self.drafts, "Drafts side by side")

        gate_page = QWidget()
        gate_column = QVBoxLayout(gate_page)
        gate_row = QHBoxLayout()
        self.gate_button = QPushButton("Run the regression &gate against the active model")
        self.gate_button.setObjectName("evalGate")
        self.gate_button.clicked.connect(self.gate)
        gate_row.addWidget(self.gate_button)
        self.verdict = QLabel("")
        self.verdict.setObjectName("evalVerdict")
        self.verdict.setWordWrap(True)
        gate_row.addWidget(self.verdict, 1)
        gate_column.addLayout(gate_row)
        self.gate_table = _table("evalGateTable", GATE_COLUMNS)
        fit_columns(self.gate_table)  # metric names are read whole
        gate_column.addWidget(self.gate_table, 2)
        self.trend_slot = QVBoxLayout()
        gate_column.addLayout(self.trend_slot, 2)
        self.trend_chart = None
        activation = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("evalReason")
        self.reason.setPlaceholderText("Reason (required to override the gate; audited)")
        self.override = QCheckBox("Override the gate")
        self.override.setObjectName("evalOverride")
        self.activate_button = QPushButton("&Activate this version")
        self.activate_button.setObjectName("evalActivate")
        self.activate_button.clicked.connect(self.activate)
        activation.addWidget(QLabel("Reason:"))
        activation.addWidget(self.reason, 1)
        activation.addWidget(self.override)
        activation.addWidget(self.activate_button)
        gate_column.addLayout(activation)
        self.activation_text = QLabel("")
        self.activation_text.setObjectName("evalActivation")
        self.activation_text.setWordWrap(True)
        self.activation_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        gate_column.addWidget(self.activation_text)
        self.tabs.addTab(gate_page, "Gate and activation")
        self.layout_.addWidget(self.tabs, 1)

        self.rows: list = []
        self.run = None  # the last EvaluationRun
        self.pairs: list = []
        self.gate_result = None
        self._locked = False

    # choices -------------------------------------------------------------
    def refresh(self) -> None:
        from core.registry.history import version_rows

        if self._locked:
            return
        wanted_version, wanted_set = self.version.currentData(), self.case_set.currentData()
        try:
            self.rows = version_rows(self.session.ws)
            sets = case_set_choices(self.session.ws)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "list the model versions")
            return
        for combo, items, wanted in ((self.version, [(version_label(r), r.version_id) for r in self.rows],
                                      wanted_version), (self.case_set, sets, wanted_set)):
            combo.clear()
            for label, value in items:
                combo.addItem(label, value)
            index = combo.findData(wanted)
            if index >= 0:
                combo.setCurrentIndex(index)

    def select(self, version_id: str | None = None, spec: str | None = None) -> None:
        """Choose a version and/or a set by id (tests and the registry page use it)."""
        for combo, value in ((self.version, version_id), (self.case_set, spec)):
            if value is not None:
                index = combo.findData(value)
                if index < 0:
                    raise LookupError(f"{value} is not offered")
                combo.setCurrentIndex(index)

    def active_id(self) -> str:
        return next((r.version_id for r in self.rows if r.active), "base")

    def _busy(self, busy: bool) -> None:
        for button in (self.evaluate_button, self.drafts_button, self.gate_button, self.activate_button):
            button.setEnabled(not busy)

    # evaluate ------------------------------------------------------------
    def evaluate(self):
        """Evaluate the chosen version on the chosen set (pipeline mode) in the background; returns the task."""
        from core.evaluation.cases import resolve_set
        from core.evaluation.runner import evaluate_version

        version_id, spec = self.version.currentData(), self.case_set.currentData()
        if not version_id or not spec or self.progress.running:
            return None
        ws, limit = self.session.ws, self.limit.value() or None

        def work(report, cancelled):
            case_set = resolve_set(spec, ws.paths.datasets, limit)
            return evaluate_version(ws, version_id, case_set, modes=("pipeline",), perplexity=False,
                                    on_case=lambda _m, i, n, o: report((i, n, o.case_id)), cancel=cancelled)

        def done(run) -> None:
            self.run = run
            self._show_run(run)
            assessed = len(run.results[0].outcomes) if run.results else 0
            if run.cancelled and not assessed:
                self.progress.finish("Cancelled before the first case: nothing recorded.")
            elif run.cancelled:
                self.progress.finish(f"Cancelled after {assessed} case{'' if assessed == 1 else 's'}: recorded as "
                                     "cancelled, the gate will not use it.")
            else:
                self.progress.finish(f"{version_id} evaluated on {run.case_set} in {self.progress.elapsed_s():.0f} s")

        return self._background(work, done, "evaluate the model", "Not evaluated", f"Loading {version_id}…",
                                on_step=lambda p: self.progress.step(p[0], p[1], f"{version_id}: case {p[2]}"))

    def _background(self, work, done, doing: str, refused: str, text: str, on_step=None, on_failure=None,
                    dialog: bool = True):
        """Run ``work(report, cancelled)`` through :mod:`app.tasks` with the progress panel; returns the task.

        ``report`` carries a progress tuple to ``on_step`` on the UI thread; ``cancelled()`` says whether
        Cancel was pressed. A failure leaves "<refused>: <the core's message>" on the panel.
        """
        relay = ProgressRelay(self, on_step)
        holder: dict = {}

        def failed(exc) -> None:
            self.progress.finish(f"{refused}: " + user_message(exc, doing))
            if on_failure is not None:
                on_failure(exc)
            if dialog:
                show_error(self, exc, doing)

        def finished() -> None:
            relay.deleteLater()
            self._busy(False)
            if not self._locked:
                self.refresh()
                self.window_.update_inbox_badge()

        self._busy(True)
        task = self.progress.run(lambda: work(relay.report.emit, lambda: holder["task"].cancelled), owner=self,
                                 text=text, on_success=done, on_failure=failed, on_done=finished)
        holder["task"] = task
        return task

    def _show_run(self, run) -> None:
        from core.evaluation import metrics as m
        from core.evaluation import store as evaluations
        from core.evaluation.report import fmt

        if not run.results:
            self.summary.setText("Cancelled before the first case: nothing recorded.")
            for table in (self.per_class, self.confusion):  # an earlier evaluation's figures would mislead
                table.setRowCount(0)
            return
        result = run.results[0]
        summary = result.summary
        expected = [o.expected for o in result.outcomes]
        predicted = [o.predicted for o in result.outcomes]
        f1 = m.per_priority_f1(expected, predicted)
        support = {p: sum(e.label == p for e in expected) for p in PRIORITIES}
        fill_table(self.per_class, [(p, support[p], fmt(summary.per_priority_recall.get(p)), fmt(f1.get(p, 0.0)
                                                                                                  if support[p] else None))
                                    for p in PRIORITIES])
        fill_table(self.confusion, [(p, *counts) for p, counts in zip(PRIORITIES, summary.confusion)])
        self.summary.setText(
            f"<b>{run.version_id}</b> on {run.case_set}, {summary.cases} cases"
            + (" (<b>cancelled</b>: not usable by the gate)" if run.cancelled else "")
            + f": emergent recall {fmt(summary.emergent_recall)}, under-triage {fmt(summary.under_triage_rate)}, "
            f"safety compliance {fmt(summary.safety_compliance)}, accuracy {fmt(summary.accuracy)}, usable drafts "
            f"{fmt(summary.draft_usable_rate)}."
            + (f" Report: {run.report}" if run.report else ""))
        series = {run.version_id: [_share(getattr(summary, k)) for k in CHART_METRICS]}
        active = self.active_id()
        note = ""
        if active != run.version_id:
            record = evaluations.latest(self.session.ws.db, active, run.case_set)
            if record is not None and record.set_hash == result.set_hash:
                series[f"{active} (active)"] = [_share(record.metrics.get(k)) for k in CHART_METRICS]
            else:
                note = f" (evaluate {active}, the active model, on the same cases to compare)"
        self._replace_chart("chart", self.chart_slot, "bar", f"{run.version_id} against the active model{note}",
                            list(CHART_METRICS.values()), series, "evalChart")

    def _replace_chart(self, attr: str, slot, kind: str, title: str, labels, series, name: str) -> None:
        from app.admin.charts import bar_chart, line_chart

        make = bar_chart if kind == "bar" else line_chart
        view = make(title, labels, series, name=name, percent=True, height=230)
        old = getattr(self, attr)
        if old is not None:
            slot.removeWidget(old)
            old.deleteLater()
        slot.addWidget(view)
        setattr(self, attr, view)

    # drafts side by side -------------------------------------------------
    def compare(self):
        """Drafts of the chosen version and the active one on a few cases; returns the task."""
        from core.evaluation.cases import resolve_set
        from core.evaluation.side_by_side import compare_drafts

        version_id, spec = self.version.currentData(), self.case_set.currentData()
        if not version_id or not spec or self.progress.running:
            return None
        ws = self.session.ws
        chosen = [version_id] + ([self.active_id()] if self.active_id() != version_id else [])
        limit = min(self.limit.value() or DRAFT_CASES, DRAFT_CASES)

        def work(report, cancelled):
            return compare_drafts(ws, chosen, resolve_set(spec, ws.paths.datasets, limit),
                                  on_case=lambda i, n: report((i, n)), cancel=cancelled)

        def done(pairs) -> None:
            self.pairs = pairs
            self._show_pairs(chosen, pairs)
            self.progress.finish(f"Drafts of {' and '.join(chosen)} on {len(pairs)} cases")
            self.tabs.setCurrentIndex(1)

        return self._background(work, done, "compare the drafts", "No drafts", f"Loading {' and '.join(chosen)}…",
                                on_step=lambda p: self.progress.step(p[0], p[1], "drafting"))

    def _show_pairs(self, chosen: list[str], pairs: list) -> None:
        from PySide6.QtWidgets import QHeaderView

        self.drafts.setColumnCount(2 + len(chosen))
        self.drafts.setHorizontalHeaderLabels(["Case", "Expected"] + chosen)

        def side_text(side) -> str:
            verdict = "usable" if side.usable else "not usable: " + "; ".join(d for _, d in side.failures)
            lines = [f"{side.priority} (model {side.model_priority or '-'}), {verdict}"]
            if side.problem:
                lines.append(f"Problem: {side.problem}")
            lines += [f"Concern: {c}" for c in side.key_concerns] + [f"Ask: {q}" for q in side.questions]
            if side.assessment:
                lines.append(side.assessment)
            return "\n".join(lines)

        fill_table(self.drafts, [(p.case_id + "\n" + p.case_text, p.expected, *[side_text(s) for s in p.sides])
                                 for p in pairs])
        header = self.drafts.horizontalHeader()
        for column in range(self.drafts.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.drafts.resizeRowsToContents()

    # gate and activation ---------------------------------------------------
    def gate(self):
        """Gate the chosen version against the active one in the background; returns the task."""
        from core.evaluation.regressions import run_gate

        version_id = self.version.currentData()
        if not version_id or self.progress.running:
            return None
        ws = self.session.ws

        def done(result) -> None:
            self.gate_result = result
            self._show_gate(result)
            self.progress.finish(f"Gate {result.gate_id}: {result.verdict}")

        def failed(exc) -> None:
            self.gate_result = None
            self.verdict.setText("No gate: " + user_message(exc, "run the regression gate"))

        self.tabs.setCurrentIndex(2)
        return self._background(lambda _report, _cancelled: run_gate(ws, version_id), done,
                                "run the regression gate", "No gate",
                                f"Gating {version_id} against {self.active_id()}…", on_failure=failed)

    def _show_gate(self, result) -> None:
        from core.evaluation.report import METRIC_NAMES, fmt

        colour = {"PASS": "#1b5e20", "WARN": "#8a5a00", "FAIL": "#8e1b1b"}.get(result.verdict, "#1f2933")
        # The metrics behind a WARN or FAIL, named here: the table may need scrolling to reach them.
        why = [f"{METRIC_NAMES.get(c['metric'], c['metric']).split(' (')[0]} {c['status']}"
               for rows in result.comparisons.values() for c in rows if c["status"] in ("WARN", "FAIL")]
        self.verdict.setText(f"<b style='color:{colour}'>{result.verdict}</b>: {result.candidate} against "
                             f"{result.baseline}" + (f" ({', '.join(why)})" if why else "")
                             + (" — <b>blocks activation</b>" if result.blocking else "")
                             + (f". Report: {result.report}" if result.report else ""))
        fill_table(self.gate_table, [(case_set, METRIC_NAMES.get(c["metric"], c["metric"]), fmt(c["baseline"]),
                                      fmt(c["candidate"]), fmt(c.get("worse_by")), c["status"],
                                      "yes" if c["critical"] else "")
                                     for case_set, rows in result.comparisons.items() for c in rows])
        case_set, history = next(iter(result.history.items()), (None, []))
        if history:
            series = {METRIC_NAMES[m].split(" (")[0]: [metrics.get(m) for _, metrics in history]
                      for m in TREND_METRICS}
            self._replace_chart("trend_chart", self.trend_slot, "line", f"Trend across versions on {case_set}",
                                [v for v, _ in history], series, "evalTrendChart")

    def activate(self):
        """Activate the chosen version (with the override and its reason when ticked); returns the task."""
        from core.registry.activation import activate

        version_id = self.version.currentData()
        if not version_id or self.progress.running:
            return None
        ws, force, reason = self.session.ws, self.override.isChecked(), self.reason.text()
        self.reason.setStyleSheet("")

        def done(result) -> None:
            forced = " (gate overridden, audited)" if result.forced else ""
            self.activation_text.setText(f"{result.version_id} is active (was {result.previous_version}){forced}; "
                                         "used from the next case on.")
            self.progress.finish(f"{result.version_id} activated")

        def failed(exc) -> None:
            from core.errors import ValidationError

            if isinstance(exc, ValidationError) and exc.field == "reason":
                self.reason.setStyleSheet(ERROR_STYLE)
                self.reason.setFocus()
            self.activation_text.setText(f"Not activated: {user_message(exc, 'activate the version')}")

        return self._background(lambda _report, _cancelled: activate(ws, version_id, force=force, reason=reason),
                                done, "activate the version", "Not activated",
                                f"Checking {version_id}'s files and gate…", on_failure=failed, dialog=False)

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self.run, self.pairs, self.gate_result = None, [], None
        self.reason.clear()
        for table in (self.per_class, self.confusion, self.drafts, self.gate_table):
            table.setRowCount(0)
        for attr, slot in (("chart", self.chart_slot), ("trend_chart", self.trend_slot)):
            view = getattr(self, attr)
            if view is not None:
                slot.removeWidget(view)
                view.deleteLater()
                setattr(self, attr, None)
        self.summary.clear()
        self.verdict.clear()
        self.activation_text.clear()

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
