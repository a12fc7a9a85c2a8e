"""The cases tab of the Returns page: statuses with their counts on the left (the cases waiting
on the shop first), the search (order, case, customer, 旺旺, return tracking number), the list
with the waiting cases tinted, and the selected case on the right with its next steps.

Keyboard: Ctrl+F search (Down/Enter to the list), Enter opens the return note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.core import returns
from desk.core.returns import CaseFilter
from desk.i18n import _
from desk.ui import messages
from desk.ui.customers.list_panel import shortcut
from desk.ui.products.list_panel import SearchBox
from desk.ui.returns.detail_panel import CaseDetailPanel
from desk.ui.returns.list_model import COLUMN_WIDTHS, ITEMS_COLUMN, SHOWN_COLUMNS, CaseListModel
from desk.ui.widgets.list_view import list_view

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

SEARCH_DELAY_MS = 200
WAITING, ALL = "waiting", "all"
LIST_LIMIT = 500  # the newest cases shown; a search finds the others


class CasesPanel(QWidget):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.dialog: QDialog | None = None
        self.statuses = QListWidget()
        self.statuses.setObjectName("caseStatuses")
        self.statuses.setMaximumWidth(140)  # "已换货发出  12" fits; the list gets the rest
        for key in (WAITING, ALL, *returns.STATUSES):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.statuses.addItem(item)
        self.statuses.setCurrentRow(1)
        self.statuses.currentRowChanged.connect(lambda _row: self.reload())
        self.search = SearchBox()
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Order no., case no., name, buyer ID or return tracking no.  Ctrl+F")
        )
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.leave_requested.connect(self._leave_search)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.count = QLabel()
        self.count.setObjectName("caseCount")
        self.count.setStyleSheet("color: #4a5568;")
        self.model = CaseListModel(self)
        self.view = list_view(self.model, "caseList", multi=False)
        self._size_columns()
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._on_selection())
        self.model.modelReset.connect(self._on_selection)
        self.view.activated.connect(lambda _i: self.open_note())
        self.detail = CaseDetailPanel()
        self.detail.setMinimumWidth(320)
        self.detail.step_requested.connect(self.run_step)
        self.detail.note_requested.connect(self.open_note)
        self.detail.order_requested.connect(self.open_order)
        self.detail.postage_requested.connect(self.open_postage)
        shortcut(self, "Ctrl+F", self.focus_search)

        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.count)
        column.addWidget(self.view, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.statuses)
        layout.addWidget(self.splitter, 1)

    def _size_columns(self) -> None:
        """Fit the list beside the case without scrolling sideways: the Items column stretches,
        names and 旺旺 are elided (in full in the tooltip), the status stays in view; the less
        used columns are hidden and shown again from the header's right-click menu."""
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ITEMS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for column, width in enumerate(COLUMN_WIDTHS):
            if width is not None:
                header.resizeSection(column, width)
            if column < 1:
                continue  # the case number is always shown
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            action = QAction(str(title), header)
            action.setCheckable(True)
            action.setChecked(column < SHOWN_COLUMNS)
            action.toggled.connect(lambda on, c=column: self.view.setColumnHidden(c, not on))
            header.addAction(action)
            self.view.setColumnHidden(column, column >= SHOWN_COLUMNS)

    # -- loading ------------------------------------------------------------------------------
    def status_key(self) -> str:
        item = self.statuses.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL

    def set_status(self, key: str) -> None:
        for row in range(self.statuses.count()):
            if self.statuses.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.statuses.setCurrentRow(row)

    def case_filter(self) -> CaseFilter:
        key = self.status_key()
        return CaseFilter(query=self.search.text().strip(),
                          statuses=(key,) if key in returns.STATUS_LABELS else (),
                          waiting_only=key == WAITING)  # fmt: skip

    def reload(self) -> None:
        self._timer.stop()
        current = self.current_id()
        flt = self.case_filter()
        counts = returns.count_by_status(flt)
        self._show_counts(counts)
        rows = returns.list_cases(flt, LIST_LIMIT)
        self.model.set_rows(rows)
        total = max(counts.get(self.status_key(), len(rows)), len(rows))
        if total > len(rows):
            self.count.setText(_("The newest {shown} of {count} cases; search to find others.")
                               .format(shown=len(rows), count=total))  # fmt: skip
        elif rows:
            self.count.setText(_("{count} cases").format(count=len(rows)))
        elif flt.query:
            self.count.setText(_("No case matches {text}.").format(text=flt.query))
        else:
            self.count.setText(_("No cases here. A case is opened from an order: Orders → "
                                 "Return / exchange…."))  # fmt: skip
        self.count.setProperty("total", total)
        if current is not None:
            self.select(current)

    def _show_counts(self, counts: dict[str, int]) -> None:
        for row in range(self.statuses.count()):
            item = self.statuses.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            if key == WAITING:
                label = _("Waiting on the shop")
            elif key == ALL:
                label = _("All")
            else:
                label = returns.status_label(key)
            number = counts.get(key, 0)
            item.setText(f"{label}  {number}" if number else label)
            item.setData(Qt.ItemDataRole.UserRole + 1, number)
            font = item.font()
            font.setBold(key == WAITING and number > 0)
            item.setFont(font)

    def shown_count(self, key: str) -> int:
        """The count shown beside a status (for tests and the status bar)."""
        for row in range(self.statuses.count()):
            item = self.statuses.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                return int(item.data(Qt.ItemDataRole.UserRole + 1) or 0)
        return 0

    # -- selection ----------------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).id

    def select(self, case_id: int) -> bool:
        row = self.model.row_of(case_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.scrollTo(self.model.index(row, 0))
        self._on_selection()
        return True

    def show_case(self, case_id: int) -> None:
        """Show the case whatever the filter (after opening it from an order)."""
        if self.model.row_of(case_id) is None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.set_status(ALL)
            self.reload()
        self.select(case_id)

    def _on_selection(self, *args) -> None:
        self.detail.show_case(self.current_id())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _leave_search(self, enter: bool) -> None:
        if self._timer.isActive():
            self.reload()
        if self.model.rowCount() and self.current_id() is None:
            self.select(self.model.row_at(0).id)
        self.view.setFocus()

    # -- steps --------------------------------------------------------------------------------
    def _status(self, text: str) -> None:
        messages.flash(self, text)

    def _open_dialog(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def run_step(self, key: str) -> QDialog | None:
        """The step `key` of the selected case (fresh from the file: a stale button does
        nothing a second time)."""
        from desk.ui.returns import exchange_dialog, inspect_dialog, step_dialogs

        case_id = self.current_id()
        if case_id is None:
            return None
        case = self._session.bus.run_op(self, returns.get_case, case_id)
        if case is None:
            return None
        self.detail.show_case(case_id)
        if key not in self._allowed(case):
            self._status(_("{number} is already {status}.").format(
                number=case.number, status=returns.status_label(case.status)))  # fmt: skip
            return None
        bus, staff_id = self._session.bus, self._session.desk_person_id()
        if key == "accept":
            bus.run_op(self, returns.accept_request, case_id, staff_id)
        elif key == "receive":
            bus.run_op(self, returns.mark_received, case_id, staff_id)
        elif key == "complete":
            bus.run_op(self, returns.complete, case_id, staff_id)
        elif key == "sent_back":
            return self._open_dialog(step_dialogs.SentBackDialog(self._session, case, self))
        elif key == "reject":
            return self._open_dialog(step_dialogs.RejectDialog(self._session, case, self))
        elif key == "refund":
            return self._open_dialog(step_dialogs.RefundDialog(self._session, case, self))
        elif key == "inspect":
            return self._open_dialog(inspect_dialog.InspectionDialog(self._session, case, self))
        elif key == "exchange":
            dialog = exchange_dialog.ExchangeDialog(self._session, case, self)
            dialog.accepted.connect(lambda d=dialog: self._exchange_sent(d))
            return self._open_dialog(dialog)
        return None

    @staticmethod
    def _allowed(case) -> list[str]:
        from desk.ui.returns.detail_panel import allowed_steps

        return allowed_steps(case)

    def _exchange_sent(self, dialog) -> None:
        if dialog.order_id is None:
            return
        text = _("Exchange order {number} was made. Open it in Orders to print and ship it?"
                 ).format(number=dialog.order_number)  # fmt: skip
        if messages.confirm(self, text, _("Open in Orders")):
            open_in_orders(self, dialog.order_id, dialog.order_number)

    def open_note(self):
        from desk.ui.returns.note_dialog import open_note_dialog

        case_id = self.current_id()
        if case_id is None:
            return None
        self.dialog = open_note_dialog(self, self._session, case_id)
        return self.dialog

    def open_postage(self) -> QDialog | None:
        from desk.ui.returns.step_dialogs import PostageDialog

        case = self.detail.case
        if case is None or not case.is_open:
            return None
        return self._open_dialog(PostageDialog(self._session, case, self))

    def open_order(self) -> None:
        case = self.detail.case
        if case is not None:
            open_in_orders(self, case.order_id, case.order_number)


def open_in_orders(widget: QWidget, order_id: int, number: str) -> bool:
    """Show the order on the Orders page of the main window (False outside one)."""
    from desk.ui.pages import index_of

    window = widget.window()
    if not hasattr(window, "show_page"):
        return False
    page = window.show_page(index_of("orders"))
    search = getattr(page, "search", None)
    if search is None:
        return False
    search.setText(number)
    page.reload()
    page.select([order_id], order_id)
    return True


def show_in_returns(widget: QWidget, case_id: int) -> bool:
    """Show the case on the Returns page of the main window (False outside one)."""
    from desk.ui.pages import index_of

    window = widget.window()
    if not hasattr(window, "show_page"):
        return False
    page = window.show_page(index_of("returns"))
    cases = getattr(page, "cases", None)
    if cases is None:
        return False
    page.tabs.setCurrentWidget(cases)
    cases.show_case(case_id)
    return True
