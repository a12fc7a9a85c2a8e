"""Who each imported row is, and what the import changes: the plan made for the preview, and
made again inside the transaction that applies it unless nothing was written since (`stamp`).

Matching, in this order:
1. the buyer ID (买家会员名 / nick, Latin letters in any case), in the file and in the shop file;
2. a normalised phone: a row with a buyer ID only matches a customer who has no buyer ID yet (a
   customer with another buyer ID is another Taobao account: the duplicates list shows the
   pair, the user decides); a row without one matches whoever has the phone;
3. a row with neither (a hand-made table) matches a customer of the same name who has neither.
Several rows of one buyer make one customer. Existing data is never overwritten: empty names and
buyer IDs are filled in, phones, addresses (compared normalised), notes, groups and tags added.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from desk.core import customers, taobao_orders
from desk.core.customer_import_base import (
    CREATE,
    SAME,
    TAOBAO,
    UPDATE,
    ImportedBuyer,
    RowProblem,
    address_key,
    nick_key,
)
from desk.core.customers import AddressDraft
from desk.db.connection import db
from desk.i18n import _

_CHUNK = 500


class Existing:
    """What the shop file holds of one matched customer."""

    __slots__ = (
        "id", "name", "nick", "notes", "order_count", "phones", "address_keys", "addresses",
        "group_keys", "group_names", "tags",
    )  # fmt: skip

    def __init__(self, cid: int, name: str, nick: str, notes: str, order_count: int) -> None:
        self.id = cid
        self.name = name
        self.nick = nick
        self.notes = notes
        self.order_count = order_count
        self.phones: set[str] = set()
        self.address_keys: set[str] = set()
        self.addresses = 0
        self.group_keys: set[str] = set()
        self.group_names: set[str] = set()
        self.tags: set[str] = set()


class Target:
    """One customer the import creates or touches, and what it does to them."""

    __slots__ = (
        "customer_id", "nick", "rows", "set_name", "set_nick", "phones", "addresses", "orders",
        "notes", "group_names", "keys_add", "keys_remove", "tags", "has_address",
    )  # fmt: skip

    def __init__(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.nick = ""
        self.rows: list[int] = []  # indexes into the buyers
        self.set_name = ""
        self.set_nick = ""
        self.phones: list[str] = []
        self.addresses: list[AddressDraft] = []
        self.orders: list[ImportedBuyer] = []
        self.notes: list[str] = []
        self.group_names: list[str] = []  # the file's groups (table)
        self.keys_add: list[str] = []  # built-in groups by the order rules
        self.keys_remove: list[str] = []
        self.tags: list[str] = []
        self.has_address = False

    @property
    def changed(self) -> bool:
        return bool(
            self.set_name or self.set_nick or self.phones or self.addresses or self.orders
            or self.notes or self.group_names or self.keys_add or self.keys_remove or self.tags
        )  # fmt: skip

    @property
    def action(self) -> str:
        if self.customer_id is None:
            return CREATE
        return UPDATE if self.changed else SAME


@dataclass
class Plan:
    buyers: list[ImportedBuyer]  # with customer_id, action and group filled in
    targets: list[Target]
    existing: dict[int, Existing]
    problems: list[RowProblem]
    orders_known: int
    #: Taobao: the Orders the import creates and moves (None for a table)
    order_plan: taobao_orders.OrderPlan | None = None

    @property
    def creates(self) -> int:
        return sum(1 for t in self.targets if t.customer_id is None)

    @property
    def updates(self) -> int:
        return sum(1 for t in self.targets if t.customer_id is not None and t.changed)

    @property
    def unchanged(self) -> int:
        return sum(1 for t in self.targets if t.customer_id is not None and not t.changed)

    @property
    def orders_new(self) -> int:
        if self.order_plan is not None:
            return len(self.order_plan.creates)
        return sum(len(t.orders) for t in self.targets)

    @property
    def orders_updated(self) -> int:
        return len(self.order_plan.moves) if self.order_plan is not None else 0


def _chunks(values: list, size: int = _CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- what the shop file holds --------------------------------------------------------------------


def _nicks() -> dict[str, int]:
    found: dict[str, int] = {}
    for cid, nick in db.execute_sql(
        "SELECT id, nick FROM customer WHERE merged_into_id IS NULL AND nick != '' ORDER BY id"
    ):
        found.setdefault(nick_key(nick), cid)
    return found


def _phone_owners(numbers: list[str]) -> dict[str, list[tuple[int, str]]]:
    """phone → [(customer id, nick)] of the live customers who have it (phones or addresses)."""
    holders: dict[str, set[int]] = {}
    for chunk in _chunks(sorted(set(numbers))):
        marks = ",".join("?" * len(chunk))
        # by the phone indexes only: joined to customer, SQLite would rather walk every live
        # customer (merged_into_id IS NULL) once the IN list is long
        for phone, cid in db.execute_sql(
            f"SELECT phone, customer_id FROM customer_phone WHERE phone IN ({marks})"
            f" UNION ALL SELECT phone, customer_id FROM address WHERE phone IN ({marks})",
            chunk * 2,
        ):
            holders.setdefault(phone, set()).add(cid)
    ids = sorted({cid for found in holders.values() for cid in found})
    nicks: dict[int, str] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        nicks.update(
            db.execute_sql(
                f"SELECT id, nick FROM customer WHERE id IN ({marks}) AND merged_into_id IS NULL",
                chunk,
            ).fetchall()
        )
    return {
        phone: sorted((cid, nicks[cid]) for cid in found if cid in nicks)
        for phone, found in holders.items()
        if any(cid in nicks for cid in found)
    }


def _bare_names(names: list[str]) -> dict[str, int]:
    """name → customer with that name and no buyer ID and no phone."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(names))):
        marks = ",".join("?" * len(chunk))
        for cid, name in db.execute_sql(
            # + keeps SQLite on the name index (not walking every customer without a nick)
            f"SELECT c.id, c.name FROM customer c WHERE c.name IN ({marks}) AND +c.nick = ''"
            " AND +c.merged_into_id IS NULL AND NOT EXISTS"
            " (SELECT 1 FROM customer_phone p WHERE p.customer_id = c.id) ORDER BY c.id",
            chunk,
        ):
            found.setdefault(name, cid)
    return found


