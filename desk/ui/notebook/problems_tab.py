"""问题登记本: the problems, open ones always on the list until solved; filters by status,
category, period and text; add (Ctrl+N), edit (Enter / double-click), solve, reopen, delete;
the weekly review; "make this a quick reply" turns the handling text into a reply in the handbook.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import notebook
from desk.core.errors import DomainError, ValidationError
from desk.core.notebook import ProblemFilter, ProblemRow
from desk.i18n import N_, _
from desk.ui import messages
from desk.ui.customers.list_panel import shortcut
from desk.ui.notebook.problem_dialog import ProblemDialog, open_problem_dialog
from desk.ui.notebook.review_dialog import WeeklyReviewDialog
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.table_model import Column, Index, RowTableModel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

OPEN_TEXT = QColor("#c05621")
PERIODS = (
    ("7", N_("Last 7 days")),
    ("30", N_("Last 30 days")),
    ("90", N_("Last 90 days")),
    ("", N_("Any time")),
)
STATUS_COLUMN = 4
SEARCH_DELAY_MS = 200


def _one_line(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _links(row: ProblemRow) -> str:
    parts = [row.order_number, row.customer_name, row.product_code]
    return " · ".join(p for p in parts if p)


class ProblemModel(RowTableModel[ProblemRow]):
    def __init__(self, parent=None):
        super().__init__(
            (Column(_("Time"), lambda r: r.at.strftime("%m-%d %H:%M")),
             Column(_("Category"), lambda r: r.category_label),
             Column(_("Description"), lambda r: _one_line(r.description)),
             Column(_("Handling"), lambda r: _one_line(r.handling)),
             Column(_("Status"), lambda r: r.status_label),
             Column(_("By"), lambda r: r.staff_name),
             Column(_("About"), _links)),
            parent,
        )  # fmt: skip

    def row_of(self, problem_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == problem_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() == STATUS_COLUMN
            and self._rows[index.row()].is_open
        ):
            return QBrush(OPEN_TEXT)  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row = self._rows[index.row()]
            return "\n\n".join(t for t in (row.description, row.handling) if t)
        return super().data(index, role)


class ProblemsTab(QWidget):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.dialog: QDialog | None = None
        self.status = QComboBox()
        self.status.setObjectName("problemStatusFilter")
        self.status.addItem(_("Open and solved"), None)
        for key in notebook.PROBLEM_STATUSES:
            self.status.addItem(notebook.status_label(key), key)
        self.category = QComboBox()
        self.category.setObjectName("problemCategoryFilter")
        self.category.addItem(_("Any category"), None)
        for key in notebook.CATEGORIES:
            self.category.addItem(notebook.category_label(key), key)
        self.period = QComboBox()
        self.period.setObjectName("problemPeriod")
        self.period.setToolTip(_("Open problems stay on the list whatever the period."))
        for key, label in PERIODS:
            self.period.addItem(_(label), key)
        self.search = QLineEdit()
        self.search.setObjectName("problemSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search descriptions, handling, customer, order, 货号"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.status, self.category, self.period):
            combo.currentIndexChanged.connect(self.reload)
        self.count = QLabel()
        self.count.setObjectName("problemCount")
        self.model = ProblemModel(self)
        self.view = list_view(self.model, "problemList", multi=False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((88, 96, 260, 200, 60, 60)):
            header.resizeSection(column, width)
        self.view.activated.connect(self._on_activated)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip, slot in (
            ("newProblem", _("Log a problem"), "Ctrl+N / Ctrl+Shift+P", self.add_problem),
            ("editProblem", _("Edit…"), _("Enter or double-click"), self.edit_current),
            ("solveProblem", _("Mark solved"), "", self.solve_current),
            ("reopenProblem", _("Reopen"), "", self.reopen_current),
            ("quickReply", _("Make it a quick reply"),
             _("The handling text becomes a reply in the handbook"), self.make_quick_reply),
            ("deleteProblem", _("Delete…"), "", self.delete_current),
            ("weeklyReview", _("Weekly review…"),
             _("This week's problems grouped by category"), self.open_review),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
        shortcut(self, "Ctrl+N", self.add_problem)
        shortcut(self, "Ctrl+F", lambda: self.search.setFocus())

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for widget in (self.status, self.category, self.period):
            filters.addWidget(widget)
        actions = QHBoxLayout()
        actions.addWidget(self.count)
        actions.addStretch(1)
        for button in self.buttons.values():
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)

    # -- loading ------------------------------------------------------------------------------
    def filter(self) -> ProblemFilter:
        days = self.period.currentData()
        start = datetime.date.today() - datetime.timedelta(days=int(days) - 1) if days else None
        return ProblemFilter(
            status=self.status.currentData(),
            category=self.category.currentData(),
            date_from=start,
            query=self.search.text().strip(),
        )

    def reload(self) -> None:
        self._timer.stop()
        current = self.current()
        try:
            rows = notebook.list_problems(self.filter())
        except (ValidationError, DomainError) as exc:
            self.model.set_rows([])
            self.count.setText(exc.message)
            return
        self.model.set_rows(rows)
        open_count = sum(r.is_open for r in rows)
        self.count.setText(
            _("{count} problems, {open} open").format(count=len(rows), open=open_count)
            if rows else _("No problem here. Ctrl+Shift+P logs one from any page.")
        )  # fmt: skip
        if current is not None:
            self.select(current.id)

    def show_open(self) -> None:
        """Only the open problems (待处理), every category, any time."""
        for combo, value in ((self.status, notebook.OPEN), (self.category, None),
                             (self.period, "")):  # fmt: skip
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.reload()

    # -- selection ----------------------------------------------------------------------------
    def current(self) -> ProblemRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select(self, problem_id: int) -> None:
        row = self.model.row_of(problem_id)
        if row is not None:
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.model.index(row, 0))

    def _update_buttons(self, *args) -> None:
        row = self.current()
        self.buttons["editProblem"].setEnabled(row is not None)
        self.buttons["deleteProblem"].setEnabled(row is not None)
        self.buttons["solveProblem"].setEnabled(row is not None and row.is_open)
        self.buttons["reopenProblem"].setEnabled(row is not None and not row.is_open)
        self.buttons["quickReply"].setEnabled(row is not None and bool(row.handling.strip()))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_current()

    # -- actions ------------------------------------------------------------------------------
    def _status_bar(self, text: str) -> None:
        messages.flash(self, text)

    def add_problem(self) -> ProblemDialog:
        self.dialog = open_problem_dialog(self._session, self)
        self.dialog.saved.connect(self.select)
        return self.dialog

    def edit_current(self) -> ProblemDialog | None:
        row = self.current()
        if row is None:
            return None
        self.dialog = open_problem_dialog(self._session, self, row)
        self.dialog.saved.connect(self.select)
        return self.dialog

    def solve_current(self) -> bool:
        row = self.current()
        if row is None or not row.is_open:
            return False
        return self._session.bus.run_op(self, notebook.solve_problem, row.id) is not None

    def reopen_current(self) -> bool:
        row = self.current()
        if row is None or row.is_open:
            return False
        return self._session.bus.run_op(self, notebook.reopen_problem, row.id) is not None

    def delete_current(self) -> bool:
        row = self.current()
        if row is None:
            return False
        question = _("Delete this problem from the book? {text}").format(
            text=_one_line(row.description, 60)
        )
        if not messages.confirm(self, question, _("Delete")):
            return False
        return self._session.bus.run_op(self, notebook.delete_problem, row.id) is not None

    def make_quick_reply(self) -> bool:
        row = self.current()
        if row is None:
            return False
        done = self._session.bus.run_op(self, notebook.make_quick_reply, row.id)
        if done is None:
            return False
        self._status_bar(
            _("Quick reply “{title}” added to the handbook.").format(title=done[0].title)
        )
        return True

    def open_review(self) -> WeeklyReviewDialog:
        dialog = WeeklyReviewDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.problem_chosen.connect(self._show_problem)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _show_problem(self, problem_id: int) -> None:
        if self.model.row_of(problem_id) is None:
            self.period.setCurrentIndex(self.period.findData(""))
            self.status.setCurrentIndex(0)
        self.select(problem_id)
