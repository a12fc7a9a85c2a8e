"""The product handbook page: the list and its search, the editor (basics, grid, stock, SKU, size
chart, photos), refusals at the field, the size advisor — real widgets, the file checked after."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QAbstractItemView, QApplication

from desk.core import products, sizes, stock, variants
from desk.core.products import ProductDraft
from desk.core.sizes import SizeRow
from desk.i18n import _
from desk.models import Product, ProductPhoto, Variant
from desk.ui.pages import index_of
from desk.ui.products import photo_files
from desk.ui.products.chart_tab import default_columns
from desk.ui.products.editor import CHART, GRID, PHOTOS
from desk.ui.products.grid_model import GREY_TEXT
from desk.ui.products.list_model import LOW_STOCK_BACKGROUND
from desk.ui.products.page import ProductsPage
from tests.ui.conftest import type_text

SIZES = ["S", "M", "L", "XL", "XXL"]


@pytest.fixture
def page(qtbot, session):
    page = ProductsPage(session)
    session.bus.changed.connect(page.on_changes)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


@pytest.fixture
def clipboard(qapp):
    board = QGuiApplication.clipboard()
    board.setText("before")
    return board


def add_product(session, code: str, name: str, price_fen: int = 9900, **fields) -> int:
    """A product made through the bus (so the page hears of it), as the editor would."""
    detail, _changes = session.bus.run_op(
        None, products.create_product, ProductDraft(code, name, price_fen=price_fen, **fields)
    )
    return detail.id


def write_png(path, color: str = "#c0392b", size: tuple[int, int] = (320, 480)):
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), "PNG")
    return path


def shown_codes(page) -> list[str]:
    model = page.products.model
    return [model.row_at(i).code for i in range(model.rowCount())]


def search(qtbot, page, text: str) -> None:
    box = page.products.search
    box.clear()
    type_text(qtbot, box, text)
    qtbot.waitUntil(lambda: not page.products._timer.isActive())


def type_in_cell(qtbot, view, row: int, column: int, text: str) -> None:
    """Select a grid cell and type into it as a user would, then Enter."""
    view.setFocus()
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    if text.isascii():
        qtbot.keyClicks(view, text[0])  # the first key opens the cell's editor …
        editor = QApplication.focusWidget()
        assert editor is not view
        qtbot.keyClicks(editor, text[1:])  # … which takes the rest
    else:  # typed through the input method (QTest cannot press keys for non-ASCII text)
        view.edit(index)
        editor = QApplication.focusWidget()
        assert editor is not view
        editor.selectAll()
        type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def active(qtbot, dialog):
    """The dialog as the window the user types in (offscreen windows are not activated)."""
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def new_editor(qtbot, page):
    qtbot.keyClick(page.products.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = active(qtbot, page.editor)
    assert editor.product_id is None
    return editor


def open_editor(qtbot, page, product_id: int):
    return active(qtbot, page.open_editor(product_id))


def fill_basics(qtbot, editor, code: str, name: str, price: str) -> None:
    type_text(qtbot, editor.basic.code, code)
    type_text(qtbot, editor.basic.name, name)
    type_text(qtbot, editor.basic.price, price)


# -- the whole story -----------------------------------------------------------------------------
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
def test_stock_that_is_not_a_whole_number_is_refused_at_the_cell(page, qtbot):
    editor = new_editor(qtbot, page)
    editor.tabs.setCurrentIndex(GRID)
    type_text(qtbot, editor.grid.colors_edit, "黑色")
    type_text(qtbot, editor.grid.sizes_edit, "均码")
    qtbot.mouseClick(editor.grid.generate_button, Qt.MouseButton.LeftButton)
    model = editor.grid.model
    for bad in ("-3", "2.5", "abc"):
        type_in_cell(qtbot, editor.grid.view, 0, 0, bad)
        assert model.data(model.index(0, 0)) == "0"
        assert editor.grid.error.isVisibleTo(editor)
        assert bad in editor.grid.error.text()
    type_in_cell(qtbot, editor.grid.view, 0, 0, "７")  # full-width digits are fine
    assert model.data(model.index(0, 0)) == "7"
    assert not editor.grid.error.isVisibleTo(editor)


def test_adding_a_size_keeps_stock_and_removing_a_colour_with_history_hides_it(page, qtbot, said):
    session = page._session
    pid = add_product(session, "LYQ-2401", "法式碎花连衣裙")
    session.bus.run_op(None, variants.set_grid, pid, ["黑色", "白色"], ["S", "M"])
    white_s = variants.find_variant(pid, "白色", "S").id
    session.bus.run_op(None, stock.adjust_many, {white_s: 4}, "盘点")  # history

    editor = open_editor(qtbot, page, pid)
    grid = editor.grid
    assert grid.colors_edit.text() == "黑色, 白色"
    assert grid.sizes_edit.text() == "S M"
    grid.colors_edit.setText("黑色")
    grid.sizes_edit.setText("S M L")
    qtbot.mouseClick(grid.generate_button, Qt.MouseButton.LeftButton)
    model = grid.model
    assert model.rowCount() == 2  # 白色 stays, greyed, until saved
    white = model.index_of(("白色", "S"))
    assert model.data(white, Qt.ItemDataRole.ForegroundRole).color() == GREY_TEXT
    assert not model.flags(white) & Qt.ItemFlag.ItemIsEditable
    assert "白色/S" in grid.info.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert len(said) == 1 and "白色/S" in said[0][1]
    detail = products.get_product(pid)
    assert detail.colors == ("黑色",) and detail.sizes == ("S", "M", "L")
    hidden = variants.find_variant(pid, "白色", "S")
    assert hidden.hidden and hidden.stock == 4
    assert variants.find_variant(pid, "白色", "M") is None  # no history: deleted

    # the hidden cell is shown greyed when the editor opens again
    model = open_editor(qtbot, page, pid).grid.model
    assert model.rowCount() == 2
    assert model.data(model.index_of(("白色", "S"))) == "4"
    assert not model.flags(model.index_of(("白色", "S"))) & Qt.ItemFlag.ItemIsEditable


def test_sku_codes_are_edited_in_the_grid_and_a_taken_one_is_shown_at_its_cell(page, qtbot, said):
    session = page._session
    other = add_product(session, "TX-001", "纯棉T恤")
    session.bus.run_op(None, variants.set_grid, other, ["白色"], ["M"])
    session.bus.run_op(
        None, variants.update_variant, variants.find_variant(other, "白色", "M").id, sku="6901234"
    )
    pid = add_product(session, "LYQ-2401", "法式碎花连衣裙")
    session.bus.run_op(None, variants.set_grid, pid, ["黑色"], ["S", "M"])

    editor = open_editor(qtbot, page, pid)
    editor.tabs.setCurrentIndex(GRID)
    editor.grid.sku_mode.setChecked(True)
    type_in_cell(qtbot, editor.grid.view, 0, 0, "0012-BK-S")
    type_in_cell(qtbot, editor.grid.view, 0, 1, "6901234")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    model = editor.grid.model
    assert said == []
    assert "6901234" in editor.grid.error.text()
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == editor.grid.error.text()
    assert variants.find_variant(pid, "黑色", "S").sku is None  # nothing half-saved

    type_in_cell(qtbot, editor.grid.view, 0, 1, "0012-BK-M")
    qtbot.keyClick(editor.grid.view, Qt.Key.Key_Return)  # Enter on the grid saves
    assert variants.find_variant(pid, "黑色", "S").sku == "0012-BK-S"
    assert variants.find_variant(pid, "黑色", "M").sku == "0012-BK-M"


# -- size chart ----------------------------------------------------------------------------------
def test_size_chart_typed_in_the_table_is_saved_and_a_bad_cell_is_shown(page, qtbot, said):
    pid = add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    editor = open_editor(qtbot, page, pid)
    editor.grid.colors_edit.setText("黑色")
    editor.grid.sizes_edit.setText("S M")
    editor.tabs.setCurrentIndex(CHART)
    chart = editor.chart
    assert chart.table.rowCount() == 2  # the grid's sizes are filled in
    assert chart.measures() == default_columns()
    assert chart.measures()[:2] == ["胸围", "腰围"]
    cells = {
        (0, 1): "84",
        (0, 2): "64-68",
        (0, 6): "150-160",
        (0, 7): "40-47",
        (1, 1): "88",
        (1, 2): "abc",
        (1, 6): "160-170",
        (1, 7): "47-55",
    }
    for (r, c), text in cells.items():
        chart.table.item(r, c).setText(text)
    chart.fit_rule.setText("实测腰围 + 5 cm")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert said == []
    assert editor.tabs.currentIndex() == CHART
    assert "abc" in chart.error.text()
    assert chart.table.currentRow() == 1 and chart.table.currentColumn() == 2
    assert sizes.get_size_chart(pid) is None

    chart.table.item(1, 2).setText("68-72")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = sizes.get_size_chart(pid)
    assert saved.columns == ("胸围", "腰围")  # empty columns are not kept
    assert saved.rows[1].measurements == {"胸围": "88", "腰围": "68-72"}
    assert (saved.rows[0].height_min, saved.rows[0].height_max) == (Decimal(150), Decimal(160))
    assert saved.fit_rule == "实测腰围 + 5 cm"
    assert products.get_product(pid).draft.fit_rule == "实测腰围 + 5 cm"


# -- photos --------------------------------------------------------------------------------------
def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_stored(
    page, qtbot, tmp_path, monkeypatch
):
    fake = tmp_path / "photo.png"
    fake.write_text("not really a picture", encoding="utf-8")
    big = tmp_path / "huge.jpg"
    with big.open("wb") as fh:
        fh.write(b"\xff\xd8\xff")
        fh.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(photo_files, "choose_photo_files", lambda parent: [fake, big])
    pid = add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    editor = open_editor(qtbot, page, pid)
    editor.tabs.setCurrentIndex(PHOTOS)
    qtbot.mouseClick(editor.photos.buttons["addPhotos"], Qt.MouseButton.LeftButton)
    assert editor.photos.list.count() == 0
    message = editor.photos.error.text()
    assert "photo.png 不是图片" in message
    assert "huge.jpg 有 50.0 MB" in message
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert ProductPhoto.select().count() == 0


def test_photos_dropped_reordered_and_deleted(page, qtbot, tmp_path):
    red = write_png(tmp_path / "red.png", "#c0392b")
    blue = write_png(tmp_path / "blue.png", "#2c3e91")
    green = write_png(tmp_path / "green.jpg", "#2f855a")
    pid = add_product(page._session, "LYQ-2401", "法式碎花连衣裙")
    tab = open_editor(qtbot, page, pid).photos
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in (red, blue, green)])
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.list.dropEvent(drop)
    assert tab.list.count() == 3
    tab.list.setCurrentRow(1)
    qtbot.mouseClick(tab.buttons["moveLeft"], Qt.MouseButton.LeftButton)  # blue is the cover
    assert tab.list.item(0).text() == _("Cover")
    tab.list.setCurrentRow(2)
    qtbot.mouseClick(tab.buttons["deletePhoto"], Qt.MouseButton.LeftButton)  # green goes
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)

    stored = products.get_product(pid).photos
    assert len(stored) == 2
    cover = QImage.fromData(ProductPhoto.get_by_id(stored[0].id).thumbnail)
    assert cover.pixelColor(5, 5) == QColor("#2c3e91")

    tab = open_editor(qtbot, page, pid).photos  # reordering stored photos
    tab.list.setCurrentRow(0)
    qtbot.mouseClick(tab.buttons["moveRight"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.editor.save_button, Qt.MouseButton.LeftButton)
    assert [p.id for p in products.get_product(pid).photos] == [stored[1].id, stored[0].id]


# -- size advisor --------------------------------------------------------------------------------
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


def test_the_grid_model_passes_the_model_tester(page, qtbot, qtmodeltester):
    session = page._session
    pid = add_product(session, "LYQ-2401", "法式碎花连衣裙")
    session.bus.run_op(None, variants.set_grid, pid, ["黑色", "白色"], ["S", "M", "L"])
    session.bus.run_op(
        None, stock.adjust_many, {variants.find_variant(pid, "白色", "L").id: 2}, "盘点"
    )
    model = open_editor(qtbot, page, pid).grid.model
    model.set_axes(["黑色"], ["S", "M"])  # 白色/L greyed (history), the others gone
    qtmodeltester.check(model)


def _editor_lowering_held_stock(page, qtbot):
    session = page._session
    pid = add_product(session, "LYQ-2401", "法式碎花连衣裙")
    session.bus.run_op(None, variants.set_grid, pid, ["黑色"], ["M"])
    black_m = variants.find_variant(pid, "黑色", "M").id
    session.bus.run_op(None, stock.adjust_many, {black_m: 5}, "到货")
    session.bus.run_op(None, stock.reserve, black_m, 3)
    editor = open_editor(qtbot, page, pid)
    editor.tabs.setCurrentIndex(GRID)
    type_in_cell(qtbot, editor.grid.view, 0, 0, "1")
    return editor, black_m


def test_stock_below_what_orders_hold_asks_and_a_no_changes_nothing(
    page, qtbot, said, monkeypatch
):
    from desk.ui import messages

    asked = []
    monkeypatch.setattr(messages, "confirm", lambda parent, text, yes, title=None: asked.append(text) or False)
    editor, black_m = _editor_lowering_held_stock(page, qtbot)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "3" in asked[0]  # the held count is named in the question
    assert said == []
    assert editor.isVisible()
    assert stock.level(black_m).stock == 5
    assert [m.kind for m in stock.movements(black_m)].count("adjust") == 1


def test_stock_below_what_orders_hold_is_saved_when_the_user_agrees(
    page, qtbot, said, monkeypatch
):
    from desk.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda parent, text, yes, title=None: True)
    editor, black_m = _editor_lowering_held_stock(page, qtbot)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert said == []
    assert not editor.isVisible()
    level = stock.level(black_m)
    assert (level.stock, level.reserved) == (1, 3)
    assert [m.kind for m in stock.movements(black_m)].count("adjust") == 2


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
