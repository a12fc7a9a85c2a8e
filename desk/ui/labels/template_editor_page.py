"""The template editor's page settings (size, sheet of stickers, phone mask, what happens without
a tracking number) and its static lines, boxes and captions."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.i18n import N_, _
from desk.pdf.label_spec import BoxSpec, CaptionSpec, LabelSpec, LineSpec, SheetSpec, Static
from desk.ui.labels.template_editor_fields import _spin
from desk.ui.labels.template_editor_models import StaticsModel

A4 = (210.0, 297.0)
DEFAULT_SHEET = SheetSpec(3, 7, 70.0, 42.3, 0.0, 0.0)  # A4, 3 × 7 stickers edge to edge


class PagePanel(QWidget):
    """`changed` after any edit; `apply(spec)` gives the spec with these settings."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = False
        self.title = QLineEdit()
        self.title.setObjectName("templateTitle")
        self.title.setMaxLength(80)
        self.title.textEdited.connect(self._on_edit)
        self.page_w = _spin(10, 1000, " mm")
        self.page_h = _spin(10, 1000, " mm")
        self.page_w.setObjectName("pageWidth")
        self.page_h.setObjectName("pageHeight")
        self.mask = QCheckBox(_("Mask the receiver's phone (138****5678)"))
        self.mask.setObjectName("maskPhone")
        self.no_tracking = QComboBox()
        self.no_tracking.setObjectName("noTracking")
        self.no_tracking.addItem(_("Print without a barcode and say so on the label"), False)
        self.no_tracking.addItem(_("Stop such orders in the check before printing"), True)
        self.sheet = QGroupBox(_("A sheet of several stickers (A4)"))
        self.sheet.setObjectName("sheetGroup")
        self.sheet.setCheckable(True)
        self.columns, self.rows = QSpinBox(), QSpinBox()
        for box in (self.columns, self.rows):
            box.setRange(1, 30)
            box.setKeyboardTracking(False)
        self.label_w, self.label_h = _spin(1, 1000, " mm"), _spin(1, 1000, " mm")
        self.left, self.top = _spin(0, 500, " mm"), _spin(0, 500, " mm")
        self.gap_x, self.gap_y = _spin(0, 200, " mm"), _spin(0, 200, " mm")
        self.pitch = QLabel()
        sheet = QFormLayout(self.sheet)
        sheet.addRow(_("Columns × rows"), _pair(self.columns, self.rows))
        sheet.addRow(_("Sticker width × height"), _pair(self.label_w, self.label_h))
        sheet.addRow(_("Left and top margin"), _pair(self.left, self.top))
        sheet.addRow(_("Gap across and down"), _pair(self.gap_x, self.gap_y))
        sheet.addRow(self.pitch)
        for box in (self.page_w, self.page_h, self.columns, self.rows, self.label_w,
                    self.label_h, self.left, self.top, self.gap_x, self.gap_y):  # fmt: skip
            box.valueChanged.connect(self._on_edit)
        self.mask.toggled.connect(self._on_edit)
        self.no_tracking.currentIndexChanged.connect(self._on_edit)
        self.sheet.toggled.connect(self._on_sheet)
        form = QFormLayout(self)
        form.addRow(_("Title"), self.title)
        form.addRow(_("Page width × height"), _pair(self.page_w, self.page_h))
        form.addRow(self.mask)
        form.addRow(_("No tracking number"), self.no_tracking)
        form.addRow(self.sheet)

    def load(self, spec: LabelSpec, title: str) -> None:
        self._loading = True
        self.title.setText(title)
        self.page_w.setValue(spec.page_w_mm)
        self.page_h.setValue(spec.page_h_mm)
        self.mask.setChecked(spec.mask_phone)
        self.no_tracking.setCurrentIndex(1 if spec.barcode_required else 0)
        self.sheet.setChecked(spec.sheet is not None)
        self._load_sheet(spec.sheet or DEFAULT_SHEET)
        self._loading = False
        self._show_pitch()

    def _load_sheet(self, s: SheetSpec) -> None:
        for box, value in ((self.columns, s.columns), (self.rows, s.rows),
                           (self.label_w, s.label_w_mm), (self.label_h, s.label_h_mm),
                           (self.left, s.left_mm), (self.top, s.top_mm),
                           (self.gap_x, s.gap_x_mm), (self.gap_y, s.gap_y_mm)):  # fmt: skip
            box.setValue(value)

    def apply(self, spec: LabelSpec) -> LabelSpec:
        sheet = None
        if self.sheet.isChecked():
            sheet = SheetSpec(self.columns.value(), self.rows.value(), self.label_w.value(),
                              self.label_h.value(), self.left.value(), self.top.value(),
                              self.gap_x.value(), self.gap_y.value())  # fmt: skip
        return dataclasses.replace(spec, page_w_mm=self.page_w.value(),
                                   page_h_mm=self.page_h.value(), mask_phone=self.mask.isChecked(),
                                   barcode_required=bool(self.no_tracking.currentData()),
                                   sheet=sheet)  # fmt: skip

    def title_text(self) -> str:
        return self.title.text().strip()

    def _on_sheet(self, on: bool) -> None:
        if on and not self._loading:  # a sheet is a whole page of paper: A4 unless set larger
            self._loading = True
            if self.page_w.value() < A4[0] and self.page_h.value() < A4[1]:
                self.page_w.setValue(A4[0])
                self.page_h.setValue(A4[1])
            self._loading = False
        self._on_edit()

    def _on_edit(self) -> None:
        self._show_pitch()
        if not self._loading:
            self.changed.emit()

    def _show_pitch(self) -> None:
        self.pitch.setText(_("Pitch: {across} mm across, {down} mm down; {count} stickers a "
                             "sheet.").format(
            across=_n(self.label_w.value() + self.gap_x.value()),
            down=_n(self.label_h.value() + self.gap_y.value()),
            count=self.columns.value() * self.rows.value()))  # fmt: skip


