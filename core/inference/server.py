"""A clinic inference server: an OpenAI-compatible llama.cpp server shared by every workstation.

Configured in the workspace's ``config.yaml``::

    triage:
      server:
        url: http://127.0.0.1:8080      # llama-server, or python -m llama_cpp.server
        timeout_s: 30                   # optional: connect + read limit per request
        ca_file: /path/to/clinic-ca.pem # optional: verify an https:// server against this CA
        api_key_env: PRESCREEN_SERVER_KEY  # optional: name of the environment variable holding the key

What crosses the clinic network is the prompt: the guideline passages and the
patient's intake text. See the README ("A clinic inference server").
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from core.errors import ValidationError
from core.inference.errors import (
    ContextOverflow, GenerationCancelled, InferenceError, InferenceTimeout, ModelNotFound, ModelUnavailable,
)
from core.inference.tokens import PromptTokens

_KEYS = ("url", "timeout_s", "ca_file", "api_key_env")


@dataclass(frozen=True)
class ServerSettings:
    """Where the clinic inference server is and how to reach it.

    Attributes:
        url: base URL (``http://host:port`` or ``https://…``), without ``/v1``.
        timeout_s: connect and read limit per request, in seconds.
        ca_file: CA bundle to verify an ``https://`` server with (default: the system's).
        api_key_env: environment variable that holds the server's API key, if it wants one.
    """

    url: str
    timeout_s: float = 30.0
    ca_file: str = ""
    api_key_env: str = ""

    @classmethod
    def from_config(cls, section) -> "ServerSettings":
        """Read ``triage.server``; a bad value is an error naming the setting."""
        if not isinstance(section, dict):
            raise ValidationError("triage.server", "must be a mapping with at least 'url'",
                                  "write e.g. server: {url: http://127.0.0.1:8080}")
        for key in section:
            if key not in _KEYS:
                raise ValidationError(f"triage.server.{key}", "is not a server setting", f"use one of {', '.join(_KEYS)}")
        url = str(section.get("url") or "").strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError("triage.server.url", f"'{url}' is not an http:// or https:// address",
                                  "write e.g. http://127.0.0.1:8080")
        if url.endswith("/v1"):
            url = url[: -len("/v1")]
        try:
            timeout = float(section.get("timeout_s", cls.timeout_s))
        except (TypeError, ValueError):
            raise ValidationError("triage.server.timeout_s", f"'{section.get('timeout_s')}' is not a number",
                                  "use 1-600 seconds") from None
        if not 0 < timeout <= 600:
            raise ValidationError("triage.server.timeout_s", f"{timeout:g} is out of range", "use 1-600 seconds")
        return cls(url=url, timeout_s=timeout, ca_file=str(section.get("ca_file") or ""),
                   api_key_env=str(section.get("api_key_env") or ""))



# --- the engine ---------------------------------------------------------------

_FALLBACK = "or remove triage.server from config.yaml to use this workstation's own model"
#: How often a generation waiting on the server looks at cancel() and the deadline.
_POLL_S = 0.1


class ServerEngine(PromptTokens):
    """The engine interface of :class:`~core.inference.engine.LlamaEngine`, answered by a clinic server.

    Prompts are tokenized and formatted here, with a vocabulary-only copy of
    the same GGUF the server runs, so the prompt (and every token count the
    prompt builder makes) is exactly the one the local engine would build.
    Only :meth:`stream` crosses the network: it sends the prompt text and the
    draft's GBNF grammar (:func:`core.inference.grammar.schema_gbnf`, the one
    every engine uses) to ``/v1/completions`` and reads the answer as it is
    written.

    A server samples on its own, so the priority label cannot be steered token
    by token: :attr:`can_steer` is False and the triage pipeline constrains
    the schema's priority to the suggested label instead.

    Args:
        settings: where the server is (``triage.server``).
        tokenizer_model: the GGUF the server runs (its base model; an adapter does not change the vocabulary).
        n_ctx: context window in tokens (the server must be started with at least this per request).
        model_id: name recorded with each assessment (default: the model's name and the server).

    Raises:
        ModelNotFound: the tokenizer GGUF is missing.
        InferenceError: llama.cpp could not read its vocabulary.
    """

    #: A server cannot be steered token by token (see :mod:`core.inference.steer`).
    can_steer = False

    def __init__(self, settings: ServerSettings, tokenizer_model: str | Path, *, n_ctx: int,
                 model_id: str = "") -> None:
        import llama_cpp

        from core.inference.engine import _quiet_llama_logs

        self.settings = settings
        self.model_path = Path(tokenizer_model)
        if not self.model_path.is_file():
            raise ModelNotFound(f"the model file {self.model_path} does not exist; the workstation needs the "
                                "server's model file to prepare prompts (check the model registry or models/)")
        _quiet_llama_logs()
        try:
            vocab = llama_cpp.Llama(model_path=str(self.model_path), vocab_only=True, verbose=False)
        except (ValueError, RuntimeError) as exc:
            raise InferenceError(f"llama.cpp could not read the vocabulary of {self.model_path.name}: {exc}") from None
        self._vocab = vocab
        self.n_ctx = n_ctx
        self.chat_template = vocab.metadata.get("tokenizer.chat_template") or None
        self.model_id = model_id or f"{self.model_path.stem}@{settings.url}"
        self._use_tokenizer(vocab)
        # The server tokenizes with the model's own add-BOS setting; see request_text.
        self._server_adds_bos = bool(llama_cpp.llama_vocab_get_add_bos(vocab._model.vocab))
        self._closed = False

    # tokens: local, exactly as LlamaEngine's (PromptTokens) ----------------------
    def request_text(self, prompt: str | list[int]) -> str:
        """The prompt text as sent, so that the server's tokens are exactly :meth:`encode`'s.

        The server tokenizes the text itself and adds a BOS when the model
        asks for one; a template that already writes the BOS as text would
        then give two, so it is left out here.
        """
        text = prompt if isinstance(prompt, str) else self._vocab.detokenize(list(prompt), special=True).decode(
            "utf-8", "replace")
        if self._server_adds_bos and self._bos_text and text.startswith(self._bos_text):
            text = text[len(self._bos_text):]
        elif not self._server_adds_bos and self._bos_text and not text.startswith(self._bos_text):
            text = self._bos_text + text  # encode() always starts with one BOS
        return text

    # generating -------------------------------------------------------------
    def stream(
        self,
        prompt: str | list[int],
        *,
        max_tokens: int,
        json_schema: dict | None = None,
        timeout_s: float | None = None,
        cancel: Callable[[], bool] | None = None,
        stats: dict | None = None,
        prefix: str | None = None,
        fast_forward: bool = True,
        steer=None,
    ) -> Iterator[str]:
        """Yield the answer's text pieces as the server writes them.

        Greedy (temperature 0, no repetition penalty), constrained by the same
        grammar as the local engine. ``prefix``, ``fast_forward`` and
        ``steer`` are accepted for the interface and ignored: the server keeps
        its own prompt cache and samples on its own.

        Args:
            prompt: prompt text or tokens.
            max_tokens: most tokens to generate.
            json_schema: constrain the output to this JSON schema.
            timeout_s: stop and raise InferenceTimeout after this many seconds in all.
            cancel: polled while waiting and after each piece; True closes the connection
                (the server stops) and raises GenerationCancelled.
            stats: filled with prompt_tokens, generated_tokens (the server's count when it
                reports one, else its text events: one per token) and finish_reason.

        Raises:
            ContextOverflow: prompt plus max_tokens exceed ``n_ctx``.
            InferenceTimeout: the deadline passed (``partial_text`` holds what was written).
            GenerationCancelled: ``cancel()`` returned True.
            ModelUnavailable: the server is unreachable, refused the request, stopped
                answering for ``triage.server.timeout_s`` or sent something that is not a
                completion stream.
        """
        self._check_open()
        tokens = self.encode(prompt) if isinstance(prompt, str) else list(prompt)
        if len(tokens) + max_tokens > self.n_ctx:
            raise ContextOverflow(
                f"the prompt ({len(tokens)} tokens) and the answer ({max_tokens}) exceed the model context "
                f"({self.n_ctx}); shorten the input or raise triage.n_ctx"
            )
        body = {
            "prompt": self.request_text(prompt),
            "max_tokens": max_tokens,
            "temperature": 0,
            # llama_cpp.server's default repeat_penalty is 1.1; the local engine has none.
            "repeat_penalty": 1.0,
            "stream": True,
        }
        if json_schema is not None:
            from core.inference.grammar import schema_gbnf

            body["grammar"] = schema_gbnf(json_schema)
        deadline = time.monotonic() + timeout_s if timeout_s else None
        pieces: list[str] = []
        result = {"finish_reason": None, "completion_tokens": None, "events": 0, "done": False}
        connection = self._open("POST", "/v1/completions", body)
        events: queue.Queue = queue.Queue()
        closing = threading.Event()
        reader = threading.Thread(target=self._read_stream, args=(connection, events, closing), daemon=True,
                                  name="prescreen-server-stream")
        reader.start()
        stopped = None  # "cancelled" | "timeout"
        try:
            while True:
                try:
                    kind, value = events.get(timeout=_POLL_S)
                except queue.Empty:
                    kind, value = "wait", None
                if kind == "piece":
                    piece = self._piece(value, result)
                    if piece:
                        pieces.append(piece)
                        yield piece
                elif kind == "done":
                    result["done"] = value
                    break
                elif kind == "error":
                    raise value
                if cancel is not None and cancel():
                    stopped = "cancelled"
                    break
                if deadline is not None and time.monotonic() > deadline:
                    stopped = "timeout"
                    break
        finally:
            # Shutting the socket is how the server learns to stop generating; it also unblocks the
            # reader, which alone closes the connection (http.client is not safe across threads).
            closing.set()
            _shut_socket(connection)
        text = "".join(pieces)
        if stopped is None and result["finish_reason"] is None:
            if result["done"]:
                # llama_cpp.server ends a stream this way when a newer request interrupts it.
                raise self._unavailable("ended the answer early (another request interrupted it?)",
                                        "start llama_cpp.server with --interrupt_requests false")
            raise self._unavailable("closed the connection before the answer was complete",
                                    "check its log (out of memory? restarted?)")
        if stats is not None:
            # Without a usage report, each text event is one sampled token (both servers stream so).
            generated = result["completion_tokens"]
            stats.update(prompt_tokens=len(tokens),
                         generated_tokens=generated if generated is not None else result["events"],
                         finish_reason="stop" if result["finish_reason"] == "stop" else "length")
        if stopped == "cancelled":
            raise GenerationCancelled()
        if stopped == "timeout":
            raise InferenceTimeout(timeout_s or 0.0, text)

    def generate(self, prompt: str | list[int], *, max_tokens: int, json_schema: dict | None = None,
                 timeout_s: float | None = None, cancel: Callable[[], bool] | None = None,
                 on_text: Callable[[str], None] | None = None, prefix: str | None = None,
                 fast_forward: bool = True, steer=None):
        """Generate the whole answer (see :meth:`stream` for arguments and errors)."""
        from core.inference.engine import collect

        return collect(self.stream, on_text, prompt, max_tokens=max_tokens, json_schema=json_schema,
                       timeout_s=timeout_s, cancel=cancel)

    def ping(self) -> list[str]:
        """Ask the server which models it serves (``/v1/models``); for an admin's check.

        Raises:
            ModelUnavailable: the server is unreachable or answers something else.
        """
        connection = self._open("GET", "/v1/models", None)
        try:
            response = self._response(connection)
            try:
                data = json.loads(response.read())
                return [str(m.get("id", "")) for m in data.get("data", [])]
            except (ValueError, AttributeError, TypeError):
                raise self._unavailable("answered /v1/models with something that is not a model list",
                                        "check that the URL points at llama-server or llama_cpp.server") from None
        except (OSError, http.client.HTTPException) as exc:
            raise self._unavailable(f"stopped answering ({_reason(exc)})", "check that it runs") from None
        finally:
            _shut(connection)

    # the wire ------------------------------------------------------------------
    def _open(self, method: str, path: str, body: dict | None) -> http.client.HTTPConnection:
        """Connect and send one request; raises ModelUnavailable when the server cannot be reached."""
        parts = urlsplit(self.settings.url)
        timeout = self.settings.timeout_s
        try:
            if parts.scheme == "https":
                context = ssl.create_default_context(cafile=self.settings.ca_file or None)
                connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                                         context=context)
            else:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        except (OSError, ValueError) as exc:  # an unreadable ca_file
            raise self._unavailable(f"cannot be checked ({_reason(exc)})", "fix triage.server.ca_file") from None
        headers = {"Accept": "text/event-stream" if body and body.get("stream") else "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        key = self._api_key()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        try:
            connection.request(method, parts.path + path, body=payload, headers=headers)
        except ssl.SSLError as exc:
            _shut(connection)
            raise self._unavailable(f"failed the TLS check ({_reason(exc)})",
                                    "check triage.server.ca_file and the server's certificate") from None
        except OSError as exc:
            _shut(connection)
            raise self._unavailable(f"is not reachable ({_reason(exc)})", "check that it runs") from None
        return connection

    def _api_key(self) -> str:
        name = self.settings.api_key_env
        if not name:
            return ""
        key = os.environ.get(name, "")
        if not key:
            raise self._unavailable(f"needs an API key, but the environment variable {name} is empty",
                                    "set it, or clear triage.server.api_key_env")
        return key

    def _response(self, connection) -> http.client.HTTPResponse:
        """The response, once its status says the request was accepted."""
        response = connection.getresponse()
        if response.status in (401, 403):
            raise self._unavailable(f"refused the request (HTTP {response.status})",
                                    "check the key in the variable named by triage.server.api_key_env")
        if response.status != 200:
            detail = response.read(300).decode("utf-8", "replace").strip().replace("\n", " ")
            raise self._unavailable(f"answered HTTP {response.status}{': ' + detail if detail else ''}",
                                    "check its log")
        return response

    def _read_stream(self, connection, events: queue.Queue, closing: threading.Event) -> None:
        """Reader thread: the stream's ``data:`` payloads onto ``events``, then ``done`` or an error."""
        try:
            response = self._response(connection)
            kind = response.getheader("Content-Type", "")
            if "text/event-stream" not in kind:
                raise self._unavailable(f"answered with {kind or 'no content type'}, not a completion stream",
                                        "check that the URL points at llama-server or llama_cpp.server")
            done = False
            while True:
                line = response.readline()
                if not line:
                    break  # closed without [DONE]; stream() decides from the finish reason
                line = line.decode("utf-8", "replace").strip()
                if line.startswith("error:"):  # llama-server reports a failed stream this way
                    raise self._unavailable(f"reported an error ({line[6:].strip()[:300]})", "check its log")
                if not line.startswith("data:"):
                    continue  # blank separators, ": ping" comments, event:/id: fields
                payload = line[5:].strip()
                if payload == "[DONE]":
                    done = True
                    break
                events.put(("piece", payload))
            events.put(("done", done))
        except ModelUnavailable as exc:
            events.put(("error", exc))
        except TimeoutError:
            events.put(("error", self._unavailable(
                f"sent nothing for {self.settings.timeout_s:g} s", "check its load, or raise triage.server.timeout_s")))
        except Exception as exc:  # noqa: BLE001 - a reader thread must report, never die with a traceback
            if not closing.is_set():  # else stream() shut the socket and nobody is listening
                events.put(("error", self._unavailable(f"dropped the connection ({_reason(exc)})",
                                                       "check its log")))
        finally:
            connection.close()

    def _piece(self, payload: str, result: dict) -> str:
        """The text of one stream event; notes the finish reason and the server's token count."""
        try:
            event = json.loads(payload)
        except ValueError:
            raise self._unavailable(f"sent an event that is not JSON ({payload[:80]!r})",
                                    "check that the URL points at llama-server or llama_cpp.server") from None
        if not isinstance(event, dict):
            raise self._unavailable("sent an event that is not a completion", "check its version")
        if "error" in event:
            error = event["error"]
            message = error.get("message", error) if isinstance(error, dict) else error
            raise self._unavailable(f"reported an error ({str(message)[:300]})", "check its log")
        usage = event.get("usage")
        if isinstance(usage, dict) and isinstance(usage.get("completion_tokens"), int):
            result["completion_tokens"] = usage["completion_tokens"]
        choices = event.get("choices")
        if not isinstance(choices, list):
            raise self._unavailable("sent an event without choices", "check that it is OpenAI-compatible")
        if not choices:
            return ""  # a usage-only event
        choice = choices[0] if isinstance(choices[0], dict) else {}
        if choice.get("finish_reason"):
            result["finish_reason"] = choice["finish_reason"]
        text = choice.get("text")
        if not isinstance(text, str) or not text:
            return ""  # the closing event carries only the finish reason
        result["events"] += 1
        return text

    def _unavailable(self, what: str, fix: str) -> ModelUnavailable:
        return ModelUnavailable(f"the clinic inference server at {self.settings.url} (triage.server.url) {what}; "
                                f"{fix}, {_FALLBACK}")

    # lifecycle --------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise InferenceError("the server engine was closed; create it again")

    def close(self) -> None:
        """Free the local vocabulary (idempotent); the server is not touched."""
        if not self._closed:
            self._closed = True
            self._vocab.close()
        _forget(self)

    def __enter__(self) -> "ServerEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _shut_socket(connection) -> None:
    """End a connection's traffic now, from any thread (a read blocked in another thread returns)."""
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed by the reader


def _shut(connection) -> None:
    """Close a connection used by this thread alone."""
    _shut_socket(connection)
    connection.close()


def _reason(exc: BaseException) -> str:
    """A few words on why a connection failed."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "unknown host name"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed without answering"
    if isinstance(exc, http.client.HTTPException):
        return f"not an HTTP answer: {type(exc).__name__}"
    return str(exc) or type(exc).__name__


_SERVER_ENGINES: dict[tuple, ServerEngine] = {}
_SERVER_ENGINES_LOCK = threading.Lock()


def get_server_engine(settings: ServerSettings, tokenizer_model: str | Path, n_ctx: int,
                      model_id: str = "") -> ServerEngine:
    """The process-wide engine for (server settings, model, n_ctx), created on first use."""
    key = (settings, str(Path(tokenizer_model).resolve()), n_ctx, model_id)
    with _SERVER_ENGINES_LOCK:
        engine = _SERVER_ENGINES.get(key)
        if engine is None or engine._closed:
            engine = ServerEngine(settings, tokenizer_model, n_ctx=n_ctx, model_id=model_id)
            _SERVER_ENGINES[key] = engine
        return engine


def _forget(engine: ServerEngine) -> None:
    with _SERVER_ENGINES_LOCK:
        for key, cached in list(_SERVER_ENGINES.items()):
            if cached is engine:
                del _SERVER_ENGINES[key]
