"""Return rules: every status move allowed and refused (the table and the services, against an
independent list), the postage rule table, the 7-day window at its edges, case numbers."""

from __future__ import annotations

import datetime

import pytest

from desk.core import returns
from desk.core.errors import DomainError, ValidationError
from desk.models import Order, ReturnCase, ReturnEvent
from tests.core.orders_support import build_shop, order_in_status
from tests.core.test_returns_support import PATHS, case_in_status, open_on, step

#: Written out by hand from the issue (申请→待寄回→已寄回→已收货→验货→已退款/已换货发出→完成,
#: or 已拒绝; 仅退款 skips the goods; a parcel can arrive before its number is known).
ALLOWED = {
    "refund_only": {
        ("requested", "refunded"), ("requested", "rejected"), ("refunded", "completed"),
    },
    "return_refund": {
        ("requested", "awaiting_return"), ("requested", "refunded"), ("requested", "rejected"),
        ("awaiting_return", "sent_back"), ("awaiting_return", "received"),
        ("awaiting_return", "rejected"), ("sent_back", "received"), ("sent_back", "rejected"),
        ("received", "inspected"), ("received", "rejected"), ("inspected", "refunded"),
        ("inspected", "rejected"), ("refunded", "completed"),
    },
    "exchange": {
        ("requested", "awaiting_return"), ("requested", "rejected"),
        ("awaiting_return", "sent_back"), ("awaiting_return", "received"),
        ("awaiting_return", "rejected"), ("sent_back", "received"), ("sent_back", "rejected"),
        ("received", "inspected"), ("received", "rejected"), ("inspected", "exchange_sent"),
        ("inspected", "rejected"), ("exchange_sent", "completed"),
    },
}  # fmt: skip
STATUSES = ("requested", "awaiting_return", "sent_back", "received", "inspected", "refunded",
            "exchange_sent", "completed", "rejected")  # fmt: skip


@pytest.mark.parametrize("kind", sorted(ALLOWED))
def test_the_table_matches_the_independent_list(kind):
    table = {(a, b) for a in STATUSES for b in STATUSES if returns.can_move(kind, a, b)}
    assert table == ALLOWED[kind]
    assert set(returns.STATUSES) == set(STATUSES)


def _reachable(kind):
    return [*PATHS[kind], "rejected"]


MOVES = [
    (kind, a, b)
    for kind in sorted(ALLOWED)
    for a in _reachable(kind)
    for b in STATUSES
    if b not in ("requested", a)  # nothing leads back to 申请; staying is not a move
]


#: Refunding or sending an exchange again after the case went on: a no-op, not an error.
DONE_ALREADY = {
    ("refund_only", "completed", "refunded"),
    ("return_refund", "completed", "refunded"),
    ("exchange", "completed", "exchange_sent"),
}


@pytest.mark.parametrize(("kind", "from_status", "to_status"), MOVES)
def test_every_move_through_the_services(shop, kind, from_status, to_status):
    data = build_shop()
    case = case_in_status(data, kind, from_status)
    assert case.status == from_status
    events = ReturnEvent.select().where(ReturnEvent.case == case.id).count()
    if (from_status, to_status) in ALLOWED[kind]:
        step(data, case.id, to_status)
        after = returns.get_case(case.id)
        assert after.status == to_status
        last = after.events[-1]
        assert (last.from_status, last.to_status) == (from_status, to_status)
        assert last.staff_name and last.at
    elif (kind, from_status, to_status) in DONE_ALREADY:  # a second click: nothing happens
        assert not step(data, case.id, to_status)[1]
        assert ReturnCase.get_by_id(case.id).status == from_status
        assert ReturnEvent.select().where(ReturnEvent.case == case.id).count() == events
    else:
        with pytest.raises(DomainError) as refused:
            step(data, case.id, to_status)
        if to_status != "rejected" or from_status in ("completed", "rejected", "refunded",
                                                       "exchange_sent"):  # fmt: skip
            message = refused.value.message
            assert returns.status_label(from_status) in message
            assert returns.status_label(to_status) in message
        assert ReturnCase.get_by_id(case.id).status == from_status
        assert ReturnEvent.select().where(ReturnEvent.case == case.id).count() == events


POSTAGE = {  # reason → (without 运费险, with 运费险)
    "quality": ("shop", "shop"),
    "wrong_item": ("shop", "shop"),
    "damaged": ("shop", "shop"),
    "no_reason": ("buyer", "insurance"),
    "dislike": ("buyer", "insurance"),
    "size_small": ("buyer", "insurance"),
    "size_large": ("buyer", "insurance"),
    "color": ("buyer", "insurance"),
    "other": ("buyer", "insurance"),
}


