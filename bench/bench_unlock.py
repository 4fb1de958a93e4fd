"""Unlock time on this machine: Argon2id key derivation + opening the SQLCipher database.

Target: between 0.1 s and 0.5 s (slow enough to make guessing expensive,
fast enough for a nurse at the login screen).

    python bench/bench_unlock.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import median, scratch_dir  # noqa: E402
from core.security.keyslots import KDF_PARAMS  # noqa: E402
from core.workspace import Workspace  # noqa: E402

PASSWORD = "benchmark passphrase 42"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with scratch_dir("unlock-") as folder:
        Workspace.create(folder / "ws", "admin", PASSWORD).close()
        kdf, total = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            KDF_PARAMS.derive(PASSWORD, os.urandom(16))
            kdf.append(time.perf_counter() - start)
            start = time.perf_counter()
            ws = Workspace.open(folder / "ws", "admin", PASSWORD)
            total.append(time.perf_counter() - start)
            ws.close()
    p = KDF_PARAMS
    print(f"Argon2id t={p.time_cost} m={p.memory_kib // 1024} MiB p={p.parallelism}, {args.runs} runs (median)")
    print(f"  key derivation alone         : {median(kdf):6.3f} s")
    print(f"  unlock (KDF + open + login)  : {median(total):6.3f} s   (target 0.100-0.500 s)")
    print(f"  share of unlock spent in KDF : {median(kdf) / median(total):6.2f}")


if __name__ == "__main__":
    main()
