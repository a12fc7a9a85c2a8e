"""Tracking numbers (录单号): the orders to ship, one number box per row. A barcode scanner types
like a keyboard: scan → Enter gives the order its number (tracking.assign) and the cursor goes to
the next order. A number that does not fit the courier's pattern is recorded with a warning
beside it (never blocking); a number another order has is refused there, the box keeps the text
selected for the next scan. 从单号段取号 gives every order without a number the next number of
its courier's ranges; 一键发货 ships every order that has one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, order_list, orders, settings, tracking
from desk.core.changes import Changes
from desk.core.errors import DomainError
from desk.i18n import N_, _
from desk.ui import messages

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

LIST_LIMIT = 2000
COLUMNS = (N_("Order no."), N_("Customer"), N_("Courier"), N_("Status"), N_("Tracking no."),
           N_("Check"))  # fmt: skip
COL_NUMBER, COL_NOTE = 4, 5
WARN, BAD, GOOD = "#b36b00", "#c62828", "#1b7f3b"


class TrackingPanel(QWidget):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.rows: list[orders.OrderRow] = []
        self.boxes: list[QLineEdit] = []
        self.own_change = False  # the page skips rebuilding while our own change goes round
        hint = QLabel(_("Scan or type a tracking number and press Enter: the next order is "
                        "ready for the next scan."))  # fmt: skip
        hint.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("trackingTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.from_range = QPushButton(_("Numbers from a range"))
        self.from_range.setObjectName("trackingFromRange")
        self.from_range.setToolTip(_("Give every order without a number the next number of its "
                                     "courier's range (单号段)"))  # fmt: skip
        self.from_range.clicked.connect(self.fill_from_ranges)
        self.ship = QPushButton(_("Ship all with numbers"))
        self.ship.setObjectName("trackingShip")
        self.ship.clicked.connect(self.ship_all)
        self.summary = QLabel()
        self.summary.setObjectName("trackingSummary")
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.from_range)
        buttons.addWidget(self.ship)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        wanted = order_list.OrderFilter(statuses=tracking.ASSIGNABLE)
        self.rows = list(reversed(order_list.list_orders(wanted, limit=LIST_LIMIT)))  # oldest first
        self.boxes = []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            texts = (row.number, row.customer_name, settings.courier_name(row.courier) if
                     row.courier else "", orders.status_label(row.status))  # fmt: skip
            for c, text in enumerate(texts):
                self.table.setItem(r, c, QTableWidgetItem(text))
            box = QLineEdit(row.tracking_no)
            box.setObjectName(f"tracking_{row.id}")
            box.returnPressed.connect(lambda r=r: self.enter(r))
            self.table.setCellWidget(r, COL_NUMBER, box)
            self.boxes.append(box)
            self.table.setItem(r, COL_NOTE, QTableWidgetItem(""))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(COL_NUMBER, 180)

    def box_of(self, order_id: int) -> QLineEdit:
        return self.boxes[next(r for r, row in enumerate(self.rows) if row.id == order_id)]

    def note(self, row: int) -> str:
        return self.table.item(row, COL_NOTE).text()

    def _say(self, row: int, text: str, color: str) -> None:
        item = self.table.item(row, COL_NOTE)
        item.setText(text)
        item.setForeground(QColor(color))
        item.setToolTip(text)

    def _broadcast(self, done: Changes) -> None:
        self.own_change = True
        try:
            self._session.bus.broadcast(done)
        finally:
            self.own_change = False

    def enter(self, row: int) -> bool:
        """The number in row `row` was typed or scanned (Enter)."""
        box = self.boxes[row]
        text = box.text().strip()
        order = self.rows[row]
        if not text:
            self._next(row)
            return False
        try:
            assigned, done = tracking.assign(order.id, text, None, self._session.desk_person_id())
        except DomainError as exc:
            self._say(row, exc.message, BAD)
            QApplication.beep()
            box.selectAll()
            box.setFocus()
            return False
        box.setText(assigned.tracking_no)
        if assigned.warning:
            self._say(row, assigned.warning, WARN)
        else:
            self._say(row, _("OK"), GOOD)
        self._broadcast(done)
        self._next(row)
        return True

    def _next(self, row: int) -> None:
        if row + 1 < len(self.boxes):
            box = self.boxes[row + 1]
            self.table.scrollToItem(self.table.item(row + 1, 0))
            box.setFocus()
            box.selectAll()

    def fill_from_ranges(self) -> int:
        """Every order without a number gets the next one of its courier's ranges."""
        given = 0
        done = Changes()
        for r, (row, box) in enumerate(zip(self.rows, self.boxes, strict=True)):
            if box.text().strip():
                continue
            try:
                assigned, more = tracking.assign_from_range(row.id, None,
                                                            self._session.desk_person_id())  # fmt: skip
            except DomainError as exc:
                self._say(r, exc.message, BAD)
                messages.warning(self, exc.message)
                break
            box.setText(assigned.tracking_no)
            self._say(
                r, assigned.warning or _("From the range"), WARN if assigned.warning else GOOD
            )
            done |= more
            given += 1
        self._broadcast(done)
        self.summary.setText(_("{count} numbers taken from the ranges.").format(count=given))
        return given

    def ship_all(self) -> tracking.ShipReport | None:
        """一键发货: every listed order that has a number becomes 已发货."""
        ids = [row.id for row, box in zip(self.rows, self.boxes, strict=True) if box.text().strip()]
        if not ids:
            messages.information(self, _("No order in the list has a tracking number yet."))
            return None
        result = self._session.bus.run_op(self, tracking.ship_with_numbers, ids,
                                          self._session.desk_person_id())  # fmt: skip
        if result is None:
            return None
        report, _done = result
        parts = [_("{count} orders shipped.").format(count=len(report.shipped))]
        for number, why in report.failed:
            parts.append(
                _("Order {number} was not shipped: {reason}").format(number=number, reason=why)
            )
        if report.without_number:
            parts.append(_("Without a number, left as they were: {numbers}").format(
                numbers="、".join(report.without_number)))  # fmt: skip
        text = "\n".join(parts)
        self.summary.setText(text)
        messages.information(self, text)
        return report


__all__ = ["TrackingPanel", "changes"]
