"""Optional export: adapter merged into the base GGUF, quantized, perplexity side by side (slow, real llama.cpp)."""

from __future__ import annotations

import math

import numpy as np
import pytest

pytestmark = pytest.mark.slow

BLOCKS, RANK, ALPHA = 18, 8, 16.0
OUT_DIMS = {"attn_q": 1024, "attn_k": 256, "attn_v": 256, "attn_output": 640}
IN_DIMS = {"attn_q": 640, "attn_k": 640, "attn_v": 640, "attn_output": 1024}


@pytest.fixture(scope="module")
def adapter_gguf(tmp_path_factory):
    """A random LoRA GGUF for the shipped Gemma 3 270M, written with the gguf package."""
    import gguf

    path = tmp_path_factory.mktemp("merge") / "adapter.gguf"
    rng = np.random.default_rng(0)
    writer = gguf.GGUFWriter(str(path), "gemma3")
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, ALPHA)
    for block in range(BLOCKS):
        for name, out_dim in OUT_DIMS.items():
            base = f"blk.{block}.{name}.weight"
            writer.add_tensor(base + ".lora_a", (rng.standard_normal((RANK, IN_DIMS[name])) * 0.04).astype(np.float32))
            writer.add_tensor(base + ".lora_b", (rng.standard_normal((out_dim, RANK)) * 0.05).astype(np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def _logits(ids, **kw):
    from llama_cpp import Llama

    llm = Llama(n_ctx=64, n_threads=2, verbose=False, logits_all=True, seed=0, **kw)
    llm.eval(ids)
    scores = np.array(llm.scores[: len(ids)])
    llm.close()
    return scores


def test_merged_model_behaves_like_base_plus_adapter(adapter_gguf, tmp_path):
    from core.errors import ValidationError
    from core.inference.catalog import default_model
    from core.registry.merge import merge_adapter, quantization_report, report_markdown

    base = default_model().path
    merged = merge_adapter(base, adapter_gguf, tmp_path / "merged.gguf")
    ids = [2, 818, 6213, 7248, 15350, 4331, 532]  # "<bos>The patient reports chest pain and"
    plain = _logits(ids, model_path=str(base))
    runtime = _logits(ids, model_path=str(base), lora_path=str(adapter_gguf))
    folded = _logits(ids, model_path=str(merged))
    runtime_effect, merged_effect = (runtime - plain).ravel(), (folded - plain).ravel()
    # Same change to every logit (up to F16 rounding of the folded layers), and not a small one.
    assert np.corrcoef(runtime_effect, merged_effect)[0, 1] > 0.97
    assert np.abs(runtime_effect).max() > 1.0

    from core.datasets.calibration import guideline_passages

    text = "\n\n".join(guideline_passages()[:4])
    rows = quantization_report(merged, text, tmp_path, levels=("Q8_0",))
    assert [r.level for r in rows][1:] == ["Q8_0"] and rows[1].path.is_file()
    assert all(math.isfinite(r.perplexity) and r.perplexity > 1 and r.tokens > 100 for r in rows)
    assert abs(rows[1].perplexity / rows[0].perplexity - 1) < 0.1  # Q8_0 costs little
    table = report_markdown(rows, "4 guideline sections")
    assert "| Q8_0 |" in table and "perplexity" in table

    with pytest.raises(ValidationError):
        merge_adapter(base, base, tmp_path / "wrong.gguf")  # a model is not an adapter
