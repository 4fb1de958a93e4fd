"""Cold start to the login window: the frozen bundle next to ``prescreen-gui`` from the venv.

Measures, in fresh processes, side by side and interleaved (load changes hit both alike),
the wall time from process start until the login window has been shown
(``--login-check PNG`` prints ``login window shown: ...``) for:

* ``frozen`` : ``dist/Prescreen/prescreen-gui`` (the nurse build, ``installer/build.sh``);
* ``venv``   : ``.venv/bin/prescreen-gui``.

Each is timed **cold** (before the start, every file of the bundle, or of the venv, the
repository's ``core``/``app`` and the Python installation, is dropped from the page cache
with ``posix_fadvise(DONTNEED)``: the first start after a reboot or a copy, as far as a user
can make one; the system's own libraries stay cached, alike for both) and **warm** (right
after). Prints the medians, the ratio frozen / venv and the absolute figures.

    python bench/bench_frozen_startup.py [--runs 3] [--bundle dist/Prescreen]

Skips with a message (exit 0) when the bundle has not been built.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark passphrase 42"
MARKER = "login window shown:"


def evict(folders: list[Path]) -> int:
    """Drop the files under ``folders`` from the page cache; the number of files."""
    count = 0
    for folder in folders:
        for dirpath, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(dirpath, name)
                try:
                    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                    count += 1
                finally:
                    os.close(fd)
    return count


def start_to_login(program: Path, home: Path, png: Path) -> float:
    """Seconds from starting ``program --login-check`` until it reports the login window shown."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONPATH", None)
    started = time.perf_counter()
    proc = subprocess.Popen([str(program), "--home", str(home), "--login-check", str(png)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=home.parent)
    shown = None
    for line in proc.stdout:
        if shown is None and line.startswith(MARKER):
            shown = time.perf_counter() - started
    proc.wait()
    if shown is None or proc.returncode != 0:
        raise SystemExit(f"{program} --login-check failed (exit {proc.returncode}):\n{proc.stderr.read()[-2000:]}")
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "Prescreen")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv")
    args = parser.parse_args()
    frozen_gui = args.bundle.resolve() / "prescreen-gui"
    venv_gui = args.venv.resolve() / "bin" / "prescreen-gui"
    if not frozen_gui.exists():
        print(f"skipped: no frozen bundle at {args.bundle} (build it with installer/build.sh)")
        return
    if not venv_gui.exists():
        print(f"skipped: no {venv_gui} (./bootstrap.sh makes the venv)")
        return

    from bench._common import median, scratch_dir
    from core.workspace import Workspace

    caches = {
        "frozen": [args.bundle.resolve()],
        "venv": [args.venv.resolve(), ROOT / "core", ROOT / "app", ROOT / "resources",
                 Path(sys.base_prefix).resolve()],
    }
    programs = {"frozen": frozen_gui, "venv": venv_gui}
    times: dict[tuple[str, str], list[float]] = {(name, state): [] for name in programs for state in ("cold", "warm")}
    with scratch_dir("frozen-startup-") as folder:
        home = folder / "ws"
        Workspace.create(home, "admin", PASSWORD).close()
        evicted = {}
        for run in range(args.runs):
            for name, program in programs.items():
                evicted[name] = evict(caches[name])
                times[name, "cold"].append(start_to_login(program, home, folder / f"{name}-cold-{run}.png"))
                times[name, "warm"].append(start_to_login(program, home, folder / f"{name}-warm-{run}.png"))
    cpus = os.cpu_count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Start to the login window (QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}), "
          f"median of {args.runs} runs each, interleaved; {cpus} CPUs, load average {load}")
    print(f"  frozen: {frozen_gui}  ({evicted['frozen']} files evicted before each cold start)")
    print(f"  venv  : {venv_gui}  ({evicted['venv']} files evicted before each cold start)")
    for state in ("cold", "warm"):
        frozen, venv = median(times["frozen", state]), median(times["venv", state])
        print(f"  {state}: frozen {frozen:6.2f} s   venv {venv:6.2f} s   ratio frozen / venv {frozen / venv:5.2f}x   "
              f"(frozen runs {[round(t, 2) for t in times['frozen', state]]}, "
              f"venv runs {[round(t, 2) for t in times['venv', state]]})")


if __name__ == "__main__":
    main()
