"""The generator's target drafts are drafts a nurse could use: the model learns to write what it is shown."""

from __future__ import annotations

import pytest

from core.evaluation import drafts


@pytest.fixture(scope="module")
def records():
    from core.datasets.generator import generate

    return [r.model_dump() for r in generate(160, seed=17, categories=["triage"], variants=1,
                                              story_style="mixed").records]


def _case_text(record):
    from core.triage.pipeline import patient_text, to_intake

    return patient_text(to_intake(record["intake"]))


def test_nearly_every_target_passes_the_draft_check_on_its_own_case(records):
    verdicts = [drafts.check_draft(r["target"], _case_text(r)) for r in records]
    failing = [(r["id"], v.failures[0].rule, v.failures[0].text) for r, v in zip(records, verdicts) if not v.usable]
    assert len(failing) <= len(records) * 0.03, failing[:5]


def test_key_concerns_are_the_cases_own_findings_and_never_repeat(records):
    for record in records:
        concerns = record["target"]["key_concerns"]
        assert 1 <= len(concerns) <= 3, record["id"]
        facts = drafts.case_facts(_case_text(record))
        grounded = [c for c in concerns if drafts.grounded(c, facts)]
        assert len(grounded) >= len(concerns) - 1, (record["id"], concerns)  # social-history items may not show
        normal = [" ".join(drafts.words(c)) for c in concerns]
        assert len(set(normal)) == len(normal), concerns


def test_the_assessment_is_hedged_about_this_patient(records):
    for record in records:
        text = record["target"]["preliminary_assessment"]
        assert drafts.HEDGES.search(text), text
        assert text.startswith(f"{record['intake']['age']}-year-old"), text


def test_targets_cite_the_presentations_protocol_where_it_has_one(records):
    from core.datasets.conditions import load_library

    library = load_library()
    with_protocol = 0
    for record in records:
        condition = library.by_id(record["condition"])
        expected = [condition.guideline] if condition.guideline else []
        assert record["target"]["cited_passages"] == expected, record["id"]
        with_protocol += bool(expected)
    assert with_protocol > 0  # the sample reaches presentations with a protocol
