"""The review queue as a Qt item model over ``ReviewService.queue``.

Rows come ordered from the core (priority, then longest waiting). The model
only formats them: priority colour *with* its label, a waiting time that
ticks, the AI's own priority beside the current one.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.theme import PRIORITY_COLOURS, priority_label

COLUMNS = ("Priority", "Waiting", "Case", "Summary", "AI priority", "Status", "Entered by", "Safety")
PRIORITY_COL, WAITING_COL, CASE_COL = 0, 1, 2
STATUS_TEXT = {"awaiting_review": "Awaiting review", "signed": "Signed"}
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def waiting_text(seconds: float) -> str:
    """"45 s", "12 min", "3 h 05 min", "2 d 4 h" — short enough for a column."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


class QueueModel(QAbstractTableModel):
    """Rows of :class:`core.review.service.QueueItem`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list = []
        self._created: list[datetime] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # loading ---------------------------------------------------------------
    def set_items(self, items: list) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._created = [datetime.fromisoformat(i.created_at) for i in self._items]
        self.endResetModel()

    def clear(self) -> None:
        self.set_items([])

    def tick(self) -> None:
        """Waiting times moved on: repaint that column only."""
        if self._items:
            self.dataChanged.emit(self.index(0, WAITING_COL), self.index(len(self._items) - 1, WAITING_COL),
                                  [Qt.ItemDataRole.DisplayRole])

    def item(self, row: int):
        return self._items[row]

    def case_ids(self) -> list[str]:
        return [i.case_id for i in self._items]

    def row_of(self, case_id: str) -> int:
        return next((r for r, i in enumerate(self._items) if i.case_id == case_id), -1)

    # Qt model API ----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == CASE_ID_ROLE:
            return item.case_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, index.row(), column)
        if column == PRIORITY_COL:
            background, text = PRIORITY_COLOURS[item.priority]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(background))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(text))
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            if role == Qt.ItemDataRole.ToolTipRole:
                return item.priority.meaning
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return item.headline
        if role == Qt.ItemDataRole.ForegroundRole and column == 7 and item.safety_alerts:
            return QBrush(QColor(PRIORITY_COLOURS[max(PRIORITY_COLOURS)][0]))
        return None

    def _text(self, item, row: int, column: int) -> str:
        if column == PRIORITY_COL:
            return priority_label(item.priority)
        if column == WAITING_COL:
            if item.status != "awaiting_review":
                return "—"
            return waiting_text((datetime.now(timezone.utc) - self._created[row]).total_seconds())
        if column == CASE_COL:
            return item.case_id
        if column == 3:
            return item.headline
        if column == 4:
            return item.ai_priority.label
        if column == 5:
            return STATUS_TEXT.get(item.status, item.status)
        if column == 6:
            return item.created_by
        if column == 7:
            return f"{item.safety_alerts} alert(s)" if item.safety_alerts else "ok"
        return ""
