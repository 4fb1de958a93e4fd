"""Shared by the triage tests: one real llama.cpp engine and one real knowledge base per process.

The engine is the process-wide one from ``core.inference.engine.get_engine``
(loaded once); the knowledge base is a copy of the default guideline set,
built once by ``tests.knowledge_support`` and opened once here.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_kb = None


def engine():
    from core.inference.catalog import default_model
    from core.inference.engine import get_engine
    from core.triage.settings import TriageSettings

    settings = TriageSettings()
    # The suite shares two cores with other test processes. llama.cpp's worker
    # threads spin-wait, and oversubscribed they collapse (measured here under
    # load: 16 tok/s with 1 thread, 2.7 tok/s with 2). $PRESCREEN_LLAMA_THREADS
    # overrides; the product default stays os.cpu_count().
    threads = int(os.environ.get("PRESCREEN_LLAMA_THREADS", "1"))
    return get_engine(default_model().path, n_ctx=settings.n_ctx, n_threads=threads)


def knowledge_base():
    """One read-only knowledge base with the default guidelines (real Chroma + MiniLM)."""
    global _kb
    if _kb is None:
        from core.knowledge import KnowledgeBase
        from knowledge_support import copy_default_kb

        root = Path(tempfile.mkdtemp(prefix="prescreen-triage-kb-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        _kb = KnowledgeBase.open(copy_default_kb(root / "knowledge"))
        atexit.register(_kb.close)
    return _kb


def pipeline(ws=None, **settings):
    """A real pipeline over the shared engine and knowledge base."""
    from core.triage.pipeline import TriagePipeline
    from core.triage.settings import TriageSettings

    return TriagePipeline(ws, engine=engine(), knowledge=knowledge_base(), settings=TriageSettings(**settings))


def seed_workspace_kb(home: Path) -> None:
    """Give a workspace the default guidelines without embedding them again (CLI tests)."""
    from knowledge_support import copy_default_kb

    target = home / "knowledge"
    shutil.rmtree(target, ignore_errors=True)
    copy_default_kb(target)
