"""Two small dialogs of the status moves: 发货 (courier and tracking number) and 关闭订单 (the
reason). A refusal is shown at its field; the dialog stays open with what was typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from desk.core import order_flow, orders, settings
from desk.i18n import N_, _
from desk.ui.orders.actions import run_stock_op
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

CLOSE_REASONS = (
    N_("The buyer ordered by mistake"),
    N_("The buyer no longer wants it"),
    N_("Out of stock"),
    N_("Ordered twice"),
    N_("Not paid in time"),
)


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ShipDialog(FieldErrorsMixin, QDialog):
    def __init__(self, session: ShopSession, order_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shipDialog")
        self._session = session
        self.order_id = order_id
        detail = orders.get_order(order_id)
        self.setWindowTitle(_("Ship order {number}").format(number=detail.number))
        self.courier = QComboBox()
        self.courier.setObjectName("shipCourier")
        for code in settings.COURIERS:
            self.courier.addItem(settings.courier_name(code), code)
        wanted = detail.courier or settings.get_profile().default_courier
        self.courier.setCurrentIndex(max(0, self.courier.findData(wanted)))
        self.tracking = QComboBox()
        self.tracking.setEditable(True)
        self.tracking.setObjectName("trackingNo")
        self.tracking.lineEdit().setPlaceholderText(_("Scan or type the tracking number"))
        self.rows = {"tracking_no": FieldRow(self.tracking), "courier": FieldRow(self.courier)}
        form = QFormLayout(self)
        form.addRow(QLabel(_("{receiver} · {address}").format(
            receiver=detail.receiver, address=detail.address_line)))
        form.addRow(_("Courier"), self.rows["courier"])
        form.addRow(_("Tracking no."), self.rows["tracking_no"])
        form.addRow(_buttons(self, _("Ship")))
        self.tracking.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        done = run_stock_op(
            self, self._session, order_flow.ship, self.order_id, self.tracking.currentText(),
            self.courier.currentData(), self._session.desk_person_id(),
            question=_("Not enough stock on hand: ship anyway?"),
        )
        if done is not None:
            super().accept()


class CloseDialog(FieldErrorsMixin, QDialog):
    def __init__(self, session: ShopSession, order_ids: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("closeDialog")
        self._session = session
        self.order_ids = list(order_ids)
        self.setWindowTitle(_("Close orders") if len(order_ids) > 1 else _("Close order"))
        self.reason = QComboBox()
        self.reason.setObjectName("closeReason")
        self.reason.setEditable(True)
        self.reason.addItems([_(r) for r in CLOSE_REASONS])
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText(_("Why is the order closed?"))
        self.rows = {"reason": FieldRow(self.reason)}
        form = QFormLayout(self)
        form.addRow(QLabel(_("Closed orders release the goods they hold. This cannot be undone.")))
        form.addRow(_("Reason"), self.rows["reason"])
        form.addRow(_buttons(self, _("Close order")))

    def accept(self) -> None:
        self.clear_errors()
        for order_id in list(self.order_ids):
            done = self._session.bus.run_op(self, order_flow.close, order_id,
                                            self.reason.currentText(),
                                            self._session.desk_person_id())
            if done is None:
                return
            self.order_ids.remove(order_id)
        super().accept()
