"""订单: search and filters over every order (keyset paging: a million orders cost one page),
the selected order on the right with its status moves and memos, and the 催付 view (unpaid more
than 12 hours, one click copies the 催付 reply).

Keyboard: Ctrl+F search (Down/Enter to the list), Ctrl+N new order, Ctrl+Shift+V new order from
the address on the clipboard, Enter/double-click opens, Ctrl+M memo/flag, Ctrl+Shift+C copies the
confirmation text. The confirmation, check, merge and packing dialogs live in sibling modules
(confirm_dialog, check_dialog, merge_dialog, packing_view), imported when first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, order_list, today
from desk.core.order_list import OrderFilter
from desk.core.errors import DomainError, ValidationError
from desk.i18n import _
from desk.ui import messages
from desk.ui.widgets.list_view import list_view
from desk.ui.customers.list_panel import shortcut
from desk.ui.orders.actions import MOVES, open_return, simple_move
from desk.ui.orders.detail_panel import OrderDetailPanel
from desk.ui.orders.editor import OrderEditor, open_editor
from desk.ui.orders.filters import FilterBar, FixedListBanner
from desk.ui.orders.list_model import OrderListModel
from desk.ui.orders.memo_dialog import MemoDialog
from desk.ui.orders.ship_dialog import CloseDialog, ShipDialog
from desk.ui.products.list_panel import SearchBox
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PACKAGE = "desk.ui.orders"
SEARCH_DELAY_MS = 200
FIXED_ROWS = 1000  # rows shown of a list opened from Today (the count says how many in all)
COLUMN_WIDTHS = (118, 76, 100, 120, 220, 44, 80, 66, 70, 60, 120, 86)


def sibling(name: str) -> ModuleType:
    """`desk.ui.orders.<name>`, imported when first used (the page itself loads fast)."""
    return importlib.import_module(f"{PACKAGE}.{name}")


class OrdersPage(Page):
    KINDS = (changes.ORDERS, changes.CUSTOMERS, changes.SETTINGS, changes.PRODUCTS, changes.RETURNS)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Orders"), parent)
        self._session = session
        self.editor: OrderEditor | None = None
        self.dialog: QDialog | None = None
        self.search = SearchBox()
        self.search.setObjectName("orderSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Order no., name, any digits of a phone, or tracking no.  Ctrl+F")
        )
        self.search.textChanged.connect(self._on_search_changed)
        self.search.leave_requested.connect(self._leave_search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.count = QLabel()
        self.count.setObjectName("orderCount")
        self.count.setStyleSheet("color: #4a5568;")
        self.filters = FilterBar()
        self.filters.changed.connect(self._on_filters_changed)
        self.filters.same_tab_clicked.connect(self.show_all)
        self._fixed: tuple[str, Callable[[], list[int]]] | None = None  # a list from Today
        self.fixed_banner = FixedListBanner()  # names a list from Today, with 显示全部订单
        self.fixed_banner.show_all.connect(self.show_all)
        self.fixed_label = self.fixed_banner.label
        self.show_all_button = self.fixed_banner.button

        self.model = OrderListModel(self)
        self.view = list_view(self.model, "orderList")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        self.view.activated.connect(self._on_activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.modelReset.connect(self._on_selection)

        self.detail = OrderDetailPanel(session)
        self.detail.setMinimumWidth(300)
        self.detail.move_requested.connect(self.move_selected)
        self.detail.memo_requested.connect(self.open_memos)
        self.detail.edit_requested.connect(lambda: self.open_order(self.current_id()))
        self.detail.return_requested.connect(self.open_return)

        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip, slot in (
            ("newOrder", _("New order"), "Ctrl+N", lambda: self.open_order(None)),
            (
                "pasteOrder",
                _("Order from pasted address"),
                _(
                    "A new order for the name, phone and address copied from the chat "
                    "(Ctrl+Shift+V)"
                ),
                self.paste_order,
            ),
            (
                "copyConfirmation",
                _("Copy confirmation"),
                _("The confirmation text of the order, for the chat (Ctrl+Shift+C)"),
                self.copy_confirmation,
            ),
            (
                "printConfirmation",
                _("Print confirmation…"),
                _("Confirmation sheets of the selected orders (A5/A4, PDF)"),
                self.print_confirmation,
            ),
            (
                "checkOrders",
                _("Check before printing…"),
                _("审单: what stops the selected orders from being printed"),
                self.check_orders,
            ),
            (
                "mergeOrders",
                _("Merge orders…"),
                _("Merge the selected orders of one buyer and address"),
                self.merge_orders,
            ),
            (
                "packingList",
                _("Packing list"),
                _("The goods to pick for today's orders, totalled by item code, colour and size"),
                self.packing_list,
            ),
            (
                "copyChase",
                _("Copy payment reminder"),
                _("The 催付 quick reply filled for the selected order, to paste in the chat"),
                self.copy_chase,
            ),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
        self.buttons["newOrder"].setObjectName("newOrder")
        shortcut(self, "Ctrl+F", self.focus_search)
        shortcut(self, "Ctrl+N", lambda: self.open_order(None))
        shortcut(self, "Ctrl+Shift+V", self.paste_order)
        shortcut(self, "Ctrl+Shift+C", self.copy_confirmation)
        shortcut(self, "Ctrl+M", self.open_memos)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.buttons["newOrder"])
        top.addWidget(self.buttons["pasteOrder"])
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addStretch(1)
        for name in (
            "copyChase",
            "copyConfirmation",
            "printConfirmation",
            "checkOrders",
            "mergeOrders",
            "packingList",
        ):
            actions.addWidget(self.buttons[name])
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(actions)
        column.addWidget(self.view, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.filters)
        self.layout_.addWidget(self.fixed_banner)
        self.layout_.addWidget(self.splitter, 1)

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """The first page again for the search and filters, keeping the selection."""
        self._timer.stop()
        chosen, current = self.selected_ids(), self.current_id()
        chase = order_list.unpaid_to_chase()
        self.filters.set_chase_count(len(chase))
        self._show_banner()
        try:
            if self._fixed is not None:
                ids = self._fixed[1]()
                self.model.set_fixed_rows(today.order_rows(ids[:FIXED_ROWS]))
                total = len(ids)
            elif self.filters.is_chase():
                query = self.search.text().strip()
                rows = [
                    r for r in chase if not query or query in r.number or query in r.customer_name
                ]
                self.model.set_fixed_rows(rows)
                total = len(rows)
            else:
                flt = self.filters.filter(self.search.text().strip())
                self.model.reload(flt)
                total = order_list.count_orders(flt)
        except (ValidationError, DomainError) as exc:
            self.model.set_fixed_rows([])
            self.count.setText(exc.message)
            return
        self._show_count(total)
        self.select(chosen, current)
        self._update_buttons()

    def _show_count(self, total: int) -> None:
        if self._fixed is not None:
            text = _("Showing: {title} ({count} orders)").format(
                title=self._fixed[0], count=f"{total:,}"
            )
            self.fixed_label.setText(text)
            text = _("{count} orders").format(count=f"{total:,}")
        elif self.filters.is_chase():
            text = (
                _("{count} orders unpaid for more than 12 hours").format(count=total)
                if total
                else _("No order waits for payment longer than 12 hours.")
            )
        elif total:
            text = _("{count} orders").format(count=f"{total:,}")
        elif self.search.text().strip():
            text = _("No order matches {text}.").format(text=self.search.text().strip())
        else:
            text = _(
                "No orders here. Ctrl+N takes a new order; Ctrl+Shift+V takes one from "
                "an address copied from the chat."
            )
        self.count.setText(text)
        self.count.setProperty("total", total)

    # -- lists opened from elsewhere (the Today page) ------------------------------------------
    def _on_filters_changed(self) -> None:
        self._fixed = None
        self.reload()

    def _on_search_changed(self, text: str) -> None:
        """Typing leaves a list from Today: the search is over all orders."""
        if self._fixed is not None and text.strip():
            self._fixed = None
            self._show_banner()
        self._timer.start()

    def _show_banner(self) -> None:
        self.fixed_banner.setVisible(self._fixed is not None)

    def is_fixed(self) -> bool:
        """True while a list opened from Today is shown (not the tabs and filters)."""
        return self._fixed is not None

    def show_all(self) -> None:
        """Leave a list from Today: every order again (tabs and filters as they are)."""
        if self._fixed is None:
            return
        self._fixed = None
        self.reload()

    def show_filter(self, order_filter: OrderFilter) -> None:
        """The orders of `order_filter` (its search text too), as if chosen in the filter row."""
        self._fixed = None
        self.search.blockSignals(True)
        self.search.setText(order_filter.query)
        self.search.blockSignals(False)
        self.filters.set_filter(order_filter)  # reloads

    def show_list(self, title: str, ids: Callable[[], list[int]]) -> None:
        """Exactly the orders `ids()` gives, in its order (asked again at each reload), under a
        banner naming `title`; its 显示全部订单 button, typing a search, or choosing a tab or a
        filter goes back to all orders."""
        self.show_filter(OrderFilter())
        self._fixed = (title, ids)
        self.reload()

    def current_context(self) -> tuple[int | None, int | None, int | None]:
        """(customer id, order id, product id) of the selected order, for a problem entry."""
        rows = self.selected_rows()
        if len(rows) != 1:
            return (None, None, None)
        return (rows[0].customer_id, rows[0].id, None)

    # -- selection ----------------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).id

    def selected_rows(self):
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows if r < self.model.rowCount()]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def select(self, order_ids: list[int], current: int | None = None) -> None:
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        rows = [r for r in (self.model.row_of(i) for i in order_ids) if r is not None]
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        current_row = self.model.row_of(current) if current is not None else None
        if current_row is None and rows:
            current_row = rows[0]
        if current_row is not None:
            selection.setCurrentIndex(
                self.model.index(current_row, 0), selection.SelectionFlag.NoUpdate
            )
            self.view.scrollTo(self.model.index(current_row, 0))
        self._on_selection()

    def _on_selection(self, *args) -> None:
        self.detail.show_selection(self.selected_rows())
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.selected_rows())
        chase = self.filters.is_chase()
        self.buttons["copyChase"].setVisible(chase)
        self.buttons["copyChase"].setEnabled(count == 1)
        self.buttons["copyConfirmation"].setEnabled(count == 1)
        for name in ("printConfirmation", "checkOrders"):
            self.buttons[name].setEnabled(count >= 1)
        self.buttons["mergeOrders"].setEnabled(count >= 2)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _leave_search(self, enter: bool) -> None:
        if self._timer.isActive():
            self.reload()
        if not self.model.rowCount():
            return
        if self.current_id() is None:
            first = self.model.row_at(0).id
            self.select([first], first)
        if enter and self.model.rowCount() == 1:
            self.open_order(self.model.row_at(0).id)
            return
        self.view.setFocus()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_order(self.model.row_at(index.row()).id)

    # -- the editor and the small dialogs -------------------------------------------------------
    def open_order(self, order_id: int | None, paste_text: str = "") -> OrderEditor | None:
        self.editor = open_editor(self._session, order_id, self, paste_text)
        if self.editor is not None:
            self.editor.saved.connect(self._on_saved)
        return self.editor

    def paste_order(self) -> OrderEditor | None:
        return self.open_order(None, QGuiApplication.clipboard().text().strip())

    def _on_saved(self, order_id: int) -> None:
        if self.model.row_of(order_id) is not None:
            self.select([order_id], order_id)
        self._status(_("Order saved."))

    def _status(self, text: str) -> None:
        messages.flash(self, text)

    def _open_dialog(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def open_memos(self) -> QDialog | None:
        order_id = self.current_id()
        if order_id is None or len(self.selected_ids()) > 1:
            return None
        return self._open_dialog(MemoDialog(self._session, order_id, self))

    def move_selected(self, to_status: str) -> QDialog | None:
        ids = self.selected_ids()
        if not ids:
            return None
        if to_status == "shipped":
            return self._open_dialog(ShipDialog(self._session, ids[0], self))
        if to_status == "closed":
            return self._open_dialog(CloseDialog(self._session, ids, self))
        if simple_move(self, self._session, ids, to_status):
            label = next(_(m.label) for m in MOVES if m.to_status == to_status)
            self._status(_("{action}: {count} orders").format(action=label, count=len(ids)))
        return None

    def open_return(self) -> QDialog | None:
        """申请退换货 for the selected order (the Returns feature's dialog)."""
        order_id = self.current_id()
        if order_id is None or len(self.selected_ids()) > 1:
            return None
        dialog = open_return(self, self._session, order_id)
        if dialog is not None:
            self.dialog = dialog
        return dialog

    # -- 催付 ---------------------------------------------------------------------------------
    def copy_chase(self) -> str | None:
        order_id = self.current_id()
        if order_id is None:
            return None
        text = self._session.bus.run_op(self, order_list.chase_text, order_id)
        if text is None:
            return None
        QGuiApplication.clipboard().setText(text)
        self._status(_("Payment reminder copied: paste it in the chat."))
        return text

    # -- the sibling dialogs (confirmation, check, merge, packing list) -------------------------
    def copy_confirmation(self) -> None:
        order_id = self.current_id()
        if order_id is not None:
            sibling("confirm_dialog").copy_confirmation(self, self._session, order_id)

    def print_confirmation(self) -> None:
        ids = self.selected_ids()
        if ids:
            sibling("confirm_dialog").run_confirmation_dialog(self, self._session, ids)

    def check_orders(self) -> list[int]:
        ids = self.selected_ids()
        if not ids:
            return []
        passed = sibling("check_dialog").run_check_dialog(self, self._session, ids)
        if passed:
            self.select(passed, passed[0])
        return passed

    def merge_orders(self) -> bool:
        ids = self.selected_ids()
        return len(ids) >= 2 and bool(sibling("merge_dialog").run_merge_dialog(self, self._session, ids))

    def packing_list(self) -> QDialog | None:
        module = sibling("packing_view")
        dialog = QDialog(self)
        dialog.setObjectName("packingDialog")
        dialog.setWindowTitle(_("Packing list"))
        view = module.PackingView(self._session, dialog)
        QVBoxLayout(dialog).addWidget(view)
        dialog.resize(900, 640)
        return self._open_dialog(dialog)

    def _show_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and index.row() not in {
            i.row() for i in self.view.selectionModel().selectedRows()
        }:
            row_id = self.model.row_at(index.row()).id
            self.select([row_id], row_id)
        menu = self.context_menu()
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        ids = self.selected_ids()
        menu.addAction(_("Open order…"), lambda: self.open_order(self.current_id())).setEnabled(
            len(ids) == 1
        )
        menu.addAction(_("Memo / flag…"), self.open_memos).setEnabled(len(ids) == 1)
        menu.addAction(_("Return / exchange…"), self.open_return).setEnabled(
            self.detail.return_button.isEnabled()
        )
        menu.addSeparator()
        for move in MOVES:
            button = self.detail.buttons[move.to_status]
            action = menu.addAction(
                _(move.label), lambda key=move.to_status: self.move_selected(key)
            )
            action.setEnabled(button.isEnabled())
        menu.addSeparator()
        for name in (
            "copyChase",
            "copyConfirmation",
            "printConfirmation",
            "checkOrders",
            "mergeOrders",
            "packingList",
        ):
            button = self.buttons[name]
            if button.isVisibleTo(self) or name != "copyChase":
                action = menu.addAction(button.text(), button.click)
                action.setEnabled(button.isEnabled())
        return menu
