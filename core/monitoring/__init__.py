"""Monitoring: nurse-AI agreement, overrides, escalation, safety and bias flags, turnaround.

``monitoring_report(ws, period=...)`` is what ``prescreen monitor report``
prints and what the GUI's monitoring view lays out.
"""

from core.monitoring.report import MonitoringReport, monitoring_report

__all__ = ["MonitoringReport", "monitoring_report"]
