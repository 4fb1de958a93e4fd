"""Synthetic dataset generation and validation speed, measured side by side.

Run:  python bench/bench_datasets.py            (10,000 cases; a few minutes on 2 cores)
      python bench/bench_datasets.py --quick    (2,000 cases)

Prints:
* generation speed (cases/s, records/s) for N case groups (2 phrasings each);
* validation time for those records (token lengths by the estimate and, if the
  Gemma 3 tokenizer is available, by the real tokenizer; its one-off conversion
  is timed separately);
* near-duplicate detection on a subset: exhaustive pairwise Jaccard (naive) vs
  MinHash LSH + exact confirmation, time ratio and the recall of LSH against
  the exhaustive answer.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.datasets import dedup  # noqa: E402
from core.datasets.conditions import load_library  # noqa: E402
from core.datasets.generator import generate  # noqa: E402
from core.datasets.tokens import estimate_counter, gemma_counter  # noqa: E402
from core.datasets.validation import validate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 cases and a 1,000-record subset")
    parser.add_argument("--cases", type=int, help="case groups to generate (default 10,000)")
    parser.add_argument("--subset", type=int, help="records for the naive vs LSH comparison (default 1,500)")
    parser.add_argument("--threshold", type=float, default=0.85)
    parser.add_argument("--no-tokenizer", action="store_true", help="skip the real Gemma tokenizer")
    args = parser.parse_args()
    cases = args.cases or (2000 if args.quick else 10000)
    subset = args.subset or (1000 if args.quick else 1500)

    load_library()  # parse the YAML library once, outside the timings
    print(f"== generation: {cases} case groups, 2 phrasings each")
    start = time.perf_counter()
    data = generate(cases, seed=1)
    took = time.perf_counter() - start
    records = data.records
    print(f"   {took:.1f} s: {cases / took:.0f} cases/s, {len(records) / took:.0f} records/s "
          f"({len(records)} records, {data.dropped_duplicates} exact duplicates dropped)")

    print(f"== validation of {len(records)} records")
    start = time.perf_counter()
    report = validate(records, "bench", counter=estimate_counter("benchmark"))
    took_est = time.perf_counter() - start
    print(f"   token estimate: {took_est:.1f} s, verdict {report.verdict}")
    for check in report.checks:
        print(f"     [{check.status}] {check.name}: {check.summary}")
    if not args.no_tokenizer:
        cache = Path(tempfile.mkdtemp(prefix="bench-tokenizer-"))
        start = time.perf_counter()
        counter = gemma_counter(cache)
        convert = time.perf_counter() - start
        if counter.exact:
            start = time.perf_counter()
            gemma_counter(cache)
            reload = time.perf_counter() - start
            start = time.perf_counter()
            real = validate(records, "bench", counter=counter)
            took_real = time.perf_counter() - start
            print(f"   Gemma tokenizer: convert from GGUF {convert:.1f} s once, load from cache {reload:.1f} s "
                  f"({convert / max(reload, 1e-9):.1f}x faster); validation {took_real:.1f} s")
            print(f"     {real.check('length').summary}")
        else:
            print(f"   Gemma tokenizer unavailable ({counter.note}); estimate only")

    print(f"== near duplicates on {subset} records (Jaccard >= {args.threshold}), naive vs MinHash LSH")
    sample = random.Random(0).sample(records, min(subset, len(records)))  # every category, not just triage
    ids, texts = [r.id for r in sample], [r.text() for r in sample]
    start = time.perf_counter()
    naive = dedup.naive_near_duplicates(ids, texts, args.threshold)
    took_naive = time.perf_counter() - start
    start = time.perf_counter()
    lsh = dedup.near_duplicates(ids, texts, args.threshold)
    took_lsh = time.perf_counter() - start
    truth, found = {(p.a, p.b) for p in naive}, {(p.a, p.b) for p in lsh}
    recall = len(truth & found) / len(truth) if truth else 1.0
    pairs = len(ids) * (len(ids) - 1) // 2
    print(f"   naive pairwise: {took_naive:.2f} s for {pairs} pairs, {len(truth)} near-duplicate pairs")
    print(f"   MinHash LSH:    {took_lsh:.2f} s, {len(found)} pairs, recall {recall:.3f}, "
          f"false pairs {len(found - truth)}")
    print(f"   ratio naive/LSH: {took_naive / max(took_lsh, 1e-9):.1f}x "
          f"(naive grows with n^2: ~{took_naive * (len(records) / subset) ** 2:.0f} s projected for all "
          f"{len(records)} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
