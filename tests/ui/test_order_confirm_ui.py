"""The confirmation: the chat text on the clipboard, the sheets previewed (A5/A4), printed to a PDF
printer, saved, and 买家已确认 moving paid orders to confirmed."""

from __future__ import annotations

import io

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget
from pypdf import PdfReader

from desk.core import order_memos, orders
from desk.ui.orders import confirm_dialog, pdf_preview
from desk.ui.orders.confirm_dialog import ConfirmationDialog, copy_confirmation
from tests.core.orders_support import build_shop, line, make_order, order_in_status

MM = 72 / 25.4


def size_mm(page) -> tuple[int, int]:
    return round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def shop_data(session):
    return build_shop()


def two_line_order(shop):
    order = make_order(shop, line(shop.v("黑色", "M"), 2), line(shop.v("白色", "L"), 1),
                       postage_fen=1000, buyer_message="周六前能到吗", gift="袜子一双")
    order_memos.add_memo(order.id, "请发中通", flag="yellow", staff_id=shop.owner)
    return orders.get_order(order.id)


def make_dialog(qtbot, session, ids) -> ConfirmationDialog:
    dialog = ConfirmationDialog(session, ids)
    qtbot.addWidget(dialog)
    return dialog


def test_copy_puts_every_field_on_the_clipboard_and_says_so_in_the_status_bar(
        qtbot, session, shop_data, clipboard, said):
    order = two_line_order(shop_data)
    window = QMainWindow()
    qtbot.addWidget(window)
    button = QWidget()
    window.setCentralWidget(button)
    copy_confirmation(button, session, order.id)
    text = clipboard.text()
    for caption in ("货号", "联系人", "尺码", "联系电话", "颜色", "物流方式", "数量", "收货地址",
                    "备注", "邮费", "合计"):
        assert caption in text, caption
    for value in (order.receiver, order.phone, order.street, order.number, "A1023", "黑色", "白色",
                  "M", "L", "请发中通", "周六前能到吗", "袜子一双", "¥10.00"):
        assert value in text, value
    # 2 × 129.00 + 1 × 129.00 + 10.00 postage
    assert "¥397.00" in text
    # (确认信息已复制，可以粘贴给买家 once the lead merges the translations)
    assert window.statusBar().currentMessage() == confirm_dialog._(
        "Confirmation copied: paste it to the buyer.")
    assert said == []


def test_copy_of_a_closed_order_is_refused_in_words_and_leaves_the_clipboard(
        qtbot, session, shop_data, clipboard, said):
    order = order_in_status(shop_data, "closed")
    copy_confirmation(None, session, order.id)
    assert clipboard.text() == "before"
    assert len(said) == 1 and order.number in said[0][1]


def test_dialog_renders_one_a5_page_per_order_and_a4_on_request(qtbot, session, shop_data):
    first = order_in_status(shop_data, "paid")
    second = order_in_status(shop_data, "confirmed", line(shop_data.v("白色", "S"), 3))
    dialog = make_dialog(qtbot, session, [first.id, second.id])
    assert dialog.error is None
    assert dialog.preview.page_count() == 2
    reader = PdfReader(io.BytesIO(dialog.preview.data))
    assert len(reader.pages) == 2
    assert {size_mm(p) for p in reader.pages} == {(148, 210)}
    text = pdf_text(dialog.preview.data)
    assert first.number in text and second.number in text
    dialog.findChild(QWidget, "pageA4").click()
    assert dialog.page == "A4"
    reader = PdfReader(io.BytesIO(dialog.preview.data))
    assert {size_mm(p) for p in reader.pages} == {(210, 297)}


def test_save_pdf_writes_the_chinese_fields(qtbot, session, shop_data, tmp_path, monkeypatch):
    order = two_line_order(shop_data)
    target = tmp_path / "确认表"
    monkeypatch.setattr(pdf_preview, "choose_pdf_file",
                        lambda parent, title, suggested: target.with_suffix(".pdf"))
    dialog = make_dialog(qtbot, session, [order.id])
    dialog.save_button.click()
    data = target.with_suffix(".pdf").read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert size_mm(reader.pages[0]) == (148, 210)
    text = pdf_text(data)
    for word in ("订单信息确认表", "联系人", "联系电话", "收货地址", "物流方式", "货号", "颜色",
                 "尺码", "数量", "备注", order.receiver, "文三路", "黑色", "白色", "请发中通"):
        assert word in text, word
    assert not list(tmp_path.glob("*.part"))
    assert str(target.with_suffix(".pdf")) in dialog.note.text()


