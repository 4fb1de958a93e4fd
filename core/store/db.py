"""The SQLCipher connection: one per workspace, opened with a raw 32-byte key.

A raw key (``x'…'``) skips SQLCipher's own PBKDF2 (the key was already
derived by Argon2id and unwrapped from a keyslot). The rest of the cipher
settings are SQLCipher 4 defaults, recorded in ``EXPECTED_CIPHER_SETTINGS``
and checked by the tests: AES-256 pages with HMAC-SHA512 per page, 4096-byte
pages.

Durability: WAL journal with ``synchronous=FULL``, so every committed
transaction (every audit event) is on disk before the commit returns.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from core.errors import AuthenticationError, IntegrityError

EXPECTED_CIPHER_SETTINGS = {
    "cipher_page_size": "4096",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_kdf_algorithm": "PBKDF2_HMAC_SHA512",
    "kdf_iter": "256000",  # unused with a raw key, kept at the default
}


def connect(path: Path, key: bytes, *, create: bool = False):
    """Open (or create) the encrypted database with ``key``.

    Raises:
        AuthenticationError: the key does not open this file.
        IntegrityError: the file is not a Prescreen database or is damaged.
    """
    import sqlcipher3

    if not create and not path.exists():
        raise IntegrityError(f"no database at {path}; run 'prescreen init' first")
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise AuthenticationError("the database key does not open this workspace (wrong key or damaged file)") from None
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    return conn


def open_checked(path: Path, key: bytes) -> "Database":
    """Open an existing workspace database and bring its schema up to date.

    Raises:
        IntegrityError: a page fails SQLCipher's HMAC check or the file is damaged.
    """
    import sqlcipher3

    from core.store.schema import migrate

    conn = None
    try:
        conn = connect(path, key)
        migrate(conn)
        conn.execute("SELECT count(*) FROM users").fetchone()
    except (sqlcipher3.DatabaseError, MemoryError) as exc:
        if conn is not None:
            conn.close()
        raise damaged(exc) from None
    return Database(conn)


def damaged(exc: BaseException) -> IntegrityError:
    """The error shown when SQLCipher refuses a page (HMAC failure) or the file is malformed."""
    return IntegrityError(
        f"the workspace database is damaged or was tampered with ({type(exc).__name__}: {exc}); "
        "SQLCipher's page check refused it. Restore prescreen.db from a backup and report this to the clinic admin."
    )


def _rollback(conn, statement: str) -> None:
    """Roll back without hiding the error that caused it (a damaged file can refuse even this)."""
    try:
        conn.execute(statement)
    except Exception:  # noqa: BLE001
        pass


def cipher_settings(conn) -> dict[str, str]:
    """``PRAGMA cipher_settings`` as a dict (e.g. ``{"cipher_page_size": "4096", …}``)."""
    settings = {}
    for (line,) in conn.execute("PRAGMA cipher_settings").fetchall():
        # lines look like: PRAGMA kdf_iter = 256000;
        body = line.removeprefix("PRAGMA").strip().rstrip(";")
        name, _, value = body.partition("=")
        settings[name.strip()] = value.strip()
    return settings


def integrity_problems(conn) -> list[str]:
    """SQLCipher's page-level HMAC check plus SQLite's structural check.

    Returns:
        Problems found (empty when the file is intact).
    """
    import sqlcipher3

    problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    try:
        structural = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except (sqlcipher3.DatabaseError, MemoryError) as exc:  # a page failing its HMAC cannot be read
        structural = [f"structural check could not read the file: {exc}"]
    problems += [p for p in structural if p != "ok"]
    return problems


@contextmanager
def transaction(conn):
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error (nothing half-stored).

    Re-entrant: inside an open transaction it uses a SAVEPOINT, so a service
    can wrap its change and the audit event that records it in one commit.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            _rollback(conn, "ROLLBACK TO nested")
            _rollback(conn, "RELEASE nested")
            raise
        else:
            conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        _rollback(conn, "ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


class _Result:
    """Rows fetched while the lock was held; reads like a DB-API cursor."""

    __slots__ = ("_rows", "_pos", "description", "lastrowid", "rowcount")

    def __init__(self, cursor) -> None:
        self.description = cursor.description
        self._rows = cursor.fetchall() if cursor.description else []
        self._pos = 0
        self.lastrowid = cursor.lastrowid
        self.rowcount = cursor.rowcount

    def fetchone(self):
        if self._pos >= len(self._rows):
            return None
        row = self._rows[self._pos]
        self._pos += 1
        return row

    def fetchall(self):
        rows = self._rows[self._pos:]
        self._pos = len(self._rows)
        return rows

    def __iter__(self):
        return iter(self.fetchall())


class Database:
    """The one owner of the workspace's connection, safe to share between threads.

    ``execute`` and ``transaction`` hold a re-entrant lock, so the GUI's
    background workers and the UI thread never interleave statements.
    """

    def __init__(self, conn) -> None:
        import threading

        self.conn = conn
        self.lock = threading.RLock()

    def execute(self, sql: str, params=()) -> _Result:
        with self.lock:
            return _Result(self.conn.execute(sql, params))

    def executemany(self, sql: str, rows) -> _Result:
        with self.lock:
            return _Result(self.conn.executemany(sql, rows))

    @contextmanager
    def transaction(self):
        with self.lock, transaction(self.conn):
            yield self

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def close(self) -> None:
        with self.lock:
            if self.conn is not None:
                self.conn.close()
                self.conn = None
