"""Opening a return case: quantities against what was ordered and already returned, orders that
cannot have a case, the reason and exchange checks, and the refund before shipping (the
pre-print check blocks the order, the refund closes it and releases its stock)."""

from __future__ import annotations

import pytest

from desk.core import order_check, returns, stock
from desk.core.errors import DomainError, ValidationError
from desk.core.returns import ReturnDraft, ReturnLineDraft
from desk.models import ReturnCase, ReturnEvent, ReturnLine
from tests.core.orders_support import build_shop, line, order_in_status
from tests.core.test_returns_support import open_on, signed_order


def counts():
    return (ReturnCase.select().count(), ReturnLine.select().count(),
            ReturnEvent.select().count())  # fmt: skip


def draft(order, quantity, kind="return_refund", **fields):
    return ReturnDraft(order.id, kind, fields.pop("reason", "size_small"),
                       (ReturnLineDraft(order.lines[0].id, quantity),), **fields)  # fmt: skip


def test_open_a_case_with_its_lines_customer_and_first_event(shop):
    data = build_shop()
    order = signed_order(data)
    case, done = returns.open_case(draft(order, 1, note="买家说偏小一码"), data.partner)
    assert case.status == "requested" and case.kind == "return_refund"
    assert case.customer_id == data.customer_id and case.order_id == order.id
    assert [(x.product_code, x.color, x.size, x.quantity) for x in case.lines] == [
        ("A1023", "黑色", "M", 1)
    ]
    assert case.lines[0].amount_fen == 12900
    assert case.money.suggested_fen == 12900 and case.money.max_refund_fen == order.totals.total_fen
    (event,) = case.events
    assert (event.from_status, event.to_status, event.note) == (None, "requested", "买家说偏小一码")
    assert event.staff_name
    assert done.concerns("returns")


def test_more_than_ordered_minus_already_returned_is_refused(shop):
    data = build_shop()
    order = signed_order(data)  # 2 × 黑色/M
    before = counts()
    with pytest.raises(ValidationError) as refused:
        returns.open_case(draft(order, 3), data.owner)
    assert refused.value.field == "quantity" and "2" in refused.value.message
    assert counts() == before
    first = open_on(data, order, quantity=1)
    with pytest.raises(ValidationError):
        returns.open_case(draft(order, 2), data.owner)  # only 1 left
    assert counts()[0] == 1
    (left,) = returns.returnable_lines(order.id)
    assert (left.ordered, left.already_returned, left.returnable) == (2, 1, 1)
    open_on(data, order, quantity=1)
    assert returns.preview(draft(order, 1)).refusal  # nothing left
    with pytest.raises(DomainError):
        returns.open_case(draft(order, 1), data.owner)
    returns.reject(first.id, "买家撤销申请", data.owner)  # a rejected case frees its pieces
    assert returns.returnable_lines(order.id)[0].returnable == 1
    assert open_on(data, order, quantity=1).status == "requested"


@pytest.mark.parametrize("status", ["unpaid", "closed"])
def test_no_case_on_an_unpaid_or_closed_order(shop, status):
    data = build_shop()
    order = order_in_status(data, status)
    assert returns.preview(draft(order, 1, kind="refund_only")).refusal
    with pytest.raises(DomainError) as refused:
        returns.open_case(draft(order, 1, kind="refund_only"), data.owner)
    assert order.number in refused.value.message
    assert counts() == (0, 0, 0)


def test_reason_other_needs_its_text_and_exchange_needs_its_variant(shop):
    data = build_shop()
    order = signed_order(data)
    with pytest.raises(ValidationError) as refused:
        returns.open_case(draft(order, 1, reason="other"), data.owner)
    assert refused.value.field == "reason_text"
    case, _ = returns.open_case(draft(order, 1, reason="other", reason_text="送人的，对方不合适"))
    assert returns.reason_label(case.reason, case.reason_text).endswith("送人的，对方不合适")
    with pytest.raises(ValidationError) as refused:
        returns.open_case(draft(order, 1, kind="exchange"), data.owner)
    assert refused.value.field == "exchange_variant"
    with pytest.raises(ValidationError):
        returns.open_case(ReturnDraft(order.id, "return_refund", "size_small", ()), data.owner)
    assert counts()[0] == 1


def test_exchange_to_a_size_without_stock_warns_but_opens(shop):
    data = build_shop()
    order = signed_order(data)
    stock.adjust(data.v("黑色", "L"), new_stock=0, note="卖完了")
    wanted = ReturnDraft(order.id, "exchange", "size_small",
                         (ReturnLineDraft(order.lines[0].id, 1, data.v("黑色", "L")),))  # fmt: skip
    preview = returns.preview(wanted)
    assert any("黑色/L" in w for w in preview.warnings)
    case, _ = returns.open_case(wanted, data.owner)
    assert case.lines[0].exchange_label == "黑色/L"


def test_a_refund_before_shipping_blocks_printing_and_closes_the_order(shop):
    data = build_shop()
    order = order_in_status(data, "confirmed", line(data.v("白色", "S"), 2))
    held = stock.level(data.v("白色", "S"))
    assert held.reserved == 2
    assert order_check.check_before_print([order.id])[0].ok
    with pytest.raises(ValidationError):  # not shipped: no goods to return or exchange
        returns.open_case(draft(order, 2), data.owner)
    with pytest.raises(ValidationError):  # and the refund takes the whole order
        returns.open_case(draft(order, 1, kind="refund_only"), data.owner)
    preview = returns.preview(ReturnDraft(order.id, "refund_only", "dislike"))
    assert not preview.shipped and preview.refund_estimate_fen == order.totals.total_fen
    case, _ = returns.open_case(ReturnDraft(order.id, "refund_only", "dislike"), data.owner)
    assert [x.quantity for x in case.lines] == [2]
    (result,) = order_check.check_before_print([order.id])
    assert not result.ok
    assert any(case.number in block and order.number in block for block in result.blocks)
    detail, done = returns.refund(case.id, data.owner)
    assert detail.money.refund_fen == order.totals.total_fen and detail.money.refunded_at
    assert detail.order_status == "closed"
    assert stock.level(data.v("白色", "S")).reserved == held.reserved - 2
    assert stock.level(data.v("白色", "S")).stock == held.stock
    assert done.concerns("orders") and done.concerns("stock")
    (result,) = order_check.check_before_print([order.id])
    assert not result.ok  # closed now


def test_the_check_ignores_finished_cases(shop):
    data = build_shop()
    order = order_in_status(data, "confirmed")
    case, _ = returns.open_case(ReturnDraft(order.id, "refund_only", "dislike"), data.owner)
    returns.reject(case.id, "买家又要了", data.owner)
    assert order_check._pending_refund(order.id) is None
    assert order_check.check_before_print([order.id])[0].ok
