"""The knowledge base page: the guideline documents, import with the PHI screen, remove, try a search.

All work goes through :mod:`core.knowledge.service` (role checks and audit
events there). Imports run file by file in the background, with progress, the
time left and Cancel between files; each file gets the PHI screen's verdict,
and a file that looks like patient data is not imported.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QTextBrowser,
                               QVBoxLayout, QWidget)
from PySide6.QtCore import Qt

from app import tasks
from app.admin.progress import ProgressPanel
from app.errors import show_error, user_message
from app.screen import Screen, hint
from core.security.roles import Permission

DOC_COLUMNS = ("Title", "Source", "Chunks", "Imported (UTC)", "Imported by")
IMPORT_COLUMNS = ("File", "PHI screen", "Imported")
FILE_FILTER = "Guidelines (*.md *.txt *.pdf *.jsonl)"
EXCERPT_CHARS = 420


def _table(name: str, columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    return table


def fit_columns(table: QTableWidget, stretch=()) -> None:
    """Columns as wide as their header and cells (nothing clipped); the columns in ``stretch`` share
    the room left over, or the last column takes it when none is named (shared by the admin pages)."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(not stretch)


def fill_table(table: QTableWidget, rows: list[tuple]) -> None:
    """Put rows of texts into a table (shared by the admin pages)."""
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, value in enumerate(cells):
            item = QTableWidgetItem(str(value))
            item.setToolTip(str(value))
            table.setItem(row, column, item)


def hits_html(hits) -> str:
    """Ranked passages as the triage would cite them."""
    if not hits:
        return "<p>No guideline matches this search.</p>"
    parts = []
    for rank, hit in enumerate(hits, 1):
        text = " ".join(hit.text.split())
        excerpt = text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
        parts.append(f"<p><b>{rank}. {escape(hit.title)}</b> <span style='color:#52606d;'>"
                     f"[{escape(hit.doc_id)}] score {hit.score:.4f}</span><br>{escape(excerpt)}</p>")
    return "".join(parts)


