"""Training formats: instruction-response, chat, multi-turn conversation, Hugging Face.

* ``instruction``: ``{"instruction", "input", "output", "metadata": {...}}``.
* ``chat``: ``{"messages": [system, user, assistant, ...]}``, the OpenAI/Azure
  fine-tuning format; nothing but ``messages`` on a line, as those services require.
* ``conversation``: ``{"id", "messages", "metadata"}``; multi-turn records keep
  every turn, single-turn records become system/user/assistant.
* ``hf``: a ``datasets.DatasetDict`` (train/eval) saved with ``save_to_disk``.

Each writer puts ``train.jsonl`` and ``eval.jsonl`` in the destination folder.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from core.datasets.records import Message, Record
from core.datasets.store import read_jsonl, write_jsonl
from core.errors import ValidationError

FORMATS = ("instruction", "chat", "conversation", "hf", "csv")

#: The system message of single-turn chat examples, per category.
SYSTEM_PROMPTS = {
    "triage": "You are a triage assistant for nurses in a family clinic. You write a short preliminary assessment "
              "as JSON for a nurse to review. You never diagnose as fact, prescribe or give medicine doses.",
    "lab_interpretation": "You help a family clinic's care team and patients understand lab results and screening "
                          "scores. Be accurate and brief, and say what should happen next.",
    "risk_stratification": "You help a family clinic's care team decide who needs outreach. State the risk level, "
                           "the factors behind it and the next step.",
    "patient_conversation": "You are the patient assistant of a family clinic. Use plain, kind words.",
    "wearables": "You review wearable device readings for a family clinic and flag what needs attention.",
    "benefits_navigation": "You help patients of a family clinic find programs that pay for care, food, housing "
                           "and medicines. Use plain words and point them to the clinic's benefits navigator.",
}


def to_instruction(record: Record) -> dict:
    return {"instruction": record.instruction, "input": record.input, "output": record.output,
            "metadata": record.metadata()}


def to_messages(record: Record) -> list[dict]:
    """The record as chat messages (its own turns, or system/user/assistant)."""
    if record.messages:
        return [m.model_dump() for m in record.messages]
    user = record.instruction if not record.input else f"{record.instruction}\n\n{record.input}"
    return [{"role": "system", "content": SYSTEM_PROMPTS[record.category]},
            {"role": "user", "content": user},
            {"role": "assistant", "content": record.output}]


def to_chat(record: Record) -> dict:
    return {"messages": to_messages(record)}


def to_conversation(record: Record) -> dict:
    return {"id": record.id, "messages": to_messages(record), "metadata": record.metadata()}


_CONVERTERS = {"instruction": to_instruction, "chat": to_chat, "conversation": to_conversation}


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationError("format", f"'{fmt}' is not a dataset format", f"use one of {', '.join(FORMATS)}")
    return fmt


def export(records: list[Record], fmt: str, dest: Path) -> dict[str, int]:
    """Write ``records`` in ``fmt`` under ``dest``; returns rows written per split.

    Raises:
        ValidationError: unknown format.
    """
    check_format(fmt)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    splits = {name: [r for r in records if (r.split or "train") == name] for name in ("train", "eval")}
    if fmt == "hf":
        return export_hf(splits, dest)
    if fmt == "csv":
        return {name: write_csv(dest / f"{name}.csv", rows) for name, rows in splits.items()}
    convert = _CONVERTERS[fmt]
    return {name: write_jsonl(dest / f"{name}.jsonl", (convert(r) for r in rows)) for name, rows in splits.items()}


def export_hf(splits: dict[str, list[Record]], dest: Path) -> dict[str, int]:
    """A ``datasets.DatasetDict`` saved to ``dest`` (load with ``load_from_disk``)."""
    from datasets import Dataset, DatasetDict  # heavy: only when asked for

    parts = {}
    for name, rows in splits.items():
        if rows:
            parts[name] = Dataset.from_list([hf_row(r) for r in rows])
    DatasetDict(parts).save_to_disk(str(dest))
    return {name: len(rows) for name, rows in splits.items()}


def hf_row(record: Record) -> dict:
    """A flat row with fixed column types (nested intake/target kept as JSON text)."""
    return {
        "id": record.id, "group_id": record.group_id, "family": record.family, "category": record.category,
        "task": record.task, "condition": record.condition or "", "icd10": record.icd10 or "",
        "severity": record.severity or "", "evidence_level": record.evidence_level, "source": record.source,
        "split": record.split or "train", "instruction": record.instruction, "input": record.input,
        "output": record.output, "messages": to_messages(record),
        "intake_json": json.dumps(record.intake) if record.intake else "",
        "target_json": json.dumps(record.target) if record.target else "",
    }


CSV_COLUMNS = ("id", "group_id", "family", "category", "task", "condition", "icd10", "severity", "evidence_level",
               "source", "style", "wording", "split", "instruction", "input", "output")


def write_csv(path: Path, records: list[Record]) -> int:
    """Records as a spreadsheet for review (one row each, text columns included)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for r in records:
            writer.writerow([getattr(r, c) if getattr(r, c) is not None else "" for c in CSV_COLUMNS])
    return len(records)


def read_export(path: Path, fmt: str) -> list[dict]:
    """Rows of an exported JSONL file, checked against the format's shape.

    Raises:
        ValidationError: a row does not have the format's fields or roles.
    """
    rows = list(read_jsonl(path))
    for number, row in enumerate(rows, 1):
        where = f"{Path(path).name} line {number}"
        if fmt == "instruction":
            missing = {"instruction", "input", "output", "metadata"} - set(row)
            if missing:
                raise ValidationError(where, f"missing {sorted(missing)}", "export again")
        else:
            if fmt == "chat" and set(row) != {"messages"}:
                raise ValidationError(where, "a chat line must hold only 'messages'", "export again")
            for message in row.get("messages", []):
                Message.model_validate(message)
            if not row.get("messages") or row["messages"][-1]["role"] != "assistant":
                raise ValidationError(where, "messages must end with an assistant turn", "export again")
    return rows
