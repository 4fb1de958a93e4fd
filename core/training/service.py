"""Fine-tuning as the admin runs it: plan and estimate, confirm, train, record.

``plan_run`` checks the permission and the PHI audit gate, builds the examples
in the engine's task format, and estimates the cost; nothing trains until
``approve`` records the admin's confirmation. ``execute`` loads the base, trains
and appends each status change to ``training_runs``, with audit events and
project milestones. The same functions serve the CLI and the GUI.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from core.errors import ValidationError
from core.security.roles import Permission
from core.training import milestones, runs
from core.training.batching import TokenizedExample
from core.training.config import LoraTrainingConfig
from core.training.cost import CostEstimate, CostSettings, estimate_cost, load_prices
from core.training.progress import ProgressCallback
from core.training.trainer import TrainingResult

KNOWLEDGE_DATASET = "guidelines"  # lineage name of knowledge-mode runs


@dataclass
class RunPlan:
    """Everything decided before training starts."""

    run_id: str
    dataset: str
    manifest_hash: str
    config: LoraTrainingConfig
    base: Any  # core.training.base.BaseModel
    examples: list[TokenizedExample]
    estimate: CostEstimate
    output_dir: Path
    event: runs.RunEvent
    resume_from: Path | None = None


def plan_run(ws, dataset: str, config: LoraTrainingConfig) -> RunPlan:
    """Check, build the examples and estimate the cost of a new run (recorded as 'estimated').

    Raises:
        PermissionDenied: the user may not train.
        PrescreenError: the dataset has no passing PHI audit, or is unusable.
    """
    ws.require(Permission.TRAIN)
    config.validate()
    _start_adapter(ws, config)  # refuse an unusable starting run before any work
    source_name, lineage, data = _source(ws, dataset, config)
    base, tokenizer = _base_and_tokenizer(ws, config)
    examples = _examples(ws, config, data, base, tokenizer)
    run_id = "run-" + datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)
    output_dir = ws.paths.runs / run_id
    estimate = _estimate(ws, config, examples)
    event = runs.RunEvent(run_id=run_id, status="estimated", mode=config.mode, base_model=config.base_model,
                          dataset=source_name, manifest_hash=lineage, output_dir=str(output_dir),
                          actor=ws.user.username, config=config.to_dict(), estimate=estimate.to_dict())
    with ws.transaction():
        runs.append(ws.db, event)
        project = source_name
        if not milestones.reached(ws.db, project, "data_ready"):
            milestones.record(ws.db, actor=ws.user.username, project=project, milestone="data_ready",
                              message=f"{len(examples)} training examples ready", object_type="dataset",
                              object_id=source_name)
        if config.mode != "knowledge" and not milestones.reached(ws.db, project, "audit_passed"):
            milestones.record(ws.db, actor=ws.user.username, project=project, milestone="audit_passed",
                              message="PHI audit passed", object_type="dataset", object_id=source_name)
        ws.audit.record("training.estimate", "training_run", run_id,
                        {"dataset": source_name, "mode": config.mode, "tokens": estimate.total_tokens,
                         "hours": round(estimate.hours, 3)})
    return RunPlan(run_id, source_name, lineage, config, base, examples, estimate, output_dir, event)


def plan_resume(ws, run_id: str) -> RunPlan:
    """Plan to continue a cancelled, failed or interrupted run from its last checkpoint.

    Raises:
        ValidationError: the run finished already or left no checkpoint.
    """
    from core.training import checkpoint as ckpt
    from core.training import liveness

    ws.require(Permission.TRAIN)
    last = runs.latest(ws.db, run_id)
    if last.status in ("started", "checkpoint"):
        if liveness.is_live(Path(last.output_dir)):
            raise ValidationError("resume", f"run {run_id} is still training", "wait for it, or cancel it first")
        last = _record_interrupted(ws, last)
    if last.status not in ("cancelled", "failed"):
        raise ValidationError("resume", f"run {run_id} is '{last.status}', not cancelled or failed",
                              "resume only an interrupted run")
    found = ckpt.latest(Path(last.output_dir) / "checkpoints")
    if found is None:
        raise ValidationError("resume", f"run {run_id} left no checkpoint", "start a new run")
    config = LoraTrainingConfig.from_dict(last.config)
    _, lineage, data = _source(ws, last.dataset, config)
    if lineage != last.manifest_hash:
        raise ValidationError("resume", f"dataset '{last.dataset}' changed since the run started",
                              "start a new run on the current data")
    base, tokenizer = _base_and_tokenizer(ws, config)
    examples = _examples(ws, config, data, base, tokenizer)
    estimate = _estimate(ws, config, examples)
    return RunPlan(run_id, last.dataset, lineage, config, base, examples, estimate, Path(last.output_dir), last,
                   resume_from=found)


def approve(ws, plan: RunPlan) -> None:
    """Record the admin's confirmation of the cost estimate."""
    ws.require(Permission.TRAIN)
    with ws.transaction():
        plan.event = runs.follow_up(ws.db, plan.event, "approved", actor=ws.user.username)
        milestones.record(ws.db, actor=ws.user.username, project=plan.dataset, milestone="cost_approved",
                          message=f"estimate approved: {plan.estimate.total_tokens:,} tokens, "
                                  f"{plan.estimate.local_cost:.2f} {plan.estimate.currency}",
                          object_type="training_run", object_id=plan.run_id)
        ws.audit.record("training.approve", "training_run", plan.run_id, {"local_cost": plan.estimate.local_cost})


