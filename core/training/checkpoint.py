"""Resumable checkpoints: LoRA weights, optimizer state, step and random state.

A checkpoint folder holds the adapter as peft writes it (``adapter_config.json``,
``adapter_model.safetensors``) and ``trainer_state.pt`` with the optimizer,
the step reached, the random generators and the running totals. The batch plan
is recomputed from the seed, so resuming replays exactly the batches the
uninterrupted run would have seen.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from core.errors import NotFoundError, ValidationError

STATE_FILE = "trainer_state.pt"


def save(folder: Path, model, optimizer, *, step: int, totals: dict[str, Any], config_hash: str) -> Path:
    """Write a checkpoint atomically (temp folder, then rename)."""
    import torch

    folder = Path(folder)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(partial)
    state = {
        "step": step,
        "optimizer": optimizer.state_dict(),
        "rng_torch": torch.get_rng_state(),
        "rng_cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
        "totals": totals,
        "config_hash": config_hash,
    }
    torch.save(state, partial / STATE_FILE)
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def load(folder: Path, model, optimizer, *, config_hash: str) -> dict[str, Any]:
    """Restore a checkpoint into ``model`` and ``optimizer``; returns the saved state.

    Raises:
        NotFoundError: no checkpoint in ``folder``.
        ValidationError: it was written with different training settings.
    """
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    folder = Path(folder)
    if not (folder / STATE_FILE).is_file():
        raise NotFoundError(f"no resumable checkpoint in {folder}")
    state = torch.load(folder / STATE_FILE, map_location="cpu", weights_only=False)
    if state["config_hash"] != config_hash:
        raise ValidationError("resume", "the checkpoint was written with different training settings",
                              "resume with the run's own config, or start a new run")
    device = next(p.device for p in model.parameters())
    weights = load_file(folder / "adapter_model.safetensors", device=str(device))
    result = set_peft_model_state_dict(model, weights)
    if getattr(result, "unexpected_keys", None):
        raise ValidationError("resume", "the checkpoint's LoRA layers do not match this model",
                              "resume on the same base model")
    optimizer.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng_torch"])
    if state.get("rng_cuda") is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["rng_cuda"])
    return state


def latest(checkpoints_dir: Path) -> Path | None:
    """The newest complete checkpoint under ``checkpoints_dir``, if any."""
    found = sorted(p for p in Path(checkpoints_dir).glob("step-*") if (p / STATE_FILE).is_file())
    return found[-1] if found else None


def prune(checkpoints_dir: Path, keep: Path) -> None:
    """Delete every checkpoint but ``keep`` (one resumable point is enough)."""
    for path in Path(checkpoints_dir).glob("step-*"):
        if path != keep:
            shutil.rmtree(path, ignore_errors=True)
