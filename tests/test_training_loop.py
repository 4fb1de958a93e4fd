"""The training loop on a tiny randomly initialised Gemma 3-shaped model (seconds).

Covers: answer-only logits equal the full-logits loss, length-grouped batches,
the loss going down, progress events, cancel, and checkpoint/resume giving the
same weights as an uninterrupted run.
"""

from __future__ import annotations

import threading

import pytest

torch = pytest.importorskip("torch")

from core.training.batching import IGNORE, TokenizedExample, collate, plan_batches  # noqa: E402
from core.training.config import LoraTrainingConfig  # noqa: E402
from core.training.loss import full_logits_loss, response_only_loss  # noqa: E402

from training_tiny import CORPUS, tiny_gemma  # noqa: E402
from training_tiny import tiny_tokenizer as build_tiny_tokenizer  # noqa: E402


@pytest.fixture(scope="session")
def tiny_tokenizer():
    """A small byte-level BPE tokenizer trained on a few clinic sentences."""
    return build_tiny_tokenizer()


def tiny_model(tokenizer, config: LoraTrainingConfig, seed: int = 0):
    """The tiny Gemma 3 with LoRA attached (same weights for the same seed)."""
    from core.training.base import attach_lora

    return attach_lora(tiny_gemma(tokenizer, seed), config)


def examples_from(tokenizer, n: int = 12) -> list[TokenizedExample]:
    from core.training.examples import PromptAnswer, tokenize_pairs

    pairs = []
    for i in range(n):
        prompt = CORPUS[i % 3] + (" again" * (i % 5))  # varied lengths
        answer = CORPUS[3 + (i % 3 == 2)]
        pairs.append(PromptAnswer(prompt, answer))
    return tokenize_pairs(pairs, tokenizer, max_length=128)


def small_config(**kw) -> LoraTrainingConfig:
    base = dict(rank=4, alpha=8.0, dropout=0.1, learning_rate=1e-2, epochs=3, tokens_per_batch=128,
                max_length=128, seed=7, checkpoint_every=1000, warmup_ratio=0.1)
    base.update(kw)
    return LoraTrainingConfig(**base).validate()


# ------------------------------------------------------------------ batching
def test_tokenize_pairs_marks_the_answer(tiny_tokenizer):
    from core.training.examples import PromptAnswer, tokenize_pairs

    [example] = tokenize_pairs([PromptAnswer("fever and cough", '{"priority":"Low"}')], tiny_tokenizer, 64)
    answer_ids = tiny_tokenizer('{"priority":"Low"}', add_special_tokens=False)["input_ids"]
    assert example.input_ids[0] == tiny_tokenizer.bos_token_id
    assert list(example.input_ids[example.loss_start:]) == answer_ids + [tiny_tokenizer.eos_token_id]
    ids, mask, labels = collate([example, example], pad_id=0, pad_to=len(example) + 3)
    assert (labels[0, : example.loss_start] == IGNORE).all() and (labels[0, len(example):] == IGNORE).all()
    assert labels[0, example.loss_start:len(example)].tolist() == answer_ids + [tiny_tokenizer.eos_token_id]
    assert mask[0].sum() == len(example)
    # A prompt too long for max_length loses its start, never the answer.
    [cut] = tokenize_pairs([PromptAnswer("fever " * 200, '{"priority":"Low"}')], tiny_tokenizer, 40)
    assert len(cut) == 40 and list(cut.input_ids[cut.loss_start:]) == answer_ids + [tiny_tokenizer.eos_token_id]


def test_plan_batches_groups_by_length_within_budget():
    lengths = [5, 50, 7, 48, 6, 52, 9, 45, 8, 47] * 3
    plan = plan_batches(lengths, tokens_per_batch=120, seed=1, epoch=0)
    flat = sorted(i for batch in plan for i in batch)
    assert flat == list(range(len(lengths)))  # every example exactly once per epoch
    assert all(len(b) * max(lengths[i] for i in b) <= 120 or len(b) == 1 for b in plan)
    padded = sum(len(b) * max(lengths[i] for i in b) for b in plan)
    naive = len(lengths) * max(lengths)  # padding everything to the longest
    assert padded < 0.7 * naive
    assert plan == plan_batches(lengths, 120, seed=1, epoch=0)  # reproducible
    assert plan != plan_batches(lengths, 120, seed=1, epoch=1)  # a new order each epoch


