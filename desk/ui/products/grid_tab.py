"""The 颜色尺码 tab: colours and sizes typed as lists, the grid made in one step, stock and SKU
per cell. Everything is saved with the product (Save), all or nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.core.products import ProductDetail
from desk.i18n import _
from desk.ui.products.grid_model import SKU, STOCK, VariantGridModel
from desk.ui.products.save import GridPlan, Key
from desk.ui.products.texts import join_list, split_list
from desk.ui.products.widgets import EnterLineEdit, error_line, hint, show_error
from desk.ui.widgets.field_errors import FieldRow


class GridTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.colors_edit = EnterLineEdit()
        self.colors_edit.setObjectName("colors")
        self.colors_edit.setPlaceholderText(_("e.g. black, white, apricot"))
        self.sizes_edit = EnterLineEdit()
        self.sizes_edit.setObjectName("sizes")
        self.sizes_edit.setPlaceholderText(_("e.g. S M L XL XXL (one size: 均码)"))
        for edit in (self.colors_edit, self.sizes_edit):
            edit.returnPressed.connect(self.generate)
        self.rows = {"colors": FieldRow(self.colors_edit), "sizes": FieldRow(self.sizes_edit)}
        self.generate_button = QPushButton(_("Make the grid"))
        self.generate_button.setObjectName("makeGrid")
        self.generate_button.setAutoDefault(False)
        self.generate_button.clicked.connect(self.generate)

        self.model = VariantGridModel(self)
        self.model.refused.connect(self._on_refused)
        self.model.dataChanged.connect(self._update_info)
        self.model.modelReset.connect(self._update_info)
        self.view = QTableView()
        self.view.setObjectName("variantGrid")
        self.view.setModel(self.model)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setMinimumSectionSize(56)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

        self.stock_mode = QRadioButton(_("Stock"))
        self.stock_mode.setObjectName("stockMode")
        self.stock_mode.setChecked(True)
        self.sku_mode = QRadioButton(_("SKU codes"))
        self.sku_mode.setObjectName("skuMode")
        modes = QButtonGroup(self)
        modes.addButton(self.stock_mode)
        modes.addButton(self.sku_mode)
        self.stock_mode.toggled.connect(lambda on: self.model.set_mode(STOCK if on else SKU))
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("stockNote")
        self.note_edit.setPlaceholderText(_("e.g. stock count, delivery from the supplier"))
        self.info = hint("")
        self.info.setObjectName("gridInfo")
        self.error = error_line()

        form = QFormLayout()
        form.addRow(_("Colours"), self.rows["colors"])
        sizes_line = QHBoxLayout()
        sizes_line.addWidget(self.rows["sizes"], 1)
        sizes_line.addWidget(self.generate_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(_("Sizes"), sizes_line)
        form.addRow(
            "",
            hint(
                _(
                    "Separate with commas, 、 or spaces. Adding a colour or size later "
                    "keeps the stock already entered."
                )
            ),
        )
        mode_line = QHBoxLayout()
        mode_line.addWidget(QLabel(_("The grid shows:")))
        mode_line.addWidget(self.stock_mode)
        mode_line.addWidget(self.sku_mode)
        mode_line.addStretch(1)
        note_line = QFormLayout()
        note_line.addRow(_("Why the stock changed"), self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(mode_line)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        layout.addWidget(self.error)
        layout.addLayout(note_line)

    def load(self, detail: ProductDetail | None, threshold: int) -> None:
        if detail is None:
            self.model.load((), (), (), threshold)
            return
        self.model.load(detail.variants, detail.colors, detail.sizes, threshold)
        self.colors_edit.setText(", ".join(detail.colors))
        self.sizes_edit.setText(join_list(detail.sizes))

    def generate(self) -> None:
        """Make the grid from the two lists (nothing is written until the product is saved)."""
        self.clear_errors()
        colors, sizes = split_list(self.colors_edit.text()), split_list(self.sizes_edit.text())
        if colors and not sizes:
            self.rows["sizes"].set_error(_("Add at least one size (for one-size goods: 均码)."))
            return
        if sizes and not colors:
            self.rows["colors"].set_error(_("Add at least one colour."))
            return
        self.model.set_axes(colors, sizes)
        self.colors_edit.setText(", ".join(self.model.colors))
        self.sizes_edit.setText(join_list(self.model.sizes))
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def plan(self, threshold: int) -> GridPlan:
        """What to save; lists typed but not yet made into the grid are made now."""
        typed = (split_list(self.colors_edit.text()), split_list(self.sizes_edit.text()))
        if typed != (self.model.colors, self.model.sizes):
            self.model.set_axes(*typed)
        self.model.threshold = threshold
        return self.model.plan(self.note_edit.text().strip() or _("Changed in the product editor"))

    # -- messages ---------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.set_error(None)
        show_error(self.error, None)
        self.model.set_error(None)

    def show_field_error(self, field: str, message: str) -> bool:
        if field in self.rows:
            self.rows[field].set_error(message)
            return True
        show_error(self.error, message)
        return True

    def show_cell_error(self, kind: str, key: Key, message: str) -> None:
        self.model.set_mode(SKU if kind == "sku" else STOCK)
        (self.sku_mode if kind == "sku" else self.stock_mode).setChecked(True)
        self.model.set_error(key, message)
        index = self.model.index_of(key)
        if index is not None:
            self.view.setCurrentIndex(index)
            self.view.setFocus()
        show_error(self.error, message)

    def _on_refused(self, message: str) -> None:
        show_error(self.error, message)

    def _update_info(self) -> None:
        if self.error.isVisible() and not self.model.has_errors:
            show_error(self.error, None)
        colors, sizes = len(self.model.colors), len(self.model.sizes)
        if not colors:
            self.info.setText(_("No grid yet: type the colours and sizes, then Make the grid."))
            return
        parts = [
            _("{colors} colours × {sizes} sizes, {total} in stock").format(
                colors=colors, sizes=sizes, total=self.model.total_stock()
            )
        ]
        hide = self.model.to_hide()
        if hide:
            cells = "、".join(f"{c}/{s}" for c, s in hide[:6]) + ("…" if len(hide) > 6 else "")
            parts.append(
                _("{cells} will be hidden, not deleted (they have history).").format(cells=cells)
            )
        self.info.setText("  ".join(parts))
