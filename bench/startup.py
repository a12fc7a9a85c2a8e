"""Startup benchmark: from process start to the main window shown and idle, on a big shop file.

Builds (or reuses) a demo file with 200,000 customers and 1,000,000 orders, then starts the real
app (`python main.py --db FILE`) several times with SHOP_DESK_BENCH_EXIT=1, which makes the app
print `ready` once its window is shown and the event loop is idle, and quit. Prints one JSON object
a line: the wall time measured here from spawning the process, the time the app measured from its
own process start, and the peak resident memory of the app process.

    uv run python bench/startup.py [--db PATH] [--runs 5] [--customers N] [--orders N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def ensure_demo(path: Path, customers: int, orders: int) -> None:
    if path.exists():
        return
    from desk.core.demo import build_demo

    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    build_demo(path, customers=customers, orders=orders, days=365, seed=1)
    figure("demo build for startup bench", time.perf_counter() - started, "s", 120)


def figure(name: str, value: float, unit: str, goal: float | None = None) -> None:
    print(json.dumps({"figure": name, "value": round(value, 3), "unit": unit, "goal": goal},
                     ensure_ascii=False), flush=True)


def one_run(path: Path) -> tuple[float, float, float]:
    env = dict(os.environ, SHOP_DESK_BENCH_EXIT="1", SHOP_DESK_HOME=str(path.parent / "home"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    wall = own = None
    for line in child.stdout:
        if line.startswith("ready"):
            wall = time.perf_counter() - started
            own = float(line.split()[1])
            break
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    if wall is None:
        raise SystemExit(f"the app never said ready (exit {child.returncode}):\n{err}")
    rss_mb = usage.ru_maxrss / 1024  # Linux: kilobytes
    return wall, own, rss_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "data" / "demo-1m.sqlite3")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    args = parser.parse_args()
    ensure_demo(args.db, args.customers, args.orders)
    one_run(args.db)  # warm the OS file cache once, as on a laptop that has used the file today
    runs = [one_run(args.db) for _ in range(args.runs)]
    walls, owns, rss = zip(*runs, strict=True)
    figure("startup to idle main window (median, spawn to ready)", statistics.median(walls), "s", 1.0)
    figure("startup to idle main window (worst)", max(walls), "s", 1.0)
    figure("startup measured by the app from its process start (median)",
           statistics.median(owns), "s", 1.0)
    figure("startup peak memory (max RSS)", max(rss), "MB", 250)
    figure("shop file size", args.db.stat().st_size / 1e6, "MB")


if __name__ == "__main__":
    main()
