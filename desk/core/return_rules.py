"""The rules of a return case: who pays the return postage, the 7-day window, the case number,
and the status move every service makes (table check, stamps, the ReturnEvent).

The window: the day the buyer signed is day 0; returns are accepted through day 7, 23:59:59
(signed 11-01 15:00 → until 11-08 23:59:59). When the signed date is unknown the start is the
shipped date plus the transit-days setting (default 3), and the window says it is estimated.
A passed window is a warning, never a block: the shop may still take the goods back.
"""

from __future__ import annotations

import datetime

from peewee import IntegrityError

from desk.core import changes, order_draft, returns, settings
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Order, ReturnCase, ReturnEvent
from desk.models.base import now as _now

TRANSIT_KEY = "returns_transit_days"
MAX_TRANSIT_DAYS = 30

transaction = order_draft.transaction
check_staff = order_draft.check_staff


def postage_payer(reason: str, insured: bool = False) -> str:
    """shop / buyer / insurance: the shop pays for its own faults, 运费险 covers the buyer's share."""
    payer = returns.POSTAGE_RULES.get(reason, "buyer")
    return "insurance" if payer == "buyer" and insured else payer


def transit_days() -> int:
    value = settings._get(TRANSIT_KEY, returns.DEFAULT_TRANSIT_DAYS)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_TRANSIT_DAYS:
        return value
    return returns.DEFAULT_TRANSIT_DAYS


def set_transit_days(days: int) -> Changes:
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_TRANSIT_DAYS:
        raise ValidationError(
            _("Transit days must be a whole number from 0 to {most}.").format(
                most=MAX_TRANSIT_DAYS
            ),
            "transit_days",
        )
    with db.atomic():
        settings._put(TRANSIT_KEY, days)
    return Changes.of(changes.SETTINGS)


def _day(value: datetime.datetime) -> str:
    return value.strftime("%Y-%m-%d")


def window_of(order: Order, now: datetime.datetime | None = None) -> returns.Window:
    """The window of this order (see the module docstring)."""
    now = now or _now()
    estimated = False
    start = order.signed_at
    if start is None and order.shipped_at is not None:
        start = order.shipped_at + datetime.timedelta(days=transit_days())
        estimated = True
    if start is None:
        return returns.Window(None, None, False, False, "")
    deadline = datetime.datetime.combine(
        start.date() + datetime.timedelta(days=returns.RETURN_DAYS), datetime.time(23, 59, 59)
    )
    passed = now > deadline
    if passed:
        days = (now.date() - deadline.date()).days
        message = _(
            "The 7-day return window of order {number} ended on {date} ({days} days ago): "
            "taking the goods back is the shop's choice."
        ).format(number=order.number, date=_day(deadline), days=days)
    else:
        message = _("Returns of order {number} are accepted until {date}.").format(
            number=order.number, date=_day(deadline)
        )
    if estimated:
        message += " " + _("(Signed date unknown: counted from shipping + {days} days.)").format(
            days=transit_days()
        )
    return returns.Window(start, deadline, estimated, passed, message)


def order_window(order_id: int, now: datetime.datetime | None = None) -> returns.Window:
    return window_of(order_draft.require_order(order_id), now)


# --- cases ------------------------------------------------------------------------------------------


def require_case(case_id: int) -> ReturnCase:
    case = ReturnCase.get_or_none(ReturnCase.id == case_id)
    if case is None:
        raise DomainError(_("This return case no longer exists."))
    return case


def clean_text(text, most: int, field: str, *, required: str = "") -> str:
    """One line of text, at most `most` characters; `required` is the message when empty."""
    value = " ".join(str(text or "").split())
    if required and not value:
        raise ValidationError(required, field)
    if len(value) > most:
        raise ValidationError(
            _("The text is too long (at most {count} characters).").format(count=most), field
        )
    return value


def refused_move(case: ReturnCase, to_status: str) -> DomainError:
    return DomainError(
        _("Return case {number} is {status}: it cannot become {to}.").format(
            number=case.number,
            status=returns.status_label(case.status),
            to=returns.status_label(to_status),
        )
    )


def move(
    case: ReturnCase,
    to_status: str,
    staff_id: int | None,
    note: str = "",
    at: datetime.datetime | None = None,
    **values,
) -> Changes:
    """Move one case (inside the caller's transaction): table check, status, stamps, event."""
    if not returns.can_move(case.kind, case.status, to_status):
        raise refused_move(case, to_status)
    at = at or _now()
    if to_status in returns.CLOSED:
        values["closed_at"] = at
    ReturnCase.update(status=to_status, updated_at=at, **values).where(
        ReturnCase.id == case.id
    ).execute()
    ReturnEvent.create(
        case=case.id, from_status=case.status, to_status=to_status, note=note, staff=staff_id, at=at
    )
    case.status = to_status
    return Changes.of(changes.RETURNS)


def _next_number(day: datetime.date) -> str:
    prefix = "TH" + day.strftime("%Y%m%d") + "-"
    row = db.execute_sql(
        "SELECT MAX(CAST(substr(number, 12) AS INTEGER)) FROM return_case"
        " WHERE number >= ? AND number < ?",
        (prefix, prefix[:-1] + "."),
    ).fetchone()
    return f"{prefix}{(row[0] or 0) + 1:03d}"


def insert_case(values: dict, at: datetime.datetime, tries: int = 20) -> ReturnCase:
    """Insert with the next free number of the day (TH20261123-001)."""
    for _attempt in range(tries):
        try:
            with db.atomic():
                return ReturnCase.create(
                    number=_next_number(at.date()), created_at=at, updated_at=at, **values
                )
        except IntegrityError:
            continue
    raise DomainError(_("Could not give the return case a number; please try again."))
