"""Training examples in the engine's format: instruction, counterfactual, knowledge; dataset lineage."""

from __future__ import annotations

import json

import pytest

from core.errors import IntegrityError, ValidationError
from core.training import examples as ex


@pytest.fixture(scope="module")
def records():
    from core.datasets.generator import generate

    return [r.model_dump() for r in generate(12, seed=5, categories=["triage"], variants=1).records]


class WordTokenizer:
    """Counts words: enough for the prompt builder's context budget."""

    eos_token = "<eos>"

    def __call__(self, text, add_special_tokens=False):
        return {"input_ids": text.split()}


@pytest.fixture(scope="module")
def render():
    from core.training.prompting import prompt_renderer

    return prompt_renderer(WordTokenizer())


def test_instruction_examples_use_the_engine_prompt_and_schema(records, render):
    from core.triage.assessment import DRAFT_SCHEMA, parse_draft
    from core.triage.pipeline import patient_text, to_intake

    pairs = ex.instruction_examples(records, render)
    assert len(pairs) == len(records)
    first = pairs[0]
    # The patient block is the pipeline's own, between the engine's data delimiters.
    assert patient_text(to_intake(records[0]["intake"])) in first.prompt
    assert "<<<PATIENT_DATA>>>" in first.prompt and '"preliminary_assessment"' in first.prompt
    # The answer is what the engine's parser accepts, keys in schema order, compact.
    parsed = parse_draft(first.answer)
    assert parsed.json_valid, parsed.error
    assert list(json.loads(first.answer)) == list(DRAFT_SCHEMA["properties"])
    assert json.loads(first.answer)["priority"] == records[0]["target"]["priority"]


@pytest.mark.parametrize("cited,shown,expected", [
    (["chest-pain"], ["chest-pain", "sepsis"], ["chest-pain"]),  # its protocol is in the prompt
    (["chest-pain"], ["sepsis", "asthma"], ["sepsis"]),  # not shown: cite what the prompt leads with
    ([], ["sepsis", "asthma"], ["sepsis"]),
    (["chest-pain"], [], []),  # no passages in the prompt: nothing to cite
])
def test_a_target_cites_only_what_its_prompt_shows(cited, shown, expected):
    target = {"priority": "High", "cited_passages": cited}
    assert ex.cited_as_shown(target, shown)["cited_passages"] == expected
    assert target["cited_passages"] == cited  # the dataset's record is left as it is


def test_training_answers_cite_the_passage_the_prompt_shows(records):
    from core.training.prompting import prompt_renderer
    from core.triage.prompt import Passage

    shown = [Passage("sepsis", "Sepsis", "Two or more of: fast breathing, low blood pressure, new confusion.")]
    render = prompt_renderer(WordTokenizer(), retrieve=lambda intake: shown)
    pairs = ex.instruction_examples(records[:4], render)
    assert all("[sepsis] Sepsis:" in p.prompt for p in pairs)
    assert all(json.loads(p.answer)["cited_passages"] == ["sepsis"] for p in pairs)
    plain = ex.instruction_examples(records[:4], prompt_renderer(WordTokenizer()))
    assert all(json.loads(p.answer)["cited_passages"] == [] for p in plain)


def test_counterfactual_copies_swap_demographics_and_keep_the_label(records, render):
    pairs = ex.counterfactual_examples(records[:3], render)
    originals = ex.instruction_examples(records[:3], render)
    assert len(pairs) > 2 * len(originals)  # sex, race/ethnicity and (adults) age swaps
    assert pairs[: len(originals)] == originals
    answers = {p.answer for p in originals}
    assert all(p.answer in answers for p in pairs)  # same label for every swap
    swapped = ex.swap_demographics(records[0]["intake"])
    assert any(s["sex"] != records[0]["intake"]["sex"] for s in swapped)
    assert all(s["symptoms"] == records[0]["intake"]["symptoms"] for s in swapped)  # clinical facts unchanged


def test_bad_targets_and_records_name_the_field(records, render):
    bad = dict(records[0], target={**records[0]["target"], "priority": "Whenever"})
    with pytest.raises(ValidationError) as info:
        ex.instruction_examples([bad], render)
    assert info.value.field == "target.priority"
    with pytest.raises(ValidationError) as info:
        ex.instruction_examples([{"id": "x", "target": records[0]["target"]}], render)
    assert info.value.field == "record"


def test_knowledge_texts_split_into_windows():
    texts = ex.knowledge_texts()
    assert len(texts) >= 10
    tokenizer = type("T", (), {"bos_token_id": 2, "__call__": lambda self, t, add_special_tokens=False:
                               {"input_ids": list(range(len(t.split())))}})()
    windows = ex.tokenize_texts(texts[:3], tokenizer, max_length=64)
    assert all(len(w) <= 64 and w.input_ids[0] == 2 and w.loss_start == 1 for w in windows)
    total_words = sum(len(t.split()) for t in texts[:3])
    assert sum(len(w) - 1 for w in windows) >= total_words - 3 * 8  # only stray tails are dropped
    with pytest.raises(ValidationError):
        ex.knowledge_texts(folder=ex.GUIDELINES_DIR / "missing")


def test_training_records_are_the_train_split_and_lineage_is_checked(workspace):
    from core.datasets.service import generate_dataset
    from core.training.data import load_training_records

    generate_dataset(workspace, "cases", n=20, seed=1, categories=["triage"], variants=1, eval_share=0.3)
    source = load_training_records(workspace.paths.datasets, "cases")
    assert source.records and all(r["split"] == "train" for r in source.records)
    manifest = json.loads((source.folder / "manifest.json").read_text())
    assert source.manifest_hash == manifest["content_sha256"]
    # A dataset changed after it was written (and audited) is refused.
    target = next((source.folder / "processed").glob("*.jsonl"))
    target.write_text(target.read_text() + "\n")
    with pytest.raises(IntegrityError):
        load_training_records(workspace.paths.datasets, "cases")
