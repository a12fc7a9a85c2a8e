"""Table models of the template editor: the fields (a tick box to switch each on or off, the
place and size in mm; rows at fault in red) and the static lines, boxes and captions (edited in
place, a bad number refused)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desk.i18n import N_, _
from desk.pdf.label_spec import BoxSpec, CaptionSpec, FieldSpec, LineSpec, Static, field_caption

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_BAD = QBrush(QColor(200, 30, 30))
_OFF = QBrush(QColor(140, 140, 140))


def num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class FieldRow:
    field: FieldSpec
    shown: bool


FIELD_HEADERS = (N_("On"), N_("Field"), N_("X mm"), N_("Y mm"), N_("Width mm"),
                 N_("Height mm"), N_("Font pt"))  # fmt: skip
_FIELD_VALUES: tuple[Callable[[FieldSpec], str], ...] = (
    lambda f: "", lambda f: field_caption(f.key), lambda f: num(f.x_mm), lambda f: num(f.y_mm),
    lambda f: num(f.w_mm), lambda f: num(f.h_mm), lambda f: num(f.font_pt),
)  # fmt: skip


class FieldsModel(QAbstractTableModel):
    """`switched(row)` after the user ticks a row on or off."""

    switched = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[FieldRow] = []
        self.bad: set[int] = set()
        self.read_only = False

    def set_rows(self, rows: list[FieldRow]) -> None:
        self.beginResetModel()
        self.rows, self.bad = rows, set()
        self.endResetModel()

    def changed(self, first: int = 0, last: int | None = None) -> None:
        """Rows first…last were changed from outside: draw them again."""
        if self.rows:
            last = len(self.rows) - 1 if last is None else last
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(FIELD_HEADERS) - 1))

    def set_bad(self, bad: set[int]) -> None:
        if bad != self.bad:
            self.bad = set(bad)
            self.changed()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(FIELD_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(FIELD_HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _FIELD_VALUES[column](row.field)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if row.shown else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole:
            return _BAD if index.row() in self.bad else (None if row.shown else _OFF)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if index.column() == 0 and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or self.read_only:
            return False
        shown = Qt.CheckState(value) == Qt.CheckState.Checked
        self.rows[index.row()].shown = shown
        self.changed(index.row(), index.row())
        self.switched.emit(index.row())
        return True


# --- static lines, boxes, captions --------------------------------------------------------------

STATIC_KINDS = {LineSpec: N_("Line"), BoxSpec: N_("Box"), CaptionSpec: N_("Caption")}
STATIC_HEADERS = (N_("Kind"), N_("X mm"), N_("Y mm"), N_("Width / X2"), N_("Height / Y2"),
                  N_("Line pt / font pt"), N_("Text"), N_("Dashed / filled / bold"))  # fmt: skip
#: per kind, the dataclass attribute shown in columns 1–7 (None: no such setting)
STATIC_COLUMNS = {
    LineSpec: ("x1_mm", "y1_mm", "x2_mm", "y2_mm", "width_pt", None, "dashed"),
    BoxSpec: ("x_mm", "y_mm", "w_mm", "h_mm", "width_pt", None, "filled"),
    CaptionSpec: ("x_mm", "y_mm", None, None, "font_pt", "text", "bold"),
}


class StaticsModel(QAbstractTableModel):
    """`edited()` after a change typed into a cell; `refused(message)` for a bad value."""

    edited = Signal()
    refused = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.statics: list[Static] = []
        self.read_only = False

    def set_statics(self, statics: list[Static]) -> None:
        self.beginResetModel()
        self.statics = statics
        self.endResetModel()

    def _attr(self, index: Index) -> str | None:
        if index.column() == 0:
            return None
        return STATIC_COLUMNS[type(self.statics[index.row()])][index.column() - 1]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.statics)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(STATIC_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(STATIC_HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.statics):
            return None
        static = self.statics[index.row()]
        if index.column() == 0:
            return _(STATIC_KINDS[type(static)]) if role == Qt.ItemDataRole.DisplayRole else None
        attr = self._attr(index)
        if attr is None:
            return None
        value = getattr(static, attr)
        if isinstance(value, bool):
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value if isinstance(value, str) else num(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and not isinstance(value, str):
            return RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        attr = self._attr(index) if index.isValid() else None
        if attr is None or self.read_only:
            return flags
        if isinstance(getattr(self.statics[index.row()], attr), bool):
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        attr = self._attr(index) if index.isValid() else None
        if attr is None or self.read_only:
            return False
        static = self.statics[index.row()]
        old = getattr(static, attr)
        if isinstance(old, bool):
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif isinstance(old, str):
            new = " ".join(str(value).split())
            if not new:
                self.refused.emit(_("A caption needs a text."))
                return False
        else:
            try:
                new = round(float(str(value).strip().replace(",", ".")), 2)
                if not math.isfinite(new):  # "nan", "inf", 1e999: no place on a label
                    raise ValueError(value)
            except ValueError:
                self.refused.emit(_("“{text}” is not a number of millimetres or points.").format(
                    text=value))  # fmt: skip
                return False
        self.statics[index.row()] = dataclasses.replace(static, **{attr: new})
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True
