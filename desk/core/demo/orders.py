"""The demo's orders: a million rows in about a minute.

Orders are made day by day in time order, each with its lines, courier, flag memo and shipment,
and written with `executemany` in one transaction per `BATCH_ORDERS`; their lifecycle events
are derived from the `*_at` columns in SQL (`_EVENT_SQL`). The customer figures and the stock
held are counted on the way and left in `Build` for the later stages.
"""

from __future__ import annotations

from bisect import bisect_right

from desk.core import orders
from desk.core.demo import data, order_cases
from desk.core.demo.context import DAY, HOUR, NOW_TIME, SHIFT_CHANGE, Build, weighted_pool
from desk.core.demo.timeline import showcase, showcase_timeline, timeline
from desk.db.connection import db
from desk.i18n import _

#: Rows written per transaction.
BATCH_ORDERS = 20_000
#: Orders this recent keep every lifecycle step in order_event (every order still on its way is
#: this recent); older ones only the step into their present status.
FULL_HISTORY_DAYS = 14
#: Orders this recent only use products that are on sale (sold-out stock stays at zero).
RECENT_DAYS = 14

#: Relative order traffic per hour of the day (Taobao buyers shop at lunch and late evening).
_HOUR_WEIGHTS = (
    6, 3, 2, 1, 1, 1, 2, 4, 7, 10, 13, 13, 11, 12, 13, 13, 12, 10, 10, 12, 16, 18, 17, 12,
)  # fmt: skip


