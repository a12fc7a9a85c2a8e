"""验货: every returned item checked against its category's checklist (吊牌完整, 未洗涤, …), photos
added from files, and for an item that fails a check the decision — accept anyway, refuse, or a
partial refund with its amount — with a note. Saving records it all in one service call; items
that pass (or are accepted) go back into stock there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk.core import returns
from desk.core.errors import ValidationError
from desk.core.money import format_yuan, parse_yuan
from desk.core.returns import CaseDetail, CaseLine, CheckDraft, LineInspection
from desk.i18n import _
from desk.ui.products import photo_files
from desk.ui.returns.step_dialogs import button_box
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


class LineBox(QGroupBox):
    """One returned line: its checklist as check boxes, photos, and the decision when it fails
    (an exchange is sent or refused whole: no partial refund there)."""

    def __init__(self, session: ShopSession, case_id: int, line: CaseLine, index: int,
                 kind: str = "return_refund", parent: QWidget | None = None):  # fmt: skip
        super().__init__(f"{line.label()} · {line.product_name}", parent)
        self.setObjectName(f"inspectLine{index}")
        self._session = session
        self.case_id = case_id
        self.line = line
        items = [(c.item, c.passed, c.note) for c in line.checks] or [
            (item, None, "") for item in returns.checklist_for(line.category)]  # fmt: skip
        self.checks: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, (item, passed, _note) in enumerate(items):
            box = QCheckBox(item)
            box.setObjectName(f"check{index}_{i}")
            box.setChecked(bool(passed))
            box.toggled.connect(self._update)
            self.checks[item] = box
            grid.addWidget(box, i // 4, i % 4)
        self.all_button = QPushButton(_("All pass"))
        self.all_button.setObjectName(f"allPass{index}")
        self.all_button.setAutoDefault(False)
        self.all_button.clicked.connect(self.tick_all)
        self.photo_button = QPushButton(_("Add photos…"))
        self.photo_button.setObjectName(f"addPhotos{index}")
        self.photo_button.setAutoDefault(False)
        self.photo_button.clicked.connect(self.add_photos)
        self.photo_count = QLabel()
        self.photos = 0
        self.decision = QComboBox()
        self.decision.setObjectName(f"decision{index}")
        self.decision.addItem(_("Choose a decision"), None)
        for key in returns.DECISIONS:
            if key == "partial" and kind == "exchange":
                continue
            self.decision.addItem(returns.decision_label(key), key)
        self.decision.setCurrentIndex(max(0, self.decision.findData(line.decision)))
        self.decision.currentIndexChanged.connect(self._update)
        self.amount = QLineEdit(format_yuan(line.partial_refund_fen)
                                if line.partial_refund_fen is not None else "")  # fmt: skip
        self.amount.setObjectName(f"partialAmount{index}")
        self.amount.setPlaceholderText(_("at most {amount}").format(
            amount=format_yuan(line.amount_fen)))  # fmt: skip
        self.note = QLineEdit(line.decision_note)
        self.note.setObjectName(f"decisionNote{index}")
        self.note.setPlaceholderText(_("What is wrong, and what was agreed with the buyer"))
        self.decision_rows = {"decision": FieldRow(self.decision),
                              "partial_refund": FieldRow(self.amount),
                              "decision_note": FieldRow(self.note)}  # fmt: skip
        self.decision_box = QWidget()
        form = QFormLayout(self.decision_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Failed: decision"), self.decision_rows["decision"])
        form.addRow(_("Partial refund (yuan)"), self.decision_rows["partial_refund"])
        form.addRow(_("Note"), self.decision_rows["decision_note"])
        tools = QHBoxLayout()
        tools.addWidget(self.all_button)
        tools.addWidget(self.photo_button)
        tools.addWidget(self.photo_count, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(tools)
        layout.addWidget(self.decision_box)
        self._update()

    def failed(self) -> list[str]:
        return [item for item, box in self.checks.items() if not box.isChecked()]

    def tick_all(self) -> None:
        for box in self.checks.values():
            box.setChecked(True)

    def set_failed(self, *items: str) -> None:
        """Untick `items` (and tick every other), as the inspector would."""
        for item, box in self.checks.items():
            box.setChecked(item not in items)

    def _update(self, *args) -> None:
        failing = bool(self.failed())
        self.decision_box.setVisible(failing)
        self.decision_rows["partial_refund"].setVisible(
            failing and self.decision.currentData() == "partial")  # fmt: skip

    def add_photos(self) -> int:
        added = 0
        for path in photo_files.choose_photo_files(self):
            problem = photo_files.photo_file_problem(path)
            if problem is not None:
                self._session.bus.run_op(self, _raise, problem)
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                self._session.bus.run_op(self, _raise, _("Could not read {name}: {reason}").format(
                    name=path.name, reason=exc.strerror or exc))  # fmt: skip
                continue
            if self._session.bus.run_op(self, returns.add_photo, self.case_id, data, path.name,
                                        self.line.id) is not None:  # fmt: skip
                added += 1
        self.photos += added
        if self.photos:
            self.photo_count.setText(_("{count} photos added").format(count=self.photos))
        return added

    def inspection(self) -> LineInspection:
        checks = tuple(CheckDraft(item, box.isChecked()) for item, box in self.checks.items())
        if not self.failed():
            return LineInspection(self.line.id, checks)
        decision = self.decision.currentData()
        amount = None
        if decision == "partial":
            amount = parse_yuan(self.amount.text(), f"partial_refund:{self.line.id}",
                                _("The partial refund"))  # fmt: skip
        return LineInspection(self.line.id, checks, decision, amount, self.note.text().strip())

    def clear_errors(self) -> None:
        for row in self.decision_rows.values():
            row.set_error(None)


def _raise(message: str) -> None:
    raise ValidationError(message)


class InspectionDialog(FieldErrorsMixin, QDialog):
    def __init__(self, session: ShopSession, case: CaseDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspectionDialog")
        self.setWindowTitle(_("Inspect the goods of {number}").format(number=case.number))
        self.resize(760, 620)
        self._session = session
        self.case_id = case.id
        self.rows: dict[str, FieldRow] = {}
        self.boxes = [
            LineBox(session, case.id, line, i, case.kind) for i, line in enumerate(case.lines)
        ]
        body = QWidget()
        column = QVBoxLayout(body)
        for box in self.boxes:
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        hint = QLabel(_("Tick every check the item passes. An item that fails a check needs a "
                        "decision and a note."))  # fmt: skip
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(button_box(self, _("Save inspection")))

    def show_field_error(self, field: str, message: str) -> bool:
        """`decision`, `decision_note` or `partial_refund`, optionally ":<line id>"."""
        name, _sep, line_id = field.partition(":")
        named = [b for b in self.boxes if b.line.label() in message]  # the service names it
        for box in ([b for b in self.boxes if str(b.line.id) == line_id] if line_id
                    else named or [b for b in self.boxes if b.failed()]):  # fmt: skip
            if name in box.decision_rows:
                box.decision_rows[name].set_error(message)
                return True
        return False

    def _record(self):
        lines = tuple(box.inspection() for box in self.boxes)
        return returns.record_inspection(self.case_id, lines, self._session.desk_person_id())

    def accept(self) -> None:
        for box in self.boxes:
            box.clear_errors()
        if self._session.bus.run_op(self, self._record) is not None:
            super().accept()
