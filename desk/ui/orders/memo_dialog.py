"""备注 and 旗帜 of one order: the memo history (who, when, what, its flag), the flag colours with
their meanings, and a new memo. Opening it marks the memos read by the person at the desk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk.core import order_memos, orders
from desk.core.orders import OrderDetail
from desk.i18n import _
from desk.models.orders import FLAGS
from desk.ui.orders.list_model import FLAG_COLORS, flag_icon
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

NO_FLAG = ""


def memo_html(detail: OrderDetail) -> str:
    """The history, oldest first: time · who · ● flag · text."""
    from html import escape

    if not detail.memos:
        return "<p style='color:#8a94a6'>" + escape(_("No memos yet.")) + "</p>"
    parts = []
    for memo in detail.memos:
        dot = ""
        if memo.flag in FLAG_COLORS:
            dot = f"<span style='color:{FLAG_COLORS[memo.flag]}'>●</span> "
        who = escape(memo.staff_name or "")
        unread = "" if memo.read_at else " <b>" + escape(_("(new)")) + "</b>"
        text = escape(memo.text).replace("\n", "<br>")
        parts.append(f"<p style='margin:2px 0'><span style='color:#4a5568'>"
                     f"{memo.at:%m-%d %H:%M} {who}</span>{unread}<br>{dot}{text}</p>")
    return "".join(parts)


class MemoDialog(FieldErrorsMixin, QDialog):
    def __init__(self, session: ShopSession, order_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("memoDialog")
        self._session = session
        self.order_id = order_id
        if orders.get_order(order_id).unread_memos and session.desk_person_id() is not None:
            session.bus.run_op(self, order_memos.mark_memos_read, order_id,
                               session.desk_person_id())
        detail = orders.get_order(order_id)
        self.setWindowTitle(_("Memos of order {number}").format(number=detail.number))
        self.history = QTextBrowser()
        self.history.setObjectName("memoHistory")
        self.history.setHtml(memo_html(detail))
        self.flags = QButtonGroup(self)
        self.flags.setExclusive(True)
        flag_row = QVBoxLayout()
        flag_row.setSpacing(2)
        for key in (*FLAGS, NO_FLAG):
            button = QPushButton(flag_icon(key), orders.flag_label(key) if key else _("No flag"))
            button.setObjectName(f"flag_{key or 'none'}")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setStyleSheet("text-align: left; padding: 3px 8px;")
            button.setProperty("flag", key)
            self.flags.addButton(button)
            flag_row.addWidget(button)
            if key == (detail.flag or NO_FLAG):
                button.setChecked(True)
        self._initial_flag = detail.flag
        self.text = QPlainTextEdit()
        self.text.setObjectName("memoText")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(
            _("Staff no., courier, delay reason, gift or refund… (Ctrl+Enter saves)"))
        self.rows = {"memo": FieldRow(self.text), "flag": FieldRow(QLabel())}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        side.addWidget(QLabel(_("Flag")))
        side.addLayout(flag_row)
        side.addStretch(1)
        main = QVBoxLayout()
        main.addWidget(QLabel(_("History")))
        main.addWidget(self.history, 2)
        main.addWidget(QLabel(_("New memo")))
        main.addWidget(self.rows["memo"], 1)
        columns = QHBoxLayout()
        columns.addLayout(main, 3)
        columns.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.rows["flag"])
        layout.addWidget(buttons)
        self.resize(720, 460)
        self.text.setFocus()

    def chosen_flag(self) -> str | None:
        button = self.flags.checkedButton()
        key = button.property("flag") if button is not None else NO_FLAG
        return key or None

    def choose_flag(self, key: str | None) -> None:
        for button in self.flags.buttons():
            if button.property("flag") == (key or NO_FLAG):
                button.setChecked(True)

    def keyPressEvent(self, event) -> None:
        from PySide6.QtCore import Qt

        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        """A memo (carrying the chosen flag) when text was written; else only the flag."""
        self.clear_errors()
        staff_id = self._session.desk_person_id()
        flag = self.chosen_flag()
        text = self.text.toPlainText()
        if text.strip():
            done = self._session.bus.run_op(self, order_memos.add_memo, self.order_id, text,
                                            flag, staff_id)
            if done is not None and flag is None and self._initial_flag is not None:
                done = self._session.bus.run_op(self, order_memos.set_flag, self.order_id, None,
                                                staff_id)
        elif flag != self._initial_flag:
            done = self._session.bus.run_op(self, order_memos.set_flag, self.order_id, flag,
                                            staff_id)
        else:
            done = True
        if done is not None:
            super().accept()
