"""The figures of the reports: one day (the daily report) and one month (sales, refunds, net,
orders, average order value, conversion from the service book, top products, returns by reason,
sales per day). Money comes from the ledger; orders, pieces and products from the orders paid."""

from __future__ import annotations

import calendar
import datetime
import json

from desk.core import books, returns, settings
from desk.core.books_auto import day_orders, day_products
from desk.core.books_close import _day_rows, _money, day_summary
from desk.core.books_common import as_date, entries_of_day, to_date
from desk.core.errors import ValidationError
from desk.db.connection import db
from desk.i18n import _

TOP_PRODUCTS = 10


def daily_report(day: datetime.date) -> books.DailyReport:
    day = as_date(day)
    return books.DailyReport(
        shop_name=settings.get_profile().shop_name,
        summary=day_summary(day),
        entries=tuple(entries_of_day(day)),
        printed_at=datetime.datetime.now().replace(microsecond=0),
    )


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first day of the month and the first day of the next one."""
    if not (1 <= int(month) <= 12) or not (2000 <= int(year) <= 2100):
        raise ValidationError(_("Month must be such as 2026-11."), "month")
    first = datetime.date(int(year), int(month), 1)
    return first, first + datetime.timedelta(days=calendar.monthrange(first.year, first.month)[1])


MONEY_KEYS = (
    "sales_fen",
    "refunds_fen",
    "postage_fen",
    "other_expense_fen",
    "other_income_fen",
    "net_fen",
)


def _day_figures(day: datetime.date, stored: dict | None) -> tuple[dict, int, int, int, list]:
    """(money, orders, their total, items, products) of one day: as kept at its close (its
    entries are locked, so they are what the ledger says), else from the ledger and orders now."""
    if stored is not None and "products" in stored and "order_total_fen" in stored:
        money = {k: stored.get(k, 0) for k in MONEY_KEYS}
        return (money, stored.get("orders", 0), stored["order_total_fen"], stored.get("items", 0),
                stored["products"])  # fmt: skip
    money = _money(_day_rows(day))
    products = [list(p) for p in day_products(day)]
    count, total, _missing = day_orders(day)
    return money, count, total, sum(p[2] for p in products), products


def month_report(year: int, month: int) -> books.MonthReport:
    first, after = month_bounds(year, month)
    days = (after - first).days
    span = (first.isoformat(), after.isoformat())
    closes = {
        str(d)[:10]: json.loads(summary or "{}")
        for d, summary in db.execute_sql(
            "SELECT day, summary FROM day_close WHERE day >= ? AND day < ?", span
        ).fetchall()
    }
    fig = dict.fromkeys(MONEY_KEYS, 0)
    orders = items = order_total = 0
    daily = []
    products: dict[str, list] = {}
    for i in range(days):
        day = first + datetime.timedelta(days=i)
        money, n, total, pieces, lines = _day_figures(day, closes.get(day.isoformat()))
        order_total += total
        for k in MONEY_KEYS:
            fig[k] += money[k]
        orders += n
        items += pieces
        daily.append((day, money["sales_fen"]))
        for code, name, quantity, amount in lines:
            row = products.setdefault(code, [code, name, 0, 0])
            row[2] += quantity
            row[3] += amount
    ranked = sorted(products.values(), key=lambda r: (-r[3], -r[2], r[0]))
    consults, deals = db.execute_sql(
        "SELECT count(CASE WHEN kind = 'consult' THEN 1 END), count(CASE WHEN kind = 'deal' THEN 1 END)"
        " FROM service_event WHERE day >= ? AND day < ?",
        span,
    ).fetchone()
    reasons = db.execute_sql(
        "SELECT reason, count(*), coalesce(sum(CASE WHEN refunded_at IS NOT NULL THEN refund_fen END), 0)"
        " FROM return_case WHERE created_at >= ? AND created_at < ? GROUP BY reason ORDER BY count(*) DESC, reason",
        span,
    ).fetchall()
    closed = len(closes)
    return books.MonthReport(
        shop_name=settings.get_profile().shop_name, year=first.year, month=first.month, **fig,
        orders=orders, items=items, average_order_fen=round(order_total / orders) if orders else None,
        consults=consults, deals=deals,
        top_products=tuple(books.ProductFigure(c, n or "", q, a) for c, n, q, a in ranked[:TOP_PRODUCTS]),
        returns_by_reason=tuple(books.ReasonFigure(r, returns.reason_label(r), n, f) for r, n, f in reasons),
        daily_sales=tuple(daily),
        closed_days=closed, days_in_month=days,
        printed_at=datetime.datetime.now().replace(microsecond=0),
    )  # fmt: skip


__all__ = ["daily_report", "month_bounds", "month_report", "to_date"]
