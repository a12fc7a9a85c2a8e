"""Books (#8) core: the ledger, the lock, automatic entries, the day close."""

from __future__ import annotations

import datetime

import pytest

from desk.core import books, orders
from desk.core.books import CountedBalance, EntryDraft, LedgerFilter
from desk.core.errors import DomainError, ValidationError
from desk.models import DayClose, LedgerEntry, Order, PrintJob, PrintJobOrder, ReturnCase
from tests.core.orders_support import build_shop, draft_for, line, order_in_status

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)
BEFORE = TODAY - datetime.timedelta(days=2)


def cat(key: str) -> int:
    return next(c.id for c in books.list_categories() if c.key == key)


def acc(key: str) -> int:
    return next(a.id for a in books.list_accounts(include_archived=True) if a.key == key)


def add(day, category, amount, account="cash", note="", **more):
    row, _ = books.add_entry(
        EntryDraft(day, cat(category), acc(account), amount, note, **more), None
    )
    return row


def paid_on(shop, day: datetime.date, quantity: int = 1):
    order = order_in_status(shop, "paid", line(shop.v(), quantity))
    Order.update(paid_at=datetime.datetime.combine(day, datetime.time(10, 0))).where(
        Order.id == order.id
    ).execute()
    return order


def test_built_in_accounts_and_categories_are_seeded(shop):
    assert [a.name for a in books.list_accounts()] == ["支付宝", "微信", "银行卡", "现金"]
    names = {c.name: c.kind for c in books.list_categories()}
    assert names == {"销售收入": "income", "退款": "expense", "快递费": "expense", "包装耗材": "expense",
                     "推广费": "expense", "平台费用": "expense", "进货": "expense",
                     "其他收入": "income", "其他支出": "expense"}  # fmt: skip


@pytest.mark.parametrize("text", ["12.345", "12元a", "abc", "0", "0.00", "-5", ""])
def test_bad_amounts_are_refused_naming_the_field(shop, text):
    with pytest.raises(ValidationError) as err:
        add(TODAY, "packaging", text)
    assert err.value.field == "amount"
    assert LedgerEntry.select().count() == 0


def test_good_amounts_are_parsed_to_fen(shop):
    assert add(TODAY, "packaging", "12.5").amount_fen == 1250
    assert add(TODAY, "packaging", "￥1,299.00").amount_fen == 129900
    assert add(TODAY, "ads", "８").amount_fen == 800


def test_other_bad_input(shop):
    with pytest.raises(ValidationError) as err:
        books.add_entry(EntryDraft("2026-13-01", cat("ads"), acc("cash"), "5"), None)
    assert err.value.field == "day"
    with pytest.raises(ValidationError) as err:
        add(TODAY, "ads", "5", order_number="20990101-0001")
    assert err.value.field == "order_number"
    with pytest.raises(ValidationError) as err:
        add(TODAY, "ads", "5", note="x" * (books.MAX_NOTE + 1))
    assert err.value.field == "note"
    assert LedgerEntry.select().count() == 0


def test_summary_equals_the_sum_of_the_entries(shop):
    s = build_shop()
    first, second = paid_on(s, TODAY, 2), paid_on(s, TODAY, 1)
    books.confirm_pending(TODAY, None)
    add(TODAY, "packaging", "35.50")
    add(TODAY, "ads", "100", account="alipay")
    add(TODAY, "postage", "12")
    add(TODAY, "other_income", "8.8", account="wechat")
    add(YESTERDAY, "packaging", "999")  # another day: not counted
    rows = list(LedgerEntry.select().where(LedgerEntry.day == TODAY))
    by_key = {}
    for r in rows:
        key = r.category.key
        by_key[key] = by_key.get(key, 0) + (r.amount_fen if r.kind == "income" else -r.amount_fen)
    summary = books.day_summary(TODAY)
    assert (
        summary.sales_fen
        == by_key["sales"]
        == sum(Order.get_by_id(o.id).total_fen for o in (first, second))
    )
    assert summary.postage_fen == 1200
    assert summary.other_expense_fen == 3550 + 10000
    assert summary.other_income_fen == 880
    assert summary.net_fen == sum(by_key.values())
    assert summary.orders == 2 and summary.items == 3
    assert summary.entry_count == len(rows)


