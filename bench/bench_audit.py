"""Audit appends/s: the chained, encrypted log vs plain sqlite3, same rows, same durability.

Both sides: WAL journal, synchronous=FULL, one committed transaction per
event, on the same disk. Target: the chained SQLCipher log costs at most 2x.

    python bench/bench_audit.py [--events 500]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import scratch_dir  # noqa: E402
from core.audit.schema import MIGRATIONS  # noqa: E402
from core.workspace import Workspace  # noqa: E402


def bench_prescreen(folder: Path, n: int) -> float:
    ws = Workspace.create(folder / "ws", "admin", "benchmark passphrase 42")
    start = time.perf_counter()
    for i in range(n):
        ws.audit.record("case.open", "case", f"case-{i:06d}", {"i": i})
    elapsed = time.perf_counter() - start
    assert ws.audit.verify().ok
    ws.close()
    return n / elapsed


def bench_plain_sqlite(folder: Path, n: int) -> float:
    conn = sqlite3.connect(folder / "plain.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.executescript(MIGRATIONS[0])
    start = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO audit_events (seq, ts, actor, role, action, object_type, object_id, outcome, detail,"
            " leaf_hash, chain_hash) VALUES (?, '2026-11-23T00:00:00.000000+00:00', 'admin', 'admin', 'case.open',"
            " 'case', ?, 'ok', ?, ?, ?)",
            (i + 1, f"case-{i:06d}", f'{{"i":{i}}}', "0" * 64, "0" * 64),
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    with scratch_dir("audit-") as folder:
        plain = bench_plain_sqlite(folder, args.events)
        chained = bench_prescreen(folder, args.events)
    print(f"audit appends, {args.events} single-event commits, WAL + synchronous=FULL")
    print(f"  plain sqlite3 inserts          : {plain:8.0f} events/s")
    print(f"  chained SQLCipher audit log    : {chained:8.0f} events/s")
    print(f"  cost ratio (plain / chained)   : {plain / chained:8.2f}x   (target <= 2.00x)")


if __name__ == "__main__":
    main()
