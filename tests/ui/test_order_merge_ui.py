"""Merging orders from the dialog: the main order chosen, the combined lines previewed, and after
the merge every memo, buyer message and gift of every order kept on the main order."""

from __future__ import annotations

import pytest

from desk.core import order_memos, orders
from desk.ui import messages
from desk.ui.orders import merge_dialog
from desk.ui.orders.merge_dialog import MergeOrdersDialog, run_merge_dialog
from tests.core.orders_support import build_shop, line, make_order, order_in_status


@pytest.fixture
def shop_data(session):
    return build_shop()


@pytest.fixture
def agree(monkeypatch):
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, yes, title=None:
                        asked.append(text) or True)
    return asked


def two_orders(shop):
    a = make_order(shop, line(shop.v("黑色", "M"), 1), paid=True, buyer_message="要发顺丰",
                   gift="发圈", memo="工号07", flag="red", staff_id=shop.owner)
    b = make_order(shop, line(shop.v("黑色", "M"), 2), line(shop.v("白色", "S"), 1), paid=True,
                   buyer_message="周六前到", memo="改发中通", flag="yellow", staff_id=shop.partner)
    order_memos.add_memo(b.id, "送袜子", flag="blue", staff_id=shop.owner)
    return orders.get_order(a.id), orders.get_order(b.id)


def test_preview_combines_lines_and_lists_every_memo_and_message(qtbot, session, shop_data):
    a, b = two_orders(shop_data)
    dialog = MergeOrdersDialog(session, [b.id, a.id])
    qtbot.addWidget(dialog)
    assert dialog.error is None
    assert dialog.main_id() == a.id  # the oldest order stays by default
    table = dialog.lines
    rows = {(table.item(r, 2).text(), table.item(r, 3).text()): table.item(r, 4).text()
            for r in range(table.rowCount())}
    assert rows == {("黑色", "M"): "3", ("白色", "S"): "1"}
    assert table.item(0, 2).text() == "黑色"  # main order's lines first
    words = dialog.words.toPlainText()
    for text in ("要发顺丰", "周六前到", "发圈", "工号07", "改发中通", "送袜子", a.number, b.number):
        assert text in words, text
    # 4 × 129.00 goods, one parcel's postage (both 0 here)
    assert "¥516.00" in dialog.totals.text()


def test_merge_keeps_every_memo_and_message(qtbot, session, shop_data, agree):
    a, b = two_orders(shop_data)
    memo_texts = {m.text for m in a.memos} | {m.text for m in b.memos}
    dialog = MergeOrdersDialog(session, [a.id, b.id])
    qtbot.addWidget(dialog)
    dialog.choose_main(b.id)
    dialog.merge_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(agree) == 1 and a.number in agree[0] and b.number in agree[0]
    main = orders.get_order(b.id)
    assert dialog.merged is not None and dialog.merged.id == b.id
    assert orders.get_order(a.id).merged_into_id == b.id
    kept = {m.text for m in main.memos}
    assert memo_texts <= kept
    assert "要发顺丰" in main.buyer_message and "周六前到" in main.buyer_message
    assert "发圈" in main.gift
    assert sum(line.quantity for line in main.lines) == 4
    assert main.flag == "blue"  # the main order keeps its own (latest) flag


def test_refused_merge_says_why_and_changes_nothing(qtbot, session, shop_data, agree, said):
    paid = order_in_status(shop_data, "paid")
    other = make_order(shop_data, street="文一路1号")  # unpaid, another address
    dialog = MergeOrdersDialog(session, [paid.id, other.id])
    qtbot.addWidget(dialog)
    dialog.merge_button.click()
    assert dialog.merged is None and dialog.isVisible() is False
    assert len(said) == 1 and other.number in said[0][1]
    assert orders.get_order(other.id).merged_into_id is None
    assert orders.get_order(paid.id).lines == paid.lines


def test_cancelled_confirmation_merges_nothing(qtbot, session, shop_data, monkeypatch):
    a, b = two_orders(shop_data)
    monkeypatch.setattr(messages, "confirm", lambda *args, **kw: False)
    dialog = MergeOrdersDialog(session, [a.id, b.id])
    qtbot.addWidget(dialog)
    dialog.merge_button.click()
    assert orders.get_order(b.id).merged_into_id is None


def test_run_merge_dialog_with_one_order_says_so(qtbot, session, shop_data, said):
    a = order_in_status(shop_data, "paid")
    assert run_merge_dialog(None, session, [a.id]) is False
    assert len(said) == 1


def test_run_merge_dialog_returns_true_after_merging(qtbot, session, shop_data, agree,
                                                    monkeypatch):
    a, b = two_orders(shop_data)
    monkeypatch.setattr(MergeOrdersDialog, "exec", lambda self: (self.merge(), self.result())[1])
    assert run_merge_dialog(None, session, [a.id, b.id]) is True
    assert orders.get_order(b.id).merged_into_id == a.id
    assert merge_dialog.combined_lines([orders.get_order(a.id)])
