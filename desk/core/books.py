"""End-of-day books (日结账本): the ledger, automatic entries, the day close and the reports.

This module is the contract: the dataclasses, the constants and every service the Books page
calls. The bodies live in `books_ledger` (entries, accounts, categories, the list), `books_auto`
(proposed sales / refunds / postage), `books_close` (the day summary and closing), `books_report`
(daily and monthly report data), `books_export` (PDF and xlsx files) and `books_settings`.

Rules, decided here once:

- **Signs**: `amount_fen` is always positive; `kind` (income / expense) gives the direction. An
  entry's signed amount is +amount for income, -amount for expense. Figures of a category are
  signed sums, so a sales correction downwards (an expense in 销售收入) lowers the sales.
- **Automatic entries** are proposed (`pending_entries(day)`) and written by `confirm_pending`:
  a sale per paid order (day of `paid_at`, amount = the order total; orders merged into another
  count 0), a refund per return case with `refund_fen` > 0 and `refunded_at` set (day of
  `refunded_at`), a postage expense per label print job (not reprints) = parcels × the courier's
  rate from the books settings. `auto_key` ("sale:order:12", "refund:return:7", "postage:job:5")
  makes each one once. When an order's total (or a refund) changes after its entry was written,
  the next open day's proposals fix it: the entry itself is updated when its day is still open,
  otherwise an adjusting entry ("sale:order:12:adj:1", `adjusts_day` = the closed day) is
  proposed on the open day when the change was made.
- **Expected balance** of an account on a day = the counted balance of the latest close before
  that day (0 when none) + every movement on that account after that close up to and including
  the day. Counted − expected = variance; a variance other than 0 needs a comment.
- **Locking**: entries of a closed day cannot be added, edited or deleted; corrections are
  adjusting entries on an open day later than the closed day, naming it (`adjusts_day`).
- Closing refuses a day already closed, a day in the future, a day with pending automatic
  entries, and a day while an earlier open day (after the last close, at most
  `EARLIER_LOOK_BACK_DAYS` back) still has pending automatic entries. The close keeps the day's figures (DayClose.summary JSON: money, orders, their total,
  pieces, and pieces/amount per product), so that a month of closed days is reported without
  reading its orders again; open days are computed from the ledger and the orders.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from desk.core.changes import Changes
from desk.i18n import N_, _

INCOME = "income"
EXPENSE = "expense"
KINDS = (INCOME, EXPENSE)
KIND_LABELS = {INCOME: N_("Income"), EXPENSE: N_("Expense")}

# Built-in category keys (seeded by migration 0003; names are Chinese in the file).
SALES = "sales"  # 销售收入
REFUND = "refund"  # 退款
POSTAGE = "postage"  # 快递费
PACKAGING = "packaging"  # 包装耗材
ADS = "ads"  # 推广费 (直通车)
PLATFORM = "platform"  # 平台费用
PURCHASE = "purchase"  # 进货
OTHER_INCOME = "other_income"  # 其他收入
OTHER_EXPENSE = "other_expense"  # 其他支出

# Built-in account keys.
ALIPAY = "alipay"  # 支付宝
WECHAT = "wechat"  # 微信
BANK = "bank"  # 银行卡
CASH = "cash"  # 现金

MAX_NOTE = 500
MAX_NAME = 20
MAX_COMMENT = 500
LIST_LIMIT = 2000  # rows returned by list_entries at most (totals cover all matches)
#: How far back a close looks for earlier open days with unconfirmed automatic entries.
EARLIER_LOOK_BACK_DAYS = 31


# ---- accounts and categories ---------------------------------------------------------------


@dataclass(frozen=True)
class AccountInfo:
    id: int
    key: str | None  # built-in accounts have a key; the user's own have None
    name: str
    archived: bool
    position: int
    entry_count: int = 0

    @property
    def builtin(self) -> bool:
        return self.key is not None


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    key: str | None
    name: str
    kind: str  # income / expense
    position: int
    entry_count: int = 0

    @property
    def builtin(self) -> bool:
        return self.key is not None


# ---- entries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryDraft:
    """An entry as the quick-entry row or the edit dialog sends it. `amount` is the text typed
    (yuan); the kind comes from the category. `order_number` optionally links an order (its
    number, e.g. 20261123-0007). `adjusts_day` makes it an adjusting entry for a closed day."""

    day: datetime.date
    category_id: int
    account_id: int
    amount: str
    note: str = ""
    order_number: str = ""
    adjusts_day: datetime.date | None = None


@dataclass(frozen=True)
class EntryRow:
    id: int
    day: datetime.date
    kind: str
    category_id: int
    category_name: str
    account_id: int
    account_name: str
    amount_fen: int  # positive
    note: str
    order_id: int | None
    order_number: str
    return_id: int | None
    return_number: str
    auto_key: str | None
    adjusts_day: datetime.date | None
    staff_name: str
    created_at: datetime.datetime
    closed: bool  # its day is closed: read-only

    @property
    def signed_fen(self) -> int:
        return self.amount_fen if self.kind == INCOME else -self.amount_fen

    @property
    def automatic(self) -> bool:
        return self.auto_key is not None


@dataclass(frozen=True)
class LedgerFilter:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    category_ids: tuple[int, ...] = ()
    account_ids: tuple[int, ...] = ()
    kind: str | None = None  # income / expense / None = both
    closed: bool | None = None  # True: closed days only; False: open days only; None: both
    text: str = ""  # in the note, the order number or the return number


@dataclass(frozen=True)
class LedgerPage:
    rows: tuple[EntryRow, ...]  # newest day first, at most LIST_LIMIT
    total_count: int  # all matches
    income_fen: int
    expense_fen: int

    @property
    def net_fen(self) -> int:
        return self.income_fen - self.expense_fen

    @property
    def truncated(self) -> bool:
        return self.total_count > len(self.rows)


# ---- automatic entries ----------------------------------------------------------------------


@dataclass(frozen=True)
class PendingEntry:
    """An automatic entry proposed for a day, not yet in the ledger. `action` "add" writes a new
    entry; "update" changes the amount of entry `entry_id` (its day still open); an adjusting
    entry is an "add" with `adjusts_day` set."""

    auto_key: str
    action: str  # add / update / remove (a sale of an order merged away: amount 0)
    day: datetime.date
    kind: str
    category_key: str
    category_name: str
    account_id: int
    account_name: str
    amount_fen: int  # positive
    note: str
    order_id: int | None = None
    order_number: str = ""
    return_id: int | None = None
    return_number: str = ""
    print_job_id: int | None = None
    entry_id: int | None = None  # "update": the entry changed
    old_amount_fen: int | None = None  # "update": the amount before
    adjusts_day: datetime.date | None = None

    @property
    def signed_fen(self) -> int:
        return self.amount_fen if self.kind == INCOME else -self.amount_fen


# ---- day close --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountBalance:
    account_id: int
    account_name: str
    opening_fen: int  # counted at the previous close (+ movements of open days in between)
    income_fen: int  # the day's income on this account
    expense_fen: int  # the day's expenses on this account (positive)
    expected_fen: int  # opening + income - expense
    counted_fen: int | None = None  # typed at close (None: not yet)
    comment: str = ""

    @property
    def variance_fen(self) -> int | None:
        return None if self.counted_fen is None else self.counted_fen - self.expected_fen


@dataclass(frozen=True)
class DaySummary:
    day: datetime.date
    orders: int  # orders paid that day (not merged into another)
    items: int  # pieces in those orders
    sales_fen: int  # signed sum of 销售收入 entries
    refunds_fen: int  # refunds paid (positive = money out)
    postage_fen: int  # postage paid (positive = money out)
    other_expense_fen: int  # every other expense (packaging, ads, fees, purchases, …), positive
    other_income_fen: int  # every other income
    net_fen: int  # all income − all expenses of the day
    entry_count: int
    adjusting_count: int  # adjusting entries on this day (for closed days)
    pending_count: int  # automatic entries not yet confirmed
    accounts: tuple[AccountBalance, ...]
    closed: bool
    closed_at: datetime.datetime | None = None
    closed_by: str = ""
    comment: str = ""
    #: open earlier days (oldest first) whose automatic entries are not confirmed yet, with their
    #: count: they would change this day's opening balance, so this day cannot be closed first
    earlier_pending: tuple[tuple[datetime.date, int], ...] = ()

    @property
    def expected_total_fen(self) -> int:
        return sum(a.expected_fen for a in self.accounts)

    @property
    def variance_total_fen(self) -> int:
        return sum(a.variance_fen or 0 for a in self.accounts)


@dataclass(frozen=True)
class CountedBalance:
    """What the user typed at close for one account: the counted balance (yuan text) and the
    comment explaining a variance."""

    account_id: int
    counted: str
    comment: str = ""


@dataclass(frozen=True)
class ClosedDayRow:
    day: datetime.date
    closed_at: datetime.datetime
    closed_by: str
    orders: int
    sales_fen: int
    refunds_fen: int
    postage_fen: int
    net_fen: int
    expected_fen: int
    counted_fen: int
    variance_fen: int
    comment: str
    adjusted_fen: int = 0  # signed sum of later adjusting entries naming this day


# ---- reports -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyReport:
    """Everything the daily report (PDF / xlsx) shows."""

    shop_name: str
    summary: DaySummary
    entries: tuple[EntryRow, ...]
    printed_at: datetime.datetime


@dataclass(frozen=True)
class ProductFigure:
    product_code: str
    product_name: str
    quantity: int
    amount_fen: int


@dataclass(frozen=True)
class ReasonFigure:
    reason: str  # key from the returns
    label: str
    cases: int
    refund_fen: int


@dataclass(frozen=True)
class MonthReport:
    shop_name: str
    year: int
    month: int
    sales_fen: int
    refunds_fen: int
    postage_fen: int
    other_expense_fen: int
    other_income_fen: int
    net_fen: int
    orders: int
    items: int
    average_order_fen: int | None  # sales / orders; None when no orders
    consults: int  # service book: buyers served
    deals: int  # service book: buyers who bought
    top_products: tuple[ProductFigure, ...]
    returns_by_reason: tuple[ReasonFigure, ...]
    daily_sales: tuple[tuple[datetime.date, int], ...]  # every day of the month, fen
    closed_days: int
    days_in_month: int
    printed_at: datetime.datetime = field(default_factory=datetime.datetime.now)

    @property
    def conversion(self) -> float | None:
        """deals / consults, None when nobody was served (shown as "—")."""
        return self.deals / self.consults if self.consults else None


@dataclass(frozen=True)
class BooksSettings:
    sales_account_id: int  # where sales (and refunds) are booked; default 支付宝
    postage_account_id: int  # where postage from the print log is booked; default 支付宝
    postage_rates: dict[str, int]  # courier code (settings.COURIERS) → fen per parcel; 0 = none


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


# ---- services (bodies in the books_* modules) --------------------------------------------------------


def list_accounts(include_archived: bool = False) -> list[AccountInfo]:
    from desk.core import books_ledger

    return books_ledger.list_accounts(include_archived)


def add_account(name: str) -> tuple[AccountInfo, Changes]:
    """A user account; refuses an empty, too long or duplicate name (field "name")."""
    from desk.core import books_ledger

    return books_ledger.add_account(name)


def rename_account(account_id: int, name: str) -> Changes:
    from desk.core import books_ledger

    return books_ledger.rename_account(account_id, name)


def archive_account(account_id: int, archived: bool = True) -> Changes:
    """Hide (or show again) an account in quick entry; its entries stay."""
    from desk.core import books_ledger

    return books_ledger.archive_account(account_id, archived)


def delete_account(account_id: int) -> Changes:
    """Refused for built-in accounts and accounts with entries or closes (archive instead)."""
    from desk.core import books_ledger

    return books_ledger.delete_account(account_id)


def list_categories(kind: str | None = None) -> list[CategoryInfo]:
    from desk.core import books_ledger

    return books_ledger.list_categories(kind)


def add_category(name: str, kind: str) -> tuple[CategoryInfo, Changes]:
    from desk.core import books_ledger

    return books_ledger.add_category(name, kind)


def rename_category(category_id: int, name: str) -> Changes:
    from desk.core import books_ledger

    return books_ledger.rename_category(category_id, name)


def delete_category(category_id: int) -> Changes:
    """Refused for built-in categories and categories with entries."""
    from desk.core import books_ledger

    return books_ledger.delete_category(category_id)


def add_entry(draft: EntryDraft, staff_id: int | None) -> tuple[EntryRow, Changes]:
    """Validate and write one entry. ValidationError fields: "day", "category", "account",
    "amount", "note", "order_number", "adjusts_day". A closed day is refused."""
    from desk.core import books_ledger

    return books_ledger.add_entry(draft, staff_id)


def update_entry(
    entry_id: int, draft: EntryDraft, staff_id: int | None
) -> tuple[EntryRow, Changes]:
    """Edit an entry of an open day (and not moving it into a closed day). An automatic entry
    keeps its day, category and amount: only its account and note change."""
    from desk.core import books_ledger

    return books_ledger.update_entry(entry_id, draft, staff_id)


def delete_entry(entry_id: int, staff_id: int | None) -> Changes:
    """Delete an entry of an open day (an automatic one is proposed again)."""
    from desk.core import books_ledger

    return books_ledger.delete_entry(entry_id, staff_id)


def get_entry(entry_id: int) -> EntryRow:
    from desk.core import books_ledger

    return books_ledger.get_entry(entry_id)


def list_entries(flt: LedgerFilter, limit: int = LIST_LIMIT) -> LedgerPage:
    from desk.core import books_ledger

    return books_ledger.list_entries(flt, limit)


def pending_entries(day: datetime.date) -> list[PendingEntry]:
    """The automatic entries proposed for `day` (empty for a closed day)."""
    from desk.core import books_auto

    return books_auto.pending_entries(day)


def confirm_pending(
    day: datetime.date, staff_id: int | None, auto_keys: tuple[str, ...] | None = None
) -> tuple[int, Changes]:
    """Write the proposals of `day` (all, or those in `auto_keys`); returns how many."""
    from desk.core import books_auto

    return books_auto.confirm_pending(day, staff_id, auto_keys)


def day_summary(day: datetime.date) -> DaySummary:
    """The day's figures; for a closed day, the counted balances and comments of its close."""
    from desk.core import books_close

    return books_close.day_summary(day)


