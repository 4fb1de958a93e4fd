"""The clinic's guideline knowledge base: import, list, remove and search.

What may enter: guideline and protocol documents an admin imports (files or
``add_document``). What never enters: patient data. The triage pipeline only
*searches* the knowledge base with the nurse's query; nothing it handles is
ever written here, and the knowledge base has no API that takes a case.

On disk (the workspace's ``knowledge/`` folder): a Chroma database holding
every chunk's text, vector and document fields. The BM25 index and the
document list are rebuilt from it in memory at open.
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from core.errors import NotFoundError, PrescreenError, ValidationError
from core.knowledge.chunking import chunk_document
from core.knowledge.documents import DocumentInfo, Hit, SourceDocument, load_file, validate_document
from core.knowledge.fusion import DENSE_WEIGHT, LEXICAL_WEIGHT, best_chunk_per_document, reciprocal_rank_fusion

SEARCH_MODES = ("hybrid", "dense", "lexical")
MAX_K = 100
MAX_QUERY_CHARS = 4_000
# Candidate chunks each retriever contributes before fusion; wide enough that a
# document ranked ~20th by one retriever can still be lifted by the other.
CANDIDATES = 60
DEFAULTS_MARKER = "default-guidelines.json"
DEFAULT_SET_NAME = "Prescreen default guideline set v1"


def default_guidelines_folder() -> Path:
    """Where the shipped guideline set lives (resources/guidelines in the source tree or bundle)."""
    import sys

    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return root / "resources" / "guidelines"


def indexed_text(title: str, chunk_text: str) -> str:
    """What the retrievers see for a chunk: the document title, then the passage (headings kept)."""
    lines = [line.lstrip("#").strip() if line.startswith("#") else line for line in chunk_text.splitlines()]
    return f"{title}\n" + "\n".join(lines)


class KnowledgeBase:
    """Guideline documents, chunked, embedded (MiniLM) and indexed (Chroma + BM25).

    Open with :meth:`open`; close with :meth:`close` (or use as a context manager).
    """

    def __init__(self, folder: Path, store, embedder=None) -> None:
        self.folder = folder
        self._store = store
        self._embedder = embedder
        self._lock = threading.RLock()
        self._chunks = {c.chunk_id: c for c in store.all_chunks()}
        self._lexical = None
        self._lexical_ids: list[str] = []
        self._doc_of_cache: dict[str, str] | None = None

    @classmethod
    def open(cls, folder: Path, embedder=None) -> "KnowledgeBase":
        """Opens (creating if needed) the knowledge base stored in ``folder``.

        Args:
            folder: the workspace's knowledge folder.
            embedder: an object with ``embed(texts) -> ndarray``; default: the bundled MiniLM,
                loaded on first use.
        """
        from core.knowledge.store import ChunkStore

        folder = Path(folder)
        return cls(folder, ChunkStore(folder), embedder)

    # -- documents ---------------------------------------------------------

    def import_files(self, paths: Iterable[Path], refuse_phi: bool = False) -> list[DocumentInfo]:
        """Imports guideline files (.md, .txt, .pdf, .jsonl); all are read and checked before any is stored.

        Args:
            paths: the files.
            refuse_phi: also run the PHI scanner and refuse documents that carry patient
                identifiers (see :mod:`core.knowledge.phi_screen`; loads Presidio, a few seconds).

        Raises:
            ValidationError: a file is unsupported, empty or malformed, or (with ``refuse_phi``)
                carries patient identifiers; nothing is stored then.
        """
        documents: list[SourceDocument] = []
        origin: dict[str, str] = {}
        for path in paths:
            for doc in load_file(Path(path)):
                if doc.doc_id in origin:
                    raise ValidationError(
                        f"file {Path(path).name}: id", f"'{doc.doc_id}' is also given by {origin[doc.doc_id]}",
                        "give every document its own id",
                    )
                origin[doc.doc_id] = Path(path).name
                documents.append(doc)
        if not documents:
            raise ValidationError("files", "none given", "name at least one .md, .txt, .pdf or .jsonl file")
        if refuse_phi:
            from core.knowledge.phi_screen import refuse_documents_with_phi

            refuse_documents_with_phi(documents)
        return self._add(documents)

    def add_document(self, doc_id: str, title: str, text: str, source: str) -> DocumentInfo:
        """Adds one document, replacing any document with the same id."""
        return self._add([validate_document(doc_id, title, text, source)])[0]

    def list_documents(self) -> list[DocumentInfo]:
        """Every document, by id."""
        with self._lock:
            firsts = {}
            for chunk in self._chunks.values():
                meta = chunk.meta
                if meta["doc_id"] not in firsts or meta["chunk_index"] < firsts[meta["doc_id"]]["chunk_index"]:
                    firsts[meta["doc_id"]] = meta
            return [_info(firsts[d]) for d in sorted(firsts)]

    def section_passages(self, doc_id: str) -> list[tuple[str, str]]:
        """(heading, passage text) of one document's chunks, in document order; [] if it is not here."""
        with self._lock:
            chunks = [c for c in self._chunks.values() if c.meta["doc_id"] == doc_id]
        chunks.sort(key=lambda c: c.meta["chunk_index"])
        return [(str(c.meta.get("heading") or ""), c.text) for c in chunks]

    def remove(self, doc_id: str) -> DocumentInfo:
        """Removes a document and all its chunks.

        Raises:
            NotFoundError: no document has this id.
        """
        with self._lock:
            self._check_open()
            info = next((d for d in self.list_documents() if d.doc_id == doc_id), None)
            if info is None:
                raise NotFoundError(f"no guideline document with id '{doc_id}' (see `prescreen kb list`)")
            self._store.delete_document(doc_id)
            self._chunks = {k: v for k, v in self._chunks.items() if v.meta["doc_id"] != doc_id}
            self._lexical = self._doc_of_cache = None
            return info

    def ensure_default_guidelines(self) -> list[DocumentInfo]:
        """Imports the shipped guideline set once per workspace; returns what was imported ([] if done before).

        A marker file remembers the import, so a default guideline the admin
        removed on purpose does not come back on the next open.
        """
        marker = self.folder / DEFAULTS_MARKER
        with self._lock:
            if marker.exists():
                return []
            files = sorted(default_guidelines_folder().glob("*.md"))
            imported = self.import_files(files) if files else []
            marker.write_text(json.dumps({
                "set": DEFAULT_SET_NAME, "documents": [d.doc_id for d in imported],
                "imported_at": _now(),
            }, indent=1), encoding="utf-8")
            return imported

    # -- search ------------------------------------------------------------

    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        """The k documents that best answer a query, each with its best passage.

        Args:
            query: what the nurse or the triage pipeline asks.
            k: how many documents (1-100).
            mode: "hybrid" (dense + BM25, fused by weighted reciprocal rank; the default),
                "dense" (MiniLM only) or "lexical" (BM25 only).

        Raises:
            ValidationError: empty or oversized query, k out of range, unknown mode.
        """
        query = _check_query(query, k, mode)
        with self._lock:
            self._check_open()
            if not self._chunks:
                return []
            n = max(CANDIDATES, 4 * k)
            doc_of = self._doc_of()
            rankings = []
            if mode in ("hybrid", "dense"):
                rankings.append(best_chunk_per_document(self._dense(query, n), doc_of))
            if mode in ("hybrid", "lexical"):
                rankings.append(best_chunk_per_document(self._lexical_search(query, n), doc_of))
            if mode == "hybrid":
                fused = reciprocal_rank_fusion([(rankings[0], DENSE_WEIGHT), (rankings[1], LEXICAL_WEIGHT)])
                picked = [(d.doc_id, d.chunk_id, d.score) for d in fused[:k]]
            else:
                picked = rankings[0][:k]
            return [self._hit(chunk_id, score) for _doc, chunk_id, score in picked]

    def close(self) -> None:
        """Releases the Chroma client; the object is unusable afterwards."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
            self._lexical = None

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals ---------------------------------------------------------

    def _check_open(self) -> None:
        if self._store is None:
            raise PrescreenError("the knowledge base is closed; open the workspace again")

    def _embed(self, texts: list[str]):
        if self._embedder is None:
            from core.knowledge.embedding import get_embedder

            self._embedder = get_embedder()
        return self._embedder.embed(texts)

    def _add(self, documents: list[SourceDocument]) -> list[DocumentInfo]:
        # Chunk and embed everything first: a failure there leaves the store untouched.
        now = _now()
        ids, texts, seen, metas = [], [], [], []
        for doc in documents:
            chunks = chunk_document(doc.text)
            digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
            for chunk in chunks:
                ids.append(f"{doc.doc_id}#{chunk.index}")
                texts.append(chunk.text)
                seen.append(indexed_text(doc.title, chunk.text))
                metas.append({
                    "doc_id": doc.doc_id, "title": doc.title, "source": doc.source, "chunk_index": chunk.index,
                    "chunks": len(chunks), "heading": chunk.heading, "sha256": digest, "imported_at": now,
                })
        vectors = self._embed(seen)
        with self._lock:
            self._check_open()
            for doc in documents:
                self._store.delete_document(doc.doc_id)
            self._store.add(ids, texts, vectors, metas)
            replaced = {doc.doc_id for doc in documents}
            self._chunks = {k: v for k, v in self._chunks.items() if v.meta["doc_id"] not in replaced}
            from core.knowledge.store import StoredChunk

            self._chunks.update({i: StoredChunk(i, t, m) for i, t, m in zip(ids, texts, metas)})
            self._lexical = self._doc_of_cache = None
        by_doc = {m["doc_id"]: m for m in metas if m["chunk_index"] == 0}
        return [_info(by_doc[doc.doc_id]) for doc in documents]

    def _doc_of(self) -> dict[str, str]:
        """chunk id -> doc id, cached until the documents change."""
        if self._doc_of_cache is None:
            self._doc_of_cache = {cid: c.meta["doc_id"] for cid, c in self._chunks.items()}
        return self._doc_of_cache

    def _dense(self, query: str, n: int) -> list[tuple[str, float]]:
        return self._store.nearest(self._embed([query])[0], n)

    def _lexical_search(self, query: str, n: int) -> list[tuple[str, float]]:
        if self._lexical is None:
            from core.knowledge.lexical import LexicalIndex

            self._lexical_ids = sorted(self._chunks)
            self._lexical = LexicalIndex(
                [indexed_text(self._chunks[c].meta["title"], self._chunks[c].text) for c in self._lexical_ids]
            )
        return [(self._lexical_ids[i], s) for i, s in self._lexical.search(query, n)]

    def _hit(self, chunk_id: str, score: float) -> Hit:
        chunk = self._chunks[chunk_id]
        return Hit(chunk.meta["doc_id"], chunk_id, chunk.meta["title"], chunk.text, float(score))


def _check_query(query: str, k: int, mode: str) -> str:
    if not isinstance(query, str) or not query.strip():
        raise ValidationError("query", "is empty", "type what you are looking for")
    if len(query) > MAX_QUERY_CHARS:
        raise ValidationError("query", f"is {len(query):,} characters", f"shorten it to under {MAX_QUERY_CHARS:,}")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ValidationError("k", f"{k!r} is out of range", f"ask for 1 to {MAX_K} results")
    if mode not in SEARCH_MODES:
        raise ValidationError("mode", f"'{mode}' is not a search mode", "use hybrid, dense or lexical")
    return query.strip()


def _info(meta: dict) -> DocumentInfo:
    return DocumentInfo(meta["doc_id"], meta["title"], meta["source"], int(meta["chunks"]), meta["sha256"],
                        meta["imported_at"])


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
