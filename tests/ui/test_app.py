"""The real start-up, in a child process: the window shows, reports `ready`, quits."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from desk import paths

START = "import sys; from desk.app import main; sys.exit(main(sys.argv[1:]))"


def start(home, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SHOP_DESK_HOME=str(home), SHOP_DESK_BENCH_EXIT="1",
               QT_QPA_PLATFORM="offscreen", LANG="C", LC_ALL="C")  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", START, *args],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def ready_seconds(result: subprocess.CompletedProcess) -> float:
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("ready ")]
    assert len(lines) == 1, result.stdout
    return float(lines[0].split()[1])


def test_first_start_creates_the_default_shop_file(tmp_path):
    result = start(tmp_path)
    seconds = ready_seconds(result)
    assert 0 < seconds < 30
    shop = tmp_path / paths.SHOP_FILE_NAME
    assert shop.stat().st_size > 0
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    assert config["last_file"] == str(shop)
    log = (tmp_path / "shop-desk.log").read_text(encoding="utf-8")
    assert "Shop Desk starting" in log and "Shop Desk closed" in log
    assert "Traceback" not in log
    assert "stylesheet" not in result.stderr.lower()  # resources/style.qss parses


def test_db_option_opens_that_file(tmp_path):
    target = tmp_path / "elsewhere" / "mine.sqlite3"
    ready_seconds(start(tmp_path / "home", "--db", str(target)))
    assert target.exists()
    assert not (tmp_path / "home" / paths.SHOP_FILE_NAME).exists()
