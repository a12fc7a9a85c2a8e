"""Automatic backups while the app runs: at most every 30 minutes while things change, and when
the file is closed if anything changed since the last backup (rules in desk.db.backup_policy).

A failure is reported in the status bar (`reported`), never as a dialog: the next attempt comes
a minute later, and a modal box every minute would be worse than the problem.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desk.core import changes
from desk.core.changes import Changes
from desk.db import backup
from desk.db.connection import ShopFileError
from desk.i18n import _

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

log = logging.getLogger(__name__)

TICK_MS = 60_000


class AutoBackup(QObject):
    reported = Signal(str)

    def __init__(self, session: ShopSession):
        super().__init__(session.bus)
        self._session = session
        self.policy = backup.AutoBackupPolicy()
        self.reset()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        session.bus.changed.connect(self._on_changes)

    def reset(self) -> None:
        """A (re)opened file: start from its newest backup, nothing changed yet."""
        try:
            newest = backup.list_backups(self._session.path)
        except OSError:
            newest = []
        self.policy = backup.AutoBackupPolicy(last_backup=newest[0].created if newest else None)

    def _on_changes(self, change: Changes) -> None:
        if changes.FILE not in change.kinds:  # opening or restoring a file is not an edit
            self.policy.note_change(datetime.now())

    def tick(self, now: datetime | None = None) -> bool:
        """Back up if the policy says so; True when a backup was made."""
        if not self._session.is_open or not self.policy.due(now or datetime.now()):
            return False
        return self._snapshot("auto")

    def on_close(self) -> bool:
        """The file is about to be closed: back up if anything changed since the last backup."""
        if not self._session.is_open or not self.policy.due_on_close():
            return False
        return self._snapshot("close")

    def backed_up(self, started: datetime) -> None:
        """A backup made by hand counts too."""
        self.policy.note_backup(started)

    def stop(self) -> None:
        self._timer.stop()

    def _snapshot(self, reason: str) -> bool:
        started = datetime.now()
        try:
            made = backup.snapshot(self._session.path, reason)
        except (ShopFileError, OSError) as exc:
            log.warning("automatic backup of %s failed: %s", self._session.path, exc)
            self.reported.emit(
                _("Automatic backup failed: {reason}").format(reason=getattr(exc, "message", exc))
            )
            return False
        self.policy.note_backup(started)
        self.reported.emit(_("Backed up automatically to {path}").format(path=made))
        return True
