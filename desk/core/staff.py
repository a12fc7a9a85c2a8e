"""The people of the shop: who is at the desk. No passwords; every record names who did it."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import IntegrityError, fn

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import ValidationError
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
