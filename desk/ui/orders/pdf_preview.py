"""A PDF held in memory: shown (QPdfView over a QBuffer), printed, saved, opened elsewhere.

Used by the confirmation sheets and the packing list. The bytes come from `desk.pdf` renderers;
nothing is written to disk unless the user saves (or opens the PDF in the system viewer, which
needs a file: a temporary one).

Printing (`paint_pdf`, also used for shipping labels): the printer gets the PDF's own page size
(A5 stays A5, matched to the printer's standard paper when there is one; labels set an exact
custom size) with zero margins and the full page; each page is rendered by QPdfDocument at the
printer's resolution — so that a 203 dpi thermal printer gets one image pixel per dot and the
barcodes stay sharp — capped at PRINT_DPI and MAX_PIXELS (a 1200 dpi printer would otherwise need a
280 MB image per A5 page), and drawn at its exact size from the paper's top-left corner. A printer
that fails mid-batch raises PrintFailed with the number of pages that went out. The printer
dialog and the file chooser are module functions, so that tests replace them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QRectF,
    QSize,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QVBoxLayout, QWidget

from desk.core.errors import DomainError
from desk.i18n import _

#: The highest resolution a page is rendered at for printing (dots per inch).
PRINT_DPI = 600
#: The most pixels one rendered page may have (ARGB: 4 bytes each; A4 at 600 dpi is 35 M).
MAX_PIXELS = 16_000_000


class PrintFailed(DomainError):
    """The printer stopped taking pages: `pages_done` went out before (message is user-facing)."""

    def __init__(self, message: str, pages_done: int):
        super().__init__(message)
        self.pages_done = pages_done


def load_document(data: bytes, owner: QWidget | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over `data` (keep the buffer alive as long as the document)."""
    buffer = QBuffer(owner)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(owner)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise DomainError(_("The PDF could not be read for the preview."))
    return document, buffer


class PdfPreview(QWidget):
    """The pages one below the other, fitted to the width; `set_pdf(bytes)` replaces them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data = b""
        self.document: QPdfDocument | None = None
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setPageSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_pdf(self, data: bytes) -> None:
        document, buffer = load_document(data, self)
        old_document, old_buffer = self.document, self._buffer
        self.view.setDocument(document)
        self.document, self._buffer, self.data = document, buffer, data
        for thing in (old_document, old_buffer):
            if thing is not None:
                thing.deleteLater()

    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0


# --- printing -------------------------------------------------------------------------------------


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The system's print dialog on `printer`; False when cancelled (tests replace this)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print"))
    try:
        return dialog.exec() == QPrintDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def page_size_of(document: QPdfDocument) -> QPageSize:
    """The first page's size, as the printer's standard paper when it is one (A5, A4)."""
    return QPageSize(document.pagePointSize(0), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)  # fmt: skip


def print_pdf(parent: QWidget | None, data: bytes, title: str) -> bool:
    """Ask for a printer and print every page of `data` at its own size with zero margins.
    True when the pages went to the printer; DomainError when the printer refused."""
    document, buffer = load_document(data)
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        printer.setFullPage(True)
        printer.setPageSize(page_size_of(document))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        printer.setFromTo(1, document.pageCount())
        if not choose_printer(parent, printer):
            return False
        return paint_pdf(parent, printer, document)
    finally:
        document.close()
        document.deleteLater()
        buffer.deleteLater()


def _pages_to_print(printer: QPrinter, count: int) -> range:
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(count, printer.toPage() or count)
        return range(first - 1, last)
    return range(count)


def render_dpi(printer_dpi: int, points_w: float, points_h: float) -> int:
    """The resolution a page is rendered at: the printer's, at most PRINT_DPI and MAX_PIXELS."""
    dpi = max(72, min(int(printer_dpi or 300), PRINT_DPI))
    while dpi > 72 and (points_w / 72 * dpi) * (points_h / 72 * dpi) > MAX_PIXELS:
        dpi -= 1
    return dpi


def paint_pdf(parent: QWidget | None, printer: QPrinter, document: QPdfDocument) -> bool:
    """Print the pages of `document` (the printer's page range) at their exact size, one image
    each at the printer's resolution (capped). True when all went out, False when the user
    stopped it (the job is aborted); PrintFailed (DomainError) when the printer could not start
    or stopped taking pages."""
    return _paint(parent, printer, document)


