"""A customer's shipping addresses in the card: the list (one default) and the form of the chosen
one — receiver, phone, province / city / district (from the official division list), street and
postcode.

The combos offer the divisions under the one chosen above (东莞市 and 潜江市 have no districts:
the district combo is then empty and disabled). A stored name the list does not know (an old
address, an import) is kept as it is and shown as an extra entry.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import divisions
from desk.core.customers import AddressDraft
from desk.i18n import _

EMPTY = AddressDraft()


def is_empty(address: AddressDraft) -> bool:
    return all(
        not getattr(address, f).strip()
        for f in ("receiver", "phone", "province", "city", "district", "street", "postcode")
    )


def summary(address: AddressDraft) -> str:
    """One line for the address list: 收货人 · 浙江省杭州市西湖区文三路100号."""
    where = address.one_line() or _("(empty address)")
    return f"{address.receiver} · {where}" if address.receiver else where


class DivisionCombo(QComboBox):
    """One level of the division list; item data is the division code (None: not in the list)."""

    def __init__(self, placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._placeholder = placeholder
        self.setMinimumContentsLength(6)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMaxVisibleItems(20)

    def fill(self, found: list[divisions.Division]) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(self._placeholder, "")
        for division in found:
            self.addItem(division.name, division.code)
        self.setCurrentIndex(0)
        self.setEnabled(bool(found))
        self.blockSignals(False)

    def name(self) -> str:
        return "" if self.currentIndex() <= 0 else self.currentText()

    def code(self) -> str | None:
        data = self.currentData()
        return data or None

    def choose(self, name: str, division: divisions.Division | None) -> None:
        """Choose `division` (found by name), or keep `name` as an extra entry when unknown."""
        self.blockSignals(True)
        if division is not None and self.findData(division.code) >= 0:
            self.setCurrentIndex(self.findData(division.code))
        elif name:
            index = self.findText(name)
            if index < 0:
                self.addItem(name, None)
                index = self.count() - 1
            self.setCurrentIndex(index)
            self.setEnabled(True)
        else:
            self.setCurrentIndex(0)
        self.blockSignals(False)


class AddressForm(QWidget):
    """The form of one address."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._id: int | None = None
        self._default = False
        self._index = divisions.index()
        self.receiver = self._line("receiver", _("Who receives the parcel (the customer if empty)"))
        self.phone = self._line("addressPhone", _("Receiver's phone (optional)"))
        self.province = DivisionCombo(_("Province"))
        self.province.setObjectName("province")
        self.city = DivisionCombo(_("City"))
        self.city.setObjectName("city")
        self.district = DivisionCombo(_("District / county"))
        self.district.setObjectName("district")
        self.province.fill(self._index.provinces())
        self.city.fill([])
        self.district.fill([])
        self.province.currentIndexChanged.connect(self._on_province)
        self.city.currentIndexChanged.connect(self._on_city)
        self.district.currentIndexChanged.connect(lambda _index: self.edited.emit())
        self.street = self._line("street", _("Street, number, building, room"))
        self.postcode = self._line("postcode", _("6 digits (optional)"))
        self.postcode.setMaxLength(10)
        region = QHBoxLayout()
        region.setSpacing(6)
        for combo in (self.province, self.city, self.district):
            region.addWidget(combo, 1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Receiver"), self.receiver)
        form.addRow(_("Phone"), self.phone)
        form.addRow(_("Region"), region)
        form.addRow(_("Street address"), self.street)
        form.addRow(_("Postcode"), self.postcode)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _text: self.edited.emit())
        return edit

    def _on_province(self) -> None:
        code = self.province.code()
        self.city.fill(self._index.children(code) if code else [])
        self.district.fill([])
        self.edited.emit()

    def _on_city(self) -> None:
        code = self.city.code()
        self.district.fill(self._index.children(code) if code else [])
        self.edited.emit()

    def set_address(self, address: AddressDraft) -> None:
        self._id, self._default = address.id, address.is_default
        self.receiver.setText(address.receiver)
        self.phone.setText(address.phone)
        self.street.setText(address.street)
        self.postcode.setText(address.postcode)
        self.set_region(address.province, address.city, address.district)

    def set_region(self, province: str, city: str, district: str) -> None:
        index = self._index
        found_province = index.find_province(province) if province else None
        self.province.choose(province, found_province)
        self.city.fill(index.children(found_province.code) if found_province else [])
        found_city = (
            index.find_city(city, found_province.code if found_province else None) if city else None
        )
        self.city.choose(city, found_city)
        self.district.fill(index.children(found_city.code) if found_city else [])
        found_district = (
            index.find_district(district, found_city.code if found_city else None)
            if district
            else None
        )
        self.district.choose(district, found_district)

    def address(self) -> AddressDraft:
        return AddressDraft(
            receiver=self.receiver.text().strip(),
            phone=self.phone.text().strip(),
            province=self.province.name(),
            city=self.city.name(),
            district=self.district.name(),
            street=self.street.text().strip(),
            postcode=self.postcode.text().strip(),
            is_default=self._default,
            id=self._id,
        )


