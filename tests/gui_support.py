"""Shared helpers for the GUI tests: a clinic workspace, logging in through the real window."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conftest import ADMIN, ADMIN_PASSWORD, strong_password


@dataclass
class Clinic:
    home: Path
    passwords: dict[str, str]


def make_clinic(home: Path, config_extra: str = "") -> Clinic:
    """A real workspace with one user per role; closed again (the GUI logs in itself)."""
    from core.workspace import Workspace

    ws = Workspace.create(home, ADMIN, ADMIN_PASSWORD)
    passwords = {ADMIN: ADMIN_PASSWORD}
    for name, role in (("nurse.amy", "nurse"), ("dr.phil", "physician"), ("audrey", "auditor")):
        passwords[name] = strong_password()
        ws.users.add(name, role, passwords[name])
    ws.close()
    if config_extra:
        path = home / "config.yaml"
        path.write_text(path.read_text("utf-8") + config_extra, "utf-8")
    return Clinic(home, passwords)


def log_in(qtbot, clinic: Clinic, username: str, password: str | None = None, pipeline_factory=None,
           idle_ms: int | None = None):
    """Type into the real login dialog and wait for the main window; returns it."""
    from PySide6.QtCore import Qt

    from app.application import AppController, make_app

    app = make_app()
    controller = AppController(app, clinic.home, pipeline_factory=pipeline_factory, idle_ms=idle_ms)
    dialog = controller.show_login()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password if password is not None else clinic.passwords[username])
    with qtbot.waitSignal(dialog.unlocked, timeout=30_000):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    window = controller.window
    qtbot.addWidget(window)
    return window
