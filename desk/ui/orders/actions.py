"""Status moves of the orders page (标记已付款, 买家已确认, 发货, 已签收, 完成, 关闭订单), run
through the event bus; a move that needs more than stock there is asks first
("库存不足，仍然…？") and then goes ahead with `allow_negative=True`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from desk.core import order_flow
from desk.core.stock import InsufficientStock
from desk.i18n import N_, _
from desk.ui import messages

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


@dataclass(frozen=True)
class Move:
    to_status: str
    label: str  # N_
    tip: str  # N_
    name: str  # the button's object name


MOVES = (
    Move("paid", N_("Mark paid"), N_("The buyer paid: the goods are reserved"), "markPaid"),
    Move("confirmed", N_("Buyer confirmed"),
         N_("The buyer agreed to the confirmation sheet"), "markConfirmed"),
    Move("shipped", N_("Ship…"), N_("Enter the tracking number"), "markShipped"),
    Move("signed", N_("Signed for"), N_("The buyer received the parcel"), "markSigned"),
    Move("completed", N_("Complete"), N_("The order is done"), "markCompleted"),
    Move("closed", N_("Close order…"), N_("Cancel the order, with a reason"), "markClosed"),
)


def run_stock_op(parent: QWidget | None, session: ShopSession, fn: Callable[..., Any],
                 *args: Any, question: str | None = None, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` through the bus; when stock is short, ask and, if the user says so,
    try again with `allow_negative=True`. None when refused or cancelled."""

    def attempt() -> Any:
        try:
            return fn(*args, **kwargs)
        except InsufficientStock as exc:
            return exc

    result = session.bus.run_op(parent, attempt)
    if not isinstance(result, InsufficientStock):
        return result
    text = (question or _("Not enough stock: save anyway?")) + "\n\n" + result.message
    if not messages.confirm(parent, text, _("Go ahead anyway")):
        return None
    return session.bus.run_op(parent, fn, *args, allow_negative=True, **kwargs)


def simple_move(parent: QWidget | None, session: ShopSession, order_ids: list[int],
                to_status: str) -> bool:
    """Pay, confirm, sign or complete every order (one service call each); True when all
    moved."""
    staff_id = session.desk_person_id()
    for order_id in order_ids:
        if to_status == "paid":
            done = run_stock_op(parent, session, order_flow.pay, order_id, staff_id,
                                question=_("Not enough stock to reserve: mark paid anyway?"))
        else:
            fn = {"confirmed": order_flow.confirm, "signed": order_flow.sign,
                  "completed": order_flow.complete}[to_status]
            done = session.bus.run_op(parent, fn, order_id, staff_id)
        if done is None:
            return False
    return True


def open_return(parent: QWidget, session: ShopSession, order_id: int):
    """申请退换货 for the order: the Returns feature's new-case dialog (None when refused)."""
    from desk.ui.returns.open_dialog import open_case_dialog

    return open_case_dialog(parent, session, order_id)
