"""The day close (日结): the day's summary, the per-account balance check, closing and locking,
and the list of closed days. Rules in `desk.core.books`."""

from __future__ import annotations

import dataclasses
import datetime
import json

from desk.core import books, changes
from desk.core.books_auto import day_orders, day_products, pending_entries
from desk.core.books_common import as_date, is_closed, memo, to_date, to_time
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.money import parse_yuan
from desk.db.connection import db
from desk.i18n import _
from desk.models import DayClose, DayCloseAccount

__all__ = [
    "close_day",
    "day_summary",
    "earlier_pending",
    "earlier_pending_message",
    "is_closed",
    "list_closed_days",
    "open_days",
]

DAY = datetime.timedelta(days=1)
SPECIAL = (books.SALES, books.REFUND, books.POSTAGE)


def _day_rows(day: datetime.date) -> tuple[tuple, ...]:
    """(account id, category key, kind, amount, count, adjusting count) of the day's entries
    (one pass over the covering index ledger_entry(day, account_id, category_id, kind, …))."""

    def compute():
        keys = dict(db.execute_sql("SELECT id, key FROM ledger_category").fetchall())
        rows = db.execute_sql(
            "SELECT account_id, category_id, kind, sum(amount_fen), count(*), count(adjusts_day)"
            " FROM ledger_entry WHERE day = ? GROUP BY account_id, category_id, kind",
            (day.isoformat(),),
        ).fetchall()
        return tuple((a, keys.get(c), k, amount, n, adj) for a, c, k, amount, n, adj in rows)

    return memo("day_rows", day, compute)


def _money(rows: tuple[tuple, ...]) -> dict:
    """The day's figures from its entries."""
    fig = dict(sales_fen=0, refunds_fen=0, postage_fen=0, other_expense_fen=0, other_income_fen=0,
               net_fen=0, entry_count=0, adjusting_count=0)  # fmt: skip
    for _account, key, kind, amount, count, adjusting in rows:
        signed = amount if kind == books.INCOME else -amount
        fig["net_fen"] += signed
        fig["entry_count"] += count
        fig["adjusting_count"] += adjusting
        if key == books.SALES:
            fig["sales_fen"] += signed
        elif key == books.REFUND:
            fig["refunds_fen"] -= signed
        elif key == books.POSTAGE:
            fig["postage_fen"] -= signed
        elif kind == books.INCOME:
            fig["other_income_fen"] += amount
        else:
            fig["other_expense_fen"] += amount
    return fig


def _orders(day: datetime.date) -> tuple[int, int]:
    return day_orders(day)[0], sum(p[2] for p in day_products(day))


def _movements(where: str, params) -> dict[int, tuple[int, int]]:
    rows = db.execute_sql(
        "SELECT account_id, coalesce(sum(CASE WHEN kind = 'income' THEN amount_fen END), 0),"
        " coalesce(sum(CASE WHEN kind = 'expense' THEN amount_fen END), 0)"
        f" FROM ledger_entry WHERE {where} GROUP BY account_id",
        params,
    ).fetchall()
    return {a: (i, e) for a, i, e in rows}


def _balances(
    day: datetime.date, close: DayClose | None, rows: tuple[tuple, ...]
) -> tuple[books.AccountBalance, ...]:
    before = db.execute_sql(
        "SELECT id, day FROM day_close WHERE day < ? ORDER BY day DESC LIMIT 1", (day.isoformat(),)
    ).fetchone()
    opening: dict[int, int] = {}
    if before is None:
        between = _movements("day < ?", (day.isoformat(),))
    else:
        opening.update(db.execute_sql(
            "SELECT account_id, counted_fen FROM day_close_account WHERE close_id = ?", (before[0],)
        ).fetchall())  # fmt: skip
        between = _movements("day > ? AND day < ?", (str(before[1])[:10], day.isoformat()))
    for acc, (inc, exp) in between.items():
        opening[acc] = opening.get(acc, 0) + inc - exp
    moves: dict[int, tuple[int, int]] = {}
    for acc, _key, kind, amount, _n, _adj in rows:
        inc, exp = moves.get(acc, (0, 0))
        moves[acc] = (inc + amount, exp) if kind == books.INCOME else (inc, exp + amount)
    counted = {}
    if close is not None:
        counted = {r[0]: (r[1], r[2]) for r in db.execute_sql(
            "SELECT account_id, counted_fen, comment FROM day_close_account WHERE close_id = ?", (close.id,)
        ).fetchall()}  # fmt: skip
    out = []
    for acc_id, name, archived in db.execute_sql(
        "SELECT id, name, archived FROM account ORDER BY position, id"
    ).fetchall():
        inc, exp = moves.get(acc_id, (0, 0))
        start = opening.get(acc_id, 0)
        if archived and not (start or inc or exp or acc_id in counted):
            continue
        got, comment = counted.get(acc_id, (None, ""))
        out.append(
            books.AccountBalance(acc_id, name, start, inc, exp, start + inc - exp, got, comment)
        )
    return tuple(out)


