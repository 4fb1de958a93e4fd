"""The workspace: one clinic's encrypted database, knowledge base, models and files.

``Workspace.open(home, user, password)`` unlocks the user's keyslot, opens
the SQLCipher database, brings its schema up to date and records the login.
The workspace owns every native resource it opens (database, knowledge base,
model engine) and releases them all in ``close()``.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

import sqlcipher3
import yaml

from core.audit.log import AuditLog, ChainHead
from core.errors import AuthenticationError, IntegrityError, PermissionDenied, PrescreenError, ValidationError
from core.paths import WorkspacePaths
from core.security import keyslots
from core.security.lockout import LockoutPolicy, LockoutTracker
from core.security.passwords import check_password_policy
from core.security.roles import Permission, Role, allows
from core.security.users import User, UserDirectory, check_username, insert_user, load_user, now_iso
from core.store import db as store
from core.store.schema import migrate

DEFAULT_CONFIG = {
    "security": {"max_failures": 10, "window_s": 900, "lockout_s": 900, "delay_after": 3, "max_delay_s": 60},
    "gui": {"idle_lock_minutes": 15},
}


def load_config(paths: WorkspacePaths) -> dict:
    """config.yaml merged over the defaults; a malformed file is an error, not a fallback."""
    config = {section: dict(values) for section, values in DEFAULT_CONFIG.items()}
    if paths.config.exists():
        try:
            loaded = yaml.safe_load(paths.config.read_text("utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ValidationError("config.yaml", f"is not valid YAML ({exc})", "fix or remove the file") from None
        if not isinstance(loaded, dict):
            raise ValidationError("config.yaml", "must be a mapping of sections", "see the README")
        for section, values in loaded.items():
            if isinstance(values, dict):
                config.setdefault(section, {}).update(values)
            else:
                config[section] = values
    LockoutPolicy.from_config(config)  # fail closed on a bad security setting
    return config


class Workspace:
    """An unlocked workspace for one logged-in user."""

    def __init__(self, paths: WorkspacePaths, database: store.Database, user: User, data_key: bytes,
                 slot_file: keyslots.KeyslotFile, config: dict, lockout: LockoutTracker) -> None:
        self.paths = paths
        self.db = database
        self.user = user
        self._data_key = data_key
        self.keyslots = slot_file
        self.config = config
        self.lockout = lockout
        self.audit = AuditLog(database, actor=user.username, role=user.role.value)
        self._resources: dict[str, object] = {}
        self._resource_lock = threading.Lock()
        self._closed = False
        self.install_problem: str | None = None  # why a new workspace has no default adapter (see create)

    # creating and opening ----------------------------------------------
    @classmethod
    def create(cls, home: str | Path, admin_name: str, admin_password: str, *,
               default_adapter: bool = True) -> "Workspace":
        """Make a new workspace with its first admin, who is logged in on return.

        With ``default_adapter`` the adapter shipped in ``models/adapters/`` is
        registered and active (:mod:`core.registry.shipped`); ``ws.install_problem``
        says why not when it could not be (the bare base model is then active).
        """
        paths = WorkspacePaths(Path(home))
        if paths.database.exists() or paths.keyslots.exists():
            raise ValidationError("home", f"a workspace already exists at {paths.home}",
                                  "choose an empty folder or open the existing workspace")
        check_username(admin_name)
        check_password_policy(admin_password, admin_name)
        paths.create_folders()
        data_key = keyslots.new_data_key()
        slot_file = keyslots.KeyslotFile(paths.keyslots)
        conn = store.connect(paths.database, data_key, create=True)
        database = store.Database(conn)
        migrate(conn)
        with database.transaction():
            insert_user(database, admin_name, Role.ADMIN, created_by=admin_name)
        slot_file.put(keyslots.wrap(admin_name, admin_password, data_key))
        config = load_config(paths)
        if not paths.config.exists():
            paths.config.write_text(yaml.safe_dump(DEFAULT_CONFIG, sort_keys=False), "utf-8")
        ws = cls(paths, database, load_user(database, admin_name), data_key, slot_file, config,
                 LockoutTracker(slot_file.lockout, LockoutPolicy.from_config(config)))
        ws.audit.record("workspace.init", "workspace", None, {"schema": "v1"})
        ws.audit.record("user.add", "user", admin_name, {"role": "admin"})
        if default_adapter:
            from core.registry.shipped import install_default

            ws.install_problem = install_default(ws)[1]
        ws.export_head()
        return ws

    @classmethod
    def open(cls, home: str | Path, username: str, password: str,
             clock: Callable[[], float] = time.time) -> "Workspace":
        """Unlock the workspace as ``username``.

        Raises:
            AuthenticationError: wrong user name or password, or a disabled account.
            LockedOutError: too many failed attempts; says how long to wait.
        """
        paths = WorkspacePaths(Path(home))
        if not paths.database.exists() or not paths.keyslots.exists():
            raise PrescreenError(f"no workspace at {paths.home}; create one with 'prescreen init'")
        config = load_config(paths)
        slot_file = keyslots.KeyslotFile(paths.keyslots)
        lockout = LockoutTracker(slot_file.lockout, LockoutPolicy.from_config(config))
        now = clock()
        lockout.check(username, now)
        slot = slot_file.get(username)
        try:
            if slot is None:
                raise AuthenticationError("wrong user name or password")
            data_key = keyslots.unwrap(slot, password)
        except AuthenticationError:
            locked = lockout.failure(username, now)
            slot_file.add_pending_event({"ts": now_iso(), "actor": str(username)[:64], "action": "login.failed",
                                         "detail": {"locked": locked}})
            raise
        database = store.open_checked(paths.database, data_key)
        user = load_user(database, username)
        if user is None or user.disabled:
            database.close()
            raise AuthenticationError(f"the account '{username}' is disabled; ask an admin")
        lockout.success(username)
        pending = slot_file.take_pending_events()
        slot_file.save()
        ws = cls(paths, database, user, data_key, slot_file, config, lockout)
        try:
            with ws.transaction():
                for event in pending:
                    ws.audit.record(event["action"], "user", event["actor"], event.get("detail"),
                                    outcome="denied", actor=event["actor"], role="unknown", ts=event["ts"])
                ws.audit.record("login.success", "user", username)
        except (sqlcipher3.DatabaseError, MemoryError) as exc:
            database.close()
            raise store.damaged(exc) from None
        return ws

    # session -------------------------------------------------------------
    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied (and audit it) unless the user's role allows ``permission``."""
        self._check_open()
        if not allows(self.user.role, permission):
            self.audit.record("permission.denied", None, None, {"permission": permission.value}, outcome="denied")
            raise PermissionDenied(f"a {self.user.role.value} may not {permission.value.replace('_', ' ')}")

    def can(self, permission: Permission) -> bool:
        return allows(self.user.role, permission)

    def verify_password(self, password: str) -> bool:
        """Re-check the logged-in user's password (signing, password change)."""
        slot = self.keyslots.get(self.user.username)
        if slot is None:
            return False
        try:
            keyslots.unwrap(slot, password)
        except AuthenticationError:
            self.audit.record("password.recheck", "user", self.user.username, outcome="denied")
            return False
        return True

    def transaction(self):
        """One atomic write: the change and its audit event commit together or not at all."""
        self._check_open()
        return self.db.transaction()

    @property
    def users(self) -> UserDirectory:
        return UserDirectory(self)

    def resource(self, name: str, factory: Callable[[], object]) -> object:
        """A native resource (knowledge base, engine…) opened once and closed with the workspace."""
        with self._resource_lock:
            if name not in self._resources:
                self._resources[name] = factory()
            return self._resources[name]

    def knowledge_base(self):
        """The guideline knowledge base (Chroma + lexical index) in ``knowledge/``.

        On a new workspace the default guideline set is imported the first time
        the knowledge base is opened, and each imported document is audited.
        """
        from core.knowledge import KnowledgeBase

        def open_with_defaults():
            kb = KnowledgeBase.open(self.paths.knowledge)
            for info in kb.ensure_default_guidelines():
                self.audit.record("kb.import", "document", info.doc_id,
                                  {"chunks": info.chunks, "origin": "default set"})
            return kb

        return self.resource("knowledge", open_with_defaults)

    # audit ---------------------------------------------------------------
    def export_head(self, path: Path | None = None) -> ChainHead:
        """Write the chain head (count + hash) outside the database."""
        head = self.audit.head()
        head.save(path or self.paths.audit_head)
        return head

    def verify_audit(self, head_file: Path | None = None):
        """Full audit verification against the given (or the workspace's) exported head."""
        self.require(Permission.READ_AUDIT)
        path = head_file or self.paths.audit_head
        head = ChainHead.load(path) if (head_file or path.exists()) else None
        report = self.audit.verify(head)
        self.audit.record("audit.verify", None, None, {"ok": report.ok, "events": report.events})
        return report

    # closing -------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise IntegrityError("the workspace is closed (locked); log in again")

    def close(self) -> None:
        """Release every resource, record the logout and export the chain head."""
        if self._closed:
            return
        for name, resource in reversed(list(self._resources.items())):
            closer = getattr(resource, "close", None)
            if closer:
                try:
                    closer()
                except Exception:  # noqa: BLE001 - closing must go on for the others
                    pass
        self._resources.clear()
        try:
            self.audit.record("logout", "user", self.user.username)
            self.export_head()
        finally:
            self._closed = True
            self._data_key = b""
            self.db.close()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
