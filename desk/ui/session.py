"""The open shop: its file handle, the event bus, the auto-backup and this machine's config.

Built once by `desk.app.main` and handed to the main window and its pages (no global object).
Opening another file or restoring a backup happens here, so that a failure leaves the current
file open and the pages untouched.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from desk.core import changes, customer_search, label_templates, pdf_font, staff
from desk.core.changes import Changes
from desk.db import backup, connection
from desk.db.connection import ShopFile, ShopFileError, open_shop
from desk.ui.autobackup import AutoBackup
from desk.ui.config import MachineConfig
from desk.ui.events import EventBus

log = logging.getLogger(__name__)


def same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


class ShopSession:
    def __init__(self, handle: ShopFile, config: MachineConfig):
        self.handle = handle
        self.config = config
        self.bus = EventBus()
        self.autobackup = AutoBackup(self)
        self._welcome(handle)

    @property
    def path(self) -> Path:
        return self.handle.path

    @property
    def is_open(self) -> bool:
        """False only after a restore whose file could not be reopened."""
        return self.handle.lock is not None and not connection.db.is_closed()

    def _welcome(self, handle: ShopFile) -> None:
        """A freshly opened file: two people at least, a current customer search index, and
        remembered as the last file."""
        staff.ensure_default_staff()
        customer_search.ensure_index()  # only rebuilds after an upgrade changed its format
        label_templates.ensure_builtin_templates()
        pdf_font.apply_saved_font()  # the PDF font chosen in Settings (or the system search)
        self.config.remember_file(handle.path)

    # -- who is at the desk --------------------------------------------------------------
    def desk_person_id(self) -> int | None:
        """The person at the desk on this machine for this file (the first person by default)."""
        people = staff.list_staff()
        stored = self.config.desk_person(self.path)
        if any(p.id == stored for p in people):
            return stored
        return people[0].id if people else None

    def set_desk_person(self, staff_id: int) -> None:
        """Remember who is at the desk; what depends on the person (Today's unread handovers,
        the handover form) refreshes."""
        changed = staff_id != self.desk_person_id()
        self.config.set_desk_person(self.path, staff_id)
        if changed:
            self.bus.broadcast(Changes.of(changes.STAFF))

    # -- files ---------------------------------------------------------------------------
    def open_file(self, path: Path, *, create: bool = False) -> bool:
        """Switch to the shop file at `path`; False when it is the file already open.

        Raises ShopFileError (translated) when it cannot be opened; the current file stays open.
        """
        path = Path(path).expanduser().absolute()
        if same_file(path, self.path):
            return False
        self.autobackup.on_close()
        old = self.handle
        try:
            new = open_shop(path, create=create)
        except BaseException:
            self._reconnect_current()
            raise
        if old.lock is not None and old.lock.is_locked:
            old.lock.release()  # the database connection already points at the new file
        old.lock = None
        self.handle = new
        self._welcome(new)
        self.autobackup.reset()
        self.bus.broadcast(Changes.everything())
        return True

    def _reconnect_current(self) -> None:
        """After a failed open the one database object may point at the other file: repoint it."""
        db = connection.db
        if db.is_closed() or db.database != str(self.path):
            if not db.is_closed():
                db.close()
            db.init(str(self.path), pragmas=connection.PRAGMAS)
            db.connect()

    def backup_now(self, reason: str = "manual") -> Path:
        started = datetime.now()
        made = backup.snapshot(self.path, reason=reason)
        self.autobackup.backed_up(started)
        return made

    def list_backups(self) -> list[backup.BackupInfo]:
        return backup.list_backups(self.path)

    def restore(self, backup_file: Path) -> Path | None:
        """Replace the shop file with `backup_file` (the current content is backed up first).

        Raises ShopFileError when the restore fails (the current file is reopened) or when the
        file cannot be reopened afterwards (then no file is open: the caller must recover).
        """
        path = self.path
        self.handle.close()
        try:
            saved = backup.restore(Path(backup_file), path)
        finally:
            self.handle = open_shop(path, create=False)
        self._welcome(self.handle)
        self.autobackup.reset()
        self.bus.broadcast(Changes.everything())
        return saved

    def adopt(self, handle: ShopFile) -> None:
        """Take over a file opened elsewhere (after recovering from a failed reopen)."""
        self.handle = handle
        self._welcome(handle)
        self.autobackup.reset()
        self.bus.broadcast(Changes.everything())

    def close(self) -> None:
        self.autobackup.stop()
        self.handle.close()


__all__ = ["ShopFileError", "ShopSession", "same_file"]
