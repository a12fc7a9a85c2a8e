"""客户: the customer address book — the groups sidebar on the left; on the right the customer
list, or the follow-up queue (待回访), or the likely duplicates (疑似重复).

The follow-up and duplicates panels are imported when first shown (`desk.ui.customers.follow_ups`
and `duplicates`), so the page works whether or not they are installed yet. They listen to the
event bus themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from desk.core import changes, customers
from desk.core.customers import GroupInfo
from desk.i18n import _
from desk.ui import messages
from desk.ui.customers.card import CustomerCard, open_card
from desk.ui.customers.group_dialog import GroupDialog
from desk.ui.customers.list_actions import sibling
from desk.ui.customers.list_panel import CustomerListPanel
from desk.ui.customers.sidebar import DUPLICATES, FOLLOW_UPS, LIST, Entry, GroupSidebar
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PANELS = {FOLLOW_UPS: ("follow_ups", "FollowUpPanel"), DUPLICATES: ("duplicates", "DuplicatesPanel")}


class CustomersPage(Page):
    KINDS = (changes.CUSTOMERS, changes.SETTINGS, changes.ORDERS)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Customers"), parent)
        self._session = session
        self.card: CustomerCard | None = None
        self.group_dialog: GroupDialog | None = None
        self.panels: dict[str, QWidget] = {}
        self.sidebar = GroupSidebar()
        self.sidebar.setMinimumWidth(190)
        self.sidebar.entry_chosen.connect(self._on_entry_chosen)
        self.sidebar.add_requested.connect(self.add_group)
        self.sidebar.edit_requested.connect(self.edit_group)
        self.sidebar.delete_requested.connect(self.delete_group)
        self.sidebar.move_requested.connect(self.move_group)
        self.list = CustomerListPanel(session)
        self.list.open_requested.connect(self.open_card)
        self.list.paste_requested.connect(self.paste_customer)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.splitter = QSplitter()
        self.splitter.setObjectName("customersSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([210, 800])
        self.splitter.setChildrenCollapsible(False)
        self.layout_.addWidget(self.splitter, 1)

    # -- loading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Counts again; the list again for the line chosen (its name may have changed)."""
        if self.sidebar.set_counts(customers.sidebar_counts()):
            return  # the sidebar chose a line, which loaded it
        entry = self.sidebar.current_entry()
        if entry is not None and entry.kind == LIST:
            self.list.set_view(entry.view, entry.group_id, entry.title)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stack.currentWidget() is self.list:
            self.list.focus_search()

    def _on_entry_chosen(self, entry: Entry) -> None:
        if entry.kind == LIST:
            self.stack.setCurrentWidget(self.list)
            self.list.set_view(entry.view, entry.group_id, entry.title)
            return
        panel = self._panel(entry.kind)
        self.stack.setCurrentWidget(panel)

    def _panel(self, kind: str) -> QWidget:
        panel = self.panels.get(kind)
        if panel is not None:
            return panel
        module_name, class_name = PANELS[kind]
        panel = getattr(sibling(module_name), class_name)(self._session)
        panel.customer_opened.connect(self.open_card)
        self.panels[kind] = panel
        self.stack.addWidget(panel)
        return panel

    def show_view(self, key: str) -> None:
        """Choose a sidebar line by key ("all", "group:5", "follow_ups", …)."""
        self.sidebar.choose(key)

    def current_context(self) -> tuple[int | None, int | None, int | None]:
        """(customer id, order id, product id) selected here, for a problem entry."""
        if self.stack.currentWidget() is not self.list:
            return (None, None, None)
        return (self.list.current_id(), None, None)

    # -- the card ---------------------------------------------------------------------------
    def open_card(self, customer_id: int | None, paste_text: str = "") -> CustomerCard | None:
        self.card = open_card(self._session, customer_id, self, paste_text)
        if self.card is not None:
            self.card.saved.connect(self._on_saved)
        return self.card

    def paste_customer(self) -> CustomerCard | None:
        """A new customer from the name, phone and address on the clipboard (智能识别)."""
        text = QGuiApplication.clipboard().text().strip()
        return self.open_card(None, text)

    def _on_saved(self, customer_id: int) -> None:
        if self.stack.currentWidget() is self.list:
            self.list.select_one(customer_id)
        messages.flash(self, _("Customer saved."))

    # -- groups -----------------------------------------------------------------------------
    def add_group(self) -> GroupDialog:
        return self._group_dialog(None)

    def edit_group(self, group: GroupInfo) -> GroupDialog:
        return self._group_dialog(group)

    def _group_dialog(self, group: GroupInfo | None) -> GroupDialog:
        dialog = GroupDialog(self._session, group, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if group is None:
            dialog.saved.connect(lambda gid: self.sidebar.choose(f"group:{gid}"))
        dialog.open()
        self.group_dialog = dialog
        return dialog

    def delete_group(self, group: GroupInfo) -> bool:
        question = _(
            "Delete the group {name}? Its {count} customers are not deleted; they only leave "
            "the group."
        ).format(name=group.name, count=group.count)
        if not messages.confirm(self, question, _("Delete group")):
            return False
        return self._session.bus.run_op(self, customers.delete_group, group.id) is not None

    def move_group(self, group_id: int, step: int) -> bool:
        return self._session.bus.run_op(self, customers.move_group, group_id, step) is not None
