"""Regression gate classification: thresholds, critical metrics, trends, config overrides."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.evaluation import gate

BASE = {"emergent_recall": 0.90, "under_triage_rate": 0.05, "safety_compliance": 1.0, "accuracy": 0.70,
        "macro_f1": 0.60, "over_triage_rate": 0.20, "bias_flip_rate": 0.02, "json_validity": 1.0,
        "draft_usable_rate": 0.5, "perplexity": 4.0, "latency_p50_s": 2.0, "latency_p95_s": 3.0}


@pytest.fixture(scope="module")
def rules():
    return gate.load_rules()


def _status(comparisons, metric):
    return next(c for c in comparisons if c.metric == metric)


def test_identical_models_pass(rules):
    comparisons = gate.compare(BASE, dict(BASE), rules)
    assert {c.status for c in comparisons} == {gate.PASS}
    assert gate.verdict(comparisons) == (gate.PASS, False)


@pytest.mark.parametrize("metric, value, status, blocking", [
    ("emergent_recall", 0.85, gate.FAIL, True),     # any drop in emergent recall is critical
    ("emergent_recall", 0.95, gate.PASS, False),    # a rise is fine
    ("under_triage_rate", 0.10, gate.PASS, False),  # +0.05 in any band: within tolerance
    ("under_triage_rate", 0.12, gate.WARN, False),  # +0.07: warn
    ("under_triage_rate", 0.20, gate.FAIL, False),  # +0.15: fail, shown, but not blocking on its own
    ("under_triage_rate", 0.0, gate.PASS, False),
    ("safety_compliance", 0.95, gate.FAIL, True),   # any drop in safety compliance
    ("accuracy", 0.69, gate.PASS, False),           # 0.01 worse: within warn 0.02
    ("accuracy", 0.67, gate.WARN, False),           # 0.03 worse: warn
    ("accuracy", 0.60, gate.FAIL, False),           # 0.10 worse: fail, but not critical
    ("over_triage_rate", 0.27, gate.WARN, False),   # 0.07 more over-triage
    ("draft_usable_rate", 0.47, gate.WARN, False),  # 0.03 fewer usable drafts
    ("draft_usable_rate", 0.40, gate.FAIL, False),  # 0.10 fewer: fail, not critical
    ("draft_usable_rate", 0.90, gate.PASS, False),
    ("perplexity", 4.4, gate.WARN, False),          # +10 % (relative)
    ("perplexity", 5.2, gate.FAIL, False),          # +30 %
    ("latency_p95_s", 6.5, gate.FAIL, False),       # more than doubled
])
def test_one_metric_changed(rules, metric, value, status, blocking):
    candidate = dict(BASE, **{metric: value})
    comparisons = gate.compare(BASE, candidate, rules)
    found = _status(comparisons, metric)
    assert (found.status, found.blocking) == (status, blocking)
    others = [c for c in comparisons if c.metric != metric]
    assert all(c.status == gate.PASS for c in others)
    assert gate.verdict(comparisons) == (status, blocking)


#: A base that rates everything Critical, as the shipped 270M does: every emergent case found,
#: nothing under-triaged, most of the rest over-triaged.
ALL_CRITICAL = dict(BASE, emergent_recall=1.0, under_triage_rate=0.0, over_triage_rate=0.67, accuracy=0.25,
                    macro_f1=0.10, safety_compliance=0.68)


def test_a_candidate_that_tells_a_cold_from_an_emergency_passes_against_an_all_critical_base(rules):
    # the first fine-tuned adapter's profile: all emergencies still found, three Medium cases of 60 called Low
    candidate = dict(ALL_CRITICAL, under_triage_rate=0.05, over_triage_rate=0.40, accuracy=0.53, macro_f1=0.51,
                     safety_compliance=0.95)
    comparisons = gate.compare(ALL_CRITICAL, candidate, rules)
    assert gate.verdict(comparisons) == (gate.PASS, False)


def test_one_emergency_under_triaged_still_blocks_against_an_all_critical_base(rules):
    # same better profile, but one emergent case of 20 fell to Medium: emergent recall 1.00 -> 0.95
    candidate = dict(ALL_CRITICAL, emergent_recall=0.95, under_triage_rate=0.0167, over_triage_rate=0.40,
                     accuracy=0.53, macro_f1=0.51, safety_compliance=0.95)
    comparisons = gate.compare(ALL_CRITICAL, candidate, rules)
    assert _status(comparisons, "emergent_recall").blocking
    assert _status(comparisons, "under_triage_rate").status == gate.PASS  # the block comes from emergent recall
    assert gate.verdict(comparisons) == (gate.FAIL, True)


def test_missing_values(rules):
    candidate = dict(BASE, emergent_recall=None, perplexity=None)
    comparisons = gate.compare(BASE, candidate, rules)
    # a critical metric the candidate cannot show is a blocking failure; perplexity is merely skipped
    assert _status(comparisons, "emergent_recall").blocking
    assert _status(comparisons, "perplexity").status == gate.SKIP
    both_missing = gate.compare(dict(BASE, emergent_recall=None), dict(BASE, emergent_recall=None), rules)
    assert _status(both_missing, "emergent_recall").status == gate.SKIP


def test_trend_flags_a_slow_slide(rules):
    history = [("v1", {"emergent_recall": 0.95}), ("v2", {"emergent_recall": 0.93}),
               ("v3", {"emergent_recall": 0.93})]
    findings = gate.trend(history, {"emergent_recall": 0.93}, rules)
    slide = next(f for f in findings if f.metric == "emergent_recall")
    assert (slide.status, slide.best_version) == (gate.WARN, "v1")
    assert slide.worse_by == pytest.approx(0.02)
    # only the window counts: v1 is out of a window of 2
    narrow = gate.GateRules(rules.rules, trend_window=2)
    assert all(f.status == gate.PASS for f in gate.trend(history, {"emergent_recall": 0.93}, narrow))
    assert gate.verdict([], findings) == (gate.WARN, False)


def test_workspace_overrides(rules):
    custom = gate.load_rules({"regression_gate": {"metrics": {"accuracy": {"warn": 0.1, "fail": 0.2}}}})
    comparisons = gate.compare(BASE, dict(BASE, accuracy=0.60), custom)
    assert _status(comparisons, "accuracy").status == gate.PASS
    assert custom.rules["emergent_recall"] == rules.rules["emergent_recall"]


@pytest.mark.parametrize("override, field", [
    ({"metrics": {"acuracy": {"warn": 0.1}}}, "regression_gate.metrics.acuracy"),
    ({"metrics": {"accuracy": {"warn": -1}}}, "regression_gate.metrics.accuracy.warn"),
    ({"metrics": {"accuracy": {"warn": 0.3, "fail": 0.1}}}, "regression_gate.metrics.accuracy.fail"),
    ({"metrics": {"accuracy": {"limit": 0.3}}}, "regression_gate.metrics.accuracy.limit"),
    ({"trend_window": "five"}, "regression_gate.trend_window"),
    ({"strict": True}, "regression_gate.strict"),
])
def test_bad_overrides_name_the_field(override, field):
    with pytest.raises(ValidationError) as info:
        gate.load_rules({"regression_gate": override})
    assert info.value.field == field
