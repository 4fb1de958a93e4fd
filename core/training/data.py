"""The data a run trains on: the train split of a dataset, and its lineage.

Datasets are written by ``core.datasets`` (``datasets/NAME/{processed,augmented}``
plus ``manifest.json``). Training takes the triage records of the *train*
split only (eval records are held back for evaluation, split by case group),
and records the manifest's content hash as the run's data lineage, after
checking that the files still match it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import IntegrityError, ValidationError


@dataclass(frozen=True)
class DatasetSource:
    """A dataset's training records and its fingerprint."""

    name: str
    folder: Path
    manifest_hash: str
    records: list[dict[str, Any]]


def load_training_records(datasets_dir: Path, name: str) -> DatasetSource:
    """Triage records of the train split of dataset ``name``.

    Raises:
        ValidationError: a bad name, or no triage cases in the train split.
        NotFoundError: no such dataset.
        IntegrityError: the files no longer match the manifest's content hash.
    """
    from core.datasets import store

    folder = store.dataset_folder(datasets_dir, name)
    manifest = store.read_manifest(folder)
    recorded = manifest.get("content_sha256")
    actual = store.content_hash(folder)
    if recorded and recorded != actual:
        raise IntegrityError(f"dataset '{name}' changed after it was written (content hash mismatch); "
                             "regenerate it and audit it again")
    records = [
        {"id": r.id, "group_id": r.group_id, "intake": r.intake, "target": r.target, "split": r.split}
        for r in store.read_records(folder)
        if r.category == "triage" and r.intake is not None and r.target is not None and r.split != "eval"
    ]
    if not records:
        raise ValidationError("dataset", f"'{name}' has no triage cases in its train split",
                              "generate triage cases with `prescreen data generate`")
    return DatasetSource(name, folder, recorded or actual, records)
