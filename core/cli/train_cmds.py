"""`prescreen train …` and `prescreen export gguf …`.

Each command group registers in its own function (``_register_train``,
``_register_export``, …) so evaluation, gate and registry commands can be
added here as further groups without touching these.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from core.errors import PrescreenError


def register(sub) -> None:
    _register_train(sub)
    _register_export(sub)


# ---------------------------------------------------------------------- train
def _register_train(sub) -> None:
    from core.training.config import MODES, PRESETS

    p = sub.add_parser("train", help="fine-tune the triage model with LoRA on a dataset",
                       description="Fine-tune with LoRA. Shows a cost estimate and asks for confirmation first; "
                                   "Ctrl-C cancels cleanly after the current step and leaves a checkpoint.")
    p.add_argument("dataset", nargs="?", help="dataset name (see `prescreen data list`); ignored in knowledge mode")
    p.add_argument("--config", type=Path, help="training settings as YAML (see --help-config)")
    p.add_argument("--preset", choices=sorted(PRESETS), help="start from a preset (default: gemma3-270m)")
    p.add_argument("--mode", choices=MODES, help="instruction (default), knowledge or counterfactual")
    p.add_argument("--max-steps", type=int, help="stop after this many optimizer steps (a short trial run)")
    p.add_argument("--yes", action="store_true", help="accept the cost estimate without asking (for scripts)")
    p.add_argument("--resume", metavar="RUN", help="continue a cancelled, failed or interrupted run from its checkpoint")
    p.add_argument("--list", action="store_true", help="list training runs and exit")
    p.add_argument("--csv", type=Path, metavar="FILE", help="export the training_runs table as CSV and exit")
    p.add_argument("--help-config", action="store_true", help="explain every training setting and exit")
    p.add_argument("--save-config", type=Path, metavar="FILE", help="write the effective settings as YAML and exit")
    p.set_defaults(handler=_train)


def _train(args, ctx) -> int:
    from core.training import config as cfg

    if args.help_config:
        defaults = cfg.LoraTrainingConfig().to_dict()
        for name, text in cfg.field_help().items():
            print(f"{name} (default {defaults[name]!r}):\n    {text}")
        return 0
    if args.list or args.csv:
        return _list_runs(args, ctx)
    if args.resume is None and args.save_config is None and not args.dataset and args.mode != "knowledge":
        raise PrescreenError("give a DATASET to train on (or --resume RUN, or --mode knowledge)")
    config = _effective_config(args)
    if args.save_config:
        config.save_yaml(args.save_config)
        print(f"wrote {args.save_config}")
        return 0
    from core.training import service

    ws = ctx.workspace()
    if args.resume:
        plan = service.plan_resume(ws, args.resume)
        print(f"resuming {plan.run_id} from {plan.resume_from.name}")
    else:
        plan = service.plan_run(ws, args.dataset or service.KNOWLEDGE_DATASET, config)
        print(f"run {plan.run_id}: {config.mode} on '{plan.dataset}', base {config.base_model}")
        for line in plan.estimate.lines():
            print("  " + line)
        if not _confirmed(args):
            print("not started; the estimate is recorded")
            return 1
        service.approve(ws, plan)
    cancel = threading.Event()
    bar = ProgressBar(sys.stderr)
    with _cancel_on_stop_signals(cancel):
        result = service.execute(ws, plan, on_progress=bar.update, cancel=cancel)
    bar.close()
    if result.status == "finished":
        print(f"finished {result.steps} steps, final loss {result.final_loss:.4f}; adapter in {result.adapter_dir}")
        print(f"export for the engine: prescreen export gguf {plan.run_id}")
        return 0
    print(f"cancelled at step {result.steps}/{result.total_steps}; checkpoint {result.checkpoint_dir}")
    print(f"continue with: prescreen train --resume {plan.run_id}")
    return 130


def _effective_config(args):
    from core.training.config import LoraTrainingConfig, preset

    config = LoraTrainingConfig.load_yaml(args.config) if args.config else preset(args.preset or "gemma3-270m")
    changes = {}
    if args.mode:
        changes["mode"] = args.mode
    if args.max_steps is not None:
        changes["max_steps"] = args.max_steps
    return config.replace(**changes) if changes else config


def _confirmed(args) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise PrescreenError("confirmation needed: run in a terminal to answer, or pass --yes to accept the estimate")
    return input("Start training? [y/N] ").strip().lower() in ("y", "yes")


def _list_runs(args, ctx) -> int:
    from core.security.roles import Permission
    from core.training import runs

    ws = ctx.workspace()
    ws.require(Permission.TRAIN)
    if args.csv:
        count = runs.export_csv(ws.db, args.csv)
        ws.audit.record("training.export_csv", "training_runs", None, {"rows": count})
        print(f"wrote {count} rows to {args.csv}")
        return 0
    for event in runs.list_runs(ws.db):
        line = f"{event.run_id}  {event.status:<10} {event.mode:<14} {event.dataset:<20}"
        if "steps" in event.actual:
            line += f" steps {event.actual['steps']}/{event.actual['total_steps']}"
        if event.actual.get("final_loss") is not None:
            line += f"  loss {event.actual['final_loss']:.4f}"
        print(line)
    return 0


class _cancel_on_stop_signals:
    """First Ctrl-C (or SIGTERM, as a shutdown sends) sets the cancel event; a second one interrupts.

    The run then stops after the current step with a checkpoint and is
    recorded as cancelled, so ``--resume`` can continue it.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, cancel: threading.Event) -> None:
        self.cancel = cancel
        self.previous: dict = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for signum in self.SIGNALS:
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        if self.cancel.is_set():
            raise KeyboardInterrupt
        self.cancel.set()
        what = "Ctrl-C" if signum == signal.SIGINT else "stop signal"
        print(f"\n{what}: cancelling after the current step (Ctrl-C again to abort without a checkpoint)…",
              file=sys.stderr)

    def __exit__(self, *exc) -> None:
        for signum, previous in self.previous.items():
            signal.signal(signum, previous)
        self.previous = {}


