"""Exporting customers (a group, a search result) to xlsx or CSV, after a privacy warning.

The file holds phone numbers and addresses, so the user is told so first (with the option to mask
the phones, 手机号打码) and only then chooses where to save it. `customer_export.export_customers`
writes it (phones and postcodes stay text; nothing becomes a formula). The file chooser is a
module function so that tests can replace it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desk.core import customer_export
from desk.core.errors import DomainError
from desk.i18n import _
from desk.ui import messages
from desk.ui.customers.import_worker import run_in_worker

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

SUFFIXES = (".xlsx", ".csv")


def documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def safe_file_name(text: str) -> str:
    """A title made usable as (part of) a file name on every system."""
    cleaned = re.sub(r'[\\/:*?"<>|\s]+', "-", text).strip("-.")
    return cleaned[:40] or _("customers")


def with_suffix(name: str, selected_filter: str) -> Path:
    """`.xlsx` unless the name or the chosen filter says `.csv`."""
    path = Path(name)
    if path.suffix.lower() in SUFFIXES:
        return path
    suffix = ".csv" if "*.csv" in selected_filter and "*.xlsx" not in selected_filter else ".xlsx"
    return path.with_name(path.name + suffix)


def choose_export_file(parent: QWidget | None, suggested: str) -> Path | None:
    name, selected = QFileDialog.getSaveFileName(
        parent, _("Export customers"), str(documents() / suggested),
        _("Excel files (*.xlsx);;CSV files (*.csv)"),
    )  # fmt: skip
    return with_suffix(name, selected) if name else None


def write_file(fn: Callable[..., Any], path: Path, *args: Any, **kwargs: Any) -> Any:
    """Call the writer `fn`; a file that cannot be written is a refusal shown to the user."""
    try:
        return fn(*args, **kwargs)
    except OSError as exc:
        raise DomainError(_("Could not write {path}: {reason}. Nothing was saved.").format(
            path=path, reason=exc.strerror or exc)) from None  # fmt: skip


class PrivacyDialog(QDialog):
    """提醒: the file will hold phones and addresses; optionally mask the phones."""

    def __init__(self, text: str, ok: str, parent: QWidget | None = None, *,
                 offer_masking: bool = True):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("privacyDialog")
        self.setWindowTitle(_("Customer data"))
        self.setMinimumWidth(440)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        self.text = QLabel(text)
        self.text.setObjectName("privacyText")
        self.text.setWordWrap(True)
        self.masked = QCheckBox(_("Mask the phone numbers (138****5678)"))
        self.masked.setObjectName("maskPhones")
        self.masked.setVisible(offer_masking)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("privacyOk")
        self.ok_button.setDefault(True)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.masked)
        layout.addWidget(buttons)


def confirm_privacy(parent: QWidget | None, text: str, ok: str, *,
                    offer_masking: bool = True) -> bool | None:  # fmt: skip
    """Ask before customer data leaves the shop file: None when cancelled, else `masked`."""
    dialog = PrivacyDialog(text, ok, parent, offer_masking=offer_masking)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.masked.isChecked()
    finally:
        dialog.deleteLater()


def run_export_dialog(parent: QWidget | None, session: ShopSession, customer_ids: list[int],
                      title: str) -> None:  # fmt: skip
    """Warn, choose a file, write the customers (`title` names them: a group, 搜索结果…)."""
    ids = list(customer_ids)
    if not ids:
        messages.information(parent, _("There are no customers to export here."))
        return
    masked = confirm_privacy(parent, _(
        "The exported file contains the phone numbers and addresses of {count} customers. Keep "
        "it safe and do not send it to anyone."
    ).format(count=len(ids)), _("Export"))  # fmt: skip
    if masked is None:
        return
    suggested = _("customers-{title}-{date}.xlsx").format(
        title=safe_file_name(title), date=datetime.date.today().isoformat()
    )
    path = choose_export_file(parent, suggested)
    if path is None:
        return
    outcome = run_in_worker(parent, _("Exporting customers…"), write_file,
                            customer_export.export_customers, path, ids, path, masked=masked)  # fmt: skip
    written = session.bus.run_op(parent, outcome.unwrap)
    if written is None:
        return
    messages.information(parent, _("Saved {count} customers to {path}.").format(
        count=written, path=path))  # fmt: skip