def _pair(first: QWidget, second: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(first)
    row.addWidget(QLabel("×"))
    row.addWidget(second)
    return row


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --- static lines, boxes, captions --------------------------------------------------------------


class StaticsPanel(QWidget):
    """The rules, boxes and captions printed the same on every label, edited in a table."""

    changed = Signal()
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = StaticsModel(self)
        self.model.edited.connect(self.changed)
        self.model.refused.connect(self.refused)
        self.table = QTableView()
        self.table.setObjectName("templateStatics")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QHBoxLayout()
        self.adders = []
        for kind, label in ((LineSpec, N_("Add a line")), (BoxSpec, N_("Add a box")),
                            (CaptionSpec, N_("Add a caption"))):  # fmt: skip
            button = QPushButton(_(label))
            button.clicked.connect(lambda _checked=False, kind=kind: self._add(kind))
            buttons.addWidget(button)
            self.adders.append(button)
        self.remove = QPushButton(_("Remove"))
        self.remove.clicked.connect(self._remove)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    @property
    def statics(self) -> list[Static]:
        return self.model.statics

    def set_statics(self, statics: tuple[Static, ...]) -> None:
        self.model.set_statics(list(statics))

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        for button in (*self.adders, self.remove):
            button.setEnabled(not read_only)

    def _add(self, kind: type) -> None:
        new = {LineSpec: LineSpec(2, 10, 40, 10), BoxSpec: BoxSpec(2, 2, 30, 15),
               CaptionSpec: CaptionSpec(_("Caption"), 2, 2, 9)}[kind]  # fmt: skip
        self.model.set_statics([*self.statics, new])
        self.table.selectRow(len(self.statics) - 1)
        self.changed.emit()

    def _remove(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if not rows:
            return
        self.model.set_statics([s for r, s in enumerate(self.statics) if r not in rows])
        self.changed.emit()
