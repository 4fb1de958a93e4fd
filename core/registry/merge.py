"""Optional: a merged GGUF (adapter folded into the base), its quantizations, and their perplexity.

Merging happens in GGUF space, from the exported LoRA GGUF: each adapted
matrix of the base is dequantized, ``alpha / rank * B @ A`` is added, and the
result is stored in F16; every other tensor and all metadata (tokenizer, chat
template) are copied unchanged. llama.cpp's own quantizer
(``llama_model_quantize``) then writes the quantization levels, and
:func:`perplexity` measures each on a calibration text, so the admin sees what
each level costs in quality next to its size.

The shipped base is itself Q4_K_M: levels above that cannot recover precision
the base never had; the report shows the loss each level adds on top.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from core.errors import ValidationError

QUANT_LEVELS = ("Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_0", "Q3_K_M")


@dataclass(frozen=True)
class QuantRow:
    level: str
    path: Path
    size_mb: float
    perplexity: float
    tokens: int


def merge_adapter(base_gguf: Path, adapter_gguf: Path, out_path: Path) -> Path:
    """Write ``base + adapter`` as one GGUF (adapted matrices in F16).

    Raises:
        ValidationError: the adapter is not a LoRA GGUF for this base.
    """
    import gguf
    import numpy as np
    from gguf.quants import dequantize

    adapter = gguf.GGUFReader(str(adapter_gguf))
    if _text(adapter, "general.type") != "adapter" or _text(adapter, "adapter.type") != "lora":
        raise ValidationError("adapter", f"{Path(adapter_gguf).name} is not a LoRA GGUF",
                              "export one with `prescreen export gguf RUN`")
    alpha = float(adapter.fields["adapter.lora.alpha"].contents())
    pairs: dict[str, dict[str, np.ndarray]] = {}
    for tensor in adapter.tensors:
        name, _, part = tensor.name.rpartition(".")
        pairs.setdefault(name, {})[part] = np.asarray(tensor.data, dtype=np.float32)

    base = gguf.GGUFReader(str(base_gguf))
    arch = _text(base, "general.architecture")
    if arch != _text(adapter, "general.architecture"):
        raise ValidationError("adapter", f"the adapter is for '{_text(adapter, 'general.architecture')}', "
                              f"the base is '{arch}'", "merge with the base the adapter was trained on")
    writer = gguf.GGUFWriter(str(out_path), arch)
    for field in base.fields.values():
        if field.name.startswith("GGUF.") or field.name == "general.architecture":
            continue
        vtype = field.types[0]
        sub_type = field.types[-1] if vtype == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), vtype, sub_type)
    merged = 0
    for tensor in base.tensors:
        pair = pairs.get(tensor.name)
        if pair is None:
            writer.add_tensor(tensor.name, tensor.data, raw_dtype=tensor.tensor_type)
            continue
        weight = dequantize(tensor.data, tensor.tensor_type).astype(np.float32)
        lora_a, lora_b = pair["lora_a"], pair["lora_b"]  # (rank, in), (out, rank)
        weight += (alpha / lora_a.shape[0]) * (lora_b @ lora_a)
        writer.add_tensor(tensor.name, weight.astype(np.float16))
        merged += 1
    if merged != len(pairs):
        raise ValidationError("adapter", f"{len(pairs) - merged} adapter tensors have no match in the base",
                              "merge with the base the adapter was trained on")
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return Path(out_path)


def quantize(source: Path, out_path: Path, level: str, threads: int = 0) -> Path:
    """Quantize a GGUF with llama.cpp's quantizer (requantizing already-quantized tensors)."""
    import ctypes

    import llama_cpp

    if level not in QUANT_LEVELS:
        raise ValidationError("level", f"'{level}' is not offered", "use " + ", ".join(QUANT_LEVELS))
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{level}")
    params.allow_requantize = True
    params.nthread = threads
    status = llama_cpp.llama_model_quantize(str(source).encode(), str(out_path).encode(), ctypes.byref(params))
    if status != 0:
        raise ValidationError("level", f"llama.cpp could not quantize to {level} (status {status})",
                              "choose another level")
    return Path(out_path)


