"""The customer list of the Customers page: live search, order, the list, the count.

Keyboard: Ctrl+F to the search box (Down or Enter from there to the list), Ctrl+N a new
customer, Ctrl+Shift+V a new customer from the address on the clipboard (智能识别), Enter or
double-click opens the card, Delete deletes the selected customers (after asking).
Phone numbers are masked until 显示号码 is switched on; it is off whenever the app starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import customers
from desk.i18n import N_, _
from desk.ui.widgets.list_view import list_view
from desk.ui.customers.list_actions import ListActions
from desk.ui.customers.list_model import CustomerListModel, CustomerQuery
from desk.ui.products.list_panel import SearchBox

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

SEARCH_DELAY_MS = 150
ORDER_LABELS = (
    (customers.ORDER_RECENT, N_("Last purchase")),
    (customers.ORDER_NAME, N_("Name (pinyin)")),
    (customers.ORDER_SPENT, N_("Total spent")),
    (customers.ORDER_ADDED, N_("Newest added")),
)
COLUMN_WIDTHS = (72, 112, 102, 136, 100, 80, 48, 90, 92, 70)


def shortcut(parent: QWidget, keys, slot) -> QShortcut:
    made = QShortcut(QKeySequence(keys), parent)
    made.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    made.activated.connect(slot)
    return made


class CustomerListPanel(QWidget):
    open_requested = Signal(object)  # a customer id, or None for a new customer
    paste_requested = Signal()  # a new customer from the clipboard (智能识别)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._view = customers.VIEW_ALL
        self._group_id: int | None = None
        self.title = QLabel(_("All customers"))
        self.title.setObjectName("customerViewTitle")
        self.title.setStyleSheet("font-size: 12pt; font-weight: 600; color: #1a202c;")
        self.count = QLabel()
        self.count.setObjectName("customerCount")
        self.count.setStyleSheet("color: #4a5568;")

        self.search = SearchBox()
        self.search.setObjectName("customerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Name, buyer ID, any digits of a phone, pinyin (zs) or address  Ctrl+F")
        )
        self.search.textChanged.connect(self._schedule)
        self.search.leave_requested.connect(self._leave_search)
        self.order = QComboBox()
        self.order.setObjectName("customerOrder")
        self.order.setToolTip(_("Order of the list"))
        for key, label in ORDER_LABELS:
            self.order.addItem(_(label), key)
        self.order.currentIndexChanged.connect(self.reload)
        self.show_phones = QPushButton(_("Show numbers"))
        self.show_phones.setObjectName("showPhones")
        self.show_phones.setCheckable(True)
        self.show_phones.setAutoDefault(False)
        self.show_phones.setToolTip(
            _("Phone numbers are hidden in the list (138****5678) so nobody reads them over "
              "your shoulder. Hidden again when Shop Desk restarts.")
        )  # fmt: skip
        self.show_phones.toggled.connect(self._on_show_phones)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)

        self.model = CustomerListModel(self)
        self.view = list_view(self.model, "customerList")
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        self.view.activated.connect(self._on_activated)
        self.model.modelReset.connect(self._update_buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.actions = ListActions(self, session)

        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip, slot in (
            ("newCustomer", _("New customer"), "Ctrl+N", lambda: self.open_requested.emit(None)),
            (
                "pasteCustomer",
                _("Smart paste"),
                _("A new customer from a name, phone and address copied from the chat "
                  "(Ctrl+Shift+V)"),
                lambda: self.paste_requested.emit(),
            ),
            ("importCustomers", _("Import…"), _("From a Taobao order export or any table"),
             self.actions.import_customers),
            ("exportCustomers", _("Export…"),
             _("The customers listed now (this group and search) to Excel or CSV"),
             self.actions.export_listed),
            ("smsCustomers", _("Bulk SMS…"),
             _("A text message for the selected customers, or for all listed now"),
             self.actions.sms),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
        shortcut(self, "Ctrl+F", self.focus_search)
        shortcut(self, "Ctrl+N", lambda: self.open_requested.emit(None))
        shortcut(self, "Ctrl+Shift+V", lambda: self.paste_requested.emit())
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.actions.delete_selected)

        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.count)
        heading.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.order)
        filters.addWidget(self.show_phones)
        actions = QHBoxLayout()
        for name in ("newCustomer", "pasteCustomer"):
            actions.addWidget(self.buttons[name])
        actions.addStretch(1)
        for name in ("importCustomers", "exportCustomers", "smsCustomers"):
            actions.addWidget(self.buttons[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        self._update_buttons()

    # -- what is listed ---------------------------------------------------------------------
    def set_view(self, view: str, group_id: int | None, title: str) -> None:
        self._view, self._group_id = view, group_id
        self.title.setText(title)
        self.reload()

    def view_title(self) -> str:
        return self.title.text()

    def query(self) -> CustomerQuery:
        return CustomerQuery(
            self.search.text().strip(), self._view, self._group_id, self.order.currentData()
        )

    def _schedule(self) -> None:
        self._timer.start()

    def reload(self) -> None:
        """The first page again for the current search, view and order, keeping the selection."""
        self._timer.stop()
        chosen = self.selected_ids()
        current = self.current_id()
        query = self.query()
        self.model.reload(query)
        self._update_count(query)
        self.select(chosen, current)

    def _update_count(self, query: CustomerQuery) -> None:
        total = customers.count_customers(query.text, query.view, query.group_id)
        if total:
            self.count.setText(_("{count} customers").format(count=f"{total:,}"))
        elif query.text:
            self.count.setText(_("No customer matches {text}.").format(text=query.text))
        elif query.view == customers.VIEW_ALL:
            self.count.setText(
                _("No customers yet: Ctrl+N adds one, Ctrl+Shift+V adds one from a copied "
                  "address, or import a Taobao order export.")
            )  # fmt: skip
        else:
            self.count.setText(_("Nobody here yet."))
        self.count.setProperty("total", total)

    def select(self, customer_ids: list[int], current: int | None = None) -> None:
        self.view.clearSelection()
        rows = [r for r in (self.model.row_of(cid) for cid in customer_ids) if r is not None]
        selection = self.view.selectionModel()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        current_row = self.model.row_of(current) if current is not None else None
        if current_row is None and rows:
            current_row = rows[0]
        if current_row is not None:
            selection.setCurrentIndex(
                self.model.index(current_row, 0), selection.SelectionFlag.NoUpdate
            )
        self._update_buttons()

    def select_one(self, customer_id: int) -> bool:
        if self.model.row_of(customer_id) is None:
            return False
        self.select([customer_id], customer_id)
        self.view.scrollTo(self.model.index(self.model.row_of(customer_id), 0))
        return True

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).id

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows if r < self.model.rowCount()]

    def selected_rows(self):
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows if r < self.model.rowCount()]

    # -- actions ----------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _leave_search(self, enter: bool) -> None:
        if self._timer.isActive():  # Enter before the list caught up with the typing
            self.reload()
        if not self.model.rowCount():
            return
        if self.current_id() is None:
            first = self.model.row_at(0).id
            self.select([first], first)
        if enter and self.model.rowCount() == 1:
            self.open_requested.emit(self.model.row_at(0).id)
            return
        self.view.setFocus()

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row_at(index.row()).id)

    def _on_show_phones(self, show: bool) -> None:
        self.model.set_show_phones(show)
        self.show_phones.setText(_("Hide numbers") if show else _("Show numbers"))

    def _update_buttons(self, *args) -> None:
        self.buttons["exportCustomers"].setEnabled(self.model.rowCount() > 0)
        self.buttons["smsCustomers"].setEnabled(self.model.rowCount() > 0)

    def _show_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and index.row() not in {
            i.row() for i in self.view.selectionModel().selectedRows()
        }:
            self.select([self.model.row_at(index.row()).id], self.model.row_at(index.row()).id)
        menu = self.actions.context_menu()
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))
