"""Frozen entry point for `prescreen-gui` (the desktop app)."""

import sys

from app.main import main

sys.exit(main())
