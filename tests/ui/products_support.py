"""Helpers shared by the product page and editor GUI tests (fixtures are in conftest.py)."""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractItemView, QApplication

from desk.core import products
from desk.core.products import ProductDraft
from tests.ui.conftest import type_text

SIZES = ["S", "M", "L", "XL", "XXL"]


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
