"""Demo build benchmark: a synthetic shop of 200,000 customers and 1,000,000 orders.

Builds the demo shop (desk.core.demo.build_demo) into `--out` and prints one JSON object a line:
the build time (goal: under 120 s on a 2-core laptop), the file size, and the time of the full
checks run afterwards (foreign_key_check, integrity_check), which must come back clean. The file
is left in place for the other benchmarks (bench/startup.py) and for trying the app on it.

    uv run python bench/demo.py [--out PATH] [--reuse] [--replace] [--no-check]
                                [--customers N] [--orders N] [--days N] [--seed N]

The default `--out` (bench/data/demo-1m.sqlite3, ignored by git) is rebuilt on every run unless
`--reuse` is given; another existing file is only replaced with `--replace`.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_OUT = ROOT / "bench" / "data" / "demo-1m.sqlite3"
BUILD_GOAL_S = 120


def figure(name: str, value, unit: str, goal: float | None = None) -> None:
    if isinstance(value, float):
        value = round(value, 3)
    print(
        json.dumps({"figure": name, "value": value, "unit": unit, "goal": goal}, ensure_ascii=False),
        flush=True,
    )


def progress_printer():
    last = [0.0]
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 5 or done == total:
            last[0] = now
            print(f"{now - started:6.1f} s  {stage} {done}/{total}", file=sys.stderr, flush=True)

    return progress


def remove_shop_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def check(path: Path, label: str) -> None:
    # immutable: nobody writes it now, and nothing is created beside it
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        started = time.perf_counter()
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        figure(f"{label} foreign_key_check", time.perf_counter() - started, "s")
        figure(f"{label} foreign key violations", len(broken), "rows", 0)
        started = time.perf_counter()
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        figure(f"{label} integrity_check", time.perf_counter() - started, "s")
        figure(f"{label} integrity", result, "", "ok")
    finally:
        conn.close()
    if broken or result != "ok":
        raise SystemExit(f"the demo file {path} failed its checks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--reuse", action="store_true", help="keep an existing file, build nothing")
    parser.add_argument("--replace", action="store_true", help="replace an existing --out file")
    parser.add_argument("--no-check", action="store_true", help="skip the full checks afterwards")
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    out = args.out.expanduser().absolute()
    if out.exists():
        if args.reuse:
            print(f"{out} exists; --reuse: nothing built", file=sys.stderr)
            return
        if not (args.replace or out == DEFAULT_OUT):
            raise SystemExit(f"{out} exists: pass --reuse to keep it or --replace to rebuild it")
        remove_shop_file(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    from desk.core.demo import build_demo

    label = f"demo {args.orders:,} orders".replace(",", "_")
    if (args.customers, args.orders) == (200_000, 1_000_000):
        label = "demo 1M orders"
    summary = build_demo(
        out,
        customers=args.customers,
        orders=args.orders,
        days=args.days,
        seed=args.seed,
        progress=progress_printer(),
    )
    figure(f"{label} build", summary.seconds, "s", BUILD_GOAL_S)
    figure(f"{label} file size", out.stat().st_size / 1e6, "MB")
    figure(f"{label} rows", {
        "customers": summary.customers, "addresses": summary.addresses,
        "orders": summary.orders, "order_lines": summary.order_lines,
        "order_events": summary.order_events, "shipments": summary.shipments,
    }, "rows")  # fmt: skip
    if not args.no_check:
        check(out, label)


if __name__ == "__main__":
    main()
