"""The product editor (a dialog): basics, texts, colours × sizes, size chart, photos.

Save (the default button: Enter in a line, or Ctrl+S) writes everything in one transaction
(`save.save_product`); Esc cancels and writes nothing. A refusal is shown at its field, on its
tab, and everything typed stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from desk.core import products
from desk.core.errors import DomainError
from desk.core.products import ProductDetail, ProductDraft
from desk.i18n import _
from desk.ui import messages
from desk.ui.products.basic_form import BasicForm, TextsForm
from desk.ui.products.chart_tab import ChartTab
from desk.ui.products.grid_tab import GridTab
from desk.ui.products.photos_tab import PhotosTab
from desk.ui.products.save import (
    ProductPlan,
    SaveResult,
    parse_cell_field,
    save_product,
    stock_below_held,
)
from desk.ui.products.texts import split_list
from desk.ui.products.widgets import commit_editing

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

BASIC, GRID, CHART, PHOTOS = range(4)


class ProductEditor(QDialog):
    saved = Signal(int)  # the product id

    def __init__(
        self, session: ShopSession, product_id: int | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("productEditor")
        self._session = session
        self.product_id = product_id
        detail = products.get_product(product_id) if product_id is not None else None
        self.basic = BasicForm(products.categories())
        self.texts = TextsForm()
        self.grid = GridTab()
        self.chart = ChartTab()
        self.chart.sizes_from_grid = lambda: split_list(self.grid.sizes_edit.text())
        self.photos = PhotosTab()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("editorTabs")
        first = QWidget()
        first_layout = QVBoxLayout(first)
        first_layout.addWidget(self.basic)
        first_layout.addWidget(self.texts, 1)
        self.tabs.addTab(first, _("Basics"))
        self.tabs.addTab(self.grid, _("Colours & sizes"))
        self.tabs.addTab(self.chart, _("Size chart"))
        self.tabs.addTab(self.photos, _("Photos"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(_("Enter or Ctrl+S"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # now that it is in the dialog: Enter saves
        self.resize(920, 640)
        self._load(detail)

    def _load(self, detail: ProductDetail | None) -> None:
        draft = detail.draft if detail else ProductDraft(code="", name="")
        if detail is None:
            self.setWindowTitle(_("New product"))
        else:
            self.setWindowTitle(
                _("{code} {name} — product").format(code=draft.code, name=draft.name)
            )
        self.basic.set_draft(draft)
        if detail is None:
            self.basic.price.clear()
            self.basic.cost.clear()
        self.texts.set_draft(draft)
        self.grid.load(detail, draft.low_stock_threshold)
        self.chart.load(detail.size_chart if detail else None, draft.fit_rule)
        self.photos.load(detail)
        self.basic.code.setFocus()

    def _on_tab_changed(self, index: int) -> None:
        if index == CHART and self.chart.table.rowCount() == 0:
            self.chart.fill_sizes()

    # -- saving -----------------------------------------------------------------------------
    def plan(self) -> ProductPlan:
        """What the user typed, as plain data (prices parsed: ValidationError at the field)."""
        commit_editing(self.grid.view)
        commit_editing(self.chart.table)
        threshold = self.basic.threshold.value()
        chart = self.chart.plan()
        draft = ProductDraft(**self.basic.values(), **self.texts.values(), fit_rule=chart.fit_rule)
        return ProductPlan(
            draft, self.grid.plan(threshold), chart, self.photos.slots(), self.photos.changed()
        )

    def _save_now(self, allow_negative: bool = False) -> tuple[SaveResult, object]:
        return save_product(
            self.product_id, self.plan(), self._session.desk_person_id(),
            allow_negative=allow_negative,
        )

    def _below_held(self) -> bool | None:
        """True to save anyway, False when the user declined, None when stock is not below held."""
        try:
            plan = self.plan()
        except DomainError:
            return None  # the real save shows it at its field
        problem = stock_below_held(self.product_id, plan, self._session.desk_person_id())
        if problem is None:
            return None
        return messages.confirm(
            self,
            _("{problem}\n\nPaid orders already hold this stock. Save the lower count anyway?")
            .format(problem=problem),
            _("Save anyway"),
        )

    def save(self) -> bool:
        self.clear_errors()
        allow = self._below_held()
        if allow is False:
            return False
        done = self._session.bus.run_op(self, self._save_now, bool(allow))
        if done is None:
            return False
        result: SaveResult = done[0]
        self.product_id = result.detail.id
        self._tell_grid_result(result)
        self.saved.emit(result.detail.id)
        self.accept()
        return True

    def _tell_grid_result(self, result: SaveResult) -> None:
        grid = result.grid
        if grid is None or not (grid.hidden or grid.restored):
            return
        lines = []
        if grid.hidden:
            lines.append(
                _(
                    "{cells}: they have orders or stock history, so they were hidden, not deleted."
                ).format(cells=_cells(grid.hidden))
            )
        if grid.restored:
            lines.append(
                _("{cells}: shown again, with their stock and history.").format(
                    cells=_cells(grid.restored)
                )
            )
        messages.information(self.parentWidget() or self, "\n".join(lines))

    # -- messages at the fields -------------------------------------------------------------
    def clear_errors(self) -> None:
        for form in (self.basic, self.texts):
            for row in form.rows.values():
                row.set_error(None)
        self.grid.clear_errors()
        self.chart.clear_errors()
        self.photos.clear_errors()

    def show_field_error(self, field: str, message: str) -> bool:
        for form in (self.basic, self.texts):
            if field in form.rows:
                self.tabs.setCurrentIndex(BASIC)
                form.rows[field].set_error(message)
                return True
        cell = parse_cell_field(field)
        if cell is not None:
            self.tabs.setCurrentIndex(GRID)
            self.grid.show_cell_error(cell[0], cell[1], message)
            return True
        if field in ("colors", "sizes", "stock", "sku", "quantity"):
            self.tabs.setCurrentIndex(GRID)
            return self.grid.show_field_error(field, message)
        if field in ("fit_rule", "columns", "rows") or field.startswith("rows."):
            self.tabs.setCurrentIndex(CHART)
            return self.chart.show_field_error(field, message)
        if field in ("photos", "thumbnail"):
            self.tabs.setCurrentIndex(PHOTOS)
            return self.photos.show_field_error(field, message)
        return False


def _cells(cells: tuple[tuple[str, str], ...]) -> str:
    shown = "、".join(f"{color}/{size}" for color, size in cells[:8])
    return shown + ("…" if len(cells) > 8 else "")


def open_editor(
    session: ShopSession, product_id: int | None, parent: QWidget
) -> ProductEditor | None:
    """Open the editor window-modal (not blocking); None when the product is gone."""
    try:
        editor = ProductEditor(session, product_id, parent)
    except DomainError as exc:
        messages.warning(parent, exc.message)
        return None
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
