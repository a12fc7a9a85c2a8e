"""The order lifecycle (待付款 → 已付款 → 已确认 → 已打单 → 已发货 → 已签收 → 已完成, and 已关闭).

Every move is one service call in one transaction: the status and its `*_at` column, an
OrderEvent (from, to, who, when, note) and, where goods move, the stock service — pay reserves
each line, close releases what the order holds, ship ships from what it holds (the rest, for an
order that held nothing, e.g. one imported as paid, from available stock). What an order holds
is read from the stock log (`order_read.held_stock`), so a change of lines (加单) or a merge only
needs `sync_holds`. The customer's figures are rebuilt when a move changes whether the order
counts (paid and not closed: customers.COUNTED_ORDER).

Refund states come with the Returns issue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from peewee import IntegrityError

from desk.core import changes, customers, order_draft, order_read, orders, settings, stock
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Order, OrderEvent, Shipment
from desk.models.base import now

#: The allowed next statuses of each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "unpaid": ("paid", "closed"),
    "paid": ("confirmed", "shipped", "closed"),
    "confirmed": ("printed", "shipped", "closed"),
    "printed": ("shipped", "closed"),  # the buyer cancels after printing: the label is void
    "shipped": ("signed", "completed"),
    "signed": ("completed",),
    "completed": (),
    "closed": (),
}
#: The column each status stamps when an order enters it.
STAMPS = {
    "paid": "paid_at",
    "confirmed": "confirmed_at",
    "printed": "printed_at",
    "shipped": "shipped_at",
    "signed": "signed_at",
    "completed": "completed_at",
    "closed": "closed_at",
}
#: Statuses after the label was printed: printing again is a reprint (补打), not a move.
PRINTED_OR_LATER = ("printed", "shipped", "signed", "completed")
MAX_REASON = 200
MAX_TRACKING = 40
_TRACKING = re.compile(r"^[A-Z0-9][A-Z0-9-]{5,}$")


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, ())


def counted(status: str) -> bool:
    """Whether an order in this status counts into its customer's figures."""
    return status not in ("unpaid", "closed")


def _refused(order: Order, to_status: str) -> DomainError:
    return DomainError(
        _("Order {number} is {status}: it cannot become {to}.").format(
            number=order.number, status=orders.status_label(order.status),
            to=orders.status_label(to_status),
        )
    )


def move(order: Order, to_status: str, staff_id: int | None, note: str = "") -> Changes:
    """Move one order (inside the caller's transaction): status, stamp, event, figures."""
    if order.merged_into_id is not None:
        order_draft.require_order(order.id, editable=True)  # raises, naming the main order
    if not can_move(order.status, to_status):
        raise _refused(order, to_status)
    at = now()
    updated = (
        Order.update(status=to_status, updated_at=at, **{STAMPS[to_status]: at})
        .where((Order.id == order.id) & (Order.status == order.status))
        .execute()
    )
    if updated != 1:  # another window moved it meanwhile
        raise DomainError(
            _("Order {number} was changed meanwhile; look at it again.").format(number=order.number)
        )
    OrderEvent.create(order=order.id, kind="status", from_status=order.status,
                      to_status=to_status, note=note, staff=staff_id, at=at)
    done = Changes.of(changes.ORDERS)
    if order.customer_id is not None and counted(order.status) != counted(to_status):
        customers.rebuild_figures([order.customer_id])
        done |= Changes.of(changes.CUSTOMERS)
    order.status = to_status
    return done


def sync_holds(order_id: int, staff_id: int | None = None, *, allow_negative: bool = False,
               note: str = "") -> Changes:
    """Make what the order holds equal what its lines ask for: release first, then reserve
    (InsufficientStock unless `allow_negative`). Call inside the transaction of the change."""
    held = order_read.held_stock(order_id)
    wanted = order_read.wanted_stock(order_id)
    done = Changes()
    diffs = {v: wanted.get(v, 0) - held.get(v, 0) for v in sorted(held.keys() | wanted.keys())}
    for variant_id, diff in diffs.items():
        if diff < 0:
            _level, moved = stock.release(variant_id, -diff, order_id, staff_id, note=note)
            done |= moved
    for variant_id, diff in diffs.items():
        if diff > 0:
            _level, moved = stock.reserve(variant_id, diff, order_id, staff_id, note=note,
                                     allow_negative=allow_negative)
            done |= moved
    return done


def _release_all(order_id: int, staff_id: int | None, note: str) -> Changes:
    done = Changes()
    for variant_id, held in sorted(order_read.held_stock(order_id).items()):
        if held > 0:
            _level, moved = stock.release(variant_id, held, order_id, staff_id, note=note)
            done |= moved
    return done


def _one(order_id: int, to_status: str, staff_id: int | None, note: str = "") -> Changes:
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order = order_draft.require_order(order_id, editable=True)
        return move(order, to_status, staff_id, note)


def pay(order_id: int, staff_id: int | None = None, *, allow_negative: bool = False) -> Changes:
    """unpaid → paid: each line's quantity is reserved (InsufficientStock → nothing changes,
    unless `allow_negative`)."""
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order = order_draft.require_order(order_id, editable=True)
        done = move(order, "paid", staff_id)
        done |= sync_holds(order_id, staff_id, allow_negative=allow_negative)
    return done


