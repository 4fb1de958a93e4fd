"""Triage latency and pipeline overhead on this machine, plus appropriate triage on the vignettes.

For each vignette (tests/data/vignettes.jsonl) the full pipeline runs
(rules -> priority suggestion -> retrieval -> prompt -> llama.cpp with the JSON grammar -> checks),
then, side by side in the same process, bare llama.cpp evaluates the very same
answer tokens from the same cached instructions, twice:

* token by token, as a plain generation loop would (every token one call);
* in the same llama.cpp calls as the pipeline made (text the grammar fixed
  evaluated in one batch): the model's compute with no pipeline around it.

Prints p50/p95 per stage, the pipeline's overhead over the second (target
<= 15%), the speed-up of grammar fast-forward over the first, p95 total
(target <= 3 s), appropriate triage per class and the share of usable drafts
by the draft check (core/evaluation/drafts.py) with its per-rule failures.

    python bench/bench_triage.py            # all 60 vignettes
    python bench/bench_triage.py --quick    # 12 vignettes (4 per class)
    python bench/bench_triage.py --adapter runs/RUN/adapter.gguf   # a fine-tuned adapter
    python bench/bench_triage.py --no-suggestion   # the model chooses the priority alone
    python bench/bench_triage.py --drafts .bench/drafts.jsonl   # also write every draft and its verdict
    python bench/bench_triage.py --no-bare   # skip the bare llama.cpp runs: triage and draft figures only
    python bench/bench_triage.py --model smollm2-135m-instruct-q4_1   # a catalog model (its draft style applies)
    python bench/bench_triage.py --set tests/data/vignettes_dev2.jsonl   # another vignette file
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import core  # noqa: E402,F401  - offline switches first

VIGNETTES = ROOT / "tests" / "data" / "vignettes.jsonl"
BENCH_DIR = ROOT / ".bench"
BANDS = {"emergent": {"Critical", "High"}, "non_emergent": {"Medium"}, "self_care": {"Low"}}
#: A vignette's band from its expected priority, for files whose lines carry no ``category``.
CATEGORY_OF = {"Critical": "emergent", "High": "emergent", "Medium": "non_emergent", "Low": "self_care"}


def read_vignettes(path: Path) -> list[dict]:
    """Vignette lines (``case_description``, ``expected_priority``, optionally ``category``)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row.setdefault("category", CATEGORY_OF[row["expected_priority"]])
    return rows


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def knowledge_base():
    """The default guidelines in .bench/kb (embedded once, reused by later runs)."""
    from core.knowledge import KnowledgeBase

    kb = KnowledgeBase.open(BENCH_DIR / "kb")
    started = time.perf_counter()
    if kb.ensure_default_guidelines():
        print(f"(embedded the default guidelines once: {time.perf_counter() - started:.1f} s)")
    return kb


def bare_seconds(engine, prompt_text: str, prefix: str, batches: list[list[int]], one_by_one: bool) -> float:
    """Bare llama.cpp on the same tokens: prompt suffix, then the answer's tokens, from the same cached prefix.

    ``batches`` are the pipeline's llama.cpp calls for the answer; ``one_by_one``
    evaluates every token in its own call instead, as a plain generation loop does.
    """
    llm = engine.llama
    tokens = engine.encode(prompt_text)
    cached = engine._prepare_state(tokens, prefix)  # same starting state as the pipeline (untimed)
    calls = [[t] for batch in batches for t in batch] if one_by_one else batches
    started = time.perf_counter()
    llm.eval(tokens[cached:])
    for call in calls:
        llm.eval(call)
    return time.perf_counter() - started