def _orders_per_day(b: Build) -> list[int]:
    """`orders` shared out over the days: weekends and the last weeks a little busier, today
    only until "now"."""
    rng, clock = b.rng, b.clock
    weights = []
    for i in range(b.days):
        day = clock.dates[clock.first_order_day + i]
        w = (0.85 + 0.3 * i / max(1, b.days - 1)) * (0.85 + 0.3 * rng.random())
        if day.weekday() >= 5:
            w *= 1.15
        weights.append(w)
    hours_before_now = sum(_HOUR_WEIGHTS[: NOW_TIME // HOUR]) + _HOUR_WEIGHTS[NOW_TIME // HOUR] / 2
    weights[-1] *= hours_before_now / sum(_HOUR_WEIGHTS)
    scale = b.n_orders / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    rest = b.n_orders - sum(counts)
    for i in sorted(range(b.days), key=lambda i: counts[i] - shares[i])[:rest]:
        counts[i] += 1
    return counts


_ORDER_SQL = (
    'INSERT INTO "order" (id, number, external_no, customer_id, receiver, phone, province, city,'
    " district, street, postcode, status, flag, courier, goods_fen, postage_fen, discount_fen,"
    " total_fen, gift, buyer_message, source, created_by_id, created_at, paid_at,"
    " confirmed_at, printed_at, shipped_at, signed_at, completed_at, closed_at, updated_at,"
    " merged_into_id)"
    " VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo', ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
#: Where an order row (the parameters of `_ORDER_SQL`) keeps what a merge changes.
_FLAG, _GOODS, _POSTAGE, _DISCOUNT, _TOTAL, _GIFT, _MESSAGE, _UPDATED, _MERGED_INTO = (
    11, 13, 14, 15, 16, 17, 18, 28, 29,
)
_LINE_SQL = (
    "INSERT INTO order_line (order_id, variant_id, position, product_code, product_name, color,"
    " size, quantity, unit_price_fen, discount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
#: Who was at the desk at a stored time (SHIFT_CHANGE, 15:00, as text).
_SHIFT = "CASE WHEN substr({col}, 12) < '15:00:00' THEN :day_shift ELSE :evening_shift END"
_EVENT_STEPS = (
    # (from, to, staff, at column)
    ("NULL", "unpaid", "created_by_id", "created_at"),
    ("'unpaid'", "paid", "NULL", "paid_at"),
    ("'paid'", "confirmed", _SHIFT.format(col="confirmed_at"), "confirmed_at"),
    ("'confirmed'", "printed", _SHIFT.format(col="printed_at"), "printed_at"),
    ("'printed'", "shipped", _SHIFT.format(col="shipped_at"), "shipped_at"),
    ("'shipped'", "signed", "NULL", "signed_at"),
    ("'signed'", "completed", "NULL", "completed_at"),
    (
        (
            "CASE WHEN printed_at IS NOT NULL THEN 'printed' WHEN confirmed_at IS NOT NULL"
            " THEN 'confirmed' WHEN paid_at IS NOT NULL THEN 'paid' ELSE 'unpaid' END"
        ),
        "closed",
        "CASE WHEN paid_at IS NULL THEN NULL ELSE " + _SHIFT.format(col="closed_at") + " END",
        "closed_at",
    ),
)
#: The lifecycle log, derived from the `*_at` columns of a range of orders (:first to :last),
#: in order id then step order. Orders created since :full_from get every step; older ones only
#: the step into their present status (the log of a finished order is rarely read, and this
#: keeps a million-order demo fast). The couple's shift decides who did the desk's steps
#: (confirm, print, hand to the courier, close a paid order); payment, delivery and completion
#: come from the buyer or the platform (no staff).
_EVENT_SQL = (
    "INSERT INTO order_event (order_id, kind, from_status, to_status, note, staff_id, at)"
    " SELECT id, 'status', from_status, to_status, '', staff, at FROM ("
    + " UNION ALL ".join(
        f"SELECT id, {step} AS step, {from_} AS from_status, '{to}' AS to_status,"
        f' {staff} AS staff, {column} AS at FROM "order"'
        f" WHERE id BETWEEN :first AND :last AND {column} IS NOT NULL"
        f" AND (created_at >= :full_from OR status = '{to}')"
        for step, (from_, to, staff, column) in enumerate(_EVENT_STEPS)
    )
    + ") ORDER BY id, step"
)
_MEMO_SQL = (
    "INSERT INTO order_memo (order_id, flag, text, staff_id, at, read_at, read_by_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_MERGE_EVENT_SQL = (
    "INSERT INTO order_event (order_id, kind, from_status, to_status, note, staff_id, at)"
    " VALUES (?, 'merge', NULL, NULL, ?, ?, ?)"
)
_SHIPMENT_SQL = (
    "INSERT INTO shipment (order_id, courier, tracking_no, staff_id, created_at, shipped_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def write_orders(b: Build) -> None:
    """Orders day by day, in time order (numbers YYYYMMDD-NNNNN follow the time of day), each
    with 1-3 lines, a courier, maybe a flag with its memos, a shipment once printed; the cases
    of `order_cases` (merges, open pairs, 催付, memo history) on top; the lifecycle events are
    derived in SQL (`_EVENT_SQL`). This loop runs a million times: it keeps to local names and
    precomputed tables.
    """
    rng, clock = b.rng, b.clock
    r = rng.random
    cs = b.stream("order_cases").random
    stage = _("Orders")
    b.progress(stage, 0, b.n_orders)

    b.order_count = count_ = [0] * b.n_customers
    b.spent_fen = spent_ = [0] * b.n_customers
    b.first_order = first_ = [-1] * b.n_customers
    b.last_order = last_ = [-1] * b.n_customers
    b.reserved = reserved_ = [0] * len(b.variants)
    signed_recently = b.signed_recently
    stock_orders, stock_from = b.stock_orders, b.stock_log_from

    day_prefix, hms, compact = clock.day_prefix, clock.hms, clock.day_compact
    now = clock.now
    recent_start = now - RECENT_DAYS * DAY
    follow_up_start = now - 14 * DAY
    staff_a, staff_b = b.staff_ids
    staff_at = b.staff_at
    shift_change = SHIFT_CHANGE
    variants = b.variants
    pool_all = b.variant_pool_all
    pool_on_sale = b.variant_pool_on_sale or pool_all
    addresses, remote_ = b.addresses, b.address_remote
    addr_first, addr_count = b.customer_address, b.customer_address_count
    created_customers = b.customer_created
    hour_pool = [h * HOUR for h in weighted_pool(list(_HOUR_WEIGHTS))]
    n_hours = len(hour_pool)

    couriers = data.COURIERS
    courier_codes = [c[0] for c in couriers]
    courier_pool = weighted_pool([c[1] for c in couriers])
    remote_pool = weighted_pool([c[2] for c in couriers])
    n_courier_pool, n_remote_pool = len(courier_pool), len(remote_pool)
    sf = courier_codes.index("SF")
    tracking_prefixes = [c[3] for c in couriers]
    tracking_next = [rng.randrange(10 ** (c[4] - 1), 3 * 10 ** (c[4] - 1)) for c in couriers]
    flag_pool = ("red",) * 7 + ("yellow",) * 4 + ("green",) * 3 + ("blue",) * 4 + ("purple",) * 2
    memos = data.MEMOS
    messages, gifts = data.BUYER_MESSAGES, data.GIFTS
    coupons = (300, 500, 1000, 2000)

    order_rows: list[list] = []
    line_rows: list[tuple] = []
    memo_rows: list[tuple] = []
    shipment_rows: list[tuple] = []
    merge_events: list[tuple] = []
    totals = {"order_lines": 0, "order_events": 0, "order_memos": 0, "shipments": 0}
    flushed = [0]
    event_params = {
        "full_from": clock.ts(now - FULL_HISTORY_DAYS * DAY),
        "day_shift": staff_a,
        "evening_shift": staff_b,
    }

    def flush(done: int) -> None:
        conn = b.conn
        with db.atomic():
            conn.executemany(_ORDER_SQL, order_rows)
            conn.executemany(_LINE_SQL, line_rows)
            conn.executemany(_MEMO_SQL, memo_rows)
            conn.executemany(_SHIPMENT_SQL, shipment_rows)
            events = conn.execute(
                _EVENT_SQL, {"first": flushed[0] + 1, "last": done, **event_params}
            ).rowcount
            conn.executemany(_MERGE_EVENT_SQL, merge_events)
        flushed[0] = done
        totals["order_lines"] += len(line_rows)
        totals["order_events"] += events + len(merge_events)
        totals["order_memos"] += len(memo_rows)
        totals["shipments"] += len(shipment_rows)
        for rows in (order_rows, line_rows, memo_rows, shipment_rows, merge_events):
            rows.clear()
        b.progress(stage, done, b.n_orders)

    def text(x):
        return None if x is None else day_prefix[x // DAY] + hms[x % DAY]

    oid = 0
    for day_offset, n_day in enumerate(_orders_per_day(b)):
        day = clock.first_order_day + day_offset
        day0 = day * DAY
        limit = now if day == clock.today_index else day0 + DAY
        times = []
        for _i in range(n_day):
            t = day0 + hour_pool[int(r() * n_hours)] + int(r() * HOUR)
            while t >= limit:
                t = day0 + hour_pool[int(r() * n_hours)] + int(r() * HOUR)
            times.append(t)
        times.sort()
        eligible = max(1, bisect_right(created_customers, day0))
        number_prefix = compact[day] + "-"
        pool = pool_on_sale if day0 >= recent_start else pool_all
        n_pool = len(pool)
        shown = showcase(times, day0) if day == clock.today_index else {}
        roles = order_cases.plan_day(
            cs, times, day, clock.first_order_day, clock.today_index, now, shown
        )
        pairs: dict[int, dict] = {}  # the other order's sequence number → its main order
        for seq, t in enumerate(times, 1):
            oid += 1
            role = roles.get(seq)
            # the buyer: a just-added customer buying at once, or (mostly older) regulars
            if r() < 0.35:
                ci = eligible - 1 - int(r() * r() * eligible)
            else:
                ci = int(r() * r() * eligible)
            ai = addr_first[ci]
            if addr_count[ci] > 1 and r() < 0.3:
                ai += 1
            main = pairs.pop(seq) if role is not None and role[0] == "other" else None
            if main is not None:  # the same buyer again, to the same address
                ci, ai = main["ci"], main["ai"]
            remote = remote_[ai]

            goods = 0
            x = r()
            n_lines = 1 if x < 0.7 else (2 if x < 0.92 else 3)
            picked = []
            first_line = len(line_rows)
            for position in range(n_lines):
                vi = pool[int(r() * n_pool)]
                if vi in picked:
                    continue
                picked.append(vi)
                vid, code, name, colour, size, price = variants[vi]
                x = r()
                qty = 1 if x < 0.88 else (2 if x < 0.98 else 3)
                line_discount = 0
                if r() < 0.08:
                    line_discount = min(coupons[int(r() * 4)], price * qty // 2)
                goods += qty * price - line_discount
                line_rows.append(
                    (oid, vid, position, code, name, colour, size, qty, price, line_discount)
                )
            own_lines = line_rows[first_line:]

            if remote:
                c = remote_pool[int(r() * n_remote_pool)]
                postage = 1000 + 500 * int(r() * 3)
            else:
                c = courier_pool[int(r() * n_courier_pool)]
                postage = 0
            flag = None
            if r() < 0.12:
                flag = flag_pool[int(r() * 20)]
                if flag == "yellow":  # a special courier request: 顺丰, the difference paid
                    c = sf
                    if r() < 0.7:
                        postage += 1200
            forced = _UNREAD_SHOWCASE.get(shown.get(seq)) if shown else None
            if forced is not None:  # today's open orders show an unread red and yellow memo
                flag = forced
                if forced == "yellow":
                    c = sf
            discount = 0
            if r() < 0.15:
                coupon = coupons[int(r() * 4)]
                if goods >= coupon * 8:
                    discount = coupon
            total = goods + postage - discount
            gift = gifts[int(r() * len(gifts))] if flag == "blue" and r() < 0.6 else ""
            message = messages[int(r() * len(messages))] if r() < 0.1 else ""

            if shown and seq in shown:
                steps = showcase_timeline(r, t, shown[seq])
            else:
                steps = timeline(r, t, now, remote, flag == "green")
            merge_at = None
            if role is not None:
                if role[0] == order_cases.CHASE:
                    steps = ("unpaid", None, None, None, None, None, None, None)
                elif main is None:  # the main order of a pair: both lives are drawn here
                    steps, other_steps, merge_at = order_cases.pair_timelines(
                        cs, role[1], t, times[role[2] - 1], now, remote, flag == "green"
                    )
                    pairs[role[2]] = {
                        "ci": ci, "ai": ai, "steps": other_steps, "at": merge_at, "oid": oid,
                        "number": number_prefix + f"{seq:05d}", "row": len(order_rows),
                        "lines": (first_line, len(own_lines)), "stock": None,
                    }
                else:
                    steps, merge_at = main["steps"], main["at"]
            status, paid, confirmed, printed, shipped, signed, completed, closed = steps
            if printed is not None:
                tracking_next[c] += 1 + int(r() * 7)  # the outlet's numbers, in order
                prefixes = tracking_prefixes[c]
                tracking = prefixes[int(r() * len(prefixes))] + str(tracking_next[c])
                printer = staff_a if printed % DAY < shift_change else staff_b
                shipment_rows.append(
                    (oid, courier_codes[c], tracking, printer, text(printed), text(shipped))
                )
                if signed is not None and signed >= follow_up_start and r() < 0.5:
                    signed_recently.append((ci + 1, oid, signed))
            merged = main is not None and merge_at is not None
            last = closed or completed or signed or shipped or printed or confirmed or paid or t
            if flag is not None:
                x = min(t + 60 + int(r() * 1800), now)
                memo_limit = printed or closed or now
                if merged:  # written before the merge; the merge moves it to the main order
                    x = min(x, merge_at - 30)
                    memo_limit = merge_at - 30
                s = staff_a if x % DAY < shift_change else staff_b
                read_at = read_by = None
                if x + HOUR <= now and r() < 0.8 and forced is None:
                    read_at = text(min(x + int(r() * 8 * HOUR), now))
                    read_by = staff_b if s == staff_a else staff_a
                texts = memos[flag]
                memo_oid = main["oid"] if merged else oid
                memo_rows.append(
                    (memo_oid, flag, texts[int(r() * len(texts))], s, text(x), read_at, read_by)
                )
                if forced is None:
                    x = order_cases.memo_history(
                        cs, memo_oid, flag, t, x, max(x, memo_limit), staff_at, memos, text,
                        memo_rows,
                    )
                if not merged:
                    last = max(last, x)
            counted = paid is not None and closed is None and not merged
            holds = counted and shipped is None
            if counted:
                count_[ci] += 1
                spent_[ci] += total
                if first_[ci] < 0:
                    first_[ci] = t
                last_[ci] = t
                if holds:  # the goods are held for it (variant id = index + 1)
                    for line in own_lines:
                        reserved_[line[1] - 1] += line[7]
            held = [(line[1], line[7]) for line in own_lines]
            entry = None
            if merged:
                if paid is not None and merge_at >= stock_from:  # held until the merge
                    note = order_cases.merged_into_note(main["number"])
                    stock_orders.append(
                        (oid, paid, None, merge_at, held, None, (staff_at(merge_at), note))
                    )
            elif paid is not None and (shipped or closed or now) >= stock_from:  # the stock log
                entry = len(stock_orders)
                stock_orders.append((oid, paid, shipped, closed, held, None, None))
            if role is not None and role[0] == "main":
                info = pairs[role[2]]
                info.update(stock=entry, counted=counted, holds=holds, paid=paid, flag=flag,
                            total=total)
            created_by = staff_a if t % DAY < shift_change else staff_b
            order_rows.append(
                [oid, number_prefix + f"{seq:05d}", ci + 1, *addresses[ai], status, flag,
                 courier_codes[c], goods, postage, discount, total, gift, message, created_by,
                 text(t), text(paid), text(confirmed), text(printed), text(shipped), text(signed),
                 text(completed), text(closed), text(last), None]
            )  # fmt: skip
            if merged:
                _merge(b, main, order_rows, line_rows, own_lines, memo_rows, merge_events,
                       stock_orders, text)  # fmt: skip
        if len(order_rows) >= BATCH_ORDERS:  # whole days: a pair never spans two batches
            flush(oid)
    flush(oid)
    b.counts.update(orders=oid, **totals)


#: Today's showcase orders that carry an unread memo the pre-print check warns about.
_UNREAD_SHOWCASE = {"paid": "red", "confirmed": "yellow"}


def _merge(b: Build, main: dict, order_rows: list, line_rows: list, own_lines: list,
           memo_rows: list, merge_events: list, stock_orders: list, text) -> None:
    """Merge the order just added (the last of `order_rows`, its lines `own_lines`) into
    `main`, as `order_merge.merge_orders` does (see `order_cases`), and correct what was counted
    for the main order: its customer's total spent, the stock it holds, its stock log."""
    other = order_rows[-1]
    row = order_rows[main["row"]]
    at = main["at"]
    who = b.staff_at(at)
    other[_MERGED_INTO] = row[0]
    other[_UPDATED] = max(other[_UPDATED], text(at))
    # the lines: the main order's first, a line of the same variant and price adds up
    start, count = main["lines"]
    found = {(line[1], line[8]): start + k for k, line in enumerate(line_rows[start:start + count])}
    added = []
    for line in own_lines:
        index = found.get((line[1], line[8]))
        if index is None:
            added.append((row[0], *line[1:2], count + len(added), *line[3:]))
        else:
            old = line_rows[index]
            line_rows[index] = (*old[:7], old[7] + line[7], old[8], old[9] + line[9])
    line_rows.extend(added)
    goods = row[_GOODS] + sum(line[7] * line[8] - line[9] for line in own_lines)
    postage = max(row[_POSTAGE], other[_POSTAGE])
    discount = min(row[_DISCOUNT] + other[_DISCOUNT], goods + postage)
    total = goods + postage - discount
    parts = [(row[1], row[_MESSAGE]), (other[1], other[_MESSAGE])]
    row[_MESSAGE] = order_cases.combined_text(parts, orders.MAX_MESSAGE)
    parts = [(row[1], row[_GIFT]), (other[1], other[_GIFT])]
    row[_GIFT] = order_cases.combined_text(parts, orders.MAX_GIFT)
    row[_FLAG] = row[_FLAG] or other[_FLAG]
    row[_GOODS], row[_POSTAGE], row[_DISCOUNT], row[_TOTAL] = goods, postage, discount, total
    row[_UPDATED] = max(row[_UPDATED], text(at))
    memo_rows.append((row[0], None, order_cases.merge_memo(other[1], other[_FLAG]), who,
                      text(at), None, None))  # fmt: skip
    merge_events.append((row[0], other[1], who, text(at)))
    merge_events.append((other[0], row[1], who, text(at)))
    # what was counted for the main order before: it now has the other order's lines too
    if main["counted"]:
        b.spent_fen[row[2] - 1] += total - main["total"]
    extra = [(line[1], line[7]) for line in own_lines]
    if main["holds"]:
        for vid, qty in extra:
            b.reserved[vid - 1] += qty
    if main["stock"] is not None:
        oid, paid, shipped, closed, held, _extra, release = stock_orders[main["stock"]]
        if main["paid"] is not None and main["paid"] <= at:  # held since paid: moved at the merge
            note = order_cases.merged_from_note(other[1])
            merged = (at, who, note, extra)
            stock_orders[main["stock"]] = (oid, paid, shipped, closed, held, merged, release)
        else:  # paid after the merge: the combined lines from the start
            held.extend(extra)
