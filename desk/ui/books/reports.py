"""The report files of the books: the daily report (日报) and the monthly report as PDF (previewed,
printed or saved) and xlsx. The core renders and writes the files (through a temporary
name, refusing a target open in Excel); the file choosers are module functions so that tests replace them.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import books
from desk.i18n import _
from desk.ui import messages
from desk.ui.orders import pdf_preview
from desk.ui.widgets.elided_label import ElidedLabel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


def choose_xlsx_file(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    """Where to save an xlsx file (`.xlsx` added when missing); tests replace this."""
    name, _selected = QFileDialog.getSaveFileName(
        parent, title, str(pdf_preview.documents() / suggested), _("Excel files (*.xlsx)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def daily_pdf(day: datetime.date) -> bytes:
    return books.daily_pdf(day)


def month_pdf(year: int, month: int) -> bytes:
    return books.month_pdf(year, month)


class PreviewDialog(QDialog):
    """A PDF shown full size, with Print… and Close."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.setWindowTitle(title)
        self.data = data
        self.preview = pdf_preview.PdfPreview(self)
        self.preview.set_pdf(data)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.resize(760, 900)


class ReportActions(QWidget):
    """Preview / Print / Save PDF / Save xlsx of one day's report (shown once the day is closed,
    preview and print also before, as a draft)."""

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.day: datetime.date | None = None
        self.last_saved: Path | None = None
        self.buttons: dict[str, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for name, text, slot in (
            ("previewReport", _("Preview report"), self.preview),
            ("printReport", _("Print report…"), self.print_report),
            ("savePdf", _("Save PDF…"), self.save_pdf),
            ("saveXlsx", _("Save xlsx…"), self.save_xlsx),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
            layout.addWidget(button)
        self.note = ElidedLabel()
        self.note.setObjectName("reportSaved")
        layout.addWidget(self.note, 1)

    def set_day(self, day: datetime.date, closed: bool) -> None:
        self.day = day
        for name in ("savePdf", "saveXlsx"):
            self.buttons[name].setEnabled(True)
        tip = "" if closed else _("The day is not closed yet: the report is a draft.")
        for button in self.buttons.values():
            button.setToolTip(tip)

    def _pdf(self) -> bytes | None:
        if self.day is None:
            return None
        return self._session.bus.run_op(self, daily_pdf, self.day)

    def _stem(self) -> str:
        return _("daily-report-{day}").format(day=self.day.isoformat() if self.day else "")

    def preview(self) -> PreviewDialog | None:
        data = self._pdf()
        if data is None:
            return None
        dialog = PreviewDialog(data, _("Daily report {day}").format(day=self.day), self)
        dialog.open()
        return dialog

    def print_report(self) -> bool:
        data = self._pdf()
        if data is None:
            return False
        return bool(self._session.bus.run_op(self, pdf_preview.print_pdf, self, data,
                                             self._stem()))  # fmt: skip

    def save_pdf(self) -> Path | None:
        if self.day is None:
            return None
        path = pdf_preview.choose_pdf_file(self, _("Save the daily report"), self._stem() + ".pdf")
        if path is None:
            return None
        written = self._session.bus.run_op(self, books.write_daily_pdf, self.day, path)
        self._saved(written)
        return written

    def save_xlsx(self) -> Path | None:
        if self.day is None:
            return None
        path = choose_xlsx_file(self, _("Save the daily report"), self._stem() + ".xlsx")
        if path is None:
            return None
        written = self._session.bus.run_op(self, books.write_daily_xlsx, self.day, path)
        self._saved(written)
        return written

    def _saved(self, path: Path | None) -> None:
        if path is None:
            return
        self.last_saved = Path(path)
        self.note.set_full_text(_("Saved to {path}").format(path=path))

    def offer(self) -> str:
        """After closing: print, save or preview the daily report now (or later)."""
        choice = messages.choose(
            self,
            _("The day is closed. Print or save the daily report now?"),
            [("print", _("Print…")), ("pdf", _("Save PDF…")), ("preview", _("Preview")),
             ("later", _("Later"))],
        )  # fmt: skip
        if choice == "print":
            self.print_report()
        elif choice == "pdf":
            self.save_pdf()
        elif choice == "preview":
            self.preview()
        return choice
