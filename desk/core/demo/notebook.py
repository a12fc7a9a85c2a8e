"""The demo's three notebooks: problems of every category (open and solved, some linked to an
order, its customer or a product), the service tally of both people for the last weeks
(conversion about 20–35 %), and the handovers at every shift change — today's 15:00 note to the
evening person still unread.

Draws from its own random stream, so the rows of the earlier stages stay as they were.
"""

from __future__ import annotations

import json

from desk.core.demo.context import DAY, HOUR, SHIFT_CHANGE, Build
from desk.db.connection import db

#: (category, description, handling) — what the couple actually write down.
PROBLEMS = (
    ("complaint", "买家说客服回复太慢，等了半小时", "道歉，说明下午在打包；以后忙时先发自动回复"),
    ("complaint", "买家嫌包装简陋，衣服有折痕", "道歉，建议挂起来或低温熨烫；送一张5元券"),
    ("size", "160cm 50kg 的买家拍了S码，说腰太紧", "换M码，运费我们出；详情页尺码表加腰围说明"),
    ("size", "A1023 的M码比平时偏小，两位买家反馈", "询单时提醒拍大一码"),
    ("logistics", "中通显示已签收，买家说没收到", "联系快递站点查签收人，在驿站找到了"),
    ("logistics", "偏远地区（新疆）买家问运费和时效", "新疆加收运费15元，时效5到7天，先说清楚"),
    ("quality", "裙子腋下开线，买家发了照片", "补发一件新的，旧的不用寄回"),
    ("quality", "白色T恤洗后有点透", "详情页加上“白色略透，建议内搭”"),
    ("bad_review", "中评：颜色比图片深", "解释色差，送小礼物，请买家追评"),
    ("bad_review", "差评：物流慢，衣服还不错", "电话沟通，说明是快递延误，买家改为好评"),
    ("data_error", "B2001 的面料写成了纯棉，其实是棉涤混纺", "改好详情页和产品资料"),
    ("data_error", "尺码表里L码胸围写错了（写成了96）", "改成100，已核对样衣"),
    ("idea", "很多买家问能不能开发票，可以加一个快捷回复", "写了“发票”快捷回复"),
    ("idea", "打包台放一张尺码对照卡，回复更快", ""),
    ("other", "买家想改收货地址到公司", "已改地址并在订单备注里写明"),
    ("other", "打印机卡纸，晚上的快递单晚打了20分钟", "换了新的快递单纸，打印前先走一张空白"),
)
#: How many taps a person makes per hour of their shift, and how many of those buy.
CONSULTS_PER_HOUR = (2.0, 5.0)
CONVERSION = (0.20, 0.35)
#: Why buyers left, weighted (价格, 尺码, 缺货, 物流, 犹豫, 其他).
LOST_WEIGHTS = (("price", 5), ("size", 4), ("out_of_stock", 2), ("logistics", 1),
                ("hesitant", 6), ("other", 1))  # fmt: skip
