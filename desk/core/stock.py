"""The stock service: the only way stock counts change (Orders and Returns call it).

A variant has `stock` (on hand) and `reserved` (held by paid orders not yet shipped);
available = stock − reserved. Every change writes a StockMovement saying who, when, why and which
order or return, in the same transaction as the change.

Each operation is one conditional UPDATE (``… SET reserved = reserved + ? WHERE id = ? AND
stock - reserved >= ?``): SQLite runs it atomically, so two windows, threads or processes
reserving the same variant can never oversell. When the condition fails nothing is written and
`InsufficientStock` says what is available; the UI may then ask the user and call again with
``allow_negative=True``, which is logged like any other movement.

Transactions are taken with BEGIN IMMEDIATE (the write lock first) when the call is not already
inside a caller's transaction; inside one (an order saving several lines) the call is a
savepoint and everything rolls back together.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from peewee import JOIN

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Staff, StockMovement
from desk.models.base import now

RESERVE, RELEASE, SHIP, RESTOCK, ADJUST, IMPORT = (
    "reserve", "release", "ship", "restock", "adjust", "import",
)
MAX_QUANTITY = 1_000_000


class InsufficientStock(DomainError):
    """Not enough available stock; `available` and `requested` for the UI's question."""

    def __init__(self, message: str, variant_id: int, available: int, requested: int):
        super().__init__(message, "quantity")
        self.variant_id = variant_id
        self.available = available
        self.requested = requested


@dataclass(frozen=True)
class StockLevel:
    variant_id: int
    stock: int
    reserved: int

    @property
    def available(self) -> int:
        return self.stock - self.reserved


@dataclass(frozen=True)
class Movement:
    id: int
    variant_id: int
    kind: str
    stock_delta: int
    reserved_delta: int
    order_id: int | None
    return_case_id: int | None
    staff_id: int | None
    staff_name: str
    note: str
    created_at: datetime.datetime


def _tx():
    return db.atomic() if db.in_transaction() else db.atomic("IMMEDIATE")


def _quantity(qty: int) -> int:
    if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
        raise ValidationError(_("Quantity must be a whole number above 0."), "quantity")
    if qty > MAX_QUANTITY:
        raise ValidationError(_("Quantity is too large."), "quantity")
    return qty


def _label(variant_id: int) -> tuple[str, str, str]:
    row = db.execute_sql(
        "SELECT p.code, v.color, v.size FROM variant v JOIN product p ON p.id = v.product_id"
        " WHERE v.id = ?",
        (variant_id,),
    ).fetchone()
    if row is None:
        raise DomainError(_("This variant no longer exists."))
    return row


def level(variant_id: int) -> StockLevel:
    row = db.execute_sql("SELECT stock, reserved FROM variant WHERE id = ?", (variant_id,)).fetchone()
    if row is None:
        raise DomainError(_("This variant no longer exists."))
    return StockLevel(variant_id, row[0], row[1])


def _insufficient(variant_id: int, requested: int) -> InsufficientStock:
    code, color, size = _label(variant_id)
    available = level(variant_id).available
    return InsufficientStock(
        _("Not enough stock of {code} {color}/{size}: {available} available, {requested} needed.").format(
            code=code, color=color, size=size, available=available, requested=requested
        ),
        variant_id,
        available,
        requested,
    )


def _apply(
    variant_id: int,
    kind: str,
    stock_delta: int,
    reserved_delta: int,
    condition: str,
    condition_params: tuple,
    *,
    order_id: int | None,
    return_case_id: int | None,
    staff_id: int | None,
    note: str,
    on_refused,
) -> StockLevel:
    """One guarded UPDATE plus its movement row, in one transaction; `on_refused` builds the
    error when the guard fails."""
    with _tx():
        cursor = db.execute_sql(
            "UPDATE variant SET stock = stock + ?, reserved = reserved + ? WHERE id = ?"
            + (f" AND ({condition})" if condition else ""),
            (stock_delta, reserved_delta, variant_id, *condition_params),
        )
        if cursor.rowcount != 1:
            _label(variant_id)  # raises when the variant is gone
            raise on_refused()
        StockMovement.create(
            variant=variant_id,
            kind=kind,
            stock_delta=stock_delta,
            reserved_delta=reserved_delta,
            order_id=order_id,
            return_case_id=return_case_id,
            staff=staff_id,
            note=(note or "").strip(),
            created_at=now(),
        )
        return level(variant_id)


