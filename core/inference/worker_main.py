"""The inference worker process: one loaded model, serving its client over a pipe.

Started by :class:`core.inference.worker.InferenceWorker` as
``python -m core.inference.worker_main FD`` (the frozen app:
``prescreen --inference-worker FD``), where FD is this end of a Unix socket
pair. The protocol is JSON messages framed by ``multiprocessing.connection``:

client -> worker
    ``{"op": "load", "spec": {...}}`` first, then one request at a time:
    ``count_tokens`` / ``encode`` / ``first_token`` (``text``), ``stream``
    (the arguments of :meth:`LlamaEngine.stream`; ``steer`` as a
    :class:`~core.inference.steer.LabelSteer`'s wire form), ``ping``, ``stop``.
    While a stream runs, the only message is ``{"op": "cancel"}``.
worker -> client
    ``{"ready": {...}}`` after loading (and one warm-up decode, so a crash in
    llama.cpp's first decode shows before any case depends on it),
    ``{"value": ...}`` for a request, ``{"piece": "..."}`` for each streamed
    text piece, then ``{"done": stats}``, or ``{"error": {"kind", "message",
    "partial"}}``.

The worker exits when its client's end of the pipe closes, so it never
outlives the app that started it.
"""

from __future__ import annotations

import faulthandler
import json
import sys
from multiprocessing.connection import Connection
from typing import Callable

from core.inference.errors import ContextOverflow, GenerationCancelled, InferenceError, InferenceTimeout, ModelNotFound

#: Errors sent back by kind, re-raised as the same class by the client.
ERROR_KINDS = {
    "ContextOverflow": ContextOverflow,
    "InferenceTimeout": InferenceTimeout,
    "GenerationCancelled": GenerationCancelled,
    "ModelNotFound": ModelNotFound,
    "InferenceError": InferenceError,
}


def send(conn: Connection, message: dict) -> None:
    conn.send_bytes(json.dumps(message).encode("utf-8"))


def receive(conn: Connection) -> dict:
    return json.loads(conn.recv_bytes().decode("utf-8"))


def _error(exc: BaseException) -> dict:
    kind = type(exc).__name__ if type(exc).__name__ in ERROR_KINDS else "InferenceError"
    return {"error": {"kind": kind, "message": str(exc), "partial": getattr(exc, "partial_text", ""),
                      "timeout_s": getattr(exc, "timeout_s", 0.0)}}


def _load(spec: dict):
    from core.inference.engine import LlamaEngine

    engine = LlamaEngine(spec["model_path"], lora_path=spec.get("lora_path"), n_ctx=spec["n_ctx"],
                         n_threads=spec.get("n_threads"), n_gpu_layers=spec.get("n_gpu_layers"),
                         chat_template=spec.get("chat_template"), model_id=spec.get("model_id", ""),
                         extra_buffer_types=spec.get("extra_buffer_types"))
    # Warm-up: one decode, the step that crashes on a CPU llama.cpp mishandles.
    engine.generate(engine.encode("ok"), max_tokens=1)
    return engine


def _stream(conn: Connection, engine, request: dict) -> None:
    from core.inference.steer import steer_from_wire

    cancelled = False

    def cancel() -> bool:
        nonlocal cancelled
        while not cancelled and conn.poll():
            if receive(conn).get("op") == "cancel":
                cancelled = True
        return cancelled

    steer = request.get("steer")
    stats: dict = {}
    try:
        for piece in engine.stream(request["prompt"], max_tokens=int(request["max_tokens"]),
                                   json_schema=request.get("json_schema"), timeout_s=request.get("timeout_s"),
                                   cancel=cancel, stats=stats, prefix=request.get("prefix"),
                                   fast_forward=bool(request.get("fast_forward", True)),
                                   steer=steer_from_wire(steer)):
            send(conn, {"piece": piece})
    except (InferenceError, ValueError) as exc:
        send(conn, _error(exc))
        return
    stats.pop("batches", None)  # the evaluated token lists are for in-process benchmarks only
    send(conn, {"done": stats})


def serve(conn: Connection, on_spec: Callable[[dict], None] | None = None) -> int:
    """Load the model named by the first message, then answer requests until told to stop."""
    try:
        first = receive(conn)
    except (EOFError, OSError):
        return 0
    spec = first.get("spec") or {}
    if on_spec is not None:
        on_spec(spec)
    try:
        engine = _load(spec)
    except (InferenceError, ValueError, OSError) as exc:
        send(conn, _error(exc))
        return 1
    send(conn, {"ready": {"n_ctx": engine.n_ctx, "chat_template": engine.chat_template,
                          "bos_text": engine._bos_text, "eos_text": engine._eos_text, "model_id": engine.model_id,
                          "cpu_path": engine.cpu_path.describe(),
                          "extra_buffer_types": engine.cpu_path.extra_buffer_types}})
    handlers = {"count_tokens": engine.count_tokens, "encode": engine.encode, "first_token": engine.first_token}
    while True:
        try:
            request = receive(conn)
        except (EOFError, OSError):
            break  # the client is gone: so is the reason to run
        op = request.get("op")
        if op == "stop":
            break
        if op == "stream":
            _stream(conn, engine, request)
        elif op in handlers:
            try:
                send(conn, {"value": handlers[op](request["text"])})
            except (InferenceError, ValueError) as exc:
                send(conn, _error(exc))
        elif op == "ping":
            send(conn, {"value": "pong"})
        # a late "cancel" (the stream had already ended) needs no answer
    engine.close()
    return 0


def main(fd: int, on_spec: Callable[[dict], None] | None = None) -> int:
    faulthandler.enable()  # a native crash leaves its stack on stderr for the client's report
    import core  # noqa: F401  - the offline switches, before any library loads

    return serve(Connection(fd), on_spec)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))
