"""Background work for the GUI: one way to run anything slow off the UI thread.

Modelled on anki's ``QueryOp`` (``qt/aqt/operations``): the caller hands over
a function, it runs on the shared ``QThreadPool``, and either ``on_success``
or ``on_failure`` is called back **on the UI thread** (through a queued
signal). A streaming variant (after superqt's ``GeneratorWorker``) runs a
generator, delivers every yielded item on the UI thread and checks a cancel
flag between items, so a Cancel button stops token streaming at the next
token.

Callbacks are dropped when their owner widget is destroyed first, so a
window closed mid-task never receives a late call.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable, Iterator

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger("prescreen.app.tasks")

#: Tasks still running; a strong reference so their signal objects live until delivered.
_RUNNING: set["Task"] = set()


class Cancelled(Exception):
    """Raised inside a streaming task when the user pressed Cancel."""


class _Signals(QObject):
    item = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


class _Relay(QObject):
    """Receives the task's signals on the UI thread and calls the callbacks.

    It is a child of the owner widget: when the owner is destroyed the relay
    goes with it and Qt drops the connections, so no late callback arrives.
    A receiver QObject living on the UI thread makes the cross-thread delivery
    an explicit queued call rather than relying on how bare callables are dispatched.
    """

    def __init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        self.callbacks: dict[str, Callable] = {}

    def _call(self, name: str, *args) -> None:
        callback = self.callbacks.get(name)
        if callback is not None:
            callback(*args)

    @Slot(object)
    def item(self, value) -> None:
        self._call("item", value)

    @Slot(object)
    def succeeded(self, value) -> None:
        self._call("succeeded", value)

    @Slot(object)
    def failed(self, exc) -> None:
        self._call("failed", exc)

    @Slot()
    def finished(self) -> None:
        self._call("finished")


class Task(QRunnable):
    """A unit of background work. Create with :func:`run_in_background` or :func:`stream_in_background`."""

    def __init__(self, work: Callable[["Task"], Any], owner: QObject | None, streaming: bool) -> None:
        super().__init__()
        self.setAutoDelete(False)  # _RUNNING owns it until `finished` is delivered
        self._work = work
        self._streaming = streaming
        self._cancel = threading.Event()
        self.work_done = threading.Event()  # set on the worker thread when ``work`` has returned
        self.signals = _Signals()
        self.relay = _Relay(owner)

    # the UI side -----------------------------------------------------------
    def cancel(self) -> None:
        """Ask the task to stop; a streaming task stops at its next item."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    # the worker side -------------------------------------------------------
    def check_cancelled(self) -> None:
        """Raise :class:`Cancelled` if Cancel was pressed (for work that polls)."""
        if self._cancel.is_set():
            raise Cancelled()

    @Slot()
    def run(self) -> None:  # runs on a pool thread
        try:
            if self._streaming:
                result = None
                items = self._work(self)
                try:
                    for item in items:
                        if self._cancel.is_set():
                            raise Cancelled()
                        self._emit(self.signals.item, item)
                        result = item
                finally:
                    # Close the generator now, not at garbage collection: a stopped stream
                    # must release what it holds (the model engine's lock) at once.
                    close = getattr(items, "close", None)
                    if close is not None:
                        close()
            else:
                result = self._work(self)
        except Cancelled as exc:
            self._emit(self.signals.failed, exc)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI as a message
            log.info("background task failed: %s", type(exc).__name__)
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.succeeded, result)
        finally:
            self.work_done.set()
            self._emit(self.signals.finished)

    @staticmethod
    def _emit(signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            pass  # the owner was destroyed while we worked: nobody to tell


def _start(task: Task, on_success, on_failure, on_item=None, on_done=None) -> Task:
    relay = task.relay

    def finished() -> None:
        _RUNNING.discard(task)
        if on_done is not None:
            on_done()

    relay.callbacks.update(item=on_item, succeeded=on_success,
                           failed=on_failure if on_failure is not None else _log_failure, finished=finished)
    queued = Qt.ConnectionType.QueuedConnection
    task.signals.item.connect(relay.item, queued)
    task.signals.succeeded.connect(relay.succeeded, queued)
    task.signals.failed.connect(relay.failed, queued)
    task.signals.finished.connect(relay.finished, queued)
    # A task whose owner dies before it ends must still leave _RUNNING.
    task.signals.finished.connect(lambda: _RUNNING.discard(task))
    _RUNNING.add(task)
    QThreadPool.globalInstance().start(task)
    return task


def run_in_background(
    work: Callable[[], Any],
    *,
    owner: QObject | None,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_done: Callable[[], None] | None = None,
) -> Task:
    """Run ``work()`` on the thread pool; report the result on the UI thread.

    Args:
        work: the slow function (no Qt widgets inside!).
        owner: the widget the callbacks belong to; they are dropped if it is destroyed.
        on_success: called with ``work()``'s return value.
        on_failure: called with the exception (``Cancelled`` when cancelled).
        on_done: called after either.

    Returns:
        The running task (``task.cancel()`` sets its cancel flag).
    """
    return _start(Task(lambda _task: work(), owner, streaming=False), on_success, on_failure, None, on_done)


def stream_in_background(
    work: Callable[[Task], Iterator[Any]],
    *,
    owner: QObject | None,
    on_item: Callable[[Any], None],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_done: Callable[[], None] | None = None,
) -> Task:
    """Run a generator on the thread pool, delivering each item on the UI thread.

    The cancel flag is checked before every item is passed on; ``work`` gets
    the task so it can also call ``task.check_cancelled()`` or read
    ``task.cancelled`` between its own steps. ``on_success`` gets the last item.
    """
    return _start(Task(work, owner, streaming=True), on_success, on_failure, on_item, on_done)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every background task has finished (used on quit and in tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def running_count() -> int:
    """Tasks whose work has not returned yet (a finished task whose callbacks wait in
    the event queue no longer counts: nothing of it still touches the workspace)."""
    return sum(1 for task in list(_RUNNING) if not task.work_done.is_set())


def _log_failure(exc: BaseException) -> None:
    log.warning("background task failed without a handler: %s", type(exc).__name__)
