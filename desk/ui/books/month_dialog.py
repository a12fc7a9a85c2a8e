"""月报: a month's sales, refunds, net, orders, average order value, conversion (from the service
book), top products and returns by reason, beside the report PDF with its chart; saved as PDF or
exported to xlsx."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.core import books
from desk.core.books import MonthReport
from desk.core.errors import DomainError
from desk.core.money import format_yuan
from desk.i18n import N_, _
from desk.ui.books import reports
from desk.ui.orders import pdf_preview

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

FIGURES = (
    ("sales", N_("Sales")),
    ("refunds", N_("Refunds")),
    ("net", N_("Net")),
    ("orders", N_("Orders")),
    ("average", N_("Average order value")),
    ("conversion", N_("Conversion")),
    ("closed", N_("Days closed")),
)


def figure_texts(report: MonthReport) -> dict[str, str]:
    conversion = report.conversion
    return {
        "sales": format_yuan(report.sales_fen, symbol=True),
        "refunds": format_yuan(report.refunds_fen, symbol=True),
        "net": format_yuan(report.net_fen, symbol=True),
        "orders": _("{orders} orders, {items} items").format(orders=report.orders,
                                                              items=report.items),
        "average": (format_yuan(report.average_order_fen, symbol=True)
                    if report.average_order_fen is not None else "—"),
        "conversion": (_("{percent}% ({deals} of {consults} served)").format(
            percent=f"{conversion * 100:.1f}", deals=report.deals, consults=report.consults)
            if conversion is not None else "—"),
        "closed": _("{closed} of {days}").format(closed=report.closed_days,
                                                 days=report.days_in_month),
    }  # fmt: skip


class MonthReportDialog(QDialog):
    def __init__(self, session: ShopSession, year: int | None = None, month: int | None = None,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("monthReportDialog")
        self.setWindowTitle(_("Monthly report"))
        self._session = session
        self.report: MonthReport | None = None
        self.data = b""
        today = datetime.date.today()
        self.month = QDateEdit(QDate(year or today.year, month or today.month, 1))
        self.month.setObjectName("reportMonth")
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setMaximumDate(QDate(today.year, today.month, 1).addMonths(1).addDays(-1))
        self.month.dateChanged.connect(lambda _d: self.load())
        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow(_("Month"), self.month)
        for key, label in FIGURES:
            value = QLabel()
            value.setObjectName(f"month_{key}")
            self.figures[key] = value
            form.addRow(_(label), value)
        self.top = QLabel()
        self.top.setObjectName("monthTop")
        self.top.setWordWrap(True)
        self.top.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.reasons = QLabel()
        self.reasons.setObjectName("monthReasons")
        self.reasons.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("monthMessage")
        self.message.setWordWrap(True)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(QLabel("<b>" + _("Top products") + "</b>"))
        column.addWidget(self.top)
        column.addWidget(QLabel("<b>" + _("Returns by reason") + "</b>"))
        column.addWidget(self.reasons)
        column.addStretch(1)
        column.addWidget(self.message)
        self.preview = pdf_preview.PdfPreview(self)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 2)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("printMonth")
        self.save_pdf_button = QPushButton(_("Save PDF…"))
        self.save_pdf_button.setObjectName("saveMonthPdf")
        self.save_xlsx_button = QPushButton(_("Export xlsx…"))
        self.save_xlsx_button.setObjectName("saveMonthXlsx")
        close = QPushButton(_("Close"))
        for button, slot in (
            (self.print_button, self.print_report),
            (self.save_pdf_button, self.save_pdf),
            (self.save_xlsx_button, self.save_xlsx),
            (close, self.accept),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.save_pdf_button, self.save_xlsx_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(1100, 800)
        self.load()

    def year_month(self) -> tuple[int, int]:
        chosen = self.month.date()
        return chosen.year(), chosen.month()

    def load(self) -> None:
        year, month = self.year_month()
        try:
            self.report = books.month_report(year, month)
            self.data = reports.month_pdf(year, month)
            self.preview.set_pdf(self.data)
            self.message.clear()
        except DomainError as exc:
            self.message.setText(exc.message)
        if self.report is None:
            return
        for key, text in figure_texts(self.report).items():
            self.figures[key].setText(text)
        self.top.setText("\n".join(
            _("{code} {name}: {quantity} pcs, {amount}").format(
                code=p.product_code, name=p.product_name, quantity=p.quantity,
                amount=format_yuan(p.amount_fen, symbol=True))
            for p in self.report.top_products) or "—")  # fmt: skip
        self.reasons.setText("\n".join(
            _("{reason}: {cases} cases, {amount} refunded").format(
                reason=r.label, cases=r.cases, amount=format_yuan(r.refund_fen, symbol=True))
            for r in self.report.returns_by_reason) or "—")  # fmt: skip

    def _stem(self) -> str:
        year, month = self.year_month()
        return _("monthly-report-{month}").format(month=f"{year}-{month:02d}")

    def print_report(self) -> bool:
        if not self.data:
            return False
        return bool(self._session.bus.run_op(self, pdf_preview.print_pdf, self, self.data,
                                             self._stem()))  # fmt: skip

    def save_pdf(self) -> Path | None:
        path = pdf_preview.choose_pdf_file(
            self, _("Save the monthly report"), self._stem() + ".pdf"
        )
        if path is None:
            return None
        written = self._session.bus.run_op(self, books.write_month_pdf, *self.year_month(), path)
        if written is not None:
            self.message.setText(_("Saved to {path}").format(path=written))
        return written

    def save_xlsx(self) -> Path | None:
        path = reports.choose_xlsx_file(
            self, _("Export the monthly report"), self._stem() + ".xlsx"
        )
        if path is None:
            return None
        written = self._session.bus.run_op(self, books.write_month_xlsx, *self.year_month(), path)
        if written is not None:
            self.message.setText(_("Saved to {path}").format(path=written))
        return written


def run_month_dialog(parent: QWidget, session: ShopSession) -> MonthReportDialog:
    dialog = MonthReportDialog(session, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
