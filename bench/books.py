"""Books benchmark: the figures of issue #8, one JSON object a line.

    uv run python bench/books.py [--db bench/data/books-1m.sqlite3] [--runs 15]

The shop is the demo with 1,000,000 orders over 90 days (about 11,000 a day) and its books:
every paid order's sale entry, the daily expenses and every day closed up to the day before
yesterday (built with the demo builder when missing, into its own file — a few minutes). The
file's name carries `SCHEMA` (bump it when migration 0003 changes before its release: a cached
file built with an older 0003 would lack its indexes, and migrations do not run twice).
Figures:
- day close: `day_summary` + `close_day` of yesterday (its proposals confirmed first, untimed),
  inside a transaction rolled back after each run — goal ≤ 50 ms (median);
- the proposals of a day (`pending_entries`), the summary alone, the closed-days list;
- month report data (`month_report`, without the PDF) of the last whole month — goal ≤ 300 ms;
- the daily and monthly PDFs (for information);
- the size of the file and of the covering indexes the close reads, and whether the close's
  order queries read those indexes alone (their query plans).
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Bumped with each change of migration 0003 (not released yet): v2 = covering indexes on
#: order(paid_at, …) and order_line(order_id, …).
SCHEMA = "v2"
DEFAULT_DB = ROOT / "bench" / "data" / f"books-1m-{SCHEMA}.sqlite3"
#: The covering indexes the day close reads (migration 0003).
CLOSE_INDEXES = (
    "order_paid_at_merged_into_id_total_fen",
    "order_line_order_id_product_code_quantity_unit_price_fen_1cee988",
    "ledger_entry_day_account_id_category_id_kind_amount_fen__f02b73f",
    "ledger_entry_order_id_auto_key_kind_amount_fen",
)


def figure(name: str, value: float, unit: str, goal: float | None = None) -> None:
    print(json.dumps({"figure": name, "value": round(value, 3), "unit": unit, "goal": goal},
                     ensure_ascii=False), flush=True)  # fmt: skip


#: The fastest run of the last `timed` (the machine may be shared: its floor shows the code's cost).
FASTEST = 0.0


def timed(fn, runs: int, *args) -> tuple[float, float]:
    """(median ms, max ms) over `runs`; nothing remembered from an earlier run (the books
    services remember a computation only while the file does not change)."""
    from desk.core import books_common

    times = []
    for _ in range(runs):
        books_common._MEMO.clear()
        started = time.perf_counter()
        fn(*args)
        times.append((time.perf_counter() - started) * 1000)
    global FASTEST
    FASTEST = min(times)
    return statistics.median(times), max(times)


def open_books_demo(path: Path):
    from desk.db.connection import open_shop

    if not path.exists():
        from desk.core.demo import build_demo

        path.parent.mkdir(parents=True, exist_ok=True)
        summary = build_demo(path, customers=200_000, orders=1_000_000, days=90, seed=1)
        figure("demo 1M orders with books, build", summary.seconds, "s")
    started = time.perf_counter()
    handle = open_shop(path)
    figure("open the demo shop (migrating it if older)", time.perf_counter() - started, "s")
    return handle


def report_storage(path: Path) -> None:
    """The file's size, the covering indexes' sizes, and whether the close's order queries
    read indexes only (no table row: a plan line without COVERING names a table read)."""
    from desk.core import books_auto
    from desk.db.connection import db

    figure("shop file size", path.stat().st_size / 2**20, "MB")
    sizes = dict(db.execute_sql(
        f"SELECT name, sum(pgsize) FROM dbstat WHERE name IN ({','.join('?' * len(CLOSE_INDEXES))})"
        " GROUP BY name", CLOSE_INDEXES,
    ).fetchall())  # fmt: skip
    for name in CLOSE_INDEXES:
        figure(f"index {name}", sizes.get(name, 0) / 2**20, "MB")
    bounds = ("2000-01-01", "2000-01-02")
    for name, sql in (
        ("day orders", books_auto._DAY_ORDERS),
        ("day products", books_auto._DAY_PRODUCTS),
    ):
        plan = [r[-1] for r in db.execute_sql("EXPLAIN QUERY PLAN " + sql, bounds).fetchall()]
        # the orders (o), their lines (l) and sale entries (e); a product's name (n) is one line
        # read per product, by design
        reads = [p for p in plan if p.split(" ")[:2] in (["SEARCH", a] for a in "ole")]
        tables = [p for p in reads if "COVERING INDEX" not in p]
        figure(
            f"{name}: table reads per order in the plan (0 = indexes only)", len(tables), "reads", 0
        )
        for line in tables:
            print(json.dumps({"plan": name, "line": line}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from desk.core import books
    from desk.db.connection import db

    handle = open_books_demo(args.db)
    try:
        orders = db.execute_sql('SELECT count(*) FROM "order"').fetchone()[0]
        entries = db.execute_sql("SELECT count(*) FROM ledger_entry").fetchone()[0]
        figure("orders in the shop", orders, "orders")
        figure("ledger entries in the shop", entries, "entries")
        report_storage(args.db)
        last_close = db.execute_sql("SELECT max(day) FROM day_close").fetchone()[0]
        day = datetime.date.fromisoformat(str(last_close)[:10]) + datetime.timedelta(days=1)
        proposed = len(books.pending_entries(day))
        median, worst = timed(books.pending_entries, max(3, args.runs // 3), day)
        figure(f"proposals of {day} ({proposed} sales to confirm)", median, "ms")

        def close_rolled_back() -> None:
            with db.atomic() as txn:
                books.day_summary(day)
                books.close_day(day, (), None)
                txn.rollback()

        with db.atomic() as outer:
            count, _changes = books.confirm_pending(day, None)
            figure(f"automatic entries confirmed for {day} (untimed)", count, "entries")
            median, worst = timed(books.day_summary, args.runs, day)
            figure("day summary alone", median, "ms")
            median, worst = timed(close_rolled_back, args.runs)
            figure("day close (summary + close, rolled back)", median, "ms", 50)
            figure("day close, slowest run", worst, "ms")
            figure("day close, fastest run", FASTEST, "ms")
            started = time.perf_counter()
            pdf = books.daily_pdf(day)
            figure(
                f"daily report PDF ({len(pdf) // 1024} KB)",
                (time.perf_counter() - started) * 1000,
                "ms",
            )
            outer.rollback()
        median, _worst = timed(books.list_closed_days, 5, day - datetime.timedelta(days=31), day)
        figure("closed days of a month (list)", median, "ms")
        first = day.replace(day=1) - datetime.timedelta(days=1)
        median, worst = timed(books.month_report, max(5, args.runs // 3), first.year, first.month)
        figure(f"month report data {first:%Y-%m}", median, "ms", 300)
        figure("month report data, slowest run", worst, "ms")
        started = time.perf_counter()
        pdf = books.month_pdf(first.year, first.month)
        figure(
            f"monthly report PDF ({len(pdf) // 1024} KB)",
            (time.perf_counter() - started) * 1000,
            "ms",
        )
    finally:
        handle.close()


if __name__ == "__main__":
    main()
