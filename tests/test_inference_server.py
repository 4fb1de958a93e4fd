"""The clinic inference server: a real ``python -m llama_cpp.server`` on 127.0.0.1, and stub servers for its failures.

The real server runs the default GGUF on one thread, started once for this
module. Its failures (down, HTTP 500, not JSON, silent, cut short) come from a
tiny stdlib HTTP server the test starts itself. Both are reached through the
offline guard's loopback allowance for their port only.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import allow_loopback, make_user
from core.errors import ValidationError
from core.inference.errors import ContextOverflow, GenerationCancelled, InferenceTimeout, ModelUnavailable
from core.inference.server import ServerEngine, ServerSettings, get_server_engine
from core.triage.assessment import draft_schema, parse_draft

STORY = "A 25-year-old woman has a sore throat and mild fever for two days; eating and drinking normally. Temp 37.9."
PASSAGE_ID = "sore-throat"
PASSAGE_TEXT = ("Most sore throats are viral and settle within a week. Same-day review if drooling, stridor, "
                "a muffled voice or unable to swallow fluids.")
STARTUP_LIMIT_S = 180  # the server loads a 250 MB model on a shared 2-core machine
#: ``python -m llama_cpp.server`` under the workstation engine's AMX guard (core/inference/cpu.py): on an
#: AMX CPU llama.cpp's weight repacking crashes the first decode, in a server as in the engine.
_SERVER_MAIN = """
import runpy
from core.inference.cpu import choose_path, model_params
path = choose_path()
print("cpu path:", path.describe(), flush=True)
with model_params(extra_buffer_types=path.extra_buffer_types):
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def model_path() -> Path:
    from core.inference.catalog import default_model

    return default_model().path


