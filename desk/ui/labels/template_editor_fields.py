"""The template editor's list of fields: each field on or off, and the selected field's place
and size in mm, font size, alignment, bold and number of lines."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.i18n import N_, _
from desk.pdf.label_spec import ALIGNS, FIELD_KEYS, FieldSpec, LabelSpec, field_caption
from desk.ui.labels.template_editor_models import FieldRow, FieldsModel

__all__ = ["FieldPanel", "FieldRow", "rows_of"]

ALIGN_LABELS = {"left": N_("Left"), "center": N_("Centre"), "right": N_("Right")}
#: a field switched on that the template never had starts here, this big (mm)
DEFAULT_SIZE = {"tracking_barcode": (60.0, 15.0), "qr": (20.0, 20.0)}


def rows_of(spec: LabelSpec) -> list[FieldRow]:
    """The template's fields, then the hidden ones, then every other field a label can show
    (off, at a default place), so each can be switched on."""
    rows = [FieldRow(f, True) for f in spec.fields] + [FieldRow(f, False) for f in spec.hidden]
    have = {row.field.key for row in rows}
    width, height = spec.label_size
    for key in FIELD_KEYS:
        if key not in have:
            w, h = DEFAULT_SIZE.get(key, (min(50.0, max(width - 4, 1.0)), 6.0))
            w, h = min(w, max(width - 4, 1.0)), min(h, max(height - 4, 1.0))
            rows.append(FieldRow(FieldSpec(key, 2.0, 2.0, w, h, 10.0, max_lines=1), False))
    return rows


def _spin(low: float, high: float, suffix: str, decimals: int = 1) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)  # the value counts on Enter or leaving the box
    box.setSingleStep(0.5)
    return box


class FieldPanel(QWidget):
    """`changed` after any edit of the rows; `selected(row)` when a row is chosen."""

    changed = Signal()
    selected = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[FieldRow] = []
        self._loading = False
        self.model = FieldsModel(self)
        self.model.switched.connect(self._on_switched)
        self.table = QTableView()
        self.table.setObjectName("templateFields")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.x = _spin(-500, 1000, " mm")
        self.y = _spin(-500, 1000, " mm")
        self.w = _spin(0, 1000, " mm")
        self.h = _spin(0, 1000, " mm")
        self.font_pt = _spin(0, 96, " pt")
        for name, box in (("fieldX", self.x), ("fieldY", self.y), ("fieldW", self.w),
                          ("fieldH", self.h), ("fieldFont", self.font_pt)):  # fmt: skip
            box.setObjectName(name)
            box.valueChanged.connect(self._on_form)
        self.align = QComboBox()
        self.align.setObjectName("fieldAlign")
        for key in ALIGNS:
            self.align.addItem(_(ALIGN_LABELS[key]), key)
        self.align.currentIndexChanged.connect(self._on_form)
        self.bold = QCheckBox(_("Bold"))
        self.bold.setObjectName("fieldBold")
        self.bold.toggled.connect(self._on_form)
        self.lines = QSpinBox()
        self.lines.setObjectName("fieldLines")
        self.lines.setRange(1, 20)
        self.lines.setKeyboardTracking(False)
        self.lines.valueChanged.connect(self._on_form)
        self.add_key = QComboBox()
        self.add_key.setObjectName("addFieldKey")
        for key in FIELD_KEYS:
            self.add_key.addItem(field_caption(key), key)
        self.add = QPushButton(_("Add again"))
        self.add.setToolTip(_("Print this field a second time (e.g. the receiver on the stub)"))
        self.add.clicked.connect(self._on_add)
        self.remove = QPushButton(_("Remove this copy"))
        self.remove.clicked.connect(self._on_remove)
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        place = QHBoxLayout()
        place.addWidget(self.x)
        place.addWidget(self.y)
        size = QHBoxLayout()
        size.addWidget(self.w)
        size.addWidget(self.h)
        form.addRow(_("Position (x, y from the top left)"), place)
        form.addRow(_("Size (width, height)"), size)
        text = QHBoxLayout()
        text.addWidget(self.font_pt)
        text.addWidget(self.align)
        text.addWidget(self.bold)
        form.addRow(_("Font size, alignment"), text)
        form.addRow(_("At most lines"), self.lines)
        adding = QHBoxLayout()
        adding.addWidget(self.add_key, 1)
        adding.addWidget(self.add)
        adding.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.form)
        layout.addLayout(adding)
        self._read_only = False

    # --- loading --------------------------------------------------------------------------------

    def set_rows(self, rows: list[FieldRow]) -> None:
        self.rows = rows
        self.model.set_rows(rows)
        self.select_row(0 if rows else None)

    def set_bad(self, rows: set[int]) -> None:
        """Draw the rows at fault red (the rest as usual)."""
        self.model.set_bad(rows)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.model.read_only = read_only
        for widget in (self.form, self.add_key, self.add, self.remove):
            widget.setEnabled(not read_only)

    # --- selection ------------------------------------------------------------------------------

    def current_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, r: int | None) -> None:
        if r is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(r)
        self._load_form()

    def _on_selection(self, *_args) -> None:
        self._load_form()
        r = self.current_row()
        if r is not None and not self._loading:
            self.selected.emit(r)

    def _load_form(self) -> None:
        r = self.current_row()
        self._loading = True
        if r is not None:
            f = self.rows[r].field
            self.x.setValue(f.x_mm)
            self.y.setValue(f.y_mm)
            self.w.setValue(f.w_mm)
            self.h.setValue(f.h_mm)
            self.font_pt.setValue(f.font_pt)
            self.align.setCurrentIndex(max(0, self.align.findData(f.align)))
            self.bold.setChecked(f.bold)
            self.lines.setValue(max(1, f.max_lines))
            self.add_key.setCurrentIndex(max(0, self.add_key.findData(f.key)))
        self.form.setEnabled(r is not None and not self._read_only)
        self.remove.setEnabled(r is not None and not self._read_only and self._copies(r) > 1)
        self._loading = False

    def _copies(self, r: int) -> int:
        key = self.rows[r].field.key
        return sum(1 for row in self.rows if row.field.key == key)

    # --- edits ----------------------------------------------------------------------------------

    def _on_switched(self, _row: int) -> None:
        self.changed.emit()

    def _on_form(self) -> None:
        r = self.current_row()
        if self._loading or r is None:
            return
        row = self.rows[r]
        row.field = dataclasses.replace(
            row.field, x_mm=round(self.x.value(), 2), y_mm=round(self.y.value(), 2),
            w_mm=round(self.w.value(), 2), h_mm=round(self.h.value(), 2),
            font_pt=round(self.font_pt.value(), 2), align=self.align.currentData(),
            bold=self.bold.isChecked(), max_lines=self.lines.value(),
        )  # fmt: skip
        self.model.changed(r, r)
        self.changed.emit()

    def move_field(self, r: int, x_mm: float, y_mm: float) -> None:
        """A field dragged on the canvas."""
        row = self.rows[r]
        row.field = dataclasses.replace(row.field, x_mm=x_mm, y_mm=y_mm)
        self.model.changed(r, r)
        self.select_row(r)
        self.changed.emit()

    def _on_add(self) -> None:
        key = self.add_key.currentData()
        base = next(row.field for row in self.rows if row.field.key == key)  # every key has one
        field = dataclasses.replace(base, key=key, x_mm=base.x_mm + 2, y_mm=base.y_mm + 2)
        self.model.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(FieldRow(field, True))
        self.model.endInsertRows()
        self.select_row(len(self.rows) - 1)
        self.changed.emit()

    def _on_remove(self) -> None:
        r = self.current_row()
        if r is None or self._copies(r) < 2:
            return
        self.model.beginRemoveRows(QModelIndex(), r, r)
        del self.rows[r]
        self.model.endRemoveRows()
        self.select_row(min(r, len(self.rows) - 1))
        self.changed.emit()
