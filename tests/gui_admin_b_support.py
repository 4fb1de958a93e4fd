"""Shared by the admin-desktop tests (part B, the model pages): a clinic to train in, built once per module.

The clinic has a tiny synthetic triage dataset whose real PHI audit (Presidio) passed, a second one
never audited, and a tiny randomly initialised Gemma 3 saved in Hugging Face format under
``models/tiny-gemma`` (as ``tests/test_training_cli.py`` does), so a real LoRA run takes seconds.
Every new workspace also ships v1, the default adapter, on the real Gemma 3 270M GGUF.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from gui_support import Clinic, log_in, make_clinic

TINY_BASE = "tiny-gemma"
#: Settings of a short real run on the tiny base (every step checkpointed, so Cancel always leaves one).
TINY_SETTINGS = {"base_model": TINY_BASE, "rank": "4", "alpha": "8", "dropout": "0", "epochs": "8",
                 "max_length": "1024", "tokens_per_batch": "1024", "checkpoint_every": "1", "max_steps": "0",
                 "with_passages": False}


def save_tiny_base(ws, dataset: str) -> None:
    """The tiny Gemma 3 with a tokenizer that knows the engine's prompt wording (short prompts)."""
    from training_tiny import tiny_gemma, tiny_tokenizer

    from core.training.data import load_training_records
    from core.training.prompting import prompt_renderer
    from core.triage.settings import TriageSettings

    records = load_training_records(ws.paths.datasets, dataset).records
    plain = prompt_renderer(tiny_tokenizer(), settings=TriageSettings(n_ctx=32768))
    tokenizer = tiny_tokenizer([plain(r["intake"]) for r in records], vocab_size=1500)
    model = tiny_gemma(tokenizer, max_positions=2048)
    folder = ws.paths.models / TINY_BASE
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)


def make_training_clinic(home: Path) -> Clinic:
    """'clinic-ok' (audited, passes), 'clinic-new' (never audited) and the tiny base."""
    from core.datasets.service import generate_dataset
    from core.phi.dataset_audit import audit_stored_dataset
    from core.workspace import Workspace

    clinic = make_clinic(home)
    ws = Workspace.open(clinic.home, "admin", clinic.passwords["admin"])
    try:
        for name, seed in (("clinic-ok", 3), ("clinic-new", 5)):
            generate_dataset(ws, name, n=4, seed=seed, categories=["triage"], variants=1)
        steps = list(audit_stored_dataset(ws, "clinic-ok"))
        assert steps[-1].outcome.result.passed
        save_tiny_base(ws, "clinic-ok")
    finally:
        ws.close()
    return clinic


def fill_settings(page, values: dict) -> None:
    """Type settings into the training page's form."""
    from PySide6.QtWidgets import QCheckBox, QComboBox

    for name, value in values.items():
        widget = page.fields[name]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(str(value))
        else:
            widget.setText(str(value))


def cells(table) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def register_copy(ws, name: str):
    """A version on the shipped base with the default adapter's own file: a real candidate, no training."""
    from core.registry import versions

    return versions.register(ws, name=name, adapter_gguf=versions.get(ws.db, "v1").files()[1])


@contextmanager
def fresh_window(qtbot, tmp_path: Path, username: str = "admin"):
    """A new clinic (one user per role) under ``tmp_path``, ``username`` logged in through the real
    login dialog; yields the main window and closes it afterwards."""
    window = log_in(qtbot, make_clinic(tmp_path / "ws"), username)
    try:
        yield window
    finally:
        window.close()


def assert_refused_by_the_core(window, screen: str, *calls) -> None:
    """The window has no ``screen`` page, and each call of the core raises PermissionDenied: the role
    check is the core's, not the page's."""
    import pytest

    from core.errors import PermissionDenied

    assert screen not in window.screens
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
