"""The unread handover shown first to the person who comes to the desk: who wrote it and when, the
writer's own note on top, then — set apart below — the shop's state and counts when it was
written, and 已读 which signs it. Several unread notes are
shown one after another, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import handovers
from desk.core.handovers import HandoverRow
from desk.i18n import _

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


def handover_heading(row: HandoverRow) -> str:
    to = row.to_name or _("anyone")
    return _("{time} · from {writer} to {reader}").format(
        time=row.at.strftime("%Y-%m-%d %H:%M"), writer=row.from_name or "—", reader=to
    )


def counts_text(row: HandoverRow) -> str:
    parts = [f"{handovers.section_label(key)} {count}" for key, count in row.counts if count]
    return " · ".join(parts)


class HandoverReadDialog(QDialog):
    def __init__(self, session: ShopSession, staff_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("handoverReadDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._session = session
        self._staff_id = staff_id
        self.row: HandoverRow | None = None
        self.setWindowTitle(_("Handover note for you"))
        self.heading = QLabel()
        self.heading.setObjectName("handoverHeading")
        self.heading.setStyleSheet("font-weight: 600;")
        self.remaining = QLabel()
        self.remaining.setObjectName("fieldHint")
        self.counts = QLabel()
        self.counts.setObjectName("handoverCounts")
        self.counts.setWordWrap(True)
        self.body = QPlainTextEdit()  # the writer's own note
        self.body.setObjectName("handoverBody")
        self.body.setReadOnly(True)
        self.body.setStyleSheet("font-size: 11pt;")
        self.body.setPlaceholderText(_("No note of their own: only the shop's state below."))
        self.state_heading = QLabel(_("The shop when it was written"))
        self.state_heading.setObjectName("handoverStateHeading")
        self.state_heading.setStyleSheet(
            "font-weight: 600; color: #4a5568; border-top: 1px solid #cbd5e0; padding-top: 6px;"
        )
        self.state = QPlainTextEdit()  # the shop's state, below the note
        self.state.setObjectName("handoverState")
        self.state.setReadOnly(True)
        self.state.setStyleSheet("color: #4a5568;")
        buttons = QDialogButtonBox()
        self.sign_button = QPushButton(_("Read (已读)"))
        self.sign_button.setObjectName("signHandover")
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        later = buttons.addButton(_("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        later.setObjectName("handoverLater")
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 2)
        layout.addWidget(self.state_heading)
        layout.addWidget(self.counts)
        layout.addWidget(self.state, 3)
        layout.addWidget(self.remaining)
        layout.addWidget(buttons)
        self.resize(600, 560)
        self.load()

    def load(self) -> bool:
        """The newest unread note; False when none is left."""
        unread = handovers.unread_for(self._staff_id)
        if not unread:
            self.row = None
            return False
        self.row = unread[0]
        self.heading.setText(handover_heading(self.row))
        self.counts.setText(counts_text(self.row))
        self.counts.setVisible(bool(self.counts.text()))
        self.body.setPlainText(self.row.note)
        self.state.setPlainText(self.row.state)
        self.state.setVisible(bool(self.row.state))
        self.state_heading.setVisible(bool(self.row.state or self.counts.text()))
        more = len(unread) - 1
        self.remaining.setText(
            _("{count} more unread after this one.").format(count=more) if more else ""
        )
        return True

    def sign(self) -> bool:
        if self.row is None:
            return False
        done = self._session.bus.run_op(self, handovers.sign_handover, self.row.id, self._staff_id)
        if done is None:
            return False
        if not self.load():
            self.accept()
        return True
