"""The written case reports (training material of the priority suggestion): their shape and labels."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from core.datasets.case_reports import load_case_reports
from core.triage.priority import Priority

GUIDELINES = Path(__file__).resolve().parents[1] / "resources" / "guidelines"
DATA = Path(__file__).parent / "data"
BAND = {"Critical": "emergent", "High": "emergent", "Medium": "non_emergent", "Low": "self_care"}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_case_reports_are_balanced_labelled_case_reports():
    reports = load_case_reports()
    assert len(reports) >= 200
    assert len({r.case_id for r in reports}) == len(reports)
    counts = Counter(r.category for r in reports)
    assert set(counts) == {"emergent", "non_emergent", "self_care"}
    assert min(counts.values()) >= len(reports) // 3 - 10
    assert Counter(r.population for r in reports)["child"] >= len(reports) // 4
    assert {r.batch for r in reports} == {1, 2, 3, 4, 5}
    for r in reports:
        Priority.parse(r.priority)
        assert BAND[r.priority] == r.category, r.case_id
        assert r.case_id.startswith(f"cr{r.batch}-{ {'emergent': 'em', 'non_emergent': 'ne', 'self_care': 'sc'}[r.category]}-")
        assert len(r.text.split()) >= 30, r.case_id
    # Case reports, not complaints: most state examination findings and observations.
    examined = [r for r in reports if re.search(r"examination|observations|visual acuity", r.text, re.I)]
    assert len(examined) >= 0.9 * len(reports)


def test_each_label_quotes_its_protocol_line_word_for_word():
    for r in load_case_reports():
        protocol = _flat((GUIDELINES / f"{r.guideline}.md").read_text(encoding="utf-8"))
        line = _flat(r.justification)
        assert line in protocol, (r.case_id, r.guideline, line)
        assert r.priority in line.replace("Low to Medium", "Low Medium"), (r.case_id, line)


def test_no_case_report_repeats_an_evaluation_case():
    """Training material shares no text with the development sets (the locked set is not read here)."""
    dev = [json.loads(line)["case_description"] for name in ("vignettes.jsonl", "vignettes_dev2.jsonl")
           for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    sentences = {s.lower() for text in dev for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 12}
    for r in load_case_reports():
        mine = {s.lower() for s in re.split(r"(?<=[.!?])\s+", r.text) if len(s.split()) >= 12}
        assert not mine & sentences, (r.case_id, mine & sentences)
