"""LoRA / QLoRA fine-tuning: config, base models, batching, loop, cost, runs.

Heavy libraries (torch, transformers, peft) load inside functions only, so
importing this package (e.g. by the CLI at start-up) stays cheap.
"""
