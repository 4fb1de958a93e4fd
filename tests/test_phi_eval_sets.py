"""The issue-15 evaluation sets: the locked sets (each written before a round of tuning) and the development set."""

from __future__ import annotations

import importlib.util
import json
import random
from collections import Counter
from pathlib import Path

import pytest

from core.phi.hipaa import ENTITY_IDENTIFIERS, HipaaIdentifier

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _generator(name: str):
    spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _identifier(entity_type: str) -> HipaaIdentifier:
    return HipaaIdentifier.GEOGRAPHIC if entity_type == "FACILITY" else ENTITY_IDENTIFIERS[entity_type]


@pytest.mark.parametrize("name", ["phi_locked.jsonl", "phi_locked2.jsonl", "phi_locked3.jsonl"])
def test_locked_set_size_and_coverage(name):
    rows = _rows(name)
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["phi"] >= 500 and kinds["clean"] >= 100
    assert {_identifier(s["entity_type"]) for r in rows for s in r["spans"]} == set(HipaaIdentifier)
    per_type = Counter(s["entity_type"] for r in rows for s in r["spans"])
    assert per_type["FACILITY"] >= 150 and per_type["OTHER_ID"] >= 40
    by_identifier = Counter(_identifier(t) for t, n in per_type.items() for _ in range(n))
    assert min(by_identifier.values()) >= 20  # every identifier has enough spans for a per-class recall
    assert all(r["spans"] for r in rows if r["kind"] == "phi")
    assert not any(r["spans"] for r in rows if r["kind"] == "clean")


@pytest.mark.parametrize("name", ["phi_locked.jsonl", "phi_locked2.jsonl", "phi_locked3.jsonl", "phi_dev.jsonl",
                                  "phi_dev5.jsonl"])
def test_offsets_are_exact_trimmed_and_disjoint(name):
    for row in _rows(name):
        spans = sorted(row["spans"], key=lambda s: s["start"])
        for a, b in zip(spans, spans[1:]):
            assert a["end"] <= b["start"], row["id"]
        for s in spans:
            assert row["text"][s["start"]:s["end"]] == s["value"] == s["value"].strip() != "", row["id"]


def test_locked_set_clean_texts_are_dense_with_eponyms_and_generic_places():
    clean = [r["text"] for r in _rows("phi_locked.jsonl") if r["kind"] == "clean"]
    module = _generator("make_phi_locked")
    eponyms = module.DISEASES + module.SIGNS + module.SCORES + module.PROCEDURES + module.PLACE_DISEASES
    assert sum(any(e in t for e in eponyms) for t in clean) / len(clean) >= 0.8
    assert sum(any(g in t for g in module.GENERIC_PLACES) for t in clean) >= 50


@pytest.mark.parametrize("name, seed", [("make_phi_locked", 1515), ("make_phi_locked2", 2615),
                                        ("make_phi_locked3", 3717), ("make_phi_dev", 77),
                                        ("make_phi_dev5", 5505)])
def test_sets_are_reproducible(name, seed):
    rows = _rows(name.replace("make_", "") + ".jsonl")
    assert _generator(name).build(seed) == rows


def test_dev_and_locked_sets_share_no_text():
    names = ("phi_locked.jsonl", "phi_locked2.jsonl", "phi_dev.jsonl")
    texts = {name: {r["text"] for r in _rows(name)} for name in names}
    assert not texts["phi_locked.jsonl"] & texts["phi_dev.jsonl"]
    assert not texts["phi_locked2.jsonl"] & (texts["phi_dev.jsonl"] | texts["phi_locked.jsonl"])


def test_locked3_shares_no_text_with_the_earlier_sets():
    earlier = set()
    for name in ("phi_locked.jsonl", "phi_locked2.jsonl", "phi_dev.jsonl", "phi_clinical.jsonl"):
        earlier |= {r["text"] for r in _rows(name)}
    assert not {r["text"] for r in _rows("phi_locked3.jsonl")} & earlier


def test_locked3_clean_texts_are_dense_with_eponyms_scores_and_generic_places():
    clean = [r["text"] for r in _rows("phi_locked3.jsonl") if r["kind"] == "clean"]
    module = _generator("make_phi_locked3")
    eponyms = module.SIGNS + module.FINDINGS + module.DISEASES + module.DEVICES + module.SCORES
    assert sum(any(e in t for e in eponyms) for t in clean) / len(clean) >= 0.9
    assert sum(any(g in t for g in module.GENERIC_PLACES) for t in clean) >= 100


def test_locked3_texts_carry_several_identifiers_and_ages_in_many_forms():
    rows = [r for r in _rows("phi_locked3.jsonl") if r["kind"] == "phi"]
    assert sum(len(r["spans"]) >= 2 for r in rows) / len(rows) >= 0.5
    ages = [(s["value"], r["text"][s["end"]:s["end"] + 4]) for r in rows for s in r["spans"]
            if s["entity_type"] == "AGE_OVER_89"]
    assert all(int(value) >= 90 for value, _ in ages)
    assert len({after for _, after in ages}) >= 8  # "-year-old", " yo", "F", " yrs", ", ", ...


def test_dev5_covers_the_round5_classes_and_shares_no_text_with_earlier_sets():
    rows = _rows("phi_dev5.jsonl")
    assert len(rows) >= 200 and sum(r["kind"] == "clean" for r in rows) >= 50
    kinds = Counter(s["entity_type"] for r in rows for s in r["spans"])
    assert all(kinds[k] >= 10 for k in ("FACILITY", "PERSON", "LOCATION", "ZIP_CODE", "DATE", "OTHER_ID"))
    earlier = set()
    for name in ("phi_locked.jsonl", "phi_locked2.jsonl", "phi_locked3.jsonl", "phi_dev.jsonl", "phi_clinical.jsonl"):
        earlier |= {r["text"] for r in _rows(name)}
    assert not {r["text"] for r in rows} & earlier


def test_the_shared_filler_records_exact_spans_and_capitalises_where_asked():
    gen = _generator("phi_generator")
    value_of = lambda rng, entity, variant: f"{variant or 'ann'} lee"  # noqa: E731
    template = "{=who} met {PERSON}. {PERSON:bo} left; {PERSON}"
    fillers = {"who": lambda rng: "the nurse"}
    text, spans = gen.fill(random.Random(0), template, value_of, fillers, capitalize_after=(". ",))
    assert text == "The nurse met ann lee. Bo lee left; ann lee"
    assert [text[s["start"]:s["end"]] for s in spans] == [s["value"] for s in spans] == ["ann lee", "Bo lee", "ann lee"]
    text, spans = gen.fill(random.Random(0), template, value_of, fillers, record_value=False)
    assert text == "the nurse met ann lee. bo lee left; ann lee" and "value" not in spans[0]
    gen.check_rows([{"id": "a", "kind": "phi", "text": text, "spans": spans}])
    with pytest.raises(AssertionError):  # a PHI-free row with a span
        gen.check_rows([{"id": "a", "kind": "clean", "text": text, "spans": spans}])


def test_a_generator_command_writes_its_committed_file_byte_for_byte(tmp_path, monkeypatch, capsys):
    out = tmp_path / "dev5.jsonl"
    monkeypatch.setattr("sys.argv", ["make_phi_dev5.py", "--out", str(out)])
    assert _generator("make_phi_dev5").main() == 0
    assert out.read_bytes() == (DATA / "phi_dev5.jsonl").read_bytes()
    assert "wrote 286 rows" in capsys.readouterr().out
