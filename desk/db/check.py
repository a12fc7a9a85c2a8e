"""Checking a shop file without changing it: for `python -m desk check`, backups and restores.

Everything here reads through a read-only connection and never takes the writer lock, so it
works while Shop Desk has the file open. The first checks are the ones `open_shop` makes
(connection.py); `PRAGMA integrity_check` and `PRAGMA foreign_key_check` read the whole file.
"""

from __future__ import annotations

import logging
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

from desk.db.connection import (
    DamagedShopFile,
    NotAShopFile,
    ShopFileError,
    busy_or_damaged,
    check_header,
    inspect_connection,
    known_migrations,
    read_only_connection,
)
from desk.i18n import _

log = logging.getLogger(__name__)

#: The tables whose rows the check report counts (cli.py names them).
COUNTED_TABLES = (
    "product",
    "variant",
    "customer",
    "order",
    "return_case",
    "ledger_entry",
    "day_close",
    "staff",
)


@dataclass(frozen=True)
class FileReport:
    """What a check found in a sound shop file."""

    path: Path
    size_bytes: int
    migrations: tuple[str, ...]
    pending: tuple[str, ...]  # known to this version, not yet applied: an upgrade is due
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def schema_version(self) -> int:
        return int(self.migrations[-1].split("_", 1)[0]) if self.migrations else 0


def check_exists(path: Path) -> None:
    if not path.exists():
        raise ShopFileError(_("The shop file {path} does not exist.").format(path=path), path)
    if not stat.S_ISREG(path.stat().st_mode):
        raise NotAShopFile(_("{path} is a folder, not a shop file.").format(path=path), path)


def integrity_check(conn: sqlite3.Connection, path: Path) -> None:
    """`PRAGMA integrity_check` must answer "ok"; otherwise DamagedShopFile."""
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        error = busy_or_damaged(exc, path)
        if not isinstance(error, DamagedShopFile):
            raise error from exc
        rows = [(str(exc),)]
    if rows != [("ok",)]:
        log.warning("integrity_check of %s: %s", path, rows[:20])
        raise DamagedShopFile(
            _(
                "The shop file {path} is damaged: parts of it cannot be read. It was not "
                "changed. Restore it from a backup (File → Restore)."
            ).format(path=path),
            path,
        )


def foreign_key_check(conn: sqlite3.Connection, path: Path) -> None:
    """Every link between records must point at a record that exists."""
    try:
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.Error as exc:
        raise busy_or_damaged(exc, path) from exc
    if rows:
        log.warning("foreign_key_check of %s: %s", path, rows[:20])
        tables = sorted({r[0] for r in rows})
        raise DamagedShopFile(
            _(
                "The shop file {path} has {count} records that point at records which do not "
                "exist (in: {tables}). Restore it from a backup (File → Restore)."
            ).format(path=path, count=len(rows), tables=", ".join(tables)),
            path,
        )


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {
        table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        for table in COUNTED_TABLES
        if table in present
    }


def check_file(
    path: Path | str,
    *,
    idle: bool = False,
    links: bool = True,
    counts: bool = True,
    allow_empty: bool = False,
) -> FileReport:
    """Check the file at `path` all through; raise a ShopFileError subclass, or report.

    `idle`: nobody writes the file now (a backup, or the caller holds the writer lock).
    `links`: also run `PRAGMA foreign_key_check`. `counts`: count the rows of the main tables.
    """
    path = Path(path).expanduser().absolute()
    check_exists(path)
    check_header(path)
    try:
        conn = read_only_connection(path, idle=idle)
    except sqlite3.Error as exc:
        raise busy_or_damaged(exc, path) from exc
    try:
        applied = inspect_connection(conn, path, allow_empty=allow_empty)
        integrity_check(conn, path)
        if links:
            foreign_key_check(conn, path)
        counted = table_counts(conn) if counts else {}
    except sqlite3.Error as exc:
        raise busy_or_damaged(exc, path) from exc
    finally:
        conn.close()
    pending = tuple(m for m in known_migrations() if m not in applied)
    return FileReport(path, path.stat().st_size, tuple(applied), pending, counted)
