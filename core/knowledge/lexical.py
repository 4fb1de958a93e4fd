"""Keyword (BM25) index over the knowledge base's chunks.

Dense embeddings miss exact clinical terms (drug names, "PEP", "qSOFA") and
rare words; BM25 catches them. The index is rebuilt in memory from the chunks
Chroma stores, so there is one copy of the text on disk and nothing to keep
in sync: a few thousand chunks index in about a second.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_stemmer = None


def _stem_words(words: list[str]) -> list[str]:
    global _stemmer
    if _stemmer is None:
        import Stemmer  # PyStemmer: Snowball English, so "vomiting"/"vomits" meet "vomit"

        _stemmer = Stemmer.Stemmer("english")
    return _stemmer.stemWords(words)


def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


_STOP: frozenset[str] | None = None


def tokenize(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed terms of a text (same for passages and queries)."""
    global _STOP
    if _STOP is None:
        _STOP = _stopwords()
    words = [w for w in _TOKEN.findall(text.lower()) if w not in _STOP]
    return _stem_words(words) if words else []


class LexicalIndex:
    """BM25 over a fixed list of passages; build a new one when the passages change."""

    def __init__(self, passages: Sequence[str]) -> None:
        import bm25s

        self.size = len(passages)
        self._retriever = None
        self._vocab: dict[str, int] = {}
        if self.size:
            tokenized = [tokenize(p) or ["__empty__"] for p in passages]
            self._retriever = bm25s.BM25()
            self._retriever.index(tokenized, show_progress=False)
            self._vocab = self._retriever.vocab_dict

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Best passages for a query as (passage position, BM25 score), best first; scores > 0 only."""
        if not self.size or k <= 0:
            return []
        terms = [t for t in tokenize(query) if t in self._vocab]
        if not terms:
            return []
        scores = np.asarray(self._retriever.get_scores(terms))
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
