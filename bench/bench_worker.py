"""What the inference worker costs: the same triages in this process and through the worker, side by side.

The triage pipeline runs each development vignette twice, alternating, with
the same settings: once on a model loaded in this process
(``triage.inference: in_process``) and once through the inference worker
process (the product default), and prints p50/p95 per path and the ratio
worker / in-process (the pipe and JSON framing per streamed token, plus a
second process on the same cores). Both paths must write the same drafts;
the bench says how many differ. Start-up (process, model load, warm-up decode)
is printed apart.

    python bench/bench_worker.py            # 12 vignettes (4 per class)
    python bench/bench_worker.py --all      # all 60
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import core  # noqa: E402,F401  - offline switches first
from bench_triage import BANDS, VIGNETTES, knowledge_base, quantile  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="all 60 vignettes instead of 12")
    parser.add_argument("--threads", type=int, default=0, help="llama.cpp threads (default: os.cpu_count())")
    args = parser.parse_args()

    from core.inference.catalog import default_model
    from core.inference.engine import get_engine
    from core.inference.worker import WorkerEngine
    from core.triage.pipeline import TriagePipeline
    from core.triage.settings import TriageSettings

    vignettes = [json.loads(line) for line in VIGNETTES.read_text().splitlines() if line.strip()]
    if not args.all:
        vignettes = [v for c in BANDS for v in [x for x in vignettes if x["category"] == c][:4]]
    threads = args.threads or os.cpu_count() or 1
    settings = TriageSettings(n_threads=threads, timeout_s=600)  # a loaded machine must not turn drafts into timeouts
    model = default_model().path

    started = time.perf_counter()
    local = get_engine(model, n_ctx=settings.n_ctx, n_threads=threads)
    local_load = time.perf_counter() - started
    started = time.perf_counter()
    worker = WorkerEngine(model, n_ctx=settings.n_ctx, n_threads=threads)
    worker_load = time.perf_counter() - started
    kb = knowledge_base()
    pipelines = {"in_process": TriagePipeline(engine=local, knowledge=kb, settings=settings),
                 "worker": TriagePipeline(engine=worker, knowledge=kb, settings=settings)}
    print(f"model {local.model_id}, {threads} thread(s); {len(vignettes)} vignettes; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"llama.cpp CPU path: in process {local.cpu_path.describe()}; worker {worker.cpu_path}")
    print(f"start-up: in-process load {local_load:.2f} s; worker start + load + warm-up decode {worker_load:.2f} s")

    for pipeline in pipelines.values():
        pipeline.assess("A 30-year-old has a cough.")  # warm-up: retrieval, grammar, cached instructions
    seconds = {name: [] for name in pipelines}
    differ = 0
    for vignette in vignettes:
        drafts = {}
        for name, pipeline in pipelines.items():
            began = time.perf_counter()
            result = pipeline.assess(vignette["case_description"])
            seconds[name].append(time.perf_counter() - began)
            drafts[name] = result.raw_output
        differ += drafts["worker"] != drafts["in_process"]
    worker.close()

    for name, values in seconds.items():
        print(f"{name:>10}: p50 {quantile(values, 0.5):.2f} s, p95 {quantile(values, 0.95):.2f} s, "
              f"total {sum(values):.1f} s")
    ratio = sum(seconds["worker"]) / sum(seconds["in_process"])
    print(f"worker / in-process, whole triage: {ratio:.3f}x ({(ratio - 1) * 100:+.1f} %); "
          f"drafts that differ: {differ}/{len(vignettes)}")
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
