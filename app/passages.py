"""Open a cited guideline passage from the case screen.

The knowledge base is opened off the UI thread (Chroma start-up) and the
passage is shown in a plain read-only dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout

from app.errors import show_error
from app.tasks import run_in_background


def find_passage(kb, ref: str) -> tuple[str, str]:
    """(title, text) of a cited passage: a chunk id or a document id.

    Uses the knowledge base's own lookup when it has one; otherwise reads the
    indexed chunks of that document in order.

    Raises:
        NotFoundError: nothing in the knowledge base has this id.
    """
    from core.errors import NotFoundError

    lookup = getattr(kb, "passage", None) or getattr(kb, "get_passage", None)
    if callable(lookup):
        found = lookup(ref)
        return (getattr(found, "title", ref), getattr(found, "text", str(found)))
    chunks = getattr(kb, "_chunks", {})  # no public lookup yet: see the GUI report
    if ref in chunks:
        chunk = chunks[ref]
        return chunk.meta.get("title", ref), chunk.text
    parts = sorted((c.meta.get("chunk_index", 0), c) for c in chunks.values() if c.meta.get("doc_id") == ref) \
        if chunks else []
    if parts:
        return parts[0][1].meta.get("title", ref), "\n\n".join(c.text for _i, c in parts)
    raise NotFoundError(f"the guideline passage '{ref}' is not in the knowledge base (it may have been removed)")


class PassageDialog(QDialog):
    def __init__(self, parent, ref: str, title: str, text: str) -> None:
        super().__init__(parent)
        self.setObjectName("passageDialog")
        self.setWindowTitle(f"Guideline passage — {title}")
        self.resize(720, 560)
        heading = QLabel(title)
        heading.setObjectName("screenTitle")
        source = QLabel(f"Cited as: {ref}")
        source.setObjectName("hint")
        self.body = QTextBrowser()
        self.body.setObjectName("passageText")
        self.body.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(source)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)


def open_passage(parent, session, ref: str) -> None:
    """Look the passage up in the background, then show it."""
    ws = session.ws

    def shown(found) -> None:
        dialog = PassageDialog(parent, ref, *found)
        dialog.open()
        parent._passage_dialog = dialog  # keep a reference; tests read it

    run_in_background(lambda: find_passage(ws.knowledge_base(), ref), owner=parent, on_success=shown,
                      on_failure=lambda exc: show_error(parent, exc, "open the guideline passage"))
