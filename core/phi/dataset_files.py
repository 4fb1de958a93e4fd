"""Reading a dataset folder for the PHI audit: every JSONL line under it, whatever the layout.

``core.datasets`` stores ``datasets/NAME/{raw,processed,augmented}/*.jsonl``;
the audit reads every ``*.jsonl`` below the folder so no layer (and no file a
person dropped in by hand) escapes the scan. A line that is not a JSON object
is reported by file and line number, never by content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import NotFoundError


@dataclass
class DatasetLines:
    records: list = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    files: int = 0


def _jsonl_files(folder: Path) -> list[Path]:
    # Dot-folders are staging areas of an interrupted write, not part of the dataset.
    return [p for p in sorted(folder.rglob("*.jsonl"))
            if not any(part.startswith(".") for part in p.relative_to(folder).parts)]


def fingerprint(folder: Path) -> str | None:
    """SHA-256 over the names and bytes of every JSONL file the audit reads; None without a folder."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for path in _jsonl_files(folder):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\n")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_dataset_folder(folder: Path) -> DatasetLines:
    """Every JSON-object line of every ``*.jsonl`` file below ``folder`` (sorted by path).

    Raises:
        NotFoundError: the folder does not exist or holds no JSONL files.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotFoundError(f"dataset '{folder.name}' does not exist (no folder {folder}); "
                            "list datasets with `prescreen data list`")
    out = DatasetLines()
    for path in _jsonl_files(folder):
        out.files += 1
        relative = path.relative_to(folder).as_posix()
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    out.unreadable.append(f"{relative}:{number} ({exc.msg})")
                    continue
                if not isinstance(row, dict):
                    out.unreadable.append(f"{relative}:{number} (not a JSON object)")
                    continue
                out.records.append(row)
                record_id = f" ({row['id']})" if isinstance(row.get("id"), str) else ""
                out.labels.append(f"{relative}:{number}{record_id}")
    if out.files == 0:
        raise NotFoundError(f"dataset folder {folder} holds no .jsonl files to audit")
    return out
