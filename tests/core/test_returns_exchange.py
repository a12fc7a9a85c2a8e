"""An exchange after it is sent: 完成 waits for the new order to be shipped; an exchange shows
its price difference, never a refund; the inspection log counts pieces."""

from __future__ import annotations

import pytest

from desk.core import orders, returns
from desk.core.errors import DomainError
from desk.i18n import _
from desk.models import ReturnCase, ReturnEvent
from tests.core.orders_support import add_product, build_shop, line
from tests.core.test_returns_support import (
    inspection,
    open_on,
    ship_exchange,
    signed_order,
    step,
)


def sent_exchange(data):
    case = open_on(data, signed_order(data), "exchange")
    for status in ("awaiting_return", "sent_back", "received", "inspected", "exchange_sent"):
        step(data, case.id, status)
    return returns.get_case(case.id)


def test_an_exchange_is_completed_only_once_its_new_order_is_shipped(shop):
    data = build_shop()
    case = sent_exchange(data)
    new_order = orders.get_order(case.exchange_order_id)
    assert (case.status, case.exchange_order_status) == ("exchange_sent", "paid")
    assert new_order.number in case.complete_blocker
    assert orders.status_label("paid") in case.complete_blocker
    events = ReturnEvent.select().where(ReturnEvent.case == case.id).count()
    with pytest.raises(DomainError) as refused:
        returns.complete(case.id, data.owner)
    assert new_order.number in refused.value.message
    assert orders.status_label("paid") in refused.value.message
    assert ReturnCase.get_by_id(case.id).status == "exchange_sent"
    assert ReturnEvent.select().where(ReturnEvent.case == case.id).count() == events

    ship_exchange(case.id)
    shipped = returns.get_case(case.id)
    assert (shipped.exchange_order_status, shipped.complete_blocker) == ("shipped", "")
    returns.complete(case.id, data.owner)
    assert returns.get_case(case.id).status == "completed"


def test_a_printed_exchange_order_still_blocks_completion(shop):
    from desk.core import order_flow

    data = build_shop()
    case = sent_exchange(data)
    order_flow.confirm(case.exchange_order_id)
    order_flow.mark_printed([case.exchange_order_id])
    with pytest.raises(DomainError) as refused:
        returns.complete(case.id, data.owner)
    assert orders.status_label("printed") in refused.value.message


def test_a_size_exchange_previews_no_refund_and_no_difference(shop):
    data = build_shop()
    order = signed_order(data)
    draft = returns.ReturnDraft(
        order.id, "exchange", "size_small",
        (returns.ReturnLineDraft(order.lines[0].id, 1, data.v("黑色", "L")),),
    )  # fmt: skip
    shown = returns.preview(draft)
    assert (shown.refund_estimate_fen, shown.price_difference_fen) == (0, 0)
    as_return = returns.preview(returns.ReturnDraft(**{**draft.__dict__, "kind": "return_refund"}))
    assert as_return.refund_estimate_fen == order.lines[0].unit_price_fen  # returns still refund


def test_an_exchange_to_a_dearer_item_shows_the_price_difference(shop):
    data = build_shop()
    price = 12900  # the builder's product price
    _product, dearer = add_product("B2001", "羊毛开衫", price_fen=price + 3000)
    order = signed_order(data, line(data.v("黑色", "M"), 2))
    draft = returns.ReturnDraft(
        order.id, "exchange", "color",
        (returns.ReturnLineDraft(order.lines[0].id, 2, dearer[("白色", "M")]),),
    )  # fmt: skip
    shown = returns.preview(draft)
    assert (shown.refund_estimate_fen, shown.price_difference_fen) == (0, 2 * 3000)
    case, _ = returns.open_case(draft, data.owner)
    assert case.price_difference_fen == 6000


def test_the_inspection_log_counts_pieces_not_lines(shop):
    data = build_shop()
    case = open_on(data, signed_order(data), quantity=2)
    for status in ("awaiting_return", "sent_back", "received"):
        step(data, case.id, status)
    returns.record_inspection(case.id, inspection(returns.get_case(case.id)), data.owner)
    note = returns.get_case(case.id).events[-1].note
    assert note == _(
        "Inspected: {ok} accepted, {refused} refused, {partial} partial refund"
    ).format(ok=2, refused=0, partial=0)
