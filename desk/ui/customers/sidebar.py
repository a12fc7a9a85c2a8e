"""The groups sidebar of the Customers page: what the list shows, with counts.

全部客户, each group (built-in and the couple's own, in their order, with their colour), 未分组,
休眠客户, 黑名单, then the work views 待回访 and 疑似重复. Groups are added, renamed (and coloured),
deleted (not the built-in ones) and moved from the buttons below or the right-click menu; the
sidebar only asks (signals), the page does it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import customers
from desk.core.customers import GroupInfo, SidebarCounts
from desk.i18n import _
from desk.ui.customers.group_colors import dot_icon

LIST, FOLLOW_UPS, DUPLICATES = "list", "follow_ups", "duplicates"
KEY_ROLE = Qt.ItemDataRole.UserRole
COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
COUNT_COLOR = QColor("#718096")
ALERT_COLOR = QColor("#c05621")
# the look of the main navigation (resources/style.qss QListWidget#nav), for the groups list
SIDEBAR_STYLE = (
    "QListWidget#customerGroups { border: 1px solid #dde2ea; border-radius: 6px;"
    " background: #ffffff; outline: 0; padding: 4px 0; }"
    "QListWidget#customerGroups::item { padding-left: 8px; color: #2d3748; border: none; }"
    "QListWidget#customerGroups::item:hover { background: #f0f4fa; }"
    "QListWidget#customerGroups::item:selected { background: #dbe7ff; color: #1a4fb8; }"
)


@dataclass(frozen=True)
class Entry:
    """One line of the sidebar: a view of the list, or one of the work panels."""

    key: str  # "all", "group:5", "ungrouped", "dormant", "blacklist", "follow_ups", "duplicates"
    kind: str  # LIST, FOLLOW_UPS or DUPLICATES
    title: str
    count: int
    view: str = customers.VIEW_ALL
    group: GroupInfo | None = None  # the group of a group line (and of 黑名单, to rename it)

    @property
    def group_id(self) -> int | None:
        return self.group.id if self.group is not None and self.view == customers.VIEW_GROUP else None


def entries(counts: SidebarCounts) -> list[Entry]:
    blacklist = next((g for g in counts.groups if g.key == customers.BLACKLIST), None)
    found = [Entry("all", LIST, _("All customers"), counts.all)]
    for group in counts.groups:
        if group is not blacklist:
            found.append(
                Entry(f"group:{group.id}", LIST, group.name, group.count, customers.VIEW_GROUP, group)
            )
    found += [
        Entry("ungrouped", LIST, _("Not in a group"), counts.ungrouped, customers.VIEW_UNGROUPED),
        Entry("dormant", LIST, _("Dormant customers"), counts.dormant, customers.VIEW_DORMANT),
        Entry(
            "blacklist", LIST, blacklist.name if blacklist else _("Blacklist"), counts.blacklist,
            customers.VIEW_BLACKLIST, blacklist,
        ),
        Entry(FOLLOW_UPS, FOLLOW_UPS, _("Follow-ups due"), counts.follow_ups_due),
        Entry(DUPLICATES, DUPLICATES, _("Likely duplicates"), counts.duplicates),
    ]
    return found


class CountDelegate(QStyledItemDelegate):
    """The count right-aligned in grey (orange for work waiting) after the line's name."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        count = index.data(COUNT_ROLE)
        if count is None:
            super().paint(painter, option, index)
            return
        text = f"{count:,}"
        width = option.fontMetrics.horizontalAdvance(text) + 12
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        full.text = ""
        full.icon = QIcon()
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, full, painter, widget)
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = QRect(option.rect.adjusted(0, 0, -width, 0))
        super().paint(painter, narrowed, index)
        painter.save()
        key = index.data(KEY_ROLE)
        alert = key in (FOLLOW_UPS, DUPLICATES) and count > 0
        painter.setPen(ALERT_COLOR if alert else COUNT_COLOR)
        rect = QRect(option.rect.right() - width, option.rect.top(), width - 6, option.rect.height())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()


