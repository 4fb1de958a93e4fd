"""Guideline retrieval benchmark: recall@k and query latency on MedQuAD.

Public NIH/CDC question-answer pairs (Ben Abacha & Demner-Fushman, BMC
Bioinformatics 2019; CC BY 4.0) stand in for a clinic's documents: every
answer is imported as a document (its "focus", the topic the answer page is
about, as the title), every question is a query, and a query is answered when
its own answer is among the top k documents. Dense-only, lexical-only and the
shipped hybrid retriever run side by side on the same knowledge base, built
through the real import path (JSONL -> chunking -> MiniLM -> Chroma + BM25).

Duplicates: MedQuAD repeats some answer texts word for word under several
questions (e.g. the same paragraph answering "what is" and "who is at risk").
Identical documents cannot be told apart by any retriever, so a hit on any
document whose answer text is identical to the gold answer counts as correct
("dedup-aware"); the strict figure (only the question's own row id counts) is
printed next to it.

Measured 2026-11-23 on the shared 2-core dev machine (load average ~10, so
wall times are pessimistic), full set, 3,002 documents -> 7,254 chunks:
  recall@5 dense 0.868, lexical 0.750, hybrid 0.878 (hybrid/dense 1.012);
  recall@1 dense 0.569, hybrid 0.552; hybrid query p50 23.5 ms, p95 36.8 ms
  (CPU p95 19.5 ms); indexing 1,005 s (7.2 chunks/s, one torch thread).

Run:  python bench/bench_retrieval.py            (full: 3,002 documents, a few minutes on 2 cores)
      python bench/bench_retrieval.py --quick    (first 600 rows)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "rag" / "medquad_dev.jsonl"
MODES = ("dense", "lexical", "hybrid")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def load_rows(path: Path, limit: int | None) -> list[dict]:
    if not path.is_file():
        sys.exit(f"error: {path} not found (give the MedQuAD JSONL with --data)")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:limit] if limit else rows
    for r in rows:
        # MedQuAD numbers rows within each source subset, so ids repeat across subsets.
        r["doc_id"] = f"{r['source']}:{r['id']}"
    return rows


def write_documents(rows: list[dict], folder: Path, with_titles: bool) -> Path:
    """The answers as a JSONL import file (the same path an admin uses)."""
    path = folder / "medquad_answers.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps({"id": r["doc_id"], "title": r["focus"] if with_titles else "",
                                  "text": r["answer"], "source": f"MedQuAD {r['source']}"}) + "\n")
    return path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def evaluate(kb, rows: list[dict], k: int) -> dict[str, dict]:
    same_answer: dict[str, set[str]] = {}
    for r in rows:
        same_answer.setdefault(_normalise(r["answer"]), set()).add(r["doc_id"])
    for mode in MODES:  # warm-up: model load, BM25 build, first Chroma query
        kb.search(rows[0]["question"], k=k, mode=mode)
    results: dict[str, dict] = {}
    for mode in MODES:
        found = strict = top1 = 0
        reciprocal = 0.0
        latencies: list[float] = []
        cpu: list[float] = []
        for r in rows:
            start, start_cpu = time.perf_counter(), time.process_time()
            hits = kb.search(r["question"], k=k, mode=mode)
            latencies.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            relevant = same_answer[_normalise(r["answer"])]
            ranks = [i for i, h in enumerate(hits, start=1) if h.doc_id in relevant]
            found += bool(ranks)
            strict += any(h.doc_id == r["doc_id"] for h in hits)
            top1 += bool(ranks and ranks[0] == 1)
            reciprocal += 1 / ranks[0] if ranks else 0.0
        n = len(rows)
        results[mode] = {"recall": found / n, "strict": strict / n, "recall1": top1 / n, "mrr": reciprocal / n,
                         "p50": statistics.median(latencies), "p95": percentile(latencies, 0.95),
                         "cpu50": statistics.median(cpu), "cpu95": percentile(cpu, 0.95)}
    return results


def whole_document_dense(rows: list[dict], k: int) -> float:
    """Reference: one MiniLM vector per whole answer (truncated by the model), exact cosine search."""
    import numpy as np

    from core.knowledge.embedding import get_embedder

    embedder = get_embedder()
    docs = embedder.embed([r["answer"] for r in rows], batch_size=64)
    queries = embedder.embed([r["question"] for r in rows], batch_size=64)
    same_answer: dict[str, set[int]] = {}
    for i, r in enumerate(rows):
        same_answer.setdefault(_normalise(r["answer"]), set()).add(i)
    top = np.argsort(-(queries @ docs.T), axis=1)[:, :k]
    return float(np.mean([bool(same_answer[_normalise(r["answer"])] & set(top[i])) for i, r in enumerate(rows)]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="MedQuAD JSONL (default: ../shared/data/rag)")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="first 600 rows only")
    parser.add_argument("--limit", type=int, help="first N rows only")
    parser.add_argument("--no-titles", action="store_true", help="import answers without their focus as title")
    parser.add_argument("--whole-doc-baseline", action="store_true",
                        help="also score one MiniLM vector per whole answer (the usual naive baseline)")
    args = parser.parse_args(argv)

    import core  # noqa: F401 - offline switches before any library loads
    from core.knowledge import KnowledgeBase
    from core.knowledge.embedding import get_embedder

    rows = load_rows(args.data.resolve(), 600 if args.quick and not args.limit else args.limit)
    unique = len({_normalise(r["answer"]) for r in rows})
    print(f"data: {args.data.resolve().name}, {len(rows)} question-answer rows, {unique} distinct answer texts "
          f"({len(rows) - unique} rows repeat another row's answer word for word: a hit on any identical "
          f"answer counts; 'strict' counts only the row's own id)")
    get_embedder()  # load once, outside the indexing time
    work = Path(tempfile.mkdtemp(prefix="prescreen-bench-retrieval-"))
    try:
        source = write_documents(rows, work, with_titles=not args.no_titles)
        kb = KnowledgeBase.open(work / "knowledge")
        start = time.perf_counter()
        kb.import_files([source])
        index_s = time.perf_counter() - start
        chunks = sum(d.chunks for d in kb.list_documents())
        print(f"indexing: {len(rows)} documents -> {chunks} chunks in {index_s:.1f} s "
              f"({len(rows) / index_s:.1f} documents/s, {chunks / index_s:.1f} chunks/s); "
              f"titles: {'none' if args.no_titles else 'focus field'}")
        results = evaluate(kb, rows, args.k)
        kb.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\n{'retriever':<10} {'recall@' + str(args.k):>9} {'strict':>7} {'recall@1':>9} {'MRR':>6} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>8} {'cpu p95':>8}")
    for mode in MODES:
        r = results[mode]
        print(f"{mode:<10} {r['recall']:>9.3f} {r['strict']:>7.3f} {r['recall1']:>9.3f} {r['mrr']:>6.3f} "
              f"{r['p50']:>7.1f} {r['p95']:>7.1f} {r['cpu50']:>8.1f} {r['cpu95']:>8.1f}")
    print("(p50/p95: wall-clock per query; cpu: process CPU time per query, all threads, which is less "
          "distorted when other work shares the cores)")
    hybrid, dense, lexical = results["hybrid"], results["dense"], results["lexical"]
    print(f"\nratios (same run, same index): hybrid/dense recall@{args.k} = {hybrid['recall'] / dense['recall']:.3f}, "
          f"hybrid/lexical = {hybrid['recall'] / lexical['recall']:.3f}; "
          f"hybrid/dense p95 latency = {hybrid['p95'] / dense['p95']:.2f}")
    print(f"targets: hybrid recall@{args.k} >= 0.85 -> {'met' if hybrid['recall'] >= 0.85 else 'NOT met'}; "
          f"p95 <= 50 ms at {len(rows)} documents -> {'met' if hybrid['p95'] <= 50 else 'NOT met'}")
    if args.whole_doc_baseline:
        print(f"reference, whole-document MiniLM dense (no chunks, no titles): recall@{args.k} = "
              f"{whole_document_dense(rows, args.k):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
