"""Quick entry (记一笔) with the keyboard only: date, category, account, amount, note, Enter.

The category is typed: 快 (or kdf) becomes 快递费 when the field is left, and the list under the
field shows what matches. Enter in any field saves; a refused value is shown at its field and
nothing is saved. After a save the amount and note are emptied and the cursor goes back to the
category (its text selected: type the next one, or Tab to keep it).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desk.core import books
from desk.core.books import AccountInfo, CategoryInfo, EntryDraft, EntryRow
from desk.core.changes import Changes
from desk.core.errors import ValidationError
from desk.i18n import _
from desk.ui.books.choices import find_named, resolve_category
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def add_typed_entry(
    day: datetime.date,
    category_text: str,
    categories: list[CategoryInfo],
    account_id: int | None,
    amount: str,
    note: str,
    staff_id: int | None,
) -> tuple[EntryRow, Changes]:
    """Resolve the typed category, then add the entry (every refusal names its field)."""
    category = resolve_category(category_text, categories)
    if account_id is None:
        raise ValidationError(_("Choose an account."), "account")
    draft = EntryDraft(day=day, category_id=category.id, account_id=account_id, amount=amount,
                       note=note)  # fmt: skip
    return books.add_entry(draft, staff_id)


class QuickEntry(FieldErrorsMixin, QWidget):
    saved = Signal(object)  # the EntryRow written

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("quickEntry")
        self._session = session
        self.categories: list[CategoryInfo] = []
        self.accounts: list[AccountInfo] = []
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("entryDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.category = QLineEdit()
        self.category.setObjectName("entryCategory")
        self.category.setPlaceholderText(_("Category (type 快 for 快递费)"))
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.category.setCompleter(completer)
        self.category.editingFinished.connect(self._complete_category)
        self.account = QComboBox()
        self.account.setObjectName("entryAccount")
        self.amount = QLineEdit()
        self.amount.setObjectName("entryAmount")
        self.amount.setPlaceholderText(_("Amount (¥)"))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.note = QLineEdit()
        self.note.setObjectName("entryNote")
        self.note.setPlaceholderText(_("Note (what for, which supplier…)"))
        self.note.setMaxLength(books.MAX_NOTE)
        self.save_button = QPushButton(_("Add entry"))
        self.save_button.setObjectName("saveEntry")
        self.save_button.setToolTip(_("Save the entry (Enter in any field)"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.rows = {
            "day": FieldRow(self.day),
            "category": FieldRow(self.category),
            "account": FieldRow(self.account),
            "amount": FieldRow(self.amount),
            "note": FieldRow(self.note),
        }
        self.kind_hint = QLabel()
        self.kind_hint.setObjectName("entryKind")
        self.kind_hint.setMinimumWidth(36)
        self.category.textChanged.connect(self._show_kind)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for key, stretch in (("day", 0), ("category", 2), ("account", 1), ("amount", 1),
                             ("note", 4)):  # fmt: skip
            layout.addWidget(self.rows[key], stretch, Qt.AlignmentFlag.AlignTop)
            if key == "category":
                layout.addWidget(self.kind_hint, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        for field in (self.day, self.category, self.account, self.amount, self.note):
            field.installEventFilter(self)
        QWidget.setTabOrder(self.day, self.category)
        QWidget.setTabOrder(self.category, self.account)
        QWidget.setTabOrder(self.account, self.amount)
        QWidget.setTabOrder(self.amount, self.note)
        QWidget.setTabOrder(self.note, self.save_button)

    # -- choices -------------------------------------------------------------------------------
    def set_choices(self, categories: list[CategoryInfo], accounts: list[AccountInfo],
                    default_account: int | None = None) -> None:  # fmt: skip
        """The categories that can be typed and the accounts in use (keeping the chosen one)."""
        self.categories = list(categories)
        self.accounts = [a for a in accounts if not a.archived]
        self._names.setStringList([c.name for c in self.categories])
        chosen = self.account.currentData()
        if chosen is None:
            chosen = default_account
        self.account.blockSignals(True)
        self.account.clear()
        for account in self.accounts:
            self.account.addItem(account.name, account.id)
        self.account.setCurrentIndex(max(self.account.findData(chosen), 0))
        self.account.blockSignals(False)

    def chosen_category(self) -> CategoryInfo | None:
        return find_named(self.category.text(), self.categories)

    def _complete_category(self) -> None:
        found = self.chosen_category()
        if found is not None and found.name != self.category.text():
            self.category.setText(found.name)

    def _show_kind(self, _text: str = "") -> None:
        found = self.chosen_category()
        self.kind_hint.setText(books.kind_label(found.kind) if found else "")

    # -- keys ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in ENTER_KEYS
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):  # fmt: skip
            popup = self.category.completer().popup()
            if watched is self.category and popup.isVisible():
                popup.hide()
            self.save()
            return True
        return super().eventFilter(watched, event)

    # -- saving ---------------------------------------------------------------------------------
    def set_day(self, day: datetime.date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def focus_first(self) -> None:
        self.category.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.category.selectAll()

    def save(self) -> EntryRow | None:
        self.clear_errors()
        self._complete_category()
        result = self._session.bus.run_op(
            self, add_typed_entry, self.day.date().toPython(), self.category.text(),
            self.categories, self.account.currentData(), self.amount.text(),
            self.note.text(), self._session.desk_person_id(),
        )  # fmt: skip
        if result is None:
            return None
        row: EntryRow = result[0]
        self.amount.clear()
        self.note.clear()
        self.focus_first()
        self.saved.emit(row)
        return row
