"""Printing labels at the template's exact page size (a custom QPageSize in mm, zero margins,
the full page), each page rendered at the printer's resolution (capped, see
pdf_preview.paint_pdf).

The printer is asked for first (pdf_preview.choose_printer, which tests replace); only then is
the print recorded (labels.print_labels), so cancelling the dialog records nothing. When the
printer stops mid-batch (PrintFailed: the pages that went out) or the user stops it, the orders
whose labels did not come out are recorded as not printed (record_failed): `labels_on_pages`
says which.
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
    stopped it; PrintFailed (a DomainError, with `pages_done`) when the printer refused."""
    document, buffer = pdf_preview.load_document(data)
    try:
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
        return pdf_preview.paint_pdf(parent, printer, document)
    finally:
        document.close()
        document.deleteLater()
        buffer.deleteLater()


def labels_on_pages(spec: LabelSpec, count: int, start_at: int, pages: int) -> int:
    """How many of `count` labels are on the first `pages` pages (a label a page, or sheets of
    stickers starting at sticker `start_at`)."""
    if spec.sheet is None:
        return min(count, max(pages, 0))
    if pages <= 0:
        return 0
    first = spec.sheet.per_page - (start_at - 1)
    return min(count, first + (pages - 1) * spec.sheet.per_page)


def page_count(spec: LabelSpec, count: int, start_at: int) -> int:
    """The pages `count` labels take (see labels_on_pages)."""
    if spec.sheet is None:
        return count
    return -(-(start_at - 1 + count) // spec.sheet.per_page)


def exact_size(printer: QPrinter, spec: LabelSpec) -> bool:
    """Is the printer's paper (as the print dialog left it) the template's size, ±0.5 mm?"""
    size = printer.pageLayout().fullRect(QPageLayout.Unit.Millimeter)
    return (abs(size.width() - spec.page_w_mm) <= 0.5
            and abs(size.height() - spec.page_h_mm) <= 0.5)  # fmt: skip


def printer_label(printer: QPrinter) -> str:
    """The name kept in the print log (and used for the calibration)."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return "PDF"
    return printer.printerName()


PrintFailed = pdf_preview.PrintFailed

__all__ = ["DomainError", "PrintFailed", "exact_size", "label_printer", "labels_on_pages", "page_count", "paint",
           "printer_label"]  # fmt: skip