def confirm(order_id: int, staff_id: int | None = None) -> Changes:
    """paid → confirmed: the buyer agreed to the confirmation sheet."""
    return _one(order_id, "confirmed", staff_id)


def mark_printed(order_ids: Iterable[int], staff_id: int | None = None) -> Changes:
    """confirmed → printed for every order (all or nothing; DomainError naming the first order
    that cannot). Orders already printed or further on are a reprint: left as they are."""
    done = Changes()
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        for order_id in dict.fromkeys(order_ids):
            order = order_draft.require_order(order_id, editable=True)
            if order.status not in PRINTED_OR_LATER:
                done |= move(order, "printed", staff_id)
    return done


def clean_tracking(text: str) -> str:
    """A tracking number: spaces dropped, letters upper case; letters, digits and dashes."""
    tracking = "".join(str(text or "").split()).upper()
    if not tracking:
        raise ValidationError(_("Enter the tracking number."), "tracking_no")
    if len(tracking) > MAX_TRACKING or not _TRACKING.match(tracking):
        raise ValidationError(
            _("{tracking} is not a tracking number (letters and digits, at least 6).").format(
                tracking=tracking
            ),
            "tracking_no",
        )
    return tracking


def _tracking_taken(tracking: str) -> ValidationError | None:
    other = (Shipment.select(Shipment, Order.number).join(Order)
             .where(Shipment.tracking_no == tracking).objects().first())
    if other is None:
        return None
    return ValidationError(
        _("Tracking number {tracking} is already used by order {number}.").format(
            tracking=tracking, number=other.number
        ),
        "tracking_no",
    )


def _check_on_hand(variant_id: int, quantity: int) -> None:
    """Goods held for an oversold order (paid with allow_negative) may not be on the shelf."""
    level = stock.level(variant_id)
    if level.stock < quantity:
        row = order_read.variant_label(variant_id)
        raise stock.InsufficientStock(
            _("Only {stock} of {item} on hand, {wanted} to ship.").format(
                stock=max(level.stock, 0), item=row, wanted=quantity
            ),
            variant_id, level.available, quantity,
        )


def ship(order_id: int, tracking_no: str, courier: str | None = None,
         staff_id: int | None = None, *, allow_negative: bool = False) -> Changes:
    """paid/confirmed/printed → shipped with a Shipment (courier, tracking number unique): the
    goods the order holds are shipped from reserved, anything it did not hold from available
    stock (InsufficientStock unless `allow_negative`)."""
    tracking = clean_tracking(tracking_no)
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order = order_draft.require_order(order_id, editable=True)
        courier = (courier or "").strip() or order.courier or settings.get_profile().default_courier
        if courier not in settings.COURIERS:
            raise ValidationError(_("Unknown courier."), "courier")
        # a number given to this very order beforehand (tracking.assign) is its own
        Shipment.delete().where((Shipment.order == order_id) & Shipment.shipped_at.is_null()
                                & (Shipment.tracking_no == tracking)).execute()
        taken = _tracking_taken(tracking)
        if taken is not None:
            raise taken
        done = move(order, "shipped", staff_id,
                    note=f"{settings.courier_name(courier)} {tracking}")
        held = order_read.held_stock(order_id)
        for variant_id, wanted in sorted(order_read.wanted_stock(order_id).items()):
            from_held = min(max(held.pop(variant_id, 0), 0), wanted)
            if from_held and not allow_negative:
                _check_on_hand(variant_id, from_held)
            if from_held:
                _level, moved = stock.ship(variant_id, from_held, order_id, staff_id,
                                      allow_negative=allow_negative)
                done |= moved
            if wanted > from_held:
                _level, moved = stock.ship(variant_id, wanted - from_held, order_id, staff_id,
                                      from_reserved=False, allow_negative=allow_negative)
                done |= moved
        for variant_id, extra in sorted(held.items()):  # held for lines no longer there
            if extra > 0:
                _level, moved = stock.release(variant_id, extra, order_id, staff_id)
                done |= moved
        at = now()
        try:
            with db.atomic():
                Shipment.create(order=order_id, courier=courier, tracking_no=tracking,
                                staff=staff_id, created_at=at, shipped_at=at)
        except IntegrityError:  # another window used it meanwhile
            raise _tracking_taken(tracking) or DomainError(
                _("Could not record the shipment; please try again.")
            ) from None
        Order.update(courier=courier).where(Order.id == order_id).execute()
    return done


def sign(order_id: int, staff_id: int | None = None) -> Changes:
    """shipped → signed for (已签收)."""
    return _one(order_id, "signed", staff_id)


def complete(order_id: int, staff_id: int | None = None) -> Changes:
    """signed (or shipped) → completed."""
    return _one(order_id, "completed", staff_id)


def close(order_id: int, reason: str, staff_id: int | None = None) -> Changes:
    """unpaid/paid/confirmed/printed → closed, with a reason; what the order held is released."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError(_("Say why the order is closed."), "reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(
            _("The reason is too long (at most {count} characters).").format(count=MAX_REASON),
            "reason",
        )
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order = order_draft.require_order(order_id, editable=True)
        done = move(order, "closed", staff_id, note=reason)
        done |= _release_all(order_id, staff_id, reason)
    return done
