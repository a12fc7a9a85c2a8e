"""The flow of a return: the return tracking number, inspection (decisions, restock once),
refund (idempotent, never more than paid) and the exchange order."""

from __future__ import annotations

import pytest

from desk.core import orders, returns, stock
from desk.core.errors import DomainError, ValidationError
from desk.core.stock import InsufficientStock
from desk.models import Order, ReturnCase, ReturnEvent, StockMovement
from tests.core.orders_support import build_shop, line
from tests.core.test_returns_support import (
    inspection,
    open_on,
    return_tracking,
    signed_order,
    step,
)


def received(data, kind="return_refund", quantity=1, order=None):
    order = order or signed_order(data)
    case = open_on(data, order, kind, quantity=quantity)
    for status in ("awaiting_return", "sent_back", "received"):
        step(data, case.id, status)
    return returns.get_case(case.id)


def test_a_return_tracking_number_is_used_by_one_case_only(shop):
    data = build_shop()
    first = open_on(data, signed_order(data))
    second = open_on(data, signed_order(data))
    for case in (first, second):
        returns.accept_request(case.id, data.owner)
    returns.mark_sent_back(first.id, " yt 8812345678 ", "YTO", data.owner)
    assert returns.get_case(first.id).return_tracking_no == "YT8812345678"
    with pytest.raises(ValidationError) as refused:
        returns.mark_sent_back(second.id, "YT8812345678", "YTO", data.owner)
    assert refused.value.field == "tracking_no" and first.number in refused.value.message
    assert ReturnCase.get_by_id(second.id).status == "awaiting_return"
    with pytest.raises(ValidationError):
        returns.mark_sent_back(second.id, "12", "YTO", data.owner)  # not a number
    with pytest.raises(ValidationError):
        returns.mark_sent_back(second.id, return_tracking(), "", data.owner)  # no courier
    # corrected while on its way: the number changes, the status stays, the log says so
    returns.mark_sent_back(first.id, "YT8812345679", "YTO", data.owner)
    after = returns.get_case(first.id)
    assert (after.status, after.return_tracking_no) == ("sent_back", "YT8812345679")
    assert "YT8812345679" in after.events[-1].note
    assert returns.list_cases(returns.CaseFilter(query="8812345679"))[0].id == first.id


def test_goods_that_pass_go_back_into_stock_once_refunded(shop):
    data = build_shop()
    variant = data.v("黑色", "M")
    case = received(data, quantity=2)
    before = stock.level(variant)
    assert [c.item for c in case.lines[0].checks] == list(returns.DEFAULT_CHECKLIST)
    result, done = returns.record_inspection(case.id, inspection(case), data.owner)
    assert result.accepted_line_ids == (case.lines[0].id,) and result.suggested_refund_fen == 25800
    assert stock.level(variant) == before and not done.concerns("stock")  # decided, not done
    again, _ = returns.record_inspection(  # inspected again: a change of mind is still free
        case.id,
        inspection(case, fail="未穿着", decision="accept", note="试穿过，无影响"),
        data.owner,
    )
    assert again.accepted_line_ids == (case.lines[0].id,)
    detail, done = returns.refund(case.id, data.owner)
    assert stock.level(variant).stock == before.stock + 2 and done.concerns("stock")
    assert detail.lines[0].restocked and detail.money.refund_fen == 25800
    movement = StockMovement.select().where(StockMovement.return_case_id == case.id).get()
    assert (movement.kind, movement.stock_delta, movement.order_id) == ("restock", 2, case.order_id)
    returns.refund(case.id, data.owner)  # a second click
    returns.complete(case.id, data.owner)
    assert stock.level(variant).stock == before.stock + 2
    assert StockMovement.select().where(StockMovement.return_case_id == case.id).count() == 1


def test_a_case_rejected_after_inspection_leaves_the_stock(shop):
    data = build_shop()
    variant = data.v("黑色", "M")
    case = received(data)
    before = stock.level(variant)
    returns.record_inspection(case.id, inspection(case), data.owner)
    returns.reject(case.id, "买家改主意，原件寄回", data.owner)
    assert stock.level(variant) == before
    assert not returns.get_case(case.id).lines[0].restocked


