"""Monitoring: the figures ``prescreen monitor report`` prints, and the same figures over time as charts.

The figures come from ``core.monitoring`` (:func:`core.monitoring.series.monitoring_series`:
one report per hour of a day or per day of a week or month, computed by the same
code as the period's report); this screen lays them out. Every chart is readable in
grey (see :mod:`app.admin.charts`). The figures are computed off the UI thread.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter,
                               QTextBrowser, QWidget)
from PySide6.QtCore import Qt

from app import tasks
from app.errors import show_error
from app.screen import Screen, hint
from core.security.roles import Permission

PERIODS = (("Today", "day"), ("This week", "week"), ("This month", "month"))
MAX_REASONS = 8


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _mins(value) -> str:
    return "n/a" if value is None else f"{value:.0f} min"


def _label(name: str) -> str:
    return name.replace("_", " ")


def report_html(report) -> str:
    """A :class:`core.monitoring.MonitoringReport` as a readable table (the figures the CLI prints)."""
    failed = ", ".join(f"{_label(k)} {v}" for k, v in report.draft_failures.items() if v) or "none"
    rows = [
        ("Cases triaged", f"{report.cases} ({report.signed} signed)"),
        ("Nurse–AI agreement on priority", f"{_pct(report.agreement_rate)} of signed cases "
                                            f"(model alone: {_pct(report.model_agreement_rate)})"),
        ("Priority overrides", f"{report.overrides_up} raised, {report.overrides_down} lowered, "
                               f"{report.overrides_below_floor} below the red-flag floor"),
        ("Escalation rate", f"{_pct(report.escalation_rate)} High/Critical; the red-flag floor raised the "
                            f"model's priority in {_pct(report.floor_raised_rate)}"),
        ("Model failures", str(report.model_failures)),
        ("Safety-check failures", ", ".join(f"{_label(k)}: {v}"
                                            for k, v in sorted(report.safety_failures.items())) or "none"),
        ("Counterfactual (bias) flags", str(report.counterfactual_flags)),
        ("Usable drafts (draft check)", f"{_pct(report.draft_usable_rate)}; failed: {failed}"),
        ("Review turnaround", f"median {_mins(report.turnaround_median_min)}, "
                              f"90th percentile {_mins(report.turnaround_p90_min)}"),
    ]
    cell = ("<td style='color:#52606d; padding-right:12px;'>{}</td>"
            "<td style='padding-right:28px;'><b>{}</b></td>")
    pairs = [rows[i:i + 2] for i in range(0, len(rows), 2)]  # two figures a line: the charts get the room
    html = (f"<p style='color:#52606d;'>Cases entered since {escape(report.since[:16].replace('T', ' '))} UTC</p>"
            "<table cellpadding='4'>" + "".join(
                "<tr>" + "".join(cell.format(escape(label), escape(value)) for label, value in pair) + "</tr>"
                for pair in pairs) + "</table>")
    if report.override_reasons:
        html += "<h4>Override reasons</h4><ul>" + "".join(
            f"<li>{escape(reason)}</li>" for reason in report.override_reasons) + "</ul>"
    return html


def chart_views(series) -> list:
    """The monitoring charts of a :class:`core.monitoring.series.MonitoringSeries`, in reading order."""
    from app.admin.charts import bar_chart, line_chart

    labels, total = series.labels, series.total
    reasons = sorted(total.overrides_by_reason.items(), key=lambda kv: -(kv[1]["up"] + kv[1]["down"]))[:MAX_REASONS]
    checks = sorted(total.safety_failures.items(), key=lambda kv: -kv[1])
    drafts = [(k, v) for k, v in total.draft_failures.items()]
    return [
        line_chart("Nurse–AI agreement on priority (signed cases)", labels,
                   {"nurse and AI": series.values("agreement_rate"),
                    "nurse and model alone": series.values("model_agreement_rate")},
                   name="chartAgreement", percent=True),
        line_chart("Escalation rate (AI at High or Critical)", labels,
                   {"escalated": series.values("escalation_rate"),
                    "floor raised the model": series.values("floor_raised_rate")},
                   name="chartEscalation", percent=True),
        bar_chart("Priority overrides by direction", labels,
                  {"raised": series.values("overrides_up"), "lowered": series.values("overrides_down")},
                  name="chartOverrides", value_title="overrides"),
        bar_chart("Override reasons (whole period)", [_short(r) for r, _ in reasons] or ["no overrides"],
                  {"raised": [c["up"] for _, c in reasons] or [0], "lowered": [c["down"] for _, c in reasons] or [0]},
                  name="chartOverrideReasons", horizontal=True),
        bar_chart("Safety-check failures by check (whole period)", [_label(k) for k, _ in checks] or ["none"],
                  {"cases": [v for _, v in checks] or [0]}, name="chartSafety", horizontal=True),
        bar_chart("Counterfactual (bias) flags and model failures", labels,
                  {"bias flags": series.values("counterfactual_flags"),
                   "model failures": series.values("model_failures")},
                  name="chartBias", value_title="cases"),
        line_chart("Review turnaround (minutes from triage to signature)", labels,
                   {"median": [b.turnaround_median_min for b in series.buckets],
                    "90th percentile": [b.turnaround_p90_min for b in series.buckets]},
                   name="chartTurnaround", value_title="minutes"),
        bar_chart("Draft check: drafts failing each rule (whole period)", [_label(k) for k, _ in drafts] or ["none"],
                  {"drafts": [v for _, v in drafts] or [0]}, name="chartDrafts", horizontal=True),
    ]


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class MonitoringScreen(Screen):
    key = "monitoring"
    title = "Monitoring"
    permission = Permission.VIEW_MONITORING
    section = "Oversight"

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("How the AI draft and the nurses' decisions compare: agreement on priority, "
                                    "overrides and their reasons, escalations, safety-check failures, bias flags, "
                                    "review turnaround. Lines differ by style and marker, bars by pattern, so the "
                                    "charts also read in grey."))
        self.period = QComboBox()
        self.period.setObjectName("monitoringPeriod")
        for text, value in PERIODS:
            self.period.addItem(text, value)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(self.refresh)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel("")
        self.status.setObjectName("hint")
        row = QHBoxLayout()
        row.addWidget(QLabel("Period:"))
        row.addWidget(self.period)
        row.addWidget(self.refresh_button)
        row.addWidget(self.status, 1)
        self.layout_.addLayout(row)
        self.view = QTextBrowser()
        self.view.setObjectName("monitoringFigures")
        self.chart_area = QWidget()
        self.chart_grid = QGridLayout(self.chart_area)
        self.chart_grid.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("monitoringCharts")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart_area)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(scroll)
        split.setStretchFactor(1, 3)
        split.setSizes([235, 580])
        self.layout_.addWidget(split, 1)
        self.charts: dict[str, object] = {}
        self.series = None
        self._task = None
        self._locked = False

    def refresh(self) -> None:
        """Compute the period's figures and series in the background, then show them."""
        if self._locked:
            return
        from core.monitoring.series import monitoring_series

        if self._task is not None:
            self._task.cancel()  # its result is dropped: a newer period was asked for
        ws, period = self.session.ws, self.period.currentData()
        self.status.setText("Computing the figures…")
        task = None

        def done(series) -> None:
            if task is self._task and not self._locked:
                self.show_series(series)

        def failed(exc) -> None:
            if task is self._task:
                self.status.setText("")
                show_error(self, exc, "compute the monitoring figures")

        task = tasks.run_in_background(lambda: monitoring_series(ws, period), owner=self,
                                       on_success=done, on_failure=failed)
        self._task = task

    def show_series(self, series) -> None:
        """Lay out a :class:`core.monitoring.series.MonitoringSeries`: the table and the charts."""
        self.series = series
        self.view.setHtml(report_html(series.total))
        self._clear_charts()
        for index, view in enumerate(chart_views(series)):
            self.charts[view.objectName()] = view
            self.chart_grid.addWidget(view, index // 2, index % 2)
        self.status.setText(f"{series.total.cases} cases; {len(series.labels)} "
                            f"{'hours' if series.period == 'day' else 'days'} on the charts (UTC)")

    def _clear_charts(self) -> None:
        for view in self.charts.values():
            self.chart_grid.removeWidget(view)
            view.deleteLater()
        self.charts = {}

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self._task = None
        self.view.clear()
        self._clear_charts()
        self.series = None
        self.status.clear()

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
