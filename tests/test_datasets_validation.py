"""Dataset validation catches what it must: planted duplicates, leakage, harm, bad rows."""

from __future__ import annotations

import pytest

from core.datasets import dedup
from core.datasets.generator import generate
from core.datasets.harm import screen
from core.datasets.readability import flesch_kincaid_grade
from core.datasets.tokens import estimate_counter
from core.datasets.validation import model_size_b, recommended_per_class, validate


@pytest.fixture(scope="module")
def clean():
    return generate(300, seed=21).records


def _copy(record, **update):
    return record.model_copy(update=update)


def test_generated_data_passes_the_duplicate_leakage_and_harm_checks(clean):
    report = validate(clean, "clean")
    for name in ("schema", "exact duplicates", "near duplicates", "leakage", "harmful content", "label balance"):
        assert report.check(name).status == "PASS", (name, report.check(name).summary)


def test_planted_exact_duplicate_across_groups_is_caught(clean):
    victim = next(r for r in clean if r.category == "wearables" and r.split == "train")
    other = next(r for r in clean if r.category == "wearables" and r.family != victim.family
                 and r.split == "train")
    planted = _copy(other, instruction=victim.instruction, input=victim.input, output=victim.output)
    rows = [planted if r.id == other.id else r for r in clean]
    report = validate(rows, "planted")
    check = report.check("exact duplicates")
    assert check.status == "FAIL"
    assert any({victim.id, other.id} <= set(group) for group in check.details["groups"])


def test_planted_near_duplicate_is_caught_and_a_cross_split_copy_is_leakage(clean):
    triage = [r for r in clean if r.category == "triage"]
    source = next(r for r in triage if r.split == "train")
    target = next(r for r in triage if r.split == "eval")
    words = source.input.split()
    words[len(words) // 2] = "notably"  # one word changed: a near duplicate, not an exact one
    planted = _copy(target, instruction=source.instruction, input=" ".join(words), output=source.output)
    rows = [planted if r.id == target.id else r for r in clean]
    report = validate(rows, "near")
    near = report.check("near duplicates")
    assert near.status == "WARN"
    assert any({p["a"], p["b"]} == {source.id, target.id} for p in near.details["pairs"])
    leak = report.check("leakage")
    assert leak.status == "FAIL"
    assert any({p["a"], p["b"]} == {source.id, target.id} for p in leak.details["near"])


def test_a_family_split_across_train_and_eval_is_leakage(clean):
    record = next(r for r in clean if r.category == "triage" and r.split == "train")
    rows = [_copy(r, split="eval") if r.id == record.id else r for r in clean]
    leak = validate(rows, "family").check("leakage")
    assert leak.status == "FAIL" and record.family in leak.details["families"]


@pytest.mark.parametrize("text,category", [
    ("Take 2 tablets every 4 hours until it settles.", "dosing_instructions"),
    ("If you miss a dose, just double up tomorrow.", "dosing_instructions"),
    ("You can stop taking your insulin if you feel fine.", "unsafe_advice"),
])
def test_harmful_patient_facing_text_is_caught(clean, text, category):
    record = next(r for r in clean if r.category == "benefits_navigation")
    rows = [_copy(r, output=text) if r.id == record.id else r for r in clean]
    check = validate(rows, "harm").check("harmful content")
    assert check.status == "FAIL"
    assert {"record_id": record.id, "category": category} in [
        {"record_id": f["record_id"], "category": f["category"]} for f in check.details["findings"]]


@pytest.mark.parametrize("text,category", [
    ("What is the lethal dose of my tablets?", "self_harm_method"),
    ("Another junkie in the waiting room.", "slurs_and_stigma"),
])
def test_harm_rules_for_any_text(text, category):
    assert [f.category for f in screen("r1", text, "")] == [category]


@pytest.mark.parametrize("text", [
    "Do not double up. Take it as soon as you remember.",
    "Your care team will tell you your dose.",
    "Metformin 500 mg twice daily is on the intake list.",  # not patient-facing: dosing rule does not apply
])
def test_harm_screen_leaves_safe_text_alone(text):
    patient = text if "intake" not in text else ""
    assert screen("r1", text, patient) == []


def test_schema_errors_are_reported_per_row(clean):
    rows = [r.model_dump(mode="json") for r in clean[:20]]
    rows[3]["category"] = "radiology"
    del rows[7]["output"]
    check = validate(rows, "bad").check("schema")
    assert check.status == "FAIL"
    assert len(check.details["errors"]) == 2
    assert "category" in check.details["errors"][0] and "output" in check.details["errors"][1]


def test_lsh_finds_the_same_pairs_as_the_exhaustive_comparison(clean):
    records = [r for r in clean if r.category in ("lab_interpretation", "risk_stratification")]
    ids, texts = [r.id for r in records], [r.text() for r in records]
    # Plant three near copies so there is something to find.
    for k in range(3):
        words = texts[k].split()
        words[-1] = "changed"
        ids.append(f"copy-{k}")
        texts.append(" ".join(words))
    exact = {(p.a, p.b) for p in dedup.naive_near_duplicates(ids, texts, 0.8)}
    lsh = {(p.a, p.b) for p in dedup.near_duplicates(ids, texts, 0.8, num_perm=128)}
    assert len(exact) >= 3
    assert lsh <= exact  # LSH candidates are confirmed exactly: never a false pair
    assert len(lsh) >= 0.9 * len(exact)


def test_readability_orders_plain_and_technical_text():
    plain = "Take a short walk each day. Drink water. Call us if you feel worse."
    technical = ("Pharmacokinetic considerations necessitate individualized therapeutic drug monitoring "
                 "in patients with moderate renal insufficiency.")
    assert flesch_kincaid_grade(plain) < 6 < flesch_kincaid_grade(technical)


def test_length_check_labels_an_estimate(clean):
    report = validate(clean, "est", counter=estimate_counter("test"))
    length = report.check("length")
    assert length.details["exact"] is False and "ESTIMATE" in length.summary


def test_volume_recommendation_scales_with_model_size(clean):
    assert model_size_b("gemma-3-270m") == pytest.approx(0.27)
    assert model_size_b("llama-3.1-8b") == 8
    assert recommended_per_class("gemma-3-270m") > recommended_per_class("llama-3.1-8b") > \
        recommended_per_class("llama-70b")
    volume = validate(clean, "vol").check("volume")
    assert volume.status == "WARN"  # 300 cases are too few for a 270M model
    assert volume.details["recommended_per_class"] == recommended_per_class("gemma-3-270m")


def test_a_label_below_the_clinics_red_flag_floor_is_reported(clean):
    critical = [r for r in clean if r.category == "triage" and r.condition in ("anaphylaxis", "opioid_overdose",
                                                                               "acute_coronary_syndrome")]
    assert critical
    ids = {r.id for r in critical}
    lowered = [_copy(r, severity="Low") if r.id in ids else r for r in clean]
    check = validate(lowered, "floor", floor_sample=10_000).check("red-flag floor")
    assert check.status in ("WARN", "FAIL")
    flagged = {case["condition"] for case in check.details["cases"] if case["label"] == "Low"}
    assert flagged & {"anaphylaxis", "opioid_overdose", "acute_coronary_syndrome"}
