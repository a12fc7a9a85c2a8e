"""Opening the one shop file: checks before touching it, pragmas, the writer lock, migrations.

Order of work in `open_shop` (nothing is written before every check has passed):
1. look at the bytes: missing → create (owner-only), empty → new, otherwise a SQLite header whose
   page size and page count fit the file's length (a truncated copy is refused);
2. refuse a read-only file or folder;
3. take the writer lock (`<file>.lock`, an OS lock that dies with the process);
4. read the file through a read-only connection (immutable when it has no -wal, so that nothing
   is created beside a file that is then refused): it must be a Shop Desk file (application_id)
   and must not carry migrations this version does not know (a newer app's file);
5. only then open it for writing with WAL, foreign keys, synchronous=FULL and a busy timeout,
   copy it aside (backup.snapshot, "pre-migration") when migrations are pending, and migrate;
   a failed migration is rolled back and reported as MigrationFailed.

The full checks that read every page (integrity_check, foreign_key_check) are in check.py.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

import filelock
from peewee import SqliteDatabase

from desk.i18n import _

log = logging.getLogger(__name__)

#: "SDSK": written into the SQLite header so a Shop Desk file is known as one.
APPLICATION_ID = 0x5344534B
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HISTORY_TABLE = "schema_migration"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: laptops lose power
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -32000,  # 32 MB
    "temp_store": "memory",
}

#: The one database object every model binds to; `open_shop` points it at a file.
db = SqliteDatabase(None, pragmas=PRAGMAS)


class ShopFileError(Exception):
    """A shop file cannot be opened; `message` is for the user (translated), `path` says which."""

    def __init__(self, message: str, path: Path | str | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None

    def __str__(self) -> str:
        return self.message


class NotAShopFile(ShopFileError):
    pass


class DamagedShopFile(ShopFileError):
    pass


class TooNewShopFile(ShopFileError):
    pass


class ReadOnlyShopFile(ShopFileError):
    pass


class ShopFileLocked(ShopFileError):
    pass


@dataclass
class ShopFile:
    """An open shop file: the path, the writer lock (None when opened read-only)."""

    path: Path
    lock: filelock.BaseFileLock | None
    created: bool
    migrated: tuple[str, ...]
    pre_migration_backup: Path | None = None

    def close(self) -> None:
        if not db.is_closed():
            db.close()
        if self.lock is not None and self.lock.is_locked:
            self.lock.release()
        self.lock = None


def known_migrations() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def acquire_writer_lock(path: Path) -> filelock.BaseFileLock:
    """The one-writer lock on `path`; raises ShopFileLocked when another program holds it."""
    lock = filelock.FileLock(str(lock_path(path)), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise ShopFileLocked(
            _(
                "The shop file {path} is already open in another Shop Desk window or command. "
                "Close it there first."
            ).format(path=path),
            path,
        ) from None
    except OSError as exc:
        raise ReadOnlyShopFile(
            _("Cannot lock the shop file {path}: {reason}").format(path=path, reason=exc.strerror),
            path,
        ) from None
    return lock


def create_empty_file(path: Path) -> None:
    """Create `path` with owner-only permissions (before SQLite writes anything to it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite or whose length does not fit its header (truncated)."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotAShopFile(
            _("{path} is not a Shop Desk file (it is not a database at all).").format(path=path),
            path,
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedShopFile(damaged_message(path), path)
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # In use, or not checkpointed: the length is not final (a checkpoint writes page 1,
        # with the new page count, before the pages that lengthen the file). Reading it applies
        # the WAL, and a page that is really missing fails the checks that read the file.
        return
    page_count = int.from_bytes(header[28:32], "big")
    change_counter = int.from_bytes(header[24:28], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    if size % page_size:
        raise DamagedShopFile(damaged_message(path), path)
    if page_count and change_counter == valid_for and size < page_count * page_size:
        raise DamagedShopFile(damaged_message(path), path)


def damaged_message(path: Path) -> str:
    return _(
        "The shop file {path} is damaged (it may have been cut short while copying). "
        "It was not changed. Restore it from a backup (File → Restore)."
    ).format(path=path)


def read_only_connection(path: Path, *, idle: bool = False) -> sqlite3.Connection:
    """A connection that cannot write to `path`.

    `idle=True` says nobody can be writing the file now (the caller holds the writer lock, or the
    file is a backup): when no `-wal` file exists the whole database is in the file, and it is
    read as immutable, so that SQLite creates no `-wal`/`-shm` files beside a file it may refuse.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    if idle and not Path(str(path) + "-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def busy_or_damaged(exc: sqlite3.Error, path: Path) -> ShopFileError:
    """The ShopFileError for an sqlite3 error met while reading `path`."""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return ShopFileLocked(
            _("The shop file {path} is busy. Try again in a moment.").format(path=path), path
        )
    return DamagedShopFile(damaged_message(path), path)


def inspect_connection(
    conn: sqlite3.Connection, path: Path, *, allow_empty: bool = True
) -> list[str]:
    """A Shop Desk file, of a version this app knows; returns the applied migrations.

    An empty database (no tables, no application id) passes when `allow_empty` (a new file).
    """
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID:
            if app_id != 0 or tables or not allow_empty:
                raise NotAShopFile(
                    _(
                        "{path} is a database of another program, not a Shop Desk file."
                    ).format(path=path),
                    path,
                )
            return []
        applied: list[str] = []
        if HISTORY_TABLE in tables:
            applied = sorted(r[0] for r in conn.execute(f"SELECT name FROM {HISTORY_TABLE}"))
        if set(applied) - set(known_migrations()):
            raise TooNewShopFile(
                _(
                    "{path} was written by a newer version of Shop Desk. "
                    "Update Shop Desk to open it; the file was not changed."
                ).format(path=path),
                path,
            )
        return applied
    except sqlite3.Error as exc:
        raise busy_or_damaged(exc, path) from exc


def inspect_file(path: Path, *, idle: bool = False, allow_empty: bool = True) -> list[str]:
    """Through a read-only connection: a Shop Desk file, of a version this app knows.

    Returns the names of the applied migrations (empty for a new file).
    """
    try:
        conn = read_only_connection(path, idle=idle)
    except sqlite3.Error as exc:
        raise busy_or_damaged(exc, path) from exc
    try:
        return inspect_connection(conn, path, allow_empty=allow_empty)
    finally:
        conn.close()


def _owner_cannot_write(path: Path) -> bool:
    # os.access says yes to root for any file; a file or folder without its owner-write bit is
    # read-only for us all the same (it was made so on purpose, or copied from a CD / a share).
    # Not for folders on Windows: Documents or Desktop carry a "read-only" flag that means nothing.
    return not path.stat().st_mode & stat.S_IWUSR


def check_writable(path: Path) -> None:
    folder = path.parent
    if (
        not os.access(path, os.W_OK)
        or not os.access(folder, os.W_OK | os.X_OK)
        or _owner_cannot_write(path)
        or (os.name == "posix" and _owner_cannot_write(folder))
    ):
        raise ReadOnlyShopFile(
            _(
                "The shop file {path} (or its folder) is read-only. Copy it to a folder you can "
                "write to, or change its permissions."
            ).format(path=path),
            path,
        )


def open_shop(path: Path | str, *, create: bool = True, migrate: bool = True) -> ShopFile:
    """Check, lock, open and migrate the shop file at `path`; binds the models to it.

    Raises a ShopFileError subclass with a translated message; the file is untouched then.
    """
    from desk.db import migrate as migration_runner

    path = Path(path).expanduser().absolute()
    created = False
    if not path.exists():
        if not create:
            raise ShopFileError(_("The shop file {path} does not exist.").format(path=path), path)
        try:
            create_empty_file(path)
        except OSError as exc:
            raise ReadOnlyShopFile(
                _("Cannot create the shop file {path}: {reason}").format(
                    path=path, reason=exc.strerror
                ),
                path,
            ) from None
        created = True
    elif path.is_dir() or not stat.S_ISREG(path.stat().st_mode):
        raise NotAShopFile(_("{path} is a folder, not a shop file.").format(path=path), path)

    empty = path.stat().st_size == 0
    if not empty:
        check_header(path)
    check_writable(path)
    lock = acquire_writer_lock(path)
    try:
        if not empty:
            inspect_file(path, idle=True)  # we hold the writer lock: nobody writes it now
        if not db.is_closed():
            db.close()
        db.init(str(path), pragmas=PRAGMAS)
        db.connect()
        pending = migration_runner.pending()
        backup_path = None
        if pending and migrate:
            if not empty and migration_runner.applied():
                from desk.db import backup

                backup_path = backup.snapshot(path, reason="pre-migration")
            try:
                migration_runner.run_pending()
            except Exception as exc:
                log.exception("migrating %s failed", path)
                raise MigrationFailed(path, backup_path) from exc
        elif pending:
            raise TooOldForReadOnly(path)
        return ShopFile(path, lock, created or empty, tuple(pending), backup_path)
    except BaseException:
        if not db.is_closed():
            db.close()
        lock.release()
        raise


class TooOldForReadOnly(ShopFileError):
    def __init__(self, path: Path):
        super().__init__(
            _("The shop file {path} needs an upgrade; open it in Shop Desk first.").format(
                path=path
            ),
            path,
        )


class MigrationFailed(ShopFileError):
    """Upgrading the file to this version's schema failed; the upgrade was rolled back."""

    def __init__(self, path: Path, backup_path: Path | None):
        if backup_path is None:
            message = _(
                "Upgrading the shop file {path} to this version of Shop Desk failed. The file was "
                "not changed. Details are in the log file."
            ).format(path=path)
        else:
            message = _(
                "Upgrading the shop file {path} to this version of Shop Desk failed. The file was "
                "not changed, and a copy of it was kept in {backup}. Details are in the log file."
            ).format(path=path, backup=backup_path)
        super().__init__(message, path)
        self.backup_path = backup_path
