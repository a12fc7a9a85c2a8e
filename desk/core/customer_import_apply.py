"""Writing a checked import: everything in one transaction, or nothing.

The plan is made again inside the transaction (a customer added or merged since the preview
cannot be duplicated), then written with bulk inserts: new customers get their ids up front (the
transaction holds the write lock), their phones, addresses, imported orders, groups and tags
follow as `executemany` batches. A Taobao export's orders become Orders the same way
(`desk.core.taobao_orders`: numbered, with their line, memo and shipment; no stock moves); only
a table's order numbers are kept as `imported_order` rows (platform orders that are not Orders). The search index is refreshed in the same transaction: row by
row for a few customers, rebuilt whole for many (faster past a few thousand).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from desk.core import changes, customer_search, phones, taobao_orders
from desk.core.changes import Changes
from desk.core.customer_import_base import (
    TAOBAO,
    Cancel,
    ImportCancelled,
    ImportPreview,
    ImportResult,
    Progress,
    gc_paused,
)
from desk.core.customer_import_plan import (
    Plan,
    Target,
    earliest,
    latest,
    make_plan,
    reusable_plan,
)
from desk.core.customers import search_pinyin
from desk.core.errors import DomainError
from desk.db.connection import PRAGMAS, db
from desk.i18n import _
from desk.models.base import now

#: From this many changed customers on, the search index is rebuilt instead of updated.
REBUILD_FROM = 2000
BULK_CACHE_KIB = -262144  # 256 MB (negative: KiB, as SQLite takes it)
_BATCH = 5000


def _text(when: datetime.datetime | None) -> str | None:
    """As the models store a time: `2024-06-20 21:15:03`."""
    if when is None:
        return None
    return str(when.replace(microsecond=0) if when.microsecond else when)


def apply_import(
    preview: ImportPreview,
    *,
    group_id: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> tuple[ImportResult, Changes]:
    """Write `preview` (refused when it has blocking problems); `group_id` is a group every
    customer of the file is put in. `cancel()` returning True stops it with ImportCancelled,
    nothing written."""
    if not preview.ok:
        raise DomainError(
            _("The file has {count} problems that stop the import; fix them and try again.").format(
                count=len(preview.blocking)
            ),
            "file",
        )

    def step(done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise ImportCancelled()
        if progress is not None:
            progress(done, total)

    with gc_paused(), _big_cache(), db.atomic() if db.in_transaction() else db.atomic("IMMEDIATE"):
        if group_id is not None and not db.execute_sql(
            "SELECT 1 FROM customer_group WHERE id = ?", (group_id,)
        ).fetchone():
            raise DomainError(_("This group no longer exists."))
        step(0, 100)
        plan = reusable_plan(preview.plan_cache) or make_plan(preview.source, preview.buyers)
        step(10, 100)
        result, touched = _write(plan, preview.source, group_id, lambda f: step(10 + int(f * 70), 100))
        done = Changes.of(changes.CUSTOMERS)
        if result.orders_created or result.orders_updated:
            done |= Changes.of(changes.ORDERS)
        if _rebuild(len(touched)):
            customer_search.rebuild_index(lambda d, t: step(80 + 20 * d // max(t, 1), 100))
        elif touched:
            customer_search.reindex(touched)
        step(100, 100)
    return result, done


@contextmanager
def _big_cache() -> Iterator[None]:
    """A bigger page cache while tens of thousands of rows go into the indexes of a large shop
    file (as the demo builder does); the usual size afterwards."""
    db.execute_sql(f"PRAGMA cache_size = {BULK_CACHE_KIB:d}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {PRAGMAS['cache_size']:d}")


def _rebuild(touched: int) -> bool:
    """Rebuild the whole search index (faster than row by row, and leaves it compact) when many
    customers changed and they are at least half of the address book; a few thousand new
    buyers in a shop of 200,000 are indexed row by row."""
    if touched < REBUILD_FROM:
        return False
    live = db.execute_sql("SELECT COUNT(*) FROM customer WHERE merged_into_id IS NULL").fetchone()[0]
    return touched * 2 >= live


def _write(
    plan: Plan, source: str, group_id: int | None, step: Callable[[float], None]
) -> tuple[ImportResult, list[int]]:
    cursor = db.cursor()
    moment = now()
    at = _text(moment)
    next_id = db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM customer").fetchone()[0] + 1
    ids: list[int] = []  # the customer id of each target (the plan itself is left as it is)
    new_rows, updates = [], []
    phone_rows, address_rows, order_rows = [], [], []
    touched: list[int] = []
    created = updated = 0
    total = max(len(plan.targets), 1)
    pinyin_keys: dict[str, str] = {}
    for number, target in enumerate(plan.targets):
        if number % _BATCH == 0:
            step(0.5 * number / total)
        created_now = target.customer_id is None
        if created_now:
            cid = next_id
            next_id += 1
            created += 1
            new_rows.append(_new_customer(cid, target, at, pinyin_keys))
        else:
            cid = target.customer_id
        ids.append(cid)
        if not created_now:
            if not target.changed:
                continue
            updated += 1
            updates.append(_update(target, plan, at))
        if created_now or target.set_name or target.set_nick or target.phones or target.notes \
                or target.addresses:  # what search finds a customer by
            touched.append(cid)
        before = plan.existing.get(cid)
        first_position = len(before.phones) if before else 0
        for position, text in enumerate(target.phones, first_position):
            phone_rows.append((cid, text, _kind(text), position))
        for k, a in enumerate(target.addresses):
            default = 1 if k == 0 and not target.has_address else 0
            address_rows.append((cid, a.receiver, a.phone, a.province, a.city, a.district,
                                 a.street, a.postcode, default, at))  # fmt: skip
        for order in target.orders:
            if order.order is None:  # a Taobao order becomes an Order (below)
                order_rows.append((order.external_no, cid, order.total_fen,
                                   _text(order.ordered_at), source, at))  # fmt: skip
    step(0.5)
    cursor.executemany(
        "INSERT INTO customer (id, nick, name, pinyin, notes, merged_into_id, order_count,"
        " total_spent_fen, first_order_at, last_order_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)",
        new_rows,
    )
    _update_customers(cursor, updates)
    step(0.6)
    cursor.executemany(
        "INSERT INTO customer_phone (customer_id, phone, kind, position) VALUES (?, ?, ?, ?)",
        phone_rows,
    )
    cursor.executemany(
        "INSERT INTO address (customer_id, receiver, phone, province, city, district, street,"
        " postcode, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        address_rows,
    )
    step(0.7)
    cursor.executemany(
        "INSERT INTO imported_order (external_no, customer_id, total_fen, ordered_at, source,"
        " imported_at) VALUES (?, ?, ?, ?, ?, ?)",
        order_rows,
    )
    written = None
    if plan.order_plan is not None:
        customer_of = [0] * len(plan.buyers)
        for target, cid in zip(plan.targets, ids, strict=True):
            for index in target.rows:
                customer_of[index] = cid
        written = taobao_orders.write(cursor, plan.order_plan, plan.buyers, customer_of, moment)
        taobao_orders.rebuild_figures(written.rebuild)
    step(0.8)
    _write_groups(cursor, plan, ids, group_id, at)
    _write_tags(cursor, plan, ids)
    step(1.0)
    if written is None:
        result = ImportResult(created, updated, len(address_rows), len(order_rows))
    else:
        result = ImportResult(created, updated, len(address_rows), written.counted,
                              written.created, written.moved)  # fmt: skip
    return result, touched


def _kind(text: str) -> str:
    if len(text) == 11 and text.isdigit():  # the usual case, without parsing it again
        return phones.MOBILE
    phone = phones.normalize_phone(text)
    return phone.kind if phone else phones.MOBILE


def _figures(target: Target) -> tuple[int, int, str | None, str | None]:
    orders = target.orders
    if not orders:
        return 0, 0, None, None
    if len(orders) == 1:
        when = _text(orders[0].ordered_at)
        return 1, orders[0].total_fen, when, when
    when = [o.ordered_at for o in orders]
    return len(orders), sum(o.total_fen for o in orders), _text(earliest(when)), _text(latest(when))


def _new_customer(cid: int, target: Target, at: str, keys: dict[str, str]) -> tuple:
    count, spent, first, last = _figures(target)
    name, nick = target.set_name, target.set_nick
    key = keys.get(name)
    if key is None:  # many buyers share a name: work its pinyin out once
        key = keys[name] = search_pinyin(name, "")
    pinyin_key = f"{key} {nick.lower()}" if key and nick else key or nick.lower()
    notes = "\n".join(target.notes)
    return (cid, nick, name, pinyin_key, notes, count, spent, first, last, at, at)


def _update(target: Target, plan: Plan, at: str) -> tuple:
    before = plan.existing[target.customer_id]
    name = target.set_name or before.name
    nick = target.set_nick or before.nick
    notes = "\n".join([before.notes, *target.notes] if before.notes else target.notes)
    count, spent, first, last = _figures(target)
    pinyin_key = search_pinyin(name, nick) if (target.set_name or target.set_nick) else None
    return (name, nick, pinyin_key, notes, count, spent, first, last, at, target.customer_id)


def _update_customers(cursor, updates: list[tuple]) -> None:
    cursor.executemany(
        "UPDATE customer SET name = ?1, nick = ?2, pinyin = COALESCE(?3, pinyin), notes = ?4,"
        " order_count = order_count + ?5, total_spent_fen = total_spent_fen + ?6,"
        " first_order_at = CASE WHEN ?7 IS NULL THEN first_order_at"
        "  WHEN first_order_at IS NULL OR first_order_at > ?7 THEN ?7 ELSE first_order_at END,"
        " last_order_at = CASE WHEN ?8 IS NULL THEN last_order_at"
        "  WHEN last_order_at IS NULL OR last_order_at < ?8 THEN ?8 ELSE last_order_at END,"
        " updated_at = ?9 WHERE id = ?10",
        updates,
    )


def _write_groups(cursor, plan: Plan, ids: list[int], group_id: int | None, at: str) -> None:
    groups = {
        name: (gid, key)
        for gid, name, key in db.execute_sql("SELECT id, name, key FROM customer_group")
    }
    by_key = {key: gid for gid, key in groups.values() if key}
    wanted = [n for t in plan.targets for n in t.group_names if n not in groups]
    if wanted:
        position = db.execute_sql(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM customer_group"
        ).fetchone()[0]
        for offset, name in enumerate(dict.fromkeys(wanted)):
            cursor.execute(
                "INSERT INTO customer_group (key, name, color, note, position)"
                " VALUES (NULL, ?, '', '', ?)",
                (name, position + offset),
            )
            groups[name] = (cursor.lastrowid, None)
    members, removed = [], []
    for target, cid in zip(plan.targets, ids, strict=True):
        for name in target.group_names:
            members.append((cid, groups[name][0], at))
        for key in target.keys_add:
            if key in by_key:
                members.append((cid, by_key[key], at))
        for key in target.keys_remove:
            if key in by_key:
                removed.append((cid, by_key[key]))
        if group_id is not None:
            members.append((cid, group_id, at))
    cursor.executemany(
        "DELETE FROM customer_group_member WHERE customer_id = ? AND group_id = ?", removed
    )
    cursor.executemany(
        "INSERT OR IGNORE INTO customer_group_member (customer_id, group_id, added_at)"
        " VALUES (?, ?, ?)",
        members,
    )


def _write_tags(cursor, plan: Plan, ids: list[int]) -> None:
    names = list(dict.fromkeys(tag for t in plan.targets for tag in t.tags))
    if not names:
        return
    cursor.executemany("INSERT OR IGNORE INTO tag (name) VALUES (?)", [(n,) for n in names])
    tag_ids = {}
    for start in range(0, len(names), 500):
        chunk = names[start : start + 500]
        marks = ",".join("?" * len(chunk))
        tag_ids.update(db.execute_sql(f"SELECT name, id FROM tag WHERE name IN ({marks})", chunk))
    cursor.executemany(
        "INSERT OR IGNORE INTO customer_tag (customer_id, tag_id) VALUES (?, ?)",
        [(cid, tag_ids[tag]) for t, cid in zip(plan.targets, ids, strict=True) for tag in t.tags],
    )


__all__ = ["REBUILD_FROM", "TAOBAO", "apply_import"]
