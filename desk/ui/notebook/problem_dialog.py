"""The problem entry (问题登记): category, description, handling, time and the customer / order /
product it is about. Opened from the problem book or from anywhere with Ctrl+Shift+P (prefilled
with what the current page has selected). Enter in a one-line field does not save: Ctrl+Enter does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, customers, notebook, orders, products, staff
from desk.core.changes import Changes
from desk.core.errors import DomainError
from desk.core.notebook import ProblemDraft, ProblemRow
from desk.i18n import _
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


class ProblemDialog(FieldErrorsMixin, QDialog):
    saved = Signal(int)  # the problem id

    def __init__(
        self,
        session: ShopSession,
        problem: ProblemRow | None = None,
        context: tuple[int | None, int | None, int | None] = (None, None, None),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("problemDialog")
        self._session = session
        self.problem = problem
        self.setWindowTitle(_("Edit problem") if problem else _("Log a problem"))
        self.category = QComboBox()
        self.category.setObjectName("problemCategory")
        for key in notebook.CATEGORIES:
            self.category.addItem(notebook.category_label(key), key)
        self.description = QPlainTextEdit()
        self.description.setObjectName("problemDescription")
        self.description.setPlaceholderText(_("What happened, in a few words"))
        self.description.setTabChangesFocus(True)
        self.handling = QPlainTextEdit()
        self.handling.setObjectName("problemHandling")
        self.handling.setPlaceholderText(_("How it was or will be handled (optional)"))
        self.handling.setTabChangesFocus(True)
        for edit in (self.description, self.handling):
            edit.setMinimumHeight(70)
        self.at = QDateTimeEdit()
        self.at.setObjectName("problemAt")
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        self.solved = QCheckBox(_("Solved"))
        self.solved.setObjectName("problemSolved")
        self.links = QLabel()
        self.links.setObjectName("problemLinks")
        self.links.setWordWrap(True)
        self.unlink = QPushButton(_("Remove links"))
        self.unlink.setObjectName("problemUnlink")
        self.unlink.setAutoDefault(False)
        self.unlink.clicked.connect(self._on_unlink)
        self.who = QLabel()
        self.who.setObjectName("fieldHint")
        self.rows = {
            "category": FieldRow(self.category),
            "description": FieldRow(self.description),
            "handling": FieldRow(self.handling),
            "at": FieldRow(self.at),
        }
        link_row = QHBoxLayout()
        link_row.addWidget(self.links, 1)
        link_row.addWidget(self.unlink)
        form = QFormLayout()
        form.addRow(_("Category"), self.rows["category"])
        form.addRow(_("Description"), self.rows["description"])
        form.addRow(_("Handling"), self.rows["handling"])
        form.addRow(_("Time"), self.rows["at"])
        form.addRow(_("About"), link_row)
        form.addRow("", self.solved)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveProblem")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        save_keys = QShortcut(QKeySequence("Ctrl+Return"), self)
        save_keys.activated.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.who)
        layout.addWidget(buttons)
        self.resize(520, 440)
        self._context = context
        self._fill(problem, context)
        if problem is None:  # someone else may come to the desk while this is open
            session.bus.changed.connect(self._on_changes)

    def _on_changes(self, done: Changes) -> None:
        if done.concerns(changes.STAFF) and self.problem is None:
            name = staff.staff_name(self._session.desk_person_id())
            self.who.setText(_("Recorded under: {name}").format(name=name or "—"))

    def _fill(self, problem: ProblemRow | None, context) -> None:
        if problem is None:
            self.at.setDateTime(QDateTime.currentDateTime())
            self.solved.hide()
            name = staff.staff_name(self._session.desk_person_id())
            self.who.setText(_("Recorded under: {name}").format(name=name or "—"))
        else:
            self.category.setCurrentIndex(max(self.category.findData(problem.category), 0))
            self.description.setPlainText(problem.description)
            self.handling.setPlainText(problem.handling)
            self.at.setDateTime(QDateTime(problem.at))
            self.solved.setChecked(not problem.is_open)
            self.solved.setEnabled(problem.is_open)
            self.who.setText(_("Recorded by: {name}").format(name=problem.staff_name or "—"))
            context = (problem.customer_id, problem.order_id, problem.product_id)
            self._context = context
        self._show_links(problem)
        self.description.setFocus()

    def _show_links(self, problem: ProblemRow | None) -> None:
        customer_id, order_id, product_id = self._context
        parts = []
        if problem is not None:
            if problem.order_number and order_id:
                parts.append(_("Order {number}").format(number=problem.order_number))
            if problem.customer_name and customer_id:
                parts.append(_("Customer {name}").format(name=problem.customer_name))
            if problem.product_code and product_id:
                parts.append(_("Product {code}").format(code=problem.product_code))
        else:
            labels = context_labels(self._context)
            parts.extend(labels)
        self.links.setText(" · ".join(parts) if parts else _("Nothing linked"))
        self.unlink.setVisible(bool(parts))

    def _on_unlink(self) -> None:
        self._context = (None, None, None)
        self.links.setText(_("Nothing linked"))
        self.unlink.hide()

    def draft(self) -> ProblemDraft:
        customer_id, order_id, product_id = self._context
        at = self.at.dateTime().toPython().replace(second=0, microsecond=0)
        if self.problem is not None and at.replace(second=0) == self.problem.at.replace(second=0):
            at = self.problem.at  # unchanged: keep the seconds
        return ProblemDraft(
            category=self.category.currentData(),
            description=self.description.toPlainText(),
            handling=self.handling.toPlainText(),
            at=at,
            customer_id=customer_id,
            order_id=order_id,
            product_id=product_id,
        )

    def save(self) -> int | None:
        self.clear_errors()
        bus = self._session.bus
        if self.problem is None:
            done = bus.run_op(self, notebook.add_problem, self.draft(),
                              self._session.desk_person_id())  # fmt: skip
        else:
            done = bus.run_op(self, notebook.update_problem, self.problem.id, self.draft())
        if done is None:
            return None
        row: ProblemRow = done[0]
        if self.problem is not None and self.solved.isChecked() and row.is_open:
            if bus.run_op(self, notebook.solve_problem, row.id) is None:
                return None
        self.saved.emit(row.id)
        self.accept()
        return row.id


def context_labels(context: tuple[int | None, int | None, int | None]) -> list[str]:
    """What a new problem is linked to, in words: the order number, the customer, the 货号."""
    customer_id, order_id, product_id = context
    labels = []
    try:
        if order_id is not None:
            labels.append(_("Order {number}").format(number=orders.get_order(order_id).number))
        if customer_id is not None:
            card = customers.get_customer(customer_id)
            name = card.draft.name or card.draft.nick
            labels.append(_("Customer {name}").format(name=name))
        if product_id is not None:
            labels.append(_("Product {code}").format(code=products.get_product(product_id).code))
    except DomainError:
        pass  # deleted meanwhile: the service says so when saving
    return labels


def open_problem_dialog(
    session: ShopSession,
    parent: QWidget,
    problem: ProblemRow | None = None,
    context: tuple[int | None, int | None, int | None] = (None, None, None),
) -> ProblemDialog:
    dialog = ProblemDialog(session, problem, context, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()
    return dialog
