"""Follow-ups (回访): adding, finishing, rescheduling, the queue, and bad input."""

from __future__ import annotations

import datetime

import pytest

from desk import i18n
from desk.core import changes, customer_merge, customers, follow_ups, staff
from desk.core.customers import CustomerDraft
from desk.core.errors import DomainError, ValidationError
from desk.core.follow_ups import add_follow_up, finish_follow_up
from desk.models import FollowUp, Order

TODAY = datetime.date(2025, 3, 18)
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


def customer(name="张三", nick="", **fields) -> int:
    detail, _ = customers.create_customer(CustomerDraft(name=name, nick=nick, **fields))
    return detail.id


def test_add_and_read_back(shop):
    people = staff.ensure_default_staff()
    cid = customer("张三", "zhangsan88")
    row, done = add_follow_up(
        cid, TODAY, "repurchase", "  袜子快穿完了  ", staff_id=people[0].id
    )
    assert done.concerns(changes.CUSTOMERS)
    assert (row.customer_id, row.customer_name, row.customer_nick) == (cid, "张三", "zhangsan88")
    assert (row.due_date, row.reason, row.reason_text) == (TODAY, "repurchase", "袜子快穿完了")
    assert row.reason_label == "复购提醒"
    assert (row.status, row.note, row.done_at, row.order_id) == ("open", "", None, None)
    assert row.staff_name == people[0].name
    stored = FollowUp.get_by_id(row.id)
    assert (stored.customer_id, stored.due_date, stored.reason) == (cid, TODAY, "repurchase")


def test_reason_labels_follow_the_language(shop):
    assert [follow_ups.reason_label(r) for r in follow_ups.REASONS] == [
        "签收后回访", "复购提醒", "活动通知", "自定义",
    ]
    i18n.set_language("en")
    assert follow_ups.reason_label("after_delivery") == "After delivery"
    assert follow_ups.reason_label("something_else") == "something_else"


def test_a_datetime_or_an_iso_text_is_taken_as_its_day(shop):
    cid = customer()
    row, _ = add_follow_up(cid, datetime.datetime(2025, 3, 18, 15, 30), "after_delivery")
    assert row.due_date == TODAY
    row, _ = add_follow_up(cid, " 2025-03-19 ", "after_delivery")
    assert row.due_date == TOMORROW


@pytest.mark.parametrize("due", [None, "", "明天", "2025-02-30", 20250318, "1999-12-31"])
def test_a_due_date_is_required_and_must_be_a_date(shop, due):
    cid = customer()
    with pytest.raises(ValidationError) as caught:
        add_follow_up(cid, due, "after_delivery")
    assert caught.value.field == "due_date"
    assert caught.value.message
    assert FollowUp.select().count() == 0


@pytest.mark.parametrize("reason", ["", "call", None, "Custom"])
def test_the_reason_must_be_one_of_the_four(shop, reason):
    cid = customer()
    with pytest.raises(ValidationError) as caught:
        add_follow_up(cid, TODAY, reason)
    assert caught.value.field == "reason"


def test_a_custom_reason_needs_its_text_of_at_most_100_characters(shop):
    cid = customer()
    for blank in ("", "   ", "\n"):
        with pytest.raises(ValidationError) as caught:
            add_follow_up(cid, TODAY, "custom", blank)
        assert caught.value.field == "reason_text"
    with pytest.raises(ValidationError) as caught:
        add_follow_up(cid, TODAY, "custom", "问" * 101)
    assert caught.value.field == "reason_text"
    assert "100" in caught.value.message
    row, _ = add_follow_up(cid, TODAY, "custom", "问" * 100)
    assert row.reason_text == "问" * 100
    assert row.what == "自定义 · " + "问" * 100
    assert FollowUp.select().count() == 1


def test_unknown_or_merged_customer_staff_and_order_are_refused(shop):
    cid = customer()
    with pytest.raises(DomainError):
        add_follow_up(999, TODAY, "after_delivery")
    with pytest.raises(DomainError) as caught:
        add_follow_up(cid, TODAY, "after_delivery", staff_id=999)
    assert caught.value.field == "staff"
    with pytest.raises(DomainError) as caught:
        add_follow_up(cid, TODAY, "after_delivery", order_id=999)
    assert caught.value.field == "order"
    someone_else = customer("李四")
    order = Order.create(number="20250318-0001", customer=someone_else)
    with pytest.raises(DomainError) as caught:
        add_follow_up(cid, TODAY, "after_delivery", order_id=order.id)
    assert "另一位客户" in caught.value.message
    own = Order.create(number="20250318-0002", customer=cid)
    row, _ = add_follow_up(cid, TODAY, "after_delivery", order_id=own.id)
    assert row.order_id == own.id
    twin = customer("张三")
    customer_merge.merge_customers(cid, twin)
    with pytest.raises(DomainError) as caught:
        add_follow_up(twin, TODAY, "after_delivery")
    assert "张三" in caught.value.message  # merged into 张三
    assert FollowUp.select().count() == 1


