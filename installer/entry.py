"""The frozen bundle's one program: `prescreen` (the CLI) and, started as `prescreen-gui`, the desktop app.

`prescreen-gui` is a symbolic link to `prescreen` in the bundle folder, so the
two share one archive of Python modules instead of carrying a copy each.
Both entry points handle ``--inference-worker FD`` first: the frozen app starts
its inference worker as ``[sys.executable, "--inference-worker", FD]``.
"""

import os
import sys


def main() -> int:
    if os.path.basename(sys.argv[0]).startswith("prescreen-gui"):
        from app.main import main as gui_main

        return gui_main()
    from core.cli import main as cli_main

    return cli_main()


sys.exit(main())