def _paint(parent: QWidget | None, printer: QPrinter, document: QPdfDocument) -> bool:
    """paint_pdf's work (the old private name, kept: tests that simulate a broken printer
    replace it)."""
    pages = _pages_to_print(printer, document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(_("The printer could not start printing. Check that it is switched "
                            "on and connected, then try again."), 0)  # fmt: skip
    progress = QProgressDialog(_("Printing…"), _("Cancel"), 0, len(pages), parent)
    progress.setWindowTitle(_("Print"))
    progress.setWindowModality(Qt.WindowModality.WindowModal if parent is not None
                               else Qt.WindowModality.ApplicationModal)  # fmt: skip
    progress.setMinimumDuration(500)
    device_dpi = printer.resolution()
    done = 0
    try:
        for index in pages:
            if progress.wasCanceled():
                printer.abort()
                return False
            if done and not printer.newPage():
                raise PrintFailed(_("The printer stopped taking pages after page {count}.")
                                  .format(count=done), done)  # fmt: skip
            points = document.pagePointSize(index)
            dpi = render_dpi(device_dpi, points.width(), points.height())
            image = document.render(index, QSize(round(points.width() / 72 * dpi),
                                                 round(points.height() / 72 * dpi)))  # fmt: skip
            target = QRectF(0, 0, points.width() / 72 * device_dpi,
                            points.height() / 72 * device_dpi)  # fmt: skip
            painter.drawImage(target, image)
            if printer.printerState() == QPrinter.PrinterState.Error:
                raise PrintFailed(_("The printer reported an error after page {count}.")
                                  .format(count=done), done)  # fmt: skip
            done += 1
            progress.setValue(done)  # a modal progress dialog lets events through here
        ended = painter.end()  # the job goes to the spooler here
        if not ended or printer.printerState() == QPrinter.PrinterState.Error:
            raise PrintFailed(_("The printer did not accept the print job."), 0)
    finally:
        if painter.isActive():
            painter.end()
        progress.reset()
        progress.deleteLater()
    return True


# --- files ----------------------------------------------------------------------------------------


def documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def choose_pdf_file(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    """Where to save a PDF (`.pdf` added when the name has no suffix); tests replace this."""
    name, _selected = QFileDialog.getSaveFileName(
        parent, title, str(documents() / suggested), _("PDF files (*.pdf)"))  # fmt: skip
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def write_pdf(path: Path, data: bytes) -> Path:
    """Write `data` beside `path` under a temporary name, then rename it over `path`: a
    half-written file never replaces a good one. DomainError (in the user's words) on failure."""
    path = Path(path).expanduser().absolute()
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".pdf.part",
                                        dir=path.parent)  # fmt: skip
    except OSError as exc:
        raise DomainError(_("Cannot write into the folder {folder}: {reason}").format(
            folder=path.parent, reason=exc.strerror or exc)) from None  # fmt: skip
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except PermissionError:
        partial.unlink(missing_ok=True)
        raise DomainError(_("Cannot replace {name}: it is open in another program or read-only. "
                            "Close it and save again; the old file is untouched.").format(
            name=path.name)) from None  # fmt: skip
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DomainError(_("Could not write {path}: {reason}. Nothing was saved.").format(
            path=path, reason=exc.strerror or exc)) from None  # fmt: skip
    return path


def open_url(url: QUrl) -> bool:
    """Hand a file to the system (tests replace this)."""
    return QDesktopServices.openUrl(url)


def open_in_viewer(data: bytes, stem: str) -> Path:
    """Write `data` to a temporary file and open it in the system's PDF viewer."""
    folder = Path(tempfile.gettempdir()) / "shop-desk"
    try:
        folder.mkdir(exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f"{stem}-", suffix=".pdf", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise DomainError(_("Could not write {path}: {reason}. Nothing was saved.").format(
            path=folder, reason=exc.strerror or exc)) from None  # fmt: skip
    path = Path(name)
    if not open_url(QUrl.fromLocalFile(str(path))):
        raise DomainError(_("No program to open PDF files was found. Save the PDF and open it "
                            "from its folder instead."))  # fmt: skip
    return path
