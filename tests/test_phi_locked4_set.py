"""Locked PHI set v4 (issue 15, round 5): size, coverage, exact offsets, reproducibility, no overlap, hard negatives."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from core.phi.hipaa import ENTITY_IDENTIFIERS, HipaaIdentifier

DATA = Path(__file__).parent / "data"
MONTH = "|".join(["January", "February", "March", "April", "June", "July", "August", "September", "October",
                   "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept?", "Oct", "Nov",
                   "Dec"])
EARLIER = ("phi_dev.jsonl", "phi_locked.jsonl", "phi_locked2.jsonl", "phi_locked3.jsonl", "phi_clinical.jsonl")


@lru_cache(maxsize=None)
def _rows(name: str = "phi_locked4.jsonl") -> tuple[dict, ...]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@lru_cache(maxsize=1)
def _generator():
    spec = importlib.util.spec_from_file_location("make_phi_locked4", DATA / "make_phi_locked4.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _spans(entity_type: str) -> list[str]:
    return [s["value"] for r in _rows() for s in r["spans"] if s["entity_type"] == entity_type]


def _identifier(entity_type: str) -> HipaaIdentifier:
    return HipaaIdentifier.GEOGRAPHIC if entity_type == "FACILITY" else ENTITY_IDENTIFIERS[entity_type]


def _shape(value: str) -> str:
    return re.sub(r"[a-z]+", "a", re.sub(r"[A-Z]+", "A", re.sub(r"\d+", "9", value)))


def test_size_and_kinds():
    kinds = Counter(r["kind"] for r in _rows())
    assert kinds["phi"] >= 600 and kinds["clean"] >= 150 and set(kinds) == {"phi", "clean"}
    assert all(r["spans"] for r in _rows() if r["kind"] == "phi")
    assert not any(r["spans"] for r in _rows() if r["kind"] == "clean")
    assert len({r["id"] for r in _rows()}) == len(_rows())


def test_every_identifier_and_entity_type_has_enough_spans():
    per_type = Counter(s["entity_type"] for r in _rows() for s in r["spans"])
    v3_types = {s["entity_type"] for r in _rows("phi_locked3.jsonl") for s in r["spans"]}
    assert set(per_type) == v3_types and v3_types <= set(ENTITY_IDENTIFIERS) | {"FACILITY"}
    assert min(per_type.values()) >= 30
    by_identifier = Counter()
    for entity_type, n in per_type.items():
        by_identifier[_identifier(entity_type)] += n
    assert set(by_identifier) == set(HipaaIdentifier) and min(by_identifier.values()) >= 30


@pytest.mark.parametrize("entity_type, minimum", [("FACILITY", 150), ("OTHER_ID", 60), ("HEALTH_PLAN_NUMBER", 40),
                                                  ("AGE_OVER_89", 60), ("DATE", 100), ("PERSON", 200),
                                                  ("LOCATION", 60)])
def test_hard_classes_are_weighted(entity_type, minimum):
    assert len(_spans(entity_type)) >= minimum


@pytest.mark.parametrize("form, pattern, minimum", [
    ("saint or Mount", r"^(?:St\.? |Saint |Mt\.? |Mount )", 40),
    ("abbreviation", r"^[A-Z]{3,5}$", 20),
    ("casual lower case", r"^[a-z][a-z .']+$", 20),
    ("urgent care or walk-in", r"Urgent Care|Walk-In|Express|QuickCare", 25),
    ("care home", r"Care Home|Nursing|Manor|Assisted Living|Gardens|Lodge|Rest Home|Residential", 25),
    ("dialysis or kidney unit", r"(?i)dialysis|kidney|renal", 25),
    ("named with its town", r"^University of |Hospital of |"
                            r" (?:General|Memorial|VA Clinic|Medical Clinic|Family Practice)$", 10),
    ("health centre", r"Health Cent(?:re|er)|FQHC|Free Clinic|Tribal", 10),
    ("Mercy or other faith name", r"Mercy|Good Shep|Sacred Heart|Providence|Baptist|Methodist|Lutheran|Adventist"
                                  r"|Presbyterian|Good Samaritan", 15),
])
def test_facility_names_come_in_the_hard_forms(form, pattern, minimum):
    assert sum(bool(re.search(pattern, v)) for v in _spans("FACILITY")) >= minimum, form


def test_prefixed_identifiers_have_letters_and_dashes():
    prefixed = [v for v in _spans("OTHER_ID") + _spans("DEVICE_ID")
                if re.match(r"[A-Za-z]", v) and "-" in v]
    assert len(prefixed) >= 60
    assert len({re.match(r"[A-Za-z]+", v).group() for v in prefixed}) >= 15  # CASE, ACC, RX, ORD, CLM, SITE, ...


def test_names_dates_and_ages_come_in_many_forms():
    names = _spans("PERSON")
    assert sum(bool(re.fullmatch(r"[^,]+, [^,]+", n)) for n in names) >= 20  # "Last, First"
    assert sum(n == n.lower() for n in names) >= 5 and sum(bool(re.match(r"[A-Z]\. ", n)) for n in names) >= 5
    assert len({_shape(d) for d in _spans("DATE")}) >= 15
    rows = [r for r in _rows() if r["kind"] == "phi"]
    ages = [(s["value"], r["text"][s["end"]:s["end"] + 4]) for r in rows for s in r["spans"]
            if s["entity_type"] == "AGE_OVER_89"]
    numeric = [v for v, _ in ages if v.isdigit()]
    assert all(int(v) >= 90 for v in numeric) and len(numeric) < len(ages)  # some spelled out ("ninety-four")
    assert len({after for _, after in ages}) >= 10
    assert sum(len(r["spans"]) >= 2 for r in rows) / len(rows) >= 0.8


def test_offsets_in_the_file_are_exact_trimmed_and_disjoint():
    for row in _rows():
        _generator().check_row(row)


@pytest.mark.parametrize("spans", [
    [{"start": 7, "end": 22, "value": " Mercy Regional"}],  # not trimmed
    [{"start": 8, "end": 22, "value": "Mercy Regionals"}],  # not the text at the offsets
    [{"start": 8, "end": 13, "value": "Mercy"}, {"start": 8, "end": 22, "value": "Mercy Regional"}],  # overlapping
    [{"start": 22, "end": 22, "value": ""}],  # empty
])
def test_the_offset_check_refuses_a_bad_span(spans):
    row = {"id": "x", "text": "seen at Mercy Regional", "spans": [{"entity_type": "FACILITY", **s} for s in spans]}
    with pytest.raises(AssertionError):
        _generator().check_row(row)
    _generator().check_row({**row, "spans": [{"entity_type": "FACILITY", "start": 8, "end": 22,
                                              "value": "Mercy Regional"}]})


def test_the_file_is_what_the_generator_writes():
    module = _generator()
    assert tuple(module.build(module.SEED)) == _rows()
    assert module.build(module.SEED + 1) != list(_rows())


def test_no_text_or_template_is_shared_with_the_earlier_sets():
    earlier = [r["text"] for name in EARLIER for r in _rows(name)]
    assert not {r["text"] for r in _rows()} & set(earlier)
    corpus = "\n".join(earlier)
    module = _generator()
    fragments = [f.strip() for t in module.PHI_TEMPLATES + module.CLEAN_TEMPLATES for f in re.split(r"\{\w+\}", t)]
    assert [f for f in fragments if len(f) >= 20 and f in corpus] == []


def test_clean_texts_are_dense_with_eponyms_city_scores_and_generic_places():
    module = _generator()
    clean = [r["text"] for r in _rows() if r["kind"] == "clean"]
    eponyms = (module.SIGNS + module.REFLEXES + module.MANOEUVRES + module.OB_MANOEUVRES + module.VERTIGO_MANOEUVRES
               + module.DISEASES + module.INSTRUMENTS + module.TESTS + module.STAINS + module.FINDINGS + module.SCORES
               + module.CITY_SCORES)
    assert all(any(e in t for e in eponyms) for t in clean)
    assert sum(sum(e in t for e in eponyms) >= 2 for t in clean) / len(clean) >= 0.8
    assert sum(any(c in t for c in module.CITY_SCORES) for t in clean) >= 40
    assert sum(any(g in t for g in module.GENERIC_PLACES) for t in clean) >= 100
    assert sum(any(o in t for o in module.OLD_BUT_OK) for t in clean) >= 5  # "in her 90s": not an exact age


def test_clean_texts_hold_no_age_over_89_and_no_day_level_date():
    module = _generator()
    for row in (r for r in _rows() if r["kind"] == "clean"):
        text = row["text"]
        for o in module.OLD_BUT_OK:
            text = text.replace(o, "")
        assert not re.search(r"\b(?:9\d|1\d\d)(?:yo| ?y/?o|M\b|F\b|-year-old| years? old)", text), row["id"]
        assert not re.search(rf"\b\d{{1,2}}/\d{{1,2}}\b|\b(?:{MONTH})\b\.? \d", text), row["id"]