def reserve(
    variant_id: int, qty: int, order_id: int | None = None, staff_id: int | None = None,
    *, note: str = "", allow_negative: bool = False,
) -> tuple[StockLevel, Changes]:
    """Hold `qty` for an order: reserved += qty, only while available stays ≥ 0."""
    qty = _quantity(qty)
    guard = ("", ()) if allow_negative else ("stock - reserved >= ?", (qty,))
    result = _apply(variant_id, RESERVE, 0, qty, *guard, order_id=order_id, return_case_id=None,
                    staff_id=staff_id, note=note,
                    on_refused=lambda: _insufficient(variant_id, qty))
    return result, Changes.of(changes.STOCK)


def release(
    variant_id: int, qty: int, order_id: int | None = None, staff_id: int | None = None,
    *, note: str = "",
) -> tuple[StockLevel, Changes]:
    """Give back a hold (order cancelled or changed): reserved −= qty."""
    qty = _quantity(qty)

    def refused():
        code, color, size = _label(variant_id)
        return DomainError(
            _("Cannot release {requested} of {code} {color}/{size}: only {reserved} reserved.").format(
                requested=qty, code=code, color=color, size=size, reserved=level(variant_id).reserved
            ),
            "quantity",
        )

    result = _apply(variant_id, RELEASE, 0, -qty, "reserved >= ?", (qty,), order_id=order_id,
                    return_case_id=None, staff_id=staff_id, note=note, on_refused=refused)
    return result, Changes.of(changes.STOCK)


def ship(
    variant_id: int, qty: int, order_id: int | None = None, staff_id: int | None = None,
    *, note: str = "", from_reserved: bool = True, allow_negative: bool = False,
) -> tuple[StockLevel, Changes]:
    """Goods leave: stock −= qty and, for a reserved order, reserved −= qty (available unchanged).

    With `from_reserved=False` (nothing was held) available must cover `qty`.
    """
    qty = _quantity(qty)
    if from_reserved:
        def refused():
            code, color, size = _label(variant_id)
            return DomainError(
                _("Cannot ship {requested} of {code} {color}/{size}: only {reserved} reserved.").format(
                    requested=qty, code=code, color=color, size=size,
                    reserved=level(variant_id).reserved,
                ),
                "quantity",
            )

        guard = ("reserved >= ?", (qty,)) if allow_negative else (
            "reserved >= ? AND stock >= ?", (qty, qty))
        reserved_delta = -qty
    else:
        def refused():
            return _insufficient(variant_id, qty)

        guard = ("", ()) if allow_negative else ("stock - reserved >= ?", (qty,))
        reserved_delta = 0
    result = _apply(variant_id, SHIP, -qty, reserved_delta, *guard, order_id=order_id,
                    return_case_id=None, staff_id=staff_id, note=note, on_refused=refused)
    return result, Changes.of(changes.STOCK)


def restock(
    variant_id: int, qty: int, return_case_id: int | None = None, staff_id: int | None = None,
    *, order_id: int | None = None, note: str = "",
) -> tuple[StockLevel, Changes]:
    """Goods come back on the shelf (a return, a delivery from the supplier): stock += qty."""
    qty = _quantity(qty)
    result = _apply(variant_id, RESTOCK, qty, 0, "", (), order_id=order_id,
                    return_case_id=return_case_id, staff_id=staff_id, note=note,
                    on_refused=lambda: _insufficient(variant_id, qty))
    return result, Changes.of(changes.STOCK)


