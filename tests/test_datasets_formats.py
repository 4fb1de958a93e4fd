"""Training formats round-trip; the on-disk layout writes whole or not at all."""

from __future__ import annotations

import json

import pytest

from core.datasets import formats, store
from core.datasets.generator import generate
from core.errors import ValidationError


@pytest.fixture(scope="module")
def records():
    return generate(80, seed=4).records


def test_instruction_format_round_trips_with_metadata(records, tmp_path):
    counts = formats.export(records, "instruction", tmp_path)
    rows = formats.read_export(tmp_path / "train.jsonl", "instruction") + \
        formats.read_export(tmp_path / "eval.jsonl", "instruction")
    assert len(rows) == len(records) == counts["train"] + counts["eval"]
    by_id = {r.id: r for r in records}
    for row in rows:
        original = by_id[row["metadata"]["id"]]
        assert (row["instruction"], row["input"], row["output"]) == \
            (original.instruction, original.input, original.output)
        assert row["metadata"]["source"] == "synthetic"
        assert row["metadata"]["category"] == original.category
        assert row["metadata"]["icd10"] == original.icd10


def test_chat_lines_hold_only_messages_in_the_fine_tuning_format(records, tmp_path):
    formats.export(records, "chat", tmp_path)
    rows = formats.read_export(tmp_path / "train.jsonl", "chat")
    assert rows and all(set(row) == {"messages"} for row in rows)
    for row in rows:
        roles = [m["role"] for m in row["messages"]]
        assert roles[0] == "system" and roles[-1] == "assistant" and "user" in roles


def test_conversation_format_keeps_every_turn(records, tmp_path):
    formats.export(records, "conversation", tmp_path)
    rows = {r["id"]: r for name in ("train", "eval")
            for r in formats.read_export(tmp_path / f"{name}.jsonl", "conversation")}
    multi = [r for r in records if r.messages and len(r.messages) > 3]
    assert multi
    for record in multi:
        assert rows[record.id]["messages"] == [m.model_dump() for m in record.messages]


def test_hf_export_loads_back(records, tmp_path):
    from datasets import load_from_disk

    formats.export(records, "hf", tmp_path / "hf")
    loaded = load_from_disk(str(tmp_path / "hf"))
    assert set(loaded) == {"train", "eval"}
    assert loaded["train"].num_rows + loaded["eval"].num_rows == len(records)
    row = next(r for r in loaded["train"] if r["category"] == "triage")
    assert json.loads(row["target_json"])["priority"] in ("Critical", "High", "Medium", "Low")


def test_bad_export_lines_are_refused(tmp_path):
    path = tmp_path / "chat.jsonl"
    path.write_text(json.dumps({"messages": [{"role": "user", "content": "hi"}], "extra": 1}) + "\n")
    with pytest.raises(ValidationError, match="only 'messages'"):
        formats.read_export(path, "chat")
    with pytest.raises(ValidationError, match="format"):
        formats.check_format("parquet")


def test_layout_and_atomic_write(records, tmp_path):
    data = generate(40, seed=2)
    folder = tmp_path / "demo"
    digest = store.write_dataset(folder, data.raw, data.records, {"name": "demo"})
    assert {p.name for p in folder.iterdir()} == {"raw", "processed", "augmented", "manifest.json"}
    assert (folder / "raw" / "triage.jsonl").exists() and (folder / "augmented" / "triage.jsonl").exists()
    assert all(r.variant == 0 for r in store.read_records(folder, ("processed",)))
    assert store.read_records(folder) == sorted(data.records, key=lambda r: (r.category, r.group_id, r.variant))
    assert store.content_hash(folder) == digest
    with pytest.raises(ValidationError, match="already exists"):
        store.write_dataset(folder, data.raw, data.records, {"name": "demo"})
    # A failing write leaves the existing dataset untouched and no staging folder behind.
    broken = data.records[:3] + ["not a record"]
    with pytest.raises(AttributeError):
        store.write_dataset(folder, data.raw, broken, {"name": "demo"}, replace=True)
    assert store.content_hash(folder) == digest
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]


@pytest.mark.parametrize("name", ["", "Has Space", "../up", "_hidden", "x" * 65])
def test_bad_dataset_names_are_refused(name):
    with pytest.raises(ValidationError, match="name"):
        store.check_name(name)
