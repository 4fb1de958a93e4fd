"""Export a trained LoRA adapter to llama.cpp's LoRA GGUF format.

The engine runs the base GGUF with this file on top
(``llama_cpp.Llama(model_path=base, lora_path=adapter)``). The layout follows
llama.cpp's ``convert_lora_to_gguf.py``: ``general.type = adapter``,
``adapter.type = lora``, ``adapter.lora.alpha``, and for every adapted matrix
two tensors named after the base tensor, ``<name>.lora_a`` (rank x in) and
``<name>.lora_b`` (out x rank). llama.cpp scales the update by alpha / rank,
like peft without rsLoRA. Tensor names come from gguf's own name tables
(``TensorNameMap``), not from a hand-written list.

Architectures: Gemma 3 is proven by the equivalence test (llama.cpp with the
adapter gives the same greedy output as transformers + peft). Gemma 2, Qwen 2/3
use the same unpermuted projections; Llama/Mistral need the q/k row
permutation that llama.cpp's converter applies, done here on ``lora_b``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from core.errors import ValidationError

# Hugging Face model_type -> (gguf architecture enum name, permute q/k rows like llama.cpp does)
_ARCHITECTURES = {
    "gemma3_text": ("GEMMA3", False),
    "gemma3": ("GEMMA3", False),
    "gemma2": ("GEMMA2", False),
    "qwen2": ("QWEN2", False),
    "qwen3": ("QWEN3", False),
    "llama": ("LLAMA", True),
    "mistral": ("LLAMA", True),
}


@dataclass(frozen=True)
class ExportedAdapter:
    path: Path
    architecture: str
    alpha: float
    rank: int
    tensors: int


def export_lora_gguf(adapter_dir: Path, base_config_dir: Path, out_path: Path,
                     base_gguf: Path | None = None) -> ExportedAdapter:
    """Convert a peft LoRA adapter folder to a llama.cpp LoRA GGUF file.

    Args:
        adapter_dir: folder with ``adapter_config.json`` and ``adapter_model.safetensors``.
        base_config_dir: the base model's Hugging Face folder (its ``config.json``).
        out_path: the ``.gguf`` file to write.
        base_gguf: the base GGUF the adapter will run on; when given, its
            architecture and block count are checked against the adapter's.

    Raises:
        ValidationError: an adapter llama.cpp cannot apply (rsLoRA, per-layer
            ranks, embeddings or non-projection layers), or a base mismatch.
    """
    import gguf
    import numpy as np
    from safetensors.numpy import load_file

    adapter_dir, out_path = Path(adapter_dir), Path(out_path)
    lora_cfg = json.loads((adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    base_cfg = json.loads((Path(base_config_dir) / "config.json").read_text(encoding="utf-8"))
    base_cfg = base_cfg.get("text_config", base_cfg) if "num_hidden_layers" not in base_cfg else base_cfg
    _check_adapter(lora_cfg)
    model_type = base_cfg.get("model_type", "")
    if model_type not in _ARCHITECTURES:
        raise ValidationError("base_model", f"GGUF export does not support '{model_type}' models",
                              "use a Gemma 3, Gemma 2, Qwen or Llama base")
    arch_name, permute_qk = _ARCHITECTURES[model_type]
    arch = getattr(gguf.MODEL_ARCH, arch_name)
    arch_string = gguf.MODEL_ARCH_NAMES[arch]
    n_blocks = int(base_cfg["num_hidden_layers"])
    if base_gguf is not None:
        _check_base(Path(base_gguf), arch_string, n_blocks)
    names = gguf.get_tensor_name_map(arch, n_blocks)

    pairs: dict[str, dict[str, np.ndarray]] = {}
    for key, value in load_file(str(adapter_dir / "adapter_model.safetensors")).items():
        if ".lora_A." in key or ".lora_B." in key:
            part = "a" if ".lora_A." in key else "b"
            base_key = key.replace("base_model.model.", "", 1).replace(f".lora_{part.upper()}.weight", ".weight")
            pairs.setdefault(base_key, {})[part] = value.astype(np.float32)
        else:
            raise ValidationError("adapter", f"tensor '{key}' is not a LoRA matrix",
                                  "train LoRA on projection layers only (no embeddings, norms or modules_to_save)")
    if not pairs:
        raise ValidationError("adapter", f"no LoRA weights in {adapter_dir}", "export a trained run's adapter")

    alpha = float(lora_cfg["lora_alpha"])
    writer = gguf.GGUFWriter(str(out_path), arch_string)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    count = 0
    for base_key in sorted(pairs):
        pair = pairs[base_key]
        if set(pair) != {"a", "b"}:
            raise ValidationError("adapter", f"'{base_key}' lacks lora_A or lora_B", "re-save the adapter with peft")
        gguf_name = names.get_name(base_key, try_suffixes=(".weight",))
        if gguf_name is None:
            raise ValidationError("adapter", f"no GGUF tensor for '{base_key}'",
                                  "train LoRA on q/k/v/o (and MLP) projections only")
        lora_b = pair["b"]
        if permute_qk and (".q_proj." in base_key or ".k_proj." in base_key):
            heads = base_cfg["num_attention_heads"]
            if ".k_proj." in base_key:
                heads = base_cfg.get("num_key_value_heads", heads)
            lora_b = _permute_rows(lora_b, heads)
        writer.add_tensor(gguf_name + ".lora_a", np.ascontiguousarray(pair["a"]))
        writer.add_tensor(gguf_name + ".lora_b", np.ascontiguousarray(lora_b))
        count += 2
    out_path.parent.mkdir(parents=True, exist_ok=True)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return ExportedAdapter(out_path, arch_string, alpha, int(lora_cfg["r"]), count)


def _check_adapter(lora_cfg: dict) -> None:
    if lora_cfg.get("peft_type", "LORA") != "LORA":
        raise ValidationError("adapter", f"is a {lora_cfg.get('peft_type')} adapter, not LoRA", "export a LoRA run")
    if lora_cfg.get("use_rslora"):
        raise ValidationError("adapter", "uses rsLoRA scaling, which llama.cpp does not apply",
                              "train without use_rslora")
    if lora_cfg.get("rank_pattern") or lora_cfg.get("alpha_pattern"):
        raise ValidationError("adapter", "has per-layer ranks or alphas; the GGUF holds one alpha",
                              "train with one rank and alpha for all layers")
    if lora_cfg.get("use_dora"):
        raise ValidationError("adapter", "is a DoRA adapter, which llama.cpp cannot load", "train plain LoRA")


def _check_base(base_gguf: Path, arch: str, n_blocks: int) -> None:
    import gguf

    reader = gguf.GGUFReader(str(base_gguf))
    field = reader.fields.get("general.architecture")
    found = bytes(field.parts[field.data[0]]).decode() if field else "?"
    if found != arch:
        raise ValidationError("base_gguf", f"{base_gguf.name} is a '{found}' model, the adapter is for '{arch}'",
                              "export against the base GGUF the run was trained on")
    blocks = reader.fields.get(f"{arch}.block_count")
    if blocks is not None and int(blocks.parts[blocks.data[0]][0]) != n_blocks:
        raise ValidationError("base_gguf", f"{base_gguf.name} has a different number of layers than the adapter's base",
                              "export against the base GGUF the run was trained on")


def _permute_rows(matrix, n_head: int):
    """llama.cpp's q/k permutation (rotary halves interleaved) applied to output rows."""
    rows = matrix.shape[0]
    return (matrix.reshape(n_head, 2, rows // n_head // 2, *matrix.shape[1:])
            .swapaxes(1, 2).reshape(matrix.shape))


def export_run(ws, run_id_or_folder: str, out_path: Path | None = None) -> ExportedAdapter:
    """Export a finished training run (or an adapter folder) for the engine; audited.

    Args:
        ws: the open workspace (needs the TRAIN permission).
        run_id_or_folder: a run id from ``training_runs`` or a peft adapter folder.
        out_path: where to write; default ``<run folder>/adapter.gguf``.

    Raises:
        ValidationError: the run has not finished (no adapter yet).
    """
    from core.security.roles import Permission
    from core.training import runs

    ws.require(Permission.TRAIN)
    folder = Path(run_id_or_folder)
    if (folder / "adapter_config.json").is_file():
        adapter_dir = folder
        base_dir = Path(json.loads((folder / "adapter_config.json").read_text("utf-8"))["base_model_name_or_path"])
        base_gguf, object_id = None, str(folder)  # no run record: the base GGUF is not known
    else:
        event = runs.latest(ws.db, run_id_or_folder)
        if event.status != "finished" or not event.detail.get("adapter_dir"):
            raise ValidationError("run", f"run {event.run_id} is '{event.status}', it has no final adapter",
                                  "export a finished run (resume it first with `prescreen train --resume`)")
        adapter_dir = Path(event.detail["adapter_dir"])
        base_dir = Path(event.detail["base_hf_dir"])
        base_gguf = Path(event.detail["base_gguf"]) if event.detail.get("base_gguf") else None
        object_id = event.run_id
        out_path = out_path or Path(event.output_dir) / "adapter.gguf"
    out_path = Path(out_path or adapter_dir.parent / "adapter.gguf")
    result = export_lora_gguf(adapter_dir, base_dir, out_path, base_gguf=base_gguf)
    ws.audit.record("model.export_gguf", "training_run", object_id,
                    {"file": out_path.name, "tensors": result.tensors, "architecture": result.architecture})
    return result
