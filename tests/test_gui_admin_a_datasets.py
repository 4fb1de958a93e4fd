"""The datasets page, driven through its widgets: generate a tiny dataset in the background, read the
validation report (table and charts from the real report, real Gemma tokenizer), export, dictionary and
manifest; a bad name gives the core's message naming the field."""

from __future__ import annotations

import json

import pytest

from gui_admin_a_support import make_admin_clinic, wait_idle
from gui_support import log_in


@pytest.fixture
def clinic(tmp_path):
    return make_admin_clinic(tmp_path / "ws")


def _errors(page) -> list[str]:
    from PySide6.QtWidgets import QMessageBox

    return [b.text() for b in page.findChildren(QMessageBox) if b.objectName() == "errorBox"]


def _fill(qtbot, page, name: str, cases: int, seed: int) -> None:
    page.name.clear()
    qtbot.keyClicks(page.name, name)
    page.size.setValue(cases)
    page.seed.setValue(seed)
    page.variants.setValue(1)
    for category, box in page.categories.items():
        box.setChecked(category in ("triage", "lab_interpretation"))


@pytest.mark.slow  # about 30 s the first time: the Gemma tokenizer is converted once per process
def test_generate_validate_export_through_the_page(qtbot, tmp_path):
    from app.admin.charts import chart_values

    clinic = make_admin_clinic(tmp_path / "ws", tokenizer=True)
    window = log_in(qtbot, clinic, "admin")
    try:
        page = window.show_screen("datasets")
        _fill(qtbot, page, "tiny-clinic", 8, 5)
        page.generate()
        assert "Generating 'tiny-clinic'" in page.progress.label.text()
        assert "generated and validated" in wait_idle(qtbot, page.progress, timeout=300_000)
        report = page.report
        assert report is not None and report.dataset == "tiny-clinic"
        manifest = page.selected_manifest()
        assert manifest.name == "tiny-clinic" and set(manifest.categories) == {"triage", "lab_interpretation"}
        # The table holds every check of the report, with its own status and summary.
        rows = [tuple(page.checks.item(r, c).text() for c in range(3)) for r in range(page.checks.rowCount())]
        assert rows == [(c.status, c.name, c.summary) for c in report.checks]
        assert f"verdict {report.verdict}" in page.verdict.text()
        assert "tokenizer" in report.check("length").summary and "ESTIMATE" not in report.check("length").summary
        # The charts show the report's own numbers.
        per_category = report.check("label balance").details["per_category"]
        balance = chart_values(page.charts["chartBalance"])
        triage = list(per_category).index("triage")
        assert balance["Critical (solid)"][triage] == per_category["triage"].get("Critical", 0) > 0
        assert sum(sum(v) for v in balance.values()) == sum(sum(c.values()) for c in per_category.values())
        sexes = report.check("demographic balance").details["sex"]
        assert chart_values(page.charts["chartDemographics_sex"]) == {"cases": [float(v) for v in sexes.values()]}
        means = report.check("length").details["mean_per_category"]
        assert chart_values(page.charts["chartLengths"])["tokens"] == list(means.values())
        # Dictionary and manifest of the version shown.
        assert json.loads(page.manifest_view.toPlainText())["name"] == "tiny-clinic"
        assert "tiny-clinic" in page.dictionary.toPlainText()
        # Export to each format lands in the dataset's export folder.
        for fmt in ("csv", "hf"):
            page.export_format.setCurrentIndex(page.export_format.findData(fmt))
            page.export_selected()
            qtbot.waitUntil(lambda: page.status.text().startswith(f"Exported 'tiny-clinic' as {fmt}"),
                            timeout=60_000)
            assert any((window.session.ws.paths.datasets / "tiny-clinic" / "export" / fmt).iterdir())
        assert [e.detail_dict()["format"] for e in window.session.ws.audit.events(action="dataset.export")] == \
            ["csv", "hf"]
        # The same name again without "replace": the core's message names the field and the fix.
        page.generate()
        wait_idle(qtbot, page.progress)
        assert "already exists" in _errors(page)[-1] and "replace" in _errors(page)[-1]
    finally:
        window.close()


def test_a_bad_dataset_name_is_refused_with_a_clear_message(qtbot, clinic):
    window = log_in(qtbot, clinic, "admin")
    try:
        page = window.show_screen("datasets")
        _fill(qtbot, page, "Bad Name!", 2, 0)
        page.generate()
        assert "stopped" in wait_idle(qtbot, page.progress)
        assert _errors(page) and "name" in _errors(page)[-1] and "Traceback" not in _errors(page)[-1]
        assert window.session.ws.audit.events(action="dataset.generate") == []
        for box in page.categories.values():
            box.setChecked(False)
        assert page.generate() is None  # no category: refused before any work
        assert "categories" in _errors(page)[-1]
    finally:
        window.close()
