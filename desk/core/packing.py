"""The packing list (配货单): the items of a set of orders totalled by 货号/colour/size, and the
orders to ship on a day.

Today's orders to ship (`orders_to_ship`) are the paid, confirmed and label-printed orders that
were paid before the day's ship cut-off (Settings, 16:00 by default) — or on an earlier day and
still not shipped: "orders paid before 16:00 ship the same day", the later ones tomorrow. Shipped,
signed, completed, closed and unpaid orders are not, nor an order merged into another one (its
lines are in that one).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from desk.core import settings
from desk.db.connection import db
from desk.i18n import _
from desk.pdf.packing_list import PackingData, PackingItem, sorted_items

#: the statuses of an order that still has to be packed and shipped
TO_SHIP = ("paid", "confirmed", "printed")
_CHUNK = 500


def cutoff_of(day: datetime.date) -> datetime.datetime:
    """The ship cut-off on `day` (Settings; 16:00 when the setting is unreadable)."""
    text = settings.get_profile().ship_cutoff
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return datetime.datetime.combine(day, datetime.time(hours, minutes))
    except ValueError:
        return datetime.datetime.combine(day, datetime.time(16, 0))


def orders_to_ship(day: datetime.date) -> list[int]:
    """The ids of the orders to ship on `day`, the longest waiting first (see the module)."""
    cutoff = cutoff_of(day)
    marks = ", ".join("?" for _status in TO_SHIP)
    rows = db.execute_sql(
        f'SELECT id FROM "order" WHERE status IN ({marks}) AND merged_into_id IS NULL'
        " AND COALESCE(paid_at, created_at) < ? ORDER BY COALESCE(paid_at, created_at), id",
        (*TO_SHIP, cutoff.isoformat(" ")),
    )
    return [row[0] for row in rows]


def _lines(order_ids: list[int]) -> list[tuple]:
    found = []
    for start in range(0, len(order_ids), _CHUNK):
        chunk = order_ids[start:start + _CHUNK]
        marks = ", ".join("?" for _id in chunk)
        found += db.execute_sql(
            "SELECT l.order_id, l.product_code, l.product_name, l.color, l.size, l.quantity,"
            " v.color_position, v.size_position"
            ' FROM order_line l JOIN "order" o ON o.id = l.order_id'
            " LEFT JOIN variant v ON v.id = l.variant_id"
            f" WHERE l.order_id IN ({marks}) AND o.merged_into_id IS NULL"
            " AND o.status != 'closed'",
            chunk,
        ).fetchall()
    return found


def packing_list(
    order_ids: Iterable[int], title: str = "", day: datetime.date | None = None
) -> PackingData:
    """The items of these orders totalled by 货号/colour/size, sorted by 货号 then colour then size
    in the handbook's order (lines whose product is gone: by their text). Closed orders and
    orders merged into another are left out."""
    ids = list(dict.fromkeys(order_ids))
    totals: dict[tuple[str, str, str], list] = {}
    orders_of: dict[tuple[str, str, str], set[int]] = {}
    counted: set[int] = set()
    for order_id, code, name, color, size, quantity, color_pos, size_pos in _lines(ids):
        key = (code, color, size)
        entry = totals.setdefault(key, [name, 0, color_pos, size_pos])
        entry[1] += quantity
        if entry[2] is None and color_pos is not None:
            entry[2], entry[3] = color_pos, size_pos
        orders_of.setdefault(key, set()).add(order_id)
        counted.add(order_id)
    big = 1 << 30  # a line whose variant is gone sorts after the handbook's colours and sizes
    keys = sorted(
        totals,
        key=lambda k: (k[0], totals[k][2] if totals[k][2] is not None else big, k[1],
                       totals[k][3] if totals[k][3] is not None else big, k[2]),
    )  # fmt: skip
    items = tuple(
        PackingItem(code, totals[(code, color, size)][0], color, size,
                    totals[(code, color, size)][1], len(orders_of[(code, color, size)]))
        for code, color, size in keys
    )  # fmt: skip
    return PackingData(
        title=title.strip() or _("Packing list"),
        day=day if day is not None else datetime.date.today(),
        items=tuple(sorted_items(items)),
        order_count=len(counted),
        piece_count=sum(item.quantity for item in items),
    )
