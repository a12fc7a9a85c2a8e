"""The likely duplicates (疑似重复): two customers with the same phone, or the same name at the same
address, side by side with the reason; 合并… opens the field-by-field MergeDialog, 不是同一人 says
they are different people (the pair is not offered again).

The panel listens to the event bus itself: a visible panel reloads when customers change, a hidden
one when it is shown again. Double-clicking a customer's cell opens that customer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, customer_merge
from desk.core.customer_merge import DuplicatePair
from desk.core.customers import CustomerRow
from desk.core.money import format_yuan
from desk.i18n import N_, _
from desk.ui.widgets.list_view import list_view
from desk.ui.customers.merge_dialog import MergeDialog
from desk.ui.widgets.table_model import Column, RowTableModel
from desk.ui.widgets.refresh import RefreshWhenShown

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

REASONS = {"phone": N_("Same phone number"), "name_address": N_("Same name and address")}


def customer_text(row: CustomerRow) -> str:
    """Three short lines: name (nick) / masked phone · region / orders · spent."""
    if row.name and row.nick:
        who = _("{name} ({nick})").format(name=row.name, nick=row.nick)
    else:
        who = row.name or row.nick or _("(no name)")
    where = " · ".join(p for p in (row.phone_masked, row.region) if p)
    bought = _("{count} orders · {spent}").format(
        count=row.order_count, spent=format_yuan(row.total_spent_fen, symbol=True)
    )
    return "\n".join(p for p in (who, where, bought) if p)


def reason_text(pair: DuplicatePair) -> str:
    """What they share, as the service words it (同一手机号 138****5678 / 同名同地址: …)."""
    if pair.detail:
        return pair.detail
    return _(REASONS[pair.reason]) if pair.reason in REASONS else pair.reason


def default_keep(pair: DuplicatePair) -> tuple[int, int]:
    """(keep, other): the one with more orders stays; on a tie the older one (smaller id)."""
    if pair.b.order_count > pair.a.order_count:
        return pair.b_id, pair.a_id
    return pair.a_id, pair.b_id


class DuplicatesPanel(QWidget):
    customer_opened = Signal(int)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicatesPanel")
        self._session = session
        self.hint = QLabel(_(
            "These customers may be the same person. Merge them (nothing of either is lost), "
            "or tell Shop Desk they are different people."
        ))  # fmt: skip
        self.hint.setObjectName("fieldHint")
        self.hint.setWordWrap(True)
        self.model: RowTableModel[DuplicatePair] = RowTableModel(
            (Column(_("Customer"), lambda p: customer_text(p.a)),
             Column(_("Possibly the same as"), lambda p: customer_text(p.b)),
             Column(_("Why"), reason_text)),
            self,
        )  # fmt: skip
        self.view = list_view(self.model, "duplicateList", multi=False, wrap=True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.empty = QLabel(_("No likely duplicates. Customers with the same phone number, or "
                              "the same name at the same address, would be listed here."))  # fmt: skip
        self.empty.setObjectName("pageHint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.hide()

        self.merge_button = QPushButton(_("Merge…"))
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setToolTip(_("Merge the two customers into one (Enter)"))
        self.merge_button.clicked.connect(self.merge_current)
        self.dismiss_button = QPushButton(_("Not the same person"))
        self.dismiss_button.setObjectName("notDuplicateButton")
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self.count = QLabel()
        self.count.setObjectName("fieldHint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.merge_current)
        self._watch = RefreshWhenShown(self, session.bus, (changes.CUSTOMERS,), self.refresh)
        self._update_buttons()

    # -- loading ---------------------------------------------------------------------------


    def refresh(self) -> None:
        self._watch.dirty = False
        row = max(self.view.currentIndex().row(), 0)
        self.model.set_rows(customer_merge.find_duplicates())
        self.view.resizeRowsToContents()
        has_rows = self.model.rowCount() > 0
        self.view.setVisible(has_rows)
        self.hint.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if has_rows:
            self.view.selectRow(min(row, self.model.rowCount() - 1))
        self.count.setText(
            _("{count} pairs").format(count=self.model.rowCount()) if has_rows else ""
        )
        self._update_buttons()

    # -- actions ---------------------------------------------------------------------------
    def current_pair(self) -> DuplicatePair | None:
        index = self.view.currentIndex()
        if not index.isValid() or not 0 <= index.row() < self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def _update_buttons(self) -> None:
        has_pair = self.model.rowCount() > 0
        self.merge_button.setEnabled(has_pair)
        self.dismiss_button.setEnabled(has_pair)

    def merge_current(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        keep, other = default_keep(pair)
        dialog = MergeDialog(self._session, keep, other, self)
        dialog.exec()
        dialog.deleteLater()

    def dismiss_current(self) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        self._session.bus.run_op(self, customer_merge.dismiss_duplicate, pair.a_id, pair.b_id)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        pair = self.model.row_at(index.row())
        if index.column() == 0:
            self.customer_opened.emit(pair.a_id)
        elif index.column() == 1:
            self.customer_opened.emit(pair.b_id)
        else:
            self.merge_current()
