"""Turning ranked chunk lists into ranked documents.

Each retriever returns chunks; a document is as good as its best chunk in
that list (chunk-level max), so a long guideline is not penalised for having
many passages about other things. Hybrid search then fuses the two document
rankings by reciprocal rank (RRF): a document ranked r in a list earns
weight / (RRF_K + r). RRF needs no score calibration between cosine
similarities and BM25 scores, which live on unrelated scales.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

# Chosen on the even-numbered half of the MedQuAD dev questions and confirmed
# on the odd half (bench/bench_retrieval.py): BM25 at full weight drags good
# dense rankings down (lay questions vs. clinical wording), at half weight it
# still rescues exact-term queries (drug names, "PEP", scores).
RRF_K = 30
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 0.5


@dataclass(frozen=True)
class RankedDocument:
    """A document's fused score and the chunk that represents it."""

    doc_id: str
    score: float
    chunk_id: str


def best_chunk_per_document(
    ranked_chunks: Iterable[tuple[str, float]], doc_of: Mapping[str, str]
) -> list[tuple[str, str, float]]:
    """Collapses a best-first chunk list to (doc id, its best chunk id, that chunk's score), best first."""
    seen: set[str] = set()
    out: list[tuple[str, str, float]] = []
    for chunk_id, score in ranked_chunks:
        doc_id = doc_of.get(chunk_id)
        if doc_id is None or doc_id in seen:
            continue
        seen.add(doc_id)
        out.append((doc_id, chunk_id, score))
    return out


def reciprocal_rank_fusion(
    rankings: Iterable[tuple[list[tuple[str, str, float]], float]], k: int = RRF_K
) -> list[RankedDocument]:
    """Fuses document rankings, each given with its weight, by reciprocal rank.

    The representative chunk of a document is its best chunk in whichever list
    ranked the document highest (ties: the earlier list).

    Args:
        rankings: (ranking from ``best_chunk_per_document``, weight) pairs.
        k: the RRF constant.

    Returns:
        Documents by fused score, best first; ties broken by doc id for stable output.
    """
    scores: dict[str, float] = {}
    representative: dict[str, tuple[int, str]] = {}
    for ranking, weight in rankings:
        for rank, (doc_id, chunk_id, _score) in enumerate(ranking, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + weight / (k + rank)
            if doc_id not in representative or rank < representative[doc_id][0]:
                representative[doc_id] = (rank, chunk_id)
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [RankedDocument(doc_id, score, representative[doc_id][1]) for doc_id, score in ordered]
