"""The pre-print check (审单): before labels are printed for a selection, each order is looked
at once more, and what would go wrong is said per order.

Blocks (the label must not be printed): not paid; not confirmed by the buyer; closed, merged into
another order or already shipped; no lines, or a line without colour or size; the address
incomplete (receiver, phone, province, street) or the phone not a phone number; an open return
case (a refund requested before shipping).

Warnings (print if you are sure): the label was printed before (a reprint); an unread red or
yellow memo (red: the standard order notes, yellow: a special courier request — read them
first); another open order (not shipped, closed or merged) to the same phone taken within 48
hours of this one — `merge_with` names those that `order_merge.merge_orders` would accept.
`now` says how long an unpaid order has waited.

Every sentence names the order. The check reads only: a handful of queries for the whole
selection.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from desk.core import order_merge, orders, phones
from desk.core.order_search import json_list
from desk.db.connection import db
from desk.i18n import _
from desk.models import Order
from desk.models.base import now as _now

MERGE_WINDOW = datetime.timedelta(hours=48)
#: Orders still on their way: a parcel could still take them along.
OPEN_STATUSES = ("unpaid", "paid", "confirmed", "printed")
SHIPPED = ("shipped", "signed", "completed")
#: Memo flags that must be read before printing.
READ_FIRST = ("red", "yellow")
MEMO_PREVIEW = 40


@dataclass(frozen=True)
class CheckResult:
    order_id: int
    number: str
    blocks: tuple[str, ...]
    warnings: tuple[str, ...]
    merge_with: tuple[int, ...]  # open orders of the same buyer and address that can merge

    @property
    def ok(self) -> bool:
        """Nothing blocks printing (warnings may remain)."""
        return not self.blocks


def _pending_refund(order_id: int) -> str | None:
    """The number of an open return case of the order (a refund requested and not finished),
    or None. Such an order must not be printed: the refund stops it (Returns closes it)."""
    row = db.execute_sql(
        "SELECT number FROM return_case WHERE order_id = ?"
        " AND status NOT IN ('completed', 'rejected', 'refunded') ORDER BY id LIMIT 1",
        (order_id,),
    ).fetchone()
    return row[0] if row else None


def _final_block(order: Order) -> str | None:
    """Merged, closed or shipped: nothing else about the order matters then."""
    number = order.number
    if order.merged_into_id is not None:
        into = Order.get_or_none(Order.id == order.merged_into_id)
        return _("Order {number} was merged into order {other}: print that one.").format(
            number=number, other=into.number if into else "?")
    if order.status == "closed":
        return _("Order {number} is closed.").format(number=number)
    if order.status in SHIPPED:
        return _("Order {number} has already been shipped.").format(number=number)
    return None


def _status_blocks(order: Order, now: datetime.datetime) -> list[str]:
    number = order.number
    if order.status == "unpaid":
        hours = int((now - order.created_at).total_seconds() // 3600)
        if hours >= 1:
            return [_("Order {number} is not paid yet (taken {hours} hours ago).").format(
                number=number, hours=hours)]
        return [_("Order {number} is not paid yet.").format(number=number)]
    if order.status == "paid":
        return [_("Order {number} is not confirmed by the buyer yet.").format(number=number)]
    return []


def _line_blocks(order: Order, lines: list[tuple]) -> list[str]:
    number = order.number
    if not lines:
        return [_("Order {number} has no items.").format(number=number)]
    found = []
    for position, (code, color, size) in enumerate(lines, 1):
        if not color.strip():
            found.append(_("Order {number}, line {line} ({code}): the colour is missing.").format(
                number=number, line=position, code=code))
        if not size.strip():
            found.append(_("Order {number}, line {line} ({code}): the size is missing.").format(
                number=number, line=position, code=code))
    return found


def _address_blocks(order: Order) -> list[str]:
    number = order.number
    found = []
    if not order.receiver.strip():
        found.append(_("Order {number}: the receiver's name is missing.").format(number=number))
    if not order.phone.strip():
        found.append(_("Order {number}: the phone number is missing.").format(number=number))
    elif phones.normalize_phone(order.phone) is None:
        found.append(_("Order {number}: {phone} is not a phone number.").format(
            number=number, phone=order.phone))
    if not order.province.strip():
        found.append(_("Order {number}: the province is missing from the address.").format(
            number=number))
    if not order.street.strip():
        found.append(_("Order {number}: the street address is missing.").format(number=number))
    return found


def _memo_warnings(order: Order, memos: list[tuple]) -> list[str]:
    found = []
    for flag, text in memos:
        preview = " ".join(text.split())
        if len(preview) > MEMO_PREVIEW:
            preview = preview[:MEMO_PREVIEW] + "…"
        found.append(_("Order {number} has an unread memo ({flag}): {memo}").format(
            number=order.number, flag=orders.flag_label(flag), memo=preview))
    return found


def _siblings(order: Order, candidates: list[Order]) -> list[Order]:
    """Open orders to the same phone taken within 48 hours of this one (before or after)."""
    return [
        other for other in candidates
        if other.id != order.id and other.phone == order.phone
        and abs(other.created_at - order.created_at) <= MERGE_WINDOW
    ]


def _open_orders_to(phone_list: list[str]) -> list[Order]:
    """Open orders to these phones, oldest first (through the phone index: SQLite would
    otherwise read every unmerged order through the merged_into index)."""
    if not phone_list:
        return []
    ids = [r[0] for r in db.execute_sql(
        'SELECT id FROM "order" INDEXED BY order_phone WHERE phone IN'
        f" (SELECT value FROM json_each(?)) AND status IN ({','.join('?' * len(OPEN_STATUSES))})"
        " AND merged_into_id IS NULL",
        (json_list(phone_list), *OPEN_STATUSES),
    )]
    return list(Order.select().where(Order.id.in_(ids)).order_by(Order.created_at, Order.id))


def check_before_print(order_ids: Iterable[int], now: datetime.datetime | None = None
                       ) -> list[CheckResult]:
    """One result per order, in the order given (an order that no longer exists is blocked)."""
    now = now or _now()
    ids = list(dict.fromkeys(order_ids))
    if not ids:
        return []
    found = {o.id: o for o in Order.select().where(Order.id.in_(ids))}
    marks = ",".join("?" * len(ids))
    lines: dict[int, list[tuple]] = {}
    for order_id, code, color, size in db.execute_sql(
        "SELECT order_id, product_code, color, size FROM order_line"
        f" WHERE order_id IN ({marks}) ORDER BY order_id, position, id",
        ids,
    ):
        lines.setdefault(order_id, []).append((code, color, size))
    memos: dict[int, list[tuple]] = {}
    for order_id, flag, text in db.execute_sql(
        f"SELECT order_id, flag, text FROM order_memo WHERE order_id IN ({marks})"
        f" AND read_at IS NULL AND flag IN ({','.join('?' * len(READ_FIRST))})"
        " ORDER BY order_id, at, id",
        [*ids, *READ_FIRST],
    ):
        memos.setdefault(order_id, []).append((flag, text))
    open_orders = _open_orders_to(sorted({o.phone for o in found.values() if o.phone}))
    results = []
    for order_id in ids:
        order = found.get(order_id)
        if order is None:
            results.append(CheckResult(order_id, "", (_("This order no longer exists."),), (), ()))
            continue
        final = _final_block(order)
        if final is not None:
            results.append(CheckResult(order.id, order.number, (final,), (), ()))
            continue
        blocks = _status_blocks(order, now)
        blocks += _line_blocks(order, lines.get(order_id, []))
        blocks += _address_blocks(order)
        warnings = []
        if order.status == "printed":
            warnings.append(_("The label of order {number} was printed before: printing again "
                              "is a reprint.").format(number=order.number))
        warnings += _memo_warnings(order, memos.get(order_id, []))
        merge_with: tuple[int, ...] = ()
        siblings = _siblings(order, open_orders) if order.phone else []
        if siblings:
            warnings.append(_("Order {number}: order {others} to the same phone is still open "
                              "(taken within 48 hours): ship them together?").format(
                number=order.number, others=", ".join(o.number for o in siblings)))
            merge_with = tuple(o.id for o in siblings
                               if order_merge.merge_refusal(order, o) is None)
        refund_case = _pending_refund(order_id)
        if refund_case:
            blocks.append(_("Order {number} has a refund requested (return case {case}): do not "
                            "ship it.").format(number=order.number, case=refund_case))
        results.append(CheckResult(order.id, order.number, tuple(blocks), tuple(warnings),
                                   merge_with))
    return results