def test_closing_locks_the_day(shop):
    entry = add(YESTERDAY, "packaging", "20")
    books.close_day(YESTERDAY, (), None)
    with pytest.raises(ValidationError) as err:
        add(YESTERDAY, "packaging", "5")
    assert err.value.field == "day"
    with pytest.raises(DomainError):
        books.update_entry(
            entry.id, EntryDraft(YESTERDAY, cat("packaging"), acc("cash"), "30"), None
        )
    with pytest.raises(DomainError):
        books.delete_entry(entry.id, None)
    open_entry = add(TODAY, "packaging", "5")
    with pytest.raises(ValidationError):  # moving an open day's entry into the closed day
        books.update_entry(
            open_entry.id, EntryDraft(YESTERDAY, cat("packaging"), acc("cash"), "5"), None
        )
    assert LedgerEntry.get_by_id(entry.id).amount_fen == 2000
    assert LedgerEntry.get_by_id(open_entry.id).day == TODAY
    assert books.get_entry(entry.id).closed and not books.get_entry(open_entry.id).closed


def test_adjusting_entry_names_the_closed_day(shop):
    add(BEFORE, "packaging", "20")
    books.close_day(BEFORE, (), None)
    row = add(TODAY, "packaging", "3", note="漏记", adjusts_day=BEFORE)
    assert row.adjusts_day == BEFORE and row.day == TODAY
    with pytest.raises(ValidationError) as err:  # yesterday is open: no adjusting needed
        add(TODAY, "packaging", "3", adjusts_day=YESTERDAY)
    assert err.value.field == "adjusts_day"
    closed = books.list_closed_days()
    assert [(c.day, c.adjusted_fen) for c in closed] == [(BEFORE, -300)]
    assert books.day_summary(TODAY).adjusting_count == 1


def test_close_refused_with_pending_entries_and_twice(shop):
    s = build_shop()
    paid_on(s, YESTERDAY)
    with pytest.raises(DomainError, match="1"):
        books.close_day(YESTERDAY, (), None)
    assert DayClose.select().count() == 0
    assert books.confirm_pending(YESTERDAY, None)[0] == 1
    books.close_day(YESTERDAY, (), None)
    with pytest.raises(DomainError):
        books.close_day(YESTERDAY, (), None)
    with pytest.raises(DomainError):
        books.close_day(TODAY + datetime.timedelta(days=1), (), None)
    assert DayClose.select().count() == 1


def test_no_double_sales_entries_when_an_order_is_edited_after_payment(shop):
    s = build_shop()
    order = paid_on(s, YESTERDAY)
    assert books.confirm_pending(YESTERDAY, None)[0] == 1
    assert books.confirm_pending(YESTERDAY, None)[0] == 0
    assert books.pending_entries(YESTERDAY) == []

    def sales_sum():
        rows = LedgerEntry.select().where(LedgerEntry.order == order.id)
        return sum(r.amount_fen if r.kind == "income" else -r.amount_fen for r in rows), len(rows)

    # edited while its day is open: the entry itself is updated
    orders.update_order(order.id, draft_for(s, line(s.v(), 2)), None)
    total = Order.get_by_id(order.id).total_fen
    (pending,) = books.pending_entries(YESTERDAY)
    assert pending.action == "update" and pending.amount_fen == total
    books.confirm_pending(YESTERDAY, None)
    assert sales_sum() == (total, 1)
    books.close_day(YESTERDAY, (), None)

    # edited after its day was closed: an adjusting entry today
    orders.update_order(order.id, draft_for(s, line(s.v(), 1)), None)
    new_total = Order.get_by_id(order.id).total_fen
    assert books.pending_entries(YESTERDAY) == []
    (adjust,) = books.pending_entries(TODAY)
    assert adjust.kind == "expense" and adjust.amount_fen == total - new_total
    assert adjust.adjusts_day == YESTERDAY
    books.confirm_pending(TODAY, None)
    assert sales_sum() == (new_total, 2)
    assert books.pending_entries(TODAY) == []
    assert books.day_summary(TODAY).sales_fen == new_total - total


def test_refunds_and_postage_are_proposed_once(shop):
    s = build_shop()
    order = order_in_status(s, "printed")
    books.save_settings(acc("alipay"), acc("cash"), {"ZTO": "3.5", "SF": ""})
    Order.update(courier="ZTO").where(Order.id == order.id).execute()
    job = PrintJob.create(kind="labels", at=datetime.datetime.now())
    PrintJobOrder.create(job=job.id, order=order.id, courier="ZTO")
    again = PrintJob.create(kind="labels", at=datetime.datetime.now(), reprint=True, reason="卡纸")
    PrintJobOrder.create(job=again.id, order=order.id, courier="ZTO")
    case = ReturnCase.create(number="TH-1", order=order.id, kind="refund_only", reason="color",
                             refund_fen=5000, refunded_at=datetime.datetime.now())  # fmt: skip
    pending = {p.auto_key: p for p in books.pending_entries(TODAY)}
    assert set(pending) == {
        f"sale:order:{order.id}",
        f"refund:return:{case.id}",
        f"postage:job:{job.id}",
    }
    assert pending[f"postage:job:{job.id}"].amount_fen == 350
    assert pending[f"refund:return:{case.id}"].amount_fen == 5000
    books.confirm_pending(TODAY, None)
    assert books.pending_entries(TODAY) == []
    summary = books.day_summary(TODAY)
    assert (summary.refunds_fen, summary.postage_fen) == (5000, 350)


