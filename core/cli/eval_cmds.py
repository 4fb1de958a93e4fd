"""`prescreen eval`, `assess-prompting`, `regress` and `model list|register|activate|rollback|card|…`.

Exit codes: 0 done (a gate that PASSes or WARNs), 1 a gate that FAILs,
2 an error the user can fix (printed as one line).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("eval", help="evaluate a model version through the triage pipeline (admin)")
    p.add_argument("model", metavar="MODEL", help="version id (see `prescreen model list`) or 'base'")
    _set_options(p)
    p.add_argument("--mode", choices=["both", "pipeline", "model_only"], default="both",
                   help="pipeline = what the nurse sees; model_only = the model without floor and retrieval")
    p.add_argument("--prompt", choices=["default", "few_shot"], default="default", help="prompt style")
    p.add_argument("--no-perplexity", action="store_true", help="skip perplexity on held-out answers")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.set_defaults(handler=_eval)

    p = sub.add_parser("assess-prompting", help="base zero-shot vs few-shot vs fine-tuned, with a recommendation")
    _set_options(p, default_limit=20)
    p.add_argument("--fine-tuned", metavar="VERSION", help="fine-tuned version to compare (default: newest)")
    p.add_argument("--no-reuse", action="store_true", help="evaluate again even if a matching evaluation exists")
    p.set_defaults(handler=_assess_prompting)

    p = sub.add_parser("regress", help="regression gate: a candidate against the active model (exit 1 on FAIL)")
    p.add_argument("candidate", metavar="CANDIDATE", help="version id")
    p.add_argument("--against", metavar="VERSION", help="baseline (default: the active version)")
    p.add_argument("--set", dest="sets", action="append", metavar="SET",
                   help="case set to compare on (repeatable; default: every set both were evaluated on)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_regress)

    model = sub.add_parser("model", help="model registry: versions, activation, rollback, model cards (admin)")
    msub = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    p = msub.add_parser("list", help="versions with their latest metrics and gate result")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)
    p = msub.add_parser("register", help="add a fine-tuned adapter to the registry")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--run", metavar="RUN_ID", help="a finished, exported training run")
    source.add_argument("--adapter", type=Path, metavar="FILE", help="a LoRA adapter .gguf file")
    p.add_argument("--name", help="a short name for the version")
    p.add_argument("--base-gguf", type=Path, help="base model .gguf (default: the shipped Gemma 3 270M)")
    p.set_defaults(handler=_register)
    p = msub.add_parser("activate", help="use a version for triage from the next case on")
    p.add_argument("version")
    p.add_argument("--force", action="store_true", help="override a failed or missing gate (needs --reason)")
    p.add_argument("--reason", default="", help="why (required with --force; audited)")
    p.set_defaults(handler=_activate)
    p = msub.add_parser("rollback", help="go back to the previously active version")
    p.add_argument("--reason", default="", help="why (audited)")
    p.set_defaults(handler=_rollback)
    p = msub.add_parser("card", help="write the model card (Markdown + HTML) under reports/")
    p.add_argument("version")
    p.add_argument("--print", action="store_true", help="also print the Markdown")
    p.set_defaults(handler=_card)
    p = msub.add_parser("history", help="activation and rollback events")
    p.set_defaults(handler=_history)
    p = msub.add_parser("export-tracking", help="tracking tables as CSV (datasets, runs, evaluations, …)")
    p.add_argument("--output", type=Path, required=True, metavar="DIR")
    p.set_defaults(handler=_export_tracking)
    p = msub.add_parser("notifications", help="project milestones (evaluated, gated, activated, …)")
    p.add_argument("--since", type=int, default=0, metavar="SEQ", help="only those after this number")
    p.set_defaults(handler=_notifications)


def _set_options(p, default_limit: int | None = None) -> None:
    p.add_argument("--set", dest="set", default="vignettes", metavar="SET",
                   help="vignettes (default), heldout:DATASET or a .jsonl file")
    p.add_argument("--limit", type=int, default=default_limit, metavar="N",
                   help="evaluate at most N cases, taken evenly across priorities")
    p.add_argument("--bias-cases", type=int, default=0, metavar="N",
                   help="run the counterfactual bias check on N cases (about 5 extra runs each)")


def _case_set(ws, args):
    from core.evaluation.cases import resolve_set

    return resolve_set(args.set, ws.paths.datasets, args.limit)


def _progress(mode: str, index: int, total: int, outcome) -> None:
    mark = "ok" if outcome.predicted == outcome.expected else f"got {outcome.predicted.label}"
    print(f"\r[{mode}] {index}/{total} {outcome.case_id}: {outcome.expected.label} {mark}".ljust(60),
          end="" if index < total else "\n", file=sys.stderr, flush=True)


def _eval(args, ctx) -> int:
    from core.evaluation.report import METRIC_NAMES, fmt
    from core.evaluation.runner import MODES, evaluate_version

    ws = ctx.workspace()
    case_set = _case_set(ws, args)
    modes = MODES if args.mode == "both" else (args.mode,)
    run = evaluate_version(ws, args.model, case_set, modes=modes, prompting=args.prompt,
                           bias_cases=args.bias_cases, perplexity=not args.no_perplexity, on_case=_progress)
    if args.json:
        print(json.dumps({r.mode: {"eval_id": r.record.eval_id, **r.summary.to_dict()} for r in run.results},
                         indent=1))
        return 0
    print(f"{args.model} on {case_set.name} ({len(case_set.cases)} cases), prompt {args.prompt}")
    print(f"{'metric':<40}" + "".join(f"{r.mode:>12}" for r in run.results))
    for metric, name in METRIC_NAMES.items():
        print(f"{name:<40}" + "".join(f"{fmt(getattr(r.summary, metric)):>12}" for r in run.results))
    print("drafts failing each rule of the draft check:")
    for r in run.results:
        print(f"  [{r.mode}] " + (", ".join(f"{rule} {n}" for rule, n in r.summary.draft_failures.items())
                                 or "no drafts judged"))
    print(f"report: {run.report}")
    return 0


def _assess_prompting(args, ctx) -> int:
    from core.evaluation.prompting import assess_prompting

    ws = ctx.workspace()
    result = assess_prompting(ws, _case_set(ws, args), fine_tuned=args.fine_tuned, bias_cases=args.bias_cases,
                              reuse=not args.no_reuse, on_case=_progress)
    print(f"recommendation: {result.recommendation} ({result.chosen.label})")
    for reason in result.reasons:
        print(f"  - {reason}")
    print(f"report: {result.report}")
    return 0


def _regress(args, ctx) -> int:
    from core.evaluation.regressions import run_gate
    from core.evaluation.report import fmt

    result = run_gate(ctx.workspace(), args.candidate, baseline=args.against, sets=args.sets)
    if args.json:
        print(json.dumps({"gate_id": result.gate_id, "verdict": result.verdict, "blocking": result.blocking,
                          "comparisons": result.comparisons, "trends": result.trends}, indent=1))
    else:
        print(f"gate {result.gate_id}: {result.candidate} vs {result.baseline}: {result.verdict}"
              + (" - BLOCKS ACTIVATION" if result.blocking else ""))
        for case_set, rows in result.comparisons.items():
            print(f"  [{case_set}]")
            for c in rows:
                flag = " CRITICAL" if c["blocking"] else ""
                print(f"    {c['metric']:<20} {fmt(c['baseline']):>8} -> {fmt(c['candidate']):>8}  {c['status']}{flag}")
            for t in result.trends.get(case_set, []):
                if t["status"] != "PASS":
                    print(f"    trend: {t['metric']} {fmt(t['candidate'])} is worse than {t['best_version']}'s "
                          f"{fmt(t['best_value'])} by {fmt(t['worse_by'])}")
        print(f"report: {result.report}")
    return 1 if result.verdict == "FAIL" else 0


def _list(args, ctx) -> int:
    from core.evaluation import store as evaluations
    from core.evaluation.regressions import latest_gate
    from core.evaluation.report import fmt
    from core.registry import versions
    from core.security.roles import Permission

    ws = ctx.workspace()
    ws.require(Permission.TRAIN)
    active = versions.active_version_id(ws.db)
    rows = []
    for version in [versions.shipped_base()] + versions.list_versions(ws.db):
        evals = [e for e in evaluations.for_version(ws.db, version.version_id)
                 if e.mode == "pipeline" and e.prompting == "default"]
        gate = latest_gate(ws.db, version.version_id)
        rows.append({"version": version.version_id, "name": version.name, "active": version.version_id == active,
                     "dataset": version.dataset, "run_id": version.run_id,
                     "emergent_recall": evals[-1].metrics.get("emergent_recall") if evals else None,
                     "accuracy": evals[-1].metrics.get("accuracy") if evals else None,
                     "eval_set": evals[-1].eval_set if evals else None,
                     "gate": f"{gate.verdict}{' (blocking)' if gate.blocking else ''}" if gate else None})
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'':2}{'version':<8} {'name':<34} {'set':<20} {'emergent':>8} {'accuracy':>8}  gate")
    for r in rows:
        print(f"{'*' if r['active'] else ' ':2}{r['version']:<8} {r['name'][:34]:<34} {(r['eval_set'] or '-')[:20]:<20} "
              f"{fmt(r['emergent_recall']):>8} {fmt(r['accuracy']):>8}  {r['gate'] or '-'}")
    return 0


def _register(args, ctx) -> int:
    from core.registry import versions

    ws = ctx.workspace()
    if args.run:
        version = versions.register_run(ws, args.run, name=args.name)
    else:
        version = versions.register(ws, name=args.name or args.adapter.stem, adapter_gguf=args.adapter,
                                    base_gguf=args.base_gguf,
                                    base_model=versions.SHIPPED_BASE_NAME if args.base_gguf is None
                                    else args.base_gguf.stem)
    print(f"registered {version.version_id} ({version.name}); next: `prescreen eval {version.version_id}`")
    return 0


def _activate(args, ctx) -> int:
    from core.registry.activation import activate

    result = activate(ctx.workspace(), args.version, force=args.force, reason=args.reason)
    forced = " (gate overridden, audited)" if result.forced else ""
    print(f"activated {result.version_id} (was {result.previous_version}){forced}; used from the next case on")
    return 0


def _rollback(args, ctx) -> int:
    from core.registry.activation import rollback

    result = rollback(ctx.workspace(), reason=args.reason)
    print(f"rolled back from {result.previous_version} to {result.version_id}; used from the next case on")
    return 0


def _card(args, ctx) -> int:
    from core.registry.card import write_card

    path = write_card(ctx.workspace(), args.version)
    if args.print:
        print(path.read_text(encoding="utf-8"))
    print(f"model card: {path} (and {path.with_suffix('.html').name})")
    return 0


def _history(args, ctx) -> int:
    from core.registry import versions
    from core.security.roles import Permission

    ws = ctx.workspace()
    ws.require(Permission.TRAIN)
    events = versions.events(ws.db)
    if not events:
        print("no activation yet: the shipped base model is active")
    for e in events:
        forced = " FORCED" if e.forced else ""
        print(f"{e.seq:>4} {e.ts} {e.actor:<12} {e.event:<12} {e.previous_version} -> {e.version_id}{forced}"
              + (f"  ({e.reason})" if e.reason else ""))
    return 0


def _export_tracking(args, ctx) -> int:
    from core.registry.tracking import export_tracking

    result = export_tracking(ctx.workspace(), args.output)
    for name, count in result.files.items():
        print(f"{result.folder / name}: {count} rows")
    if result.skipped:
        print(f"not in this workspace: {', '.join(result.skipped)}")
    return 0


def _notifications(args, ctx) -> int:
    from core.security.roles import Permission
    from core.training import milestones

    ws = ctx.workspace()
    ws.require(Permission.TRAIN)
    for m in milestones.timeline(ws.db, since_seq=args.since):
        print(f"{m.seq:>4} {m.ts} {m.project:<20} {m.milestone:<14} {m.message}")
    return 0
