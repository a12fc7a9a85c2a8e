"""The lines of the order editor: 货号 (completion from the handbook) → colour → size (the
available stock shown), quantity, unit price (defaults to the product's price; yuan), line
discount, the line's amount. Lines are read-only once the label is printed (加单 only before).

An existing line keeps its text snapshot (货号/colour/size), even when its product was deleted;
to sell another variant, remove the line and add a new one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.core import money, orders, products, variants
from desk.core.errors import ValidationError
from desk.core.orders import LineDraft, LineRow
from desk.core.variants import VariantRow
from desk.i18n import _
from desk.ui.products.widgets import EnterLineEdit

SUGGESTIONS = 15


def headers() -> list[str]:
    return [_("Item code"), _("Colour"), _("Size"), _("Qty"), _("Unit price"),
            _("Line discount"), _("Amount"), ""]


def find_product(code: str) -> products.ProductRow | None:
    """The product whose 货号 is exactly `code` (case-insensitive)."""
    code = code.strip()
    if not code:
        return None
    for row in products.search_products(code, limit=SUGGESTIONS):
        if row.code.casefold() == code.casefold():
            return row
    return None


@dataclass
class _Snapshot:
    """An existing line as stored."""

    id: int
    variant_id: int | None


class LineRowWidgets:
    """The widgets of one line (they live in the editor's grid)."""

    def __init__(self, owner: LinesEditor, number: int):
        self.owner = owner
        self.snapshot: _Snapshot | None = None
        self.product: products.ProductRow | None = None
        self.variants: list[VariantRow] = []
        self.code = EnterLineEdit()
        self.code.setObjectName(f"lineCode{number}")
        self.code.setPlaceholderText(_("Item code"))
        self.code_matches = QStringListModel(owner)
        self.completer = QCompleter(self.code_matches, owner)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.code)
        self.completer.activated[QModelIndex].connect(self._on_code_chosen)
        self._timer = QTimer(owner)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.suggest)
        self.code.textEdited.connect(lambda _t: self._timer.start())
        self.code.editingFinished.connect(self.take_code)
        self.code.returnPressed.connect(self.take_code)
        self.color = QComboBox()
        self.color.setObjectName(f"lineColor{number}")
        self.color.currentIndexChanged.connect(self._fill_sizes)
        self.size = QComboBox()
        self.size.setObjectName(f"lineSize{number}")
        self.size.currentIndexChanged.connect(lambda _i: owner.edited.emit())
        self.quantity = QSpinBox()
        self.quantity.setObjectName(f"lineQuantity{number}")
        self.quantity.setRange(1, orders.MAX_QUANTITY)
        self.quantity.valueChanged.connect(lambda _v: owner.edited.emit())
        self.price = QLineEdit()
        self.price.setObjectName(f"linePrice{number}")
        self.price.setPlaceholderText("0.00")
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.price.textEdited.connect(lambda _t: owner.edited.emit())
        self.discount = QLineEdit()
        self.discount.setObjectName(f"lineDiscount{number}")
        self.discount.setPlaceholderText("0.00")
        self.discount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.discount.textEdited.connect(lambda _t: owner.edited.emit())
        self.amount = QLabel()
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.remove = QPushButton("✕")
        self.remove.setObjectName(f"lineRemove{number}")
        self.remove.setToolTip(_("Remove this line"))
        self.remove.setAutoDefault(False)
        self.remove.setFixedWidth(30)
        self.remove.clicked.connect(lambda: owner.remove_line(self))

    def widgets(self) -> list[QWidget]:
        return [self.code, self.color, self.size, self.quantity, self.price, self.discount,
                self.amount, self.remove]

    # -- 货号 → colour → size ------------------------------------------------------------------
    def suggest(self) -> None:
        self._timer.stop()
        text = self.code.text().strip()
        if not text or self.snapshot is not None:
            return
        rows = products.search_products(text, limit=SUGGESTIONS)
        self.code_matches.setStringList([f"{r.code}  {r.name}" for r in rows])
        if rows and not (len(rows) == 1 and rows[0].code.casefold() == text.casefold()):
            self.completer.complete()

    def _on_code_chosen(self, index: QModelIndex) -> None:
        self.code.setText(str(index.data()).split()[0])
        self.take_code()

    def take_code(self) -> None:
        """Load the variants of the product with the 货号 typed (nothing when none matches)."""
        if self.snapshot is not None:
            return
        code = self.code.text().strip().split()[0] if self.code.text().strip() else ""
        if self.product is not None and self.product.code.casefold() == code.casefold():
            return
        self.product = find_product(code)
        self.variants = variants.list_variants(self.product.id) if self.product else []
        if self.product is not None:
            self.code.setText(self.product.code)
            self.code.setToolTip(self.product.name)
            self.price.setText(money.format_yuan(self.product.price_fen))
        self._fill_colors()
        self.owner.edited.emit()

    def _fill_colors(self) -> None:
        self.color.blockSignals(True)
        self.color.clear()
        for color in dict.fromkeys(v.color for v in self.variants):
            self.color.addItem(color, color)
        self.color.blockSignals(False)
        self._fill_sizes()

    def _fill_sizes(self, *args) -> None:
        if self.snapshot is not None:
            return
        self.size.blockSignals(True)
        self.size.clear()
        color = self.color.currentData()
        for variant in (v for v in self.variants if v.color == color):
            text = _("{size} · {available} available").format(
                size=variant.size, available=variant.available)
            if variant.hidden:
                text += " " + _("(hidden)")
            self.size.addItem(text, variant.id)
        self.size.blockSignals(False)
        self.owner.edited.emit()

    def load(self, row: LineRow, editable: bool) -> None:
        """An existing line: its snapshot, fixed; quantity and prices editable while allowed."""
        self.snapshot = _Snapshot(row.id, row.variant_id)
        self.code.setText(row.product_code)
        self.code.setToolTip(row.product_name)
        self.code.setReadOnly(True)
        self.color.addItem(row.color, row.color)
        self.size.addItem(row.size, row.variant_id)
        self.color.setEnabled(False)
        self.size.setEnabled(False)
        self.quantity.setValue(row.quantity)
        self.price.setText(money.format_yuan(row.unit_price_fen))
        self.discount.setText(money.format_yuan(row.discount_fen) if row.discount_fen else "")
        for widget in (self.quantity, self.price, self.discount, self.remove):
            widget.setEnabled(editable)

    # -- reading ------------------------------------------------------------------------------
    def is_blank(self) -> bool:
        return self.snapshot is None and not self.code.text().strip()

    def variant_id(self) -> int | None:
        return self.size.currentData() if self.size.count() else None

    def draft(self, number: int) -> LineDraft:
        """The line as the service takes it (ValidationError "lines" naming the line)."""
        where = _("Line {number}").format(number=number)
        if self.snapshot is None and self.variant_id() is None:
            problem = (_("choose the colour and size") if self.product is not None
                       else _("no product has the item code {code}").format(
                           code=self.code.text().strip()))
            raise ValidationError(_("{line}: {problem}").format(line=where, problem=problem),
                                  "lines")
        price = money.parse_yuan(self.price.text(), "lines", _("{line}: the unit price")
                                 .format(line=where), allow_empty=True)
        discount = money.parse_yuan(self.discount.text(), "lines", _("{line}: the discount")
                                    .format(line=where), allow_empty=True) or 0
        return LineDraft(
            variant_id=self.snapshot.variant_id if self.snapshot else self.variant_id(),
            quantity=self.quantity.value(), unit_price_fen=price, discount_fen=discount,
            id=self.snapshot.id if self.snapshot else None,
        )


class LinesEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines: list[LineRowWidgets] = []
        self._editable = True
        self._made = 0
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        for column, text in enumerate(headers()):
            label = QLabel(text)
            label.setObjectName("fieldHint")
            self.grid.addWidget(label, 0, column)
        for column, stretch in enumerate((3, 2, 3, 1, 2, 2, 2, 0)):
            self.grid.setColumnStretch(column, stretch)
        self.add_button = QPushButton(_("Add a line"))
        self.add_button.setObjectName("addLine")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip(_("Ctrl+L"))
        self.add_button.clicked.connect(lambda: self.add_line().code.setFocus())
        self.note = QLabel()
        self.note.setObjectName("fieldHint")
        self.note.setWordWrap(True)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.note)

    def add_line(self) -> LineRowWidgets:
        self._made += 1
        line = LineRowWidgets(self, self._made)
        row = self.grid.rowCount()
        for column, widget in enumerate(line.widgets()):
            self.grid.addWidget(widget, row, column)
        self.lines.append(line)
        self.edited.emit()
        return line

    def remove_line(self, line: LineRowWidgets) -> None:
        self.lines.remove(line)
        for widget in line.widgets():
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        if not self.lines and self._editable:
            self.add_line()
        self.edited.emit()

    def set_lines(self, rows: tuple[LineRow, ...], editable: bool, note: str = "") -> None:
        for line in list(self.lines):
            self.lines.remove(line)
            for widget in line.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self._editable = editable
        for row in rows:
            self.add_line().load(row, editable)
        if not rows:
            self.add_line()
        self.add_button.setEnabled(editable)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def drafts(self) -> tuple[LineDraft, ...]:
        """Every line but blank new ones (ValidationError naming a bad line)."""
        return tuple(line.draft(number) for number, line in
                     enumerate((x for x in self.lines if not x.is_blank()), 1))

    def show_amounts(self, drafts: tuple[LineDraft, ...] | None) -> None:
        """Each line's amount (quantity × price − discount), blank while it cannot be known."""
        filled = [x for x in self.lines if not x.is_blank()]
        for index, line in enumerate(filled):
            draft = drafts[index] if drafts and index < len(drafts) else None
            if draft is None or draft.unit_price_fen is None:
                line.amount.setText("")
                continue
            amount = draft.quantity * draft.unit_price_fen - draft.discount_fen
            line.amount.setText(money.format_yuan(amount, symbol=True))

    def raw(self) -> list[tuple]:
        """What is typed, to tell whether anything changed."""
        return [(x.code.text(), x.variant_id(), x.quantity.value(), x.price.text(),
                 x.discount.text()) for x in self.lines]
