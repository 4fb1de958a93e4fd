"""Offline switches for every library Prescreen uses.

Called once when ``core`` is imported, before any of those libraries load.
Nothing here reaches the network; each switch makes a library refuse to.
"""

from __future__ import annotations

import logging
import os

_SWITCHES = {
    # Hugging Face: load only from local paths, never the hub.
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    # Chroma: no anonymized product telemetry.
    "ANONYMIZED_TELEMETRY": "False",
    "CHROMA_TELEMETRY_IMPL": "",
    # tokenizers: no fork warnings from the Rust pool in worker threads.
    "TOKENIZERS_PARALLELISM": "false",
}


# Loggers that only report a download refused offline. On CPUs with AVX512-BF16, importing
# sentence-transformers imports peft, peft imports bitsandbytes, and bitsandbytes asks the
# Hugging Face hub (offline: refused, nothing sent) for a 4-bit CPU kernel: two warnings on
# every command's stderr ("Skipping publisher trust check ...", "Failed to load CPU
# gemm_4bit_forward ..."). Prescreen never runs 4-bit kernels on the CPU (QLoRA is for CUDA).
_QUIET_LOGGERS = ("bitsandbytes.backends.cpu.ops", "kernels")


def enforce() -> None:
    """Set the environment switches and quiet the loggers above; idempotent and cheap (no imports)."""
    for key, value in _SWITCHES.items():
        os.environ[key] = value
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def offline_tldextract():
    """A ``tldextract`` extractor that uses its bundled suffix snapshot only.

    Presidio's e-mail recognizer calls ``tldextract.extract``, which by default
    downloads the public suffix list on first use. This replaces the module's
    default extractor with one that never fetches.

    Returns:
        The offline ``TLDExtract`` instance now used by ``tldextract.extract``.
    """
    import tldextract
    import tldextract.tldextract as impl

    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    impl.TLD_EXTRACTOR = extractor
    tldextract.extract = extractor.__call__  # type: ignore[assignment]
    impl.extract = extractor.__call__  # type: ignore[assignment]
    return extractor
