"""Structure of the locked triage set v2 (tests/data/vignettes_locked2.jsonl).

Reads the file as JSON only: no triage, no suggestion, no model. The cases are
never tuned on (see tests/data/VIGNETTES_LOCKED2.md); these checks guard the
file's shape, its balance and that each label quotes its guideline word for word.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "data" / "vignettes_locked2.jsonl"
GUIDELINES = ROOT / "resources" / "guidelines"

KEYS = {
    "id",
    "case_description",
    "expected_priority",
    "category",
    "topic",
    "population",
    "guideline",
    "justification",
}
BAND = {
    "emergent": {"Critical", "High"},
    "non_emergent": {"Medium"},
    "self_care": {"Low"},
}
ID_PREFIX = {"em": "emergent", "ne": "non_emergent", "sc": "self_care"}

# Ages as the cases write them: "76-year-old", "44 yo", "a man of 70 years",
# and a GP note's opening "69M." / "6F.".
AGE_PATTERNS = (
    re.compile(r"\b(\d+)[- ]years?[- ]old\b", re.I),
    re.compile(r"\b(\d+)\s*(?:yo|y/o|yrs?)\b", re.I),
    re.compile(r"\b(\d+)\s+years\b", re.I),
    re.compile(r"^(\d+)[MF]\b"),
)
# A calendar date (12/03/2026, 2026-03-12); GP shorthand such as "2/7" or
# "18/40" has two parts and is allowed.
DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
PHONE = re.compile(r"\b\d{3,5}[ -]?\d{3}[ -]?\d{3,4}\b")


def _rows() -> list[dict]:
    with SET.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _guideline_lines(stem: str) -> set[str]:
    text = (GUIDELINES / f"{stem}.md").read_text(encoding="utf-8")
    lines = set()
    for line in text.splitlines():
        line = line.strip()
        lines.add(line[2:] if line.startswith("- ") else line)
    return lines


ROWS = _rows()


def test_keys_and_types():
    for row in ROWS:
        assert set(row) == KEYS, row.get("id")
        for key in KEYS:
            assert isinstance(row[key], str) and row[key].strip(), (row["id"], key)
        assert row["population"] in {"adult", "child"}, row["id"]


def test_ids_unique_and_name_their_category():
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    for row in ROWS:
        match = re.fullmatch(r"lk2-(em|ne|sc)-(\d{3})", row["id"])
        assert match, row["id"]
        assert ID_PREFIX[match.group(1)] == row["category"], row["id"]


def test_balance():
    assert len(ROWS) >= 96
    per_category = Counter(row["category"] for row in ROWS)
    assert set(per_category) == set(BAND)
    assert len(set(per_category.values())) == 1, per_category
    assert Counter(row["population"] for row in ROWS)["child"] >= 30


def test_category_agrees_with_priority():
    for row in ROWS:
        assert row["expected_priority"] in BAND[row["category"]], row["id"]


def test_every_guideline_is_used_and_exists():
    used = {row["guideline"] for row in ROWS}
    on_disk = {path.stem for path in GUIDELINES.glob("*.md")}
    assert used <= on_disk, used - on_disk
    assert used == on_disk, on_disk - used


def _label_context(stem: str, quoted: str) -> str:
    """The quoted line, plus the band heading above it when the line is one
    item of a list such as "Adult bands (any single one) -> Critical:"."""
    text = (GUIDELINES / f"{stem}.md").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(text):
        line = line.strip()
        if (line[2:] if line.startswith("- ") else line) != quoted:
            continue
        for above in reversed(text[:index]):
            above = above.strip()
            if not above.startswith("- "):
                return quoted + " " + (above if above.endswith(":") else "")
        return quoted
    return ""


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_justification_is_a_line_of_its_guideline(row):
    justification = row["justification"]
    assert justification in _guideline_lines(row["guideline"])
    section = (GUIDELINES / f"{row['guideline']}.md").read_text(encoding="utf-8")
    red_flags = section.split("## Red flags", 1)[1].split("## Self-care", 1)[0]
    assert justification in red_flags, "quote a red-flag or disposition line"
    # The quoted line (or its band heading) names the label it sets.
    assert row["expected_priority"] in _label_context(row["guideline"], justification), row["id"]


def test_lengths():
    for row in ROWS:
        words = len(row["case_description"].split())
        assert 60 <= words <= 260, (row["id"], words)


def test_no_age_over_89_and_no_dates_or_phone_numbers():
    for row in ROWS:
        text = row["case_description"]
        for pattern in AGE_PATTERNS:
            for age in pattern.findall(text):
                assert int(age) <= 89, (row["id"], age)
        assert not DATE.search(text), row["id"]
        assert not PHONE.search(text), row["id"]


def test_age_check_can_fail():
    # The age patterns do see the forms the cases use.
    samples = ["A 91-year-old man", "93 yo woman", "92M. Fell.", "aged 95 years"]
    for sample in samples:
        assert any(
            int(age) > 89 for pattern in AGE_PATTERNS for age in pattern.findall(sample)
        ), sample