def test_a_refund_without_returned_goods_restocks_nothing(shop):
    data = build_shop()
    variant = data.v("黑色", "M")
    order = signed_order(data)
    before = stock.level(variant)
    case = open_on(data, order, "return_refund")  # no return needed: refunded at once
    detail, _ = returns.refund(case.id, data.owner)
    assert detail.money.refund_fen == 12900 and not detail.lines[0].restocked
    assert stock.level(variant) == before


def test_a_failed_item_needs_a_decision_with_a_note(shop):
    data = build_shop()
    case = received(data)
    status_before = ReturnCase.get_by_id(case.id).status
    for wrong in (
        inspection(case, fail="吊牌完整"),  # no decision
        inspection(case, fail="吊牌完整", decision="accept"),  # no note
        inspection(case, fail="吊牌完整", decision="partial", note="吊牌剪了"),  # no amount
        inspection(case, fail="吊牌完整", decision="partial", partial=13000, note="吊牌剪了"),
    ):
        with pytest.raises(ValidationError):
            returns.record_inspection(case.id, wrong, data.owner)
    unchecked = (returns.LineInspection(case.lines[0].id, (returns.CheckDraft("吊牌完整", None),)),)
    with pytest.raises(ValidationError):
        returns.record_inspection(case.id, unchecked, data.owner)
    assert ReturnCase.get_by_id(case.id).status == status_before
    assert all(c.passed is None for c in returns.get_case(case.id).lines[0].checks)


def test_refused_and_partial_lines_stay_off_the_shelf_and_set_the_refund(shop):
    data = build_shop()
    order = signed_order(data, line(data.v("黑色", "M"), 1), line(data.v("白色", "L"), 1))
    case = open_on(data, order, quantity=1)
    other = returns.open_case(returns.ReturnDraft(order.id, "return_refund", "quality", (
        returns.ReturnLineDraft(order.lines[1].id, 1),)), data.owner)[0]  # fmt: skip
    for status in ("awaiting_return", "received"):
        step(data, case.id, status)
        step(data, other.id, status)
    levels = [stock.level(data.v("黑色", "M")), stock.level(data.v("白色", "L"))]
    case = returns.get_case(case.id)
    result, _ = returns.record_inspection(
        case.id,
        inspection(case, fail="无污渍", decision="partial", partial=5000, note="领口有粉底印"),
        data.owner,
    )
    assert result.partial_line_ids and not result.restocked_line_ids
    assert result.suggested_refund_fen == 5000
    other = returns.get_case(other.id)
    result, _ = returns.record_inspection(
        other.id,
        inspection(other, fail="未洗涤", decision="refuse", note="明显洗过，退回买家"),
        data.owner,
    )
    assert result.refused_line_ids and result.suggested_refund_fen == 0
    with pytest.raises(ValidationError):  # nothing to refund: reject instead
        returns.refund(other.id, data.owner)
    detail, _ = returns.refund(case.id, data.owner)
    assert detail.money.refund_fen == 5000
    returns.reject(other.id, "明显洗过，原件寄回", data.owner)
    assert [stock.level(data.v("黑色", "M")), stock.level(data.v("白色", "L"))] == levels
    assert returns.get_case(case.id).lines[0].decision == "partial"


def test_refunding_twice_refunds_once(shop):
    data = build_shop()
    case = open_on(data, signed_order(data), "refund_only", quantity=2)
    first, done = returns.refund(case.id, data.owner)
    assert first.money.refund_fen == 25800 and done.concerns("books")
    events = ReturnEvent.select().where(ReturnEvent.case == case.id).count()
    again, nothing = returns.refund(case.id, data.owner, amount_fen=100)
    assert not nothing
    assert (again.money.refund_fen, again.money.refunded_at) == (25800, first.money.refunded_at)
    assert ReturnEvent.select().where(ReturnEvent.case == case.id).count() == events


