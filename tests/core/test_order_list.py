"""The orders list: filters, search forms, keyset paging (every order once, in order) under both
plans (walking the created_at index, collecting a small match set), counts, and 催付."""

from __future__ import annotations

import datetime

import pytest

from desk.core import order_flow, order_list, orders, replies
from desk.core.errors import DomainError, ValidationError
from desk.core.order_list import OrderFilter
from desk.models import Order
from tests.core.orders_support import (
    add_customer,
    build_shop,
    draft_for,
    line,
    make_order,
    order_in_status,
)

DAY = datetime.datetime(2026, 11, 20, 9, 0, 0)


@pytest.fixture(params=["collect", "walk"])
def plan(request, monkeypatch):
    """Every list test runs under both plans: the normal limits (a small shop collects its few
    matches) and COLLECT_LIMIT = 0 (nothing is collected: every filter walks the index)."""
    if request.param == "walk":
        monkeypatch.setattr(order_list, "COLLECT_LIMIT", 0)
    return request.param


def order_at(shop_data, at: datetime.datetime, *lines, **fields) -> orders.OrderDetail:
    """An order taken at `at` (as an importer sets it)."""
    detail, _changes = orders.create_order(draft_for(shop_data, *lines, **fields), created_at=at)
    return detail


def every_page(f: OrderFilter, limit: int = 3) -> list[orders.OrderRow]:
    rows: list[orders.OrderRow] = []
    after = None
    while True:
        page = order_list.list_orders(f, after=after, limit=limit)
        rows += page
        if len(page) < limit:
            return rows
        after = order_list.page_after(page[-1])


def ids(f: OrderFilter) -> list[int]:
    return [r.id for r in every_page(f)]


def newest_first(order_ids) -> list[int]:
    found = {o.id: o.created_at for o in Order.select().where(Order.id.in_(list(order_ids)))}
    return sorted(found, key=lambda i: (found[i], i), reverse=True)


@pytest.fixture
def shop_data(shop):
    return build_shop(stock_each=50)


