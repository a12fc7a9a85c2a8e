"""The packing list (配货单) on screen: the items of a day's orders to ship (or of the orders
selected on the page) totalled by 货号/colour/size, sorted by 货号, with 导出 PDF… and 打印….

The day defaults to today: "今天要发的订单" are the paid orders before the ship cut-off
(`packing.orders_to_ship`). The orders page hands its selection over with `set_selection`. The
view listens to the event bus itself: a change to orders refreshes it when visible, or when it is
shown next.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, packing
from desk.i18n import _
from desk.pdf.packing_list import PackingData, PackingItem, render_packing_list
from desk.ui.customers.export_dialog import safe_file_name
from desk.ui.orders import pdf_preview
from desk.ui.widgets.table_model import RIGHT, Column, RowTableModel
from desk.ui.widgets.refresh import RefreshWhenShown

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

SOURCE_DAY, SOURCE_SELECTION = "day", "selection"


def _columns() -> list[Column[PackingItem]]:
    return [
        Column(_("Item code"), lambda i: i.code),
        Column(_("Product name"), lambda i: i.name),
        Column(_("Colour"), lambda i: i.color),
        Column(_("Size"), lambda i: i.size),
        Column(_("Quantity"), lambda i: str(i.quantity), RIGHT),
        Column(_("In orders"), lambda i: str(i.order_count), RIGHT),
    ]


class PackingView(QWidget):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("packingView")
        self._session = session
        self._selection: list[int] = []
        self.data: PackingData | None = None

        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("packingDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.source = QComboBox()
        self.source.setObjectName("packingSource")
        self.source.addItem(_("Orders to ship today"), SOURCE_DAY)
        self.source.addItem(_("Selected orders ({count})").format(count=0), SOURCE_SELECTION)
        self.summary = QLabel()
        self.summary.setObjectName("packingSummary")
        self.export_button = QPushButton(_("Export PDF…"))
        self.export_button.setObjectName("exportPacking")
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("printPacking")
        self.model: RowTableModel[PackingItem] = RowTableModel(_columns(), self)
        self.table = QTableView()
        self.table.setObjectName("packingTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Day:")))
        top.addWidget(self.day)
        top.addWidget(self.source)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

        self.day.dateChanged.connect(lambda _d: self._on_source_changed())
        self.source.currentIndexChanged.connect(lambda _i: self._on_source_changed())
        self.export_button.clicked.connect(self.export_pdf)
        self.print_button.clicked.connect(self.print_list)
        self._watch = RefreshWhenShown(
            self, session.bus, (changes.ORDERS, changes.PRODUCTS, changes.SETTINGS), self.refresh
        )

    # -- what is listed ----------------------------------------------------------------------
    def current_day(self) -> datetime.date:
        return self.day.date().toPython()

    def set_day(self, day: datetime.date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def set_selection(self, order_ids: list[int], show: bool = True) -> None:
        """The orders selected on the page; `show` lists them instead of the day's."""
        self._selection = list(dict.fromkeys(order_ids))
        self.source.setItemText(1, _("Selected orders ({count})").format(
            count=len(self._selection)))  # fmt: skip
        if show:
            self.source.setCurrentIndex(1)
        self._on_source_changed()

    def order_ids(self) -> list[int]:
        if self.source.currentData() == SOURCE_SELECTION:
            return list(self._selection)
        return packing.orders_to_ship(self.current_day())

    def _title(self) -> str:
        if self.source.currentData() == SOURCE_SELECTION:
            return _("Selected orders")
        day = self.current_day()
        if day == datetime.date.today():
            return _("Orders to ship today")
        return _("Orders to ship on {day}").format(day=day.isoformat())

    def _on_source_changed(self) -> None:
        self.day.setEnabled(self.source.currentData() == SOURCE_DAY)
        self.source.setItemText(0, _("Orders to ship today")
                                if self.current_day() == datetime.date.today()
                                else _("Orders to ship on that day"))  # fmt: skip
        self.refresh()

    def refresh(self) -> None:
        self._watch.dirty = False
        self.data = packing.packing_list(self.order_ids(), title=self._title(),
                                         day=self.current_day())  # fmt: skip
        self.model.set_rows(self.data.items)
        self.summary.setText(_("{orders} orders, {pieces} pieces, {kinds} items").format(
            orders=self.data.order_count, pieces=self.data.piece_count,
            kinds=len(self.data.items)))  # fmt: skip
        has_items = bool(self.data.items)
        self.export_button.setEnabled(has_items)
        self.print_button.setEnabled(has_items)



    # -- output ------------------------------------------------------------------------------
    def _pdf(self) -> bytes | None:
        if self.data is None:
            self.refresh()
        assert self.data is not None
        return self._session.bus.run_op(self, render_packing_list, self.data)

    def export_pdf(self) -> None:
        data = self._pdf()
        if data is None:
            return
        stem = safe_file_name(_("packing-list-{day}").format(day=self.current_day().isoformat()))
        path = pdf_preview.choose_pdf_file(self, _("Export the packing list"), stem + ".pdf")
        if path is None:
            return
        written = self._session.bus.run_op(self, pdf_preview.write_pdf, path, data)
        if written is not None:
            self.summary.setText(_("Saved to {path}").format(path=written))

    def print_list(self) -> bool:
        data = self._pdf()
        if data is None:
            return False
        return bool(self._session.bus.run_op(self, pdf_preview.print_pdf, self, data,
                                             _("Packing list")))  # fmt: skip
