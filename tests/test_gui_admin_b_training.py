"""The training page driven through its widgets on a tiny real model: only audited datasets are offered,
a bad setting is refused naming the field, the cost estimate is confirmed, a real LoRA run is cancelled
(checkpoint kept) and resumed to the end, the live chart shows the trainer's losses, the run list its cost.
A base model that is not there gives a clear message."""

from __future__ import annotations

import pytest

from gui_admin_a_support import wait_idle
from gui_admin_b_support import TINY_SETTINGS, cells, fill_settings, make_training_clinic
from gui_support import log_in

pytest.importorskip("torch")


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    return make_training_clinic(tmp_path_factory.mktemp("train") / "ws")


def _estimate(qtbot, page):
    page.estimate()
    qtbot.waitUntil(lambda: page.estimate_button.isEnabled(), timeout=120_000)


def test_train_cancel_resume_through_the_page(qtbot, clinic):
    from app.admin.charts import chart_values
    from core.training import runs

    window = log_in(qtbot, clinic, "admin")
    try:
        ws = window.session.ws
        page = window.show_screen("training")
        # Only the audited dataset is offered; the other one is named with the gate's reason.
        assert [page.dataset.itemData(i) for i in range(page.dataset.count())] == ["clinic-ok"]
        assert "'clinic-new'" in page.missing.text() and "PHI audit" in page.missing.text()
        # Every setting carries the core's help text.
        from core.training.config import field_help

        assert {name: widget.toolTip() for name, widget in page.fields.items()} == field_help()

        # A bad value is refused before anything runs, naming the field and the fix.
        fill_settings(page, dict(TINY_SETTINGS, rank="sixteen"))
        assert page.estimate() is None
        assert "rank" in page.form_error.text() and "whole number" in page.form_error.text()
        assert page.fields["rank"].styleSheet() and not page.fields["alpha"].styleSheet()
        fill_settings(page, dict(TINY_SETTINGS, tokens_per_batch="512"))  # smaller than max_length
        assert page.estimate() is None and "tokens_per_batch" in page.form_error.text()
        assert "max_length" in page.form_error.text()

        fill_settings(page, TINY_SETTINGS)
        _estimate(qtbot, page)
        assert page.plan is not None and page.confirm_button.isEnabled()
        assert "total training tokens" in page.estimate_box.text() and page.plan.run_id in page.estimate_box.text()
        run_id = page.plan.run_id
        assert runs.latest(ws.db, run_id).status == "estimated"  # nothing trains before the confirmation

        page.confirm()
        qtbot.waitUntil(lambda: len(page.points) >= 1, timeout=120_000)
        page.progress.cancel_button.click()
        wait_idle(qtbot, page.progress)
        assert page.result.status == "cancelled" and page.result.checkpoint_dir.is_dir()
        stopped_at = page.result.steps
        assert stopped_at < page.result.total_steps
        assert "Resume" in page.progress.label.text()
        row = page.selected_run()
        assert (row.run_id, row.status, row.resumable) == (run_id, "cancelled", True)
        assert page.resume_button.isEnabled()

        page.resume_selected()
        qtbot.waitUntil(lambda: page.result is not None and page.result.status == "finished"
                        and not page.progress.running, timeout=120_000)
        result = page.result
        assert result.steps == result.total_steps and result.adapter_dir.is_dir()
        # The live chart shows the resumed session's losses, step by step.
        shown = next(iter(chart_values(page.loss_chart).values()))
        assert shown == pytest.approx([p[1] for p in page.points]) and len(shown) == result.steps - stopped_at
        assert [p[0] for p in page.points] == list(range(stopped_at + 1, result.steps + 1))
        statuses = [e.status for e in runs.history(ws.db, run_id)]
        assert statuses == ["estimated", "approved", "started", "cancelled", "started", "finished"]
        table = {row[0]: row for row in cells(page.runs)}
        assert table[run_id][1] == "finished" and table[run_id][5] == f"{result.steps}/{result.total_steps}"
        actual = runs.latest(ws.db, run_id).actual
        assert table[run_id][8] == f"{actual['local_cost']:.2f} USD" and table[run_id][9] == f"{actual['tokens']:,}"
        assert not page.resume_button.isEnabled()
    finally:
        window.close()


def test_a_missing_base_model_gives_a_clear_message(qtbot, clinic):
    window = log_in(qtbot, clinic, "admin")
    try:
        page = window.show_screen("training")
        fill_settings(page, dict(TINY_SETTINGS, base_model="clinic-7b"))
        _estimate(qtbot, page)
        assert page.plan is None and not page.confirm_button.isEnabled()
        text = page.estimate_box.text()
        assert "clinic-7b" in text and "no Hugging Face model folder" in text and "Traceback" not in text
    finally:
        window.close()
