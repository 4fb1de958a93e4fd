"""The adapter that ships with Prescreen, registered and active in every new workspace.

``models/adapters/<name>/`` in the repository holds a LoRA adapter GGUF for the
shipped Gemma 3 270M, trained by the clinic's own workflow
(``models/recipes/default-adapter.sh``), with its manifest, model card, PHI audit,
evaluation and gate reports. ``manifest.yaml`` names the adapter's and the base's
sha256; a file that does not match is never registered, so a new workspace then
starts on the bare base model and says why.

A new workspace registers the default adapter as its first version and activates
it (an ``activated`` event whose reason names the release gate); ``prescreen model
rollback`` returns to the bare base, as for any version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from core.errors import IntegrityError, PrescreenError

ADAPTERS_DIR = Path(__file__).resolve().parents[2] / "models" / "adapters"
MANIFEST = "manifest.yaml"


@dataclass(frozen=True)
class ShippedAdapter:
    """One adapter in ``models/adapters/``, as its manifest describes it."""

    folder: Path
    name: str
    adapter_file: Path
    adapter_sha256: str
    base_sha256: str
    default: bool = False
    dataset: str | None = None
    training: dict[str, Any] = field(default_factory=dict)
    release_gate: str = ""

    def verify(self) -> None:
        """Check the adapter and the shipped base against the manifest's hashes.

        Raises:
            IntegrityError: a file is missing or differs from what was released.
        """
        from core.registry.versions import _shipped_base, file_sha256

        if not self.adapter_file.is_file():
            raise IntegrityError(f"the shipped adapter {self.adapter_file} is missing")
        if file_sha256(self.adapter_file) != self.adapter_sha256:
            raise IntegrityError(f"the shipped adapter {self.adapter_file} differs from the released file "
                                 f"(sha256 in {self.folder / MANIFEST})")
        if _shipped_base()[1] != self.base_sha256:
            raise IntegrityError(f"the adapter {self.name} was trained on another base model than the shipped "
                                 "Gemma 3 270M; it is not used")


def read_manifest(folder: Path) -> ShippedAdapter:
    """The adapter described by ``folder/manifest.yaml``.

    Raises:
        PrescreenError: the manifest is missing or lacks a field.
    """
    path = folder / MANIFEST
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        return ShippedAdapter(folder=folder, name=str(data["name"]), adapter_file=folder / data["file"],
                              adapter_sha256=str(data["sha256"]), base_sha256=str(data["base_sha256"]),
                              default=bool(data.get("default", False)), dataset=data.get("dataset"),
                              training=dict(data.get("training") or {}),
                              release_gate=str(data.get("release_gate", "")))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise PrescreenError(f"cannot read the shipped adapter manifest {path}: {exc}") from exc


def shipped_adapters(root: Path = ADAPTERS_DIR) -> list[ShippedAdapter]:
    """Every adapter folder under ``root`` with a manifest, by name."""
    if not root.is_dir():
        return []
    return [read_manifest(folder) for folder in sorted(root.iterdir()) if (folder / MANIFEST).is_file()]


def default_adapter(root: Path = ADAPTERS_DIR) -> ShippedAdapter | None:
    """The adapter a new workspace starts with (``default: true``), if one ships."""
    return next((adapter for adapter in shipped_adapters(root) if adapter.default), None)


def install_default(ws, root: Path = ADAPTERS_DIR):
    """Register the default adapter in a new workspace and make it the active model.

    Returns:
        ``(version, problem)``: the registered version, or None with the reason
        the workspace stays on the bare base model (no adapter ships, or its
        files fail the integrity check; both are audited).
    """
    from core.registry import activation, versions

    try:
        adapter = default_adapter(root)
        if adapter is None:
            return None, "no default adapter ships in models/adapters/"
        adapter.verify()
    except PrescreenError as exc:
        ws.audit.record("model.install_shipped", "model_version", None, {"problem": str(exc)[:150]},
                        outcome="failed")
        return None, str(exc)
    version = versions.register(
        ws, name=adapter.name, adapter_gguf=adapter.adapter_file, dataset=adapter.dataset,
        config=adapter.training, notes=f"shipped with Prescreen ({adapter.folder.name}); "
                                      f"release gate: {adapter.release_gate}")
    reason = f"shipped default adapter; release gate {adapter.release_gate}"[: activation.MAX_REASON]
    activation._append_event(ws, "activated", version.version_id, versions.BASE_VERSION,
                             {"previous": versions.BASE_VERSION, "forced": False, "reason": reason,
                              "gate_id": None, "shipped": adapter.folder.name})
    return version, None
