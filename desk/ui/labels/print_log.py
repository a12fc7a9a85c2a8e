"""打印记录: every print (who, when, which template and printer, which orders), reprints marked
补打 with their reason; the search box finds an order number, template, person, printer or
reason."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import labels
from desk.i18n import N_, _

SEARCH_DELAY_MS = 200
COLUMNS = (N_("Time"), N_("Template"), N_("Printer"), N_("Staff"), N_("Reprint"),
           N_("Orders"), N_("Not printed"))  # fmt: skip


class PrintLogPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[labels.PrintLogRow] = []
        self.search = QLineEdit()
        self.search.setObjectName("printLogSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Order no., template, staff, printer or reason"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("printLogTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.rows = labels.print_log(self.search.text())
        self.table.setRowCount(len(self.rows))
        titles = {info.name: info.title for info in labels.list_templates()}
        for r, row in enumerate(self.rows):
            reprint = _("Reprint: {reason}").format(reason=row.reason) if row.reprint else ""
            texts = (row.at.strftime("%Y-%m-%d %H:%M"), titles.get(row.template, row.template),
                     row.printer, row.staff_name, reprint, "、".join(row.orders),
                     "、".join(row.failed))  # fmt: skip
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c == 6 and text:
                    item.setForeground(QColor("#c62828"))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def cell(self, row: int, column: int) -> str:
        return self.table.item(row, column).text()
