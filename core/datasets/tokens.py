"""Token counts in the target model's own tokenizer (Gemma 3), converted once.

transformers reads the tokenizer straight from the GGUF, but converting its
262k-token vocabulary takes about half a minute. The converted tokenizer is
saved under ``<workspace>/cache/tokenizer-<sha256 prefix>`` and reused; if
training already converted the whole base (``cache/hf-<sha256 prefix>``) its
tokenizer is used. When neither the model package nor transformers is
available, counts fall back to an estimate (about 4 characters per token),
and every report says so.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence


@dataclass
class TokenCounter:
    """Counts tokens; ``exact`` is False for the character-based estimate."""

    name: str
    exact: bool
    _count: Callable[[Sequence[str]], list[int]] = field(repr=False)
    note: str = ""

    def count(self, texts: Sequence[str]) -> list[int]:
        return self._count(list(texts)) if texts else []


def estimate_counter(reason: str) -> TokenCounter:
    """The fallback: ~4 characters per token, never less than the word count."""

    def count(texts: list[str]) -> list[int]:
        return [max(len(re.findall(r"\S+", t)), round(len(t) / 4)) for t in texts]

    return TokenCounter("estimate (4 chars/token)", False, count, note=f"exact tokenizer unavailable: {reason}")


def gemma_counter(cache_dir: Path | None) -> TokenCounter:
    """Gemma 3 token counter, converting and caching the tokenizer on first use.

    Never raises: on any failure returns :func:`estimate_counter` with the reason.
    """
    try:
        from core.inference.catalog import default_model

        info = default_model()
        folder = _tokenizer_folder(info.path, info.sha256, cache_dir)
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(folder))
    except Exception as exc:  # noqa: BLE001 - any failure means: use the estimate, and say why
        return estimate_counter(f"{type(exc).__name__}: {exc}")

    def count(texts: list[str]) -> list[int]:
        encoded = tokenizer(texts, add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    return TokenCounter(f"{info.id} tokenizer", True, count, note=str(folder))


def _tokenizer_folder(gguf: Path, sha256: str, cache_dir: Path | None) -> Path:
    key = sha256[:16]
    if cache_dir is not None:
        converted_base = Path(cache_dir) / f"hf-{key}"
        if (converted_base / "tokenizer_config.json").is_file():
            return converted_base
        target = Path(cache_dir) / f"tokenizer-{key}"
        if (target / "tokenizer_config.json").is_file():
            return target
    else:
        target = None
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    if target is None:
        # No workspace cache: convert into a temporary folder for this process only.
        import tempfile

        target = Path(tempfile.mkdtemp(prefix="prescreen-tokenizer-"))
        tokenizer.save_pretrained(str(target))
        return target
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    tokenizer.save_pretrained(str(partial))
    if target.exists():  # another process finished first
        shutil.rmtree(partial, ignore_errors=True)
    else:
        partial.rename(target)
    return target
