"""Guideline knowledge base (RAG): chunking, MiniLM embeddings, Chroma + BM25, hybrid search.

Public API::

    from core.knowledge import KnowledgeBase
    kb = KnowledgeBase.open(ws.paths.knowledge)
    kb.ensure_default_guidelines()
    hits = kb.search("crushing chest pain radiating to left arm", k=5)   # list[Hit]
    kb.close()

Heavy libraries (chromadb, sentence-transformers, bm25s) load only when used.
Patient data never enters the knowledge base: only documents an admin imports.
"""

from core.knowledge.base import SEARCH_MODES, KnowledgeBase, default_guidelines_folder
from core.knowledge.documents import SUPPORTED_EXTENSIONS, DocumentInfo, Hit

__all__ = [
    "KnowledgeBase", "DocumentInfo", "Hit", "SEARCH_MODES", "SUPPORTED_EXTENSIONS", "default_guidelines_folder",
]