def earlier_pending(day: datetime.date) -> tuple[tuple[datetime.date, int], ...]:
    """(day, count) of the open days before `day` — after its latest earlier close, at most
    EARLIER_LOOK_BACK_DAYS back — whose automatic entries are not confirmed yet, oldest first."""
    start = day - datetime.timedelta(days=books.EARLIER_LOOK_BACK_DAYS)
    last = db.execute_sql(
        "SELECT max(day) FROM day_close WHERE day < ?", (day.isoformat(),)
    ).fetchone()[0]
    if last is not None:
        start = max(start, to_date(last) + DAY)
    out = []
    while start < day:
        count = len(pending_entries(start))  # none for a closed day
        if count:
            out.append((start, count))
        start += DAY
    return tuple(out)


def day_summary(day: datetime.date) -> books.DaySummary:
    day = as_date(day)
    close = DayClose.get_or_none(DayClose.day == day)
    rows = _day_rows(day)
    money = _money(rows)
    if close is not None:
        stored = json.loads(close.summary or "{}")
        orders, items = stored.get("orders", 0), stored.get("items", 0)
        pending = 0
        staff = db.execute_sql("SELECT name FROM staff WHERE id = ?", (close.staff_id,)).fetchone()
    else:
        orders, items = _orders(day)
        pending, staff = len(pending_entries(day)), None
    earlier = () if close is not None else earlier_pending(day)
    return books.DaySummary(
        day=day, orders=orders, items=items, pending_count=pending, accounts=_balances(day, close, rows),
        closed=close is not None, closed_at=to_time(close.closed_at) if close else None,
        closed_by=staff[0] if staff else "", comment=close.comment if close else "",
        earlier_pending=earlier, **money,
    )  # fmt: skip


def earlier_pending_message(day: datetime.date, count: int) -> str:
    return _("{day} still has {count} automatic entries not confirmed: confirm (and close) that "
             "day first.").format(day=day.isoformat(), count=count)  # fmt: skip


