"""A dataset on disk: ``datasets/NAME/{raw,processed,augmented}/<category>.jsonl``.

* ``raw/``: the generator's facts per case group (before any wording).
* ``processed/``: the canonical record of each group (variant 0).
* ``augmented/``: the other phrasings of each group (variants >= 1).
* ``manifest.json``: what the tracking table holds, plus the live audit status.

A dataset is written into a temporary folder and moved into place in one
rename, so a failed write never leaves half a dataset behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import ValidationError as PydanticError

from core.datasets.records import Record
from core.errors import NotFoundError, ValidationError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
LAYERS = ("raw", "processed", "augmented")


def check_name(name: str) -> str:
    """A dataset name: lower-case letters, digits, '.', '_' or '-' (max 64)."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError("name", f"'{name}' is not a valid dataset name",
                              "use lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")
    return name


def dataset_folder(datasets_root: Path, name: str) -> Path:
    return Path(datasets_root) / check_name(name)


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    """Write rows as JSON lines (UTF-8); returns the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
            count += 1
    return count


def read_jsonl(path: Path) -> Iterator[dict]:
    """Rows of a JSON-lines file; a bad line raises naming the file and line."""
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValidationError(f"{Path(path).name} line {number}", f"is not valid JSON ({exc.msg})",
                                      "regenerate or fix the file") from None


def write_dataset(folder: Path, raw: dict[str, list[dict]], records: list[Record], manifest: dict,
                  replace: bool = False) -> str:
    """Write the three layers and the manifest; returns the content hash.

    Raises:
        ValidationError: the folder exists and ``replace`` is False.
    """
    staging, digest = stage_dataset(folder, raw, records, manifest, replace)
    move_into_place(staging, folder)
    return digest


def stage_dataset(folder: Path, raw: dict[str, list[dict]], records: list[Record], manifest: dict,
                  replace: bool = False) -> tuple[Path, str]:
    """Write a dataset into a staging folder next to ``folder``; returns (staging, content hash).

    The caller moves it into place with :func:`move_into_place` (or deletes it), so
    the tracking row and the files can be committed together.
    """
    folder = Path(folder)
    if folder.exists() and not replace:
        raise ValidationError("out", f"dataset '{folder.name}' already exists",
                              "choose another name or pass --replace to record a new version")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for category, facts in raw.items():
            write_jsonl(staging / "raw" / f"{category}.jsonl", facts)
        by_layer: dict[tuple[str, str], list[dict]] = {}
        for record in records:
            layer = "processed" if record.variant == 0 else "augmented"
            by_layer.setdefault((layer, record.category), []).append(record.model_dump(mode="json"))
        for (layer, category), rows in sorted(by_layer.items()):
            write_jsonl(staging / layer / f"{category}.jsonl", rows)
        digest = content_hash(staging)
        manifest = {**manifest, "content_sha256": digest}
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        return staging, digest
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def move_into_place(staging: Path, folder: Path) -> None:
    """Replace ``folder`` (if any) with the staged dataset in two renames."""
    folder = Path(folder)
    if folder.exists():
        old = folder.with_name(f".{folder.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(folder, old)
        os.replace(staging, folder)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, folder)


def content_hash(folder: Path) -> str:
    """SHA-256 over the processed and augmented files (names and bytes, in order)."""
    digest = hashlib.sha256()
    for layer in ("processed", "augmented"):
        for path in sorted((Path(folder) / layer).glob("*.jsonl")):
            digest.update(f"{layer}/{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / "manifest.json"
    if not path.exists():
        raise NotFoundError(f"dataset '{Path(folder).name}' does not exist (no {path})")
    return json.loads(path.read_text(encoding="utf-8"))


def read_records(folder: Path, layers: tuple[str, ...] = ("processed", "augmented")) -> list[Record]:
    """Every record of a dataset, validated against the record schema."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotFoundError(f"dataset '{folder.name}' does not exist in {folder.parent}")
    records = []
    for layer in layers:
        for path in sorted((folder / layer).glob("*.jsonl")):
            for number, row in enumerate(read_jsonl(path), 1):
                try:
                    records.append(Record.model_validate(row))
                except PydanticError as exc:
                    first = exc.errors()[0]
                    field = ".".join(str(p) for p in first["loc"])
                    raise ValidationError(f"{layer}/{path.name} line {number} {field}", first["msg"],
                                          "regenerate the dataset") from None
    records.sort(key=lambda r: (r.category, r.group_id, r.variant))
    return records


def read_raw(folder: Path) -> dict[str, list[dict]]:
    return {p.stem: list(read_jsonl(p)) for p in sorted((Path(folder) / "raw").glob("*.jsonl"))}


def list_folders(datasets_root: Path) -> list[str]:
    root = Path(datasets_root)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "manifest.json").exists())
