"""Knowledge base, datasets, PHI audit and inbox pages, in navigation order."""

from __future__ import annotations


def screens() -> list[type]:
    """The lifecycle pages (imports kept here to avoid cycles)."""
    from app.admin.datasets_view import DatasetsScreen
    from app.admin.inbox_view import InboxScreen
    from app.admin.knowledge_view import KnowledgeScreen
    from app.admin.phi_view import PhiAuditScreen

    return [KnowledgeScreen, DatasetsScreen, PhiAuditScreen, InboxScreen]