def known_orders(numbers: list[str]) -> set[str]:
    known: set[str] = set()
    for chunk in _chunks(sorted(set(numbers))):
        marks = ",".join("?" * len(chunk))
        known.update(
            r[0]
            for r in db.execute_sql(
                f"SELECT external_no FROM imported_order WHERE external_no IN ({marks})", chunk
            )
        )
    return known


def _existing(ids: list[int]) -> dict[int, Existing]:
    found: dict[int, Existing] = {}
    for chunk in _chunks(sorted(set(ids))):
        marks = ",".join("?" * len(chunk))
        for cid, name, nick, notes, count in db.execute_sql(
            "SELECT id, name, nick, notes, order_count FROM customer"
            f" WHERE id IN ({marks})",
            chunk,
        ):
            found[cid] = Existing(cid, name, nick, notes, count)
        for cid, phone in db.execute_sql(
            f"SELECT customer_id, phone FROM customer_phone WHERE customer_id IN ({marks})", chunk
        ):
            found[cid].phones.add(phone)
        for cid, *parts in db.execute_sql(
            "SELECT customer_id, receiver, province, city, district, street FROM address"
            f" WHERE customer_id IN ({marks})",
            chunk,
        ):
            found[cid].address_keys.add(address_key(*parts))
            found[cid].addresses += 1
        for cid, key, name in db.execute_sql(
            "SELECT m.customer_id, g.key, g.name FROM customer_group_member m"
            f" JOIN customer_group g ON g.id = m.group_id WHERE m.customer_id IN ({marks})",
            chunk,
        ):
            if key:
                found[cid].group_keys.add(key)
            found[cid].group_names.add(name)
        for cid, name in db.execute_sql(
            "SELECT t.customer_id, g.name FROM customer_tag t JOIN tag g ON g.id = t.tag_id"
            f" WHERE t.customer_id IN ({marks})",
            chunk,
        ):
            found[cid].tags.add(name)
    return found


def built_in_names() -> dict[str, str]:
    return {
        key: name
        for key, name in db.execute_sql(
            "SELECT key, name FROM customer_group WHERE key IS NOT NULL"
        )
    }


# --- reusing the preview's plan ------------------------------------------------------------------


def stamp() -> tuple | None:
    """What identifies the state of the shop file as this connection sees it: the connection,
    the rows it has changed, and SQLite's count of commits by other connections. None inside a
    transaction (what it saw may still be rolled back)."""
    conn = db.connection()
    if conn.in_transaction:
        return None
    return conn, conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]


def reusable_plan(cache: tuple | None) -> Plan | None:
    """The preview's plan when nothing at all was written to the shop file since it was made
    (same connection, no change by it, no commit by another); else None (plan again)."""
    if cache is None:
        return None
    (conn, changed, version), plan = cache
    current = db.connection()
    if conn is not current or current.total_changes != changed:
        return None
    if current.execute("PRAGMA data_version").fetchone()[0] != version:
        return None
    return plan