def perplexity(model_path: Path, text: str, n_ctx: int = 256, max_tokens: int = 2048, threads: int = 2) -> tuple[float, int]:
    """Perplexity of ``model_path`` on ``text`` (non-overlapping windows of ``n_ctx``).

    Returns:
        (perplexity, tokens scored).
    """
    import numpy as np
    from llama_cpp import Llama

    from core.inference.cpu import choose_path, model_params

    with model_params(extra_buffer_types=choose_path().extra_buffer_types):  # the AMX guard (core/inference/cpu.py)
        llm = Llama(model_path=str(model_path), n_ctx=n_ctx, logits_all=True, n_threads=threads, verbose=False)
    tokens = llm.tokenize(text.encode("utf-8"), add_bos=False)[:max_tokens]
    nll, count = 0.0, 0
    for start in range(0, len(tokens) - 1, n_ctx - 1):
        window = [llm.token_bos()] + tokens[start:start + n_ctx - 1]
        if len(window) < 3:
            break
        llm.reset()
        llm.eval(window)
        logits = np.asarray(llm.scores[: len(window) - 1], dtype=np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        targets = np.asarray(window[1:])
        nll -= log_probs[np.arange(len(targets)), targets].sum()
        count += len(targets)
    llm.close()
    return math.exp(nll / max(1, count)), count


def quantization_report(merged: Path, text: str, out_dir: Path, levels: tuple[str, ...] = ("Q8_0", "Q4_K_M", "Q4_0"),
                        ) -> list[QuantRow]:
    """Quantize ``merged`` to each level and measure perplexity side by side (merged F16 first)."""
    rows = []
    for level, path in [("merged (F16 adapted layers)", merged)] + [
            (lv, quantize(merged, Path(out_dir) / f"merged-{lv}.gguf", lv)) for lv in levels]:
        ppl, count = perplexity(path, text)
        rows.append(QuantRow(level, path, path.stat().st_size / 2**20, ppl, count))
    return rows


def report_markdown(rows: list[QuantRow], calibration: str) -> str:
    lines = ["# Quantization quality report", "", f"Calibration text: {calibration}", "",
             "| level | size (MB) | perplexity | tokens | vs merged |", "|---|---:|---:|---:|---:|"]
    reference = rows[0].perplexity
    for row in rows:
        lines.append(f"| {row.level} | {row.size_mb:.0f} | {row.perplexity:.3f} | {row.tokens} | "
                     f"{(row.perplexity / reference - 1) * 100:+.1f}% |")
    return "\n".join(lines) + "\n"


def _text(reader, key: str) -> str:
    field = reader.fields.get(key)
    return str(field.contents()) if field is not None else ""


def export_merged(ws, run_id: str, levels: tuple[str, ...] = ("Q8_0", "Q4_K_M"),
                  calibration: Path | None = None) -> tuple[Path, list[QuantRow]]:
    """Merged GGUF of a finished run, its quantizations and the perplexity report (audited).

    Args:
        ws: the open workspace (TRAIN permission).
        run_id: a finished run.
        levels: quantization levels to write and measure.
        calibration: a calibration text (``prescreen data calibration`` writes one);
            default: the guideline knowledge base.

    Returns:
        (the Markdown report under ``reports/``, its rows).
    """
    from core.registry.export import export_run
    from core.training import runs

    exported = export_run(ws, run_id)  # checks the permission and that the run finished
    event = runs.latest(ws.db, run_id)
    base_gguf = event.detail.get("base_gguf")
    if not base_gguf:
        raise ValidationError("run", f"run {run_id} has no base GGUF to merge into",
                              "put the base's GGUF next to its Hugging Face folder in models/")
    run_dir = Path(event.output_dir)
    merged = merge_adapter(Path(base_gguf), exported.path, run_dir / "merged-f16.gguf")
    if calibration is not None:
        text, source = Path(calibration).read_text(encoding="utf-8"), Path(calibration).name
    else:
        from core.datasets.calibration import guideline_passages

        text, source = "\n\n".join(guideline_passages()), "guideline knowledge base"
    rows = quantization_report(merged, text, run_dir, levels)
    ws.paths.reports.mkdir(parents=True, exist_ok=True)
    report = ws.paths.reports / f"{run_id}-quantization.md"
    report.write_text(report_markdown(rows, source), encoding="utf-8")
    ws.audit.record("model.export_merged", "training_run", run_id,
                    {"levels": list(levels), "report": report.name})
    return report, rows
