"""QLoRA on CUDA: the base loads in 4-bit NF4 and trains (skipped without a GPU)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]


def test_qlora_trains_in_4bit_with_less_memory(tmp_path, request):
    from core.inference.catalog import default_model
    from core.training.base import BaseModel, attach_lora, convert_gguf, load_base
    from core.training.config import LoraTrainingConfig
    from core.training.examples import PromptAnswer, tokenize_pairs
    from core.training.trainer import LoraTrainer

    info = default_model()
    base = BaseModel("gemma3-270m", convert_gguf(info.path, request.config.cache.mkdir("prescreen-hf-base"),
                                                  info.sha256), info.path, info.sha256)
    peaks = {}
    for quantization in ("4bit", "none"):
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
        config = LoraTrainingConfig(quantization=quantization, epochs=2, max_length=64, tokens_per_batch=256,
                                    dropout=0.0, warmup_ratio=0.0, learning_rate=2e-3).validate()
        model, tokenizer = load_base(base, quantization)
        if quantization == "4bit":
            assert any("4bit" in type(m).__name__ for m in model.modules())
        model = attach_lora(model, config)
        examples = tokenize_pairs([PromptAnswer("Crushing chest pain. Priority:", ' {"priority":"Critical"}')],
                                  tokenizer, 64)
        result = LoraTrainer(model, examples, config, tmp_path / quantization, pad_id=tokenizer.pad_token_id).run()
        assert result.status == "finished" and result.losses[-1] < result.losses[0]
        peaks[quantization] = torch.cuda.max_memory_allocated()
        del model
    assert peaks["4bit"] < peaks["none"]