def test_finish_done_and_skipped_with_a_note(shop):
    people = staff.ensure_default_staff()
    cid = customer()
    first, _ = add_follow_up(cid, YESTERDAY, "after_delivery", staff_id=people[0].id)
    second, _ = add_follow_up(cid, TODAY, "promotion")
    done = finish_follow_up(first.id, "done", "  收到了，很满意  ", staff_id=people[1].id)
    assert done.concerns(changes.CUSTOMERS)
    finish_follow_up(second.id, "skipped")
    rows = {r.id: r for r in follow_ups.customer_follow_ups(cid, today=TODAY)}
    assert (rows[first.id].status, rows[first.id].note) == ("done", "收到了，很满意")
    assert rows[first.id].staff_name == people[1].name  # who finished it
    assert rows[first.id].done_at is not None and not rows[first.id].overdue
    assert (rows[second.id].status, rows[second.id].note) == ("skipped", "")
    assert rows[second.id].done_at is not None


def test_finishing_twice_or_with_a_bad_status_or_note_is_refused(shop):
    cid = customer()
    row, _ = add_follow_up(cid, TODAY, "after_delivery")
    for status in ("open", "", "finished", None):
        with pytest.raises(ValidationError) as caught:
            finish_follow_up(row.id, status)
        assert caught.value.field == "status"
    with pytest.raises(ValidationError) as caught:
        finish_follow_up(row.id, "done", "话" * 501)
    assert caught.value.field == "note"
    assert FollowUp.get_by_id(row.id).status == "open"
    finish_follow_up(row.id, "done", "话" * 500)
    with pytest.raises(DomainError) as caught:
        finish_follow_up(row.id, "skipped", "again")
    assert "已完成" in caught.value.message
    stored = FollowUp.get_by_id(row.id)
    assert (stored.status, stored.note) == ("done", "话" * 500)


def test_unknown_follow_up_ids_are_refused_with_a_message(shop):
    for call in (
        lambda: finish_follow_up(404, "done"),
        lambda: follow_ups.reschedule_follow_up(404, TODAY),
        lambda: follow_ups.delete_follow_up(404),
    ):
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.message == "这条回访已不存在。"


def test_reschedule_moves_an_open_one_only(shop):
    cid = customer()
    row, _ = add_follow_up(cid, YESTERDAY, "after_delivery")
    follow_ups.reschedule_follow_up(row.id, TOMORROW)
    assert FollowUp.get_by_id(row.id).due_date == TOMORROW
    with pytest.raises(ValidationError):
        follow_ups.reschedule_follow_up(row.id, "not a date")
    assert FollowUp.get_by_id(row.id).due_date == TOMORROW
    finish_follow_up(row.id, "done")
    with pytest.raises(DomainError):
        follow_ups.reschedule_follow_up(row.id, TODAY)
    assert FollowUp.get_by_id(row.id).due_date == TOMORROW


def test_delete(shop):
    cid = customer()
    row, _ = add_follow_up(cid, TODAY, "after_delivery")
    keep, _ = add_follow_up(cid, TODAY, "promotion")
    assert follow_ups.delete_follow_up(row.id).concerns(changes.CUSTOMERS)
    assert [f.id for f in FollowUp.select()] == [keep.id]


def test_the_queue_holds_open_ones_due_by_today_oldest_first(shop):
    a, b = customer("张三"), customer("李四")
    late, _ = add_follow_up(b, TODAY - datetime.timedelta(days=5), "after_delivery")
    today_a, _ = add_follow_up(a, TODAY, "repurchase")
    today_b, _ = add_follow_up(b, TODAY, "promotion")
    future, _ = add_follow_up(a, TOMORROW, "promotion")
    finished, _ = add_follow_up(a, YESTERDAY, "after_delivery")
    finish_follow_up(finished.id, "skipped")

    queue = follow_ups.follow_up_queue(TODAY)
    assert [r.id for r in queue] == [late.id, today_a.id, today_b.id]
    assert [r.overdue for r in queue] == [True, False, False]
    assert [r.customer_name for r in queue] == ["李四", "张三", "李四"]
    everything = follow_ups.follow_up_queue(TODAY, include_future=True)
    assert [r.id for r in everything] == [late.id, today_a.id, today_b.id, future.id]
    assert follow_ups.due_count(TODAY) == 3
    assert follow_ups.due_count(TODAY - datetime.timedelta(days=5)) == 1
    assert follow_ups.due_count(TODAY - datetime.timedelta(days=6)) == 0


def test_customer_follow_ups_are_all_of_theirs_newest_due_first(shop):
    a, b = customer("张三"), customer("李四")
    old, _ = add_follow_up(a, YESTERDAY, "after_delivery")
    new, _ = add_follow_up(a, TOMORROW, "promotion")
    add_follow_up(b, TODAY, "promotion")
    finish_follow_up(old.id, "done")
    assert [r.id for r in follow_ups.customer_follow_ups(a, today=TODAY)] == [new.id, old.id]
    with pytest.raises(DomainError):
        follow_ups.customer_follow_ups(12345)


def test_follow_ups_of_a_deleted_customer_go_with_them(shop):
    cid = customer()
    add_follow_up(cid, TODAY, "after_delivery")
    customers.delete_customer(cid)
    assert follow_ups.follow_up_queue(TODAY) == []
    assert follow_ups.due_count(TODAY) == 0


def test_the_sidebar_counts_due_follow_ups(shop):
    cid = customer()
    add_follow_up(cid, YESTERDAY, "after_delivery")
    add_follow_up(cid, TOMORROW, "after_delivery")
    assert customers.sidebar_counts(TODAY).follow_ups_due == 1
