"""Dataset workflows on a workspace: generate, list, load, validate, export.

Every function checks ``Permission.MANAGE_DATA`` and records an audit event
with counts and names only (synthetic data, but the rule is: no record text
in the audit log).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from core.datasets import formats, store
from core.datasets.conditions import load_library
from core.datasets.dictionary import write_dictionary
from core.datasets.generator import GENERATOR_VERSION, generate
from core.datasets.manifest import DEFAULT_TARGET, Manifest, audit_status, latest, next_version, now_iso, \
    record_version, versions
from core.datasets.records import Record
from core.errors import NotFoundError, ValidationError
from core.security.roles import Permission

GENERATE_FORMATS = ("instruction", "chat", "conversation", "all")


def generate_dataset(ws, name: str, *, n: int, seed: int, fmt: str = "all", categories=None, variants: int = 2,
                     eval_share: float = 0.1, target_model: str = DEFAULT_TARGET,
                     replace: bool = False, story_style: str = "short") -> Manifest:
    """Generate, store, export and record a synthetic dataset.

    Raises:
        PermissionDenied: the user may not manage data.
        ValidationError: a bad name, format or parameter, or the name exists without ``replace``.
    """
    ws.require(Permission.MANAGE_DATA)
    store.check_name(name)
    if fmt not in GENERATE_FORMATS:
        raise ValidationError("format", f"'{fmt}' is not a generation format", f"use {', '.join(GENERATE_FORMATS)}")
    folder = store.dataset_folder(ws.paths.datasets, name)
    if folder.exists() and not replace:
        raise ValidationError("out", f"dataset '{name}' already exists",
                              "choose another name or pass --replace to record a new version")
    library = load_library()
    dataset = generate(n, seed, categories, variants=variants, eval_share=eval_share, library=library,
                       story_style=story_style)
    records = dataset.records
    manifest = Manifest(
        name=name, version=next_version(ws, name), created_at=now_iso(), created_by=ws.user.username,
        size=len(records), groups=len({r.group_id for r in records}),
        categories=_count(r.category for r in records), splits=_count(r.split or "train" for r in records),
        format=fmt, target_model=target_model, generator_seed=seed, generator_version=GENERATOR_VERSION,
        variants=variants, audit_status=audit_status(ws, name),
        extra={"eval_share": eval_share, "requested_groups": n, "dropped_duplicates": dataset.dropped_duplicates,
               "conditions": len(library.conditions), "story_style": story_style},
    )
    staging, manifest.content_sha256 = store.stage_dataset(folder, dataset.raw, records, manifest.as_dict(),
                                                           replace=replace)
    try:
        # Row, audit event and files land together: the move happens inside the transaction,
        # so a failed insert leaves the old files, and a failed move rolls the row back.
        with ws.transaction():
            record_version(ws, manifest)
            ws.audit.record("dataset.generate", "dataset", name,
                            {"version": manifest.version, "records": manifest.size, "seed": seed,
                             "categories": sorted(manifest.categories), "format": fmt,
                             "sha256": manifest.content_sha256})
            store.move_into_place(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for one in (("instruction", "chat", "conversation") if fmt == "all" else (fmt,)):
        formats.export(records, one, folder / "export" / one)
    write_dictionary(ws.paths.reports, manifest, records, library)
    return manifest


def list_datasets(ws) -> list[Manifest]:
    """The latest version of every dataset, by name."""
    ws.require(Permission.MANAGE_DATA)
    newest: dict[str, Manifest] = {}
    for manifest in versions(ws):
        newest[manifest.name] = manifest
    return [newest[name] for name in sorted(newest)]


def load_dataset(ws, name: str) -> tuple[Manifest, list[Record]]:
    """The latest manifest and every record of dataset ``name``.

    Raises:
        NotFoundError: no such dataset in the tracking table or on disk.
    """
    ws.require(Permission.MANAGE_DATA)
    store.check_name(name)
    manifest = latest(ws, name)
    if manifest is None:
        raise NotFoundError(f"no dataset '{name}'; see `prescreen data list`")
    folder = store.dataset_folder(ws.paths.datasets, name)
    records = store.read_records(folder)
    if store.content_hash(folder) != manifest.content_sha256:
        raise ValidationError("dataset", f"the files of '{name}' do not match version {manifest.version}'s hash",
                              "regenerate the dataset with --replace")
    return manifest, records


def validate_dataset(ws, name: str, *, max_tokens: int = 512):
    """Validate a stored dataset with the target model's tokenizer (cached in the workspace)."""
    from core.datasets.tokens import gemma_counter
    from core.datasets.validation import validate

    manifest, records = load_dataset(ws, name)
    report = validate(records, name, counter=gemma_counter(ws.paths.cache), target_model=manifest.target_model,
                      max_tokens=max_tokens)
    ws.audit.record("dataset.validate", "dataset", name, {"version": manifest.version, "verdict": report.verdict,
                                                          "records": report.records})
    return report


def export_dataset(ws, name: str, fmt: str, dest: Path | None = None) -> Path:
    """Export dataset ``name`` in ``fmt``; returns the folder written."""
    formats.check_format(fmt)
    manifest, records = load_dataset(ws, name)
    dest = Path(dest) if dest else store.dataset_folder(ws.paths.datasets, name) / "export" / fmt
    counts = formats.export(records, fmt, dest)
    if fmt == "csv":
        from core.datasets.manifest import export_csv

        export_csv(ws, dest / "dataset_versions.csv")
    ws.audit.record("dataset.export", "dataset", name, {"version": manifest.version, "format": fmt, **counts})
    return dest


def _count(values) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        out[value] = out.get(value, 0) + 1
    return dict(sorted(out.items()))
