"""Stock: what the open orders hold, and the stock log that adds up to it.

The log (stock_movement) is written as `desk.core.stock` writes it (same kinds, deltas, order
links and staff), for the last `STOCK_LOG_DAYS` days, so that for every variant the movements
add up to its `stock` and `reserved`:

- At `Build.stock_log_from` (09:00, `STOCK_LOG_DAYS` days ago) the day shift saved a count of
  the whole stock ('adjust', note 整仓盘点): it sets each variant's stock on hand then, which is
  today's stock plus what has been shipped since. The log starts there, as if the shop had
  started keeping stock in the app with that count: the count is each variant's first stock
  movement (counted from zero; a count of zero writes nothing, as in the service), and older
  shipments are not in the log.
- Every paid order whose goods were held at some time since then: 'reserve' when it was paid
  (no staff: the buyer paid; at the count for an order paid before it, whose goods were put
  aside when the stock keeping began), then 'ship' when the parcel went out (stock and
  reserved − the quantity, by the shift at the desk) or 'release' when the paid order was closed
  (refunded, by the shift at the desk); the orders still held keep their reservation. One row
  per variant and step, as the service writes them.
- A paid order merged into another (`order_cases`) releases what it held at the merge (note
  "Merged into order …", by the shift at the desk), and the main order reserves it then (note
  "Merged from order …", same staff) — as `order_merge.merge_orders` moves held stock.
- The new arrivals (`products.write_new_arrivals`) have an 'import' at listing time instead of
  the count: the stock that came with the supplier's sheet.

So the log reads as the service would have written it: in time order, stock on hand never below
zero, and nothing is reserved or shipped before the variant has been counted — except, now and
then, the reservation of a sold-out variant (counted 0, so no count row) for an order that was
then refunded: an oversold item, which the service logs too (`allow_negative`).
"""

from __future__ import annotations

from collections import Counter

from desk.core.demo import data
from desk.core.demo.context import HOUR, Build
from desk.core.stock import ADJUST, IMPORT, RELEASE, RESERVE, SHIP
from desk.db.connection import db

_MOVEMENT_SQL = (
    "INSERT INTO stock_movement (variant_id, kind, stock_delta, reserved_delta, order_id,"
    " return_case_id, staff_id, note, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)"
)


def write_stock_held(b: Build) -> None:
    """`reserved` = what paid orders not yet shipped hold; stock on hand covers it."""
    rows = [(held, held, b.variants[vi][0]) for vi, held in enumerate(b.reserved) if held]
    with db.atomic():
        b.executemany(
            "UPDATE variant SET reserved = ?, stock = max(stock, ? + 2) WHERE id = ?", rows
        )


def write_stock_log(b: Build) -> None:
    """The stock log of the last days (see the module's docstring), after `write_stock_held`."""
    staff_at = b.staff_at
    start = b.stock_log_from
    # (at, step, variant id, kind, stock delta, reserved delta, order id, staff id, note):
    # times in seconds; `step` orders the rows of one second (count, reserve, ship or release)
    moves: list[tuple] = []
    shipped_since: Counter[int] = Counter()
    for oid, paid, shipped, closed, lines, merged, release in b.stock_orders:
        at = max(paid, start)
        held: Counter[int] = Counter()
        for vid, qty in lines:
            held[vid] += qty
        if merged is not None:  # the lines of an order merged into this one, moved over then
            merged_at, who, note, extra = merged
            if merged_at <= start:
                for vid, qty in extra:
                    held[vid] += qty
            else:
                moved: Counter[int] = Counter()
                for vid, qty in extra:
                    moved[vid] += qty
                for vid, qty in sorted(moved.items()):
                    moves.append((merged_at, 4, vid, RESERVE, 0, qty, oid, who, note))
        for vid, qty in held.items():
            moves.append((at, 1, vid, RESERVE, 0, qty, oid, None, ""))
        if merged is not None and merged[0] > start:
            for vid, qty in merged[3]:
                held[vid] += qty
        if shipped is not None:
            who = staff_at(shipped)
            for vid, qty in held.items():
                moves.append((shipped, 2, vid, SHIP, -qty, -qty, oid, who, ""))
                shipped_since[vid] += qty
        elif release is not None:  # merged into another order: released then
            who, note = release
            for vid, qty in held.items():
                moves.append((closed, 3, vid, RELEASE, 0, -qty, oid, who, note))
        elif closed is not None:
            who = staff_at(closed)
            for vid, qty in held.items():
                moves.append((closed, 2, vid, RELEASE, 0, -qty, oid, who, ""))
    for vid, product_id, stock in b.conn.execute(
        "SELECT id, product_id, stock FROM variant ORDER BY id"
    ):
        created = b.product_created[product_id]
        if product_id in b.new_arrivals:
            at = created + 1800
            note = data.NEW_ARRIVALS_IMPORT_NOTE
            moves.append((at, 0, vid, IMPORT, stock, 0, None, staff_at(at), note))
        elif opening := stock + shipped_since[vid]:
            at = max(start, created + HOUR)  # a product listed since: counted when it came in
            note = data.STOCK_COUNT_NOTE
            moves.append((at, 0, vid, ADJUST, opening, 0, None, staff_at(at), note))
    # stable within a step: the order of the orders; a merge releases (3) before it reserves (4)
    moves.sort(key=lambda m: (m[0], m[1]))
    ts = b.clock.ts
    with db.atomic():
        b.executemany(_MOVEMENT_SQL, [(*m[2:], ts(m[0])) for m in moves])
    b.counts["stock_movements"] = len(moves)