def adjust(
    variant_id: int, *, new_stock: int | None = None, delta: int | None = None, note: str = "",
    staff_id: int | None = None, allow_negative: bool = False, kind: str = ADJUST,
) -> tuple[StockLevel, Changes]:
    """A count (盘点) or correction: set stock to `new_stock`, or change it by `delta`.

    Stock on hand is never below 0. Going below what is reserved raises InsufficientStock unless
    `allow_negative` (the UI asked). Setting the count it already has writes nothing.
    """
    if (new_stock is None) == (delta is None):
        raise ValidationError(_("Give either the new count or the change."), "stock")
    for value in (new_stock, delta):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValidationError(_("Stock must be a whole number."), "stock")
    if new_stock is not None and new_stock < 0:
        raise ValidationError(_("Stock cannot be negative."), "stock")
    if new_stock is not None and new_stock > MAX_QUANTITY:
        raise ValidationError(_("Stock is too large."), "stock")
    with _tx():
        current = level(variant_id)
        change = new_stock - current.stock if new_stock is not None else delta
        if change == 0:
            return current, Changes()
        if change > 0:  # more on hand is always allowed (even while below what is reserved)
            guard = ("stock + ? <= ?", (change, MAX_QUANTITY))
        elif allow_negative:
            guard = ("stock + ? >= 0", (change,))
        else:
            guard = ("stock + ? - reserved >= 0", (change,))

        def refused():
            after = level(variant_id)
            if after.stock + change < 0:
                return ValidationError(_("Stock cannot be negative."), "stock")
            if after.stock + change > MAX_QUANTITY:
                return ValidationError(_("Stock is too large."), "stock")
            code, color, size = _label(variant_id)
            return InsufficientStock(
                _(
                    "{code} {color}/{size}: {reserved} are reserved for orders, so stock cannot go "
                    "down to {stock}."
                ).format(code=code, color=color, size=size, reserved=after.reserved,
                         stock=after.stock + change),
                variant_id,
                after.available,
                -change,
            )

        result = _apply(variant_id, kind, change, 0, *guard, order_id=None, return_case_id=None,
                        staff_id=staff_id, note=note, on_refused=refused)
    return result, Changes.of(changes.STOCK)


def adjust_many(
    counts: dict[int, int], note: str = "", staff_id: int | None = None,
    *, allow_negative: bool = False,
) -> Changes:
    """Set several variants' stock counts at once (the grid editor's Save): all or nothing."""
    done = Changes()
    with _tx():
        for variant_id, count in counts.items():
            _, changed = adjust(variant_id, new_stock=count, note=note, staff_id=staff_id,
                                allow_negative=allow_negative)
            done |= changed
    return done


def movements(variant_id: int, limit: int | None = None) -> list[Movement]:
    """The variant's stock log, newest first."""
    query = (
        StockMovement.select(StockMovement, Staff.name.alias("staff_name"))
        .join(Staff, JOIN.LEFT_OUTER)
        .where(StockMovement.variant == variant_id)
        .order_by(StockMovement.id.desc())
    )
    if limit:
        query = query.limit(limit)
    query = query.objects()
    return [
        Movement(
            m.id, m.variant_id, m.kind, m.stock_delta, m.reserved_delta, m.order_id,
            m.return_case_id, m.staff_id, m.staff_name or "", m.note, m.created_at,
        )
        for m in query
    ]


def movement_kind_label(kind: str) -> str:
    labels = {
        RESERVE: _("Reserved for order"),
        RELEASE: _("Reservation released"),
        SHIP: _("Shipped"),
        RESTOCK: _("Restocked"),
        ADJUST: _("Stock count"),
        IMPORT: _("Imported"),
    }
    return labels.get(kind, kind)
