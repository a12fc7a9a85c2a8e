"""已日结: the closed days, newest first, with their figures as they were closed (sales, refunds,
postage, net, expected, counted, variance and its comment, later adjustments). Enter or a
double-click opens the day (its summary and its report)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from desk.core import books
from desk.core.books import ClosedDayRow
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui.books.ledger_model import lock_icon
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.table_model import RIGHT, Column, Index, RowTableModel

VARIANCE_COLUMN = 9
OFF_COLOR = QColor("#c53030")


def money(fen: int) -> str:
    return format_yuan(fen)


def closed_columns() -> list[Column[ClosedDayRow]]:
    return [
        Column(_("Day"), lambda r: r.day.isoformat()),
        Column(_("Closed at"), lambda r: r.closed_at.strftime("%m-%d %H:%M")),
        Column(_("By"), lambda r: r.closed_by),
        Column(_("Orders"), lambda r: str(r.orders), RIGHT),
        Column(_("Sales"), lambda r: money(r.sales_fen), RIGHT),
        Column(_("Refunds"), lambda r: money(r.refunds_fen), RIGHT),
        Column(_("Postage"), lambda r: money(r.postage_fen), RIGHT),
        Column(_("Net"), lambda r: money(r.net_fen), RIGHT),
        Column(_("Counted"), lambda r: money(r.counted_fen), RIGHT),
        Column(_("Variance"), lambda r: money(r.variance_fen), RIGHT),
        Column(
            _("Adjusted later"), lambda r: money(r.adjusted_fen) if r.adjusted_fen else "", RIGHT
        ),
        Column(_("Comment"), lambda r: r.comment),
    ]


class ClosedDaysModel(RowTableModel[ClosedDayRow]):
    def __init__(self, parent=None):
        super().__init__(closed_columns(), parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == 0:
            return lock_icon()
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid()
                and index.column() == VARIANCE_COLUMN
                and self.row_at(index.row()).variance_fen):  # fmt: skip
            return QBrush(OFF_COLOR)
        return super().data(index, role)


class ClosedDaysPanel(QWidget):
    open_requested = Signal(object)  # the day (datetime.date)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ClosedDaysModel(self)
        self.view = list_view(self.model, "closedDays", multi=False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.activated.connect(self._on_activated)
        self.empty = QLabel(_("No day is closed yet. Close a day with 日结 (Ctrl+K)."))
        self.empty.setObjectName("pageHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        rows = books.list_closed_days()
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row_at(index.row()).day)
