"""Flags and the memo history: every memo kept (who, when, what), flag changes recorded, read
marks."""

from __future__ import annotations

import pytest

from desk.core import changes, order_memos, orders, staff
from desk.core.errors import DomainError, ValidationError
from desk.models import Order, OrderMemo
from tests.core.orders_support import build_shop, make_order


@pytest.fixture
def s(shop):
    return build_shop()


def names():
    return {p.id: p.name for p in staff.list_staff()}


def test_memos_are_a_history_never_overwritten(s):
    order = make_order(s, memo="工号3 接单", flag="red", staff_id=s.owner)
    done = order_memos.add_memo(order.id, "顺丰到付\n周五前发 🚚", "yellow", s.partner)
    assert done.concerns(changes.ORDERS)
    order_memos.add_memo(order.id, "  买家说不急  ", staff_id=s.owner)
    detail = orders.get_order(order.id)
    who = names()
    assert [(m.text, m.flag, m.staff_name) for m in detail.memos] == [
        ("工号3 接单", "red", who[s.owner]),
        ("顺丰到付\n周五前发 🚚", "yellow", who[s.partner]),
        ("买家说不急", None, who[s.owner]),
    ]
    assert detail.flag == "yellow"  # a memo without a colour leaves the flag as it was
    assert all(m.at is not None and m.read_at is None for m in detail.memos)
    assert len(detail.unread_memos) == 3


@pytest.mark.parametrize(
    ("text", "flag", "field"),
    [("", None, "memo"), ("  \n ", "red", "memo"), ("备" * (orders.MAX_MEMO + 1), None, "memo"),
     ("好的", "orange", "flag")],
)
def test_a_bad_memo_is_refused(s, text, flag, field):
    order = make_order(s)
    with pytest.raises(ValidationError) as error:
        order_memos.add_memo(order.id, text, flag)
    assert error.value.field == field
    assert OrderMemo.select().count() == 0 and Order.get_by_id(order.id).flag is None


def test_the_longest_memo_is_kept(s):
    order = make_order(s)
    text = "备" * orders.MAX_MEMO
    order_memos.add_memo(order.id, text)
    assert orders.get_order(order.id).memos[0].text == text


def test_a_flag_change_leaves_a_memo_line(s):
    order = make_order(s)
    done = order_memos.set_flag(order.id, "green", s.owner)
    assert done.concerns(changes.ORDERS)
    assert not order_memos.set_flag(order.id, "green", s.owner)  # the same flag: nothing
    order_memos.set_flag(order.id, None, s.partner)
    detail = orders.get_order(order.id)
    assert detail.flag is None
    assert [(m.flag, m.staff_name) for m in detail.memos] == [
        ("green", names()[s.owner]), (None, names()[s.partner])]
    assert orders.flag_label("green") in detail.memos[0].text
    assert detail.memos[0].text != detail.memos[1].text
    with pytest.raises(ValidationError):
        order_memos.set_flag(order.id, "black")


def test_reading_marks_every_unread_memo_with_who_and_when(s):
    order = make_order(s, memo="加急", flag="red", staff_id=s.owner)
    order_memos.add_memo(order.id, "送发圈", "blue", s.owner)
    done = order_memos.mark_memos_read(order.id, s.partner)
    assert done.concerns(changes.ORDERS)
    detail = orders.get_order(order.id)
    assert detail.unread_memos == ()
    assert {(m.read_by_name, m.read_at is not None) for m in detail.memos} == {
        (names()[s.partner], True)}
    assert not order_memos.mark_memos_read(order.id, s.partner)  # nothing left to read
    order_memos.add_memo(order.id, "地址改了", "yellow", s.owner)
    unread = orders.get_order(order.id).unread_memos
    assert [m.text for m in unread] == ["地址改了"]


def test_a_merged_order_takes_no_memos_but_can_be_read(s):
    main, merged = make_order(s), make_order(s, memo="老单备注", flag="purple")
    Order.update(merged_into=main.id).where(Order.id == merged.id).execute()
    with pytest.raises(DomainError) as error:
        order_memos.add_memo(merged.id, "再加一条")
    assert main.number in error.value.message
    with pytest.raises(DomainError):
        order_memos.set_flag(merged.id, "red")
    assert order_memos.mark_memos_read(merged.id, s.owner).concerns(changes.ORDERS)


def test_memos_of_an_order_that_is_gone_or_a_person_who_is_gone(s):
    with pytest.raises(DomainError):
        order_memos.add_memo(123456, "备注")
    order = make_order(s)
    with pytest.raises(ValidationError) as error:
        order_memos.add_memo(order.id, "备注", staff_id=999)
    assert error.value.field == "staff" and OrderMemo.select().count() == 0
