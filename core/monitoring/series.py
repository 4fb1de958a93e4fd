"""The monitoring figures over time: one :class:`MonitoringReport` per bucket of a period.

    series = monitoring_series(ws, "week")
    series.labels                       # ["Thu 26", "Fri 27", ...]
    series.values("agreement_rate")     # one figure per bucket, None where no case counts

A day is cut into hours, a week and a month into days (UTC, the clock the
tables keep). Each bucket is computed by the same code as the period's report
(:func:`core.monitoring.report.window_report`), so a figure on a chart and the
number in the table always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from core.monitoring.report import PERIODS, MonitoringReport, check_period, window_report
from core.security.roles import Permission

#: (bucket length, how many buckets) per period.
BUCKETS = {"day": (timedelta(hours=1), 24), "week": (timedelta(days=1), 7), "month": (timedelta(days=1), 30)}

#: Figures that are a count per bucket (0 when there is no case), the rest are rates or times (None then).
COUNTS = ("cases", "signed", "overrides_up", "overrides_down", "overrides_below_floor", "model_failures",
          "counterfactual_flags")


@dataclass(frozen=True)
class MonitoringSeries:
    """Per-bucket reports of one period, oldest first, and the whole period's report."""

    period: str
    starts: list[str]  # ISO start of each bucket (UTC)
    labels: list[str]  # what an axis shows for each bucket
    buckets: list[MonitoringReport]
    total: MonitoringReport

    def values(self, figure: str) -> list[float | int | None]:
        """One figure per bucket: a :class:`MonitoringReport` field, or ``safety_failures`` as a total."""
        if figure == "safety_failures":
            return [sum(b.safety_failures.values()) if b.cases else 0 for b in self.buckets]
        if figure not in MonitoringReport.__dataclass_fields__:
            raise KeyError(f"no monitoring figure {figure!r}")
        return [getattr(b, figure) for b in self.buckets]


def bucket_starts(period: str, now: datetime) -> list[datetime]:
    """The starts of the period's buckets, oldest first; the last bucket holds ``now``."""
    step, count = BUCKETS[check_period(period)]
    now = now.astimezone(timezone.utc)
    if step >= timedelta(days=1):
        current = now.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        current = now.replace(minute=0, second=0, microsecond=0)
    return [current - step * (count - 1 - i) for i in range(count)]


def bucket_label(period: str, start: datetime) -> str:
    """"14h" for an hour, "Thu 26" for a day of a week, "26" for a day of a month ("1 Dec" on the 1st)."""
    if period == "day":
        return start.strftime("%Hh")
    if period == "week":
        return start.strftime("%a %d")
    return f"{start.day} {start.strftime('%b')}" if start.day == 1 else str(start.day)


def monitoring_series(ws, period: str = "week", *, now: datetime | None = None) -> MonitoringSeries:
    """The monitoring figures per hour (day) or per day (week, month) of the period ending ``now``.

    Raises:
        ValidationError: unknown period.
        PermissionDenied: the role may not view monitoring.
    """
    check_period(period)
    ws.require(Permission.VIEW_MONITORING)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    starts = bucket_starts(period, now)
    step, _ = BUCKETS[period]
    ends = [*starts[1:], starts[-1] + step]
    buckets = [window_report(ws, period, start, end) for start, end in zip(starts, ends)]
    total = window_report(ws, period, now - PERIODS[period], None)
    return MonitoringSeries(period, [s.isoformat(timespec="seconds") for s in starts],
                            [bucket_label(period, s) for s in starts], buckets, total)
