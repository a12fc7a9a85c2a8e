"""A restore killed at a random moment leaves the shop file whole: the old content or the new.

The child restores one of two backups (each a few MB, told apart by a marker row) into the shop
file; the parent kills it after a random delay, then checks the file as the next opener would.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from desk.db import backup
from tests.core.shopfiles import execute, make_real_shop

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("SHOP_DESK_RESTORE_KILLS", "12"))

RESTORE = "import sys; from desk.db import backup; backup.restore(sys.argv[1], sys.argv[2])"


def make_backup(folder: Path, marker: str, rows: int) -> Path:
    path = make_real_shop(folder / f"{marker}.sqlite3", (marker,))
    blob = os.urandom(2000)
    with closing(sqlite3.connect(path)) as conn:
        conn.executemany(
            "INSERT INTO setting (key, value, updated_at) VALUES (?, ?, '')",
            ((f"{marker}{i}", blob.hex()) for i in range(rows)),
        )
        conn.commit()
    return backup.snapshot(path, to_dir=folder / "made")


def content(path: Path) -> tuple[str, int]:
    with closing(sqlite3.connect(path)) as conn:  # recovers a hot journal like any later opener
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        [(marker,)] = conn.execute("SELECT name FROM staff").fetchall()
        count = conn.execute("SELECT COUNT(*) FROM setting WHERE key LIKE ?", (marker + "%",))
        return marker, count.fetchone()[0]


def run(backup_file: Path, shop_path: Path, kill_after: float | None) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", RESTORE, str(backup_file), str(shop_path)], cwd=ROOT
    )
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    child.wait(60)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_restore_killed_at_random_moments_leaves_old_or_new_content(tmp_path, shop_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    backups = {m: make_backup(sources, m, rows) for m, rows in (("old", 1500), ("new", 2500))}
    expected = {m: content(p) for m, p in backups.items()}
    shop_path.write_bytes(backups["old"].read_bytes())
    started = time.monotonic()
    run(backups["new"], shop_path, None)
    full = time.monotonic() - started
    assert content(shop_path) == expected["new"]
    rng = random.Random(20261123)
    for _ in range(KILLS):
        current = content(shop_path)
        assert current in expected.values()
        other = "old" if current == expected["new"] else "new"
        run(backups[other], shop_path, rng.uniform(0.2, 1.0) * full)
    assert content(shop_path) in expected.values()
    execute(shop_path, "PRAGMA user_version")  # still an ordinary, writable database
