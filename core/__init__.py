"""Prescreen engine: everything a clinic does, usable without the GUI.

Importing ``core`` switches every library it uses to offline mode first
(see :mod:`core.offline`), so no code path can reach the network.
"""

from core import offline as _offline

_offline.enforce()

__version__ = "0.1.0"
