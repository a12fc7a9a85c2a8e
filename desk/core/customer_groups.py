"""Customer groups (分组: built-in and the couple's own, many per customer) and tags."""

from __future__ import annotations

from collections.abc import Iterable

from peewee import IntegrityError

from desk.core import changes, pinyin
from desk.core.changes import Changes
from desk.core.customers import MAX_GROUP_NAME, GroupInfo, _one_line
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Customer, CustomerGroup, CustomerGroupMember, Tag
from desk.models.base import now



#: The few merged customers (a partial index holds just them): cheaper to exclude than to join.
MERGED_IDS = "SELECT id FROM customer WHERE merged_into_id IS NOT NULL"


def _group_info_rows(where: str = "", params: tuple = ()) -> list[GroupInfo]:
    rows = db.execute_sql(
        "SELECT g.id, g.key, g.name, g.color,"
        " (SELECT COUNT(*) FROM customer_group_member m WHERE m.group_id = g.id"
        f"  AND m.customer_id NOT IN ({MERGED_IDS}))"
        f" FROM customer_group g {where} ORDER BY g.position, g.id",
        params,
    )
    return [GroupInfo(*r) for r in rows]


def list_groups() -> list[GroupInfo]:
    return _group_info_rows()


def group_by_key(key: str) -> GroupInfo:
    found = _group_info_rows("WHERE g.key = ?", (key,))
    if not found:
        raise DomainError(_("The built-in group {key} is missing.").format(key=key))
    return found[0]


def _require_group(group_id: int) -> CustomerGroup:
    group = CustomerGroup.get_or_none(CustomerGroup.id == group_id)
    if group is None:
        raise DomainError(_("This group no longer exists."))
    return group


def _clean_group_name(name: str, group_id: int | None) -> str:
    name = _one_line(name)
    if not name:
        raise ValidationError(_("Group name is required."), "name")
    if len(name) > MAX_GROUP_NAME:
        raise ValidationError(
            _("Group name is too long (at most {count} characters).").format(count=MAX_GROUP_NAME),
            "name",
        )
    query = CustomerGroup.select().where(CustomerGroup.name == name)
    if group_id is not None:
        query = query.where(CustomerGroup.id != group_id)
    if query.exists():
        raise ValidationError(_("There is already a group called {name}.").format(name=name), "name")
    return name


def create_group(name: str, color: str = "") -> tuple[GroupInfo, Changes]:
    try:
        with db.atomic():
            name = _clean_group_name(name, None)
            position = (CustomerGroup.select().count() or 0)
            group = CustomerGroup.create(name=name, color=(color or "")[:20], position=position)
    except IntegrityError:
        raise ValidationError(_("There is already a group called {name}.").format(name=name), "name") from None
    return _group_info_rows("WHERE g.id = ?", (group.id,))[0], Changes.of(changes.CUSTOMERS)


def update_group(group_id: int, name: str, color: str) -> tuple[GroupInfo, Changes]:
    with db.atomic():
        _require_group(group_id)
        name = _clean_group_name(name, group_id)
        CustomerGroup.update(name=name, color=(color or "")[:20]).where(CustomerGroup.id == group_id).execute()
    return _group_info_rows("WHERE g.id = ?", (group_id,))[0], Changes.of(changes.CUSTOMERS)


def delete_group(group_id: int) -> Changes:
    """Delete one of the couple's own groups; its customers stay (they just leave the group)."""
    with db.atomic():
        group = _require_group(group_id)
        if group.key is not None:
            raise DomainError(
                _("{name} is a built-in group; it can be renamed but not deleted.").format(name=group.name)
            )
        group.delete_instance()
    return Changes.of(changes.CUSTOMERS)


def move_group(group_id: int, step: int) -> Changes:
    with db.atomic():
        _require_group(group_id)
        order = [g.id for g in CustomerGroup.select().order_by(CustomerGroup.position, CustomerGroup.id)]
        index = order.index(group_id)
        target = max(0, min(len(order) - 1, index + step))
        order.insert(target, order.pop(index))
        for position, gid in enumerate(order):
            CustomerGroup.update(position=position).where(CustomerGroup.id == gid).execute()
    return Changes.of(changes.CUSTOMERS)


def _live_ids(customer_ids: Iterable[int]) -> list[int]:
    ids = sorted({int(i) for i in customer_ids})
    live = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        live += [
            c.id for c in Customer.select(Customer.id).where(
                Customer.id.in_(chunk), Customer.merged_into.is_null()
            )
        ]
    return live


def add_to_group(customer_ids: Iterable[int], group_id: int) -> Changes:
    with db.atomic():
        _require_group(group_id)
        rows = [{"customer": cid, "group": group_id, "added_at": now()} for cid in _live_ids(customer_ids)]
        for start in range(0, len(rows), 300):
            CustomerGroupMember.insert_many(rows[start : start + 300]).on_conflict_ignore().execute()
    return Changes.of(changes.CUSTOMERS)


def remove_from_group(customer_ids: Iterable[int], group_id: int) -> Changes:
    ids = sorted({int(i) for i in customer_ids})
    with db.atomic():
        _require_group(group_id)
        for start in range(0, len(ids), 500):
            CustomerGroupMember.delete().where(
                CustomerGroupMember.group == group_id,
                CustomerGroupMember.customer.in_(ids[start : start + 500]),
            ).execute()
    return Changes.of(changes.CUSTOMERS)


def all_tags() -> list[str]:
    names = [t.name for t in Tag.select(Tag.name)]
    return sorted(names, key=lambda n: (pinyin.sort_key(n), n))
