"""Keyslots: the one random database key, wrapped under each user's password.

There is no shared passphrase. The database key is 32 random bytes. Each user
holds a keyslot: that key encrypted with AES-256-GCM under a key-encryption
key derived from the user's password with Argon2id. A password change rewraps
that user's slot only; the database is never re-keyed.

Argon2id parameters (``KDF_PARAMS``), chosen so that unlocking takes
0.1–0.5 s on a 2-core clinic PC (see ``bench/bench_unlock.py``):

* time cost 3 passes, memory 96 MiB, parallelism 2, 32-byte output, 16-byte salt
  (well above OWASP's Argon2id minimum of 19 MiB / 2 passes); about 0.14 s on an
  idle 2-core machine, more while it is busy.

The slot file (``keyslots.json``) holds no secret a guess could check
offline faster than Argon2id allows; the user name is bound into the AES-GCM
associated data so a slot cannot be moved to another user.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from core.errors import AuthenticationError, IntegrityError

KEY_BYTES = 32
MAX_PENDING_EVENTS = 1000


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored with each slot so they can be raised later."""

    time_cost: int = 3
    memory_kib: int = 96 * 1024
    parallelism: int = 2
    hash_len: int = KEY_BYTES

    def derive(self, password: str, salt: bytes) -> bytes:
        from argon2.low_level import Type, hash_secret_raw

        return hash_secret_raw(
            secret=password.encode("utf-8"),
            salt=salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=self.hash_len,
            type=Type.ID,
        )


KDF_PARAMS = KdfParams()
# Floors below which a stored slot is refused: a tampered slot file must not
# be able to weaken the KDF (fail closed on a bad security setting).
_MIN_TIME_COST = 2
_MIN_MEMORY_KIB = 19 * 1024


@dataclass(frozen=True)
class Keyslot:
    username: str
    salt: str  # base64
    nonce: str  # base64
    wrapped_key: str  # base64, AES-GCM ciphertext + tag
    kdf: dict

    def kdf_params(self) -> KdfParams:
        params = KdfParams(**self.kdf)
        if params.time_cost < _MIN_TIME_COST or params.memory_kib < _MIN_MEMORY_KIB:
            raise IntegrityError(
                f"keyslot for '{self.username}' has weakened KDF parameters; restore keyslots.json from backup"
            )
        return params


def _aad(username: str) -> bytes:
    return b"prescreen-keyslot-v1:" + username.encode("utf-8")


def wrap(username: str, password: str, data_key: bytes, params: KdfParams = KDF_PARAMS) -> Keyslot:
    """A new keyslot holding ``data_key`` under ``password``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    kek = params.derive(password, salt)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, _aad(username))
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return Keyslot(username, b64(salt), b64(nonce), b64(wrapped), asdict(params))


def unwrap(slot: Keyslot, password: str) -> bytes:
    """The data key, or AuthenticationError when the password is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = slot.kdf_params().derive(password, base64.b64decode(slot.salt))
    try:
        return AESGCM(kek).decrypt(base64.b64decode(slot.nonce), base64.b64decode(slot.wrapped_key), _aad(slot.username))
    except InvalidTag:
        raise AuthenticationError("wrong user name or password") from None


class KeyslotFile:
    """``keyslots.json``: slots by user name, plus login-failure counters.

    Failed logins cannot be written to the encrypted audit log (the database
    is still locked), so they are kept here and moved into the audit log by
    the next successful unlock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data = {"version": 1, "slots": {}, "lockout": {}, "pending_events": []}
        if path.exists():
            try:
                self._data = json.loads(path.read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise IntegrityError(f"{path.name} is unreadable ({exc}); restore it from backup") from None

    # slots -------------------------------------------------------------
    def get(self, username: str) -> Keyslot | None:
        raw = self._data["slots"].get(username)
        return Keyslot(**raw) if raw else None

    def put(self, slot: Keyslot) -> None:
        self._data["slots"][slot.username] = asdict(slot)
        self.save()

    def remove(self, username: str) -> None:
        self._data["slots"].pop(username, None)
        self.save()

    def usernames(self) -> list[str]:
        return sorted(self._data["slots"])

    # lockout state and pending audit events ------------------------------
    @property
    def lockout(self) -> dict:
        return self._data.setdefault("lockout", {})

    def add_pending_event(self, event: dict) -> None:
        """Queue an event for the audit log; a flood of guesses keeps the newest ones and a count."""
        pending = self._data.setdefault("pending_events", [])
        pending.append(event)
        if len(pending) > MAX_PENDING_EVENTS:
            dropped = len(pending) - MAX_PENDING_EVENTS
            self._data["dropped_events"] = self._data.get("dropped_events", 0) + dropped
            del pending[:dropped]
        self.save()

    def take_pending_events(self) -> list[dict]:
        events = self._data.get("pending_events", [])
        dropped = self._data.pop("dropped_events", 0)
        if dropped:
            events.insert(0, {"ts": events[0]["ts"] if events else "", "actor": "unknown",
                              "action": "login.failed.dropped", "detail": {"count": dropped}})
        self._data["pending_events"] = []
        return events

    def save(self) -> None:
        """Write atomically (temp file, fsync, rename) so a crash never leaves half a file."""
        # A temporary name of its own, so two processes saving at once never share one.
        fd, tmp = tempfile.mkstemp(prefix=".keyslots-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._data, handle, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)
