"""The order lifecycle: every (from, to) pair allowed or refused, stock held/released/shipped,
shipments, events with who and when, the customer's figures, and a failed move leaving nothing
half-written."""

from __future__ import annotations

import pytest

from desk.core import changes, customers, order_flow, orders, staff, stock
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.models import Order, Shipment, StockMovement, Variant
from desk.models.orders import ORDER_STATUSES
from tests.core.orders_support import (
    build_shop,
    line,
    make_order,
    order_in_status,
    tracking_number,
)

# The lifecycle as DOMAIN.md §3 and the contract describe it, written out pair by pair.
ALLOWED = {
    ("unpaid", "paid"), ("unpaid", "closed"),
    ("paid", "confirmed"), ("paid", "shipped"), ("paid", "closed"),
    ("confirmed", "printed"), ("confirmed", "shipped"), ("confirmed", "closed"),
    ("printed", "shipped"), ("printed", "closed"),
    ("shipped", "signed"), ("shipped", "completed"),
    ("signed", "completed"),
}  # fmt: skip
#: Printing again an order already printed (or further on) is a reprint: nothing moves.
REPRINT = {"printed", "shipped", "signed", "completed"}


@pytest.fixture
def s(shop):
    return build_shop()


def levels(variant_id):
    v = Variant.get_by_id(variant_id)
    return v.stock, v.reserved


