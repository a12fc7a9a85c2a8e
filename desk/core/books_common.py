"""Small helpers shared by the books_* modules: dates, closed days, rows, built-in keys."""

from __future__ import annotations

import datetime

from desk.core import books
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Account, LedgerCategory

ENTRY_SELECT = """
SELECT e.id, e.day, e.kind, e.category_id, c.name, e.account_id, a.name, e.amount_fen, e.note,
       e.order_id, o.number, e.return_case_id, r.number, e.auto_key, e.adjusts_day, s.name,
       e.created_at, dc.id IS NOT NULL
FROM ledger_entry e
JOIN ledger_category c ON c.id = e.category_id
JOIN account a ON a.id = e.account_id
LEFT JOIN "order" o ON o.id = e.order_id
LEFT JOIN return_case r ON r.id = e.return_case_id
LEFT JOIN staff s ON s.id = e.staff_id
LEFT JOIN day_close dc ON dc.day = e.day
"""


def as_date(value, field: str = "day", label: str | None = None) -> datetime.date:
    """A date object, or text "YYYY-MM-DD" → date; ValidationError naming the field otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("{label} must be a date such as 2026-11-23.").format(label=label or _("Date")), field
        ) from None


def to_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def to_time(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(str(value))


def is_closed(day: datetime.date) -> bool:
    return (
        db.execute_sql("SELECT 1 FROM day_close WHERE day = ?", (day.isoformat(),)).fetchone()
        is not None
    )


def closed_message(day: datetime.date) -> str:
    return _(
        "{day} is closed (日结): its entries can no longer change. "
        "Enter an adjusting entry on an open day instead."
    ).format(day=day.isoformat())


def require_open(day: datetime.date, field: str = "day") -> None:
    if is_closed(day):
        raise ValidationError(closed_message(day), field)


def category_id(key: str) -> int:
    row = LedgerCategory.get_or_none(LedgerCategory.key == key)
    if row is None:
        raise DomainError(_("The built-in ledger category {key} is missing.").format(key=key))
    return row.id


def account_id(key: str) -> int:
    row = Account.get_or_none(Account.key == key)
    if row is None:
        raise DomainError(_("The built-in account {key} is missing.").format(key=key))
    return row.id


def entry_row(r) -> books.EntryRow:
    return books.EntryRow(
        id=r[0], day=to_date(r[1]), kind=r[2], category_id=r[3], category_name=r[4],
        account_id=r[5], account_name=r[6], amount_fen=r[7], note=r[8], order_id=r[9],
        order_number=r[10] or "", return_id=r[11], return_number=r[12] or "", auto_key=r[13],
        adjusts_day=to_date(r[14]), staff_name=r[15] or "", created_at=to_time(r[16]),
        closed=bool(r[17]),
    )  # fmt: skip


def entries_of_day(day: datetime.date) -> list[books.EntryRow]:
    rows = db.execute_sql(ENTRY_SELECT + " WHERE e.day = ? ORDER BY e.kind DESC, e.category_id, e.id",
                          (day.isoformat(),)).fetchall()  # fmt: skip
    return [entry_row(r) for r in rows]


def signed(kind: str, amount_fen: int) -> int:
    return amount_fen if kind == books.INCOME else -amount_fen


_MEMO: dict[str, tuple] = {}


def memo(name: str, day: datetime.date, compute):
    """`compute()` once while nothing in the file changed: the key is the connection's count of
    changed rows plus SQLite's data version (another connection's commit), so any write — even
    one rolled back — computes again. Values must be immutable."""
    conn = db.connection()
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    key = (db.database, id(conn), conn.total_changes, version, day)
    hit = _MEMO.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = compute()
    _MEMO[name] = (key, value)
    return value
