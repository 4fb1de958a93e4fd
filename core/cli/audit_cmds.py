"""`prescreen audit verify|export|head|list` (admins and auditors)."""

from __future__ import annotations

from pathlib import Path

from core.security.roles import Permission


def register(sub) -> None:
    audit = sub.add_parser("audit", help="verify, export and read the audit log")
    asub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    p = asub.add_parser("verify", help="check database pages, the hash chain and the exported head")
    p.add_argument("--head", type=Path, help="chain head file exported earlier (default: the workspace's)")
    p.set_defaults(handler=_verify)

    p = asub.add_parser("export", help="export events for auditors")
    p.add_argument("--format", choices=["csv", "jsonl"], default="jsonl")
    p.add_argument("--output", type=Path, required=True)
    _filters(p)
    p.set_defaults(handler=_export)

    p = asub.add_parser("head", help="export the chain head (count + hash) to keep outside the workspace")
    p.add_argument("--output", type=Path, help="file to write (default: print it)")
    p.set_defaults(handler=_head)

    p = asub.add_parser("list", help="show events")
    _filters(p)
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=_list)


def _filters(p) -> None:
    p.add_argument("--actor", help="only events by this user")
    p.add_argument("--action", help="only actions starting with this (e.g. case.)")
    p.add_argument("--since", help="ISO date/time, inclusive")
    p.add_argument("--until", help="ISO date/time, exclusive")


def _verify(args, ctx) -> int:
    ws = ctx.workspace()
    report = ws.verify_audit(args.head)
    print(report.summary())
    return 0 if report.ok else 1


def _export(args, ctx) -> int:
    ws = ctx.workspace()
    ws.require(Permission.READ_AUDIT)
    count = ws.audit.export(args.output, args.format, actor=args.actor, action=args.action,
                            since=args.since, until=args.until)
    ws.audit.record("audit.export", None, None, {"format": args.format, "events": count})
    print(f"exported {count} events to {args.output}")
    return 0


def _head(args, ctx) -> int:
    ws = ctx.workspace()
    ws.require(Permission.READ_AUDIT)
    head = ws.export_head(args.output) if args.output else ws.audit.head()
    ws.audit.record("audit.head", None, None, {"count": head.count})
    if args.output:
        print(f"chain head written to {args.output}: {head.count} events, {head.hash}")
    else:
        print(f"{head.count} {head.hash}")
    return 0


def _list(args, ctx) -> int:
    ws = ctx.workspace()
    ws.require(Permission.READ_AUDIT)
    events = ws.audit.events(actor=args.actor, action=args.action, since=args.since, until=args.until)
    ws.audit.record("audit.read", None, None, {"events": len(events)})
    for e in events[-args.limit:]:
        obj = f"{e.object_type}:{e.object_id}" if e.object_type else ""
        print(f"#{e.seq:<6} {e.ts}  {e.actor:<14} {e.action:<22} {obj:<28} {e.outcome}")
    return 0
