"""The background-work helper: results on the UI thread, failures as values, cancel between items."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from app import tasks


def test_result_and_failure_arrive_on_the_ui_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    seen = {}

    def work():
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return 42

    def succeeded(value):
        seen["value"] = value
        seen["ui_thread"] = QThread.currentThread() is QApplication.instance().thread()

    tasks.run_in_background(work, owner=owner, on_success=succeeded)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen == {"worker": True, "value": 42, "ui_thread": True}

    failures = []
    tasks.run_in_background(lambda: 1 / 0, owner=owner, on_success=failures.append, on_failure=failures.append)
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert isinstance(failures[0], ZeroDivisionError)


def test_cancel_stops_a_stream_between_items_and_closes_it(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    release = threading.Event()
    state = {"items": [], "closed": False, "failed": None}

    def work(task):
        try:
            for number in range(1000):
                if number == 3:
                    release.wait(10)  # the UI presses Cancel while we are here
                yield number
        finally:
            state["closed"] = True

    def item(value):
        state["items"].append(value)
        if value == 2:
            task.cancel()
            release.set()

    task = tasks.stream_in_background(work, owner=owner, on_item=item,
                                      on_failure=lambda exc: state.update(failed=exc))
    qtbot.waitUntil(lambda: state["failed"] is not None)
    assert isinstance(state["failed"], tasks.Cancelled)
    assert state["items"] == [0, 1, 2]  # nothing after the cancel reached the UI
    assert state["closed"]  # the generator's cleanup ran


def test_no_callback_after_the_owner_is_gone(qtbot):
    owner = QWidget()
    gate = threading.Event()
    calls = []
    tasks.run_in_background(lambda: gate.wait(10), owner=owner, on_success=calls.append,
                            on_failure=calls.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    gate.set()
    assert tasks.wait_for_all(10_000)
    qtbot.wait(50)  # let any queued delivery run
    assert calls == []
    qtbot.waitUntil(lambda: tasks.running_count() == 0)


def _alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_a_task_whose_work_returned_no_longer_counts_as_running(qtbot):
    # Closing a window waits for the pool and then closes the workspace; a finished task whose
    # callbacks still sit in the event queue must not hold that close back (it used to, so a
    # logout could be recorded after the window had gone).
    owner = QWidget()
    qtbot.addWidget(owner)
    gate = threading.Event()
    delivered = []
    tasks.run_in_background(lambda: gate.wait(10), owner=owner, on_success=delivered.append)
    assert tasks.running_count() == 1
    gate.set()
    assert tasks.wait_for_all(10_000)  # blocks without running the event loop
    assert delivered == []  # the result has not been delivered yet...
    assert tasks.running_count() == 0  # ...but nothing is running any more
    qtbot.waitUntil(lambda: delivered == [True])
