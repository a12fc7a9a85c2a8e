"""Merging orders: lines combined, every memo and buyer message kept, flags combined, totals in
fen, holds moved through the stock log, the merge recorded; and the cases that are refused."""

from __future__ import annotations

import pytest

from desk.core import changes, order_flow, order_list, order_memos, order_read, orders, stock
from desk.core.errors import DomainError
from desk.core.order_merge import merge_orders
from desk.models import Customer, Order, OrderEvent, OrderMemo, StockMovement
from tests.core.orders_support import add_customer, build_shop, line, make_order, order_in_status


@pytest.fixture
def shop_data(shop):
    return build_shop(stock_each=20)


def paid(shop_data, *lines, **fields) -> orders.OrderDetail:
    return order_in_status(shop_data, "paid", *lines, **fields)


def test_merge_combines_lines_totals_memos_messages_and_flags(shop_data):
    black_m, white_l = shop_data.v("黑色", "M"), shop_data.v("白色", "L")
    main = paid(shop_data, line(black_m, 1), postage_fen=1000, discount_fen=500,
                buyer_message="请用纸箱", memo="老客户", flag="red", gift="发圈")
    other = paid(shop_data, line(black_m, 2, discount_fen=300), line(white_l, 1),
                 line(black_m, 1, unit_price_fen=9900),  # another price: its own line
                 postage_fen=800, discount_fen=200, buyer_message="送人的\n不要发票🎁",
                 memo="要顺丰", flag="yellow", gift="袜子")
    order_memos.add_memo(other.id, "顾客说周五前要到")
    memos_before = OrderMemo.select().count()

    detail, done = merge_orders(main.id, [other.id], shop_data.owner)

    assert done.concerns(changes.ORDERS) and done.concerns(changes.STOCK)
    assert done.concerns(changes.CUSTOMERS)
    assert [(ln.variant_id, ln.quantity, ln.unit_price_fen, ln.discount_fen) for ln in detail.lines] == [
        (black_m, 3, 12900, 300), (white_l, 1, 12900, 0), (black_m, 1, 9900, 0)]
    goods = 3 * 12900 - 300 + 12900 + 9900
    assert detail.totals == orders.Totals(goods_fen=goods, postage_fen=1000, discount_fen=700,
                                          total_fen=goods + 1000 - 700)
    # every memo kept (moved, with its author), plus one recording the merge
    texts = [m.text for m in detail.memos]
    assert OrderMemo.select().count() == memos_before + 1
    assert {"老客户", "要顺丰", "顾客说周五前要到"} <= set(texts)
    assert not OrderMemo.select().where(OrderMemo.order == other.id).exists()
    record = texts[-1]
    assert other.number in record and orders.flag_label("yellow") in record
    assert detail.flag == "red"  # the main order's flag
    # both buyer messages, each with its order number, emoji and newline kept
    assert detail.buyer_message == f"{main.number}: 请用纸箱\n{other.number}: 送人的\n不要发票🎁"
    assert detail.gift == f"{main.number}: 发圈\n{other.number}: 袜子"
    # recorded on both, and the other order leaves lists and counts
    assert [e.note for e in detail.events if e.kind == "merge"] == [other.number]
    merged = orders.get_order(other.id)
    assert merged.merged_into_id == main.id and detail.merged_from == (other.id,)
    assert [e.note for e in merged.events if e.kind == "merge"] == [main.number]
    assert len(merged.lines) == 3  # kept as they were, for the record
    assert [r.id for r in order_list.list_orders(order_list.OrderFilter())] == [main.id]
    customer = Customer.get_by_id(shop_data.customer_id)
    assert (customer.order_count, customer.total_spent_fen) == (1, detail.totals.total_fen)


def test_holds_move_with_the_lines(shop_data):
    black_m, white_l = shop_data.v("黑色", "M"), shop_data.v("白色", "L")
    main = paid(shop_data, line(black_m, 2))
    other = paid(shop_data, line(black_m, 1), line(white_l, 3))
    before = {v: stock.level(v) for v in (black_m, white_l)}
    merge_orders(main.id, [other.id])
    assert {v: stock.level(v) for v in (black_m, white_l)} == before  # nothing reserved twice
    assert order_read.held_stock(main.id) == {black_m: 3, white_l: 3}
    assert order_read.held_stock(other.id) == {}
    moves = [(m.order_id, m.kind, m.variant_id, m.reserved_delta)
             for m in StockMovement.select().where(StockMovement.order_id.in_([main.id, other.id]))
             .order_by(StockMovement.id)][-4:]
    assert moves == [(other.id, "release", black_m, -1), (other.id, "release", white_l, -3),
                     (main.id, "reserve", black_m, 1), (main.id, "reserve", white_l, 3)]
    order_flow.confirm(main.id)
    order_flow.ship(main.id, "SF1234567890")  # ships from what the main order now holds
    assert stock.level(white_l).reserved == before[white_l].reserved - 3
    assert stock.level(white_l).stock == 20 - 3


