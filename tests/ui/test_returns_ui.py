"""Returns (退换货) driven through the widgets: a case opened from the Orders page, the goods
received and inspected with one failed check and a partial refund, the refund recorded once, an
exchange S→L that makes a linked paid order, and the page's counts per status. The database is
checked afterwards; expected figures are worked out here from the order, not read from the UI."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desk.core import orders, returns, stock
from desk.core.returns import ReturnDraft, ReturnLineDraft
from desk.models import Order, ReturnCase, ReturnEvent, ReturnLine
from desk.ui import messages
from desk.ui.returns import cases_panel
from tests.core.orders_support import build_shop, line, order_in_status
from tests.ui.conftest import show_active, type_text
from tests.ui.orders_support import active, make_page


def returns_page(qtbot, session):
    from desk.ui.returns.page import ReturnsPage

    page = ReturnsPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1300, 800)


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def step(qtbot, page, key: str):
    """Click the detail panel's button for `key`; the dialog it opened, if any."""
    page.cases.dialog = None
    click(qtbot, page.cases.detail.buttons[key])
    return page.cases.dialog


def open_from_orders(qtbot, session, order_id: int):
    """The Orders page, the order chosen, 申请退换货 clicked: the new-case dialog."""
    orders_page = make_page(qtbot, session)
    orders_page.select([order_id], order_id)
    click(qtbot, orders_page.detail.return_button)
    return orders_page, active(qtbot, orders_page.dialog)


def walk_to_received(qtbot, page, case_id: int, tracking: str) -> None:
    page.cases.show_case(case_id)
    step(qtbot, page, "accept")
    dialog = active(qtbot, step(qtbot, page, "sent_back"))
    type_text(qtbot, dialog.tracking, tracking)
    assert dialog.courier_value() == "YTO"  # told by the number's shape
    qtbot.keyClick(dialog.tracking, Qt.Key.Key_Return)  # as a scanner ends a number
    assert not dialog.isVisible()
    step(qtbot, page, "receive")
    assert returns.get_case(case_id).status == "received"


def test_return_from_an_order_inspected_with_a_partial_refund(qtbot, session, said):
    built = build_shop()  # 10 of each colour/size
    black_m, white_l = built.v("黑色", "M"), built.v("白色", "L")
    order = order_in_status(built, "signed", line(black_m, 1), line(white_l, 1))
    orders_page, dialog = open_from_orders(qtbot, session, order.id)
    dialog.kind.setCurrentIndex(dialog.kind.findData("return_refund"))
    dialog.reason.setCurrentIndex(dialog.reason.findData("quality"))
    dialog.set_line(0, 1)
    dialog.set_line(1, 1)
    assert dialog.ticks[0].isChecked() and dialog.ticks[1].isChecked()
    assert returns.payer_label("shop") in dialog.payer.itemText(0)  # quality: the shop pays
    paid = {ln.id: ln.amount_fen for ln in order.lines}
    assert str(sum(paid.values()) // 100) in dialog.estimate.text()
    dialog.accept()
    assert said == []
    case = ReturnCase.get(ReturnCase.order == order.id)
    assert (case.kind, case.reason, case.postage_payer) == ("return_refund", "quality", "shop")

    page = returns_page(qtbot, session)
    walk_to_received(qtbot, page, case.id, "YT8812345678901")
    assert ReturnCase.get_by_id(case.id).return_tracking_no == "YT8812345678901"
    inspect = active(qtbot, step(qtbot, page, "inspect"))
    good, stained = inspect.boxes
    good.tick_all()
    stained.set_failed("无污渍")
    assert stained.decision_box.isVisible() and not good.decision_box.isVisible()
    inspect.accept()  # a failed item without a decision is refused at its field
    assert stained.decision_rows["decision"].has_error()
    assert returns.get_case(case.id).status == "received"
    stained.decision.setCurrentIndex(stained.decision.findData("partial"))
    type_text(qtbot, stained.amount, "30")
    type_text(qtbot, stained.note, "袖口有污渍，和买家商量退30元")
    inspect.accept()
    assert not inspect.isVisible() and said == []

    refund = active(qtbot, step(qtbot, page, "refund"))
    expected = paid[order.lines[0].id] + 3000  # the good line in full, ¥30 for the stained one
    assert refund.amount_fen() == expected
    refund.accept()
    saved = ReturnCase.get_by_id(case.id)
    assert saved.status == "refunded" and saved.refund_fen == expected
    assert saved.refunded_at is not None
    assert stock.level(black_m).stock == 10  # shipped 1, back after passing
    assert stock.level(white_l).stock == 9  # kept by the buyer with the partial refund
    lines = {r.order_line_id: r for r in ReturnLine.select().where(ReturnLine.case == case.id)}
    assert lines[order.lines[1].id].decision == "partial"
    assert lines[order.lines[1].id].partial_refund_fen == 3000
    assert orders.get_order(order.id).status == "signed"
    state = returns.order_return_state(order.id)
    assert state and case.number in state
    orders_page.select([order.id], order.id)
    assert case.number in orders_page.detail.text.toPlainText()
    step(qtbot, page, "complete")
    assert ReturnCase.get_by_id(case.id).status == "completed"
    assert not any(b.isVisible() for b in page.cases.detail.buttons.values())


def test_exchange_small_for_large_makes_a_linked_order(qtbot, session, said, monkeypatch):
    built = build_shop()
    small, large = built.v("黑色", "S"), built.v("黑色", "L")
    order = order_in_status(built, "signed", line(small, 1))
    _orders_page, dialog = open_from_orders(qtbot, session, order.id)
    dialog.kind.setCurrentIndex(dialog.kind.findData("exchange"))
    dialog.reason.setCurrentIndex(dialog.reason.findData("size_small"))
    assert not dialog.table.isColumnHidden(5)
    dialog.set_line(0, 1, large)
    assert dialog.draft().lines == (ReturnLineDraft(order.lines[0].id, 1, large),)
    dialog.accept()
    case_id = dialog.case_id
    assert case_id is not None and said == []

    page = returns_page(qtbot, session)
    walk_to_received(qtbot, page, case_id, "YT8800000000001")
    inspect = active(qtbot, step(qtbot, page, "inspect"))
    assert inspect.boxes[0].decision.findData("partial") == -1  # sent or refused whole
    inspect.boxes[0].tick_all()
    inspect.accept()
    assert "refund" not in [k for k, b in page.cases.detail.buttons.items() if b.isVisible()]
    offered = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, yes, title=None:
                        offered.append(text) or False)  # fmt: skip
    send = active(qtbot, step(qtbot, page, "exchange"))
    assert send.variants[returns.get_case(case_id).lines[0].id].currentData() == large
    send.accept()
    case = ReturnCase.get_by_id(case_id)
    assert case.status == "exchange_sent" and case.exchange_order_id is not None
    new = orders.get_order(case.exchange_order_id)
    assert [(ln.color, ln.size, ln.quantity) for ln in new.lines] == [("黑色", "L", 1)]
    assert new.status == "paid" and new.customer_id == order.customer_id
    assert stock.level(large).reserved == 1  # held for the new parcel
    assert stock.level(small).stock == 10  # the returned S is back
    assert offered and new.number in offered[0]  # offered to open it in Orders
    assert page.cases.run_step("exchange") is None  # a stale click opens nothing
    assert Order.select().where(Order.id > order.id).count() == 1


