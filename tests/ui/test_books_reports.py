"""Books reports: the monthly report dialog (figures, the PDF preview with its chart, saved as PDF
and xlsx, a target open elsewhere refused in words), the closed-days list, the daily report as
xlsx from the close dialog."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desk.core import books, customer_export
from desk.core.books import CountedBalance, EntryDraft
from desk.core.money import format_yuan
from desk.ui.books import reports
from desk.ui.books.close_dialog import CloseDayDialog
from desk.ui.books.month_dialog import MonthReportDialog
from desk.ui.books.page import BooksPage
from desk.ui.orders import pdf_preview
from tests.ui.conftest import show_active

TODAY = datetime.date.today()
FIRST = TODAY.replace(day=1)


def ids(items) -> dict[str, int]:
    return {i.name: i.id for i in items}


def add(category: str, amount: str, note: str, day=FIRST, account="支付宝"):
    draft = EntryDraft(
        day=day,
        category_id=ids(books.list_categories())[category],
        account_id=ids(books.list_accounts())[account],
        amount=amount,
        note=note,
    )
    return books.add_entry(draft, None)[0]


@pytest.fixture
def month(session):
    add("销售收入", "300", "线下卖出 2 件")
    add("其他收入", "20", "卖纸壳")
    add("快递费", "12", "中通")
    return books.month_report(TODAY.year, TODAY.month)


def test_month_dialog_shows_the_figures_and_the_report_with_its_chart(qtbot, session, month):
    dialog = MonthReportDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.message.text() == ""
    assert dialog.figures["sales"].text() == format_yuan(30000, symbol=True)
    assert dialog.figures["net"].text() == format_yuan(30000 + 2000 - 1200, symbol=True)
    assert dialog.figures["conversion"].text() == "—"  # nobody in the service book
    assert dialog.preview.page_count() >= 1
    reader = PdfReader(io.BytesIO(dialog.preview.data))
    assert round(float(reader.pages[0].mediabox.width) / 72 * 25.4) == 210  # A4
    text = reader.pages[0].extract_text()
    assert f"{TODAY.year}" in text and "300.00" in text


def test_month_report_saved_as_pdf_and_xlsx(qtbot, session, month, tmp_path, monkeypatch, said):
    pdf_target, xlsx_target = tmp_path / "月报.pdf", tmp_path / "月报.xlsx"
    monkeypatch.setattr(pdf_preview, "choose_pdf_file", lambda parent, title, name: pdf_target)
    monkeypatch.setattr(reports, "choose_xlsx_file", lambda parent, title, name: xlsx_target)
    dialog = MonthReportDialog(session)
    qtbot.addWidget(dialog)
    dialog.save_pdf_button.click()
    dialog.save_xlsx_button.click()
    assert said == []
    # the entries of the month: sales 300, other income 20, postage 12 → net 308 (yuan)
    text = "".join(PdfReader(pdf_target).pages[0].extract_text().split())
    assert f"{TODAY.year}-{TODAY.month:02d}" in text
    assert "300.00" in text and "308.00" in text and "12.00" in text
    summary = load_workbook(xlsx_target).worksheets[0]
    figures = [summary.cell(row=r, column=2).value for r in range(3, 9)]
    # sales, refunds, postage, other expenses, other income, net: numbers, not text
    assert figures == [300, 0, 12, 0, 20, 308]
    assert all(isinstance(v, (int, float)) for v in figures)
    assert str(xlsx_target) in dialog.message.text()


def test_an_xlsx_open_in_another_program_is_refused_in_words(
    qtbot, session, month, tmp_path, monkeypatch, said
):
    target = tmp_path / "月报.xlsx"
    target.write_bytes(b"the old file")
    real_replace = os.replace

    def locked(src, dst):
        if str(dst) == str(target):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(customer_export.os, "replace", locked)
    monkeypatch.setattr(reports, "choose_xlsx_file", lambda parent, title, name: target)
    dialog = MonthReportDialog(session)
    qtbot.addWidget(dialog)
    dialog.save_xlsx_button.click()
    assert len(said) == 1 and target.name in said[0][1]
    assert target.read_bytes() == b"the old file"
    assert not list(tmp_path.glob("*.part"))


def test_closed_days_are_listed_with_their_figures_and_open_their_day(qtbot, session):
    yesterday = TODAY - datetime.timedelta(days=1)
    add("其他收入", "100", "卖纸壳", day=yesterday, account="现金")
    cash = ids(books.list_accounts())["现金"]
    books.close_day(yesterday, (CountedBalance(cash, "98", "找零"),), None)
    page = show_active(qtbot, BooksPage(session), 1200, 800)
    page.refresh()
    panel = page.closed_days
    assert panel.model.rowCount() == 1
    texts = [panel.model.index(0, c).data() for c in range(panel.model.columnCount())]
    assert texts[0] == yesterday.isoformat()
    assert format_yuan(-200) in texts or "-2.00" in texts
    panel.view.activated.emit(panel.model.index(0, 0))
    dialog = page.dialog
    assert isinstance(dialog, CloseDayDialog)
    assert dialog.chosen_day() == yesterday
    assert not dialog.close_button.isVisible()
    assert dialog.counted[cash].isReadOnly() and dialog.counted[cash].text() == "98.00"
    assert dialog.comments[cash].text() == "找零"


def test_daily_report_as_xlsx_from_the_close_dialog(qtbot, session, tmp_path, monkeypatch, said):
    add("包装耗材", "35", "纸箱 50 个", day=TODAY)
    target = tmp_path / "日报.xlsx"
    monkeypatch.setattr(reports, "choose_xlsx_file", lambda parent, title, name: target)
    dialog = CloseDayDialog(session, TODAY)
    qtbot.addWidget(dialog)
    dialog.report.buttons["saveXlsx"].click()
    assert said == []
    cells = [c.value for ws in load_workbook(target) for row in ws.iter_rows() for c in row]
    assert "纸箱 50 个" in cells
    assert str(target) in dialog.report.note.full_text()


def test_the_daily_report_is_previewed_before_printing(qtbot, session, said):
    add("快递费", "12.5", "中通 寄件", day=TODAY)
    dialog = CloseDayDialog(session, TODAY)
    qtbot.addWidget(dialog)
    preview = dialog.report.preview()
    qtbot.addWidget(preview)
    assert said == []
    assert preview.preview.page_count() >= 1
    reader = PdfReader(io.BytesIO(preview.data))
    assert round(float(reader.pages[0].mediabox.height) / 72 * 25.4) == 297  # A4
    assert "中通寄件" in reader.pages[0].extract_text().replace(" ", "")
