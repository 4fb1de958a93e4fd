"""Suite-wide fixtures: the offline guard, real workspaces, users.

The offline guard blocks every outgoing network connection and name lookup
for the whole session. An attempt raises at once and is also remembered, so a
library that swallows the error still fails the suite at the end. The one
exception is :func:`allow_loopback`: a test that started a server itself on
127.0.0.1 may connect to that port, and to nothing else.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import core  # noqa: E402,F401  - sets the offline switches before any library loads

NETWORK_ATTEMPTS: list[str] = []


class NetworkBlocked(RuntimeError):
    pass


def _blocked(what):
    def guard(*args, **kwargs):
        target = args[1] if len(args) > 1 else (args[0] if args else kwargs)
        NETWORK_ATTEMPTS.append(f"{what}: {target!r}")
        raise NetworkBlocked(f"network access is blocked in tests ({what} {target!r})")

    return guard


def _is_inet(sock) -> bool:
    return sock.family in (socket.AF_INET, socket.AF_INET6)


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo
_real_create_connection = socket.create_connection

_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
#: Loopback ports of servers the running tests started themselves (see allow_loopback).
_LOOPBACK_PORTS: set[int] = set()


def _loopback(host, port) -> bool:
    try:
        return host in _LOOPBACK_HOSTS and int(port) in _LOOPBACK_PORTS
    except (TypeError, ValueError):
        return False


@contextlib.contextmanager
def allow_loopback(port: int):
    """Let this process connect to ``port`` on the loopback address (a server the test started).

    Only 127.0.0.1, ``localhost`` and ::1 on that port; every other
    connection and name lookup stays blocked and remembered.
    """
    _LOOPBACK_PORTS.add(int(port))
    try:
        yield int(port)
    finally:
        _LOOPBACK_PORTS.discard(int(port))


def _guarded_connect(self, address):
    if _is_inet(self) and not _loopback(*address[:2]):
        return _blocked("connect")(self, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if _is_inet(self) and not _loopback(*address[:2]):
        return _blocked("connect_ex")(self, address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, port, *args, **kwargs):
    if _loopback(host, port):
        return _real_getaddrinfo(host, port, *args, **kwargs)
    return _blocked("getaddrinfo")(host, port, *args, **kwargs)


def _guarded_create_connection(address, *args, **kwargs):
    if _loopback(*address[:2]):
        return _real_create_connection(address, *args, **kwargs)  # its lookup and connect are guarded too
    return _blocked("create_connection")(address, *args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def offline_guard():
    """Block outgoing sockets and DNS for the whole test session."""
    patches = {
        (socket.socket, "connect"): _guarded_connect,
        (socket.socket, "connect_ex"): _guarded_connect_ex,
        (socket, "getaddrinfo"): _guarded_getaddrinfo,
        (socket, "gethostbyname"): _blocked("gethostbyname"),
        (socket, "create_connection"): _guarded_create_connection,
    }
    saved = {key: getattr(*key) for key in patches}
    for (owner, name), replacement in patches.items():
        setattr(owner, name, replacement)
    yield NETWORK_ATTEMPTS
    for (owner, name), original in saved.items():
        setattr(owner, name, original)


def pytest_sessionfinish(session, exitstatus):
    if NETWORK_ATTEMPTS:
        print("\nNETWORK ACCESS ATTEMPTED DURING TESTS (offline guard):")
        for attempt in NETWORK_ATTEMPTS:
            print("  ", attempt)
        session.exitstatus = 1


# --- workspaces -------------------------------------------------------------

ADMIN = "admin"
ADMIN_PASSWORD = "correct horse staple 42"


def strong_password() -> str:
    return "pw-" + secrets.token_urlsafe(12)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "ws"


@pytest.fixture
def workspace(home):
    """A fresh real workspace (SQLCipher on disk) with the admin logged in."""
    from core.workspace import Workspace

    ws = Workspace.create(home, ADMIN, ADMIN_PASSWORD)
    yield ws
    ws.close()


@pytest.fixture
def bare_workspace(home):
    """A fresh real workspace without the shipped default adapter: the bare base is active.

    For tests of the registry's own rules (numbering, activation, rollback to base),
    which start from a registry with nothing registered.
    """
    from core.workspace import Workspace

    ws = Workspace.create(home, ADMIN, ADMIN_PASSWORD, default_adapter=False)
    yield ws
    ws.close()


def make_user(ws, name: str, role: str) -> str:
    """Add a user through the real user directory; returns their password."""
    password = strong_password()
    ws.users.add(name, role, password)
    return password


@pytest.fixture
def cli(home, monkeypatch, capsys):
    """Run `prescreen …` in-process with the given credentials; returns (rc, stdout, stderr)."""
    import io

    from core.cli import main

    def run(*argv, user=None, password=None, stdin=None):
        monkeypatch.setenv("PRESCREEN_HOME", str(home))
        if user:
            monkeypatch.setenv("PRESCREEN_USER", user)
        else:
            monkeypatch.delenv("PRESCREEN_USER", raising=False)
        if password is not None:
            monkeypatch.setenv("PRESCREEN_PASSWORD", password)
        else:
            monkeypatch.delenv("PRESCREEN_PASSWORD", raising=False)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
        rc = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return run


@pytest.fixture(scope="session")
def scan():
    """The real clinical PHI analyzer's ``scan_text`` (Presidio and Prescreen's recognizers, built once)."""
    from core.phi import scan_text
    from core.phi.engine import get_analyzer

    get_analyzer()
    return scan_text