def test_three_unpaid_orders_postage_given_and_flag_taken(shop_data):
    main = make_order(shop_data, postage_fen=1000)
    second = make_order(shop_data, postage_fen=1500, flag="purple", memo="要开发票")
    third = make_order(shop_data, line(shop_data.v("白色", "S"), 1))
    detail, done = merge_orders(main.id, [second.id, third.id, second.id, main.id],
                                postage_fen=0)
    assert not done.concerns(changes.STOCK)
    assert [(ln.product_code, ln.color, ln.size, ln.quantity) for ln in detail.lines] == [
        ("A1023", "黑色", "M", 2), ("A1023", "白色", "S", 1)]
    assert detail.totals.postage_fen == 0 and detail.totals.total_fen == 3 * 12900
    assert detail.flag == "purple"  # the main order had none
    assert set(detail.merged_from) == {second.id, third.id}
    assert detail.status == "unpaid"


def test_default_postage_is_the_highest_not_the_sum(shop_data):
    main = make_order(shop_data, postage_fen=1000)
    other = make_order(shop_data, postage_fen=1500)
    detail, _done = merge_orders(main.id, [other.id])
    assert detail.totals.postage_fen == 1500
    assert detail.totals.total_fen == 2 * 12900 + 1500


def test_a_confirmed_order_gets_confirmed_again(shop_data):
    main = order_in_status(shop_data, "confirmed")
    other = paid(shop_data)
    detail, _done = merge_orders(main.id, [other.id])
    assert detail.status == "paid" and detail.confirmed_at is None
    step = [e for e in detail.events if e.kind == "status"][-1]
    assert (step.from_status, step.to_status) == ("confirmed", "paid")
    both_confirmed = order_in_status(shop_data, "confirmed")
    more = order_in_status(shop_data, "confirmed")
    detail, _done = merge_orders(both_confirmed.id, [more.id])
    assert detail.status == "confirmed"


def test_same_buyer_by_phone_without_a_customer(shop_data):
    draft = {"customer_id": None, "receiver": "路人甲", "phone": "137 0000 1111"}
    main = make_order(shop_data, **draft)
    other = make_order(shop_data, **{**draft, "phone": "+86 13700001111"})
    detail, _done = merge_orders(main.id, [other.id])
    assert detail.merged_from == (other.id,)


def test_long_buyer_messages_go_to_memos_rather_than_being_cut(shop_data):
    long_a, long_b = "甲" * 1500, "乙" * 1500
    main = make_order(shop_data, buyer_message=long_a)
    other = make_order(shop_data, buyer_message=long_b)
    detail, _done = merge_orders(main.id, [other.id])
    assert detail.buyer_message == long_a
    assert any(long_b in m.text and other.number in m.text for m in detail.memos)


def refused(main_id, other_ids) -> str:
    before = list(Order.select().order_by(Order.id).dicts())
    events = OrderEvent.select().count()
    with pytest.raises(DomainError) as error:
        merge_orders(main_id, other_ids)
    assert list(Order.select().order_by(Order.id).dicts()) == before  # nothing written
    assert OrderEvent.select().count() == events
    return error.value.message


def test_refused_merges_name_the_order(shop_data):
    main = paid(shop_data)
    stranger = add_customer("李四", "13911112222", nick="lisi")
    other_buyer = paid(shop_data, customer_id=stranger, receiver="王小丫", phone="13911112222")
    assert other_buyer.number in refused(main.id, [other_buyer.id])
    elsewhere = paid(shop_data, street="文三路200号")
    assert elsewhere.number in refused(main.id, [elsewhere.id])
    other_receiver = paid(shop_data, receiver="王大丫")
    assert other_receiver.number in refused(main.id, [other_receiver.id])
    printed = order_in_status(shop_data, "printed")
    assert printed.number in refused(main.id, [printed.id])
    assert printed.number in refused(printed.id, [main.id])
    closed = order_in_status(shop_data, "closed")
    assert closed.number in refused(main.id, [closed.id])
    unpaid = make_order(shop_data)
    assert unpaid.number in refused(main.id, [unpaid.id])
    fine = paid(shop_data)
    assert other_buyer.number in refused(main.id, [fine.id, other_buyer.id])  # all or nothing
    refused(main.id, [])
    refused(main.id, [main.id])
    merge_orders(main.id, [fine.id])
    assert fine.number in refused(main.id, [fine.id])  # merged already
    assert fine.number in refused(fine.id, [main.id])
    assert refused(main.id, [99999])
