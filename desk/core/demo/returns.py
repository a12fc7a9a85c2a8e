"""The demo's return cases (退换货): a few dozen cases on signed orders, in every status and of
every kind, with their lines, status log, checklists, decisions and refunds — as the services
would have left them.

Consistent with the rest of the demo: goods of recent cases are not back in stock yet (still on
their way, or inspected and waiting for the refund), and the refunded or exchanged cases that put
goods back on the shelf are older than the stock log (`context.STOCK_LOG_DAYS`: its opening stock
count includes them), so no stock row changes. The demo's sent exchanges have no linked order
(they went out before the orders the demo keeps in its books); a real exchange gets one.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from collections import defaultdict

from desk.core import return_rules, returns
from desk.core.demo.context import DAY, HOUR, Build, to_json
from desk.db.connection import db

#: status → (how many, kinds to cycle through, days ago of the last step (from, to))
PLAN: dict[str, tuple[int, tuple[str, ...], tuple[float, float]]] = {
    "requested": (6, ("return_refund", "exchange", "refund_only"), (0.05, 1.5)),
    "awaiting_return": (5, ("return_refund", "exchange"), (0.3, 3)),
    "sent_back": (5, ("return_refund", "exchange"), (0.3, 3)),
    "received": (3, ("return_refund", "exchange"), (0.1, 1.5)),
    "inspected": (3, ("return_refund",), (0.1, 2)),  # recent: waiting for the refund
    "refunded": (4, ("return_refund", "refund_only"), (20, 30)),
    "exchange_sent": (3, ("exchange",), (20, 30)),
    "completed": (6, ("return_refund", "exchange", "refund_only"), (20, 40)),
    "rejected": (3, ("return_refund", "refund_only", "exchange"), (2, 40)),
}
PATHS = {
    "refund_only": ("requested", "refunded", "completed"),
    "return_refund": ("requested", "awaiting_return", "sent_back", "received", "inspected",
                      "refunded", "completed"),
    "exchange": ("requested", "awaiting_return", "sent_back", "received", "inspected",
                 "exchange_sent", "completed"),
}  # fmt: skip
REASONS = (
    ("size_small", 25), ("size_large", 15), ("color", 10), ("quality", 12), ("wrong_item", 5),
    ("no_reason", 15), ("dislike", 10), ("damaged", 5), ("other", 3),
)  # fmt: skip
EXCHANGE_REASONS = ("size_small", "size_small", "size_large", "color", "quality")
OTHER_TEXTS = ("送人的，对方穿不了", "买重复了", "家人不喜欢这个款")
REQUEST_NOTES = ("买家说偏小一码", "旺旺上发了照片", "买家要求尽快处理", "", "", "")
REJECT_NOTES = ("已超过七天且吊牌已剪", "商品已穿着，不影响二次销售的条件不满足", "买家撤销申请")
FAILED = (("无污渍", "领口有粉底印"), ("吊牌完整", "吊牌已剪"), ("未洗涤", "明显洗过"))
RETURN_COURIERS = (("YTO", "YT", 13), ("ZTO", "75", 12), ("YUNDA", "46", 13), ("JT", "JT", 13))

_CASE_SQL = (
    "INSERT INTO return_case (id, number, order_id, customer_id, kind, reason, reason_text,"
    " status, postage_payer, postage_note, insured, return_courier, return_tracking_no,"
    " refund_fen, refunded_at, exchange_order_id, staff_id, created_at, updated_at, closed_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)"
)
_LINE_SQL = (
    "INSERT INTO return_line (id, case_id, order_line_id, quantity, exchange_variant_id,"
    " decision, partial_refund_fen, decision_note, restocked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CHECK_SQL = "INSERT INTO return_check (line_id, item, passed, note) VALUES (?, ?, ?, ?)"
_EVENT_SQL = (
    "INSERT INTO return_event (case_id, from_status, to_status, note, staff_id, at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def _seconds(b: Build, text: str) -> int:
    moment = datetime.datetime.fromisoformat(text)
    origin = datetime.datetime.combine(b.clock.origin, datetime.time())
    return int((moment - origin).total_seconds())


#: Cases are opened on orders signed this recently (the oldest plan ends some 45 days ago).
LOOK_BACK_DAYS = 75


def _candidates(b: Build) -> list[tuple[int, int, int | None, int]]:
    """Signed orders of the last `LOOK_BACK_DAYS`, by signing time: (signed seconds, order id,
    customer id, total)."""
    rows = b.conn.execute(
        'SELECT signed_at, id, customer_id, total_fen FROM "order"'
        " WHERE status IN ('signed', 'completed') AND merged_into_id IS NULL"
        " AND signed_at >= ?",
        (b.clock.ts(max(0, b.clock.now - LOOK_BACK_DAYS * DAY)),),
    ).fetchall()
    return sorted((_seconds(b, signed), oid, cid, total) for signed, oid, cid, total in rows)


def _lines(b: Build, order_ids: list[int]) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = defaultdict(list)
    if not order_ids:
        return found
    for row in b.conn.execute(
        "SELECT order_id, id, variant_id, color, size, quantity, unit_price_fen, discount_fen"
        " FROM order_line WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY id",
        (to_json(order_ids),),
    ):
        found[row[0]].append(row[1:])
    return found


def _exchange_variant(b: Build, by_product: dict, variant_id: int | None, reason: str, s):
    """Another size of the same colour (larger for 偏小, smaller for 偏大), else another variant."""
    if not variant_id:
        return None
    _vid, code, _name, colour, size, _price = b.variants[variant_id - 1]
    same = [v for v in by_product[code] if v[3] == colour]
    sizes = [v[4] for v in same]
    if size in sizes:
        i = sizes.index(size)
        step = -1 if reason == "size_large" else 1
        if 0 <= i + step < len(same):
            return same[i + step][0]
    others = [v[0] for v in by_product[code] if v[0] != variant_id]
    return others[int(s() * len(others))] if others else None


def _desk_time(t: int) -> int:
    """The moment moved into the desk's hours (09:00-21:00 the same day), order kept."""
    day, second = divmod(t, DAY)
    return day * DAY + 9 * HOUR + second // 2


