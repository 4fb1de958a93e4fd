"""A progress row for long admin work: bar, "3 of 10 files, about 20 s left", Cancel.

The work itself runs through :mod:`app.tasks` (:meth:`ProgressPanel.run` starts
it and shows the panel); the panel only shows what the work reports and forwards
Cancel to the task, which stops at its next step. :class:`ProgressRelay` carries
reports from work that runs as one call (training, evaluation) to the page.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


def eta_text(done: int, total: int, elapsed_s: float) -> str:
    """"about 20 s left" from the pace so far ("" before the first step is done)."""
    if done <= 0 or total <= done:
        return ""
    left = elapsed_s / done * (total - done)
    return f"about {left:.0f} s left" if left < 90 else f"about {left / 60:.0f} min left"


class ProgressRelay(QObject):
    """Carries progress reports from the worker thread to ``on_report`` on the UI thread (queued).

    A child of the page; the page deletes it (``deleteLater``) once its task has finished.
    """

    report = Signal(object)

    def __init__(self, owner: QObject, on_report=None) -> None:
        super().__init__(owner)
        if on_report is not None:
            self.report.connect(on_report, Qt.ConnectionType.QueuedConnection)


class ProgressPanel(QWidget):
    """Hidden until :meth:`start`; shows progress, the estimated time left and a Cancel button."""

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.bar = QProgressBar()
        self.bar.setObjectName(f"{name}Bar")
        self.label = QLabel("")
        self.label.setObjectName(f"{name}Text")
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setObjectName(f"{name}Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        # The text goes under the bar, the page's whole width, wrapped: what a finished run says
        # ("... Export and register it on the Model registry page") was cut off beside the bar.
        self.label.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        column.addLayout(row)
        column.addWidget(self.label)
        self.task = None
        self._started = 0.0
        self.hide()

    def start(self, total: int, text: str, task=None) -> None:
        """Show the panel for ``total`` steps (0: a busy bar without steps)."""
        self.task = task
        self._started = time.monotonic()
        self.bar.setRange(0, max(0, total))
        self.bar.setValue(0)
        self.label.setText(text)
        self.cancel_button.setEnabled(task is not None)
        self.show()

    def run(self, work, *, owner, text: str, total: int = 0, stream: bool = False, **callbacks):
        """Show the panel (:meth:`start`), run ``work`` through :mod:`app.tasks` and let Cancel reach it;
        returns the task. ``stream``: ``work(task)`` is a generator (``stream_in_background``, ``on_item``
        among the callbacks), else ``work()`` is one call (``run_in_background``)."""
        from app import tasks

        self.start(total, text)
        task = (tasks.stream_in_background if stream else tasks.run_in_background)(work, owner=owner, **callbacks)
        self.attach(task)
        return task

    def attach(self, task) -> None:
        """The task Cancel stops (known only once it has started)."""
        self.task = task
        self.cancel_button.setEnabled(True)

    def step(self, done: int, total: int, text: str) -> None:
        """``done`` of ``total`` steps finished; ``text`` says what is going on."""
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)
        eta = eta_text(done, total, time.monotonic() - self._started)
        self.label.setText(f"{text} ({done} of {total}" + (f", {eta})" if eta else ")"))

    def elapsed_s(self) -> float:
        return time.monotonic() - self._started

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.label.setText("Cancelling after the current step…")
            self.cancel_button.setEnabled(False)

    def finish(self, text: str) -> None:
        """The work ended: leave ``text`` on the label, the bar full, Cancel off."""
        self.task = None
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.label.setText(text)
        self.cancel_button.setEnabled(False)

    @property
    def running(self) -> bool:
        return self.task is not None
