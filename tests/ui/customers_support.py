"""Helpers shared by the customer page and card GUI tests (fixtures are in conftest.py)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from desk.core import customers
from desk.core.customers import AddressDraft, CustomerDraft
from tests.ui.conftest import show_active, type_text


def make_page(qtbot, session):
    """The Customers page, shown and active, listening to the bus."""
    from desk.ui.customers.page import CustomersPage

    page = CustomersPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1200, 760)


def add_customer(session, name: str, *phones: str, nick: str = "", groups=(), **fields) -> int:
    """A customer made through the bus (so the page hears of it), as the card would."""
    group_ids = tuple(customers.group_by_key(g).id if isinstance(g, str) else g for g in groups)
    draft = CustomerDraft(name=name, nick=nick, phones=phones, group_ids=group_ids, **fields)
    detail, _changes = session.bus.run_op(None, customers.create_customer, draft)
    return detail.id


def address(province="浙江省", city="杭州市", district="西湖区", street="文三路100号", **more):
    return AddressDraft(province=province, city=city, district=district, street=street, **more)


def shown_names(page) -> list[str]:
    model = page.list.model
    return [model.row_at(i).name for i in range(model.rowCount())]


def search(qtbot, page, text: str) -> None:
    box = page.list.search
    box.clear()
    type_text(qtbot, box, text)
    qtbot.waitUntil(lambda: not page.list._timer.isActive())


def active(qtbot, dialog):
    """The dialog as the window the user types in (offscreen windows are not activated)."""
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def click_line(qtbot, page, key: str) -> None:
    """Click a line of the groups sidebar, as the user would."""
    sidebar = page.sidebar
    row = sidebar.row_of(key)
    assert row is not None, key
    rect = sidebar.list.visualItemRect(sidebar.list.item(row))
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sidebar.current_key() == key


def click_item(qtbot, view, item) -> None:
    """Click on the text of a list widget item (not on its check box)."""
    rect = view.visualItemRect(item)
    pos = QPoint(rect.left() + rect.width() // 2, rect.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def menu_action(menu, *path: str):
    """The action at `path` (submenu titles, then the action's text) of a QMenu."""
    for title in path[:-1]:
        menu = next(a.menu() for a in menu.actions() if a.text() == title)
    return next(a for a in menu.actions() if a.text() == path[-1])


def select_rows(page, *names: str) -> None:
    """Select the list rows of these customers (as with Ctrl+click)."""
    model = page.list.model
    ids = [model.row_at(i).id for i in range(model.rowCount()) if model.row_at(i).name in names]
    assert len(ids) == len(names)
    page.list.select(ids, ids[0])
