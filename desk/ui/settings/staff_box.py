"""The people of the shop: the list, and adding a person (who is at the desk is in the status bar)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.staff import StaffMember
from desk.i18n import _
from desk.ui.widgets.field_errors import FieldRow


class StaffBox(QGroupBox):
    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("People of the shop"), parent)
        self.people = QListWidget()
        self.people.setObjectName("staffList")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("newStaffName")
        self.name_edit.setPlaceholderText(_("Name of a new person"))
        self.name_edit.returnPressed.connect(self._on_add_clicked)
        self.name_row = FieldRow(self.name_edit)
        self.add_button = QPushButton(_("Add"))
        self.add_button.setObjectName("addStaff")
        self.add_button.clicked.connect(self._on_add_clicked)
        hint = QLabel(_("Everyone who works at the desk. What is recorded is saved under the "
                        "name of whoever is at the desk (see the status bar)."))  # fmt: skip
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        add_line = QHBoxLayout()
        add_line.addWidget(self.name_row, 1)
        add_line.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.people, 1)
        layout.addLayout(add_line)

    def set_staff(self, members: list[StaffMember]) -> None:
        self.people.clear()
        self.people.addItems([m.name for m in members])

    def added(self) -> None:
        self.name_edit.clear()
        self.name_row.set_error(None)

    def show_field_error(self, field: str, message: str) -> bool:
        if field != "name":
            return False
        self.name_row.set_error(message)
        return True

    def _on_add_clicked(self) -> None:
        self.name_row.set_error(None)
        self.add_requested.emit(self.name_edit.text())
