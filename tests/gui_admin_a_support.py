"""Shared by the admin-desktop tests (part A): a clinic whose slow parts are built once per process.

* the knowledge base: a copy of the default guideline set (``knowledge_support``), so a
  test does not embed 38 guidelines again;
* the Gemma tokenizer the dataset validation counts with, converted once per process
  and copied into each workspace's cache (the way a workspace reuses its own cache).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from gui_support import Clinic, make_clinic

_tokenizer_cache: Path | None = None


def converted_tokenizer_cache() -> Path:
    """A cache folder holding the converted Gemma 3 tokenizer (about half a minute the first time)."""
    global _tokenizer_cache
    if _tokenizer_cache is None:
        from core.datasets.tokens import gemma_counter

        root = Path(tempfile.mkdtemp(prefix="prescreen-tokenizer-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        counter = gemma_counter(root)
        if not counter.exact:
            raise RuntimeError(f"the Gemma tokenizer is unavailable: {counter.note}")
        _tokenizer_cache = root
    return _tokenizer_cache


def make_admin_clinic(home: Path, tokenizer: bool = False) -> Clinic:
    """A clinic (one user per role) with the default guidelines, optionally the converted tokenizer."""
    from triage_support import seed_workspace_kb

    clinic = make_clinic(home)
    seed_workspace_kb(home)
    if tokenizer:
        for folder in converted_tokenizer_cache().iterdir():
            shutil.copytree(folder, home / "cache" / folder.name)
    return clinic


def wait_idle(qtbot, panel, timeout: int = 120_000) -> str:
    """Wait until a page's progress panel has finished; returns its last text."""
    qtbot.waitUntil(lambda: not panel.running, timeout=timeout)
    return panel.label.text()
