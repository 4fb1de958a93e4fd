"""LoRA training settings: one validated dataclass, savable as YAML.

Every field carries help text (``field_help``) so the CLI and the GUI can
explain it. ``validate()`` checks each value and the combinations that cannot
work together, and raises :class:`~core.errors.ValidationError` naming the
field and the fix. Two presets: the 270M Gemma the app ships (CPU or GPU) and
7-8B models on a 24 GB card (QLoRA).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ValidationError

MODES = ("instruction", "knowledge", "counterfactual")
QUANTIZATIONS = ("none", "4bit")
# Projections the GGUF export knows how to name (attention and MLP of a decoder block).
KNOWN_TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def _f(default: Any, help: str, **kw: Any) -> Any:
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help}, **kw)
    return field(default=default, metadata={"help": help}, **kw)


@dataclass
class LoraTrainingConfig:
    """Hyperparameters of one LoRA fine-tuning run."""

    mode: str = _f("instruction", "what to train: 'instruction' (triage cases, loss on the answer only), "
                   "'knowledge' (causal LM on the guideline knowledge base) or 'counterfactual' "
                   "(triage cases plus copies with demographics swapped and the same label)")
    base_model: str = _f("gemma3-270m", "base model: 'gemma3-270m' (the GGUF the app ships) or the name of a "
                         "Hugging Face model folder in the workspace models/ folder")
    start_from_run: str = _f("", "a finished run whose adapter this run continues from (e.g. a knowledge run "
                             "before instruction tuning); same rank and target modules; empty: fresh LoRA")
    rank: int = _f(16, "LoRA rank r: size of the low-rank update; higher learns more and costs more memory")
    alpha: float = _f(32.0, "LoRA alpha: the update is scaled by alpha / rank")
    dropout: float = _f(0.05, "dropout on the LoRA input during training, 0 to switch off")
    target_modules: list = _f(["q_proj", "k_proj", "v_proj", "o_proj"],
                              "linear layers that get a LoRA update (attention q/k/v/o; MLP gate/up/down)")
    learning_rate: float = _f(2e-4, "peak learning rate of AdamW")
    warmup_ratio: float = _f(0.05, "share of the steps spent ramping the learning rate up from 0")
    weight_decay: float = _f(0.0, "AdamW weight decay on the LoRA weights")
    max_grad_norm: float = _f(1.0, "clip the gradient norm to this value, 0 to switch off")
    epochs: int = _f(2, "passes over the training examples")
    tokens_per_batch: int = _f(4096, "token budget of one micro-batch (examples x longest example in it); "
                               "examples of similar length are batched together, so little is padding")
    grad_accumulation: int = _f(1, "micro-batches summed into one optimizer step")
    max_length: int = _f(1024, "longest example in tokens; longer examples are cut (knowledge mode: split)")
    seed: int = _f(42, "random seed for example order, LoRA initialisation and dropout")
    quantization: str = _f("none", "'4bit' loads the base in 4-bit NF4 (QLoRA, needs CUDA); 'none' keeps it "
                           "in full precision")
    with_passages: bool = _f(True, "put retrieved guideline passages in training prompts, as triage does "
                             "(false: train on prompts without passages)")
    gradient_checkpointing: bool = _f(False, "recompute activations in the backward pass: less memory, ~30% slower")
    checkpoint_every: int = _f(50, "save a resumable checkpoint every N optimizer steps")
    max_steps: int = _f(0, "stop after this many optimizer steps (0: run all epochs)")
    throughput_tokens_per_s: float = _f(0.0, "training tokens per second assumed by the cost estimate "
                                        "(0: use the last measured run on this machine, else a default)")

    # ------------------------------------------------------------------ checks
    def validate(self) -> "LoraTrainingConfig":
        """Check every field and the combinations; return self for chaining.

        Raises:
            ValidationError: naming the first field that is wrong and the fix.
        """
        _choice("mode", self.mode, MODES)
        _choice("quantization", self.quantization, QUANTIZATIONS)
        if not isinstance(self.base_model, str) or not self.base_model.strip():
            raise ValidationError("base_model", "is empty", "use 'gemma3-270m' or a folder name in models/")
        _int_range("rank", self.rank, 1, 1024)
        _num_range("alpha", self.alpha, 0.0, 10_000.0, low_open=True)
        _num_range("dropout", self.dropout, 0.0, 1.0, high_open=True)
        _num_range("learning_rate", self.learning_rate, 0.0, 1.0, low_open=True)
        _num_range("warmup_ratio", self.warmup_ratio, 0.0, 1.0, high_open=True)
        _num_range("weight_decay", self.weight_decay, 0.0, 1.0)
        _num_range("max_grad_norm", self.max_grad_norm, 0.0, 1e6)
        _int_range("epochs", self.epochs, 1, 1000)
        _int_range("tokens_per_batch", self.tokens_per_batch, 16, 10_000_000)
        _int_range("grad_accumulation", self.grad_accumulation, 1, 10_000)
        _int_range("max_length", self.max_length, 16, 131_072)
        _int_range("seed", self.seed, 0, 2**32 - 1)
        _int_range("checkpoint_every", self.checkpoint_every, 1, 10_000_000)
        _int_range("max_steps", self.max_steps, 0, 10_000_000)
        _num_range("throughput_tokens_per_s", self.throughput_tokens_per_s, 0.0, 1e9)
        for name in ("gradient_checkpointing", "with_passages"):
            if not isinstance(getattr(self, name), bool):
                raise ValidationError(name, "must be true or false")
        modules = self.target_modules
        if not isinstance(modules, (list, tuple)) or not modules:
            raise ValidationError("target_modules", "is empty", "list at least one of " + ", ".join(KNOWN_TARGET_MODULES))
        unknown = [m for m in modules if m not in KNOWN_TARGET_MODULES]
        if unknown:
            raise ValidationError("target_modules", f"unknown layer(s) {', '.join(map(str, unknown))}",
                                  "use " + ", ".join(KNOWN_TARGET_MODULES))
        if len(set(modules)) != len(modules):
            raise ValidationError("target_modules", "lists a layer twice", "name each layer once")
        # Cross-field: one example of max_length must fit in a micro-batch.
        if self.max_length > self.tokens_per_batch:
            raise ValidationError("tokens_per_batch", f"{self.tokens_per_batch} is smaller than max_length "
                                  f"{self.max_length}, so a long example fits no batch",
                                  f"raise tokens_per_batch to at least {self.max_length} or lower max_length")
        if self.alpha / self.rank > 64:
            raise ValidationError("alpha", f"alpha / rank = {self.alpha / self.rank:g} scales the update so much "
                                  "that training diverges", "keep alpha within 1-4x the rank")
        return self

    # ------------------------------------------------------------------ YAML
    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["target_modules"] = list(self.target_modules)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LoraTrainingConfig":
        """Build and validate; unknown keys are errors, not silently dropped."""
        if not isinstance(data, dict):
            raise ValidationError("config", "is not a mapping of setting: value", "see `prescreen train --help-config`")
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise ValidationError(unknown[0], "is not a training setting",
                                  "check the spelling; settings are " + ", ".join(sorted(names)))
        defaults = cls()
        values = {}
        for name, value in data.items():
            expected = type(getattr(defaults, name))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if expected is int and isinstance(value, float) and value.is_integer():
                value = int(value)
            if expected is not bool and isinstance(value, bool) or not isinstance(value, expected):
                kind = _KIND_NAMES.get(expected, expected.__name__)
                raise ValidationError(name, f"{value!r} is not {kind}", f"enter {kind} like {getattr(defaults, name)!r}")
            values[name] = value
        return cls(**values).validate()

    def save_yaml(self, path: Path) -> None:
        import yaml

        Path(path).write_text(yaml.safe_dump(self.to_dict(), sort_keys=False), encoding="utf-8")

    @classmethod
    def load_yaml(cls, path: Path) -> "LoraTrainingConfig":
        import yaml

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ValidationError("config", f"file {path} not found", "give the path of a YAML file") from None
        except yaml.YAMLError as exc:
            raise ValidationError("config", f"{path} is not valid YAML ({exc.__class__.__name__})",
                                  "fix the syntax; one 'setting: value' per line") from None
        return cls.from_dict(data or {})

    def replace(self, **changes: Any) -> "LoraTrainingConfig":
        return dataclasses.replace(self, **changes).validate()


def field_help() -> dict[str, str]:
    """Setting name -> help text, in declaration order."""
    return {f.name: f.metadata["help"] for f in dataclasses.fields(LoraTrainingConfig)}


PRESETS: dict[str, dict[str, Any]] = {
    # Gemma 3 270M: fits in full precision on a CPU or any GPU; attention-only LoRA
    # keeps the GGUF export simple and the update small.
    "gemma3-270m": {},
    # 7-8B on a 24 GB card: QLoRA (4-bit NF4 base), all linear layers, checkpointing.
    "7b-8b-24gb": {
        "base_model": "",  # must be set: a HF folder in models/
        "quantization": "4bit",
        "target_modules": list(KNOWN_TARGET_MODULES),
        "rank": 16,
        "alpha": 32.0,
        "learning_rate": 1e-4,
        "max_length": 2048,
        "tokens_per_batch": 4096,
        "grad_accumulation": 4,
        "gradient_checkpointing": True,
        "epochs": 2,
    },
}


def preset(name: str, **overrides: Any) -> LoraTrainingConfig:
    """A preset config with overrides applied, validated.

    Raises:
        ValidationError: unknown preset, or an invalid override (the 7-8B preset
            needs ``base_model``).
    """
    if name not in PRESETS:
        raise ValidationError("preset", f"'{name}' is not a preset", "use " + ", ".join(PRESETS))
    values = {**PRESETS[name], **overrides}
    return LoraTrainingConfig(**values).validate()


_KIND_NAMES = {int: "a whole number", float: "a number", str: "a text", list: "a list", bool: "true or false"}


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValidationError(name, f"'{value}' is not allowed", "use " + " or ".join(allowed))


def _int_range(name: str, value: Any, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(name, f"{value!r} is not a whole number", f"enter a whole number from {low} to {high}")
    if not low <= value <= high:
        raise ValidationError(name, f"{value} is out of range", f"enter a whole number from {low} to {high}")


def _num_range(name: str, value: Any, low: float, high: float, low_open: bool = False, high_open: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValidationError(name, f"{value!r} is not a number", f"enter a number from {low:g} to {high:g}")
    too_low = value <= low if low_open else value < low
    too_high = value >= high if high_open else value > high
    if too_low or too_high:
        lo = f"above {low:g}" if low_open else f"from {low:g}"
        hi = f"below {high:g}" if high_open else f"up to {high:g}"
        raise ValidationError(name, f"{value:g} is out of range", f"enter a number {lo} and {hi}")
