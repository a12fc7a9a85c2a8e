"""The demo's books (日结账本): every paid order's sale and every refund booked on its day, the
daily expenses (postage per parcel shipped, 直通车, packaging, purchases, platform fees) and a
little other income, and every day closed up to the day before yesterday — counted balances
mostly equal to the expected ones, now and then a small variance with its explanation.
Yesterday and today stay open: their sales and refunds are still proposals to confirm.

Sales and refunds are written with one INSERT … SELECT each (a million orders in seconds); the
closes are computed from the written entries. Draws from its own random stream.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict

from desk.core.demo.context import Build
from desk.db.connection import db

_ENTRY_SQL = (
    "INSERT INTO ledger_entry (day, kind, category_id, account_id, amount_fen, note, order_id,"
    " return_case_id, print_job_id, auto_key, adjusts_day, staff_id, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, ?, ?)"
)
#: Postage per parcel (fen) the shop pays each courier.
RATES = {
    "SF": 1200,
    "ZTO": 320,
    "YTO": 300,
    "STO": 300,
    "YUNDA": 300,
    "JT": 280,
    "EMS": 800,
    "JD": 1000,
}
COURIER_NAMES = {"SF": "顺丰", "ZTO": "中通", "YTO": "圆通", "STO": "申通", "YUNDA": "韵达", "JT": "极兔",
                 "EMS": "邮政", "JD": "京东"}  # fmt: skip
OPENING = {"alipay": 500_000, "wechat": 80_000, "bank": 3_000_000, "cash": 100_000}
#: The cash box is topped up (a counted variance, explained) when it falls below this.
CASH_LOW, CASH_TOP_UP = 30_000, 100_000
VARIANCE_NOTES = (
    "现金找零少了，已核对",
    "支付宝有一笔提现手续费没记",
    "微信收了一笔线下样衣款，明天补记",
    "银行扣了短信费",
    "点错了一笔零钱，已找回",
)
PACKAGING = ("纸箱 50 个", "快递袋 200 个", "胶带 10 卷", "防水袋 100 个", "感谢卡印刷")
PURCHASES = ("1688 进货 连衣裙", "1688 进货 T恤", "档口拿货 牛仔裤", "1688 进货 针织衫")


def _keys(conn, table: str) -> dict[str, int]:
    return {k: i for i, k in conn.execute(f"SELECT id, key FROM {table} WHERE key IS NOT NULL")}


def write_books(b: Build) -> None:
    conn, clock = b.conn, b.clock
    r = b.stream("books").random
    today = clock.origin + datetime.timedelta(days=clock.today_index)
    yesterday = today - datetime.timedelta(days=1)
    first = clock.origin + datetime.timedelta(days=clock.first_order_day)
    cats, accs = _keys(conn, "ledger_category"), _keys(conn, "account")
    if not cats or not accs:
        return
    b.progress("日结账本", 0, 1)
    with db.atomic():
        conn.execute(
            "INSERT INTO ledger_entry (day, kind, category_id, account_id, amount_fen, note, order_id,"
            " auto_key, created_at) SELECT substr(paid_at, 1, 10), 'income', ?, ?, total_fen,"
            " '订单 ' || number, id, 'sale:order:' || id, substr(paid_at, 1, 10) || ' 22:00:00' FROM \"order\""
            " WHERE paid_at IS NOT NULL AND paid_at < ? AND merged_into_id IS NULL AND total_fen > 0",
            (cats["sales"], accs["alipay"], yesterday.isoformat()),
        )
        conn.execute(
            "INSERT INTO ledger_entry (day, kind, category_id, account_id, amount_fen, note, order_id,"
            " return_case_id, auto_key, created_at) SELECT substr(r.refunded_at, 1, 10), 'expense', ?, ?,"
            " r.refund_fen, '退货 ' || r.number, r.order_id, r.id, 'refund:return:' || r.id,"
            " substr(r.refunded_at, 1, 10) || ' 22:00:00' FROM return_case r"
            " WHERE r.refund_fen > 0 AND r.refunded_at IS NOT NULL AND r.refunded_at < ?",
            (cats["refund"], accs["alipay"], yesterday.isoformat()),
        )
        b.executemany(_ENTRY_SQL, _daily_rows(b, r, first, today, cats, accs))
        _close_days(b, r, first, yesterday, accs)
    b.counts["ledger_entries"] = conn.execute("SELECT count(*) FROM ledger_entry").fetchone()[0]
    b.progress("日结账本", 1, 1)


def _daily_rows(b: Build, r, first: datetime.date, today: datetime.date, cats, accs) -> list[tuple]:
    shipped: dict[str, dict[str, int]] = defaultdict(dict)
    for day, courier, count in b.conn.execute(
        "SELECT substr(shipped_at, 1, 10), courier, count(*) FROM shipment WHERE shipped_at IS NOT NULL"
        " GROUP BY 1, 2"
    ):
        shipped[day][courier] = count
    staff = [s for s in b.staff_ids if s] or [None]
    rows = []

    def add(day, kind, cat, acc, fen, note, hour=21):
        rows.append((day.isoformat(), kind, cats[cat], accs[acc], int(fen), note, staff[len(rows) % len(staff)],
                     f"{day.isoformat()} {hour:02d}:{int(r() * 60):02d}:00"))  # fmt: skip

    for key, fen in OPENING.items():
        add(first, "income", "other_income", key, fen, "期初余额", 9)
    day = first
    while day <= today:
        parcels = shipped.get(day.isoformat(), {})
        if parcels:
            fen = sum(RATES.get(c, 300) * n for c, n in parcels.items())
            note = "、".join(
                f"{COURIER_NAMES.get(c, c)} {n} 单" for c, n in sorted(parcels.items())
            )
            add(day, "expense", "postage", "alipay", fen, f"快递费：{note}", 20)
        if day < today or r() < 0.5:
            add(day, "expense", "ads", "alipay", 5000 + int(r() * 250) * 100, "直通车")
            if r() < 0.35:
                add(
                    day,
                    "expense",
                    "packaging",
                    "cash",
                    2000 + int(r() * 100) * 100,
                    PACKAGING[int(r() * 5)],
                    15,
                )
            if day.weekday() == 0:
                add(
                    day,
                    "expense",
                    "purchase",
                    "alipay",
                    200_000 + int(r() * 60) * 10_000,
                    PURCHASES[int(r() * 4)],
                    11,
                )
            if day.day == 1:
                add(
                    day,
                    "expense",
                    "platform",
                    "bank",
                    3000 + int(r() * 70) * 100,
                    "软件订购、技术服务费",
                    10,
                )
            if day.weekday() == 3:
                add(
                    day,
                    "expense",
                    "platform",
                    "alipay",
                    1000 + int(r() * 40) * 100,
                    "淘宝客佣金",
                    10,
                )
            if r() < 0.08:
                add(
                    day,
                    "income",
                    "other_income",
                    "alipay",
                    800 + int(r() * 8) * 100,
                    "运费险理赔",
                    16,
                )
            if r() < 0.04:
                add(
                    day,
                    "income",
                    "other_income",
                    "wechat",
                    3000 + int(r() * 50) * 100,
                    "线下卖样衣",
                    18,
                )
        day += datetime.timedelta(days=1)
    return rows


def _close_days(b: Build, r, first: datetime.date, yesterday: datetime.date, accs) -> None:
    conn = b.conn
    moves: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    figures: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, acc, kind, key, fen, count, adjusting in conn.execute(
        "SELECT e.day, e.account_id, e.kind, c.key, sum(e.amount_fen), count(*), count(e.adjusts_day)"
        " FROM ledger_entry e JOIN ledger_category c ON c.id = e.category_id WHERE e.day < ?"
        " GROUP BY e.day, e.account_id, e.kind, c.key",
        (yesterday.isoformat(),),
    ):
        signed = fen if kind == "income" else -fen
        moves[day][acc] += signed
        f = figures[day]
        f["net_fen"] += signed
        f["entry_count"] += count
        f["adjusting_count"] += adjusting
        if key == "sales":
            f["sales_fen"] += signed
        elif key == "refund":
            f["refunds_fen"] -= signed
        elif key == "postage":
            f["postage_fen"] -= signed
        elif kind == "income":
            f["other_income_fen"] += fen
        else:
            f["other_expense_fen"] += fen
    orders: dict[str, tuple[int, int]] = {
        d: (n, total)
        for d, n, total in conn.execute(
            'SELECT substr(paid_at, 1, 10), count(*), sum(total_fen) FROM "order"'
            " WHERE paid_at IS NOT NULL AND paid_at < ? AND merged_into_id IS NULL GROUP BY 1",
            (yesterday.isoformat(),),
        )
    }
    products: dict[str, list] = defaultdict(list)
    for d, code, name, quantity, amount in conn.execute(
        "SELECT substr(o.paid_at, 1, 10), l.product_code, max(l.product_name), sum(l.quantity),"
        ' sum(l.quantity * l.unit_price_fen - l.discount_fen) FROM order_line l JOIN "order" o'
        " ON o.id = l.order_id WHERE o.paid_at IS NOT NULL AND o.paid_at < ? AND o.merged_into_id IS NULL"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        (yesterday.isoformat(),),
    ):
        products[d].append([code, name, quantity, amount])
    account_ids = [
        a
        for (a,) in conn.execute("SELECT id FROM account WHERE archived = 0 ORDER BY position, id")
    ]
    balance = dict.fromkeys(account_ids, 0)
    cash = conn.execute("SELECT id FROM account WHERE key = 'cash'").fetchone()
    cash_id = cash[0] if cash else None
    next_id = (conn.execute("SELECT max(id) FROM day_close").fetchone()[0] or 0) + 1
    staff = [s for s in b.staff_ids if s] or [None]
    closes, lines = [], []
    day = first
    while day < yesterday:
        text = day.isoformat()
        rows = []
        for acc in account_ids:
            expected = balance[acc] + moves[text].get(acc, 0)
            counted, note = expected, ""
            if acc == cash_id and expected < CASH_LOW:  # the cash box is topped up from the bank
                counted, note = expected + CASH_TOP_UP, "从银行卡取现 1000 元放进钱箱"
            elif r() < 0.03:
                counted = expected + (int(r() * 40) - 20) * 50 or expected - 100
                note = VARIANCE_NOTES[int(r() * len(VARIANCE_NOTES))]
            rows.append((acc, expected, counted, note))
            balance[acc] = counted
        f = {k: figures[text].get(k, 0) for k in (
            "sales_fen", "refunds_fen", "postage_fen", "other_expense_fen", "other_income_fen", "net_fen",
            "entry_count", "adjusting_count")}  # fmt: skip
        f["orders"], f["order_total_fen"] = orders.get(text, (0, 0))
        f["products"] = products.get(text, [])
        f["items"] = sum(p[2] for p in f["products"])
        f["expected_fen"] = sum(x[1] for x in rows)
        f["counted_fen"] = sum(x[2] for x in rows)
        f["variance_fen"] = f["counted_fen"] - f["expected_fen"]
        at = f"{text} 22:{30 + int(r() * 29):02d}:00"
        closes.append((next_id, text, at, staff[day.toordinal() % len(staff)], json.dumps(f), ""))
        lines += [(next_id, acc, e, c, c - e, n) for acc, e, c, n in rows]
        next_id += 1
        day += datetime.timedelta(days=1)
    b.executemany("INSERT INTO day_close (id, day, closed_at, staff_id, summary, comment) VALUES (?, ?, ?, ?, ?, ?)",
                  closes)  # fmt: skip
    b.executemany(
        "INSERT INTO day_close_account (close_id, account_id, expected_fen, counted_fen, variance_fen, comment)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        lines,
    )
    b.counts["day_closes"] = len(closes)
