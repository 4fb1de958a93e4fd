"""Prompt-engineering assessment: the few-shot prompt and the recommendation rule."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from core.evaluation import prompting
from core.evaluation.store import EvaluationRecord


def _config(label, rank, recall, under, f1, latency=1.0):
    config = prompting.Configuration(label, "v1" if rank >= 2 else "base",
                                     "few_shot" if rank % 2 else "default", rank)
    metrics = {"emergent_recall": recall, "under_triage_rate": under, "macro_f1": f1, "latency_p50_s": latency}
    config.records = {"pipeline": EvaluationRecord("x", "s", "h", "pipeline", "default", 10, metrics)}
    return config


@pytest.mark.parametrize("rows, kind, chosen", [
    # few-shot as safe as fine-tuning and within the F1 margin: prompting is enough
    ([(0.7, 0.2, 0.40), (0.9, 0.05, 0.60), (0.9, 0.05, 0.61), (0.9, 0.05, 0.62)], "prompting", 1),
    # only the fine-tuned model reaches the best emergent recall
    ([(0.7, 0.2, 0.40), (0.8, 0.1, 0.60), (0.95, 0.0, 0.60), (0.95, 0.0, 0.61)], "fine-tune", 2),
    # fine-tuned + examples is clearly better on F1 at the same safety
    ([(0.7, 0.2, 0.40), (0.8, 0.1, 0.50), (0.95, 0.0, 0.60), (0.95, 0.0, 0.70)], "both", 3),
    # nothing beats the shipped prompt
    ([(0.9, 0.0, 0.60), (0.9, 0.0, 0.55), (0.9, 0.0, 0.59), (0.85, 0.0, 0.70)], "prompting", 0),
    # a better F1 never buys a lower emergent recall
    ([(0.9, 0.0, 0.30), (0.8, 0.0, 0.90), (0.8, 0.0, 0.95), (0.8, 0.0, 0.99)], "prompting", 0),
])
def test_recommendation_table(rows, kind, chosen):
    configs = [_config(f"c{i}", i, *row) for i, row in enumerate(rows)]
    got_kind, got_chosen, reasons = prompting.recommend(configs, {"summary": "1.00 USD"})
    assert (got_kind, got_chosen.cost_rank) == (kind, chosen)
    assert any("Latency" in r for r in reasons)


def test_without_a_fine_tuned_version_says_so():
    configs = [_config("base", 0, 0.5, 0.3, 0.3), _config("few", 1, 0.6, 0.2, 0.4)]
    kind, chosen, reasons = prompting.recommend(configs, {})
    assert (kind, chosen.cost_rank) == ("prompting", 1)
    assert any("No fine-tuned version" in r for r in reasons)


def test_few_shot_template_holds_valid_examples():
    from core.triage.assessment import parse_draft
    from core.triage.prompt import PromptTemplate

    template = prompting.few_shot_template()
    base = PromptTemplate.load()
    assert template.system.startswith(base.system) and template.user == base.user
    answers = [line for line in template.system.splitlines() if line.startswith("{")]
    assert len(answers) == 4
    priorities = [parse_draft(a).draft.priority.label for a in answers]  # each a valid draft
    assert sorted(priorities) == sorted(["Critical", "High", "Medium", "Low"])
    assert "Example 4:" in template.system


def test_assess_prompting_reuses_matching_evaluations(bare_workspace):
    # Only the base model: the shipped adapter would add a fine-tuned row this test does not stage.
    workspace = bare_workspace
    from core.evaluation import store as evaluations
    from core.evaluation.cases import resolve_set

    case_set = resolve_set("vignettes", limit=4)
    calls = []

    def fake_evaluate(ws, version_id, cs, *, prompting, **kwargs):
        calls.append((version_id, prompting))
        results = []
        with ws.transaction():
            for mode in ("pipeline", "model_only"):
                record = evaluations.append(ws.db, EvaluationRecord(
                    version_id, cs.name, cs.set_hash, mode, prompting, 4,
                    {"emergent_recall": 0.5 if prompting == "default" else 1.0, "under_triage_rate": 0.25,
                     "macro_f1": 0.4, "latency_p50_s": 2.0}, actor="admin"))
                results.append(SimpleNamespace(mode=mode, record=record))
        return SimpleNamespace(results=results)

    first = prompting.assess_prompting(workspace, case_set, evaluate=fake_evaluate)
    assert calls == [("base", "default"), ("base", "few_shot")]
    assert (first.recommendation, first.chosen.prompting) == ("prompting", "few_shot")
    assert first.report.is_file() and "Recommendation: **prompting**" in first.report.read_text("utf-8")
    prompting.assess_prompting(workspace, case_set, evaluate=fake_evaluate)
    assert len(calls) == 2  # same set fingerprint: reused, not run again
    json.dumps([c.label for c in first.configurations])


def test_few_shot_pipeline_builds_the_examples_into_the_prompt():
    from core.triage.settings import TriageSettings

    class WordEngine:  # counts words as tokens; the builder needs nothing else
        n_ctx = 8192

        def count_tokens(self, text):
            return len(text.split())

        def chat_prompt(self, system, user):
            return f"{system}\n---\n{user}"

    engine = WordEngine()
    few = prompting.pipeline_with_prompt(None, engine, TriageSettings(), "few_shot")
    plain = prompting.pipeline_with_prompt(None, engine, TriageSettings(), "default")
    few_text = few._builder(engine).build("Patient: 40-year-old, male.").text
    plain_text = plain._builder(engine).build("Patient: 40-year-old, male.").text
    assert "Example 4:" in few_text and "Example 1:" not in plain_text
    assert few_text.endswith(plain_text.split("---", 1)[1])  # same patient block, only the instructions differ
    with pytest.raises(Exception, match="prompt style"):
        prompting.pipeline_with_prompt(None, engine, TriageSettings(), "chain_of_thought")
