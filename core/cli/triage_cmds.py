"""`prescreen triage`, `queue list`, `case show|sign|set-priority|note|addendum`, `alerts list|ack`.

Headless versions of the nurse's and the physician's screens. Permissions are
checked in the core services (TRIAGE, VIEW_QUEUE, REVIEW, ACK_ALERT).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from core.errors import PrescreenError


def register(sub) -> None:
    p = sub.add_parser("triage", help="triage a case (--text) or a batch (--input/--output); stores review packages")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", help="the case as a free-text story")
    src.add_argument("--input", type=Path, help='JSONL: {"id", structured intake fields or "case_description"}')
    p.add_argument("--output", type=Path, help='JSONL results: {"id", "case_id", "assessment"} or {"id", "error"}')
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--counterfactual", action="store_true",
                   help="also rerun with sex, race/ethnicity and age band swapped and flag priority changes")
    p.set_defaults(handler=_triage)

    q = sub.add_parser("queue", help="the review queue")
    qsub = q.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    p = qsub.add_parser("list", help="cases by priority, then waiting time")
    p.add_argument("--priority", action="append", help="only this priority (repeatable)")
    p.add_argument("--status", default="awaiting_review", choices=["awaiting_review", "signed", "all"])
    p.add_argument("--mine", action="store_true", help="only cases I triaged")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_queue_list)

    c = sub.add_parser("case", help="review one case: show, set-priority, note, sign, addendum")
    csub = c.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    p = csub.add_parser("show", help="the intake, the AI draft, findings and history (an audited read)")
    p.add_argument("case_id", metavar="ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_case_show)
    p = csub.add_parser("set-priority", help="change the priority (a reason is required)")
    p.add_argument("case_id", metavar="ID")
    p.add_argument("priority", metavar="PRIORITY", help="Critical, High, Medium or Low")
    p.add_argument("--reason", required=True, help="why the priority changes")
    p.set_defaults(handler=_case_set_priority)
    p = csub.add_parser("note", help="add a note to an open case")
    p.add_argument("case_id", metavar="ID")
    p.add_argument("text")
    p.set_defaults(handler=_case_note)
    p = csub.add_parser(
        "sign",
        help="sign the case with its current priority (re-enter your password)",
        description="Signing re-checks your password. With --password-stdin the first line of standard input "
        "logs you in and the second line (or, if there is none, the same line) signs.",
    )
    p.add_argument("case_id", metavar="ID")
    p.set_defaults(handler=_case_sign)
    p = csub.add_parser("addendum", help="add an addendum to a signed case")
    p.add_argument("case_id", metavar="ID")
    p.add_argument("text")
    p.set_defaults(handler=_case_addendum)

    a = sub.add_parser("alerts", help="physician alerts for Critical and High cases")
    asub = a.add_subparsers(dest="alerts_command", metavar="ACTION", required=True)
    p = asub.add_parser("list", help="unacknowledged alerts, Critical first")
    p.add_argument("--all", action="store_true", help="include acknowledged alerts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_alerts_list)
    p = asub.add_parser("ack", help="acknowledge an alert")
    p.add_argument("alert_id", metavar="ID", type=int)
    p.set_defaults(handler=_alerts_ack)


# triage ---------------------------------------------------------------------
def _triage(args, ctx) -> int:
    from core.triage.pipeline import TriagePipeline

    ws = ctx.workspace()
    pipeline = TriagePipeline(ws)
    if args.input is not None:
        if args.output is None:
            raise PrescreenError("--input needs --output FILE for the results")
        return _triage_batch(pipeline, args)
    result = pipeline.triage(args.text, counterfactual=args.counterfactual)
    if args.json:
        print(json.dumps({"case_id": result.case_id, "assessment": result.assessment.model_dump(mode="json")},
                         indent=1, ensure_ascii=False))
    else:
        _print_assessment(result.case_id, result.assessment)
    return 0


def _triage_batch(pipeline, args) -> int:
    try:
        lines = args.input.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PrescreenError(f"--input: cannot read {args.input} ({exc})") from None
    cases = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    failed = 0
    with args.output.open("w", encoding="utf-8") as out:
        for done, (number, line) in enumerate(cases, 1):
            _progress(done - 1, len(cases))
            record = _batch_line(pipeline, number, line, args.counterfactual)
            failed += "error" in record
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
        _progress(len(cases), len(cases))
    print(file=sys.stderr)
    print(f"{len(cases) - failed} triaged, {failed} failed -> {args.output}")
    return 0 if not failed else 1


def _batch_line(pipeline, number: int, line: str, counterfactual: bool) -> dict:
    case_ref: object = f"line-{number}"
    try:
        data = json.loads(line)
        if not isinstance(data, dict):
            raise PrescreenError("the line is not a JSON object")
        case_ref = data.pop("id", case_ref)
        result = pipeline.triage(data, counterfactual=counterfactual)
    except json.JSONDecodeError as exc:
        return {"id": case_ref, "error": f"line {number}: not valid JSON ({exc.msg})"}
    except PrescreenError as exc:
        return {"id": case_ref, "error": f"line {number}: {exc}"}
    return {"id": case_ref, "case_id": result.case_id, "assessment": result.assessment.model_dump(mode="json")}


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()


def _print_assessment(case_id: str | None, a) -> None:
    print(f"case {case_id}: {a.priority.label} - {a.priority.meaning}")
    model = a.model_priority.label if a.model_priority is not None else "no valid answer"
    floor = a.floor.label if a.floor is not None else "none"
    print(f"  model: {model}; red-flag floor: {floor}{' (applied)' if a.floor_applied else ''}; "
          f"confidence {a.confidence:.2f}")
    if a.suggested_priority is not None:
        odds = ", ".join(f"{label} {p:.0%}" for label, p in a.suggestion.items())
        own = a.model_own_priority.label if a.model_own_priority is not None else "not reached"
        print(f"  priority suggestion: {a.suggested_priority.label} ({odds}); the model alone: {own}")
    for flag in a.red_flags:
        print(f"  red flag [{flag.priority.label}] {flag.description}: {flag.reason}")
    for finding in a.safety_findings:
        print(f"  {finding.severity.upper()} {finding.check}: {finding.message}")
    for c in a.counterfactuals:
        verdict = "CHANGED" if c.changed and not c.floor_changed else "changed by a rule" if c.changed else "same"
        print(f"  counterfactual {c.attribute} {c.original} -> {c.counterfactual}: "
              f"{c.original_priority.label} -> {c.counterfactual_priority.label} ({verdict})")
    if a.model_failure:
        print(f"  model problem: {a.model_failure}")
    concern = "concern (from the intake)" if a.key_concerns_from == "intake" else "concern"
    for label, items in ((concern, a.key_concerns), ("ask", a.questions_to_ask)):
        for item in items:
            print(f"  {label}: {item}")
    if a.preliminary_assessment:
        print(f"  preliminary: {a.preliminary_assessment}")
    for line in a.protocol_lines:
        label = "protocol asks" if line.kind == "key_question" else "protocol warns"
        print(f"  {label} [{line.doc_id}]: {line.text}")
    if a.cited_passages:
        print(f"  passages: {', '.join(a.cited_passages)}")
    print(f"  {a.review_statement}")


# queue and cases ---------------------------------------------------------------
def _queue_list(args, ctx) -> int:
    from core.review.service import ReviewService
    from core.triage.priority import Priority

    priorities = [Priority.parse(p) for p in args.priority] if args.priority else None
    items = ReviewService(ctx.workspace()).queue(priority=priorities, status=args.status, mine=args.mine)
    if args.json:
        print(json.dumps([{"case_id": i.case_id, "priority": i.priority.label, "ai_priority": i.ai_priority.label,
                           "status": i.status, "created_at": i.created_at, "created_by": i.created_by,
                           "waiting_s": round(i.waiting_s), "safety_alerts": i.safety_alerts, "headline": i.headline}
                          for i in items], indent=1, ensure_ascii=False))
        return 0
    for i in items:
        minutes = int(i.waiting_s // 60)
        flags = f"  {i.safety_alerts} safety alert(s)" if i.safety_alerts else ""
        print(f"{i.case_id}  {i.priority.label:<8} {i.status:<15} waiting {minutes:>4} min  "
              f"{i.headline}{flags}")
    print(f"{len(items)} case(s)")
    return 0


def _case_show(args, ctx) -> int:
    from core.review.service import ReviewService

    package = ReviewService(ctx.workspace()).open_case(args.case_id)
    if args.json:
        print(json.dumps(_package_dict(package), indent=1, ensure_ascii=False))
        return 0
    print(f"case {package.id} ({package.status}) entered by {package.created_by} at {package.created_at}")
    print(f"priority now: {package.final_priority.label} (AI: {package.ai_priority.label})")
    print("intake:")
    for key, value in package.intake.items():
        if value not in (None, "", [], {}, "unknown"):
            print(f"  {key}: {value}")
    _print_assessment(package.id, package.assessment)
    for action in package.actions:
        if action.kind == "priority_change":
            below = " (below the red-flag floor)" if action.below_floor else ""
            print(f"  {action.at} {action.by_user}: priority {action.old_priority.label} -> "
                  f"{action.new_priority.label}{below}: {action.text}")
        else:
            print(f"  {action.at} {action.by_user} note: {action.text}")
    if package.is_signed:
        print(f"  signed by {package.signed_by} at {package.signed_at}")
    for addendum in package.addenda:
        print(f"  addendum {addendum.at} {addendum.by_user}: {addendum.text}")
    return 0


def _package_dict(package) -> dict:
    return {
        "case_id": package.id, "status": package.status, "created_at": package.created_at,
        "created_by": package.created_by, "priority": package.final_priority.label,
        "ai_priority": package.ai_priority.label, "intake": package.intake,
        "assessment": package.assessment.model_dump(mode="json"),
        "actions": [{"at": a.at, "by": a.by_user, "kind": a.kind,
                     "from": a.old_priority.label if a.old_priority is not None else None,
                     "to": a.new_priority.label if a.new_priority is not None else None,
                     "below_floor": a.below_floor, "text": a.text} for a in package.actions],
        "signed_by": package.signed_by, "signed_at": package.signed_at,
        "addenda": [{"id": d.id, "at": d.at, "by": d.by_user, "text": d.text} for d in package.addenda],
    }


def _case_set_priority(args, ctx) -> int:
    from core.review.service import ReviewService

    package = ReviewService(ctx.workspace()).change_priority(args.case_id, args.priority, args.reason)
    print(f"case {package.id}: priority {package.final_priority.label}")
    return 0


def _case_note(args, ctx) -> int:
    from core.review.service import ReviewService

    ReviewService(ctx.workspace()).add_note(args.case_id, args.text)
    print(f"case {args.case_id}: note added")
    return 0


def _case_sign(args, ctx) -> int:
    from core.review.service import ReviewService

    ws = ctx.workspace()  # logs in first: with --password-stdin that is the first line
    if getattr(args, "password_stdin", False):
        # The password was typed for this very command; a second line, when
        # given, is the signing password proper.
        line = sys.stdin.readline()
        password = line.rstrip("\r\n") if line else getattr(ctx, "last_password", "")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Re-enter your password to sign: ")
    else:
        raise PrescreenError("signing needs your password: pass --password-stdin (or run it in a terminal)")
    package = ReviewService(ws).sign(args.case_id, password)
    print(f"case {package.id}: signed by {package.signed_by} with priority {package.final_priority.label}")
    return 0


def _case_addendum(args, ctx) -> int:
    from core.review.service import ReviewService

    package = ReviewService(ctx.workspace()).add_addendum(args.case_id, args.text)
    print(f"case {package.id}: addendum {package.addenda[-1].id} added")
    return 0


# alerts -----------------------------------------------------------------------
def _alerts_list(args, ctx) -> int:
    from core.review.alerts import AlertService

    alerts = AlertService(ctx.workspace()).list(include_acknowledged=args.all)
    if args.json:
        print(json.dumps([{"id": a.id, "case_id": a.case_id, "priority": a.priority.label,
                           "created_at": a.created_at, "acknowledged_by": a.acknowledged_by,
                           "acknowledged_at": a.acknowledged_at, "headline": a.headline} for a in alerts], indent=1))
        return 0
    for a in alerts:
        ack = f"acknowledged by {a.acknowledged_by}" if a.acknowledged else "NOT ACKNOWLEDGED"
        print(f"{a.id:>5}  {a.priority.label:<8} {a.case_id}  {a.created_at[:16]}  {ack}  {a.headline}")
    print(f"{len(alerts)} alert(s)")
    return 0


def _alerts_ack(args, ctx) -> int:
    from core.review.alerts import AlertService

    alert = AlertService(ctx.workspace()).acknowledge(args.alert_id)
    print(f"alert {alert.id} (case {alert.case_id}) acknowledged by {alert.acknowledged_by}")
    return 0