@pytest.mark.parametrize("reason", sorted(POSTAGE))
@pytest.mark.parametrize("insured", [False, True])
def test_postage_rule_table(reason, insured):
    assert returns.postage_payer(reason, insured) == POSTAGE[reason][insured]
    assert set(returns.REASONS) == set(POSTAGE)


def test_the_rule_decides_the_payer_and_an_override_needs_a_note(shop):
    data = build_shop()
    quality = open_on(data, order_in_status(data, "signed"), reason="quality")
    assert quality.postage_payer == "shop"
    order = order_in_status(data, "signed")
    with pytest.raises(ValidationError) as refused:
        open_on(data, order, reason="dislike", postage_payer="shop")
    assert refused.value.field == "postage_note"
    assert ReturnCase.select().count() == 1
    case = open_on(
        data, order, reason="dislike", postage_payer="shop", postage_note="老客户，卖家承担"
    )
    assert (case.postage_payer, case.postage_note) == ("shop", "老客户，卖家承担")
    with pytest.raises(ValidationError):
        returns.set_postage(case.id, "buyer", "", insured=True)  # the rule says insurance now
    returns.set_postage(case.id, "insurance", "", insured=True, staff_id=data.owner)
    after = returns.get_case(case.id)
    assert (after.postage_payer, after.insured) == ("insurance", True)
    assert returns.payer_label("insurance") in after.events[-1].note


SIGNED = datetime.datetime(2026, 11, 1, 15, 0)


@pytest.mark.parametrize(
    ("now", "passed"),
    [
        (datetime.datetime(2026, 11, 1, 15, 1), False),
        (datetime.datetime(2026, 11, 8, 23, 59), False),  # day 7, 23:59
        (datetime.datetime(2026, 11, 8, 23, 59, 59), False),
        (datetime.datetime(2026, 11, 9, 0, 0), True),  # day 8
        (datetime.datetime(2026, 12, 1, 9, 0), True),
    ],
)
def test_the_seven_day_window_at_its_edges(shop, now, passed):
    data = build_shop()
    order = order_in_status(data, "signed")
    Order.update(signed_at=SIGNED).where(Order.id == order.id).execute()
    window = returns.order_window(order.id, now)
    assert window.deadline == datetime.datetime(2026, 11, 8, 23, 59, 59)
    assert window.passed is passed and window.estimated is False
    draft = returns.ReturnDraft(order.id, "return_refund", "no_reason",
                                (returns.ReturnLineDraft(order.lines[0].id, 1),))  # fmt: skip
    preview = returns.preview(draft, now)
    assert any("2026-11-08" in w for w in preview.warnings) is passed
    detail, _changes = returns.open_case(draft, data.owner, now=now)  # a warning, never a block
    assert detail.status == "requested" and detail.window.passed is passed


def test_window_estimated_from_shipping_plus_transit_days(shop):
    data = build_shop()
    order = order_in_status(data, "shipped")
    Order.update(shipped_at=datetime.datetime(2026, 11, 1, 18, 0), signed_at=None).where(
        Order.id == order.id).execute()  # fmt: skip
    window = returns.order_window(order.id, datetime.datetime(2026, 11, 5))
    assert window.estimated and window.deadline == datetime.datetime(2026, 11, 11, 23, 59, 59)
    returns.set_transit_days(5)
    assert returns.order_window(order.id).deadline == datetime.datetime(2026, 11, 13, 23, 59, 59)
    with pytest.raises(ValidationError):
        returns.set_transit_days(-1)
    unshipped = order_in_status(data, "paid")
    assert returns.order_window(unshipped.id).deadline is None


def test_case_numbers_per_day(shop):
    data = build_shop()
    order = order_in_status(data, "signed")
    day = datetime.datetime(2026, 11, 23, 10, 0)
    draft = returns.ReturnDraft(order.id, "refund_only", "quality",
                                (returns.ReturnLineDraft(order.lines[0].id, 1),))  # fmt: skip
    first, _ = returns.open_case(draft, now=day)
    other = order_in_status(data, "signed")
    second, _ = returns.open_case(
        returns.ReturnDraft(other.id, "refund_only", "quality",
                            (returns.ReturnLineDraft(other.lines[0].id, 1),)),
        now=day + datetime.timedelta(hours=1))  # fmt: skip
    assert (first.number, second.number) == ("TH20261123-001", "TH20261123-002")
    assert returns.find_by_number(" th20261123-002 ") == second.id
