"""The File menu: open / new shop file, back up now, restore from a backup, recent files, quit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu

from desk.db.connection import ShopFileError
from desk.i18n import _
from desk.ui import file_dialogs, messages, startup
from desk.ui.backup_dialog import RestoreDialog, when_text

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

log = logging.getLogger(__name__)


def _action(
    menu: QMenu, text: str, slot: Callable, shortcut: QKeySequence | str | None = None
) -> QAction:
    action = menu.addAction(text)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


class WaitCursor:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc) -> None:
        QGuiApplication.restoreOverrideCursor()


class FileMenu(QObject):
    def __init__(self, window: QMainWindow, session: ShopSession, report: Callable[[str], None]):
        super().__init__(window.menuBar())  # rebuilt with the menu bar on a change of language
        self._window = window
        self._session = session
        self._report = report
        menu = self.menu = window.menuBar().addMenu(_("&File"))
        self.open_action = _action(
            menu, _("Open shop file…"), self.open_other, QKeySequence.StandardKey.Open
        )
        self.new_action = _action(menu, _("New shop file…"), self.new_file)
        self.recent_menu = menu.addMenu(_("Recent files"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addSeparator()
        self.backup_action = _action(menu, _("Back up now"), self.backup_now, "Ctrl+B")
        self.restore_action = _action(menu, _("Restore from backup…"), self.restore)
        menu.addSeparator()
        self.quit_action = _action(menu, _("Quit"), window.close, "Ctrl+Q")
        self._fill_recent()

    # -- opening ----------------------------------------------------------------------------
    def open_other(self) -> None:
        path = file_dialogs.choose_shop_to_open(self._window, self._session.path)
        if path is not None:
            self.switch_to(path)

    def new_file(self) -> None:
        path = file_dialogs.choose_new_shop(self._window, self._session.path)
        if path is None:
            return
        if path.exists():
            messages.warning(self._window, startup.already_exists_message(path))
            return
        self.switch_to(path, create=True)

    def switch_to(self, path: Path, *, create: bool = False) -> bool:
        """Open `path` instead of the current file; on failure say why and keep the current one."""
        try:
            with WaitCursor():
                switched = self._session.open_file(path, create=create)
        except ShopFileError as exc:
            messages.critical(self._window, exc.message, title=_("Cannot open the shop file"))
            return False
        if switched:
            self._report(_("Opened {path}").format(path=self._session.path))
        else:
            self._report(_("{path} is already open.").format(path=self._session.path))
        return switched

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self._session.path)
        files = [p for p in self._session.config.recent_files if str(p) != current]
        for path in files:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.switch_to(p))
        if not files:
            self.recent_menu.addAction(_("(none yet)")).setEnabled(False)

    # -- backups ----------------------------------------------------------------------------
    def backup_now(self) -> None:
        try:
            with WaitCursor():
                made = self._session.backup_now("manual")
        except ShopFileError as exc:
            messages.warning(self._window, exc.message, title=_("Backup failed"))
            return
        self._report(_("Backed up to {path}").format(path=made))

    def restore(self) -> None:
        try:
            backups = self._session.list_backups()
        except ShopFileError as exc:
            messages.warning(self._window, exc.message)
            return
        dialog = RestoreDialog(backups, self._window)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.selected_backup() if accepted else None
        dialog.deleteLater()
        if chosen is None:
            return
        question = _(
            "Replace the shop file with the backup made at {when}?\n\nEverything entered since "
            "then will be gone from the shop file (it stays in the backup made now, before "
            "restoring)."
        ).format(when=when_text(chosen.created))
        if not messages.confirm(self._window, question, yes=_("Restore")):
            return
        try:
            with WaitCursor():
                self._session.restore(chosen.path)
        except ShopFileError as exc:
            log.warning("Restore from %s failed: %s", chosen.path, exc.message)
            self._after_failed_restore(exc.message)
            return
        self._report(
            _("Restored the backup made at {when}.").format(when=when_text(chosen.created))
        )

    def _after_failed_restore(self, message: str) -> None:
        if self._session.is_open:
            messages.critical(self._window, message, title=_("Restore failed"))
            return
        handle = startup.recover(message, start=self._session.path, parent=self._window)
        if handle is None:
            self._window.close()
        else:
            self._session.adopt(handle)
