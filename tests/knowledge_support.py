"""Shared by the knowledge tests: one real knowledge base with the default guidelines, built once.

Embedding the 34 default guidelines with the real MiniLM takes a while on two
cores, so the store is built once per test process, closed (which persists it),
and each test opens its own copy of the folder.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

_template: Path | None = None


def default_kb_template() -> Path:
    """A closed knowledge base folder holding the default guideline set (built on first call)."""
    global _template
    if _template is None:
        from core.knowledge import KnowledgeBase

        root = Path(tempfile.mkdtemp(prefix="prescreen-kb-template-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        kb = KnowledgeBase.open(root / "knowledge")
        try:
            kb.ensure_default_guidelines()
        finally:
            kb.close()
        _template = root / "knowledge"
    return _template


def copy_default_kb(destination: Path) -> Path:
    """Copies the template into destination (which must not exist yet); returns destination."""
    shutil.copytree(default_kb_template(), destination)
    return destination
