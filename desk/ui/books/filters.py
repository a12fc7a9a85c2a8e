"""The filter row of the ledger: date range, category, account, open/closed days and a text
search (note, order or return number). `filter()` gives the `LedgerFilter` the list asks for."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from desk.core import books
from desk.core.books import AccountInfo, CategoryInfo, LedgerFilter
from desk.i18n import N_, _

SEARCH_DELAY_MS = 200
DATES = (
    ("month", N_("This month")),
    ("today", N_("Today")),
    ("7", N_("Last 7 days")),
    ("30", N_("Last 30 days")),
    ("last_month", N_("Last month")),
    ("", N_("Any date")),
    ("custom", N_("Choose dates…")),
)
STATES = (
    (None, N_("Open and closed days")),
    (False, N_("Open days")),
    (True, N_("Closed days")),
)


def date_range(key: str, today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """The days a date choice covers (None: no bound)."""
    if key == "today":
        return today, today
    if key in ("7", "30"):
        return today - datetime.timedelta(days=int(key) - 1), today
    if key == "month":
        return today.replace(day=1), today
    if key == "last_month":
        last = today.replace(day=1) - datetime.timedelta(days=1)
        return last.replace(day=1), last
    return None, None


class LedgerFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.dates = QComboBox()
        self.dates.setObjectName("ledgerDates")
        for key, label in DATES:
            self.dates.addItem(_(label), key)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-6))
        self.date_to = QDateEdit(today)
        for edit, name in ((self.date_from, "ledgerFrom"), (self.date_to, "ledgerTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._on_changed)
        self.dash = QLabel("–")
        self.category = QComboBox()
        self.category.setObjectName("ledgerCategory")
        self.account = QComboBox()
        self.account.setObjectName("ledgerAccount")
        self.state = QComboBox()
        self.state.setObjectName("ledgerState")
        for value, label in STATES:
            self.state.addItem(_(label), value)
        self.text = QLineEdit()
        self.text.setObjectName("ledgerSearch")
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(_("Note, order or return no.  Ctrl+F"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.set_choices([], [])
        for combo in (self.dates, self.category, self.account, self.state):
            combo.currentIndexChanged.connect(self._on_changed)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.dates, self.date_from, self.dash, self.date_to, self.category,
                       self.account, self.state):  # fmt: skip
            row.addWidget(widget)
        row.addWidget(self.text, 1)
        self._show_dates()

    def set_choices(self, categories: list[CategoryInfo], accounts: list[AccountInfo]) -> None:
        """Fill the category and account choices, keeping what was chosen."""
        for combo, items, everything in (
            (self.category, categories, _("Any category")),
            (self.account, accounts, _("Any account")),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for item in items:
                label = item.name
                if isinstance(item, CategoryInfo):
                    label = f"{item.name} ({books.kind_label(item.kind)})"
                combo.addItem(label, item.id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)

    def date_range(self, today: datetime.date | None = None):
        key = self.dates.currentData()
        if key == "custom":
            return self.date_from.date().toPython(), self.date_to.date().toPython()
        return date_range(key, today or datetime.date.today())

    def filter(self) -> LedgerFilter:
        date_from, date_to = self.date_range()
        category, account = self.category.currentData(), self.account.currentData()
        return LedgerFilter(
            date_from=date_from,
            date_to=date_to,
            category_ids=(category,) if category is not None else (),
            account_ids=(account,) if account is not None else (),
            closed=self.state.currentData(),
            text=self.text.text().strip(),
        )

    def choose_dates(self, key: str) -> None:
        self.dates.setCurrentIndex(max(self.dates.findData(key), 0))

    def _show_dates(self) -> None:
        custom = self.dates.currentData() == "custom"
        for widget in (self.date_from, self.dash, self.date_to):
            widget.setVisible(custom)

    def _on_changed(self, *args) -> None:
        self._show_dates()
        self.changed.emit()
