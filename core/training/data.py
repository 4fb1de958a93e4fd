"""The data a run trains on: dataset records and their lineage.

A dataset lives in ``<workspace>/datasets/NAME`` (written by ``core.datasets``):
a ``manifest.json`` and JSONL record files. Training reads the triage-case
records of the *train* split only (records marked ``"split": "eval"``/``"test"``
or in files named so are held back for evaluation), and records the manifest's
SHA-256 as the run's data lineage.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import NotFoundError, ValidationError

_HELD_BACK = ("eval", "test", "validation", "dev", "holdout")


@dataclass(frozen=True)
class DatasetSource:
    """A dataset's training records and its fingerprint."""

    name: str
    folder: Path
    manifest_hash: str
    records: list[dict[str, Any]]


def dataset_folder(datasets_dir: Path, name: str) -> Path:
    """The folder of dataset ``name``.

    Raises:
        ValidationError: a name that is not a plain folder name.
        NotFoundError: no such dataset.
    """
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValidationError("dataset", f"'{name}' is not a dataset name", "use a name from `prescreen data list`")
    folder = Path(datasets_dir) / name
    if not folder.is_dir():
        raise NotFoundError(f"no dataset '{name}'; create one with `prescreen data generate --out {name}`")
    return folder


def manifest_hash(folder: Path) -> str:
    """SHA-256 of the manifest, or of every record file when there is no manifest."""
    digest = hashlib.sha256()
    manifest = folder / "manifest.json"
    files = [manifest] if manifest.is_file() else sorted(folder.rglob("*.jsonl"))
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_training_records(datasets_dir: Path, name: str) -> DatasetSource:
    """Triage-case records of the train split of dataset ``name``.

    Raises:
        ValidationError: the dataset holds no triage cases to train on.
    """
    folder = dataset_folder(datasets_dir, name)
    records: list[dict[str, Any]] = []
    for path in sorted(folder.rglob("*.jsonl")):
        if any(part in _HELD_BACK for part in _words(path.relative_to(folder))):
            continue
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise ValidationError("dataset", f"{path.name} line {number} is not JSON",
                                          "re-export the dataset with `prescreen data export`") from None
                if isinstance(record, dict) and isinstance(record.get("intake"), dict) \
                        and str(record.get("split", "train")).lower() not in _HELD_BACK:
                    records.append(record)
    if not records:
        raise ValidationError("dataset", f"'{name}' has no triage cases in its train split",
                              "generate triage cases with `prescreen data generate`")
    return DatasetSource(name, folder, manifest_hash(folder), records)


def _words(relative: Path) -> list[str]:
    words: list[str] = []
    for part in relative.with_suffix("").parts:
        words += part.lower().replace("-", "_").split("_")
    return words
