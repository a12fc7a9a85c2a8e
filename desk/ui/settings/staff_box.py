"""The people of the shop: the list, adding a person, renaming one (double-click or F2 on the
name) and taking someone off the desk list or back (who is at the desk is in the status bar).
A person taken off keeps their name on everything they recorded; the shop keeps at least two."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.staff import StaffMember
from desk.i18n import _
from desk.ui.widgets.field_errors import FieldRow

ID_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
ACTIVE_ROLE = Qt.ItemDataRole.UserRole + 2
INACTIVE_TEXT = QColor("#8a94a6")


class StaffBox(QGroupBox):
    add_requested = Signal(str)
    rename_requested = Signal(int, str)  # staff id, new name
    active_requested = Signal(int, bool)  # staff id, on the desk list or not

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("People of the shop"), parent)
        self.people = QListWidget()
        self.people.setObjectName("staffList")
        self.people.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.people.itemChanged.connect(self._on_item_changed)
        self.people.currentItemChanged.connect(self._update_buttons)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("newStaffName")
        self.name_edit.setPlaceholderText(_("Name of a new person"))
        self.name_edit.returnPressed.connect(self._on_add_clicked)
        self.name_row = FieldRow(self.name_edit)
        self.add_button = QPushButton(_("Add"))
        self.add_button.setObjectName("addStaff")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.rename_button = QPushButton(_("Rename"))
        self.rename_button.setObjectName("renameStaff")
        self.rename_button.setToolTip(_("Or double-click the name (F2)"))
        self.rename_button.clicked.connect(self._on_rename_clicked)
        self.active_button = QPushButton(_("Take off the desk list"))
        self.active_button.setObjectName("staffActive")
        self.active_button.clicked.connect(self._on_active_clicked)
        hint = QLabel(_("Everyone who works at the desk. What is recorded is saved under the "
                        "name of whoever is at the desk (see the status bar)."))  # fmt: skip
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        add_line = QHBoxLayout()
        add_line.addWidget(self.name_row, 1)
        add_line.addWidget(self.add_button)
        person_line = QHBoxLayout()
        person_line.addStretch(1)
        person_line.addWidget(self.rename_button)
        person_line.addWidget(self.active_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.people, 1)
        layout.addLayout(person_line)
        layout.addLayout(add_line)
        self._update_buttons()

    def set_staff(self, members: list[StaffMember]) -> None:
        """Everyone, those off the desk list greyed."""
        current = self.current_id()
        self.people.blockSignals(True)
        self.people.clear()
        for member in members:
            item = QListWidgetItem(member.name)
            item.setData(ID_ROLE, member.id)
            item.setData(NAME_ROLE, member.name)
            item.setData(ACTIVE_ROLE, member.active)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            if not member.active:
                item.setForeground(QBrush(INACTIVE_TEXT))
                item.setToolTip(_("Off the desk list: not offered in the status bar"))
            self.people.addItem(item)
            if member.id == current:
                self.people.setCurrentItem(item)
        self.people.blockSignals(False)
        self._update_buttons()

    def current_id(self) -> int | None:
        item = self.people.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def _update_buttons(self, *args) -> None:
        item = self.people.currentItem()
        self.rename_button.setEnabled(item is not None)
        self.active_button.setEnabled(item is not None)
        active = item is None or bool(item.data(ACTIVE_ROLE))
        self.active_button.setText(
            _("Take off the desk list") if active else _("Back on the desk list")
        )

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

    def _on_rename_clicked(self) -> None:
        item = self.people.currentItem()
        if item is not None:
            self.people.editItem(item)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if item.text() != item.data(NAME_ROLE):
            self.rename_requested.emit(int(item.data(ID_ROLE)), item.text())

    def _on_active_clicked(self) -> None:
        item = self.people.currentItem()
        if item is not None:
            self.active_requested.emit(int(item.data(ID_ROLE)), not bool(item.data(ACTIVE_ROLE)))
