"""申请退换货: a new case from an order. Tick the lines and how many of each, the kind, the reason
(其他 with its words), 运费险; the 7-day window, who pays the return postage (by the rules,
overridable with a note) and the refund estimate are shown live from `returns.preview`, so the
user sees the rules' verdict before saving. An order not shipped yet can only be refunded whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import returns, variants
from desk.core.errors import DomainError
from desk.core.money import format_yuan
from desk.core.returns import OpenPreview, ReturnableLine, ReturnDraft, ReturnLineDraft
from desk.i18n import _
from desk.ui import messages
from desk.ui.returns.step_dialogs import button_box
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

TICK, ITEM, PAID, LEFT, QTY, NEW = range(6)
WARN_STYLE = "color: #c53030;"


def variant_choices(product_id: int | None) -> list[tuple[str, int, int]]:
    """(label with stock, variant id, available) of a product's shown variants."""
    if product_id is None:
        return []
    rows = [v for v in variants.list_variants(product_id) if not v.hidden]
    return [
        (
            _("{color}/{size} · {available} available").format(
                color=v.color, size=v.size, available=v.available
            ),
            v.id,
            v.available,
        )
        for v in rows
    ]


class OpenCaseDialog(FieldErrorsMixin, QDialog):
    opened = Signal(int)  # the new case's id

    def __init__(self, session: ShopSession, order_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("openCaseDialog")
        self._session = session
        self.order_id = order_id
        self.case_id: int | None = None
        self.first = returns.preview(ReturnDraft(order_id, "return_refund", "size_small"))
        self.lines: tuple[ReturnableLine, ...] = self.first.lines
        self.setWindowTitle(_("Return / exchange for order {number}").format(
            number=self.first.order_number))  # fmt: skip
        self.resize(820, 640)

        self.table = QTableWidget(len(self.lines), 6)
        self.table.setObjectName("returnLines")
        self.table.setHorizontalHeaderLabels([_("Return"), _("Item"), _("Paid"), _("Left"),
                                              _("Quantity"), _("Exchange for")])  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        for column, width in ((TICK, 56), (PAID, 90), (LEFT, 50), (QTY, 70), (NEW, 220)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        self.ticks: list[QCheckBox] = []
        self.quantities: list[QSpinBox] = []
        self.new_variants: list[QComboBox] = []
        for row, line in enumerate(self.lines):
            self._add_line(row, line)

        self.kind = QComboBox()
        self.kind.setObjectName("caseKind")
        for key in returns.KINDS:
            self.kind.addItem(returns.kind_label(key), key)
        self.reason = QComboBox()
        self.reason.setObjectName("caseReason")
        for key in returns.REASONS:
            self.reason.addItem(returns.reason_label(key), key)
        self.reason_text = QLineEdit()
        self.reason_text.setObjectName("reasonText")
        self.reason_text.setPlaceholderText(_("In the buyer's words (required for Other)"))
        self.insured = QCheckBox(_("The buyer has return-postage insurance (运费险)"))
        self.insured.setObjectName("caseInsured")
        self.payer = QComboBox()
        self.payer.setObjectName("postagePayer")
        self.payer.addItem("", None)  # "by the rules: …", filled live
        for key in returns.PAYERS:
            self.payer.addItem(returns.payer_label(key), key)
        self.postage_note = QLineEdit()
        self.postage_note.setObjectName("postageNote")
        self.postage_note.setPlaceholderText(_("Why the postage is paid otherwise"))
        self.note = QLineEdit()
        self.note.setObjectName("caseNote")
        self.window_label = QLabel()
        self.window_label.setObjectName("caseWindow")
        self.window_label.setWordWrap(True)
        self.estimate = QLabel()
        self.estimate.setObjectName("refundEstimate")
        self.warnings = QLabel()
        self.warnings.setObjectName("caseWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARN_STYLE)
        self.rows = {
            "lines": FieldRow(self.table),
            "kind": FieldRow(self.kind),
            "reason": FieldRow(self.reason),
            "reason_text": FieldRow(self.reason_text),
            "postage_payer": FieldRow(self.payer),
            "postage_note": FieldRow(self.postage_note),
            "note": FieldRow(self.note),
        }
        form = QFormLayout()
        form.addRow(_("Kind"), self.rows["kind"])
        form.addRow(_("Reason"), self.rows["reason"])
        form.addRow("", self.rows["reason_text"])
        form.addRow("", self.insured)
        form.addRow(_("Return postage"), self.rows["postage_payer"])
        form.addRow("", self.rows["postage_note"])
        form.addRow(_("Note"), self.rows["note"])
        form.addRow(_("7-day window"), self.window_label)
        self.estimate_label = QLabel(_("Refund"))
        form.addRow(self.estimate_label, self.estimate)
        head = QLabel(
            _("Order {number} · {status}").format(
                number=self.first.order_number, status=_order_status(self.first.order_status)
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.rows["lines"], 1)
        layout.addLayout(form)
        layout.addWidget(self.warnings)
        self.buttons = button_box(self, _("Open case"))
        layout.addWidget(self.buttons)

        for combo in (self.kind, self.reason, self.payer):
            combo.currentIndexChanged.connect(self.update_preview)
        self.insured.toggled.connect(self.update_preview)
        self.reason_text.textChanged.connect(self.update_preview)
        if not self.first.shipped:  # paid, not shipped: the whole order is refunded
            self.kind.setCurrentIndex(self.kind.findData("refund_only"))
            self.kind.setEnabled(False)
            for tick, spin in zip(self.ticks, self.quantities, strict=True):
                tick.setChecked(spin.maximum() > 0)
                spin.setValue(spin.maximum())
                tick.setEnabled(False)
                spin.setEnabled(False)
        elif len(self.lines) == 1 and self.lines[0].returnable:
            self.ticks[0].setChecked(True)  # one line: that is the one
        self.update_preview()

    def _add_line(self, row: int, line: ReturnableLine) -> None:
        tick = QCheckBox()
        tick.setObjectName(f"returnLine{row}")
        tick.setEnabled(line.returnable > 0)
        spin = QSpinBox()
        spin.setObjectName(f"returnQty{row}")
        spin.setRange(0, line.returnable)
        tick.toggled.connect(lambda on, s=spin: self._on_tick(on, s))
        spin.valueChanged.connect(lambda value, t=tick: self._on_quantity(value, t))
        combo = QComboBox()
        combo.setObjectName(f"exchangeVariant{row}")
        for label, variant_id, _available in variant_choices(line.product_id):
            combo.addItem(label, variant_id)
        combo.setCurrentIndex(max(0, combo.findData(line.variant_id)))
        combo.currentIndexChanged.connect(self.update_preview)
        self.table.setCellWidget(row, TICK, tick)
        label = f"{line.product_code} {line.color}/{line.size} ×{line.ordered}"
        item = QTableWidgetItem(label)
        item.setToolTip(line.product_name)
        self.table.setItem(row, ITEM, item)
        paid = QTableWidgetItem(format_yuan(line.amount_fen, True))
        paid.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, PAID, paid)
        left = QTableWidgetItem(str(line.returnable))
        if line.already_returned:
            left.setToolTip(_("{count} already in other cases").format(
                count=line.already_returned))  # fmt: skip
        self.table.setItem(row, LEFT, left)
        for column in (ITEM, PAID, LEFT):
            cell = self.table.item(row, column)
            cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setCellWidget(row, QTY, spin)
        self.table.setCellWidget(row, NEW, combo)
        self.ticks.append(tick)
        self.quantities.append(spin)
        self.new_variants.append(combo)

    def _on_tick(self, on: bool, spin: QSpinBox) -> None:
        if on and spin.value() == 0:
            spin.setValue(spin.maximum())
        elif not on and spin.value():
            spin.blockSignals(True)
            spin.setValue(0)
            spin.blockSignals(False)
        self.update_preview()

    def _on_quantity(self, value: int, tick: QCheckBox) -> None:
        if tick.isChecked() != (value > 0):
            tick.blockSignals(True)
            tick.setChecked(value > 0)
            tick.blockSignals(False)
        self.update_preview()

    # -- the draft and the live verdicts ------------------------------------------------------
    def set_line(self, row: int, quantity: int, variant_id: int | None = None) -> None:
        """Tick a line with `quantity` pieces (and the exchange variant), as the user would."""
        self.quantities[row].setValue(quantity)
        if variant_id is not None:
            self.new_variants[row].setCurrentIndex(self.new_variants[row].findData(variant_id))

    def draft(self) -> ReturnDraft:
        exchange = self.kind.currentData() == "exchange"
        lines = tuple(
            ReturnLineDraft(line.order_line_id, spin.value(),
                            combo.currentData() if exchange else None)
            for line, tick, spin, combo in zip(self.lines, self.ticks, self.quantities,
                                               self.new_variants, strict=True)
            if tick.isChecked() and spin.value() > 0
        )  # fmt: skip
        return ReturnDraft(
            order_id=self.order_id,
            kind=self.kind.currentData(),
            reason=self.reason.currentData(),
            lines=lines,
            reason_text=self.reason_text.text().strip(),
            insured=self.insured.isChecked(),
            postage_payer=self.payer.currentData(),
            postage_note=self.postage_note.text().strip(),
            note=self.note.text().strip(),
        )

    def update_preview(self, *args) -> OpenPreview | None:
        exchange = self.kind.currentData() == "exchange"
        self.table.setColumnHidden(NEW, not exchange)
        self.reason_text.setEnabled(True)
        try:
            shown = returns.preview(self.draft())
        except DomainError as exc:
            self.warnings.setText(exc.message)
            self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(False)
            return None
        self.payer.setItemText(0, _("By the rules: {payer}").format(
            payer=returns.payer_label(shown.postage_payer)))  # fmt: skip
        overridden = self.payer.currentData() not in (None, shown.postage_payer)
        self.postage_note.setVisible(overridden)
        window = shown.window
        self.window_label.setText(window.message or _("Not shipped yet"))
        self.window_label.setStyleSheet(WARN_STYLE if window.passed else "")
        if exchange:  # nothing is refunded: the new items go out instead
            self.estimate_label.setText(_("Price difference"))
            self.estimate.setText(difference_text(shown.price_difference_fen))
        else:
            self.estimate_label.setText(_("Refund"))
            self.estimate.setText(_("about {amount}").format(
                amount=format_yuan(shown.refund_estimate_fen, True)))  # fmt: skip
        notes = ([shown.refusal] if shown.refusal else []) + [
            w for w in shown.warnings if w != window.message]  # fmt: skip
        self.warnings.setText("\n".join(notes))
        self.warnings.setVisible(bool(notes))
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(not shown.refusal)
        return shown

    def accept(self) -> None:
        self.clear_errors()
        result = self._session.bus.run_op(self, returns.open_case, self.draft(),
                                          self._session.desk_person_id())  # fmt: skip
        if result is None:
            return
        self.case_id = result[0].id
        self.opened.emit(self.case_id)
        super().accept()


def difference_text(fen: int) -> str:
    """An exchange's price difference in words (no refund is shown for an exchange)."""
    if fen > 0:
        return _("The buyer pays {amount} more").format(amount=format_yuan(fen, True))
    if fen < 0:
        return _("The new items cost {amount} less").format(amount=format_yuan(-fen, True))
    return _("None (same price)")


def _order_status(status: str) -> str:
    from desk.core import orders

    return orders.status_label(status)


def open_case_dialog(parent: QWidget, session: ShopSession,
                     order_id: int) -> OpenCaseDialog | None:  # fmt: skip
    """申请退换货 for the order, window-modal (not blocking); None when it cannot have one."""
    try:
        dialog = OpenCaseDialog(session, order_id, parent)
    except DomainError as exc:
        messages.warning(parent, exc.message)
        return None
    if dialog.first.refusal:
        messages.warning(parent, dialog.first.refusal)
        dialog.deleteLater()
        return None
    from desk.ui.returns.cases_panel import show_in_returns

    dialog.opened.connect(lambda case_id: show_in_returns(parent, case_id))  # the next step
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
