"""Knowledge base, datasets, PHI audit and inbox pages, in navigation order."""

from __future__ import annotations


def screens() -> list[type]:
    """The lifecycle pages (imports kept here to avoid cycles)."""
    return []
