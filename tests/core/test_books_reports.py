"""Books reports from the shop file: the month's figures computed independently, the daily and
monthly reports as PDF bytes and as xlsx read back (amounts as numbers, codes as text), and an
export over a file that is open elsewhere refused with the old file untouched."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desk import i18n
from desk.core import books, settings
from desk.core.books import EntryDraft
from desk.core.errors import DomainError, ValidationError
from desk.models import Order, OrderLine, ReturnCase, ServiceEvent
from tests.core.orders_support import build_shop, line, order_in_status

DAY = datetime.date(2026, 2, 10)


def cat(key):
    return next(c.id for c in books.list_categories() if c.key == key)


def acc(key):
    return next(a.id for a in books.list_accounts() if a.key == key)


@pytest.fixture
def month_shop(shop):
    settings.save_profile(settings.ShopProfile(shop_name="小雅的衣橱"))
    s = build_shop()
    made = []
    for quantity, day in ((2, 3), (1, 10), (3, 10), (1, 28)):
        order = order_in_status(s, "paid", line(s.v(), quantity))
        Order.update(paid_at=datetime.datetime(2026, 2, day, 11, 0)).where(
            Order.id == order.id
        ).execute()
        made.append(order.id)
    outside = order_in_status(s, "paid")  # paid in March: not in February
    Order.update(paid_at=datetime.datetime(2026, 3, 1, 9, 0)).where(
        Order.id == outside.id
    ).execute()
    for day in (3, 10, 28):
        books.confirm_pending(datetime.date(2026, 2, day), None)
    ReturnCase.create(number="TH-1", order=made[0], kind="refund_only", reason="size_small", refund_fen=12900,
                      refunded_at=datetime.datetime(2026, 2, 12, 10), created_at=datetime.datetime(2026, 2, 11))  # fmt: skip
    books.confirm_pending(datetime.date(2026, 2, 12), None)
    books.add_entry(EntryDraft(DAY, cat("ads"), acc("alipay"), "150", "直通车"), None)
    books.add_entry(EntryDraft(DAY, cat("other_income"), acc("cash"), "20"), None)
    for kind in ("consult",) * 8 + ("deal",) * 2 + ("lost",):
        ServiceEvent.create(day=DAY, kind=kind)
    return made


def test_month_figures(month_shop):
    r = books.month_report(2026, 2)
    totals = [Order.get_by_id(i).total_fen for i in month_shop]
    lines = list(OrderLine.select().where(OrderLine.order.in_(month_shop)))
    assert (r.orders, r.items) == (4, sum(x.quantity for x in lines))
    assert r.sales_fen == sum(totals)
    assert r.refunds_fen == 12900
    assert r.other_expense_fen == 15000 and r.other_income_fen == 2000
    assert r.net_fen == sum(totals) - 12900 - 15000 + 2000
    assert r.average_order_fen == round(sum(totals) / 4)
    assert (r.consults, r.deals, r.conversion) == (8, 2, 0.25)
    assert r.top_products[0].quantity == 7
    assert [(x.reason, x.cases, x.refund_fen) for x in r.returns_by_reason] == [
        ("size_small", 1, 12900)
    ]
    by_day = dict(r.daily_sales)
    assert len(by_day) == 28 and by_day[datetime.date(2026, 2, 10)] == totals[1] + totals[2]
    assert books.month_report(2026, 4).average_order_fen is None
    with pytest.raises(ValidationError):
        books.month_report(2026, 13)


def test_pdfs_as_bytes(month_shop):
    i18n.set_language("en")
    daily = PdfReader(io.BytesIO(books.daily_pdf(DAY)))
    text = "".join(daily.pages[0].extract_text().split())
    assert "2026-02-10" in text and "直通车" in text and "150.00" in text and "小雅的衣橱" in text
    monthly = PdfReader(io.BytesIO(books.month_pdf(2026, 2)))
    text = "".join(monthly.pages[0].extract_text().split())
    assert "2026-02" in text and "25.0%" in text and "A1023" in text


def test_xlsx_amounts_are_numbers_and_codes_text(month_shop, tmp_path):
    path = books.write_daily_xlsx(DAY, tmp_path / "day.xlsx")
    book = load_workbook(path)
    entries = book.worksheets[1]
    rows = list(entries.iter_rows(min_row=2))
    assert len(rows) == 4  # two sales, 直通车, other income
    numbers = [r[5].value for r in rows if r[5].value]
    assert numbers and all(isinstance(n, str) for n in numbers)
    assert all(r[5].number_format == "@" for r in rows)
    amounts = sorted(float(r[4].value) for r in rows)
    assert amounts[0] == -150.0 and all(r[4].number_format == "0.00" for r in rows)
    path = books.write_month_xlsx(2026, 2, tmp_path / "month.xlsx")
    book = load_workbook(path)
    products = book.worksheets[2]
    code = products.cell(row=2, column=1)
    assert code.value == "A1023" and code.number_format == "@" and code.data_type == "s"
    assert isinstance(products.cell(row=2, column=4).value, (int, float))
    daily = book.worksheets[1]
    assert daily.max_row == 29 and daily.cell(row=2, column=2).number_format == "0.00"


def test_export_over_an_open_file_is_refused_and_the_old_file_kept(
    month_shop, tmp_path, monkeypatch
):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "month.xlsx"
    target.write_bytes(b"old")
    real = os.replace

    def locked(src, dst):
        if str(dst) == str(target):
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(DomainError, match="month.xlsx"):
        books.write_month_xlsx(2026, 2, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["month.xlsx"]  # no partial file left


def test_closed_days_give_the_same_month(month_shop):
    """A closed day's figures come from its close (the orders are not read again): same month."""
    before = books.month_report(2026, 2)
    day = datetime.date(2026, 2, 1)
    while day.month == 2:
        books.close_day(day, (), None)
        day += datetime.timedelta(days=1)
    after = books.month_report(2026, 2)
    assert after.closed_days == 28 and before.closed_days == 0
    for name in ("sales_fen", "refunds_fen", "net_fen", "orders", "items", "average_order_fen",
                 "top_products", "daily_sales", "other_expense_fen", "other_income_fen"):  # fmt: skip
        assert getattr(after, name) == getattr(before, name), name
