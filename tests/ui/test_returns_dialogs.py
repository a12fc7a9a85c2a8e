"""The Returns dialogs around the main flow: the new-case form's live verdicts and refusals at
their fields, the whole-order refund of an unshipped order, the inspection checklist in Settings,
the customer card's cases, the return note PDF and the reason analysis."""

from __future__ import annotations

import datetime
import io

from pypdf import PdfReader

from desk.core import orders, returns
from desk.core.returns import ReturnDraft, ReturnLineDraft
from desk.models import Order, ReturnCase
from desk.ui.orders import pdf_preview
from tests.core.orders_support import build_shop, line, order_in_status
from tests.ui.conftest import show_active, type_text


def new_case_dialog(qtbot, session, order_id: int):
    from desk.ui.returns.open_dialog import OpenCaseDialog

    dialog = OpenCaseDialog(session, order_id)
    return show_active(qtbot, dialog, 820, 640)


def open_case(built, order, kind="return_refund", reason="size_small", quantity=1):
    draft = ReturnDraft(order.id, kind, reason, (ReturnLineDraft(order.lines[0].id, quantity),))
    return returns.open_case(draft, built.owner)[0]


def test_the_form_shows_the_window_and_refuses_at_the_field(qtbot, session, said):
    built = build_shop()
    order = order_in_status(built, "signed", line(built.v(), 2))
    long_ago = datetime.datetime.now() - datetime.timedelta(days=12)
    Order.update(signed_at=long_ago).where(Order.id == order.id).execute()
    dialog = new_case_dialog(qtbot, session, order.id)
    assert dialog.ticks[0].isChecked()  # the only line
    assert dialog.quantities[0].maximum() == 2
    assert "c53030" in dialog.window_label.styleSheet()  # passed: shown as a warning
    assert order.number in dialog.window_label.text()
    dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
    dialog.accept()
    assert dialog.rows["reason_text"].has_error()
    type_text(qtbot, dialog.reason_text, "朋友送了一件一样的")
    dialog.payer.setCurrentIndex(dialog.payer.findData("shop"))  # the rule says the buyer
    assert dialog.postage_note.isVisibleTo(dialog)
    dialog.accept()
    assert dialog.rows["postage_note"].has_error()
    assert ReturnCase.select().count() == 0  # nothing written on a refusal
    type_text(qtbot, dialog.postage_note, "老客户，运费我们出")
    dialog.quantities[0].setValue(1)
    dialog.accept()
    case = ReturnCase.get()
    assert (case.reason, case.postage_payer, case.postage_note) == (
        "other",
        "shop",
        "老客户，运费我们出",
    )
    assert said == []
    again = new_case_dialog(qtbot, session, order.id)  # one piece is left to return
    assert again.quantities[0].maximum() == 1
    assert again.table.item(0, 3).text() == "1"


def test_an_unshipped_order_is_refunded_whole_and_closed(qtbot, session, said):
    from desk.ui.returns.step_dialogs import RefundDialog

    built = build_shop()
    order = order_in_status(built, "paid", line(built.v("黑色", "S"), 1), line(built.v(), 2))
    dialog = new_case_dialog(qtbot, session, order.id)
    assert dialog.kind.currentData() == "refund_only" and not dialog.kind.isEnabled()
    assert [s.value() for s in dialog.quantities] == [1, 2]
    dialog.accept()
    refund = show_active(qtbot, RefundDialog(session, returns.get_case(dialog.case_id)), 400, 200)
    assert refund.amount_fen() == order.totals.total_fen
    refund.accept()
    assert orders.get_order(order.id).status == "closed"
    assert ReturnCase.get_by_id(dialog.case_id).refund_fen == order.totals.total_fen
    assert said == []


def test_settings_keep_a_checklist_per_category(qtbot, session, said):
    from desk.ui.settings.inspection_box import InspectionBox

    box = show_active(qtbot, InspectionBox(session), 500, 400)
    box.refresh()
    assert box.item_texts() == list(returns.DEFAULT_CHECKLIST)  # the standard list
    box.set_category("鞋")
    assert box.item_texts() == []
    box.add_item()  # nothing typed
    assert box.item_row.has_error()
    type_text(qtbot, box.new_item, "鞋盒完整")
    assert box.add_item()
    assert box.item_texts() == ["鞋盒完整"]
    assert returns.checklist_for("鞋")[-1] == "鞋盒完整"
    assert "鞋盒完整" not in returns.checklist_for("连衣裙")
    box.set_category("")
    box.items.setCurrentRow(0)
    first = box.item_texts()[0]
    box.move_item(1)
    assert box.item_texts()[1] == first
    box.items.setCurrentRow(1)
    box.remove_item()
    assert first not in returns.checklist_for("")
    assert box.transit.value() == returns.DEFAULT_TRANSIT_DAYS
    box.transit.setValue(5)
    assert box.save_transit_days() and returns.transit_days() == 5
    assert said == []


