"""User accounts: add, list, disable/enable, change password.

Each account is a row in ``users`` (role, state) plus a keyslot. Disabling
removes the keyslot, so a disabled user cannot even decrypt the database;
enabling again needs a new password from an admin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from core.errors import NotFoundError, PermissionDenied, ValidationError
from core.security import keyslots
from core.security.passwords import check_password_policy
from core.security.roles import Permission, Role

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    display_name: str = ""
    disabled: bool = False
    created_at: str = ""
    password_changed_at: str = ""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def check_username(username: str) -> str:
    if not isinstance(username, str) or not _USERNAME.match(username):
        raise ValidationError("username", f"'{username}' is not a valid user name",
                              "use 2-32 lower-case letters, digits, '.', '_' or '-', starting with a letter")
    return username


def load_user(db, username: str) -> User | None:
    row = db.execute("SELECT username, role, display_name, disabled, created_at, password_changed_at "
                     "FROM users WHERE username = ?", (username,)).fetchone()
    if row is None:
        return None
    return User(row[0], Role(row[1]), row[2], bool(row[3]), row[4], row[5])


def insert_user(db, username: str, role: Role, created_by: str, display_name: str = "") -> None:
    stamp = now_iso()
    db.execute("INSERT INTO users (username, role, display_name, disabled, created_at, created_by, "
               "password_changed_at) VALUES (?, ?, ?, 0, ?, ?, ?)",
               (username, role.value, display_name, stamp, created_by, stamp))


class UserDirectory:
    """User management for an unlocked workspace; every call checks the role."""

    def __init__(self, workspace) -> None:
        self.ws = workspace

    def add(self, username: str, role: str | Role, password: str, display_name: str = "") -> User:
        self.ws.require(Permission.MANAGE_USERS)
        check_username(username)
        role = role if isinstance(role, Role) else Role.parse(role)
        check_password_policy(password, username)
        if load_user(self.ws.db, username) is not None:
            raise ValidationError("username", f"'{username}' already exists", "choose another user name")
        slot = keyslots.wrap(username, password, self.ws._data_key)
        with self.ws.transaction():
            insert_user(self.ws.db, username, role, self.ws.user.username, display_name)
            self.ws.audit.record("user.add", "user", username, {"role": role.value})
        # The slot is written after the row commits: a crash in between leaves
        # a user who cannot log in yet (fixed by 'user enable'), never a slot
        # without an account.
        self.ws.keyslots.put(slot)
        return load_user(self.ws.db, username)

    def list(self) -> list[User]:
        self.ws.require(Permission.MANAGE_USERS)
        rows = self.ws.db.execute("SELECT username FROM users ORDER BY username").fetchall()
        self.ws.audit.record("user.list", "user", None, {"count": len(rows)})
        return [load_user(self.ws.db, r[0]) for r in rows]

    def _existing(self, username: str) -> User:
        user = load_user(self.ws.db, username)
        if user is None:
            raise NotFoundError(f"no user named '{username}'")
        return user

    def disable(self, username: str) -> None:
        self.ws.require(Permission.MANAGE_USERS)
        user = self._existing(username)
        if username == self.ws.user.username:
            raise ValidationError("username", "you cannot disable your own account", "ask another admin")
        if user.role is Role.ADMIN and self._active_admins() <= 1:
            raise ValidationError("username", "this is the last active admin", "add another admin first")
        with self.ws.transaction():
            self.ws.db.execute("UPDATE users SET disabled = 1 WHERE username = ?", (username,))
            self.ws.audit.record("user.disable", "user", username)
        self.ws.keyslots.remove(username)

    def enable(self, username: str, new_password: str) -> None:
        self.ws.require(Permission.MANAGE_USERS)
        self._existing(username)
        check_password_policy(new_password, username)
        slot = keyslots.wrap(username, new_password, self.ws._data_key)
        with self.ws.transaction():
            self.ws.db.execute("UPDATE users SET disabled = 0, password_changed_at = ? WHERE username = ?",
                               (now_iso(), username))
            self.ws.audit.record("user.enable", "user", username)
        self.ws.keyslots.put(slot)
        self.ws.lockout.clear(username)
        self.ws.keyslots.save()

    def change_password(self, username: str, new_password: str, current_password: str | None = None) -> None:
        """A user changes their own password (current one required); an admin may reset anyone's.

        Only that user's keyslot is rewrapped; the database key never changes.
        """
        own = username == self.ws.user.username
        if not own:
            self.ws.require(Permission.MANAGE_USERS)
        elif current_password is None or not self.ws.verify_password(current_password):
            raise PermissionDenied("the current password is wrong; your password was not changed")
        user = self._existing(username)
        if user.disabled:
            raise ValidationError("username", f"'{username}' is disabled", "use 'user enable' with a new password")
        check_password_policy(new_password, username, field="new password")
        slot = keyslots.wrap(username, new_password, self.ws._data_key)
        with self.ws.transaction():
            self.ws.db.execute("UPDATE users SET password_changed_at = ? WHERE username = ?", (now_iso(), username))
            self.ws.audit.record("user.passwd", "user", username, {"by": "self" if own else "admin"})
        self.ws.keyslots.put(slot)

    def _active_admins(self) -> int:
        return self.ws.db.execute("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0").fetchone()[0]
