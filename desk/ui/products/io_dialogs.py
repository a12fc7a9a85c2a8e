"""Products to and from Excel: the import preview (nothing is written until 导入) and the export.

`open_import_dialog` asks for an .xlsx/.csv, checks it with `product_io.preview_import` and shows
what would be created and updated and every problem with its row and column; 导入 stays disabled
while there is a problem. The user fixes the file in Excel and presses 重新检查 (Ctrl+R). The
import itself is all or nothing (`product_io.apply_import`). The two file choosers are
module-level functions so that tests can replace them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core import product_io, products
from desk.core.product_io import ImportPreview, ProductPlan, RowError
from desk.i18n import _
from desk.ui import messages
from desk.ui.widgets.elided_label import ElidedLabel
from desk.ui.widgets.table_model import RIGHT, Column, RowTableModel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def choose_import_file(parent: QWidget | None) -> Path | None:
    name, _selected = QFileDialog.getOpenFileName(
        parent, _("Import products from Excel"), str(_documents()),
        _("Excel or CSV files (*.xlsx *.csv);;All files (*)"),
    )  # fmt: skip
    return Path(name) if name else None


def choose_export_file(parent: QWidget | None) -> Path | None:
    """Where to save the export; `.xlsx` is added when the name has none."""
    suggested = _("products-{date}.xlsx").format(date=datetime.date.today().isoformat())
    name, _selected = QFileDialog.getSaveFileName(
        parent, _("Export products to Excel"), str(_documents() / suggested),
        _("Excel files (*.xlsx)"),
    )  # fmt: skip
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def _busy(fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn` with the wait cursor showing (reading a big sheet takes a moment)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return fn(*args)
    finally:
        QApplication.restoreOverrideCursor()


def problem_text(error: RowError) -> str:
    """The message without its leading "Row 3: " (the row has a column of its own)."""
    if error.row is not None:
        prefix = _("Row {row}: {problem}").format(row=error.row, problem="")
        if error.message.startswith(prefix):
            return error.message[len(prefix) :]
    return error.message


def _plan_changes(plan: ProductPlan) -> str:
    parts = []
    if plan.action == "update" and plan.changed:
        parts.append("、".join(plan.changed))
    new_variants = sum(1 for v in plan.variants if v.action == "create")
    changed_variants = sum(1 for v in plan.variants if v.action == "update")
    if new_variants:
        parts.append(_("{count} new variants").format(count=new_variants))
    if changed_variants:
        parts.append(_("{count} variants changed").format(count=changed_variants))
    return "; ".join(parts)


def _table(name: str, model: RowTableModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    for column in range(model.columnCount() - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class ImportDialog(QDialog):
    def __init__(self, session: ShopSession, path: Path, preview: ImportPreview,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setStyleSheet(  # the app's stylesheet draws a disabled default button blue
            "QPushButton:default:disabled { background: #e2e8f0; border-color: #cbd2dc;"
            " color: #8a94a6; }"
        )
        self.setWindowTitle(_("Import products"))
        self.resize(760, 520)
        self._session = session
        self.path = path
        self.preview = preview
        self.result: product_io.ImportResult | None = None

        self.file_label = ElidedLabel()
        self.file_label.setObjectName("fieldHint")
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setStyleSheet("font-size: 11pt;")
        self.hint = QLabel()
        self.hint.setObjectName("importHint")
        self.hint.setWordWrap(True)
        row_column = (Column(_("Row"), lambda e: "" if e.row is None else str(e.row), RIGHT),
                      Column(_("Column"), lambda e: e.column or ""),
                      Column(_("Problem"), problem_text))  # fmt: skip
        self.errors_model: RowTableModel[RowError] = RowTableModel(row_column, self)
        self.warnings_model: RowTableModel[RowError] = RowTableModel(row_column, self)
        self.plans_model: RowTableModel[ProductPlan] = RowTableModel(
            (Column(_("Item code"), lambda p: p.code),
             Column(_("Name"), lambda p: p.name),
             Column(_("Action"), lambda p: _("New") if p.action == "create" else _("Update")),
             Column(_("Changes"), _plan_changes)),
            self,
        )  # fmt: skip
        self.tabs = QTabWidget()
        self.errors_view = _table("importErrors", self.errors_model)
        self.warnings_view = _table("importWarnings", self.warnings_model)
        self.plans_view = _table("importPlans", self.plans_model)
        for view in (self.errors_view, self.warnings_view, self.plans_view):
            self.tabs.addTab(view, "")

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.recheck_button = buttons.addButton(_("Check again"),
                                                QDialogButtonBox.ButtonRole.ActionRole)  # fmt: skip
        self.recheck_button.setObjectName("recheckButton")
        self.recheck_button.setToolTip(_("After fixing the file in Excel and saving it (Ctrl+R)"))
        self.recheck_button.setAutoDefault(False)
        self.recheck_button.clicked.connect(self.recheck)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+R"), self).activated.connect(self.recheck)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.show_preview(preview)

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.file_label.set_full_text(str(self.path))
        self.summary.setText(
            _("To create: {creates}    To update: {updates}    Unchanged: {unchanged}").format(
                creates=len(preview.creates), updates=len(preview.updates),
                unchanged=preview.unchanged,
            )
        )  # fmt: skip
        self.errors_model.set_rows(preview.errors)
        self.warnings_model.set_rows(preview.warnings)
        self.plans_model.set_rows(preview.creates + preview.updates)
        for view in (self.errors_view, self.warnings_view):
            view.resizeRowsToContents()
        self.tabs.setTabText(0, _("Problems ({count})").format(count=len(preview.errors)))
        self.tabs.setTabText(1, _("Notes ({count})").format(count=len(preview.warnings)))
        self.tabs.setTabText(2, _("To import ({count})").format(
            count=len(preview.creates) + len(preview.updates)))  # fmt: skip
        self.tabs.setCurrentIndex(0 if preview.errors else 2 if self.plans_model.rowCount() else 1)
        has_work = bool(preview.creates or preview.updates)
        self.import_button.setEnabled(preview.ok and has_work)
        if not preview.ok:
            self.hint.setText(_(
                "Nothing can be imported while the file has problems. Fix them in the file, save "
                "it and press “Check again”. Nothing has been written."
            ))  # fmt: skip
        elif not has_work:
            self.hint.setText(_("The file holds nothing new: every product in it is already "
                                "in the shop file as it is."))  # fmt: skip
        else:
            self.hint.setText(_("Nothing has been written yet. Import writes everything in the "
                                "file at once, or nothing if something goes wrong."))  # fmt: skip
        self.hint.setStyleSheet("color: #d93025;" if not preview.ok else "color: #4a5568;")

    def recheck(self) -> None:
        preview = self._session.bus.run_op(self, _busy, product_io.preview_import, self.path)
        if preview is not None:
            self.show_preview(preview)

    def apply(self) -> None:
        if not self.import_button.isEnabled():
            return
        done = self._session.bus.run_op(
            self, _busy, product_io.apply_import, self.preview, self._session.desk_person_id()
        )
        if done is None:
            self.recheck()  # show why: the shop file or the file has changed since
            return
        self.result = done[0]
        messages.information(self, _(
            "Imported: {created} products created, {updated} updated, {variants} new variants, "
            "{stock} stock counts changed."
        ).format(created=self.result.created, updated=self.result.updated,
                 variants=self.result.variants_created, stock=self.result.stock_changed))  # fmt: skip
        self.accept()


def open_import_dialog(parent: QWidget | None, session: ShopSession) -> None:
    """Choose a file, check it, and show the preview (window-modal; it imports on 导入)."""
    path = choose_import_file(parent)
    if path is None:
        return
    preview = session.bus.run_op(parent, _busy, product_io.preview_import, path)
    if preview is None:
        return  # not a spreadsheet, unreadable: the service's message was shown
    dialog = ImportDialog(session, path, preview, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def export_products(parent: QWidget | None, session: ShopSession,
                    product_ids: list[int] | None = None) -> None:  # fmt: skip
    """Write the products (all, or `product_ids`) to an .xlsx the user chooses."""
    if product_ids == [] or (product_ids is None and not products.search_products(limit=1)):
        messages.information(parent, _("There are no products to export yet."))
        return
    path = choose_export_file(parent)
    if path is None:
        return
    result = session.bus.run_op(parent, _busy, product_io.export_products, path, product_ids)
    if result is None:
        return
    messages.information(parent, _("Saved {products} products ({rows} rows) to {path}.").format(
        products=result.products, rows=result.rows, path=path))  # fmt: skip
