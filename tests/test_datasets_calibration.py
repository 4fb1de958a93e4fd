"""Calibration sets: mix, token window, statistics and verdict."""

from __future__ import annotations

import json

import pytest

from core.datasets import calibration
from core.datasets.generator import generate
from core.datasets.tokens import estimate_counter
from core.errors import ValidationError


@pytest.fixture(scope="module")
def records():
    return generate(300, seed=12).records


@pytest.mark.parametrize("mix", sorted(calibration.MIXES))
def test_each_mix_fills_its_quota_within_the_window(records, mix):
    counter = estimate_counter("test")
    cal = calibration.build(mix, records, counter, samples=60, min_tokens=40, max_tokens=400, seed=1)
    stats = cal.stats
    assert stats["samples"] == 60 and len(cal.samples) == 60
    assert all(40 <= s["tokens"] <= 400 for s in cal.samples)
    for source, share in calibration.MIXES[mix].items():
        assert stats["source_mix"][source] == pytest.approx(share, abs=0.05)
    assert stats["medical_vocabulary_share"] >= calibration.MIN_MEDICAL_SHARE
    # The estimate is named as a caveat, so the verdict is never a plain "good" with it.
    assert stats["verdict"] == "usable with caveats" and stats["exact_tokens"] is False


def test_an_impossible_window_gives_a_poor_verdict_not_a_crash(records):
    cal = calibration.build("qa", records, estimate_counter("test"), samples=50, min_tokens=2, max_tokens=3)
    assert cal.stats["samples"] == 0 and cal.stats["verdict"] == "poor"
    assert any("only 0 of 50" in p for p in cal.stats["problems"])


def test_guideline_passages_come_from_the_knowledge_base_files():
    passages = calibration.guideline_passages()
    assert len(passages) >= 20
    assert not any(p.startswith("id:") for p in passages)  # front matter stripped


def test_written_files(records, tmp_path):
    cal = calibration.build("clinical", records, estimate_counter("test"), samples=20, min_tokens=30,
                            max_tokens=500)
    paths = calibration.write(cal, tmp_path, "cal")
    assert json.loads(paths["stats"].read_text())["samples"] == 20
    assert len(paths["jsonl"].read_text().splitlines()) == 20
    assert cal.samples[0]["text"] in paths["text"].read_text()


@pytest.mark.parametrize("kwargs,field", [
    ({"mix": "poetry"}, "mix"), ({"samples": 0}, "samples"), ({"min_tokens": 300, "max_tokens": 100}, "min-tokens"),
])
def test_bad_parameters_name_the_field(records, kwargs, field):
    args = {"mix": "clinical", "samples": 10, "min_tokens": 10, "max_tokens": 100, **kwargs}
    mix = args.pop("mix")
    with pytest.raises(ValidationError, match=field):
        calibration.build(mix, records, estimate_counter("test"), **args)
