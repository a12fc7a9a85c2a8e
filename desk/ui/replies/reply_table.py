"""The replies list: title, shortcode, group and use count (rows from replies.search_replies)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desk.core.replies import ReplyRow
from desk.i18n import _
from desk.ui.widgets.table_model import RIGHT, Column, RowTableModel


def shortcode_text(row: ReplyRow) -> str:
    return f"/{row.shortcode.lstrip('/')}" if row.shortcode else ""


class ReplyTableModel(RowTableModel[ReplyRow]):
    def __init__(self, parent=None):
        super().__init__(
            [
                Column(_("Title"), lambda r: r.title),
                Column(_("Shortcode"), shortcode_text),
                Column(_("Group"), lambda r: r.group_name),
                Column(_("Uses"), lambda r: str(r.use_count), RIGHT),
            ],
            parent,
        )

    def row_of(self, reply_id: int) -> int | None:
        for index in range(self.rowCount()):
            if self.row_at(index).id == reply_id:
                return index
        return None


class ReplyTable(QTableView):
    """Enter copies the reply (on every platform: Qt's `activated` is not sent on macOS)."""

    enter_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("replyList")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(30)
        self.setTabKeyNavigation(False)

    def set_model(self, model: ReplyTableModel) -> None:
        self.setModel(model)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            if self.currentIndex().isValid():
                self.enter_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)
