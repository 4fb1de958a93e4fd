"""`prescreen kb import|list|remove|search`: the guideline knowledge base.

Import and remove need MANAGE_KNOWLEDGE (admin); search needs SEARCH_KNOWLEDGE
(nurse, physician, admin). Queries may describe a patient, so they are never
written to the audit log; only counts and settings are.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(sub) -> None:
    kb = sub.add_parser("kb", help="guideline knowledge base: import, list, remove, search")
    ksub = kb.add_subparsers(dest="kb_command", metavar="ACTION", required=True)

    p = ksub.add_parser("import", help="import guideline files (.md, .txt, .pdf, .jsonl); same id replaces")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--phi-check", action="store_true",
                   help="refuse files that carry patient identifiers (runs the PHI scanner; slower)")
    p.set_defaults(handler=_import)

    p = ksub.add_parser("list", help="list guideline documents")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_list)

    p = ksub.add_parser("remove", help="remove a guideline document by id")
    p.add_argument("doc_id", metavar="ID")
    p.set_defaults(handler=_remove)

    p = ksub.add_parser("search", help="search guidelines: one query, or a batch with --input/--output")
    p.add_argument("query", nargs="?", help="what to look for")
    p.add_argument("--k", type=int, default=5, help="how many documents (default 5)")
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid",
                   help="hybrid (default), dense (MiniLM only) or lexical (BM25 only)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--input", type=Path, help='batch queries: JSONL lines {"id", "query"}')
    p.add_argument("--output", type=Path, help='batch results: JSONL lines {"id", "hits": [...]}')
    p.set_defaults(handler=_search)


def _import(args, ctx) -> int:
    from core.security.roles import Permission

    ws = ctx.workspace()
    ws.require(Permission.MANAGE_KNOWLEDGE)
    kb = ws.knowledge_base()
    imported = kb.import_files(args.files, refuse_phi=args.phi_check)
    for info in imported:
        ws.audit.record("kb.import", "document", info.doc_id, {"chunks": info.chunks, "sha256": info.sha256})
        print(f"imported {info.doc_id} ({info.chunks} chunks): {info.title}")
    return 0


def _list(args, ctx) -> int:
    from core.security.roles import Permission

    ws = ctx.workspace()
    ws.require(Permission.SEARCH_KNOWLEDGE)
    documents = ws.knowledge_base().list_documents()
    if args.json:
        print(json.dumps([{"doc_id": d.doc_id, "title": d.title, "source": d.source, "chunks": d.chunks,
                           "sha256": d.sha256, "imported_at": d.imported_at} for d in documents], indent=1))
    else:
        for d in documents:
            print(f"{d.doc_id:<36} {d.chunks:>4} chunks  {d.title}  [{d.source}]")
        print(f"{len(documents)} documents")
    return 0


def _remove(args, ctx) -> int:
    from core.security.roles import Permission

    ws = ctx.workspace()
    ws.require(Permission.MANAGE_KNOWLEDGE)
    info = ws.knowledge_base().remove(args.doc_id)
    ws.audit.record("kb.remove", "document", info.doc_id, {"chunks": info.chunks})
    print(f"removed {info.doc_id}: {info.title}")
    return 0


def _search(args, ctx) -> int:
    from core.errors import ValidationError
    from core.security.roles import Permission

    if args.input is None and args.output is not None:
        raise ValidationError("--output", "needs --input", "give the batch queries with --input Q.jsonl")
    if args.input is not None:
        if args.query:
            raise ValidationError("query", "cannot be combined with --input", "give one query or a batch file")
        if args.output is None:
            raise ValidationError("--output", "is missing", "name the results file with --output H.jsonl")
        queries = _read_queries(args.input)
    elif not args.query:
        raise ValidationError("query", "is missing", 'give a query in quotes, or a batch with --input Q.jsonl')
    ws = ctx.workspace()
    ws.require(Permission.SEARCH_KNOWLEDGE)
    kb = ws.knowledge_base()
    if args.input is None:
        hits = kb.search(args.query, k=args.k, mode=args.mode)
        ws.audit.record("kb.search", None, None, {"k": args.k, "mode": args.mode, "hits": len(hits)})
        _print_hits(hits, args.json)
        return 0
    # Search everything first so a bad query (e.g. k out of range) leaves no partial output file.
    results = [{"id": qid, "hits": [_hit_json(h) for h in kb.search(q, k=args.k, mode=args.mode)]}
               for qid, q in queries]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for row in results:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    ws.audit.record("kb.search", None, None, {"k": args.k, "mode": args.mode, "queries": len(results),
                                              "batch": True})
    print(f"searched {len(results)} queries -> {args.output}", file=sys.stderr)
    return 0


def _read_queries(path: Path) -> list[tuple[object, str]]:
    """Reads and checks every batch line before any search runs."""
    from core.errors import ValidationError

    if not path.is_file():
        raise ValidationError("--input", f"{path} does not exist", "give a JSONL file of {\"id\", \"query\"} lines")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise ValidationError("--input", f"{path.name} is not UTF-8 text", "save it as UTF-8") from None
    queries: list[tuple[object, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(where, f"is not valid JSON ({exc.msg})", 'write {"id": ..., "query": "..."}') from None
        if not isinstance(row, dict) or "id" not in row:
            raise ValidationError(f"{where}: id", "is missing", 'write {"id": ..., "query": "..."}')
        if not isinstance(row.get("query"), str) or not row["query"].strip():
            raise ValidationError(f"{where}: query", "is missing or empty", "give the text to search for")
        queries.append((row["id"], row["query"]))
    if not queries:
        raise ValidationError("--input", f"{path.name} has no queries", 'write one {"id", "query"} object per line')
    return queries


def _hit_json(hit) -> dict:
    return {"doc_id": hit.doc_id, "score": round(hit.score, 6), "text": hit.text, "title": hit.title,
            "chunk_id": hit.chunk_id}


def _print_hits(hits, as_json: bool) -> None:
    if as_json:
        print(json.dumps([_hit_json(h) for h in hits], indent=1, ensure_ascii=False))
        return
    if not hits:
        print("no matching guidelines")
    for rank, hit in enumerate(hits, start=1):
        excerpt = " ".join(hit.text.split())
        print(f"{rank}. {hit.doc_id}  ({hit.score:.4f})  {hit.title}")
        print(f"   {excerpt[:300]}{'…' if len(excerpt) > 300 else ''}")
