"""Automatic entries: sales from paid orders, refunds from refunded return cases, postage from
the label print log. Proposed first (`pending_entries`), written by `confirm_pending`.

Which orders are looked at for a correction (total changed after its sale was booked): the
orders still editable (paid, confirmed), the orders just printed, and the orders merged into
another — a total can only change while an order is paid or confirmed (加单 / merge), so a
change is seen while it is still possible. See `desk.core.books` for the rules.
"""

from __future__ import annotations

import datetime
from collections import Counter

from desk.core import books, changes, settings
from desk.core.books_common import category_id, is_closed, memo, to_date, to_time
from desk.core.books_settings import get_settings
from desk.core.changes import Changes
from desk.db.connection import db
from desk.i18n import _
from desk.models import Account, LedgerCategory, LedgerEntry

DAY = datetime.timedelta(days=1)
#: The orders whose booked sales (sum of their sale entries) differ from what they should be
#: (their total; 0 once merged away), among those whose total may still change (still editable,
#: just printed) or that were merged into another. The booked sums come from the covering index
#: ledger_entry(order_id, auto_key, kind, amount_fen) alone; only the few differing orders are
#: returned, so no order is compared in Python. An order after the last one with a sale entry
#: has none: not looked up (when yesterday is closed, today's orders are not booked yet).
_BOOKED = """
WITH last(id) AS (
    SELECT order_id FROM ledger_entry WHERE order_id IS NOT NULL
    AND +auto_key >= 'sale:' AND +auto_key < 'sale;' ORDER BY order_id DESC LIMIT 1
)
SELECT o.id, o.number, o.total_fen, o.merged_into_id, o.updated_at FROM (
    SELECT c.id, sum(CASE WHEN e.kind = 'income' THEN e.amount_fen ELSE -e.amount_fen END) AS booked
    FROM (
        SELECT id FROM "order" WHERE status IN ('paid', 'confirmed', 'printed')
        AND id <= (SELECT id FROM last)
        UNION SELECT id FROM "order" WHERE merged_into_id IS NOT NULL AND +id <= (SELECT id FROM last)
    ) AS c
    CROSS JOIN ledger_entry e ON e.order_id = c.id AND e.auto_key >= 'sale:' AND e.auto_key < 'sale;'
    GROUP BY c.id
) AS b
CROSS JOIN "order" o ON o.id = b.id
WHERE o.paid_at IS NOT NULL
  AND b.booked != CASE WHEN o.merged_into_id IS NULL THEN o.total_fen ELSE 0 END
ORDER BY o.id
"""


def _names() -> tuple[dict[int, str], dict[str, str]]:
    accounts = dict(Account.select(Account.id, Account.name).tuples())
    cats = {
        k: n
        for k, n in LedgerCategory.select(LedgerCategory.key, LedgerCategory.name).tuples()
        if k
    }
    return accounts, cats


def _bounds(day: datetime.date) -> tuple[str, str]:
    return day.isoformat(), (day + DAY).isoformat()


#: The day's orders from the covering index order(paid_at, merged_into_id, total_fen); whether an
#: order's sale is booked, from ledger_entry(order_id, auto_key, …) by its id (the `+` keeps the
#: planner off the auto_key index: an integer key is the cheaper probe).
_DAY_ORDERS = """
SELECT count(CASE WHEN o.merged_into_id IS NULL THEN 1 END),
       coalesce(sum(CASE WHEN o.merged_into_id IS NULL THEN o.total_fen END), 0),
       group_concat(CASE WHEN o.merged_into_id IS NULL AND o.total_fen > 0 AND NOT EXISTS (
           SELECT 1 FROM ledger_entry e WHERE e.order_id = o.id AND +e.auto_key = 'sale:order:' || o.id
       ) THEN o.id END)
FROM "order" o WHERE o.paid_at >= ? AND o.paid_at < ?
"""


def day_orders(day: datetime.date) -> tuple[int, int, tuple[int, ...]]:
    """(orders paid on `day` and not merged away, their total, ids of those not booked yet)."""

    def compute():
        count, total, missing = db.execute_sql(_DAY_ORDERS, _bounds(day)).fetchone()
        return count, total, tuple(sorted(int(i) for i in missing.split(","))) if missing else ()

    return memo("day_orders", day, compute)


