"""The 产品 tab: search and filters, the list of products, the handbook page of the selected one.

Keyboard: Ctrl+F to the search box (Down or Enter from there to the list), Ctrl+N a new product,
Enter or double-click opens the editor, Ctrl+Shift+S the size advisor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.core import products
from desk.i18n import _
from desk.models.products import PRODUCT_STATUSES
from desk.ui.widgets.list_view import list_view
from desk.ui.products.detail_view import ProductDetailView
from desk.ui.products.list_model import ListQuery, ProductListModel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

SEARCH_DELAY_MS = 150


class SearchBox(QLineEdit):
    """Down or Enter moves on to the list (`leave_requested`)."""

    leave_requested = Signal(bool)  # True when Enter (open if one result)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.leave_requested.emit(False)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.leave_requested.emit(True)
            return
        super().keyPressEvent(event)


def _shortcut(parent: QWidget, keys, slot) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut


class ProductsTab(QWidget):
    open_requested = Signal(object)  # a product id, or None for a new product
    advisor_requested = Signal(int)
    delete_requested = Signal(int)
    import_requested = Signal()
    export_requested = Signal(object)  # list of ids, or None for all
    current_changed = Signal(object)  # product id or None

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.search = SearchBox()
        self.search.setObjectName("productSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Search by item code, name or pinyin initials (e.g. lyq)  Ctrl+F")
        )
        self.search.textChanged.connect(self._schedule)
        self.search.leave_requested.connect(self._leave_search)
        self.category = QComboBox()
        self.category.setObjectName("categoryFilter")
        self.category.setMinimumContentsLength(8)
        self.category.currentIndexChanged.connect(self.reload)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(_("All statuses"), None)
        for status in PRODUCT_STATUSES:
            self.status.addItem(products.status_label(status), status)
        self.status.currentIndexChanged.connect(self.reload)
        self.low_only = QCheckBox(_("Low stock only"))
        self.low_only.setObjectName("lowStockOnly")
        self.low_only.toggled.connect(self.reload)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)

        self.model = ProductListModel(self)
        self.view = list_view(self.model, "productList")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._on_activated)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.detail = ProductDetailView()
        self.count = QLabel()
        self.count.setObjectName("fieldHint")

        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip, slot in (
            ("newProduct", _("New product"), "Ctrl+N", lambda: self.open_requested.emit(None)),
            ("editProduct", _("Edit"), _("Enter or double-click"), self._open_current),
            ("sizeAdvisor", _("Size advisor"), "Ctrl+Shift+S", self._advise),
            ("deleteProduct", _("Delete…"), "Delete", self._delete),
            ("importExcel", _("Import Excel…"), "", self.import_requested.emit),
            (
                "exportExcel",
                _("Export Excel…"),
                _("Exports all products, or only the selected rows when several are selected."),
                self._export,
            ),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[name] = button
        _shortcut(self, "Ctrl+F", self.focus_search)
        _shortcut(self, "Ctrl+N", lambda: self.open_requested.emit(None))
        _shortcut(self, "Ctrl+Shift+S", self._advise)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.category, 1)
        filters.addWidget(self.status)
        filters.addWidget(self.low_only)
        actions = QHBoxLayout()
        for name in ("newProduct", "editProduct", "sizeAdvisor", "deleteProduct"):
            actions.addWidget(self.buttons[name])
        actions.addStretch(1)
        actions.addWidget(self.buttons["importExcel"])
        actions.addWidget(self.buttons["exportExcel"])
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)
        self._update_buttons()

    # -- loading ----------------------------------------------------------------------------
    def query(self) -> ListQuery:
        return ListQuery(
            self.search.text().strip(),
            self.category.currentData(),
            self.status.currentData(),
            self.low_only.isChecked(),
        )

    def refresh(self) -> None:
        """Categories and rows again (after a change), keeping the filters and the selection."""
        chosen = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(_("All categories"), None)
        for name in products.categories():
            self.category.addItem(name, name)
        self.category.setCurrentIndex(max(self.category.findData(chosen), 0))
        self.category.blockSignals(False)
        self.reload()
        self.show_detail_again()

    def clear_filters(self) -> None:
        for widget in (self.search, self.category, self.status, self.low_only):
            widget.blockSignals(True)
        self.search.clear()
        self.category.setCurrentIndex(0)
        self.status.setCurrentIndex(0)
        self.low_only.setChecked(False)
        for widget in (self.search, self.category, self.status, self.low_only):
            widget.blockSignals(False)
        self.reload()

    def _schedule(self) -> None:
        self._timer.start()

    def reload(self) -> None:
        self._timer.stop()
        current = self.current_id()
        self.model.reload(self.query())
        self.select(current)
        if self.current_id() is None and self.model.rowCount():
            self.select(self.model.row_at(0).id)
        if self.current_id() is None:
            self._on_current_changed()

    def select(self, product_id: int | None) -> None:
        row = self.model.row_of(product_id) if product_id is not None else None
        if row is None:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())
            return
        self.view.selectRow(row)
        self.view.setCurrentIndex(self.model.index(row, 0))

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).id

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows]

    def _update_count(self) -> None:
        n = self.model.rowCount()
        if self.model.canFetchMore():
            text = _("The first {count} products; scroll down for more.").format(count=n)
        elif n == 0 and self.query() != ListQuery():
            text = _("No product matches. Try fewer letters, or clear the filters.")
        elif n == 0:
            text = _("No products yet. Ctrl+N adds one, or import them from Excel.")
        else:
            text = _("{count} products").format(count=n)
        self.count.setText(text)

    # -- actions ----------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _leave_search(self, enter: bool) -> None:
        if self._timer.isActive():  # Enter before the list caught up with the typing
            self.reload()
        if enter and self.model.rowCount() == 1:
            self.select(self.model.row_at(0).id)
            self._open_current()
            return
        if self.model.rowCount():
            if self.current_id() is None:
                self.select(self.model.row_at(0).id)
            self.view.setFocus()

    def _on_activated(self, index) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row_at(index.row()).id)

    def _open_current(self) -> None:
        product_id = self.current_id()
        if product_id is not None:
            self.open_requested.emit(product_id)

    def _advise(self) -> None:
        product_id = self.current_id()
        if product_id is not None:
            self.advisor_requested.emit(product_id)

    def _delete(self) -> None:
        product_id = self.current_id()
        if product_id is not None:
            self.delete_requested.emit(product_id)

    def _export(self) -> None:
        ids = self.selected_ids()
        self.export_requested.emit(ids if len(ids) > 1 else None)

    def _on_current_changed(self, *args) -> None:
        product_id = self.current_id()
        if product_id != self.detail.product_id or product_id is None:
            self.detail.show_product(product_id)
        self._update_buttons()
        self.current_changed.emit(product_id)

    def show_detail_again(self) -> None:
        self.detail.show_product(self.current_id())

    def _update_buttons(self) -> None:
        chosen = self.current_id() is not None
        self.buttons["editProduct"].setEnabled(chosen)
        self.buttons["sizeAdvisor"].setEnabled(chosen)
        self.buttons["deleteProduct"].setEnabled(chosen)
