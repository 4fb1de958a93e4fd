"""Frozen entry point for `prescreen` (the CLI)."""

import sys

from core.cli import main

sys.exit(main())
