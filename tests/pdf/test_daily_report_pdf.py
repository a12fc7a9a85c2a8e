"""The daily report PDF (日结报表), read back with pypdf: A4, the embedded Chinese font, the
summary, the per-account check with variance and explanation, every entry, a line to sign."""

from __future__ import annotations

import datetime
import io

from pypdf import PdfReader

from desk import i18n
from desk.core.books import AccountBalance, DailyReport, DaySummary, EntryRow
from desk.pdf.daily_report import render_daily_report, yuan
from tests.pdf.test_confirmation_pdf import embedded_fonts, flat, page_size_mm

DAY = datetime.date(2026, 3, 14)


def entry(i: int, category: str, kind: str, amount: int, note: str = "", **more) -> EntryRow:
    values = dict(id=i, day=DAY, kind=kind, category_id=1, category_name=category, account_id=1,
                  account_name="支付宝", amount_fen=amount, note=note, order_id=None, order_number="",
                  return_id=None, return_number="", auto_key=None, adjusts_day=None, staff_name="小雅",
                  created_at=datetime.datetime(2026, 3, 14, 20, 0), closed=True)  # fmt: skip
    values.update(more)
    return EntryRow(**values)


def report(entries, closed=True) -> DailyReport:
    accounts = (
        AccountBalance(1, "支付宝", 100000, 38700, 5000, 133700, 133700, ""),
        AccountBalance(4, "现金", 20000, 0, 3550, 16450, 16000, "找零少了4.50元"),
    )
    summary = DaySummary(
        day=DAY, orders=2, items=3, sales_fen=38700, refunds_fen=5000, postage_fen=0,
        other_expense_fen=3550, other_income_fen=0, net_fen=38700 - 5000 - 3550, entry_count=len(entries),
        adjusting_count=0, pending_count=0, accounts=accounts, closed=closed,
        closed_at=datetime.datetime(2026, 3, 14, 22, 5) if closed else None, closed_by="小雅",
        comment="今天顺利",
    )  # fmt: skip
    return DailyReport("小雅的衣橱", summary, tuple(entries), datetime.datetime(2026, 3, 14, 22, 6))


ENTRIES = [
    entry(1, "销售收入", "income", 25800, "订单 20260314-0001", order_number="20260314-0001"),
    entry(2, "销售收入", "income", 12900, "订单 20260314-0002", order_number="20260314-0002"),
    entry(3, "退款", "expense", 5000, "退货 TH-1"),
    entry(4, "包装耗材", "expense", 3550, "纸箱50个", account_name="现金"),
]


def test_yuan_has_thousands_and_sign():
    assert (yuan(123456789), yuan(-5), yuan(0), yuan(None)) == ("1,234,567.89", "-0.05", "0.00", "")


def test_a4_sheet_with_summary_accounts_entries_and_signature():
    i18n.set_language("en")
    reader = PdfReader(io.BytesIO(render_daily_report(report(ENTRIES))))
    page = reader.pages[0]
    assert page_size_mm(page) == (210.0, 297.0)
    assert embedded_fonts(page)
    text = flat(page)
    for word in ("小雅的衣橱", "2026-03-14", "Closed2026-03-1422:05by小雅", "387.00", "50.00", "35.50",
                 "301.50", "支付宝", "现金", "1,337.00", "164.50", "160.00", "-4.50", "找零少了4.50元",
                 "纸箱50个", "20260314-0001", "4entries,net301.50", "今天顺利", "Preparedby", "Checkedby"):  # fmt: skip
        assert word in text, word


def test_a_draft_says_not_closed_and_long_days_run_over_pages():
    i18n.set_language("en")
    many = [entry(i, "销售收入", "income", 100 + i, f"订单 {i:04d}") for i in range(1, 121)]
    reader = PdfReader(io.BytesIO(render_daily_report(report(many, closed=False))))
    assert len(reader.pages) >= 3
    first = flat(reader.pages[0])
    assert "Notclosedyet" in first
    last = flat(reader.pages[-1])
    assert "120entries,net" in last and f"Page{len(reader.pages)}of{len(reader.pages)}" in last
    assert "订单0120" in "".join(flat(p) for p in reader.pages)