def execute(ws, plan: RunPlan, on_progress: ProgressCallback | None = None,
            cancel: threading.Event | None = None) -> TrainingResult:
    """Train; every outcome (finished, cancelled, failed) is recorded.

    Raises:
        ValidationError: the plan was not approved.
    """
    from core.training import liveness
    from core.training.base import attach_lora, load_base
    from core.training.cost import actual_cost
    from core.training.trainer import LoraTrainer

    ws.require(Permission.TRAIN)
    if plan.event.status not in ("approved", "cancelled", "failed"):
        raise ValidationError("run", "the cost estimate was not confirmed", "confirm it (or pass --yes)")
    plan.output_dir.mkdir(parents=True, exist_ok=True)
    plan.config.save_yaml(plan.output_dir / "config.yaml")
    user = ws.user.username
    with ws.transaction():
        plan.event = runs.follow_up(ws.db, plan.event, "started", actor=user,
                                    detail={"resumed_from": str(plan.resume_from) if plan.resume_from else None})
        milestones.record(ws.db, actor=user, project=plan.dataset, milestone="run_started",
                          message=f"{plan.config.mode} run started", object_type="training_run",
                          object_id=plan.run_id)
        ws.audit.record("training.start", "training_run", plan.run_id, {"resumed": plan.resume_from is not None})
    settings = CostSettings.from_config(ws.config)
    try:
        model, tokenizer = load_base(plan.base, plan.config.quantization, plan.config.gradient_checkpointing)
        model = attach_lora(model, plan.config, start_from=_start_adapter(ws, plan.config))
        pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        trainer = LoraTrainer(model, plan.examples, plan.config, plan.output_dir, pad_id=pad_id,
                              on_progress=on_progress, cancel=cancel)
        with liveness.hold(plan.output_dir):
            result = trainer.run(resume_from=plan.resume_from)
    except BaseException as exc:
        with ws.transaction():
            runs.follow_up(ws.db, plan.event, "failed", actor=user, detail={"error": exc.__class__.__name__})
            milestones.record(ws.db, actor=user, project=plan.dataset, milestone="run_failed",
                              message=f"run failed ({exc.__class__.__name__})", object_type="training_run",
                              object_id=plan.run_id)
            ws.audit.record("training.fail", "training_run", plan.run_id, {"error": exc.__class__.__name__},
                            outcome="error")
        raise
    import torch

    # A resumed run's cost is every session's: add what the earlier sessions recorded.
    earlier = plan.event.actual if plan.resume_from else {}
    actual = actual_cost(result.tokens + int(earlier.get("tokens", 0)),
                         result.seconds + float(earlier.get("seconds", 0.0)), settings)
    actual.update(device="cuda" if torch.cuda.is_available() else "cpu", steps=result.steps,
                  total_steps=result.total_steps, final_loss=result.final_loss,
                  peak_memory_mb=result.peak_memory_mb)
    detail = {"adapter_dir": str(result.adapter_dir) if result.adapter_dir else None,
              "checkpoint_dir": str(result.checkpoint_dir) if result.checkpoint_dir else None,
              "base_hf_dir": str(plan.base.hf_dir),
              "base_gguf": str(plan.base.gguf_path) if plan.base.gguf_path else None,
              "base_gguf_sha256": plan.base.gguf_sha256}
    with ws.transaction():
        plan.event = runs.follow_up(ws.db, plan.event, result.status, actor=user, actual=actual, detail=detail)
        milestone = "run_finished" if result.status == "finished" else "run_cancelled"
        milestones.record(ws.db, actor=user, project=plan.dataset, milestone=milestone,
                          message=f"run {result.status} at step {result.steps}/{result.total_steps}",
                          object_type="training_run", object_id=plan.run_id)
        ws.audit.record(f"training.{'finish' if result.status == 'finished' else 'cancel'}", "training_run",
                        plan.run_id, {"steps": result.steps, "tokens": result.tokens})
    return result


