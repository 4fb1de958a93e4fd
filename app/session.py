"""The logged-in session the views work through: one workspace, its services.

Views never open the workspace themselves: they get a :class:`Session` and
ask it for the core services. The session is replaced on every unlock (the
workspace is closed while the screen is locked, so the data key is not kept
in memory while nobody is at the desk).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from core.security.roles import Permission, Role

#: Builds the triage pipeline for a workspace; tests pass one that reuses a
#: session-wide engine so the model loads once.
PipelineFactory = Callable[[Any], Any]


def default_pipeline_factory(ws) -> Any:
    """The real triage pipeline over the workspace's engine and knowledge base."""
    from core.triage.pipeline import TriagePipeline

    return TriagePipeline(ws)


def open_workspace(home: Path, username: str, password: str):
    """Unlock the workspace (runs on a worker thread: the KDF takes a few hundred ms)."""
    from core.workspace import Workspace

    return Workspace.open(home, username, password)


class Session:
    """One user's unlocked workspace plus lazily built core services."""

    def __init__(self, home: Path, ws, pipeline_factory: PipelineFactory | None = None) -> None:
        self.home = Path(home)
        self.ws = ws
        self._pipeline_factory = pipeline_factory or default_pipeline_factory
        self._services: dict[str, Any] = {}

    # who -----------------------------------------------------------------
    @property
    def username(self) -> str:
        return self.ws.user.username

    @property
    def role(self) -> Role:
        return self.ws.user.role

    def can(self, permission: Permission) -> bool:
        return self.ws.can(permission)

    # services ------------------------------------------------------------
    def _service(self, name: str, build: Callable[[], Any]) -> Any:
        if name not in self._services:
            self._services[name] = build()
        return self._services[name]

    @property
    def review(self):
        from core.review.service import ReviewService

        return self._service("review", lambda: ReviewService(self.ws))

    @property
    def alerts(self):
        from core.review.alerts import AlertService

        return self._service("alerts", lambda: AlertService(self.ws))

    def pipeline(self):
        """The triage pipeline (loads the model on first use: call it off the UI thread)."""
        return self._service("pipeline", lambda: self._pipeline_factory(self.ws))

    @property
    def pipeline_factory(self) -> PipelineFactory:
        return self._pipeline_factory

    def close(self) -> None:
        """Close the workspace (records the logout and exports the audit head)."""
        self._services.clear()
        self.ws.close()
