"""Training, evaluation and gate, and model registry pages, in navigation order."""

from __future__ import annotations


def screens() -> list[type]:
    """The model pages (imports kept here to avoid cycles)."""
    from app.admin.evaluation_view import EvaluationScreen
    from app.admin.registry_view import RegistryScreen
    from app.admin.training_view import TrainingScreen

    return [TrainingScreen, EvaluationScreen, RegistryScreen]