def _models_answer(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/v1/models")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@pytest.fixture(scope="module")
def llama_server(model_path, tmp_path_factory):
    """A real llama_cpp.server with the default GGUF; yields (url, log file)."""
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [sys.executable, "-c", _SERVER_MAIN, "--model", str(model_path), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "2048", "--n_threads", "1", "--n_threads_batch", "1",
               # as the workstation's engine computes (flash attention), and as a clinic should run it
               "--flash_attn", "true", "--logits_all", "false", "--interrupt_requests", "false"]
    with allow_loopback(port), open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + STARTUP_LIMIT_S
            while not _models_answer(port):
                if process.poll() is not None:
                    pytest.fail(f"llama_cpp.server exited ({process.returncode}):\n{log.read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    pytest.fail(f"llama_cpp.server did not answer within {STARTUP_LIMIT_S} s:\n"
                                f"{log.read_text()[-3000:]}")
                time.sleep(0.5)
            yield f"http://127.0.0.1:{port}", log
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


@pytest.fixture(scope="module")
def engine(llama_server, model_path):
    url, _ = llama_server
    with ServerEngine(ServerSettings(url=url, timeout_s=120), model_path, n_ctx=2048) as server_engine:
        yield server_engine


@pytest.fixture(scope="module")
def case(engine):
    """One real prompt (built by the real prompt builder through the server engine) and its draft schema."""
    from core.triage.prompt import Passage, PromptBuilder

    built = PromptBuilder(engine, answer_tokens=256).build(STORY, [Passage(PASSAGE_ID, "Sore throat", PASSAGE_TEXT)])
    return built.text, draft_schema(built.passage_ids)


@pytest.fixture(scope="module")
def server_draft(engine, case):
    """The server's draft for the case, streamed: (pieces, stats)."""
    prompt, schema = case
    stats: dict = {}
    pieces = list(engine.stream(prompt, max_tokens=256, json_schema=schema, stats=stats))
    return pieces, stats


# --- against the real server ----------------------------------------------------

@pytest.mark.slow
def test_constrained_draft_from_the_server_is_a_valid_draft(server_draft, engine, case):
    pieces, stats = server_draft
    text = "".join(pieces)
    json.loads(text)
    parsed = parse_draft(text)
    assert parsed.json_valid and parsed.draft is not None, parsed.error
    assert set(parsed.draft.cited_passages) <= {PASSAGE_ID}  # the grammar allows only the given passage
    assert len(pieces) > 5  # streamed as written, not in one block
    assert stats["finish_reason"] == "stop"
    assert stats["prompt_tokens"] == len(engine.encode(case[0]))
    assert stats["generated_tokens"] >= len(pieces)


@pytest.mark.slow
def test_the_server_writes_what_this_workstation_would(server_draft, case):
    """Same prompt, same grammar, greedy: the local engine (token by token, as a server samples) agrees."""
    from triage_support import engine as local_engine

    prompt, schema = case
    local = local_engine().generate(prompt, max_tokens=256, json_schema=schema, fast_forward=False)
    assert local.text == "".join(server_draft[0])


@pytest.mark.slow
def test_prompt_and_tokens_are_the_local_engines(engine, llama_server):
    from triage_support import engine as local_engine

    local = local_engine()
    assert engine.chat_template == local.chat_template
    assert engine.chat_prompt("You triage.", STORY) == local.chat_prompt("You triage.", STORY)
    for text in (STORY, "<start_of_turn>user\nhi<end_of_turn>", "Température 38,5 °C — 🤒", ""):
        assert engine.count_tokens(text) == local.count_tokens(text)
        assert engine.encode(text) == local.encode(text)
    assert engine.first_token("High") == local.first_token("High")
    # The server counts the prompt exactly as encode() does, also when the text already starts with BOS.
    url, _ = llama_server
    port = int(url.rsplit(":", 1)[1])
    for prompt in (STORY, "<bos>" + STORY):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = {"prompt": engine.request_text(prompt), "max_tokens": 1, "temperature": 0}
        connection.request("POST", "/v1/completions", json.dumps(body), {"Content-Type": "application/json"})
        usage = json.loads(connection.getresponse().read())["usage"]
        connection.close()
        assert usage["prompt_tokens"] == len(engine.encode(prompt)), prompt[:5]


@pytest.mark.slow
def test_cancel_closes_the_stream_and_the_server_stops(engine, llama_server):
    _, log = llama_server
    seen: list[str] = []
    stats: dict = {}
    with pytest.raises(GenerationCancelled):
        for piece in engine.stream("Write a long story about a dog.\n", max_tokens=200,
                                   cancel=lambda: len(seen) >= 3, stats=stats):
            seen.append(piece)
    assert len(seen) == 3 and stats["generated_tokens"] == 3
    # The server is free again at once and writes the next answer, cut at its token limit.
    answer = engine.generate("Hello", max_tokens=4)
    assert answer.finish_reason == "length" and answer.generated_tokens == 4 and answer.text
    assert "Disconnected from client" in log.read_text()  # the server saw the cancel and stopped


def test_context_overflow_is_found_before_anything_is_sent(model_path):
    # No allowance for this port: a connection attempt would fail the session.
    engine = ServerEngine(ServerSettings(url=f"http://127.0.0.1:{free_port()}"), model_path, n_ctx=512)
    with engine, pytest.raises(ContextOverflow, match="triage.n_ctx"):
        list(engine.stream("word " * 600, max_tokens=64))


def test_server_down_is_model_unavailable_naming_the_setting(model_path):
    port = free_port()  # nobody listens here
    url = f"http://127.0.0.1:{port}"
    with allow_loopback(port), ServerEngine(ServerSettings(url=url, timeout_s=5), model_path, n_ctx=2048) as engine:
        with pytest.raises(ModelUnavailable) as down:
            list(engine.stream("Hello", max_tokens=4))
        with pytest.raises(ModelUnavailable):
            engine.ping()
    message = str(down.value)
    assert "triage.server.url" in message and url in message and "connection refused" in message
    assert "remove triage.server from config.yaml" in message


# --- against a stub server --------------------------------------------------------

class Stub:
    """A stdlib HTTP server on 127.0.0.1 answering /v1/completions as ``mode`` says; records requests."""

    def __init__(self, tls=None) -> None:
        self.mode = "ok"
        self.requests: list[tuple[dict, dict]] = []  # (headers, body)
        self.release = threading.Event()  # ends a stalled answer
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                self._send(200, "application/json", b'{"object":"list","data":[{"id":"stub"}]}')

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append((dict(self.headers), body))
                mode = stub.mode
                if mode == "http500":
                    self._send(500, "text/plain", b"internal error: model crashed")
                elif mode == "unauthorized":
                    self._send(401, "application/json", b'{"detail":"Invalid API key"}')
                elif mode == "html":
                    self._send(200, "text/html", b"<html>a login page</html>")
                else:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    events = {
                        "ok": [_event("{"), _event('"a":1}', "stop"), b"data: [DONE]\n\n"],
                        "not_json": [b"data: this is not json\n\n"],
                        "error_event": [b'data: {"error": {"message": "grammar failed to parse"}}\n\n'],
                        "cut": [_event("{")],  # then the connection closes
                        "interrupted": [_event("{"), b"data: [DONE]\n\n"],
                        "stall": [b": ping\n\n", _event("{\"pri")],  # then nothing until released
                        "silent": [],
                    }[mode]
                    for event in events:
                        self.wfile.write(event)
                        self.wfile.flush()
                    if mode in ("stall", "silent"):
                        stub.release.wait(timeout=30)

            def _send(self, status: int, kind: str, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:  # an ssl.SSLContext: serve https (a failed handshake just drops that client)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def reset(self) -> None:
        self.release.set()  # frees a handler a previous test left stalled
        self.release = threading.Event()
        self.mode = "ok"
        self.requests.clear()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _event(text: str, finish: str | None = None) -> bytes:
    return b"data: " + json.dumps({"choices": [{"text": text, "index": 0, "finish_reason": finish}]}).encode() + b"\n\n"


@pytest.fixture(scope="module")
def stub_server():
    server = Stub()
    with allow_loopback(server.port):
        yield server
    server.close()


@pytest.fixture
def stub(stub_server):
    stub_server.reset()
    return stub_server


@pytest.fixture(scope="module")
def stub_engines(model_path):
    """Engines by settings, each with its tokenizer loaded once."""
    engines: dict = {}

    def make(url: str, **settings) -> ServerEngine:
        key = ServerSettings(url=url, **settings)
        if key not in engines:
            engines[key] = ServerEngine(key, model_path, n_ctx=2048)
        return engines[key]

    yield make
    for made in engines.values():
        made.close()


def test_request_is_greedy_and_carries_the_engines_grammar(stub, stub_engines):
    from core.inference.grammar import schema_gbnf

    engine = stub_engines(stub.url)
    schema = draft_schema([PASSAGE_ID])
    stats: dict = {}
    assert "".join(engine.stream("Patient: sore throat.\n\nJSON:\n", max_tokens=32, json_schema=schema,
                                 stats=stats)) == '{"a":1}'
    headers, body = stub.requests[-1]
    assert body["grammar"] == schema_gbnf(schema)
    assert body["prompt"] == "Patient: sore throat.\n\nJSON:\n"
    assert (body["temperature"], body["repeat_penalty"], body["stream"], body["max_tokens"]) == (0, 1.0, True, 32)
    assert "Authorization" not in headers
    assert stats == {"prompt_tokens": len(engine.encode("Patient: sore throat.\n\nJSON:\n")), "generated_tokens": 2,
                     "finish_reason": "stop"}


def test_api_key_is_sent_from_the_named_variable(stub, stub_engines, monkeypatch):
    monkeypatch.delenv("PRESCREEN_TEST_SERVER_KEY", raising=False)
    engine = stub_engines(stub.url, api_key_env="PRESCREEN_TEST_SERVER_KEY")
    with pytest.raises(ModelUnavailable, match="PRESCREEN_TEST_SERVER_KEY"):
        list(engine.stream("Hello", max_tokens=4))  # the variable is empty: said before anything is sent
    assert not stub.requests
    monkeypatch.setenv("PRESCREEN_TEST_SERVER_KEY", "s3cret-key")
    assert "".join(engine.stream("Hello", max_tokens=4)) == '{"a":1}'
    assert stub.requests[-1][0]["Authorization"] == "Bearer s3cret-key"
    stub.mode = "unauthorized"
    with pytest.raises(ModelUnavailable, match=r"HTTP 401.*triage\.server\.api_key_env"):
        list(engine.stream("Hello", max_tokens=4))


@pytest.mark.parametrize("mode, says", [
    ("http500", r"HTTP 500: internal error: model crashed"),
    ("html", r"text/html, not a completion stream"),
    ("not_json", r"not JSON"),
    ("error_event", r"reported an error \(grammar failed to parse\)"),
    ("cut", r"closed the connection before the answer was complete"),
    ("interrupted", r"--interrupt_requests false"),
])
def test_a_server_answering_garbage_is_model_unavailable(stub, stub_engines, mode, says):
    stub.mode = mode
    with pytest.raises(ModelUnavailable, match=says) as error:
        list(stub_engines(stub.url).stream("Hello", max_tokens=4))
    assert "triage.server.url" in str(error.value) and stub.url in str(error.value)


def test_deadline_stops_a_stalled_answer_with_its_partial_text(stub, stub_engines):
    stub.mode = "stall"
    with pytest.raises(InferenceTimeout) as stopped:
        list(stub_engines(stub.url).stream("Hello", max_tokens=64, timeout_s=1.0))
    assert stopped.value.partial_text == '{"pri'


def test_cancel_while_the_server_is_silent(stub, stub_engines):
    stub.mode = "silent"  # e.g. still evaluating a long prompt: no piece arrives to check cancel after
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(GenerationCancelled):
        list(stub_engines(stub.url).stream("Hello", max_tokens=64, cancel=cancel))


def test_a_server_that_stops_answering_is_model_unavailable(stub, stub_engines):
    stub.mode = "silent"
    with pytest.raises(ModelUnavailable, match=r"sent nothing for 1 s.*triage\.server\.timeout_s"):
        list(stub_engines(stub.url, timeout_s=1.0).stream("Hello", max_tokens=64))


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "clinic inference server")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "server.crt", folder / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_https_server_is_verified_against_ca_file(tmp_path, stub_engines):
    import ssl

    cert_file, key_file = _self_signed(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(cert_file, key_file)
    server = Stub(tls)
    try:
        with allow_loopback(server.port):
            assert "".join(stub_engines(server.url, ca_file=str(cert_file)).stream("Hello", max_tokens=4)) == '{"a":1}'
            assert len(server.requests) == 1
            with pytest.raises(ModelUnavailable, match=r"failed the TLS check.*triage\.server\.ca_file"):
                list(stub_engines(server.url).stream("Hello", max_tokens=4))  # the system CAs don't know it
            assert len(server.requests) == 1  # nothing was sent to the unverified server
    finally:
        server.close()


def test_ping_lists_the_models(stub, stub_engines):
    assert stub_engines(stub.url).ping() == ["stub"]


def test_engines_are_cached_per_server_model_and_context(model_path):
    settings = ServerSettings(url="http://127.0.0.1:9")
    first = get_server_engine(settings, model_path, 2048)
    try:
        assert get_server_engine(settings, model_path, 2048) is first
        assert get_server_engine(settings, model_path, 1024) is not first
        assert first.can_steer is False and first.n_ctx == 2048
    finally:
        first.close()
        get_server_engine(settings, model_path, 1024).close()
    assert get_server_engine(settings, model_path, 2048) is not first  # a closed engine is replaced
    get_server_engine(settings, model_path, 2048).close()


# --- settings -------------------------------------------------------------------------

@pytest.mark.parametrize("section, field", [
    ({"url": "ftp://gpu-box:8080"}, "triage.server.url"),
    ({"url": ""}, "triage.server.url"),
    ({"url": "http://"}, "triage.server.url"),
    ({}, "triage.server.url"),
    ({"url": "http://gpu-box:8080", "timeout_s": "soon"}, "triage.server.timeout_s"),
    ({"url": "http://gpu-box:8080", "timeout_s": 0}, "triage.server.timeout_s"),
    ({"url": "http://gpu-box:8080", "timeout_s": 601}, "triage.server.timeout_s"),
    ({"url": "http://gpu-box:8080", "model": "gemma"}, "triage.server.model"),
    ("http://gpu-box:8080", "triage.server"),
])
def test_bad_server_settings_name_the_setting(section, field):
    with pytest.raises(ValidationError) as bad:
        ServerSettings.from_config(section)
    assert bad.value.field == field


@pytest.mark.parametrize("url, stored", [
    ("http://gpu-box:8080", "http://gpu-box:8080"),
    ("http://gpu-box:8080/", "http://gpu-box:8080"),
    ("http://gpu-box:8080/v1", "http://gpu-box:8080"),
    ("https://llm.clinic.lan/v1/", "https://llm.clinic.lan"),
    (" https://llm.clinic.lan/prescreen ", "https://llm.clinic.lan/prescreen"),
])
def test_server_url_is_stored_without_v1(url, stored):
    assert ServerSettings.from_config({"url": url}).url == stored


def test_server_settings_from_the_triage_section():
    from core.triage.settings import TriageSettings

    settings = TriageSettings.from_config({"triage": {"server": {
        "url": "https://llm.clinic.lan:8443", "timeout_s": "45", "ca_file": "/etc/prescreen/clinic-ca.pem",
        "api_key_env": "PRESCREEN_SERVER_KEY"}}})
    assert settings.server == ServerSettings("https://llm.clinic.lan:8443", 45.0, "/etc/prescreen/clinic-ca.pem",
                                             "PRESCREEN_SERVER_KEY")
    assert TriageSettings.from_config({"triage": {}}).server is None


# --- end to end ----------------------------------------------------------------------

@pytest.mark.slow
def test_triage_in_a_workspace_configured_for_the_server(workspace, home, llama_server):
    """config.yaml names the server; the stored case's draft was written there, held to the suggestion."""
    import yaml

    from core.review.package import load_package
    from core.triage.pipeline import TriagePipeline
    from core.workspace import Workspace

    url, log = llama_server
    password = make_user(workspace, "nina", "nurse")
    config = yaml.safe_load((home / "config.yaml").read_text("utf-8"))
    # k: 0 keeps the guideline search (and its embedding) out of this test; the prompt is still the pipeline's.
    config["triage"] = {**(config.get("triage") or {}), "k": 0, "server": {"url": url + "/v1", "timeout_s": 120}}
    (home / "config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    requests_before = log.read_text().count('"POST /v1/completions')
    nurse = Workspace.open(home, "nina", password)
    try:
        pipeline = TriagePipeline(nurse)
        server_engine = pipeline.engine()
        assert isinstance(server_engine, ServerEngine)
        result = pipeline.triage(STORY)
        package = load_package(nurse.db, result.case_id)
    finally:
        nurse.close()
    server_engine.close()
    assert log.read_text().count('"POST /v1/completions') == requests_before + 1
    a = package.assessment
    assert a.json_valid and a.model_failure is None
    assert parse_draft(result.raw_output).json_valid
    assert url in a.model_id  # the record says which server wrote the draft (the /v1 was stripped)
    assert a.suggested_priority is not None and a.model_priority == a.suggested_priority
    assert a.priority >= a.model_priority and (a.floor is None or a.priority >= a.floor)
