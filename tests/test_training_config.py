"""Training config: defaults, presets, field and cross-field checks, YAML round trip."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.training.config import PRESETS, LoraTrainingConfig, field_help, preset


def test_defaults_are_valid_and_every_field_has_help():
    config = LoraTrainingConfig().validate()
    helps = field_help()
    assert set(helps) == set(config.to_dict())
    assert all(len(text) > 15 for text in helps.values())


def test_presets():
    small = preset("gemma3-270m")
    assert small.quantization == "none" and small.target_modules == ["q_proj", "k_proj", "v_proj", "o_proj"]
    # The 7-8B preset is QLoRA and must name its base model.
    with pytest.raises(ValidationError) as info:
        preset("7b-8b-24gb")
    assert info.value.field == "base_model"
    big = preset("7b-8b-24gb", base_model="llama-3.1-8b")
    assert big.quantization == "4bit" and big.gradient_checkpointing and "down_proj" in big.target_modules
    assert big.tokens_per_batch * big.grad_accumulation > small.tokens_per_batch
    with pytest.raises(ValidationError) as info:
        preset("70b")
    assert info.value.field == "preset"
    assert set(PRESETS) == {"gemma3-270m", "7b-8b-24gb"}


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"mode": "rlhf"}, "mode"),
        ({"quantization": "8bit"}, "quantization"),
        ({"rank": 0}, "rank"),
        ({"rank": 2.5}, "rank"),
        ({"alpha": 0}, "alpha"),
        ({"dropout": 1.0}, "dropout"),
        ({"dropout": -0.1}, "dropout"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"learning_rate": float("nan")}, "learning_rate"),
        ({"epochs": 0}, "epochs"),
        ({"grad_accumulation": 0}, "grad_accumulation"),
        ({"target_modules": []}, "target_modules"),
        ({"target_modules": ["q_proj", "lm_head"]}, "target_modules"),
        ({"target_modules": ["q_proj", "q_proj"]}, "target_modules"),
        ({"base_model": " "}, "base_model"),
        ({"seed": -1}, "seed"),
        # cross-field: one example of max_length must fit the batch budget
        ({"max_length": 2048, "tokens_per_batch": 1024}, "tokens_per_batch"),
        # cross-field: alpha / rank too large diverges
        ({"rank": 1, "alpha": 128.0}, "alpha"),
    ],
)
def test_bad_values_name_the_field(changes, field):
    with pytest.raises(ValidationError) as info:
        LoraTrainingConfig(**changes).validate()
    assert info.value.field == field
    assert info.value.fix  # every refusal says what to do instead


def test_yaml_round_trip(tmp_path):
    config = LoraTrainingConfig(rank=8, alpha=16.0, mode="counterfactual", target_modules=["q_proj", "v_proj"])
    path = tmp_path / "train.yaml"
    config.save_yaml(path)
    assert LoraTrainingConfig.load_yaml(path) == config


def test_yaml_errors_name_the_setting(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("rnak: 8\n")
    with pytest.raises(ValidationError) as info:
        LoraTrainingConfig.load_yaml(path)
    assert info.value.field == "rnak" and "rank" in info.value.fix
    path.write_text("rank: eight\n")
    with pytest.raises(ValidationError) as info:
        LoraTrainingConfig.load_yaml(path)
    assert info.value.field == "rank" and "whole number" in str(info.value)
    path.write_text("rank: [1\n")
    with pytest.raises(ValidationError) as info:
        LoraTrainingConfig.load_yaml(path)
    assert info.value.field == "config"
    with pytest.raises(ValidationError):
        LoraTrainingConfig.load_yaml(tmp_path / "missing.yaml")
    # ints are accepted where floats are expected (YAML writes 32 for 32.0)
    path.write_text("alpha: 32\nlearning_rate: 0.001\n")
    assert LoraTrainingConfig.load_yaml(path).alpha == 32.0