# ------------------------------------------------------------------ loss
def test_answer_only_logits_equal_full_logits(tiny_tokenizer):
    config = small_config()
    model = tiny_model(tiny_tokenizer, config)
    for name, param in model.named_parameters():
        if "lora_B" in name:  # make the adapter matter
            torch.nn.init.normal_(param, std=0.2)
    model.eval()
    ids, mask, labels = collate(examples_from(tiny_tokenizer, 5), pad_id=tiny_tokenizer.pad_token_id)
    fast, n_fast = response_only_loss(model, ids, mask, labels)
    fast.backward()
    grads_fast = {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}
    model.zero_grad()
    full, n_full = full_logits_loss(model, ids, mask, labels)
    full.backward()
    assert n_fast == n_full > 0
    assert fast.item() == pytest.approx(full.item(), rel=1e-5)
    for name, param in model.named_parameters():
        if param.requires_grad:
            torch.testing.assert_close(grads_fast[name], param.grad, rtol=1e-4, atol=1e-6)


# ------------------------------------------------------------------ loop
def _train(tokenizer, tmp_path, config, *, cancel_at=None, resume_from=None, events=None):
    from core.training.trainer import LoraTrainer

    model = tiny_model(tokenizer, config)
    cancel = threading.Event()

    def on_progress(progress):
        if events is not None:
            events.append(progress)
        if cancel_at is not None and progress.event == "step" and progress.step == cancel_at:
            cancel.set()

    trainer = LoraTrainer(model, examples_from(tokenizer), config, tmp_path, pad_id=tokenizer.pad_token_id,
                          on_progress=on_progress, cancel=cancel)
    return model, trainer.run(resume_from=resume_from)


def _lora_state(model):
    return {n: p.detach().clone() for n, p in model.named_parameters() if "lora_" in n}


def test_training_lowers_the_loss_and_reports_progress(tiny_tokenizer, tmp_path):
    events = []
    model, result = _train(tiny_tokenizer, tmp_path, small_config(epochs=6), events=events)
    assert result.status == "finished" and result.steps == result.total_steps > 5
    assert sum(result.losses[-3:]) / 3 < 0.75 * sum(result.losses[:3]) / 3
    steps = [e for e in events if e.event == "step"]
    assert [e.step for e in steps] == list(range(1, result.total_steps + 1))
    assert events[-1].event == "finished"
    assert all(e.tokens_per_s > 0 and e.memory_mb > 0 and e.learning_rate > 0 for e in steps)
    assert steps[-1].eta_s == pytest.approx(0.0) and steps[0].eta_s > 0
    assert steps[-1].epoch == pytest.approx(6.0, abs=0.5)
    assert (result.adapter_dir / "adapter_model.safetensors").is_file()


def test_cancel_stops_and_resume_matches_uninterrupted(tiny_tokenizer, tmp_path):
    config = small_config()
    full_model, full = _train(tiny_tokenizer, tmp_path / "full", config)
    assert full.status == "finished"

    events = []
    _, first = _train(tiny_tokenizer, tmp_path / "cut", config, cancel_at=3, events=events)
    assert first.status == "cancelled" and first.steps == 3 and first.adapter_dir is None
    assert events[-1].event == "cancelled" and max(e.step for e in events) == 3
    assert (first.checkpoint_dir / "trainer_state.pt").is_file()

    resumed_model, second = _train(tiny_tokenizer, tmp_path / "cut", config, resume_from=first.checkpoint_dir)
    assert second.status == "finished" and second.steps == full.steps
    assert first.losses + second.losses == pytest.approx(full.losses, rel=1e-5)
    expected, got = _lora_state(full_model), _lora_state(resumed_model)
    for name in expected:
        torch.testing.assert_close(got[name], expected[name], rtol=1e-5, atol=1e-7)