def test_save_into_a_missing_folder_is_refused_in_words(qtbot, session, shop_data, tmp_path,
                                                         monkeypatch, said):
    order = order_in_status(shop_data, "paid")
    monkeypatch.setattr(pdf_preview, "choose_pdf_file",
                        lambda parent, title, suggested: tmp_path / "gone" / "x.pdf")
    dialog = make_dialog(qtbot, session, [order.id])
    dialog.save_pdf()
    assert len(said) == 1 and "gone" in said[0][1]


def test_print_goes_to_the_printer_at_a5_with_every_page(qtbot, session, shop_data, tmp_path,
                                                        monkeypatch):
    ids = [order_in_status(shop_data, "paid").id for _ in range(3)]
    out = tmp_path / "printed.pdf"

    def pdf_printer(parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(pdf_preview, "choose_printer", pdf_printer)
    dialog = make_dialog(qtbot, session, ids)
    assert dialog.print_sheets() is True
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    assert {size_mm(p) for p in reader.pages} == {(148, 210)}
    # every page carries the rendered sheet as an image covering the paper
    for page in reader.pages:
        images = page.images
        assert len(images) == 1
        assert images[0].image.width > 1000  # rendered at printer resolution (≤ 300 dpi)


def test_cancelled_printer_dialog_prints_nothing(qtbot, session, shop_data, monkeypatch):
    order = order_in_status(shop_data, "paid")
    monkeypatch.setattr(pdf_preview, "choose_printer", lambda parent, printer: False)
    dialog = make_dialog(qtbot, session, [order.id])
    assert dialog.print_sheets() is False
    assert dialog.note.text() == ""


def test_buyer_confirmed_moves_only_the_paid_orders(qtbot, session, shop_data):
    paid = order_in_status(shop_data, "paid")
    unpaid = order_in_status(shop_data, "unpaid")
    done = order_in_status(shop_data, "confirmed")
    heard = []
    session.bus.changed.connect(heard.append)
    dialog = make_dialog(qtbot, session, [paid.id, unpaid.id, done.id])
    assert dialog.confirm_button.isEnabled()
    assert "1" in dialog.confirm_button.text()
    dialog.confirm_button.click()
    assert orders.get_order(paid.id).status == "confirmed"
    assert orders.get_order(paid.id).confirmed_at is not None
    assert orders.get_order(unpaid.id).status == "unpaid"
    assert orders.get_order(done.id).status == "confirmed"
    assert not dialog.confirm_button.isEnabled()
    assert paid.number in dialog.note.text()
    assert heard and heard[-1].concerns("orders")
    events = orders.get_order(paid.id).events
    assert events[-1].to_status == "confirmed" and events[-1].staff_name


def test_missing_glyph_is_said_in_chinese_and_nothing_shows(qtbot, session, shop_data, said):
    order = make_order(shop_data, receiver="王\U000f0001丫")  # a private-use character
    dialog = make_dialog(qtbot, session, [order.id])
    assert dialog.error is not None
    assert not dialog.print_button.isEnabled()
    assert "联系人" in dialog.error or "U+F0001" in dialog.error
    assert dialog.exec() == 0
    assert said and said[0][1] == dialog.error


def test_merged_order_is_refused_with_the_main_order_named(qtbot, session, shop_data, said):
    from desk.core import order_merge

    main = order_in_status(shop_data, "paid")
    other = order_in_status(shop_data, "paid")
    order_merge.merge_orders(main.id, [other.id])
    dialog = make_dialog(qtbot, session, [other.id])
    assert dialog.error is not None and main.number in dialog.error
    assert isinstance(dialog.summary, QLabel) and dialog.summary.text() == dialog.error
