"""The report files: the daily and monthly reports as PDF (bytes, or a file) and as xlsx.

Files are written to a temporary file beside the target and renamed over it, so a target open in
Excel / WPS is refused with a clear message and left untouched. In the xlsx, amounts are numbers
(yuan, format 0.00) and codes and order numbers are text."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from desk.core import books
from desk.core.books_report import daily_report, month_report
from desk.core.customer_export import _write_atomic
from desk.core.errors import DomainError
from desk.core.money import yuan_decimal
from desk.i18n import _
from desk.pdf.fonts import FontNotFound

TEXT = "@"
MONEY = "0.00"


def daily_pdf(day: datetime.date) -> bytes:
    from desk.pdf.daily_report import render_daily_report

    try:
        return render_daily_report(daily_report(day))
    except FontNotFound as exc:
        raise DomainError(str(exc)) from None


def month_pdf(year: int, month: int) -> bytes:
    from desk.pdf.monthly_report import render_monthly_report

    try:
        return render_monthly_report(month_report(year, month))
    except FontNotFound as exc:
        raise DomainError(str(exc)) from None


def _write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)

    def save(target: Path) -> None:
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    _write_atomic(path, save)
    return path


def write_daily_pdf(day: datetime.date, path: Path) -> Path:
    return _write_bytes(path, daily_pdf(day))


def write_month_pdf(year: int, month: int, path: Path) -> Path:
    return _write_bytes(path, month_pdf(year, month))


class _Book:
    """A small openpyxl workbook writer: typed cells, bold headers, column widths."""

    def __init__(self):
        from openpyxl import Workbook

        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.sheet = None

    def sheet_named(self, title: str, widths: list[float]):
        from openpyxl.utils import get_column_letter

        self.sheet = self.workbook.create_sheet(title[:31])
        for number, width in enumerate(widths, 1):
            self.sheet.column_dimensions[get_column_letter(number)].width = width
        return self.sheet

    def row(
        self, values: list, formats: list[str | None] | None = None, bold: bool = False
    ) -> None:
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        self.sheet.append([None] * len(values))
        r = self.sheet.max_row
        for c, value in enumerate(values, 1):
            fmt = formats[c - 1] if formats and c - 1 < len(formats) else None
            cell = self.sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # never a formula
                if value.startswith(("=", "+", "-", "@")):
                    cell.quotePrefix = True
            elif fmt == MONEY and value is not None:
                cell.value = yuan_decimal(value)
            else:
                cell.value = value
            if fmt:
                cell.number_format = fmt
            if bold:
                cell.font = Font(bold=True)

    def save(self, path: Path) -> Path:
        path = Path(path)

        def save(target: Path) -> None:
            self.workbook.save(target)
            with open(target, "rb+") as handle:
                os.fsync(handle.fileno())

        _write_atomic(path, save)
        return path


def write_daily_xlsx(day: datetime.date, path: Path) -> Path:
    report = daily_report(day)
    s = report.summary
    book = _Book()
    book.sheet_named(_("Daily report"), [22, 14, 14, 14, 14, 14, 14, 30])
    book.row([_("Daily report {day}").format(day=s.day.isoformat())], bold=True)
    book.row([_("Shop name"), report.shop_name])
    book.row(
        [
            _("Closed"),
            (s.closed_at.strftime("%Y-%m-%d %H:%M") if s.closed_at else "")
            if s.closed
            else _("No"),
        ]
    )
    for label, value, fmt in (
        (_("Orders"), s.orders, None), (_("Pieces"), s.items, None), (_("Sales"), s.sales_fen, MONEY),
        (_("Refunds"), s.refunds_fen, MONEY), (_("Postage"), s.postage_fen, MONEY),
        (_("Other expenses"), s.other_expense_fen, MONEY), (_("Other income"), s.other_income_fen, MONEY),
        (_("Net (income − expenses)"), s.net_fen, MONEY),
    ):  # fmt: skip
        book.row([label, value], [None, fmt])
    book.row([])
    book.row([_("Account"), _("Opening"), _("Income"), _("Expense"), _("Expected"), _("Counted"),
              _("Variance"), _("Explanation")], bold=True)  # fmt: skip
    for a in s.accounts:
        book.row([a.account_name, a.opening_fen, a.income_fen, a.expense_fen, a.expected_fen, a.counted_fen,
                  a.variance_fen, a.comment], [None] + [MONEY] * 6 + [None])  # fmt: skip
    if s.comment:
        book.row([_("Comment"), s.comment])
    book.sheet_named(_("Entries"), [12, 12, 14, 12, 14, 16, 14, 40, 12, 12])
    book.sheet.freeze_panes = "A2"
    book.row([_("Date"), _("Type"), _("Category"), _("Account"), _("Amount"), _("Order no."), _("Return no."),
              _("Note"), _("Corrects day"), _("Staff")], bold=True)  # fmt: skip
    for e in report.entries:
        book.row(
            [e.day, books.kind_label(e.kind), e.category_name, e.account_name, e.signed_fen, e.order_number,
             e.return_number, e.note, e.adjusts_day, e.staff_name],
            ["yyyy-mm-dd", None, None, None, MONEY, TEXT, TEXT, None, "yyyy-mm-dd", None],
        )  # fmt: skip
    return book.save(path)


def write_month_xlsx(year: int, month: int, path: Path) -> Path:
    r = month_report(year, month)
    book = _Book()
    book.sheet_named(_("Monthly report"), [24, 16])
    book.row([_("Monthly report {month}").format(month=f"{r.year}-{r.month:02d}")], bold=True)
    book.row([_("Shop name"), r.shop_name])
    for label, value, fmt in (
        (_("Sales"), r.sales_fen, MONEY), (_("Refunds"), r.refunds_fen, MONEY),
        (_("Postage"), r.postage_fen, MONEY), (_("Other expenses"), r.other_expense_fen, MONEY),
        (_("Other income"), r.other_income_fen, MONEY), (_("Net (income − expenses)"), r.net_fen, MONEY),
        (_("Orders"), r.orders, None), (_("Pieces"), r.items, None),
        (_("Average order value"), r.average_order_fen, MONEY), (_("Buyers served"), r.consults, None),
        (_("Buyers who bought"), r.deals, None),
        (_("Conversion"), r.conversion if r.conversion is not None else "—", "0.0%"),
        (_("Days closed"), r.closed_days, None),
    ):  # fmt: skip
        book.row([label, value], [None, fmt])
    book.sheet_named(_("Sales per day"), [14, 16])
    book.row([_("Date"), _("Sales")], bold=True)
    for day, fen in r.daily_sales:
        book.row([day, fen], ["yyyy-mm-dd", MONEY])
    book.sheet_named(_("Top products"), [16, 30, 10, 16])
    book.row([_("Item code"), _("Product name"), _("Pieces"), _("Amount")], bold=True)
    for p in r.top_products:
        book.row(
            [p.product_code, p.product_name, p.quantity, p.amount_fen], [TEXT, None, None, MONEY]
        )
    book.sheet_named(_("Returns by reason"), [24, 10, 16])
    book.row([_("Reason"), _("Cases"), _("Refunded")], bold=True)
    for x in r.returns_by_reason:
        book.row([x.label, x.cases, x.refund_fen], [None, None, MONEY])
    return book.save(path)
