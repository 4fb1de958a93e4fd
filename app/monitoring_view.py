"""A simple monitoring view: the figures ``prescreen monitor report`` prints.

The figures come from ``core.monitoring.monitoring_report``; this screen only
lays them out (the admin dashboard with trends comes later).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser

from app.errors import show_error
from app.screen import Screen, hint
from core.security.roles import Permission

PERIODS = (("Today", "day"), ("This week", "week"), ("This month", "month"))


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _mins(value) -> str:
    return "n/a" if value is None else f"{value:.0f} min"


def report_html(report) -> str:
    """A :class:`core.monitoring.MonitoringReport` as a readable table (the figures the CLI prints)."""
    from html import escape

    rows = [
        ("Cases triaged", f"{report.cases} ({report.signed} signed)"),
        ("Nurse–AI agreement on priority", f"{_pct(report.agreement_rate)} of signed cases "
                                            f"(model alone: {_pct(report.model_agreement_rate)})"),
        ("Priority overrides", f"{report.overrides_up} raised, {report.overrides_down} lowered, "
                               f"{report.overrides_below_floor} below the red-flag floor"),
        ("Escalation rate", f"{_pct(report.escalation_rate)} High/Critical; the red-flag floor raised the "
                            f"model's priority in {_pct(report.floor_raised_rate)}"),
        ("Model failures", str(report.model_failures)),
        ("Safety-check failures", ", ".join(f"{k.replace('_', ' ')}: {v}"
                                            for k, v in sorted(report.safety_failures.items())) or "none"),
        ("Counterfactual (bias) flags", str(report.counterfactual_flags)),
        ("Review turnaround", f"median {_mins(report.turnaround_median_min)}, "
                              f"90th percentile {_mins(report.turnaround_p90_min)}"),
    ]
    html = (f"<p style='color:#52606d;'>Cases entered since {escape(report.since[:16].replace('T', ' '))} UTC</p>"
            "<table cellpadding='6'>" + "".join(
                f"<tr><td style='color:#52606d; padding-right:24px;'>{escape(label)}</td>"
                f"<td><b>{escape(value)}</b></td></tr>" for label, value in rows) + "</table>")
    if report.override_reasons:
        html += "<h4>Override reasons</h4><ul>" + "".join(
            f"<li>{escape(reason)}</li>" for reason in report.override_reasons) + "</ul>"
    return html


class MonitoringScreen(Screen):
    key = "monitoring"
    title = "Monitoring"
    permission = Permission.VIEW_MONITORING

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("How the AI draft and the nurses' decisions compare: agreement on priority, "
                                    "overrides and their reasons, escalations, safety-check failures, bias flags, "
                                    "review turnaround."))
        self.period = QComboBox()
        self.period.setObjectName("monitoringPeriod")
        for text, value in PERIODS:
            self.period.addItem(text, value)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(self.refresh)
        refresh = QPushButton("&Refresh")
        refresh.clicked.connect(self.refresh)
        row = QHBoxLayout()
        row.addWidget(QLabel("Period:"))
        row.addWidget(self.period)
        row.addWidget(refresh)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.view = QTextBrowser()
        self.view.setObjectName("monitoringFigures")
        self.layout_.addWidget(self.view, 1)

    def refresh(self) -> None:
        from core.monitoring import monitoring_report

        try:
            report = monitoring_report(self.session.ws, period=self.period.currentData())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "compute the monitoring figures")
            return
        self.view.setHtml(report_html(report))

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self.view.clear()
