"""产品手册: the products (list, handbook page, editor, size advisor) and the quick replies.

The quick replies panel (`desk.ui.replies.panel`) and the Excel dialogs
(`desk.ui.products.io_dialogs`) are imported when first needed, so this page works (and is
tested) whether or not they are installed yet.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from desk.core import changes, returns
from desk.core.changes import Changes
from desk.core.errors import DomainError
from desk.core.products import delete_product
from desk.i18n import _
from desk.ui import messages
from desk.ui.products.advisor import SizeAdvisorDialog
from desk.ui.products.editor import ProductEditor, open_editor
from desk.ui.products.list_panel import ProductsTab
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

IO_DIALOGS = "desk.ui.products.io_dialogs"
REPLIES_PANEL = "desk.ui.replies.panel"


def _module(name: str):
    """The module `name`, or None when it is not installed (a feature not landed yet)."""
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)


class ProductsPage(Page):
    KINDS = (changes.PRODUCTS, changes.STOCK, changes.REPLIES)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Product handbook"), parent)
        self._session = session
        self.editor: ProductEditor | None = None
        self.advisor: SizeAdvisorDialog | None = None
        self.products = ProductsTab(session)
        self.products.open_requested.connect(self.open_editor)
        self.products.advisor_requested.connect(self.open_advisor)
        self.products.delete_requested.connect(self.delete_product)
        self.products.import_requested.connect(self.import_excel)
        self.products.export_requested.connect(self.export_excel)
        has_io = _module(IO_DIALOGS) is not None
        for name in ("importExcel", "exportExcel"):
            self.products.buttons[name].setEnabled(has_io)
        self.replies = self._replies_panel(session, self._reply_context)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("productsTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.products, _("Products"))
        self.tabs.addTab(self.replies, _("Quick replies"))
        self.layout_.addWidget(self.tabs, 1)

    @staticmethod
    def _replies_panel(session: ShopSession, context) -> QWidget:
        module = _module(REPLIES_PANEL)
        if module is None:
            label = QLabel(_("The quick replies will be here."))
            label.setObjectName("pageHint")
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            return label
        return module.RepliesPanel(session, context)

    def _reply_context(self) -> dict[str, object]:
        """For the quick replies: {货号} and {尺码表} come from the product selected here."""
        product_id = self.products.current_id()
        if product_id is None:
            return {}
        row = self.products.model.row_at(self.products.model.row_of(product_id))
        return {"product_id": product_id, "货号": row.code}

    def on_changes(self, done: Changes) -> None:
        # the quick replies panel listens to the bus itself; the products tab reloads only for
        # changes to products or stock
        if done.concerns(changes.PRODUCTS, changes.STOCK):
            super().on_changes(done)

    def refresh(self) -> None:
        self.products.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.tabs.currentWidget() is self.products:
            self.products.focus_search()

    def show_low_stock(self) -> None:
        """The products on sale with a low-stock colour/size (other filters cleared): the
        products of Today's low-stock variants."""
        self.tabs.setCurrentWidget(self.products)
        self.products.clear_filters()
        self.products.status.setCurrentIndex(self.products.status.findData("on_sale"))
        self.products.low_only.setChecked(True)

    def current_context(self) -> tuple[int | None, int | None, int | None]:
        """(customer id, order id, product id) selected here, for a problem entry."""
        if self.tabs.currentWidget() is not self.products:
            return (None, None, None)
        return (None, None, self.products.current_id())

    # -- dialogs ----------------------------------------------------------------------------
    def open_editor(self, product_id: int | None) -> ProductEditor | None:
        self.editor = open_editor(self._session, product_id, self)
        if self.editor is not None:
            self.editor.saved.connect(self._on_saved)
        return self.editor

    def _on_saved(self, product_id: int) -> None:
        """Show the product just saved (the list already reloaded on the change)."""
        tab = self.products
        if tab.model.row_of(product_id) is None:  # filtered out: show everything again
            tab.clear_filters()
        tab.select(product_id)
        tab.show_detail_again()

    def open_advisor(self, product_id: int) -> SizeAdvisorDialog | None:
        try:
            feedback = returns.size_feedback(product_id)  # 偏小/偏大 from the returns
            dialog = SizeAdvisorDialog(product_id, feedback=feedback, parent=self)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.advisor = dialog
        return dialog

    def delete_product(self, product_id: int) -> bool:
        """Delete after asking; a product with orders is refused (the service says: off shelf)."""
        row = self.products.model.row_at(self.products.model.row_of(product_id))
        question = _(
            "Delete {code} {name}? Its colours and sizes, stock log, size chart and "
            "photos are deleted with it. This cannot be undone."
        ).format(code=row.code, name=row.name)
        if not messages.confirm(self, question, _("Delete")):
            return False
        if self._session.bus.run_op(self, delete_product, product_id) is None:
            return False
        messages.flash(self, _("{code} deleted.").format(code=row.code))
        return True

    def import_excel(self) -> None:
        module = _module(IO_DIALOGS)
        if module is not None:
            module.open_import_dialog(self, self._session)

    def export_excel(self, product_ids: list[int] | None) -> None:
        module = _module(IO_DIALOGS)
        if module is not None:
            module.export_products(self, self._session, product_ids)
