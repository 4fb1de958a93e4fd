"""The shipped model evaluated through the real triage pipeline (llama.cpp, red-flag rules, Chroma, checks).

Slow: a few real model runs. What must hold whatever the base model answers:
every case is assessed in both modes, the floor can only raise the pipeline's
priority over the model's own, nothing reaches the nurse's queue, and the
perplexity of a held-out answer is a real number from the model's logits.
"""

from __future__ import annotations

import json
import math

import pytest

from core.evaluation import cases as case_sets
from core.evaluation import runner
from core.evaluation import store as evaluations

pytestmark = pytest.mark.slow

HELD_OUT = {
    "id": "triage-000001-v0", "category": "triage", "split": "eval",
    "intake": {"age": 67, "sex": "male", "story": "Sudden crushing chest pain for 30 minutes, sweating.",
               "vitals": {"heart_rate": 112}},
    "target": {"priority": "Critical", "confidence": 0.8, "key_concerns": ["Chest pain with sweating"],
               "questions_to_ask": ["When did it start?"],
               "preliminary_assessment": "May suggest an acute coronary syndrome; emergency transfer.",
               "cited_passages": []},
}


def test_base_model_through_the_nurses_pipeline(workspace, tmp_path):
    # Generous limit: on a loaded 2-core machine a draft can take tens of seconds.
    workspace.config["triage"] = {"timeout_s": 240}
    vignette = case_sets.VIGNETTES.read_text(encoding="utf-8").splitlines()[0]  # em01, chest pain
    train_row = dict(HELD_OUT, id="triage-000002-v0", split="train")
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join([vignette, json.dumps(HELD_OUT), json.dumps(train_row)]) + "\n", encoding="utf-8")
    case_set = case_sets.resolve_set(str(mixed))
    assert [c.case_id for c in case_set.cases] == ["em01", "triage-000001-v0"]  # training rows never evaluate

    run = runner.evaluate_version(workspace, "base", case_set)
    full, alone = run.result("pipeline"), run.result("model_only")
    assert [o.case_id for o in full.outcomes] == ["em01", "triage-000001-v0"]
    for with_floor, without in zip(full.outcomes, alone.outcomes):
        assert without.floor is None  # model_only skips the red-flag rules
        if with_floor.floor is not None:
            assert with_floor.predicted >= with_floor.floor
        elif with_floor.model_priority is not None:
            assert with_floor.predicted == with_floor.model_priority
        assert with_floor.latency_s > 0
    # crushing chest pain with sweating: the red-flag floor makes the pipeline emergent whatever the model says
    assert full.outcomes[0].floor is not None and full.outcomes[0].predicted.is_emergent
    assert 0.0 <= full.summary.json_validity <= 1.0
    ppl = full.summary.perplexity  # the held-out record's reference answer, from llama.cpp logits
    assert ppl is not None and math.isfinite(ppl) and 1.0 < ppl < 262144
    assert alone.summary.perplexity is None
    assert workspace.db.execute("SELECT count(*) FROM review_cases").fetchone()[0] == 0
    assert len(evaluations.for_version(workspace.db, "base")) == 2
    assert run.report.is_file()