def state():
    """Everything an order move may write, to compare before and after."""
    tables = ('"order"', "order_line", "order_event", "order_memo", "shipment", "variant",
              "stock_movement", "customer")
    return {t: db.execute_sql(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}


def run(to_status: str, order_id: int, staff_id=None) -> changes.Changes:
    """The service that moves an order to `to_status`."""
    if to_status == "paid":
        return order_flow.pay(order_id, staff_id)
    if to_status == "confirmed":
        return order_flow.confirm(order_id, staff_id)
    if to_status == "printed":
        return order_flow.mark_printed([order_id], staff_id)
    if to_status == "shipped":
        return order_flow.ship(order_id, tracking_number(), None, staff_id)
    if to_status == "signed":
        return order_flow.sign(order_id, staff_id)
    if to_status == "completed":
        return order_flow.complete(order_id, staff_id)
    if to_status == "closed":
        return order_flow.close(order_id, "买家不要了", staff_id)
    raise AssertionError(f"no service moves an order to {to_status}")


def test_the_transition_table_is_the_lifecycle():
    for a in ORDER_STATUSES:
        for b in ORDER_STATUSES:
            assert order_flow.can_move(a, b) == ((a, b) in ALLOWED), (a, b)
    assert set(order_flow.TRANSITIONS) == set(ORDER_STATUSES)
    assert not order_flow.can_move("refunding", "paid") and not order_flow.can_move("paid", "x")


@pytest.mark.parametrize("from_status", ORDER_STATUSES)
def test_every_move_from_a_status_is_allowed_or_refused(s, from_status):
    for to_status in ORDER_STATUSES:
        if to_status == "unpaid":
            continue  # nothing moves an order back to unpaid (the table test covers it)
        order = order_in_status(s, from_status, line(s.v(), 1))
        before = state()
        pair = (from_status, to_status)
        if pair in ALLOWED:
            done = run(to_status, order.id, s.owner)
            after = orders.get_order(order.id)
            assert after.status == to_status, pair
            assert done.concerns(changes.ORDERS), pair
            event = after.events[-1]
            assert (event.from_status, event.to_status, event.kind) == (*pair, "status"), pair
            assert getattr(after, f"{to_status}_at") == event.at, pair
        elif to_status == "printed" and from_status in REPRINT:
            assert not run(to_status, order.id, s.owner), pair
            assert state() == before, pair
        else:
            with pytest.raises(DomainError) as error:
                run(to_status, order.id, s.owner)
            assert not isinstance(error.value, ValidationError), pair
            assert order.number in error.value.message, pair
            assert state() == before, pair


def test_paying_reserves_and_closing_gives_back(s):
    order = make_order(s, line(s.v(), 2), line(s.v("白色", "L"), 1))
    assert levels(s.v()) == (10, 0)
    done = order_flow.pay(order.id, s.owner)
    assert done.concerns(changes.STOCK) and done.concerns(changes.CUSTOMERS)
    assert levels(s.v()) == (10, 2) and levels(s.v("白色", "L")) == (10, 1)
    order_flow.confirm(order.id, s.partner)
    assert levels(s.v()) == (10, 2)
    done = order_flow.close(order.id, "  买家拍错了尺码 ", s.partner)
    assert done.concerns(changes.STOCK) and done.concerns(changes.CUSTOMERS)
    assert levels(s.v()) == (10, 0) and levels(s.v("白色", "L")) == (10, 0)
    detail = orders.get_order(order.id)
    assert detail.status == "closed" and detail.events[-1].note == "买家拍错了尺码"
    kinds = [(m.kind, m.reserved_delta, m.order_id) for m in stock.movements(s.v())][:2]
    assert kinds == [("release", -2, order.id), ("reserve", 2, order.id)]


def test_closing_an_unpaid_order_moves_no_stock_and_needs_a_reason(s):
    order = make_order(s, line(s.v(), 2))
    with pytest.raises(ValidationError) as error:
        order_flow.close(order.id, "   ")
    assert error.value.field == "reason"
    with pytest.raises(ValidationError):
        order_flow.close(order.id, "因" * (order_flow.MAX_REASON + 1))
    done = order_flow.close(order.id, "超时未付款")
    assert not done.concerns(changes.STOCK) and not done.concerns(changes.CUSTOMERS)
    assert StockMovement.select().where(StockMovement.order_id == order.id).count() == 0


def test_paying_without_enough_stock_changes_nothing_unless_the_user_says_yes(s):
    stock.adjust(s.v("白色", "L"), new_stock=1)
    order = make_order(s, line(s.v(), 2), line(s.v("白色", "L"), 2))
    before = state()
    with pytest.raises(stock.InsufficientStock) as error:
        order_flow.pay(order.id, s.owner)
    assert error.value.variant_id == s.v("白色", "L") and error.value.available == 1
    assert state() == before  # not even the first line's reservation
    order_flow.pay(order.id, s.owner, allow_negative=True)
    assert levels(s.v()) == (10, 2) and levels(s.v("白色", "L")) == (1, 2)


def test_shipping_ships_what_the_order_holds(s):
    order = order_in_status(s, "printed", line(s.v(), 2))
    assert levels(s.v()) == (10, 2)
    done = order_flow.ship(order.id, " zt 7300 1234 5678 ", None, s.partner)
    assert done.concerns(changes.ORDERS) and done.concerns(changes.STOCK)
    assert not done.concerns(changes.CUSTOMERS)  # counted before and after
    assert levels(s.v()) == (8, 0)
    detail = orders.get_order(order.id)
    [shipment] = detail.shipments
    assert (shipment.courier, shipment.tracking_no) == (detail.courier, "ZT730012345678")
    assert shipment.shipped_at == detail.shipped_at == detail.events[-1].at
    assert Shipment.get().staff_id == s.partner
    move = stock.movements(s.v())[0]
    assert (move.kind, move.stock_delta, move.reserved_delta, move.order_id) == (
        "ship", -2, -2, order.id)


def test_shipping_an_order_that_held_nothing_takes_available_stock(s):
    order = make_order(s, line(s.v(), 3))
    # an order that arrived as paid (an import writes the status, nothing was reserved)
    Order.update(status="paid").where(Order.id == order.id).execute()
    order_flow.ship(order.id, "SF1400000000001", "SF")
    assert levels(s.v()) == (7, 0)
    assert orders.get_order(order.id).courier == "SF"
    short = make_order(s, line(s.v("白色", "S"), 12))
    Order.update(status="paid").where(Order.id == short.id).execute()
    before = state()
    with pytest.raises(stock.InsufficientStock):
        order_flow.ship(short.id, "SF1400000000002")
    assert state() == before
    order_flow.ship(short.id, "SF1400000000002", allow_negative=True)
    assert levels(s.v("白色", "S")) == (-2, 0)


def test_an_oversold_order_ships_only_when_the_user_says_yes(s):
    stock.adjust(s.v(), new_stock=1)
    order = make_order(s, line(s.v(), 3))
    order_flow.pay(order.id, allow_negative=True)  # sold more than there is
    assert levels(s.v()) == (1, 3)
    before = state()
    with pytest.raises(stock.InsufficientStock) as error:
        order_flow.ship(order.id, "SF1400000000009")
    assert (error.value.requested, error.value.variant_id) == (3, s.v())
    assert "A1023 黑色/M" in error.value.message
    assert state() == before
    order_flow.ship(order.id, "SF1400000000009", allow_negative=True)
    assert levels(s.v()) == (-2, 0)


def test_a_tracking_number_is_used_once(s):
    first = order_in_status(s, "confirmed")
    second = order_in_status(s, "confirmed")
    order_flow.ship(first.id, "YT8800000000001", "YTO")
    before = state()
    with pytest.raises(ValidationError) as error:
        order_flow.ship(second.id, "yt8800000000001", "YTO")
    assert error.value.field == "tracking_no"
    assert first.number in error.value.message
    assert state() == before
    for bad in ("", "   ", "12345", "SF 12/34-56", "快递123456", "A" * 41):
        with pytest.raises(ValidationError) as error:
            order_flow.ship(second.id, bad)
        assert error.value.field == "tracking_no", bad
    with pytest.raises(ValidationError) as error:
        order_flow.ship(second.id, "YT8800000000002", "UPS")
    assert error.value.field == "courier"
    assert state() == before


def test_moves_record_who_and_when(s):
    order = make_order(s, staff_id=s.owner)
    order_flow.pay(order.id, s.owner)
    order_flow.confirm(order.id, s.partner)
    order_flow.mark_printed([order.id], s.partner)
    order_flow.ship(order.id, tracking_number(), staff_id=s.owner)
    order_flow.sign(order.id)
    order_flow.complete(order.id, s.owner)
    detail = orders.get_order(order.id)
    names = {p.id: p.name for p in staff.list_staff()}
    assert [(e.from_status, e.to_status, e.staff_name) for e in detail.events] == [
        (None, "unpaid", names[s.owner]),
        ("unpaid", "paid", names[s.owner]),
        ("paid", "confirmed", names[s.partner]),
        ("confirmed", "printed", names[s.partner]),
        ("printed", "shipped", names[s.owner]),
        ("shipped", "signed", ""),
        ("signed", "completed", names[s.owner]),
    ]
    stamps = [detail.created_at, detail.paid_at, detail.confirmed_at, detail.printed_at,
              detail.shipped_at, detail.signed_at, detail.completed_at]
    assert [e.at for e in detail.events] == stamps
    assert stamps == sorted(stamps)
    assert detail.events[4].note.endswith(detail.shipments[0].tracking_no)


def test_the_customer_figures_follow_what_counts(s):
    def figures():
        f = customers.get_customer(s.customer_id).figures
        return f.order_count, f.total_spent_fen

    order = make_order(s, line(s.v(), 2), postage_fen=1000)
    assert figures() == (0, 0)
    order_flow.pay(order.id)
    assert figures() == (1, 2 * 12900 + 1000)
    assert not order_flow.confirm(order.id).concerns(changes.CUSTOMERS)
    order_flow.close(order.id, "退款")
    assert figures() == (0, 0)
    shipped = order_in_status(s, "completed", line(s.v(), 1))
    assert figures() == (1, 12900) and shipped.status == "completed"


def test_printing_a_batch_is_all_or_nothing(s):
    ready = [order_in_status(s, "confirmed") for _ in range(2)]
    waiting = order_in_status(s, "paid")
    before = state()
    with pytest.raises(DomainError) as error:
        order_flow.mark_printed([ready[0].id, waiting.id, ready[1].id], s.owner)
    assert waiting.number in error.value.message
    assert state() == before
    done = order_flow.mark_printed([ready[0].id, ready[1].id, ready[0].id], s.owner)
    assert done.concerns(changes.ORDERS)
    assert {orders.get_order(o.id).status for o in ready} == {"printed"}
    assert order_flow.mark_printed([]) == changes.Changes()


def test_a_merged_order_does_not_move(s):
    main = make_order(s)
    merged = make_order(s)
    Order.update(merged_into=main.id).where(Order.id == merged.id).execute()
    with pytest.raises(DomainError) as error:
        order_flow.pay(merged.id)
    assert main.number in error.value.message
    with pytest.raises(DomainError):
        order_flow.pay(424242)


def test_an_unknown_staff_member_moves_nothing(s):
    order = make_order(s)
    before = state()
    with pytest.raises(ValidationError) as error:
        order_flow.pay(order.id, 999)
    assert error.value.field == "staff" and state() == before


# --- a failure in the middle of a move leaves nothing half-written ------------------------------


def test_a_failure_after_the_reservation_undoes_the_whole_payment(s, monkeypatch):
    order = make_order(s, line(s.v(), 2), line(s.v("白色", "M"), 1))
    before = state()

    def broken(ids):  # the last step of pay fails (a full disk, a bug)
        raise OSError("disk I/O error")

    monkeypatch.setattr(customers, "rebuild_figures", broken)
    with pytest.raises(OSError):
        order_flow.pay(order.id, s.owner)
    assert state() == before
    monkeypatch.undo()
    order_flow.pay(order.id, s.owner)
    assert levels(s.v()) == (10, 2)


def test_a_failure_while_recording_the_shipment_undoes_the_stock_moves(s, monkeypatch):
    order = order_in_status(s, "confirmed", line(s.v(), 2))
    before = state()

    def broken(**values):
        raise OSError("disk I/O error")

    monkeypatch.setattr(Shipment, "create", broken)
    with pytest.raises(OSError):
        order_flow.ship(order.id, "SF1000000000001")
    assert state() == before and levels(s.v()) == (10, 2)


def test_a_failure_halfway_through_closing_undoes_every_release(s, monkeypatch):
    order = order_in_status(s, "paid", line(s.v(), 2), line(s.v("白色", "M"), 1))
    before = state()
    real = stock.release
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OSError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(stock, "release", second_fails)
    with pytest.raises(OSError):
        order_flow.close(order.id, "买家不要了")
    assert len(calls) == 2 and state() == before
    assert levels(s.v()) == (10, 2) and levels(s.v("白色", "M")) == (10, 1)
