"""The people of the shop: two to start with, renaming, taking someone off the desk list (never
below two), and names for the records."""

from __future__ import annotations

import pytest

from desk.core import staff
from desk.core.errors import DomainError, ValidationError
from desk.models import Staff


def test_a_new_shop_has_two_people(shop):
    people = staff.ensure_default_staff()
    assert len(people) == 2 and Staff.select().count() == 2
    assert staff.ensure_default_staff() == people  # not twice


def test_rename(shop):
    me, you = staff.ensure_default_staff()
    renamed, done = staff.rename_staff(me.id, "  阿  芳 ")
    assert done.concerns("staff") and renamed.name == "阿 芳"
    assert Staff.get_by_id(me.id).name == "阿 芳" and staff.staff_name(me.id) == "阿 芳"
    with pytest.raises(ValidationError) as taken:
        staff.rename_staff(you.id, "阿 芳")
    assert taken.value.field == "name"
    for bad in ("", "   ", "长" * 21):
        with pytest.raises(ValidationError):
            staff.rename_staff(you.id, bad)
    assert Staff.get_by_id(you.id).name == you.name
    staff.rename_staff(me.id, "阿 芳")  # its own name again is fine
    with pytest.raises(DomainError):
        staff.rename_staff(9999, "谁")


def test_at_least_two_people_stay_at_the_desk(shop):
    me, you = staff.ensure_default_staff()
    with pytest.raises(DomainError):
        staff.deactivate_staff(you.id)
    assert Staff.get_by_id(you.id).active
    helper, _c = staff.add_staff("小周")
    staff.deactivate_staff(helper.id)
    assert [p.id for p in staff.list_staff()] == [me.id, you.id]
    assert [p.id for p in staff.list_staff(include_inactive=True)] == [me.id, you.id, helper.id]
    assert staff.staff_name(helper.id) == "小周"  # old records keep the name
    staff.reactivate_staff(helper.id)
    staff.deactivate_staff(me.id)
    assert [p.id for p in staff.list_staff()] == [you.id, helper.id]
    with pytest.raises(DomainError):
        staff.deactivate_staff(you.id)


def test_the_other_person(shop):
    me, you = staff.ensure_default_staff()
    assert staff.other_staff(me.id) == you and staff.other_staff(you.id) == me
    assert staff.other_staff(None) == me
    assert staff.staff_name(None) == "" and staff.get_staff(you.id) == you
