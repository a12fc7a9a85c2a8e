"""Customer benchmark: search, counts and the Taobao import on a shop of 200,000 customers.

Builds (or reuses) bench/data/customers-200k.sqlite3 with the demo builder: 200,000 customers with
real-looking names (common and rare surnames, compound ones, characters outside the BMP), 旺旺
nicknames, mobiles and addresses in real provinces, a few likely duplicates, and 20,000 orders;
the build fills the search index. Then, with the file opened as the app opens it:

- `customers.search_customers` (one page, the default view and order) for each query class, over
  `--queries` queries drawn from the data: 1 character (a surname or a name character), 2
  characters (a piece of a name), 3 characters (a name or a street fragment), digits (the last
  four of a phone; seven from the middle), pinyin (initials `zs`; full `zhangsan`):
  median, p95 (goal 15 ms) and max, and the median number of rows;
- `customers.count_customers` for the same queries (p95), and `sidebar_counts` (first, then p95);
- importing a 100,000-row Taobao export (tests/fixtures/make_taobao_export.py, cached as
  bench/data/taobao-100k.csv) into a copy of the shop: the preview and the import (goal 15 s for
  both together);
- the size of the file and of the two search indexes.

Prints one JSON object a line.

    uv run python bench/customers.py [--db PATH] [--rebuild] [--queries 200] [--no-import]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "data"
DEFAULT_DB = DATA / "customers-200k.sqlite3"
EXPORT = DATA / "taobao-100k.csv"
CUSTOMERS, ORDERS = 200_000, 20_000
EXPORT_ROWS = 100_000
SEARCH_GOAL_MS = 15
IMPORT_GOAL_S = 15
CLASSES = ("1 char", "2 chars", "3 chars", "phone last 4", "phone middle 7", "pinyin initials",
           "pinyin full")  # fmt: skip


def figure(name: str, value, unit: str, goal: float | None = None) -> None:
    if isinstance(value, float):
        value = round(value, 2)
    print(
        json.dumps({"figure": name, "value": value, "unit": unit, "goal": goal}, ensure_ascii=False),
        flush=True,
    )


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def remove_shop_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def ensure_shop(path: Path, rebuild: bool) -> None:
    if path.exists() and not rebuild:
        return
    from desk.core.demo import build_demo

    remove_shop_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    summary = build_demo(path, customers=CUSTOMERS, orders=ORDERS, days=30, seed=1)
    figure("build 200,000 customers (demo builder, search index included)", summary.seconds, "s")


# --- queries ---------------------------------------------------------------------------------------


def draw_queries(path: Path, per_class: int, rng: Random) -> dict[str, list[str]]:
    """Queries a user would type, drawn from the customers in the file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT c.name, c.pinyin, p.phone, a.street FROM customer c"
            " JOIN customer_phone p ON p.customer_id = c.id AND p.position = 0"
            " JOIN address a ON a.customer_id = c.id AND a.is_default"
            " WHERE c.id % 97 != 13"  # the rare names: not what most queries look like
        ).fetchall()
    finally:
        conn.close()
    rng.shuffle(rows)
    picks = rows[: per_class * 2]
    queries: dict[str, list[str]] = {c: [] for c in CLASSES}
    for k, (name, key, phone, street) in enumerate(picks[:per_class]):
        words = key.split()
        queries["1 char"].append(name[0] if k % 2 == 0 else name[rng.randrange(len(name))])
        start = rng.randrange(max(1, len(name) - 1))
        queries["2 chars"].append(name[start : start + 2] if len(name) >= 2 else name)
        if len(name) >= 3 and k % 2 == 0:
            queries["3 chars"].append(name[:3])
        else:
            at = rng.randrange(len(street) - 2)
            queries["3 chars"].append(street[at : at + 3])
        queries["phone last 4"].append(phone[-4:])
        queries["phone middle 7"].append(phone[2:9])
        queries["pinyin initials"].append(words[0])
        queries["pinyin full"].append(next(w for w in words[1:] if len(w) > len(name)))
    return queries


def time_calls(fn, queries: list[str]) -> tuple[list[float], list[float], list[int]]:
    """Wall-clock and CPU milliseconds of each call (the CPU time tells what a call costs when
    other processes share the machine), and the size of each result."""
    times, cpu, sizes = [], [], []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn(query)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        sizes.append(result if isinstance(result, int) else len(result) if isinstance(result, list) else 0)
    return times, cpu, sizes


