"""The groups of quick replies, each with its count: all replies first, then the situations
(欢迎语, 库存, …) and the user's own groups. Only the user's own groups can be renamed (F2) or
deleted (Delete; the service refuses a group that still has replies).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import replies
from desk.core.replies import GroupRow
from desk.i18n import _
from desk.ui import messages
from desk.ui.replies.small_dialogs import GroupNameDialog

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

ALL = -1  # the "all replies" row (group ids are positive)
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
STYLE = """
QListWidget#replyGroups { border: 1px solid #cbd2dc; border-radius: 4px; background: #ffffff;
                          outline: 0; }
QListWidget#replyGroups::item { padding: 5px 6px; color: #2d3748; }
QListWidget#replyGroups::item:selected { background: #dbe7ff; color: #1a4fb8; }
"""


class CountDelegate(QStyledItemDelegate):
    """The group's name, and its number of replies in grey at the right."""

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:  # fmt: skip
        super().initStyleOption(option, index)
        count = index.data(COUNT_ROLE)
        if count is not None:  # leave room for the count
            metrics = option.fontMetrics
            room = option.rect.width() - metrics.horizontalAdvance(str(count)) - 30
            option.text = metrics.elidedText(
                option.text, Qt.TextElideMode.ElideRight, max(room, 24)
            )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:  # fmt: skip
        super().paint(painter, option, index)
        count = index.data(COUNT_ROLE)
        if count is None:
            return
        painter.save()
        painter.setPen(QColor("#8a94a6"))
        rect = option.rect.adjusted(0, 0, -10, 0)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         str(count))  # fmt: skip
        painter.restore()


class GroupList(QWidget):
    selected = Signal(object)  # group id, or None for all replies

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.groups: list[GroupRow] = []
        self.dialog: GroupNameDialog | None = None  # the open name dialog, if any
        self.list = QListWidget()
        self.list.setObjectName("replyGroups")
        self.list.setStyleSheet(STYLE)
        self.list.setItemDelegate(CountDelegate(self.list))
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.add_button = QPushButton(_("New group…"))
        self.add_button.setObjectName("addReplyGroup")
        self.add_button.clicked.connect(self.add_group)
        self.rename_button = QPushButton(_("Rename"))
        self.rename_button.setObjectName("renameReplyGroup")
        self.rename_button.setToolTip("F2")
        self.rename_button.clicked.connect(self.rename_group)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setObjectName("deleteReplyGroup")
        self.delete_button.setToolTip(_("Delete key"))
        self.delete_button.clicked.connect(self.delete_group)
        for button in (self.rename_button, self.delete_button):
            button.setStyleSheet("padding: 2px 8px;")
        for keys, slot in ((QKeySequence(Qt.Key.Key_F2), self.rename_group),
                           (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_group)):  # fmt: skip
            shortcut = QShortcut(keys, self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.add_button)
        layout.addLayout(row)
        self._update_buttons()

    def set_groups(self, groups: list[GroupRow], current: int | None) -> None:
        """Fill the list and select `current` (None: all replies) without signalling."""
        self.groups = groups
        self.list.blockSignals(True)
        self.list.clear()
        total = sum(g.reply_count for g in groups)
        self._add(_("All replies"), total, ALL)
        for group in groups:
            item = self._add(group.name, group.reply_count, group.id)
            if not group.builtin:
                item.setToolTip(_("{name} (your own group)").format(name=group.name))
        self.select(current, signal=False)
        self.list.blockSignals(False)
        self._update_buttons()

    def _add(self, name: str, count: int, group_id: int) -> QListWidgetItem:
        item = QListWidgetItem(name, self.list)
        item.setData(Qt.ItemDataRole.UserRole, group_id)
        item.setData(COUNT_ROLE, count)
        item.setToolTip(name)
        return item

    def current_group(self) -> GroupRow | None:
        wanted = self.current_id()
        return next((g for g in self.groups if g.id == wanted), None)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL
        return None if value == ALL else value

    def select(self, group_id: int | None, signal: bool = True) -> None:
        wanted = ALL if group_id is None else group_id
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == wanted:
                if not signal:
                    self.list.blockSignals(True)
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
                self._update_buttons()
                return
        self.list.setCurrentRow(0)

    def _on_current_changed(self, *_args) -> None:
        self._update_buttons()
        self.selected.emit(self.current_id())

    def _update_buttons(self) -> None:
        own = self._own_group() is not None
        self.rename_button.setEnabled(own)
        self.delete_button.setEnabled(own)

    def _own_group(self) -> GroupRow | None:
        group = self.current_group()
        return group if group is not None and not group.builtin else None

    def add_group(self) -> None:
        def submit(dialog: GroupNameDialog, name: str) -> bool:
            done = self._session.bus.run_op(dialog, replies.add_group, name)
            if done is not None:
                self.select(done[0].id)
            return done is not None

        self._open_dialog(_("New group"), "", submit)

    def rename_group(self) -> None:
        group = self._own_group()
        if group is None:
            return

        def submit(dialog: GroupNameDialog, name: str) -> bool:
            done = self._session.bus.run_op(dialog, replies.rename_group, group.id, name)
            return done is not None

        self._open_dialog(_("Rename group"), group.name, submit)

    def _open_dialog(self, title: str, name: str, submit) -> None:
        dialog = GroupNameDialog(title, name, submit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: GroupNameDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def delete_group(self) -> None:
        group = self._own_group()
        if group is None:
            return
        text = _("Delete the group {name}?").format(name=group.name)
        if messages.confirm(self, text, _("Delete")):
            self._session.bus.run_op(self, replies.delete_group, group.id)
