"""Knowledge-base work on a workspace, for the admin's page: list, import one file, remove, try a search.

Every function checks the role in the core (``Workspace.require``: a refusal is
audited) and records what it did in the audit log with ids and counts only. A
file is imported only if the PHI screen (:mod:`core.knowledge.phi_screen`)
finds no patient identifier in it; its verdict is returned either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.knowledge.documents import DocumentInfo, Hit
from core.security.roles import Permission


@dataclass(frozen=True)
class DocumentRow:
    """A document as the admin's table shows it."""

    info: DocumentInfo
    imported_by: str  # who imported it last ("admin", or "admin (default set)")


@dataclass(frozen=True)
class FileImport:
    """The outcome of importing one file."""

    path: Path
    imported: list[DocumentInfo]  # empty when refused
    verdict: str  # the PHI screen's verdict on the file (the first flagged document's, if any)
    refused: bool


def documents(ws) -> list[DocumentRow]:
    """Every document with who imported it (from the ``kb.import`` audit events)."""
    ws.require(Permission.SEARCH_KNOWLEDGE)
    infos = ws.knowledge_base().list_documents()
    importer: dict[str, str] = {}
    for event in ws.audit.events(action="kb.import"):
        origin = event.detail_dict().get("origin")
        importer[event.object_id] = f"{event.actor} ({origin})" if origin else event.actor
    return [DocumentRow(info, importer.get(info.doc_id, "unknown")) for info in infos]


def import_file(ws, path: str | Path) -> FileImport:
    """Read one guideline file, screen it for patient identifiers, and import it if clear.

    Raises:
        PermissionDenied: the user may not manage the knowledge base.
        ValidationError: the file is missing, unsupported, empty or malformed (nothing stored).
    """
    from core.knowledge.documents import load_file
    from core.knowledge.phi_screen import screen_documents, verdict

    ws.require(Permission.MANAGE_KNOWLEDGE)
    path = Path(path)
    docs = load_file(path)
    flagged = [(doc, found) for doc, found in zip(docs, screen_documents(docs)) if found]
    if flagged:
        doc, found = flagged[0]
        ws.audit.record("kb.import", "document", doc.doc_id,
                        {"refused": True, "identifiers": len(found), "documents": len(docs)}, outcome="denied")
        return FileImport(path, [], f"refused: {doc.doc_id} {verdict(found)}", True)
    imported = ws.knowledge_base().import_files([path])
    for info in imported:
        ws.audit.record("kb.import", "document", info.doc_id,
                        {"chunks": info.chunks, "sha256": info.sha256, "phi_screen": "clear"})
    return FileImport(path, imported, verdict([]), False)


def remove(ws, doc_id: str) -> DocumentInfo:
    """Remove one document.

    Raises:
        PermissionDenied: the user may not manage the knowledge base.
        NotFoundError: no document with this id.
    """
    ws.require(Permission.MANAGE_KNOWLEDGE)
    info = ws.knowledge_base().remove(doc_id)
    ws.audit.record("kb.remove", "document", info.doc_id, {"chunks": info.chunks})
    return info


def try_search(ws, query: str, k: int | None = None) -> list[Hit]:
    """The passages a triage would cite for ``query``: the hybrid search with the triage's ``k``.

    The query is never written to the audit log (it may describe a patient); only counts are.

    Raises:
        ValidationError: an empty or over-long query, or a bad ``k``.
    """
    from core.triage.settings import TriageSettings

    ws.require(Permission.SEARCH_KNOWLEDGE)
    k = k if k is not None else max(1, TriageSettings.from_config(ws.config).k)
    hits = ws.knowledge_base().search(query, k=k, mode="hybrid")
    ws.audit.record("kb.search", None, None, {"k": k, "mode": "hybrid", "hits": len(hits), "origin": "admin page"})
    return hits