def test_a_refund_larger_than_paid_is_refused_and_nothing_changes(shop):
    data = build_shop()
    order = signed_order(data)  # 2 × 129.00, no postage
    paid = Order.get_by_id(order.id).total_fen
    first = open_on(data, order, "refund_only", quantity=1)
    second = open_on(data, order, "refund_only", quantity=1)
    with pytest.raises(ValidationError) as refused:
        returns.refund(first.id, data.owner, amount_fen=paid + 1)
    assert refused.value.field == "amount" and order.number in refused.value.message
    row = ReturnCase.get_by_id(first.id)
    assert (row.status, row.refund_fen, row.refunded_at) == ("requested", 0, None)
    returns.refund(first.id, data.owner, amount_fen=paid - 1000)  # goodwill: more than the line
    assert returns.get_case(second.id).money.max_refund_fen == 1000
    with pytest.raises(ValidationError):
        returns.refund(second.id, data.owner, amount_fen=1001)
    detail, _ = returns.refund(second.id, data.owner)  # the suggestion is capped at what is left
    assert detail.money.refund_fen == 1000
    refunded = sum(c.refund_fen for c in ReturnCase.select())
    assert refunded == paid


def test_an_exchange_sends_a_paid_order_for_the_new_size(shop):
    data = build_shop()
    old, new = data.v("黑色", "M"), data.v("黑色", "L")
    case = received(data, "exchange")
    levels = stock.level(old), stock.level(new)
    returns.record_inspection(case.id, inspection(case), data.owner)
    assert returns.exchange_warnings(case.id) == []
    detail, done = returns.send_exchange(case.id, data.owner)
    assert detail.status == "exchange_sent" and detail.exchange_order_number
    sent = orders.get_order(detail.exchange_order_id)
    assert sent.status == "paid" and sent.source == "exchange"
    assert sent.totals.total_fen == 0 and sent.customer_id == data.customer_id
    assert [(x.color, x.size, x.quantity) for x in sent.lines] == [("黑色", "L", 1)]
    assert stock.level(old).stock == levels[0].stock + 1  # the returned M is back on the shelf
    assert stock.level(new).reserved == levels[1].reserved + 1  # the L is held for the new order
    assert detail.money.refund_fen == 0
    assert returns.send_exchange(case.id, data.owner)[1] == returns.Changes()
    assert Order.select().where(Order.source == "exchange").count() == 1


def test_an_exchange_with_a_price_difference_and_without_stock(shop):
    data = build_shop()
    case = received(data, "exchange")
    returns.record_inspection(case.id, inspection(case), data.owner)
    stock.adjust(data.v("黑色", "L"), new_stock=0, note="卖完了")
    assert any("黑色/L" in w for w in returns.exchange_warnings(case.id))
    orders_before = Order.select().count()
    with pytest.raises(InsufficientStock):
        returns.send_exchange(case.id, data.owner, charge_fen=1000)
    assert Order.select().count() == orders_before
    assert ReturnCase.get_by_id(case.id).status == "inspected"
    with pytest.raises(ValidationError):
        returns.send_exchange(case.id, data.owner, charge_fen=-1)
    detail, _ = returns.send_exchange(case.id, data.owner, charge_fen=1000, allow_negative=True)
    assert orders.get_order(detail.exchange_order_id).totals.total_fen == 1000
    assert stock.level(data.v("黑色", "L")).available == -1


def test_an_exchange_has_no_partial_refund(shop):
    data = build_shop()
    case = received(data, "exchange")
    with pytest.raises(ValidationError) as refused:
        returns.record_inspection(
            case.id,
            inspection(case, fail="无污渍", decision="partial", partial=1000, note="有污渍"),
            data.owner,
        )
    assert refused.value.field == "decision"
    result, _ = returns.record_inspection(
        case.id, inspection(case, fail="无污渍", decision="accept", note="轻微，可清洗"), data.owner
    )
    assert result.accepted_line_ids == (case.lines[0].id,)


def test_the_new_size_of_an_exchange_can_change_until_sent(shop):
    data = build_shop()
    case = received(data, "exchange")
    returns.set_exchange_variant(case.id, case.lines[0].id, data.v("白色", "L"), data.owner)
    detail = returns.get_case(case.id)
    assert detail.lines[0].exchange_label == "白色/L"
    assert "白色/L" in detail.events[-1].note and detail.events[-1].to_status == "received"
    assert not returns.set_exchange_variant(case.id, case.lines[0].id, data.v("白色", "L"))
    returns.record_inspection(case.id, inspection(detail), data.owner)
    sent, _ = returns.send_exchange(case.id, data.owner)
    assert [(x.color, x.size) for x in orders.get_order(sent.exchange_order_id).lines] == [
        ("白色", "L")
    ]
    with pytest.raises(DomainError):
        returns.set_exchange_variant(case.id, case.lines[0].id, data.v("黑色", "S"), data.owner)
