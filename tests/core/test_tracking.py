"""Tracking numbers: the couriers' patterns (warn, never block), numbers given to orders before
shipping (a number is never used twice), number ranges drawn atomically, shipping in one step."""

from __future__ import annotations

import threading

import pytest

from desk.core import order_flow, tracking
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.models import Order, Shipment, TrackingRange
from tests.core.orders_support import build_shop, order_in_status

# (courier, number, fits the courier's pattern)
PATTERN_CASES = [
    ("SF", "SF1234567890123", True),
    ("SF", "SF123456789012", False),  # 12 digits after SF
    ("SF", "123456789012", True),  # the older all-digit waybill
    ("SF", "YT1234567890123", False),
    ("YTO", "YT1234567890123", True),
    ("YTO", "YT12345678901234", False),
    ("YTO", "1234567890123", False),
    ("ZTO", "73123456789012", True),
    ("ZTO", "76123456789012", True),
    ("ZTO", "78123456789012", True),
    ("ZTO", "77123456789012", False),  # 77 is not a ZTO series
    ("ZTO", "72123456789012", False),
    ("ZTO", "7312345678901", False),  # 13 digits
    ("STO", "773123456789012", True),  # a 15-digit e-waybill
    ("STO", "5512345678901", True),
    ("STO", "73123456789012", False),
    ("YUNDA", "4312345678901", True),
    ("YUNDA", "463123456789012", True),
    ("YUNDA", "43123456789", False),
    ("JT", "JT1234567890123", True),
    ("JT", "JT123456789012", False),
    ("EMS", "1012345678901", True),
    ("EMS", "9812345678901", True),
    ("EMS", "EA123456785CN", True),  # S10: 8·1+6·2+4·3+2·4+3·5+5·6+9·7+7·8 = 204, 11 − 204 mod 11 = 5
    ("EMS", "EA123456780CN", False),  # wrong check digit
    ("EMS", "2012345678901", False),
    ("JD", "JD0012345678901", True),
    ("JD", "JDVA01234567890", True),
    ("JD", "JD12345", False),
]


@pytest.mark.parametrize(("courier", "number", "fits"), PATTERN_CASES)
def test_patterns_warn_but_never_refuse(shop, courier, number, fits):
    normalised, warning = tracking.check_number(courier, number)
    assert normalised == number
    assert (warning is None) is fits
    if warning is not None:
        assert number in warning


def test_what_a_scanner_or_a_hand_types_is_normalised(shop):
    assert tracking.check_number("SF", " sf 1234 5678 90123 ") == ("SF1234567890123", None)
    assert tracking.check_number("JT", "ＪＴ１２３４５６７８９０１２３") == ("JT1234567890123", None)
    assert tracking.check_number("zto", "73123456789012")[0] == "73123456789012"


@pytest.mark.parametrize("text", ["", "   ", "测试单号", "12", "SF/123456"])
def test_text_that_is_no_tracking_number_is_refused(shop, text):
    with pytest.raises(ValidationError) as caught:
        tracking.check_number("SF", text)
    assert caught.value.field == "tracking_no"


def test_an_unknown_courier_is_refused(shop):
    with pytest.raises(ValidationError) as caught:
        tracking.check_number("DHL", "SF1234567890123")
    assert caught.value.field == "courier"


def _shipments(order_id: int) -> list[tuple]:
    return [(s.courier, s.tracking_no, s.shipped_at) for s in
            Shipment.select().where(Shipment.order == order_id).order_by(Shipment.id)]  # fmt: skip


def test_assign_records_the_number_without_shipping(shop):
    built = build_shop()
    order = order_in_status(built, "confirmed")
    done, changed = tracking.assign(order.id, "sf1234567890123", "SF", built.owner)
    assert done.tracking_no == "SF1234567890123" and done.courier == "SF" and done.warning is None
    assert changed.concerns("orders")
    row = Order.get_by_id(order.id)
    assert row.status == "confirmed" and row.courier == "SF"  # the parcel goes with SF now
    assert _shipments(order.id) == [("SF", "SF1234567890123", None)]
    assert tracking.pending_number(order.id) == ("SF", "SF1234567890123")
    # a second number replaces the first; a number off the pattern is kept with a warning
    done, _changed = tracking.assign(order.id, "SF12345")
    assert done.warning is not None and "SF12345" in done.warning
    assert _shipments(order.id) == [("SF", "SF12345", None)]


def test_a_number_of_another_order_is_refused_naming_it(shop):
    built = build_shop()
    first = order_in_status(built, "confirmed")
    second = order_in_status(built, "confirmed")
    shipped = order_in_status(built, "shipped")
    tracking.assign(first.id, "73123456789012")
    with pytest.raises(ValidationError) as caught:
        tracking.assign(second.id, "7312 3456 789012")
    assert first.number in caught.value.message and caught.value.field == "tracking_no"
    used = Shipment.get(Shipment.order == shipped.id).tracking_no
    with pytest.raises(ValidationError) as caught:
        tracking.assign(second.id, used)
    assert shipped.number in caught.value.message
    assert _shipments(second.id) == []
    tracking.assign(first.id, "73123456789012")  # the same number again on its own order: fine
    assert len(_shipments(first.id)) == 1


