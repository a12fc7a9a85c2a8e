"""Returns as a new user meets them (review findings): an exchange is completed only once its new
order has shipped, an exchange shows a price difference and never a refund, the Orders page's
return button is not clipped, and the cases list fits beside the case without sideways scrolling."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desk.core import orders, returns
from desk.core.money import format_yuan
from desk.core.returns import ReturnDraft, ReturnLineDraft
from desk.i18n import _
from desk.models import ReturnCase
from tests.core.orders_support import add_customer, build_shop, line, order_in_status
from tests.core.test_returns_support import open_on, ship_exchange, signed_order, step
from tests.ui.orders_support import make_page
from tests.ui.test_returns_ui import click, open_from_orders, returns_page


def exchange_sent(built):
    case = open_on(built, signed_order(built), "exchange")
    for status in ("awaiting_return", "sent_back", "received", "inspected", "exchange_sent"):
        step(built, case.id, status)
    return returns.get_case(case.id)


def test_complete_waits_until_the_exchange_order_is_shipped(qtbot, session, said):
    built = build_shop()
    case = exchange_sent(built)
    new_number = case.exchange_order_number
    page = returns_page(qtbot, session)
    page.cases.show_case(case.id)
    detail = page.cases.detail
    text = detail.text.toPlainText()
    paid = orders.status_label("paid")
    assert any(new_number in line and paid in line for line in text.splitlines())  # with its status
    button = detail.buttons["complete"]
    assert button.isVisible() and not button.isEnabled()
    assert new_number in button.toolTip() and paid in button.toolTip()
    assert button.toolTip() in detail.text.toPlainText()  # said in the panel too
    page.cases.run_step("complete")  # a stale click: refused and told why
    assert said and new_number in said[-1][1]
    assert ReturnCase.get_by_id(case.id).status == "exchange_sent"

    ship_exchange(case.id)  # printed and shipped on the Orders side
    page.cases.reload()
    shipped = orders.status_label("shipped")
    assert any(new_number in line and shipped in line for line in detail.text.toPlainText().splitlines())
    assert button.isEnabled()
    click(qtbot, button)
    assert ReturnCase.get_by_id(case.id).status == "completed"


def test_an_exchange_shows_the_price_difference_not_a_refund(qtbot, session, said):
    built = build_shop()
    small, large = built.v("黑色", "S"), built.v("黑色", "L")
    order = order_in_status(built, "signed", line(small, 2))
    paid = format_yuan(2 * order.lines[0].unit_price_fen, True)
    _orders_page, dialog = open_from_orders(qtbot, session, order.id)
    dialog.set_line(0, 2, None)
    assert paid in dialog.estimate.text()  # a return: the refund estimate
    dialog.kind.setCurrentIndex(dialog.kind.findData("exchange"))
    dialog.set_line(0, 2, large)
    dialog.update_preview()
    assert paid not in dialog.estimate.text()
    assert dialog.estimate_label.text() == _("Price difference")
    assert dialog.estimate.text() == _("None (same price)")
    draft = ReturnDraft(order.id, "exchange", "size_small",
                        (ReturnLineDraft(order.lines[0].id, 2, large),))  # fmt: skip
    case = returns.open_case(draft, built.owner)[0]
    page = returns_page(qtbot, session)
    page.cases.show_case(case.id)
    shown = page.cases.detail.text.toPlainText()
    suggested = _("Refund suggested {amount} (at most {max}; order paid {paid})")
    assert suggested.split("{")[0] not in shown  # no "建议退款 ¥258.00" for a size exchange
    assert _("Price difference: {text}").format(text=_("None (same price)")) in shown


def test_the_return_button_of_an_order_is_not_clipped(qtbot, session):
    built = build_shop()
    order = order_in_status(built, "signed")
    page = make_page(qtbot, session)
    font = page.font()
    font.setPixelSize(16)  # a desktop's CJK font is larger than the test default
    page.setFont(font)
    page.resize(1210, 800)  # the Orders page in a 1400 px window: the panel at its 300 px
    page.select([order.id], order.id)
    button = page.detail.return_button
    qtbot.waitUntil(lambda: button.width() > 0)
    qtbot.wait(20)
    assert button.width() >= button.sizeHint().width()
    assert button.geometry().right() <= page.detail.width()


def test_the_cases_list_fits_at_1400_px(qtbot, session):
    built = build_shop()
    for index in range(3):  # long names and 旺旺 are elided, never widen the list
        customer = add_customer(
            f"欧阳娜娜娜{index}", f"1390000000{index}", f"very_long_nick_{index}x"
        )
        order = order_in_status(built, "signed", line(built.v(), 1), customer_id=customer)
        open_on(built, order, "return_refund")
    page = returns_page(qtbot, session)
    page.resize(1210, 800)  # beside the 190 px navigation of a 1400 px window
    view = page.cases.view
    qtbot.waitUntil(lambda: view.viewport().width() > 0)
    qtbot.wait(10)
    assert page.cases.model.rowCount() == 3
    assert view.horizontalScrollBar().maximum() == 0
    header = view.horizontalHeader()
    status = 1
    assert page.cases.model.headerData(status, Qt.Orientation.Horizontal) == _("Status")
    assert not view.isColumnHidden(status)
    right = header.sectionViewportPosition(status) + header.sectionSize(status)
    assert 0 <= header.sectionViewportPosition(status) and right <= view.viewport().width()
    hidden = [c for c in range(header.count()) if view.isColumnHidden(c)]
    assert hidden, "the less used columns wait in the header's menu"
    header.actions()[hidden[0] - 1].setChecked(True)  # shown again from the menu
    assert not view.isColumnHidden(hidden[0])