def write_returns(b: Build) -> None:
    """The cases of `PLAN` (fewer when the demo has few signed orders)."""
    s = b.stream("returns").random
    clock, ts, now = b.clock, b.clock.ts, b.clock.now
    candidates = _candidates(b)
    signed_times = [c[0] for c in candidates]
    by_product: dict[str, list[tuple]] = defaultdict(list)
    for variant in b.variants:
        by_product[variant[1]].append(variant)
    reason_pool = [reason for reason, weight in REASONS for _ in range(weight)]
    used: set[int] = set()
    chosen = []  # (status, kind, order, times)
    for status, (count, kinds, (near, far)) in PLAN.items():
        for i in range(count):
            kind = kinds[i % len(kinds)]
            path = ("requested", "rejected") if status == "rejected" else PATHS[kind]
            steps = path.index(status) if status != "rejected" else 1
            if status == "rejected" and kind != "refund_only" and s() < 0.5:
                steps = 3  # refused after the parcel was announced
                path = (*PATHS[kind][:3], "rejected")
            end = now - int((near + s() * (far - near)) * DAY)
            gaps = [int((0.4 + s() * 1.2) * DAY) for _ in range(steps)]
            start = end - sum(gaps)
            lo = bisect_left(signed_times, start - 6 * DAY)
            hi = bisect_right(signed_times, start - DAY)  # signed the day before, or earlier
            pool = [c for c in candidates[lo:hi] if c[1] not in used]
            if not pool:
                continue
            order = pool[int(s() * len(pool))]
            used.add(order[1])
            times = [start]
            for gap in gaps:
                times.append(times[-1] + gap)
            times = [_desk_time(t) for t in times]
            chosen.append((status, kind, path[: steps + 1], order, times))
    chosen.sort(key=lambda c: c[4][0])  # numbered in time order
    lines = _lines(b, [c[3][1] for c in chosen])
    cases, rows, checks, events = [], [], [], []
    per_day: dict[int, int] = defaultdict(int)
    line_id = 0
    for case_id, (status, kind, path, order, times) in enumerate(chosen, 1):
        _signed, oid, cid, total = order
        order_lines = lines.get(oid) or []
        if not order_lines:
            continue
        if kind == "exchange":
            reason = EXCHANGE_REASONS[int(s() * len(EXCHANGE_REASONS))]
        else:
            reason = reason_pool[int(s() * len(reason_pool))]
        reason_text = OTHER_TEXTS[int(s() * len(OTHER_TEXTS))] if reason == "other" else ""
        insured = s() < 0.3
        payer = return_rules.postage_payer(reason, insured)
        day = times[0] // DAY
        per_day[day] += 1
        number = f"TH{clock.day_compact[day]}-{per_day[day]:03d}"
        inspected = "inspected" in path
        old = times[-1] < b.stock_log_from
        refund = 0
        taken = order_lines[:1] if s() < 0.7 else order_lines[:2]
        for ol_id, variant_id, _colour, _size, qty, price, discount in taken:
            line_id += 1
            quantity = 1 if qty == 1 or s() < 0.7 else qty
            paid = max(0, (qty * price - discount) * quantity // qty)
            exchange = (_exchange_variant(b, by_product, variant_id, reason, s)
                        if kind == "exchange" else None)  # fmt: skip
            decision, partial, note, restocked = None, None, "", 0
            failed = None
            if inspected:
                done = status != "inspected"  # refunded or sent: what passed is back in stock
                if kind == "exchange" or s() < 0.6:
                    if s() < 0.3:  # a small flaw, accepted anyway
                        failed = FAILED[int(s() * len(FAILED))]
                        decision, note = "accept", failed[1] + "，不影响二次销售"
                    restocked = int(done and old)
                else:
                    failed = FAILED[int(s() * len(FAILED))]
                    decision, note = "partial", failed[1]
                    partial = min(paid, max(100, paid * (2 + int(s() * 4)) // 10 // 100 * 100))
                    if status == "inspected" and s() < 0.3:
                        decision, partial = "refuse", None
                refund += (partial or 0) if decision in ("partial", "refuse") else paid
            elif kind == "refund_only":
                refund += paid
            rows.append((line_id, case_id, ol_id, quantity, exchange, decision, partial, note,
                         restocked))  # fmt: skip
            if "received" in path:
                for item in returns.DEFAULT_CHECKLIST:
                    passed = None if not inspected else int(failed is None or item != failed[0])
                    checks.append((line_id, item, passed, failed[1] if passed == 0 else ""))
        refund = min(refund, total)
        refunded_at = None
        if "refunded" in path:
            refunded_at = ts(times[path.index("refunded")])
        tracking = courier = None
        if "sent_back" in path:
            courier, prefix, digits = RETURN_COURIERS[int(s() * len(RETURN_COURIERS))]
            serial = (8_300_000_000_000 + case_id * 7919 + int(s() * 7000)) % 10**digits
            tracking = f"{prefix}{serial:0{digits}d}"
        for index, to_status in enumerate(path):
            at = times[index]
            note = ""
            if index == 0:
                note = REQUEST_NOTES[int(s() * len(REQUEST_NOTES))]
            elif to_status == "sent_back":
                note = f"{courier} {tracking}"
            elif to_status == "refunded":
                note = f"已退款 ¥{refund / 100:.2f}"
            elif to_status == "rejected":
                note = REJECT_NOTES[int(s() * len(REJECT_NOTES))]
            elif to_status == "exchange_sent":
                note = "换货已发出"
            events.append((case_id, path[index - 1] if index else None, to_status, note,
                           b.staff_at(at), ts(at)))  # fmt: skip
        closed = ts(times[-1]) if status in returns.CLOSED else None
        cases.append((
            case_id, number, oid, cid, kind, reason, reason_text, status, payer, "",
            int(insured), courier or "", tracking, refund if refunded_at else 0, refunded_at,
            b.staff_at(times[0]), ts(times[0]), ts(times[-1]), closed,
        ))  # fmt: skip
    with db.atomic():
        b.executemany(_CASE_SQL, cases)
        b.executemany(_LINE_SQL, rows)
        b.executemany(_CHECK_SQL, checks)
        b.executemany(_EVENT_SQL, events)
    b.counts["return_cases"] = len(cases)