def test_refund_pressed_twice_refunds_once(qtbot, session, said):
    built = build_shop()
    order = order_in_status(built, "shipped", line(built.v(), 1))
    draft = ReturnDraft(order.id, "refund_only", "damaged",
                        (ReturnLineDraft(order.lines[0].id, 1),))  # fmt: skip
    case, _changes = returns.open_case(draft, built.owner)
    page = returns_page(qtbot, session)
    page.cases.show_case(case.id)
    assert [k for k, b in page.cases.detail.buttons.items() if b.isVisible()] == [
        "refund",
        "reject",
    ]  # 仅退款: no goods to wait for
    first = active(qtbot, step(qtbot, page, "refund"))
    stale = page.cases.detail.buttons["refund"]
    first.accept()
    first.accept()
    assert page.cases.run_step("refund") is None  # a stale click: nothing opens
    assert not stale.isVisible()
    saved = ReturnCase.get_by_id(case.id)
    assert saved.refund_fen == order.totals.goods_fen  # one line, no postage in the draft
    events = ReturnEvent.select().where((ReturnEvent.case == case.id)
                                        & (ReturnEvent.to_status == "refunded"))  # fmt: skip
    assert events.count() == 1 and said == []


def test_the_page_counts_cases_per_status_and_filters(qtbot, session, monkeypatch):
    built = build_shop(stock_each=50)
    made = {"requested": [], "awaiting_return": [], "refunded": [], "rejected": []}
    for status, count in (("requested", 2), ("awaiting_return", 1), ("refunded", 1),
                          ("rejected", 1)):  # fmt: skip
        for _ in range(count):
            order = order_in_status(built, "signed", line(built.v(), 1))
            kind = "refund_only" if status == "refunded" else "return_refund"
            case, _c = returns.open_case(ReturnDraft(
                order.id, kind, "no_reason", (ReturnLineDraft(order.lines[0].id, 1),)),
                built.owner)  # fmt: skip
            if status == "awaiting_return":
                returns.accept_request(case.id, built.owner)
            elif status == "refunded":
                returns.refund(case.id, built.owner)
            elif status == "rejected":
                returns.reject(case.id, "超过七天", built.owner)
            made[status].append(case.number)
    page = returns_page(qtbot, session)
    panel = page.cases
    for status, numbers in made.items():
        assert panel.shown_count(status) == len(numbers), status
    assert panel.shown_count("all") == 5
    assert panel.shown_count("waiting") == 2  # 申请 waits on the shop; 待寄回 on the buyer
    panel.set_status("requested")
    shown = {panel.model.row_at(i).number for i in range(panel.model.rowCount())}
    assert shown == set(made["requested"])
    panel.set_status("waiting")
    assert panel.model.rowCount() == 2
    panel.set_status("all")
    type_text(qtbot, panel.search, made["rejected"][0])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.row_at(0).number == made["rejected"][0]
    monkeypatch.setattr(cases_panel, "LIST_LIMIT", 2)  # a long list shows the newest, says so
    panel.search.clear()
    panel.reload()
    assert panel.model.rowCount() == 2 and panel.count.property("total") == 5
    assert "5" in panel.count.text()


def test_orders_offer_a_return_only_for_paid_orders(qtbot, session, said):
    built = build_shop()
    unpaid = order_in_status(built, "unpaid")
    shipped = order_in_status(built, "shipped")
    orders_page = make_page(qtbot, session)
    orders_page.select([unpaid.id], unpaid.id)
    assert not orders_page.detail.return_button.isEnabled()
    assert orders_page.open_return() is None and len(said) == 1  # told why, nothing opened
    assert ReturnCase.select().count() == 0

    def menu_action():
        text = orders_page.detail.return_button.text()
        return next(a for a in orders_page.context_menu().actions() if a.text() == text)

    assert not menu_action().isEnabled()
    orders_page.select([shipped.id], shipped.id)
    assert orders_page.detail.return_button.isEnabled() and menu_action().isEnabled()