def close_day(
    day: datetime.date,
    counted: tuple[CountedBalance, ...],
    staff_id: int | None,
    comment: str = "",
) -> tuple[DaySummary, Changes]:
    """Close `day`: refuses a closed day, a future day, pending automatic entries (of the day or of
    an earlier open day, see `DaySummary.earlier_pending`), a bad amount
    (field "counted:<account_id>") and a variance without comment (field "comment:<account_id>").
    Accounts not in `counted` are taken as counted = expected."""
    from desk.core import books_close

    return books_close.close_day(day, counted, staff_id, comment)


def is_closed(day: datetime.date) -> bool:
    from desk.core import books_close

    return books_close.is_closed(day)


def open_days(date_from: datetime.date, date_to: datetime.date) -> list[datetime.date]:
    """Days in the range not closed yet that have entries or proposals (for the "to close" list)."""
    from desk.core import books_close

    return books_close.open_days(date_from, date_to)


def list_closed_days(
    date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> list[ClosedDayRow]:
    """Closed days, newest first, with their figures as at close."""
    from desk.core import books_close

    return books_close.list_closed_days(date_from, date_to)


def daily_report(day: datetime.date) -> DailyReport:
    from desk.core import books_report

    return books_report.daily_report(day)


def month_report(year: int, month: int) -> MonthReport:
    from desk.core import books_report

    return books_report.month_report(year, month)


def daily_pdf(day: datetime.date) -> bytes:
    """The daily report as A4 PDF bytes (for a preview or printing); DomainError on font trouble."""
    from desk.core import books_export

    return books_export.daily_pdf(day)


def month_pdf(year: int, month: int) -> bytes:
    from desk.core import books_export

    return books_export.month_pdf(year, month)


def write_daily_pdf(day: datetime.date, path: Path) -> Path:
    from desk.core import books_export

    return books_export.write_daily_pdf(day, path)


def write_daily_xlsx(day: datetime.date, path: Path) -> Path:
    """Refuses with a clear message when the target is open in Excel (PermissionError)."""
    from desk.core import books_export

    return books_export.write_daily_xlsx(day, path)


def write_month_pdf(year: int, month: int, path: Path) -> Path:
    from desk.core import books_export

    return books_export.write_month_pdf(year, month, path)


def write_month_xlsx(year: int, month: int, path: Path) -> Path:
    from desk.core import books_export

    return books_export.write_month_xlsx(year, month, path)


def get_settings() -> BooksSettings:
    from desk.core import books_settings

    return books_settings.get_settings()


def save_settings(
    sales_account_id: int, postage_account_id: int, postage_rates: dict[str, str]
) -> Changes:
    """`postage_rates`: courier code → yuan text ("" = no rate); field "rate:<code>" on error."""
    from desk.core import books_settings

    return books_settings.save_settings(sales_account_id, postage_account_id, postage_rates)
