"""日结: close a day. The day's summary (orders, items, sales, refunds, postage, other expenses and
income, net), then per account the expected balance against the counted one typed in, with the
variance shown as it is typed; a variance other than zero needs a comment at that account.
Every account must be counted: an empty field is refused, "= expected" fills in the expected
balance on purpose. Automatic entries not yet confirmed must be confirmed first (one button does
it), and an earlier open day's too (the dialog offers to go there). Closing locks the day; then the daily report can be printed, saved as PDF or xlsx (`ReportActions`).
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
from desk.core.books_close import earlier_pending_message
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
        self.same_buttons: dict[int, QPushButton] = {}
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
        self.earlier_button = QPushButton()
        self.earlier_button.setObjectName("closeGoEarlier")
        self.earlier_button.setAutoDefault(False)
        self.earlier_button.clicked.connect(self.go_earlier)
        pending_line = QHBoxLayout()
        pending_line.addWidget(self.pending_note, 1)
        pending_line.addWidget(self.confirm_button)
        pending_line.addWidget(self.earlier_button)
        self.accounts_box = QGroupBox(_("Balances: expected and counted"))
        box_layout = QVBoxLayout(self.accounts_box)
        # the rows live in `accounts_table`, replaced whole at every load (nothing left behind)
        self.accounts_table = QWidget()
        self.accounts_grid = QGridLayout(self.accounts_table)
        self.accounts_grid.setContentsMargins(0, 0, 0, 0)
        self.all_same_button = QPushButton(_("All as expected"))
        self.all_same_button.setObjectName("closeAllAsExpected")
        self.all_same_button.setToolTip(_("Every account empty so far holds exactly its expected "
                                          "balance: fill those in"))  # fmt: skip
        self.all_same_button.setAutoDefault(False)
        self.all_same_button.clicked.connect(self.fill_all_expected)
        same_line = QHBoxLayout()
        same_line.addStretch(1)
        same_line.addWidget(self.all_same_button)
        box_layout.addWidget(self.accounts_table)
        box_layout.addLayout(same_line)
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
        earlier = summary.earlier_pending[0] if summary.earlier_pending else None
        if summary.pending_count:
            note = _("{count} automatic entries are not confirmed yet; confirm them before "
                     "closing.").format(count=summary.pending_count)  # fmt: skip
        else:
            note = earlier_pending_message(*earlier) if earlier else ""
        self.pending_note.setText(note)
        self.pending_note.setVisible(bool(note))
        self.confirm_button.setVisible(bool(summary.pending_count))
        self.earlier_button.setVisible(earlier is not None and not summary.pending_count)
        if earlier is not None:
            self.earlier_button.setText(_("Go to {day}").format(day=earlier[0].isoformat()))
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
        self.close_button.setEnabled(not summary.pending_count and not summary.earlier_pending)
        self.all_same_button.setVisible(not summary.closed)
        self.report.set_day(summary.day, summary.closed)
        self._update_total()

    def _new_table(self) -> QGridLayout:
        """A fresh grid in place of the old one; the old rows go at once (hidden, then deleted)."""
        old = self.accounts_table
        self.accounts_table = QWidget()
        self.accounts_grid = QGridLayout(self.accounts_table)
        self.accounts_grid.setContentsMargins(0, 0, 0, 0)
        self.accounts_box.layout().replaceWidget(old, self.accounts_table)
        old.hide()
        old.deleteLater()
        return self.accounts_grid

    def _build_accounts(self, summary: DaySummary) -> None:
        grid = self._new_table()
        for key in [k for k in self.rows if k != "comment"]:
            del self.rows[key]
        self.counted.clear()
        self.comments.clear()
        self.variances.clear()
        self.same_buttons.clear()
        for column, title in enumerate((_("Account"), _("Opening"), _("In"), _("Out"),
                                        _("Expected"), "", _("Counted"), _("Variance"),
                                        _("Comment"))):  # fmt: skip
            head = QLabel(title)
            head.setObjectName("fieldHint")
            grid.addWidget(head, 0, column)
        previous: QWidget = self.day
        for row, acc in enumerate(summary.accounts, 1):
            same = QPushButton(_("= expected"))
            same.setObjectName(f"asExpected_{acc.account_id}")
            same.setToolTip(_("{account} holds exactly the expected {amount}: fill it in").format(
                account=acc.account_name, amount=format_yuan(acc.expected_fen)))  # fmt: skip
            same.setAutoDefault(False)
            same.setVisible(not summary.closed)
            same.clicked.connect(lambda _c=False, a=acc.account_id: self.fill_expected(a))
            self.same_buttons[acc.account_id] = same
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
            grid.addWidget(same, row, 5, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.rows[f"counted:{acc.account_id}"], row, 6)
            grid.addWidget(variance, row, 7, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.rows[f"comment:{acc.account_id}"], row, 8)
            counted.textChanged.connect(lambda _t, a=acc.account_id: self._update_variance(a))
            QWidget.setTabOrder(previous, same)
            QWidget.setTabOrder(same, counted)
            QWidget.setTabOrder(counted, comment)
            previous = comment
            self._update_variance(acc.account_id)
        grid.setColumnStretch(8, 1)
        self.accounts_table.show()  # now, not on the next turn of the event loop

    # -- live variance ------------------------------------------------------------------------
    def _account(self, account_id: int) -> books.AccountBalance | None:
        if self.summary is None:
            return None
        return next((a for a in self.summary.accounts if a.account_id == account_id), None)

    def variance_of(self, account_id: int) -> int | None:
        """Counted − expected for what is typed (None when nothing is typed or it is unreadable)."""
        acc = self._account(account_id)
        if acc is None or account_id not in self.counted:
            return None
        try:
            counted = parse_yuan(self.counted[account_id].text(), "counted", allow_empty=True)
        except ValidationError:
            return None
        return None if counted is None else counted - acc.expected_fen

    def _update_variance(self, account_id: int) -> None:
        variance = self.variance_of(account_id)
        label = self.variances[account_id]
        if not self.counted[account_id].text().strip():
            label.setText("—")  # not counted yet
            label.setStyleSheet("")
        elif variance is None:
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
    def fill_expected(self, account_id: int) -> None:
        """ "= expected": the account was counted and holds exactly its expected balance."""
        acc = self._account(account_id)
        if acc is not None and account_id in self.counted:
            self.counted[account_id].setText(format_yuan(acc.expected_fen))
            self.rows[f"counted:{account_id}"].set_error(None)

    def fill_all_expected(self) -> None:
        for account_id, edit in self.counted.items():
            if not edit.text().strip():
                self.fill_expected(account_id)

    def go_earlier(self) -> None:
        if self.summary is not None and self.summary.earlier_pending:
            day = self.summary.earlier_pending[0][0]
            self.day.setDate(QDate(day.year, day.month, day.day))

    def _check_all_counted(self) -> bool:
        """Every account needs its counted balance: not counting must be a deliberate act."""
        empty = [a for a in self.counted if not self.counted[a].text().strip()]
        for account_id in reversed(empty):  # the focus ends at the first one
            acc = self._account(account_id)
            self.rows[f"counted:{account_id}"].set_error(
                _(
                    "Type what {account} really holds, or press “{button}” when it holds exactly "
                    "the expected {amount}."
                ).format(
                    account=acc.account_name if acc else "",
                    button=_("= expected"),
                    amount=format_yuan(acc.expected_fen) if acc else "",
                )  # fmt: skip
            )
        return not empty

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
        if not self._check_all_counted():
            return False
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
