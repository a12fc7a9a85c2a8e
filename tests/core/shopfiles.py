"""Helpers for tests that make, break and compare shop files."""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from desk import paths
from desk.db.connection import open_shop

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCHEMA_0001 = FIXTURES / "schema_0001.sqlite3"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def side_files(path: Path) -> list[Path]:
    """The -wal / -shm / -journal files SQLite left beside `path`."""
    return [p for p in (Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal")) if p.exists()]


@functools.cache
def catalogue_complete() -> bool:
    """The Chinese catalogue is compiled and translates every message of its template."""
    folder = paths.resource_dir() / "translations"
    po = folder / "zh_CN" / "LC_MESSAGES" / "desk.po"
    if not (po.exists() and po.with_suffix(".mo").exists()):
        return False
    from babel.messages.pofile import read_po

    with open(po, "rb") as fh:
        catalogue = read_po(fh)
    entries = [m for m in catalogue if m.id]
    return bool(entries) and all(m.string and not m.fuzzy for m in entries)


def assert_user_message(message: str, path: Path) -> None:
    """A message for the user: names the file, and is Chinese once the catalogue is complete
    (while the translations are being written, an English message is accepted)."""
    assert str(path) in message, message
    assert "Traceback" not in message
    if catalogue_complete():
        assert _CJK.search(message), f"not translated: {message}"


def make_real_shop(path: Path, staff_names: tuple[str, ...] = ("店主", "小李")) -> Path:
    """A migrated shop file with a few rows, closed (checkpointed: no -wal left)."""
    from desk.core import staff

    handle = open_shop(path)
    try:
        for name in staff_names:
            staff.add_staff(name)
    finally:
        handle.close()
    return path


def copy_fixture(target: Path) -> Path:
    shutil.copyfile(SCHEMA_0001, target)
    return target


def query(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read `path` through a read-only connection of its own (closed afterwards)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return conn.execute(sql, params).fetchall()


def execute(path: Path, *statements: str) -> None:
    """Write to `path` through a plain connection of its own, outside Shop Desk's checks."""
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()


def dump(path: Path) -> list[str]:
    """The whole content as SQL text: equal dumps mean equal schema and rows."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return list(conn.iterdump())


def corrupt_a_btree_page(path: Path) -> None:
    """Overwrite the middle of a table's b-tree page: the header stays valid, integrity fails."""
    root = query(path, "SELECT rootpage FROM sqlite_master WHERE name = 'staff'")[0][0]
    page_size = query(path, "PRAGMA page_size")[0][0]
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\x0d" + b"\xff" * 40)  # a leaf page whose header points nowhere
