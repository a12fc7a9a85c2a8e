"""Tracking numbers (快递单号): the courier's number patterns, numbers given to orders before they
ship (a scanner types them into a list: scan → Enter → next order), number ranges handed out by a
courier outlet (单号段), and shipping every order that has its number in one step.

The patterns are checks that WARN, never block: couriers change their number formats, outlets
hand out odd series, and a warning the user reads is better than a parcel that cannot be booked.
What is refused is a number that is no tracking number at all (order_flow.clean_tracking) and a
number another order already has.

A number given to an order is a Shipment row without `shipped_at`; an order has at most one such
row (giving it another number replaces it). Shipping (order_flow.ship) records the shipped
Shipment, so `ship_with_numbers` swaps the pending row for it in the same transaction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from peewee import IntegrityError

from desk.core import changes, order_draft, order_flow, settings
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import Order, Shipment, TrackingRange
from desk.models.base import now

#: Orders that can be given a number: paid and not yet gone.
ASSIGNABLE = ("paid", "confirmed", "printed")
MAX_RANGE = 1_000_000  # numbers in one range (an outlet hands out hundreds or thousands)

# Known formats, from the couriers' own e-waybills (电子面单) as printed in 2024:
#   SF   顺丰: "SF" + 13 digits; older waybills 12 digits.
#   YTO  圆通: "YT" + 13 digits (some outlets still print 10–13 digit pure numbers: not matched).
#   ZTO  中通: 14 digits starting 73, 74, 75, 76 or 78 (older: 12 digits starting 7/5/6 — warned).
#   STO  申通: 12–15 digits starting 77 (e-waybills: 15); older 13-digit series 11/22/33/37/44/55/
#        66/88/99 + 11 digits.
#   YUNDA 韵达: 13 or 15 digits starting 3, 4 or 1 (e.g. 43…, 46…, 31…, 1…).
#   JT   极兔: "JT" + 13 digits.
#   EMS  EMS/中国邮政: 13 digits starting 1 (EMS) or 9 (邮政快递包裹), or the UPU S10 form
#        "EA123456785CN" (two letters, 8 digits, a check digit, CN) whose check digit is checked.
#   JD   京东: "JD" + 13 digits, or "JDV"/"JDX"/"JDA"… + a letter + 11 digits.
PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "SF": (re.compile(r"SF\d{13}"), re.compile(r"\d{12}")),
    "YTO": (re.compile(r"YT\d{13}"),),
    "ZTO": (re.compile(r"7[3-68]\d{12}"),),
    "STO": (re.compile(r"77\d{10,13}"), re.compile(r"(11|22|33|37|44|55|66|88|99)\d{11}")),
    "YUNDA": (re.compile(r"[134]\d{12}"), re.compile(r"[34]\d{14}")),
    "JT": (re.compile(r"JT\d{13}"),),
    "EMS": (re.compile(r"[19]\d{12}"), re.compile(r"[A-Z]{2}\d{9}CN")),
    "JD": (re.compile(r"JD\d{13}"), re.compile(r"JD[A-Z]{2}\d{11}")),
}
#: What a number looks like, told in a warning.
SHAPES = {
    "SF": N_("SF and 13 digits"),
    "YTO": N_("YT and 13 digits"),
    "ZTO": N_("14 digits starting 73–76 or 78"),
    "STO": N_("12–15 digits starting 77"),
    "YUNDA": N_("13 or 15 digits"),
    "JT": N_("JT and 13 digits"),
    "EMS": N_("13 digits starting 1 or 9, or EA123456785CN"),
    "JD": N_("JD and 13 digits, or JDVA and 11 digits"),
}
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def _s10_ok(number: str) -> bool:
    """The UPU S10 check digit of "EA123456785CN"-style numbers."""
    digits = [int(d) for d in number[2:10]]
    check = 11 - sum(w * d for w, d in zip(_S10_WEIGHTS, digits, strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return check == int(number[10])


def _courier(courier: str | None) -> str:
    code = (courier or "").strip().upper()
    if code not in settings.COURIERS:
        raise ValidationError(_("Unknown courier."), "courier")
    return code


def normalise(text: str) -> str:
    """What a scanner or a hand typed, as a tracking number: full-width characters made plain,
    spaces dropped, upper case (ValidationError when it is no tracking number at all)."""
    return order_flow.clean_tracking(unicodedata.normalize("NFKC", str(text or "")))


def pattern_warning(courier: str, number: str) -> str | None:
    """A warning when `number` does not look like a number of `courier` (None when it does or
    when the courier has no known pattern)."""
    if courier not in PATTERNS:
        return None
    for pattern in PATTERNS.get(courier, ()):
        if pattern.fullmatch(number):
            if number.endswith("CN") and not _s10_ok(number):
                return _("{number}: the check digit is wrong; look at the number again.").format(
                    number=number
                )
            return None
    return _("{number} does not look like a {courier} number ({shape}); check it.").format(
        number=number, courier=settings.courier_name(courier), shape=_(SHAPES[courier])
    )


def check_number(courier: str, text: str) -> tuple[str, str | None]:
    """The normalised number and a warning when it does not fit the courier's pattern (or None).
    ValidationError for an unknown courier or text that is no tracking number."""
    code = _courier(courier)
    number = normalise(text)
    return number, pattern_warning(code, number)


def _used_by(number: str, order_id: int | None = None) -> str | None:
    """The number of the other order that has this tracking number, or None."""
    row = db.execute_sql(
        'SELECT o.number FROM shipment s JOIN "order" o ON o.id = s.order_id'
        " WHERE s.tracking_no = ? AND s.order_id IS NOT ?",
        (number, order_id),
    ).fetchone()
    return row[0] if row else None


def _taken(number: str, other: str) -> ValidationError:
    return ValidationError(
        _("Tracking number {tracking} is already used by order {number}.").format(
            tracking=number, number=other
        ),
        "tracking_no",
    )


@dataclass(frozen=True)
class Assigned:
    order_id: int
    order_number: str
    courier: str
    tracking_no: str
    warning: str | None  # the pattern did not fit (the number was recorded all the same)


def pending_number(order_id: int) -> tuple[str, str] | None:
    """(courier, tracking number) given to the order and not shipped yet, or None."""
    row = db.execute_sql(
        "SELECT courier, tracking_no FROM shipment WHERE order_id = ? AND shipped_at IS NULL"
        " ORDER BY id DESC LIMIT 1",
        (order_id,),
    ).fetchone()
    return (row[0], row[1]) if row else None


def _assign(order: Order, number: str, code: str, staff_id: int | None) -> None:
    """Inside the caller's transaction: the order's pending number becomes `number`."""
    if order.status not in ASSIGNABLE:
        raise DomainError(
            _("Order {number} is {status}: it cannot be given a tracking number.").format(
                number=order.number, status=_status(order.status)
            )
        )
    other = _used_by(number, order.id)
    if other is not None:
        raise _taken(number, other)
    Shipment.delete().where((Shipment.order == order.id) & Shipment.shipped_at.is_null()).execute()
    try:
        with db.atomic():
            Shipment.create(order=order.id, courier=code, tracking_no=number, staff=staff_id,
                            created_at=now())  # fmt: skip
    except IntegrityError:  # the same order already shipped with it, or another window
        raise _taken(number, _used_by(number) or order.number) from None
    if order.courier != code:
        Order.update(courier=code, updated_at=now()).where(Order.id == order.id).execute()


def _status(key: str) -> str:
    from desk.core.orders import status_label

    return status_label(key)


def assign(order_id: int, tracking_no: str, courier: str | None = None,
           staff_id: int | None = None) -> tuple[Assigned, Changes]:
    """Give the order a tracking number without shipping it (its courier: `courier`, else the
    order's). Refused: a number another order has (named), an order that is not paid/confirmed/
    printed. The pattern check only warns (`Assigned.warning`)."""
    number = normalise(tracking_no)
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order = order_draft.require_order(order_id, editable=True)
        code = _courier(courier or order.courier or settings.get_profile().default_courier)
        _assign(order, number, code, staff_id)
    done = Assigned(order.id, order.number, code, number, pattern_warning(code, number))
    return done, Changes.of(changes.ORDERS)


def clear_number(order_id: int) -> Changes:
    """Take the pending (not shipped) number off the order."""
    with order_draft.transaction():
        gone = (Shipment.delete()
                .where((Shipment.order == order_id) & Shipment.shipped_at.is_null()).execute())  # fmt: skip
    return Changes.of(changes.ORDERS) if gone else Changes()


# --- ranges (单号段) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RangeInfo:
    id: int
    courier: str
    prefix: str
    next_number: int
    last_number: int
    width: int

    @property
    def remaining(self) -> int:
        return max(self.last_number - self.next_number + 1, 0)

    def text(self, value: int) -> str:
        return f"{self.prefix}{value:0{self.width}d}" if self.width else f"{self.prefix}{value}"


def _range_info(row: TrackingRange) -> RangeInfo:
    return RangeInfo(row.id, row.courier, row.prefix, row.next_number, row.last_number, row.width)


def add_range(courier: str, prefix: str, first: int, last: int,
              width: int = 0) -> tuple[RangeInfo, Changes]:
    """A block of numbers from `prefix`+`first` to `prefix`+`last` (digits zero-padded to
    `width`; 0: as they are). Refused: a reversed or huge block, one overlapping another block
    of the courier with the same prefix."""
    code = _courier(courier)
    prefix = unicodedata.normalize("NFKC", str(prefix or "")).strip().upper()
    if prefix and not re.fullmatch(r"[A-Z0-9]{1,10}", prefix):
        raise ValidationError(_("The prefix may hold only letters and digits."), "prefix")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (first, last, width)):
        raise ValidationError(_("The range needs whole numbers."), "first")
    if first < 0 or last < first:
        raise ValidationError(_("The last number must not be below the first one."), "last")
    if last - first + 1 > MAX_RANGE:
        raise ValidationError(
            _("A range holds at most {count} numbers.").format(count=MAX_RANGE), "last"
        )
    if width < 0 or width > 20 or (width and len(str(last)) > width):
        raise ValidationError(_("The width must fit the last number (or be 0)."), "width")
    sample = f"{prefix}{last:0{width}d}" if width else f"{prefix}{last}"
    try:
        normalise(sample)  # a number the shop could not type is refused now, not at the counter
    except ValidationError as exc:
        raise ValidationError(exc.message, "last") from None
    with order_draft.transaction():
        clash = (TrackingRange.select()
                 .where((TrackingRange.courier == code) & (TrackingRange.prefix == prefix)
                        & (TrackingRange.next_number <= last) & (TrackingRange.last_number >= first))
                 .first())  # fmt: skip
        if clash is not None:
            info = _range_info(clash)
            raise ValidationError(
                _("This range overlaps the range {first}–{last} of the same courier.").format(
                    first=info.text(clash.next_number), last=info.text(clash.last_number)
                ),
                "first",
            )
        row = TrackingRange.create(courier=code, prefix=prefix, next_number=first,
                                   last_number=last, width=width, created_at=now())  # fmt: skip
    return _range_info(row), Changes.of(changes.LABELS)


def list_ranges(courier: str | None = None) -> list[RangeInfo]:
    query = TrackingRange.select().order_by(TrackingRange.courier, TrackingRange.id)
    if courier:
        query = query.where(TrackingRange.courier == courier)
    return [_range_info(row) for row in query]


def delete_range(range_id: int) -> Changes:
    with order_draft.transaction():
        gone = TrackingRange.delete().where(TrackingRange.id == range_id).execute()
    return Changes.of(changes.LABELS) if gone else Changes()


def _draw(code: str) -> str:
    """Inside a write transaction: the next unused number of the courier's oldest open range."""
    ranges = (TrackingRange.select()
              .where((TrackingRange.courier == code)
                     & (TrackingRange.next_number <= TrackingRange.last_number))
              .order_by(TrackingRange.id))  # fmt: skip
    for row in ranges:
        info = _range_info(row)
        value = row.next_number
        while value <= row.last_number and _used_by(info.text(value)) is not None:
            value += 1  # typed in by hand meanwhile: skip it
        moved = (TrackingRange.update(next_number=value + 1)
                 .where((TrackingRange.id == row.id)
                        & (TrackingRange.next_number == row.next_number))
                 .execute())  # fmt: skip
        if moved != 1:
            raise DomainError(_("The range was changed meanwhile; please try again."))
        if value <= row.last_number:
            return info.text(value)
    raise DomainError(
        _("No numbers are left for {courier}: add the next range from the courier outlet.").format(
            courier=settings.courier_name(code)
        )
    )


def next_from_range(courier: str) -> str:
    """Take the next number of the courier's ranges (each number is given out once, also with
    two windows drawing at the same time: the write lock is taken first)."""
    code = _courier(courier)
    with order_draft.transaction():
        return _draw(code)


def assign_from_range(order_id: int, courier: str | None = None,
                      staff_id: int | None = None) -> tuple[Assigned, Changes]:
    """Give the order the next number of its courier's ranges (one transaction: a refusal uses
    no number)."""
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order = order_draft.require_order(order_id, editable=True)
        code = _courier(courier or order.courier or settings.get_profile().default_courier)
        number = _draw(code)
        _assign(order, number, code, staff_id)
    done = Assigned(order.id, order.number, code, number, pattern_warning(code, number))
    return done, Changes.of(changes.ORDERS, changes.LABELS)


# --- shipping -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShipReport:
    shipped: tuple[str, ...]  # order numbers
    failed: tuple[tuple[str, str], ...]  # (order number, why)
    without_number: tuple[str, ...]  # order numbers that have no number yet: left as they were


def ship_with_numbers(order_ids: Iterable[int], staff_id: int | None = None) -> tuple[ShipReport, Changes]:
    """Mark every order that has a pending number 已发货 (order_flow.ship: stock, event, figures),
    one transaction per order so one refusal stops only its own order."""
    shipped: list[str] = []
    failed: list[tuple[str, str]] = []
    without: list[str] = []
    done = Changes()
    for order_id in dict.fromkeys(order_ids):
        order = Order.get_or_none(Order.id == order_id)
        if order is None:
            continue
        pending = pending_number(order_id)
        if pending is None:
            without.append(order.number)
            continue
        courier, number = pending
        try:
            with order_draft.transaction():
                Shipment.delete().where((Shipment.order == order_id)
                                        & Shipment.shipped_at.is_null()).execute()  # fmt: skip
                done |= order_flow.ship(order_id, number, courier, staff_id)
        except DomainError as exc:
            failed.append((order.number, exc.message))
            continue
        shipped.append(order.number)
    return ShipReport(tuple(shipped), tuple(failed), tuple(without)), done
