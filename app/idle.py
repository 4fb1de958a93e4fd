"""Idle auto-lock: no keyboard or mouse input for N minutes locks the screen.

An application-wide event filter restarts a single-shot timer on every
input event, whichever window it reaches, so a nurse typing a long story is
never interrupted.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

DEFAULT_IDLE_MINUTES = 15

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
})


def idle_timeout_ms(config: dict) -> int:
    """The idle time from the workspace config (``gui.idle_lock_minutes``), in ms.

    Raises:
        ValidationError: the setting is not a number between 1 and 240 minutes
            (fail closed: a bad setting is not silently replaced by "never lock").
    """
    from core.errors import ValidationError

    value = ((config or {}).get("gui") or {}).get("idle_lock_minutes", DEFAULT_IDLE_MINUTES)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 240:
        raise ValidationError("gui.idle_lock_minutes", f"{value!r} is not allowed", "use 1 to 240 minutes in config.yaml")
    return int(value * 60_000)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without user input while running."""

    idle = Signal()

    def __init__(self, app, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_timeout(timeout_ms)
        app.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(1, int(timeout_ms)))

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt name
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()  # restart the countdown
        return False

    def uninstall(self) -> None:
        self._timer.stop()
        self._app.removeEventFilter(self)
