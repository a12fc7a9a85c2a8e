"""Importing customers (导入客户): a Taobao/Qianniu order export, or any CSV/xlsx with a column
mapping step; always a preview with the row problems before anything is written.

`run_import_dialog` asks for a file. A CSV whose headers are those of a Taobao 订单报表 goes
straight to the preview; any other table first asks which column holds what (one combo per
field, with the first rows of the file shown). The preview counts what would be created and
updated, lists every row problem (red ones block the import), and can put every imported buyer
in a group as well. Reading and importing run in a worker thread behind a progress dialog that
can be cancelled (see import_worker); the import is all or nothing. The file chooser is a module
function so that tests can replace it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core import customer_import, customers, phones
from desk.core.customer_import_taobao import map_headers
from desk.core.sheet_reader import garbled
from desk.core.customer_import import ImportedBuyer, ImportPreview, RawTable, RowProblem
from desk.i18n import _
from desk.ui import messages
from desk.ui.customers.import_worker import Outcome, run_in_worker
from desk.ui.widgets.elided_label import ElidedLabel
from desk.ui.widgets.table_model import RIGHT, Column, Index, RowTableModel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

SAMPLE_ROWS = 5
BLOCKING_TEXT = QColor("#d93025")
ERROR_STYLE = "color: #d93025;"
HINT_STYLE = "color: #4a5568;"


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def choose_import_file(parent: QWidget | None) -> Path | None:
    name, _selected = QFileDialog.getOpenFileName(
        parent, _("Import customers"), str(_documents()),
        _("Taobao order export, CSV or Excel (*.csv *.xlsx);;All files (*)"),
    )  # fmt: skip
    return Path(name) if name else None


def column_name(index: int, header: str) -> str:
    """`C · 收货人` — the column's letter as Excel shows it, and its header."""
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters} · {header}" if header.strip() else letters


def _action(buyer: ImportedBuyer) -> str:
    return {"create": _("New"), "update": _("Update"), "same": _("Unchanged")}.get(
        buyer.action, buyer.action
    )


def _phones(buyer: ImportedBuyer) -> str:
    return " ".join(phones.mask(p) for p in buyer.phones)


