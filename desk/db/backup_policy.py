"""Which backups to keep, and when to make one: pure rules, no files touched, no Qt.

Kept as Anki keeps its backups: the 12 most recent; the newest backup of each of the last 10 days
that have backups; the newest of each of the last 9 months that have backups. A snapshot taken
before a migration or a restore (or a byte copy of a damaged file) is never deleted while it is
younger than 30 days. `desk.db.backup` re-exports everything here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

KEEP_RECENT = 12
KEEP_DAYS = 10
KEEP_MONTHS = 9
PROTECTED_REASONS = frozenset({"pre-migration", "pre-restore", "damaged"})
PROTECTED_FOR = timedelta(days=30)
AUTO_INTERVAL = timedelta(minutes=30)

_SEQ = re.compile(r"-(\d+)\.[^.]+\Z")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file. `created` is the local time in its name; `reason` why it was made."""

    path: Path
    created: datetime
    reason: str
    size_bytes: int

    def order_key(self) -> tuple[datetime, int]:
        """Sorts by time, then by the `-2`, `-3` … that separates backups of the same second."""
        match = _SEQ.search(self.path.name)
        return self.created, int(match[1]) if match else 1


def _newest_per(
    ordered: list[BackupInfo], period: Callable[[BackupInfo], Hashable], count: int
) -> set[Path]:
    """The newest backup of each of the `count` most recent periods that have backups."""
    seen: dict[Hashable, Path] = {}
    for info in ordered:  # newest first
        key = period(info)
        if key not in seen:
            if len(seen) == count:
                break
            seen[key] = info.path
    return set(seen.values())


def backups_to_keep(infos: Iterable[BackupInfo], now: datetime) -> set[Path]:
    """The paths, among the backups of one shop file, that thinning must not delete."""
    ordered = sorted(infos, key=BackupInfo.order_key, reverse=True)
    keep = {info.path for info in ordered[:KEEP_RECENT]}
    keep |= _newest_per(ordered, lambda info: info.created.date(), KEEP_DAYS)
    keep |= _newest_per(ordered, lambda info: (info.created.year, info.created.month), KEEP_MONTHS)
    keep |= {
        info.path
        for info in ordered
        if info.reason in PROTECTED_REASONS and now - info.created < PROTECTED_FOR
    }
    return keep


class AutoBackupPolicy:
    """When to take an automatic backup; the caller supplies the clock and makes the backup.

    Use from the UI (a QTimer every minute or so):

        policy = AutoBackupPolicy(last_backup=newest.created if newest else None)
        # after every service call that changed something:
        policy.note_change(datetime.now())
        # on the timer:
        if policy.due(datetime.now()):
            started = datetime.now()
            snapshot(path, "auto")            # off the GUI thread
            policy.note_backup(started)       # when it succeeded
        # when the file is closed (before ShopFile.close(); a snapshot works while it is open):
        if policy.due_on_close():
            snapshot(path, "close")

    A backup is due when something changed since the last backup and at least `interval`
    (30 minutes) has passed since it, so that a busy day gives at most one backup per half hour
    and an idle one gives none. With no backup yet, the first change makes one due at once.
    Changes noted while a backup runs (after `started`) stay pending for the next one.
    """

    def __init__(self, last_backup: datetime | None = None, interval: timedelta = AUTO_INTERVAL):
        self.interval = interval
        self.last_backup = last_backup
        self.last_change: datetime | None = None
        self._changed = False  # a flag, not a comparison of times: the clock may be set back

    def note_change(self, now: datetime) -> None:
        """Something in the shop file changed at `now`."""
        self.last_change = now
        self._changed = True

    def note_backup(self, started: datetime) -> None:
        """A backup that started at `started` succeeded (changes noted after it stay pending)."""
        self.last_backup = started
        self._changed = self.last_change is not None and self.last_change > started

    def changed_since_backup(self) -> bool:
        return self._changed

    def due(self, now: datetime) -> bool:
        """Should an automatic backup be made now?"""
        if not self._changed:
            return False
        if self.last_backup is None or now < self.last_backup:  # none yet, or the clock went back
            return True
        return now - self.last_backup >= self.interval

    def due_on_close(self) -> bool:
        """Should a backup be made as the file is closed (anything changed since the last one)?"""
        return self._changed
