"""The inference worker: the real model in its own process, and what happens when that process fails.

Every failure here is real: the worker is sent SIGSEGV or SIGKILL while it
writes a draft, stopped with SIGSTOP until the client gives up on it, or
asked to load a file that is not a GGUF model. Each time the client reports
clearly, the case is filed with the red-flag floor and the priority
suggestion, the audit chain verifies, and the next triage succeeds.
"""

from __future__ import annotations

import os
import signal
import sys

import pytest

from core.inference.catalog import default_model
from core.inference.errors import GenerationCancelled, ModelUnavailable
from core.inference.worker import WorkerEngine, stop_workers
from core.triage.assessment import draft_schema, parse_draft
from core.triage.pipeline import TriagePipeline
from core.triage.priority import Priority
from core.triage.settings import TriageSettings
from core.workspace import Workspace
from conftest import make_user
from triage_support import engine as local_engine
from triage_support import knowledge_base

pytestmark = pytest.mark.slow

CHEST_PAIN = ("A 58-year-old man has had central chest pressure for 40 minutes, spreading to his left arm, "
              "with sweating and nausea. BP 150/90, HR 104.")
SORE_THROAT = "A 24-year-old woman has had a sore throat for two days, no fever, eating and drinking normally."


@pytest.fixture(scope="module")
def worker():
    engine = WorkerEngine(default_model().path, n_ctx=2048, n_threads=1)
    yield engine
    engine.close()


@pytest.fixture
def nurse(workspace, home):
    password = make_user(workspace, "nina", "nurse")
    ws = Workspace.open(home, "nina", password)
    yield ws
    ws.close()
    stop_workers()


def worker_pipeline(ws, **settings) -> TriagePipeline:
    """A pipeline whose model runs in this process's inference worker (the product default)."""
    settings = {"n_threads": 1, "k": 0, **settings}
    return TriagePipeline(ws, knowledge=knowledge_base(), settings=TriageSettings(inference="worker", **settings))


def audit_intact(ws) -> None:
    report = ws.audit.verify()
    assert report.ok, report


def stored(ws, case_id: str) -> tuple:
    return ws.db.execute("SELECT status, final_priority, floor_priority FROM review_cases WHERE id = ?",
                         (case_id,)).fetchone()


# the worker as an engine -------------------------------------------------------------
def test_worker_tokenizes_and_writes_exactly_what_the_in_process_engine_does(worker):
    local = local_engine()
    prompt = local.chat_prompt("Answer in JSON.", "Patient: 30-year-old, cough for 3 days.")
    assert worker.chat_prompt("Answer in JSON.", "Patient: 30-year-old, cough for 3 days.") == prompt
    assert worker.count_tokens(prompt) == local.count_tokens(prompt)
    assert worker.encode(prompt) == local.encode(prompt)
    schema = draft_schema([])
    pieces = list(worker.stream(prompt, max_tokens=96, json_schema=schema))
    assert len(pieces) > 3  # streamed piece by piece through the pipe
    assert "".join(pieces) == local.generate(prompt, max_tokens=96, json_schema=schema).text
    assert parse_draft("".join(pieces)).json_valid


def test_model_loads_once_per_worker(worker):
    pid = worker.pid
    starts = worker.worker.starts
    for _ in range(3):
        worker.count_tokens("chest pain")
        worker.generate("Hello", max_tokens=4)
    assert worker.pid == pid and worker.worker.starts == starts


def test_cancel_stops_the_worker_generation_and_it_serves_the_next_request(worker):
    seen = []
    with pytest.raises(GenerationCancelled):
        for piece in worker.stream("Write a long story about a clinic:", max_tokens=200,
                                   cancel=lambda: len(seen) >= 3):
            seen.append(piece)
    assert 3 <= len(seen) < 200
    assert worker.count_tokens("still here") > 0


def test_an_abandoned_stream_leaves_the_worker_in_step(worker):
    stream = worker.stream("Write a long story about a clinic:", max_tokens=200)
    next(stream)
    stream.close()  # the reader walked away mid-draft
    assert worker.generate("Hello", max_tokens=3).generated_tokens == 3


def test_a_callable_steer_cannot_cross_the_process_boundary(worker):
    with pytest.raises(TypeError):
        list(worker.stream("Hello", max_tokens=2, steer=lambda written, logits: None))