TALLY_DAYS = 28
HANDOVER_DAYS = 14
SHIFTS = ((9 * HOUR, SHIFT_CHANGE), (SHIFT_CHANGE, 23 * HOUR))  # day shift, evening shift
DAY_NOTES = (
    "下午有两单要加急，买家下午五点前要看到单号。",
    "有位买家问A1023黑色M什么时候补货，我说下周二，记得回她。",
    "退货那单还没收到，快递说明天到。",
    "今天询单多，尺码问题为主，晚上回复时注意看尺码表。",
)
EVENING_NOTES = (
    "晚上的单都打完了，明早记得核对两单未付款的。",
    "有一位买家要求改地址，已在备注里写好，打单前看一下。",
    "打印机纸快用完了，明天去拿一箱。",
    "晚上来了一个中评，已经回复，明天看看买家有没有回。",
)
_PROBLEM_SQL = (
    "INSERT INTO problem (at, category, description, handling, status, staff_id, customer_id,"
    " order_id, product_id, solved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_TALLY_SQL = "INSERT INTO service_event (day, at, staff_id, kind, reason) VALUES (?, ?, ?, ?, ?)"
_HANDOVER_SQL = (
    "INSERT INTO handover (at, from_staff_id, to_staff_id, summary, body, read_at, read_by_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def write_notebooks(b: Build) -> None:
    with db.atomic():
        problems = _problems(b)
        b.executemany(_PROBLEM_SQL, problems)
        taps = _tallies(b)
        b.executemany(_TALLY_SQL, taps)
        notes = _handovers(b)
        b.executemany(_HANDOVER_SQL, notes)
    b.counts["problems"] = len(problems)
    b.counts["service_events"] = len(taps)
    b.counts["handovers"] = len(notes)


def _problems(b: Build) -> list[tuple]:
    """Each example once (the first of each category still open), then more
    drawn at random, about one every other day; solved ones were solved within two days."""
    s = b.stream("notebook.problems").random
    clock = b.clock
    today = clock.today_index
    days = min(b.days, 60)
    products = [r[0] for r in b.conn.execute("SELECT id FROM product ORDER BY id")]
    linked = b.signed_recently
    picks = list(range(len(PROBLEMS))) + [int(s() * len(PROBLEMS)) for _n in range(days // 2)]
    rows = []
    seen: set[str] = set()
    for index in picks:
        category, description, handling = PROBLEMS[index]
        first = category not in seen
        seen.add(category)
        back = int(s() * 4) if first else int(s() * days)
        at = min((today - back) * DAY + 9 * HOUR + int(s() * 13 * HOUR), clock.now - HOUR)
        is_open = first or not handling or (back < 3 and s() < 0.5)
        solved_at = None if is_open else clock.ts(min(at + int((0.1 + s() * 2) * DAY), clock.now))
        customer = order = product = None
        if category in ("complaint", "size", "logistics", "quality", "bad_review") and linked:
            customer, order, _signed = linked[int(s() * len(linked))]
        if category in ("size", "quality", "data_error") and products:
            product = products[int(s() * len(products))]
        rows.append((clock.ts(at), category, description, handling, "open" if is_open else
                     "solved", b.staff_at(at), customer, order, product, solved_at))  # fmt: skip
    return rows


def _tallies(b: Build) -> list[tuple]:
    """Both people's taps over the last TALLY_DAYS days (today until now), shift by shift."""
    s = b.stream("notebook.tallies").random
    clock = b.clock
    today = clock.today_index
    reasons = [reason for reason, weight in LOST_WEIGHTS for _n in range(weight)]
    rows = []
    for day in range(today - min(b.days, TALLY_DAYS) + 1, today + 1):
        for person, (start, end) in zip(b.staff_ids, SHIFTS, strict=True):
            first, last = day * DAY + start, min(day * DAY + end, clock.now)
            if last <= first:
                continue
            hours = (last - first) / HOUR
            rate = CONVERSION[0] + s() * (CONVERSION[1] - CONVERSION[0])
            consults = int(hours * (CONSULTS_PER_HOUR[0] + s() * (CONSULTS_PER_HOUR[1] - 2)))
            for _n in range(consults):
                at = first + int(s() * (last - first))
                rows.append((clock.day_text[day], clock.ts(at), person, "consult", None))
                x = s()
                later = min(at + 60 + int(s() * 900), last)
                if x < rate:
                    rows.append((clock.day_text[day], clock.ts(later), person, "deal", None))
                elif x < rate + 0.4:
                    reason = reasons[int(s() * len(reasons))]
                    rows.append((clock.day_text[day], clock.ts(later), person, "lost", reason))
    rows.sort(key=lambda r: r[1])
    return rows


def _summary(s) -> str:
    counts = {
        "to_ship": int(s() * 12),
        "chase": int(s() * 5),
        "returns_waiting": int(s() * 3),
        "red_flags": int(s() * 3),
        "follow_ups": int(s() * 6),
        "open_problems": int(s() * 4),
    }
    return json.dumps(counts, sort_keys=True)


def _handovers(b: Build) -> list[tuple]:
    """At 15:00 the day person hands over to the evening person (read within the hour), at
    22:30 the evening person to the day person (read the next morning). Today's 15:00 note is
    still unread: the evening person has not signed it yet."""
    s = b.stream("notebook.handovers").random
    clock = b.clock
    today = clock.today_index
    day_person, evening_person = b.staff_ids
    rows = []
    for day in range(today - min(b.days, HANDOVER_DAYS) + 1, today + 1):
        at = day * DAY + SHIFT_CHANGE
        if at <= clock.now:
            unread = day == today
            read_at = None if unread else clock.ts(at + 5 * 60 + int(s() * 50 * 60))
            note = DAY_NOTES[int(s() * len(DAY_NOTES))]
            rows.append((clock.ts(at), day_person, evening_person, _summary(s), note, read_at,
                         None if unread else evening_person))  # fmt: skip
        at = day * DAY + 22 * HOUR + 30 * 60
        if at <= clock.now:
            read_at = clock.ts((day + 1) * DAY + 9 * HOUR + int(s() * 20 * 60))
            note = EVENING_NOTES[int(s() * len(EVENING_NOTES))]
            rows.append((clock.ts(at), evening_person, day_person, _summary(s), note, read_at,
                         day_person))  # fmt: skip
    return rows
