"""`python -m desk close-day …` and `python -m desk report …`: a day closed from the command line
with counted balances and its daily report; the month as PDF and xlsx; refusals are messages."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desk import cli
from desk.core import books, settings
from desk.core.books import EntryDraft
from desk.db.connection import open_shop
from desk.models import DayClose, DayCloseAccount, LedgerEntry, Order
from tests.core.orders_support import build_shop, line, order_in_status

DAY = datetime.date(2026, 3, 14)


@pytest.fixture
def shop_file(shop_path):
    """A closed shop file: one order paid on DAY (not booked yet), 35.50 of packaging in cash."""
    handle = open_shop(shop_path)
    try:
        settings.save_profile(settings.ShopProfile(shop_name="小雅的衣橱"))
        s = build_shop()
        order = order_in_status(s, "paid", line(s.v(), 2))
        Order.update(paid_at=datetime.datetime(2026, 3, 14, 9, 30)).where(
            Order.id == order.id
        ).execute()
        cash = next(a.id for a in books.list_accounts() if a.key == "cash")
        packaging = next(c.id for c in books.list_categories() if c.key == "packaging")
        books.add_entry(EntryDraft(DAY, packaging, cash, "35.50", "纸箱"), None)
        total = Order.get_by_id(order.id).total_fen
    finally:
        handle.close()
    return shop_path, total


def _closes(path):
    handle = open_shop(path, create=False)
    try:
        return [(str(c.day), c.id) for c in DayClose.select()], {
            a.account.name: (a.expected_fen, a.counted_fen, a.comment)
            for a in DayCloseAccount.select()
        }
    finally:
        handle.close()


def test_close_day_with_counted_balances_and_pdf(shop_file, tmp_path, capsys):
    path, total = shop_file
    args = ["close-day", "--db", str(path), "--date", "2026-03-14"]
    assert cli.main(args) == cli.EXIT_REFUSED  # the sale is not confirmed yet
    assert "--confirm-pending" in capsys.readouterr().err
    assert _closes(path)[0] == []
    counted = [*args, "--confirm-pending", "--counted", f"支付宝={total / 100:.2f}", "现金=-30"]
    assert cli.main(counted) == cli.EXIT_REFUSED
    assert "现金" in capsys.readouterr().err
    assert (
        cli.main([*args, "--confirm-pending", "--counted", "现金=-40", "--comment", "现金=少了"])
        == 2
    )
    assert _closes(path)[0] == []  # a negative balance is refused as an amount
    out = tmp_path / "day.pdf"
    ok = [*args, "--confirm-pending", "--counted", f"支付宝={total / 100:.2f}", "现金=0",
          "--comment", "现金=备用金未记", "--pdf", str(out)]  # fmt: skip
    assert cli.main(ok) == cli.EXIT_OK, capsys.readouterr().err
    closes, accounts = _closes(path)
    assert [d for d, _i in closes] == ["2026-03-14"]
    assert accounts["支付宝"] == (total, total, "")
    assert accounts["现金"] == (-3550, 0, "备用金未记")
    text = "".join(PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text().split())
    assert "小雅的衣橱" in text and "备用金未记" in text and "35.50" in text
    assert cli.main([*args, "--confirm-pending"]) == cli.EXIT_REFUSED  # closed already
    assert "2026-03-14" in capsys.readouterr().err


def test_unknown_account_and_bad_pairs(shop_file, capsys):
    path, _total = shop_file
    base = ["close-day", "--db", str(path), "--date", "2026-03-14", "--confirm-pending"]
    assert cli.main([*base, "--counted", "花呗=5"]) == cli.EXIT_REFUSED
    assert "花呗" in capsys.readouterr().err
    assert cli.main([*base, "--counted", "5"]) == cli.EXIT_REFUSED
    assert cli.main(["close-day", "--db", str(path), "--date", "2026-02-30"]) == cli.EXIT_REFUSED
    assert _closes(path)[0] == []


def test_month_report_pdf_and_xlsx(shop_file, tmp_path, capsys):
    path, total = shop_file
    assert (
        cli.main(["close-day", "--db", str(path), "--date", "2026-03-14", "--confirm-pending"]) == 0
    )
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    assert cli.main(["report", "--db", str(path), "--month", "2026-03", "--pdf", str(pdf)]) == 0
    text = "".join(PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text().split())
    assert "2026-03" in text and f"{total / 100:,.2f}" in text
    assert cli.main(["report", "--db", str(path), "--month", "2026-03", "--xlsx", str(xlsx)]) == 0
    sheet = load_workbook(xlsx).worksheets[0]
    values = {
        row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True) if row and row[0]
    }
    assert float(values[next(k for k in values if "销售" in k or "Sales" in k)]) == total / 100
    assert (
        cli.main(["report", "--db", str(path), "--month", "2026-13", "--pdf", str(pdf)])
        == cli.EXIT_REFUSED
    )
    assert cli.main(["report", "--db", str(path), "--month", "2026-03"]) == cli.EXIT_REFUSED
    handle = open_shop(path, create=False)
    try:
        assert LedgerEntry.select().count() == 2
    finally:
        handle.close()


def test_a_refused_close_leaves_the_automatic_entries_unconfirmed(shop_file, capsys):
    path, total = shop_file
    args = ["close-day", "--db", str(path), "--date", "2026-03-14", "--confirm-pending",
            "--counted", f"支付宝={total / 100 + 1:.2f}"]  # a variance of 1.00 and no comment
    assert cli.main(args) == cli.EXIT_REFUSED
    assert "支付宝" in capsys.readouterr().err
    handle = open_shop(path, create=False)
    try:
        assert not LedgerEntry.select().where(LedgerEntry.auto_key.is_null(False)).exists()
        assert books.day_summary(DAY).pending_count == 1
    finally:
        handle.close()
    assert _closes(path)[0] == []
