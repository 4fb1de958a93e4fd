"""Write the manifest of an adapter published into ``models/adapters/<name>/``.

The last step of ``models/recipes/default-adapter.sh``: the folder already holds
``adapter.gguf`` and its reports; this records their hashes and where they came from,
as :mod:`core.registry.shipped` reads them::

    python -m core.registry.publish models/adapters/default-triage --name default-triage-v1 \\
        --dataset triage-default --config <run>/config.yaml --run <run id>
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from core.registry.shipped import MANIFEST, read_manifest

#: Training settings worth keeping with the released file (the run's config has more).
TRAINING_KEYS = ("mode", "rank", "alpha", "dropout", "target_modules", "learning_rate", "epochs",
                 "tokens_per_batch", "grad_accumulation", "max_length", "seed", "quantization")
REPORTS = ("MODEL_CARD.md", "phi-audit.md", "evaluation.md", "evaluation-base.md", "gate.md")


def write_manifest(folder: Path, *, name: str, dataset: str, config: dict, run_id: str,
                   default: bool = True, notes: str = "") -> Path:
    """Hash ``folder/adapter.gguf`` and the shipped base and write ``folder/manifest.yaml``.

    Raises:
        FileNotFoundError: the adapter or one of the reports is missing.
    """
    from core.registry.versions import _shipped_base, file_sha256

    adapter = folder / "adapter.gguf"
    missing = [p.name for p in (adapter, *(folder / r for r in REPORTS)) if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"{folder} lacks {', '.join(missing)}: publish the adapter with its reports")
    manifest = {
        "name": name,
        "default": default,
        "file": adapter.name,
        "sha256": file_sha256(adapter),
        "base": "gemma-3-270m-q4_k_m",
        "base_sha256": _shipped_base()[1],
        "dataset": dataset,
        "training": {"run": run_id, **{k: config[k] for k in TRAINING_KEYS if k in config}},
        "release_gate": f"{folder.as_posix()}/gate.md",
        "reports": list(REPORTS),
    }
    if notes:
        manifest["notes"] = notes
    path = folder / MANIFEST
    header = ("# Written by core/registry/publish.py (models/recipes/default-adapter.sh); every new workspace\n"
              "# registers and activates the default adapter after checking these hashes.\n")
    path.write_text(header + yaml.safe_dump(manifest, sort_keys=False), "utf-8")
    read_manifest(folder)  # what the registry will read back
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.registry.publish", description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--name", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--config", type=Path, required=True, help="the training run's config.yaml")
    parser.add_argument("--run", required=True, help="the training run id")
    parser.add_argument("--notes", default="")
    args = parser.parse_args(argv)
    config = yaml.safe_load(args.config.read_text("utf-8")) or {}
    path = write_manifest(args.folder, name=args.name, dataset=args.dataset, config=config, run_id=args.run,
                          notes=args.notes)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
