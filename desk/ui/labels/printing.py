"""Printing labels at the template's exact page size (a custom QPageSize in mm, zero margins,
the full page), each page rendered at the printer's resolution (capped, see pdf_preview).

The printer is asked for first (pdf_preview.choose_printer, which tests replace); only then is
the print recorded (labels.print_labels), so cancelling the dialog records nothing. When the
printer refuses or the user stops it, the orders are recorded as not printed (record_failed).
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from desk.core.errors import DomainError
from desk.i18n import _
from desk.pdf.label_spec import LabelSpec
from desk.ui.orders import pdf_preview


def label_printer(spec: LabelSpec, printer_name: str, pages: int) -> QPrinter:
    """A printer set up for the template: its page size exactly, no margins, portrait."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if printer_name:
        printer.setPrinterName(printer_name)
    printer.setDocName(_("Shipping labels"))
    printer.setFullPage(True)
    size = QPageSize(QSizeF(spec.page_w_mm, spec.page_h_mm), QPageSize.Unit.Millimeter,
                     spec.title or spec.name, QPageSize.SizeMatchPolicy.ExactMatch)  # fmt: skip
    printer.setPageSize(size)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setFromTo(1, max(pages, 1))
    return printer


def paint(parent: QWidget | None, printer: QPrinter, data: bytes) -> bool:
    """Send every page of `data` to `printer`: True when all went out, False when the user
    stopped it; DomainError when the printer refused."""
    document, buffer = pdf_preview.load_document(data)
    try:
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
        return pdf_preview._paint(parent, printer, document)
    finally:
        document.close()
        document.deleteLater()
        buffer.deleteLater()


def printer_label(printer: QPrinter) -> str:
    """The name kept in the print log (and used for the calibration)."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return "PDF"
    return printer.printerName()


__all__ = ["DomainError", "label_printer", "paint", "printer_label"]
