"""The product editor's first two tabs: the basics (货号, name, price…) and the handbook texts
(selling points, the honest weaknesses, colour difference, notes)."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desk.core import money, products
from desk.core.products import MAX_THRESHOLD, ProductDraft
from desk.i18n import _
from desk.models.products import PRODUCT_STATUSES
from desk.ui.widgets.field_errors import FieldRow

TEXT_FIELDS = ("selling_points", "weaknesses", "color_note", "notes")


class BasicForm(QWidget):
    """货号, name, category, price, cost, status, low-stock threshold, material, care."""

    def __init__(self, categories: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.code = self._line("code", _("e.g. LYQ-2401"))
        self.name = self._line("name", _("e.g. French floral dress"))
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category.addItems(categories)
        self.category.setCurrentText("")
        self.category.lineEdit().setPlaceholderText(_("e.g. dresses (choose or type)"))
        self.price = self._line("price", "0.00")
        self.cost = self._line("cost", "0.00")
        self.status = QComboBox()
        self.status.setObjectName("status")
        for status in PRODUCT_STATUSES:
            self.status.addItem(products.status_label(status), status)
        self.threshold = QSpinBox()
        self.threshold.setObjectName("lowStockThreshold")
        self.threshold.setRange(0, MAX_THRESHOLD)
        self.threshold.setValue(3)
        self.material = self._line("material", _("e.g. 100% cotton"))
        self.care = self._line("care", _("e.g. hand wash cold, do not tumble dry"))
        self.rows = {
            "code": FieldRow(self.code),
            "name": FieldRow(self.name),
            "category": FieldRow(self.category),
            "price_fen": FieldRow(self.price),
            "cost_fen": FieldRow(self.cost, _("Only you see the cost.")),
            "status": FieldRow(self.status),
            "low_stock_threshold": FieldRow(
                self.threshold, _("A colour/size with this many or fewer left counts as low.")
            ),
            "material": FieldRow(self.material),
            "care": FieldRow(self.care),
        }
        labels = {
            "code": _("Item code"),
            "name": _("Name"),
            "category": _("Category"),
            "price_fen": _("Price (yuan)"),
            "cost_fen": _("Cost (yuan)"),
            "status": _("Status"),
            "low_stock_threshold": _("Low-stock alert"),
            "material": _("Material"),
            "care": _("Care"),
        }
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setHorizontalSpacing(10)
        for key in ("code", "name", "category", "status", "material"):
            left.addRow(labels[key], self.rows[key])
        for key in ("price_fen", "cost_fen", "low_stock_threshold", "care"):
            right.addRow(labels[key], self.rows[key])
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(28)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        chain = [
            self.code,
            self.name,
            self.category,
            self.status,
            self.material,
            self.price,
            self.cost,
            self.threshold,
            self.care,
        ]  # down the left column, then the right
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def set_draft(self, draft: ProductDraft) -> None:
        self.code.setText(draft.code)
        self.name.setText(draft.name)
        self.category.setCurrentText(draft.category)
        self.price.setText(money.format_yuan(draft.price_fen))
        self.cost.setText(money.format_yuan(draft.cost_fen))
        self.status.setCurrentIndex(max(self.status.findData(draft.status), 0))
        self.threshold.setValue(draft.low_stock_threshold)
        self.material.setText(draft.material)
        self.care.setText(draft.care)

    def values(self) -> dict:
        """The fields as ProductDraft arguments; prices parsed (ValidationError at the field)."""
        return {
            "code": self.code.text(),
            "name": self.name.text(),
            "category": self.category.currentText(),
            "price_fen": money.parse_yuan(self.price.text(), "price_fen", _("Price")),
            "cost_fen": money.parse_yuan(self.cost.text(), "cost_fen", _("Cost"), allow_empty=True)
            or 0,
            "status": self.status.currentData(),
            "low_stock_threshold": self.threshold.value(),
            "material": self.material.text(),
            "care": self.care.text(),
        }


class TextsForm(QWidget):
    """The texts the couple learn by heart: 卖点, 实事求是, 色差, notes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        labels = {
            "selling_points": (
                _("Selling points"),
                _("What makes it worth buying: fabric, cut, details."),
            ),
            "weaknesses": (
                _("Honest about (weaknesses)"),
                _("Say it before the buyer finds it: thin, creases, runs small…"),
            ),
            "color_note": (
                _("Colour difference"),
                _("e.g. the apricot is a little darker than in the photos"),
            ),
            "notes": (_("Notes"), _("Anything else for the two of you.")),
        }
        self.edits: dict[str, QPlainTextEdit] = {}
        self.rows: dict[str, FieldRow] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 6, 0, 0)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(4)
        for i, field in enumerate(TEXT_FIELDS):
            title, placeholder = labels[field]
            edit = QPlainTextEdit()
            edit.setObjectName(field)
            edit.setPlaceholderText(placeholder)
            edit.setTabChangesFocus(True)
            self.edits[field] = edit
            self.rows[field] = FieldRow(edit)
            label = QLabel(title)
            label.setBuddy(edit)
            grid.addWidget(label, (i // 2) * 2, i % 2)
            grid.addWidget(self.rows[field], (i // 2) * 2 + 1, i % 2)

    def set_draft(self, draft: ProductDraft) -> None:
        for field, edit in self.edits.items():
            edit.setPlainText(getattr(draft, field))

    def values(self) -> dict:
        return {field: edit.toPlainText() for field, edit in self.edits.items()}