def test_the_customer_card_lists_the_cases(qtbot, session):
    from desk.ui.customers.card import CustomerCard

    built = build_shop()
    order = order_in_status(built, "signed")
    case = open_case(built, order)
    card = show_active(qtbot, CustomerCard(session, built.customer_id), 900, 700)
    cases = card.figures.cases
    assert cases.model.rowCount() == 1
    assert cases.model.row_at(0).number == case.number


def test_the_return_note_is_previewed_and_saved(qtbot, session, tmp_path, monkeypatch):
    from desk.ui.returns.note_dialog import ReturnNoteDialog

    built = build_shop()
    order = order_in_status(built, "signed")
    case = open_case(built, order)
    target = tmp_path / "退货单.pdf"
    monkeypatch.setattr(pdf_preview, "choose_pdf_file", lambda parent, title, suggested: target)
    dialog = show_active(qtbot, ReturnNoteDialog(session, case.id), 700, 800)
    assert dialog.preview.page_count() >= 1
    dialog.save_button.click()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    for word in (case.number, order.number, "A1023"):
        assert word in text, word
    assert str(target) in dialog.status.text()


def test_the_reason_analysis_counts_returns_and_feeds_the_advisor(qtbot, session):
    from desk.ui.returns.page import ReturnsPage

    built = build_shop()
    for reason in ("size_small", "size_small", "color"):
        open_case(built, order_in_status(built, "signed"), reason=reason)
    page = ReturnsPage(session)
    session.bus.changed.connect(page.on_changes)
    show_active(qtbot, page, 1200, 800)
    page.tabs.setCurrentWidget(page.analysis)
    panel = page.analysis
    by_reason = {panel.reasons.row_at(i).reason: panel.reasons.row_at(i).cases
                 for i in range(panel.reasons.rowCount())}  # fmt: skip
    assert by_reason == {"size_small": 2, "color": 1}
    assert panel.products.rowCount() == 1
    assert panel.products.row_at(0).returned == 3
    panel.product_view.setCurrentIndex(panel.products.index(0, 0))
    advisor = panel.open_advisor()
    assert advisor is not None
    feedback = advisor.feedback
    assert feedback is not None and feedback.counts["M"].too_small == 2


def test_a_case_opened_in_the_window_is_shown_on_the_returns_page(qtbot, window, said):
    from desk.ui.pages import index_of

    built = build_shop()
    order = order_in_status(built, "shipped")
    orders_page = window.show_page(index_of("orders"))
    orders_page.reload()
    orders_page.select([order.id], order.id)
    dialog = orders_page.open_return()
    assert dialog is not None
    dialog.reason.setCurrentIndex(dialog.reason.findData("wrong_item"))
    dialog.accept()
    assert window.nav.currentRow() == index_of("returns")  # on to the next step
    page = window.current_page()
    assert page.cases.detail.case is not None
    assert page.cases.detail.case.order_id == order.id
    assert page.cases.detail.case.postage_payer == "shop"  # the shop's mistake
    page.cases.detail.order_button.click()  # and back to the order
    assert window.nav.currentRow() == index_of("orders")
    assert orders_page.current_id() == order.id
    assert said == []


def received_case(built, order, kind="return_refund", exchange_to=None):
    """A case on the order's first line, brought to 已收货 through the services."""
    draft = ReturnDraft(order.id, kind, "size_small",
                        (ReturnLineDraft(order.lines[0].id, 1, exchange_to),))  # fmt: skip
    case = returns.open_case(draft, built.owner)[0]
    returns.accept_request(case.id, built.owner)
    returns.mark_sent_back(case.id, "SF1234567890123", "SF", built.owner)
    returns.mark_received(case.id, built.owner)
    return returns.get_case(case.id)


def test_inspection_photos_are_added_from_files(qtbot, session, tmp_path, monkeypatch, said):
    from PySide6.QtGui import QColor, QImage

    from desk.models import ReturnPhoto
    from desk.ui.products import photo_files
    from desk.ui.returns.inspect_dialog import InspectionDialog

    built = build_shop()
    case = received_case(built, order_in_status(built, "signed"))
    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("#c05621"))
    good, broken = tmp_path / "污渍.png", tmp_path / "not-a-photo.png"
    assert picture.save(str(good))
    broken.write_bytes(b"hello")
    monkeypatch.setattr(photo_files, "choose_photo_files", lambda parent: [good, broken])
    dialog = show_active(qtbot, InspectionDialog(session, case), 760, 620)
    assert dialog.boxes[0].add_photos() == 1
    assert len(said) == 1  # the broken file is said, the good one kept
    photo = ReturnPhoto.get()
    assert (photo.case_id, photo.line_id) == (case.id, case.lines[0].id)
    assert "1" in dialog.boxes[0].photo_count.text()


