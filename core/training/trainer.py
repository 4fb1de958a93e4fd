"""The LoRA training loop: length-grouped batches, answer-only logits, progress, cancel, resume.

One optimizer step = ``grad_accumulation`` micro-batches from a plan fixed by
the seed. Each step's gradient is the mean over every label token of its
micro-batches (not a mean of means), so short and long examples weigh the
same per token. The cancel event is checked before every micro-batch; a
cancelled run writes a checkpoint at the last completed step and can resume
from it with the same result as an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from core.training import checkpoint as ckpt
from core.training.batching import TokenizedExample, collate, plan_batches
from core.training.config import LoraTrainingConfig
from core.training.loss import response_only_loss
from core.training.progress import ProgressCallback, TrainingProgress, memory_mb


@dataclass
class TrainingResult:
    """What a training session did."""

    status: str  # finished | cancelled
    steps: int
    total_steps: int
    tokens: int  # tokens processed in this session
    seconds: float  # wall time of this session
    tokens_per_s: float
    final_loss: float | None
    peak_memory_mb: float
    adapter_dir: Path | None  # final adapter (finished runs)
    checkpoint_dir: Path | None  # resumable checkpoint (cancelled runs, or the last one written)
    losses: list[float] = field(default_factory=list)  # per step, this session


def learning_rate(step: int, total: int, peak: float, warmup_ratio: float) -> float:
    """Linear warm-up to ``peak``, then linear decay towards 0 at ``total``."""
    warm = round(total * warmup_ratio)
    if step < warm:
        return peak * (step + 1) / warm
    return peak * max(0.0, 1.0 - (step - warm) / max(1, total - warm))


def config_hash(config: LoraTrainingConfig) -> str:
    """Fingerprint of the settings that shape the training trajectory."""
    data = config.to_dict()
    for key in ("checkpoint_every", "throughput_tokens_per_s"):  # do not change the result
        data.pop(key, None)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


class LoraTrainer:
    """Trains the LoRA layers of a peft model on tokenized examples.

    Args:
        model: peft model with LoRA layers (only those require grad).
        examples: tokenized training examples.
        config: the run's settings.
        output_dir: run folder; ``adapter/`` and ``checkpoints/`` go here.
        pad_id: padding token id.
        on_progress: called after every step and at the end.
        cancel: set it (from any thread) to stop at the next micro-batch.
        loss_fn: ``(model, ids, mask, labels) -> (loss_sum, n_tokens)``.
    """

    def __init__(self, model, examples: list[TokenizedExample], config: LoraTrainingConfig, output_dir: Path, *,
                 pad_id: int, on_progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None, loss_fn: Callable = response_only_loss) -> None:
        if not examples:
            raise ValueError("no training examples")
        self.model = model
        self.examples = examples
        self.config = config
        self.output_dir = Path(output_dir)
        self.pad_id = pad_id
        self.on_progress = on_progress or (lambda progress: None)
        self.cancel = cancel or threading.Event()
        self.loss_fn = loss_fn
        self.steps = self.plan()

    # ------------------------------------------------------------------ plan
    def plan(self) -> list[list[list[int]]]:
        """Optimizer steps, each a list of micro-batches of example indices."""
        lengths = [len(e) for e in self.examples]
        micro: list[list[int]] = []
        for epoch in range(self.config.epochs):
            micro += plan_batches(lengths, self.config.tokens_per_batch, self.config.seed, epoch)
        accumulation = self.config.grad_accumulation
        steps = [micro[i:i + accumulation] for i in range(0, len(micro), accumulation)]
        if self.config.max_steps:
            steps = steps[: self.config.max_steps]
        self._micro_per_epoch = max(1, len(micro) // self.config.epochs)
        return steps

    @property
    def total_steps(self) -> int:
        return len(self.steps)

    # ------------------------------------------------------------------ run
    def run(self, resume_from: Path | None = None) -> TrainingResult:
        """Train until the plan is done or ``cancel`` is set.

        Args:
            resume_from: a checkpoint folder of this run to continue from.
        """
        import torch

        cfg = self.config
        model = self.model
        device = next(p.device for p in model.parameters())
        params = [p for p in model.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(params, lr=cfg.learning_rate, weight_decay=cfg.weight_decay)
        fingerprint = config_hash(cfg)
        torch.manual_seed(cfg.seed)
        start = 0
        if resume_from is not None:
            start = ckpt.load(resume_from, model, optimizer, config_hash=fingerprint)["step"]
        self._session_start = start
        model.train()
        checkpoints_dir = self.output_dir / "checkpoints"
        last_checkpoint: Path | None = Path(resume_from) if resume_from else None
        losses: list[float] = []
        tokens = 0
        lr = cfg.learning_rate
        started = time.perf_counter()
        step = start
        status = "finished"
        while step < self.total_steps:
            if self.cancel.is_set():
                status = "cancelled"
                break
            lr = learning_rate(step, self.total_steps, cfg.learning_rate, cfg.warmup_ratio)
            for group in optimizer.param_groups:
                group["lr"] = lr
            # Random state at the step's start, restored if the step is cancelled half-way.
            rng_at_step = torch.get_rng_state()
            cuda_rng_at_step = torch.cuda.get_rng_state_all() if device.type == "cuda" else None
            batches = [[self.examples[i] for i in mb] for mb in self.steps[step]]
            label_tokens = sum(e.loss_tokens for mb in batches for e in mb)
            step_loss = 0.0
            for mb in batches:
                if self.cancel.is_set():
                    break
                ids, mask, labels = (t.to(device) for t in collate(mb, self.pad_id))
                loss_sum, _ = self.loss_fn(model, ids, mask, labels)
                (loss_sum / label_tokens).backward()
                step_loss += float(loss_sum.detach())
                tokens += int(mask.sum())
            if self.cancel.is_set():  # a half-accumulated step is dropped, never applied
                optimizer.zero_grad(set_to_none=True)
                torch.set_rng_state(rng_at_step)  # so a resume replays this step exactly
                if cuda_rng_at_step is not None:
                    torch.cuda.set_rng_state_all(cuda_rng_at_step)
                status = "cancelled"
                break
            if cfg.max_grad_norm > 0:
                torch.nn.utils.clip_grad_norm_(params, cfg.max_grad_norm)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            losses.append(step_loss / label_tokens)
            self._report("step", step, losses[-1], lr, tokens, started)
            if step % cfg.checkpoint_every == 0 and step < self.total_steps:
                last_checkpoint = self._checkpoint(checkpoints_dir, model, optimizer, step, fingerprint)
                self._report("checkpoint", step, losses[-1], lr, tokens, started)
        seconds = time.perf_counter() - started
        adapter_dir = None
        if status == "cancelled":
            if step > start or last_checkpoint is None:
                last_checkpoint = self._checkpoint(checkpoints_dir, model, optimizer, step, fingerprint)
        else:
            adapter_dir = self.output_dir / "adapter"
            model.save_pretrained(adapter_dir)
        final = self._report(status, step, losses[-1] if losses else None, lr, tokens, started)
        return TrainingResult(status=status, steps=step, total_steps=self.total_steps, tokens=tokens,
                              seconds=seconds, tokens_per_s=tokens / seconds if seconds > 0 else 0.0,
                              final_loss=losses[-1] if losses else None, peak_memory_mb=final.peak_memory_mb,
                              adapter_dir=adapter_dir, checkpoint_dir=last_checkpoint, losses=losses)

    # ------------------------------------------------------------------ helpers
    def _checkpoint(self, folder: Path, model, optimizer, step: int, fingerprint: str) -> Path:
        path = ckpt.save(folder / f"step-{step:06d}", model, optimizer, step=step,
                         totals={"total_steps": self.total_steps}, config_hash=fingerprint)
        ckpt.prune(folder, keep=path)
        return path

    def _report(self, event: str, step: int, loss: float | None, lr: float, tokens: int,
                started: float) -> TrainingProgress:
        elapsed = time.perf_counter() - started
        now, peak = memory_mb()
        rate = tokens / elapsed if elapsed > 0 else 0.0
        steps_this_session = step - self._session_start
        eta = None
        if event == "step" and steps_this_session > 0:
            eta = elapsed / steps_this_session * (self.total_steps - step)
        progress = TrainingProgress(
            event=event, step=step, total_steps=self.total_steps,
            epoch=step * self.config.grad_accumulation / self._micro_per_epoch, loss=loss, learning_rate=lr,
            tokens=tokens, tokens_per_s=rate, eta_s=eta, memory_mb=now, peak_memory_mb=peak, elapsed_s=elapsed,
        )
        self.on_progress(progress)
        return progress