def test_expected_balance_and_variance_comment(shop):
    add(BEFORE, "other_income", "100", account="cash")
    books.close_day(BEFORE, (CountedBalance(acc("cash"), "98", "找零少了"),), None)
    add(YESTERDAY, "packaging", "10", account="cash")
    add(YESTERDAY, "other_income", "50", account="cash")
    cash = next(a for a in books.day_summary(YESTERDAY).accounts if a.account_id == acc("cash"))
    assert (cash.opening_fen, cash.expected_fen) == (9800, 9800 - 1000 + 5000)
    with pytest.raises(ValidationError) as err:
        books.close_day(YESTERDAY, (CountedBalance(acc("cash"), "130"),), None)
    assert err.value.field == f"comment:{acc('cash')}"
    with pytest.raises(ValidationError) as err:
        books.close_day(YESTERDAY, (CountedBalance(acc("cash"), "1.234", "x"),), None)
    assert err.value.field == f"counted:{acc('cash')}"
    assert not books.is_closed(YESTERDAY)
    summary, _ = books.close_day(
        YESTERDAY, (CountedBalance(acc("cash"), "130", "多收了一笔"),), None
    )
    cash = next(a for a in summary.accounts if a.account_id == acc("cash"))
    assert (cash.counted_fen, cash.variance_fen, cash.comment) == (
        13000,
        13000 - 13800,
        "多收了一笔",
    )
    (row, _b) = books.list_closed_days()
    assert row.day == YESTERDAY and row.variance_fen == -800


def test_accounts_and_categories(shop):
    info, _ = books.add_account("花呗")
    mine, _ = books.add_category("房租", "expense")
    with pytest.raises(ValidationError):
        books.add_account("微信")
    books.add_entry(EntryDraft(TODAY, mine.id, info.id, "1000"), None)
    with pytest.raises(DomainError):
        books.delete_account(info.id)
    with pytest.raises(DomainError):
        books.delete_category(mine.id)
    with pytest.raises(DomainError):
        books.delete_account(acc("cash"))
    books.archive_account(info.id)
    assert "花呗" not in [a.name for a in books.list_accounts()]
    other, _ = books.add_account("备用金")
    books.delete_account(other.id)
    assert "备用金" not in [a.name for a in books.list_accounts(include_archived=True)]


def test_list_filters_and_totals(shop):
    add(BEFORE, "packaging", "10")
    books.close_day(BEFORE, (), None)
    add(TODAY, "packaging", "20", note="纸箱")
    add(TODAY, "other_income", "5", account="wechat")
    everything = books.list_entries(LedgerFilter())
    assert (everything.total_count, everything.income_fen, everything.expense_fen) == (3, 500, 3000)
    assert books.list_entries(LedgerFilter(closed=True)).total_count == 1
    assert [r.note for r in books.list_entries(LedgerFilter(text="纸箱")).rows] == ["纸箱"]
    assert books.list_entries(LedgerFilter(account_ids=(acc("wechat"),))).net_fen == 500
    assert books.list_entries(LedgerFilter(date_from=TODAY, kind="expense")).expense_fen == 2000


def test_a_day_is_not_closed_while_an_earlier_day_has_unconfirmed_entries(shop):
    s = build_shop()
    paid_on(s, BEFORE)
    paid_on(s, BEFORE, 2)
    add(YESTERDAY, "packaging", "20")
    assert books.day_summary(YESTERDAY).earlier_pending == ((BEFORE, 2),)
    with pytest.raises(DomainError) as err:
        books.close_day(YESTERDAY, (), None)
    assert BEFORE.isoformat() in err.value.message and "2" in err.value.message
    assert DayClose.select().count() == 0
    assert books.confirm_pending(BEFORE, None)[0] == 2
    assert books.day_summary(YESTERDAY).earlier_pending == ()
    books.close_day(YESTERDAY, (), None)
    assert books.is_closed(YESTERDAY)


def test_earlier_pending_looks_only_after_the_last_close(shop):
    s = build_shop()
    three_back = TODAY - datetime.timedelta(days=3)
    paid_on(s, three_back)
    books.confirm_pending(three_back, None)
    books.close_day(three_back, (), None)
    paid_on(s, YESTERDAY)
    assert books.day_summary(TODAY).earlier_pending == ((YESTERDAY, 1),)
    assert books.day_summary(BEFORE).earlier_pending == ()
    books.close_day(BEFORE, (), None)  # nothing pending between the close and it
    assert books.day_summary(BEFORE).earlier_pending == ()
