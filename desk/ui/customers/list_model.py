"""The customers list: rows from `customers.search_customers`, one page at a time (fetchMore).

Search, the view (a group, ungrouped, dormant…) and the order are done in SQL by the service;
the model keeps only the rows fetched so far and asks for the next page when the view scrolls
near the end. Phone numbers are shown masked unless `show_phones` is on (privacy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desk.core import customers
from desk.core.customers import CustomerRow
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui.widgets.table_model import NO_PARENT, RIGHT, Column, Index, RowTableModel

PAGE_SIZE = customers.SEARCH_LIMIT
BLACKLIST_TEXT = QColor("#b42318")
DORMANT_TEXT = QColor("#8a94a6")
PHONE_COLUMN = 2


@dataclass(frozen=True)
class CustomerQuery:
    text: str = ""
    view: str = customers.VIEW_ALL
    group_id: int | None = None
    order: str = customers.ORDER_RECENT


def _date(row: CustomerRow) -> str:
    return row.last_order_at.strftime("%Y-%m-%d") if row.last_order_at else "—"


def _tier(row: CustomerRow) -> str:
    parts = [row.tier] if row.tier else []
    if row.dormant:
        parts.append(_("Dormant"))
    return " · ".join(parts)


def customer_columns(model: CustomerListModel) -> list[Column[CustomerRow]]:
    """The list's columns, declared once (headers in the current language)."""
    return [
        Column(_("Full name"), lambda r: r.name),
        Column(_("Buyer ID"), lambda r: r.nick),
        Column(_("Phone"), model.phone_text),
        Column(_("Region"), lambda r: r.region),
        Column(_("Groups"), lambda r: "、".join(r.groups)),
        Column(_("Tags"), lambda r: "、".join(r.tags)),
        Column(_("Orders"), lambda r: str(r.order_count), RIGHT),
        Column(_("Total spent"), lambda r: format_yuan(r.total_spent_fen, symbol=True), RIGHT),
        Column(_("Last purchase"), _date),
        Column(_("Tier"), _tier),
    ]


class CustomerListModel(RowTableModel[CustomerRow]):
    def __init__(self, parent=None):
        super().__init__(customer_columns(self), parent)
        self._query = CustomerQuery()
        self._more = False
        self._show_phones = False

    @property
    def query(self) -> CustomerQuery:
        return self._query

    # -- privacy ----------------------------------------------------------------------------
    @property
    def show_phones(self) -> bool:
        return self._show_phones

    def set_show_phones(self, show: bool) -> None:
        if show == self._show_phones:
            return
        self._show_phones = show
        if self._rows:
            self.dataChanged.emit(
                self.index(0, PHONE_COLUMN), self.index(len(self._rows) - 1, PHONE_COLUMN)
            )

    def phone_text(self, row: CustomerRow) -> str:
        return row.phone if self._show_phones else row.phone_masked

    # -- loading ----------------------------------------------------------------------------
    def reload(self, query: CustomerQuery | None = None) -> None:
        """Fetch the first page for `query` (or the current one again)."""
        if query is not None:
            self._query = query
        rows = self._fetch(0)
        self._more = len(rows) == PAGE_SIZE
        self.set_rows(rows)

    def _fetch(self, offset: int) -> list[CustomerRow]:
        q = self._query
        return customers.search_customers(
            q.text, q.view, q.group_id, order=q.order, limit=PAGE_SIZE, offset=offset
        )

    def canFetchMore(self, parent: Index = NO_PARENT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = NO_PARENT) -> None:
        if parent.isValid() or not self._more:
            return
        rows = self._fetch(len(self._rows))
        self._more = len(rows) == PAGE_SIZE
        known = {r.id for r in self._rows}
        rows = [r for r in rows if r.id not in known]  # a row moved between the two pages
        if rows:
            start = len(self._rows)
            self.beginInsertRows(NO_PARENT, start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def row_of(self, customer_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == customer_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.blacklisted:
                return QBrush(BLACKLIST_TEXT)
            if row.dormant:
                return QBrush(DORMANT_TEXT)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and row.blacklisted and index.column() == 0:
            return _("{name} is on the blacklist.").format(name=row.name or row.nick)
        return super().data(index, role)
