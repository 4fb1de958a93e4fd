"""Training throughput and peak memory: Prescreen's LoRA loop vs a naive transformers loop.

Same base (the shipped Gemma 3 270M), same LoRA, same examples (synthetic
triage cases rendered with the engine's prompt), same examples per optimizer
step on average, one epoch each, in one run:

* naive: fixed-size batches padded to the longest example of the dataset,
  ``model(...).logits`` for every position, loss masked to the answer.
* prescreen: length-grouped batches under a token budget (padded only to their
  own longest example), output logits only at the answer positions.

Each variant runs in its own child process so its peak memory (RSS; CUDA
allocator peak on a GPU) is its own. On CUDA it also compares QLoRA (4-bit
NF4 base) with 16-bit LoRA memory.

    python bench/bench_training.py            # 16 examples, batch 4
    python bench/bench_training.py --quick    # 6 examples, batch 3 (a few minutes on 2 idle cores)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build_examples(n: int, cache: Path, max_length: int) -> list[dict]:
    """Triage cases from the generator, as the engine prompts them, tokenized."""
    from transformers import AutoTokenizer

    from core.datasets.generator import generate
    from core.training.base import resolve_base
    from core.training.examples import instruction_examples, tokenize_pairs
    from core.training.prompting import prompt_renderer

    base = resolve_base("gemma3-270m", cache / "models", cache)
    tokenizer = AutoTokenizer.from_pretrained(base.hf_dir)
    records = [r.model_dump() for r in generate(n, seed=11, categories=["triage"], variants=1).records][:n]
    pairs = instruction_examples(records, prompt_renderer(tokenizer, chat_template=base.chat_template))
    examples = tokenize_pairs(pairs, tokenizer, max_length)
    return [{"input_ids": list(e.input_ids), "loss_start": e.loss_start} for e in examples]


def run_variant(variant: str, data_file: Path, cache: Path, batch: int) -> dict:
    """One epoch in this process; returns throughput and memory figures."""
    import torch

    from core.training.base import attach_lora, load_base, resolve_base
    from core.training.batching import TokenizedExample, collate, plan_batches
    from core.training.config import LoraTrainingConfig
    from core.training.loss import full_logits_loss, response_only_loss
    from core.training.progress import peak_rss_mb, rss_mb

    torch.manual_seed(0)
    examples = [TokenizedExample(tuple(e["input_ids"]), e["loss_start"]) for e in json.loads(data_file.read_text())]
    quantization = "4bit" if variant == "qlora" else "none"
    base = resolve_base("gemma3-270m", cache / "models", cache)
    model, tokenizer = load_base(base, quantization)
    model = attach_lora(model, LoraTrainingConfig(rank=16, alpha=32.0, dropout=0.0, quantization=quantization))
    model.train()
    device = next(p.device for p in model.parameters())
    loaded_rss = rss_mb()
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    pad = tokenizer.pad_token_id
    longest = max(len(e) for e in examples)
    if variant == "naive":
        import random

        order = list(range(len(examples)))
        random.Random(0).shuffle(order)
        batches = [order[i:i + batch] for i in range(0, len(order), batch)]
        loss_fn, pad_to = full_logits_loss, longest
    else:
        mean = sum(len(e) for e in examples) / len(examples)
        budget = max(longest, int(batch * mean))
        batches = plan_batches([len(e) for e in examples], budget, seed=0, epoch=0)
        loss_fn, pad_to = response_only_loss, None
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-4)
    tokens = padded = 0
    losses = []
    started = time.perf_counter()
    cpu_started = time.process_time()
    for indices in batches:
        ids, mask, labels = (t.to(device) for t in collate([examples[i] for i in indices], pad, pad_to))
        loss_sum, n = loss_fn(model, ids, mask, labels)
        (loss_sum / n).backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(float(loss_sum) / n)
        tokens += int(mask.sum())
        padded += ids.numel()
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    result = {"variant": variant, "device": device.type, "batches": len(batches), "tokens": tokens,
              "padded_tokens": padded, "seconds": seconds, "tokens_per_s": tokens / seconds,
              "cpu_seconds": cpu_seconds, "tokens_per_cpu_s": tokens / cpu_seconds,
              "peak_rss_mb": peak_rss_mb(), "rss_after_load_mb": loaded_rss, "first_loss": losses[0]}
    if device.type == "cuda":
        result["cuda_peak_mb"] = torch.cuda.max_memory_allocated() / 2**20
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="6 examples, batch 3 (a few minutes on 2 idle cores)")
    parser.add_argument("--examples", type=int, help="number of triage examples")
    parser.add_argument("--batch", type=int, default=4, help="examples per optimizer step (naive batch size)")
    parser.add_argument("--max-length", type=int, default=1024)
    parser.add_argument("--cache", type=Path, default=ROOT / ".bench" / "cache",
                        help="converted base model cache (first run converts the GGUF: minutes)")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    import core  # noqa: F401  - offline switches

    if args.variant:  # child process
        print(json.dumps(run_variant(args.variant, args.data, args.cache, args.batch)))
        return 0
    n = args.examples or (6 if args.quick else 16)
    if args.quick and args.batch == 4:
        args.batch = 3
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"preparing {n} triage examples (engine prompt, real tokenizer)…", flush=True)
    examples = build_examples(n, args.cache, args.max_length)
    lengths = sorted(len(e["input_ids"]) for e in examples)
    answers = sum(len(e["input_ids"]) - e["loss_start"] for e in examples)
    print(f"  lengths {lengths[0]}-{lengths[-1]} tokens (median {lengths[len(lengths) // 2]}), "
          f"answer tokens {answers} of {sum(lengths)}")
    import torch

    variants = ["naive", "prescreen"] + (["qlora", "lora16"] if torch.cuda.is_available() else [])
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        data_file = Path(tmp) / "examples.json"
        data_file.write_text(json.dumps(examples))
        for variant in variants:
            print(f"running {variant}…", flush=True)
            child = subprocess.run([sys.executable, __file__, "--variant", variant, "--data", str(data_file),
                                    "--cache", str(args.cache), "--batch", str(args.batch)],
                                   capture_output=True, text=True, cwd=ROOT)
            if child.returncode != 0:
                print(child.stderr[-3000:], file=sys.stderr)
                return 1
            results[variant] = json.loads(child.stdout.strip().splitlines()[-1])
    print()
    print(f"{'variant':<10} {'batches':>7} {'tokens':>7} {'padded':>7} {'wall s':>8} {'tokens/s':>9} "
          f"{'CPU s':>8} {'tok/CPU-s':>9} {'peak RSS MB':>11} {'train RSS MB':>12}")
    for r in results.values():
        print(f"{r['variant']:<10} {r['batches']:>7} {r['tokens']:>7} {r['padded_tokens']:>7} {r['seconds']:>8.1f} "
              f"{r['tokens_per_s']:>9.1f} {r['cpu_seconds']:>8.1f} {r['tokens_per_cpu_s']:>9.1f} "
              f"{r['peak_rss_mb']:>11.0f} {r['peak_rss_mb'] - r['rss_after_load_mb']:>12.0f}")
    naive, ours = results["naive"], results["prescreen"]
    print()
    print(f"throughput ratio (prescreen / naive): {ours['tokens_per_s'] / naive['tokens_per_s']:.2f}x wall-clock, "
          f"{ours['tokens_per_cpu_s'] / naive['tokens_per_cpu_s']:.2f}x per CPU-second (target >= 1.5x; "
          "on a shared machine the CPU-time ratio is the fair one)")
    print(f"peak RSS ratio (naive / prescreen): {naive['peak_rss_mb'] / ours['peak_rss_mb']:.2f}x; "
          f"memory added by training: naive {naive['peak_rss_mb'] - naive['rss_after_load_mb']:.0f} MB vs "
          f"prescreen {ours['peak_rss_mb'] - ours['rss_after_load_mb']:.0f} MB")
    if "qlora" in results:
        print(f"CUDA peak memory: QLoRA {results['qlora']['cuda_peak_mb']:.0f} MB vs 16-bit LoRA "
              f"{results['lora16']['cuda_peak_mb']:.0f} MB "
              f"({results['lora16']['cuda_peak_mb'] / results['qlora']['cuda_peak_mb']:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
