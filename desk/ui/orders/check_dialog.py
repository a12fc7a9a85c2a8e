"""The pre-print check (审单) on a selection, before labels are printed.

One row per order: 通过 (nothing found), 警告 (print if you are sure: a reprint, an unread red or
yellow memo, another open order to the same phone…) or 不能打印 (not paid, not confirmed, an
incomplete address…), with every reason. Passed and warned orders are ticked; the user unticks
what should wait; blocked ones cannot be ticked. 合并… on a row whose order has mergeable
siblings opens the merge dialog, and the check runs again with the merged order in their place.
继续 returns the ticked ids, in the order given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import order_check
from desk.core.order_check import CheckResult
from desk.i18n import N_, _
from desk.ui.orders.merge_dialog import MergeOrdersDialog

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

VERDICTS = {"pass": N_("Passed"), "warn": N_("Warning"), "block": N_("Cannot print")}
COLORS = {"pass": "#1b7f3b", "warn": "#b36b00", "block": "#c62828"}
COL_ORDER, COL_VERDICT, COL_REASONS, COL_MERGE = range(4)


def verdict(result: CheckResult) -> str:
    if result.blocks:
        return "block"
    return "warn" if result.warnings else "pass"


class CheckDialog(QDialog):
    def __init__(self, session: ShopSession, order_ids: list[int],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("checkDialog")
        self.setWindowTitle(_("Check before printing"))
        self.resize(860, 520)
        self._session = session
        self.order_ids = list(dict.fromkeys(order_ids))
        self.results: list[CheckResult] = []

        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("checkTable")
        self.table.setHorizontalHeaderLabels([_("Order no."), _("Result"), _("Reasons"), ""])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in (COL_ORDER, COL_VERDICT, COL_MERGE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASONS, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._update_go())
        buttons = QDialogButtonBox()
        self.go_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_button.setObjectName("checkGo")
        self.go_button.setDefault(True)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.run_check()

    def run_check(self) -> None:
        self.results = order_check.check_before_print(self.order_ids)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.results))
        for row, result in enumerate(self.results):
            self._fill(row, result)
        self.table.blockSignals(False)
        self.table.resizeRowsToContents()
        counts = {key: sum(verdict(r) == key for r in self.results) for key in VERDICTS}
        self.summary.setText(_("{passed} passed, {warned} with warnings, {blocked} cannot be "
                               "printed. Untick the orders that should wait.").format(
            passed=counts["pass"], warned=counts["warn"], blocked=counts["block"]))  # fmt: skip
        self._update_go()

    def _fill(self, row: int, result: CheckResult) -> None:
        kind = verdict(result)
        number = QTableWidgetItem(result.number or "—")
        number.setData(Qt.ItemDataRole.UserRole, result.order_id)
        if kind == "block":
            number.setFlags(Qt.ItemFlag.ItemIsEnabled)
            number.setCheckState(Qt.CheckState.Unchecked)
        else:
            number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            number.setCheckState(Qt.CheckState.Checked)
        self.table.setItem(row, COL_ORDER, number)
        label = QTableWidgetItem(_(VERDICTS[kind]))
        label.setForeground(QColor(COLORS[kind]))
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        self.table.setItem(row, COL_VERDICT, label)
        reasons = list(result.blocks) + list(result.warnings)
        self.table.setItem(row, COL_REASONS, QTableWidgetItem("\n".join(reasons) or _("OK")))
        if result.merge_with:
            button = QPushButton(_("Merge…"))
            button.setObjectName(f"merge_{result.order_id}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, r=result: self.merge(r))
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(4, 2, 4, 2)
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.table.setCellWidget(row, COL_MERGE, holder)
        else:
            self.table.removeCellWidget(row, COL_MERGE)

    def set_ticked(self, order_id: int, ticked: bool) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_ORDER)
            if item.data(Qt.ItemDataRole.UserRole) == order_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def chosen_ids(self) -> list[int]:
        chosen = []
        for row, result in enumerate(self.results):
            item = self.table.item(row, COL_ORDER)
            if not result.blocks and item.checkState() == Qt.CheckState.Checked:
                chosen.append(result.order_id)
        return chosen

    def _update_go(self) -> None:
        count = len(self.chosen_ids())
        self.go_button.setText(_("Continue with {count} orders").format(count=count))
        self.go_button.setEnabled(count > 0)

    def merge_dialog(self, result: CheckResult) -> MergeOrdersDialog:
        """The merge dialog for a row (tests drive it; `merge` runs it)."""
        return MergeOrdersDialog(self._session, [result.order_id, *result.merge_with], self)

    def merge(self, result: CheckResult) -> None:
        dialog = self.merge_dialog(result)
        try:
            dialog.exec()
            merged = dialog.merged
        finally:
            dialog.deleteLater()
        if merged is not None:
            self.after_merge(merged.id, [result.order_id, *result.merge_with])

    def after_merge(self, main_id: int, merged_ids: list[int]) -> None:
        """The merged orders leave the selection; the order that stays takes the first's place."""
        gone = set(merged_ids)
        ids: list[int] = []
        for order_id in self.order_ids:
            if order_id in gone:
                order_id = main_id
            if order_id not in ids:
                ids.append(order_id)
        self.order_ids = ids
        self.run_check()


def run_check_dialog(parent: QWidget | None, session: ShopSession, order_ids: list[int]) -> list[int]:
    """Check the orders before printing; the ids to go ahead with ([] when cancelled)."""
    dialog = CheckDialog(session, order_ids, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return dialog.chosen_ids()
    finally:
        dialog.deleteLater()
