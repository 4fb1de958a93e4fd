"""Start-up time of the desktop app on this machine, against a bare PySide6 window.

Measures, in fresh processes (wall time from process start until the window
has been shown and the event loop has run once):

* ``baseline``   : ``python -c`` that imports PySide6.QtWidgets and shows an empty QWidget;
* ``login``      : ``prescreen-gui`` up to a usable login window;
* ``main``       : up to the main window after an automatic login (Argon2id unlock included).

Prints the median of several runs, the ratio of each to the baseline, and which
heavy modules (torch, peft, presidio, …) are already imported when the login
window shows. Target: login window <= 2 s; heavy modules not imported.

    python bench/bench_startup.py [--runs 5] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEAVY = ("torch", "transformers", "peft", "presidio_analyzer", "spacy", "llama_cpp", "chromadb",
         "sentence_transformers", "bitsandbytes", "accelerate")
PASSWORD = "benchmark passphrase 42"
MARKER = "@@shown"

BASELINE = (
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "from PySide6.QtCore import QTimer\n"
    "app = QApplication([])\n"
    "w = QWidget(); w.resize(400, 300); w.show()\n"
    f"QTimer.singleShot(0, lambda: (print('{MARKER}', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def _child(mode: str) -> int:
    """Runs inside the measured process: start the real app, report when the window is usable."""
    from PySide6.QtCore import Qt, QTimer

    import core  # noqa: F401 - as app.main does
    from app.application import AppController, make_app

    app = make_app()
    controller = AppController(app, Path(os.environ["PRESCREEN_HOME"]))
    dialog = controller.show_login()

    def report() -> None:
        heavy = sorted(name for name in HEAVY if name in sys.modules)
        print(MARKER + json.dumps({"heavy": heavy}), flush=True)
        app.quit()

    if mode == "login":
        QTimer.singleShot(0, report)
    else:
        def logged_in(_ws) -> None:
            QTimer.singleShot(0, report)  # after the main window has been shown

        # queued: runs after the controller has built and shown the main window
        dialog.unlocked.connect(logged_in, type=Qt.ConnectionType.QueuedConnection)
        dialog.username.setText("admin")
        dialog.password.setText(PASSWORD)
        QTimer.singleShot(0, dialog.attempt)
    app.exec()
    if controller.window is not None:
        controller.window.close()
    return 0


def _measure(argv: list[str], env: dict) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    info: dict = {}
    shown_at = None
    for line in proc.stdout:
        if line.startswith(MARKER):
            shown_at = time.perf_counter() - start
            rest = line[len(MARKER):].strip()
            info = json.loads(rest) if rest else {}
    proc.wait()
    if shown_at is None:
        raise SystemExit(f"run failed ({' '.join(argv[:3])}…):\n{proc.stderr.read()[-2000:]}")
    return shown_at, info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="3 runs")
    parser.add_argument("--child", choices=("login", "main"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.exit(_child(args.child))
    runs = 3 if args.quick else args.runs

    from bench._common import median, scratch_dir
    from core.workspace import Workspace

    with scratch_dir("startup-") as folder:
        home = folder / "ws"
        Workspace.create(home, "admin", PASSWORD).close()
        env = dict(os.environ, PRESCREEN_HOME=str(home), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        commands = {
            "baseline": [sys.executable, "-c", BASELINE],
            "login": [sys.executable, str(Path(__file__).resolve()), "--child", "login"],
            "main": [sys.executable, str(Path(__file__).resolve()), "--child", "main"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        heavy: dict[str, list[str]] = {}
        _measure(commands["baseline"], env)  # warm the file cache once, not counted
        for _ in range(runs):
            for name, argv in commands.items():  # interleaved: load changes hit all three alike
                seconds, info = _measure(argv, env)
                times[name].append(seconds)
                heavy[name] = info.get("heavy", [])
    base = median(times["baseline"])
    print(f"Start-up on this machine (QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}), median of {runs} runs each, "
          "wall time from process start until the window is shown")
    print(f"  bare PySide6 window (baseline)  : {base:6.3f} s")
    login, main_ = median(times["login"]), median(times["main"])
    print(f"  login window                    : {login:6.3f} s   ratio to baseline {login / base:5.2f}x   "
          f"(target <= 2 s: {'met' if login <= 2 else 'NOT met'})")
    print(f"  main window after login         : {main_:6.3f} s   ratio to baseline {main_ / base:5.2f}x   "
          "(includes the Argon2id unlock)")
    print(f"  heavy modules loaded at the login window : {', '.join(heavy['login']) or 'none'}")
    print(f"  heavy modules loaded at the main window  : {', '.join(heavy['main']) or 'none'}")
    print(f"  (checked: {', '.join(HEAVY)})")


if __name__ == "__main__":
    main()