def bench_search(path: Path, per_class: int) -> None:
    from desk.core import customers
    from desk.db.connection import open_shop

    queries = draw_queries(path, per_class, Random(7))
    shop = open_shop(path)
    try:
        for query in [q for qs in queries.values() for q in qs[:5]]:  # warm the page cache
            customers.search_customers(query)
        for name, texts in queries.items():
            times, cpu, sizes = time_calls(customers.search_customers, texts)
            figure(f"search {name} p50", statistics.median(times), "ms")
            figure(f"search {name} p95", p95(times), "ms", SEARCH_GOAL_MS)
            figure(f"search {name} p95 (CPU time)", p95(cpu), "ms", SEARCH_GOAL_MS)
            figure(f"search {name} max", max(times), "ms")
            figure(f"search {name} rows (median of {len(texts)})", statistics.median(sizes), "rows")
        for name, texts in queries.items():
            times, _cpu, sizes = time_calls(customers.count_customers, texts)
            figure(f"count {name} p95", p95(times), "ms", SEARCH_GOAL_MS)
            figure(f"count {name} matches (median)", statistics.median(sizes), "customers")
        times, cpu, _sizes = time_calls(customers.search_customers, [""] * 50)
        figure("list without a query p95", p95(times), "ms", SEARCH_GOAL_MS)
        times, cpu, _sizes = time_calls(lambda q: customers.sidebar_counts(), [""])
        figure("sidebar_counts first (duplicates counted)", times[0], "ms")
        times, cpu, _sizes = time_calls(lambda q: customers.sidebar_counts(), [""] * 20)
        figure("sidebar_counts p95 (file unchanged)", p95(times), "ms")
    finally:
        shop.close()


# --- import ----------------------------------------------------------------------------------------


def bench_import(path: Path) -> None:
    from desk.core.customer_import import apply_import, read_taobao_export
    from desk.db.connection import db, open_shop
    from tests.fixtures.make_taobao_export import make_taobao_export

    if not EXPORT.exists():
        make_taobao_export(EXPORT, EXPORT_ROWS, seed=3)
    with tempfile.TemporaryDirectory(dir=DATA) as folder:
        copy = Path(folder) / "import.sqlite3"
        shutil.copyfile(path, copy)  # build_demo leaves the file checkpointed (no -wal)
        shop = open_shop(copy)
        try:
            before = db.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
            started, cpu = time.perf_counter(), time.process_time()
            preview = read_taobao_export(EXPORT)
            read, read_cpu = time.perf_counter() - started, time.process_time() - cpu
            started, cpu = time.perf_counter(), time.process_time()
            result, _changes = apply_import(preview)
            applied, applied_cpu = time.perf_counter() - started, time.process_time() - cpu
            after = db.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
        finally:
            shop.close()
    figure("import 100,000-row Taobao export: preview", read, "s")
    figure("import 100,000-row Taobao export: apply", applied, "s")
    figure("import 100,000-row Taobao export: total", read + applied, "s", IMPORT_GOAL_S)
    figure("import 100,000-row Taobao export: total (CPU time)", read_cpu + applied_cpu, "s",
           IMPORT_GOAL_S)
    figure("import: buyers created / updated / orders counted",
           {"created": result.created, "updated": result.updated,
            "orders": result.orders_counted, "customers before": before,
            "customers after": after, "problems": len(preview.problems)}, "rows")  # fmt: skip


# --- sizes -----------------------------------------------------------------------------------------


def bench_sizes(path: Path) -> None:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        for index in ("customer_fts", "customer_gram"):
            size = conn.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name = ? OR name LIKE ? ESCAPE '!'",
                (index, index + "!_%"),
            ).fetchone()[0]
            figure(f"index size {index}", (size or 0) / 1e6, "MB")
    finally:
        conn.close()
    figure("file size", path.stat().st_size / 1e6, "MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rebuild", action="store_true", help="build the shop file again")
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--no-import", action="store_true", help="skip the import benchmark")
    args = parser.parse_args()
    path = args.db.expanduser().absolute()
    figure("load average (1 min) at start, on this many CPUs", os.getloadavg()[0], str(os.cpu_count()))
    ensure_shop(path, args.rebuild)
    bench_sizes(path)
    bench_search(path, args.queries)
    if not args.no_import:
        bench_import(path)


if __name__ == "__main__":
    main()
