"""The clinic admin's pages: the retraining lifecycle, the knowledge base and the inbox.

Two modules list them, each in navigation order: :mod:`app.admin.lifecycle_screens`
(knowledge base, datasets, PHI audit, inbox) and :mod:`app.admin.model_screens`
(training, evaluation and gate, model registry). Every page is a
:class:`app.screen.Screen` with its own permission, so a nurse's window never builds
them; the core services check the role again.
"""

from __future__ import annotations


def admin_screen_classes() -> list[type]:
    """The admin pages, lifecycle first, then the model pages."""
    from app.admin import lifecycle_screens, model_screens

    return [*lifecycle_screens.screens(), *model_screens.screens()]
