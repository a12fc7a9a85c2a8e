"""The order confirmation (订单信息确认): the chat text copied in one keystroke, and the printable
sheets (订单信息确认表) previewed, printed, saved or opened in the system viewer.

`copy_confirmation` puts `confirmation.confirmation_text` on the clipboard and says so in the
status bar (or a tooltip when there is none) — no dialog to click away in the middle of a chat.

`run_confirmation_dialog` renders the sheets of the chosen orders in memory (A5 by default, A4 on
request) and shows them; 打印… prints them at their own page size (see `pdf_preview`); 保存 PDF…
writes them through a temporary file; 买家已确认 moves the paid ones to 已确认. A character the
font cannot draw (MissingGlyphs) or any other refusal is said in the user's words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QRadioButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, confirmation, order_flow, orders
from desk.core.changes import Changes
from desk.core.errors import DomainError
from desk.i18n import _
from desk.pdf.confirmation import SheetData, render_confirmations
from desk.pdf.fonts import FontNotFound
from desk.ui import messages
from desk.ui.customers.export_dialog import safe_file_name
from desk.ui.customers.import_worker import run_in_worker
from desk.ui.orders import pdf_preview

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

NOTICE_MS = 8000
#: Batches of more sheets than this are rendered off the GUI thread, behind a progress dialog.
WORKER_SHEETS = 40
PAGE_SIZES = ("A5", "A4")


def notify(parent: QWidget | None, text: str) -> None:
    """A short note that needs no dialog: the main window's status bar, else a tooltip."""
    window = parent.window() if parent is not None else None
    status = getattr(window, "status", None)
    if status is not None and hasattr(status, "report"):
        status.report(text)
        return
    if isinstance(window, QMainWindow) and window.statusBar() is not None:
        window.statusBar().showMessage(text, NOTICE_MS)
        return
    if parent is not None:
        where = parent.mapToGlobal(QPoint(parent.width() // 2, parent.height() // 2))
        QToolTip.showText(where, text, parent, parent.rect(), NOTICE_MS)


def copy_confirmation(parent: QWidget | None, session: ShopSession, order_id: int) -> None:
    """The confirmation text of the order to the clipboard, ready to paste into the chat."""
    text = session.bus.run_op(parent, confirmation.confirmation_text, order_id)
    if text is None:
        return
    QGuiApplication.clipboard().setText(text)
    notify(parent, _("Confirmation copied: paste it to the buyer."))


@dataclass(frozen=True)
class Confirmed:
    numbers: tuple[str, ...]  # moved to 已确认
    refused: tuple[str, ...]  # why the others could not be


def confirm_paid(order_ids: list[int], staff_id: int | None) -> tuple[Confirmed, Changes]:
    """The buyer agreed: every paid order of `order_ids` to 已确认 (each its own transaction;
    one refused does not stop the others)."""
    numbers, refused = [], []
    done = Changes()
    for order_id in order_ids:
        try:
            order = orders.get_order(order_id)
            if order.status != "paid":
                continue
            done |= order_flow.confirm(order_id, staff_id)
            numbers.append(order.number)
        except DomainError as exc:
            refused.append(exc.message)
    if numbers:
        done |= Changes.of(changes.ORDERS)
    return Confirmed(tuple(numbers), tuple(refused)), done


def render_sheets(sheets: list[SheetData], page: str) -> bytes:
    """The PDF of the sheets; FontNotFound said as a refusal."""
    try:
        return render_confirmations(sheets, page=page)
    except FontNotFound as exc:
        raise DomainError(str(exc)) from None


class ConfirmationDialog(QDialog):
    def __init__(self, session: ShopSession, order_ids: list[int],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("confirmationDialog")
        self.setWindowTitle(_("Order confirmation"))
        self.resize(760, 860)
        self._session = session
        self.order_ids = list(dict.fromkeys(order_ids))
        self.sheets: list[SheetData] = []
        self.page = "A5"
        self._pdfs: dict[str, bytes] = {}
        self.error: str | None = None

        self.summary = QLabel()
        self.summary.setObjectName("confirmationSummary")
        self.summary.setWordWrap(True)
        self.page_group = QButtonGroup(self)
        size_row = QHBoxLayout()
        size_row.addWidget(QLabel(_("Paper:")))
        for key, text in (("A5", _("A5 (one sheet per order)")), ("A4", _("A4"))):
            button = QRadioButton(text)
            button.setObjectName(f"page{key}")
            button.setProperty("page", key)
            button.setChecked(key == self.page)
            self.page_group.addButton(button)
            size_row.addWidget(button)
        size_row.addStretch(1)
        self.page_group.buttonClicked.connect(self._on_page_clicked)

        self.preview = pdf_preview.PdfPreview(self)
        self.note = QLabel()
        self.note.setObjectName("confirmationNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #1a4fb8;")

        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("printSheets")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save PDF…"))
        self.save_button.setObjectName("saveSheets")
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.open_button = QPushButton(_("Open in the system viewer"))
        self.open_button.setObjectName("openSheets")
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("buyerConfirmed")
        self.confirm_button.setToolTip(_("The buyer checked the sheet and agreed: the paid orders "
                                         "become confirmed."))  # fmt: skip
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        for button in (self.save_button, self.open_button, self.confirm_button):
            button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_sheets)
        self.save_button.clicked.connect(self.save_pdf)
        self.open_button.clicked.connect(self.open_in_viewer)
        self.confirm_button.clicked.connect(self.buyer_confirmed)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        for button in (self.open_button, self.save_button, self.print_button, close):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(size_row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self._load()

    # -- loading ---------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            if not self.order_ids:
                raise DomainError(_("Choose the orders to confirm first."))
            self.sheets = confirmation.sheet_data(self.order_ids)
            self._show(self.page)
        except DomainError as exc:
            self.error = exc.message
            for button in (self.print_button, self.save_button, self.open_button,
                           self.confirm_button):  # fmt: skip
                button.setEnabled(False)
            self.summary.setText(exc.message)
            return
        self._update_confirm_button()

    def pdf(self, page: str | None = None) -> bytes:
        """The sheets rendered on `page` (the current size by default), kept once rendered."""
        page = page or self.page
        if page not in self._pdfs:
            if len(self.sheets) > WORKER_SHEETS:
                outcome = run_in_worker(self, _("Preparing the confirmation sheets…"),
                                        render_sheets, self.sheets, page)  # fmt: skip
                self._pdfs[page] = outcome.unwrap()
            else:
                self._pdfs[page] = render_sheets(self.sheets, page)
        return self._pdfs[page]

    def _show(self, page: str) -> None:
        data = self.pdf(page)
        self.preview.set_pdf(data)
        self.page = page
        self.summary.setText(_("{count} confirmation sheets, {pages} pages, {page}.").format(
            count=len(self.sheets), pages=self.preview.page_count(), page=page))  # fmt: skip

    def _on_page_clicked(self, button: QRadioButton) -> None:
        page = str(button.property("page"))
        if page == self.page:
            return
        try:
            self._show(page)
        except DomainError as exc:
            messages.warning(self, exc.message)
            self.set_page_choice(self.page)

    def set_page_choice(self, page: str) -> None:
        for button in self.page_group.buttons():
            button.setChecked(button.property("page") == page)

    def choose_page(self, page: str) -> None:
        """As clicking the A5/A4 choice."""
        for button in self.page_group.buttons():
            if button.property("page") == page:
                button.setChecked(True)
                self._on_page_clicked(button)

    def _paid_ids(self) -> list[int]:
        paid = []
        for order_id in self.order_ids:
            try:
                if orders.get_order(order_id).status == "paid":
                    paid.append(order_id)
            except DomainError:
                continue
        return paid

    def _update_confirm_button(self) -> None:
        paid = len(self._paid_ids())
        self.confirm_button.setText(_("Buyer confirmed ({count})").format(count=paid) if paid
                                    else _("Buyer confirmed"))  # fmt: skip
        self.confirm_button.setEnabled(paid > 0)

    # -- actions ---------------------------------------------------------------------------
    def _file_stem(self) -> str:
        if len(self.sheets) == 1:
            name = _("confirmation-{number}").format(number=self.sheets[0].number)
        else:
            name = _("confirmations-{count}-{date}").format(
                count=len(self.sheets), date=datetime.date.today().isoformat())
        return safe_file_name(name)

    def print_sheets(self) -> bool:
        printed = self._session.bus.run_op(
            self, pdf_preview.print_pdf, self, self.pdf(), _("Order confirmation"))
        if printed:
            self.note.setText(_("Sent {count} confirmation sheets to the printer.").format(
                count=len(self.sheets)))
        return bool(printed)

    def save_pdf(self) -> None:
        path = pdf_preview.choose_pdf_file(self, _("Save the confirmation sheets"),
                                           self._file_stem() + ".pdf")  # fmt: skip
        if path is None:
            return
        written = self._session.bus.run_op(self, pdf_preview.write_pdf, path, self.pdf())
        if written is not None:
            self.note.setText(_("Saved to {path}").format(path=written))

    def open_in_viewer(self) -> None:
        self._session.bus.run_op(self, pdf_preview.open_in_viewer, self.pdf(), self._file_stem())

    def buyer_confirmed(self) -> None:
        result = self._session.bus.run_op(self, confirm_paid, self._paid_ids(),
                                          self._session.desk_person_id())  # fmt: skip
        if result is None:
            return
        done: Confirmed = result[0]
        if done.numbers:
            self.note.setText(_("Confirmed by the buyer: {numbers}").format(
                numbers=", ".join(done.numbers)))
        if done.refused:
            messages.warning(self, "\n".join(done.refused))
        self._update_confirm_button()

    def exec(self) -> int:
        if self.error is not None:
            messages.warning(self.parentWidget(), self.error)
            return QDialog.DialogCode.Rejected
        return super().exec()


def run_confirmation_dialog(parent: QWidget | None, session: ShopSession,
                            order_ids: list[int]) -> None:  # fmt: skip
    """Preview, print or save the confirmation sheets of `order_ids`; mark them confirmed."""
    dialog = ConfirmationDialog(session, order_ids, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
