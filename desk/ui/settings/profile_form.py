"""The shop profile form: the sender printed on labels, the ship cut-off, the default courier."""

from __future__ import annotations

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QTimeEdit, QWidget

from desk.core.settings import COURIERS, ShopProfile, courier_name
from desk.i18n import _
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

TIME_FORMAT = "HH:mm"


class ProfileForm(FieldErrorsMixin, QGroupBox):
    submitted = Signal()  # Enter in a text field

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Shop profile"), parent)
        self.shop_name = self._line("shopName", _("e.g. Xiaomei's Clothing"))
        self.sender_name = self._line("senderName", _("the name printed as sender on labels"))
        self.sender_phone = self._line("senderPhone", _("e.g. 13812345678"))
        self.sender_address = self._line("senderAddress", _("province, city, district, street"))
        self.ship_cutoff = QTimeEdit()
        self.ship_cutoff.setObjectName("shipCutoff")
        self.ship_cutoff.setDisplayFormat(TIME_FORMAT)
        self.default_courier = QComboBox()
        self.default_courier.setObjectName("defaultCourier")
        for code in COURIERS:
            self.default_courier.addItem(courier_name(code), code)
        self.rows = {
            "shop_name": FieldRow(self.shop_name),
            "sender_name": FieldRow(self.sender_name),
            "sender_phone": FieldRow(self.sender_phone),
            "sender_address": FieldRow(self.sender_address),
            "ship_cutoff": FieldRow(
                self.ship_cutoff, _("Orders paid before this time are shipped the same day.")
            ),
            "default_courier": FieldRow(self.default_courier),
        }
        labels = {
            "shop_name": _("Shop name"),
            "sender_name": _("Sender"),
            "sender_phone": _("Sender phone"),
            "sender_address": _("Sender address"),
            "ship_cutoff": _("Ship cut-off"),
            "default_courier": _("Default courier"),
        }
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, row in self.rows.items():
            form.addRow(labels[key], row)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.returnPressed.connect(self.submitted)
        return edit

    def set_profile(self, profile: ShopProfile) -> None:
        self.shop_name.setText(profile.shop_name)
        self.sender_name.setText(profile.sender_name)
        self.sender_phone.setText(profile.sender_phone)
        self.sender_address.setText(profile.sender_address)
        cutoff = QTime.fromString(profile.ship_cutoff, TIME_FORMAT)
        self.ship_cutoff.setTime(cutoff if cutoff.isValid() else QTime(16, 0))
        index = self.default_courier.findData(profile.default_courier)
        self.default_courier.setCurrentIndex(max(index, 0))
        self.clear_errors()

    def profile(self) -> ShopProfile:
        return ShopProfile(
            shop_name=self.shop_name.text(),
            sender_name=self.sender_name.text(),
            sender_phone=self.sender_phone.text(),
            sender_address=self.sender_address.text(),
            ship_cutoff=self.ship_cutoff.time().toString(TIME_FORMAT),
            default_courier=self.default_courier.currentData() or "",
        )

