"""换货发出: for each exchanged item the new colour/size, with the stock there is; a price
difference if any. Sending makes a new paid order linked to the case, which then goes through
the normal print flow; short stock is said and the user decides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from desk.core import returns
from desk.core.money import parse_yuan
from desk.core.returns import CaseDetail
from desk.i18n import _
from desk.ui import messages
from desk.ui.orders.actions import run_stock_op
from desk.ui.returns.open_dialog import variant_choices
from desk.ui.returns.step_dialogs import button_box
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


class ExchangeDialog(FieldErrorsMixin, QDialog):
    def __init__(self, session: ShopSession, case: CaseDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exchangeDialog")
        self.setWindowTitle(_("Send the exchange of {number}").format(number=case.number))
        self._session = session
        self.case = case
        self.order_id: int | None = None
        self.order_number = ""
        self.variants: dict[int, QComboBox] = {}
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                _(
                    "A new paid order to {customer}, linked to this case; print and "
                    "ship it as usual."
                ).format(customer=case.customer_name)
            )
        )
        self.rows: dict[str, FieldRow] = {}
        for index, line in enumerate(case.lines):
            if line.decision == "refuse":
                continue
            combo = QComboBox()
            combo.setObjectName(f"newVariant{index}")
            for label, variant_id, _available in variant_choices(line.product_id):
                combo.addItem(label, variant_id)
            combo.setCurrentIndex(max(0, combo.findData(line.exchange_variant_id)))
            self.variants[line.id] = combo
            form.addRow(_("{item} → ").format(item=line.label()), combo)
        self.charge = QLineEdit()
        self.charge.setObjectName("exchangeCharge")
        self.charge.setPlaceholderText(_("0 = no charge"))
        self.note = QLineEdit()
        self.note.setObjectName("exchangeNote")
        self.rows = {"charge": FieldRow(self.charge), "note": FieldRow(self.note)}
        self.rows["charge_fen"] = self.rows["charge"]
        form.addRow(_("Price difference (yuan)"), self.rows["charge"])
        form.addRow(_("Note"), self.rows["note"])
        form.addRow(button_box(self, _("Send exchange")))

    def choose(self, line_id: int, variant_id: int) -> None:
        combo = self.variants[line_id]
        combo.setCurrentIndex(combo.findData(variant_id))

    def _set_variants(self):
        """Store a changed new variant (one call per line) before sending."""
        done = None
        for line in self.case.lines:
            combo = self.variants.get(line.id)
            if combo is not None and combo.currentData() != line.exchange_variant_id:
                done = returns.set_exchange_variant(self.case.id, line.id, combo.currentData(),
                                                    self._session.desk_person_id())  # fmt: skip
        return done

    def accept(self) -> None:
        self.clear_errors()
        bus, staff_id = self._session.bus, self._session.desk_person_id()
        charge = bus.run_op(self, lambda: parse_yuan(self.charge.text() or "0", "charge",
                                                     _("The price difference")))  # fmt: skip
        if charge is None:
            return
        if bus.run_op(self, lambda: self._set_variants() or True) is None:
            return
        warnings = bus.run_op(self, returns.exchange_warnings, self.case.id)
        if warnings is None:
            return
        allow = False
        if warnings:
            if not messages.confirm(self, _("Not enough stock for the exchange: send it "
                                            "anyway?") + "\n\n" + "\n".join(warnings),
                                    _("Send anyway")):  # fmt: skip
                return
            allow = True
        result = run_stock_op(self, self._session, returns.send_exchange, self.case.id, staff_id,
                              charge_fen=charge, note=self.note.text().strip(),
                              **({"allow_negative": True} if allow else {}))  # fmt: skip
        if result is None:
            return
        detail = result[0]
        self.order_id, self.order_number = detail.exchange_order_id, detail.exchange_order_number
        super().accept()
