"""Smoke test of a frozen build: the bundled CLI creates a workspace, logs in and verifies the audit log.

    python installer/smoke_test.py dist/Prescreen
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

PASSWORD = "smoke test passphrase 7"


def run(binary: Path, *args: str, home: Path, stdin: str | None = None) -> str:
    env = dict(os.environ, PRESCREEN_HOME=str(home), PRESCREEN_USER="admin", PRESCREEN_PASSWORD=PASSWORD,
               QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([str(binary), *args], input=stdin, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"FAILED: {binary.name} {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main() -> None:
    bundle = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/Prescreen")
    cli = bundle / ("prescreen.exe" if os.name == "nt" else "prescreen")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "ws"
        run(cli, "--help", home=home)
        run(cli, "init", "--admin", "admin", home=home)
        assert "admin (admin)" in run(cli, "whoami", home=home)
        assert "audit log OK" in run(cli, "audit", "verify", home=home)
    print(f"smoke test passed: {cli}")


if __name__ == "__main__":
    main()
