"""The model in its own process: a crash, an out-of-memory kill or a hang costs one draft, never the window.

:class:`WorkerEngine` has the interface of
:class:`~core.inference.engine.LlamaEngine` (what the triage pipeline uses),
but the model is loaded in an inference worker process
(:mod:`core.inference.worker_main`) that it starts on first use, talks to
over a Unix socket pair, and stops with the process (or :func:`stop_workers`).

When the worker dies (SIGSEGV in llama.cpp, SIGKILL by the out-of-memory
killer) or stops answering (a hang: no message for the request's time limit
plus a grace period), the request raises
:class:`~core.inference.errors.ModelUnavailable` with what happened, the
worker is killed if still there, and the next request starts a fresh one.
The pipeline files the case anyway (floor, suggestion, a "model unavailable"
finding).

A worker that dies while loading or in its warm-up decode with llama.cpp's
extra buffer types on is restarted once with them off: the second line of
defence of the AMX guard (:mod:`core.inference.cpu`), for a CPU the flag
check does not know.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable, Iterator

from core.inference.chat import format_chat
from core.inference.engine import Generation, collect
from core.inference.errors import InferenceError, InferenceTimeout, ModelUnavailable
from core.inference.steer import LabelSteer, steer_to_wire
from core.inference.worker_main import ERROR_KINDS, receive, send

#: Seconds a worker may take to start, load the model and run its warm-up decode.
LOAD_TIMEOUT_S = 180.0
#: Seconds a quick request (tokenizing) may take before the worker counts as hung.
REQUEST_TIMEOUT_S = 30.0
#: Beyond a stream's own time limit, how long to wait before the worker counts as hung
#: (the worker checks the limit after each token; a prompt being evaluated is not interrupted).
STREAM_GRACE_S = 15.0


def worker_command(fd: int) -> list[str]:
    """How to start a worker: this interpreter on the worker module, or the frozen app's own flag."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--inference-worker", str(fd)]
    return [sys.executable, "-m", "core.inference.worker_main", str(fd)]


#: Environment variables the worker never gets: it loads a model, it logs nobody in.
_SECRETS = ("PRESCREEN_PASSWORD", "PRESCREEN_NEW_PASSWORD")


def _worker_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in _SECRETS}


