"""The synthetic clinical PHI set: big enough, every identifier covered, spans exact, reproducible."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

from core.phi.hipaa import HipaaIdentifier, identifier_of

DATA = Path(__file__).parent / "data"


def _rows():
    return [json.loads(line) for line in (DATA / "phi_clinical.jsonl").read_text(encoding="utf-8").splitlines()]


def test_sizes_and_coverage():
    rows = _rows()
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["phi"] >= 300 and kinds["clean"] >= 200 and kinds["holdout"] >= 50
    covered = {identifier_of(s["entity_type"]) for r in rows for s in r["spans"]}
    assert covered == set(HipaaIdentifier)
    assert all(not r["spans"] for r in rows if r["kind"] == "clean")
    assert all(r["spans"] for r in rows if r["kind"] in ("phi", "holdout"))


def test_spans_are_inside_their_text_and_do_not_overlap():
    for row in _rows():
        spans = sorted(row["spans"], key=lambda s: s["start"])
        for a, b in zip(spans, spans[1:]):
            assert a["end"] <= b["start"], row["id"]
        for s in spans:
            value = row["text"][s["start"]:s["end"]]
            assert value and value == value.strip(), row["id"]


def test_generator_is_reproducible():
    spec = importlib.util.spec_from_file_location("make_phi_clinical", DATA / "make_phi_clinical.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build(5) == [{k: r[k] for k in ("id", "kind", "text", "spans")} for r in _rows()]
