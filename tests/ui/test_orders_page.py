"""The Orders page: keyset paging in the model (each order once), filters, search, masked
phones, the 催付 view with its copied reminder, status moves and closing with a reason."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt

from desk.core import order_flow, orders
from desk.core.order_list import OrderFilter
from desk.models import Order
from desk.ui.orders import list_model
from desk.ui.orders.list_model import OrderListModel
from tests.core.orders_support import build_shop, make_order, order_in_status
from tests.ui.conftest import type_text
from tests.ui.orders_support import active, make_page


@pytest.fixture
def page(qtbot, session):
    return make_page(qtbot, session)


def test_fetch_more_pages_by_keyset_and_returns_each_order_once(shop, qtmodeltester, monkeypatch):
    monkeypatch.setattr(list_model, "PAGE_SIZE", 7)
    built = build_shop(stock_each=0)
    made = {make_order(built).id for _ in range(23)}
    model = OrderListModel()
    model.reload(OrderFilter())
    assert model.rowCount() == 7 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.row_at(i).id for i in range(model.rowCount())]
    assert len(ids) == 23 and set(ids) == made  # each once
    assert ids == sorted(ids, reverse=True)  # newest first (same second: by id)
    qtmodeltester.check(model)


def test_phones_are_masked_and_the_flag_is_a_coloured_dot(page, qtbot):
    built = build_shop()
    order = make_order(built, flag="yellow", memo="顺丰")
    page.reload()
    row = page.model.row_of(order.id)
    phone = page.model.index(row, 2).data()
    assert phone == "138****5678"
    assert "13812345678" not in [page.model.index(row, c).data() for c in range(12)]
    assert page.model.index(row, list_model.FLAG_COLUMN).data(1) is not None  # DecorationRole


def test_filters_by_status_flag_courier_printed_and_search(page, qtbot):
    built = build_shop()
    unpaid = make_order(built)
    paid = order_in_status(built, "paid", courier="SF")
    printed = order_in_status(built, "printed", flag="red")
    page.reload()
    shown = lambda: {page.model.row_at(i).id for i in range(page.model.rowCount())}  # noqa: E731
    assert shown() == {unpaid.id, paid.id, printed.id}
    page.filters.set_status("paid")
    assert shown() == {paid.id}
    assert page.count.property("total") == 1
    page.filters.set_status("")
    page.filters.flag.setCurrentIndex(page.filters.flag.findData("red"))
    assert shown() == {printed.id}
    page.filters.flag.setCurrentIndex(0)
    page.filters.courier.setCurrentIndex(page.filters.courier.findData("SF"))
    assert shown() == {paid.id}
    page.filters.courier.setCurrentIndex(0)
    page.filters.printed.setCurrentIndex(page.filters.printed.findData(False))
    assert shown() == {unpaid.id, paid.id}
    page.filters.printed.setCurrentIndex(0)
    page.filters.dates.setCurrentIndex(page.filters.dates.findData("custom"))
    page.filters.date_to.setDate(datetime.date.today() - datetime.timedelta(days=3))
    assert shown() == set()
    page.filters.dates.setCurrentIndex(page.filters.dates.findData("today"))
    assert len(shown()) == 3
    type_text(qtbot, page.search, paid.number)
    qtbot.waitUntil(lambda: not page._timer.isActive())
    assert shown() == {paid.id}


def test_the_chase_view_lists_old_unpaid_orders_and_copies_the_reminder(page, qtbot, clipboard):
    built = build_shop()
    old = make_order(built)
    make_order(built)  # taken just now: not yet
    Order.update(created_at=datetime.datetime.now() - datetime.timedelta(hours=13)).where(
        Order.id == old.id
    ).execute()
    page.reload()
    page.filters.set_status("chase")
    assert [page.model.row_at(i).id for i in range(page.model.rowCount())] == [old.id]
    assert page.buttons["copyChase"].isVisibleTo(page)
    page.select([old.id], old.id)
    text = page.copy_chase()
    assert text and clipboard.text() == text
    assert old.number in text


def test_closing_asks_a_reason_and_releases_the_goods(page, qtbot, said):
    built = build_shop()
    order = order_in_status(built, "paid")
    page.reload()
    page.select([order.id], order.id)
    dialog = active(qtbot, page.move_selected("closed"))
    dialog.accept()  # no reason
    assert dialog.rows["reason"].has_error()
    assert orders.get_order(order.id).status == "paid"
    dialog.reason.setEditText("买家不要了")
    dialog.accept()
    assert orders.get_order(order.id).status == "closed"
    assert said == []


def test_shipping_takes_a_tracking_number_at_its_field(page, qtbot, said):
    built = build_shop()
    order = order_in_status(built, "confirmed")
    page.reload()
    page.select([order.id], order.id)
    assert page.detail.buttons["shipped"].isEnabled()
    dialog = active(qtbot, page.move_selected("shipped"))
    dialog.tracking.setEditText("12")
    dialog.accept()
    assert dialog.rows["tracking_no"].has_error()
    dialog.tracking.setEditText("zt 7300 0000 99")
    dialog.accept()
    detail = orders.get_order(order.id)
    assert detail.status == "shipped"
    assert detail.shipments[0].tracking_no == "ZT7300000099"  # spaces dropped, upper case
    assert said == []


def test_several_selected_orders_allow_only_common_moves(page, qtbot, said):
    built = build_shop()
    a = order_in_status(built, "paid")
    b = order_in_status(built, "unpaid")
    page.reload()
    page.select([a.id, b.id], a.id)
    enabled = {k for k, button in page.detail.buttons.items() if button.isEnabled()}
    assert enabled == {
        s
        for s in page.detail.buttons
        if order_flow.can_move("paid", s) and order_flow.can_move("unpaid", s) and s != "shipped"
    }
    assert enabled == {"closed"}


def test_a_list_from_today_is_named_and_typing_a_search_leaves_it(page, qtbot):
    """A fixed list (e.g. 缺少快递单号) says so above the rows with a 显示全部订单 button; typing
    an order number that is not in the list searches all orders instead of showing nothing."""
    built = build_shop()
    confirmed = [order_in_status(built, "confirmed") for _ in range(2)]
    other = order_in_status(built, "paid")  # not in the list
    shown = lambda: [page.model.row_at(i).id for i in range(page.model.rowCount())]  # noqa: E731
    page.show_list("缺少快递单号", lambda: [o.id for o in confirmed])
    assert shown() == [o.id for o in confirmed]
    assert page.fixed_banner.isVisible() and page.show_all_button.isVisible()
    banner = page.fixed_label.text()  # 正在显示：缺少快递单号（2 个订单）
    assert "缺少快递单号" in banner and "2" in banner.replace("缺少快递单号", "")
    type_text(qtbot, page.search, other.number)
    qtbot.waitUntil(lambda: not page._timer.isActive())
    assert shown() == [other.id]  # found among all orders
    assert not page.fixed_banner.isVisible()
    page.select([other.id], other.id)
    assert page.current_context() == (other.customer_id, other.id, None)

    # the button goes back to every order
    page.show_list("缺少快递单号", lambda: [o.id for o in confirmed])
    assert page.search.text() == "" and page.fixed_banner.isVisible()
    qtbot.mouseClick(page.show_all_button, Qt.MouseButton.LeftButton)
    assert not page.fixed_banner.isVisible()
    assert set(shown()) == {*(o.id for o in confirmed), other.id}
    assert page.count.property("total") == 3

    # clicking the 全部 tab that already looks chosen leaves the list too
    page.show_list("缺少快递单号", lambda: [o.id for o in confirmed])
    assert page.filters.tabs.currentIndex() == 0
    tab = page.filters.tabs.tabRect(0).center()
    qtbot.mouseClick(page.filters.tabs, Qt.MouseButton.LeftButton, pos=tab)
    assert not page.fixed_banner.isVisible() and len(shown()) == 3
