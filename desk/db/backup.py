"""Backups of the shop file: snapshots and restoring (names, list, thinning: backup_files.py;
which to keep and when to make one: backup_policy.py; all re-exported here).

A snapshot is a copy made with SQLite's online backup API through a read-only connection, so it
can be taken while Shop Desk has the file open. It is written under a temporary name, checked
(`PRAGMA integrity_check`, the Shop Desk application id) and only then renamed to
``backups/<stem>-YYYYMMDD-HHMMSS-<reason>[-N].sqlite3`` beside the shop file (folder 0700, file
0600): a crash never leaves half a backup under a real name. Times in names are local time.

Restoring writes the backup into the shop file through the backup API too, so the replacement is
one transaction: killed half-way, the shop file is still the old one.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desk import paths
from desk.db.backup_files import REASON, free_name, list_backups, thin
from desk.db.backup_policy import AutoBackupPolicy, BackupInfo, backups_to_keep
from desk.db.check import check_exists, check_file, integrity_check
from desk.db.connection import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    DamagedShopFile,
    NotAShopFile,
    ShopFileError,
    TooNewShopFile,
    acquire_writer_lock,
    busy_or_damaged,
    check_header,
    check_writable,
    create_empty_file,
    inspect_file,
    read_only_connection,
)
from desk.i18n import _

__all__ = [
    "AutoBackupPolicy", "BackupError", "BackupInfo", "backups_to_keep", "list_backups", "restore",
    "snapshot", "thin",
]  # fmt: skip

log = logging.getLogger(__name__)


class BackupError(ShopFileError):
    """A backup could not be made, or a backup file cannot be restored."""


def _make_folder(folder: Path, shop_path: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            _("Cannot create the backup folder {folder}: {reason}").format(
                folder=folder, reason=exc.strerror
            ),
            shop_path,
        ) from None


def _copy(src_path: Path, dst_path: Path, *, src_idle: bool, single_file: bool) -> None:
    """Copy the database at `src_path` over the one at `dst_path` with the backup API.

    The copy is one write transaction on `dst_path`. `single_file`: leave WAL mode afterwards
    so that the copy is one self-contained file (for a new backup, never for the shop file).
    """
    try:
        src = read_only_connection(src_path, idle=src_idle)
    except sqlite3.Error as exc:
        raise busy_or_damaged(exc, src_path) from exc
    try:
        dst = sqlite3.connect(dst_path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst.execute("PRAGMA synchronous = FULL")
            src.backup(dst)
            if single_file and dst.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()


def _verify_copy(copy: Path, shop_path: Path) -> None:
    """The copy must be a Shop Desk file that passes `PRAGMA integrity_check`."""
    damaged = BackupError(
        _(
            "Backing up {path} failed: the copy did not pass the integrity check, so the "
            "shop file itself may be damaged. Nothing was saved."
        ).format(path=shop_path),
        shop_path,
    )
    try:
        conn = read_only_connection(copy, idle=True)
    except sqlite3.Error as exc:
        raise damaged from exc
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise BackupError(
                _(
                    "Backing up {path} failed: the copy is not a Shop Desk file. Nothing was saved."
                ).format(path=shop_path),
                shop_path,
            )
        integrity_check(conn, copy)
    except (sqlite3.Error, DamagedShopFile) as exc:
        raise damaged from exc
    finally:
        conn.close()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its rename is durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def snapshot(
    shop_path: Path | str,
    reason: str = "auto",
    *,
    to_dir: Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Copy the shop file into its backup folder (or `to_dir`), check the copy, return its path.

    `reason` is a short lowercase key that goes into the name: "auto", "manual", "close",
    "pre-migration", "pre-restore". Raises BackupError (the copy is deleted) or another
    ShopFileError. Afterwards the default backup folder is thinned (`to_dir` is never thinned).
    """
    if not REASON.match(reason):
        raise ValueError(f"backup reason must be lowercase words joined by '-': {reason!r}")
    shop_path = Path(shop_path).expanduser().absolute()
    check_exists(shop_path)
    check_header(shop_path)
    folder = Path(to_dir).expanduser().absolute() if to_dir else paths.backup_dir_for(shop_path)
    _make_folder(folder, shop_path)
    target = free_name(folder, shop_path.stem, now or datetime.now(), reason)
    tmp = folder / f".{target.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            _copy(shop_path, tmp, src_idle=False, single_file=True)
        except sqlite3.Error as exc:
            raise BackupError(
                _("Backing up {path} failed: {reason}. Nothing was saved.").format(
                    path=shop_path, reason=exc
                ),
                shop_path,
            ) from exc
        _verify_copy(tmp, shop_path)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except OSError as exc:
        raise BackupError(
            _("Backing up {path} failed: {reason}. Nothing was saved.").format(
                path=shop_path, reason=exc.strerror or exc
            ),
            shop_path,
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_folder(folder)
    log.info("backed up %s to %s", shop_path, target)
    if to_dir is None:
        thin(folder)
    return target


def _check_backup(backup_file: Path) -> None:
    try:
        check_file(backup_file, idle=True, links=False, counts=False)
    except TooNewShopFile:
        message = _(
            "The backup {backup} was made by a newer version of Shop Desk. Update Shop Desk to "
            "restore it. The shop file was not changed."
        )
    except NotAShopFile:
        message = _("{backup} is not a Shop Desk backup. The shop file was not changed.")
    except DamagedShopFile:
        message = _(
            "The backup {backup} is damaged and cannot be restored. The shop file was not "
            "changed. Choose another backup."
        )
    else:
        return
    raise BackupError(message.format(backup=backup_file), backup_file)


def _keep_current(shop_path: Path) -> Path | None:
    """Keep the shop file as it is before it is replaced: a snapshot, or a plain copy if damaged."""
    if not shop_path.exists() or shop_path.stat().st_size == 0:
        return None
    try:
        check_header(shop_path)
        inspect_file(shop_path, idle=True, allow_empty=False)
    except NotAShopFile:
        raise NotAShopFile(
            _(
                "{path} is not a Shop Desk file. Restoring a backup over it was refused so that it "
                "is not lost; move it away first, or restore into another file."
            ).format(path=shop_path),
            shop_path,
        ) from None
    except (DamagedShopFile, TooNewShopFile):
        pass  # a newer version's file snapshots fine; a damaged one is copied as it is
    try:
        return snapshot(shop_path, "pre-restore")
    except (BackupError, DamagedShopFile):
        return _copy_as_is(shop_path)


def _copy_as_is(shop_path: Path) -> Path:
    """Byte copy of a damaged shop file (and its -wal), reason "damaged": it may still be rescued."""
    folder = paths.backup_dir_for(shop_path)
    _make_folder(folder, shop_path)
    target = free_name(folder, shop_path.stem, datetime.now(), "damaged")
    for suffix in ("", "-wal"):
        source = Path(str(shop_path) + suffix)
        if source.exists():
            data = source.read_bytes()
            fd = os.open(str(target) + suffix, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
    log.warning("kept a byte copy of the damaged shop file %s in %s", shop_path, target)
    return target


def restore(backup_file: Path | str, shop_path: Path | str) -> Path | None:
    """Replace the content of `shop_path` by `backup_file`; return where the old content was kept.

    The caller must have closed its own ShopFile first: the writer lock is taken here, and a file
    open elsewhere is refused with ShopFileLocked. The backup is checked first (intact, a Shop
    Desk file, not from a newer version): a bad one raises BackupError and nothing changes.
    Returns the "pre-restore" snapshot of the current file (None when there was no file).
    Opening the file afterwards with `open_shop` migrates it if the backup was older.
    """
    backup_file = Path(backup_file).expanduser().absolute()
    shop_path = Path(shop_path).expanduser().absolute()
    if backup_file.exists() and shop_path.exists() and backup_file.samefile(shop_path):
        raise BackupError(
            _("{path} cannot be restored onto itself.").format(path=shop_path), shop_path
        )
    _check_backup(backup_file)
    shop_path.parent.mkdir(parents=True, exist_ok=True)
    if shop_path.exists():
        check_writable(shop_path)
    lock = acquire_writer_lock(shop_path)
    try:
        kept = _keep_current(shop_path)
        if not shop_path.exists():
            create_empty_file(shop_path)
        try:
            _copy(backup_file, shop_path, src_idle=True, single_file=False)
        except sqlite3.Error as exc:
            raise BackupError(
                _(
                    "Restoring {backup} into {path} failed: {reason}. "
                    "The shop file was not changed."
                ).format(backup=backup_file, path=shop_path, reason=exc),
                shop_path,
            ) from exc
    finally:
        lock.release()
    log.info("restored %s into %s (kept the old content in %s)", backup_file, shop_path, kept)
    return kept
