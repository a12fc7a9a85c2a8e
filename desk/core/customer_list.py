"""The customers list and the groups sidebar: one page of rows in SQL, whatever the size.

Matching is `customer_search.match_clause`; the view (all, a group, ungrouped, dormant,
blacklist) and the order are SQL over indexed columns; the list figures of the page's rows (first
phone, default address, groups, tags) come from four small queries over that page only.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from desk.core import customer_search, phones
from desk.core.customers import (
    BLACKLIST,
    ORDER_ADDED,
    ORDER_NAME,
    ORDER_RECENT,
    ORDER_SPENT,
    SEARCH_LIMIT,
    VIEW_ALL,
    VIEW_BLACKLIST,
    VIEW_DORMANT,
    VIEW_GROUP,
    VIEW_UNGROUPED,
    CustomerRow,
    MERGED_IDS,
    SidebarCounts,
    figures_of,
    get_rules,
    list_groups,
)
from desk.core.errors import DomainError
from desk.db.connection import db
from desk.i18n import _

#: A query matching more customers than this is listed newest-added first, not sorted.
SORT_LIMIT = 1500

_ORDER_BY = {
    ORDER_RECENT: "c.last_order_at DESC, c.id DESC",
    ORDER_NAME: "c.pinyin, c.id",
    ORDER_SPENT: "c.total_spent_fen DESC, c.id DESC",
    ORDER_ADDED: "c.id DESC",
}
_BLACKLISTED = (
    "c.id IN (SELECT m.customer_id FROM customer_group_member m"
    " JOIN customer_group g ON g.id = m.group_id WHERE g.key = 'blacklist')"
)


def _dormant_cutoff(today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    day = today - datetime.timedelta(days=get_rules().dormant_days - 1)
    return day.isoformat()  # last purchase before this day → dormant


def _where(query: str, view: str, group_id: int | None) -> tuple[str, list]:
    # "+": the merged_into index would make SQLite sort every customer instead of walking the
    # index of the list's order
    parts = ["+c.merged_into_id IS NULL"]
    params: list = []
    match = customer_search.match_clause(query)
    if match is not None:
        parts.append(match[0])
        params += match[1]
    if view == VIEW_GROUP:
        if group_id is None:
            raise DomainError(_("Choose a group."))
        parts.append("c.id IN (SELECT customer_id FROM customer_group_member WHERE group_id = ?)")
        params.append(int(group_id))
    elif view == VIEW_UNGROUPED:
        parts.append("NOT EXISTS (SELECT 1 FROM customer_group_member m WHERE m.customer_id = c.id)")
    elif view == VIEW_DORMANT:
        parts.append("c.last_order_at IS NOT NULL AND c.last_order_at < ?")
        params.append(_dormant_cutoff())
    elif view == VIEW_BLACKLIST:
        parts.append(_BLACKLISTED)
    elif view != VIEW_ALL:
        raise DomainError(_("Unknown customer view."))
    return " AND ".join(parts), params


def search_customers(
    query: str = "",
    view: str = VIEW_ALL,
    group_id: int | None = None,
    *,
    order: str = ORDER_RECENT,
    limit: int = SEARCH_LIMIT,
    offset: int = 0,
    today: datetime.date | None = None,
) -> list[CustomerRow]:
    """One page of customers matching every word of `query` in the view, in `order` — or,
    when the query matches more than SORT_LIMIT customers of the whole book, newest added first
    (see `sorted_as_asked`)."""
    limit, offset = max(0, int(limit)), max(0, int(offset))
    columns = (
        "SELECT c.id, c.name, c.nick, c.order_count, c.total_spent_fen, c.first_order_at,"
        " c.last_order_at, c.created_at FROM customer c"
    )
    match = customer_search.parse(query)
    if match is not None and view == VIEW_ALL and match.more_than(SORT_LIMIT):
        ids = match.newest_ids(limit, offset)
        marks = ",".join("?" * len(ids))
        found = {r[0]: r for r in db.execute_sql(f"{columns} WHERE c.id IN ({marks})", ids)}
        rows = [found[i] for i in ids if i in found]
    else:
        where, params = _where(query, view, group_id)
        order_by = _ORDER_BY.get(order, _ORDER_BY[ORDER_RECENT])
        rows = db.execute_sql(
            f"{columns} WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
    if not rows:
        return []
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    first_phone: dict[int, str] = {}
    for cid, phone in db.execute_sql(
        f"SELECT customer_id, phone FROM customer_phone WHERE customer_id IN ({marks})"
        " ORDER BY customer_id, position DESC",
        ids,
    ):
        first_phone[cid] = phone  # the last written is position 0
    region: dict[int, str] = {}
    for cid, province, city, district in db.execute_sql(
        "SELECT customer_id, province, city, district FROM address"
        f" WHERE customer_id IN ({marks}) ORDER BY customer_id, is_default, id DESC",
        ids,
    ):
        region[cid] = region_text(province, city, district)  # the default one comes last
    groups: dict[int, list[str]] = {}
    blacklisted: set[int] = set()
    for cid, name, key in db.execute_sql(
        "SELECT m.customer_id, g.name, g.key FROM customer_group_member m"
        f" JOIN customer_group g ON g.id = m.group_id WHERE m.customer_id IN ({marks})"
        " ORDER BY g.position, g.id",
        ids,
    ):
        groups.setdefault(cid, []).append(name)
        if key == BLACKLIST:
            blacklisted.add(cid)
    tags: dict[int, list[str]] = {}
    for cid, name in db.execute_sql(
        f"SELECT t.customer_id, g.name FROM customer_tag t JOIN tag g ON g.id = t.tag_id"
        f" WHERE t.customer_id IN ({marks}) ORDER BY g.name",
        ids,
    ):
        tags.setdefault(cid, []).append(name)
    rules = get_rules()
    today = today or datetime.date.today()
    result = []
    for cid, name, nick, count, spent, first, last, created in rows:
        first_at, last_at, created_at = _when(first), _when(last), _when(created)
        figures = figures_of(count, spent, first_at, last_at, rules, today)
        phone = first_phone.get(cid, "")
        result.append(
            CustomerRow(
                id=cid, name=name, nick=nick, phone=phone,
                phone_masked=_mask(phone),
                region=region.get(cid, ""), groups=tuple(groups.get(cid, ())),
                tags=tuple(tags.get(cid, ())), order_count=count, total_spent_fen=spent,
                last_order_at=last_at, tier=figures.tier, dormant=figures.dormant,
                blacklisted=cid in blacklisted, created_at=created_at,
            )
        )
    return result


def _mask(phone: str) -> str:
    if len(phone) == 11 and phone.isdigit():  # a stored mobile: the common case, made quick
        return f"{phone[:3]}****{phone[7:]}"
    return phones.mask(phone) if phone else ""


def _when(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    text = str(value)
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def region_text(province: str, city: str, district: str) -> str:
    """浙江 杭州 西湖区: short province and city names, the municipality not repeated."""
    def short(name: str) -> str:
        for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[: -len(suffix)]
        return name
    parts = [short(province)]
    if city and city != province:
        parts.append(short(city))
    if district:
        parts.append(district)
    return " ".join(p for p in parts if p)


def sorted_as_asked(query: str = "", view: str = VIEW_ALL) -> bool:
    """False when search_customers lists this query newest-added first instead of in the order
    asked: it matches more than SORT_LIMIT customers (sorting them all would be slow; a longer
    query narrows it down)."""
    match = customer_search.parse(query)
    return match is None or view != VIEW_ALL or not match.more_than(SORT_LIMIT)


def count_customers(query: str = "", view: str = VIEW_ALL, group_id: int | None = None) -> int:
    match = customer_search.parse(query)
    if match is not None and view == VIEW_ALL:
        return match.count()  # the index holds only customers that are not merged
    where, params = _where(query, view, group_id)
    return db.execute_sql(f"SELECT COUNT(*) FROM customer c WHERE {where}", params).fetchone()[0]


def customer_ids(query: str = "", view: str = VIEW_ALL, group_id: int | None = None) -> list[int]:
    """Every customer of the view and query (for export), newest purchase first."""
    where, params = _where(query, view, group_id)
    return [
        r[0]
        for r in db.execute_sql(
            f"SELECT c.id FROM customer c WHERE {where} ORDER BY {_ORDER_BY[ORDER_RECENT]}", params
        )
    ]


def sidebar_counts(today: datetime.date | None = None) -> SidebarCounts:
    from desk.core import customer_merge, follow_ups  # they import the customers module

    groups = tuple(list_groups())
    live_members = f"customer_group_member WHERE customer_id NOT IN ({MERGED_IDS})"
    total = db.execute_sql("SELECT COUNT(*) FROM customer WHERE merged_into_id IS NULL").fetchone()[0]
    grouped = db.execute_sql(f"SELECT COUNT(DISTINCT customer_id) FROM {live_members}").fetchone()[0]
    dormant = db.execute_sql(
        "SELECT COUNT(*) FROM customer WHERE last_order_at < ? AND merged_into_id IS NULL",
        (_dormant_cutoff(today),),
    ).fetchone()[0]
    blacklist = sum(g.count for g in groups if g.key == BLACKLIST)
    ungrouped = total - grouped
    return SidebarCounts(
        all=total,
        ungrouped=ungrouped,
        dormant=dormant,
        blacklist=blacklist,
        groups=groups,
        follow_ups_due=follow_ups.due_count(today),
        duplicates=customer_merge.count_duplicates(),
    )