@pytest.mark.parametrize("status", ["unpaid", "shipped", "closed"])
def test_only_paid_confirmed_or_printed_orders_get_a_number(shop, status):
    built = build_shop()
    order = order_in_status(built, status)
    before = _shipments(order.id)
    with pytest.raises(DomainError) as caught:
        tracking.assign(order.id, "73123456789099")
    assert order.number in caught.value.message
    assert _shipments(order.id) == before


def test_ranges_hand_out_each_number_once(shop):
    info, _changed = tracking.add_range("ZTO", "", 73000000000001, 73000000000003, 14)
    assert info.remaining == 3 and info.text(info.next_number) == "73000000000001"
    built = build_shop()
    typed = order_in_status(built, "confirmed")
    tracking.assign(typed.id, "73000000000002")  # typed by hand from the same block
    assert tracking.next_from_range("ZTO") == "73000000000001"
    assert tracking.next_from_range("ZTO") == "73000000000003"  # …02 is taken: skipped
    with pytest.raises(DomainError):
        tracking.next_from_range("ZTO")
    assert tracking.list_ranges("ZTO")[0].remaining == 0


def test_prefix_and_padding(shop):
    tracking.add_range("sf", "sf", 7, 9, 13)
    assert tracking.next_from_range("SF") == "SF0000000000007"
    assert tracking.check_number("SF", "SF0000000000008")[1] is None


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("ZTO", "", 10, 5, 0), "last"),  # reversed
        (("ZTO", "", -1, 5, 0), "last"),
        (("ZTO", "", 1, 10_000_000, 0), "last"),  # no outlet hands out ten million
        (("ZTO", "", 100, 200, 2), "width"),  # 200 does not fit two digits
        (("ZTO", "中通", 1, 5, 0), "prefix"),
        (("ZTO", "", 1, 5, 0), "last"),  # "5" is no tracking number
        (("DHL", "", 1, 5, 0), "courier"),
    ],
)
def test_bad_ranges_are_refused(shop, args, field):
    with pytest.raises(ValidationError) as caught:
        tracking.add_range(*args)
    assert caught.value.field == field
    assert TrackingRange.select().count() == 0


def test_overlapping_ranges_are_refused(shop):
    tracking.add_range("YTO", "YT", 1000, 1999, 13)
    with pytest.raises(ValidationError) as caught:
        tracking.add_range("YTO", "YT", 1500, 2500, 13)
    assert "YT0000000001000" in caught.value.message
    tracking.add_range("YTO", "YT", 2000, 2999, 13)  # next to it: fine
    tracking.add_range("STO", "77", 1500, 2500, 13)  # another courier: fine
    assert len(tracking.list_ranges()) == 3


def test_two_windows_drawing_at_once_never_get_the_same_number(shop):
    tracking.add_range("JT", "JT", 1, 200, 13)
    path = db.database
    drawn: list[str] = []
    errors: list[BaseException] = []

    def draw() -> None:
        try:
            for _ in range(25):
                drawn.append(tracking.next_from_range("JT"))
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.close()  # this thread's connection

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.database == path and not errors
    assert len(drawn) == 100 and len(set(drawn)) == 100
    assert tracking.list_ranges("JT")[0].next_number == 101


def test_drawing_for_an_order_that_is_refused_uses_no_number(shop):
    tracking.add_range("ZTO", "", 73000000000001, 73000000000009, 14)
    built = build_shop()
    closed = order_in_status(built, "closed")
    with pytest.raises(DomainError):
        tracking.assign_from_range(closed.id)
    confirmed = order_in_status(built, "confirmed")
    done, _changed = tracking.assign_from_range(confirmed.id)
    assert done.tracking_no == "73000000000001" and done.warning is None
    assert tracking.pending_number(confirmed.id) == ("ZTO", "73000000000001")


def test_ship_every_order_that_has_a_number(shop):
    built = build_shop()
    ready = order_in_status(built, "printed")
    also = order_in_status(built, "confirmed")
    without = order_in_status(built, "printed")
    cancelled = order_in_status(built, "confirmed")
    tracking.assign(ready.id, "73123456789001")
    tracking.assign(also.id, "SF1234567890123", "SF")
    tracking.assign(cancelled.id, "73123456789003")
    order_flow.close(cancelled.id, "买家不要了")  # closed after it got its number
    report, changed = tracking.ship_with_numbers(
        [ready.id, also.id, without.id, cancelled.id], built.owner
    )
    assert report.shipped == (ready.number, also.number)
    assert report.without_number == (without.number,)
    assert [number for number, _why in report.failed] == [cancelled.number]
    assert changed.concerns("orders") and changed.concerns("stock")
    assert Order.get_by_id(ready.id).status == "shipped"
    assert Order.get_by_id(also.id).status == "shipped"
    assert Order.get_by_id(without.id).status == "printed"
    assert Order.get_by_id(cancelled.id).status == "closed"
    (courier, number, shipped_at), = _shipments(also.id)
    assert (courier, number) == ("SF", "SF1234567890123") and shipped_at is not None
    assert tracking.pending_number(cancelled.id) == ("ZTO", "73123456789003")  # left as it was