#: Pieces and amount per product of a day's orders: the orders from the covering index
#: order(paid_at, merged_into_id, total_fen), their lines from order_line(order_id, product_code,
#: quantity, unit_price_fen, discount_fen) — no table row is read but one line per product for
#: its name (the line in the day's last order with it).
_DAY_PRODUCTS = """
SELECT g.code, coalesce((SELECT n.product_name FROM order_line n WHERE n.order_id = g.last_order
                         AND n.product_code = g.code ORDER BY n.id LIMIT 1), ''), g.pieces, g.amount
FROM (
    SELECT l.product_code AS code, sum(l.quantity) AS pieces,
           sum(l.quantity * l.unit_price_fen - l.discount_fen) AS amount, max(l.order_id) AS last_order
    FROM "order" o JOIN order_line l ON l.order_id = o.id
    WHERE o.paid_at >= ? AND o.paid_at < ? AND +o.merged_into_id IS NULL
    GROUP BY l.product_code
) AS g
ORDER BY g.code
"""


def day_products(day: datetime.date) -> tuple[tuple[str, str, int, int], ...]:
    """(code, name, pieces, amount) per product of the orders paid on `day` (not merged away)."""

    def compute():
        return tuple(tuple(r) for r in db.execute_sql(_DAY_PRODUCTS, _bounds(day)).fetchall())

    return memo("day_products", day, compute)


def _sales_new(day, conf, accounts, cats) -> list[books.PendingEntry]:
    _count, _total, missing = day_orders(day)
    rows = []
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        rows += db.execute_sql(
            f'SELECT id, number, total_fen FROM "order" WHERE id IN ({",".join("?" * len(chunk))})'
            " ORDER BY paid_at, id",
            chunk,
        ).fetchall()
    return [
        books.PendingEntry(
            auto_key=f"sale:order:{oid}",
            action="add",
            day=day,
            kind=books.INCOME,
            category_key=books.SALES,
            category_name=cats[books.SALES],
            account_id=conf.sales_account_id,
            account_name=accounts[conf.sales_account_id],
            amount_fen=total,
            note=_("Order {number}").format(number=number),
            order_id=oid,
            order_number=number,
        )  # fmt: skip
        for oid, number, total in rows
    ]


def _first_open_from(day: datetime.date) -> datetime.date:
    while is_closed(day):
        day += DAY
    return day


def _sale_corrections(day, conf, accounts, cats) -> list[books.PendingEntry]:
    out = []
    orders = db.execute_sql(_BOOKED).fetchall()
    for oid, number, total, merged_into, updated_at in orders:
        expected = 0 if merged_into is not None else total
        entries = db.execute_sql(
            "SELECT id, day, kind, amount_fen, auto_key, account_id FROM ledger_entry"
            " WHERE order_id = ? AND auto_key >= 'sale:' AND auto_key < 'sale;' ORDER BY id",
            (oid,),
        ).fetchall()
        if not entries:
            continue  # not booked yet: the sale of its paid day proposes the current total
        current = sum(a if k == books.INCOME else -a for _i, _d, k, a, _key, _acc in entries)
        if current == expected:
            continue
        base = next((e for e in entries if e[4] == f"sale:order:{oid}"), entries[0])
        base_day = to_date(base[1])
        common = dict(category_key=books.SALES, category_name=cats[books.SALES], order_id=oid,
                      order_number=number)  # fmt: skip
        if len(entries) == 1 and not is_closed(base_day):
            if base_day != day:
                continue
            action = "update" if expected > 0 else "remove"
            out.append(books.PendingEntry(
                auto_key=base[4], action=action, day=day, kind=books.INCOME, account_id=base[5],
                account_name=accounts[base[5]], amount_fen=max(expected, 0),
                note=_("Order {number}: total changed").format(number=number),
                entry_id=base[0], old_amount_fen=base[3], **common,
            ))  # fmt: skip
            continue
        changed = (to_time(updated_at) or datetime.datetime.now()).date()
        if _first_open_from(max(changed, base_day + DAY)) != day:
            continue
        diff = expected - current
        adjusted = sum(1 for e in entries if ":adj:" in e[4])
        out.append(books.PendingEntry(
            auto_key=f"sale:order:{oid}:adj:{adjusted + 1}", action="add", day=day,
            kind=books.INCOME if diff > 0 else books.EXPENSE, account_id=base[5],
            account_name=accounts[base[5]], amount_fen=abs(diff),
            note=_("Order {number}: total changed after {day} was closed").format(
                number=number, day=base_day.isoformat()),
            adjusts_day=base_day, **common,
        ))  # fmt: skip
    return out


