"""The model registry page driven through its widgets: the versions table from the registry, the model
card rendered, activate and roll back with a required reason (audited), a real GGUF export of a tiny
trained run, and the failure paths: an empty reason refused naming the field, a version whose gate
FAILs refused with its reasons, registering or merging a run without a base GGUF gives a clear message,
a missing adapter file refuses activation, a nurse is refused by the core."""

from __future__ import annotations

import pytest

from gui_admin_a_support import wait_idle
from gui_admin_b_support import (TINY_BASE, assert_refused_by_the_core, cells, fresh_window,
                                 make_training_clinic, register_copy)
from gui_support import log_in

pytest.importorskip("torch")



@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The tiny training clinic with one finished one-step LoRA run on the tiny base; (clinic, run id)."""
    from core.training import service
    from core.training.config import LoraTrainingConfig
    from core.workspace import Workspace

    clinic = make_training_clinic(tmp_path_factory.mktemp("registry") / "ws")
    ws = Workspace.open(clinic.home, "admin", clinic.passwords["admin"])
    try:
        config = LoraTrainingConfig.from_dict({"base_model": TINY_BASE, "rank": 4, "alpha": 8, "dropout": 0.0,
                                               "epochs": 1, "max_length": 1024, "tokens_per_batch": 1024,
                                               "max_steps": 1, "with_passages": False})
        plan = service.plan_run(ws, "clinic-ok", config)
        service.approve(ws, plan)
        assert service.execute(ws, plan).status == "finished"
        return clinic, plan.run_id
    finally:
        ws.close()


def _change(qtbot, page, button, reason: str) -> str:
    page.reason.setText(reason)
    button.click()
    wait_idle(qtbot, page.progress)
    return page.status.text()


def test_versions_card_activate_roll_back_and_export(qtbot, trained):
    from core.registry import versions

    clinic, run_id = trained
    window = log_in(qtbot, clinic, "admin")
    try:
        ws = window.session.ws
        candidate = register_copy(ws, "clinic copy")
        page = window.show_screen("registry")
        page.refresh()
        table = {row[1]: row for row in cells(page.versions)}
        assert list(table) == ["base", "v1", candidate.version_id]
        assert table["v1"][0] == "●" and table["base"][0] == "" and table[candidate.version_id][7] == "not gated"
        assert table[candidate.version_id][4] == "adapter.gguf" and table["base"][4] == "-"
        # The selected version's model card is rendered from the core's Markdown.
        page.select_version("v1")
        assert "Model card" in page.card.toPlainText() and "ACTIVE" in page.card.toPlainText()

        # An empty reason is refused before anything runs, naming the field.
        page.select_version("base")
        text = _change(qtbot, page, page.activate_button, "  ")
        assert text.startswith("Refused: reason") and page.reason.styleSheet()
        assert versions.active_version_id(ws.db) == "v1"
        # A version never gated is refused with the core's reason.
        page.select_version(candidate.version_id)
        text = _change(qtbot, page, page.activate_button, "try the copy")
        assert "has not been through the regression gate" in text
        # Activate the shipped base with a reason, then roll back to v1.
        page.select_version("base")
        text = _change(qtbot, page, page.activate_button, "compare against the plain base model")
        assert text.startswith("Activated base (was v1)") and versions.active_version_id(ws.db) == "base"
        assert {row[1]: row[0] for row in cells(page.versions)}["base"] == "●"
        assert _change(qtbot, page, page.rollback_button, "").startswith("Refused: reason")
        text = _change(qtbot, page, page.rollback_button, "the base drafts less well")
        assert text.startswith("Rolled back to v1 (was base)") and versions.active_version_id(ws.db) == "v1"
        events = versions.events(ws.db)
        assert [(e.event, e.version_id, e.reason) for e in events[-2:]] == [
            ("activated", "base", "compare against the plain base model"),
            ("rolled_back", "v1", "the base drafts less well")]

        # Export the tiny run's adapter to GGUF in the background (a real file llama.cpp's format).
        assert page.run.findData(run_id) >= 0
        page.run.setCurrentIndex(page.run.findData(run_id))
        page.export_button.click()
        wait_idle(qtbot, page.progress)
        assert "Exported adapter adapter.gguf" in page.status.text() and "GEMMA3" in page.status.text().upper()
        from core.training import runs

        exported = versions.Path(runs.latest(ws.db, run_id).output_dir) / "adapter.gguf"
        assert exported.is_file() and exported.read_bytes()[:4] == b"GGUF"
        # The tiny base has no GGUF: registering or merging the run says so.
        page.register_button.click()
        wait_idle(qtbot, page.progress)
        assert page.status.text().startswith("Not registered") and "base GGUF" in page.status.text()
        page.merged.setChecked(True)
        page.export_button.click()
        wait_idle(qtbot, page.progress)
        assert page.status.text().startswith("Not exported") and "base GGUF" in page.status.text()
    finally:
        window.close()


def test_a_missing_adapter_file_refuses_activation(qtbot, tmp_path):
    from core.registry import versions

    with fresh_window(qtbot, tmp_path) as window:
        ws = window.session.ws
        lost = register_copy(ws, "lost adapter")
        lost.files()[1].unlink()
        page = window.show_screen("registry")
        page.refresh()
        page.select_version(lost.version_id)
        page.override.setChecked(True)
        text = _change(qtbot, page, page.activate_button, "override to test the missing file")
        assert "adapter file" in text and "is missing" in text and "Traceback" not in text
        assert versions.active_version_id(ws.db) == "v1"


def test_a_nurse_has_no_registry_page_and_the_core_refuses_her(qtbot, tmp_path):
    from core.registry.activation import rollback
    from core.registry.export import export_run
    from core.registry.history import version_rows

    with fresh_window(qtbot, tmp_path, "nurse.amy") as window:
        ws = window.session.ws
        assert_refused_by_the_core(window, "registry", lambda: version_rows(ws), lambda: rollback(ws, reason="x"),
                                   lambda: export_run(ws, "run-x"))
