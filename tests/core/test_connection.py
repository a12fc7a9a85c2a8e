"""Opening the shop file: pragmas, permissions, the one-writer lock, and every kind of bad file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from desk.core import staff
from desk.db import connection
from desk.db.connection import (
    DamagedShopFile,
    NotAShopFile,
    ReadOnlyShopFile,
    ShopFileLocked,
    TooNewShopFile,
    acquire_writer_lock,
    db,
    open_shop,
)
from tests.core.shopfiles import (
    assert_user_message,
    execute,
    make_real_shop,
    sha256,
    side_files,
)

ROOT = Path(__file__).resolve().parents[2]


def test_new_file_is_private_and_opened_with_safe_pragmas(shop, shop_path):
    if os.name == "posix":
        assert stat.S_IMODE(shop_path.stat().st_mode) == 0o600
    assert shop.created
    assert shop.migrated == tuple(connection.known_migrations())

    def pragma(name):
        return db.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") == connection.BUSY_TIMEOUT_MS
    assert pragma("application_id") == connection.APPLICATION_ID


def test_reopen_keeps_data_and_migrates_nothing(shop_path):
    first = open_shop(shop_path)
    staff.add_staff("小李")
    first.close()
    again = open_shop(shop_path)
    try:
        assert not again.created
        assert again.migrated == ()
        assert again.pre_migration_backup is None
        assert [s.name for s in staff.list_staff()] == ["小李"]
    finally:
        again.close()


def test_second_writer_in_process_is_refused_and_first_keeps_working(shop, shop_path):
    with pytest.raises(ShopFileLocked) as refused:
        open_shop(shop_path)
    assert_user_message(refused.value.message, shop_path)
    assert not db.is_closed()
    staff.add_staff("小王")  # the first opener was not disturbed
    assert [s.name for s in staff.list_staff()] == ["小王"]


def _child(code: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        **kwargs,
    )


TRY_OPEN = """
    import sys
    from desk.db.connection import ShopFileError, open_shop
    try:
        open_shop(sys.argv[1]).close()
    except ShopFileError as exc:
        print(type(exc).__name__, exc.message)
        raise SystemExit(3)
    print("opened")
"""

HOLD_OPEN = """
    import sys
    from desk.core import staff
    from desk.db.connection import open_shop
    handle = open_shop(sys.argv[1])
    staff.add_staff("child")
    print("open", flush=True)
    sys.stdin.read()
    handle.close()