# ---------------------------------------------------------------------- helpers
def _record_interrupted(ws, last: runs.RunEvent) -> runs.RunEvent:
    """A run left 'started' by a process that is gone (power cut, killed): record it as failed."""
    user = ws.user.username
    with ws.transaction():
        event = runs.follow_up(ws.db, last, "failed", actor=user,
                               detail={"error": "interrupted", "note": "the training process stopped without "
                                                                       "recording an outcome"})
        milestones.record(ws.db, actor=user, project=last.dataset, milestone="run_failed",
                          message="run interrupted (the training process stopped)", object_type="training_run",
                          object_id=last.run_id)
        ws.audit.record("training.fail", "training_run", last.run_id, {"error": "interrupted"}, outcome="error")
    return event


def _start_adapter(ws, config: LoraTrainingConfig) -> Path | None:
    """The adapter folder of ``config.start_from_run``, which must have finished."""
    if not config.start_from_run:
        return None
    previous = runs.latest(ws.db, config.start_from_run)
    if previous.status != "finished" or not previous.detail.get("adapter_dir"):
        raise ValidationError("start_from_run", f"run {previous.run_id} is '{previous.status}'",
                              "start from a finished run")
    return Path(previous.detail["adapter_dir"])


def _source(ws, dataset: str, config: LoraTrainingConfig):
    """(lineage name, lineage hash, records or texts); checks the PHI audit gate first."""
    from core.training import examples as ex

    if config.mode == "knowledge":
        import hashlib

        texts = ex.knowledge_texts()
        digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()
        return KNOWLEDGE_DATASET, digest, texts
    from core.datasets import store
    from core.phi import require_passing_audit  # lazy: the PHI stack loads only when training
    from core.training.data import load_training_records

    store.read_manifest(store.dataset_folder(ws.paths.datasets, dataset))  # "no such dataset" first
    require_passing_audit(ws, dataset)
    source = load_training_records(ws.paths.datasets, dataset)
    return source.name, source.manifest_hash, source.records


def _base_and_tokenizer(ws, config: LoraTrainingConfig):
    from transformers import AutoTokenizer

    from core.training.base import resolve_base

    base = resolve_base(config.base_model, ws.paths.models, ws.paths.cache)
    return base, AutoTokenizer.from_pretrained(base.hf_dir)


def _examples(ws, config: LoraTrainingConfig, data, base, tokenizer) -> list[TokenizedExample]:
    """Tokenized examples for the mode; prompts rendered as the triage pipeline renders them."""
    from core.training import examples as ex
    from core.training.prompting import knowledge_retriever, prompt_renderer
    from core.triage.settings import TriageSettings

    if config.mode == "knowledge":
        return ex.tokenize_texts(data, tokenizer, config.max_length)
    settings = TriageSettings.from_config(ws.config)
    retrieve = None
    if config.with_passages:
        from core.triage.pipeline import TriagePipeline

        knowledge = TriagePipeline(ws, settings=settings).knowledge()
        retrieve = knowledge_retriever(knowledge, settings.k) if knowledge is not None else None
    render = prompt_renderer(tokenizer, chat_template=base.chat_template, settings=settings, retrieve=retrieve)
    build = ex.counterfactual_examples if config.mode == "counterfactual" else ex.instruction_examples
    return ex.tokenize_pairs(build(data, render), tokenizer, config.max_length)


def _estimate(ws, config: LoraTrainingConfig, examples: list[TokenizedExample]) -> CostEstimate:
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    prices, as_of = load_prices()
    return estimate_cost(examples=len(examples), tokens_per_epoch=sum(len(e) for e in examples),
                         epochs=config.epochs, device=device, settings=CostSettings.from_config(ws.config),
                         configured_throughput=config.throughput_tokens_per_s,
                         measured_throughput=runs.measured_throughput(ws.db, device),
                         prices=prices, prices_as_of=as_of)
