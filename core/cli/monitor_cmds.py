"""`prescreen monitor report --period day|week|month`: the monitoring figures."""

from __future__ import annotations

import json


def register(sub) -> None:
    m = sub.add_parser("monitor", help="monitoring: nurse-AI agreement, overrides, escalation, safety")
    msub = m.add_subparsers(dest="monitor_command", metavar="ACTION", required=True)
    p = msub.add_parser("report", help="figures for cases triaged in the last day, week or month")
    p.add_argument("--period", choices=["day", "week", "month"], default="week")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_report)


def _report(args, ctx) -> int:
    from core.monitoring import monitoring_report

    ws = ctx.workspace()
    report = monitoring_report(ws, args.period)
    ws.audit.record("monitor.report", None, None, {"period": args.period, "cases": report.cases})
    print(json.dumps(report.as_dict(), indent=1, ensure_ascii=False) if args.json else report.to_text())
    return 0
