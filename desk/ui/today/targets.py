"""Opening the list a Today count (or a handover section) stands for: switch the main window to
the target's page and ask that page to show exactly those rows.

Each page answers with a small public method: OrdersPage.show_filter / show_list,
CustomersPage.show_view, ProductsPage.show_low_stock, NotebookPage.show_problems /
show_handovers, ReturnsPage.show_waiting. A page that lacks the method (a feature not built yet)
is still shown.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from desk.core import today
from desk.core.today import Target
from desk.i18n import _
from desk.ui.pages import PAGES
from desk.ui.widgets.page import Page


class Window(Protocol):
    def show_page(self, index: int) -> Page: ...


ORDER_VIEW_TITLES = {
    today.VIEW_CHASE: today.ITEM_LABELS["chase"],
    today.VIEW_TO_SHIP: today.ITEM_LABELS["to_ship"],
    today.VIEW_NO_TRACKING: today.ITEM_LABELS["no_tracking"],
}


def now() -> datetime.datetime:
    """The shop's wall-clock time as the Today page counts it (one place, so tests can set it)."""
    return datetime.datetime.now().replace(microsecond=0)


def _ids(target: Target):
    """The ids of the target, asked again whenever the list reloads (so a shipped order leaves
    the to-ship list at once)."""
    return lambda: today.ids_for(target, now())


def open_target(window: Window, target: Target) -> Page | None:
    keys = [spec.key for spec in PAGES]
    if target.page not in keys:
        return None
    page = window.show_page(keys.index(target.page))
    if target.page == today.ORDERS:
        if target.order_filter is not None and hasattr(page, "show_filter"):
            page.show_filter(target.order_filter)
        elif target.view in ORDER_VIEW_TITLES and hasattr(page, "show_list"):
            page.show_list(_(ORDER_VIEW_TITLES[target.view]), _ids(target))
    elif target.page == today.CUSTOMERS and hasattr(page, "show_view"):
        page.show_view(target.view or "all")
    elif target.page == today.PRODUCTS and hasattr(page, "show_low_stock"):
        page.show_low_stock()
    elif target.page == today.NOTEBOOK:
        if target.view == today.VIEW_HANDOVERS and hasattr(page, "show_handovers"):
            page.show_handovers(unread_only=True)
        elif hasattr(page, "show_problems"):
            page.show_problems(open_only=True)
    elif target.page == today.RETURNS and hasattr(page, "show_waiting"):
        page.show_waiting()
    return page
