"""`prescreen data generate|list|validate|export|calibration` (admin: MANAGE_DATA)."""

from __future__ import annotations

import json

from core.security.roles import Permission


def register(sub) -> None:
    data = sub.add_parser("data", help="synthetic training datasets (admin)")
    dsub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)

    p = dsub.add_parser("generate", help="generate a synthetic dataset with fictional identifiers only")
    p.add_argument("--n", type=int, required=True, help="number of case groups (records = n x phrasings)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same data (default 0)")
    p.add_argument("--format", default="all", choices=["instruction", "chat", "conversation", "all"])
    p.add_argument("--out", required=True, help="dataset name")
    p.add_argument("--categories", default="all",
                   help="comma-separated: triage, lab_interpretation, risk_stratification, patient_conversation, "
                        "wearables, benefits_navigation (default all)")
    p.add_argument("--variants", type=int, default=2, help="phrasings per case, 1-6 (default 2)")
    p.add_argument("--style", default="short", choices=["short", "vignette", "mixed"],
                   help="triage stories: short templated stories (default), clinical case-report vignettes "
                        "(history, examination, vital signs and results in prose), or mixed (half each)")
    p.add_argument("--eval-share", type=float, default=0.1, help="share of case families held out (default 0.1)")
    p.add_argument("--target", default="gemma-3-270m", help="target model name (for the manifest and volume advice)")
    p.add_argument("--replace", action="store_true", help="replace an existing dataset (records a new version)")
    p.set_defaults(handler=_generate)

    p = dsub.add_parser("list", help="list datasets (latest version of each)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", metavar="FILE", help="also write the whole tracking table (every version) as CSV")
    p.set_defaults(handler=_list)

    p = dsub.add_parser("validate", help="check a dataset: schema, duplicates, balance, tokens, leakage, harm")
    p.add_argument("name")
    p.add_argument("--max-tokens", type=int, default=512, help="length above which a record is flagged")
    p.add_argument("--json", action="store_true", help="print the full report as JSON")
    p.set_defaults(handler=_validate)

    p = dsub.add_parser("export", help="export a dataset for training")
    p.add_argument("name")
    p.add_argument("--format", required=True, choices=["instruction", "chat", "conversation", "hf", "csv"])
    p.add_argument("--dest", help="folder to write (default: datasets/NAME/export/FORMAT)")
    p.set_defaults(handler=_export)

    p = dsub.add_parser("calibration", help="build a quantization calibration set")
    p.add_argument("--mix", required=True, choices=["clinical", "qa", "documentation"])
    p.add_argument("--samples", type=int, default=512)
    p.add_argument("--min-tokens", type=int, default=64)
    p.add_argument("--max-tokens", type=int, default=512)
    p.add_argument("--dataset", help="draw synthetic text from this dataset (default: generate in memory)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", help="output folder (default: datasets/_calibration)")
    p.set_defaults(handler=_calibration)


def _generate(args, ctx) -> int:
    from core.datasets.service import generate_dataset

    ws = ctx.workspace()
    manifest = generate_dataset(ws, args.out, n=args.n, seed=args.seed, fmt=args.format, categories=args.categories,
                                variants=args.variants, eval_share=args.eval_share, target_model=args.target,
                                replace=args.replace, story_style=args.style)
    cats = ", ".join(f"{k} {v}" for k, v in manifest.categories.items())
    print(f"generated '{manifest.name}' version {manifest.version}: {manifest.size} records in {manifest.groups} "
          f"cases (seed {manifest.generator_seed})")
    print(f"  categories: {cats}")
    print(f"  splits: {manifest.splits}; format: {manifest.format}; PHI audit: {manifest.audit_status}")
    print(f"  folder: {ws.paths.datasets / manifest.name}")
    print(f"  data dictionary: {ws.paths.reports / f'data-dictionary-{manifest.name}-v{manifest.version}.md'}")
    return 0


def _list(args, ctx) -> int:
    from core.datasets.manifest import export_csv
    from core.datasets.service import list_datasets

    ws = ctx.workspace()
    manifests = list_datasets(ws)
    if args.csv:
        rows = export_csv(ws, args.csv)
        print(f"wrote {rows} tracking rows to {args.csv}")
    if args.json:
        print(json.dumps([m.as_dict() for m in manifests], indent=1))
        return 0
    if not manifests:
        print("no datasets yet; create one with `prescreen data generate --n 1000 --out NAME`")
        return 0
    print(f"{'name':<24} {'ver':>3} {'records':>8} {'train':>7} {'eval':>6} {'seed':>6}  {'audit':<14} created")
    for m in manifests:
        print(f"{m.name:<24} {m.version:>3} {m.size:>8} {m.splits.get('train', 0):>7} {m.splits.get('eval', 0):>6} "
              f"{m.generator_seed:>6}  {m.audit_status:<14} {m.created_at}")
    return 0


def _validate(args, ctx) -> int:
    from core.datasets.service import validate_dataset

    report = validate_dataset(ctx.workspace(), args.name, max_tokens=args.max_tokens)
    if args.json:
        print(json.dumps(report.to_dict(), indent=1, default=str))
    else:
        print(report.to_text())
    return 0 if report.verdict != "FAIL" else 1


def _export(args, ctx) -> int:
    from core.datasets.service import export_dataset

    dest = export_dataset(ctx.workspace(), args.name, args.format, args.dest)
    print(f"exported '{args.name}' as {args.format} to {dest}")
    return 0


def _calibration(args, ctx) -> int:
    from core.datasets import calibration
    from core.datasets.generator import generate
    from core.datasets.service import load_dataset
    from core.datasets.tokens import gemma_counter

    ws = ctx.workspace()
    ws.require(Permission.MANAGE_DATA)
    if args.dataset:
        _, records = load_dataset(ws, args.dataset)
        origin = args.dataset
    else:
        records = generate(max(200, args.samples), args.seed).records
        origin = f"generated (seed {args.seed})"
    cal = calibration.build(args.mix, records, gemma_counter(ws.paths.cache), samples=args.samples,
                            min_tokens=args.min_tokens, max_tokens=args.max_tokens, seed=args.seed)
    # "_calibration" can never collide with a dataset name (names start with a letter or digit).
    folder = args.out or ws.paths.datasets / "_calibration"
    stem = f"calibration-{args.mix}-{args.samples}-s{args.seed}"
    paths = calibration.write(cal, folder, stem)
    stats = cal.stats
    ws.audit.record("dataset.calibration", "calibration", stem,
                    {"mix": args.mix, "samples": stats["samples"], "verdict": stats["verdict"], "source": origin})
    length = stats["length"]
    print(f"calibration set '{stem}' ({args.mix}): {stats['samples']}/{stats['requested']} samples, "
          f"{stats['total_tokens']} tokens [{stats['tokenizer']}]")
    print(f"  length: min {length['min']}, median {length['p50']}, p90 {length['p90']}, max {length['max']}")
    print(f"  source mix: {stats['source_mix']} (target {stats['source_mix_target']})")
    print(f"  medical vocabulary share: {stats['medical_vocabulary_share']}")
    print(f"  verdict: {stats['verdict']}" + (f" ({'; '.join(stats['problems'])})" if stats["problems"] else ""))
    print(f"  files: {paths['text']}, {paths['stats']}")
    return 0
