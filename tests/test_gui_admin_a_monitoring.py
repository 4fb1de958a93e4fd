"""Monitoring with charts, for every role that sees it: the series behind the charts (real SQLCipher
workspace, hand-filed cases as in test_review.py), and the page drawing them for a nurse and a period."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core.review.service import ReviewService
from core.triage.priority import Priority
from core.workspace import Workspace
from gui_support import log_in, make_clinic
from test_review import _file


@pytest.fixture
def clinic(tmp_path):
    """Three cases filed by a nurse: one raised by her and signed, one signed as suggested, one waiting."""
    clinic = make_clinic(tmp_path / "ws")
    ws = Workspace.open(clinic.home, "nurse.amy", clinic.passwords["nurse.amy"])
    try:
        service = ReviewService(ws)
        agreed = _file(ws, Priority.HIGH, floor=Priority.HIGH, model=Priority.LOW)
        raised = _file(ws, Priority.MEDIUM)
        _file(ws, Priority.LOW)
        service.sign(agreed, clinic.passwords["nurse.amy"])
        service.change_priority(raised, Priority.HIGH, "looked  unwell")
        service.sign(raised, clinic.passwords["nurse.amy"])
    finally:
        ws.close()
    clinic.filed_at = datetime.now(timezone.utc)  # the series tests end their period here
    return clinic


@pytest.fixture
def nurse_ws(clinic):
    ws = Workspace.open(clinic.home, "nurse.amy", clinic.passwords["nurse.amy"])
    yield ws
    ws.close()


@pytest.mark.parametrize("period, buckets", [("day", 24), ("week", 7), ("month", 30)])
def test_series_puts_the_cases_in_the_current_bucket_and_agrees_with_the_report(clinic, nurse_ws, period, buckets):
    from core.monitoring import monitoring_report
    from core.monitoring.series import monitoring_series

    series = monitoring_series(nurse_ws, period, now=clinic.filed_at)
    assert len(series.labels) == len(series.buckets) == buckets
    assert series.values("cases") == [0] * (buckets - 1) + [3]
    last, report = series.buckets[-1], monitoring_report(nurse_ws, period, now=clinic.filed_at)
    for figure in ("signed", "agreement_rate", "escalation_rate", "overrides_up", "counterfactual_flags"):
        assert getattr(last, figure) == getattr(report, figure) == getattr(series.total, figure), figure
    assert series.values("agreement_rate")[:-1] == [None] * (buckets - 1)
    assert series.values("safety_failures")[-1] == sum(report.safety_failures.values()) == 3
    assert report.overrides_by_reason == {"looked unwell": {"up": 1, "down": 0}}
    with pytest.raises(KeyError):
        series.values("no_such_figure")


def test_buckets_follow_the_clock(clinic, nurse_ws):
    from core.monitoring.series import monitoring_series

    later = clinic.filed_at + timedelta(days=2)
    assert monitoring_series(nurse_ws, "week", now=later).values("cases") == [0, 0, 0, 0, 3, 0, 0]
    assert monitoring_series(nurse_ws, "week", now=later + timedelta(days=6)).values("cases") == [0] * 7


def test_the_page_draws_the_charts_for_a_nurse_and_a_period(qtbot, clinic):
    from app.admin.charts import chart_values

    window = log_in(qtbot, clinic, "nurse.amy")
    try:
        page = window.show_screen("monitoring")
        qtbot.waitUntil(lambda: page.series is not None and page.series.period == "week", timeout=60_000)
        assert set(page.charts) == {"chartAgreement", "chartEscalation", "chartOverrides", "chartOverrideReasons",
                                    "chartSafety", "chartBias", "chartTurnaround", "chartDrafts"}
        agreement = chart_values(page.charts["chartAgreement"])
        assert agreement["● nurse and AI (solid)"] == [50.0]  # one of the two signed cases kept the AI's priority
        overrides = chart_values(page.charts["chartOverrides"])
        assert sorted(overrides["raised (solid)"]) == [0.0] * 6 + [1.0] and overrides["lowered (hatched)"] == [0.0] * 7
        assert chart_values(page.charts["chartOverrideReasons"])["raised (solid)"] == [1.0]
        assert chart_values(page.charts["chartSafety"]) == {"cases": [3.0]}
        text = page.view.toPlainText()
        assert "Usable drafts (draft check)" in text and "3 (2 signed)" in text
        # Lines differ by more than colour: each has its own pen style and marker.
        lines = [s for s in page.charts["chartAgreement"].chart().series() if type(s).__name__ == "QLineSeries"]
        assert len({s.pen().style() for s in lines}) == len(lines) == 2

        page.period.setCurrentIndex(page.period.findData("day"))
        qtbot.waitUntil(lambda: page.series is not None and page.series.period == "day", timeout=60_000)
        assert len(page.series.labels) == 24 and sum(page.series.values("cases")) == 3
        assert "24 hours" in page.status.text()
    finally:
        window.close()
