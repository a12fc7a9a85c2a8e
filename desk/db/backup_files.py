"""The backup folder: the names of backup files, the list of them, and thinning it.

A backup of `shop.sqlite3` is ``backups/shop-YYYYMMDD-HHMMSS-<reason>[-N].sqlite3`` beside it:
local time, a reason key ("auto", "manual", "close", "pre-migration", "pre-restore",
"damaged"), and `-2`, `-3` … for further backups of the same second. One folder may hold the
backups of several shop files (those of one folder); each is listed and thinned on its own.
"""

from __future__ import annotations

import glob
import logging
import re
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

from desk import paths
from desk.db.backup_policy import BackupInfo, backups_to_keep

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"
REASON = re.compile(r"[a-z]+(?:-[a-z]+)*\Z")
_NAME = re.compile(
    r"(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-(?P<seq>\d+))?"
    + re.escape(SUFFIX) + r"\Z"
)  # fmt: skip
STAMP = "%Y%m%d-%H%M%S"
STALE_TEMP_AGE = timedelta(days=1)


def parse(path: Path) -> tuple[str, BackupInfo] | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        created = datetime.strptime(match["stamp"], STAMP)
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return match["stem"], BackupInfo(path, created, match["reason"], size)


def scan(folder: Path) -> list[tuple[str, BackupInfo]]:
    if not folder.is_dir():
        return []
    found = (parse(p) for p in folder.iterdir() if p.is_file())
    return [f for f in found if f is not None]


def list_backups(shop_path: Path | str, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of `shop_path` (in its `backups/` folder unless `folder`), newest first."""
    shop_path = Path(shop_path)
    folder = folder if folder is not None else paths.backup_dir_for(shop_path)
    infos = [info for stem, info in scan(folder) if stem == shop_path.stem]
    return sorted(infos, key=BackupInfo.order_key, reverse=True)


def thin(backup_dir: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups the policy does not keep (each shop file's separately); return them.

    Also removes temporary files left by a snapshot that crashed more than a day ago.
    """
    now = now or datetime.now()
    groups: dict[str, list[BackupInfo]] = defaultdict(list)
    for stem, info in scan(backup_dir):
        groups[stem].append(info)
    doomed: list[Path] = []
    for infos in groups.values():
        keep = backups_to_keep(infos, now)
        doomed += [info.path for info in infos if info.path not in keep]
    if backup_dir.is_dir():
        cutoff = time.time() - STALE_TEMP_AGE.total_seconds()
        doomed += [p for p in backup_dir.glob(".*.tmp") if p.stat().st_mtime < cutoff]
    deleted = []
    for path in sorted(doomed):
        try:
            path.unlink()
            deleted.append(path)
            Path(f"{path}-wal").unlink(missing_ok=True)  # beside a byte copy of a damaged file
        except OSError as exc:
            log.warning("could not delete old backup %s: %s", path, exc)
    return deleted


def free_name(folder: Path, stem: str, when: datetime, reason: str) -> Path:
    """A new name; a second backup of the same second gets `-2` (whatever its reason) and so on,
    so that the names order the backups of one second too."""
    stamp = when.strftime(STAMP)
    seq = 1
    for path in folder.glob(f"{glob.escape(stem)}-{stamp}-*"):
        parsed = parse(path)
        if parsed is not None and parsed[0] == stem:
            seq = max(seq, parsed[1].order_key()[1] + 1)
    suffix = "" if seq == 1 else f"-{seq}"
    return folder / f"{stem}-{stamp}-{reason}{suffix}{SUFFIX}"
