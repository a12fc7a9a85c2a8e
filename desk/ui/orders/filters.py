"""The filter row of the orders page: status tabs (with the 催付 view at the end), flag, date
range, courier, printed or not. `filter(query)` gives the `OrderFilter` the list asks for.
`FixedListBanner` names a list opened from Today (not a filter) and leads back to all orders."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from desk.core import orders, settings
from desk.core.order_list import OrderFilter
from desk.i18n import N_, _
from desk.models.orders import FLAGS, ORDER_STATUSES
from desk.ui.orders.list_model import flag_icon, flag_name

CHASE = "chase"  # the 催付 tab: unpaid for more than 12 hours
NO_FLAG = "none"
DATES = (
    ("", N_("Any date")),
    ("today", N_("Today")),
    ("7", N_("Last 7 days")),
    ("30", N_("Last 30 days")),
    ("custom", N_("Choose dates…")),
)


class FilterBar(QWidget):
    changed = Signal()
    #: the tab already chosen was clicked again (e.g. 全部 while a list from Today is shown)
    same_tab_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tabs = QTabBar()
        self.tabs.setObjectName("statusTabs")
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        self._tab_keys: list[str] = [""]
        self.tabs.addTab(_("All"))
        for status in ORDER_STATUSES:
            if status in orders.STATUS_LABELS:
                self.tabs.addTab(orders.status_label(status))
                self._tab_keys.append(status)
        self.tabs.addTab(_("To chase (unpaid > 12 h)"))
        self._tab_keys.append(CHASE)
        self.tabs.setTabToolTip(
            len(self._tab_keys) - 1, _("Orders unpaid for more than 12 hours, oldest first")
        )
        self.tabs.currentChanged.connect(self._on_changed)
        self.tabs.tabBarClicked.connect(self._on_tab_clicked)

        self.flag = QComboBox()
        self.flag.setObjectName("flagFilter")
        self.flag.addItem(_("Any flag"), "")
        self.flag.addItem(_("No flag"), NO_FLAG)
        for key in FLAGS:
            self.flag.addItem(flag_icon(key), flag_name(key), key)
            self.flag.setItemData(
                self.flag.count() - 1, orders.flag_label(key), Qt.ItemDataRole.ToolTipRole
            )
        self.dates = QComboBox()
        self.dates.setObjectName("dateFilter")
        for key, label in DATES:
            self.dates.addItem(_(label), key)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-6))
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "dateFrom"), (self.date_to, "dateTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._on_changed)
        self.dash = QLabel("–")
        self.courier = QComboBox()
        self.courier.setObjectName("courierFilter")
        self.courier.addItem(_("Any courier"), "")
        for code in settings.COURIERS:
            self.courier.addItem(settings.courier_name(code), code)
        self.printed = QComboBox()
        self.printed.setObjectName("printedFilter")
        self.printed.addItem(_("Printed or not"), None)
        self.printed.addItem(_("Label printed"), True)
        self.printed.addItem(_("Not printed"), False)
        for combo in (self.flag, self.dates, self.courier, self.printed):
            combo.currentIndexChanged.connect(self._on_changed)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.flag,
            self.dates,
            self.date_from,
            self.dash,
            self.date_to,
            self.courier,
            self.printed,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.tabs)
        layout.addLayout(row)
        self._show_dates()

    # -- reading ------------------------------------------------------------------------------
    def status_key(self) -> str:
        return self._tab_keys[self.tabs.currentIndex()]

    def is_chase(self) -> bool:
        return self.status_key() == CHASE

    def set_status(self, key: str) -> None:
        self.tabs.setCurrentIndex(self._tab_keys.index(key))

    def date_range(self, today: datetime.date | None = None):
        today = today or datetime.date.today()
        key = self.dates.currentData()
        if key == "today":
            return today, today
        if key in ("7", "30"):
            return today - datetime.timedelta(days=int(key) - 1), today
        if key == "custom":
            return self.date_from.date().toPython(), self.date_to.date().toPython()
        return None, None

    def filter(self, query: str = "") -> OrderFilter:
        status = self.status_key()
        flag = self.flag.currentData()
        date_from, date_to = self.date_range()
        return OrderFilter(
            query=query,
            statuses=(status,) if status and status != CHASE else (),
            flags=() if not flag else ((None,) if flag == NO_FLAG else (flag,)),
            date_from=date_from,
            date_to=date_to,
            courier=self.courier.currentData() or "",
            printed=self.printed.currentData(),
        )

    def set_filter(self, f: OrderFilter) -> None:
        """Show `f` (one status as the tab, flag, dates, courier, printed); `changed` once."""
        widgets = (
            self.tabs,
            self.flag,
            self.dates,
            self.date_from,
            self.date_to,
            self.courier,
            self.printed,
        )
        for widget in widgets:
            widget.blockSignals(True)
        try:
            status = f.statuses[0] if len(f.statuses) == 1 else ""
            self.tabs.setCurrentIndex(
                self._tab_keys.index(status) if status in self._tab_keys else 0
            )
            flag = "" if not f.flags else (NO_FLAG if f.flags == (None,) else f.flags[0])
            self.flag.setCurrentIndex(max(self.flag.findData(flag), 0))
            if f.date_from or f.date_to:
                self.dates.setCurrentIndex(self.dates.findData("custom"))
                self.date_from.setDate(QDate(f.date_from or f.date_to))
                self.date_to.setDate(QDate(f.date_to or f.date_from))
            else:
                self.dates.setCurrentIndex(0)
            self.courier.setCurrentIndex(max(self.courier.findData(f.courier or ""), 0))
            printed = [
                i for i in range(self.printed.count()) if self.printed.itemData(i) == f.printed
            ]
            self.printed.setCurrentIndex(printed[0] if printed else 0)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._on_changed()

    def set_chase_count(self, count: int) -> None:
        text = _("To chase (unpaid > 12 h)")
        self.tabs.setTabText(len(self._tab_keys) - 1, f"{text} {count}" if count else text)

    # -- reacting -----------------------------------------------------------------------------
    def _show_dates(self) -> None:
        custom = self.dates.currentData() == "custom"
        for widget in (self.date_from, self.dash, self.date_to):
            widget.setVisible(custom)
        others = not self.is_chase()
        for widget in (self.flag, self.dates, self.courier, self.printed):
            widget.setEnabled(others)

    def _on_tab_clicked(self, index: int) -> None:
        if index == self.tabs.currentIndex():
            self.same_tab_clicked.emit()

    def _on_changed(self, *args) -> None:
        self._show_dates()
        self.changed.emit()


class FixedListBanner(QFrame):
    """正在显示：缺少快递单号（15 个订单） [显示全部订单] — above a list opened from Today."""

    show_all = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fixedListBanner")
        self.setStyleSheet(
            "#fixedListBanner { background: #ebf8ff; border: 1px solid #90cdf4;"
            " border-radius: 6px; }"
        )
        self.label = QLabel()
        self.label.setObjectName("fixedListLabel")
        self.label.setStyleSheet("font-weight: 600; color: #2c5282;")
        self.button = QPushButton(_("Show all orders"))
        self.button.setObjectName("showAllOrders")
        self.button.setToolTip(
            _(
                "Leave this list for all orders. Typing in the search box, or choosing a tab or "
                "a filter, also goes back to all orders."
            )
        )
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.show_all)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.setVisible(False)
