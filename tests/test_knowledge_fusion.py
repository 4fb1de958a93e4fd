"""Chunk-to-document aggregation and weighted reciprocal rank fusion (pure logic)."""

from core.knowledge.fusion import RRF_K, best_chunk_per_document, reciprocal_rank_fusion

DOC_OF = {"a#0": "a", "a#1": "a", "b#0": "b", "c#0": "c"}


def test_a_document_takes_the_rank_and_passage_of_its_best_chunk():
    ranked = [("a#1", 0.9), ("b#0", 0.8), ("a#0", 0.7), ("gone#0", 0.6), ("c#0", 0.5)]
    assert best_chunk_per_document(ranked, DOC_OF) == [("a", "a#1", 0.9), ("b", "b#0", 0.8), ("c", "c#0", 0.5)]


def test_fusion_adds_weighted_reciprocal_ranks():
    dense = [("a", "a#0", 0.9), ("b", "b#0", 0.8)]
    lexical = [("b", "b#0", 7.0), ("c", "c#0", 3.0)]
    fused = reciprocal_rank_fusion([(dense, 1.0), (lexical, 0.5)])
    scores = {d.doc_id: d.score for d in fused}
    assert scores["a"] == 1.0 / (RRF_K + 1)
    assert scores["b"] == 1.0 / (RRF_K + 2) + 0.5 / (RRF_K + 1)
    assert scores["c"] == 0.5 / (RRF_K + 2)
    assert [d.doc_id for d in fused] == ["b", "a", "c"]


def test_a_document_found_by_both_beats_one_found_by_one_at_the_same_rank():
    fused = reciprocal_rank_fusion([([("a", "a#0", 1), ("b", "b#0", 1)], 1.0), ([("b", "b#1", 1)], 1.0)])
    assert fused[0].doc_id == "b"


def test_the_passage_comes_from_the_list_that_ranked_the_document_highest():
    dense = [("x", "x#0", 1), ("y", "y#0", 1), ("b", "b#dense", 1)]
    lexical = [("b", "b#lexical", 1)]
    fused = {d.doc_id: d for d in reciprocal_rank_fusion([(dense, 1.0), (lexical, 0.5)])}
    assert fused["b"].chunk_id == "b#lexical"


def test_ties_are_broken_by_document_id_for_stable_output():
    fused = reciprocal_rank_fusion([([("z", "z#0", 1)], 1.0), ([("m", "m#0", 1)], 1.0)])
    assert [d.doc_id for d in fused] == ["m", "z"]
