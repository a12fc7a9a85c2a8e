"""交接记录本: write the handover at shift change — the writer's own note first, then the state
of the shop prefilled below it (orders to ship before the cut-off, unpaid over 12 h, returns
waiting, red flags, follow-ups, open problems), to the other person — and the history, where the
addressee signs 已读.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, handovers, staff
from desk.core.handovers import HandoverRow
from desk.i18n import _
from desk.ui import messages
from desk.ui.notebook.handover_read import counts_text
from desk.ui.today import targets
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.refresh import RefreshWhenShown
from desk.ui.widgets.table_model import Column, Index, RowTableModel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

UNREAD_TEXT = QColor("#c05621")
READ_COLUMN = 3


def read_text(row: HandoverRow) -> str:
    if row.read_at is None:
        return _("Unread")
    return _("Read by {name} {time}").format(
        name=row.read_by_name or "—", time=row.read_at.strftime("%m-%d %H:%M")
    )


class HandoverModel(RowTableModel[HandoverRow]):
    def __init__(self, parent=None):
        super().__init__(
            (Column(_("Written"), lambda r: r.at.strftime("%m-%d %H:%M")),
             Column(_("From"), lambda r: r.from_name),
             Column(_("To"), lambda r: r.to_name or _("anyone")),
             Column(_("Read"), read_text)),
            parent,
        )  # fmt: skip

    def row_of(self, handover_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == handover_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() == READ_COLUMN
            and not self._rows[index.row()].is_read
        ):
            return QBrush(UNREAD_TEXT)  # fmt: skip
        return super().data(index, role)


class HandoverWriter(FieldErrorsMixin, QGroupBox):
    """The note being written: to whom, the writer's own note (first), the shop's state
    (prefilled, editable, saved after the note), save."""

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Write a handover"), parent)
        self._session = session
        self.summary = ""
        self._draft_text = ""
        self.to = QComboBox()
        self.to.setObjectName("handoverTo")
        self.body = QPlainTextEdit()  # the writer's own note: read first
        self.body.setObjectName("handoverText")
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(_("Your note first: what the next person must know — "
                                       "buyers to answer, orders to hold, what you promised…"))  # fmt: skip
        self.state = QPlainTextEdit()  # the shop's state, prefilled; stored after the note
        self.state.setObjectName("handoverState")
        self.state.setTabChangesFocus(True)
        self.state.setStyleSheet("color: #4a5568;")
        self.fill_button = QPushButton(_("Fill from the shop now"))
        self.fill_button.setObjectName("fillHandover")
        self.fill_button.setToolTip(_("Replaces the shop's state below with the state at this "
                                      "moment; your note stays"))  # fmt: skip
        self.fill_button.setAutoDefault(False)
        self.fill_button.clicked.connect(self.fill)
        self.save_button = QPushButton(_("Save handover"))
        self.save_button.setObjectName("saveHandover")
        self.save_button.setAutoDefault(False)
        self.rows = {"to_staff_id": FieldRow(self.to), "body": FieldRow(self.body)}
        form = QFormLayout()
        form.addRow(_("To"), self.rows["to_staff_id"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.fill_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        note_label = QLabel(_("Your note (the other person reads it first)"))
        note_label.setStyleSheet("font-weight: 600;")
        state_label = QLabel(_("The shop now (added below your note)"))
        state_label.setObjectName("fieldHint")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note_label)
        layout.addWidget(self.rows["body"], 2)
        layout.addWidget(state_label)
        layout.addWidget(self.state, 3)
        layout.addLayout(buttons)

    def set_people(self) -> None:
        me = self._session.desk_person_id()
        chosen = self.to.currentData()
        self.to.blockSignals(True)
        self.to.clear()
        for member in staff.list_staff():
            if member.id != me:
                self.to.addItem(member.name, member.id)
        self.to.addItem(_("Anyone"), None)
        other = staff.other_staff(me)
        wanted = chosen if chosen is not None and chosen != me else (other.id if other else None)
        self.to.setCurrentIndex(max(self.to.findData(wanted), 0))
        self.to.blockSignals(False)

    def state_edited(self) -> bool:
        """The shop's state was changed by hand (so filling again would lose that)."""
        typed = self.state.toPlainText().strip()
        return bool(typed) and typed != self._draft_text.strip()

    def fill(self) -> None:
        """The shop's state box from the shop now (asked first when it was edited by hand); the
        writer's note is kept."""
        if self.state_edited() and not messages.confirm(
            self, _("Replace your changes to the shop's state with the state now?"), _("Replace")
        ):
            return
        first = not self._draft_text  # a later refill keeps the addressee chosen
        draft = handovers.handover_draft(self._session.desk_person_id(), targets.now())
        self.summary = draft.summary
        self._draft_text = draft.text
        self.state.setPlainText(draft.text)
        if first and draft.to_staff_id is not None and self.to.findData(draft.to_staff_id) >= 0:
            self.to.setCurrentIndex(self.to.findData(draft.to_staff_id))

    def save(self) -> HandoverRow | None:
        self.clear_errors()
        done = self._session.bus.run_op(
            self, handovers.write_handover, self._session.desk_person_id(),
            self.to.currentData(), self.body.toPlainText(), self.summary, None,
            self.state.toPlainText(),
        )  # fmt: skip
        if done is None:
            return None
        self.body.clear()
        self.state.clear()
        self.summary = ""
        self._draft_text = ""
        return done[0]

    def show_field_error(self, field: str, message: str) -> bool:
        if field == "from_staff_id":
            return False
        return super().show_field_error(field, message)


