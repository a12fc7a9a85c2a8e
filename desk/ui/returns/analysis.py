"""退货原因分析: returns over a period by reason, by product and by colour/size, with the return
rate against what was sold. The size advisor of a product hears the 偏小/偏大 counts (Product
handbook → size advisor); the button here opens it for the chosen product."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.core import returns
from desk.core.errors import DomainError
from desk.core.returns import ProductReturns, ReasonAnalysis, ReasonCount
from desk.i18n import N_, _
from desk.ui import messages
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.table_model import RIGHT, Column, RowTableModel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PERIODS = (
    ("30", N_("Last 30 days")),
    ("90", N_("Last 90 days")),
    ("365", N_("Last 12 months")),
    ("custom", N_("Choose dates…")),
)


def _reasons_text(row: ProductReturns) -> str:
    pairs = sorted(row.reasons.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{returns.reason_label(key)} {count}" for key, count in pairs)


def product_columns(with_variant: bool) -> list[Column[ProductReturns]]:
    columns = [
        Column(_("Item code"), lambda r: r.product_code),
        Column(_("Product"), lambda r: r.product_name),
    ]
    if with_variant:
        columns.append(Column(_("Colour/size"), lambda r: f"{r.color}/{r.size}"))
    return columns + [
        Column(_("Sold"), lambda r: str(r.sold), RIGHT),
        Column(_("Returned"), lambda r: str(r.returned), RIGHT),
        Column(_("Rate"), lambda r: f"{r.rate:.0%}" if r.sold else "—", RIGHT),
        Column(_("Reasons"), _reasons_text),
    ]


def reason_columns() -> list[Column[ReasonCount]]:
    return [
        Column(_("Reason"), lambda r: returns.reason_label(r.reason)),
        Column(_("Cases"), lambda r: str(r.cases), RIGHT),
        Column(_("Pieces"), lambda r: str(r.quantity), RIGHT),
    ]


class AnalysisPanel(QWidget):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.result: ReasonAnalysis | None = None
        self.period = QComboBox()
        self.period.setObjectName("analysisPeriod")
        for key, label in PERIODS:
            self.period.addItem(_(label), key)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-29))
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "analysisFrom"), (self.date_to, "analysisTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("analysisSummary")
        self.advisor_button = QPushButton(_("Size advisor…"))
        self.advisor_button.setObjectName("analysisAdvisor")
        self.advisor_button.setToolTip(_("The size advice of the chosen product, with what the "
                                         "returns say about its sizes"))  # fmt: skip
        self.advisor_button.setAutoDefault(False)
        self.advisor_button.clicked.connect(self.open_advisor)
        self.reasons = RowTableModel(reason_columns(), self)
        self.products = RowTableModel(product_columns(False), self)
        self.variants = RowTableModel(product_columns(True), self)
        self.reason_view = list_view(self.reasons, "reasonTable", multi=False)
        self.product_view = list_view(self.products, "productReturns", multi=False)
        self.variant_view = list_view(self.variants, "variantReturns", multi=False)
        for view in (self.reason_view, self.product_view, self.variant_view):
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.horizontalHeader().setStretchLastSection(view is not self.reason_view)
        self.product_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._update_button()
        )
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Period")))
        top.addWidget(self.period)
        top.addWidget(self.date_from)
        self.dash = QLabel("–")
        top.addWidget(self.dash)
        top.addWidget(self.date_to)
        top.addWidget(self.summary, 1)
        top.addWidget(self.advisor_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for title, view in ((_("By reason"), self.reason_view),
                            (_("By product"), self.product_view),
                            (_("By colour and size"), self.variant_view)):  # fmt: skip
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(view)
            splitter.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def dates(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or datetime.date.today()
        key = self.period.currentData()
        if key == "custom":
            return self.date_from.date().toPython(), self.date_to.date().toPython()
        return today - datetime.timedelta(days=int(key) - 1), today

    def refresh(self) -> None:
        custom = self.period.currentData() == "custom"
        for widget in (self.date_from, self.dash, self.date_to):
            widget.setVisible(custom)
        date_from, date_to = self.dates()
        try:
            self.result = returns.reason_analysis(date_from, date_to)
        except DomainError as exc:
            self.result = None
            self.summary.setText(exc.message)
            for model in (self.reasons, self.products, self.variants):
                model.set_rows([])
            self._update_button()
            return
        self.reasons.set_rows(self.result.by_reason)
        self.products.set_rows(self.result.by_product)
        self.variants.set_rows(self.result.by_variant)
        self.summary.setText(
            _("{cases} cases from {start} to {end}").format(
                cases=self.result.cases, start=date_from.isoformat(), end=date_to.isoformat()
            )
        )
        self._update_button()

    def chosen_product(self) -> int | None:
        index = self.product_view.currentIndex()
        if not index.isValid() or index.row() >= self.products.rowCount():
            return None
        return self.products.row_at(index.row()).product_id

    def _update_button(self) -> None:
        self.advisor_button.setEnabled(self.chosen_product() is not None)

    def open_advisor(self):
        from desk.ui.products.advisor import SizeAdvisorDialog

        product_id = self.chosen_product()
        if product_id is None:
            return None
        try:
            dialog = SizeAdvisorDialog(product_id, feedback=returns.size_feedback(product_id),
                                       parent=self)  # fmt: skip
        except DomainError as exc:
            messages.warning(self, exc.message)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
