"""Settings › 客户等级与休眠: the customer tiers (name, at least this many orders, at least this much
spent) and after how many days without a purchase a customer is dormant.

The box saves on its own button (or Enter in the days field); a refused value is shown under the
tiers or the days, and nothing is stored. Unsaved edits survive a refresh of the page (saving
the shop profile does not throw them away).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import customers, money
from desk.core.changes import Changes
from desk.core.customers import CustomerRules, Tier
from desk.core.errors import ValidationError
from desk.i18n import _
from desk.ui.products.widgets import commit_editing
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

NAME, ORDERS, SPENT = range(3)
TierTexts = tuple[str, str, str]


def parse_rules(tiers: list[TierTexts], dormant_days: int) -> CustomerRules:
    """The table's texts as rules (ValidationError at "tiers" for a number that is not one)."""
    parsed = []
    for number, (name, orders, spent) in enumerate(tiers, 1):
        if not (name.strip() or orders.strip() or spent.strip()):
            continue  # an empty line added and left
        orders = orders.strip() or "0"
        if not (orders.isascii() and orders.isdigit()):
            raise ValidationError(
                _("Tier {number}: the number of orders must be a whole number, 0 or more.").format(
                    number=number
                ),
                "tiers",
            )
        label = _("Tier {number}: the amount").format(number=number)
        spent_fen = money.parse_yuan(spent or "0", "tiers", label)
        if spent_fen < 0:
            raise ValidationError(
                _("{label} must be 0 or more.").format(label=label), "tiers"
            )
        parsed.append(Tier(name, int(orders), spent_fen))
    return CustomerRules(tiers=tuple(parsed), dormant_days=dormant_days)


def save_rule_texts(tiers: list[TierTexts], dormant_days: int) -> Changes:
    return customers.save_rules(parse_rules(tiers, dormant_days))


class DaysBox(QSpinBox):
    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()


class CustomerRulesBox(FieldErrorsMixin, QGroupBox):
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Customer tiers and dormancy"), parent)
        self.setObjectName("customerRules")
        self._loaded: tuple[list[TierTexts], int] | None = None
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("tiers")
        self.table.setHorizontalHeaderLabels(
            [_("Tier"), _("At least … orders"), _("At least … spent (¥)")]
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(136)
        self.add_button = QPushButton(_("Add tier"))
        self.add_button.setObjectName("addTier")
        self.add_button.clicked.connect(self.add_tier)
        self.remove_button = QPushButton(_("Remove tier"))
        self.remove_button.setObjectName("removeTier")
        self.remove_button.clicked.connect(self.remove_tier)
        self.days = DaysBox()
        self.days.setObjectName("dormantDays")
        self.days.setRange(1, customers.MAX_DORMANT_DAYS)
        self.days.setSuffix(_(" days"))
        self.days.setMaximumWidth(140)
        self.days.submitted.connect(lambda: self.save_requested.emit())
        self.save_button = QPushButton(_("Save tiers"))
        self.save_button.setObjectName("saveCustomerRules")
        self.save_button.clicked.connect(lambda: self.save_requested.emit())
        hint = QLabel(
            _("A customer gets a tier when both figures are reached; going down the list, the "
              "last tier reached counts. Only paid orders count.")
        )  # fmt: skip
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        self.rows = {
            "tiers": FieldRow(self.table),
            "dormant_days": FieldRow(
                self.days, _("A customer who has bought before and not since is dormant (休眠).")
            ),
        }
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        days = QFormLayout()
        days.addRow(_("Dormant after"), self.rows["dormant_days"])
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.rows["tiers"], 1)
        layout.addLayout(buttons)
        layout.addLayout(days)
        layout.addLayout(bottom)

    # -- contents ---------------------------------------------------------------------------
    def set_rules(self, rules: CustomerRules, *, force: bool = False) -> None:
        """Show `rules`, unless there are unsaved edits (and not `force`)."""
        if not force and self.has_edits():
            return
        self.table.setRowCount(0)
        for tier in rules.tiers:
            self._append(tier.name, str(tier.min_orders), money.format_yuan(tier.min_spent_fen))
        self.days.setValue(rules.dormant_days)
        self._loaded = self.texts()
        self.clear_errors()

    def _append(self, name: str, orders: str, spent: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((name, orders, spent)):
            item = QTableWidgetItem(text)
            if column != NAME:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        return row

    def texts(self) -> tuple[list[TierTexts], int]:
        tiers = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(3)]
            name, orders, spent = (cell.text().strip() if cell else "" for cell in cells)
            tiers.append((name, orders, spent))
        return tiers, self.days.value()

    def has_edits(self) -> bool:
        return self._loaded is not None and self.texts() != self._loaded

    def add_tier(self) -> None:
        row = self._append("", "", "")
        self.table.setCurrentCell(row, NAME)
        self.table.setFocus()
        self.table.editItem(self.table.item(row, NAME))

    def remove_tier(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def commit_editing(self) -> None:
        """Take what is being typed in a cell (Save pressed while a cell is open)."""
        commit_editing(self.table)