class ProblemModel(RowTableModel[RowProblem]):
    """行号, 列, 问题; a problem that blocks the import is red."""

    def __init__(self, parent=None):
        super().__init__(
            (Column(_("Row"), lambda p: str(p.line) if p.line else "", RIGHT),
             Column(_("Column"), lambda p: p.column),
             Column(_("Problem"), lambda p: p.message)),
            parent,
        )  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        problem = self.row_at(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and problem.blocking:
            return QBrush(BLOCKING_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            kind = _("Must be fixed") if problem.blocking else _("Note: the row is imported")
            return f"{kind}\n{problem.message}"
        return super().data(index, role)


def _table_view(name: str, model) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)  # one line a row (fast for thousands); the tooltip has it all
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    for column in range(model.columnCount() - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


class MappingPage(QWidget):
    """Which column of the file holds which field (guessed from the headers), with sample rows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table: RawTable | None = None
        hint = QLabel(_(
            "This file is not a Taobao order export. Tell Shop Desk which column holds what "
            "(the guesses can be changed); fields without a column are left empty."
        ))  # fmt: skip
        hint.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        per_column = (len(customer_import.TABLE_FIELDS) + 1) // 2
        for i, key in enumerate(customer_import.TABLE_FIELDS):
            combo = QComboBox()
            combo.setObjectName(f"map_{key}")
            combo.setMinimumContentsLength(12)
            self.combos[key] = combo
            row, column = i % per_column, (i // per_column) * 2
            grid.addWidget(QLabel(customer_import.field_label(key)), row, column)
            grid.addWidget(combo, row, column + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.samples = QTableWidget()
        self.samples.setObjectName("sampleRows")
        self.samples.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.samples.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        samples_label = QLabel(_("The first rows of the file:"))
        samples_label.setObjectName("fieldHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addWidget(samples_label)
        layout.addWidget(self.samples, 1)

    def set_table(self, table: RawTable) -> None:
        self.table = table
        guessed = customer_import.guess_mapping(table.headers)
        for key, combo in self.combos.items():
            combo.clear()
            combo.addItem(_("(not imported)"), None)
            for index, header in enumerate(table.headers):
                combo.addItem(column_name(index, header), index)
            if key in guessed:
                combo.setCurrentIndex(combo.findData(guessed[key]))
        self.samples.clear()
        rows = table.rows[:SAMPLE_ROWS]
        self.samples.setColumnCount(len(table.headers))
        self.samples.setRowCount(len(rows))
        self.samples.setHorizontalHeaderLabels(
            [column_name(i, h) for i, h in enumerate(table.headers)]
        )
        self.samples.setVerticalHeaderLabels([str(table.first_line + i) for i in range(len(rows))])
        for r, values in enumerate(rows):
            for c, value in enumerate(values[: len(table.headers)]):
                self.samples.setItem(r, c, QTableWidgetItem(value))

    def mapping(self) -> dict[str, int]:
        return {key: combo.currentData() for key, combo in self.combos.items()
                if combo.currentData() is not None}  # fmt: skip


class PreviewPage(QWidget):
    """What the import would do: counts, row problems, the buyers, and an optional group."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.source = QLabel()
        self.source.setObjectName("fieldHint")
        self.counts = QLabel()
        self.counts.setObjectName("importCounts")
        self.counts.setStyleSheet("font-size: 11pt;")
        self.hint = QLabel()
        self.hint.setObjectName("importHint")
        self.hint.setWordWrap(True)
        self.problems = ProblemModel(self)
        self.buyers: RowTableModel[ImportedBuyer] = RowTableModel(
            (Column(_("Row"), lambda b: str(b.line), RIGHT),
             Column(_("Nick"), lambda b: b.nick),
             Column(_("Full name"), lambda b: b.name),
             Column(_("Phone numbers"), _phones),
             Column(_("Action"), _action),
             Column(_("Address"), lambda b: b.address.one_line() if b.address else "")),
            self,
        )  # fmt: skip
        self.problems_view = _table_view("importProblems", self.problems)
        self.buyers_view = _table_view("importBuyers", self.buyers)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.problems_view, "")
        self.tabs.addTab(self.buyers_view, "")
        self.group = QComboBox()
        self.group.setObjectName("importGroup")
        self.group.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        group_row = QHBoxLayout()
        group_row.addWidget(QLabel(_("Also put them in the group")))
        group_row.addWidget(self.group)
        group_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.source)
        layout.addWidget(self.counts)
        layout.addWidget(self.hint)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(group_row)

    def set_groups(self) -> None:
        chosen = self.group.currentData()
        self.group.clear()
        self.group.addItem(_("(no group)"), None)
        for info in customers.list_groups():
            self.group.addItem(info.name, info.id)
        index = self.group.findData(chosen)
        self.group.setCurrentIndex(max(index, 0))
        metrics = self.group.fontMetrics()  # the stylesheet's padding is not in the size hint
        widest = max(metrics.horizontalAdvance(self.group.itemText(i))
                     for i in range(self.group.count()))  # fmt: skip
        self.group.setMinimumWidth(widest + 48)

    def show_preview(self, preview: ImportPreview) -> None:
        self.source.setText(
            _("Taobao order export") if preview.source == "taobao" else _("Table with your columns")
        )
        self.counts.setText(_(
            "New customers: {creates}    Updated: {updates}    Unchanged: {unchanged}    "
            "New orders: {orders_new}    Imported before: {orders_known}"
        ).format(creates=preview.creates, updates=preview.updates, unchanged=preview.unchanged,
                 orders_new=preview.orders_new, orders_known=preview.orders_known))  # fmt: skip
        self.problems.set_rows(preview.problems)
        self.buyers.set_rows(preview.buyers)
        blocking = sum(1 for p in preview.problems if p.blocking)
        self.tabs.setTabText(0, _("Problems ({count})").format(count=len(preview.problems)))
        self.tabs.setTabText(1, _("Buyers ({count})").format(count=len(preview.buyers)))
        self.tabs.setCurrentIndex(0 if preview.problems else 1)
        if not preview.ok:
            self.hint.setText(_(
                "{count} problems in red must be fixed in the file before anything can be "
                "imported (save it and press “Check again”). Nothing has been written."
            ).format(count=blocking))  # fmt: skip
        elif not preview.buyers:
            self.hint.setText(_("The file holds no buyers to import."))
        elif preview.problems:
            self.hint.setText(_(
                "Nothing has been written yet. The notes listed do not stop the import. Import "
                "writes everything at once, or nothing if something goes wrong."
            ))  # fmt: skip
        else:
            self.hint.setText(_("Nothing has been written yet. Import writes everything at once, "
                                "or nothing if something goes wrong."))  # fmt: skip
        self.hint.setStyleSheet(ERROR_STYLE if not preview.ok else HINT_STYLE)


