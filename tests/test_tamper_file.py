"""Byte flips in the real database file: SQLCipher's HMAC refuses or names the page."""

from __future__ import annotations

import pytest

from conftest import ADMIN, ADMIN_PASSWORD
from core.errors import AuthenticationError, IntegrityError
from core.store.db import integrity_problems
from core.workspace import Workspace

PAGE = 4096


@pytest.fixture
def closed_home(workspace, home):
    for i in range(300):  # several pages of events
        workspace.audit.record("case.open", "case", f"case-{i:04d}", {"i": i})
    workspace.close()
    # fold the WAL into the main file so the flips hit the real pages
    ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.close()
    ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.db.conn.close()  # close without writing the logout, so the WAL stays empty
    ws._closed = True
    return home


def _flip(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _open_or_refusal(home):
    """The opened workspace, or the IntegrityError that refused it."""
    try:
        return Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    except IntegrityError as exc:
        return exc


def _discard(ws):
    ws.db.conn.close()
    ws._closed = True


@pytest.mark.parametrize("where", ["second", "third", "fifth", "last"])
def test_flipped_byte_is_refused_or_its_page_named(closed_home, where):
    db_file = closed_home / "prescreen.db"
    pages = db_file.stat().st_size // PAGE
    assert pages > 6
    page = {"second": 2, "third": 3, "fifth": 5, "last": pages}[where]
    _flip(db_file, (page - 1) * PAGE + 1000)
    result = _open_or_refusal(closed_home)
    if isinstance(result, IntegrityError):
        # a page the schema needs: SQLCipher's HMAC refuses the whole file
        assert "damaged or was tampered with" in str(result)
        return
    with result.db.lock:
        problems = integrity_problems(result.db.conn)
    report = result.audit.verify()
    _discard(result)
    assert f"HMAC verification failed for page {page}" in problems
    assert not report.ok and any(f"page {page}" in p for p in report.problems)


def test_flipped_byte_in_first_page_refuses_to_open(closed_home):
    _flip(closed_home / "prescreen.db", 200)
    with pytest.raises(AuthenticationError, match="damaged file"):
        Workspace.open(closed_home, ADMIN, ADMIN_PASSWORD)


def test_untouched_file_passes_every_check(closed_home):
    ws = Workspace.open(closed_home, ADMIN, ADMIN_PASSWORD)
    with ws.db.lock:
        assert integrity_problems(ws.db.conn) == []
    assert ws.audit.verify().ok
    ws.close()
