"""The Qt application: start-up, login, main window, screenshots mode.

Start-up is kept light so the login window shows fast: nothing heavy
(torch, llama.cpp, Chroma, Presidio) is imported until a screen needs it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app.errors import install_excepthook


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="prescreen-gui", description="Prescreen desktop app")
    parser.add_argument("--home", help="workspace folder (default: $PRESCREEN_HOME or the user data dir)")
    parser.add_argument("--user", default="", help="user name to put in the login window")
    parser.add_argument("--screenshots", metavar="DIR",
                        help="build a demo workspace in a temporary folder, render every main screen to DIR/*.png, exit")
    parser.add_argument("--login-check", metavar="PNG",
                        help="open the login window, save it to PNG once it is shown, and exit "
                             "(the installer's smoke test and start-up timing)")
    return parser.parse_args(argv)


def make_app():
    """The QApplication with Prescreen's look."""
    from PySide6.QtWidgets import QApplication

    from app.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Prescreen")
    app.setOrganizationName("Prescreen")
    apply_theme(app)
    return app


class AppController:
    """Login -> main window -> (log out) -> login again, until the user quits."""

    def __init__(self, app, home: Path, username: str = "", pipeline_factory=None, idle_ms: int | None = None):
        self.app = app
        self.home = Path(home)
        self.username = username
        self.pipeline_factory = pipeline_factory
        self.idle_ms = idle_ms
        self.window = None
        self.login = None

    def show_login(self):
        from app.login import LoginDialog

        self.login = LoginDialog(self.home, username=self.username)
        self.login.unlocked.connect(self.show_main)
        self.login.rejected.connect(self._login_closed)
        self.login.show()
        return self.login

    def _login_closed(self) -> None:
        if self.window is None:
            self.app.quit()

    def show_main(self, ws):
        from app.main_window import MainWindow
        from app.session import Session

        session = Session(self.home, ws, self.pipeline_factory)
        try:
            self.window = MainWindow(session, self.app, self.idle_ms)
        except Exception:
            session.close()
            raise
        self.window.logged_out.connect(self._logged_out)
        self.window.show()
        return self.window

    def _logged_out(self) -> None:
        self.window = None
        self.show_login()


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_excepthook()
    if args.screenshots:
        from app.screenshots import render_screenshots

        return render_screenshots(Path(args.screenshots))
    from core.paths import resolve_home

    app = make_app()
    controller = AppController(app, resolve_home(args.home), args.user)
    login = controller.show_login()
    if args.login_check:
        return _login_check(app, login, Path(args.login_check))
    return app.exec()


def _login_check(app, login, png: Path) -> int:
    """Once the event loop has shown the login window: save it to ``png``, close, exit 0 (1 if it failed)."""
    from PySide6.QtCore import QTimer

    outcome = {"code": 1}

    def snap() -> None:
        if login.isVisible() and login.grab().save(str(png)):
            outcome["code"] = 0
            print(f"login window shown: {login.windowTitle()} ({login.width()}x{login.height()}), saved {png}")
        login.close()
        app.quit()

    QTimer.singleShot(0, snap)
    app.exec()
    return outcome["code"]
