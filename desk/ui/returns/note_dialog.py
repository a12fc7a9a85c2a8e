"""The return note (退货单) of a case: previewed in memory (A4 or A5), printed at its own page size
or saved as a PDF — the orders' PDF preview (`desk.ui.orders.pdf_preview`) does the work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import returns
from desk.core.errors import DomainError
from desk.i18n import _
from desk.ui import messages
from desk.ui.customers.export_dialog import safe_file_name
from desk.ui.orders import pdf_preview

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PAGE_SIZES = ("A4", "A5")


def note_pdf(case_id: int, page_size: str) -> bytes:
    """The 退货单 as PDF bytes; a missing font or character said as a refusal."""
    from desk.pdf.fonts import FontNotFound
    from desk.pdf.return_note import render_return_note

    try:
        return render_return_note(returns.note_data(case_id), page_size)
    except FontNotFound as exc:  # MissingGlyphs is a DomainError already
        raise DomainError(str(exc)) from None


class ReturnNoteDialog(QDialog):
    def __init__(self, session: ShopSession, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("returnNoteDialog")
        self.setWindowTitle(_("Return note"))
        self.resize(720, 860)
        self._session = session
        self.case_id = case_id
        self.number = returns.get_case(case_id).number
        self.page = "A4"
        self._pdfs: dict[str, bytes] = {}
        self.group = QButtonGroup(self)
        sizes = QHBoxLayout()
        sizes.addWidget(QLabel(_("Paper:")))
        for key in PAGE_SIZES:
            button = QRadioButton(key)
            button.setObjectName(f"notePage{key}")
            button.setProperty("page", key)
            button.setChecked(key == self.page)
            self.group.addButton(button)
            sizes.addWidget(button)
        sizes.addStretch(1)
        self.group.buttonClicked.connect(
            lambda button: self.show_page(str(button.property("page")))
        )
        self.preview = pdf_preview.PdfPreview(self)
        self.status = QLabel()
        self.status.setObjectName("noteStatus")
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("printNote")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_note)
        self.save_button = QPushButton(_("Save PDF…"))
        self.save_button.setObjectName("saveNote")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.save_button, self.print_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(sizes)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.pdf()  # a note that cannot be made refuses the dialog (open_note_dialog says why)
        self.show_page(self.page)

    def pdf(self) -> bytes:
        if self.page not in self._pdfs:
            self._pdfs[self.page] = note_pdf(self.case_id, self.page)
        return self._pdfs[self.page]

    def show_page(self, page: str) -> None:
        """Show the note on `page` paper; a PDF that cannot be made is refused with a message
        and the paper shown before stays chosen."""
        if page not in self._pdfs:
            data = self._session.bus.run_op(self, note_pdf, self.case_id, page)
            if data is None:
                for button in self.group.buttons():
                    button.setChecked(button.property("page") == self.page)
                return
            self._pdfs[page] = data
        self.page = page
        self.preview.set_pdf(self._pdfs[page])

    def print_note(self) -> bool:
        printed = self._session.bus.run_op(self, pdf_preview.print_pdf, self, self.pdf(),
                                           _("Return note"))  # fmt: skip
        if printed:
            self.status.setText(_("Sent to the printer."))
        return bool(printed)

    def save_pdf(self) -> None:
        stem = safe_file_name(_("return-note-{number}").format(number=self.number))
        path = pdf_preview.choose_pdf_file(self, _("Save the return note"), stem + ".pdf")
        if path is None:
            return
        written = self._session.bus.run_op(self, pdf_preview.write_pdf, path, self.pdf())
        if written is not None:
            self.status.setText(_("Saved to {path}").format(path=written))


def open_note_dialog(parent: QWidget, session: ShopSession,
                     case_id: int) -> ReturnNoteDialog | None:  # fmt: skip
    try:
        dialog = ReturnNoteDialog(session, case_id, parent)
    except DomainError as exc:
        messages.warning(parent, exc.message)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
