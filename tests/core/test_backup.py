"""Backups: checked snapshots, the list, thinning (as Anki does), restoring, automatic timing."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import threading
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desk.core import staff
from desk.db import backup
from desk.db.backup import AutoBackupPolicy, BackupError, BackupInfo, backups_to_keep
from desk.db.connection import NotAShopFile, ShopFileError, ShopFileLocked, db, open_shop
from tests.core.shopfiles import (
    assert_user_message,
    copy_fixture,
    corrupt_a_btree_page,
    execute,
    make_real_shop,
    query,
    sha256,
    side_files,
)

NAME = re.compile(r"shop-\d{8}-\d{6}-(?P<reason>[a-z-]+?)(-\d+)?\.sqlite3")


def names(path: Path) -> list[str]:
    return [r[0] for r in query(path, "SELECT name FROM staff ORDER BY id")]


# --- snapshot ----------------------------------------------------------------------------------


def test_snapshot_while_open_is_checked_private_and_named(shop, shop_path):
    staff.add_staff("小李")
    made = backup.snapshot(shop_path)
    assert made.parent == shop_path.parent / "backups"
    assert NAME.fullmatch(made.name)["reason"] == "auto"
    if os.name == "posix":
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
        assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    assert query(made, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    assert query(made, "PRAGMA integrity_check") == [("ok",)]
    assert names(made) == ["小李"]
    assert side_files(made) == []
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no temporary left
    [info] = backup.list_backups(shop_path)
    assert (info.path, info.reason, info.size_bytes) == (made, "auto", made.stat().st_size)
    assert abs(info.created - datetime.now()) < timedelta(minutes=1)
    staff.add_staff("小王")  # the shop file is still open and writable


def test_snapshots_in_the_same_second_get_their_own_names(shop, shop_path):
    at = datetime(2025, 3, 8, 10, 15, 0)
    first = backup.snapshot(shop_path, "manual", now=at)
    second = backup.snapshot(shop_path, "manual", now=at)
    third = backup.snapshot(shop_path, "auto", now=at)
    assert first.name == "shop-20250308-101500-manual.sqlite3"
    assert second.name == "shop-20250308-101500-manual-2.sqlite3"
    assert third.name == "shop-20250308-101500-auto-3.sqlite3"  # numbered whatever the reason
    assert [b.path for b in backup.list_backups(shop_path)] == [third, second, first]


def test_snapshot_does_not_wait_for_nor_copy_an_unfinished_write(shop, shop_path):
    staff.add_staff("已保存")
    with closing(sqlite3.connect(shop_path, timeout=0)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO staff (name, active, position, created_at) "
                       "VALUES ('未提交', 1, 9, '2025-01-01 00:00:00')")  # fmt: skip
        made = backup.snapshot(shop_path)
        writer.commit()
    assert names(made) == ["已保存"]
    assert "未提交" in names(shop_path)


def test_snapshot_while_another_connection_keeps_writing(shop, shop_path):
    stop = threading.Event()
    written = []

    def keep_writing() -> None:
        with closing(sqlite3.connect(shop_path, timeout=5)) as conn:
            while not stop.is_set() or len(written) < 50:
                conn.execute("INSERT INTO staff (name, active, position, created_at) "
                             "VALUES (?, 1, 0, '2025-01-01')", (f"w{len(written)}",))  # fmt: skip
                conn.commit()
                written.append(1)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 20:
            time.sleep(0.001)
        made = backup.snapshot(shop_path)
    finally:
        stop.set()
        thread.join(30)
    assert query(made, "PRAGMA integrity_check") == [("ok",)]
    copied = len(names(made))
    assert 20 <= copied <= len(written)
    assert names(made) == [f"w{i}" for i in range(copied)]  # a consistent prefix


def test_snapshot_of_a_damaged_file_is_refused_and_leaves_nothing(tmp_path):
    path = make_real_shop(tmp_path / "shop.sqlite3")
    corrupt_a_btree_page(path)
    with pytest.raises(BackupError) as refused:
        backup.snapshot(path)
    assert_user_message(refused.value.message, path)
    assert list((tmp_path / "backups").iterdir()) == []


def test_snapshot_of_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "shop.sqlite3"
    execute(path, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('x')")
    with pytest.raises(BackupError) as refused:
        backup.snapshot(path)
    assert_user_message(refused.value.message, path)
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.parametrize("content", [None, b"", b"just text\n" * 20])
def test_snapshot_of_a_missing_empty_or_text_file_is_refused(tmp_path, content):
    path = tmp_path / "shop.sqlite3"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ShopFileError) as refused:
        backup.snapshot(path)
    assert_user_message(refused.value.message, path)
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_snapshot_reason_must_be_a_plain_key(shop, shop_path):
    with pytest.raises(ValueError):
        backup.snapshot(shop_path, "../../etc")


def test_snapshot_thins_its_folder_but_never_another_one(shop, shop_path, tmp_path):
    yesterday = datetime.now().replace(hour=9, minute=0, second=0) - timedelta(days=1)
    folder = shop_path.parent / "backups"
    elsewhere = tmp_path / "usb"
    for where in (folder, elsewhere):
        where.mkdir()
        for minute in range(12):
            stamp = (yesterday + timedelta(minutes=minute)).strftime("%Y%m%d-%H%M%S")
            (where / f"shop-{stamp}-auto.sqlite3").write_bytes(b"")
    oldest = f"shop-{yesterday:%Y%m%d-%H%M%S}-auto.sqlite3"
    backup.snapshot(shop_path)
    assert not (folder / oldest).exists()  # 13 backups: the oldest went
    assert len(backup.list_backups(shop_path)) == 12
    backup.snapshot(shop_path, "manual", to_dir=elsewhere)
    assert len(backup.list_backups(shop_path, elsewhere)) == 13  # never thinned


# --- thinning policy ---------------------------------------------------------------------------


def info(created: datetime, reason: str = "auto", seq: int = 1) -> BackupInfo:
    suffix = "" if seq == 1 else f"-{seq}"
    name = f"shop-{created:%Y%m%d-%H%M%S}-{reason}{suffix}.sqlite3"
    return BackupInfo(Path("/b") / name, created, reason, 0)


def test_keeps_the_12_most_recent():
    start = datetime(2025, 3, 15, 8, 0)
    infos = [info(start + timedelta(minutes=10 * i)) for i in range(20)]
    assert backups_to_keep(infos, start + timedelta(days=1)) == {i.path for i in infos[-12:]}


def test_backups_of_the_same_second_are_ordered_by_their_number():
    at = datetime(2025, 3, 15, 8, 0)
    infos = [info(at, seq=n) for n in range(1, 14)]
    kept = backups_to_keep(infos, at)
    assert infos[0].path not in kept  # the plain name is the first of that second
    assert kept == {i.path for i in infos[1:]}


def test_keeps_the_newest_of_each_of_the_last_10_days_that_have_backups():
    now = datetime(2025, 3, 15, 17, 0)
    day0 = datetime(2025, 3, 15)
    infos = [
        info(day0 - timedelta(days=d) + timedelta(hours=h)) for d in range(30) for h in (8, 12, 16)
    ]
    expected = {i.path for i in infos[:12]}  # 15th, 14th, 13th, 12th: 3 a day
    expected |= {info(datetime(2025, 3, d, 16)).path for d in range(6, 12)}  # newest of 6th–11th
    expected |= {info(datetime(2025, 2, 28, 16)).path}  # newest of February
    assert backups_to_keep(infos, now) == expected


def test_keeps_the_newest_of_each_of_the_last_9_months_that_have_backups():
    now = datetime(2025, 3, 15, 17, 0)
    first = datetime(2024, 1, 1)
    infos = [
        info(first + timedelta(days=d, hours=h))
        for d in range((now.date() - first.date()).days + 1)
        for h in (8, 12, 16)
    ]
    kept = backups_to_keep(infos, now)
    by_name = {p.name for p in kept}
    assert len(kept) == 12 + 6 + 8
    for month_end in ("20250228", "20250131", "20241231", "20241130", "20241031", "20240930",
                      "20240831", "20240731"):  # fmt: skip
        assert f"shop-{month_end}-160000-auto.sqlite3" in by_name
    assert "shop-20240630-160000-auto.sqlite3" not in by_name  # the 10th month back


def test_sparse_old_backups_count_as_days_that_have_backups():
    now = datetime(2025, 3, 15, 17, 0)
    today = [info(datetime(2025, 3, 15, 9) + timedelta(minutes=m)) for m in range(20)]
    monthly = [info(datetime(2023 + (m // 12), m % 12 + 1, 1, 12)) for m in range(26)]
    kept = backups_to_keep(today + monthly, now)
    assert kept == {i.path for i in today[-12:]} | {i.path for i in monthly[-9:]}


def test_pre_migration_and_pre_restore_snapshots_are_kept_30_days():
    now = datetime(2025, 3, 31, 12, 0)
    daily = [info(datetime(2025, 3, d, 12)) for d in range(1, 32)]
    daily.append(info(datetime(2025, 2, 28, 12)))
    young = info(datetime(2025, 3, 2, 10), "pre-restore")  # 29 days old
    young_migration = info(datetime(2025, 3, 3, 10), "pre-migration")
    old = info(datetime(2025, 2, 28, 10), "pre-migration")  # 31 days old
    kept = backups_to_keep([*daily, young, young_migration, old], now)
    assert young.path in kept and young_migration.path in kept
    assert old.path not in kept
    assert info(datetime(2025, 3, 2, 12)).path not in kept  # an auto backup of that day is not


def test_thin_deletes_per_shop_file_and_old_temporaries_only(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2025, 3, 15, 8, 0)
    for stem, count in (("shop", 14), ("other-shop", 3)):
        for i in range(count):
            (folder / info(start + timedelta(minutes=i)).path.name.replace("shop", stem, 1)).touch()
    (folder / "notes.txt").touch()
    stale = folder / ".shop-20250101-000000-auto.sqlite3.99.tmp"
    fresh = folder / ".shop-20250315-080000-auto.sqlite3.98.tmp"
    stale.touch()
    fresh.touch()
    two_days_ago = time.time() - 2 * 86400
    os.utime(stale, (two_days_ago, two_days_ago))
    deleted = backup.thin(folder, now=start + timedelta(hours=1))
    assert sorted(p.name for p in deleted) == sorted([
        stale.name, "shop-20250315-080000-auto.sqlite3", "shop-20250315-080100-auto.sqlite3"])  # fmt: skip
    assert len(list(folder.glob("other-shop-*"))) == 3
    assert (folder / "notes.txt").exists() and fresh.exists()


# --- restore -----------------------------------------------------------------------------------


def test_restore_keeps_the_current_file_and_brings_back_the_backup(shop_path):
    make_real_shop(shop_path, ("店主",))
    made = backup.snapshot(shop_path)
    handle = open_shop(shop_path)
    staff.add_staff("后来的")
    handle.close()
    kept = backup.restore(made, shop_path)
    assert kept is not None and NAME.fullmatch(kept.name)["reason"] == "pre-restore"
    assert names(kept) == ["店主", "后来的"]
    assert names(shop_path) == ["店主"]
    handle = open_shop(shop_path)
    try:
        assert [s.name for s in staff.list_staff()] == ["店主"]
        staff.add_staff("恢复以后")
    finally:
        handle.close()
    assert query(shop_path, "PRAGMA integrity_check") == [("ok",)]


def test_restoring_an_older_backup_migrates_it_on_open(tmp_path, shop_path, migrations_with):
    old = copy_fixture(tmp_path / "old.sqlite3")
    migrations_with("def up(migrator, db):\n    db.execute_sql('CREATE TABLE later (x)')\n")
    make_real_shop(shop_path)  # made by the "newer" version: 0001 + 0002
    backup.restore(old, shop_path)
    handle = open_shop(shop_path)
    try:
        assert handle.migrated == ("0002_customer_search", "0003_books", "0099_test")
        assert handle.pre_migration_backup is not None
        assert "余小鱼" in [r[0] for r in db.execute_sql("SELECT name FROM customer")]
    finally:
        handle.close()


def _corrupt_backup(path: Path, shop_path: Path) -> None:
    make_real_shop(path)
    corrupt_a_btree_page(path)


def _truncated_backup(path: Path, shop_path: Path) -> None:
    data = backup.snapshot(shop_path).read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _foreign_backup(path: Path, shop_path: Path) -> None:
    execute(path, "CREATE TABLE notes (body TEXT)")


def _newer_backup(path: Path, shop_path: Path) -> None:
    shutil.copyfile(backup.snapshot(shop_path), path)
    execute(path, "INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '')")


def _text_backup(path: Path, shop_path: Path) -> None:
    path.write_text("not a backup", encoding="utf-8")


@pytest.mark.parametrize(
    "make", [_corrupt_backup, _truncated_backup, _foreign_backup, _newer_backup, _text_backup]
)
def test_restore_refuses_a_bad_backup_and_changes_nothing(tmp_path, shop_path, make):
    make_real_shop(shop_path)
    bad = tmp_path / "elsewhere" / "bad.sqlite3"
    bad.parent.mkdir()
    make(bad, shop_path)
    existing = sorted((tmp_path / "backups").glob("*")) if (tmp_path / "backups").exists() else []
    before = sha256(shop_path)
    with pytest.raises(ShopFileError) as refused:
        backup.restore(bad, shop_path)
    assert_user_message(refused.value.message, bad)
    assert sha256(shop_path) == before
    now = sorted((tmp_path / "backups").glob("*")) if (tmp_path / "backups").exists() else []
    assert now == existing  # no pre-restore snapshot either


def test_restore_is_refused_while_the_file_is_open(shop, shop_path):
    made = backup.snapshot(shop_path)
    staff.add_staff("打开着")
    with pytest.raises(ShopFileLocked) as refused:
        backup.restore(made, shop_path)
    assert_user_message(refused.value.message, shop_path)
    assert [b.path for b in backup.list_backups(shop_path)] == [made]
    assert [s.name for s in staff.list_staff()] == ["打开着"]


def test_restore_over_a_damaged_file_keeps_a_byte_copy(tmp_path, shop_path):
    make_real_shop(shop_path)
    made = backup.snapshot(shop_path)
    corrupt_a_btree_page(shop_path)
    damaged = shop_path.read_bytes()
    kept = backup.restore(made, shop_path)
    assert kept is not None and NAME.fullmatch(kept.name)["reason"] == "damaged"
    assert kept.read_bytes() == damaged
    assert query(shop_path, "PRAGMA integrity_check") == [("ok",)]


def test_restore_over_another_programs_file_is_refused(tmp_path, shop_path):
    make_real_shop(tmp_path / "good.sqlite3")
    made = backup.snapshot(tmp_path / "good.sqlite3")
    execute(shop_path, "CREATE TABLE notes (body TEXT)")
    before = sha256(shop_path)
    with pytest.raises(NotAShopFile) as refused:
        backup.restore(made, shop_path)
    assert_user_message(refused.value.message, shop_path)
    assert sha256(shop_path) == before


def test_restore_into_a_new_file(tmp_path):
    source = make_real_shop(tmp_path / "shop.sqlite3", ("店主",))
    made = backup.snapshot(source)
    target = tmp_path / "new" / "restored.sqlite3"
    assert backup.restore(made, target) is None
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    open_shop(target).close()
    assert names(target) == ["店主"]


def test_restore_onto_itself_is_refused(shop_path):
    make_real_shop(shop_path)
    with pytest.raises(BackupError):
        backup.restore(shop_path, shop_path)


# --- automatic backups -------------------------------------------------------------------------

T0 = datetime(2025, 3, 15, 9, 0)


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def test_auto_backup_is_not_due_without_changes():
    policy = AutoBackupPolicy(last_backup=None)
    assert not policy.due(minutes(600))
    assert not policy.due_on_close()


def test_first_change_without_any_backup_is_due_at_once():
    policy = AutoBackupPolicy(last_backup=None)
    policy.note_change(minutes(1))
    assert policy.due(minutes(1))


def test_auto_backup_at_most_every_30_minutes_while_changes_are_made():
    policy = AutoBackupPolicy(last_backup=minutes(0))
    policy.note_change(minutes(5))
    assert not policy.due(minutes(29))
    assert policy.due(minutes(30))
    policy.note_backup(minutes(30))
    assert not policy.due(minutes(31))
    policy.note_change(minutes(31))
    assert not policy.due(minutes(59))
    assert policy.due(minutes(60))


def test_no_auto_backup_after_a_backup_until_something_changes():
    policy = AutoBackupPolicy(last_backup=minutes(0))
    policy.note_change(minutes(1))
    policy.note_backup(minutes(40))
    assert not policy.due(minutes(600))
    assert not policy.due_on_close()


def test_change_made_while_a_backup_runs_stays_pending():
    policy = AutoBackupPolicy(last_backup=None)
    policy.note_change(minutes(0))
    started = minutes(1)
    policy.note_change(minutes(2))  # while the snapshot is being written
    policy.note_backup(started)
    assert policy.due_on_close()
    assert policy.due(minutes(31))


def test_clock_set_back_does_not_stop_backups():
    policy = AutoBackupPolicy(last_backup=minutes(60))
    policy.note_change(minutes(0))
    assert policy.due(minutes(1))