class KnowledgeScreen(Screen):
    key = "knowledge"
    title = "Knowledge base"
    permission = Permission.MANAGE_KNOWLEDGE

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("The clinic's guidelines the triage cites. Import .md, .txt, .pdf or .jsonl "
                                    "files; each is screened for patient identifiers first and refused if it "
                                    "looks like patient data. Try a search to see the passages a triage would cite."))
        self.summary = QLabel("")
        self.summary.setObjectName("kbSummary")
        self.import_button = QPushButton("&Import files…")
        self.import_button.setObjectName("kbImport")
        self.import_button.setProperty("primary", True)
        self.import_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("&Remove…")
        self.remove_button.setObjectName("kbRemove")
        self.remove_button.clicked.connect(self.ask_remove)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.remove_button)
        top.addWidget(self.import_button)
        self.layout_.addLayout(top)
        self.progress = ProgressPanel("kbProgress")
        self.layout_.addWidget(self.progress)

        self.table = _table("kbDocuments", DOC_COLUMNS)
        header = self.table.horizontalHeader()
        for column, width in enumerate((240, 140, 58, 135, 150)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results = _table("kbImportResults", IMPORT_COLUMNS)
        self.results.horizontalHeader().resizeSection(0, 180)
        self.results.horizontalHeader().resizeSection(2, 220)
        self.results.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.results.setWordWrap(True)
        self.results.hide()

        search_box = QWidget()
        column = QVBoxLayout(search_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel("<b>Try a search</b> (the passages a triage would cite, best first)"))
        self.query = QLineEdit()
        self.query.setObjectName("kbQuery")
        self.query.setPlaceholderText("e.g. chest pain spreading to the jaw, sweating")
        self.query.returnPressed.connect(self.search)
        self.search_button = QPushButton("&Search")
        self.search_button.setObjectName("kbSearch")
        self.search_button.clicked.connect(self.search)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        column.addLayout(row)
        self.hits_view = QTextBrowser()
        self.hits_view.setObjectName("kbHits")
        column.addWidget(self.hits_view, 1)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.table, 3)
        left_column.addWidget(self.results, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(search_box)
        split.setSizes([820, 400])
        self.layout_.addWidget(split, 1)
        self.rows: list = []
        self.hits: list = []
        self.import_results: list = []
        self._locked = False

    # documents -----------------------------------------------------------
    def refresh(self) -> None:
        if self._locked:
            return
        from core.knowledge.service import documents

        ws = self.session.ws
        self.summary.setText("Opening the knowledge base…")
        tasks.run_in_background(lambda: documents(ws), owner=self, on_success=self._show_documents,
                                on_failure=lambda exc: show_error(self, exc, "list the guideline documents"))

    def _show_documents(self, rows) -> None:
        if self._locked:
            return
        self.rows = rows
        fill_table(self.table, [(r.info.title, r.info.source, r.info.chunks, r.info.imported_at[:16].replace("T", " "),
                                 r.imported_by) for r in rows])
        for row, r in enumerate(rows):  # the id (what `prescreen kb remove` takes) on the title's tooltip
            self.table.item(row, 0).setToolTip(f"{r.info.title}\nid: {r.info.doc_id}")
        self.summary.setText(f"{len(rows)} documents, {sum(r.info.chunks for r in rows)} chunks")

    def selected_row(self):
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    # import --------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import guidelines", str(Path.home()), FILE_FILTER)
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, paths: list[Path]):
        """Import the files one by one in the background; returns the task."""
        from core.errors import PrescreenError
        from core.knowledge.service import FileImport, import_file

        if self.progress.running:
            return None
        ws, paths = self.session.ws, list(paths)
        self.import_results = []
        self.results.setRowCount(0)
        self.results.show()
        self.import_button.setEnabled(False)

        def work(task):
            for number, path in enumerate(paths, 1):
                task.check_cancelled()
                try:
                    outcome = import_file(ws, path)
                except PrescreenError as exc:  # a bad file: say so and go on with the next
                    outcome = FileImport(Path(path), [], f"not imported: {user_message(exc)}", True)
                yield number, outcome

        def item(step) -> None:
            number, outcome = step
            self.import_results.append(outcome)
            self._show_import_results()
            self.progress.step(number, len(paths), f"Imported {outcome.path.name}")

        def done(_last) -> None:
            imported = sum(1 for r in self.import_results if not r.refused)
            self.progress.finish(f"{imported} of {len(paths)} files imported")

        def failed(exc) -> None:
            if isinstance(exc, tasks.Cancelled):
                self.progress.finish("Cancelled: the files not yet started were left out (the documents list "
                                     "shows what was imported)")
            else:
                self.progress.finish("The import stopped.")
                show_error(self, exc, "import the guidelines")

        def finished() -> None:
            self.import_button.setEnabled(True)
            self.refresh()

        return self.progress.run(work, owner=self, text=f"Screening and importing {len(paths)} files…",
                                 total=len(paths), stream=True, on_item=item, on_success=done, on_failure=failed,
                                 on_done=finished)

    def _show_import_results(self) -> None:
        fill_table(self.results, [(r.path.name, r.verdict,
                                   ", ".join(f"{i.doc_id} ({i.chunks} chunks)" for i in r.imported) or "no")
                                  for r in self.import_results])
        self.results.resizeRowsToContents()

    # remove --------------------------------------------------------------
    def ask_remove(self) -> QMessageBox | None:
        """Ask before removing the selected document; returns the (non-blocking) question."""
        row = self.selected_row()
        if row is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Remove guideline",
                          f"Remove '{row.info.title}' ({row.info.chunks} chunks) from the knowledge base? Triage "
                          "will no longer cite it.", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("kbConfirmRemove")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda result: self._remove(row.info.doc_id)
                             if result == QMessageBox.StandardButton.Yes else None)
        box.open()
        return box

    def _remove(self, doc_id: str) -> None:
        from core.knowledge.service import remove

        ws = self.session.ws
        tasks.run_in_background(lambda: remove(ws, doc_id), owner=self,
                                on_success=lambda info: (self.summary.setText(f"Removed {info.title}"), self.refresh()),
                                on_failure=lambda exc: show_error(self, exc, "remove the document"))

    # search --------------------------------------------------------------
    def search(self) -> None:
        from core.knowledge.service import try_search

        query, ws = self.query.text(), self.session.ws
        self.search_button.setEnabled(False)
        self.hits_view.setHtml("<p>Searching…</p>")

        def shown(hits) -> None:
            self.hits = hits
            self.hits_view.setHtml(hits_html(hits))

        def failed(exc) -> None:
            self.hits_view.setHtml(f"<p>{escape(user_message(exc, 'search the guidelines'))}</p>")

        tasks.run_in_background(lambda: try_search(ws, query), owner=self, on_success=shown, on_failure=failed,
                                on_done=lambda: self.search_button.setEnabled(True))

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self._locked = True
        self.query.clear()
        self.hits_view.clear()
        self.hits = []

    def unlock(self, session) -> None:
        super().unlock(session)
        self._locked = False