class GroupSidebar(QWidget):
    entry_chosen = Signal(object)  # an Entry
    add_requested = Signal()
    edit_requested = Signal(object)  # the GroupInfo
    delete_requested = Signal(object)  # the GroupInfo
    move_requested = Signal(int, int)  # group id, step in the full group order

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._groups: tuple[GroupInfo, ...] = ()
        self.list = QListWidget()
        self.list.setObjectName("customerGroups")
        self.list.setStyleSheet(SIDEBAR_STYLE)
        self.list.setItemDelegate(CountDelegate(self.list))
        self.list.setIconSize(QSize(12, 12))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_menu)
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self._edit())

        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip, slot in (
            ("addGroup", _("New group…"), "", lambda: self.add_requested.emit()),
            ("editGroup", _("Rename"), _("Rename the group or change its colour"), self._edit),
            ("deleteGroup", _("Delete"), _("Delete the group (its customers stay)"), self._delete),
            ("groupUp", "↑", _("Move up"), lambda: self._move(-1)),
            ("groupDown", "↓", _("Move down"), lambda: self._move(1)),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
        for name in ("groupUp", "groupDown"):
            self.buttons[name].setFixedWidth(34)
            self.buttons[name].setStyleSheet("padding: 2px 0;")
        row = QHBoxLayout()
        row.setSpacing(4)
        for name in ("editGroup", "deleteGroup", "groupUp", "groupDown"):
            row.addWidget(self.buttons[name])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons["addGroup"])
        layout.addLayout(row)
        self._update_buttons()

    # -- contents ---------------------------------------------------------------------------
    def set_counts(self, counts: SidebarCounts) -> bool:
        """Show `counts`, keeping the line that was chosen (or 全部客户 when it is gone).
        True when another line had to be chosen (`entry_chosen` was emitted)."""
        chosen = self.current_key()
        self._groups = counts.groups
        self._entries = entries(counts)
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self._entries:
            if entry.key == "ungrouped" or entry.kind == FOLLOW_UPS:
                self._add_gap()
            item = QListWidgetItem(entry.title)
            item.setData(KEY_ROLE, entry.key)
            item.setData(COUNT_ROLE, entry.count)
            item.setSizeHint(QSize(0, 30))
            if entry.group is not None:
                item.setIcon(dot_icon(entry.group.color))
            self.list.addItem(item)
        self.list.blockSignals(False)
        moved = chosen is None or self.entry(chosen) is None
        self.choose(chosen or "all", emit=moved)
        return moved

    def _add_gap(self) -> None:
        gap = QListWidgetItem()
        gap.setFlags(Qt.ItemFlag.NoItemFlags)
        gap.setSizeHint(QSize(0, 8))
        self.list.addItem(gap)

    def entry(self, key: str | None) -> Entry | None:
        return next((e for e in self._entries if e.key == key), None)

    def current_key(self) -> str | None:
        item = self.list.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def current_entry(self) -> Entry | None:
        return self.entry(self.current_key())

    def row_of(self, key: str) -> int | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == key:
                return row
        return None

    def choose(self, key: str, *, emit: bool = True) -> None:
        row = self.row_of(key)
        if row is None:
            row = self.row_of("all")
        self.list.blockSignals(True)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._update_buttons()
        if emit:
            self.entry_chosen.emit(self.current_entry())

    def text_of(self, key: str) -> str:
        row = self.row_of(key)
        return self.list.item(row).text() if row is not None else ""

    def count_of(self, key: str) -> int | None:
        row = self.row_of(key)
        return self.list.item(row).data(COUNT_ROLE) if row is not None else None

    # -- actions ----------------------------------------------------------------------------
    def _on_row_changed(self, _row: int) -> None:
        self._update_buttons()
        entry = self.current_entry()
        if entry is not None:
            self.entry_chosen.emit(entry)

    def current_group(self) -> GroupInfo | None:
        entry = self.current_entry()
        return entry.group if entry is not None else None

    def _edit(self) -> None:
        group = self.current_group()
        if group is not None:
            self.edit_requested.emit(group)

    def _delete(self) -> None:
        group = self.current_group()
        if group is not None and not group.built_in:
            self.delete_requested.emit(group)

    def _movable(self) -> list[GroupInfo]:
        return [g for g in self._groups if g.key != customers.BLACKLIST]

    def _move_step(self, group: GroupInfo, step: int) -> int:
        """The step in the full group order that moves `group` past its shown neighbour (the
        blacklist group has its own line lower down and is skipped)."""
        shown = self._movable()
        ids = [g.id for g in shown]
        if group.id not in ids:
            return 0
        target = ids.index(group.id) + step
        if not 0 <= target < len(shown):
            return 0
        full = [g.id for g in self._groups]
        return full.index(shown[target].id) - full.index(group.id)

    def _move(self, step: int) -> None:
        group = self.current_group()
        if group is None:
            return
        full_step = self._move_step(group, step)
        if full_step:
            self.move_requested.emit(group.id, full_step)

    def _update_buttons(self) -> None:
        entry = self.current_entry()
        group = entry.group if entry is not None else None
        movable = group is not None and group.key != customers.BLACKLIST
        self.buttons["editGroup"].setEnabled(group is not None)
        self.buttons["deleteGroup"].setEnabled(group is not None and not group.built_in)
        self.buttons["groupUp"].setEnabled(movable and self._move_step(group, -1) != 0)
        self.buttons["groupDown"].setEnabled(movable and self._move_step(group, 1) != 0)

    def context_menu(self) -> QMenu:
        """The right-click menu for the current line (built apart from showing it, for tests)."""
        menu = QMenu(self)
        group = self.current_group()
        if group is not None:
            menu.addAction(_("Rename / colour…"), self._edit)
            up = menu.addAction(_("Move up"), lambda: self._move(-1))
            up.setEnabled(self.buttons["groupUp"].isEnabled())
            down = menu.addAction(_("Move down"), lambda: self._move(1))
            down.setEnabled(self.buttons["groupDown"].isEnabled())
            delete = menu.addAction(_("Delete group…"), self._delete)
            delete.setEnabled(not group.built_in)
            menu.addSeparator()
        menu.addAction(_("New group…"), lambda: self.add_requested.emit())
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.list.setCurrentItem(item)
        self.context_menu().exec(self.list.viewport().mapToGlobal(pos))