class HandoverTab(QWidget):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.writer = HandoverWriter(session)
        self.writer.save_button.clicked.connect(self.save)
        self.unread_only = QCheckBox(_("Unread only"))
        self.unread_only.setObjectName("handoverUnreadOnly")
        self.unread_only.toggled.connect(self.reload)
        self.model = HandoverModel(self)
        self.view = list_view(self.model, "handoverList", multi=False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._show_current)
        self.model.modelReset.connect(self._show_current)
        self.detail_counts = QLabel()
        self.detail_counts.setObjectName("handoverDetailCounts")
        self.detail_counts.setWordWrap(True)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("handoverDetail")
        self.detail.setReadOnly(True)
        self.sign_button = QPushButton(_("Read (已读)"))
        self.sign_button.setObjectName("signSelectedHandover")
        self.sign_button.setAutoDefault(False)
        self.sign_button.clicked.connect(self.sign_current)
        history = QGroupBox(_("Handover history"))
        top = QHBoxLayout()
        top.addWidget(self.unread_only)
        top.addStretch(1)
        top.addWidget(self.sign_button)
        history_layout = QVBoxLayout(history)
        history_layout.addLayout(top)
        history_layout.addWidget(self.view, 2)
        history_layout.addWidget(self.detail_counts)
        history_layout.addWidget(self.detail, 1)
        splitter = QSplitter()
        splitter.addWidget(self.writer)
        splitter.addWidget(history)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(splitter, 1)
        self.refresher = RefreshWhenShown(self, session.bus, (changes.NOTEBOOK, changes.STAFF),
                                          self.refresh)  # fmt: skip

    def refresh(self) -> None:
        self.refresher.dirty = False
        self.writer.set_people()
        if not self.writer.state_edited():
            self.writer.fill()  # the state as it is now; the note being typed stays
        self.reload()

    def reload(self, *args) -> None:
        current = self.current()
        me = self._session.desk_person_id()
        if self.unread_only.isChecked():
            rows = handovers.unread_for(me)
        else:
            rows = handovers.list_handovers()
        self.model.set_rows(rows)
        if current is not None and self.model.row_of(current.id) is not None:
            self.view.selectRow(self.model.row_of(current.id))
        elif rows:
            self.view.selectRow(0)

    def show_unread(self) -> None:
        self.unread_only.setChecked(True)
        self.reload()

    def current(self) -> HandoverRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def _show_current(self, *args) -> None:
        row = self.current()
        self.detail.setPlainText(row.body if row else "")
        self.detail_counts.setText(counts_text(row) if row else "")
        me = self._session.desk_person_id()
        can_sign = (row is not None and not row.is_read
                    and (row.to_staff_id == me or (row.to_staff_id is None
                                                   and row.from_staff_id != me)))  # fmt: skip
        self.sign_button.setEnabled(can_sign)

    def save(self) -> HandoverRow | None:
        row = self.writer.save()
        if row is not None:
            messages.flash(
                self, _("Handover saved for {name}.").format(name=row.to_name or _("anyone"))
            )
        return row

    def sign_current(self) -> bool:
        row = self.current()
        if row is None:
            return False
        me = self._session.desk_person_id()
        return self._session.bus.run_op(self, handovers.sign_handover, row.id, me) is not None
