"""The colour × size grid being edited: rows are colours, columns sizes, each cell a variant.

Two modes over the same cells: stock counts (库存) and SKU codes (SKU编码). Nothing is written
here: the editor saves the grid with the rest of the product (`save.GridPlan`). Cells removed
from the grid that have history are kept greyed ("will be hidden"), as `variants.set_grid` will
hide them rather than delete them; hidden variants are shown greyed and cannot be edited.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desk.core import stock
from desk.core.variants import VariantRow
from desk.i18n import _
from desk.ui.products.save import GridPlan, Key
from desk.ui.widgets.table_model import NO_PARENT, RIGHT, Index

STOCK, SKU = "stock", "sku"
GREY_TEXT = QColor("#a0aec0")
GREY_BACKGROUND = QColor("#f1f3f6")
CHANGED_BACKGROUND = QColor("#fffbe6")
ERROR_BACKGROUND = QColor("#fde8e6")
LOW_TEXT = QColor("#c05621")


@dataclass
class Cell:
    variant_id: int | None = None
    stock: int = 0
    sku: str = ""
    original_stock: int = 0
    original_sku: str = ""
    reserved: int = 0
    hidden: bool = False  # hidden in the file
    has_history: bool = False


class VariantGridModel(QAbstractTableModel):
    refused = Signal(str)  # a cell did not take what was typed: why

    def __init__(self, parent=None):
        super().__init__(parent)
        self.mode = STOCK
        self.threshold = 3
        self._cells: dict[Key, Cell] = {}
        self._saved_colors: tuple[str, ...] = ()  # visible axes in the file
        self._saved_sizes: tuple[str, ...] = ()
        self._colors: list[str] = []  # wanted axes
        self._sizes: list[str] = []
        self._row_colors: list[str] = []  # shown: wanted + greyed extras
        self._col_sizes: list[str] = []
        self._errors: dict[Key, str] = {}

    # -- loading and regenerating -----------------------------------------------------------
    def load(
        self,
        variants: tuple[VariantRow, ...],
        colors: tuple[str, ...],
        sizes: tuple[str, ...],
        threshold: int,
    ) -> None:
        self._cells = {
            (v.color, v.size): Cell(
                v.id,
                v.stock,
                v.sku or "",
                v.stock,
                v.sku or "",
                v.reserved,
                v.hidden,
                v.has_history,
            )
            for v in variants
        }
        self._saved_colors, self._saved_sizes = tuple(colors), tuple(sizes)
        self.threshold = threshold
        self.set_axes(list(colors), list(sizes))

    def set_axes(self, colors: list[str], sizes: list[str]) -> None:
        """Make the grid `colors` × `sizes`; counts and codes typed so far are kept."""
        self.beginResetModel()
        self._colors, self._sizes = list(colors), list(sizes)
        for color in colors:
            for size in sizes:
                self._cells.setdefault((color, size), Cell())
        kept = [k for k, c in self._cells.items() if c.variant_id is not None and self.greyed(k)]
        self._row_colors = list(dict.fromkeys([*colors, *(k[0] for k in kept)]))
        self._col_sizes = list(dict.fromkeys([*sizes, *(k[1] for k in kept)]))
        self._errors.clear()
        self.endResetModel()

    def set_mode(self, mode: str) -> None:
        self.beginResetModel()
        self.mode = mode
        self.endResetModel()

    # -- what the cells mean ----------------------------------------------------------------
    def wanted(self, key: Key) -> bool:
        return key[0] in self._colors and key[1] in self._sizes

    def greyed(self, key: Key) -> bool:
        """Hidden now or after saving: out of the grid (kept for its history) or hidden in a
        grid row and column that were already showing (set_grid leaves those hidden)."""
        cell = self._cells.get(key)
        if cell is None or cell.variant_id is None:
            return False
        if not self.wanted(key):
            return cell.has_history or cell.hidden
        return cell.hidden and key[0] in self._saved_colors and key[1] in self._saved_sizes

    def to_hide(self) -> list[Key]:
        """Cells now showing that saving will hide (out of the grid, with history)."""
        return [
            k
            for k, c in self._cells.items()
            if c.variant_id is not None and not c.hidden and not self.wanted(k) and c.has_history
        ]

    def key_at(self, index: Index) -> Key | None:
        if not index.isValid():
            return None
        key = (self._row_colors[index.row()], self._col_sizes[index.column()])
        return key if key in self._cells and (self.wanted(key) or self.greyed(key)) else None

    def index_of(self, key: Key):
        if key[0] not in self._row_colors or key[1] not in self._col_sizes:
            return None
        return self.index(self._row_colors.index(key[0]), self._col_sizes.index(key[1]))

    def cell(self, key: Key) -> Cell | None:
        return self._cells.get(key)

    @property
    def colors(self) -> list[str]:
        return list(self._colors)

    @property
    def sizes(self) -> list[str]:
        return list(self._sizes)

    def total_stock(self) -> int:
        return sum(self._cells[k].stock for k in self._wanted_keys())

    def _wanted_keys(self) -> list[Key]:
        return [(c, s) for c in self._colors for s in self._sizes if not self.greyed((c, s))]

    @property
    def has_errors(self) -> bool:
        return bool(self._errors)

    def set_error(self, key: Key | None, message: str | None = None) -> None:
        self._errors = {key: message} if key is not None and message else {}
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def plan(self, note: str) -> GridPlan:
        stock_counts: dict[Key, int] = {}
        skus: dict[Key, str | None] = {}
        for key in self._wanted_keys():
            cell = self._cells[key]
            if cell.stock != cell.original_stock or (cell.variant_id is None and cell.stock):
                stock_counts[key] = cell.stock
            if cell.sku.strip() != cell.original_sku:
                skus[key] = cell.sku.strip() or None
        changed = (tuple(self._colors), tuple(self._sizes)) != (
            self._saved_colors,
            self._saved_sizes,
        )
        return GridPlan(tuple(self._colors), tuple(self._sizes), changed, stock_counts, skus, note)

    # -- Qt's side --------------------------------------------------------------------------
    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._row_colors)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._col_sizes)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        names = self._col_sizes if orientation == Qt.Orientation.Horizontal else self._row_colors
        return names[section] if 0 <= section < len(names) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        key = self.key_at(index)
        if key is None:
            return Qt.ItemFlag.NoItemFlags
        if self.greyed(key):
            return Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key = self.key_at(index)
        if key is None:
            return None
        cell = self._cells[key]
        greyed = self.greyed(key)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return str(cell.stock) if self.mode == STOCK else cell.sku
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if self.mode == STOCK else Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if greyed:
                return QBrush(GREY_TEXT)
            if self.mode == STOCK and cell.stock - cell.reserved <= self.threshold:
                return QBrush(LOW_TEXT)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self._errors:
                return QBrush(ERROR_BACKGROUND)
            if greyed:
                return QBrush(GREY_BACKGROUND)
            value = (
                (cell.stock != cell.original_stock)
                if self.mode == STOCK
                else (cell.sku.strip() != cell.original_sku)
            )
            return QBrush(CHANGED_BACKGROUND) if value else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(key, cell, greyed)
        return None

    def _tooltip(self, key: Key, cell: Cell, greyed: bool) -> str:
        if key in self._errors:
            return self._errors[key]
        lines = [f"{key[0]} / {key[1]}"]
        if greyed:
            lines.append(
                _(
                    "Hidden: it has orders or stock history, so it is kept. Add this "
                    "colour or size again to show it."
                )
            )
        lines.append(
            _("Stock {stock}, reserved for orders {reserved}, available {available}").format(
                stock=cell.stock, reserved=cell.reserved, available=cell.stock - cell.reserved
            )
        )
        if cell.sku:
            lines.append(_("SKU: {sku}").format(sku=cell.sku))
        return "\n".join(lines)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self.key_at(index)
        if key is None or role != Qt.ItemDataRole.EditRole or self.greyed(key):
            return False
        cell = self._cells[key]
        text = str(value if value is not None else "").strip()
        if self.mode == SKU:
            cell.sku = text
        else:
            count = _count(text)
            if count is None:
                self.refused.emit(
                    _(
                        "Stock of {color}/{size}: enter a whole number, 0 or more (not “{text}”)."
                    ).format(color=key[0], size=key[1], text=text)
                )
                return False
            cell.stock = count
        if key in self._errors:
            self._errors.pop(key)
        self.dataChanged.emit(index, index)
        return True


def _count(text: str) -> int | None:
    """A stock count as typed: 0 … stock.MAX_QUANTITY, full-width digits too; else None."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned.isdigit() or not cleaned.isascii():
        return None
    count = int(cleaned)
    return count if count <= stock.MAX_QUANTITY else None
