"""The customer card (a dialog): name, buyer ID (旺旺), phones, addresses (one default), groups,
tags, notes; smart paste at the top; the figures and follow-ups on the second tab.

Save (the default button: Enter in a line, or Ctrl+S) writes everything in one call
(`customers.create_customer` / `update_customer`); a refusal is shown at its field and the card
keeps what was typed. Esc cancels, asking first when something was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core import customers
from desk.core.addresses import ParsedAddress
from desk.core.customers import AddressDraft, CustomerDetail, CustomerDraft
from desk.core.errors import DomainError
from desk.i18n import _
from desk.ui import messages
from desk.ui.customers.address_editor import AddressesBox
from desk.ui.customers.card_fields import GroupsList, PhonesEditor, TagsEdit
from desk.ui.customers.card_figures import FiguresTab, summary_line
from desk.ui.customers.list_actions import sibling
from desk.ui.customers.paste import PastePanel
from desk.ui.widgets.field_errors import FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

DETAILS, HISTORY = range(2)


class CustomerCard(QDialog):
    saved = Signal(int)  # the customer id

    def __init__(
        self,
        session: ShopSession,
        customer_id: int | None = None,
        parent: QWidget | None = None,
        paste_text: str = "",
    ):
        super().__init__(parent)
        self.setObjectName("customerCard")
        self._session = session
        self.customer_id = customer_id
        detail = customers.get_customer(customer_id) if customer_id is not None else None
        self.detail = detail

        self.summary = QLabel()
        self.summary.setObjectName("cardSummary")
        self.summary.setStyleSheet("color: #1a4fb8; font-size: 11pt;")
        self.paste = PastePanel()
        self.paste.parsed.connect(self.apply_parsed)

        self.name = self._line("name", _("e.g. 张三"))
        self.nick = self._line("nick", _("Taobao / Wangwang ID"))
        self.phones = PhonesEditor()
        self.groups = GroupsList()
        self.tags = TagsEdit(customers.all_tags())
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(
            _("Sizes they wear, who they buy for, what they like, how they like to be talked to…")
        )
        self.notes.setMinimumHeight(70)
        self.addresses = AddressesBox()
        self.rows = {
            "name": FieldRow(self.name),
            "nick": FieldRow(self.nick),
            "phones": FieldRow(self.phones),
            "groups": FieldRow(self.groups),
            "tags": FieldRow(self.tags),
            "notes": FieldRow(self.notes),
            "addresses": FieldRow(self.addresses),
        }
        basics = QFormLayout()
        basics.addRow(_("Full name"), self.rows["name"])
        basics.addRow(_("Buyer ID (旺旺)"), self.rows["nick"])
        basics.addRow(_("Phones"), self.rows["phones"])
        basics.addRow(_("Groups"), self.rows["groups"])
        basics.addRow(_("Tags"), self.rows["tags"])
        basics.addRow(_("Notes"), self.rows["notes"])
        address_box = QGroupBox(_("Shipping addresses"))
        QVBoxLayout(address_box).addWidget(self.rows["addresses"])
        details = QWidget()
        columns = QGridLayout(details)
        columns.setHorizontalSpacing(20)
        columns.addLayout(basics, 0, 0)
        columns.addWidget(address_box, 0, 1, Qt.AlignmentFlag.AlignTop)
        columns.setColumnStretch(0, 5)
        columns.setColumnStretch(1, 6)
        self.figures = FiguresTab()
        self.figures.add_follow_up_requested.connect(self.add_follow_up)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("cardTabs")
        self.tabs.addTab(details, _("Details"))
        self.tabs.addTab(self.figures, _("Purchases and follow-ups"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(_("Enter or Ctrl+S"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.paste)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # now that it is in the dialog: Enter saves
        self.resize(980, 660)
        self._load(detail)
        self._initial = self.draft()
        if paste_text:
            self.paste.paste_text(paste_text)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def _load(self, detail: CustomerDetail | None) -> None:
        draft = detail.draft if detail else CustomerDraft()
        if detail is None:
            self.setWindowTitle(_("New customer"))
            self.summary.hide()
        else:
            self.setWindowTitle(_("{name} — customer").format(name=detail.display_name))
            self.summary.setText(summary_line(detail))
        self.name.setText(draft.name)
        self.nick.setText(draft.nick)
        self.phones.set_phones(draft.phones)
        self.groups.set_groups(customers.list_groups(), draft.group_ids)
        self.tags.set_tags(draft.tags)
        self.notes.setPlainText(draft.notes)
        self.addresses.set_addresses(draft.addresses)
        self.figures.show_customer(detail)
        (self.paste.box if detail is None else self.name).setFocus()

    # -- smart paste ------------------------------------------------------------------------
    def apply_parsed(self, parsed: ParsedAddress) -> None:
        """Fill the address (a new one unless the chosen one is empty), and the name and phone
        when they are empty; the user checks and saves."""
        self.tabs.setCurrentIndex(DETAILS)
        if parsed.name and not self.name.text().strip():
            self.name.setText(parsed.name)
        for phone in parsed.phones:
            self.phones.add_phone(phone)
        if parsed.province or parsed.street or parsed.postcode:
            address = AddressDraft(
                receiver=parsed.name or self.name.text().strip(),
                phone=parsed.phones[0] if parsed.phones else "",
                province=parsed.province,
                city=parsed.city,
                district=parsed.district,
                street=parsed.street,
                postcode=parsed.postcode,
            )
            if self.addresses.current_is_empty():
                self.addresses.fill_current(address)
            else:
                self.addresses.add_address(address)
        self.name.setFocus()
        self.name.selectAll()

    # -- saving -----------------------------------------------------------------------------
    def draft(self) -> CustomerDraft:
        return CustomerDraft(
            name=self.name.text(),
            nick=self.nick.text(),
            phones=self.phones.phones(),
            addresses=self.addresses.addresses(),
            group_ids=self.groups.chosen_ids(),
            tags=self.tags.tags(),
            notes=self.notes.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self.draft() != self._initial or bool(self.paste.text().strip())

    def save(self) -> bool:
        self.clear_errors()
        draft = self.draft()
        if self.customer_id is None:
            result = self._session.bus.run_op(self, customers.create_customer, draft)
        else:
            result = self._session.bus.run_op(
                self, customers.update_customer, self.customer_id, draft
            )
        if result is None:
            return False
        detail: CustomerDetail = result[0]
        self.customer_id = detail.id
        self.saved.emit(detail.id)
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty() and not messages.confirm(
            self, _("Close without saving what you typed?"), _("Discard")
        ):
            return
        super().reject()

    def add_follow_up(self) -> None:
        if self.customer_id is None:
            return
        if sibling("follow_ups").add_follow_up_dialog(self, self._session, self.customer_id):
            self.figures.reload_follow_ups(self.customer_id)

    # -- messages at the fields -------------------------------------------------------------
    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.set_error(None)
        self.phones.mark_invalid(clear=True)

    def show_field_error(self, field: str, message: str) -> bool:
        row = self.rows.get(field)
        if row is None:
            return False
        self.tabs.setCurrentIndex(DETAILS)
        row.set_error(message)
        return True


def open_card(
    session: ShopSession, customer_id: int | None, parent: QWidget, paste_text: str = ""
) -> CustomerCard | None:
    """Open the card window-modal (not blocking); None when the customer is gone."""
    try:
        card = CustomerCard(session, customer_id, parent, paste_text)
    except DomainError as exc:
        messages.warning(parent, exc.message)
        return None
    card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    card.open()
    return card
