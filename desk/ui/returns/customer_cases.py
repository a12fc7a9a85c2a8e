"""The customer card's returns box: the customer's return and exchange cases, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHeaderView, QVBoxLayout, QWidget

from desk.core import returns
from desk.core.money import format_yuan
from desk.core.returns import CaseRow
from desk.i18n import _
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.table_model import RIGHT, Column, RowTableModel


def customer_case_columns() -> list[Column[CaseRow]]:
    return [
        Column(_("Opened at"), lambda r: r.created_at.strftime("%Y-%m-%d")),
        Column(_("Case no."), lambda r: r.number),
        Column(_("Order no."), lambda r: r.order_number),
        Column(_("Kind"), lambda r: returns.kind_label(r.kind)),
        Column(_("Reason"), lambda r: returns.reason_label(r.reason)),
        Column(_("Status"), lambda r: returns.status_label(r.status)),
        Column(_("Refund"), lambda r: format_yuan(r.refund_fen, symbol=True) if r.refund_fen
               else "", RIGHT),
        Column(_("Items"), lambda r: r.summary),
    ]  # fmt: skip


class CustomerCasesBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Returns and exchanges"), parent)
        self.setObjectName("customerCases")
        self.model = RowTableModel(customer_case_columns(), self)
        self.view = list_view(self.model, "customerCaseList", multi=False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        QVBoxLayout(self).addWidget(self.view)

    def show_customer(self, customer_id: int | None) -> None:
        rows = returns.cases_of_customer(customer_id) if customer_id is not None else []
        self.model.set_rows(rows)
        self.setTitle(_("Returns and exchanges ({count})").format(count=len(rows)) if rows
                      else _("Returns and exchanges"))  # fmt: skip
