"""The 尺码表 tab: sizes as rows, measurements as columns (胸围, 腰围, …), height and weight
ranges, and the shop's fitting rule. Saved with the product through `sizes.save_size_chart`,
which checks every cell; a refused cell is shown in red with the service's message."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core.sizes import SizeChartData, SizeRow
from desk.i18n import _
from desk.ui.products.save import ChartPlan
from desk.ui.products.texts import range_text, split_range
from desk.ui.products.widgets import EnterLineEdit, error_line, hint, show_error
from desk.ui.widgets.field_errors import FieldRow

ERROR_BACKGROUND = QColor("#fde8e6")
Snapshot = tuple[tuple[str, ...], tuple[SizeRow, ...], str]


def default_columns() -> list[str]:
    return [_("Chest"), _("Waist"), _("Hip"), _("Garment length"), _("Trouser length")]


class ChartTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("sizeChart")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().sectionDoubleClicked.connect(self._rename_column)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(self._clear_cell_error)
        self.fit_rule = EnterLineEdit()
        self.fit_rule.setObjectName("fitRule")
        self.fit_rule.setPlaceholderText(_("e.g. measured waist + 5 cm; our 28 = L"))
        self.rows = {"fit_rule": FieldRow(self.fit_rule)}
        self.error = error_line()
        self.sizes_from_grid = lambda: []  # the editor tells which sizes the grid has

        buttons = QHBoxLayout()
        for name, text, slot in (
            ("addSize", _("Add a size"), self.add_row),
            ("removeSize", _("Remove size"), self.remove_row),
            ("addMeasure", _("Add a measurement…"), self.add_column),
            ("removeMeasure", _("Remove measurement"), self.remove_column),
            ("sizesFromGrid", _("Take the sizes from the grid"), self.fill_sizes),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Fitting advice"), self.rows["fit_rule"])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            hint(
                _(
                    "Measurements in cm, a number or a range such as 84-88. Height "
                    "(cm) and weight (kg) as ranges such as 155-165: the size "
                    "advisor reads them. Double-click a heading to rename it."
                )
            )
        )
        layout.addWidget(self.error)
        layout.addLayout(form)
        self._loaded: Snapshot = ((), (), "")
        self._submitted: list[int] = []  # table row of each row sent to the service

    # -- columns: size, the measurements, height, weight ------------------------------------
    def measures(self) -> list[str]:
        return [
            self.table.horizontalHeaderItem(c).text()
            for c in range(1, self.table.columnCount() - 2)
        ]

    def _set_columns(self, measures: list[str]) -> None:
        heads = [_("Size"), *measures, _("Height (cm)"), _("Weight (kg)")]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)

    def load(self, chart: SizeChartData | None, fit_rule: str) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if chart is None or not chart.rows:
            self._set_columns(default_columns())
        else:
            self._set_columns(list(chart.columns))
            for row in chart.rows:
                values = [
                    row.size,
                    *(row.measurements.get(c, "") for c in chart.columns),
                    range_text(row.height_min, row.height_max),
                    range_text(row.weight_min, row.weight_max),
                ]
                self._append(values)
        self.table.blockSignals(False)
        self.fit_rule.setText(fit_rule)
        self._loaded = self._snapshot()

    def _append(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    # -- editing ----------------------------------------------------------------------------
    def add_row(self) -> None:
        self._append([""] * self.table.columnCount())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def add_column(self) -> None:
        name, ok = QInputDialog.getText(
            self, _("Add a measurement"), _("Name of the measurement (e.g. 肩宽, 袖长):")
        )
        name = " ".join(name.split())
        if ok and name:
            self.insert_measure(name)

    def insert_measure(self, name: str) -> None:
        column = self.table.columnCount() - 2
        self.table.insertColumn(column)
        self.table.setHorizontalHeaderItem(column, QTableWidgetItem(name))
        for row in range(self.table.rowCount()):
            self.table.setItem(row, column, QTableWidgetItem(""))

    def remove_column(self) -> None:
        column = self.table.currentColumn()
        if 1 <= column < self.table.columnCount() - 2:
            self.table.removeColumn(column)

    def _rename_column(self, column: int) -> None:
        if not 1 <= column < self.table.columnCount() - 2:
            return
        old = self.table.horizontalHeaderItem(column).text()
        name, ok = QInputDialog.getText(self, _("Rename the measurement"), _("New name:"), text=old)
        name = " ".join(name.split())
        if ok and name:
            self.table.horizontalHeaderItem(column).setText(name)

    def fill_sizes(self) -> None:
        """One row per size of the grid, in its order; rows already typed are kept."""
        have = [self._text(r, 0) for r in range(self.table.rowCount())]
        for size in self.sizes_from_grid():
            if size not in have:
                self._append([size] + [""] * (self.table.columnCount() - 1))

    # -- saving -----------------------------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        """(columns, rows, rule) as they will be saved: empty rows dropped, and no rows at all
        when no measurement is filled in (a list of sizes alone is no chart)."""
        n, measures = self.table.columnCount(), self.measures()
        rows, submitted = [], []
        for r in range(self.table.rowCount()):
            values = [self._text(r, c) for c in range(n)]
            if not any(values):
                continue
            height, weight = split_range(values[-2]), split_range(values[-1])
            rows.append(
                SizeRow(values[0], dict(zip(measures, values[1:-2], strict=True)), *height, *weight)
            )
            submitted.append(r)
        if not any(
            any(v for v in row.measurements.values()) or row.height_min or row.weight_min
            for row in rows
        ):
            rows, submitted = [], []
        used = [m for m in measures if any(row.measurements.get(m) for row in rows)]
        rows = [
            SizeRow(
                row.size,
                {m: row.measurements[m] for m in used},
                row.height_min,
                row.height_max,
                row.weight_min,
                row.weight_max,
            )
            for row in rows
        ]
        self._submitted = submitted
        return tuple(used), tuple(rows), self.fit_rule.text().strip()

    def plan(self) -> ChartPlan:
        snapshot = self._snapshot()
        return ChartPlan(*snapshot, changed=snapshot != self._loaded)

    # -- messages ---------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.rows["fit_rule"].set_error(None)
        show_error(self.error, None)
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setData(Qt.ItemDataRole.BackgroundRole, None)
        self.table.blockSignals(False)

    def show_field_error(self, field: str, message: str) -> bool:
        if field in self.rows:
            self.rows[field].set_error(message)
            return True
        show_error(self.error, message)
        cell = self._cell_of(field)
        if cell is not None:
            row, column = cell
            if self.table.item(row, column) is None:
                self.table.setItem(row, column, QTableWidgetItem(""))
            self.table.blockSignals(True)
            self.table.item(row, column).setBackground(QBrush(ERROR_BACKGROUND))
            self.table.blockSignals(False)
            self.table.setCurrentCell(row, column)
            self.table.setFocus()
        return True

    def _cell_of(self, field: str) -> tuple[int, int] | None:
        """ "rows.2.腰围" → (table row, column) of that cell."""
        parts = field.split(".", 2)
        if len(parts) != 3 or parts[0] != "rows" or not parts[1].isdigit():
            return None
        index = int(parts[1])
        if index >= len(self._submitted):
            return None
        name, last = parts[2], self.table.columnCount() - 1
        columns = {
            "size": 0,
            "height_min": last - 1,
            "height_max": last - 1,
            "weight_min": last,
            "weight_max": last,
        }
        measures = self.measures()
        column = columns.get(name, measures.index(name) + 1 if name in measures else None)
        return None if column is None else (self._submitted[index], column)

    def _clear_cell_error(self, item: QTableWidgetItem) -> None:
        if item.background().color() == ERROR_BACKGROUND:
            self.table.blockSignals(True)
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
            self.table.blockSignals(False)
