"""A tiny randomly initialised Gemma 3-shaped model and tokenizer for training tests (seconds, no files)."""

from __future__ import annotations

CORPUS = [
    "patient reports chest pain and shortness of breath since this morning",
    "fever and cough for three days, no trouble breathing",
    "mild headache, rested, drinking fluids",
    '{"priority":"High","confidence":0.6,"key_concerns":["chest pain"]}',
    '{"priority":"Low","confidence":0.7,"key_concerns":["headache"]}',
]


def tiny_tokenizer(texts: list[str] | None = None, vocab_size: int = 400):
    """A byte-level BPE tokenizer trained on ``texts`` (default: a few clinic sentences)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<pad>", "<eos>", "<bos>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    raw.train_from_iterator((texts or CORPUS) * 4, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=raw, bos_token="<bos>", eos_token="<eos>", pad_token="<pad>")


def tiny_gemma(tokenizer, seed: int = 0, max_positions: int = 256):
    """A 2-layer Gemma 3 text model sized to ``tokenizer`` (same weights for the same seed)."""
    import torch
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    torch.manual_seed(seed)
    cfg = Gemma3TextConfig(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                           num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                           max_position_embeddings=max_positions, sliding_window=32,
                           layer_types=["sliding_attention", "full_attention"], query_pre_attn_scalar=16,
                           initializer_range=0.2, pad_token_id=tokenizer.pad_token_id,
                           bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id)
    model = Gemma3ForCausalLM(cfg)
    model.config.use_cache = False
    return model
