"""`python -m desk …`: check, backup, restore, demo; help; errors as messages, never tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk import cli, paths
from desk.core import staff
from desk.db import backup
from desk.db.connection import open_shop
from tests.core.shopfiles import (
    assert_user_message,
    copy_fixture,
    corrupt_a_btree_page,
    execute,
    make_real_shop,
    query,
    sha256,
)

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desk", *args],
        cwd=ROOT,
        capture_output=True,
        check=False,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


# --- check -------------------------------------------------------------------------------------


def test_check_reports_a_good_file(tmp_path, capsys):
    path = copy_fixture(tmp_path / "shop.sqlite3")
    before = sha256(path)
    assert cli.main(["check", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert str(path) in out
    assert "0001_initial" in out
    lines = out.splitlines()
    assert any(line.endswith(("：3", ": 3")) for line in lines)  # three staff
    assert sha256(path) == before  # not migrated, not changed


def test_check_in_english(tmp_path, capsys):
    path = copy_fixture(tmp_path / "shop.sqlite3")
    assert cli.main(["--lang", "en", "check", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Schema version: 1 (0001_initial)" in out
    assert "Staff: 3" in out and "Orders: 1" in out


def test_check_works_while_the_app_holds_the_file(shop, shop_path):
    staff.add_staff("在岗")
    result = run("--lang", "en", "check", "--db", str(shop_path))
    assert result.returncode == 0, result.stderr
    assert "Staff: 1" in result.stdout
    staff.add_staff("还能写")  # the app's connection and lock are undisturbed


def _damaged(path: Path) -> None:
    make_real_shop(path)
    corrupt_a_btree_page(path)


def _foreign(path: Path) -> None:
    execute(path, "CREATE TABLE notes (body TEXT)")


def _newer(path: Path) -> None:
    make_real_shop(path)
    execute(path, "INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '')")


def _broken_links(path: Path) -> None:
    make_real_shop(path)
    execute(path, "INSERT INTO day_close (day, closed_at, staff_id, summary, comment) "
                  "VALUES ('2025-01-01', '2025-01-01', 999, '', '')")  # fmt: skip


def _truncated(path: Path) -> None:
    make_real_shop(path)
    path.write_bytes(path.read_bytes()[:8192])


@pytest.mark.parametrize("make", [_damaged, _foreign, _newer, _broken_links, _truncated])
def test_check_refuses_a_bad_file_with_a_message(tmp_path, capsys, make):
    path = tmp_path / "bad.sqlite3"
    make(path)
    before = sha256(path)
    assert cli.main(["check", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_user_message(captured.err, path)
    assert sha256(path) == before


def test_check_of_a_missing_file(tmp_path, capsys):
    path = tmp_path / "nowhere.sqlite3"
    assert cli.main(["check", "--db", str(path)]) == 1
    assert_user_message(capsys.readouterr().err, path)
    assert not path.exists()


def test_check_in_a_child_process(tmp_path):
    good = copy_fixture(tmp_path / "good.sqlite3")
    bad = tmp_path / "bad.sqlite3"
    _damaged(bad)
    ok = run("check", "--db", str(good))
    assert ok.returncode == 0, ok.stderr
    assert str(good) in ok.stdout
    refused = run("check", "--db", str(bad))
    assert refused.returncode == 1
    assert_user_message(refused.stderr, bad)


# --- backup and restore ------------------------------------------------------------------------


def test_backup_prints_the_checked_copy(tmp_path, capsys):
    path = make_real_shop(tmp_path / "shop.sqlite3")
    assert cli.main(["backup", "--db", str(path)]) == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.parent == tmp_path / "backups"
    assert made.name.endswith("-manual.sqlite3")
    assert query(made, "PRAGMA integrity_check") == [("ok",)]


def test_backup_to_another_folder_in_a_child_process(tmp_path):
    path = make_real_shop(tmp_path / "shop.sqlite3")
    result = run("backup", "--db", str(path), "--to", str(tmp_path / "usb"))
    assert result.returncode == 0, result.stderr
    made = Path(result.stdout.strip())
    assert made.parent == tmp_path / "usb" and made.exists()


def test_backup_of_a_damaged_file_fails_with_a_message(tmp_path):
    path = tmp_path / "shop.sqlite3"
    _damaged(path)
    result = run("backup", "--db", str(path))
    assert result.returncode == 1
    assert_user_message(result.stderr, path)
    assert list((tmp_path / "backups").iterdir()) == []


def test_restore_in_process_and_in_a_child(tmp_path, capsys):
    path = make_real_shop(tmp_path / "shop.sqlite3", ("店主",))
    made = backup.snapshot(path)
    handle = open_shop(path)
    staff.add_staff("后来的")
    handle.close()
    assert cli.main(["restore", str(made), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert str(made) in out and "pre-restore" in out
    assert [r[0] for r in query(path, "SELECT name FROM staff ORDER BY id")] == ["店主"]
    kept = backup.list_backups(path)[0].path
    result = run("restore", str(kept), "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert [r[0] for r in query(path, "SELECT name FROM staff ORDER BY id")] == ["店主", "后来的"]


def test_restore_refused_while_the_app_holds_the_file(shop, shop_path):
    made = backup.snapshot(shop_path)
    result = run("restore", str(made), "--db", str(shop_path))
    assert result.returncode == 1
    assert_user_message(result.stderr, shop_path)
    assert "Traceback" not in result.stderr


# --- demo ----------------------------------------------------------------------------------------


def test_demo_refuses_a_file_with_data(tmp_path, capsys):
    pytest.importorskip("desk.core.demo")
    path = copy_fixture(tmp_path / "shop.sqlite3")
    before = sha256(path)
    assert cli.main(["demo", "--db", str(path), "--customers", "5", "--orders", "5"]) == 2
    assert_user_message(capsys.readouterr().err, path)
    assert sha256(path) == before


def test_demo_builds_a_small_shop(tmp_path, capsys):
    pytest.importorskip("desk.core.demo")
    path = tmp_path / "demo.sqlite3"
    args = ["demo", "--db", str(path), "--customers", "20", "--orders", "50", "--days", "5"]
    assert cli.main(args) == 0
    assert capsys.readouterr().out.strip()
    assert query(path, "SELECT COUNT(*) FROM customer") == [(20,)]


# --- help and failures -------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["check"], ["backup"], ["restore"], ["demo"]])
def test_every_command_has_help(command, capsys):
    assert cli.main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "--help" in out
    if command:
        assert "--db" in out


def test_help_in_a_child_process():
    for command in ("check", "backup", "restore", "demo"):
        result = run(command, "--help")
        assert result.returncode == 0, result.stderr
        assert "--db" in result.stdout


def test_no_command_prints_help():
    result = run()
    assert result.returncode == 0
    for command in ("check", "backup", "restore", "demo"):
        assert command in result.stdout


def test_wrong_usage_exits_2_without_traceback(capsys):
    assert cli.main(["check", "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert "--no-such-option" in err and "Traceback" not in err


def test_unexpected_error_is_logged_not_shown(tmp_path, capsys, monkeypatch):
    path = copy_fixture(tmp_path / "shop.sqlite3")

    def broken(*args, **kwargs):
        raise RuntimeError("a bug somewhere deep")

    monkeypatch.setattr("desk.db.check.table_counts", broken)
    assert cli.main(["check", "--db", str(path)]) == 70
    err = capsys.readouterr().err
    assert "a bug somewhere deep" in err
    assert "Traceback" not in err
    assert str(paths.log_file()) in err
    logged = paths.log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: a bug somewhere deep" in logged
    assert "check --db" in logged


def test_check_reports_a_pending_upgrade_without_doing_it(tmp_path, capsys, migrations_with):
    path = copy_fixture(tmp_path / "shop.sqlite3")
    migrations_with("def up(migrator, db):\n    db.execute_sql('CREATE TABLE later (x)')\n")
    before = sha256(path)
    assert cli.main(["--lang", "en", "check", "--db", str(path)]) == 0
    assert "0099_test" in capsys.readouterr().out
    assert sha256(path) == before
    assert not (tmp_path / "backups").exists()
