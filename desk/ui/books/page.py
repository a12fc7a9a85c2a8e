"""账本: the ledger with its filters and totals, quick entry by keyboard, the automatic entries
waiting to be confirmed, the closed days, and the close-day (日结) and monthly report dialogs.

Keyboard: Ctrl+E quick entry (Enter saves), Ctrl+F search, Enter/double-click edits the entry
(on a closed day: offers an adjusting entry), Delete deletes an entry of an open day, Ctrl+K
closes the day, Ctrl+Shift+A adds an adjusting entry for the selected closed entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core import books, changes
from desk.core.books import EntryRow
from desk.core.errors import DomainError, ValidationError
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui import messages
from desk.ui.books.close_dialog import CloseDayDialog, run_close_dialog
from desk.ui.books.closed_days import ClosedDaysPanel
from desk.ui.books.entry_dialog import EntryDialog, adjusting_entry, edit_entry
from desk.ui.books.filters import LedgerFilterBar
from desk.ui.books.ledger_model import LedgerModel
from desk.ui.books.month_dialog import MonthReportDialog, run_month_dialog
from desk.ui.books.pending import PendingPanel
from desk.ui.books.quick_entry import QuickEntry
from desk.ui.customers.list_panel import shortcut
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

#: Date, type, category, account, amount; the note (5) takes the room left, the link (6) is
#: sized here, who entered it (7) to its contents.
COLUMN_WIDTHS = (118, 56, 90, 80, 90, 260, 150)
NOTE_COLUMN, PERSON_COLUMN = 5, 7


class BooksPage(Page):
    KINDS = (changes.BOOKS, changes.ORDERS, changes.RETURNS, changes.LABELS, changes.SETTINGS,
             changes.STAFF)  # fmt: skip

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Books"), parent)
        self._session = session
        self.dialog: QDialog | None = None
        self.quick = QuickEntry(session)
        self.quick.saved.connect(self._on_entry_saved)
        quick_box = QGroupBox(_("New entry (Ctrl+E; Enter saves)"))
        QVBoxLayout(quick_box).addWidget(self.quick)
        self.pending = PendingPanel(session)
        self.filters = LedgerFilterBar()
        self.filters.changed.connect(self.reload)
        self.model = LedgerModel(self)
        self.view = list_view(self.model, "ledger")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PERSON_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.view.activated.connect(self._on_activated)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.totals = QLabel()
        self.totals.setObjectName("ledgerTotals")
        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip, slot in (
            ("closeDay", _("Close the day…"), _("日结: check the balances and lock the day "
                                                "(Ctrl+K)"), self.close_day),
            ("monthReport", _("Monthly report…"), _("Sales, refunds, conversion and top products "
                                                    "of a month"), self.month_report),
            ("editEntry", _("Edit…"), _("Edit the selected entry (Enter)"), self.edit_selected),
            ("deleteEntry", _("Delete"), _("Delete the selected entry (Delete)"),
             self.delete_selected),
            ("adjustEntry", _("Adjusting entry…"),
             _("A correction for a closed day, written on an open day (Ctrl+Shift+A)"),
             self.adjust_selected),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
        shortcut(self, "Ctrl+E", self.quick.focus_first)
        shortcut(self, "Ctrl+F", self._focus_search)
        shortcut(self, "Ctrl+K", self.close_day)
        shortcut(self, "Ctrl+Shift+A", self.adjust_selected)
        delete = shortcut(self.view, "Delete", self.delete_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.closed_days = ClosedDaysPanel()
        self.closed_days.open_requested.connect(self.close_day)
        ledger = QWidget()
        column = QVBoxLayout(ledger)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(quick_box)
        column.addWidget(self.pending)
        column.addWidget(self.filters)
        actions = QHBoxLayout()
        actions.addWidget(self.totals, 1)
        for name in ("editEntry", "deleteEntry", "adjustEntry"):
            actions.addWidget(self.buttons[name])
        column.addLayout(actions)
        column.addWidget(self.view, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("booksTabs")
        self.tabs.addTab(ledger, _("Ledger"))
        self.tabs.addTab(self.closed_days, _("Closed days"))
        top = QHBoxLayout()
        self.day_state = QLabel()
        self.day_state.setObjectName("dayState")
        top.addWidget(self.day_state, 1)
        top.addWidget(self.buttons["monthReport"])
        top.addWidget(self.buttons["closeDay"])
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.tabs, 1)

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        categories = books.list_categories()
        accounts = books.list_accounts(include_archived=True)
        settings = books.get_settings()
        self.filters.set_choices(categories, accounts)
        self.quick.set_choices(categories, accounts, settings.postage_account_id)
        self.pending.refresh()
        self.closed_days.refresh()
        self.reload()

    def reload(self) -> None:
        chosen = self.current_entry()
        try:
            page = books.list_entries(self.filters.filter())
        except (ValidationError, DomainError) as exc:
            self.model.set_rows([])
            self.totals.setText(exc.message)
            return
        self.model.set_rows(page.rows)
        text = _("{count} entries · income {income} · expenses {expense} · net {net}").format(
            count=f"{page.total_count:,}", income=format_yuan(page.income_fen, symbol=True),
            expense=format_yuan(page.expense_fen, symbol=True),
            net=format_yuan(page.net_fen, symbol=True))  # fmt: skip
        if page.truncated:
            text += "  " + _("(the newest {shown} shown; narrow the filters to see the rest)"
                             ).format(shown=f"{len(page.rows):,}")  # fmt: skip
        self.totals.setText(text)
        if chosen is not None:
            self.select(chosen.id)
        self._show_day_state()

    def _show_day_state(self) -> None:
        day = self.quick.day.date().toPython()
        if books.is_closed(day):
            text = _("{day} is closed (日结): its entries are locked.").format(day=day.isoformat())
        else:
            text = _("{day} is open.").format(day=day.isoformat())
        per_day = self.pending.count_by_day()
        if per_day:
            text += "  " + _("Automatic entries to confirm: {days}").format(days=_("; ").join(
                _("{day} {count}").format(day=d.strftime("%m-%d"), count=n)
                for d, n in per_day))  # fmt: skip
        self.day_state.setText(text)

    # -- selection ----------------------------------------------------------------------------
    def current_entry(self) -> EntryRow | None:
        index = self.view.currentIndex()
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        if not index.isValid() or index.row() not in rows or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row is None:
            return
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))

    def _update_buttons(self, *args) -> None:
        entry = self.current_entry()
        self.buttons["editEntry"].setEnabled(entry is not None and not entry.closed)
        self.buttons["deleteEntry"].setEnabled(entry is not None and not entry.closed)
        self.buttons["adjustEntry"].setEnabled(entry is not None and entry.closed)

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filters.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.text.selectAll()

    def _on_entry_saved(self, row: EntryRow) -> None:
        self._status(
            _("Saved: {category} {amount}").format(
                category=row.category_name, amount=format_yuan(row.amount_fen, symbol=True)
            )
        )

    def _status(self, text: str) -> None:
        messages.flash(self, text)

    # -- entry actions --------------------------------------------------------------------------
    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.view.selectRow(index.row())
            self.edit_selected()

    def edit_selected(self) -> EntryDialog | None:
        entry = self.current_entry()
        if entry is None:
            return None
        if entry.closed:
            if messages.confirm(self, _("{day} is closed: its entries can no longer be changed. "
                                        "Add an adjusting entry on an open day instead?").format(
                    day=entry.day.isoformat()), _("Adjusting entry…")):  # fmt: skip
                return self.adjust_selected()
            return None
        self.dialog = edit_entry(self, self._session, entry)
        return self.dialog

    def delete_selected(self) -> bool:
        entry = self.current_entry()
        if entry is None:
            return False
        if entry.closed:
            messages.information(self, _("{day} is closed: its entries can no longer be deleted. "
                                         "Add an adjusting entry instead.").format(
                day=entry.day.isoformat()))  # fmt: skip
            return False
        text = _("Delete {category} {amount} of {day}?").format(
            category=entry.category_name, amount=format_yuan(entry.amount_fen, symbol=True),
            day=entry.day.isoformat())  # fmt: skip
        if entry.automatic:
            text += "\n" + _("It is an automatic entry: it will be proposed again.")
        if not messages.confirm(self, text, _("Delete")):
            return False
        done = self._session.bus.run_op(self, books.delete_entry, entry.id,
                                        self._session.desk_person_id())  # fmt: skip
        return done is not None

    def adjust_selected(self) -> EntryDialog | None:
        entry = self.current_entry()
        if entry is None or not entry.closed:
            return None
        self.dialog = adjusting_entry(self, self._session, entry.day, entry)
        return self.dialog

    # -- the day and the month ------------------------------------------------------------------
    def close_day(self, day=None) -> CloseDayDialog:
        day = day if day else None
        self.dialog = run_close_dialog(self, self._session, day)
        return self.dialog

    def month_report(self) -> MonthReportDialog:
        self.dialog = run_month_dialog(self, self._session)
        return self.dialog
