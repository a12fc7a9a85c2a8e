"""Writing or changing a quick reply: group, title, shortcode and the text with placeholders.

Save (Enter in a one-line field, Ctrl+Enter or Ctrl+S in the text) goes through the replies
service; a refused field shows its message in place and the dialog stays open. The placeholder
buttons insert ``{买家}`` … at the cursor of the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import replies
from desk.core.replies import GroupRow, ReplyDraft, ReplyRow
from desk.i18n import N_, _
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PLACEHOLDER_HINTS = {
    "买家": N_("the buyer's name or nickname"),
    "订单号": N_("the order number"),
    "快递": N_("the courier"),
    "单号": N_("the tracking number"),
    "货号": N_("the item code"),
    "颜色": N_("the colour"),
    "尺码": N_("the size"),
    "尺码表": N_("the product's size chart"),
    "店名": N_("your shop's name (Settings)"),
}


class ReplyDialog(FieldErrorsMixin, QDialog):
    def __init__(
        self,
        session: ShopSession,
        groups: list[GroupRow],
        reply: ReplyRow | None = None,
        group_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("replyDialog")
        self._session = session
        self._reply = reply
        self.saved: ReplyRow | None = None
        self.setWindowTitle(_("Edit quick reply") if reply else _("New quick reply"))
        self.setMinimumWidth(520)

        self.group = QComboBox()
        self.group.setObjectName("replyGroup")
        for group in groups:
            self.group.addItem(group.name, group.id)
        wanted = reply.group_id if reply else group_id
        self.group.setCurrentIndex(max(self.group.findData(wanted), 0))
        self.title_edit = QLineEdit(reply.title if reply else "")
        self.title_edit.setObjectName("replyTitle")
        self.title_edit.setMaxLength(replies.MAX_TITLE)
        self.title_edit.setPlaceholderText(_("e.g. Reminder to pay"))
        self.shortcode = QLineEdit(reply.shortcode or "" if reply else "")
        self.shortcode.setObjectName("replyShortcode")
        self.shortcode.setMaxLength(replies.MAX_SHORTCODE)
        self.shortcode.setPlaceholderText(_("e.g. cf: type /cf in the search box to find it"))
        self.body = QPlainTextEdit(reply.body if reply else "")
        self.body.setObjectName("replyBody")
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(
            _("What you paste into the chat. Placeholders such as {buyer} are filled in when "
              "you copy.").format(buyer="{买家}")
        )  # fmt: skip
        self.body.setMinimumHeight(130)
        self.rows = {
            "group": FieldRow(self.group),
            "title": FieldRow(self.title_edit),
            "shortcode": FieldRow(self.shortcode),
            "body": FieldRow(self.body),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Group"), self.rows["group"])
        form.addRow(_("Title"), self.rows["title"])
        form.addRow(_("Shortcode"), self.rows["shortcode"])
        form.addRow(_("Text"), self.rows["body"])
        form.addRow(_("Insert"), self._placeholder_buttons())

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveReply")
        self.save_button.setDefault(True)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in (QKeySequence.StandardKey.Save, QKeySequence("Ctrl+Return"),
                     QKeySequence("Ctrl+Enter")):  # fmt: skip
            QShortcut(keys, self).activated.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.body if reply else self.title_edit).setFocus()

    def _placeholder_buttons(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for index, name in enumerate(replies.PLACEHOLDERS):
            button = QPushButton("{" + name + "}")
            button.setObjectName(f"insert_{name}")
            button.setToolTip(_(PLACEHOLDER_HINTS[name]) if name in PLACEHOLDER_HINTS else "")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the text
            button.setAutoDefault(False)
            button.setStyleSheet("padding: 2px 6px;")
            button.clicked.connect(lambda _checked=False, n=name: self.insert_placeholder(n))
            grid.addWidget(button, index // 5, index % 5)
        return box

    def insert_placeholder(self, name: str) -> None:
        self.body.insertPlainText("{" + name + "}")
        self.body.setFocus()

    def draft(self) -> ReplyDraft:
        return ReplyDraft(
            group_id=self.group.currentData(),
            title=self.title_edit.text(),
            body=self.body.toPlainText(),
            shortcode=self.shortcode.text() or None,
        )

    def save(self) -> bool:
        self.clear_errors()
        if self._reply is None:
            done = self._session.bus.run_op(self, replies.create_reply, self.draft())
        else:
            done = self._session.bus.run_op(
                self, replies.update_reply, self._reply.id, self.draft()
            )
        if done is None:
            return False
        self.saved = done[0]
        self.accept()
        return True
