"""File → Restore from backup: the backups of the open file, newest first, to pick one from."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.i18n import N_, _
from desk.ui.widgets.table_model import RIGHT, Column, RowTableModel

REASONS = {
    "auto": N_("Automatic"),
    "manual": N_("Backed up by hand"),
    "close": N_("When closing"),
    "pre-migration": N_("Before an upgrade"),
    "pre-restore": N_("Before a restore"),
    "damaged": N_("Copy of a damaged file"),
}


def reason_text(reason: str) -> str:
    return _(REASONS[reason]) if reason in REASONS else reason


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size / 1024, 1):.0f} KB"
    if size < 1024**3:
        return f"{size / 1024**2:.1f} MB"
    return f"{size / 1024**3:.2f} GB"


def when_text(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


class BackupTableModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(
            [
                Column(_("Made at"), lambda b: when_text(b.created)),
                Column(_("Why"), lambda b: reason_text(b.reason)),
                Column(_("File size"), lambda b: human_size(b.size_bytes), RIGHT),
                Column(_("File"), lambda b: b.path.name),
            ],
            parent,
        )


class RestoreDialog(QDialog):
    def __init__(self, backups: Sequence[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Restore from backup"))
        self.resize(680, 380)
        self.model = BackupTableModel(self)
        self.model.set_rows(backups)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self.accept)
        hint = QLabel(
            _("Pick the backup to go back to. The shop file as it is now is backed up first, so "
              "this can be undone.")
            if backups
            else _("This shop file has no backups yet.")
        )  # fmt: skip
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            _("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(bool(backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.restore_button.setDefault(True)  # Enter restores (set once inside the dialog)
        if backups:
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_backup(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None
