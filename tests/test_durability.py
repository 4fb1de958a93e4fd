"""SIGKILL a writer at random moments: no acknowledged event is ever lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ADMIN, ADMIN_PASSWORD
from core.store.db import integrity_problems
from core.workspace import Workspace

WRITER = Path(__file__).with_name("durability_writer.py")
ITERATIONS = 12


def _run_and_kill(home: Path, rng: random.Random) -> int:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen([sys.executable, str(WRITER), str(home), ADMIN, ADMIN_PASSWORD],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    time.sleep(rng.uniform(0.0, 0.3))  # a random moment mid-stream, not a timing assertion
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    acked = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack ")]
    return max(acked, default=0)


def test_no_acknowledged_event_is_lost_after_sigkill(workspace, home):
    workspace.close()
    rng = random.Random(20261123)
    for _ in range(ITERATIONS):
        acked = _run_and_kill(home, rng)
        ws = Workspace.open(home, ADMIN, ADMIN_PASSWORD)
        seqs = [e.seq for e in ws.audit.events(action="case.open")]
        last_case = max(seqs, default=0)
        assert last_case >= acked, f"acknowledged event #{acked} lost (last on disk #{last_case})"
        with ws.db.lock:
            assert integrity_problems(ws.db.conn) == []
        report = ws.audit.verify()
        assert report.ok, report.summary()
        ws.close()