# --- the plan ------------------------------------------------------------------------------------


def make_plan(source: str, buyers: list[ImportedBuyer] | tuple[ImportedBuyer, ...]) -> Plan:
    """Match every row and work out what changes; reads the shop file, writes nothing."""
    buyers = list(buyers)
    targets = _match(buyers)
    existing = _existing([t.customer_id for t in targets if t.customer_id is not None])
    order_plan = None
    if source == TAOBAO and any(b.order is not None for b in buyers):
        order_plan = taobao_orders.OrderPlan(
            [b.external_no for b in buyers if b.order is not None and b.external_no]
        )
    counted = [b.external_no for b in buyers if b.counted and b.external_no and b.order is None]
    known = known_orders(counted) if counted else set()
    problems: list[RowProblem] = []
    seen_orders: set[str] = set()
    orders_known = 0
    group_names = built_in_names()
    result = list(buyers)
    for target in targets:
        before = existing.get(target.customer_id) if target.customer_id is not None else None
        orders_known += _changes(
            target, before, buyers, known, seen_orders, problems, source, order_plan
        )
        group = ""
        if source == TAOBAO:
            _order_groups(target, before)
            group = "、".join(group_names.get(k, k) for k in target.keys_add)
        action = target.action
        for index in target.rows:
            b = buyers[index]
            result[index] = ImportedBuyer(
                b.line, b.external_no, b.nick, b.name, b.phones, b.address, b.total_fen,
                b.ordered_at, b.notes, group if source == TAOBAO else b.group, b.tags,
                target.customer_id, action, b.counted, b.order,
            )  # fmt: skip
    problems.sort(key=lambda p: p.line)
    return Plan(result, targets, existing, problems, orders_known, order_plan)


def _match(buyers: list[ImportedBuyer]) -> list[Target]:
    nicks = _nicks() if any(b.nick for b in buyers) else {}
    unmatched_phones = [
        p for b in buyers if not (b.nick and nick_key(b.nick) in nicks) for p in b.phones
    ]
    owners = _phone_owners(unmatched_phones) if unmatched_phones else {}
    bare = [b.name for b in buyers if not b.nick and not b.phones and b.name]
    names = _bare_names(bare) if bare else {}

    targets: list[Target] = []
    by_customer: dict[int, Target] = {}
    by_nick: dict[str, Target] = {}
    by_phone: dict[str, Target] = {}
    by_name: dict[str, Target] = {}

    def of_customer(cid: int) -> Target:
        target = by_customer.get(cid)
        if target is None:
            target = Target(cid)
            by_customer[cid] = target
            targets.append(target)
        return target

    def new() -> Target:
        target = Target(None)
        targets.append(target)
        return target

    for index, buyer in enumerate(buyers):
        target = None
        if buyer.nick:
            key = nick_key(buyer.nick)
            target = by_nick.get(key)
            if target is None and key in nicks:
                target = of_customer(nicks[key])
            if target is None:
                target = _nickless_owner(buyer.phones, owners, by_customer, of_customer)
                if target is not None:
                    target.set_nick = target.nick = buyer.nick
            if target is None:
                target = new()
                target.nick = buyer.nick
            by_nick[key] = target
        else:
            target = next((by_phone[p] for p in buyer.phones if p in by_phone), None)
            if target is None:
                cid = next((owners[p][0][0] for p in buyer.phones if p in owners), None)
                target = of_customer(cid) if cid is not None else None
            if target is None and not buyer.phones and buyer.name:
                target = by_name.get(buyer.name)
                if target is None and buyer.name in names:
                    target = of_customer(names[buyer.name])
            if target is None:
                target = new()
            if not buyer.phones and buyer.name:
                by_name.setdefault(buyer.name, target)
        for phone in buyer.phones:
            by_phone.setdefault(phone, target)
        target.rows.append(index)
    return targets


def _nickless_owner(numbers, owners, by_customer, of_customer) -> Target | None:
    """The customer without a buyer ID (and not given one by this import) who has a phone."""
    for phone in numbers:
        for cid, nick in owners.get(phone, ()):
            if nick:
                continue
            claimed = by_customer.get(cid)
            if claimed is not None and claimed.nick:
                continue
            return of_customer(cid)
    return None


