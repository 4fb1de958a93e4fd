"""The persistent Chroma collection that holds guideline chunks and their vectors.

Chroma never embeds anything itself here: the collection is created without an
embedding function and every vector comes from the bundled MiniLM, so Chroma
never tries to download its default model. Telemetry is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

COLLECTION = "guideline_chunks"
# HNSW search breadth: Chroma's default (10) loses true neighbours when the
# fusion step asks for dozens of candidates; 128 keeps recall near exact.
_HNSW = {"hnsw:space": "cosine", "hnsw:search_ef": 128, "hnsw:construction_ef": 128}


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as stored: id, text and the document fields it carries."""

    chunk_id: str
    text: str
    meta: dict


class ChunkStore:
    """Owns the Chroma client; close() releases it."""

    def __init__(self, folder: Path) -> None:
        import chromadb
        from chromadb.config import Settings

        folder.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(
            path=str(folder), settings=Settings(anonymized_telemetry=False, allow_reset=False)
        )
        self._collection = self._client.get_or_create_collection(
            COLLECTION, embedding_function=None, metadata=_HNSW
        )
        self._batch = max(1, int(self._client.get_max_batch_size()))

    def count(self) -> int:
        return self._collection.count()

    def all_chunks(self) -> list[StoredChunk]:
        """Every chunk with its text and metadata (used to rebuild the BM25 index and the document list)."""
        total = self.count()
        out: list[StoredChunk] = []
        for offset in range(0, total, self._batch):
            got = self._collection.get(include=["documents", "metadatas"], limit=self._batch, offset=offset)
            out.extend(StoredChunk(i, d, dict(m)) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]))
        return out

    def add(self, ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray, metas: Sequence[dict]) -> None:
        for start in range(0, len(ids), self._batch):
            end = start + self._batch
            self._collection.add(
                ids=list(ids[start:end]), documents=list(texts[start:end]),
                embeddings=vectors[start:end], metadatas=list(metas[start:end]),
            )

    def delete_document(self, doc_id: str) -> None:
        self._collection.delete(where={"doc_id": doc_id})

    def nearest(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        """The n chunks closest to a query vector as (chunk id, cosine similarity), best first."""
        total = self.count()
        if total == 0 or n <= 0:
            return []
        got = self._collection.query(query_embeddings=[vector], n_results=min(n, total), include=["distances"])
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(got["ids"][0], got["distances"][0])]

    def close(self) -> None:
        # Chroma shares one system per folder within a process and stops it
        # (SQLite handle, HNSW segment files) when the last client closes.
        if self._client is not None:
            self._client.close()
        self._collection = None
        self._client = None