def test_keyset_paging_returns_every_order_once_in_order(shop_data, plan):
    made = []
    for k in range(11):  # several orders share a second: the id breaks the tie
        at = DAY + datetime.timedelta(minutes=7 * (k // 3))
        made.append(order_at(shop_data, at).id)
    made.append(order_at(shop_data, DAY - datetime.timedelta(days=40)).id)
    for limit in (1, 2, 3, 5, 100):
        rows = []
        after = None
        while True:
            page = order_list.list_orders(OrderFilter(), after=after, limit=limit)
            rows += page
            if len(page) < limit:
                break
            after = order_list.page_after(page[-1])
        assert [r.id for r in rows] == newest_first(made)
    assert order_list.count_orders(OrderFilter()) == len(made)
    only_unpaid = OrderFilter(statuses=("unpaid",))
    assert ids(only_unpaid) == newest_first(made)


def test_a_row_carries_what_the_list_shows(shop_data, plan):
    order = order_in_status(shop_data, "shipped", line(shop_data.v("黑色", "M"), 2),
                            line(shop_data.v("白色", "L"), 1), line(shop_data.v("白色", "S"), 1),
                            flag="yellow", memo="发顺丰")
    (row,) = order_list.list_orders(OrderFilter())
    assert row.number == order.number and row.customer_name == "王小丫"
    assert row.phone_masked == "138****5678"
    assert row.region == "浙江 杭州 西湖区"
    assert row.summary == "A1023 黑色/M ×2, A1023 白色/L ×1 …"
    assert row.item_count == 4
    assert row.total_fen == order.totals.total_fen == 4 * 12900
    assert row.status == "shipped" and row.flag == "yellow"
    assert row.tracking_no == order.shipments[0].tracking_no
    assert row.unread_memo
    assert row.paid_at is not None and row.created_at == order.created_at


def test_filters_by_status_flag_courier_printed_and_dates(shop_data, plan):
    old = order_at(shop_data, DAY - datetime.timedelta(days=10), courier="SF")
    unpaid = order_at(shop_data, DAY, flag="red", memo="标准")
    paid = order_in_status(shop_data, "paid", courier="YTO")
    printed = order_in_status(shop_data, "printed", flag="green", memo="晚点发")
    shipped = order_in_status(shop_data, "paid", courier="SF")
    order_flow.ship(shipped.id, "SF1234567890")  # handed over without a label from here
    closed = order_in_status(shop_data, "closed")

    def got(**fields):
        f = OrderFilter(**fields)
        found = set(ids(f))
        assert order_list.count_orders(f) == len(found)
        return found

    assert got(statuses=("unpaid",)) == {old.id, unpaid.id}
    assert got(statuses=("paid", "printed")) == {paid.id, printed.id}
    assert got(flags=("red", "green")) == {unpaid.id, printed.id}
    assert got(flags=(None,)) == {old.id, paid.id, shipped.id, closed.id}
    assert got(courier="SF") == {old.id, shipped.id}
    assert got(printed=True) == {printed.id}
    assert got(printed=False) == {old.id, unpaid.id, paid.id, shipped.id, closed.id}
    day = DAY.date()
    assert got(date_from=day, date_to=day) == {unpaid.id}
    assert got(date_to=day) == {old.id, unpaid.id}
    assert got(date_from=day - datetime.timedelta(days=10), date_to=day - datetime.timedelta(days=10)) == {old.id}
    assert got(date_from=day, date_to=day - datetime.timedelta(days=1)) == set()
    assert got(statuses=("unpaid",), flags=("red",), date_from=day) == {unpaid.id}
    with pytest.raises(ValidationError):
        order_list.list_orders(OrderFilter(statuses=("lost",)))
    with pytest.raises(ValidationError):
        order_list.count_orders(OrderFilter(flags=("black",)))


def test_merged_orders_leave_the_list_unless_asked(shop_data, plan):
    main = make_order(shop_data)
    other = make_order(shop_data)
    Order.update(merged_into=main.id).where(Order.id == other.id).execute()
    assert ids(OrderFilter()) == [main.id]
    assert order_list.count_orders(OrderFilter()) == 1
    assert set(ids(OrderFilter(include_merged=True))) == {main.id, other.id}
    assert order_list.count_orders(OrderFilter(include_merged=True)) == 2
    assert ids(OrderFilter(query=other.number)) == []


def test_search_by_order_number_forms(shop_data, plan):
    first = order_at(shop_data, DAY)
    second = order_at(shop_data, DAY + datetime.timedelta(hours=1))
    next_day = order_at(shop_data, DAY + datetime.timedelta(days=1))
    assert first.number == "20261120-00001" and second.number == "20261120-00002"
    assert ids(OrderFilter(query="20261120-00002")) == [second.id]
    assert ids(OrderFilter(query=" 2026112000002 ")) == [second.id]  # without the dash
    assert ids(OrderFilter(query="20261120-0000")) == [second.id, first.id]  # a prefix
    assert ids(OrderFilter(query="20261120")) == [second.id, first.id]  # the day's orders
    assert ids(OrderFilter(query="20261121")) == [next_day.id]
    assert ids(OrderFilter(query="20261120", date_from=DAY.date() + datetime.timedelta(days=1))) == []
    assert ids(OrderFilter(query="20261122")) == []


def test_search_by_customer_name_nick_and_phone(shop_data, plan):
    mine = make_order(shop_data)
    other_customer = add_customer("李春花", "13955556666", nick="chunhua")
    theirs = make_order(shop_data, customer_id=other_customer, receiver="李春花", phone="13955556666")
    assert ids(OrderFilter(query="王小丫")) == [mine.id]
    assert ids(OrderFilter(query="小丫")) == [mine.id]  # a fragment of the name
    assert ids(OrderFilter(query="xiaoya")) == [mine.id]  # of the nick
    assert ids(OrderFilter(query="春花")) == [theirs.id]
    assert ids(OrderFilter(query="5678")) == [mine.id]  # the last four digits
    assert ids(OrderFilter(query="1381234")) == [mine.id]  # a prefix
    assert ids(OrderFilter(query="138 1234 5678")) == [mine.id]  # written with spaces
    assert ids(OrderFilter(query="55556")) == [theirs.id]  # from the middle
    assert ids(OrderFilter(query="王小丫 5678")) == [mine.id]  # every word must match
    assert ids(OrderFilter(query="王小丫 6666")) == []
    assert ids(OrderFilter(query="  ")) == [theirs.id, mine.id]  # nothing to search: all
    assert ids(OrderFilter(query="？！")) == [theirs.id, mine.id]


def test_phone_fragment_finds_order_phones_not_on_the_customers_card(shop_data, plan):
    # an order without a customer, an open order whose phone was typed by hand (on no card),
    # and a finished one
    walk_in = make_order(shop_data, customer_id=None, receiver="路人", phone="13700001111")
    typed = make_order(shop_data, phone="18866667777")
    finished = order_in_status(shop_data, "completed", phone="15912340000")
    assert ids(OrderFilter(query="0001111")) == [walk_in.id]
    assert ids(OrderFilter(query="6667777")) == [typed.id]
    assert ids(OrderFilter(query="15912340000")) == [finished.id]  # its full number
    assert ids(OrderFilter(query="1591234")) == [finished.id]  # or a prefix
    # the open orders' phones are cached: a change of phone is seen at once
    orders.update_order(typed.id, orders.OrderDraft(**{
        **orders.address_from_customer(shop_data.customer_id).__dict__,
        "phone": "18800009999", "lines": (orders.LineDraft(None, 1, id=typed.lines[0].id),),
    }))
    assert ids(OrderFilter(query="6667777")) == []
    assert ids(OrderFilter(query="0009999")) == [typed.id]
    order_flow.close(typed.id, "买家不要了")  # no longer open, and the phone is on no card:
    assert ids(OrderFilter(query="18800009999")) == [typed.id]  # the full number still finds it


def test_search_by_tracking_and_platform_number(shop_data, plan):
    shipped = order_in_status(shop_data, "shipped")
    tracking = shipped.shipments[0].tracking_no
    imported, _changes = orders.create_order(
        orders.OrderDraft(**{**make_order_draft(shop_data), "lines": (line(shop_data.v()),)}),
        source="taobao", external_no="3912345678901234567",
    )
    assert ids(OrderFilter(query=tracking)) == [shipped.id]
    assert ids(OrderFilter(query=tracking.lower())) == [shipped.id]
    assert ids(OrderFilter(query=tracking[:8])) == [shipped.id]  # a prefix
    assert ids(OrderFilter(query="3912345678901234567")) == [imported.id]
    assert ids(OrderFilter(query="39123456789")) == [imported.id]  # a prefix
    assert ids(OrderFilter(query="ZT000")) == []


def make_order_draft(shop_data) -> dict:
    return orders.address_from_customer(shop_data.customer_id).__dict__


def test_filters_and_search_combine(shop_data, plan):
    paid = order_in_status(shop_data, "paid", courier="SF")
    unpaid = make_order(shop_data, courier="SF")
    make_order(shop_data, courier="YTO")
    f = OrderFilter(query="5678", statuses=("paid",), courier="SF")
    assert ids(f) == [paid.id]
    assert order_list.count_orders(f) == 1
    assert ids(OrderFilter(query="王小丫", courier="SF")) == [unpaid.id, paid.id]


def test_both_plans_agree(shop_data, monkeypatch):
    for k in range(6):
        order_at(shop_data, DAY + datetime.timedelta(hours=k), flag=("red", None)[k % 2],
                   memo="备注" if k % 2 == 0 else "")
    order_in_status(shop_data, "confirmed")
    order_in_status(shop_data, "shipped")
    filters = [OrderFilter(), OrderFilter(statuses=("unpaid",)), OrderFilter(flags=("red",)),
               OrderFilter(query="5678"), OrderFilter(query="王小丫", flags=(None,)),
               OrderFilter(printed=False, statuses=("unpaid", "confirmed"))]
    collected = [(ids(f), order_list.count_orders(f)) for f in filters]
    monkeypatch.setattr(order_list, "COLLECT_LIMIT", 0)
    walked = [(ids(f), order_list.count_orders(f)) for f in filters]
    assert collected == walked
    assert order_list.explain(OrderFilter())[0] == "walk"


def test_unpaid_to_chase(shop_data):
    now = DAY + datetime.timedelta(days=2)
    stale = order_at(shop_data, now - datetime.timedelta(hours=30))
    older = order_at(shop_data, now - datetime.timedelta(hours=40))
    order_at(shop_data, now - datetime.timedelta(hours=11))  # not yet 12 hours
    paid = order_at(shop_data, now - datetime.timedelta(hours=20))
    order_flow.pay(paid.id)
    closed = order_at(shop_data, now - datetime.timedelta(hours=20))
    order_flow.close(closed.id, "拍错了")
    merged = order_at(shop_data, now - datetime.timedelta(hours=20))
    Order.update(merged_into=stale.id).where(Order.id == merged.id).execute()
    assert [r.id for r in order_list.unpaid_to_chase(now)] == [older.id, stale.id]
    assert [r.id for r in order_list.unpaid_to_chase(now, hours=35)] == [older.id]
    assert [r.id for r in order_list.unpaid_to_chase(now, limit=1)] == [older.id]


def test_chase_text_fills_the_payment_reply(shop_data):
    order = make_order(shop_data, line(shop_data.v("白色", "L"), 2))
    replies.install_starter_library()
    text = order_list.chase_text(order.id)
    # the first reply of the 催付 group: "{买家}亲，您拍下的{货号}还没付款哦，…"
    assert text.startswith("王小丫亲，您拍下的A1023还没付款哦")
    assert "{" not in text


def test_chase_text_without_a_payment_reply(shop_data):
    nameless = add_customer("", "13600001234", nick="tb_nick_01")
    order = make_order(shop_data, customer_id=nameless, receiver="收件人", phone="13600001234")
    text = order_list.chase_text(order.id)
    for part in ("tb_nick_01", order.number, "A1023", "黑色", "M"):
        assert part in text
    with pytest.raises(DomainError):
        order_list.chase_text(order.id + 100)


def test_a_search_and_a_status_both_apply_whichever_drives(shop_data, plan):
    other = add_customer("李春花", "13955556666", nick="chunhua")
    theirs = dict(customer_id=other, receiver="李春花", phone="13955556666")
    mine_paid = order_in_status(shop_data, "paid")
    make_order(shop_data)
    make_order(shop_data)
    order_in_status(shop_data, "paid", **theirs)  # fewer paid orders than orders of 王小丫
    f = OrderFilter(query="王小丫", statuses=("paid",))
    assert ids(f) == [mine_paid.id]
    assert order_list.count_orders(f) == 1
    assert ids(OrderFilter(query="春花", statuses=("unpaid",))) == []