class AddressesBox(QWidget):
    """The list of a customer's addresses and the form of the chosen one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._addresses: list[AddressDraft] = []
        self._current = -1
        self.list = QListWidget()
        self.list.setObjectName("addressList")
        self.list.setMaximumHeight(92)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.form = AddressForm()
        self.form.edited.connect(self._on_edited)
        self.add_button = QPushButton(_("New address"))
        self.add_button.setObjectName("addAddress")
        self.add_button.clicked.connect(lambda: self.add_address(EMPTY))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("removeAddress")
        self.remove_button.clicked.connect(self.remove_current)
        self.default_button = QPushButton(_("Make default"))
        self.default_button.setObjectName("defaultAddress")
        self.default_button.clicked.connect(self.make_current_default)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.default_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.form)

    # -- contents ---------------------------------------------------------------------------
    def set_addresses(self, addresses: tuple[AddressDraft, ...]) -> None:
        self._addresses = list(addresses) or [dataclasses.replace(EMPTY, is_default=True)]
        self._current = -1
        self._rebuild(0)

    def addresses(self) -> tuple[AddressDraft, ...]:
        """Every address with something in it (the form's edits included)."""
        self._store_form()
        return tuple(a for a in self._addresses if not is_empty(a))

    def current_index(self) -> int:
        return self._current

    def current_is_empty(self) -> bool:
        self._store_form()
        return self._current < 0 or is_empty(self._addresses[self._current])

    def add_address(self, address: AddressDraft) -> None:
        self._store_form()
        default = not any(a.is_default for a in self._addresses)
        self._addresses.append(dataclasses.replace(address, id=None, is_default=default))
        self._current = -1
        self._rebuild(len(self._addresses) - 1)
        self.form.receiver.setFocus()

    def fill_current(self, address: AddressDraft) -> None:
        """Put `address` in the chosen (empty) address, keeping its id and default mark."""
        self._store_form()
        if self._current < 0:
            self.add_address(address)
            return
        old = self._addresses[self._current]
        self._addresses[self._current] = dataclasses.replace(
            address, id=old.id, is_default=old.is_default
        )
        self.form.set_address(self._addresses[self._current])
        self._update_item(self._current)

    def remove_current(self) -> None:
        if self._current < 0:
            return
        removed = self._addresses.pop(self._current)
        if not self._addresses:
            self._addresses = [dataclasses.replace(EMPTY, is_default=True)]
        elif removed.is_default:
            self._addresses[0] = dataclasses.replace(self._addresses[0], is_default=True)
        row = min(self._current, len(self._addresses) - 1)
        self._current = -1
        self._rebuild(row)

    def make_current_default(self) -> None:
        self._store_form()
        if self._current < 0:
            return
        self._addresses = [
            dataclasses.replace(a, is_default=(i == self._current))
            for i, a in enumerate(self._addresses)
        ]
        row = self._current
        self._current = -1
        self._rebuild(row)

    # -- the list and the form --------------------------------------------------------------
    def _rebuild(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for i in range(len(self._addresses)):
            self.list.addItem(QListWidgetItem())
            self._update_item(i)
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)
        if self._current != row:  # setCurrentRow on the same row says nothing
            self._on_row_changed(row)

    def _update_item(self, row: int) -> None:
        address = self._addresses[row]
        item = self.list.item(row)
        text = _("Address {number}: {text}").format(number=row + 1, text=summary(address))
        if address.is_default:
            text = _("{address} (default)").format(address=text)
        item.setText(text)
        item.setToolTip(text)
        font = item.font()
        font.setBold(address.is_default)
        item.setFont(font)

    def _store_form(self) -> None:
        if 0 <= self._current < len(self._addresses):
            self._addresses[self._current] = self.form.address()

    def _on_row_changed(self, row: int) -> None:
        self._store_form()
        self._current = row
        if 0 <= row < len(self._addresses):
            self.form.set_address(self._addresses[row])
        self.remove_button.setEnabled(row >= 0)
        self.default_button.setEnabled(
            0 <= row < len(self._addresses) and not self._addresses[row].is_default
        )

    def _on_edited(self) -> None:
        if 0 <= self._current < len(self._addresses):
            self._addresses[self._current] = self.form.address()
            self._update_item(self._current)

    def select_address(self, row: int) -> None:
        if 0 <= row < len(self._addresses):
            self.list.setCurrentRow(row)

    def focus_first_field(self) -> None:
        self.form.receiver.setFocus(Qt.FocusReason.OtherFocusReason)
