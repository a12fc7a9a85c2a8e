"""The weekly review (每周回顾) of the problem book: a week's problems grouped by category, most
frequent first, with the open ones marked; ‹ and › move a week. Double-click shows the problem in
the list."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import notebook
from desk.core.notebook import WeekReview
from desk.i18n import _

OPEN_TEXT = QColor("#c05621")


class WeeklyReviewDialog(QDialog):
    problem_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None, day: datetime.date | None = None):
        super().__init__(parent)
        self.setObjectName("weeklyReview")
        self.setWindowTitle(_("Weekly review of the problem book"))
        self.day = day or datetime.date.today()
        self.review: WeekReview | None = None
        self.title = QLabel()
        self.title.setObjectName("reviewTitle")
        self.title.setStyleSheet("font-weight: 600;")
        self.previous = QPushButton("‹")
        self.previous.setObjectName("reviewPrevious")
        self.previous.setToolTip(_("The week before"))
        self.previous.clicked.connect(lambda: self.move(-7))
        self.next = QPushButton("›")
        self.next.setObjectName("reviewNext")
        self.next.setToolTip(_("The week after"))
        self.next.clicked.connect(lambda: self.move(7))
        self.tree = QTreeWidget()
        self.tree.setObjectName("reviewTree")
        self.tree.setHeaderLabels([_("Category / problem"), _("Status"), _("Handling")])
        self.tree.setColumnWidth(0, 330)
        self.tree.setColumnWidth(1, 70)
        self.tree.itemDoubleClicked.connect(self._on_double_clicked)
        top = QHBoxLayout()
        top.addWidget(self.previous)
        top.addWidget(self.title, 1)
        top.addWidget(self.next)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.load()

    def move(self, days: int) -> None:
        self.day += datetime.timedelta(days=days)
        self.load()

    def load(self) -> None:
        review = notebook.weekly_review(self.day)
        self.review = review
        self.title.setText(
            _("{start} – {end}: {total} problems, {open} still open").format(
                start=review.week_start.isoformat(), end=review.week_end.isoformat(),
                total=review.total, open=review.open_count,
            )
        )  # fmt: skip
        self.next.setEnabled(review.week_end < datetime.date.today())
        self.tree.clear()
        for group in review.groups:
            head = QTreeWidgetItem(
                [f"{group.label} ({group.count})",
                 _("{count} open").format(count=group.open_count) if group.open_count else ""]
            )  # fmt: skip
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for problem in group.problems:
                line = " ".join(problem.description.split())
                child = QTreeWidgetItem(
                    [f"{problem.at:%m-%d %H:%M}  {line}", problem.status_label,
                     " ".join(problem.handling.split())]
                )  # fmt: skip
                child.setData(0, Qt.ItemDataRole.UserRole, problem.id)
                child.setToolTip(0, problem.description)
                if problem.is_open:
                    child.setForeground(1, QBrush(OPEN_TEXT))
                head.addChild(child)
            self.tree.addTopLevelItem(head)
            head.setExpanded(True)
        if not review.groups:
            self.tree.addTopLevelItem(QTreeWidgetItem([_("No problem was logged this week.")]))

    def _on_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        problem_id = item.data(0, Qt.ItemDataRole.UserRole)
        if problem_id is not None:
            self.problem_chosen.emit(int(problem_id))
            self.accept()
