"""The ledger (账本): accounts, categories, entries by hand, and the filtered list with totals.

Every write checks the day lock: an entry of a closed day is never added, changed or deleted.
"""

from __future__ import annotations

from peewee import fn

from desk.core import books, changes
from desk.core.books_common import (
    ENTRY_SELECT,
    as_date,
    closed_message,
    entry_row,
    is_closed,
    require_open,
)
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.money import parse_yuan
from desk.db.connection import db
from desk.i18n import _
from desk.models import Account, DayCloseAccount, LedgerCategory, LedgerEntry, Order

CHANGED = Changes.of(changes.BOOKS)


# ---- accounts -----------------------------------------------------------------------------


def _counts(column: str) -> dict[int, int]:
    return dict(
        db.execute_sql(f"SELECT {column}, count(*) FROM ledger_entry GROUP BY {column}").fetchall()
    )


def _account_info(a: Account, counts: dict[int, int]) -> books.AccountInfo:
    return books.AccountInfo(a.id, a.key, a.name, bool(a.archived), a.position, counts.get(a.id, 0))


def list_accounts(include_archived: bool = False) -> list[books.AccountInfo]:
    query = Account.select().order_by(Account.position, Account.id)
    if not include_archived:
        query = query.where(Account.archived == False)  # noqa: E712
    counts = _counts("account_id")
    return [_account_info(a, counts) for a in query]


def _clean_name(name: str, model, exclude_id: int | None = None) -> str:
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise ValidationError(_("Name is required."), "name")
    if len(cleaned) > books.MAX_NAME:
        raise ValidationError(
            _("Name is too long (at most {count} characters).").format(count=books.MAX_NAME), "name"
        )
    clash = model.select().where(model.name == cleaned)
    if exclude_id is not None:
        clash = clash.where(model.id != exclude_id)
    if clash.exists():
        raise ValidationError(_("“{name}” already exists.").format(name=cleaned), "name")
    return cleaned


def _account(account_id: int) -> Account:
    row = Account.get_or_none(Account.id == account_id)
    if row is None:
        raise DomainError(_("This account no longer exists."))
    return row


def add_account(name: str) -> tuple[books.AccountInfo, Changes]:
    with db.atomic():
        cleaned = _clean_name(name, Account)
        position = (Account.select(fn.MAX(Account.position)).scalar() or 0) + 1
        row = Account.create(name=cleaned, position=position)
    return _account_info(row, {}), CHANGED


def rename_account(account_id: int, name: str) -> Changes:
    with db.atomic():
        row = _account(account_id)
        row.name = _clean_name(name, Account, exclude_id=row.id)
        row.save()
    return CHANGED


def archive_account(account_id: int, archived: bool = True) -> Changes:
    with db.atomic():
        row = _account(account_id)
        if archived and row.key == books.ALIPAY:
            raise DomainError(_("支付宝 is where sales are booked: it cannot be archived."))
        row.archived = bool(archived)
        row.save()
    return CHANGED


def delete_account(account_id: int) -> Changes:
    with db.atomic():
        row = _account(account_id)
        if row.key is not None:
            raise DomainError(
                _(
                    "“{name}” is a built-in account: it cannot be deleted (archive it instead)."
                ).format(name=row.name)
            )
        used = LedgerEntry.select().where(LedgerEntry.account == row.id).count()
        if used or DayCloseAccount.select().where(DayCloseAccount.account == row.id).exists():
            raise DomainError(
                _(
                    "Account “{name}” has {count} entries: it cannot be deleted (archive it instead)."
                ).format(name=row.name, count=used)
            )
        row.delete_instance()
    return CHANGED


# ---- categories ---------------------------------------------------------------------------


def _category_info(c: LedgerCategory, counts: dict[int, int]) -> books.CategoryInfo:
    return books.CategoryInfo(c.id, c.key, c.name, c.kind, c.position, counts.get(c.id, 0))


def list_categories(kind: str | None = None) -> list[books.CategoryInfo]:
    query = LedgerCategory.select().order_by(LedgerCategory.position, LedgerCategory.id)
    if kind:
        query = query.where(LedgerCategory.kind == kind)
    counts = _counts("category_id")
    return [_category_info(c, counts) for c in query]


def _category(category_id: int) -> LedgerCategory:
    row = LedgerCategory.get_or_none(LedgerCategory.id == category_id)
    if row is None:
        raise DomainError(_("This category no longer exists."))
    return row


def add_category(name: str, kind: str) -> tuple[books.CategoryInfo, Changes]:
    if kind not in books.KINDS:
        raise ValidationError(_("Choose income or expense."), "kind")
    with db.atomic():
        cleaned = _clean_name(name, LedgerCategory)
        position = (LedgerCategory.select(fn.MAX(LedgerCategory.position)).scalar() or 0) + 1
        row = LedgerCategory.create(name=cleaned, kind=kind, position=position)
    return _category_info(row, {}), CHANGED


def rename_category(category_id: int, name: str) -> Changes:
    with db.atomic():
        row = _category(category_id)
        row.name = _clean_name(name, LedgerCategory, exclude_id=row.id)
        row.save()
    return CHANGED


def delete_category(category_id: int) -> Changes:
    with db.atomic():
        row = _category(category_id)
        if row.key is not None:
            raise DomainError(
                _("“{name}” is a built-in category: it cannot be deleted.").format(name=row.name)
            )
        used = LedgerEntry.select().where(LedgerEntry.category == row.id).count()
        if used:
            raise DomainError(
                _("Category “{name}” has {count} entries: it cannot be deleted.").format(
                    name=row.name, count=used
                )
            )
        row.delete_instance()
    return CHANGED