def _changes(
    target: Target,
    before: Existing | None,
    buyers: list[ImportedBuyer],
    known: set[str],
    seen_orders: set[str],
    problems: list[RowProblem],
    source: str,
    order_plan: taobao_orders.OrderPlan | None = None,
) -> int:
    """Fill in what the target's rows add to the customer; returns the orders already known."""
    phones_have = set(before.phones) if before else set()
    keys_have = set(before.address_keys) if before else set()
    address_count = before.addresses if before else 0
    target.has_address = address_count > 0
    notes = before.notes if before else ""
    notes_room = customers.MAX_NOTES - len(notes)
    groups_have = set(before.group_names) if before else set()
    tags_have = set(before.tags) if before else set()
    if target.customer_id is None:
        target.set_nick = target.nick
    name_missing = not (before.name if before else "")
    known_count = 0
    for index in target.rows:
        buyer = buyers[index]
        if name_missing and not target.set_name and buyer.name:
            target.set_name = buyer.name
        for phone in buyer.phones:
            if phone not in phones_have and len(phones_have) < customers.MAX_PHONES:
                phones_have.add(phone)
                target.phones.append(phone)
        if buyer.address is not None:
            a = buyer.address
            key = address_key(a.receiver, a.province, a.city, a.district, a.street)
            if key not in keys_have:
                keys_have.add(key)
                if address_count >= customers.MAX_ADDRESSES:
                    problems.append(RowProblem(buyer.line, "", _(
                        "The customer already has {count} addresses; this one is not added."
                    ).format(count=customers.MAX_ADDRESSES), blocking=False))
                else:
                    address_count += 1
                    target.addresses.append(a)
        new_order = False
        if order_plan is not None and buyer.order is not None and buyer.external_no:
            # Taobao: every order becomes an Order; the new counted ones count (an order an
            # older import counted without an Order is counted again from scratch)
            taken = order_plan.take(index, buyer.external_no, buyer.order)
            if taken == "duplicate":
                problems.append(RowProblem(buyer.line, "", _(
                    "Order {number} appears more than once in the file; it is imported once."
                ).format(number=buyer.external_no), blocking=False))
            elif taken == "known":
                known_count += 1
            elif buyer.counted and buyer.external_no not in order_plan.converted:
                target.orders.append(buyer)
                new_order = True
        elif buyer.counted and buyer.external_no:
            if buyer.external_no in known:
                known_count += 1
            elif buyer.external_no in seen_orders:
                problems.append(RowProblem(buyer.line, "", _(
                    "Order {number} appears more than once in the file; it is counted once."
                ).format(number=buyer.external_no), blocking=False))
            else:
                seen_orders.add(buyer.external_no)
                target.orders.append(buyer)
                new_order = True
        note = _note_line(buyer, source) if (new_order or source != TAOBAO) else ""
        if note and note not in notes and note not in target.notes:
            if len(note) + 1 > notes_room:
                problems.append(RowProblem(buyer.line, "", _(
                    "The customer's notes are full; this note is not added."
                ), blocking=False))
            else:
                notes_room -= len(note) + 1
                target.notes.append(note)
        for name in _names(buyer.group):
            if name not in groups_have:
                groups_have.add(name)
                target.group_names.append(name)
        for tag in buyer.tags:
            if tag not in tags_have and len(tags_have) < customers.MAX_TAGS:
                tags_have.add(tag)
                target.tags.append(tag)
    return known_count


def _note_line(buyer: ImportedBuyer, source: str) -> str:
    if not buyer.notes:
        return ""
    if source != TAOBAO:
        return buyer.notes
    day = buyer.ordered_at.date().isoformat() if buyer.ordered_at else buyer.external_no
    return _("Buyer message {date}: {text}").format(date=day, text=buyer.notes)


def _names(text: str) -> list[str]:
    return [n for n in (part.strip() for part in text.split("、")) if n] if text else []


def _order_groups(target: Target, before: Existing | None) -> None:
    """The built-in groups by orders: none yet → 潜在客户 (a new buyer whose orders were all
    closed), one → 新客户, two or more → 老客户. Only customers this import gives an order (or
    creates) move; a customer leaves the lower groups when they move up."""
    if before is not None and not target.orders:
        return
    count = (before.order_count if before else 0) + len(target.orders)
    have = before.group_keys if before else set()
    ladder = ("potential", "new", "repeat")
    key = ladder[min(count, 2)]
    if key not in have:
        target.keys_add.append(key)
    for lower in ladder[: ladder.index(key)]:
        if lower in have:
            target.keys_remove.append(lower)


def earliest(values: list[datetime.datetime | None]) -> datetime.datetime | None:
    found = [v for v in values if v is not None]
    return min(found) if found else None


def latest(values: list[datetime.datetime | None]) -> datetime.datetime | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None
