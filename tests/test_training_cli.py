"""`prescreen train` and `prescreen export gguf` end to end on a real workspace.

Real parts: SQLCipher workspace, the data generator, the Presidio PHI audit, the
engine's prompt builder, peft, the gguf writer. The base model is a tiny
randomly initialised Gemma 3 saved in Hugging Face format in the workspace's
``models/`` folder (the path a clinic uses for its own base models), so the
whole flow runs in seconds.
"""

from __future__ import annotations

import os
import re
import signal

import pytest
from conftest import ADMIN, ADMIN_PASSWORD, make_user

pytest.importorskip("torch")

CONFIG = """\
base_model: tiny-gemma
rank: 4
alpha: 8
dropout: 0.0
epochs: 2
max_length: 1024
tokens_per_batch: 4096
checkpoint_every: 1
with_passages: false
"""


@pytest.fixture
def train_home(home, tmp_path):
    """Workspace with a nurse, an un-audited triage dataset 'cases' and the tiny base in models/."""
    from training_tiny import tiny_gemma, tiny_tokenizer

    from core.datasets.service import generate_dataset
    from core.training.data import load_training_records
    from core.training.prompting import prompt_renderer
    from core.triage.settings import TriageSettings
    from core.workspace import Workspace

    with Workspace.create(home, ADMIN, ADMIN_PASSWORD) as ws:
        nurse_password = make_user(ws, "nurse1", "nurse")
        generate_dataset(ws, "cases", n=6, seed=3, categories=["triage"], variants=1)
        records = load_training_records(ws.paths.datasets, "cases").records
        # A tokenizer that knows the engine's prompt wording keeps the tiny prompts short.
        plain = prompt_renderer(tiny_tokenizer(), settings=TriageSettings(n_ctx=32768))
        tokenizer = tiny_tokenizer([plain(r["intake"]) for r in records], vocab_size=1500)
        model = tiny_gemma(tokenizer, max_positions=2048)
        folder = ws.paths.models / "tiny-gemma"
        model.save_pretrained(folder)
        tokenizer.save_pretrained(folder)
    config = tmp_path / "train.yaml"
    config.write_text(CONFIG)
    return home, config, nurse_password


def _db_rows(home, sql):
    from core.workspace import Workspace

    with Workspace.open(home, ADMIN, ADMIN_PASSWORD) as ws:
        return ws.db.execute(sql).fetchall()


def test_train_cancel_resume_export(cli, train_home, monkeypatch):
    home, config, nurse_password = train_home
    admin = dict(user=ADMIN, password=ADMIN_PASSWORD)

    # No passing PHI audit: refused before anything is estimated or trained.
    rc, _, err = cli("train", "cases", "--config", config, "--yes", **admin)
    assert rc == 2 and "PHI audit" in err and "Traceback" not in err
    assert _db_rows(home, "SELECT count(*) FROM training_runs") == [(0,)]
    rc, _, err = cli("phi", "audit", "cases", **admin)
    assert rc == 0, err

    # Nurses may not train.
    rc, _, err = cli("train", "cases", "--config", config, "--yes", user="nurse1", password=nurse_password)
    assert rc == 2 and "may not train" in err

    # Without --yes (and no terminal to ask on) the estimate is shown and recorded, nothing trains.
    rc, out, err = cli("train", "cases", "--config", config, **admin)
    assert rc == 2 and "--yes" in err
    assert "total training tokens" in out and "OpenAI" in out and "Azure OpenAI" in out

    # Ctrl-C during the run: clean cancel with a checkpoint.
    from core.cli import train_cmds

    real_update = train_cmds.ProgressBar.update

    def ctrl_c_after_first_step(self, progress):
        real_update(self, progress)
        if progress.event == "step" and progress.step == 1:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(train_cmds.ProgressBar, "update", ctrl_c_after_first_step)
    sigint_before = signal.getsignal(signal.SIGINT)  # SIG_IGN when the suite runs in the background
    rc, out, err = cli("train", "cases", "--config", config, "--yes", **admin)
    assert rc == 130, err
    assert "step 1/" in err and "cancelling" in err
    run_id = re.search(r"--resume (run-\S+)", out).group(1)
    monkeypatch.setattr(train_cmds.ProgressBar, "update", real_update)
    assert signal.getsignal(signal.SIGINT) is sigint_before  # handler restored

    # An unfinished run cannot be exported.
    rc, _, err = cli("export", "gguf", run_id, **admin)
    assert rc == 2 and "cancelled" in err

    # A resume whose process then died (power cut, kill -9) leaves the run 'started'.
    _mark_started(home, run_id)
    from core.training import liveness

    with liveness.hold(home / "runs" / run_id):  # ... while a live process holds it, it is left alone
        rc, _, err = cli("train", "--resume", run_id, **admin)
    assert rc == 2 and "still training" in err and "Traceback" not in err
    rc, out, err = cli("train", "--resume", run_id, **admin)  # the process is gone: resumed
    assert rc == 0, err
    assert "finished" in out

    statuses = [s for (s,) in _db_rows(home, f"SELECT status FROM training_runs WHERE run_id = '{run_id}' "
                                             "ORDER BY seq")]
    assert statuses == ["estimated", "approved", "started", "cancelled", "started", "failed", "started",
                        "finished"]
    assert ("interrupted",) in _db_rows(home, "SELECT json_extract(detail, '$.error') FROM training_runs")
    milestones = [m for (m,) in _db_rows(home, "SELECT milestone FROM project_milestones ORDER BY seq")]
    assert milestones[:3] == ["activated", "data_ready", "audit_passed"]  # the shipped adapter, then this work
    assert {"cost_approved", "run_started", "run_cancelled", "run_finished"} <= set(milestones)
    actions = {a for (a,) in _db_rows(home, "SELECT action FROM audit_events")}
    assert {"training.estimate", "training.approve", "training.start", "training.cancel",
            "training.finish"} <= actions

    rc, out, err = cli("export", "gguf", run_id, **admin)
    assert rc == 0, err
    path = home / "runs" / run_id / "adapter.gguf"
    assert path.is_file() and "gemma3 LoRA" in out
    _check_gguf(path)
    assert "model.export_gguf" in {a for (a,) in _db_rows(home, "SELECT action FROM audit_events")}

    rc, out, _ = cli("train", "--list", **admin)
    assert rc == 0 and run_id in out and "finished" in out


