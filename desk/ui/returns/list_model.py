"""The list of return cases (退换货单): one row per case, the cases waiting on the shop tinted so
they catch the eye; finished cases greyed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desk.core import returns
from desk.core.money import format_yuan
from desk.core.returns import CaseRow
from desk.i18n import _
from desk.ui.widgets.table_model import RIGHT, Column, Index, RowTableModel

WAITING_BACKGROUND = QColor("#fff4d6")
CLOSED_TEXT = QColor("#8a94a6")
STATUS_COLUMN = 1
ITEMS_COLUMN = 5  # stretches to the width left
#: Shown at first (they fit beside the case at 1400 px); the rest are one right-click away.
SHOWN_COLUMNS = 7
#: Widths of the columns before and after the stretched Items column (px).
COLUMN_WIDTHS = (112, 80, 66, 58, 74, None, 70, 118, 76, 118, 84)


def case_columns() -> list[Column[CaseRow]]:
    return [
        Column(_("Case no."), lambda r: r.number),
        Column(_("Status"), lambda r: returns.status_label(r.status)),
        Column(_("Kind"), lambda r: returns.kind_label(r.kind)),
        Column(_("Customer"), lambda r: r.customer_name),
        Column(_("Buyer ID"), lambda r: r.customer_nick),
        Column(_("Items"), lambda r: r.summary),
        Column(_("Refund"), lambda r: format_yuan(r.refund_fen, symbol=True) if r.refund_fen
               else "", RIGHT),
        Column(_("Order no."), lambda r: r.order_number),
        Column(_("Reason"), lambda r: returns.reason_label(r.reason)),
        Column(_("Return tracking no."), lambda r: r.return_tracking_no),
        Column(_("Opened at"), lambda r: r.created_at.strftime("%m-%d %H:%M")),
    ]  # fmt: skip


class CaseListModel(RowTableModel[CaseRow]):
    def __init__(self, parent=None):
        super().__init__(case_columns(), parent)

    def row_of(self, case_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and row.waiting_on_shop:
            return QBrush(WAITING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.status in returns.CLOSED:
            return QBrush(CLOSED_TEXT)
        if (
            role == Qt.ItemDataRole.FontRole
            and row.waiting_on_shop
            and index.column() == STATUS_COLUMN
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (3, 4, ITEMS_COLUMN):
            return super().data(index, Qt.ItemDataRole.DisplayRole) or None  # elided: in full
        if role == Qt.ItemDataRole.ToolTipRole and row.waiting_on_shop:
            return _("Waiting on the shop: {status}").format(
                status=returns.status_label(row.status)
            )
        return super().data(index, role)