def _exit_description(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        what = {"SIGSEGV": "crashed (SIGSEGV in the native model code)",
                "SIGKILL": "was killed (SIGKILL: out of memory, or stopped from outside)",
                "SIGABRT": "aborted (SIGABRT in the native model code)"}
        return what.get(name, f"died ({name})")
    return f"exited with code {code}"


class InferenceWorker:
    """One worker process and its end of the pipe (started by :meth:`start`, replaced after a failure).

    Args:
        spec: what the worker loads (model_path, lora_path, n_ctx, n_threads, n_gpu_layers,
            chat_template, model_id, extra_buffer_types).
        command: how to start it (default :func:`worker_command`; tests start variants).
    """

    def __init__(self, spec: dict, command: Callable[[int], list[str]] | None = None) -> None:
        self.spec = dict(spec)
        self._command = command or worker_command
        self.process: subprocess.Popen | None = None
        self.conn: Connection | None = None
        self.info: dict = {}
        self.starts = 0  # processes started (after a failure the next request starts another)
        self.fallback_reason = ""
        self._stderr: deque[str] = deque(maxlen=40)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None and self.process.poll() is None else None

    def start(self) -> dict:
        """Start a worker and wait for its model to load; returns its ``ready`` facts.

        Raises:
            ModelUnavailable: it could not load the model (the reason given), or died or hung doing so.
        """
        try:
            return self._start_once()
        except _DiedStarting:
            if self.spec.get("extra_buffer_types") is False:
                raise ModelUnavailable(self._died_message("while loading the model")) from None
            # A CPU where llama.cpp's repacked weights crash: retry once on the plain kernels.
            self.fallback_reason = f"the worker {_exit_description(self._returncode())} in its first decode " \
                                   "with extra buffer types on; restarted with them off"
            self.spec["extra_buffer_types"] = False
            try:
                return self._start_once()
            except _DiedStarting:
                raise ModelUnavailable(self._died_message("while loading the model")) from None

    def _start_once(self) -> dict:
        self.kill()
        self.starts += 1
        parent, child = socket.socketpair()
        self._stderr.clear()
        try:
            self.process = subprocess.Popen(
                self._command(child.fileno()), pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=_worker_environment(),
            )
        except OSError as exc:
            parent.close()
            raise ModelUnavailable(f"the model worker could not be started ({exc})") from None
        finally:
            child.close()
        threading.Thread(target=self._read_stderr, args=(self.process,), daemon=True).start()
        self.conn = Connection(os.dup(parent.fileno()))
        parent.close()
        send(self.conn, {"op": "load", "spec": self.spec})
        try:
            message = self._receive(time.monotonic() + LOAD_TIMEOUT_S)
        except _Died:
            raise _DiedStarting() from None
        except _Hung:
            self.kill()
            raise ModelUnavailable(f"the model worker did not finish loading within {LOAD_TIMEOUT_S:g} s "
                                   "and was stopped") from None
        if "error" in message:
            self.kill()
            raise ModelUnavailable(f"the model could not be loaded: {message['error']['message']}")
        self.info = message["ready"]
        return self.info

    def _read_stderr(self, process: subprocess.Popen) -> None:
        for line in process.stderr:  # only native crash reports and warnings: no case text is written there
            self._stderr.append(line.decode("utf-8", "replace").rstrip())

    def _returncode(self) -> int | None:
        if self.process is None:
            return None
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def _died_message(self, doing: str) -> str:
        code = self._returncode()
        return (f"the model worker {_exit_description(code)} {doing}; the next case starts a new one"
                + (f" (last line: {self._stderr[-1]})" if self._stderr and code is not None and code > 0 else ""))

    def _receive(self, deadline: float, idle: Callable[[], None] | None = None) -> dict:
        """The next message; raises _Died (pipe closed) or _Hung (deadline passed)."""
        assert self.conn is not None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Hung()
            try:
                ready = self.conn.poll(min(left, 0.05))
                if ready:
                    return receive(self.conn)
            except (EOFError, OSError):
                raise _Died() from None
            if idle is not None:
                idle()

    def send(self, message: dict) -> None:
        assert self.conn is not None
        try:
            send(self.conn, message)
        except OSError:
            raise _Died() from None

    def kill(self) -> None:
        """Stop the worker now (SIGKILL works on a hung or stopped process too)."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.process is not None:
            if self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except OSError:
                    self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """Ask the worker to exit, then make sure it has."""
        if self.conn is not None and self.process is not None and self.process.poll() is None:
            try:
                send(self.conn, {"op": "stop"})
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()


class _Died(Exception):
    pass


class _DiedStarting(Exception):
    pass


class _Hung(Exception):
    pass


def _raise(error: dict) -> None:
    kind = ERROR_KINDS.get(error.get("kind"), InferenceError)
    if kind is InferenceTimeout:
        raise InferenceTimeout(float(error.get("timeout_s") or 0.0), error.get("partial", ""))
    if error.get("kind") == "GenerationCancelled":
        raise kind()
    raise kind(error.get("message", "the model worker reported an error"))


class WorkerEngine:
    """A model engine whose model runs in an inference worker process.

    Args:
        model_path / lora_path / n_ctx / n_threads / n_gpu_layers / chat_template / model_id:
            as for :class:`~core.inference.engine.LlamaEngine`.
        command: how to start the worker (tests only).

    Raises:
        ModelUnavailable: the worker could not load the model (the reason is in the message).
    """

    can_steer = True

    def __init__(self, model_path: str | Path, *, lora_path: str | Path | None = None, n_ctx: int = 2048,
                 n_threads: int | None = None, n_gpu_layers: int | None = None, chat_template: str | None = None,
                 model_id: str = "", command: Callable[[int], list[str]] | None = None) -> None:
        self.model_path = Path(model_path)
        self.lora_path = Path(lora_path) if lora_path else None
        self.worker = InferenceWorker({
            "model_path": str(self.model_path), "lora_path": str(self.lora_path) if self.lora_path else None,
            "n_ctx": n_ctx, "n_threads": n_threads, "n_gpu_layers": n_gpu_layers, "chat_template": chat_template,
            "model_id": model_id, "extra_buffer_types": None,
        }, command)
        self._lock = threading.RLock()
        self._closed = False
        self._ensure()

    # facts of the loaded model ------------------------------------------------
    @property
    def n_ctx(self) -> int:
        return int(self.worker.info["n_ctx"])

    @property
    def chat_template(self) -> str | None:
        return self.worker.info.get("chat_template")

    @property
    def model_id(self) -> str:
        return self.worker.info.get("model_id", "")

    @property
    def cpu_path(self) -> str:
        """Which llama.cpp CPU path the worker uses, and why (see :mod:`core.inference.cpu`)."""
        reason = self.worker.fallback_reason
        return self.worker.info.get("cpu_path", "") + (f"; {reason}" if reason else "")

    @property
    def pid(self) -> int | None:
        """The worker's process id (None while none runs)."""
        return self.worker.pid

    # requests -------------------------------------------------------------------
    def _ensure(self) -> None:
        if self._closed:
            raise InferenceError("the model engine was closed; load it again")
        if self.worker.pid is None:
            self.worker.start()

    def _call(self, op: str, text: str):
        with self._lock:
            self._ensure()
            try:
                self.worker.send({"op": op, "text": text})
                message = self.worker._receive(time.monotonic() + REQUEST_TIMEOUT_S)
            except _Died:
                raise ModelUnavailable(self.worker._died_message("while tokenizing")) from None
            except _Hung:
                self.worker.kill()
                raise ModelUnavailable(f"the model worker stopped answering for {REQUEST_TIMEOUT_S:g} s and was "
                                       "stopped; the next case starts a new one") from None
            if "error" in message:
                _raise(message["error"])
            return message["value"]

    def encode(self, text: str) -> list[int]:
        return list(self._call("encode", text))

    def count_tokens(self, text: str) -> int:
        return int(self._call("count_tokens", text))

    def first_token(self, text: str) -> int:
        return int(self._call("first_token", text))

    def chat_prompt(self, system: str, user: str) -> str:
        with self._lock:
            self._ensure()
            info = self.worker.info
        return format_chat(system, user, info.get("chat_template"), bos_token=info.get("bos_text", ""),
                           eos_token=info.get("eos_text", ""))

    def stream(self, prompt: str | list[int], *, max_tokens: int, json_schema: dict | None = None,
               timeout_s: float | None = None, cancel: Callable[[], bool] | None = None,
               stats: dict | None = None, prefix: str | None = None, fast_forward: bool = True,
               steer: LabelSteer | None = None) -> Iterator[str]:
        """As :meth:`LlamaEngine.stream`; ``steer`` must be data (a LabelSteer, StringRules or a tuple), not a callable.

        Raises:
            ModelUnavailable: the worker died or hung (it is gone; the next request starts a new one).
        """
        wire = steer_to_wire(steer)  # data only (a LabelSteer, StringRules or a tuple): TypeError otherwise
        with self._lock:
            self._ensure()
            worker = self.worker
            request = {"op": "stream", "prompt": prompt, "max_tokens": max_tokens, "json_schema": json_schema,
                       "timeout_s": timeout_s, "prefix": prefix, "fast_forward": fast_forward,
                       "steer": wire}
            limit = (timeout_s or LOAD_TIMEOUT_S) + STREAM_GRACE_S
            deadline = time.monotonic() + limit
            sent_cancel = False

            def idle() -> None:
                nonlocal sent_cancel
                if cancel is not None and not sent_cancel and cancel():
                    sent_cancel = True
                    worker.send({"op": "cancel"})

            finished = False
            try:
                worker.send(request)
                while True:
                    message = worker._receive(deadline, idle)
                    if "piece" in message:
                        yield message["piece"]
                        idle()
                        continue
                    finished = True
                    if "error" in message:
                        _raise(message["error"])
                    if stats is not None:
                        stats.update(message["done"])
                    return
            except _Died:
                finished = True
                raise ModelUnavailable(worker._died_message("while writing the draft")) from None
            except _Hung:
                finished = True
                worker.kill()
                raise ModelUnavailable(f"the model worker gave no answer for {limit:g} s and was stopped; "
                                       "the next case starts a new one") from None
            finally:
                if not finished:  # the caller stopped reading: stop the worker's generation too
                    self._abandon(worker, deadline)

    def _abandon(self, worker: InferenceWorker, deadline: float) -> None:
        try:
            worker.send({"op": "cancel"})
            while True:
                message = worker._receive(min(deadline, time.monotonic() + REQUEST_TIMEOUT_S))
                if "piece" not in message:
                    return
        except (_Died, _Hung):
            worker.kill()

    def generate(self, prompt: str | list[int], *, max_tokens: int, json_schema: dict | None = None,
                 timeout_s: float | None = None, cancel: Callable[[], bool] | None = None,
                 on_text: Callable[[str], None] | None = None, prefix: str | None = None,
                 fast_forward: bool = True, steer: LabelSteer | None = None) -> Generation:
        """The whole answer (see :meth:`stream`)."""
        return collect(self.stream, on_text, prompt, max_tokens=max_tokens, json_schema=json_schema,
                       timeout_s=timeout_s, cancel=cancel, prefix=prefix, fast_forward=fast_forward, steer=steer)

    def close(self) -> None:
        """Stop the worker (idempotent)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self.worker.stop()
        _forget(self)


_WORKERS: dict[tuple, WorkerEngine] = {}
_WORKERS_LOCK = threading.Lock()


def get_worker_engine(model_path: str | Path, lora_path: str | Path | None = None, *, n_ctx: int = 2048,
                      **options) -> WorkerEngine:
    """This process's worker engine for (model, adapter, n_ctx), started on first use.

    One worker at a time: asking for another model (an activation, a
    rollback) stops the previous worker before the new one loads.
    """
    key = (str(Path(model_path).resolve()), str(Path(lora_path).resolve()) if lora_path else None, n_ctx,
           tuple(sorted(options.items())))
    with _WORKERS_LOCK:
        engine = _WORKERS.get(key)
        if engine is not None and not engine._closed:
            return engine
        others = list(_WORKERS.values())
        _WORKERS.clear()
    for other in others:
        other.close()
    engine = WorkerEngine(model_path, lora_path=lora_path, n_ctx=n_ctx, **options)
    with _WORKERS_LOCK:
        _WORKERS[key] = engine
    return engine


def stop_workers() -> None:
    """Stop every worker this process started (at exit, and when a test wants a clean slate)."""
    with _WORKERS_LOCK:
        engines = list(_WORKERS.values())
        _WORKERS.clear()
    for engine in engines:
        engine.close()


def _forget(engine: WorkerEngine) -> None:
    with _WORKERS_LOCK:
        for key, cached in list(_WORKERS.items()):
            if cached is engine:
                del _WORKERS[key]


atexit.register(stop_workers)
