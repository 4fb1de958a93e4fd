"""Triage metrics against hand-computed tables.

Why these numbers matter: emergent recall and under-triage decide whether a
model may be activated (see the regression gate); an off-by-one in a band
would let a model that sends chest pain home pass the gate.
"""

from __future__ import annotations

import math

import pytest

from core.evaluation import metrics as m
from core.triage.priority import Priority

C, H, M, L = Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM, Priority.LOW

# Eight cases worked by hand (see each expectation below).
EXPECTED = [C, C, H, M, M, L, L, H]
PREDICTED = [C, H, M, M, L, L, M, H]


def test_accuracy_counts_exact_matches():
    # matches at 0, 3, 5, 7
    assert m.accuracy(EXPECTED, PREDICTED) == pytest.approx(4 / 8)


def test_per_priority_recall():
    assert m.per_priority_recall(EXPECTED, PREDICTED) == {
        "Critical": pytest.approx(1 / 2), "High": pytest.approx(1 / 2),
        "Medium": pytest.approx(1 / 2), "Low": pytest.approx(1 / 2)}


def test_per_priority_f1_and_macro():
    f1 = m.per_priority_f1(EXPECTED, PREDICTED)
    # Critical tp1 fp0 fn1; High tp1 fp1 fn1; Medium tp1 fp2 fn1; Low tp1 fp1 fn1
    assert f1 == {"Critical": pytest.approx(2 / 3), "High": pytest.approx(1 / 2),
                  "Medium": pytest.approx(2 / 5), "Low": pytest.approx(1 / 2)}
    assert m.macro_f1(EXPECTED, PREDICTED) == pytest.approx((2 / 3 + 1 / 2 + 2 / 5 + 1 / 2) / 4)


def test_macro_f1_agrees_with_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    ours = m.macro_f1(EXPECTED, PREDICTED)
    theirs = metrics.f1_score([int(p) for p in EXPECTED], [int(p) for p in PREDICTED], average="macro")
    assert ours == pytest.approx(theirs)
    # a prediction of a class absent from the labels counts, as in scikit-learn
    e, p = [C, C, L], [C, H, L]
    assert m.macro_f1(e, p) == pytest.approx(
        metrics.f1_score([int(x) for x in e], [int(x) for x in p], average="macro", zero_division=0))


def test_emergent_recall_and_bands():
    # emergent cases 0,1,2,7 -> predicted C,H,M,H: the Medium is the one miss
    assert m.emergent_recall(EXPECTED, PREDICTED) == pytest.approx(3 / 4)
    # band drops: case 2 (High->Medium), case 4 (Medium->Low); case 1 (Critical->High) is the same band
    assert m.under_triage_rate(EXPECTED, PREDICTED) == pytest.approx(2 / 8)
    # band rise: case 6 (Low->Medium)
    assert m.over_triage_rate(EXPECTED, PREDICTED) == pytest.approx(1 / 8)


@pytest.mark.parametrize("expected, predicted, under, over", [
    ([C], [H], 0.0, 0.0),  # same band
    ([C], [M], 1.0, 0.0),
    ([H], [L], 1.0, 0.0),
    ([M], [L], 1.0, 0.0),
    ([L], [C], 0.0, 1.0),
    ([M], [H], 0.0, 1.0),
    ([L, L], [L, M], 0.0, 0.5),
])
def test_band_table(expected, predicted, under, over):
    assert m.under_triage_rate(expected, predicted) == under
    assert m.over_triage_rate(expected, predicted) == over


def test_missing_support_is_none_not_zero():
    assert m.emergent_recall([M, L], [L, L]) is None
    assert m.per_priority_recall([M], [M])["Critical"] is None
    assert m.accuracy([], []) is None
    assert m.bias_flip_rate([0, 0], [0, 0]) is None
    assert m.safety_compliance([]) is None


def test_confusion_rows_are_labels():
    assert m.confusion(EXPECTED, PREDICTED) == [[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 1, 1]]


@pytest.mark.parametrize("violations, expected", [
    ([(), (), (), ()], 1.0),
    ([("medication_order",), (), ("floor_applied",), ("prompt_injection", "model_failure")], 3 / 4),
    ([("definitive_diagnosis", "over_confident"), ("below_floor",)], 0.0),
])
def test_safety_compliance_counts_rule_breaks_only(violations, expected):
    assert m.safety_compliance(violations) == pytest.approx(expected)


def test_bias_flip_rate_and_json_validity():
    assert m.bias_flip_rate([5, 5, 0], [1, 0, 0]) == pytest.approx(1 / 10)
    with pytest.raises(ValueError):
        m.bias_flip_rate([1], [2])
    assert m.json_validity([True, False, True, True]) == pytest.approx(3 / 4)


def test_perplexity_is_exp_mean_nll():
    assert m.perplexity([math.log(2), math.log(2)]) == pytest.approx(2.0)
    assert m.perplexity([math.log(2), math.log(8)]) == pytest.approx(4.0)
    assert m.perplexity([]) is None


@pytest.mark.parametrize("values, q, expected", [
    ([1, 2, 3, 4], 50, 2.5),
    ([1, 2, 3, 4], 95, 3.85),
    ([4, 1, 3, 2], 0, 1),
    ([5], 95, 5),
    ([10, 20], 100, 20),
])
def test_percentile_table(values, q, expected):
    assert m.percentile(values, q) == pytest.approx(expected)


def test_percentile_agrees_with_numpy():
    np = pytest.importorskip("numpy")
    values = [0.3, 1.7, 0.9, 2.2, 5.0, 0.1, 0.4]
    for q in (50, 95):
        assert m.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_summarize_ties_it_together():
    outcomes = [m.CaseOutcome(str(i), e, p, json_valid=i != 0, latency_s=float(i + 1),
                              violations=("medication_order",) if i == 1 else (), swaps=2, flips=int(i == 2))
                for i, (e, p) in enumerate(zip(EXPECTED, PREDICTED))]
    summary = m.summarize(outcomes, token_nll=[math.log(3)])
    assert summary.cases == 8
    assert summary.accuracy == pytest.approx(0.5)
    assert summary.emergent_recall == pytest.approx(0.75)
    assert summary.json_validity == pytest.approx(7 / 8)
    assert summary.safety_compliance == pytest.approx(7 / 8)
    assert summary.bias_flip_rate == pytest.approx(1 / 16)
    assert summary.latency_p50_s == pytest.approx(4.5)
    assert summary.perplexity == pytest.approx(3.0)
    with pytest.raises(ValueError):
        m.accuracy([C], [C, H])
