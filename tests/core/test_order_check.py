"""The pre-print check (审单): each block and each warning, with the order named in its sentence."""

from __future__ import annotations

import datetime
import itertools

import pytest

from desk.core import order_check, order_flow, order_memos, orders
from desk.core.order_check import check_before_print
from desk.models import Order, OrderLine
from tests.core.orders_support import add_customer, build_shop, draft_for, line, order_in_status

_phones = itertools.count(13900000001)


@pytest.fixture
def shop_data(shop):
    return build_shop(stock_each=50)


def own_buyer(shop_data, **fields) -> dict:
    """Fields of a new customer of its own (another phone: no sibling warnings)."""
    phone = str(next(_phones))
    customer = add_customer(f"买家{phone[-3:]}", phone, nick=f"nick{phone}")
    address = {k: v for k, v in orders.address_from_customer(customer).__dict__.items()
               if k in ("customer_id", "receiver", "phone", "province", "city", "district",
                        "street", "postcode")}
    return {**address, **fields}


def confirmed(shop_data, **fields) -> orders.OrderDetail:
    return order_in_status(shop_data, "confirmed", **own_buyer(shop_data, **fields))


def check_one(order_id, now=None) -> order_check.CheckResult:
    (result,) = check_before_print([order_id], now)
    return result


def test_a_complete_confirmed_order_passes(shop_data):
    order = confirmed(shop_data)
    result = check_one(order.id)
    assert result.ok and result.blocks == () and result.warnings == () and result.merge_with == ()
    assert result.number == order.number


def test_unpaid_and_unconfirmed_orders_are_blocked(shop_data):
    taken = datetime.datetime(2026, 11, 20, 9, 0)
    unpaid, _changes = orders.create_order(
        draft_for(shop_data, **own_buyer(shop_data)), created_at=taken)
    paid = order_in_status(shop_data, "paid", **own_buyer(shop_data))
    late = check_one(unpaid.id, now=taken + datetime.timedelta(hours=30))
    (block,) = late.blocks
    assert unpaid.number in block and "30" in block  # how long the buyer has not paid
    assert not late.ok
    assert check_one(unpaid.id, now=taken).blocks[0].count(unpaid.number) == 1
    (block,) = check_one(paid.id).blocks
    assert paid.number in block


@pytest.mark.parametrize("status", ["closed", "shipped", "completed"])
def test_finished_orders_are_blocked_with_one_reason(shop_data, status):
    order = order_in_status(shop_data, status, **own_buyer(shop_data))
    result = check_one(order.id)
    assert len(result.blocks) == 1 and order.number in result.blocks[0]
    assert result.warnings == ()


def test_a_merged_order_names_the_order_to_print(shop_data):
    main = confirmed(shop_data)
    other = confirmed(shop_data)
    Order.update(merged_into=main.id).where(Order.id == other.id).execute()
    (block,) = check_one(other.id).blocks
    assert other.number in block and main.number in block


def test_lines_without_colour_or_size_are_blocked(shop_data):
    order = confirmed(shop_data, lines=(line(shop_data.v("黑色", "M")), line(shop_data.v("白色", "L"))))
    first, second = order.lines
    OrderLine.update(color=" ").where(OrderLine.id == first.id).execute()  # e.g. imported so
    OrderLine.update(size="").where(OrderLine.id == second.id).execute()
    blocks = check_one(order.id).blocks
    assert len(blocks) == 2
    assert all(order.number in b for b in blocks)
    assert "1" in blocks[0] and "2" in blocks[1]


def test_an_incomplete_address_or_a_bad_phone_is_blocked(shop_data):
    no_address = add_customer("没地址", "13700000000", nick="noaddr", with_address=False)
    draft = orders.address_from_customer(no_address)
    order = order_in_status(shop_data, "confirmed", customer_id=no_address,
                            receiver=draft.receiver, phone=draft.phone, province="", city="",
                            district="", street="", postcode="")
    result = check_one(order.id)
    assert len(result.blocks) == 2  # province and street
    Order.update(receiver="", phone="").where(Order.id == order.id).execute()
    assert len(check_one(order.id).blocks) == 4  # receiver, phone, province, street
    complete = confirmed(shop_data)
    Order.update(phone="1234567").where(Order.id == complete.id).execute()  # e.g. imported
    (block,) = check_one(complete.id).blocks
    assert "1234567" in block and complete.number in block


def test_unread_red_or_yellow_memos_warn_until_read(shop_data):
    order = confirmed(shop_data)
    order_memos.add_memo(order.id, "要发顺丰，顾客加了邮费", flag="yellow")
    order_memos.add_memo(order.id, "晚两天发", flag="green")  # green: not a reason to stop
    result = check_one(order.id)
    assert result.ok
    (warning,) = result.warnings
    assert order.number in warning and "要发顺丰" in warning
    order_memos.mark_memos_read(order.id, shop_data.owner)
    assert check_one(order.id).warnings == ()


def test_a_reprint_warns(shop_data):
    order = order_in_status(shop_data, "printed", **own_buyer(shop_data))
    result = check_one(order.id)
    assert result.ok and len(result.warnings) == 1 and order.number in result.warnings[0]


def test_another_open_order_to_the_same_phone_offers_to_merge(shop_data):
    taken = datetime.datetime(2026, 11, 20, 9, 0)

    def order_at(at, status="confirmed", **fields):
        detail, _changes = orders.create_order(draft_for(shop_data, **fields), created_at=at)
        if status != "unpaid":
            order_flow.pay(detail.id)
        if status == "confirmed":
            order_flow.confirm(detail.id)
        return detail

    first = order_at(taken)
    second = order_at(taken + datetime.timedelta(hours=47))
    other_address = order_at(taken + datetime.timedelta(hours=5), street="另一条路1号")
    unpaid = order_at(taken + datetime.timedelta(hours=6), status="unpaid")
    too_late = order_at(taken + datetime.timedelta(hours=49))
    shipped = order_at(taken + datetime.timedelta(hours=1))
    order_flow.ship(shipped.id, "SF1234567890")
    result = check_one(first.id)
    assert result.ok
    (warning,) = result.warnings
    for near in (second, other_address, unpaid):
        assert near.number in warning
    assert too_late.number not in warning and shipped.number not in warning
    assert result.merge_with == (second.id,)  # the same address, paid like this one
    assert check_one(second.id).merge_with == (first.id, too_late.id)
    by_id = {r.order_id: r for r in check_before_print([first.id, second.id])}
    assert by_id[first.id].merge_with == (second.id,)


def test_pending_refund_hook_blocks(shop_data, monkeypatch):
    order = confirmed(shop_data)
    assert order_check._pending_refund(order.id) is None  # no return case
    monkeypatch.setattr(order_check, "_pending_refund",
                        lambda order_id: "TH20261123-001" if order_id == order.id else None)
    result = check_one(order.id)
    assert not result.ok and not result.warnings
    (block,) = result.blocks
    assert order.number in block and "TH20261123-001" in block


def test_results_follow_the_selection(shop_data):
    a = confirmed(shop_data)
    b = order_in_status(shop_data, "paid", **own_buyer(shop_data))
    results = check_before_print([b.id, a.id, b.id, 9999])
    assert [r.order_id for r in results] == [b.id, a.id, 9999]
    assert [r.ok for r in results] == [False, True, False]
    assert results[2].number == "" and results[2].blocks
    assert check_before_print([]) == []
