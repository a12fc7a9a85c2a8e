"""Orders benchmark: the figures of issue #5, one JSON object a line.

    uv run python bench/orders.py [--sheets 200] [--only NAME ...]

Figures (each a function in FIGURES, run in order; `--only` picks some by name):
- confirmation_sheets: 200 confirmation sheets (A5, one a page) rendered into one PDF — goal ≤ 1 s.
  The sheets are made from realistic values (names, addresses of every length, 1–4 lines, gifts,
  buyer messages with emoji and line breaks), all different, so no caption-only cache flatters it.
  The font is found and loaded first (once per process, as in the app), not timed.
- order_list: the orders page over the 1,000,000-order demo shop (`--db`, default
  bench/data/demo-1m.sqlite3, built with the demo builder when missing — about 90 s — and
  migrated when older): the first page (goal ≤ 30 ms), the next pages (keyset), a search by
  phone fragment (the last four digits of 200 order phones, p95 goal ≤ 30 ms; also seven middle
  digits, and the first search after a write), other searches and filter combinations, counts,
  unpaid_to_chase and the pre-print check of 200 orders. Each list figure is followed by the plan
  it used ("walk" the created_at index or "collect" N ids, then SQLite's EXPLAIN QUERY PLAN).
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高欧阳"
GIVEN = ["小丫", "芳", "娜娜", "伟", "静", "敏", "丽", "强", "磊", "洋", "艳", "杰", "婷婷", "欣怡", "子涵"]
PLACES = [
    ("浙江省", "杭州市", "西湖区", "文三路{n}号{b}幢{r}室"),
    ("广东省", "深圳市", "南山区", "科技园南区高新南七道{n}号{b}栋{r}"),
    ("北京市", "北京市", "朝阳区", "建国路{n}号院{b}号楼{r}室（前台代收）"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放南路幸福小区{b}栋{r}号，放门口快递柜"),
    ("四川省", "成都市", "武侯区", "天府大道北段{n}号{b}单元{r}"),
    ("江苏省", "苏州市", "工业园区", "星湖街{n}号{b}幢{r}室 菜鸟驿站"),
]
ITEMS = [("A1023", "法式碎花雪纺连衣裙", 12900), ("B2001", "纯棉宽松T恤", 5900),
         ("LYQ-2401", "高腰阔腿牛仔裤九分直筒", 15900), ("C3307", "针织开衫", 9900),
         ("D0420", "百褶半身裙", 8900), ("E5511", "加绒卫衣（连帽款）", 13900)]  # fmt: skip
COLORS = ["黑色", "白色", "杏色", "藏青", "浅蓝色（加绒）"]
SIZES = ["S", "M", "L", "XL", "XXL", "均码"]
COURIERS = ["中通快递", "顺丰速运", "圆通速递", "韵达快递", "EMS / 中国邮政"]
MESSAGES = ["", "", "", "周六前能到吗？", "麻烦尽快发货，周六要穿😊谢谢！\n颜色一定要黑色的哦",
            "不要放快递柜，直接送到家，谢谢", "送人的，不要放价格单🎁", "尺码偏小的话帮我换大一码"]  # fmt: skip
GIFTS = ["", "", "袜子一双", "发圈一个"]
MEMOS = ["", "", "买家要求发顺丰", "延迟到周五发货", "送发圈一个"]


def figure(name: str, value: float, unit: str, goal: float | None = None) -> None:
    print(json.dumps({"figure": name, "value": round(value, 3), "unit": unit, "goal": goal},
                     ensure_ascii=False), flush=True)  # fmt: skip


def realistic_sheets(count: int, rng: Random) -> list:
    from desk.pdf.confirmation import SheetData, SheetLine

    sheets = []
    start = datetime.datetime(2026, 3, 14, 8, 0)
    for n in range(count):
        lines = []
        for _line in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
            code, name, price = rng.choice(ITEMS)
            quantity = rng.choice([1, 1, 1, 2, 3])
            discount = rng.choice([0, 0, 0, 500])
            lines.append(SheetLine(code, name, rng.choice(COLORS), rng.choice(SIZES), quantity,
                                   price, quantity * price - discount))  # fmt: skip
        goods = sum(line.amount_fen for line in lines)
        postage = rng.choice([0, 0, 600, 1000, 2000])
        discount = rng.choice([0, 0, 0, 1000])
        province, city, district, street = rng.choice(PLACES)
        street = street.format(n=rng.randint(1, 999), b=rng.randint(1, 30), r=rng.randint(101, 2808))
        sheets.append(SheetData(
            shop_name="小雅的衣橱",
            number=f"20260314-{n + 1:05d}",
            created_at=start + datetime.timedelta(minutes=3 * n),
            contact=rng.choice(SURNAMES) + rng.choice(GIVEN),
            phone=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
            address=f"{province}{city if city != province else ''}{district}{street}",
            courier_name=rng.choice(COURIERS),
            lines=tuple(lines),
            goods_fen=goods, postage_fen=postage, discount_fen=discount,
            total_fen=goods + postage - discount,
            gift=rng.choice(GIFTS), buyer_message=rng.choice(MESSAGES), memo=rng.choice(MEMOS),
            note="16:00 前付款的订单当天发货。",
        ))  # fmt: skip
    return sheets


def confirmation_sheets(args: argparse.Namespace) -> None:
    """200 confirmation sheets in one PDF ≤ 1 s (the median of 5 runs)."""
    from desk.pdf.confirmation import render_confirmations
    from desk.pdf.fonts import cjk_font

    started = time.perf_counter()
    cjk_font()
    figure("find and load the Chinese font (once a process)", time.perf_counter() - started, "s")
    sheets = realistic_sheets(args.sheets, Random(5))
    times, size = [], 0
    for _run in range(5):
        started = time.perf_counter()
        size = len(render_confirmations(sheets))
        times.append(time.perf_counter() - started)
    figure(f"{args.sheets} confirmation sheets in one PDF (median of 5)", statistics.median(times),
           "s", 1.0)  # fmt: skip
    figure(f"{args.sheets} confirmation sheets in one PDF (best of 5)", min(times), "s")
    figure("confirmation PDF size", size / 1024, "KB")


DEFAULT_DB = ROOT / "bench" / "data" / "demo-1m.sqlite3"
LIST_GOAL_MS = 30


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def plan_line(name: str, lines: list[str]) -> None:
    print(json.dumps({"plan": name, "value": lines}, ensure_ascii=False), flush=True)


def timed_ms(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def open_demo(path: Path):
    """The demo shop, built when missing (as bench/demo.py does), opened as the app opens it."""
    from desk.db.connection import open_shop

    if not path.exists():
        from desk.core.demo import build_demo

        path.parent.mkdir(parents=True, exist_ok=True)
        summary = build_demo(path, customers=200_000, orders=1_000_000, days=90, seed=1)
        figure("demo 1M orders build (for the list figures)", summary.seconds, "s")
    from desk.core import customer_search

    started = time.perf_counter()
    handle = open_shop(path)
    figure("open the demo shop (migrating it if older)", time.perf_counter() - started, "s")
    started = time.perf_counter()
    if customer_search.ensure_index():  # as the app does after opening
        figure("customer search index rebuilt (a file from an older version)",
               time.perf_counter() - started, "s")
    return handle


def _draw(sql: str, count: int, rng: Random) -> list:
    from desk.db.connection import db

    top = db.execute_sql('SELECT MAX(id) FROM "order"').fetchone()[0]
    picks = sorted(rng.sample(range(1, top + 1), count))
    marks = ",".join("?" * len(picks))
    rows = db.execute_sql(sql.format(marks=marks), picks).fetchall()
    rng.shuffle(rows)
    return rows


def _list_figure(name: str, f, runs: int = 21, goal: float | None = None) -> None:
    from desk.core import order_list

    times = [timed_ms(order_list.list_orders, f)[0] for _run in range(runs)]
    figure(f"{name} (median)", statistics.median(times), "ms")
    figure(f"{name} (p95)", p95(times), "ms", goal)
    plan_line(name, order_list.explain(f))


def order_list_figures(args: argparse.Namespace) -> None:
    """The orders page over a million orders: pages, searches, filters, counts, 催付, 审单."""
    from desk.core import order_check, order_list, order_search
    from desk.core.order_list import OrderFilter

    started = time.perf_counter()
    sum(range(10**7))
    figure("this machine's speed: sum(range(10**7)) (a recent laptop: about 0.15)",
           time.perf_counter() - started, "s")
    handle = open_demo(args.db.expanduser().absolute())
    try:
        rng = Random(11)
        first, _rows = timed_ms(order_list.list_orders, OrderFilter())
        figure("order list first page, first call after opening", first, "ms")
        _list_figure("order list first page", OrderFilter(), goal=LIST_GOAL_MS)
        times, after = [], None
        for _page in range(50):
            elapsed, rows = timed_ms(order_list.list_orders, OrderFilter(), after=after)
            times.append(elapsed)
            after = order_list.page_after(rows[-1])
        figure("order list next pages 2-51 (keyset, p95)", p95(times), "ms", LIST_GOAL_MS)

        phones = [r[0] for r in _draw('SELECT phone FROM "order" WHERE id IN ({marks})',
                                      args.queries, rng)]
        for label, queries in (("last 4 digits", [p[-4:] for p in phones]),
                               ("7 middle digits", [p[2:9] for p in phones]),
                               ("full number", phones)):
            order_list.list_orders(OrderFilter(query=queries[0]))  # the open orders' phones read
            times, found = [], []
            for query in queries:
                elapsed, rows = timed_ms(order_list.list_orders, OrderFilter(query=query))
                times.append(elapsed)
                found.append(len(rows))
            goal = LIST_GOAL_MS if label == "last 4 digits" else None
            figure(f"order search by phone fragment p95 ({label}, {len(queries)} queries)",
                   p95(times), "ms", goal)
            figure(f"order search by phone fragment median ({label})", statistics.median(times),
                   "ms")
            figure(f"order search by phone fragment rows, median ({label})",
                   statistics.median(found), "rows")
        plan_line("order search by phone fragment (last 4 digits)",
                  order_list.explain(OrderFilter(query=phones[0][-4:])))
        times = []
        for query in phones[:20]:
            order_search.forget_open_orders()  # as after any write: the open orders read again
            times.append(timed_ms(order_list.list_orders, OrderFilter(query=query[-4:]))[0])
        figure("order search by phone fragment, first search after a write (p95 of 20)",
               p95(times), "ms")

        number, tracking, name = _draw(
            'SELECT o.number, s.tracking_no, c.name FROM "order" o JOIN shipment s'
            " ON s.order_id = o.id JOIN customer c ON c.id = o.customer_id"
            " WHERE o.id IN ({marks})", 5, rng)[0]
        today = order_list.list_orders(OrderFilter(), limit=1)[0].created_at.date()
        combos = [
            ("search: order number", OrderFilter(query=number)),
            ("search: a day's order numbers", OrderFilter(query=number[:8])),
            ("search: tracking number", OrderFilter(query=tracking)),
            ("search: customer name", OrderFilter(query=name)),
            ("search: one surname character", OrderFilter(query=name[0])),
            ("filter: unpaid", OrderFilter(statuses=("unpaid",))),
            ("filter: paid + confirmed, red or yellow flag",
             OrderFilter(statuses=("paid", "confirmed"), flags=("red", "yellow"))),
            ("filter: completed", OrderFilter(statuses=("completed",))),
            ("filter: closed", OrderFilter(statuses=("closed",))),
            ("filter: purple flag", OrderFilter(flags=("purple",))),
            ("filter: SF, last 7 days", OrderFilter(courier="SF", date_from=today -
                                                    datetime.timedelta(days=6), date_to=today)),
            ("filter: not printed", OrderFilter(printed=False)),
            ("filter: one day 60 days ago, completed, ZTO",
             OrderFilter(date_from=today - datetime.timedelta(days=60),
                         date_to=today - datetime.timedelta(days=60), statuses=("completed",),
                         courier="ZTO")),
        ]
        for label, f in combos:
            _list_figure(f"order list {label}", f, runs=11)
        for label, f in [("all", OrderFilter()), ("unpaid", OrderFilter(statuses=("unpaid",))),
                         ("completed", OrderFilter(statuses=("completed",))),
                         ("last 7 days", OrderFilter(date_from=today - datetime.timedelta(days=6))),
                         ("phone fragment", OrderFilter(query=phones[1][-4:])),
                         ("courier SF (no index: a table scan)", OrderFilter(courier="SF"))]:
            elapsed, count = timed_ms(order_list.count_orders, f)
            figure(f"count_orders {label} ({count} orders)", elapsed, "ms")
        elapsed, rows = timed_ms(order_list.unpaid_to_chase)
        figure(f"unpaid_to_chase ({len(rows)} orders)", elapsed, "ms")
        selection = [r.id for r in order_list.list_orders(
            OrderFilter(statuses=("confirmed",)), limit=200)]
        elapsed, results = timed_ms(order_check.check_before_print, selection)
        figure(f"check_before_print of {len(results)} orders", elapsed, "ms")
    finally:
        handle.close()


#: (name, function) — run in this order; each prints its own figures
FIGURES: list[tuple[str, Callable[[argparse.Namespace], None]]] = [
    ("confirmation_sheets", confirmation_sheets),
    ("order_list", order_list_figures),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=200, help="confirmation sheets in the PDF")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB,
                        help="the 1,000,000-order demo shop (built when missing)")
    parser.add_argument("--queries", type=int, default=200, help="phone searches timed")
    parser.add_argument("--only", nargs="*", metavar="NAME",
                        help="run only these figures: " + ", ".join(n for n, _f in FIGURES))  # fmt: skip
    args = parser.parse_args()
    for name, run in FIGURES:
        if not args.only or name in args.only:
            run(args)


if __name__ == "__main__":
    main()
