"""Errors in the GUI: a plain message for the user, never a traceback.

* :func:`user_message` turns any exception into one sentence a nurse can act
  on. Errors the product raises on purpose (``PrescreenError``) carry their
  own message; anything else (a model crash, a database error) becomes a
  generic "could not … ; the case is unchanged" line.
* :func:`install_excepthook` catches what nobody handled: it logs the
  exception *type and code location only* (never its message or locals, which
  may hold patient text) and shows a dialog.
"""

from __future__ import annotations

import logging
import sys
import traceback

log = logging.getLogger("prescreen.app")

GENERIC = "Something went wrong inside Prescreen. Nothing was lost; try again, and tell the clinic admin if it repeats."


def user_message(exc: BaseException, doing: str = "") -> str:
    """One plain sentence for ``exc``.

    Args:
        exc: the error.
        doing: what the user tried, e.g. "run the triage" (used for unexpected errors).
    """
    from core.errors import PrescreenError

    if isinstance(exc, PrescreenError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory" + (f" while trying to {doing}" if doing else "") + ". Close other programs and try again."
    if doing:
        return f"Could not {doing} ({type(exc).__name__}). Nothing was changed; try again, and tell the clinic admin if it repeats."
    return GENERIC


def safe_location(exc: BaseException) -> str:
    """Where the error happened (file:line of each frame), without messages or values."""
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    return " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames)) or "?"


def log_without_phi(exc: BaseException, context: str = "") -> None:
    """Log the error's type and location only: messages can quote patient text."""
    log.error("%s%s at %s", f"{context}: " if context else "", type(exc).__name__, safe_location(exc))


def show_error(parent, exc: BaseException, doing: str = "", title: str = "Prescreen") -> str:
    """Show ``exc`` as a plain message box; returns the text shown."""
    from PySide6.QtWidgets import QMessageBox

    from core.errors import PrescreenError

    if not isinstance(exc, PrescreenError):
        log_without_phi(exc, doing)
    text = user_message(exc, doing)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()  # non-blocking: tests and background callbacks never hang on it
    return text


def install_excepthook() -> None:
    """Route uncaught exceptions to a dialog and a PHI-free log line."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc is not None and exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        log_without_phi(exc, "uncaught")
        try:
            from PySide6.QtWidgets import QApplication

            if QApplication.instance() is not None:
                show_error(QApplication.activeWindow(), exc)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            pass

    sys.excepthook = hook
