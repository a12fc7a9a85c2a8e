"""Two small dialogs of the replies panel: a group's name, and the values a reply still needs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core import replies
from desk.i18n import _
from desk.ui.widgets.field_errors import FieldRow


class GroupNameDialog(QDialog):
    """A new group, or a new name for one: `submit(name)` returns True when the service took it."""

    def __init__(self, title: str, name: str, submit: Callable[[QDialog, str], bool],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("groupNameDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(320)
        self._submit = submit
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("groupName")
        self.name_edit.setMaxLength(replies.MAX_GROUP_NAME)
        self.name_edit.setPlaceholderText(_("e.g. Holiday promotions"))
        self.name_edit.selectAll()
        self.name_row = FieldRow(self.name_edit)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole).setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Group name"), self.name_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def show_field_error(self, field: str, message: str) -> bool:
        if field != "name":
            return False
        self.name_row.set_error(message)
        return True

    def save(self) -> None:
        self.name_row.set_error(None)
        if self._submit(self, self.name_edit.text()):
            self.accept()


class MissingValuesDialog(QDialog):
    """Asks for the placeholders a reply still needs, one field each.

    Enter moves to the next empty field and, once every field is filled, copies; Esc cancels the
    copy. Copy stays disabled while a field is empty, so no ``{订单号}`` reaches the buyer.
    """

    def __init__(self, names: Sequence[str], title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("missingValuesDialog")
        self.setWindowTitle(_("A few details for “{title}”").format(title=title))
        self.setMinimumWidth(360)
        self.fields: dict[str, QLineEdit] = {}
        hint = QLabel(_("This reply needs these details. Fill them in and press Enter to copy."))
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        form = QFormLayout()
        for name in names:
            edit = QLineEdit()
            edit.setObjectName(f"value_{name}")
            edit.textChanged.connect(self._update_button)
            edit.returnPressed.connect(self._next_empty)
            self.fields[name] = edit
            form.addRow(name, edit)
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton(_("Copy"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.setObjectName("copyWithValues")
        self.copy_button.setDefault(True)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._update_button()
        if self.fields:
            next(iter(self.fields.values())).setFocus()

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.fields.items()}

    def _empty(self) -> list[QLineEdit]:
        return [edit for edit in self.fields.values() if not edit.text().strip()]

    def _update_button(self) -> None:
        self.copy_button.setEnabled(not self._empty())

    def _next_empty(self) -> None:
        empty = self._empty()
        if empty:
            empty[0].setFocus()

    def accept(self) -> None:
        if self._empty():
            self._next_empty()
            return
        super().accept()
