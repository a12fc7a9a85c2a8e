"""The pages of the main window, in navigation order (Ctrl+1 … Ctrl+9).

A feature that is not built yet gets an honest empty page saying what will be there. When a
feature package lands (`desk/ui/<feature>/page.py`), its spec gets a `build` function instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desk.i18n import N_, _
from desk.ui.widgets.page import Page
from desk.ui.widgets.placeholder import PlaceholderPage

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # marked with N_, translated when shown
    icon: str  # resources/icons/<icon>.svg
    description: str = ""  # for the empty page of a feature not built yet
    build: Callable[[ShopSession], Page] | None = None

    def create(self, session: ShopSession) -> Page:
        if self.build is not None:
            return self.build(session)
        return PlaceholderPage(_(self.title), _(self.description))


def _products_page(session: ShopSession) -> Page:
    from desk.ui.products.page import ProductsPage  # imported when first shown

    return ProductsPage(session)


def _customers_page(session: ShopSession) -> Page:
    from desk.ui.customers.page import CustomersPage  # imported when first shown

    return CustomersPage(session)


def _orders_page(session: ShopSession) -> Page:
    from desk.ui.orders.page import OrdersPage  # imported when first shown

    return OrdersPage(session)


def _labels_page(session: ShopSession) -> Page:
    from desk.ui.labels.page import LabelsPage  # imported when first shown

    return LabelsPage(session)


def _returns_page(session: ShopSession) -> Page:
    from desk.ui.returns.page import ReturnsPage  # imported when first shown

    return ReturnsPage(session)


def _books_page(session: ShopSession) -> Page:
    from desk.ui.books.page import BooksPage  # imported when first shown

    return BooksPage(session)


def _today_page(session: ShopSession) -> Page:
    from desk.ui.today.page import TodayPage  # imported when first shown

    return TodayPage(session)


def _notebook_page(session: ShopSession) -> Page:
    from desk.ui.notebook.page import NotebookPage  # imported when first shown

    return NotebookPage(session)


def _settings_page(session: ShopSession) -> Page:
    from desk.ui.settings.page import SettingsPage  # imported when first shown

    return SettingsPage(session)


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "today", N_("Today"), "today",
        N_("What needs doing today will be here: unpaid orders to chase, orders to ship and the "
           "latest handover note."),
        build=_today_page,
    ),
    PageSpec(
        "products", N_("Product handbook"), "products",
        N_("The product handbook will be here: item codes, size charts and quick replies."),
        build=_products_page,
    ),
    PageSpec(
        "customers", N_("Customers"), "customers",
        N_("The customer address book will be here: buyer IDs, shipping addresses, groups and "
           "follow-ups."),
        build=_customers_page,
    ),
    PageSpec(
        "orders", N_("Orders"), "orders",
        N_("Orders will be here: taking orders, the order confirmation sheet and flag memos."),
        build=_orders_page,
    ),
    PageSpec(
        "labels", N_("Labels & shipping"), "labels",
        N_("Shipping labels will be here: printing today's labels in one batch and entering "
           "tracking numbers."),
        build=_labels_page,
    ),
    PageSpec(
        "returns", N_("Returns"), "returns",
        N_("Returns and exchanges will be here: registering a case, inspecting the goods, "
           "refunds and exchanges."),
        build=_returns_page,
    ),
    PageSpec(
        "notebook", N_("Notebook"), "notebook",
        N_("The notebooks will be here: the problem book, the service tally and shift handovers."),
        build=_notebook_page,
    ),
    PageSpec(
        "books", N_("Books"), "books",
        N_("The daily books will be here: today's income and expenses, the account check and "
           "the daily report."),
        build=_books_page,
    ),
    PageSpec("settings", N_("Settings"), "settings", build=_settings_page),
)  # fmt: skip


def index_of(key: str) -> int:
    return next(i for i, spec in enumerate(PAGES) if spec.key == key)