class RecordingEngine:
    """The real engine, keeping the statistics of each generation (the token batches it evaluated)."""

    def __init__(self, engine) -> None:
        self._engine = engine
        self.last: dict = {}

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def stream(self, *args, stats: dict | None = None, **kwargs):
        self.last = stats if stats is not None else {}
        return self._engine.stream(*args, stats=self.last, **kwargs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="12 vignettes instead of 60")
    parser.add_argument("--threads", type=int, default=0, help="llama.cpp threads (default: os.cpu_count())")
    parser.add_argument("--max-tokens", type=int, default=0, help="answer budget (default: the triage setting)")
    parser.add_argument("--timeout", type=float, default=0.0,
                        help="seconds per draft (default: the triage setting; raise it on a loaded machine)")
    parser.add_argument("--adapter", type=Path, default=None,
                        help="a LoRA adapter GGUF to apply to the default model (e.g. a run's adapter.gguf)")
    parser.add_argument("--model", default="",
                        help="a catalog id (e.g. smollm2-135m-instruct-q4_1) or a GGUF file (default: the default model)")
    parser.add_argument("--no-suggestion", action="store_true",
                        help="switch the priority suggestion off (triage.priority_suggestion: false)")
    parser.add_argument("--no-bare", action="store_true",
                        help="skip the bare llama.cpp comparison (a third of the time: triage and draft figures only)")
    parser.add_argument("--set", type=Path, default=VIGNETTES, metavar="FILE",
                        help="vignette file (default tests/data/vignettes.jsonl, the development set)")
    parser.add_argument("--drafts", type=Path, default=None, metavar="FILE",
                        help="write each vignette's draft, protocol lines and draft-check verdict as JSON lines")
    args = parser.parse_args()
    if args.adapter is not None and not args.adapter.is_file():
        parser.error(f"--adapter: no file at {args.adapter}")

    from core.evaluation.drafts import check_case, failure_counts
    from core.inference.catalog import default_model
    from core.inference.engine import get_engine
    from core.triage.draft_style import style_for
    from core.triage.pipeline import TriagePipeline
    from core.triage.settings import TriageSettings

    if not args.set.is_file():
        parser.error(f"--set: no file at {args.set}")
    vignettes = read_vignettes(args.set)
    if args.quick:
        vignettes = [v for c in BANDS for v in [x for x in vignettes if x["category"] == c][:4]]
    settings = TriageSettings(**({"max_tokens": args.max_tokens} if args.max_tokens else {}),
                              **({"timeout_s": args.timeout} if args.timeout else {}),
                              priority_suggestion=not args.no_suggestion)
    threads = args.threads or os.cpu_count() or 1
    load_started = time.perf_counter()
    model_path, template = default_model().path, None
    if args.model:
        from core.inference.catalog import catalog_model

        if Path(args.model).is_file():
            model_path = Path(args.model)
        else:
            chosen = catalog_model(args.model)
            model_path, template = chosen.path, chosen.chat_template
    engine = get_engine(model_path, args.adapter, n_ctx=settings.n_ctx, n_threads=threads, chat_template=template)
    load_s = time.perf_counter() - load_started
    recording = RecordingEngine(engine)
    pipeline = TriagePipeline(engine=recording, knowledge=knowledge_base(), settings=settings)
    print(f"model {engine.model_id}, {threads} thread(s), n_ctx {engine.n_ctx}, max_tokens {settings.max_tokens}, "
          f"load {load_s:.2f} s; {len(vignettes)} vignettes of {args.set.name}; load average {os.getloadavg()[0]:.1f}")
    print(f"llama.cpp CPU path: {engine.cpu_path.describe()}")
    style = style_for(engine)
    if not style.is_default:
        print(f"draft style (models/catalog.yaml): key concerns from the {style.key_concerns}, questions from the "
              f"{style.questions}; string rules {style.strings}")

    pipeline.assess("A 30-year-old has a cough.")  # warm-up: first retrieval, grammar, cached instructions
    prefix = pipeline._builder(recording).fixed_prefix()  # the instructions every case starts from
    stages = {k: [] for k in ("rules", "suggestion", "retrieval", "prompt", "generation", "checks", "total")}
    bare, one_by_one, generated, chosen, prompt_tokens, outcomes, verdicts = [], [], [], [], [], [], []
    written = []
    for number, vignette in enumerate(vignettes, 1):
        result = pipeline.assess(vignette["case_description"])
        for key, value in result.timings.as_dict().items():
            if key in stages:
                stages[key].append(value)
        batches = recording.last["batches"]
        if not args.no_bare:
            bare.append(bare_seconds(engine, result.prompt_text, prefix, batches, one_by_one=False))
            one_by_one.append(bare_seconds(engine, result.prompt_text, prefix, batches, one_by_one=True))
        generated.append(result.generated_tokens)
        chosen.append(recording.last["model_choices"])
        prompt_tokens.append(result.prompt_tokens)
        final = result.assessment.priority.label
        own = result.assessment.model_own_priority or result.assessment.model_priority
        outcomes.append((vignette["category"], final, result.assessment.json_valid, own.label if own else None))
        verdicts.append(check_case(result.assessment, result.intake))  # the check's time is not in the stages
        written.append({"id": vignette["id"], "draft": result.raw_output,
                        "protocol_lines": [line.model_dump() for line in result.assessment.protocol_lines],
                        "verdict": verdicts[-1].as_dict()})
        print(f"\r{number}/{len(vignettes)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    print("\nlatency per case (seconds)        p50      p95")
    for key, values in stages.items():
        print(f"  {key:<28} {quantile(values, 0.5):7.3f}  {quantile(values, 0.95):7.3f}")
    if bare:
        print(f"  {'bare llama.cpp, same calls':<28} {quantile(bare, 0.5):7.3f}  {quantile(bare, 0.95):7.3f}")
        print(f"  {'bare llama.cpp, token by token':<28} {quantile(one_by_one, 0.5):7.3f}  "
              f"{quantile(one_by_one, 0.95):7.3f}")
    print(f"\nprompt tokens p50 {statistics.median(prompt_tokens):.0f}; answer tokens p50 "
          f"{statistics.median(generated):.0f}, p95 {quantile(generated, 0.95):.0f}; chosen by the model p50 "
          f"{statistics.median(chosen):.0f}, p95 {quantile(chosen, 0.95):.0f} (the rest fixed by the grammar)")
    print(f"generation speed: {sum(generated) / sum(stages['generation']):.1f} answer tokens/s in the pipeline")
    if bare:
        overhead = [t / b - 1 for t, b in zip(stages["total"], bare)]
        total_ratio = sum(stages["total"]) / sum(bare) - 1
        print(f"pipeline overhead over bare llama.cpp making the same calls: median "
              f"{statistics.median(overhead):+.1%}, all cases together {total_ratio:+.1%} (target <= +15%)")
        print(f"whole pipeline vs bare llama.cpp token by token: {sum(stages['total']) / sum(one_by_one):.2f}x "
              "the time (grammar fast-forward)")
    else:
        print("(bare llama.cpp runs skipped: --no-bare)")
    print(f"p95 total {quantile(stages['total'], 0.95):.2f} s (target <= 3 s)")

    print("\nappropriate triage (final priority in the expected band)")
    for category, band in BANDS.items():
        rows = [o for o in outcomes if o[0] == category]
        hits = sum(1 for o in rows if o[1] in band)
        print(f"  {category:<13} {hits}/{len(rows)} = {hits / len(rows):.0%}")
    total = sum(1 for o in outcomes if o[1] in BANDS[o[0]])
    under = sum(1 for o in outcomes if o[0] == "emergent" and o[1] not in BANDS["emergent"])
    valid = sum(1 for o in outcomes if o[2])
    print(f"  overall       {total}/{len(outcomes)} = {total / len(outcomes):.0%}; emergent under-triaged: {under}; "
          f"valid JSON drafts {valid}/{len(outcomes)}")
    alone = sum(1 for o in outcomes if o[3] in BANDS[o[0]])
    print(f"  the model's own first choice (no suggestion, no floor): {alone}/{len(outcomes)} = "
          f"{alone / len(outcomes):.0%}")

    usable = sum(v.usable for v in verdicts)
    print(f"\nusable drafts (draft check): {usable}/{len(verdicts)} = {usable / len(verdicts):.0%} (target >= 90%)")
    for rule, count in failure_counts(verdicts).items():
        print(f"  failed {rule:<22} {count}/{len(verdicts)}")
    if args.drafts is not None:
        args.drafts.parent.mkdir(parents=True, exist_ok=True)
        args.drafts.write_text("".join(json.dumps(row) + "\n" for row in written), encoding="utf-8")
        print(f"drafts and verdicts: {args.drafts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
