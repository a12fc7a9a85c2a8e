"""A writer killed with SIGKILL at random moments never damages the file nor loses a confirmed write.

The child (tests/crash_writer.py) opens the shop file through open_shop (WAL, synchronous=FULL),
writes through the services and prints each write once the service call has returned. The parent
kills it after a random delay, 50 times on the same file (so WAL recovery runs again and again),
then checks integrity and that every confirmed write is present.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desk.db.connection import open_shop

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("SHOP_DESK_CRASH_KILLS", "50"))


def run_and_kill(path: Path, start: int, delay: float) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "crash_writer.py"), str(path), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    lines: list[str] = []
    opened = threading.Event()

    def read() -> None:
        for line in child.stdout:
            if not line.endswith("\n"):
                continue  # cut off by the kill: the child had not finished saying it
            lines.append(line.strip())
            if line.startswith("open"):
                opened.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert opened.wait(60), child.stderr.read() if child.poll() is not None else "child never opened"
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    reader.join(30)
    child.stdout.close()
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL, "the child stopped before it was killed"
    return lines


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_at_random_moments_loses_no_confirmed_write(shop_path):
    open_shop(shop_path).close()  # create and migrate once
    rng = random.Random(20261123)
    confirmed_staff: set[str] = set()
    last_profile = -1
    start = 0
    for _ in range(KILLS):
        lines = run_and_kill(shop_path, start, rng.uniform(0.0, 0.15))
        for line in lines:
            kind, _, value = line.partition(" ")
            if kind == "staff":
                confirmed_staff.add(value)
            elif kind == "profile":
                last_profile = max(last_profile, int(value))
        start += 10_000  # fresh names for the next child

        conn = sqlite3.connect(shop_path)  # recovers the WAL like any later opener would
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            names = {r[0] for r in conn.execute("SELECT name FROM staff")}
            missing = confirmed_staff - names
            assert not missing, f"confirmed writes lost: {sorted(missing)[:5]}"
            if last_profile >= 0:
                row = conn.execute("SELECT value FROM setting WHERE key='shop_profile'").fetchone()
                assert row is not None
                stored = int(json.loads(row[0])["shop_name"].removeprefix("店"))
                assert stored >= last_profile
        finally:
            conn.close()
    assert len(confirmed_staff) > KILLS  # the children really wrote between kills