"""


def test_child_process_cannot_write_a_file_this_process_holds(shop, shop_path):
    child = _child(TRY_OPEN, str(shop_path), stdout=subprocess.PIPE)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 3, out
    assert out.startswith("ShopFileLocked ")
    assert str(shop_path) in out


def test_this_process_cannot_write_a_file_a_child_holds(shop_path):
    make_real_shop(shop_path)
    child = _child(HOLD_OPEN, str(shop_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(ShopFileLocked) as refused:
            open_shop(shop_path)
        assert_user_message(refused.value.message, shop_path)
        assert db.is_closed()
    finally:
        child.stdin.close()
        child.wait(60)
        child.stdout.close()
    assert child.returncode == 0
    handle = open_shop(shop_path)  # released when the child closed it
    try:
        assert "child" in [s.name for s in staff.list_staff()]
    finally:
        handle.close()


def test_lock_dies_with_a_killed_process(shop_path):
    make_real_shop(shop_path)
    child = _child(HOLD_OPEN, str(shop_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == "open"
        child.kill()
        child.wait(60)
    finally:
        child.stdin.close()
        child.stdout.close()
    open_shop(shop_path).close()


# --- bad files: each refused with the right error, the file not changed --------------------------


def random_bytes(path: Path, real: Path) -> None:
    path.write_bytes(os.urandom(8192))


def text_file(path: Path, real: Path) -> None:
    path.write_text("货号,名称,价格\nA1023,连衣裙,159\n", encoding="utf-8")


def other_programs_database(path: Path, real: Path) -> None:
    execute(path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
            "INSERT INTO notes (body) VALUES ('not a shop')")  # fmt: skip


def truncated_to_half(path: Path, real: Path) -> None:
    data = real.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def truncated_mid_page(path: Path, real: Path) -> None:
    data = real.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def read_only(path: Path, real: Path) -> None:
    shutil.copyfile(real, path)
    path.chmod(0o400)


def from_a_newer_version(path: Path, real: Path) -> None:
    shutil.copyfile(real, path)
    execute(path, "INSERT INTO schema_migration (name, applied) "
                  "VALUES ('9999_future', '2030-01-01 00:00:00')")  # fmt: skip


def a_folder(path: Path, real: Path) -> None:
    path.mkdir()


BAD_FILES = [
    (random_bytes, NotAShopFile),
    (text_file, NotAShopFile),
    (other_programs_database, NotAShopFile),
    (truncated_to_half, DamagedShopFile),
    (truncated_mid_page, DamagedShopFile),
    (read_only, ReadOnlyShopFile),
    (from_a_newer_version, TooNewShopFile),
    (a_folder, NotAShopFile),
]


@pytest.fixture
def real_shop(tmp_path):
    return make_real_shop(tmp_path / "real.sqlite3")


@pytest.mark.parametrize(("make", "error"), BAD_FILES, ids=[m.__name__ for m, _ in BAD_FILES])
def test_bad_file_is_refused_and_left_as_it_was(tmp_path, real_shop, make, error):
    path = tmp_path / "bad.sqlite3"
    make(path, real_shop)
    before = sha256(path) if path.is_file() else None
    with pytest.raises(error) as refused:
        open_shop(path)
    assert type(refused.value) is error
    assert_user_message(refused.value.message, path)
    assert refused.value.path == path
    assert db.is_closed()
    if before is not None:
        assert sha256(path) == before
    assert side_files(path) == []


def test_read_only_file_is_refused_even_for_root(tmp_path, real_shop):
    # root's os.access says any file is writable; the missing owner-write bit decides
    path = tmp_path / "ro.sqlite3"
    read_only(path, real_shop)
    with pytest.raises(ReadOnlyShopFile):
        connection.check_writable(path)
    path.chmod(0o600)
    connection.check_writable(path)


def test_file_locked_by_another_writer_is_refused_and_unchanged(shop_path):
    make_real_shop(shop_path)
    before = sha256(shop_path)
    lock = acquire_writer_lock(shop_path)
    try:
        with pytest.raises(ShopFileLocked) as refused:
            open_shop(shop_path)
        assert_user_message(refused.value.message, shop_path)
    finally:
        lock.release()
    assert sha256(shop_path) == before
    assert side_files(shop_path) == []
    open_shop(shop_path).close()  # and usable once the other writer let go


def test_missing_file_without_create_is_an_error(shop_path):
    with pytest.raises(connection.ShopFileError) as refused:
        open_shop(shop_path, create=False)
    assert_user_message(refused.value.message, shop_path)
    assert not shop_path.exists()


def test_a_newer_file_is_refused_even_in_wal_mode_with_a_wal_beside_it(tmp_path, real_shop):
    """A -wal of its own is read (not ignored): the newer migration is in it, not in the file."""
    path = tmp_path / "newer.sqlite3"
    shutil.copyfile(real_shop, path)
    conn = sqlite3.connect(path)
    with closing(conn):
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '')")
        conn.commit()
        assert Path(f"{path}-wal").stat().st_size > 0
        with pytest.raises(TooNewShopFile):
            open_shop(path)


def test_length_check_waits_for_the_wal_of_a_file_in_use(tmp_path, real_shop):
    """Mid-checkpoint the header already counts pages the file does not have yet: with a -wal
    beside it, the length is not held against the file (reading it applies the WAL)."""
    path = tmp_path / "busy.sqlite3"
    truncated_to_half(path, real_shop)
    with pytest.raises(DamagedShopFile):
        connection.check_header(path)
    Path(f"{path}-wal").write_bytes(b"\0" * 32)
    connection.check_header(path)
