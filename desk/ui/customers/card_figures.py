"""The card's 购买与回访 tab: the customer's figures (read-only, derived from their orders) and
their follow-ups, with 添加回访…"""

from __future__ import annotations

import datetime
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.core import follow_ups
from desk.core.customers import CustomerDetail, Figures
from desk.core.follow_ups import FollowUpRow
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui.returns.customer_cases import CustomerCasesBox
from desk.ui.widgets.table_model import Column, RowTableModel


def _day(value: datetime.datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def figure_texts(figures: Figures) -> dict[str, str]:
    """The figures as the card shows them."""
    days = figures.days_since_last
    return {
        "orders": str(figures.order_count),
        "spent": format_yuan(figures.total_spent_fen, symbol=True),
        "average": format_yuan(figures.average_fen, symbol=True) if figures.order_count else "—",
        "first": _day(figures.first_order_at),
        "last": _day(figures.last_order_at),
        "days": _("{days} days").format(days=days) if days is not None else "—",
        "tier": figures.tier or "—",
        "dormant": _("Yes") if figures.dormant else _("No"),
    }


def summary_line(detail: CustomerDetail) -> str:
    """One line under the card's title: orders · spent · last purchase · tier."""
    f = detail.figures
    if not f.order_count:
        parts = [_("No purchases yet")]
    else:
        parts = [
            _("{count} orders").format(count=f.order_count),
            _("{amount} in total").format(amount=format_yuan(f.total_spent_fen, symbol=True)),
            _("last bought {days} days ago").format(days=f.days_since_last),
        ]
    if f.tier:
        parts.append(f.tier)
    if f.dormant:
        parts.append(_("Dormant"))
    if detail.blacklisted:
        parts.append(_("On the blacklist"))
    return " · ".join(parts)


def _labels() -> dict[str, str]:
    return {
        "orders": _("Orders"),
        "spent": _("Total spent"),
        "average": _("Average order"),
        "first": _("First purchase"),
        "last": _("Last purchase"),
        "days": _("Days since last purchase"),
        "tier": _("Tier"),
        "dormant": _("Dormant"),
    }


class FollowUpsModel(RowTableModel[FollowUpRow]):
    def __init__(self, parent=None):
        super().__init__(
            [
                Column(_("Due"), lambda r: r.due_date.isoformat()),
                Column(_("Reason"), lambda r: r.reason_text or r.reason_label),
                Column(_("Status"), lambda r: follow_ups.status_label(r.status)),
                Column(_("Note"), lambda r: r.note),
                Column(_("By"), lambda r: r.staff_name),
            ],
            parent,
        )


class FiguresTab(QWidget):
    add_follow_up_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        box = QGroupBox(_("Purchases"))
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        for i, (key, title) in enumerate(_labels().items()):
            name = QLabel(title)
            name.setObjectName("fieldHint")
            value = QLabel("—")
            value.setObjectName(f"figure_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            grid.addWidget(name, i // 4 * 2, i % 4)
            grid.addWidget(value, i // 4 * 2 + 1, i % 4)
        self.model = FollowUpsModel(self)
        self.view = QTableView()
        self.view.setObjectName("cardFollowUps")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(_("Add follow-up…"))
        self.add_button.setObjectName("addFollowUp")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_follow_up_requested.emit())
        self.hint = QLabel()
        self.hint.setObjectName("fieldHint")
        follow_box = QGroupBox(_("Follow-ups"))
        follow_layout = QVBoxLayout(follow_box)
        follow_layout.addWidget(self.view, 1)
        line = QHBoxLayout()
        line.addWidget(self.add_button)
        line.addWidget(self.hint, 1)
        follow_layout.addLayout(line)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(follow_box, 1)
        self.cases = CustomerCasesBox()
        layout.addWidget(self.cases, 1)

    def show_customer(self, detail: CustomerDetail | None) -> None:
        if detail is None:
            for value in self.values.values():
                value.setText("—")
            self.model.set_rows([])
            self.add_button.setEnabled(False)
            self.hint.setText(_("Follow-ups can be planned once the customer is saved."))
            self.cases.show_customer(None)
            return
        for key, text in figure_texts(detail.figures).items():
            self.values[key].setText(text)
        self.reload_follow_ups(detail.id)
        self.cases.show_customer(detail.id)
        self.add_button.setEnabled(True)
        self.hint.setText("")

    def reload_follow_ups(self, customer_id: int) -> None:
        self.model.set_rows(follow_ups.customer_follow_ups(customer_id))