def _mark_started(home, run_id):
    from core.training import runs
    from core.workspace import Workspace

    with Workspace.open(home, ADMIN, ADMIN_PASSWORD) as ws, ws.transaction():
        runs.follow_up(ws.db, runs.latest(ws.db, run_id), "started", actor=ADMIN)


def _check_gguf(path):
    import gguf

    reader = gguf.GGUFReader(str(path))

    def text(key):
        field = reader.fields[key]
        return bytes(field.parts[field.data[0]]).decode()

    assert text("general.type") == "adapter" and text("adapter.type") == "lora"
    assert text("general.architecture") == "gemma3"
    alpha = reader.fields["adapter.lora.alpha"]
    assert float(alpha.parts[alpha.data[0]][0]) == 8.0
    names = {t.name for t in reader.tensors}
    assert {"blk.0.attn_q.weight.lora_a", "blk.1.attn_output.weight.lora_b"} <= names
    assert len(names) == 2 * 4 * 2  # q/k/v/o x 2 blocks, a and b
    a = next(t for t in reader.tensors if t.name == "blk.0.attn_q.weight.lora_a")
    b = next(t for t in reader.tensors if t.name == "blk.0.attn_q.weight.lora_b")
    assert list(a.shape) == [64, 4] and list(b.shape) == [4, 64]  # ggml order: (in, rank), (rank, out)


def test_help_config_and_save_config(cli, tmp_path):
    rc, out, _ = cli("train", "--help-config")
    assert rc == 0 and "rank (default 16)" in out and "tokens_per_batch" in out
    target = tmp_path / "c.yaml"
    rc, out, _ = cli("train", "--mode", "counterfactual", "--save-config", target)
    assert rc == 0 and "mode: counterfactual" in target.read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text("rank: 0\n")
    rc, _, err = cli("train", "cases", "--config", bad, "--save-config", target)
    assert rc == 2 and err.startswith("error: rank")


def test_knowledge_run_then_instruction_run_from_its_adapter(cli, train_home):
    """The playbook order: causal-LM on the guidelines, then triage cases on top of that adapter."""
    home, config, _ = train_home
    admin = dict(user=ADMIN, password=ADMIN_PASSWORD)
    rc, out, err = cli("train", "--mode", "knowledge", "--config", config, "--max-steps", "2", "--yes", **admin)
    assert rc == 0, err
    knowledge_run = re.search(r"run (run-\S+): knowledge on 'guidelines'", out).group(1)
    rc, _, err = cli("phi", "audit", "cases", **admin)
    assert rc == 0, err
    follow_up = config.with_name("after.yaml")
    follow_up.write_text(config.read_text() + f"start_from_run: {knowledge_run}\n")
    rc, out, err = cli("train", "cases", "--config", follow_up, "--max-steps", "1", "--yes", **admin)
    assert rc == 0, err
    rows = _db_rows(home, "SELECT run_id, mode, dataset, status FROM training_runs WHERE status = 'finished' "
                          "ORDER BY seq")
    assert [(mode, dataset) for _, mode, dataset, _ in rows] == [("knowledge", "guidelines"), ("instruction", "cases")]
    # Starting from a run that did not finish is refused before any work.
    unfinished = config.with_name("bad.yaml")
    unfinished.write_text(config.read_text() + "start_from_run: run-missing\n")
    rc, _, err = cli("train", "cases", "--config", unfinished, "--yes", **admin)
    assert rc == 2 and "run-missing" in err


def test_a_stop_signal_cancels_cleanly_like_ctrl_c():
    import threading

    from core.cli.train_cmds import _cancel_on_stop_signals

    cancel = threading.Event()
    before = signal.getsignal(signal.SIGTERM)
    sigint_before = signal.getsignal(signal.SIGINT)
    with _cancel_on_stop_signals(cancel):
        os.kill(os.getpid(), signal.SIGTERM)  # what a shutdown or `kill` sends
        assert cancel.is_set()  # the run stops after the current step, with a checkpoint
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGTERM)  # a second one aborts
    assert signal.getsignal(signal.SIGTERM) is before
    assert signal.getsignal(signal.SIGINT) is sigint_before
