"""The product editor's grid, size chart, photos and stock rules."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage

from desk.core import products, sizes, stock, variants
from desk.i18n import _
from desk.models import ProductPhoto
from desk.ui.products import photo_files
from desk.ui.products.chart_tab import default_columns
from desk.ui.products.editor import CHART, GRID, PHOTOS
from desk.ui.products.grid_model import GREY_TEXT
from tests.ui.conftest import type_text

from tests.ui.products_support import (
    add_product,
    write_png,
    type_in_cell,
    new_editor,
    open_editor,
)


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
