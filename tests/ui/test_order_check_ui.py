"""The pre-print check dialog: per order 通过 / 警告 / 不能打印 with the reasons, warned orders can
be unticked, blocked ones never go ahead, and 合并… merges the suggested orders."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desk.core import order_memos, orders
from desk.ui import messages
from desk.ui.orders.check_dialog import COL_ORDER, COL_REASONS, COL_VERDICT, CheckDialog
from desk.ui.orders.merge_dialog import MergeOrdersDialog
from tests.core.orders_support import add_customer, build_shop, order_in_status


@pytest.fixture
def shop_data(session):
    return build_shop()


def other_buyer(shop, phone: str):
    shop.customer_id = add_customer(name="李四", phone=phone, nick="lisi" + phone[-4:])
    return shop


def row_of(dialog, order_id):
    for row in range(dialog.table.rowCount()):
        if dialog.table.item(row, COL_ORDER).data(Qt.ItemDataRole.UserRole) == order_id:
            return row
    raise AssertionError(order_id)


def make_dialog(qtbot, session, ids):
    dialog = CheckDialog(session, ids)
    qtbot.addWidget(dialog)
    return dialog


def test_each_order_gets_its_verdict_and_reasons(qtbot, session, shop_data):
    good = order_in_status(shop_data, "confirmed")
    other_buyer(shop_data, "13900001111")
    unpaid = order_in_status(shop_data, "unpaid")
    other_buyer(shop_data, "13900002222")
    warned = order_in_status(shop_data, "confirmed")
    order_memos.add_memo(warned.id, "只发顺丰", flag="yellow")
    dialog = make_dialog(qtbot, session, [good.id, unpaid.id, warned.id])
    table = dialog.table
    verdicts = {oid: table.item(row_of(dialog, oid), COL_VERDICT).text()
                for oid in (good.id, unpaid.id, warned.id)}
    assert verdicts == {good.id: "通过", unpaid.id: "不能打印", warned.id: "警告"} or \
        verdicts == {good.id: "Passed", unpaid.id: "Cannot print", warned.id: "Warning"}
    assert unpaid.number in table.item(row_of(dialog, unpaid.id), COL_REASONS).text()
    assert "只发顺丰" in table.item(row_of(dialog, warned.id), COL_REASONS).text()
    blocked = table.item(row_of(dialog, unpaid.id), COL_ORDER)
    assert not blocked.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert dialog.chosen_ids() == [good.id, warned.id]


def test_unticking_a_warned_order_leaves_it_out(qtbot, session, shop_data):
    good = order_in_status(shop_data, "confirmed")
    other_buyer(shop_data, "13900003333")
    warned = order_in_status(shop_data, "printed")  # a reprint warns
    dialog = make_dialog(qtbot, session, [good.id, warned.id])
    assert dialog.chosen_ids() == [good.id, warned.id]
    dialog.set_ticked(warned.id, False)
    assert dialog.chosen_ids() == [good.id]
    assert "1" in dialog.go_button.text()
    dialog.set_ticked(good.id, False)
    assert not dialog.go_button.isEnabled()


def test_merge_from_the_check_replaces_the_orders_by_the_merged_one(qtbot, session, shop_data,
                                                                     monkeypatch):
    first = order_in_status(shop_data, "confirmed", buyer_message="第一单留言")
    second = order_in_status(shop_data, "confirmed", buyer_message="第二单留言")
    dialog = make_dialog(qtbot, session, [first.id, second.id])
    row = row_of(dialog, first.id)
    assert "48" in dialog.table.item(row, COL_REASONS).text()
    button = dialog.table.cellWidget(row, 3).findChild(QPushButton)
    assert button is not None
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(MergeOrdersDialog, "exec", lambda self: (self.merge(), self.result())[1])
    button.click()
    assert orders.get_order(second.id).merged_into_id == first.id
    assert dialog.order_ids == [first.id]
    assert dialog.table.rowCount() == 1
    main = orders.get_order(first.id)
    assert "第一单留言" in main.buyer_message and "第二单留言" in main.buyer_message


def test_unknown_and_shipped_orders_cannot_go_ahead(qtbot, session, shop_data):
    shipped = order_in_status(shop_data, "shipped")
    dialog = make_dialog(qtbot, session, [shipped.id, 999999])
    assert dialog.chosen_ids() == []
    assert not dialog.go_button.isEnabled()
    assert dialog.table.rowCount() == 2


def test_incomplete_address_blocks(qtbot, session, shop_data):
    order = order_in_status(shop_data, "confirmed", street="")
    dialog = make_dialog(qtbot, session, [order.id])
    assert dialog.chosen_ids() == []
    reasons = dialog.table.item(0, COL_REASONS).text()
    assert order.number in reasons
    assert dialog.table.item(0, COL_ORDER).checkState() == Qt.CheckState.Unchecked
