"""Model registry: versions, activation and rollback, model cards, GGUF export.

The triage engine calls :func:`active_model` before each case to learn which
base GGUF and adapter to run.
"""

from core.registry.versions import BASE_VERSION, active_model, active_version_id

__all__ = ["BASE_VERSION", "active_model", "active_version_id"]