# failures, through the pipeline ------------------------------------------------------
@pytest.mark.parametrize("signum", [signal.SIGSEGV, signal.SIGKILL])
def test_worker_killed_mid_draft_files_the_case_and_the_next_triage_succeeds(nurse, signum):
    pipe = worker_pipeline(nurse)
    first_pid = pipe.engine().pid

    def kill_on_first_token(_piece):
        if pipe.engine().pid == first_pid:
            os.kill(first_pid, signum)

    result = pipe.triage(CHEST_PAIN, on_token=kill_on_first_token)
    a = result.assessment
    finding = next(f for f in a.safety_findings if f.check == "model_unavailable")
    assert finding.severity == "alert"
    assert ("SIGSEGV" if signum == signal.SIGSEGV else "SIGKILL") in finding.message
    assert not a.json_valid and a.model_failure
    # Filed with the floor (chest pain rules) and never below the suggestion.
    assert a.floor == Priority.CRITICAL and a.priority == Priority.CRITICAL
    assert a.priority >= a.suggested_priority
    assert stored(nurse, result.case_id) == ("awaiting_review", int(Priority.CRITICAL), int(Priority.CRITICAL))
    audit_intact(nurse)

    again = pipe.triage(SORE_THROAT)
    assert pipe.engine().pid not in (None, first_pid)  # a fresh worker
    assert again.assessment.json_valid
    assert not any(f.check == "model_unavailable" for f in again.assessment.safety_findings)
    audit_intact(nurse)


def test_a_hung_worker_is_stopped_after_the_time_limit_and_replaced(nurse, monkeypatch):
    import core.inference.worker as worker_module

    monkeypatch.setattr(worker_module, "STREAM_GRACE_S", 1.0)
    pipe = worker_pipeline(nurse, timeout_s=10.0)
    hung = pipe.engine().pid

    def freeze(_piece):
        if pipe.engine().pid == hung:
            os.kill(hung, signal.SIGSTOP)  # alive, but never answers again

    result = pipe.triage(SORE_THROAT, on_token=freeze)
    finding = next(f for f in result.assessment.safety_findings if f.check == "model_unavailable")
    assert "no answer" in finding.message
    assert result.assessment.priority >= Priority.MEDIUM  # a failed draft never yields Low
    assert stored(nurse, result.case_id)[0] == "awaiting_review"
    with pytest.raises(ProcessLookupError):
        os.kill(hung, 0)  # the hung process was killed, not left behind
    audit_intact(nurse)
    monkeypatch.setattr(worker_module, "STREAM_GRACE_S", 15.0)
    assert worker_pipeline(nurse, timeout_s=60.0).triage(SORE_THROAT).assessment.json_valid


def test_a_corrupt_model_file_is_reported_and_the_case_still_filed(nurse, tmp_path, monkeypatch):
    corrupt = tmp_path / "broken.gguf"
    corrupt.write_bytes(b"GGUF" + os.urandom(4096))
    with pytest.raises(ModelUnavailable, match="could not be loaded"):
        WorkerEngine(corrupt, n_threads=1)

    monkeypatch.setattr(TriagePipeline, "_active_model", lambda self: (corrupt, None))
    result = worker_pipeline(nurse).triage(CHEST_PAIN)
    finding = next(f for f in result.assessment.safety_findings if f.check == "model_unavailable")
    assert "broken.gguf" in finding.message
    assert result.assessment.priority == Priority.CRITICAL  # the floor still holds
    assert stored(nurse, result.case_id)[0] == "awaiting_review"
    audit_intact(nurse)
    monkeypatch.undo()
    assert worker_pipeline(nurse).triage(SORE_THROAT).assessment.json_valid


def test_worker_that_crashes_in_its_first_decode_is_restarted_without_extra_buffer_types(tmp_path):
    # A stand-in for a CPU whose repacked weights crash llama.cpp (as AMX does):
    # the real worker, except that it dies with SIGSEGV unless told to keep
    # extra buffer types off.
    script = tmp_path / "crashy_worker.py"
    script.write_text(
        "import os, signal, sys\n"
        "from core.inference import worker_main\n"
        "def on_spec(spec):\n"
        "    if spec.get('extra_buffer_types') is not False:\n"
        "        os.kill(os.getpid(), signal.SIGSEGV)\n"
        "sys.exit(worker_main.main(int(sys.argv[1]), on_spec=on_spec))\n")
    engine = WorkerEngine(default_model().path, n_threads=1,
                          command=lambda fd: [sys.executable, str(script), str(fd)])
    try:
        assert engine.worker.starts == 2
        assert engine.cpu_path.startswith("extra buffer types off")
        assert "SIGSEGV" in engine.cpu_path and "restarted with them off" in engine.cpu_path
        assert engine.generate("Hello", max_tokens=3).generated_tokens == 3
    finally:
        engine.close()


def test_the_worker_never_receives_passwords_from_the_environment(monkeypatch):
    from core.inference.worker import _worker_environment

    monkeypatch.setenv("PRESCREEN_PASSWORD", "secret one")
    monkeypatch.setenv("PRESCREEN_NEW_PASSWORD", "secret two")
    monkeypatch.setenv("PRESCREEN_LLAMA_EXTRA_BUFTS", "off")
    env = _worker_environment()
    assert "PRESCREEN_PASSWORD" not in env and "PRESCREEN_NEW_PASSWORD" not in env
    assert env["PRESCREEN_LLAMA_EXTRA_BUFTS"] == "off"  # what the model needs still goes through
