"""The selected reply: its title, where it is filed, and its text as it will be pasted."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.core.replies import ReplyRow
from desk.i18n import _
from desk.ui.replies.preview import preview_html
from desk.ui.replies.reply_table import shortcode_text


class ReplyView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("replyTitleLabel")
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold; color: #1a202c;")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("fieldHint")
        self.preview = QTextBrowser()
        self.preview.setObjectName("replyPreview")
        self.preview.setOpenLinks(False)
        self.preview.setMinimumHeight(110)
        self.preview.setStyleSheet(
            "QTextBrowser { font-size: 11pt; border: 1px solid #cbd2dc; border-radius: 4px;"
            " background: #ffffff; padding: 4px; }"
        )
        self.missing = QLabel()
        self.missing.setObjectName("replyMissing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b35c00;")
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setObjectName("copyReply")
        self.copy_button.setDefault(True)  # drawn as the main action (Enter in the list)
        self.copy_button.setToolTip(_("Enter, or double-click the reply"))
        self.edit_button = QPushButton(_("Edit"))
        self.edit_button.setObjectName("editReply")
        self.edit_button.setToolTip("F2")
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setObjectName("deleteReply")
        self.delete_button.setToolTip(_("Delete key"))
        self.note = QLabel()
        self.note.setObjectName("copiedNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #1e7d32;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.missing)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self.show_reply(None, {})

    def show_reply(self, reply: ReplyRow | None, values: dict[str, str]) -> None:
        for button in (self.copy_button, self.edit_button, self.delete_button):
            button.setEnabled(reply is not None)
        if reply is None:
            self.title.setText(_("No reply selected"))
            self.meta.setText("")
            self.preview.setHtml("")
            self.missing.setText("")
            return
        self.title.setText(reply.title)
        parts = [reply.group_name, shortcode_text(reply),
                 _("used: {count}").format(count=reply.use_count)]  # fmt: skip
        self.meta.setText("  ·  ".join(p for p in parts if p))
        text, missing = preview_html(reply.body, values)
        self.preview.setHtml(text)
        self.missing.setText(
            _("Asked for when you copy: {names}").format(names="、".join(missing))
            if missing
            else ""
        )
        self.missing.setVisible(bool(missing))

    def set_note(self, text: str) -> None:
        self.note.setText(text)
