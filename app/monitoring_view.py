"""A simple monitoring view: the figures ``prescreen monitor report`` prints.

The figures come from ``core.monitoring``; this screen only lays them out.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser

from app.errors import show_error
from app.screen import Screen, hint
from core.security.roles import Permission

PERIODS = (("Today", "day"), ("This week", "week"), ("This month", "month"))


def monitoring_report(ws, period: str):
    """The core's monitoring report for ``period`` (day, week or month)."""
    from core import monitoring

    for name in ("monitoring_report", "build_report", "report"):
        build = getattr(monitoring, name, None)
        if callable(build):
            return build(ws, period=period)
    service = getattr(monitoring, "MonitoringService", None)
    if service is not None:
        return service(ws).report(period=period)
    raise ImportError("core.monitoring has no report function")


def report_html(report) -> str:
    """Any report object as a table: ``to_text()``/``as_dict()``/dataclass fields, in that order."""
    from dataclasses import asdict, is_dataclass
    from html import escape

    if hasattr(report, "as_dict"):
        data = report.as_dict()
    elif hasattr(report, "to_dict"):
        data = report.to_dict()
    elif is_dataclass(report):
        data = asdict(report)
    elif isinstance(report, dict):
        data = report
    else:
        return f"<pre>{escape(str(report))}</pre>"
    rows = []
    for key, value in data.items():
        if isinstance(value, float):
            shown = f"{value:.1%}" if 0 <= value <= 1 and any(w in key for w in ("rate", "agreement", "share")) \
                else f"{value:,.2f}"
        elif isinstance(value, dict):
            shown = "<br>".join(f"{escape(str(k))}: {escape(str(v))}" for k, v in value.items()) or "—"
        elif isinstance(value, (list, tuple)):
            shown = "<br>".join(escape(str(v)) for v in value) or "—"
        else:
            shown = escape(str(value))
        rows.append(f"<tr><td style='padding:4px 18px 4px 0; color:#52606d;'>"
                    f"{escape(key.replace('_', ' ').capitalize())}</td><td style='padding:4px 0;'><b>{shown}</b></td></tr>")
    return "<table>" + "".join(rows) + "</table>"


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
        try:
            report = monitoring_report(self.session.ws, self.period.currentData())
        except ImportError:
            self.view.setHtml("<p>Monitoring figures are not available in this build yet.</p>")
            return
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "compute the monitoring figures")
            return
        self.view.setHtml(report_html(report))

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self.view.clear()
