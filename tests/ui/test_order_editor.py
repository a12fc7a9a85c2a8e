"""The order editor: an order from a pasted chat address with two lines, flagged yellow with a
memo, confirmed (and its confirmation text checked); bad input shown at its field; printed
orders keep their lines. Real widgets are driven; the shop file is checked afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desk.core import customers, order_flow, orders, stock
from desk.core.money import format_yuan
from desk.i18n import _
from desk.models import Order
from desk.ui.orders import editor as editor_module
from tests.core.orders_support import order_in_status
from tests.ui.conftest import C_LOCALE_NOTICE, OFFSCREEN_NOTICE, type_text
from tests.ui.orders_support import active, choose_line, handbook, make_page

#: Popups (the completer, a tooltip note) on the offscreen platform, which has no window manager.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(
    C_LOCALE_NOTICE, OFFSCREEN_NOTICE, r"This plugin does not support (raise|grabbing)")

CHAT = "收货人：李小花\n手机：139 8765 4321\n广东省深圳市南山区科技园路8号B栋1203（518057）"


@pytest.fixture
def page(qtbot, session):
    return make_page(qtbot, session)


@OFFSCREEN_POPUP
def test_an_order_from_a_pasted_chat_address_flagged_yellow_then_confirmed(
    page, qtbot, clipboard, said, monkeypatch
):
    shop = handbook()
    clipboard.setText(CHAT)
    qtbot.keyClick(page.view, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    editor = active(qtbot, page.editor)
    assert editor.fields["receiver"].text() == "李小花"
    assert editor.fields["phone"].text() == "13987654321"
    assert editor.fields["street"].text() == "科技园路8号B栋1203"
    assert editor.picker.customer_id is None  # a new buyer: made when the order is saved
    courier = editor.courier.currentData()
    assert courier == "ZTO"  # the default courier of Settings

    first = editor.lines.lines[0]
    choose_line(first, "A1023", "黑色", "M")
    first.quantity.setValue(2)
    assert first.price.text() == "129.00"  # the product's price
    second = editor.lines.add_line()
    choose_line(second, "B2001", "米白", "L")
    second.discount.setText("9.90")
    editor.postage.setText("10")
    type_text(qtbot, editor.gift, "发夹")
    editor.buyer_message.setPlainText("周六前要到\n谢谢😊")
    editor._update_totals()
    # 2 × 129 + (89.90 − 9.90) + 10 postage = 348.00
    assert editor.totals.property("total_fen") == 34800
    assert format_yuan(34800, True) in editor.totals.text()

    editor.fields["receiver"].setFocus()
    qtbot.keyClick(editor.fields["receiver"], Qt.Key.Key_Return)  # Enter saves
    assert said == []
    assert not editor.isVisible()

    [customer_id] = customers.find_by_phone("13987654321")
    detail = orders.get_order(editor.order_id)
    assert detail.customer_id == customer_id
    assert customers.get_customer(customer_id).name == "李小花"
    assert (detail.receiver, detail.phone, detail.province, detail.city, detail.district,
            detail.street, detail.postcode) == (
        "李小花", "13987654321", "广东省", "深圳市", "南山区", "科技园路8号B栋1203", "518057")
    assert [(r.product_code, r.color, r.size, r.quantity, r.unit_price_fen, r.discount_fen)
            for r in detail.lines] == [("A1023", "黑色", "M", 2, 12900, 0),
                                       ("B2001", "米白", "L", 1, 8990, 990)]
    assert detail.totals.total_fen == 34800
    assert (detail.gift, detail.buyer_message, detail.courier) == ("发夹", "周六前要到\n谢谢😊", "ZTO")
    assert detail.status == "unpaid"
    assert page.selected_ids() == [detail.id]  # the new order is selected in the list

    # the buyer paid: 标记已付款 reserves the goods
    page.detail.buttons["paid"].click()
    assert orders.get_order(detail.id).status == "paid"
    assert stock.level(shop["A1023"][1][("黑色", "M")]).reserved == 2

    # a yellow flag with a memo
    memo = active(qtbot, page.open_memos())  # Ctrl+M
    memo.findChild(type(memo.flags.buttons()[0]), "flag_yellow").click()
    type_text(qtbot, memo.text, "顺丰到付，周六前到")
    memo.accept()
    assert said == []
    after = orders.get_order(detail.id)
    assert after.flag == "yellow"
    assert after.memos[-1].text == "顺丰到付，周六前到"
    assert after.memos[-1].flag == "yellow"
    assert page.model.row_at(0).flag == "yellow"

    # the confirmation text
    page.copy_confirmation()  # Ctrl+Shift+C
    text = clipboard.text()
    for field in ("A1023", "B2001", "黑色", "米白", "李小花", "13987654321",
                  "广东省深圳市南山区科技园路8号B栋1203", "中通", "×2" if "×2" in text else "2",
                  "348.00", "10.00", "发夹"):
        assert field in text, field

    page.detail.buttons["confirmed"].click()
    assert said == []
    assert orders.get_order(detail.id).status == "confirmed"
    assert orders.get_order(detail.id).confirmed_at is not None


def test_bad_input_is_shown_at_its_field_and_nothing_is_saved(page, qtbot, said):
    handbook()
    editor = active(qtbot, page.open_order(None))
    editor.picker.paste.paste_text("王五 13700002222 浙江省杭州市西湖区文三路1号")
    line = editor.lines.lines[0]
    choose_line(line, "A1023", "白色", "S")
    line.price.setText("12.345")  # three decimals
    assert not editor.save()
    assert editor.rows["lines"].has_error()
    assert _("Line {number}").format(number=1) in editor.rows["lines"].error.text()
    line.price.setText("12.30")
    editor.postage.setText("-5")
    assert not editor.save()
    assert editor.rows["postage"].has_error()
    editor.postage.setText("")
    editor.fields["postcode"].setText("12")
    assert not editor.save()
    assert editor.rows["postcode"].has_error()
    editor.fields["postcode"].setText("")
    editor.discount.setText("500")  # more than the goods
    assert not editor.save()
    assert editor.rows["discount"].has_error()
    assert Order.select().count() == 0
    assert customers.find_by_phone("13700002222") == []
    assert said == []
    editor.discount.setText("")
    assert editor.save()
    assert Order.select().count() == 1


def test_an_unknown_item_code_names_the_line(page, qtbot, said):
    handbook()
    editor = active(qtbot, page.open_order(None))
    editor.fields["receiver"].setText("赵六")
    editor.lines.lines[0].code.setText("ZZZ999")
    editor.lines.lines[0].take_code()
    assert not editor.save()
    assert "ZZZ999" in editor.rows["lines"].error.text()


def test_short_stock_asks_and_saves_paid_only_when_told(page, qtbot, monkeypatch, said):
    shop = handbook()
    variant = shop["A1023"][1][("黑色", "L")]
    stock.adjust(variant, new_stock=1, note="盘点")
    asked = []
    answers = iter([True, False, True])  # the line warning, then short stock: no, …
    monkeypatch.setattr(editor_module.messages, "confirm",
                        lambda parent, text, yes, title=None: asked.append(text) or next(answers))
    from desk.ui.orders import actions

    monkeypatch.setattr(actions.messages, "confirm",
                        lambda parent, text, yes, title=None: asked.append(text) or next(answers))
    editor = active(qtbot, page.open_order(None))
    editor.fields["receiver"].setText("钱七")
    choose_line(editor.lines.lines[0], "A1023", "黑色", "L")
    editor.lines.lines[0].quantity.setValue(3)
    editor.paid.setChecked(True)
    assert not editor.save()  # warned, then said no to saving short
    assert Order.select().count() == 0
    answers = iter([True, True])
    assert editor.save()
    assert "A1023" in asked[0]  # the line warning names the goods
    assert stock.level(variant).reserved == 3
    assert orders.get_order(editor.order_id).status == "paid"


def test_a_printed_order_keeps_its_lines_and_says_why(page, qtbot, said):
    from tests.core.orders_support import build_shop

    shop = build_shop()
    order = order_in_status(shop, "printed")
    editor = active(qtbot, page.open_order(order.id))
    assert not editor.lines.add_button.isEnabled()
    assert not editor.lines.lines[0].quantity.isEnabled()
    assert editor.lines.note.isVisibleTo(editor)
    editor.fields["street"].setText("文三路200号")  # the address may still change
    assert editor.save()
    assert orders.get_order(order.id).street == "文三路200号"
    assert [r.quantity for r in orders.get_order(order.id).lines] == [1]


@OFFSCREEN_POPUP
def test_picking_an_existing_customer_fills_their_default_address(page, qtbot, said):
    from tests.core.orders_support import add_customer

    handbook()
    customer_id = add_customer("王小丫", "13812345678")
    editor = active(qtbot, page.open_order(None))
    type_text(qtbot, editor.picker.search, "王小")
    rows = editor.picker.suggest()
    assert [r.id for r in rows] == [customer_id]
    popup = editor.picker.completer.popup()
    assert popup.isVisible()
    editor.picker.completer.activated[type(popup.currentIndex())].emit(
        editor.picker.matches.index(0, 0))
    assert editor.picker.customer_id == customer_id
    assert editor.fields["street"].text() == "文三路100号3幢201室"
    choose_line(editor.lines.lines[0], "A1023", "黑色", "S")
    assert editor.save()
    assert orders.get_order(editor.order_id).customer_id == customer_id


def test_esc_asks_before_dropping_what_was_typed(page, qtbot, monkeypatch):
    handbook()
    asked = []
    monkeypatch.setattr(editor_module.messages, "confirm",
                        lambda parent, text, yes, title=None: asked.append(text) or False)
    editor = active(qtbot, page.open_order(None))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible() and asked == []  # nothing typed: closes at once
    editor = active(qtbot, page.open_order(None))
    editor.gift.setText("x")
    qtbot.keyClick(editor.gift, Qt.Key.Key_Escape)
    assert editor.isVisible() and len(asked) == 1


def test_order_flow_moves_are_disabled_when_not_allowed(page, qtbot, said):
    from tests.core.orders_support import build_shop

    shop = build_shop()
    order = order_in_status(shop, "shipped")
    page.reload()
    page.select([order.id], order.id)
    enabled = {k for k, b in page.detail.buttons.items() if b.isEnabled()}
    assert enabled == {s for s in page.detail.buttons if order_flow.can_move("shipped", s)}
