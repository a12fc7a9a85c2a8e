"""Adding a customer group, or renaming one and changing its colour (a small dialog).

Enter saves, Esc cancels. A refused name (empty, taken, too long) is shown under the name field
and the dialog stays open with what was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import customers
from desk.core.customers import GroupInfo
from desk.i18n import _
from desk.ui.customers.group_colors import PALETTE, dot_icon
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


class ColorChooser(QWidget):
    """A row of coloured dots, one of them chosen (or "none")."""

    def __init__(self, current: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        colors = ["", *PALETTE]
        if current and current not in colors:
            colors.append(current)  # a built-in group's own colour
        for color in colors:
            button = QToolButton()
            button.setObjectName(f"color_{color.lstrip('#') or 'none'}")
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setIcon(dot_icon(color, 18))
            button.setIconSize(QSize(18, 18))
            button.setToolTip(color or _("No colour"))
            button.setProperty("color", color)
            self.buttons.addButton(button)
            layout.addWidget(button)
            if color == current:
                button.setChecked(True)
        layout.addStretch(1)

    def color(self) -> str:
        checked = self.buttons.checkedButton()
        return str(checked.property("color")) if checked is not None else ""

    def choose(self, color: str) -> None:
        for button in self.buttons.buttons():
            if button.property("color") == color:
                button.setChecked(True)


class GroupDialog(FieldErrorsMixin, QDialog):
    saved = Signal(int)  # the group id

    def __init__(
        self, session: ShopSession, group: GroupInfo | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("groupDialog")
        self._session = session
        self.group = group
        self.setWindowTitle(_("New group") if group is None else _("Group name and colour"))
        self.name = QLineEdit(group.name if group else "")
        self.name.setObjectName("groupName")
        self.name.setPlaceholderText(_("e.g. Regulars who like dresses"))
        self.name.setMaxLength(customers.MAX_GROUP_NAME + 10)  # the service says what is too long
        self.colors = ColorChooser(group.color if group else PALETTE[5])
        self.rows = {"name": FieldRow(self.name), "color": FieldRow(self.colors)}
        form = QFormLayout()
        form.addRow(_("Name"), self.rows["name"])
        form.addRow(_("Colour"), self.rows["color"])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save"))
        self.ok_button.setObjectName("saveGroup")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.ok_button.setDefault(True)
        self.name.selectAll()
        self.name.setFocus()

    def save(self) -> bool:
        self.clear_errors()
        if self.group is None:
            result = self._session.bus.run_op(
                self, customers.create_group, self.name.text(), self.colors.color()
            )
        else:
            result = self._session.bus.run_op(
                self, customers.update_group, self.group.id, self.name.text(), self.colors.color()
            )
        if result is None:
            return False
        info: GroupInfo = result[0]
        self.saved.emit(info.id)
        self.accept()
        return True
