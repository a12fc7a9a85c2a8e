"""The packing list (配货单): items totalled by 货号/colour/size in the handbook's order, and the
orders to ship on a day (paid before the cut-off, not shipped)."""

from __future__ import annotations

import datetime

import pytest

from desk.core import order_flow, settings
from desk.core.packing import orders_to_ship, packing_list
from desk.models import Order
from tests.core.orders_support import add_product, build_shop, line, make_order, order_in_status

DAY = datetime.date(2026, 3, 14)


@pytest.fixture
def built(shop):
    settings.save_profile(settings.ShopProfile(shop_name="小雅的衣橱", ship_cutoff="16:00"))
    return build_shop()


def paid_at(order_id: int, when: datetime.datetime) -> None:
    Order.update(paid_at=when).where(Order.id == order_id).execute()


def at(hour: int, minute: int = 0, days: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(DAY + datetime.timedelta(days=days), datetime.time(hour, minute))


def test_orders_to_ship_are_paid_before_the_cut_off_and_not_shipped(built):
    morning = order_in_status(built, "paid")
    paid_at(morning.id, at(9, 30))
    yesterday_late = order_in_status(built, "confirmed")
    paid_at(yesterday_late.id, at(20, 0, days=-1))
    printed = order_in_status(built, "printed")
    paid_at(printed.id, at(15, 59))
    after_cutoff = order_in_status(built, "paid")
    paid_at(after_cutoff.id, at(16, 0))
    for status in ("unpaid", "shipped", "signed", "completed", "closed"):
        order = order_in_status(built, status)
        if status != "unpaid":
            paid_at(order.id, at(8, 0))
    assert orders_to_ship(DAY) == [yesterday_late.id, morning.id, printed.id]
    # the one paid at 16:00 ships tomorrow, with everything still waiting
    assert orders_to_ship(DAY + datetime.timedelta(days=1)) == [
        yesterday_late.id, morning.id, printed.id, after_cutoff.id
    ]  # fmt: skip
    settings.save_profile(settings.ShopProfile(shop_name="小雅的衣橱", ship_cutoff="17:00"))
    assert after_cutoff.id in orders_to_ship(DAY)


def test_items_totalled_by_code_colour_size_in_the_handbook_order(built):
    other_id, other = add_product("A0999", "百褶半身裙", 9900, colors=("藏青",), sizes=("均码",))
    one = make_order(built, line(built.v("白色", "S"), 1), line(built.v("黑色", "M"), 2))
    two = make_order(built, line(built.v("黑色", "M"), 1), line(other[("藏青", "均码")], 3),
                     line(built.v("黑色", "L"), 1))  # fmt: skip
    closed = make_order(built, line(built.v("白色", "L"), 5))
    order_flow.close(closed.id, "买家拍错了")
    data = packing_list([one.id, two.id, closed.id, one.id], title="下午批")
    rows = [(i.code, i.color, i.size, i.quantity, i.order_count) for i in data.items]
    assert rows == [
        ("A0999", "藏青", "均码", 3, 1),
        # the handbook's order: colours 黑色 then 白色, sizes S M L (not the alphabet's L M S)
        ("A1023", "黑色", "M", 3, 2),
        ("A1023", "黑色", "L", 1, 1),
        ("A1023", "白色", "S", 1, 1),
    ]
    assert data.items[0].name == "百褶半身裙"
    assert (data.order_count, data.piece_count) == (2, 8)  # the closed order is not packed
    assert data.title == "下午批"
    assert packing_list([]).items == () and packing_list([]).title == "配货单"


def test_a_line_whose_variant_is_gone_is_still_packed_by_its_text(built):
    from desk.db.connection import db

    order = make_order(built, line(built.v("黑色", "M"), 1), line(built.v("白色", "S"), 1))
    db.execute_sql("UPDATE order_line SET variant_id = NULL WHERE color = '黑色'")
    rows = [(i.code, i.color, i.size) for i in packing_list([order.id]).items]
    assert rows == [("A1023", "白色", "S"), ("A1023", "黑色", "M")]  # handbook rows first
