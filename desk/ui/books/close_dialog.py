"""日结: close a day. The day's summary (orders, items, sales, refunds, postage, other expenses and
income, net), then per account the expected balance against the counted one typed in, with the
variance shown as it is typed; a variance other than zero needs a comment at that account.
Automatic entries not yet confirmed must be confirmed first (one button does it). Closing locks
the day; then the daily report can be printed, saved as PDF or xlsx (`ReportActions`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import books
from desk.core.books import CountedBalance, DaySummary
from desk.core.errors import DomainError, ValidationError
from desk.core.money import format_yuan, parse_yuan
from desk.i18n import N_, _
from desk.ui.books.reports import ReportActions
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

FIGURES = (
    ("orders", N_("Orders paid")),
    ("items", N_("Items")),
    ("sales_fen", N_("Sales")),
    ("refunds_fen", N_("Refunds")),
    ("postage_fen", N_("Postage")),
    ("other_expense_fen", N_("Other expenses")),
    ("other_income_fen", N_("Other income")),
    ("net_fen", N_("Net")),
)
OK_COLOR = "#2f855a"
OFF_COLOR = "#c53030"


def figure_text(summary: DaySummary, key: str) -> str:
    value = getattr(summary, key)
    return format_yuan(value, symbol=True) if key.endswith("_fen") else str(value)


def signed_yuan(fen: int) -> str:
    return ("+" if fen > 0 else "−" if fen < 0 else "") + format_yuan(abs(fen))


class CloseDayDialog(FieldErrorsMixin, QDialog):
    def __init__(self, session: ShopSession, day: datetime.date | None = None,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("closeDayDialog")
        self.setWindowTitle(_("Close the day (日结)"))
        self._session = session
        self.summary: DaySummary | None = None
        self.rows: dict[str, FieldRow] = {}
        self.counted: dict[int, QLineEdit] = {}
        self.comments: dict[int, QLineEdit] = {}
        self.variances: dict[int, QLabel] = {}
        day = day or datetime.date.today()
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setObjectName("closeDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate.currentDate())
        self.day.dateChanged.connect(lambda _d: self.load())
        self.state = QLabel()
        self.state.setObjectName("closeState")
        self.state.setWordWrap(True)
        self.figures: dict[str, QLabel] = {}
        figures_box = QGroupBox(_("The day"))
        grid = QGridLayout(figures_box)
        for n, (key, label) in enumerate(FIGURES):
            value = QLabel()
            value.setObjectName(f"figure_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.figures[key] = value
            grid.addWidget(QLabel(_(label)), n % 4, (n // 4) * 2)
            grid.addWidget(value, n % 4, (n // 4) * 2 + 1)
        self.pending_note = QLabel()
        self.pending_note.setObjectName("closePending")
        self.pending_note.setWordWrap(True)
        self.pending_note.setStyleSheet(f"color: {OFF_COLOR};")
        self.confirm_button = QPushButton(_("Confirm them now"))
        self.confirm_button.setObjectName("closeConfirmPending")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm_pending)
        pending_line = QHBoxLayout()
        pending_line.addWidget(self.pending_note, 1)
        pending_line.addWidget(self.confirm_button)
        self.accounts_box = QGroupBox(_("Balances: expected and counted"))
        self.accounts_grid = QGridLayout(self.accounts_box)
        self.total = QLabel()
        self.total.setObjectName("closeTotal")
        self.comment = QLineEdit()
        self.comment.setObjectName("closeComment")
        self.comment.setPlaceholderText(_("Optional: a note on the day"))
        self.comment.setMaxLength(books.MAX_COMMENT)
        self.close_button = QPushButton(_("Close the day"))
        self.close_button.setObjectName("closeTheDay")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close_day)
        self.report = ReportActions(session, self)
        self.done_button = QPushButton(_("Done"))
        self.done_button.setObjectName("closeDone")
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.accept)
        day_line = QHBoxLayout()
        day_line.addWidget(QLabel(_("Day")))
        day_line.addWidget(self.day)
        day_line.addWidget(self.state, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.done_button)
        comment_form = QFormLayout()
        self.rows["comment"] = FieldRow(self.comment)
        comment_form.addRow(_("Note on the day"), self.rows["comment"])
        layout = QVBoxLayout(self)
        layout.addLayout(day_line)
        layout.addWidget(figures_box)
        layout.addLayout(pending_line)
        layout.addWidget(self.accounts_box)
        layout.addWidget(self.total)
        layout.addLayout(comment_form)
        layout.addLayout(buttons)
        self.resize(780, 620)
        self.load()

    # -- loading ----------------------------------------------------------------------------
    def chosen_day(self) -> datetime.date:
        return self.day.date().toPython()

    def load(self) -> None:
        try:
            summary = books.day_summary(self.chosen_day())
        except DomainError as exc:
            self.state.setText(exc.message)
            self.close_button.setEnabled(False)
            return
        self.summary = summary
        for key, label in self.figures.items():
            label.setText(figure_text(summary, key))
        self.pending_note.setText(_("{count} automatic entries are not confirmed yet; confirm "
                                    "them before closing.").format(count=summary.pending_count)
                                  if summary.pending_count else "")  # fmt: skip
        self.pending_note.setVisible(bool(summary.pending_count))
        self.confirm_button.setVisible(bool(summary.pending_count))
        self._build_accounts(summary)
        if summary.closed:
            when = summary.closed_at.strftime("%Y-%m-%d %H:%M") if summary.closed_at else ""
            self.state.setText(
                _("Closed at {time} by {person}. Its entries are locked.").format(
                    time=when, person=summary.closed_by or "—"
                )
            )
            self.comment.setText(summary.comment)
        else:
            self.state.setText(_("{count} entries. Type what each account really holds.").format(
                count=summary.entry_count))  # fmt: skip
            self.comment.clear()
        self.comment.setReadOnly(summary.closed)
        self.close_button.setVisible(not summary.closed)
        self.close_button.setEnabled(not summary.pending_count)
        self.report.set_day(summary.day, summary.closed)
        self._update_total()

    def _build_accounts(self, summary: DaySummary) -> None:
        grid = self.accounts_grid
        while grid.count():
            item = grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for key in [k for k in self.rows if k != "comment"]:
            del self.rows[key]
        self.counted.clear()
        self.comments.clear()
        self.variances.clear()
        for column, title in enumerate((_("Account"), _("Opening"), _("In"), _("Out"),
                                        _("Expected"), _("Counted"), _("Variance"),
                                        _("Comment"))):  # fmt: skip
            head = QLabel(title)
            head.setObjectName("fieldHint")
            grid.addWidget(head, 0, column)
        previous: QWidget = self.day
        for row, acc in enumerate(summary.accounts, 1):
            counted = QLineEdit()
            counted.setObjectName(f"counted_{acc.account_id}")
            counted.setAlignment(Qt.AlignmentFlag.AlignRight)
            counted.setPlaceholderText(format_yuan(acc.expected_fen))
            comment = QLineEdit()
            comment.setObjectName(f"comment_{acc.account_id}")
            comment.setMaxLength(books.MAX_COMMENT)
            variance = QLabel()
            variance.setObjectName(f"variance_{acc.account_id}")
            variance.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if acc.counted_fen is not None:
                counted.setText(format_yuan(acc.counted_fen))
                comment.setText(acc.comment)
            for edit in (counted, comment):
                edit.setReadOnly(summary.closed)
            self.counted[acc.account_id] = counted
            self.comments[acc.account_id] = comment
            self.variances[acc.account_id] = variance
            self.rows[f"counted:{acc.account_id}"] = FieldRow(counted)
            self.rows[f"comment:{acc.account_id}"] = FieldRow(comment)
            texts = (acc.account_name, format_yuan(acc.opening_fen), format_yuan(acc.income_fen),
                     format_yuan(acc.expense_fen), format_yuan(acc.expected_fen))  # fmt: skip
            for column, text in enumerate(texts):
                label = QLabel(text)
                if column:
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.rows[f"counted:{acc.account_id}"], row, 5)
            grid.addWidget(variance, row, 6, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.rows[f"comment:{acc.account_id}"], row, 7)
            counted.textChanged.connect(lambda _t, a=acc.account_id: self._update_variance(a))
            QWidget.setTabOrder(previous, counted)
            QWidget.setTabOrder(counted, comment)
            previous = comment
            self._update_variance(acc.account_id)
        grid.setColumnStretch(7, 1)

    # -- live variance ------------------------------------------------------------------------
    def _account(self, account_id: int) -> books.AccountBalance | None:
        if self.summary is None:
            return None
        return next((a for a in self.summary.accounts if a.account_id == account_id), None)

    def variance_of(self, account_id: int) -> int | None:
        """Counted − expected for what is typed (0 when nothing is typed, None when unreadable)."""
        acc = self._account(account_id)
        if acc is None or account_id not in self.counted:
            return 0 if acc is not None else None
        try:
            counted = parse_yuan(self.counted[account_id].text(), "counted", allow_empty=True)
        except ValidationError:
            return None
        return 0 if counted is None else counted - acc.expected_fen

    def _update_variance(self, account_id: int) -> None:
        variance = self.variance_of(account_id)
        label = self.variances[account_id]
        if variance is None:
            label.setText("?")
            label.setStyleSheet(f"color: {OFF_COLOR};")
        else:
            label.setText(signed_yuan(variance))
            label.setStyleSheet(f"color: {OK_COLOR if variance == 0 else OFF_COLOR};")
        self.comments[account_id].setPlaceholderText(
            _("Required: why the difference?") if variance else ""
        )
        self._update_total()

    def _update_total(self) -> None:
        if self.summary is None:
            return
        variances = [self.variance_of(a.account_id) for a in self.summary.accounts]
        known = sum(v for v in variances if v is not None)
        self.total.setText(_("Expected in all accounts {expected}; variance {variance}").format(
            expected=format_yuan(self.summary.expected_total_fen, symbol=True),
            variance=signed_yuan(known)))  # fmt: skip

    # -- actions --------------------------------------------------------------------------------
    def confirm_pending(self) -> int:
        result = self._session.bus.run_op(self, books.confirm_pending, self.chosen_day(),
                                          self._session.desk_person_id())  # fmt: skip
        self.load()
        return result[0] if result else 0

    def counted_balances(self) -> tuple[CountedBalance, ...]:
        return tuple(
            CountedBalance(
                account_id, self.counted[account_id].text(), self.comments[account_id].text()
            )  # fmt: skip
            for account_id in self.counted
        )

    def close_day(self) -> bool:
        if self.summary is None or self.summary.closed:
            return False
        self.clear_errors()
        result = self._session.bus.run_op(
            self, books.close_day, self.chosen_day(), self.counted_balances(),
            self._session.desk_person_id(), self.comment.text())  # fmt: skip
        if result is None:
            return False
        self.load()
        self.report.offer()
        return True


def run_close_dialog(parent: QWidget, session: ShopSession,
                     day: datetime.date | None = None) -> CloseDayDialog:  # fmt: skip
    dialog = CloseDayDialog(session, day, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
