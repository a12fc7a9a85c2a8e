"""Choosing a shop file to open or to create (tests replace these two functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desk import paths
from desk.i18n import _

SUFFIX = ".sqlite3"


def _filter() -> str:
    return _("Shop files (*.sqlite3 *.db);;All files (*)")


def choose_shop_to_open(parent: QWidget | None, start: Path | None = None) -> Path | None:
    folder = str(start.parent if start else paths.data_dir())
    name, _selected = QFileDialog.getOpenFileName(parent, _("Open shop file"), folder, _filter())
    return Path(name) if name else None


def choose_new_shop(parent: QWidget | None, start: Path | None = None) -> Path | None:
    """A path for a new shop file; `.sqlite3` is added when the name has no suffix."""
    folder = start.parent if start else paths.data_dir()
    name, _selected = QFileDialog.getSaveFileName(
        parent, _("New shop file"), str(folder / _("my-shop")), _filter()
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(SUFFIX)
