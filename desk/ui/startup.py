"""Opening a shop file when there is no other to fall back on (at start-up, or after a failed
restore): on failure the user is told why and may open another file, create a new one, or quit.
The file that failed is never touched."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desk.db.connection import ShopFile, ShopFileError, open_shop
from desk.i18n import _
from desk.ui import file_dialogs, messages

log = logging.getLogger(__name__)


def open_or_recover(path: Path, *, create: bool, parent: QWidget | None = None) -> ShopFile | None:
    """Open `path`; if that fails, let the user choose another way. None means: quit."""
    try:
        return open_shop(path, create=create)
    except ShopFileError as exc:
        log.warning("Cannot open %s: %s", path, exc.message)
        return recover(exc.message, start=Path(path), parent=parent)


def recover(message: str, *, start: Path | None, parent: QWidget | None = None) -> ShopFile | None:
    """Ask what to do after `message` until a file opens or the user quits (None)."""
    while True:
        choice = messages.choose(
            parent,
            message + "\n\n" + _("What would you like to do?"),
            [
                ("open", _("Open another file…")),
                ("new", _("Create a new file…")),
                ("quit", _("Quit")),
            ],
            title=_("Cannot open the shop file"),
        )
        if choice == "quit":
            return None
        if choice == "open":
            path = file_dialogs.choose_shop_to_open(parent, start)
        else:
            path = file_dialogs.choose_new_shop(parent, start)
            if path is not None and path.exists():
                message = already_exists_message(path)
                continue
        if path is None:
            continue
        try:
            return open_shop(path, create=choice == "new")
        except ShopFileError as exc:
            log.warning("Cannot open %s: %s", path, exc.message)
            message, start = exc.message, path


def already_exists_message(path: Path) -> str:
    return _(
        "{path} already exists. Choose another name for the new shop file, or open it with "
        "File → Open shop file."
    ).format(path=path)
