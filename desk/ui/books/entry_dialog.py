"""Editing an entry of an open day, and adding an adjusting entry (调整分录) for a closed day.

An automatic entry (sale, refund, postage) keeps its day, category and amount: only its account
and note can change. An adjusting entry is written on an open day (today by default) and names
the closed day it corrects; the closed day's own entries never change.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core import books
from desk.core.books import EntryDraft, EntryRow
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


def qdate(day: datetime.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class EntryDialog(FieldErrorsMixin, QDialog):
    """`entry` to edit it; `adjusts` (a closed day) for a new adjusting entry, prefilled from
    `entry` when given (the closed entry being corrected)."""

    def __init__(self, session: ShopSession, entry: EntryRow | None = None,
                 adjusts: datetime.date | None = None, parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("entryDialog")
        self._session = session
        self.entry = entry
        self.adjusts = adjusts
        self.result_row: EntryRow | None = None
        self.setWindowTitle(_("Adjusting entry") if adjusts else _("Edit entry"))
        self.day = QDateEdit(qdate(datetime.date.today()))
        self.day.setObjectName("editDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.category = QComboBox()
        self.category.setObjectName("editCategory")
        for category in books.list_categories():
            self.category.addItem(f"{category.name} ({books.kind_label(category.kind)})",
                                  category.id)  # fmt: skip
        self.account = QComboBox()
        self.account.setObjectName("editAccount")
        for account in books.list_accounts():
            self.account.addItem(account.name, account.id)
        self.amount = QLineEdit()
        self.amount.setObjectName("editAmount")
        self.note = QLineEdit()
        self.note.setObjectName("editNote")
        self.note.setMaxLength(books.MAX_NOTE)
        self.order_number = QLineEdit()
        self.order_number.setObjectName("editOrder")
        self.order_number.setPlaceholderText(_("Optional, e.g. 20261123-0007"))
        self.rows = {
            "day": FieldRow(self.day),
            "category": FieldRow(self.category),
            "account": FieldRow(self.account),
            "amount": FieldRow(self.amount),
            "note": FieldRow(self.note),
            "order_number": FieldRow(self.order_number),
        }
        intro = QLabel()
        intro.setObjectName("entryIntro")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Date"), self.rows["day"])
        form.addRow(_("Category"), self.rows["category"])
        form.addRow(_("Account"), self.rows["account"])
        form.addRow(_("Amount (¥)"), self.rows["amount"])
        form.addRow(_("Note"), self.rows["note"])
        form.addRow(_("Order no."), self.rows["order_number"])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveEdit")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._fill(intro)
        self.resize(460, self.sizeHint().height())

    def _fill(self, intro: QLabel) -> None:
        entry = self.entry
        if entry is not None:
            self.category.setCurrentIndex(max(self.category.findData(entry.category_id), 0))
            self.account.setCurrentIndex(max(self.account.findData(entry.account_id), 0))
            self.order_number.setText(entry.order_number)
        if self.adjusts is not None:
            text = _("{day} is closed. This entry is written on an open day and corrects "
                     "{day}; that day's figures stay as they were closed.").format(
                day=self.adjusts.isoformat())  # fmt: skip
            if entry is not None:
                text += "\n" + _("Correcting: {category} {amount} {note}").format(
                    category=entry.category_name, amount=format_yuan(entry.amount_fen, symbol=True),
                    note=entry.note)  # fmt: skip
                self.note.setText(_("Correction of {day}").format(day=self.adjusts.isoformat()))
            intro.setText(text)
            self.amount.setFocus()
            return
        if entry is None:
            return
        self.day.setDate(qdate(entry.day))
        self.amount.setText(format_yuan(entry.amount_fen))
        self.note.setText(entry.note)
        if entry.automatic:
            for widget in (self.day, self.category, self.amount, self.order_number):
                widget.setEnabled(False)
            intro.setText(_("An automatic entry: only its account and note can change."))
            self.account.setFocus()
        else:
            intro.hide()
            self.amount.setFocus()
            self.amount.selectAll()

    def draft(self) -> EntryDraft:
        return EntryDraft(
            day=self.day.date().toPython(),
            category_id=self.category.currentData(),
            account_id=self.account.currentData(),
            amount=self.amount.text(),
            note=self.note.text(),
            order_number=self.order_number.text().strip(),
            adjusts_day=self.adjusts,
        )

    def save(self) -> EntryRow | None:
        self.clear_errors()
        staff_id = self._session.desk_person_id()
        if self.entry is not None and self.adjusts is None:
            result = self._session.bus.run_op(self, books.update_entry, self.entry.id,
                                              self.draft(), staff_id)  # fmt: skip
        else:
            result = self._session.bus.run_op(self, books.add_entry, self.draft(), staff_id)
        if result is None:
            return None
        self.result_row = result[0]
        self.accept()
        return self.result_row

    def show_field_error(self, field: str, message: str) -> bool:
        if field == "adjusts_day":
            field = "day"
        return super().show_field_error(field, message)


def edit_entry(parent: QWidget, session: ShopSession, entry: EntryRow) -> EntryDialog:
    dialog = EntryDialog(session, entry, None, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def adjusting_entry(parent: QWidget, session: ShopSession, day: datetime.date,
                    entry: EntryRow | None = None) -> EntryDialog:  # fmt: skip
    dialog = EntryDialog(session, entry, day, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