def _refunds(day, conf, accounts, cats) -> list[books.PendingEntry]:
    rows = db.execute_sql(
        "SELECT r.id, r.number, r.refund_fen, r.order_id, o.number FROM return_case r"
        ' JOIN "order" o ON o.id = r.order_id'
        " WHERE r.refund_fen > 0 AND r.refunded_at >= ? AND r.refunded_at < ?"
        " AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.auto_key = 'refund:return:' || r.id)"
        " ORDER BY r.refunded_at, r.id",
        _bounds(day),
    ).fetchall()
    return [
        books.PendingEntry(
            auto_key=f"refund:return:{rid}",
            action="add",
            day=day,
            kind=books.EXPENSE,
            category_key=books.REFUND,
            category_name=cats[books.REFUND],
            account_id=conf.sales_account_id,
            account_name=accounts[conf.sales_account_id],
            amount_fen=fen,
            note=_("Return {number} (order {order})").format(number=number, order=onum),
            order_id=oid,
            order_number=onum,
            return_id=rid,
            return_number=number,
        )  # fmt: skip
        for rid, number, fen, oid, onum in rows
    ]


def _postage(day, conf, accounts, cats) -> list[books.PendingEntry]:
    if not conf.postage_rates:
        return []
    jobs = db.execute_sql(
        "SELECT j.id FROM print_job j WHERE j.kind = 'labels' AND j.at >= ? AND j.at < ?"
        " AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.auto_key = 'postage:job:' || j.id)"
        " ORDER BY j.id",
        _bounds(day),
    ).fetchall()
    out = []
    for (job_id,) in jobs:
        # a parcel is paid once: an order printed in an earlier job (补打) is not counted again
        couriers = Counter(
            courier or ocourier
            for courier, ocourier in db.execute_sql(
                'SELECT i.courier, o.courier FROM print_job_order i JOIN "order" o ON o.id = i.order_id'
                " WHERE i.job_id = ? AND i.result = 'printed' AND NOT EXISTS (SELECT 1 FROM"
                " print_job_order p JOIN print_job pj ON pj.id = p.job_id WHERE p.order_id = i.order_id"
                " AND p.job_id < i.job_id AND p.result = 'printed' AND pj.kind = 'labels')",
                (job_id,),
            ).fetchall()
        )
        parts, amount = [], 0
        for code, count in sorted(couriers.items()):
            rate = conf.postage_rates.get(code, 0)
            if rate:
                amount += rate * count
                parts.append(_("{courier} {count} × {rate}").format(
                    courier=settings.courier_name(code), count=count, rate=f"{rate / 100:.2f}"))  # fmt: skip
        if amount:
            out.append(books.PendingEntry(
                auto_key=f"postage:job:{job_id}", action="add", day=day, kind=books.EXPENSE,
                category_key=books.POSTAGE, category_name=cats[books.POSTAGE],
                account_id=conf.postage_account_id, account_name=accounts[conf.postage_account_id],
                amount_fen=amount, note=_("Labels printed: {detail}").format(detail=_("; ").join(parts)),
                print_job_id=job_id,
            ))  # fmt: skip
    return out


def pending_entries(day: datetime.date) -> list[books.PendingEntry]:
    if is_closed(day):
        return []

    def compute():
        conf = get_settings()
        accounts, cats = _names()
        found = []
        for part in (_sales_new, _sale_corrections, _refunds, _postage):
            found.extend(part(day, conf, accounts, cats))
        return tuple(found)

    return list(memo("pending", day, compute))


def confirm_pending(
    day: datetime.date, staff_id: int | None, auto_keys: tuple[str, ...] | None = None
) -> tuple[int, Changes]:
    wanted = None if auto_keys is None else set(auto_keys)
    done = 0
    with db.atomic():
        for p in pending_entries(day):
            if wanted is not None and p.auto_key not in wanted:
                continue
            if p.action == "update":
                LedgerEntry.update(amount_fen=p.amount_fen).where(
                    LedgerEntry.id == p.entry_id
                ).execute()
            elif p.action == "remove":
                LedgerEntry.delete().where(LedgerEntry.id == p.entry_id).execute()
            else:
                LedgerEntry.create(
                    day=p.day, kind=p.kind, category=category_id(p.category_key), account=p.account_id,
                    amount_fen=p.amount_fen, note=p.note, order=p.order_id, return_case=p.return_id,
                    print_job=p.print_job_id, auto_key=p.auto_key, adjusts_day=p.adjusts_day,
                    staff=staff_id,
                )  # fmt: skip
            done += 1
    return done, Changes.of(changes.BOOKS) if done else Changes()
