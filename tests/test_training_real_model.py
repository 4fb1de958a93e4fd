"""The real Gemma 3 270M: a few training steps, and the LoRA GGUF export proven in llama.cpp.

Slow: the first run converts the shipped GGUF to a Hugging Face folder (minutes;
cached in pytest's cache folder afterwards, as the workspace cache does).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

torch = pytest.importorskip("torch")

PROMPTS = [
    "The patient reports chest pain and",
    "Fever in a child under three months is",
    "A healthy breakfast includes",
    "Triage priority for a sprained ankle:",
]
NEW_TOKENS = 8
# Below this top-1/top-2 logit margin llama.cpp's quantized matmuls (Q8 activations
# against Q4_K weights) may legitimately pick the other token; the comparison stops
# at the first such near-tie (the base model alone shows the same divergence).
NEAR_TIE = 0.5


@pytest.fixture(scope="session")
def real_base(request, tmp_path_factory):
    from core.inference.catalog import default_model
    from core.training.base import BaseModel, convert_gguf

    info = default_model()
    # pytest's cache keeps the converted model between runs; without it (-p no:cacheprovider)
    # convert into this session's temporary folder.
    cache_plugin = getattr(request.config, "cache", None)
    cache = (cache_plugin.mkdir("prescreen-hf-base") if cache_plugin is not None
             else tmp_path_factory.mktemp("prescreen-hf-base"))
    return BaseModel("gemma3-270m", convert_gguf(info.path, cache, info.sha256), info.path, info.sha256,
                     info.chat_template)


def _lora_model(base, seed: int = 0):
    from core.training.base import attach_lora, load_base
    from core.training.config import LoraTrainingConfig

    model, tokenizer = load_base(base)
    model = attach_lora(model, LoraTrainingConfig(rank=8, alpha=16.0, dropout=0.0, seed=seed))
    return model, tokenizer


def test_a_few_real_training_steps_lower_the_loss(real_base, tmp_path):
    from core.training.examples import PromptAnswer, tokenize_pairs
    from core.training.trainer import LoraTrainer
    from core.training.config import LoraTrainingConfig

    model, tokenizer = _lora_model(real_base)
    pairs = [PromptAnswer("Patient: 58-year-old man, crushing chest pain, sweating. Priority:", ' {"priority":"Critical"}'),
             PromptAnswer("Patient: 25-year-old woman, mild sore throat for a day. Priority:", ' {"priority":"Low"}')]
    examples = tokenize_pairs(pairs, tokenizer, max_length=64)
    config = LoraTrainingConfig(rank=8, alpha=16.0, dropout=0.0, learning_rate=2e-3, epochs=4, max_length=64,
                                tokens_per_batch=256, warmup_ratio=0.0).validate()
    events = []
    result = LoraTrainer(model, examples, config, tmp_path, pad_id=tokenizer.pad_token_id,
                         on_progress=events.append).run()
    assert result.status == "finished" and result.steps == 4
    assert result.losses[-1] < result.losses[0]
    assert all(e.memory_mb > 500 for e in events if e.event == "step")  # a 268M-parameter model is resident


def _hf_greedy(model, ids):
    out = model.generate(ids, max_new_tokens=NEW_TOKENS, do_sample=False, use_cache=True)
    return out[0, ids.shape[1]:].tolist()


def _llama_greedy(llm, ids):
    tokens = []
    for token in llm.generate(ids, top_k=1, temp=0.0, reset=True):
        tokens.append(token)
        if len(tokens) >= NEW_TOKENS:
            break
    return tokens


def _llama_logits(llm, ids):
    llm.reset()
    llm.eval(ids)
    return torch.from_numpy(llm.scores[: len(ids)].copy())


def _prefix(a, b):
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def test_exported_adapter_runs_in_llama_cpp_like_in_transformers(real_base, tmp_path):
    """Greedy output with the adapter matches across engines, and differs from the base.

    llama.cpp runs the Q4_K_M base with quantized activations while transformers runs
    the dequantized weights in float32, so even the base models drift apart after a
    near-tie. Two checks: greedy tokens (the full continuation for most prompts, a
    prefix for all), and the adapter's effect on the logits at every position
    (adapter minus base), which base-model rounding does not blur.
    """
    from llama_cpp import Llama

    from core.registry.export import export_lora_gguf

    model, tokenizer = _lora_model(real_base)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():  # an adapter large enough to change what the model writes
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.copy_(torch.randn(param.shape, generator=generator) * 0.05)
    model.eval()
    model.save_pretrained(tmp_path / "adapter")
    exported = export_lora_gguf(tmp_path / "adapter", real_base.hf_dir, tmp_path / "adapter.gguf",
                                base_gguf=real_base.gguf_path)
    assert exported.architecture == "gemma3" and exported.tensors == 2 * 4 * 18  # q/k/v/o x 18 blocks

    common = dict(model_path=str(real_base.gguf_path), n_ctx=256, n_threads=2, verbose=False, seed=0,
                  logits_all=True)
    adapted = Llama(lora_path=str(exported.path), **common)
    plain = Llama(**common)
    full_matches, changed_hf, changed_cpp = 0, 0, 0
    for prompt in PROMPTS:
        ids = tokenizer(prompt, return_tensors="pt").input_ids
        with torch.no_grad():
            hf_tokens = _hf_greedy(model, ids)
            with model.disable_adapter():
                hf_base = _hf_greedy(model, ids)
        cpp_tokens = _llama_greedy(adapted, ids[0].tolist())
        cpp_base = _llama_greedy(plain, ids[0].tolist())
        agreed = _prefix(cpp_tokens, hf_tokens)
        assert agreed >= 3, (f"{prompt!r}: llama.cpp+adapter {tokenizer.decode(cpp_tokens)!r} vs "
                             f"transformers+adapter {tokenizer.decode(hf_tokens)!r}")
        full_matches += agreed == NEW_TOKENS
        changed_hf += hf_tokens != hf_base
        changed_cpp += cpp_tokens != cpp_base

        # The adapter's effect on the logits, position by position, on the same tokens.
        sequence = ids[0].tolist() + hf_tokens
        with torch.no_grad():
            hf_adapted = model(torch.tensor([sequence])).logits[0].float()
            with model.disable_adapter():
                hf_plain = model(torch.tensor([sequence])).logits[0].float()
        hf_effect = (hf_adapted - hf_plain).flatten()
        cpp_effect = (_llama_logits(adapted, sequence) - _llama_logits(plain, sequence)).flatten()
        correlation = torch.corrcoef(torch.stack([hf_effect, cpp_effect]))[0, 1].item()
        assert correlation > 0.97, f"{prompt!r}: adapter effect correlation {correlation:.3f}"
        assert hf_effect.abs().max() > 1.0  # the effect is not noise-sized
    assert full_matches >= len(PROMPTS) - 1
    assert changed_hf == len(PROMPTS) and changed_cpp == len(PROMPTS)
