"""Who the order is for: search the address book (name, buyer ID, phone digits, pinyin) with a
popup of matches, or smart-paste what the buyer sent in the chat (`customers.paste.PastePanel`).

`customer_chosen(id)` when a customer is picked; `parsed(ParsedAddress)` after a paste, for the
editor to fill the address snapshot (and, on save, to find or create the customer)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk.core import customers
from desk.core.customers import CustomerRow
from desk.i18n import _
from desk.ui.customers.paste import PastePanel

SEARCH_DELAY_MS = 120
SUGGESTIONS = 12
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def customer_text(row: CustomerRow) -> str:
    name = row.name or row.nick
    if row.name and row.nick:
        name = f"{row.name} ({row.nick})"
    return "  ".join(p for p in (name, row.phone_masked, row.region) if p)


class CustomerPicker(QWidget):
    customer_chosen = Signal(object)  # a customer id, or None when cleared
    parsed = Signal(object)  # a ParsedAddress from the paste box

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.customer_id: int | None = None
        self.search = QLineEdit()
        self.search.setObjectName("customerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Find a customer: name, buyer ID, phone digits or pinyin"))
        self.matches = QStandardItemModel(self)
        self.completer = QCompleter(self.matches, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(SUGGESTIONS)
        self.completer.setWidget(self.search)
        self.completer.activated[QModelIndex].connect(self._on_activated)
        self.search.textEdited.connect(lambda _text: self._timer.start())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.suggest)
        self.chosen = QLabel()
        self.chosen.setObjectName("chosenCustomer")
        self.chosen.setStyleSheet("color: #1a4fb8;")
        self.clear_button = QPushButton(_("Another customer"))
        self.clear_button.setObjectName("clearCustomer")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear)
        self.paste = PastePanel()
        self.paste.parsed.connect(self.parsed)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.search, 1)
        line.addWidget(self.chosen, 1)
        line.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(line)
        layout.addWidget(self.paste)
        self._show_chosen(None)

    def suggest(self) -> list[CustomerRow]:
        """Fill the popup with the customers matching what is typed, and show it."""
        self._timer.stop()
        text = self.search.text().strip()
        self.matches.clear()
        if not text:
            self.completer.popup().hide()
            return []
        rows = customers.search_customers(text, limit=SUGGESTIONS)
        for row in rows:
            item = QStandardItem(customer_text(row))
            item.setData(row.id, ID_ROLE)
            item.setEditable(False)
            self.matches.appendRow(item)
        if rows:
            self.completer.complete()
        else:
            self.completer.popup().hide()
        return rows

    def _on_activated(self, index: QModelIndex) -> None:
        customer_id = index.data(ID_ROLE)
        if customer_id is not None:
            self.choose(int(customer_id))

    def choose(self, customer_id: int | None, text: str | None = None) -> None:
        self.customer_id = customer_id
        if customer_id is not None and text is None:
            detail = customers.get_customer(customer_id)
            text = detail.display_name
        self._show_chosen(text)
        self.customer_chosen.emit(customer_id)

    def clear(self) -> None:
        self.choose(None)
        self.search.clear()
        self.search.setFocus()

    def _show_chosen(self, text: str | None) -> None:
        chosen = self.customer_id is not None
        self.search.setVisible(not chosen)
        self.chosen.setVisible(chosen)
        self.clear_button.setVisible(chosen)
        self.chosen.setText(_("Customer: {name}").format(name=text or ""))
