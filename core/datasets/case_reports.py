"""Written case reports: training material for the priority suggestion that is not templated.

``core/datasets/library/case_reports.jsonl`` holds synthetic clinical case reports written for
this project (session 13, issue 13) in the style of a clinic's notes: history, examination
findings, vital signs and results, adults and children, about a third each emergent (Critical
or High), non-emergent (Medium) and self-care (Low). None is a patient's record and none is
copied from a published source. They were written to include the presentations that defeat a
reader of short stories: can't-miss emergencies with mild-sounding complaints (a "stomach ache"
that is a torsion, "indigestion" that is a heart attack, a well-looking child who may have
swallowed a button battery) and benign cases whose reports are long and full of
alarming-sounding negatives or normal results.

Each line: ``id`` (``cr<batch>-<em|ne|sc>-<nn>``), ``batch`` (the writing batch, 1-5: the
cross-validation folds of ``python -m core.triage.suggestion cv``), ``case_description``,
``expected_priority``, ``category`` (emergent, non_emergent, self_care), ``topic``,
``population`` (adult, child), ``guideline`` (a protocol in ``resources/guidelines``) and
``justification``: the protocol's own line that sets the label, word for word (checked by
``tests/test_case_reports.py``).

They are training data, not an evaluation set: figures on them are cross-validated (a writing
batch held out at a time), never a measure of unseen performance on their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CASE_REPORTS = Path(__file__).parent / "library" / "case_reports.jsonl"


@dataclass(frozen=True)
class CaseReport:
    """One written case report and its label."""

    case_id: str
    batch: int
    text: str
    priority: str
    category: str
    topic: str
    population: str
    guideline: str
    justification: str


def load_case_reports(path: Path = CASE_REPORTS) -> list[CaseReport]:
    """The written case reports, in file order."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append(CaseReport(r["id"], int(r["batch"]), r["case_description"], r["expected_priority"],
                                  r["category"], r["topic"], r["population"], r["guideline"], r["justification"]))
    return out
