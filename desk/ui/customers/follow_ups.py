"""The follow-up queue (回访): who to contact today, who was missed (red), and optionally later ones.

完成… and 跳过… ask for a short note (what the buyer said, or why it was skipped); 改期… picks a
new date. Enter or a double-click opens the customer. `add_follow_up_dialog` is the small dialog
the customer card opens to plan a follow-up (due date, reason).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, customers, follow_ups
from desk.core.errors import DomainError
from desk.core.follow_ups import FollowUpRow
from desk.i18n import _
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow
from desk.ui.widgets.table_model import Column, Index, RowTableModel
from desk.ui.widgets.refresh import RefreshWhenShown

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

OVERDUE_TEXT = QColor("#d93025")
DUE_COLUMN = 3
DEFAULT_DAYS = 3


def due_text(row: FollowUpRow, today: datetime.date) -> str:
    days = (row.due_date - today).days
    day = row.due_date.isoformat()
    if days == 0:
        return _("{date} (today)").format(date=day)
    if days < 0:
        return _("{date} ({days} days overdue)").format(date=day, days=-days)
    return day


def reason_of(row: FollowUpRow) -> str:
    if row.reason == "custom" and row.reason_text:
        return row.reason_text
    return row.reason_label


def remark_of(row: FollowUpRow) -> str:
    """What was written with the reason (a custom reason is shown as the reason itself)."""
    return "" if row.reason == "custom" else row.reason_text


class FollowUpModel(RowTableModel[FollowUpRow]):
    def __init__(self, parent=None):
        self.today = datetime.date.today()
        super().__init__(
            (Column(_("Customer"), lambda r: r.customer_name or "—"),
             Column(_("Nick"), lambda r: r.customer_nick),
             Column(_("Reason"), reason_of),
             Column(_("Due date"), lambda r: due_text(r, self.today)),
             Column(_("Notes"), remark_of)),
            parent,
        )  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(OVERDUE_TEXT)
        if (
            role == Qt.ItemDataRole.FontRole
            and index.column() == DUE_COLUMN
            and (row.overdue or row.due_date == self.today)
        ):
            font = QFont()
            font.setBold(True)
            return font
        return super().data(index, role)


# -- small dialogs (module functions, so the panel reads simply) -------------------------------
class NoteDialog(QDialog):
    """One line of text; Enter confirms, Esc cancels."""

    def __init__(self, title: str, prompt: str, placeholder: str, ok: str,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("noteDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.note = QLineEdit()
        self.note.setObjectName("followUpNote")
        self.note.setPlaceholderText(placeholder)
        self.note.setMaxLength(follow_ups.MAX_NOTE)
        buttons = QDialogButtonBox()
        ok_button = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        ok_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole).setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.note)
        layout.addWidget(buttons)


class DateDialog(QDialog):
    def __init__(self, title: str, prompt: str, initial: datetime.date,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("dateDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(360)
        self.date = date_edit(initial)
        buttons = QDialogButtonBox()
        ok_button = buttons.addButton(_("Change date"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole).setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addLayout(quick_dates(self.date))
        layout.addLayout(row)
        layout.addWidget(buttons)


def date_edit(initial: datetime.date) -> QDateEdit:
    edit = QDateEdit(QDate(initial))
    edit.setObjectName("dueDate")
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(datetime.date.today()))
    edit.setMinimumWidth(130)
    return edit


def quick_dates(edit: QDateEdit) -> QHBoxLayout:
    """Buttons that set the date a few days, a week or a month from today."""
    row = QHBoxLayout()
    for days, text in ((3, _("In 3 days")), (7, _("In a week")), (30, _("In a month"))):
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(
            lambda _c=False, d=days: edit.setDate(QDate(datetime.date.today()).addDays(d))
        )
        row.addWidget(button)
    row.addStretch(1)
    return row


def ask_note(parent: QWidget | None, title: str, prompt: str, placeholder: str,
             ok: str) -> str | None:  # fmt: skip
    dialog = NoteDialog(title, prompt, placeholder, ok, parent)
    try:
        return dialog.note.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_date(parent: QWidget | None, title: str, prompt: str,
             initial: datetime.date) -> datetime.date | None:  # fmt: skip
    dialog = DateDialog(title, prompt, initial, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.date.date().toPython()
    finally:
        dialog.deleteLater()


# -- the queue --------------------------------------------------------------------------------
class FollowUpPanel(QWidget):
    customer_opened = Signal(int)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("followUpPanel")
        self._session = session
        self.summary = QLabel()
        self.summary.setObjectName("followUpSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.include_future = QCheckBox(_("Also show later ones"))
        self.include_future.setObjectName("includeFuture")
        self.include_future.toggled.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.include_future)

        self.model = FollowUpModel(self)
        self.view = list_view(self.model, "followUpList", multi=False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.activated.connect(self._open)  # Enter, or a double-click
        self.empty = QLabel(_("Nothing to follow up today. Follow-ups are planned from a "
                              "customer's card (Add follow-up)."))  # fmt: skip
        self.empty.setObjectName("pageHint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.hide()

        self.done_button = QPushButton(_("Done…"))
        self.done_button.setObjectName("followUpDone")
        self.skip_button = QPushButton(_("Skip…"))
        self.skip_button.setObjectName("followUpSkip")
        self.reschedule_button = QPushButton(_("Change date…"))
        self.reschedule_button.setObjectName("followUpReschedule")
        self.done_button.clicked.connect(lambda: self.finish_current("done"))
        self.skip_button.clicked.connect(lambda: self.finish_current("skipped"))
        self.reschedule_button.clicked.connect(self.reschedule_current)
        buttons = QHBoxLayout()
        for button in (self.done_button, self.skip_button, self.reschedule_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self._watch = RefreshWhenShown(self, session.bus, (changes.CUSTOMERS,), self.refresh)
        self._update_buttons()

    # -- loading ---------------------------------------------------------------------------


    def refresh(self) -> None:
        self._watch.dirty = False
        current = self.current_row()
        today = datetime.date.today()
        rows = follow_ups.follow_up_queue(today, include_future=self.include_future.isChecked())
        self.model.today = today
        self.model.set_rows(rows)
        overdue = sum(1 for r in rows if r.overdue)
        due_today = sum(1 for r in rows if r.due_date == today)
        later = sum(1 for r in rows if r.due_date > today)
        parts = [
            f'<span style="color:#d93025">{_("{count} overdue").format(count=overdue)}</span>'
            if overdue else _("{count} overdue").format(count=0),
            _("{count} due today").format(count=due_today),
        ]  # fmt: skip
        if self.include_future.isChecked():
            parts.append(_("{count} later").format(count=later))
        self.summary.setText("　·　".join(parts))
        has_rows = bool(rows)
        self.view.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if has_rows:
            ids = [r.id for r in rows]
            index = ids.index(current.id) if current is not None and current.id in ids else 0
            self.view.selectRow(index)
        self._update_buttons()

    # -- actions ---------------------------------------------------------------------------
    def current_row(self) -> FollowUpRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or not 0 <= index.row() < self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def _update_buttons(self) -> None:
        has_rows = self.model.rowCount() > 0
        for button in (self.done_button, self.skip_button, self.reschedule_button):
            button.setEnabled(has_rows)

    def _who(self, row: FollowUpRow) -> str:
        return row.customer_name or row.customer_nick

    def finish_current(self, status: str) -> None:
        row = self.current_row()
        if row is None:
            return
        if status == "done":
            note = ask_note(
                self, _("Follow-up done — {who}").format(who=self._who(row)),
                _("What did the buyer say? (optional)"),
                _("e.g. received it, the size fits"), _("Mark done"),
            )  # fmt: skip
        else:
            note = ask_note(
                self, _("Skip follow-up — {who}").format(who=self._who(row)),
                _("Why is it skipped? (optional)"),
                _("e.g. already asked in the chat"), _("Skip"),
            )  # fmt: skip
        if note is None:
            return
        self._session.bus.run_op(
            self, follow_ups.finish_follow_up, row.id, status, note,
            staff_id=self._session.desk_person_id(),
        )  # fmt: skip

    def reschedule_current(self) -> None:
        row = self.current_row()
        if row is None:
            return
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        new_date = ask_date(
            self, _("Change date — {who}").format(who=self._who(row)),
            _("Follow up on:"), max(row.due_date, tomorrow),
        )  # fmt: skip
        if new_date is None:
            return
        self._session.bus.run_op(self, follow_ups.reschedule_follow_up, row.id, new_date)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.customer_opened.emit(self.model.row_at(index.row()).customer_id)


# -- planning one -------------------------------------------------------------------------------
class AddFollowUpDialog(FieldErrorsMixin, QDialog):
    def __init__(self, session: ShopSession, customer_id: int, who: str,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("addFollowUpDialog")
        self.setWindowTitle(_("Add follow-up — {who}").format(who=who) if who
                            else _("Add follow-up"))  # fmt: skip
        self.setMinimumWidth(460)
        self._session = session
        self.customer_id = customer_id
        self.added = None
        today = datetime.date.today()
        self.due = date_edit(today + datetime.timedelta(days=DEFAULT_DAYS))
        self.reason = QComboBox()
        self.reason.setObjectName("followUpReason")
        for key in follow_ups.REASONS:
            self.reason.addItem(follow_ups.reason_label(key), key)
        self.reason.currentIndexChanged.connect(self._on_reason_changed)
        self.text = QLineEdit()
        self.text.setObjectName("followUpText")
        self.text.setMaxLength(follow_ups.MAX_REASON_TEXT)
        due_row = QWidget()
        due_layout = QHBoxLayout(due_row)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due)
        due_layout.addLayout(quick_dates(self.due))
        self.rows = {
            "due_date": FieldRow(due_row),
            "reason": FieldRow(self.reason),
            "reason_text": FieldRow(self.text),
        }
        form = QFormLayout()
        form.addRow(_("Follow up on"), self.rows["due_date"])
        form.addRow(_("Reason"), self.rows["reason"])
        form.addRow(_("What about"), self.rows["reason_text"])
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton(_("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addFollowUp")
        self.add_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole).setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._on_reason_changed()
        self.due.setFocus()

    def _on_reason_changed(self) -> None:
        custom = self.reason.currentData() == "custom"
        self.text.setPlaceholderText(
            _("What to ask or tell the buyer") if custom else _("A note (optional)")
        )

    def save(self) -> None:
        self.clear_errors()
        done = self._session.bus.run_op(
            self, follow_ups.add_follow_up, self.customer_id, self.due.date().toPython(),
            self.reason.currentData(), self.text.text(), staff_id=self._session.desk_person_id(),
        )  # fmt: skip
        if done is None:
            return
        self.added = done[0]
        self.accept()


def add_follow_up_dialog(parent: QWidget | None, session: ShopSession, customer_id: int) -> bool:
    """Plan a follow-up for the customer (modal); True when one was added."""
    who = ""
    try:
        detail = customers.get_customer(customer_id)
        who = detail.display_name
    except DomainError:
        pass  # the service refuses the add with its own message
    dialog = AddFollowUpDialog(session, customer_id, who, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