class CustomerImportDialog(QDialog):
    MAPPING, PREVIEW = 0, 1

    def __init__(self, session: ShopSession, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("customerImportDialog")
        self.setStyleSheet(  # the app's stylesheet draws a disabled default button blue
            "QPushButton:default:disabled { background: #e2e8f0; border-color: #cbd2dc;"
            " color: #8a94a6; }"
        )
        self.setWindowTitle(_("Import customers"))
        self.resize(860, 600)
        self._session = session
        self.path = path
        self.table: RawTable | None = None
        self.preview: ImportPreview | None = None
        self.result: customer_import.ImportResult | None = None

        self.file_label = ElidedLabel(str(path))
        self.file_label.setObjectName("fieldHint")
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.mapping_page)
        self.stack.addWidget(self.preview_page)

        buttons = QDialogButtonBox()
        self.back_button = buttons.addButton(_("Back"), QDialogButtonBox.ButtonRole.ActionRole)
        self.back_button.setObjectName("importBack")
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back)
        self.recheck_button = buttons.addButton(_("Check again"),
                                                QDialogButtonBox.ButtonRole.ActionRole)  # fmt: skip
        self.recheck_button.setObjectName("recheckButton")
        self.recheck_button.setToolTip(_("After fixing the file and saving it (Ctrl+R)"))
        self.recheck_button.setAutoDefault(False)
        self.recheck_button.clicked.connect(self.recheck)
        self.next_button = buttons.addButton(_("Next"), QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button.setObjectName("importNext")
        self.next_button.clicked.connect(self.check_mapping)
        self.import_button = buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.apply)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+R"), self).activated.connect(self.recheck)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)

    # -- pages -----------------------------------------------------------------------------
    def show_mapping(self, table: RawTable) -> None:
        self.table = table
        self.mapping_page.set_table(table)
        self.stack.setCurrentIndex(self.MAPPING)
        self._update_buttons()

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.preview_page.set_groups()
        self.preview_page.show_preview(preview)
        self.stack.setCurrentIndex(self.PREVIEW)
        self._update_buttons()

    def _update_buttons(self) -> None:
        on_mapping = self.stack.currentIndex() == self.MAPPING
        self.next_button.setVisible(on_mapping)
        self.next_button.setDefault(on_mapping)
        self.import_button.setVisible(not on_mapping)
        self.import_button.setDefault(not on_mapping)
        self.back_button.setVisible(not on_mapping and self.table is not None)
        self.recheck_button.setVisible(not on_mapping)
        preview = self.preview
        self.import_button.setEnabled(
            not on_mapping and preview is not None and preview.ok and bool(preview.buyers)
        )

    # -- steps -----------------------------------------------------------------------------
    def _run(self, label: str, fn, *args, **kwargs) -> Any:
        outcome: Outcome = run_in_worker(self, label, fn, *args, **kwargs)
        return self._session.bus.run_op(self, outcome.unwrap)

    def check_mapping(self) -> None:
        if self.table is None:
            return
        preview = self._run(_("Checking the rows…"), customer_import.preview_table,
                            self.table, self.mapping_page.mapping(), str(self.path))  # fmt: skip
        if preview is not None:
            self.show_preview(preview)

    def back(self) -> None:
        if self.table is not None:
            self.stack.setCurrentIndex(self.MAPPING)
            self._update_buttons()

    def recheck(self) -> None:
        """Read the file again (after it was fixed) and check it with the same choices."""
        if self.stack.currentIndex() != self.PREVIEW or self.preview is None:
            return
        if self.table is None:
            preview = self._run(_("Reading the file…"), customer_import.read_taobao_export,
                                self.path, progress=True)  # fmt: skip
            if preview is not None:
                self.show_preview(preview)
            return
        table = self._run(_("Reading the file…"), customer_import.read_table, self.path)
        if table is None:
            return
        if table.headers != self.table.headers:
            self.show_mapping(table)  # other columns: choose them again
            return
        self.table = table
        self.check_mapping()

    def apply(self) -> None:
        if self.preview is None or not self.import_button.isEnabled():
            return
        group_id = self.preview_page.group.currentData()
        done = self._run(
            _("Importing customers…"), customer_import.apply_import, self.preview,
            group_id=group_id, progress=True, cancel=True,
        )  # fmt: skip
        if done is None:
            return  # refused or cancelled: the message was shown, nothing was written
        self.result = done[0]
        result = self.result
        messages.information(self, _(
            "Import finished: {created} customers created, {updated} updated, {addresses} "
            "addresses added, {orders} orders counted."
        ).format(created=result.created, updated=result.updated,
                 addresses=result.addresses_added, orders=result.orders_counted))  # fmt: skip
        self.accept()


