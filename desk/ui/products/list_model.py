"""The products list: rows from `products.search_products`, one page at a time (fetchMore).

Search, filters and the order (by 货号) are done in SQL by the service; the model only keeps the
rows fetched so far and asks for the next page when the view scrolls near the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desk.core import products
from desk.core.money import format_yuan
from desk.core.products import ProductRow
from desk.i18n import _
from desk.ui.widgets.table_model import NO_PARENT, RIGHT, Column, Index, RowTableModel

PAGE_SIZE = products.SEARCH_LIMIT
LOW_STOCK_BACKGROUND = QColor("#fff4e5")
LOW_STOCK_TEXT = QColor("#c05621")
OFF_SHELF_TEXT = QColor("#8a94a6")
LOW_STOCK_COLUMN = 6


@dataclass(frozen=True)
class ListQuery:
    text: str = ""
    category: str | None = None
    status: str | None = None
    low_stock_only: bool = False


def _stock(row: ProductRow) -> str:
    if not row.variant_count:
        return "—"
    return f"{row.stock} / {row.available}"


def _low(row: ProductRow) -> str:
    return f"● {row.low_stock_count}" if row.low_stock else ""


def product_columns() -> list[Column[ProductRow]]:
    """The list's columns, declared once (headers in the current language)."""
    return [
        Column(_("Item code"), lambda r: r.code),
        Column(_("Name"), lambda r: r.name),
        Column(_("Category"), lambda r: r.category),
        Column(_("Price"), lambda r: format_yuan(r.price_fen, symbol=True), RIGHT),
        Column(_("Status"), lambda r: products.status_label(r.status)),
        Column(_("Stock / available"), _stock, RIGHT),
        Column(_("Low stock"), _low),
    ]


class ProductListModel(RowTableModel[ProductRow]):
    def __init__(self, parent=None):
        super().__init__(product_columns(), parent)
        self._query = ListQuery()
        self._more = False

    @property
    def query(self) -> ListQuery:
        return self._query

    def reload(self, query: ListQuery | None = None) -> None:
        """Fetch the first page for `query` (or the current one again)."""
        if query is not None:
            self._query = query
        rows = self._fetch(0)
        self._more = len(rows) == PAGE_SIZE
        self.set_rows(rows)

    def _fetch(self, offset: int) -> list[ProductRow]:
        q = self._query
        return products.search_products(
            q.text,
            q.category,
            q.status,
            low_stock_only=q.low_stock_only,
            limit=PAGE_SIZE,
            offset=offset,
        )

    def canFetchMore(self, parent: Index = NO_PARENT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = NO_PARENT) -> None:
        if parent.isValid() or not self._more:
            return
        rows = self._fetch(len(self._rows))
        self._more = len(rows) == PAGE_SIZE
        if rows:
            start = len(self._rows)
            self.beginInsertRows(NO_PARENT, start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def row_of(self, product_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == product_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and row.low_stock:
            return QBrush(LOW_STOCK_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == LOW_STOCK_COLUMN and row.low_stock:
                return QBrush(LOW_STOCK_TEXT)
            if row.status == "off_shelf":
                return QBrush(OFF_SHELF_TEXT)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == LOW_STOCK_COLUMN:
            if not row.low_stock:
                return None
            return _("{count} colour/size combinations are running low.").format(
                count=row.low_stock_count
            )
        return super().data(index, role)
