"""The demo's books: sales and refunds booked once each, days closed up to the day before
yesterday with figures that match their entries and balances that chain from close to close,
yesterday and today open with their sales still to confirm."""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections import defaultdict

from desk.core import books
from tests.core.test_demo import TODAY

YESTERDAY = TODAY - datetime.timedelta(days=1)


def test_sales_are_booked_once_per_paid_order_before_yesterday(conn):
    paid = conn.execute(
        'SELECT count(*) FROM "order" WHERE paid_at < ? AND merged_into_id IS NULL AND total_fen > 0',
        (YESTERDAY.isoformat(),),
    ).fetchone()[0]
    sales = conn.execute(
        "SELECT count(*), count(DISTINCT order_id) FROM ledger_entry WHERE auto_key LIKE 'sale:%'"
    )
    assert tuple(sales.fetchone()) == (paid, paid)
    assert paid > 1000


def test_days_closed_until_the_day_before_yesterday(conn):
    days = [d for (d,) in conn.execute("SELECT day FROM day_close ORDER BY day")]
    assert days[-1] == (YESTERDAY - datetime.timedelta(days=1)).isoformat()
    assert len(days) == len(set(days)) >= 50
    assert conn.execute("SELECT count(*) FROM day_close_account WHERE variance_fen != 0 AND comment = ''"
                        ).fetchone()[0] == 0  # fmt: skip
    assert (
        conn.execute("SELECT count(*) FROM day_close_account WHERE variance_fen != 0").fetchone()[0]
        > 0
    )


def test_closed_figures_match_the_entries_and_balances_chain(conn):
    moves = defaultdict(int)
    for day, acc, kind, fen in conn.execute(
        "SELECT day, account_id, kind, amount_fen FROM ledger_entry"
    ):
        moves[(day, acc)] += fen if kind == "income" else -fen
    counted = defaultdict(int)
    for day, summary, close_id in conn.execute(
        "SELECT day, summary, id FROM day_close ORDER BY day"
    ):
        figures = json.loads(summary)
        assert figures["net_fen"] == sum(v for (d, _a), v in moves.items() if d == day)
        for acc, expected, got in conn.execute(
            "SELECT account_id, expected_fen, counted_fen FROM day_close_account WHERE close_id = ?",
            (close_id,),
        ):
            assert expected == counted[acc] + moves[(day, acc)]
            counted[acc] = got


def test_yesterday_is_open_with_sales_to_confirm(opened):
    span = (YESTERDAY.isoformat(), TODAY.isoformat())
    file = sqlite3.connect(opened)
    unbooked = dict(file.execute(
        'SELECT id, total_fen FROM "order" o WHERE paid_at >= ? AND paid_at < ?'
        " AND merged_into_id IS NULL AND total_fen > 0 AND NOT EXISTS"
        " (SELECT 1 FROM ledger_entry e WHERE e.auto_key = 'sale:order:' || o.id)", span,
    ).fetchall())  # fmt: skip
    refunds = dict(file.execute(
        "SELECT id, refund_fen FROM return_case r WHERE refund_fen > 0 AND refunded_at >= ?"
        " AND refunded_at < ? AND NOT EXISTS"
        " (SELECT 1 FROM ledger_entry e WHERE e.auto_key = 'refund:return:' || r.id)", span,
    ).fetchall())  # fmt: skip
    assert not books.is_closed(YESTERDAY) and not books.is_closed(TODAY)
    pending = books.pending_entries(YESTERDAY)
    assert len(unbooked) > 0
    assert {p.order_id: p.amount_fen for p in pending if p.auto_key.startswith("sale:")} == unbooked
    assert {
        p.return_id: p.amount_fen for p in pending if p.auto_key.startswith("refund:")
    } == refunds
    assert all(p.auto_key.startswith(("sale:", "refund:")) for p in pending)
    closed_day = YESTERDAY - datetime.timedelta(days=1)
    summary = books.day_summary(closed_day)
    assert summary.closed and books.pending_entries(closed_day) == []
    (row,) = books.list_closed_days(closed_day, closed_day)
    assert row.expected_fen == summary.expected_total_fen
    books.confirm_pending(YESTERDAY, None)
    closed, _changes = books.close_day(YESTERDAY, (), None)
    sales = file.execute(
        "SELECT coalesce(sum(CASE WHEN e.kind = 'income' THEN e.amount_fen ELSE -e.amount_fen END), 0)"
        " FROM ledger_entry e JOIN ledger_category c ON c.id = e.category_id"
        " WHERE c.key = 'sales' AND e.day = ?", (YESTERDAY.isoformat(),),
    ).fetchone()[0]  # fmt: skip
    booked = file.execute(
        "SELECT count(*) FROM ledger_entry WHERE day = ? AND auto_key LIKE 'sale:order:%'",
        (YESTERDAY.isoformat(),),
    ).fetchone()[0]
    file.close()
    assert booked >= len(unbooked)
    assert closed.closed and closed.sales_fen == sales >= sum(unbooked.values())


def test_a_closed_month_reads_like_its_ledger_and_orders(conn, opened):
    month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    after = (month + datetime.timedelta(days=32)).replace(day=1)
    span = (month.isoformat(), after.isoformat())
    report = books.month_report(month.year, month.month)
    sales = conn.execute(
        "SELECT coalesce(sum(CASE WHEN e.kind = 'income' THEN e.amount_fen ELSE -e.amount_fen END), 0)"
        " FROM ledger_entry e JOIN ledger_category c ON c.id = e.category_id WHERE c.key = 'sales'"
        " AND e.day >= ? AND e.day < ?",
        span,
    ).fetchone()[0]
    orders, total = conn.execute(
        'SELECT count(*), sum(total_fen) FROM "order" WHERE paid_at >= ? AND paid_at < ? AND merged_into_id IS NULL',
        span,
    ).fetchone()
    assert report.closed_days == report.days_in_month
    assert (report.sales_fen, report.orders) == (sales, orders)
    assert report.average_order_fen == round(total / orders)
    assert sum(f for _d, f in report.daily_sales) == sales
    assert report.top_products and report.consults > 0
