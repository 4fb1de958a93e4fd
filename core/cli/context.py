"""What a CLI command needs: credentials, the workspace, output helpers."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from core.errors import PrescreenError


class CliContext:
    """Opens the workspace on first use with the caller's credentials."""

    def __init__(self, args) -> None:
        self.args = args
        self._workspace = None
        self.last_password: str | None = None

    @property
    def home(self) -> Path:
        from core.paths import resolve_home

        return resolve_home(getattr(self.args, "home", None))

    def username(self) -> str:
        name = getattr(self.args, "user", None) or os.environ.get("PRESCREEN_USER")
        if not name:
            raise PrescreenError("no user given: set PRESCREEN_USER or pass --user NAME")
        return name

    def read_password(self, prompt: str = "Password: ") -> str:
        """The caller's password: --password-stdin, then $PRESCREEN_PASSWORD, then a prompt."""
        if getattr(self.args, "password_stdin", False):
            return self.read_stdin_line()
        env = os.environ.get("PRESCREEN_PASSWORD")
        if env is not None:
            return env
        if not sys.stdin.isatty():
            raise PrescreenError("no password given: set PRESCREEN_PASSWORD or pass --password-stdin")
        return getpass.getpass(prompt)

    def read_stdin_line(self) -> str:
        """Next line of stdin (passwords are read in order: own, then new)."""
        line = sys.stdin.readline()
        if not line:
            raise PrescreenError("expected a password on standard input, got nothing")
        return line.rstrip("\r\n")

    def workspace(self):
        """The workspace, unlocked with the caller's credentials (opened once)."""
        if self._workspace is None:
            from core.workspace import Workspace

            home, username = self.home, self.username()
            self.last_password = self.read_password()
            self._workspace = Workspace.open(home, username, self.last_password)
        return self._workspace

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
