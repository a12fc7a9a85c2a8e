"""The order editor (新建订单 Ctrl+N; double-click opens an order): the customer (search the
address book or smart-paste the chat text), the address snapshot (or one of the customer's
addresses), the lines, postage, discount, gift, buyer message, courier; for a new order a first
memo with its flag and 已付款. Totals are live (`orders.quote`), never typed.

Save (Ctrl+S, or Enter in a line) checks the lines first (`orders.line_warnings`: hidden or
off-shelf goods, short stock — the user decides), finds or creates the customer of a pasted
address, then writes the order in one call; a refusal is shown at its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk.core import customers, money, order_draft, orders, settings
from desk.core.addresses import ParsedAddress
from desk.core.customers import AddressDraft, CustomerDraft
from desk.core.errors import DomainError, ValidationError
from desk.core.orders import OrderDetail, OrderDraft
from desk.i18n import _
from desk.models.orders import FLAGS
from desk.ui import messages
from desk.ui.orders.actions import run_stock_op
from desk.ui.orders.customer_picker import CustomerPicker
from desk.ui.orders.line_editor import LinesEditor
from desk.ui.orders.list_model import flag_icon
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

ADDRESS_FIELDS = ("receiver", "phone", "province", "city", "district", "street", "postcode")


class OrderEditor(FieldErrorsMixin, QDialog):
    saved = Signal(int)  # the order id

    def __init__(self, session: ShopSession, order_id: int | None = None,
                 parent: QWidget | None = None, paste_text: str = ""):
        super().__init__(parent)
        self.setObjectName("orderEditor")
        self._session = session
        self.order_id = order_id
        self.detail: OrderDetail | None = orders.get_order(order_id) if order_id else None
        self._addresses: list[AddressDraft] = []

        self.picker = CustomerPicker()
        self.picker.customer_chosen.connect(self._on_customer_chosen)
        self.picker.parsed.connect(self.apply_parsed)
        self.address_choice = QComboBox()
        self.address_choice.setObjectName("addressChoice")
        self.address_choice.activated.connect(self._on_address_chosen)
        self.fields: dict[str, QLineEdit] = {}
        for name, placeholder in (
            ("receiver", _("Receiver")), ("phone", _("Mobile or landline")),
            ("province", _("Province")), ("city", _("City")), ("district", _("District")),
            ("street", _("Street, building, room")), ("postcode", _("Postcode")),
        ):
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(placeholder)
            edit.textEdited.connect(self._update_totals)
            self.fields[name] = edit
        self.lines = LinesEditor()
        self.lines.edited.connect(self._update_totals)
        self.postage = self._money("postage")
        self.discount = self._money("discount")
        self.gift = QLineEdit()
        self.gift.setObjectName("gift")
        self.gift.setPlaceholderText(_("e.g. a hair clip"))
        self.buyer_message = QPlainTextEdit()
        self.buyer_message.setObjectName("buyerMessage")
        self.buyer_message.setTabChangesFocus(True)
        self.buyer_message.setPlaceholderText(_("What the buyer asked for, as they wrote it"))
        self.buyer_message.setFixedHeight(54)
        self.courier = QComboBox()
        self.courier.setObjectName("courier")
        for code in settings.COURIERS:
            self.courier.addItem(settings.courier_name(code), code)
        self.memo = QLineEdit()
        self.memo.setObjectName("memo")
        self.memo.setPlaceholderText(_("Staff no., courier, delay reason, gift or refund"))
        self.flag = QComboBox()
        self.flag.setObjectName("flag")
        self.flag.addItem(_("No flag"), None)
        for key in FLAGS:
            self.flag.addItem(flag_icon(key), orders.flag_label(key), key)
        self.paid = QCheckBox(_("Already paid (reserves the goods)"))
        self.paid.setObjectName("paid")
        self.totals = QLabel()
        self.totals.setObjectName("orderTotals")
        self.totals.setStyleSheet("font-size: 12pt; font-weight: 600; color: #1a202c;")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.rows: dict[str, FieldRow] = {"customer": FieldRow(self.picker)}
        for name, edit in self.fields.items():
            self.rows[name] = FieldRow(edit)
        for name, widget in (("lines", self.lines), ("postage", self.postage),
                             ("discount", self.discount), ("gift", self.gift),
                             ("buyer_message", self.buyer_message), ("courier", self.courier),
                             ("memo", self.memo), ("flag", self.flag)):
            self.rows[name] = FieldRow(widget)
        self._build_layout()
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+L"), self,
                  activated=lambda: self.lines.add_line().code.setFocus())
        self._load()
        self._initial = self._snapshot()
        if paste_text:
            self.picker.paste.paste_text(paste_text)

    def _money(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText("0.00")
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setMaximumWidth(110)
        edit.textEdited.connect(self._update_totals)
        return edit

    def _build_layout(self) -> None:
        who = QGroupBox(_("Customer"))
        QVBoxLayout(who).addWidget(self.rows["customer"])
        where = QGroupBox(_("Shipping address"))
        grid = QGridLayout(where)
        grid.addWidget(self.address_choice, 0, 0, 1, 6)
        for index, name in enumerate(("receiver", "phone", "postcode", "province", "city",
                                      "district")):
            row, column = 1 + index // 3, (index % 3) * 2
            grid.addWidget(QLabel(self.fields[name].placeholderText()), row, column)
            grid.addWidget(self.rows[name], row, column + 1)
        grid.addWidget(QLabel(_("Address")), 3, 0)
        grid.addWidget(self.rows["street"], 3, 1, 1, 5)
        goods = QGroupBox(_("Items"))
        QVBoxLayout(goods).addWidget(self.rows["lines"])
        extra = QFormLayout()
        extra.addRow(_("Postage"), self.rows["postage"])
        extra.addRow(_("Order discount"), self.rows["discount"])
        extra.addRow(_("Courier"), self.rows["courier"])
        extra.addRow(_("Gift"), self.rows["gift"])
        notes = QFormLayout()
        notes.addRow(_("Buyer message"), self.rows["buyer_message"])
        notes.addRow(_("Memo"), self.rows["memo"])
        notes.addRow(_("Flag"), self.rows["flag"])
        notes.addRow("", self.paid)
        self._notes = notes
        bottom = QGridLayout()
        bottom.addLayout(extra, 0, 0)
        bottom.addLayout(notes, 0, 1)
        bottom.setColumnStretch(0, 2)
        bottom.setColumnStretch(1, 3)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(who)
        inner.addWidget(where)
        inner.addWidget(goods)
        inner.addLayout(bottom)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(_("Enter or Ctrl+S"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)
        self.resize(980, 760)

    # -- loading ------------------------------------------------------------------------------
    def _load(self) -> None:
        detail = self.detail
        default_courier = settings.get_profile().default_courier
        if detail is None:
            self.setWindowTitle(_("New order"))
            self.courier.setCurrentIndex(max(0, self.courier.findData(default_courier)))
            self.lines.set_lines((), True)
            self.address_choice.hide()
            self.picker.paste.box.setFocus()
            self._update_totals()
            return
        self.setWindowTitle(_("Order {number} — {status}").format(
            number=detail.number, status=orders.status_label(detail.status)))
        if detail.customer_id is not None:
            self.picker.choose(detail.customer_id, detail.customer_name or detail.customer_nick)
        else:
            self._on_customer_chosen(None)
        self._fill_address(OrderDraft(
            receiver=detail.receiver, phone=detail.phone, province=detail.province,
            city=detail.city, district=detail.district, street=detail.street,
            postcode=detail.postcode))
        note = ""
        if not detail.can_change_lines:
            note = _("The label is printed: lines can no longer be added or changed (加单 only "
                     "before printing; otherwise the buyer pays postage again).")
        self.lines.set_lines(detail.lines, detail.can_change_lines, note)
        self.postage.setText(money.format_yuan(detail.totals.postage_fen))
        if detail.totals.discount_fen:
            self.discount.setText(money.format_yuan(detail.totals.discount_fen))
        self.gift.setText(detail.gift)
        self.buyer_message.setPlainText(detail.buyer_message)
        self.courier.setCurrentIndex(max(0, self.courier.findData(detail.courier
                                                                  or default_courier)))
        # memos and flags of an existing order: the memo dialog; paying: 标记已付款
        for row in (self.rows["memo"], self.rows["flag"], self.paid):
            self._notes.setRowVisible(row, False)
        editable = detail.status in orders.EDITABLE_ADDRESS and detail.merged_into_id is None
        for widget in (*self.fields.values(), self.gift, self.postage, self.discount):
            widget.setReadOnly(not editable)
        self.buyer_message.setReadOnly(not editable)
        self.courier.setEnabled(editable)
        self.picker.setEnabled(editable)
        self.address_choice.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self._update_totals()

    def _on_customer_chosen(self, customer_id: int | None) -> None:
        self._addresses = []
        self.address_choice.clear()
        if customer_id is None:
            self.address_choice.hide()
            return
        detail = customers.get_customer(customer_id)
        self._addresses = list(detail.draft.addresses)
        for address in self._addresses:
            text = " ".join(p for p in (address.receiver, address.phone, address.one_line()) if p)
            self.address_choice.addItem(text, address.id)
        if not self._addresses:
            self.address_choice.addItem(_("This customer has no address yet: type it below."))
        self.address_choice.show()
        if self.detail is None or self.detail.customer_id != customer_id:
            self._fill_address(orders.address_from_customer(customer_id))
            self.picker.paste.box.clear()

    def _on_address_chosen(self, index: int) -> None:
        address_id = self.address_choice.itemData(index)
        if address_id is not None and self.picker.customer_id is not None:
            self._fill_address(orders.address_from_customer(self.picker.customer_id, address_id))

    def _fill_address(self, draft: OrderDraft) -> None:
        for name in ADDRESS_FIELDS:
            self.fields[name].setText(getattr(draft, name))

    def apply_parsed(self, parsed: ParsedAddress) -> None:
        """Fill the snapshot from the pasted text; with no customer chosen yet, one with the same
        phone is chosen (else the customer is created on save)."""
        values = {"receiver": parsed.name, "phone": parsed.phones[0] if parsed.phones else "",
                  "province": parsed.province, "city": parsed.city,
                  "district": parsed.district, "street": parsed.street,
                  "postcode": parsed.postcode}
        if self.picker.customer_id is None and values["phone"]:
            found = customers.find_by_phone(values["phone"])
            if found:
                self.picker.choose(found[0])
        for name, value in values.items():
            if value:
                self.fields[name].setText(value)
        self._update_totals()
        first_line = self.lines.lines[0] if self.lines.lines else None
        if first_line is not None and first_line.is_blank():
            first_line.code.setFocus()

    # -- the draft ----------------------------------------------------------------------------
    def draft(self) -> OrderDraft:
        """What the form says (ValidationError at the field for an amount that is not one)."""
        values = {name: self.fields[name].text() for name in ADDRESS_FIELDS}
        return OrderDraft(
            customer_id=self.picker.customer_id,
            **values,
            lines=self.lines.drafts(),
            postage_fen=money.parse_yuan(self.postage.text(), "postage", _("Postage"),
                                         allow_empty=True) or 0,
            discount_fen=money.parse_yuan(self.discount.text(), "discount",
                                          _("The order discount"), allow_empty=True) or 0,
            gift=self.gift.text(),
            buyer_message=self.buyer_message.toPlainText(),
            courier=self.courier.currentData() or "",
            memo=self.memo.text() if self.detail is None else "",
            flag=self.flag.currentData() if self.detail is None else None,
            paid=self.paid.isChecked() if self.detail is None else False,
        )

    def _snapshot(self) -> tuple:
        return (self.picker.customer_id, tuple(e.text() for e in self.fields.values()),
                tuple(map(tuple, self.lines.raw())), self.postage.text(), self.discount.text(),
                self.gift.text(), self.buyer_message.toPlainText(), self.courier.currentIndex(),
                self.memo.text(), self.flag.currentIndex(), self.paid.isChecked())

    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial or bool(self.picker.paste.text().strip())

    def _update_totals(self, *args) -> None:
        try:
            draft = self.draft()
            self.lines.show_amounts(draft.lines)
            if not draft.lines:
                raise ValidationError("", "lines")
            totals = orders.quote(draft, self.order_id)
        except (ValidationError, DomainError):
            self.totals.setText(_("Total: —"))
            return
        parts = [_("Goods {amount}").format(amount=money.format_yuan(totals.goods_fen, True)),
                 _("Postage {amount}").format(amount=money.format_yuan(totals.postage_fen, True))]
        if totals.discount_fen:
            parts.append(_("Discount −{amount}").format(
                amount=money.format_yuan(totals.discount_fen, True)))
        self.totals.setText("   ".join(parts) + "   " + _("Total {amount}").format(
            amount=money.format_yuan(totals.total_fen, True)))
        self.totals.setProperty("total_fen", totals.total_fen)

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> bool:
        self.clear_errors()
        try:
            draft = self.draft()
            orders.quote(draft, self.order_id)
            order_draft.clean_header(draft)  # before a pasted buyer becomes a customer
        except ValidationError as exc:
            if not self.show_field_error(exc.field or "", exc.message):
                messages.warning(self, exc.message)
            return False
        warnings = orders.line_warnings(draft, self.order_id)
        if warnings and not messages.confirm(
            self, "\n".join(warnings) + "\n\n" + _("Save the order anyway?"), _("Save anyway")
        ):
            return False
        if draft.customer_id is None and (draft.receiver.strip() or draft.phone.strip()):
            customer_id = self._customer_of(draft)
            if customer_id is None:
                return False
            draft = OrderDraft(**{**draft.__dict__, "customer_id": customer_id})
        staff_id = self._session.desk_person_id()
        question = _("Not enough stock: save anyway?")
        if self.order_id is None:
            result = run_stock_op(self, self._session, orders.create_order, draft, staff_id,
                                  question=question)
        else:
            result = run_stock_op(self, self._session, orders.update_order, self.order_id,
                                  draft, staff_id, question=question)
        if result is None:
            return False
        detail: OrderDetail = result[0]
        self.order_id = detail.id
        self.saved.emit(detail.id)
        self._initial = self._snapshot()
        self.picker.paste.box.clear()
        self.accept()
        return True

    def _customer_of(self, draft: OrderDraft) -> int | None:
        """The customer with the order's phone, or a new one made from the address typed (the
        buyer's first order); None when refused (shown at the field)."""
        found = customers.find_by_phone(draft.phone) if draft.phone.strip() else []
        if found:
            self.picker.choose(found[0])
            return found[0]
        address = AddressDraft(receiver=draft.receiver, phone=draft.phone,
                               province=draft.province, city=draft.city,
                               district=draft.district, street=draft.street,
                               postcode=draft.postcode, is_default=True)
        has_address = bool(draft.province or draft.street)
        customer = CustomerDraft(
            name=draft.receiver, phones=(draft.phone,) if draft.phone.strip() else (),
            addresses=(address,) if has_address else (),
        )
        result = self._session.bus.run_op(self, customers.create_customer, customer)
        if result is None:
            return None
        self.picker.choose(result[0].id)
        return result[0].id

    def show_field_error(self, field: str, message: str) -> bool:
        if field in ("name", "phones", "addresses"):  # the customer made from the paste
            field = {"name": "receiver", "phones": "phone", "addresses": "street"}[field]
        return super().show_field_error(field, message)

    def reject(self) -> None:
        if self.is_dirty() and not messages.confirm(
            self, _("Close without saving what you typed?"), _("Discard")
        ):
            return
        super().reject()


def open_editor(session: ShopSession, order_id: int | None, parent: QWidget,
                paste_text: str = "") -> OrderEditor | None:
    """Open the editor window-modal (not blocking); None when the order is gone."""
    try:
        editor = OrderEditor(session, order_id, parent, paste_text)
    except DomainError as exc:
        messages.warning(parent, exc.message)
        return None
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
