"""Where a workspace lives and how it is laid out."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def resolve_home(explicit: str | os.PathLike | None = None) -> Path:
    """The workspace folder: explicit > $PRESCREEN_HOME > the platform's user data dir."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("PRESCREEN_HOME")
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("Prescreen", appauthor=False))


@dataclass(frozen=True)
class WorkspacePaths:
    """The files and folders of one workspace."""

    home: Path

    @property
    def database(self) -> Path:
        return self.home / "prescreen.db"

    @property
    def keyslots(self) -> Path:
        return self.home / "keyslots.json"

    @property
    def audit_head(self) -> Path:
        return self.home / "audit-head.json"

    @property
    def config(self) -> Path:
        return self.home / "config.yaml"

    @property
    def knowledge(self) -> Path:
        return self.home / "knowledge"

    @property
    def models(self) -> Path:
        return self.home / "models"

    @property
    def datasets(self) -> Path:
        return self.home / "datasets"

    @property
    def runs(self) -> Path:
        return self.home / "runs"

    @property
    def reports(self) -> Path:
        return self.home / "reports"

    @property
    def cache(self) -> Path:
        """Converted tokenizers and weights, assembled GGUF files."""
        return self.home / "cache"

    def create_folders(self) -> None:
        for folder in (self.home, self.knowledge, self.models, self.datasets, self.runs, self.reports, self.cache):
            folder.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(self.home, 0o700)
        except OSError:
            pass
