"""Helpers shared by the orders page and order editor GUI tests."""

from __future__ import annotations

from desk.core import staff
from tests.core.orders_support import add_customer, add_product
from tests.ui.conftest import show_active


def make_page(qtbot, session):
    """The Orders page, shown and active, listening to the bus."""
    from desk.ui.orders.page import OrdersPage

    page = OrdersPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1300, 800)


def handbook() -> dict:
    """Two products in stock: A1023 (黑色/白色 × S/M/L, ¥129) and B2001 (米白 × M/L, ¥89.90)."""
    staff.ensure_default_staff()
    first, a = add_product("A1023", "法式碎花连衣裙", 12900)
    second, b = add_product("B2001", "针织开衫", 8990, colors=("米白",), sizes=("M", "L"))
    return {"A1023": (first, a), "B2001": (second, b)}


def active(qtbot, dialog):
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def choose_line(line, code: str, color: str, size: str) -> None:
    """Type a 货号 in a line and choose colour and size as the user would."""
    line.code.setFocus()
    line.code.setText(code)
    line.take_code()
    line.color.setCurrentIndex(line.color.findData(color))
    index = next(i for i in range(line.size.count())
                 if line.size.itemText(i).startswith(size + " "))
    line.size.setCurrentIndex(index)


__all__ = ["active", "add_customer", "choose_line", "handbook", "make_page"]
