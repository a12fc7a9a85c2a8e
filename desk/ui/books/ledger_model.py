"""The ledger table: one row per entry, newest day first. Entries of a closed day are grey and
carry a padlock; adjusting entries say which closed day they correct."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap

from desk.core import books
from desk.core.books import EntryRow
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui.widgets.table_model import RIGHT, Column, Index, RowTableModel

CLOSED_TEXT = QColor("#8a94a6")
INCOME_TEXT = QColor("#2f855a")
EXPENSE_TEXT = QColor("#c53030")
AMOUNT_COLUMN = 4


_lock: list[QIcon] = []


def lock_icon() -> QIcon:
    """A small grey padlock (drawn, so it needs no emoji font) for closed days."""
    if not _lock:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(CLOSED_TEXT, 1.6))
        painter.drawArc(4, 1, 6, 8, 0, 180 * 16)
        painter.drawLine(4, 5, 4, 7)
        painter.drawLine(10, 5, 10, 7)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(CLOSED_TEXT)
        painter.drawRoundedRect(2, 6, 10, 7, 1.5, 1.5)
        painter.end()
        _lock.append(QIcon(pixmap))
    return _lock[0]


def signed_amount(row: EntryRow) -> str:
    text = format_yuan(row.amount_fen)
    return ("+" if row.kind == books.INCOME else "−") + text


def link_text(row: EntryRow) -> str:
    parts = []
    if row.order_number:
        parts.append(_("Order {number}").format(number=row.order_number))
    if row.return_number:
        parts.append(_("Return {number}").format(number=row.return_number))
    if row.adjusts_day is not None:
        parts.append(_("Adjusts {day}").format(day=row.adjusts_day.isoformat()))
    return "  ".join(parts)


def entered_by(row: EntryRow) -> str:
    parts = [_("automatic")] if row.automatic else []
    if row.staff_name:
        parts.append(row.staff_name)
    return " · ".join(parts)


def entry_columns() -> list[Column[EntryRow]]:
    return [
        Column(_("Date"), lambda r: r.day.isoformat()),
        Column(_("Type"), lambda r: books.kind_label(r.kind)),
        Column(_("Category"), lambda r: r.category_name),
        Column(_("Account"), lambda r: r.account_name),
        Column(_("Amount"), signed_amount, RIGHT),
        Column(_("Note"), lambda r: r.note),
        Column(_("Linked to"), link_text),
        Column(_("Entered by"), entered_by),
    ]  # fmt: skip


class LedgerModel(RowTableModel[EntryRow]):
    def __init__(self, parent=None):
        super().__init__(entry_columns(), parent)

    def row_of(self, entry_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == entry_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and row.closed:
            return lock_icon()
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.closed:
                return QBrush(CLOSED_TEXT)
            if index.column() == AMOUNT_COLUMN:
                return QBrush(INCOME_TEXT if row.kind == books.INCOME else EXPENSE_TEXT)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and row.closed:
            return _("{day} is closed: this entry can no longer be changed. Add an adjusting "
                     "entry instead.").format(day=row.day.isoformat())  # fmt: skip
        return super().data(index, role)
