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
    vignettes = case_sets.resolve_set("vignettes", limit=2)
    run = runner.evaluate_version(workspace, "base", vignettes, perplexity=False)
    full, alone = run.result("pipeline"), run.result("model_only")
    assert [o.case_id for o in full.outcomes] == [c.case_id for c in vignettes.cases]
    for with_floor, without in zip(full.outcomes, alone.outcomes):
        assert with_floor.floor is not None or with_floor.predicted == with_floor.model_priority \
            or with_floor.model_priority is None
        assert without.floor is None  # model_only skips the red-flag rules
        if with_floor.floor is not None:
            assert with_floor.predicted >= with_floor.floor
        assert with_floor.latency_s > 0
    assert 0.0 <= full.summary.json_validity <= 1.0
    assert workspace.db.execute("SELECT count(*) FROM review_cases").fetchone()[0] == 0
    assert len(evaluations.for_version(workspace.db, "base")) == 2

    held_out = tmp_path / "eval.jsonl"
    train_row = dict(HELD_OUT, id="triage-000002-v0", split="train")
    held_out.write_text(json.dumps(HELD_OUT) + "\n" + json.dumps(train_row) + "\n", encoding="utf-8")
    split = case_sets.resolve_set(str(held_out))
    assert [c.case_id for c in split.cases] == ["triage-000001-v0"]  # training rows never evaluate
    scored = runner.evaluate_version(workspace, "base", split, modes=("pipeline",), write_report=False)
    ppl = scored.result("pipeline").summary.perplexity
    assert ppl is not None and math.isfinite(ppl) and 1.0 < ppl < 262144