def read_file(parent: QWidget | None, session: ShopSession,
              path: Path) -> ImportPreview | RawTable | None:  # fmt: skip
    """A Taobao export's preview, or the raw table for the mapping step; None when the file
    cannot be used (the reason was shown).

    The Taobao reader goes first (it knows the export by its headers, CSV or xlsx). When it
    refuses the file, and the file still reads as a table whose headers are neither garbled nor
    those of a Taobao export, the table goes to the mapping step; otherwise the Taobao reader's
    reason is shown (the encoding, UTF-16, a file that is not text, an empty file).
    """
    taobao = run_in_worker(parent, _("Reading the file…"), customer_import.read_taobao_export,
                           path, progress=True)  # fmt: skip
    if isinstance(taobao.error, customer_import.ImportFileError):
        table = run_in_worker(parent, _("Reading the file…"), customer_import.read_table, path)
        if table.error is None and is_other_table(table.value, path):
            return table.value
    return session.bus.run_op(parent, taobao.unwrap)


def is_other_table(table: RawTable, path: Path) -> bool:
    """Readable headers that are not a Taobao export's (a Taobao export the Taobao reader
    refused has a problem the mapping step would only hide)."""
    if any(garbled(h) is not None for h in table.headers):
        return False
    try:
        map_headers(list(table.headers), path.name)
    except customer_import.ImportFileError:
        return True
    return False


def run_import_dialog(parent: QWidget | None, session: ShopSession) -> None:
    """Choose a file, read it, map its columns if needed, show the preview (window-modal)."""
    path = choose_import_file(parent)
    if path is None:
        return
    read = read_file(parent, session, path)
    if read is None:
        return
    dialog = CustomerImportDialog(session, path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if isinstance(read, RawTable):
        dialog.show_mapping(read)
    else:
        dialog.show_preview(read)
    dialog.open()