# ---- entries ----------------------------------------------------------------------------------


def get_entry(entry_id: int) -> books.EntryRow:
    row = db.execute_sql(ENTRY_SELECT + " WHERE e.id = ?", (entry_id,)).fetchone()
    if row is None:
        raise DomainError(_("This entry no longer exists."))
    return entry_row(row)


def _validated(draft: books.EntryDraft) -> dict:
    """The draft as column values; ValidationError naming the field on bad input."""
    day = as_date(draft.day, "day")
    category = LedgerCategory.get_or_none(LedgerCategory.id == draft.category_id)
    if category is None:
        raise ValidationError(_("Choose a category."), "category")
    account = Account.get_or_none(Account.id == draft.account_id)
    if account is None:
        raise ValidationError(_("Choose an account."), "account")
    amount = parse_yuan(draft.amount, "amount", _("Amount"))
    if amount == 0:
        raise ValidationError(_("Amount must be more than 0."), "amount")
    note = str(draft.note or "").strip()
    if len(note) > books.MAX_NOTE:
        raise ValidationError(
            _("Note is too long (at most {count} characters).").format(count=books.MAX_NOTE), "note"
        )
    order_id = None
    number = str(draft.order_number or "").strip()
    if number:
        order = Order.get_or_none((Order.number == number) | (Order.external_no == number))
        if order is None:
            raise ValidationError(_("No order {number}.").format(number=number), "order_number")
        order_id = order.id
    adjusts = None
    if draft.adjusts_day is not None and str(draft.adjusts_day).strip():
        adjusts = as_date(draft.adjusts_day, "adjusts_day", _("Corrected day"))
        if not is_closed(adjusts):
            raise ValidationError(
                _("{day} is not closed: change its entries directly instead of adjusting.").format(
                    day=adjusts.isoformat()
                ),
                "adjusts_day",
            )
        if adjusts >= day:
            raise ValidationError(
                _("An adjusting entry must be on a day after the day it corrects ({day}).").format(
                    day=adjusts.isoformat()
                ),
                "day",
            )
    return dict(day=day, kind=category.kind, category=category.id, account=account.id,
                amount_fen=amount, note=note, order=order_id, adjusts_day=adjusts)  # fmt: skip


def add_entry(draft: books.EntryDraft, staff_id: int | None) -> tuple[books.EntryRow, Changes]:
    values = _validated(draft)
    with db.atomic():
        require_open(values["day"])
        entry = LedgerEntry.create(staff=staff_id, **values)
    return get_entry(entry.id), CHANGED


def _entry(entry_id: int) -> LedgerEntry:
    entry = LedgerEntry.get_or_none(LedgerEntry.id == entry_id)
    if entry is None:
        raise DomainError(_("This entry no longer exists."))
    return entry


def update_entry(
    entry_id: int, draft: books.EntryDraft, staff_id: int | None
) -> tuple[books.EntryRow, Changes]:
    with db.atomic():
        entry = _entry(entry_id)
        if is_closed(entry.day):
            raise DomainError(closed_message(entry.day))
        if entry.auto_key:
            account = Account.get_or_none(Account.id == draft.account_id)
            if account is None:
                raise ValidationError(_("Choose an account."), "account")
            note = str(draft.note or "").strip()[: books.MAX_NOTE]
            LedgerEntry.update(account=account.id, note=note).where(
                LedgerEntry.id == entry.id
            ).execute()
        else:
            values = _validated(draft)
            require_open(values["day"])
            LedgerEntry.update(**values).where(LedgerEntry.id == entry.id).execute()
    return get_entry(entry_id), CHANGED


def delete_entry(entry_id: int, staff_id: int | None) -> Changes:
    with db.atomic():
        entry = _entry(entry_id)
        if is_closed(entry.day):
            raise DomainError(closed_message(entry.day))
        entry.delete_instance()
    return CHANGED


def list_entries(flt: books.LedgerFilter, limit: int = books.LIST_LIMIT) -> books.LedgerPage:
    where, params = [], []
    if flt.date_from:
        where.append("e.day >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        where.append("e.day <= ?")
        params.append(flt.date_to.isoformat())
    if flt.category_ids:
        where.append(f"e.category_id IN ({','.join('?' * len(flt.category_ids))})")
        params.extend(flt.category_ids)
    if flt.account_ids:
        where.append(f"e.account_id IN ({','.join('?' * len(flt.account_ids))})")
        params.extend(flt.account_ids)
    if flt.kind:
        where.append("e.kind = ?")
        params.append(flt.kind)
    if flt.closed is not None:
        where.append("dc.id IS NOT NULL" if flt.closed else "dc.id IS NULL")
    text = (flt.text or "").strip()
    if text:
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(
            "(e.note LIKE ? ESCAPE '\\' OR o.number LIKE ? ESCAPE '\\' OR r.number LIKE ? ESCAPE '\\'"
            " OR c.name LIKE ? ESCAPE '\\')"
        )
        params.extend([like] * 4)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    totals_sql = (
        "SELECT count(*), coalesce(sum(CASE WHEN e.kind = 'income' THEN e.amount_fen END), 0),"
        " coalesce(sum(CASE WHEN e.kind = 'expense' THEN e.amount_fen END), 0)"
        + ENTRY_SELECT[ENTRY_SELECT.index("FROM") - 1 :]
        + clause
    )
    count, income, expense = db.execute_sql(totals_sql, params).fetchone()
    rows = db.execute_sql(
        ENTRY_SELECT + clause + " ORDER BY e.day DESC, e.id DESC LIMIT ?", [*params, int(limit)]
    ).fetchall()
    return books.LedgerPage(tuple(entry_row(r) for r in rows), count, income, expense)