def close_day(
    day: datetime.date,
    counted: tuple[books.CountedBalance, ...],
    staff_id: int | None,
    comment: str = "",
) -> tuple[books.DaySummary, Changes]:
    day = as_date(day)
    comment = str(comment or "").strip()
    if len(comment) > books.MAX_COMMENT:
        raise ValidationError(
            _("Comment is too long (at most {count} characters).").format(count=books.MAX_COMMENT),
            "comment",
        )
    with db.atomic():
        done = DayClose.get_or_none(DayClose.day == day)
        if done is not None:
            raise DomainError(_("{day} was already closed at {time}: a day is closed only once.").format(
                day=day.isoformat(), time=str(done.closed_at)[:16]))  # fmt: skip
        if day > datetime.date.today():
            raise DomainError(
                _("{day} has not come yet: it cannot be closed.").format(day=day.isoformat())
            )
        summary = day_summary(day)
        if summary.pending_count:
            raise DomainError(_(
                "{day} has {count} automatic entries not confirmed yet (sales, refunds, postage): "
                "confirm them before closing the day."
            ).format(day=day.isoformat(), count=summary.pending_count))  # fmt: skip
        if summary.earlier_pending:
            raise DomainError(earlier_pending_message(*summary.earlier_pending[0]))
        known = {a.account_id: a for a in summary.accounts}
        typed: dict[int, tuple[int, str]] = {}
        for c in counted:
            acc = known.get(c.account_id)
            if acc is None:
                raise ValidationError(
                    _("This account is not in the day's balance check."), f"counted:{c.account_id}"
                )
            label = _("Counted balance of {account}").format(account=acc.account_name)
            fen = parse_yuan(c.counted, f"counted:{c.account_id}", label, allow_empty=True)
            note = str(c.comment or "").strip()
            if len(note) > books.MAX_COMMENT:
                raise ValidationError(_("Comment is too long (at most {count} characters).").format(
                    count=books.MAX_COMMENT), f"comment:{c.account_id}")  # fmt: skip
            typed[c.account_id] = (acc.expected_fen if fen is None else fen, note)
        rows = []
        for acc in summary.accounts:
            got, note = typed.get(acc.account_id, (acc.expected_fen, ""))
            if got != acc.expected_fen and not note:
                raise ValidationError(
                    _("{account}: counted {counted} but expected {expected}. Explain the difference "
                      "in a comment.").format(account=acc.account_name, counted=f"{got / 100:.2f}",
                                              expected=f"{acc.expected_fen / 100:.2f}"),
                    f"comment:{acc.account_id}",
                )  # fmt: skip
            rows.append((acc, got, note))
        figures = {k: getattr(summary, k) for k in (
            "orders", "items", "sales_fen", "refunds_fen", "postage_fen", "other_expense_fen",
            "other_income_fen", "net_fen", "entry_count", "adjusting_count")}  # fmt: skip
        figures["expected_fen"] = sum(a.expected_fen for a, _g, _n in rows)
        figures["counted_fen"] = sum(g for _a, g, _n in rows)
        figures["variance_fen"] = figures["counted_fen"] - figures["expected_fen"]
        # per product, so that the month's report reads closed days without their orders
        figures["products"] = [list(p) for p in day_products(day)]
        figures["order_total_fen"] = day_orders(day)[1]
        close = DayClose.create(
            day=day, staff=staff_id, summary=json.dumps(figures), comment=comment
        )
        DayCloseAccount.insert_many([
            dict(close=close.id, account=a.account_id, expected_fen=a.expected_fen, counted_fen=g,
                 variance_fen=g - a.expected_fen, comment=n)
            for a, g, n in rows
        ]).execute() if rows else None  # fmt: skip
    # the day as `day_summary` now reads it (its entries cannot have changed meanwhile)
    staff = db.execute_sql("SELECT name FROM staff WHERE id = ?", (staff_id,)).fetchone()
    closed = dataclasses.replace(
        summary, pending_count=0, closed=True, closed_at=to_time(close.closed_at),
        closed_by=staff[0] if staff else "", comment=comment,
        accounts=tuple(dataclasses.replace(a, counted_fen=g, comment=n) for a, g, n in rows),
    )  # fmt: skip
    return closed, Changes.of(changes.BOOKS)


def open_days(date_from: datetime.date, date_to: datetime.date) -> list[datetime.date]:
    closed = {to_date(d) for (d,) in db.execute_sql(
        "SELECT day FROM day_close WHERE day >= ? AND day <= ?", (date_from.isoformat(), date_to.isoformat())
    ).fetchall()}  # fmt: skip
    out = []
    day = date_from
    while day <= date_to:
        if day not in closed and (
            db.execute_sql(
                "SELECT 1 FROM ledger_entry WHERE day = ? LIMIT 1", (day.isoformat(),)
            ).fetchone()
            or pending_entries(day)
        ):
            out.append(day)
        day += DAY
    return out


def list_closed_days(
    date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> list[books.ClosedDayRow]:
    where, params = [], []
    if date_from:
        where.append("c.day >= ?")
        params.append(date_from.isoformat())
    if date_to:
        where.append("c.day <= ?")
        params.append(date_to.isoformat())
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = db.execute_sql(
        "SELECT c.day, c.closed_at, s.name, c.summary, c.comment FROM day_close c"
        f" LEFT JOIN staff s ON s.id = c.staff_id{clause} ORDER BY c.day DESC",
        params,
    ).fetchall()
    adj_where = "adjusts_day IS NOT NULL" + (" AND day > ?" if date_from else "")
    adjusted = dict(db.execute_sql(
        "SELECT adjusts_day, sum(CASE WHEN kind = 'income' THEN amount_fen ELSE -amount_fen END)"
        f" FROM ledger_entry WHERE {adj_where} GROUP BY adjusts_day",
        [date_from.isoformat()] if date_from else [],
    ).fetchall())  # fmt: skip
    out = []
    for day, closed_at, staff, summary, comment in rows:
        f = json.loads(summary or "{}")
        out.append(books.ClosedDayRow(
            day=to_date(day), closed_at=to_time(closed_at), closed_by=staff or "",
            orders=f.get("orders", 0), sales_fen=f.get("sales_fen", 0), refunds_fen=f.get("refunds_fen", 0),
            postage_fen=f.get("postage_fen", 0), net_fen=f.get("net_fen", 0),
            expected_fen=f.get("expected_fen", 0), counted_fen=f.get("counted_fen", 0),
            variance_fen=f.get("variance_fen", 0), comment=comment or "",
            adjusted_fen=adjusted.get(str(day)[:10], 0),
        ))  # fmt: skip
    return out
