"""`prescreen phi audit|scan|redact`: PHI screening of datasets and texts (MANAGE_DATA).

Texts may hold PHI, so nothing a command reads is echoed to the audit log or
to the console, except what ``redact`` prints, which is the redacted text.
``phi audit`` exits 0 when the dataset passes and 1 when it fails.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

BATCH = 64


def register(sub) -> None:
    phi = sub.add_parser("phi", help="PHI screening: HIPAA Safe Harbor audit of datasets, scan, redact")
    psub = phi.add_subparsers(dest="phi_command", metavar="ACTION", required=True)

    p = psub.add_parser("audit", help="audit a dataset; writes a compliance report and records the verdict")
    p.add_argument("name", metavar="NAME", help="dataset name (folder under the workspace's datasets/)")
    p.add_argument("--no-authenticity", action="store_true",
                   help="skip the check against the generator's fictional lists (every name is then open)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=_audit)

    p = psub.add_parser("scan", help='find PHI in JSONL texts: lines {"id","text"} -> {"id","findings":[...]}')
    p.add_argument("--input", type=Path, required=True, help='JSONL file, lines {"id", "text"}')
    p.add_argument("--output", type=Path, required=True, help='JSONL file to write, lines {"id", "findings"}')
    p.set_defaults(handler=_scan)

    p = psub.add_parser("redact", help="replace PHI with typed placeholders ([NAME], [DATE], [MRN], ...)")
    p.add_argument("--text", help="one text to redact; the result is printed")
    p.add_argument("--input", type=Path, help='JSONL file, lines {"id", "text"}')
    p.add_argument("--output", type=Path, help='JSONL file to write, lines {"id", "text"} (redacted)')
    p.set_defaults(handler=_redact)


def _workspace(ctx):
    from core.security.roles import Permission

    ws = ctx.workspace()
    ws.require(Permission.MANAGE_DATA)
    return ws


def _audit(args, ctx) -> int:
    from core.phi.dataset_audit import audit_stored_dataset

    ws = _workspace(ctx)
    name = _checked_name(args.name)
    *_, last = audit_stored_dataset(ws, name, authenticity=not args.no_authenticity)
    outcome = last.outcome
    result, paths, unreadable = outcome.result, (outcome.report_md, outcome.report_html), outcome.result.unreadable
    if args.json:
        print(json.dumps({"dataset": name, "passed": result.passed, "blocking_open": len(result.blocking),
                          "open": result.severity_counts(), "identifiers": result.counts(),
                          "authenticity": result.authenticity(), "unreadable": len(unreadable),
                          "report_md": str(paths[0]), "report_html": str(paths[1])}, indent=1))
    else:
        verdict = "PASSED" if result.passed else "FAILED"
        print(f"PHI audit of '{name}': {verdict} ({result.records} records, {result.texts} text fields, "
              f"{outcome.files} files)")
        for item in result.checklist():
            mark = {True: "ok  ", False: "FAIL", None: "--  "}[item.passed]
            print(f"  [{mark}] {item.label}: {item.detail}")
        if unreadable:
            print(f"  {len(unreadable)} unreadable lines, first: {unreadable[0]}")
        print(f"report: {paths[0]}\n        {paths[1]}")
    return 0 if result.passed else 1


def _checked_name(name: str) -> str:
    try:
        from core.datasets.store import check_name
    except ImportError:  # dataset management not installed: only refuse path tricks
        from core.errors import ValidationError

        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise ValidationError("name", f"'{name}' is not a dataset name", "give the folder name only")
        return name
    return check_name(name)


def _read_lines(path: Path):
    """(line number, row or None, error or None) for each non-blank line of a JSONL file."""
    from core.errors import NotFoundError

    if not path.is_file():
        raise NotFoundError(f"--input: file {path} does not exist")
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, None, f"line {number} is not valid JSON ({exc.msg})"
                continue
            if not isinstance(row, dict):
                yield number, None, f"line {number} is not a JSON object"
            elif not isinstance(row.get("text"), str):
                yield number, row, f'line {number} has no "text" string'
            else:
                yield number, row, None


def _process_jsonl(input_path: Path, output_path: Path, transform) -> tuple[int, int]:
    """Read {"id","text"} lines in batches, write ``transform``'s rows in order; a bad line -> {"id","error"}.

    Returns:
        (lines written, lines with errors)
    """
    written = errors = 0
    output_path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=output_path.parent, delete=False,
                                         prefix=f".{output_path.name}-", suffix=".tmp")
    try:
        with handle:
            pending: list[tuple[int, dict | None, str | None]] = []

            def flush() -> None:
                nonlocal written, errors
                good = [row for _, row, error in pending if error is None]
                results = iter(transform([row["text"] for row in good]))
                for _, row, error in pending:
                    row_id = row.get("id") if isinstance(row, dict) else None
                    out = {"id": row_id, "error": error} if error else {"id": row_id, **next(results)}
                    errors += bool(error)
                    handle.write(json.dumps(out, ensure_ascii=False) + "\n")
                    written += 1
                pending.clear()

            for item in _read_lines(input_path):
                pending.append(item)
                if len(pending) >= BATCH:
                    flush()
            flush()
        os.replace(handle.name, output_path)  # all or nothing: no half-written output file
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return written, errors


def _scan(args, ctx) -> int:
    from core.phi import scan_texts

    ws = _workspace(ctx)
    total = 0

    def transform(texts):
        nonlocal total
        for findings in scan_texts(texts):
            total += len(findings)
            yield {"findings": [f.to_dict() for f in findings]}

    written, errors = _process_jsonl(args.input, args.output, transform)
    ws.audit.record("phi.scan", None, None, {"lines": written, "errors": errors, "findings": total})
    print(f"scanned {written} lines ({errors} with errors), {total} findings -> {args.output}", file=sys.stderr)
    return 0


def _redact(args, ctx) -> int:
    from core.errors import ValidationError
    from core.phi import redact, redact_texts

    if args.text is None and args.input is None:
        raise ValidationError("--text/--input", "nothing to redact",
                              "pass --text TEXT or --input IN.jsonl --output OUT.jsonl")
    if args.text is not None and args.input is not None:
        raise ValidationError("--text/--input", "both given", "pass either --text or --input/--output")
    if args.input is not None and args.output is None:
        raise ValidationError("--output", "missing", "name the JSONL file to write with --output OUT.jsonl")
    ws = _workspace(ctx)
    if args.text is not None:
        print(redact(args.text))
        ws.audit.record("phi.redact", None, None, {"texts": 1})
        return 0
    written, errors = _process_jsonl(args.input, args.output,
                                     lambda texts: ({"text": t} for t in redact_texts(texts)))
    ws.audit.record("phi.redact", None, None, {"lines": written, "errors": errors})
    print(f"redacted {written} lines ({errors} with errors) -> {args.output}", file=sys.stderr)
    return 0
