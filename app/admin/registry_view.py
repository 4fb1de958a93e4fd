"""The model registry page: versions, activate and roll back with a reason, the model card, GGUF export.

A thin view over the services ``prescreen model …`` and ``prescreen export
gguf`` use: :func:`core.registry.history.version_rows` (the table),
:func:`core.registry.activation.activate` / ``rollback`` (audited; the core
checks the role and the gate), :func:`core.registry.card.render_card`,
:func:`core.registry.export.export_run` and
:func:`core.registry.merge.export_merged` (in the background, a step at a
time, Cancel between steps), and :func:`core.registry.versions.register_run`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from app import tasks
from app.admin.knowledge_view import _table, fill_table, fit_columns
from app.admin.progress import ProgressPanel
from app.admin.training_view import ERROR_STYLE
from app.errors import show_error, user_message
from app.screen import Screen, hint
from core.security.roles import Permission

VERSION_COLUMNS = ("Active", "Version", "Name", "Base", "Adapter", "Dataset", "Run", "Gate", "Registered (UTC)")


def required_reason(text: str, what: str) -> str:
    """The page asks a reason for every activation and rollback (the core stores and audits it).

    Raises:
        ValidationError: an empty reason, naming the field.
    """
    from core.errors import ValidationError

    reason = (text or "").strip()
    if not reason:
        raise ValidationError("reason", f"is empty; {what} needs a reason", "say briefly why, e.g. 'gate passed'")
    return reason


class RegistryScreen(Screen):
    key = "registry"
    title = "Model registry"
    permission = Permission.MANAGE_MODELS

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Every model version the clinic has registered, with its training data, run "
                                    "and gate result. Activate a version or roll back to the previous one (both "
                                    "need a reason and are audited); export a finished training run to GGUF and "
                                    "register it, then evaluate and gate it on the Evaluation page."))
        self.versions = _table("registryVersions", VERSION_COLUMNS)
        fit_columns(self.versions)
        self.versions.itemSelectionChanged.connect(self._selected)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.versions, 1)
        actions = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("registryReason")
        self.reason.setPlaceholderText("Reason (required; audited)")
        self.override = QCheckBox("Override the gate")
        self.override.setObjectName("registryOverride")
        self.activate_button = QPushButton("&Activate selected")
        self.activate_button.setObjectName("registryActivate")
        self.activate_button.clicked.connect(self.activate_selected)
        self.rollback_button = QPushButton("&Roll back")
        self.rollback_button.setObjectName("registryRollback")
        self.rollback_button.clicked.connect(self.roll_back)
        actions.addWidget(QLabel("Reason:"))
        actions.addWidget(self.reason, 1)
        for widget in (self.override, self.activate_button, self.rollback_button):
            actions.addWidget(widget)
        column.addLayout(actions)
        self.status = QLabel("")
        self.status.setObjectName("registryStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.status)
        export = QHBoxLayout()
        self.run = QComboBox()
        self.run.setObjectName("registryRun")
        self.run.setMinimumWidth(240)
        self.merged = QCheckBox("also merged into the base, quantized (Q8_0, Q4_K_M)")
        self.merged.setObjectName("registryMerged")
        self.export_button = QPushButton("&Export to GGUF")
        self.export_button.setObjectName("registryExport")
        self.export_button.clicked.connect(self.export_selected_run)
        self.register_button = QPushButton("Re&gister the run")
        self.register_button.setObjectName("registryRegister")
        self.register_button.clicked.connect(self.register_selected_run)
        export.addWidget(QLabel("Finished run:"))
        export.addWidget(self.run, 1)  # the room left goes to the run's name, so it is read whole
        export.addWidget(self.merged)
        export.addWidget(self.export_button)
        export.addWidget(self.register_button)
        column.addLayout(export)
        self.progress = ProgressPanel("registryProgress")
        column.addWidget(self.progress)
        splitter.addWidget(top)
        self.card = QTextBrowser()
        self.card.setObjectName("registryCard")
        self.card.setOpenExternalLinks(False)
        splitter.addWidget(self.card)
        splitter.setSizes([330, 420])
        self.layout_.addWidget(splitter, 1)
        self.rows: list = []
        self._locked = False

    # versions ------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        from core.registry.history import version_rows
        from core.training.choices import run_rows

        if self._locked:
            return
        select = select or (self.selected().version_id if self.selected() else None)
        try:
            self.rows = version_rows(self.session.ws)
            finished = [r for r in run_rows(self.session.ws) if r.status == "finished"]
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "list the model versions")
            return
        fill_table(self.versions, [("●" if r.active else "", r.version_id, r.name, r.base_model, r.adapter or "-",
                                    r.dataset or "-", r.run_id or "-",
                                    (r.gate_verdict or "not gated") + (" (blocking)" if r.gate_blocking else "")
                                    + (f" vs {r.gate_baseline}" if r.gate_baseline else ""),
                                    r.registered[:19].replace("T", " ") or "shipped")
                                   for r in self.rows])
        wanted = self.run.currentData()
        self.run.clear()
        for r in finished:
            self.run.addItem(f"{r.run_id} ({r.dataset}, {r.base_model})", r.run_id)
        if self.run.findData(wanted) >= 0:
            self.run.setCurrentIndex(self.run.findData(wanted))
        for button in (self.export_button, self.register_button):
            button.setEnabled(bool(finished) and not self.progress.running)
        ids = [r.version_id for r in self.rows]
        target = select if select in ids else next((r.version_id for r in self.rows if r.active), None)
        if target in ids:
            self.versions.selectRow(ids.index(target))

    def selected(self):
        index = self.versions.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def select_version(self, version_id: str) -> None:
        self.versions.selectRow([r.version_id for r in self.rows].index(version_id))

    def _selected(self) -> None:
        from core.registry.card import render_card

        row = self.selected()
        if row is None:
            self.card.clear()
            return
        try:
            self.card.setMarkdown(render_card(self.session.ws, row.version_id))
        except Exception as exc:  # noqa: BLE001
            self.card.setPlainText(f"No model card: {user_message(exc, 'render the model card')}")

    # activate, roll back -------------------------------------------------
    def activate_selected(self):
        from core.registry.activation import activate

        row = self.selected()
        if row is None:
            return None
        force = self.override.isChecked()
        return self._change(lambda ws, reason: activate(ws, row.version_id, force=force, reason=reason),
                            f"activating {row.version_id}")

    def roll_back(self):
        from core.registry.activation import rollback

        return self._change(lambda ws, reason: rollback(ws, reason=reason), "rolling back")

    def _change(self, call, what: str):
        """Activation or rollback in the background with the required reason; returns the task."""
        from core.errors import ValidationError

        if self.progress.running:
            return None
        self.reason.setStyleSheet("")
        try:
            reason = required_reason(self.reason.text(), what)
        except ValidationError as exc:
            self._refused(exc)
            return None
        ws = self.session.ws

        def done(result) -> None:
            verb = "activated" if result.event == "activated" else "rolled back to"
            forced = " (gate overridden, audited)" if result.forced else ""
            self.status.setText(f"{verb.capitalize()} {result.version_id} (was {result.previous_version}){forced}; "
                                "used from the next case on.")
            self.reason.clear()
            self.progress.finish(f"{result.version_id} is active")
            self.refresh(select=result.version_id)

        def failed(exc) -> None:
            self._refused(exc)
            self.progress.finish("Nothing changed.")

        def finished() -> None:
            self._set_buttons(True)
            if not self._locked:
                self.window_.update_inbox_badge()

        self._set_buttons(False)
        return self.progress.run(lambda: call(ws, reason), owner=self,
                                 text=f"{what.capitalize()}: checking the files and the gate…", on_success=done,
                                 on_failure=failed, on_done=finished)

    def _refused(self, exc) -> None:
        from core.errors import ValidationError

        if isinstance(exc, ValidationError) and exc.field == "reason":
            self.reason.setStyleSheet(ERROR_STYLE)
            self.reason.setFocus()
        self.status.setText("Refused: " + user_message(exc, "change the active model"))

    def _set_buttons(self, enabled: bool) -> None:
        for button in (self.activate_button, self.rollback_button, self.export_button, self.register_button):
            button.setEnabled(enabled)

    # export, register ------------------------------------------------------
    def export_selected_run(self):
        """Export the chosen run's adapter (and, ticked, the merged quantized model); returns the task."""
        from core.registry.export import export_run
        from core.registry.merge import export_merged

        run_id = self.run.currentData()
        if not run_id or self.progress.running:
            return None
        ws, merged = self.session.ws, self.merged.isChecked()
        total = 2 if merged else 1

        def work(task):
            result = export_run(ws, run_id)
            yield 1, f"adapter {result.path.name}: {result.architecture} LoRA, rank {result.rank}, {result.tensors} " \
                     f"tensors ({result.path})"
            if merged:
                task.check_cancelled()
                report, rows = export_merged(ws, run_id)
                sizes = ", ".join(f"{r.level} {r.size_mb:.0f} MB (perplexity {r.perplexity:.2f})" for r in rows)
                yield 2, f"merged: {sizes}; report {report}"

        lines: list[str] = []

        def item(value) -> None:
            done, text = value
            lines.append(text)
            self.progress.step(done, total, "exported")
            self.status.setText("Exported " + "; ".join(lines))

        def failed(exc) -> None:
            if isinstance(exc, tasks.Cancelled):
                self.progress.finish("Cancelled after the adapter export.")
            else:
                self.status.setText("Not exported: " + user_message(exc, "export the model"))
                self.progress.finish("Export stopped.")

        def finished() -> None:
            self._set_buttons(True)

        self._set_buttons(False)
        return self.progress.run(work, owner=self, text=f"Exporting {run_id}…", total=total, stream=True,
                                 on_item=item, on_success=lambda _v: self.progress.finish(
                                     f"{run_id} exported: register it next"), on_failure=failed, on_done=finished)

    def register_selected_run(self):
        """Register the chosen run's exported adapter as a new version; returns the task."""
        from core.registry.versions import register_run

        run_id = self.run.currentData()
        if not run_id or self.progress.running:
            return None
        ws = self.session.ws

        def done(version) -> None:
            self.status.setText(f"Registered {version.version_id} ({version.name}): evaluate and gate it on the "
                                "Evaluation page before activating it.")
            self.progress.finish(f"{version.version_id} registered")
            self.refresh(select=version.version_id)

        def failed(exc) -> None:
            self.status.setText("Not registered: " + user_message(exc, "register the run"))
            self.progress.finish("Not registered.")

        self._set_buttons(False)
        return self.progress.run(lambda: register_run(ws, run_id), owner=self,
                                 text=f"Registering {run_id} (hashing its files)…", on_success=done,
                                 on_failure=failed, on_done=lambda: self._set_buttons(True))

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self.reason.clear()
        self.card.clear()
        self.status.clear()
        self.versions.setRowCount(0)

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
