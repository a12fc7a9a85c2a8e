"""Merging orders of one buyer to one address (合并订单) into one parcel.

The user picks the order that stays (主订单); the dialog shows what the merged order will hold —
the lines combined, postage, discount and total — and every word that is kept: each order's buyer
message and gift (marked with its order number) and every memo of every order, with who wrote it
and when. 合并 asks once more, then calls `order_merge.merge_orders` (one transaction); a refusal
(another address, printed already, paid and unpaid mixed…) is said in the user's words and
nothing changes.

The preview combines lines as the merge does (the same variant at the same price adds up); the
merge itself is done, and checked, by the core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.core import order_merge, orders
from desk.core.errors import DomainError
from desk.core.money import format_yuan
from desk.core.orders import LineRow, OrderDetail
from desk.i18n import _
from desk.ui import messages

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


def combined_lines(details: list[OrderDetail]) -> list[list]:
    """[货号, 名称, 颜色, 尺码, 数量, 单价, 金额] rows as the merge will make them (main first)."""
    combined: dict[tuple, list] = {}
    for detail in details:
        for row in detail.lines:
            key = _key(row)
            if key in combined:
                combined[key][4] += row.quantity
                combined[key][6] += row.amount_fen
            else:
                combined[key] = [row.product_code, row.product_name, row.color, row.size,
                                 row.quantity, row.unit_price_fen, row.amount_fen]  # fmt: skip
    return list(combined.values())


def _key(row: LineRow) -> tuple:
    if row.variant_id is not None:
        return (row.variant_id, row.unit_price_fen)
    return (None, row.product_code, row.product_name, row.color, row.size, row.unit_price_fen)


def kept_words(details: list[OrderDetail]) -> list[str]:
    """Every buyer message, gift and memo of the orders, each once, for the preview."""
    out = []
    for detail in details:
        if detail.buyer_message.strip():
            out.append(_("Buyer message of {number}: {text}").format(
                number=detail.number, text=detail.buyer_message.strip()))
        if detail.gift.strip():
            out.append(_("Gift of {number}: {text}").format(number=detail.number,
                                                           text=detail.gift.strip()))
    for detail in details:
        for memo in detail.memos:
            flag = orders.flag_label(memo.flag)
            who = memo.staff_name or "—"
            out.append(_("Memo of {number} ({who}, {at}{flag}): {text}").format(
                number=detail.number, who=who, at=memo.at.strftime("%m-%d %H:%M"),
                flag=f", {flag}" if flag else "", text=memo.text))  # fmt: skip
    return out


class MergeOrdersDialog(QDialog):
    def __init__(self, session: ShopSession, order_ids: list[int],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("mergeOrdersDialog")
        self.setWindowTitle(_("Merge orders"))
        self.resize(760, 640)
        self._session = session
        self.details: list[OrderDetail] = []
        self.error: str | None = None
        self.merged: OrderDetail | None = None
        try:
            ids = list(dict.fromkeys(order_ids))
            if len(ids) < 2:
                raise DomainError(_("Choose at least two orders to merge."))
            self.details = [orders.get_order(i) for i in ids]
        except DomainError as exc:
            self.error = exc.message

        intro = QLabel(_("The orders become one parcel. Choose the order that stays; the others "
                         "are merged into it. Every memo, buyer message and gift is kept."))  # fmt: skip
        intro.setWordWrap(True)
        self.main_group = QButtonGroup(self)
        mains = QVBoxLayout()
        first = min(self.details, key=lambda d: (d.created_at, d.id)) if self.details else None
        for detail in self.details:
            text = _("{number} · {status} · {total} · {lines}").format(
                number=detail.number, status=orders.status_label(detail.status),
                total=format_yuan(detail.totals.total_fen, True),
                lines=", ".join(line.label() for line in detail.lines) or "—")  # fmt: skip
            button = QRadioButton(text)
            button.setObjectName(f"main_{detail.id}")
            button.setProperty("order_id", detail.id)
            button.setChecked(detail is first)
            self.main_group.addButton(button)
            mains.addWidget(button)
        self.main_group.buttonClicked.connect(lambda _b: self._update())

        self.lines = QTableWidget(0, 7)
        self.lines.setObjectName("mergedLines")
        self.lines.setHorizontalHeaderLabels([_("Item code"), _("Product name"), _("Colour"),
                                              _("Size"), _("Quantity"), _("Unit price"),
                                              _("Amount")])  # fmt: skip
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.lines.verticalHeader().setVisible(False)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.totals = QLabel()
        self.totals.setObjectName("mergedTotals")
        self.words = QTextBrowser()
        self.words.setObjectName("keptWords")
        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton(_("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("confirmOrderMerge")
        self.merge_button.setDefault(True)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(_("Order that stays:")))
        layout.addLayout(mains)
        layout.addWidget(QLabel(_("After merging:")))
        layout.addWidget(self.lines, 2)
        layout.addWidget(self.totals)
        layout.addWidget(QLabel(_("Kept memos, buyer messages and gifts:")))
        layout.addWidget(self.words, 1)
        layout.addWidget(buttons)
        if self.error is None:
            self._update()
        else:
            self.merge_button.setEnabled(False)

    # -- preview ---------------------------------------------------------------------------
    def main_id(self) -> int:
        button = self.main_group.checkedButton()
        return int(button.property("order_id"))

    def choose_main(self, order_id: int) -> None:
        for button in self.main_group.buttons():
            if button.property("order_id") == order_id:
                button.setChecked(True)
        self._update()

    def ordered(self) -> list[OrderDetail]:
        main = self.main_id()
        return sorted(self.details, key=lambda d: d.id != main)  # stable: main first

    def _update(self) -> None:
        details = self.ordered()
        rows = combined_lines(details)
        self.lines.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, row in enumerate(rows):
            values = row[:4] + [str(row[4]), format_yuan(row[5], True), format_yuan(row[6], True)]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c >= 4:
                    item.setTextAlignment(right)
                self.lines.setItem(r, c, item)
        goods = sum(row[6] for row in rows)
        postage = max(d.totals.postage_fen for d in details)
        discount = min(sum(d.totals.discount_fen for d in details), goods + postage)
        self.totals.setText(_("Goods {goods} + postage {postage} − discount {discount} = "
                              "{total}").format(
            goods=format_yuan(goods, True), postage=format_yuan(postage, True),
            discount=format_yuan(discount, True),
            total=format_yuan(goods + postage - discount, True)))  # fmt: skip
        self.words.setPlainText("\n".join(kept_words(details)) or _("(none)"))

    # -- merging ---------------------------------------------------------------------------
    def merge(self) -> None:
        main = self.main_id()
        others = [d for d in self.details if d.id != main]
        number = next(d.number for d in self.details if d.id == main)
        question = _("Merge orders {others} into order {main}? The merged orders leave the "
                     "list; this cannot be undone.").format(
            others=", ".join(d.number for d in others), main=number)  # fmt: skip
        if not messages.confirm(self, question, _("Merge")):
            return
        done = self._session.bus.run_op(self, order_merge.merge_orders, main,
                                        [d.id for d in others],
                                        self._session.desk_person_id())  # fmt: skip
        if done is None:
            return
        self.merged = done[0]
        self.accept()

    def exec(self) -> int:
        if self.error is not None:
            messages.warning(self.parentWidget(), self.error)
            return QDialog.DialogCode.Rejected
        return super().exec()


def run_merge_dialog(parent: QWidget | None, session: ShopSession, order_ids: list[int]) -> bool:
    """Merge `order_ids` into the one the user chooses; True when merged."""
    dialog = MergeOrdersDialog(session, order_ids, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted and dialog.merged is not None
    finally:
        dialog.deleteLater()
