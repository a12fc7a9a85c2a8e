"""Printer calibration (打印校准): per printer and template, an x/y offset in mm and a scale.

The user chooses the printer and the template, prints the calibration page (rulers and
crosshairs A, B, C at known places, drawn with the offsets now set), measures it with a ruler and
types what was measured — the offsets are computed (label_calibration) — or types the offsets
directly. The preview shows the calibration page as it would print now; 保存 stores the values
(labels.save_calibration), which every later label print on that printer uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import labels
from desk.core.labels import MAX_OFFSET_MM, SCALE_RANGE
from desk.i18n import _
from desk.pdf.label_calibration import Calibration, calibration_from_measurements, marks_of
from desk.pdf.labels import render_calibration_page
from desk.ui import messages
from desk.ui.labels import printing
from desk.ui.orders import pdf_preview

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PDF_PRINTER = "PDF"  # what the print log calls a print to a PDF file (printing.printer_label)


def _spin(name: str, low: float, high: float, decimals: int = 1, suffix: str = " mm"):
    box = QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(0.1 if decimals else 1)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)
    return box


class CalibrationDialog(QDialog):
    def __init__(self, session: ShopSession, template: str = "", printer: str = "",
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("calibrationDialog")
        self.setWindowTitle(_("Printer calibration"))
        self._session = session
        self.printer = QComboBox()
        self.printer.setObjectName("calibrationPrinter")
        for name in [*QPrinterInfo.availablePrinterNames(), PDF_PRINTER]:
            self.printer.addItem(name, name)
        self.template = QComboBox()
        self.template.setObjectName("calibrationTemplate")
        for info in labels.list_templates():
            self.template.addItem(info.title, info.name)
        self.printer.setCurrentIndex(max(self.printer.findData(printer or
                                                               QPrinterInfo.defaultPrinterName()), 0))  # fmt: skip
        self.template.setCurrentIndex(max(self.template.findData(template), 0))

        self.left = _spin("measuredLeft", 0, 100)
        self.top = _spin("measuredTop", 0, 100)
        self.ab = _spin("measuredAB", 0, 1000)
        self.ac = _spin("measuredAC", 0, 1000)
        for box in (self.ab, self.ac):
            box.setSpecialValueText(_("not measured"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        compute = QPushButton(_("Compute the offsets"))
        compute.setObjectName("calibrationCompute")
        compute.setAutoDefault(False)  # Enter in a box only takes its value
        compute.clicked.connect(self.compute)
        measured = QGroupBox(_("1. What you measured on the printed page"))
        form = QFormLayout(measured)
        form.addRow(self.hint)
        form.addRow(_("Left edge → centre of A"), self.left)
        form.addRow(_("Top edge → centre of A"), self.top)
        form.addRow(_("A → B"), self.ab)
        form.addRow(_("A → C"), self.ac)
        form.addRow(compute)

        self.dx = _spin("offsetX", -MAX_OFFSET_MM, MAX_OFFSET_MM, 2)
        self.dy = _spin("offsetY", -MAX_OFFSET_MM, MAX_OFFSET_MM, 2)
        self.scale = _spin("scale", SCALE_RANGE[0], SCALE_RANGE[1], 3, "")
        self.scale.setSingleStep(0.001)
        offsets = QGroupBox(_("2. Offsets (positive: right / down)"))
        form = QFormLayout(offsets)
        form.addRow(_("Move right"), self.dx)
        form.addRow(_("Move down"), self.dy)
        form.addRow(_("Scale"), self.scale)

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (("print", _("Print the calibration page…"), self.print_page),
                                 ("save", _("Save"), self.save),
                                 ("close", _("Close"), self.reject)):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(f"calibration_{name}")
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
        self.preview = pdf_preview.PdfPreview()
        self.preview.setObjectName("calibrationPreview")
        self.preview.setMinimumWidth(260)
        left = QVBoxLayout()
        top = QFormLayout()
        top.addRow(_("Printer"), self.printer)
        top.addRow(_("Template"), self.template)
        left.addLayout(top)
        left.addWidget(measured)
        left.addWidget(offsets)
        left.addStretch(1)
        left.addLayout(row)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.preview, 2)
        self.resize(820, 560)
        self.printer.currentIndexChanged.connect(lambda _i: self.load())
        self.template.currentIndexChanged.connect(lambda _i: self.load())
        for box in (self.dx, self.dy, self.scale):
            box.valueChanged.connect(lambda _v: self.update_preview())
        self.load()

    # --- values -------------------------------------------------------------------------------

    def chosen(self) -> tuple[str, str]:
        return self.printer.currentData() or "", self.template.currentData() or ""

    def values(self) -> Calibration:
        return Calibration(self.dx.value(), self.dy.value(), self.scale.value())

    def spec(self):
        info = self._session.bus.run_op(self, labels.get_template, self.chosen()[1])
        return info.spec if info is not None else None

    def load(self) -> None:
        """The saved calibration of this printer and template (0, 0, 1 when none)."""
        printer, template = self.chosen()
        found = self._session.bus.run_op(self, labels.get_calibration, printer, template)
        dx, dy, scale = found if found is not None else (0.0, 0.0, 1.0)
        self.printed_with = Calibration(dx, dy, scale)
        for box, value in ((self.dx, dx), (self.dy, dy), (self.scale, scale)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        spec = self.spec()
        if spec is not None:
            marks = marks_of(spec)
            self.hint.setText(_("On a page printed perfectly: {x} mm, {y} mm, A → B {ab} mm, "
                                "A → C {ac} mm.").format(x=f"{marks.a[0]:g}", y=f"{marks.a[1]:g}",
                                                         ab=f"{marks.ab:g}", ac=f"{marks.ac:g}"))  # fmt: skip
            self.left.setValue(marks.a[0])
            self.top.setValue(marks.a[1])
            self.ab.setValue(0)
            self.ac.setValue(0)
        self.update_preview()

    def page(self) -> bytes | None:
        """The calibration page with the offsets now in the boxes."""
        spec = self.spec()
        if spec is None:
            return None
        cal = self.values()
        return self._session.bus.run_op(self, render_calibration_page, spec, cal.dx_mm, cal.dy_mm,
                                        cal.scale, self.chosen()[0])  # fmt: skip

    def update_preview(self) -> None:
        data = self.page()
        if data is not None:
            self.preview.set_pdf(data)

    # --- actions ------------------------------------------------------------------------------

    def compute(self) -> Calibration | None:
        """The offsets from what was measured on the page printed last (with `printed_with`:
        the saved calibration, or what the boxes held when it was printed here); a distance
        of 0: not measured. Computing twice gives the same offsets."""
        spec = self.spec()
        if spec is None:
            return None
        new = calibration_from_measurements(spec, self.printed_with, self.left.value(),
                                            self.top.value(), self.ab.value() or None,
                                            self.ac.value() or None)  # fmt: skip
        if abs(new.dx_mm) > MAX_OFFSET_MM or abs(new.dy_mm) > MAX_OFFSET_MM or \
                not SCALE_RANGE[0] <= new.scale <= SCALE_RANGE[1]:  # fmt: skip
            messages.warning(self, _(
                "These measurements give an offset of {dx} mm, {dy} mm and a scale of {scale}: "
                "more than a calibration can correct. Check the paper size in the printer's "
                "settings and measure again.").format(
                dx=f"{new.dx_mm:+.2f}", dy=f"{new.dy_mm:+.2f}", scale=f"{new.scale:.3f}"))  # fmt: skip
            return None
        for box, value in ((self.dx, new.dx_mm), (self.dy, new.dy_mm), (self.scale, new.scale)):
            box.setValue(value)
        return new

    def save(self) -> bool:
        printer, template = self.chosen()
        cal = self.values()
        done = self._session.bus.run_op(self, labels.save_calibration, printer, template,
                                        cal.dx_mm, cal.dy_mm, cal.scale)  # fmt: skip
        if done is None:
            return False
        messages.information(self, _("Saved: labels printed on {printer} with this template move "
                                     "{dx} mm right and {dy} mm down, scale {scale}.").format(
            printer=printer, dx=f"{cal.dx_mm:+.2f}", dy=f"{cal.dy_mm:+.2f}",
            scale=f"{cal.scale:.3f}"))  # fmt: skip
        return True

    def print_page(self) -> bool:
        """Print the calibration page at the template's exact size on the chosen printer."""
        spec, data = self.spec(), self.page()
        if spec is None or data is None:
            return False
        name = self.chosen()[0]
        printer = printing.label_printer(spec, "" if name == PDF_PRINTER else name, 1)
        if not pdf_preview.choose_printer(self, printer):
            return False
        self.printed_with = self.values()  # what the user will measure
        try:
            return printing.paint(self, printer, data)
        except printing.DomainError as exc:
            messages.warning(self, exc.message)
            return False


def open_calibration(session: ShopSession, parent: QWidget | None, template: str = "",
                     printer: str = "") -> None:  # fmt: skip
    """Show the calibration dialog (modal) for a template and printer."""
    dialog = CalibrationDialog(session, template, printer, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
