"""Quick replies (快捷回复): find a reply, copy it filled in, paste it into the chat.

Keyboard: Ctrl+F searches (by shortcode ``/cf`` or ``cf``, title, text or title pinyin); Enter
in the search box or in the list copies the reply with its placeholders filled (a small dialog
asks for what is still missing); Ctrl+N writes a new reply, F2 edits, Delete deletes (in the groups list: the user's own group). Each copy
counts a use. On the first show a file without replies gets the starter library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, replies
from desk.core.changes import Changes
from desk.core.replies import ReplyRow
from desk.i18n import _
from desk.ui import messages
from desk.ui.replies.context_box import ContextBox, ContextProvider
from desk.ui.replies.group_list import GroupList
from desk.ui.replies.reply_dialog import ReplyDialog
from desk.ui.replies.reply_table import ReplyTable, ReplyTableModel
from desk.ui.replies.reply_view import ReplyView
from desk.ui.replies.small_dialogs import MissingValuesDialog

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

KINDS = (changes.REPLIES, changes.PRODUCTS, changes.SETTINGS)  # the list, {尺码表}, {店名}
PANEL_KEYS = (QKeySequence.StandardKey.Find, QKeySequence.StandardKey.New)
#: the app's stylesheet draws the default button blue even when it is disabled
DISABLED_DEFAULT = (
    "QPushButton:default:disabled { background: #e2e8f0; border-color: #cbd2dc; color: #8a94a6; }"
)


class RepliesPanel(QWidget):
    def __init__(self, session: ShopSession, context_provider: ContextProvider | None = None,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("repliesPanel")
        self.setStyleSheet(DISABLED_DEFAULT)
        self._session = session
        self._dirty = True
        self._library_checked = False
        self.reply_dialog: ReplyDialog | None = None  # the open dialogs, for tests and focus
        self.ask_dialog: MissingValuesDialog | None = None

        self.groups = GroupList(session)
        self.groups.selected.connect(lambda _group: self._reload(select_first=True))

        self.search = QLineEdit()
        self.search.setObjectName("replySearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Shortcode, title or text (Ctrl+F)"))
        self.search.textChanged.connect(self._on_search_changed)
        self.search.returnPressed.connect(self.copy_current)
        self.search.installEventFilter(self)
        self.sort = QComboBox()
        self.sort.setObjectName("replySort")
        self.sort.addItem(_("Most used first"), "use")
        self.sort.addItem(_("By title"), "title")
        self.sort.currentIndexChanged.connect(lambda _i: self._reload())
        self.model = ReplyTableModel(self)
        self.table = ReplyTable()
        self.table.set_model(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current())
        self.table.enter_pressed.connect(self.copy_current)
        self.table.doubleClicked.connect(lambda _index: self.copy_current())
        for keys, slot in ((QKeySequence(QKeySequence.StandardKey.Copy), self.copy_current),
                           (QKeySequence(Qt.Key.Key_F2), self.edit_reply),
                           (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_reply)):  # fmt: skip
            shortcut = QShortcut(keys, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        self.context_box = ContextBox(context_provider)
        self.context_box.changed.connect(self._show_current)
        self.view = ReplyView()
        self.view.copy_button.clicked.connect(self.copy_current)
        self.view.edit_button.clicked.connect(self.edit_reply)
        self.view.delete_button.clicked.connect(self.delete_reply)
        self.new_button = QPushButton(_("New reply"))
        self.new_button.setObjectName("newReply")
        self.new_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.New).toString(
                QKeySequence.SequenceFormat.NativeText
            )
        )
        self.new_button.clicked.connect(self.new_reply)

        self._layout()
        self.setFocusProxy(self.search)
        session.bus.changed.connect(self._on_changes)

    def _layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.sort)
        tools.addWidget(self.new_button)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(tools)
        column.addWidget(self.table, 1)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.view, 1)
        side.addWidget(self.context_box)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        for widget, stretch in ((self.groups, 0), (middle, 1), (right, 0)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setSizes([170, 440, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- loading --------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._library_checked:
            self._library_checked = True
            self._dirty = True
            self.ensure_library()
        if self._dirty:
            self.refresh()
        else:
            self._show_current()  # the selected customer/order/product may have changed

    def ensure_library(self) -> None:
        """The built-in groups, and the starter replies when the file has no reply at all."""
        bus = self._session.bus
        if bus.run_op(self, replies.ensure_groups) is None:
            return
        if not any(g.reply_count for g in replies.list_groups()):
            bus.run_op(self, replies.install_starter_library)

    def _on_changes(self, done: Changes) -> None:
        if not done.concerns(*KINDS):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def refresh(self) -> None:
        """Reload the groups and the list, keeping the group, search and selected reply."""
        self._dirty = False
        self.groups.set_groups(replies.list_groups(), self.groups.current_id())
        self._reload()

    def _reload(self, select_first: bool = False, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self._current_id()
        rows = replies.search_replies(
            self.search.text(), self.groups.current_id(), self.sort.currentData()
        )
        self.model.set_rows(rows)
        row = None if select_first else self.model.row_of(keep) if keep is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._show_current()

    def _on_search_changed(self, text: str) -> None:
        if text.strip() and self.groups.current_id() is not None:
            self.groups.select(None, signal=False)  # a search looks in every group
        self._reload(select_first=True)

    # -- the selected reply ---------------------------------------------------------------
    def current_reply(self) -> ReplyRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _current_id(self) -> int | None:
        reply = self.current_reply()
        return reply.id if reply else None

    def _show_current(self) -> None:
        reply = self.current_reply()
        values = {}
        if reply is not None:
            values = self.context_box.values(replies.placeholders_in(reply.body))
        self.view.show_reply(reply, values)
        self.context_box.show_fallbacks()

    def select_reply(self, reply_id: int) -> None:
        """Show `reply_id` in the list, leaving a search or group it is not in."""
        if self.model.row_of(reply_id) is None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.groups.select(None, signal=False)
        self._reload(select_id=reply_id)

    # -- copying --------------------------------------------------------------------------
    def copy_current(self) -> None:
        reply = self.current_reply()
        if reply is None:
            return
        values = self.context_box.values(replies.placeholders_in(reply.body))
        filled = replies.fill(reply.body, values)
        if not filled.missing:
            self._copy(reply, filled.text)
            return
        dialog = MissingValuesDialog(filled.missing, reply.title, self)
        dialog.setStyleSheet(DISABLED_DEFAULT)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._copy(reply, replies.fill(reply.body, values | dialog.values()).text)
        )
        dialog.finished.connect(lambda _r, d=dialog: self._forget("ask_dialog", d))
        self.ask_dialog = dialog
        dialog.open()

    def _copy(self, reply: ReplyRow, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.view.set_note(_("Copied “{title}”: paste it into the chat.").format(title=reply.title))
        self._session.bus.run_op(self, replies.record_use, reply.id)
        if self.search.hasFocus():
            self.search.selectAll()  # typing the next shortcode replaces this one

    # -- replies --------------------------------------------------------------------------
    def new_reply(self) -> None:
        self._open_reply_dialog(None)

    def edit_reply(self) -> None:
        reply = self.current_reply()
        if reply is not None:
            self._open_reply_dialog(reply)

    def _open_reply_dialog(self, reply: ReplyRow | None) -> None:
        dialog = ReplyDialog(self._session, replies.list_groups(), reply,
                             self.groups.current_id(), self)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: dialog.saved and self.select_reply(dialog.saved.id))
        dialog.finished.connect(lambda _r, d=dialog: self._forget("reply_dialog", d))
        self.reply_dialog = dialog
        dialog.open()

    def delete_reply(self) -> None:
        reply = self.current_reply()
        if reply is None:
            return
        text = _("Delete the reply “{title}”? This cannot be undone.").format(title=reply.title)
        if messages.confirm(self, text, _("Delete")):
            self._session.bus.run_op(self, replies.delete_reply, reply.id)

    def _forget(self, attr: str, dialog: QWidget) -> None:
        if getattr(self, attr) is dialog:
            setattr(self, attr, None)

    # -- keyboard -------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        """Inside the panel, Ctrl+F and Ctrl+N are the panel's, not the page's around it."""
        if event.type() == QEvent.Type.ShortcutOverride and any(
            event.matches(keys) for keys in PANEL_KEYS
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Find):
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()
        elif event.matches(QKeySequence.StandardKey.New):
            self.new_reply()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down or Page Down in the search box goes on into the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)
