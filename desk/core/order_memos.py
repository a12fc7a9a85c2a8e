"""Flags (旗帜) and the memo history of an order: every memo is a new row (who, when, what, the
flag it carries), never an overwritten text; a flag change leaves a memo line too. Read marks
say who read the memos and when (the pre-print check blocks on an unread red/yellow one)."""

from __future__ import annotations

from desk.core import changes, order_draft, orders
from desk.core.changes import Changes
from desk.core.errors import ValidationError
from desk.i18n import _
from desk.models import Order, OrderMemo
from desk.models.base import now


def add_memo(order_id: int, text: str, flag: str | None = None,
             staff_id: int | None = None) -> Changes:
    """A memo (with a flag colour, which becomes the order's flag when given)."""
    text = order_draft.clean_memo(text)
    if not text:
        raise ValidationError(_("Write the memo first."), "memo")
    flag = order_draft.clean_flag(flag)
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order_draft.require_order(order_id, editable=True)
        at = now()
        OrderMemo.create(order=order_id, flag=flag, text=text, staff=staff_id, at=at)
        values = {"updated_at": at}
        if flag is not None:
            values["flag"] = flag
        Order.update(**values).where(Order.id == order_id).execute()
    return Changes.of(changes.ORDERS)


def set_flag(order_id: int, flag: str | None, staff_id: int | None = None) -> Changes:
    """Set or remove the order's flag; recorded as a memo line ("旗帜改为 …"). Setting the flag
    it already has changes nothing."""
    flag = order_draft.clean_flag(flag)
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order = order_draft.require_order(order_id, editable=True)
        if order.flag == flag:
            return Changes()
        at = now()
        OrderMemo.create(order=order_id, flag=flag, text=orders.flag_memo_text(flag),
                         staff=staff_id, at=at)
        Order.update(flag=flag, updated_at=at).where(Order.id == order_id).execute()
    return Changes.of(changes.ORDERS)


def mark_memos_read(order_id: int, staff_id: int | None) -> Changes:
    """Every unread memo of the order read now, by `staff_id`."""
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order_draft.require_order(order_id)
        marked = (
            OrderMemo.update(read_at=now(), read_by=staff_id)
            .where((OrderMemo.order == order_id) & OrderMemo.read_at.is_null())
            .execute()
        )
    return Changes.of(changes.ORDERS) if marked else Changes()