def test_an_exchange_to_a_size_without_stock_asks_first(qtbot, session, monkeypatch, said):
    from desk.core import stock as stock_service
    from desk.ui import messages
    from desk.ui.returns.exchange_dialog import ExchangeDialog

    built = build_shop()
    small, large = built.v("黑色", "S"), built.v("黑色", "L")
    order = order_in_status(built, "signed", line(small, 1))
    case = received_case(built, order, "exchange", large)
    returns.record_inspection(case.id, tuple(
        returns.LineInspection(ln.id, tuple(returns.CheckDraft(c.item, True) for c in ln.checks))
        for ln in case.lines), built.owner)  # fmt: skip
    stock_service.adjust(large, new_stock=0, note="盘点")
    answers = [False, True]
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, yes, title=None:
                        asked.append(text) or answers.pop(0))  # fmt: skip
    dialog = show_active(qtbot, ExchangeDialog(session, returns.get_case(case.id)), 500, 300)
    dialog.accept()  # asked, and told not to
    assert len(asked) == 1 and ReturnCase.get_by_id(case.id).exchange_order_id is None
    dialog.accept()  # asked again, and told to go ahead
    saved = ReturnCase.get_by_id(case.id)
    assert saved.status == "exchange_sent" and saved.exchange_order_id is not None
    assert stock_service.level(large).available == -1  # sent short, as the user chose
    assert said == []


def test_a_used_tracking_number_and_a_missing_reason_are_refused_at_the_field(qtbot, session, said):
    from desk.ui.returns.step_dialogs import RejectDialog, SentBackDialog

    built = build_shop()
    first = received_case(built, order_in_status(built, "signed"))
    second = open_case(built, order_in_status(built, "signed"))
    returns.accept_request(second.id, built.owner)
    dialog = show_active(qtbot, SentBackDialog(session, returns.get_case(second.id)), 500, 200)
    type_text(qtbot, dialog.tracking, first.return_tracking_no)
    assert dialog.courier_value() == "SF"
    dialog.accept()
    assert dialog.rows["tracking_no"].has_error() and dialog.isVisible()
    assert returns.get_case(second.id).status == "awaiting_return"
    reject = show_active(qtbot, RejectDialog(session, returns.get_case(second.id)), 500, 200)
    reject.accept()
    assert reject.rows["reason"].has_error()
    reject.reason.setEditText("买家撤销了申请")
    reject.accept()
    assert returns.get_case(second.id).status == "rejected"
    assert said == []


def test_the_postage_payer_is_changed_with_a_note(qtbot, session, said):
    from desk.ui.returns.page import ReturnsPage

    built = build_shop()
    case = open_case(built, order_in_status(built, "signed"))  # size too small: the buyer pays
    page = show_active(qtbot, ReturnsPage(session), 1200, 800)
    session.bus.changed.connect(page.on_changes)
    page.cases.show_case(case.id)
    dialog = page.cases.open_postage()
    dialog.payer.setCurrentIndex(dialog.payer.findData("shop"))
    dialog.accept()
    assert dialog.rows["postage_note"].has_error()
    assert ReturnCase.get_by_id(case.id).postage_payer == "buyer"
    type_text(qtbot, dialog.note, "尺码表写错了")
    dialog.accept()
    saved = ReturnCase.get_by_id(case.id)
    assert (saved.postage_payer, saved.postage_note) == ("shop", "尺码表写错了")
    assert "尺码表写错了" in page.cases.detail.text.toPlainText()
    assert said == []


def test_the_case_list_model_holds_to_the_model_rules(qtbot, session, qtmodeltester):
    from desk.ui.returns.list_model import WAITING_BACKGROUND, CaseListModel

    built = build_shop()
    waiting = open_case(built, order_in_status(built, "signed"))
    other = open_case(built, order_in_status(built, "signed"))
    returns.reject(other.id, "超过七天", built.owner)
    model = CaseListModel()
    model.set_rows(returns.list_cases())
    qtmodeltester.check(model)
    rows = {model.row_at(i).id: i for i in range(model.rowCount())}
    background = model.index(rows[waiting.id], 0).data(8)  # BackgroundRole
    assert background is not None and background.color() == WAITING_BACKGROUND
    assert model.index(rows[other.id], 0).data(8) is None
