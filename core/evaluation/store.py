"""The append-only ``evaluations`` table: write one evaluation, read them back.

Per-case results hold ids, labels, priorities and measurements only; the
case text never enters this table (the held-back split is synthetic, but the
habit keeps it safe for any set).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from core.errors import NotFoundError

_COLUMNS = ("eval_id", "ts", "actor", "model_version", "eval_set", "set_hash", "mode", "prompting", "cases",
            "metrics", "case_results", "report", "detail")
_JSON = ("metrics", "case_results", "detail")


@dataclass
class EvaluationRecord:
    """One row of ``evaluations``."""

    model_version: str
    eval_set: str
    set_hash: str
    mode: str  # pipeline | model_only
    prompting: str  # default | zero_shot | few_shot
    cases: int
    metrics: dict[str, Any]
    case_results: list[dict[str, Any]] = field(default_factory=list)
    report: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    eval_id: str = ""
    ts: str = ""
    actor: str = ""
    seq: int = 0


def append(db, record: EvaluationRecord) -> EvaluationRecord:
    """Insert one evaluation (the caller holds the transaction)."""
    record.eval_id = record.eval_id or f"ev-{uuid.uuid4().hex[:12]}"
    record.ts = record.ts or datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    values = [json.dumps(getattr(record, c), sort_keys=True) if c in _JSON else getattr(record, c)
              for c in _COLUMNS]
    cursor = db.execute(f"INSERT INTO evaluations({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                        values)
    record.seq = cursor.lastrowid
    return record


def get(db, eval_id: str) -> EvaluationRecord:
    """One evaluation by id.

    Raises:
        NotFoundError: no such evaluation.
    """
    rows = _select(db, "WHERE eval_id = ?", (eval_id,))
    if not rows:
        raise NotFoundError(f"no evaluation '{eval_id}'; see `prescreen eval --list`")
    return rows[0]


def latest(db, model_version: str, eval_set: str, mode: str = "pipeline",
           prompting: str = "default") -> EvaluationRecord | None:
    """The newest evaluation of a version on a set in a mode, or None."""
    rows = _select(db, "WHERE model_version = ? AND eval_set = ? AND mode = ? AND prompting = ? "
                   "ORDER BY seq DESC LIMIT 1", (model_version, eval_set, mode, prompting))
    return rows[0] if rows else None


def for_version(db, model_version: str) -> list[EvaluationRecord]:
    """Every evaluation of one version, oldest first."""
    return _select(db, "WHERE model_version = ? ORDER BY seq", (model_version,))


def all_evaluations(db) -> list[EvaluationRecord]:
    return _select(db, "ORDER BY seq", ())


def sets_of(db, model_version: str, mode: str = "pipeline") -> list[str]:
    """Case sets a version was evaluated on (default prompting), in first-evaluated order."""
    rows = db.execute("SELECT eval_set FROM evaluations WHERE model_version = ? AND mode = ? AND prompting = "
                      "'default' GROUP BY eval_set ORDER BY min(seq)", (model_version, mode)).fetchall()
    return [r[0] for r in rows]


def _select(db, where: str, params: tuple) -> list[EvaluationRecord]:
    rows = db.execute(f"SELECT seq, {', '.join(_COLUMNS)} FROM evaluations {where}", params).fetchall()
    out = []
    for row in rows:
        data = dict(zip(("seq",) + _COLUMNS, row))
        for column in _JSON:
            data[column] = json.loads(data[column])
        out.append(EvaluationRecord(**data))
    return out
