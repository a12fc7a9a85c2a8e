"""The orders list: filters, search and keyset paging, one page whatever the number of orders.

Newest first, on (created_at DESC, id DESC); the next page starts `after` the (created_at text,
id) of the last row shown (`page_after`), so a page costs the same at order 1 and order 900,000.

Two plans, chosen per call (`_plan`):

- **walk**: the `order_created_at` index read backwards from the keyset point (and inside the
  date range), every condition tested on the way, stopping after one page. Right when the
  conditions match many orders: the page fills after a few hundred rows.
- **collect**: when one condition matches few orders through an index of its own — a search
  (`order_search`), statuses such as 待付款, flags — the ids of its orders are collected first
  (at most COLLECT_LIMIT) with their created_at (from the (customer_id, created_at) index for a
  customer's orders, else one rowid lookup each), sorted in Python, and only the page's rows are
  read and tested, in chunks until the page is full. Walking the created_at index for a few (or
  old) orders would read most of the table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from desk.core import order_search, orders, phones, replies, settings
from desk.core.customer_list import region_text  # after `orders`, which loads customers
from desk.core.errors import DomainError, ValidationError
from desk.core.order_search import Source, json_list
from desk.db.connection import db
from desk.i18n import _
from desk.models.orders import FLAGS, ORDER_STATUSES

#: A condition matching at most this many orders is collected and sorted; more are walked.
COLLECT_LIMIT = 10_000
#: Lines shown in a row's summary before "…".
SUMMARY_LINES = 2
MERGED = "o.merged_into_id IS NULL"

_COLUMNS = (
    "o.id, o.number, o.customer_id, o.receiver, o.phone, o.province, o.city, o.district,"
    " o.status, o.flag, o.courier, o.total_fen, o.created_at, o.paid_at"
)


@dataclass(frozen=True)
class OrderFilter:
    """What the orders page shows. Empty fields filter nothing."""

    query: str = ""
    statuses: tuple[str, ...] = ()
    flags: tuple[str | None, ...] = ()  # FLAGS keys; None = orders without a flag
    date_from: datetime.date | None = None  # created on or after this day
    date_to: datetime.date | None = None  # created on or before this day
    courier: str = ""  # a settings.COURIERS code
    printed: bool | None = None  # True: label printed (printed_at set); False: not yet
    include_merged: bool = False  # orders merged into another are left out unless asked


# --- the plan -------------------------------------------------------------------------------------


def _conditions(f: OrderFilter) -> tuple[list[str], list]:
    """The filter's conditions on the row `o`, but the dates and the search (merged orders left
    out unless asked). ValidationError for an unknown status, flag or courier."""
    parts: list[str] = []
    params: list = []
    statuses = tuple(dict.fromkeys(f.statuses))
    if any(status not in ORDER_STATUSES for status in statuses):
        raise ValidationError(_("Unknown order status."), "statuses")
    if statuses:
        parts.append(f"o.status IN ({','.join('?' * len(statuses))})")
        params += statuses
    flags = tuple(dict.fromkeys(f.flags))
    if any(flag is not None and flag not in FLAGS for flag in flags):
        raise ValidationError(_("Unknown flag colour."), "flags")
    if flags:
        named = [x for x in flags if x is not None]
        alternatives = [f"o.flag IN ({','.join('?' * len(named))})"] if named else []
        if None in flags:
            alternatives.append("o.flag IS NULL")
        parts.append("(" + " OR ".join(alternatives) + ")")
        params += named
    if f.courier:
        if f.courier not in settings.COURIERS:
            raise ValidationError(_("Unknown courier."), "courier")
        parts.append("o.courier = ?")
        params.append(f.courier)
    if f.printed is not None:
        parts.append("o.printed_at IS NOT NULL" if f.printed else "o.printed_at IS NULL")
    if not f.include_merged:
        parts.append(MERGED)
    return parts, params


def _filter_sources(f: OrderFilter) -> list[Source]:
    """The filters with an index of their own (status, flag): they may drive the collect plan."""
    sources = []
    statuses = tuple(dict.fromkeys(f.statuses))
    if statuses:
        marks = ",".join("?" * len(statuses))
        sources.append(Source("", (), f'SELECT id, NULL FROM "order" WHERE status IN ({marks})',
                              statuses))
    flags = tuple(dict.fromkeys(f.flags))
    if flags and None not in flags:
        marks = ",".join("?" * len(flags))
        sources.append(Source("", (), f'SELECT id, NULL FROM "order" WHERE flag IN ({marks})',
                              flags))
    return sources


def _collect(sources) -> dict[int, str | None] | None:
    """id → created_at (None when the source does not give it) of the union of `sources`, or
    None when they match more than COLLECT_LIMIT orders (each source reads at most
    COLLECT_LIMIT + 1 index entries)."""
    found: dict[int, str | None] = {}
    for source in sources:
        if source.found is not None:
            for order_id in source.found:
                found.setdefault(order_id, None)
        elif source.ids:
            for order_id, at in db.execute_sql(f"{source.ids} LIMIT ?",
                                               (*source.ids_params, COLLECT_LIMIT + 1)):
                if at is not None or order_id not in found:
                    found[order_id] = at
        else:
            return None
        if len(found) > COLLECT_LIMIT:
            return None
    return found


@dataclass(frozen=True)
class _Plan:
    ids: dict[int, str | None] | None  # collect these (id → created_at if known); None: walk
    where: list[str]  # conditions on `o` (the search's tests too when walking), not the dates
    params: list
    low: str | None  # created_at >= low
    high: str | None  # created_at < high


def _plan(f: OrderFilter) -> _Plan:
    """Collect the orders of the sources that fit in COLLECT_LIMIT (the search, the statuses,
    the flags: their intersection); when none does, walk the created_at index."""
    search = order_search.parse(f.query)
    where, params = _conditions(f)
    low, high = f.date_from, f.date_to
    if search.day is not None:
        low = max(low, search.day) if low else search.day
        high = min(high, search.day) if high else search.day
    low_text = low.isoformat() if low else None
    high_text = (high + datetime.timedelta(days=1)).isoformat() if high else None
    if low is not None and high is not None and low > high:
        return _Plan({}, where, params, low_text, high_text)  # a range ending before it starts
    candidates: list[dict] = []
    if search.sources:
        found = _collect(search.sources)
        if found is not None:
            candidates.append(found)
        else:
            where.append("(" + " OR ".join(f"({s.test})" for s in search.sources) + ")")
            params += [p for s in search.sources for p in s.test_params]
    for source in _filter_sources(f):
        found = _collect([source])
        if found is not None:
            candidates.append(found)
    return _Plan(_intersection(candidates), where, params, low_text, high_text)


def _intersection(sets: list[dict[int, str | None]]) -> dict[int, str | None] | None:
    """The orders in every collected set (each is a condition of the filter), with created_at
    where any set knows it; None when nothing was collected."""
    if not sets:
        return None
    sets = sorted(sets, key=len)
    result = dict(sets[0])
    for other in sets[1:]:
        result = {i: at if at is not None else other[i] for i, at in result.items() if i in other}
    return result


def _keys(plan: _Plan, after: tuple[str, int] | None) -> list[tuple[str, int]]:
    """(created_at, id) of the collected orders inside the date range and after the keyset,
    newest first. Where the source did not give created_at, the row is read (by rowid) and
    tested at once; the others are tested when their page is read (`_page_rows`)."""
    known = {i: at for i, at in (plan.ids or {}).items() if at is not None}
    unknown = [i for i, at in (plan.ids or {}).items() if at is None]
    if unknown:
        known.update(db.execute_sql(
            'SELECT o.id, o.created_at FROM "order" o WHERE o.id IN'
            " (SELECT value FROM json_each(?))" + "".join(f" AND {w}" for w in plan.where),
            (json_list(unknown), *plan.params),
        ).fetchall())
    keys = [(str(at), i) for i, at in known.items()
            if (plan.low is None or str(at) >= plan.low)
            and (plan.high is None or str(at) < plan.high)]
    if after is not None:
        last = (str(after[0]), int(after[1]))
        keys = [k for k in keys if k < last]
    keys.sort(reverse=True)
    return keys


def _walk_sql(plan: _Plan, after: tuple[str, int] | None) -> tuple[str, list]:
    where, params = list(plan.where), list(plan.params)
    if plan.low is not None:
        where.append("o.created_at >= ?")
        params.append(plan.low)
    if plan.high is not None:
        where.append("o.created_at < ?")
        params.append(plan.high)
    if after is not None:
        at = str(after[0])
        where += ["o.created_at <= ?", "(o.created_at < ? OR o.id < ?)"]
        params += [at, at, int(after[1])]
    sql = (
        f'SELECT {_COLUMNS} FROM "order" o INDEXED BY order_created_at'
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY o.created_at DESC, o.id DESC LIMIT ?"
    )
    return sql, params


def _page_rows(plan: _Plan, keys: list[tuple[str, int]], limit: int) -> list[tuple]:
    """The first `limit` collected orders that pass the conditions, read a chunk at a time."""
    rows: list[tuple] = []
    start, chunk = 0, limit + 10
    where = "".join(f" AND {w}" for w in plan.where)
    while len(rows) < limit and start < len(keys):
        part = [i for _at, i in keys[start : start + chunk]]
        start += chunk
        chunk *= 2
        found = {
            r[0]: r
            for r in db.execute_sql(
                f'SELECT {_COLUMNS} FROM "order" o WHERE o.id IN'
                f" (SELECT value FROM json_each(?)){where}",
                [json_list(part), *plan.params],
            )
        }
        rows += [found[i] for i in part if i in found]
    return rows[:limit]


# --- reading --------------------------------------------------------------------------------------


def list_orders(
    filter: OrderFilter | None = None, *, after: tuple[str, int] | None = None,
    limit: int = orders.PAGE_SIZE,
) -> list[orders.OrderRow]:
    """One page of orders matching `filter`, newest first; `after` = `page_after(last row
    shown)`."""
    plan = _plan(filter or OrderFilter())
    limit = max(0, int(limit))
    if plan.ids is None:
        sql, params = _walk_sql(plan, after)
        return order_rows(db.execute_sql(sql, [*params, limit]).fetchall())
    if not plan.ids or not limit:
        return []
    return order_rows(_page_rows(plan, _keys(plan, after), limit))


def explain(filter: OrderFilter | None = None) -> list[str]:
    """How `list_orders` reads the first page: "walk" and SQLite's EXPLAIN QUERY PLAN of it, or
    "collect N ids" (for the benchmark)."""
    plan = _plan(filter or OrderFilter())
    if plan.ids is not None:
        known = sum(1 for at in plan.ids.values() if at is not None)
        return [f"collect {len(plan.ids)} ids ({known} with created_at from an index),"
                " sort, read the page by rowid"]
    sql, params = _walk_sql(plan, None)
    rows = db.execute_sql("EXPLAIN QUERY PLAN " + sql, [*params, orders.PAGE_SIZE])
    return ["walk"] + [r[-1] for r in rows]


def page_after(row: orders.OrderRow) -> tuple[str, int]:
    """The keyset of a row: pass it as `after` to get the page after it."""
    return (row.created_at.isoformat(sep=" "), row.id)


def count_orders(filter: OrderFilter | None = None) -> int:
    """How many orders match `filter` (the whole list, not one page)."""
    f = filter or OrderFilter()
    plan = _plan(f)
    if plan.ids is not None:
        if not plan.ids:
            return 0
        dated = plan.low is not None or plan.high is not None
        ids = [i for _at, i in _keys(plan, None)] if dated else list(plan.ids)
        if all(w == MERGED for w in plan.where):  # the merged ones found through their index
            return len(ids) - (_merged_among(ids) if plan.where else 0)
        sql = (
            'SELECT COUNT(*) FROM "order" o WHERE o.id IN (SELECT value FROM json_each(?))'
            + "".join(f" AND {w}" for w in plan.where)
        )
        return db.execute_sql(sql, [json_list(ids), *plan.params]).fetchone()[0]
    # Counted without the merged condition (so SQLite counts over the index of a filter, or
    # takes the table's count), minus the few merged orders, found through their own index.
    where, params = [w for w in plan.where if w != MERGED], list(plan.params)
    if plan.low is not None:
        where.append("o.created_at >= ?")
        params.append(plan.low)
    if plan.high is not None:
        where.append("o.created_at < ?")
        params.append(plan.high)
    total = db.execute_sql(
        'SELECT COUNT(*) FROM "order" o' + (" WHERE " + " AND ".join(where) if where else ""),
        params,
    ).fetchone()[0]
    if f.include_merged:
        return total
    merged = db.execute_sql(
        'SELECT COUNT(*) FROM "order" o INDEXED BY order_merged_into_id'
        " WHERE o.merged_into_id IS NOT NULL" + "".join(f" AND {w}" for w in where),
        params,
    ).fetchone()[0]
    return total - merged


def _merged_among(order_ids: list[int]) -> int:
    return db.execute_sql(
        'SELECT COUNT(*) FROM "order" INDEXED BY order_merged_into_id'
        " WHERE merged_into_id IS NOT NULL AND id IN (SELECT value FROM json_each(?))",
        (json_list(order_ids),),
    ).fetchone()[0]


def order_rows(rows: list[tuple]) -> list[orders.OrderRow]:
    """List rows from `_COLUMNS` tuples: the page's lines, customers, tracking numbers and
    unread memos come from four small queries over these orders only."""
    if not rows:
        return []
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    lines: dict[int, list[tuple]] = {}
    for order_id, code, color, size, quantity in db.execute_sql(
        "SELECT order_id, product_code, color, size, quantity FROM order_line"
        f" WHERE order_id IN ({marks}) ORDER BY order_id, position, id",
        ids,
    ):
        lines.setdefault(order_id, []).append((code, color, size, quantity))
    customer_ids = sorted({r[2] for r in rows if r[2] is not None})
    names: dict[int, tuple[str, str]] = {}
    if customer_ids:
        cmarks = ",".join("?" * len(customer_ids))
        names = {
            cid: (name, nick)
            for cid, name, nick in db.execute_sql(
                f"SELECT id, name, nick FROM customer WHERE id IN ({cmarks})", customer_ids
            )
        }
    tracking: dict[int, str] = {}
    for order_id, number in db.execute_sql(
        f"SELECT order_id, tracking_no FROM shipment WHERE order_id IN ({marks})"
        " ORDER BY order_id, created_at, id",
        ids,
    ):
        tracking[order_id] = number  # the latest shipment wins
    unread = {
        r[0]
        for r in db.execute_sql(
            f"SELECT DISTINCT order_id FROM order_memo WHERE order_id IN ({marks})"
            " AND read_at IS NULL",
            ids,
        )
    }
    result = []
    for (oid, number, cid, receiver, phone, province, city, district, status, flag, courier,
         total, created, paid) in rows:  # fmt: skip
        name, nick = names.get(cid, ("", ""))
        own = lines.get(oid, [])
        summary = ", ".join(f"{c} {col}/{s} ×{q}" for c, col, s, q in own[:SUMMARY_LINES])
        if len(own) > SUMMARY_LINES:
            summary += " …"
        result.append(
            orders.OrderRow(
                id=oid, number=number, customer_id=cid,
                customer_name=name or receiver or nick,
                phone_masked=_mask(phone), region=region_text(province, city, district),
                status=status, flag=flag, courier=courier, summary=summary,
                item_count=sum(q for *_rest, q in own), total_fen=total,
                created_at=_when(created), paid_at=_when(paid) if paid else None,
                tracking_no=tracking.get(oid, ""), unread_memo=oid in unread,
            )
        )
    return result


def _mask(phone: str) -> str:
    if len(phone) == 11 and phone.isdigit():
        return f"{phone[:3]}****{phone[7:]}"
    return phones.mask(phone) if phone else ""


def _when(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(str(value))


# --- 催付 -----------------------------------------------------------------------------------------


def unpaid_to_chase(
    now: datetime.datetime | None = None, hours: int = orders.UNPAID_CHASE_HOURS, *,
    limit: int | None = None,
) -> list[orders.OrderRow]:
    """Orders still unpaid `hours` after they were taken (not merged), oldest first."""
    now = now or datetime.datetime.now().replace(microsecond=0)
    cutoff = (now - datetime.timedelta(hours=hours)).isoformat(sep=" ")
    sql = (
        f'SELECT {_COLUMNS} FROM "order" o INDEXED BY order_status'
        " WHERE o.status = 'unpaid' AND o.merged_into_id IS NULL AND o.created_at < ?"
        " ORDER BY o.created_at, o.id"
    )
    params: list = [cutoff]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(0, int(limit)))
    return order_rows(db.execute_sql(sql, params).fetchall())


PAYMENT_GROUP = "payment"


def chase_text(order_id: int) -> str:
    """The 催付 quick reply (the first reply of the 催付 group) filled for this order: 买家 (name
    or nick), 订单号, 货号/颜色/尺码 of the first line, 店名. Without such a reply, a plain
    reminder in the same words."""
    row = db.execute_sql(
        'SELECT o.number, o.receiver, o.courier, c.name, c.nick FROM "order" o'
        " LEFT JOIN customer c ON c.id = o.customer_id WHERE o.id = ?",
        (order_id,),
    ).fetchone()
    if row is None:
        raise DomainError(_("This order no longer exists."))
    number, receiver, courier, name, nick = row
    first = db.execute_sql(
        "SELECT product_code, color, size FROM order_line WHERE order_id = ?"
        " ORDER BY position, id LIMIT 1",
        (order_id,),
    ).fetchone() or ("", "", "")
    body = db.execute_sql(
        "SELECT r.body FROM quick_reply r JOIN reply_group g ON g.id = r.group_id"
        " WHERE g.key = ? ORDER BY r.position, r.id LIMIT 1",
        (PAYMENT_GROUP,),
    ).fetchone()
    text = body[0] if body else _(
        "Hello {买家}, your order {订单号} ({货号} {颜色}/{尺码}) is not paid yet. Pay today and "
        "we ship it at once. — {店名}"
    )
    values = {
        "买家": name or nick or receiver,
        "订单号": number,
        "货号": first[0],
        "颜色": first[1],
        "尺码": first[2],
        "店名": settings.get_profile().shop_name,
        "快递": settings.courier_name(courier) if courier else "",
    }
    return replies.fill(text, values).text
