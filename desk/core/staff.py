"""The people of the shop: who is at the desk. No passwords; every record names who did it."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import IntegrityError, fn

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Staff


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    active: bool


def list_staff(include_inactive: bool = False) -> list[StaffMember]:
    query = Staff.select().order_by(Staff.position, Staff.id)
    if not include_inactive:
        query = query.where(Staff.active == True)  # noqa: E712
    return [StaffMember(s.id, s.name, s.active) for s in query]


def add_staff(name: str) -> tuple[StaffMember, Changes]:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("A name is required."), "name")
    if len(name) > 20:
        raise ValidationError(_("The name is too long (at most 20 characters)."), "name")
    try:
        with db.atomic():
            position = (Staff.select(fn.MAX(Staff.position)).scalar() or 0) + 1
            row = Staff.create(name=name, position=position)
    except IntegrityError:
        raise ValidationError(
            _("There is already a person called {name}.").format(name=name), "name"
        ) from None
    return StaffMember(row.id, row.name, row.active), Changes.of(changes.STAFF)


def ensure_default_staff() -> list[StaffMember]:
    """A new shop file starts with two people (the couple), named plainly; they can be renamed."""
    with db.atomic():
        if not Staff.select().exists():
            Staff.create(name=_("Owner"), position=1)
            Staff.create(name=_("Partner"), position=2)
    return list_staff()


#: The shop always keeps at least this many active people (the couple take turns).
MIN_ACTIVE = 2
MAX_NAME = 20


def _require(staff_id: int) -> Staff:
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None:
        raise DomainError(_("This person no longer exists."))
    return row


def _clean_name(name: str, except_id: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("A name is required."), "name")
    if len(name) > MAX_NAME:
        raise ValidationError(_("The name is too long (at most 20 characters)."), "name")
    taken = Staff.select().where(Staff.name == name)
    if except_id is not None:
        taken = taken.where(Staff.id != except_id)
    if taken.exists():
        raise ValidationError(
            _("There is already a person called {name}.").format(name=name), "name"
        )
    return name


def get_staff(staff_id: int) -> StaffMember:
    """DomainError when the person no longer exists."""
    row = _require(staff_id)
    return StaffMember(row.id, row.name, row.active)


def staff_name(staff_id: int | None) -> str:
    """The person's name, "" for None or someone deleted."""
    if staff_id is None:
        return ""
    row = Staff.get_or_none(Staff.id == staff_id)
    return row.name if row else ""


def rename_staff(staff_id: int, name: str) -> tuple[StaffMember, Changes]:
    with db.atomic():
        row = _require(staff_id)
        row.name = _clean_name(name, staff_id)
        row.save()
    return StaffMember(row.id, row.name, row.active), Changes.of(changes.STAFF)


def deactivate_staff(staff_id: int) -> Changes:
    """Take a person off the desk list (their records keep the name). Refused when fewer than
    MIN_ACTIVE active people would remain."""
    with db.atomic():
        row = _require(staff_id)
        if not row.active:
            return Changes()
        active = Staff.select().where(Staff.active == True).count()  # noqa: E712
        if active <= MIN_ACTIVE:
            raise DomainError(
                _("The shop needs at least {count} people at the desk: add someone first.").format(
                    count=MIN_ACTIVE
                )
            )
        row.active = False
        row.save()
    return Changes.of(changes.STAFF)


def reactivate_staff(staff_id: int) -> Changes:
    with db.atomic():
        row = _require(staff_id)
        if row.active:
            return Changes()
        row.active = True
        row.save()
    return Changes.of(changes.STAFF)


def other_staff(staff_id: int | None) -> StaffMember | None:
    """The first active person other than `staff_id` (whom a handover goes to by default)."""
    return next((s for s in list_staff() if s.id != staff_id), None)
