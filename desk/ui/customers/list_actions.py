"""What can be done with the customers selected in the list (the right-click menu and buttons):
groups, a follow-up, merging two, deleting, exporting, bulk SMS; and the import.

The import, export, SMS, follow-up and merge dialogs live in their own modules, imported when
first used, so the list works (and is tested) whether or not they are installed yet.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMenu

from desk.core import customers
from desk.core.changes import Changes
from desk.core.customers import CustomerRow
from desk.db.connection import db
from desk.i18n import _
from desk.ui import messages
from desk.ui.customers.group_colors import dot_icon

if TYPE_CHECKING:
    from desk.ui.customers.list_panel import CustomerListPanel
    from desk.ui.session import ShopSession

PACKAGE = "desk.ui.customers"


def sibling(name: str) -> ModuleType:
    """`desk.ui.customers.<name>`, imported when first used (the page itself loads fast)."""
    return importlib.import_module(f"{PACKAGE}.{name}")


def delete_customers(customer_ids: Iterable[int]) -> Changes:
    """Delete every one of them or none (one with orders stops the lot, with its name)."""
    done = Changes()
    with db.atomic():
        for customer_id in customer_ids:
            done |= customers.delete_customer(customer_id)
    return done


def who(row: CustomerRow) -> str:
    if row.name and row.nick:
        return _("{name} ({nick})").format(name=row.name, nick=row.nick)
    return row.name or row.nick


class ListActions(QObject):
    def __init__(self, panel: CustomerListPanel, session: ShopSession):
        super().__init__(panel)
        self.panel = panel
        self._session = session

    # -- the menu ---------------------------------------------------------------------------
    def context_menu(self) -> QMenu | None:
        """The right-click menu for the selected customers (built apart from showing it)."""
        rows = self.panel.selected_rows()
        if not rows:
            return None
        menu = QMenu(self.panel)
        menu.setObjectName("customerMenu")
        if len(rows) == 1:
            opened = menu.addAction(_("Open card"), lambda: self.panel.open_requested.emit(rows[0].id))
            opened.setShortcut("Return")
            menu.addSeparator()
        groups = customers.list_groups()
        add = menu.addMenu(_("Add to group"))
        add.setObjectName("addToGroupMenu")
        for group in groups:
            add.addAction(dot_icon(group.color), group.name,
                          lambda gid=group.id: self.add_to_group(gid))  # fmt: skip
        names = {name for row in rows for name in row.groups}
        remove = menu.addMenu(_("Remove from group"))
        remove.setObjectName("removeFromGroupMenu")
        for group in groups:
            if group.name in names:
                remove.addAction(dot_icon(group.color), group.name,
                                 lambda gid=group.id: self.remove_from_group(gid))  # fmt: skip
        remove.setEnabled(bool(names))
        menu.addSeparator()
        follow = menu.addAction(_("Add follow-up…"), self.add_follow_up)
        follow.setEnabled(len(rows) == 1)
        merge = menu.addAction(_("Merge…"), self.merge)
        merge.setEnabled(len(rows) == 2)
        if len(rows) != 2:
            merge.setToolTip(_("Select exactly two customers to merge them."))
        menu.addSeparator()
        menu.addAction(_("Export selected…"), self.export_selected)
        menu.addAction(_("Bulk SMS…"), self.sms_selected)
        menu.addSeparator()
        delete = menu.addAction(_("Delete…"), self.delete_selected)
        delete.setShortcut("Del")
        return menu

    # -- groups -----------------------------------------------------------------------------
    def add_to_group(self, group_id: int) -> bool:
        ids = self.panel.selected_ids()
        if not ids:
            return False
        return self._session.bus.run_op(self.panel, customers.add_to_group, ids, group_id) is not None

    def remove_from_group(self, group_id: int) -> bool:
        ids = self.panel.selected_ids()
        if not ids:
            return False
        done = self._session.bus.run_op(self.panel, customers.remove_from_group, ids, group_id)
        return done is not None

    # -- one or two customers ---------------------------------------------------------------
    def add_follow_up(self) -> bool:
        module = sibling("follow_ups")
        customer_id = self.panel.current_id()
        if customer_id is None:
            return False
        return module.add_follow_up_dialog(self.panel, self._session, customer_id)

    def merge(self) -> bool:
        rows = self.panel.selected_rows()
        module = sibling("merge_dialog")
        if len(rows) != 2:
            return False
        # the one with more orders (then the older one) stays; the dialog can swap them
        keep, other = sorted(rows, key=lambda r: (-r.order_count, r.id))
        dialog = module.MergeDialog(self._session, keep.id, other.id, self.panel)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    def delete_selected(self) -> bool:
        rows = self.panel.selected_rows()
        if not rows:
            return False
        if len(rows) == 1:
            question = _(
                "Delete customer {name}? Their phones, addresses, groups, tags and follow-ups "
                "are deleted with them. This cannot be undone."
            ).format(name=who(rows[0]))
        else:
            question = _(
                "Delete the {count} selected customers? Their phones, addresses, groups, tags "
                "and follow-ups are deleted with them. This cannot be undone."
            ).format(count=len(rows))
        if not messages.confirm(self.panel, question, _("Delete")):
            return False
        ids = [r.id for r in rows]
        return self._session.bus.run_op(self.panel, delete_customers, ids) is not None

    # -- many customers ---------------------------------------------------------------------
    def _listed_ids(self) -> list[int]:
        query = self.panel.query()
        return customers.customer_ids(query.text, query.view, query.group_id)

    def _listed_title(self) -> str:
        query = self.panel.query()
        title = self.panel.view_title()
        if query.text:
            return _("{view}, search {text}").format(view=title, text=query.text)
        return title

    def export_listed(self) -> None:
        ids = self._listed_ids()
        if ids:
            sibling("export_dialog").run_export_dialog(self.panel, self._session, ids, self._listed_title())

    def export_selected(self) -> None:
        ids = self.panel.selected_ids()
        if ids:
            title = _("{count} selected customers").format(count=len(ids))
            sibling("export_dialog").run_export_dialog(self.panel, self._session, ids, title)

    def sms(self) -> None:
        """For the selected customers when several are selected, else for all listed."""
        ids = self.panel.selected_ids()
        self._sms(ids if len(ids) > 1 else self._listed_ids())

    def sms_selected(self) -> None:
        self._sms(self.panel.selected_ids())

    def _sms(self, ids: list[int]) -> None:
        if ids:
            sibling("sms_dialog").run_sms_dialog(self.panel, self._session, ids)

    def import_customers(self) -> None:
        sibling("import_dialog").run_import_dialog(self.panel, self._session)
