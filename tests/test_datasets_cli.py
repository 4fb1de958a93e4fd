"""`prescreen data …` on a real (SQLCipher) workspace, as the admin would run it."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from conftest import ADMIN, ADMIN_PASSWORD, make_user

from core.datasets.tokens import gemma_counter

AS_ADMIN = {"user": ADMIN, "password": ADMIN_PASSWORD}


def _init(cli):
    rc, _, err = cli("init", "--admin", ADMIN, "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 0, err


def _open(home):
    from core.workspace import Workspace

    return Workspace.open(home, ADMIN, ADMIN_PASSWORD)


def test_generate_list_export_and_new_versions(cli, home, tmp_path):
    _init(cli)
    rc, out, err = cli("data", "generate", "--n", "60", "--seed", "7", "--out", "demo", **AS_ADMIN)
    assert rc == 0, err
    assert "generated 'demo' version 1" in out and "PHI audit: not audited" in out
    folder = home / "datasets" / "demo"
    for layer in ("raw", "processed", "augmented"):
        assert (folder / layer / "triage.jsonl").exists()
    for fmt in ("instruction", "chat", "conversation"):
        assert (folder / "export" / fmt / "train.jsonl").exists()
    dictionary = (home / "reports" / "data-dictionary-demo-v1.md").read_text()
    assert "## Record fields" in dictionary and "Generator seed | 7" in dictionary
    assert (home / "reports" / "data-dictionary-demo-v1.html").read_text().startswith("<!DOCTYPE html>")

    rc, _, err = cli("data", "generate", "--n", "60", "--out", "demo", **AS_ADMIN)
    assert rc == 2 and "already exists" in err and "--replace" in err
    rc, out, err = cli("data", "generate", "--n", "40", "--seed", "8", "--out", "demo", "--replace",
                       "--categories", "triage,wearables", **AS_ADMIN)
    assert rc == 0 and "version 2" in out, err

    rc, out, _ = cli("data", "list", "--json", "--csv", tmp_path / "versions.csv", **AS_ADMIN)
    listed = json.loads(out[out.index("["):])
    assert [(m["name"], m["version"], m["generator_seed"]) for m in listed] == [("demo", 2, 8)]
    assert set(listed[0]["categories"]) == {"triage", "wearables"}
    rows = list(csv.DictReader(open(tmp_path / "versions.csv")))
    assert [r["version"] for r in rows] == ["1", "2"] and rows[0]["audit_status"] == "not audited"

    rc, out, err = cli("data", "export", "demo", "--format", "hf", **AS_ADMIN)
    assert rc == 0, err
    assert (folder / "export" / "hf" / "dataset_dict.json").exists()
    rc, _, err = cli("data", "export", "missing", "--format", "chat", **AS_ADMIN)
    assert rc == 2 and "no dataset 'missing'" in err

    with _open(home) as ws:
        events = [e for e in ws.audit.events(action="dataset.")]
        assert [e.action for e in events] == ["dataset.generate", "dataset.generate", "dataset.export"]
        assert all("Patient" not in e.detail and "story" not in e.detail for e in events)


def test_tracking_table_is_append_only(workspace):
    from core.datasets.service import generate_dataset

    generate_dataset(workspace, "small", n=12, seed=1)
    for statement in ("UPDATE dataset_versions SET size = 1", "DELETE FROM dataset_versions"):
        with pytest.raises(Exception, match="append-only"):
            workspace.db.execute(statement)
    count = workspace.db.execute("SELECT COUNT(*) FROM dataset_versions").fetchone()[0]
    assert count == 1


def test_only_an_admin_may_manage_data(cli, home):
    _init(cli)
    with _open(home) as ws:
        password = make_user(ws, "nina", "nurse")
    rc, _, err = cli("data", "generate", "--n", "10", "--out", "x", user="nina", password=password)
    assert rc == 2 and "may not manage data" in err
    assert not (home / "datasets" / "x").exists()
    rc, _, err = cli("data", "generate", "--n", "10", "--out", "Bad Name", **AS_ADMIN)
    assert rc == 2 and "name" in err


@pytest.fixture(scope="session")
def converted_tokenizer(tmp_path_factory):
    """The Gemma 3 tokenizer converted once per session (about half a minute)."""
    cache = tmp_path_factory.mktemp("tokenizer-cache")
    counter = gemma_counter(cache)
    if not counter.exact:
        pytest.skip(f"Gemma tokenizer unavailable: {counter.note}")
    return cache


@pytest.mark.slow
def test_validate_and_calibration_with_the_real_tokenizer(cli, home, converted_tokenizer):
    _init(cli)
    # Reuse the session's converted tokenizer the way a workspace reuses its own cache.
    for folder in converted_tokenizer.iterdir():
        shutil.copytree(folder, home / "cache" / folder.name)
    rc, _, err = cli("data", "generate", "--n", "120", "--seed", "3", "--out", "demo", **AS_ADMIN)
    assert rc == 0, err
    rc, out, err = cli("data", "validate", "demo", **AS_ADMIN)
    assert "Validation of 'demo'" in out, err
    for line in ("[PASS] schema", "[PASS] leakage", "[PASS] harmful content", "[PASS] label balance"):
        assert line in out
    assert "gemma-3-270m" in out and "ESTIMATE" not in out
    assert "[WARN] volume" in out  # 120 cases are too few for the 270M target

    rc, out, err = cli("data", "calibration", "--mix", "documentation", "--samples", "40", "--min-tokens", "32",
                       "--max-tokens", "400", "--dataset", "demo", **AS_ADMIN)
    assert rc == 0, err
    stats = json.loads((home / "datasets" / "_calibration" / "calibration-documentation-40-s0.stats.json").read_text())
    assert stats["samples"] == 40 and stats["exact_tokens"] is True
    assert 32 <= stats["length"]["min"] and stats["length"]["max"] <= 400
    assert stats["source_mix"]["guidelines"] == pytest.approx(0.6, abs=0.05)
    assert stats["verdict"] in ("good", "usable with caveats") and "verdict:" in out


def test_a_failed_tracking_write_leaves_no_files(workspace, monkeypatch):
    from core.datasets import service

    def broken(ws, manifest):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "record_version", broken)
    with pytest.raises(RuntimeError):
        service.generate_dataset(workspace, "halfway", n=10, seed=1)
    folder = workspace.paths.datasets / "halfway"
    assert not folder.exists()
    assert [p.name for p in workspace.paths.datasets.iterdir()] == []  # no staging folder left either
    assert workspace.audit.events(action="dataset.generate") == []
