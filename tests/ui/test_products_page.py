"""The product handbook page: the list, search, filters, the editor's basics, the advisor."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from desk.core import products, sizes, stock, variants
from desk.core.products import ProductDraft
from desk.core.sizes import SizeRow
from desk.i18n import _
from desk.models import Product, ProductPhoto, Variant
from desk.ui.pages import index_of
from desk.ui.products import photo_files
from desk.ui.products.editor import GRID, PHOTOS
from desk.ui.products.list_model import LOW_STOCK_BACKGROUND
from desk.ui.products.page import ProductsPage
from tests.ui.conftest import type_text

from tests.ui.products_support import (
    add_product,
    write_png,
    shown_codes,
    search,
    type_in_cell,
    active,
    new_editor,
    fill_basics,
    SIZES,
)


def test_create_a_product_with_grid_stock_and_photo_then_find_it_by_pinyin(
    page, qtbot, tmp_path, monkeypatch, said
):
    add_product(page._session, "TX-001", "纯棉圆领T恤", 5900)
    photo = write_png(tmp_path / "front.png")
    monkeypatch.setattr(photo_files, "choose_photo_files", lambda parent: [photo])

    editor = new_editor(qtbot, page)
    fill_basics(qtbot, editor, "LYQ-2401", "法式碎花连衣裙", "199.00")
    editor.basic.category.setCurrentText("连衣裙")
    type_text(qtbot, editor.texts.edits["weaknesses"], "面料偏薄")

    editor.tabs.setCurrentIndex(GRID)
    grid = editor.grid
    type_text(qtbot, grid.colors_edit, "黑色, 白色、杏色")
    type_text(qtbot, grid.sizes_edit, "S M L XL XXL")
    qtbot.keyClick(grid.sizes_edit, Qt.Key.Key_Return)  # makes the grid, does not save
    assert editor.isVisible()
    assert grid.model.rowCount() == 3 and grid.model.columnCount() == 5
    assert [grid.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == SIZES
    type_in_cell(qtbot, grid.view, 0, 1, "5")  # 黑色 M
    type_in_cell(qtbot, grid.view, 2, 4, "12")  # 杏色 XXL
    type_text(qtbot, grid.note_edit, "到货")

    editor.tabs.setCurrentIndex(PHOTOS)
    qtbot.mouseClick(editor.photos.buttons["addPhotos"], Qt.MouseButton.LeftButton)
    assert editor.photos.list.count() == 1
    assert editor.photos.list.item(0).text() == _("Cover")

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert said == []
    assert not editor.isVisible()

    row = products.search_products("LYQ-2401")[0]
    detail = products.get_product(row.id)
    assert detail.name == "法式碎花连衣裙"
    assert detail.draft.price_fen == 19900
    assert detail.draft.category == "连衣裙"
    assert detail.draft.weaknesses == "面料偏薄"
    assert detail.colors == ("黑色", "白色", "杏色")
    assert detail.sizes == tuple(SIZES)
    assert len(detail.variants) == 15
    counts = {(v.color, v.size): v.stock for v in detail.variants}
    assert counts[("黑色", "M")] == 5 and counts[("杏色", "XXL")] == 12
    assert sum(counts.values()) == 17
    moved = stock.movements(variants.find_variant(row.id, "黑色", "M").id)
    assert [(m.kind, m.stock_delta, m.note) for m in moved] == [("adjust", 5, "到货")]
    assert moved[0].staff_name == "店主"  # who is at the desk
    assert len(detail.photos) == 1 and detail.photos[0].is_cover
    assert detail.photos[0].has_thumbnail
    thumbnail = QImage.fromData(ProductPhoto.get_by_id(detail.photos[0].id).thumbnail)
    assert max(thumbnail.width(), thumbnail.height()) == photo_files.THUMBNAIL_SIZE

    # the list shows it, selected, and the pinyin initials find it alone
    assert page.products.current_id() == row.id
    assert "法式碎花连衣裙" in page.products.detail.toPlainText()
    search(qtbot, page, "lyq")
    assert shown_codes(page) == ["LYQ-2401"]
    search(qtbot, page, "")
    assert shown_codes(page) == ["LYQ-2401", "TX-001"]  # sorted by 货号


def test_duplicate_item_code_is_shown_at_the_field_and_nothing_is_written(page, qtbot, said):
    add_product(page._session, "LYQ-2401", "旧款连衣裙")
    editor = new_editor(qtbot, page)
    fill_basics(qtbot, editor, "lyq-2401", "法式碎花连衣裙", "199")
    editor.tabs.setCurrentIndex(GRID)
    type_text(qtbot, editor.grid.colors_edit, "黑色")
    type_text(qtbot, editor.grid.sizes_edit, "S M")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    row = editor.basic.rows["code"]
    assert editor.tabs.currentIndex() == 0  # back on the tab of the field
    assert row.has_error()
    assert row.error.text() == "货号 lyq-2401 已经被别的产品用了。"
    assert editor.basic.code.property("invalid") is True
    assert said == []
    assert editor.isVisible()
    assert editor.basic.name.text() == "法式碎花连衣裙"  # what was typed is kept
    assert editor.grid.colors_edit.text() == "黑色"
    assert Product.select().count() == 1
    assert Variant.select().count() == 0

    editor.basic.code.clear()
    type_text(qtbot, editor.basic.code, "LYQ-2402")
    qtbot.keyClick(editor.basic.name, Qt.Key.Key_Return)  # Enter saves
    assert not row.has_error()
    assert [p.code for p in products.search_products()] == ["LYQ-2401", "LYQ-2402"]
    assert Variant.select().count() == 2


def test_a_price_with_three_decimals_is_refused_at_the_field(page, qtbot, said):
    editor = new_editor(qtbot, page)
    fill_basics(qtbot, editor, "LYQ-2401", "法式碎花连衣裙", "12.345")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.basic.rows["price_fen"].error.text() == "售价最多只能有两位小数（精确到分）。"
    assert not editor.basic.rows["code"].has_error()
    assert said == []
    assert Product.select().count() == 0


def test_escape_cancels_and_writes_nothing(page, qtbot):
    editor = new_editor(qtbot, page)
    fill_basics(qtbot, editor, "LYQ-2401", "法式碎花连衣裙", "199")
    qtbot.keyClick(editor.basic.name, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert Product.select().count() == 0


# -- the list ------------------------------------------------------------------------------------


def test_the_list_model_passes_the_model_tester(page, qtmodeltester):
    for i in range(5):
        add_product(page._session, f"A-{i:03d}", f"连衣裙{i}")
    assert page.products.model.rowCount() == 5
    qtmodeltester.check(page.products.model)


def test_search_filters_and_low_stock(page, qtbot):
    session = page._session
    dress = add_product(
        session, "LYQ-2401", "法式碎花连衣裙", category="连衣裙", low_stock_threshold=2
    )
    add_product(session, "BSQ-001", "百褶半身裙", category="半身裙", status="off_shelf")
    add_product(session, "0012", "牛仔衬衫", category="衬衫", status="sold_out")
    session.bus.run_op(None, variants.set_grid, dress, ["黑色"], ["S", "M"])
    black_s = variants.find_variant(dress, "黑色", "S").id
    black_m = variants.find_variant(dress, "黑色", "M").id
    session.bus.run_op(None, stock.adjust_many, {black_s: 10, black_m: 1}, "盘点")

    assert shown_codes(page) == ["0012", "BSQ-001", "LYQ-2401"]
    model = page.products.model
    low_row = shown_codes(page).index("LYQ-2401")
    assert model.data(model.index(low_row, 6)) == "● 1"
    assert (
        model.data(model.index(low_row, 0), Qt.ItemDataRole.BackgroundRole).color()
        == LOW_STOCK_BACKGROUND
    )
    assert model.data(model.index(low_row, 5)) == "11 / 11"
    assert model.data(model.index(low_row, 3)) == "¥99.00"

    search(qtbot, page, "bzb")  # 百褶半身裙 by initials
    assert shown_codes(page) == ["BSQ-001"]
    search(qtbot, page, "衬衫")
    assert shown_codes(page) == ["0012"]
    search(qtbot, page, "")
    tab = page.products
    tab.category.setCurrentIndex(tab.category.findText("连衣裙"))
    assert shown_codes(page) == ["LYQ-2401"]
    tab.category.setCurrentIndex(0)
    tab.status.setCurrentIndex(tab.status.findData("off_shelf"))
    assert tab.status.currentText() == "下架"
    assert shown_codes(page) == ["BSQ-001"]
    tab.status.setCurrentIndex(0)
    tab.low_only.setChecked(True)
    assert shown_codes(page) == ["LYQ-2401"]


def test_keyboard_ctrl_f_searches_and_enter_opens(page, qtbot):
    add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    add_product(page._session, "TX-001", "纯棉T恤")
    page.products.view.setFocus()
    qtbot.keyClick(page.products.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.products.search.hasFocus()
    qtbot.keyClicks(page.products.search, "cmtx")
    qtbot.keyClick(page.products.search, Qt.Key.Key_Return)  # one result: Enter opens it
    assert page.editor is not None and page.editor.isVisible()
    assert page.editor.basic.code.text() == "TX-001"
    page.editor.reject()

    search(qtbot, page, "")
    page.products.view.setFocus()
    page.products.select(products.search_products("LYQ")[0].id)
    qtbot.keyClick(page.products.view, Qt.Key.Key_Return)
    assert page.editor.basic.code.text() == "LYQ-2401"
    page.editor.reject()

    view = page.products.view
    rect = view.visualRect(view.model().index(1, 1))
    # a real double-click is press, release, then the double-click; QTest sends only the last
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.editor.basic.code.text() == "TX-001"


# -- the grid ------------------------------------------------------------------------------------


def save_chart(session, pid: int) -> None:
    rows = [
        SizeRow("S", {"腰围": "64-68"}, 150, 158, 40, 47),
        SizeRow("M", {"腰围": "68-72"}, 158, 165, 47, 55),
        SizeRow("L", {"腰围": "72-76"}, 165, 172, 55, 62),
    ]
    session.bus.run_op(None, sizes.save_size_chart, pid, ["腰围"], rows, "实测腰围 + 5 cm")


def test_size_advisor_copies_a_sentence_with_the_size(page, qtbot, clipboard):
    pid = add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    save_chart(page._session, pid)
    page.products.select(pid)
    qtbot.mouseClick(page.products.buttons["sizeAdvisor"], Qt.MouseButton.LeftButton)
    dialog = active(qtbot, page.advisor)
    type_text(qtbot, dialog.inputs["height"], "160")
    type_text(qtbot, dialog.inputs["weight"], "100斤")  # 50 kg
    qtbot.waitUntil(lambda: dialog.size_label.text() == "M")
    assert "M" in dialog.reason.text()
    assert "实测腰围 + 5 cm" in dialog.note.text()
    qtbot.keyClick(dialog.inputs["weight"], Qt.Key.Key_Return)  # Enter copies
    assert "M码" in clipboard.text()
    assert clipboard.text() == dialog.advice.chat_sentence
    assert dialog.copied.isVisibleTo(dialog)


def test_size_advisor_without_a_chart_says_so(page, qtbot, clipboard):
    pid = add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    page.products.select(pid)
    dialog = active(qtbot, page.open_advisor(pid))
    type_text(qtbot, dialog.inputs["height"], "160")
    dialog.update_advice()
    assert dialog.reason.text() == "这个产品还没有尺码表。请在“尺码表”页添加。"
    assert not dialog.copy_button.isEnabled()
    assert clipboard.text() == "before"


# -- in the window -------------------------------------------------------------------------------


def test_the_page_is_in_the_main_window(window):
    page = window.show_page(index_of("products"))
    assert isinstance(page, ProductsPage)
    assert page.title == "产品手册"
    assert page.tabs.count() == 2


def test_a_long_list_is_fetched_a_page_at_a_time(page, qtbot):
    from desk.ui.products.list_model import PAGE_SIZE

    for i in range(PAGE_SIZE + 5):
        products.create_product(ProductDraft(f"K-{i:04d}", f"袜子{i}"))
    page.refresh()
    model = page.products.model
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore()
    assert "200" in page.products.count.text()
    page.products.view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE + 5)
    assert not model.canFetchMore()
    assert model.row_at(PAGE_SIZE + 4).code == f"K-{PAGE_SIZE + 4:04d}"


def test_a_new_product_hidden_by_the_search_is_shown_after_saving(page, qtbot):
    add_product(page._session, "TX-001", "纯棉T恤")
    search(qtbot, page, "tx")
    editor = new_editor(qtbot, page)
    fill_basics(qtbot, editor, "LYQ-2401", "法式碎花连衣裙", "199")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert page.products.search.text() == ""
    assert shown_codes(page) == ["LYQ-2401", "TX-001"]
    assert page.products.current_id() == products.search_products("LYQ")[0].id


def test_excel_buttons_call_the_import_and_export_dialogs(page, qtbot, monkeypatch):
    from desk.ui.products import io_dialogs

    calls = []
    monkeypatch.setattr(
        io_dialogs, "open_import_dialog", lambda parent, session: calls.append(("import", session))
    )
    monkeypatch.setattr(
        io_dialogs, "export_products", lambda parent, session, ids: calls.append(("export", ids))
    )
    first = add_product(page._session, "A-001", "连衣裙")
    second = add_product(page._session, "A-002", "半身裙")
    qtbot.mouseClick(page.products.buttons["importExcel"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.products.buttons["exportExcel"], Qt.MouseButton.LeftButton)
    page.products.view.selectAll()
    qtbot.mouseClick(page.products.buttons["exportExcel"], Qt.MouseButton.LeftButton)
    assert calls == [("import", page._session), ("export", None), ("export", [first, second])]


def test_quick_replies_tab_knows_the_selected_product(page):
    pid = add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    page.products.select(pid)
    assert page.tabs.tabText(1) == _("Quick replies")
    assert page._reply_context() == {"product_id": pid, "货号": "LYQ-2401"}


def test_delete_asks_first_and_removes_the_product(page, qtbot, monkeypatch):
    from desk.ui import messages

    asked = []
    answer = {"yes": False}
    monkeypatch.setattr(
        messages,
        "confirm",
        lambda parent, text, yes, title=None: asked.append(text) or answer["yes"],
    )
    pid = add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    page.products.select(pid)
    page.products.view.setFocus()
    qtbot.keyClick(page.products.view, Qt.Key.Key_Delete)
    assert "LYQ-2401" in asked[0]
    assert Product.select().count() == 1  # said no
    answer["yes"] = True
    qtbot.mouseClick(page.products.buttons["deleteProduct"], Qt.MouseButton.LeftButton)
    assert Product.select().count() == 0
    assert shown_codes(page) == []
    assert page.products.current_id() is None
    assert not page.products.buttons["editProduct"].isEnabled()


def test_size_advisor_shows_a_bad_number_at_its_field(page, qtbot):
    pid = add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    save_chart(page._session, pid)
    dialog = active(qtbot, page.open_advisor(pid))
    type_text(qtbot, dialog.inputs["height"], "abc")
    dialog.update_advice()
    row = dialog.rows["height"]
    assert row.error.isVisibleTo(dialog) and "身高" in row.error.text()
    assert dialog.size_label.text() == "—"
    assert not dialog.copy_button.isEnabled()
