"""The small dialogs of a case's steps: the return tracking number (a scanner types it and presses
Enter), the refund (the computed amount, confirmed once — a second press never refunds twice)
and rejecting with a reason. A refusal is shown at its field; the dialog keeps what was typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk.core import returns, settings, tracking
from desk.core.money import format_yuan, parse_yuan
from desk.core.returns import CaseDetail
from desk.i18n import N_, _
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

REJECT_REASONS = (
    N_("Outside the 7-day window"),
    N_("Tags removed or goods worn"),
    N_("Custom size or special order: not returnable"),
    N_("The buyer withdrew the request"),
)


def guess_courier(text: str) -> str | None:
    """The one courier whose number format fits what was scanned (None when none or several)."""
    number = "".join(str(text).split()).upper()
    found = [code for code, patterns in tracking.PATTERNS.items()
             if any(p.fullmatch(number) for p in patterns)]  # fmt: skip
    return found[0] if len(found) == 1 else None


def button_box(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class SentBackDialog(FieldErrorsMixin, QDialog):
    """已寄回: the courier and the return tracking number (Enter saves: scanner friendly)."""

    def __init__(self, session: ShopSession, case: CaseDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sentBackDialog")
        self.setWindowTitle(_("Return parcel of {number}").format(number=case.number))
        self._session = session
        self.case_id = case.id
        self.courier = QComboBox()
        self.courier.setObjectName("returnCourier")
        self.courier.setEditable(True)
        for code in settings.COURIERS:
            self.courier.addItem(settings.courier_name(code), code)
        self.courier.setCurrentIndex(-1)
        self.courier.lineEdit().setPlaceholderText(
            _("Courier (found from the number when it can be)")
        )
        self.tracking = QLineEdit()
        self.tracking.setObjectName("returnTracking")
        self.tracking.setPlaceholderText(_("Scan or type the return tracking number"))
        self.tracking.returnPressed.connect(self.accept)
        self.tracking.textChanged.connect(self._on_tracking_changed)
        self._guessed = True  # the courier follows the number until the user chooses one
        self.courier.activated.connect(self._on_courier_chosen)
        self.rows = {"tracking_no": FieldRow(self.tracking), "courier": FieldRow(self.courier)}
        form = QFormLayout(self)
        form.addRow(QLabel(_("{customer} sends back: {items}").format(
            customer=case.customer_name,
            items=", ".join(line.label() for line in case.lines))))  # fmt: skip
        form.addRow(_("Tracking no."), self.rows["tracking_no"])
        form.addRow(_("Courier"), self.rows["courier"])
        form.addRow(button_box(self, _("Save")))
        self.tracking.setFocus()

    def _on_courier_chosen(self, _index: int) -> None:
        self._guessed = False

    def _on_tracking_changed(self, text: str) -> None:
        code = guess_courier(text)
        if self._guessed and code is not None:
            self.courier.setCurrentIndex(self.courier.findData(code))

    def courier_value(self) -> str:
        text = self.courier.currentText().strip()
        index = self.courier.findText(text)
        return self.courier.itemData(index) if index >= 0 else text

    def accept(self) -> None:
        self.clear_errors()
        done = self._session.bus.run_op(
            self, returns.mark_sent_back, self.case_id, self.tracking.text().strip(),
            self.courier_value(), self._session.desk_person_id())  # fmt: skip
        if done is not None:
            super().accept()


class RejectDialog(FieldErrorsMixin, QDialog):
    def __init__(self, session: ShopSession, case: CaseDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rejectDialog")
        self.setWindowTitle(_("Reject {number}").format(number=case.number))
        self._session = session
        self.case_id = case.id
        self.reason = QComboBox()
        self.reason.setObjectName("rejectReason")
        self.reason.setEditable(True)
        self.reason.addItems([_(r) for r in REJECT_REASONS])
        self.reason.setCurrentIndex(-1)
        self.reason.lineEdit().setPlaceholderText(_("Why is the case rejected?"))
        self.rows = {"reason": FieldRow(self.reason)}
        form = QFormLayout(self)
        form.addRow(QLabel(_("Nothing is refunded or put back into stock.")))
        form.addRow(_("Reason"), self.rows["reason"])
        form.addRow(button_box(self, _("Reject")))

    def accept(self) -> None:
        self.clear_errors()
        done = self._session.bus.run_op(self, returns.reject, self.case_id,
                                        self.reason.currentText().strip(),
                                        self._session.desk_person_id())  # fmt: skip
        if done is not None:
            super().accept()


class RefundDialog(FieldErrorsMixin, QDialog):
    """The computed refund, editable up to the most that can be refunded; one refund only."""

    def __init__(self, session: ShopSession, case: CaseDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("refundDialog")
        self.setWindowTitle(_("Refund {number}").format(number=case.number))
        self._session = session
        self.case_id = case.id
        self.refunded = False
        money = case.money
        self.amount = QLineEdit(format_yuan(money.suggested_fen))
        self.amount.setObjectName("refundAmount")
        self.note = QLineEdit()
        self.note.setObjectName("refundNote")
        self.note.setPlaceholderText(_("e.g. refunded through Taobao"))
        self.rows = {
            "amount": FieldRow(
                self.amount,
                _("Computed from the lines and the inspection: {amount}. At most {max}.").format(
                    amount=format_yuan(money.suggested_fen, True),
                    max=format_yuan(money.max_refund_fen, True),
                ),
            ),
            "note": FieldRow(self.note),
        }
        self.rows["amount_fen"] = self.rows["amount"]
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                _(
                    "Refund the buyer of order {number}. This is recorded once and "
                    "cannot be undone."
                ).format(number=case.order_number)
            )
        )
        form.addRow(_("Amount (yuan)"), self.rows["amount"])
        form.addRow(_("Note"), self.rows["note"])
        self.buttons = button_box(self, _("Refund"))
        form.addRow(self.buttons)

    def amount_fen(self) -> int:
        return parse_yuan(self.amount.text(), "amount", _("The refund"))

    def _refund(self):
        return returns.refund(
            self.case_id,
            self._session.desk_person_id(),
            self.amount_fen(),
            self.note.text().strip(),
        )

    def accept(self) -> None:
        if self.refunded:  # a second press while the first is finishing
            return
        self.clear_errors()
        self.buttons.setEnabled(False)
        try:
            result = self._session.bus.run_op(self, self._refund)
        finally:
            self.buttons.setEnabled(True)
        if result is not None:
            self.refunded = True
            super().accept()


class PostageDialog(FieldErrorsMixin, QDialog):
    """Who pays the return postage of an open case: the rules' answer, or another with a note."""

    def __init__(self, session: ShopSession, case: CaseDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("postageDialog")
        self.setWindowTitle(_("Return postage of {number}").format(number=case.number))
        self._session = session
        self.case_id = case.id
        self.payer = QComboBox()
        self.payer.setObjectName("casePayer")
        for key in returns.PAYERS:
            self.payer.addItem(returns.payer_label(key), key)
        self.payer.setCurrentIndex(max(0, self.payer.findData(case.postage_payer)))
        self.insured = QCheckBox(_("The buyer has return-postage insurance (运费险)"))
        self.insured.setObjectName("casePayerInsured")
        self.insured.setChecked(case.insured)
        self.note = QLineEdit(case.postage_note)
        self.note.setObjectName("casePayerNote")
        self.note.setPlaceholderText(_("Why the postage is paid otherwise"))
        self.rows = {"postage_payer": FieldRow(self.payer), "postage_note": FieldRow(self.note)}
        self.rows["payer"] = self.rows["postage_payer"]
        self.rows["note"] = self.rows["postage_note"]
        rule = returns.postage_payer(case.reason, case.insured)
        form = QFormLayout(self)
        form.addRow(QLabel(_("By the rules: {payer}").format(payer=returns.payer_label(rule))))
        form.addRow(_("Paid by"), self.rows["postage_payer"])
        form.addRow("", self.insured)
        form.addRow(_("Note"), self.rows["postage_note"])
        form.addRow(button_box(self, _("Save")))

    def accept(self) -> None:
        self.clear_errors()
        done = self._session.bus.run_op(
            self, returns.set_postage, self.case_id, self.payer.currentData(),
            self.note.text().strip(), self.insured.isChecked(),
            self._session.desk_person_id())  # fmt: skip
        if done is not None:
            super().accept()
