"""The right side of the orders page: the selected order at a glance (address, lines, totals,
buyer message), its memo history with flags, and the status moves allowed for the selection
(`order_flow.can_move`): 标记已付款, 买家已确认, 发货…, 已签收, 完成, 关闭订单…, plus 备注/旗帜….
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.core import order_flow, orders, returns, settings
from desk.core.errors import DomainError
from desk.core.money import format_yuan
from desk.core.orders import OrderDetail
from desk.i18n import _
from desk.ui.widgets.buttons import action_button
from desk.ui.orders.actions import MOVES
from desk.ui.orders.list_model import FLAG_COLORS
from desk.ui.orders.memo_dialog import memo_html

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


def detail_html(detail: OrderDetail) -> str:
    """The order as the packer reads it."""
    e = escape
    flag = ""
    if detail.flag in FLAG_COLORS:
        flag = (f" <span style='color:{FLAG_COLORS[detail.flag]}'>●</span> "
                + e(orders.flag_label(detail.flag)))
    lines = "".join(
        f"<tr><td>{e(r.product_code)}</td><td>{e(r.color)}/{e(r.size)}</td>"
        f"<td align='right'>×{r.quantity}</td>"
        f"<td align='right'>{format_yuan(r.amount_fen, True)}</td></tr>"
        for r in detail.lines
    )
    t = detail.totals
    parts = [
        f"<p style='font-size:12pt'><b>{e(detail.number)}</b> · "
        f"{e(orders.status_label(detail.status))}{flag}</p>",
        f"<p>{e(detail.receiver)} {e(detail.phone)}<br>{e(detail.address_line)}</p>",
        f"<table cellspacing='4'>{lines}</table>",
        "<p>" + e(_("Goods {goods} + postage {postage} − discount {discount} = {total}").format(
            goods=format_yuan(t.goods_fen, True), postage=format_yuan(t.postage_fen, True),
            discount=format_yuan(t.discount_fen, True), total=format_yuan(t.total_fen, True)))
        + "</p>",
        "<p>" + e(_("Courier: {courier}").format(
            courier=settings.courier_name(detail.courier) if detail.courier else "—"))
        + "".join(f" · {e(s.tracking_no)}" for s in detail.shipments) + "</p>",
    ]
    return_state = returns.order_return_state(detail.id)
    if return_state:
        parts.append("<p style='color:#c05621'>" + e(_("Return: {state}").format(
            state=return_state)) + "</p>")
    if detail.gift:
        parts.append("<p>" + e(_("Gift: {gift}").format(gift=detail.gift)) + "</p>")
    if detail.buyer_message:
        parts.append("<p>" + e(_("Buyer message: {text}").format(text=detail.buyer_message))
                     .replace("\n", "<br>") + "</p>")
    parts.append("<hr><p><b>" + e(_("Memos")) + "</b></p>" + memo_html(detail))
    return "".join(parts)


class OrderDetailPanel(QWidget):
    move_requested = Signal(str)  # a status key
    memo_requested = Signal()
    edit_requested = Signal()
    return_requested = Signal()  # 申请退换货

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.statuses: list[str] = []
        self.text = QTextBrowser()
        self.text.setObjectName("orderDetail")
        self.text.setOpenLinks(False)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        for index, move in enumerate(MOVES):
            button = action_button(
                _(move.label), move.name,
                lambda _c=False, key=move.to_status: self.move_requested.emit(key), tip=_(move.tip),
            )  # fmt: skip
            self.buttons[move.to_status] = button
            grid.addWidget(button, index // 3, index % 3)
        self.memo_button = action_button(_("Memo / flag…"), "memoButton", self.memo_requested,
                                         tip=_("Ctrl+M"))  # fmt: skip
        self.edit_button = action_button(_("Open order…"), "editOrder", self.edit_requested,
                                         tip=_("Enter or double-click"))  # fmt: skip
        grid.addWidget(self.memo_button, 2, 0)
        grid.addWidget(self.edit_button, 2, 1)
        self.return_button = action_button(
            _("Return / exchange…"), "openReturn", self.return_requested,
            tip=_("申请退换货: open a return, refund or exchange case"),
        )  # fmt: skip
        # its own full row: "申请退换货…" is wider than a third of the panel's 300 px minimum
        self.return_button.setMinimumWidth(self.return_button.sizeHint().width())
        self.return_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        grid.addWidget(self.return_button, 3, 0, 1, 3)
        self.hint = QLabel()
        self.hint.setObjectName("fieldHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.hint)
        layout.addLayout(grid)
        self.show_selection([])

    def show_selection(self, rows: list[orders.OrderRow]) -> None:
        """One order in full; several: how many, and the moves they all allow."""
        self.statuses = [r.status for r in rows]
        if len(rows) == 1:
            try:
                self.text.setHtml(detail_html(orders.get_order(rows[0].id)))
            except DomainError as exc:
                self.text.setPlainText(exc.message)
        elif rows:
            self.text.setHtml("<p>" + escape(_("{count} orders selected").format(
                count=len(rows))) + "</p>")
        else:
            self.text.setHtml("<p style='color:#8a94a6'>" + escape(
                _("Choose an order to see it here.")) + "</p>")
        for status, button in self.buttons.items():
            single_only = status == "shipped"
            allowed = bool(rows) and all(order_flow.can_move(s, status) for s in self.statuses)
            button.setEnabled(allowed and (len(rows) == 1 or not single_only))
        self.memo_button.setEnabled(len(rows) == 1)
        self.edit_button.setEnabled(len(rows) == 1)
        self.return_button.setEnabled(
            len(rows) == 1 and rows[0].status not in ("unpaid", "closed"))
        self.hint.setText(_("Only the moves every selected order allows are enabled.")
                          if len(rows) > 1 else "")
        self.hint.setVisible(len(rows) > 1)