class ProgressBar:
    """One self-overwriting line on stderr per training step."""

    def __init__(self, stream, width: int = 24) -> None:
        self.stream = stream
        self.width = width
        self.tty = stream.isatty()

    def update(self, p) -> None:
        if p.event == "checkpoint":
            self._write(f"checkpoint written at step {p.step}", newline=True)
            return
        done = int(self.width * p.step / max(1, p.total_steps))
        eta = "" if p.eta_s is None else f" ETA {_clock(p.eta_s)}"
        loss = "-" if p.loss is None else f"{p.loss:.4f}"
        self._write(f"[{'#' * done}{'.' * (self.width - done)}] step {p.step}/{p.total_steps} epoch {p.epoch:.2f} "
                    f"loss {loss} lr {p.learning_rate:.2e} {p.tokens_per_s:,.0f} tok/s{eta} "
                    f"mem {p.memory_mb:,.0f} MB", newline=not self.tty)

    def _write(self, text: str, newline: bool = False) -> None:
        self.stream.write(("\r" + text + "\x1b[K" if self.tty else text) + ("\n" if newline else ""))
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"


# ---------------------------------------------------------------------- export
def _register_export(sub) -> None:
    p = sub.add_parser("export", help="export a trained model for the engine")
    formats = p.add_subparsers(dest="export_format", metavar="FORMAT")
    g = formats.add_parser("gguf", help="LoRA adapter -> llama.cpp LoRA GGUF (runs on the base GGUF)")
    g.add_argument("source", metavar="RUN_OR_MODEL", help="a finished run id, or a peft adapter folder")
    g.add_argument("--out", type=Path, help="output file (default: <run folder>/adapter.gguf)")
    g.add_argument("--merged", action="store_true",
                   help="also write the adapter merged into the base, quantized, with a perplexity report")
    g.add_argument("--levels", default="Q8_0,Q4_K_M", help="quantization levels for --merged (comma-separated)")
    g.add_argument("--calibration", type=Path, help="calibration text for the perplexity report "
                                                     "(default: the guideline knowledge base)")
    g.set_defaults(handler=_export_gguf)


def _export_gguf(args, ctx) -> int:
    from core.registry.export import export_run

    result = export_run(ctx.workspace(), args.source, args.out)
    print(f"wrote {result.path} ({result.architecture} LoRA, rank {result.rank}, alpha {result.alpha:g}, "
          f"{result.tensors} tensors)")
    if args.merged:
        from core.registry.merge import export_merged

        levels = tuple(level.strip().upper() for level in args.levels.split(",") if level.strip())
        report, rows = export_merged(ctx.workspace(), args.source, levels, args.calibration)
        for row in rows:
            print(f"  {row.level:<28} {row.size_mb:7.0f} MB  perplexity {row.perplexity:8.3f}  {row.path.name}")
        print(f"report: {report}")
    return 0