def test_resume_refuses_other_settings(tiny_tokenizer, tmp_path):
    from core.errors import ValidationError

    _, first = _train(tiny_tokenizer, tmp_path, small_config(), cancel_at=2)
    with pytest.raises(ValidationError) as info:
        _train(tiny_tokenizer, tmp_path, small_config(learning_rate=1e-3), resume_from=first.checkpoint_dir)
    assert info.value.field == "resume"


def test_grad_accumulation_weighs_every_label_token(tiny_tokenizer, tmp_path):
    """One step over 2 micro-batches equals one step over both in one batch."""
    from core.training.trainer import LoraTrainer

    examples = examples_from(tiny_tokenizer, 4)
    results = []
    for budget, accumulation in ((10_000, 1), (None, 2)):
        longest = max(map(len, examples))
        config = small_config(epochs=1, dropout=0.0, tokens_per_batch=budget or 2 * longest, max_length=longest,
                              grad_accumulation=accumulation, max_steps=1, warmup_ratio=0.0)
        model = tiny_model(tiny_tokenizer, config)
        trainer = LoraTrainer(model, examples, config, tmp_path / str(accumulation), pad_id=0)
        assert len(trainer.steps[0]) == accumulation
        trainer.run()
        results.append(_lora_state(model))
    for name in results[0]:
        torch.testing.assert_close(results[1][name], results[0][name], rtol=1e-4, atol=1e-6)


def test_start_from_a_previous_adapter(tiny_tokenizer, tmp_path):
    """Instruction tuning can continue from a knowledge run's adapter; other shapes are refused."""
    from core.errors import ValidationError
    from core.training.base import attach_lora

    first, result = _train(tiny_tokenizer, tmp_path, small_config(epochs=1))
    continued = attach_lora(tiny_gemma(tiny_tokenizer), small_config(seed=99), start_from=result.adapter_dir)
    expected, got = _lora_state(first), _lora_state(continued)
    for name in expected:
        torch.testing.assert_close(got[name], expected[name])
    with pytest.raises(ValidationError) as info:
        attach_lora(tiny_gemma(tiny_tokenizer), small_config(rank=8), start_from=result.adapter_dir)
    assert info.value.field == "start_from_run"


def test_qlora_without_cuda_is_a_clear_error(tmp_path):
    from core.errors import ValidationError
    from core.training.base import BaseModel, load_base

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(ValidationError) as info:
        load_base(BaseModel("x", tmp_path, None, None), quantization="4bit")
    assert info.value.field == "quantization" and "quantization: none" in info.value.fix


def test_cancel_in_the_middle_of_an_accumulated_step_resumes_exactly(tiny_tokenizer, tmp_path):
    """A step cut between its micro-batches is dropped; dropout's random state is rewound too."""
    from core.training.trainer import LoraTrainer

    config = small_config(grad_accumulation=2, tokens_per_batch=128, epochs=2)
    examples = examples_from(tiny_tokenizer)

    def trained(folder, cancel_on_call=None, resume_from=None):
        model = tiny_model(tiny_tokenizer, config)
        cancel = threading.Event()
        calls = []

        def loss_fn(*args):
            calls.append(1)
            if len(calls) == cancel_on_call:
                cancel.set()  # set during a micro-batch: the step is never applied
            return response_only_loss(*args)

        trainer = LoraTrainer(model, examples, config, folder, pad_id=0, cancel=cancel, loss_fn=loss_fn)
        return model, trainer.run(resume_from=resume_from)

    full_model, full = trained(tmp_path / "full")
    _, cut = trained(tmp_path / "cut", cancel_on_call=5)  # first micro-batch of step 3
    assert cut.status == "cancelled" and cut.steps == 2
    resumed_model, rest = trained(tmp_path / "cut", resume_from=cut.checkpoint_dir)
    assert cut.losses + rest.losses == pytest.approx(full.losses, rel=1e-5)
    expected, got = _lora_state(full_model), _lora_state(resumed_model)
    for name in expected:
        torch.testing.assert_close(got[name], expected[name], rtol=1e-5, atol=1e-7)
