"""The orders list: one page of `order_list.list_orders` at a time, keyset paging (fetchMore asks
for the page after the last row's (created_at, id)), so a file of a million orders costs the
same as one of a hundred. Phones are masked by the service; the flag is a coloured dot."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from desk.core import order_list, orders, settings
from desk.core.money import format_yuan
from desk.core.order_list import OrderFilter
from desk.core.orders import OrderRow
from desk.i18n import N_, _
from desk.ui.widgets.table_model import NO_PARENT, RIGHT, Column, Index, RowTableModel

PAGE_SIZE = orders.PAGE_SIZE
FLAG_COLORS = {
    "red": "#e53e3e",
    "yellow": "#ecc94b",
    "green": "#38a169",
    "blue": "#3182ce",
    "purple": "#805ad5",
}
STATUS_COLUMN = 7
FLAG_COLUMN = 8
CLOSED_TEXT = QColor("#8a94a6")
UNPAID_TEXT = QColor("#c05621")
_icons: dict[str, QIcon] = {}


def flag_icon(flag: str | None, size: int = 12) -> QIcon | None:
    """A filled dot of the flag's colour (None for no flag)."""
    if not flag or flag not in FLAG_COLORS:
        return None
    key = f"{flag}:{size}"
    if key not in _icons:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(FLAG_COLORS[flag]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, size - 2, size - 2)
        painter.end()
        _icons[key] = QIcon(pixmap)
    return _icons[key]


FLAG_NAMES = {
    "red": N_("Red"),
    "yellow": N_("Yellow"),
    "green": N_("Green"),
    "blue": N_("Blue"),
    "purple": N_("Purple"),
}


def flag_name(flag: str | None) -> str:
    return _(FLAG_NAMES[flag]) if flag in FLAG_NAMES else ""


def _flag_text(row: OrderRow) -> str:
    """The flag's colour name; a memo nobody has read yet adds "(new memo)"."""
    text = flag_name(row.flag)
    if row.unread_memo:
        text = (text + " " if text else "") + _("(new memo)")
    return text


def order_columns() -> list[Column[OrderRow]]:
    return [
        Column(_("Order no."), lambda r: r.number),
        Column(_("Customer"), lambda r: r.customer_name),
        Column(_("Phone"), lambda r: r.phone_masked),
        Column(_("Region"), lambda r: r.region),
        Column(_("Items"), lambda r: r.summary),
        Column(_("Qty"), lambda r: str(r.item_count), RIGHT),
        Column(_("Amount"), lambda r: format_yuan(r.total_fen, symbol=True), RIGHT),
        Column(_("Status"), lambda r: orders.status_label(r.status)),
        Column(_("Flag"), _flag_text),
        Column(_("Courier"), lambda r: settings.courier_name(r.courier) if r.courier else ""),
        Column(_("Tracking no."), lambda r: r.tracking_no),
        Column(_("Ordered at"), lambda r: r.created_at.strftime("%m-%d %H:%M")),
    ]


class OrderListModel(RowTableModel[OrderRow]):
    def __init__(self, parent=None):
        super().__init__(order_columns(), parent)
        self._filter = OrderFilter()
        self._more = False

    @property
    def filter(self) -> OrderFilter:
        return self._filter

    def reload(self, filter: OrderFilter | None = None) -> None:
        """The first page for `filter` (or the current one again)."""
        if filter is not None:
            self._filter = filter
        rows = order_list.list_orders(self._filter, limit=PAGE_SIZE)
        self._more = len(rows) == PAGE_SIZE
        self.set_rows(rows)

    def set_fixed_rows(self, rows: list[OrderRow]) -> None:
        """A list that is not paged (the 催付 view)."""
        self._more = False
        self.set_rows(rows)

    def canFetchMore(self, parent: Index = NO_PARENT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = NO_PARENT) -> None:
        if parent.isValid() or not self._more or not self._rows:
            return
        after = order_list.page_after(self._rows[-1])
        rows = order_list.list_orders(self._filter, after=after, limit=PAGE_SIZE)
        self._more = len(rows) == PAGE_SIZE
        if rows:
            start = len(self._rows)
            self.beginInsertRows(NO_PARENT, start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def row_of(self, order_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == order_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == FLAG_COLUMN:
            return flag_icon(row.flag)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == "closed":
                return QBrush(CLOSED_TEXT)
            if row.status == "unpaid" and index.column() == STATUS_COLUMN:
                return QBrush(UNPAID_TEXT)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == FLAG_COLUMN:
            tip = orders.flag_label(row.flag)
            if row.unread_memo:
                tip = (tip + "\n" if tip else "") + _("Unread memo")
            return tip or None
        return super().data(index, role)
