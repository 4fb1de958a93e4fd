"""`prescreen init|user|audit|whoami` headless, as a script would use them."""

from __future__ import annotations

import json

from conftest import ADMIN, ADMIN_PASSWORD

NURSE_PW = "nurse long passphrase 11"


def _init(cli):
    rc, out, err = cli("init", "--admin", ADMIN, "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 0, err
    return out


def test_init_then_whoami(cli, home):
    assert "created workspace" in _init(cli)
    assert (home / "prescreen.db").exists()
    rc, out, _ = cli("whoami", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0 and "admin (admin)" in out


def test_init_weak_password_is_a_clear_error(cli, home):
    rc, out, err = cli("init", "--admin", ADMIN, "--password-stdin", stdin="short\n")
    assert rc == 2 and err.startswith("error: password") and "Traceback" not in err
    assert not (home / "prescreen.db").exists()


def test_user_lifecycle(cli):
    _init(cli)
    rc, out, err = cli("--password-stdin", "user", "add", "nina", "--role", "nurse", user=ADMIN,
                       stdin=f"{ADMIN_PASSWORD}\n{NURSE_PW}\n")
    assert rc == 0, err
    rc, out, _ = cli("user", "list", "--json", user=ADMIN, password=ADMIN_PASSWORD)
    assert {u["username"]: u["role"] for u in json.loads(out)} == {"admin": "admin", "nina": "nurse"}
    # the nurse cannot add users: refused by the core, one line, no traceback
    rc, _, err = cli("--password-stdin", "user", "add", "eve", "--role", "admin", user="nina",
                     stdin=f"{NURSE_PW}\nanother long passphrase 9\n")
    assert rc == 2 and "may not manage users" in err
    # own password change: current from login, new from the next stdin line
    rc, _, err = cli("--password-stdin", "user", "passwd", user="nina", stdin=f"{NURSE_PW}\nnew nurse passphrase 12\n")
    assert rc == 0, err
    rc, _, err = cli("whoami", user="nina", password=NURSE_PW)
    assert rc == 2 and "wrong user name or password" in err
    rc, _, _ = cli("user", "disable", "nina", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0
    rc, _, err = cli("whoami", user="nina", password="new nurse passphrase 12")
    assert rc == 2


def test_audit_verify_export_head(cli, tmp_path):
    _init(cli)
    head = tmp_path / "head.json"
    rc, out, _ = cli("audit", "head", "--output", head, user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0 and head.exists()
    rc, out, _ = cli("audit", "verify", "--head", head, user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0 and "audit log OK" in out
    out_file = tmp_path / "audit.csv"
    rc, out, _ = cli("audit", "export", "--format", "csv", "--output", out_file, user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 0 and out_file.read_text().startswith("seq,ts,actor")
    rc, out, _ = cli("audit", "list", "--action", "login", user=ADMIN, password=ADMIN_PASSWORD)
    assert "login.success" in out


def test_missing_credentials_and_workspace_are_clear(cli):
    rc, _, err = cli("whoami")
    assert rc == 2 and ("PRESCREEN_USER" in err or "prescreen init" in err)
    rc, _, err = cli("whoami", user=ADMIN, password=ADMIN_PASSWORD)
    assert rc == 2 and "prescreen init" in err
