"""The status bar: which shop file is open, and who is at the desk (persisted per machine)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QStatusBar, QWidget

from desk.core import changes, staff
from desk.core.changes import Changes
from desk.i18n import _
from desk.ui.widgets.elided_label import ElidedLabel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

MESSAGE_MS = 8000


class ShopStatusBar(QStatusBar):
    person_changed = Signal(int)  # another person came to the desk

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.file_label = ElidedLabel()
        self.file_label.setObjectName("fileLabel")
        self.file_label.setMinimumWidth(160)
        self.file_label.setMaximumWidth(480)
        self.person_label = QLabel(_("At the desk:"))
        self.person_box = QComboBox()
        self.person_box.setObjectName("deskPerson")
        self.person_box.setToolTip(
            _("Who is at the desk now; what you record is saved under this name.")
        )
        self.person_box.setMinimumContentsLength(6)
        self.person_box.activated.connect(self._on_person_activated)
        self.addPermanentWidget(self.file_label)
        self.addPermanentWidget(self.person_label)
        self.addPermanentWidget(self.person_box)
        session.bus.changed.connect(self._on_changes)
        self.refresh()

    def refresh(self) -> None:
        self.file_label.set_full_text(_("File: {path}").format(path=self._session.path))
        current = self._session.desk_person_id()
        self.person_box.blockSignals(True)
        self.person_box.clear()
        for member in staff.list_staff():
            self.person_box.addItem(member.name, member.id)
        index = self.person_box.findData(current)
        self.person_box.setCurrentIndex(max(index, 0))
        self.person_box.blockSignals(False)

    def desk_person_name(self) -> str:
        return self.person_box.currentText()

    def _on_changes(self, change: Changes) -> None:
        if change.concerns(changes.STAFF):
            self.refresh()

    def _on_person_activated(self, index: int) -> None:
        staff_id = self.person_box.itemData(index)
        if staff_id is None:
            return
        changed = int(staff_id) != self._session.desk_person_id()
        self._session.set_desk_person(int(staff_id))
        self.showMessage(
            _("{name} is at the desk now.").format(name=self.person_box.itemText(index)), MESSAGE_MS
        )
        if changed:
            self.person_changed.emit(int(staff_id))

    def report(self, text: str) -> None:
        """A short note (backup made, backup failed) that needs no dialog."""
        self.showMessage(text, MESSAGE_MS)
