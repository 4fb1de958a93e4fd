"""`prescreen-gui`: start the desktop app.

Where there is no display, say so and point to the CLI instead of crashing.
"""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal", "vnc"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY_MESSAGE = (
    "prescreen-gui: no display found (DISPLAY/WAYLAND_DISPLAY are not set), so the window cannot open.\n"
    "Everything the app does is also available headless with the CLI:\n"
    "  .venv/bin/prescreen --help\n"
    "  .venv/bin/prescreen init --admin NAME --password-stdin\n"
    "To render the screens without a display: QT_QPA_PLATFORM=offscreen .venv/bin/prescreen-gui --screenshots DIR"
)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--inference-worker"]:  # the frozen app starts its inference worker this way
        from core.inference.worker_main import main as worker_main

        return worker_main(int(argv[1]))
    if not has_display() and "--screenshots" not in argv:
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 1
    if "--screenshots" in argv:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import core  # noqa: F401  - offline switches before anything else loads
    from app.application import run

    return run(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
