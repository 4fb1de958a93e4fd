"""Vignette-style synthetic triage cases: clinical case reports beside the short stories."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ADMIN, ADMIN_PASSWORD

from core.datasets.conditions import load_library
from core.datasets.generator import generate
from core.datasets.vignettes import load_findings, pertinent_negatives
from core.errors import ValidationError
from core.triage.lexicon import Lexicon


@pytest.fixture(scope="module")
def vignettes():
    return [r for r in generate(160, 4, ["triage"], variants=1, story_style="vignette").records]


def test_vignettes_read_like_case_reports(vignettes):
    for r in vignettes:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", r.input) if s]
        assert len(sentences) >= 6, r.input
        assert re.search(r"heart rate \d+ beats per minute", r.input) and "mmHg" in r.input
        assert r.input == r.intake["story"] and "Vitals:" not in r.input
        assert json.loads(r.output)["priority"] == r.severity
    ages = [r.intake["age"] for r in vignettes]
    assert min(ages) < 12 and max(ages) >= 65
    child = next(r for r in vignettes if r.intake["age"] < 12)
    assert "brought to the clinic by" in child.input


def test_a_vignette_states_its_presentation_s_results_in_prose():
    data = generate(400, 2, ["triage"], variants=1, story_style="vignette").records
    potassium = [r for r in data if r.condition == "hyperkalaemia"]
    assert potassium and all(re.search(r"potassium \d\.\d mmol/L", r.input, re.I) for r in potassium)
    ectopic = [r for r in data if r.condition == "ectopic_pregnancy_mild_sounding"]
    assert ectopic and all("pregnancy test" in r.input for r in ectopic)


def test_pertinent_negatives_never_deny_the_case_s_own_findings(vignettes):
    lexicon = Lexicon.load_default()
    for r in vignettes[:60]:
        own = {m.concept for s in r.intake["symptoms"] for m in lexicon.find(s["name"])}
        denied = {m.concept for m in lexicon.find(r.input) if m.status == "negated"}
        assert not own & denied, (r.condition, own & denied, r.input)


@pytest.mark.parametrize("said,never", [
    (["mild breathlessness"], "shortness of breath"),
    (["fever", "rash"], "fever"),
    (["sore tummy", "periumbilical pain"], "abdominal pain"),
])
def test_pertinent_negatives_table(said, never):
    assert never not in pertinent_negatives(said)


def test_mixed_style_writes_both_and_is_reproducible():
    first = generate(80, 5, ["triage"], variants=1, story_style="mixed").records
    again = generate(80, 5, ["triage"], variants=1, story_style="mixed").records
    assert [r.input for r in first] == [r.input for r in again]
    reports = sum("On examination" in r.input or "Observations:" in r.input or "Vital signs: temperature" in r.input
                  for r in first)
    assert 20 <= reports <= 60


def test_vignette_labels_are_at_or_above_the_red_flag_floor(vignettes):
    from core.datasets.validation import check_floor

    check = check_floor(vignettes, sample=len(vignettes))
    assert check.status == "PASS", check.summary


def test_every_findings_entry_names_a_library_condition():
    ids = {c.id for c in load_library().conditions}
    assert set(load_findings()) <= ids


def test_an_unknown_style_is_refused_naming_the_field():
    with pytest.raises(ValidationError, match="style") as info:
        generate(4, 1, ["triage"], story_style="essay")
    assert "vignette" in str(info.value)


def test_cli_generates_vignette_style_cases(cli, home):
    rc, _, err = cli("init", "--admin", ADMIN, "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 0, err
    rc, out, err = cli("data", "generate", "--n", "12", "--seed", "3", "--categories", "triage", "--variants", "1",
                       "--style", "vignette", "--out", "cases", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0, err
    rows = [json.loads(line) for line in (home / "datasets" / "cases" / "processed" / "triage.jsonl")
            .read_text().splitlines()]
    assert rows and all("beats per minute" in row["input"] for row in rows)


def test_the_priority_suggestion_trains_on_both_story_styles():
    from core.triage.suggestion import BUILD_STYLE, synthetic_cases

    assert BUILD_STYLE == "mixed"
    cases = synthetic_cases(40, 3)
    texts = [text for split in cases.values() for text, _ in split]
    reports = [t for t in texts if "beats per minute" in t]
    assert 0 < len(reports) < len(texts)
