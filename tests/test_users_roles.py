"""Users, password policy, roles enforced in the core, lockout."""

from __future__ import annotations

import pytest

from conftest import ADMIN, ADMIN_PASSWORD, make_user
from core.errors import AuthenticationError, LockedOutError, PermissionDenied, ValidationError
from core.security.passwords import check_password_policy
from core.security.roles import Permission, Role, allows
from core.workspace import Workspace


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short pw 1", "at least 12"),
        ("password1234", "commonly used"),
        ("Password123!", "commonly used"),
        ("qwertyuiop12", "commonly used"),
        ("aaaaaaaaaaaaaaa", "too few different"),
        ("nina-is-my-password-9", "user name"),
        ("tab\tinside passphrase", "control characters"),
        ("x" * 300, "at most"),
    ],
)
def test_password_policy_rejects(password, problem):
    with pytest.raises(ValidationError, match=problem) as info:
        check_password_policy(password, "nina")
    assert info.value.field == "password"


@pytest.mark.parametrize("password", ["correct horse staple 42", "Mint-Lantern-Harbour-88", "dz7!Kq2#pW9m"])
def test_password_policy_accepts(password):
    check_password_policy(password, "nina")


@pytest.mark.parametrize(
    "role, permission, allowed",
    [
        (Role.NURSE, Permission.TRIAGE, True),
        (Role.NURSE, Permission.MANAGE_USERS, False),
        (Role.NURSE, Permission.TRAIN, False),
        (Role.NURSE, Permission.READ_AUDIT, False),
        (Role.PHYSICIAN, Permission.ACK_ALERT, True),
        (Role.PHYSICIAN, Permission.TRAIN, False),
        (Role.ADMIN, Permission.READ_AUDIT, True),
        (Role.ADMIN, Permission.TRAIN, True),
        (Role.AUDITOR, Permission.READ_AUDIT, True),
        (Role.AUDITOR, Permission.TRIAGE, False),
        (Role.AUDITOR, Permission.VIEW_QUEUE, False),
        (Role.AUDITOR, Permission.MANAGE_USERS, False),
    ],
)
def test_role_table(role, permission, allowed):
    assert allows(role, permission) is allowed


def test_auditor_can_do_nothing_but_read_audit():
    assert {p for p in Permission if allows(Role.AUDITOR, p)} == {Permission.READ_AUDIT}


def test_nurse_cannot_add_users_in_the_core(workspace, home):
    nurse_pw = make_user(workspace, "nina", "nurse")
    workspace.close()
    ws = Workspace.open(home, "nina", nurse_pw)
    with pytest.raises(PermissionDenied):
        ws.users.add("eve", "admin", "another long passphrase 9")
    with pytest.raises(PermissionDenied):
        ws.require(Permission.TRAIN)
    with pytest.raises(PermissionDenied):
        ws.verify_audit()
    denied = ws.audit.events(action="permission.denied")
    assert [e.detail_dict()["permission"] for e in denied] == ["manage_users", "train", "read_audit"]
    ws.close()


def test_auditor_verifies_audit(workspace, home):
    pw = make_user(workspace, "aud", "auditor")
    workspace.close()
    ws = Workspace.open(home, "aud", pw)
    assert ws.verify_audit().ok
    with pytest.raises(PermissionDenied):
        ws.users.list()
    ws.close()


def test_duplicate_and_invalid_usernames(workspace):
    make_user(workspace, "nina", "nurse")
    with pytest.raises(ValidationError, match="already exists"):
        workspace.users.add("nina", "nurse", "another long passphrase 9")
    with pytest.raises(ValidationError, match="username"):
        workspace.users.add("Bad Name!", "nurse", "another long passphrase 9")
    with pytest.raises(ValidationError, match="role"):
        workspace.users.add("ok.name", "janitor", "another long passphrase 9")


def test_disable_removes_access_and_enable_restores(workspace, home):
    pw = make_user(workspace, "nina", "nurse")
    workspace.users.disable("nina")
    with pytest.raises(AuthenticationError):
        Workspace.open(home, "nina", pw)
    workspace.users.enable("nina", "fresh passphrase for her 3")
    assert [u.disabled for u in workspace.users.list() if u.username == "nina"] == [False]
    workspace.close()
    Workspace.open(home, "nina", "fresh passphrase for her 3").close()


def test_last_admin_cannot_be_disabled(workspace):
    with pytest.raises(ValidationError, match="your own account"):
        workspace.users.disable(ADMIN)


def test_own_password_change_needs_current_password(workspace):
    with pytest.raises(PermissionDenied, match="current password"):
        workspace.users.change_password(ADMIN, "a brand new passphrase 7", current_password="wrong one here")


class Clock:
    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_lockout_after_ten_failures_in_window(workspace, home):
    workspace.close()
    clock = Clock()
    waits, failures = [], 0
    while failures < 10:
        try:
            Workspace.open(home, ADMIN, "wrong password number", clock=clock)
        except LockedOutError as exc:
            waits.append(exc.retry_after_s)
            clock.now += exc.retry_after_s
        except AuthenticationError:
            failures += 1
    # delays grow before the lockout
    assert len(waits) >= 5
    assert waits == sorted(waits) and waits[-1] > waits[0]
    with pytest.raises(LockedOutError) as info:
        Workspace.open(home, ADMIN, ADMIN_PASSWORD, clock=clock)
    assert info.value.retry_after_s > 60  # locked, not just delayed: even the right password waits
    clock.now += 15 * 60 + 1
    ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD, clock=clock)
    failed = ws.audit.events(action="login.failed")
    assert len(failed) >= 10 and all(e.outcome == "denied" for e in failed)
    assert any(e.detail_dict().get("locked") for e in failed)
    ws.close()
