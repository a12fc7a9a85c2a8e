"""Merging orders (合并订单): several orders of one buyer to one address become one parcel.

The rules, kept simple on purpose:

- **Who**: the same buyer (the same customer, or the same phone number) and the same address
  (receiver, province, city, district and street, ignoring spaces and punctuation); only orders
  whose label is not printed and that are not closed or merged already (status unpaid, paid or
  confirmed); all unpaid, or all paid — an unpaid order is not merged into a paid one (it would
  ship unpaid goods) nor the other way round.
- **Lines**: the main order's lines first, then each other order's; a line of the same variant at
  the same unit price adds its quantity (and its line discount) to the earlier one. Lines keep
  their text snapshot.
- **Money**: goods = the combined lines; postage = the highest postage of the orders (one parcel
  now), unless the caller gives another; order discount = the sum of the orders' discounts
  (never more than goods + postage); the total is recomputed.
- **Words kept**: every memo of every order moves to the main order (with its author, time, flag
  and read mark); buyer messages are combined, each marked with its order number (when the
  combination would pass MAX_MESSAGE, the other orders' messages go into memos instead); gifts
  are combined the same way. The main order keeps its flag (or takes the first other order's
  when it has none); a memo on the main order records the merge and every other order's flag.
- **Status**: the main order keeps its status, except that a confirmed main order merged with an
  order the buyer has not confirmed goes back to paid: the buyer confirms the combined order.
- **Stock**: for paid orders the held quantities move with the lines, through the stock service so
  that the stock log says which order holds them: each other order releases what it held
  (note "merged into …") and the main order reserves what its lines now ask for (note "merged
  from …"); available stock does not change.
- **Record**: the other orders get `merged_into` = the main order (they keep their lines, as they
  were, and leave lists and counts) and an OrderEvent "merge" on every order (the note: the other
  orders' numbers, or the main order's number). The customers' figures are recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable

from desk.core import (
    changes,
    customer_search,
    customers,
    order_draft,
    order_flow,
    order_read,
    orders,
    phones,
    stock,
)
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.money import MAX_FEN
from desk.core.order_draft import CleanLine
from desk.i18n import _
from desk.models import Order, OrderEvent, OrderLine, OrderMemo
from desk.models.base import now

#: Statuses in which an order can be merged (its label not printed yet).
MERGEABLE = orders.EDITABLE_LINES


def address_key(order: Order) -> tuple[str, ...]:
    """The address compared by a merge: receiver and address, letters and digits only."""
    return tuple(
        customer_search.normalize(part)
        for part in (order.receiver, order.province, order.city, order.district, order.street)
    )


def _phone(order: Order) -> str:
    parsed = phones.normalize_phone(order.phone) if order.phone else None
    return parsed.text if parsed else (order.phone or "").strip()


def same_buyer(a: Order, b: Order) -> bool:
    if a.customer_id is not None and a.customer_id == b.customer_id:
        return True
    return bool(_phone(a)) and _phone(a) == _phone(b)


def merge_refusal(main: Order, other: Order) -> str | None:
    """Why `other` cannot be merged into `main` (a sentence naming the order), or None."""
    for order in (main, other):
        if order.merged_into_id is not None:
            return _("Order {number} is already merged into another order.").format(
                number=order.number)
        if order.status not in MERGEABLE:
            return _("Order {number} is {status}: only orders whose label is not printed yet "
                     "can be merged.").format(number=order.number,
                                              status=orders.status_label(order.status))
    if (main.status == "unpaid") != (other.status == "unpaid"):
        unpaid, paid = (main, other) if main.status == "unpaid" else (other, main)
        return _("Order {number} is not paid yet and order {other} is: merge paid orders "
                 "together, or unpaid ones.").format(number=unpaid.number, other=paid.number)
    if not same_buyer(main, other):
        return _("Order {number} is not from the same buyer as order {main}.").format(
            number=other.number, main=main.number)
    if address_key(main) != address_key(other):
        return _("Order {number} goes to another address than order {main}.").format(
            number=other.number, main=main.number)
    return None


def _line_key(row: OrderLine) -> tuple:
    if row.variant_id is not None:
        return (row.variant_id, row.unit_price_fen)
    return (None, row.product_code, row.product_name, row.color, row.size, row.unit_price_fen)


def _combined_lines(main: Order, others: list[Order]) -> list[CleanLine]:
    rows: dict[int, list[OrderLine]] = {}
    for row in (OrderLine.select()
                .where(OrderLine.order.in_([main.id] + [o.id for o in others]))
                .order_by(OrderLine.position, OrderLine.id)):
        rows.setdefault(row.order_id, []).append(row)
    combined: dict[tuple, dict] = {}
    for order in (main, *others):
        for row in rows.get(order.id, []):
            key = _line_key(row)
            if key in combined:
                combined[key]["quantity"] += row.quantity
                combined[key]["discount_fen"] += row.discount_fen
                continue
            combined[key] = dict(
                id=row.id if order is main else None, variant_id=row.variant_id,
                product_code=row.product_code, product_name=row.product_name, color=row.color,
                size=row.size, quantity=row.quantity, unit_price_fen=row.unit_price_fen,
                discount_fen=row.discount_fen,
            )
    lines = [CleanLine(**values) for values in combined.values()]
    if len(lines) > orders.MAX_LINES:
        raise DomainError(_("Together these orders have more than {count} lines: merge fewer "
                            "orders.").format(count=orders.MAX_LINES))
    for line in lines:
        if line.quantity > orders.MAX_QUANTITY:
            raise DomainError(_("Together these orders have {quantity} of {item}, more than "
                                "{max} on one line.").format(
                quantity=line.quantity, item=f"{line.product_code} {line.color}/{line.size}",
                max=orders.MAX_QUANTITY))
    return lines


def _postage(given: int | None, all_orders: list[Order]) -> int:
    if given is None:
        return max(o.postage_fen for o in all_orders)
    if not isinstance(given, int) or isinstance(given, bool) or not 0 <= given <= MAX_FEN:
        raise ValidationError(_("Postage must be an amount in fen."), "postage")
    return given


def _combined_texts(all_orders: list[Order], field: str, limit: int) -> tuple[str, list[str]]:
    """The field of every order combined, each part marked with its order number; when that
    passes `limit`, the main order's alone, and the other orders' parts to be kept in memos."""
    parts = [(o.number, getattr(o, field).strip()) for o in all_orders if getattr(o, field).strip()]
    main = all_orders[0]
    if not parts or (len(parts) == 1 and parts[0][0] == main.number):
        return getattr(main, field), []
    text = "\n".join(f"{number}: {value}" for number, value in parts)
    if len(text) <= limit:
        return text, []
    return getattr(main, field), [f"{number}: {value}" for number, value in parts
                                  if number != main.number]


def merge_orders(
    main_id: int, other_ids: Iterable[int], staff_id: int | None = None, *,
    postage_fen: int | None = None, allow_negative: bool = False,
) -> tuple[orders.OrderDetail, Changes]:
    """Merge `other_ids` into the order `main_id` (see the module's rules). DomainError naming
    the order that cannot be merged; nothing is written then."""
    other_ids = list(dict.fromkeys(i for i in other_ids if i != main_id))
    if not other_ids:
        raise DomainError(_("Choose the orders to merge into this one."))
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        main = order_draft.require_order(main_id, editable=True)
        others = [order_draft.require_order(i, editable=True) for i in other_ids]
        for other in others:
            refusal = merge_refusal(main, other)
            if refusal:
                raise DomainError(refusal)
        all_orders = [main, *others]
        lines = _combined_lines(main, others)
        goods = sum(line.amount_fen for line in lines)
        postage = _postage(postage_fen, all_orders)
        discount = min(sum(o.discount_fen for o in all_orders), goods + postage)
        message, message_memos = _combined_texts(all_orders, "buyer_message", orders.MAX_MESSAGE)
        gift, gift_memos = _combined_texts(all_orders, "gift", orders.MAX_GIFT)
        flag = main.flag or next((o.flag for o in others if o.flag), None)
        customer_id = main.customer_id or next(
            (o.customer_id for o in others if o.customer_id), None)
        numbers = ", ".join(o.number for o in others)
        at = now()
        done = Changes.of(changes.ORDERS)

        # stock first: the others release what they hold, before the main order reserves it
        for other in others:
            for variant_id, held in sorted(order_read.held_stock(other.id).items()):
                if held > 0:
                    _level, moved = stock.release(
                        variant_id, held, other.id, staff_id,
                        note=_("Merged into order {number}").format(number=main.number))
                    done |= moved
        orders.write_lines(main.id, lines)
        values = dict(goods_fen=goods, postage_fen=postage, discount_fen=discount,
                      total_fen=goods + postage - discount, buyer_message=message, gift=gift,
                      flag=flag, customer=customer_id, updated_at=at)
        if main.status == "confirmed" and any(o.status != "confirmed" for o in others):
            values.update(status="paid", confirmed_at=None)
            OrderEvent.create(order=main.id, kind="status", from_status="confirmed",
                              to_status="paid", staff=staff_id, at=at,
                              note=_("Merged: the buyer confirms the combined order again"))
        Order.update(**values).where(Order.id == main.id).execute()
        if main.status in orders.HOLDING:
            done |= order_flow.sync_holds(
                main.id, staff_id, allow_negative=allow_negative,
                note=_("Merged from order {numbers}").format(numbers=numbers))

        Order.update(merged_into=main.id, updated_at=at).where(Order.id.in_(other_ids)).execute()
        OrderMemo.update(order=main.id).where(OrderMemo.order.in_(other_ids)).execute()
        OrderEvent.create(order=main.id, kind="merge", note=numbers, staff=staff_id, at=at)
        for other in others:
            OrderEvent.create(order=other.id, kind="merge", note=main.number, staff=staff_id,
                              at=at)
        record = [_("Merged orders {numbers} into this order.").format(numbers=numbers)]
        record += [
            _("Order {number} had the flag {flag}.").format(
                number=o.number, flag=orders.flag_label(o.flag))
            for o in others if o.flag
        ]
        record += [_("Buyer message of order {text}").format(text=t) for t in message_memos]
        record += [_("Gift of order {text}").format(text=t) for t in gift_memos]
        OrderMemo.create(order=main.id, flag=None, text="\n".join(record), staff=staff_id, at=at)

        touched = {o.customer_id for o in all_orders if o.customer_id is not None}
        if customer_id is not None:
            touched.add(customer_id)
        if touched:
            customers.rebuild_figures(touched)
            done |= Changes.of(changes.CUSTOMERS)
    return orders.get_order(main.id), done
