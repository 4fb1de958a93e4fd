"""The audit log: one event per login, patient-data access and admin action.

Each event is hashed as a leaf and chained to the previous head, with the
domain separation of RFC 6962 (Certificate Transparency): a leaf hash is
``SHA-256(0x00 || event)`` and a chain step is ``SHA-256(0x01 || previous
head || leaf)``, so an event can never be passed off as a chain node or the
other way round. Events hold who, when, what and which object: never PHI.

The table refuses UPDATE and DELETE (triggers). ``verify`` recomputes the
chain and names the first bad event; a cut-off tail is caught by comparing
with a chain head (count + hash) exported outside the database.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from core.errors import IntegrityError, ValidationError
from core.store.db import Database, integrity_problems

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
GENESIS = "0" * 64
_MAX_DETAIL_TEXT = 160  # detail holds ids and counts, never free text
_COLUMNS = ("seq", "ts", "actor", "role", "action", "object_type", "object_id", "outcome", "detail",
            "leaf_hash", "chain_hash")


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    ts: str
    actor: str
    role: str
    action: str
    object_type: str | None
    object_id: str | None
    outcome: str
    detail: str  # canonical JSON
    leaf_hash: str
    chain_hash: str

    def detail_dict(self) -> dict:
        return json.loads(self.detail)


@dataclass(frozen=True)
class ChainHead:
    """How many events the chain had and the hash it ended in."""

    count: int
    hash: str
    exported_at: str = ""

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> "ChainHead":
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            return cls(int(data["count"]), str(data["hash"]), str(data.get("exported_at", "")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValidationError("head", f"cannot read chain head file {path}: {exc}",
                                  "pass a file written by 'prescreen audit head'") from None


@dataclass
class VerifyReport:
    ok: bool
    events: int
    problems: list[str]
    first_bad_seq: int | None = None

    def summary(self) -> str:
        if self.ok:
            return f"audit log OK: {self.events} events, chain and database pages verified"
        first = f" (first bad event: #{self.first_bad_seq})" if self.first_bad_seq is not None else ""
        return f"audit log FAILED verification{first}:\n  " + "\n  ".join(self.problems)


def leaf_hash(seq: int, ts: str, actor: str, role: str, action: str, object_type, object_id, outcome: str,
              detail: str) -> str:
    body = json.dumps([seq, ts, actor, role, action, object_type, object_id, outcome, detail],
                      separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(LEAF_PREFIX + body.encode("utf-8")).hexdigest()


def chain_step(previous: str, leaf: str) -> str:
    return hashlib.sha256(NODE_PREFIX + bytes.fromhex(previous) + bytes.fromhex(leaf)).hexdigest()


def _canonical_detail(detail: dict | None) -> str:
    detail = detail or {}
    for key, value in detail.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if isinstance(item, str) and len(item) > _MAX_DETAIL_TEXT:
                raise ValidationError(f"audit detail '{key}'", "is longer than an id or a code",
                                      "record ids and counts only; patient text never goes to the audit log")
            if not (item is None or isinstance(item, (str, int, float, bool))):
                raise ValidationError(f"audit detail '{key}'", "must be a scalar or a list of scalars",
                                      "record ids and counts only")
    return json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class AuditLog:
    """Writes and verifies the chain for one connection."""

    def __init__(self, db: Database, actor: str = "system", role: str = "system") -> None:
        self.db = db
        self.actor = actor
        self.role = role

    def record(self, action: str, object_type: str | None = None, object_id: str | None = None,
               detail: dict | None = None, outcome: str = "ok", *, actor: str | None = None,
               role: str | None = None, ts: str | None = None) -> AuditEvent:
        """Append one event; commits with the caller's transaction if one is open."""
        detail_json = _canonical_detail(detail)
        actor = actor or self.actor
        role = role or self.role
        ts = ts or datetime.now(timezone.utc).isoformat(timespec="microseconds")
        object_id = None if object_id is None else str(object_id)
        with self.db.transaction():
            row = self.db.execute("SELECT seq, chain_hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
            seq, previous = (row[0] + 1, row[1]) if row else (1, GENESIS)
            leaf = leaf_hash(seq, ts, actor, role, action, object_type, object_id, outcome, detail_json)
            chain = chain_step(previous, leaf)
            self.db.execute(
                f"INSERT INTO audit_events ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                (seq, ts, actor, role, action, object_type, object_id, outcome, detail_json, leaf, chain),
            )
        return AuditEvent(seq, ts, actor, role, action, object_type, object_id, outcome, detail_json, leaf, chain)

    # reading -----------------------------------------------------------
    def events(self, *, actor: str | None = None, action: str | None = None, since: str | None = None,
               until: str | None = None, object_id: str | None = None, limit: int | None = None) -> list[AuditEvent]:
        """Events in order, filtered (``action`` matches a prefix, e.g. "case.")."""
        clauses, params = [], []
        if actor:
            clauses.append("actor = ?"); params.append(actor)  # noqa: E702
        if action:
            clauses.append("action LIKE ?"); params.append(action.rstrip("%") + "%")  # noqa: E702
        if since:
            clauses.append("ts >= ?"); params.append(since)  # noqa: E702
        if until:
            clauses.append("ts < ?"); params.append(until)  # noqa: E702
        if object_id:
            clauses.append("object_id = ?"); params.append(object_id)  # noqa: E702
        sql = f"SELECT {', '.join(_COLUMNS)} FROM audit_events"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY seq"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [AuditEvent(*row) for row in self.db.execute(sql, params).fetchall()]

    def _all_rows(self) -> Iterator[tuple]:
        return iter(self.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit_events ORDER BY rowid").fetchall())

    def head(self) -> ChainHead:
        row = self.db.execute("SELECT count(*), (SELECT chain_hash FROM audit_events ORDER BY seq DESC LIMIT 1)"
                                " FROM audit_events").fetchone()
        return ChainHead(row[0], row[1] or GENESIS, datetime.now(timezone.utc).isoformat(timespec="seconds"))

    # verifying ---------------------------------------------------------
    def verify(self, expected_head: ChainHead | None = None) -> VerifyReport:
        """Check the pages, the guard triggers, every event's hash and the chain.

        Args:
            expected_head: a head exported earlier; the chain must still contain it.
        """
        from core.audit.schema import GUARD_TRIGGERS

        with self.db.lock:
            problems = [f"database page check: {p}" for p in integrity_problems(self.db.conn)]
        try:
            triggers = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
            rows = list(self._all_rows())
        except Exception as exc:  # noqa: BLE001 - after a page fails its HMAC nothing more can be read
            problems.append(f"audit events could not be read ({type(exc).__name__}: {exc}): "
                            "pages of the file fail SQLCipher's check")
            return VerifyReport(False, 0, problems, None)
        for name in GUARD_TRIGGERS:
            if name not in triggers:
                problems.append(f"append-only guard trigger '{name}' is missing")
        first_bad = None
        previous, expected_seq, count, heads = GENESIS, 1, 0, {0: GENESIS}
        for row in rows:
            event = AuditEvent(*row)
            count += 1
            problem = None
            if event.seq != expected_seq:
                problem = (f"event #{event.seq} found where #{expected_seq} was expected "
                           "(an event was deleted, inserted or moved)")
            elif leaf_hash(event.seq, event.ts, event.actor, event.role, event.action, event.object_type,
                           event.object_id, event.outcome, event.detail) != event.leaf_hash:
                problem = f"event #{event.seq} ({event.action}) was changed after it was written"
            elif chain_step(previous, event.leaf_hash) != event.chain_hash:
                problem = f"event #{event.seq} ({event.action}) does not chain to the event before it"
            if problem:
                problems.append(problem)
                first_bad = event.seq if first_bad is None else first_bad
                break
            previous = event.chain_hash
            heads[count] = previous
            expected_seq += 1
        if expected_head is not None and first_bad is None:
            if expected_head.count > count:
                problems.append(f"the log ends after {count} events but the exported head says "
                                f"{expected_head.count}: its tail was cut off")
                first_bad = count + 1
            elif heads.get(expected_head.count) != expected_head.hash:
                problems.append(f"event #{expected_head.count} does not match the exported chain head")
                first_bad = expected_head.count
        return VerifyReport(not problems, count, problems, first_bad)

    def require_intact(self) -> None:
        report = self.verify()
        if not report.ok:
            raise IntegrityError(report.summary())

    # exporting ---------------------------------------------------------
    def export(self, path: Path, fmt: str, **filters) -> int:
        """Write events to ``path`` as csv or jsonl; returns how many."""
        events = self.events(**filters)
        if fmt == "jsonl":
            with open(path, "w", encoding="utf-8") as handle:
                for event in events:
                    handle.write(json.dumps(asdict(event), ensure_ascii=False) + "\n")
        elif fmt == "csv":
            with open(path, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(_COLUMNS)
                for event in events:
                    writer.writerow([getattr(event, c) for c in _COLUMNS])
        else:
            raise ValidationError("format", f"'{fmt}' is not an export format", "use csv or jsonl")
        return len(events)
