"""Workspace creation, unlocking, keyslots and SQLCipher settings on the real file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import ADMIN, ADMIN_PASSWORD, make_user
from core.errors import AuthenticationError, IntegrityError, ValidationError
from core.store.db import EXPECTED_CIPHER_SETTINGS, cipher_settings
from core.workspace import Workspace


def test_database_file_is_not_readable_as_sqlite(workspace, home):
    header = (home / "prescreen.db").read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    plain = sqlite3.connect(home / "prescreen.db")
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()


def test_cipher_settings_are_sqlcipher4_defaults(workspace):
    settings = cipher_settings(workspace.db.conn)
    for name, value in EXPECTED_CIPHER_SETTINGS.items():
        assert settings.get(name) == value, name
    assert workspace.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert workspace.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopen_with_password(workspace, home):
    workspace.close()
    ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    assert ws.user.username == ADMIN and ws.user.role.value == "admin"
    ws.close()


def test_wrong_password_gives_clear_error_and_no_access(workspace, home):
    workspace.close()
    with pytest.raises(AuthenticationError, match="wrong user name or password"):
        Workspace.open(home, ADMIN, "not the password at all")
    with pytest.raises(AuthenticationError, match="wrong user name or password"):
        Workspace.open(home, "nobody", ADMIN_PASSWORD)


def test_create_refuses_existing_workspace(workspace, home):
    with pytest.raises(ValidationError, match="already exists"):
        Workspace.create(home, "other", "another long passphrase 9")


def test_open_missing_workspace_says_how_to_create(tmp_path):
    with pytest.raises(Exception, match="prescreen init"):
        Workspace.open(tmp_path / "none", ADMIN, ADMIN_PASSWORD)


def test_password_change_rewraps_only_that_slot(workspace, home):
    nurse_pw = make_user(workspace, "nina", "nurse")
    slots_before = json.loads((home / "keyslots.json").read_text())["slots"]
    workspace.users.change_password(ADMIN, "a brand new passphrase 7", current_password=ADMIN_PASSWORD)
    slots_after = json.loads((home / "keyslots.json").read_text())["slots"]
    assert slots_after["nina"] == slots_before["nina"]
    assert slots_after[ADMIN] != slots_before[ADMIN]
    workspace.close()
    with pytest.raises(AuthenticationError):
        Workspace.open(home, ADMIN, ADMIN_PASSWORD)
    ws = Workspace.open(home, ADMIN, "a brand new passphrase 7")
    ws.close()
    ws = Workspace.open(home, "nina", nurse_pw)  # same database key, untouched slot
    assert ws.user.role.value == "nurse"
    ws.close()


def test_weakened_kdf_in_slot_file_is_refused(workspace, home):
    workspace.close()
    path = home / "keyslots.json"
    data = json.loads(path.read_text())
    data["slots"][ADMIN]["kdf"]["time_cost"] = 1
    path.write_text(json.dumps(data))
    with pytest.raises(IntegrityError, match="weakened"):
        Workspace.open(home, ADMIN, ADMIN_PASSWORD)


def test_slot_cannot_be_moved_to_another_user(workspace, home):
    make_user(workspace, "nina", "nurse")
    workspace.close()
    path = home / "keyslots.json"
    data = json.loads(path.read_text())
    admin_slot = dict(data["slots"][ADMIN], username="nina")
    data["slots"]["nina"] = admin_slot
    path.write_text(json.dumps(data))
    with pytest.raises(AuthenticationError):
        Workspace.open(home, "nina", ADMIN_PASSWORD)


def test_bad_security_config_fails_closed(workspace, home):
    workspace.close()
    (home / "config.yaml").write_text("security:\n  max_failures: 1000\n")
    with pytest.raises(ValidationError, match="security.max_failures"):
        Workspace.open(home, ADMIN, ADMIN_PASSWORD)


def test_two_processes_saving_slots_at_once_do_not_collide(workspace, home):
    """Each save writes through a temporary file of its own (no shared .tmp name)."""
    import threading

    from core.security.keyslots import KeyslotFile

    files = [KeyslotFile(home / "keyslots.json") for _ in range(4)]
    errors = []

    def save_many(slot_file):
        try:
            for _ in range(25):
                slot_file.save()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save_many, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(p.name for p in home.iterdir() if p.name.startswith(".keyslots-")) == []
    assert ADMIN in KeyslotFile(home / "keyslots.json").usernames()
