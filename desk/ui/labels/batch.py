"""The batch (打单): the orders to print with tick boxes, the template, printer and "start at",
and 审单 → 预览 → 打印 / 保存 PDF / 用系统查看器打开, plus 补打 of printed orders with a reason.

Before anything is drawn the glyph check lists, per order, the characters the font lacks, with
the choice to pick another font or edit the order (then it checks again), to print them anyway
(knowingly) or to stop (glyph_dialog). A batch of more than WORKER_FROM labels is
rendered off the GUI thread with progress. The dialogs that ask (reason, glyph choice) are
module functions, so that tests replace them.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import labels, order_list, orders, pdf_font
from desk.core.errors import DomainError
from desk.i18n import N_, _
from desk.ui import messages
from desk.ui.customers.import_worker import run_in_worker
from desk.ui.labels import glyph_dialog, printing
from desk.ui.orders import pdf_preview
from desk.ui.orders.check_dialog import run_check_dialog

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

AGAIN = "again"  # glyph_choice: check again
#: More labels than this are rendered in a worker thread (with a progress dialog).
WORKER_FROM = 40
LIST_LIMIT = 2000
SCOPES = (("today", N_("Today's orders to print")), ("all", N_("All orders to print")),
          ("printed", N_("Printed (for reprints)")))  # fmt: skip
COLUMNS = (N_("Order no."), N_("Customer"), N_("Region"), N_("Items"), N_("Status"))


def ask_reason(parent: QWidget | None) -> str | None:
    """Why the labels are printed again (None when cancelled); tests replace this."""
    text, ok = QInputDialog.getText(parent, _("Reprint"),
                                    _("Why are these labels printed again?"))  # fmt: skip
    return text if ok else None


def glyph_choice(parent: BatchPanel, problems: list[tuple[str, list[str]]]) -> bool | str:
    """Tell which orders hold characters the font lacks and let the user choose: True print
    anyway, AGAIN (another font was chosen or an order edited: check again), False stop. Tests
    replace this."""
    answer = glyph_dialog.ask(parent, parent.session, problems)
    if answer == glyph_dialog.PRINT_ANYWAY:
        return True
    return AGAIN if answer == glyph_dialog.AGAIN else False


class BatchPanel(QWidget):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._shown_key: tuple | None = None  # what the preview holds
        self.last_printed = b""  # the PDF of the last recorded print (what went to the printer)
        self.scope = QComboBox()
        self.scope.setObjectName("labelScope")
        for key, title in SCOPES:
            self.scope.addItem(_(title), key)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel()
        self.count.setObjectName("labelCount")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("labelOrders")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._update_buttons())
        tick_all = QPushButton(_("Tick all"))
        tick_all.clicked.connect(lambda: self.tick_all(True))
        tick_none = QPushButton(_("Tick none"))
        tick_none.clicked.connect(lambda: self.tick_all(False))

        self.template = QComboBox()
        self.template.setObjectName("labelTemplate")
        self.template.currentIndexChanged.connect(lambda _i: self._on_template())
        self.printer = QComboBox()
        self.printer.setObjectName("labelPrinter")
        self.start_at = QSpinBox()
        self.start_at.setObjectName("labelStartAt")
        self.start_at.setRange(1, 1)
        form = QFormLayout()
        form.addRow(_("Template"), self.template)
        form.addRow(_("Printer"), self.printer)
        form.addRow(_("Start at label"), self.start_at)

        self.buttons: dict[str, QPushButton] = {}
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for name, text, slot, row in (
            ("check", _("Check…"), self.check, row1),
            ("preview", _("Preview"), self.preview, row1),
            ("print", _("Print…"), self.print_labels, row1),
            ("save", _("Save PDF…"), self.save_pdf, row2),
            ("open", _("Open in the system viewer"), self.open_viewer, row2),
            ("reprint", _("Reprint…"), self.reprint, row2),
            ("calibrate", _("Calibrate the printer…"), self.calibrate, row2),
        ):
            button = QPushButton(text)
            button.setObjectName(f"labels_{name}")
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
        row1.addStretch(1)
        row2.addStretch(1)

        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(tick_all)
        top.addWidget(tick_none)
        top.addStretch(1)
        top.addWidget(self.count)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addLayout(form)
        box.addLayout(row1)
        box.addLayout(row2)
        self.preview_view = pdf_preview.PdfPreview()
        self.preview_view.setObjectName("labelPreview")
        self.preview_view.setMinimumWidth(280)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.load_choices()

    # --- loading ------------------------------------------------------------------------------

    def load_choices(self) -> None:
        """Templates and printers (the printer list may be empty: then the print dialog asks)."""
        pdf_font.apply_saved_font()  # the font chosen in Settings (also when the app opened)
        chosen = self.template.currentData()
        self.template.blockSignals(True)
        self.template.clear()
        for info in labels.list_templates():
            self.template.addItem(info.title, info.name)
        index = self.template.findData(chosen)
        self.template.setCurrentIndex(max(index, 0))
        self.template.blockSignals(False)
        self._on_template()
        printer = self.printer.currentData()
        self.printer.clear()
        self.printer.addItem(_("Choose in the print dialog"), "")
        default = QPrinterInfo.defaultPrinterName()
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        index = self.printer.findData(printer if printer else default)
        self.printer.setCurrentIndex(max(index, 0))

    def _on_template(self) -> None:
        name = self.template.currentData()
        if not name:
            return
        spec = labels.get_template(name).spec
        most = spec.sheet.per_page if spec.sheet is not None else 1
        self.start_at.setRange(1, most)
        self.start_at.setEnabled(most > 1)

    def _rows(self) -> list[orders.OrderRow]:
        scope = self.scope.currentData()
        if scope == "printed":
            wanted = order_list.OrderFilter(statuses=("printed",))
            return order_list.list_orders(wanted, limit=LIST_LIMIT)
        ids = labels.orders_to_print(datetime.date.today() if scope == "today" else None,
                                     limit=LIST_LIMIT)  # fmt: skip
        wanted = order_list.OrderFilter(statuses=("confirmed",))
        by_id = {row.id: row for row in order_list.list_orders(wanted, limit=LIST_LIMIT * 2)}
        return [by_id[i] for i in ids if i in by_id]

    def refresh(self) -> None:
        self._shown_key = None  # the orders may have changed: draw the preview again
        ticked = set(self.checked_ids())
        first = self.table.rowCount() == 0
        rows = self._rows()
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            number = QTableWidgetItem(row.number)
            number.setData(Qt.ItemDataRole.UserRole, row.id)
            number.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                            | Qt.ItemFlag.ItemIsUserCheckable)  # fmt: skip
            tick = row.id in ticked or (first and self.scope.currentData() != "printed")
            number.setCheckState(Qt.CheckState.Checked if tick else Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, number)
            texts = (row.customer_name, row.region, row.summary, orders.status_label(row.status))
            for c, text in enumerate(texts, start=1):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.checked_ids())
        self.count.setText(_("{count} ticked of {total}").format(
            count=count, total=self.table.rowCount()))  # fmt: skip
        for name, button in self.buttons.items():
            button.setEnabled(count > 0 or name == "calibrate")

    # --- ticking ------------------------------------------------------------------------------

    def checked_ids(self) -> list[int]:
        ids = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(Qt.ItemDataRole.UserRole))
        return ids

    def set_checked(self, order_ids) -> None:
        wanted = set(order_ids)
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
        self._update_buttons()

    def tick_all(self, on: bool) -> None:
        ids = [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
               for r in range(self.table.rowCount())]  # fmt: skip
        self.set_checked(ids if on else [])

    # --- the flow -----------------------------------------------------------------------------

    def check(self) -> list[int]:
        """审单: the pre-print check; the ticks follow what the user goes ahead with."""
        ids = self.checked_ids()
        if not ids:
            return []
        chosen = run_check_dialog(self, self._session, ids)
        if chosen:
            self.refresh()
            self.set_checked(chosen)
        return chosen

    def _settings(self) -> tuple[str, str, int]:
        return (self.template.currentData() or "", self.printer.currentData() or "",
                self.start_at.value() if self.start_at.isEnabled() else 1)  # fmt: skip

    @property
    def session(self) -> ShopSession:
        return self._session

    def _glyphs_ok(self, ids: list[int]) -> bool | None:
        """The glyph check before anything is drawn (again after the user changed the font or
        an order). None: stop; otherwise print_anyway."""
        while True:
            problems = self._session.bus.run_op(self, labels.glyph_problems, ids)
            if problems is None:
                return None
            if not problems:
                return False
            answer = glyph_choice(self, problems)
            if answer is True:
                return True
            if answer != AGAIN:
                return None
            self._shown_key = None  # the font or an order changed: draw the preview again

    def render(self) -> bytes | None:
        """The PDF of the ticked orders (rendered again only when something changed)."""
        ids = self.checked_ids()
        if not ids:
            messages.information(self, _("Tick the orders to print first."))
            return None
        template, printer, start_at = self._settings()
        key = (tuple(ids), template, printer, start_at)
        if key == self._shown_key and self.preview_view.data:
            return self.preview_view.data
        anyway = self._glyphs_ok(ids)
        if anyway is None:
            return None
        args = (labels.preview_labels, ids, template)
        kwargs = {"printer": printer, "start_at": start_at, "print_anyway": anyway}
        if len(ids) > WORKER_FROM:
            outcome = run_in_worker(self, _("Drawing {count} labels…").format(count=len(ids)),
                                    *args, **kwargs)  # fmt: skip
            data = self._session.bus.run_op(self, outcome.unwrap)
        else:
            data = self._session.bus.run_op(self, *args, **kwargs)
        if data is None:
            return None
        try:
            self.preview_view.set_pdf(data)
        except DomainError as exc:
            messages.warning(self, exc.message)
            return None
        self._shown_key = key
        return data

    def preview(self) -> bool:
        return self.render() is not None

    def save_pdf(self) -> bool:
        data = self.render()
        if data is None:
            return False
        name = _("labels-{day}.pdf").format(day=datetime.date.today().isoformat())
        path = pdf_preview.choose_pdf_file(self, _("Save the labels as PDF"), name)
        if path is None:
            return False
        return self._session.bus.run_op(self, pdf_preview.write_pdf, path, data) is not None

    def open_viewer(self) -> bool:
        data = self.render()
        if data is None:
            return False
        return (
            self._session.bus.run_op(self, pdf_preview.open_in_viewer, data, "labels") is not None
        )

    def calibrate(self) -> None:
        """The calibration dialog for the chosen template and printer; the preview is drawn
        again afterwards (with the offsets saved)."""
        from desk.ui.labels.calibration import open_calibration

        template, printer, _start = self._settings()
        open_calibration(self._session, self, template, printer)
        self._shown_key = None

    def print_labels(self) -> bool:
        """Print the ticked orders' labels: recorded, moved to 已打单, sent to the printer."""
        return self._print(self.checked_ids(), reprint=False, reason="")

    def reprint(self) -> bool:
        """补打: print the ticked orders again, with a reason (required)."""
        ids = self.checked_ids()
        if not ids:
            return False
        reason = ask_reason(self)
        if reason is None:
            return False
        if not reason.strip():
            messages.warning(self, _("Say why the labels are printed again."))
            return False
        return self._print(ids, reprint=True, reason=reason)

    def _print(self, ids: list[int], *, reprint: bool, reason: str) -> bool:
        if not ids:
            return False
        template, printer_name, start_at = self._settings()
        anyway = self._glyphs_ok(ids)
        if anyway is None:
            return False
        info = self._session.bus.run_op(self, labels.get_template, template)
        if info is None:
            return False
        pages = printing.page_count(info.spec, len(ids), start_at)
        printer = printing.label_printer(info.spec, printer_name, pages)
        if not pdf_preview.choose_printer(self, printer):
            return False
        if not printing.exact_size(printer, info.spec) and not self._other_paper(printer, info):
            return False
        staff_id = self._session.desk_person_id()
        numbers = dict(zip(ids, self._numbers(ids), strict=True))  # the list refreshes on print
        result = self._session.bus.run_op(
            self, labels.print_labels, ids, template, printer=printing.printer_label(printer),
            staff_id=staff_id, reprint=reprint, reason=reason, start_at=start_at,
            print_anyway=anyway)  # fmt: skip
        if result is None:
            return False
        data, _changes = result
        self.last_printed = data
        out = 0
        try:
            done = printing.paint(self, printer, data)
            problem = "" if done else _("Printing was stopped.")
        except printing.PrintFailed as exc:
            done, problem = False, exc.message
            out = printing.labels_on_pages(info.spec, len(ids), start_at, exc.pages_done)
        except DomainError as exc:
            done, problem = False, exc.message
        if not done:
            failed = ids[out:]
            self._session.bus.run_op(self, labels.record_failed, data.job_id, failed)
            messages.warning(self, _("{problem} The labels of {count} orders did not come out "
                                     "({numbers}); the print log says so, and printing them again "
                                     "is no reprint.").format(problem=problem, count=len(failed),
                                                              numbers="、".join(numbers[i] for i in failed)))  # fmt: skip
            return False
        return True

    def _numbers(self, order_ids: list[int]) -> list[str]:
        by_id = {}
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            by_id[item.data(Qt.ItemDataRole.UserRole)] = item.text()
        return [by_id.get(i, str(i)) for i in order_ids]

    def _other_paper(self, printer, info) -> bool:
        """The print dialog left another paper size than the template's: go on only if asked."""
        size = printer.pageLayout().fullRect(QPageLayout.Unit.Millimeter)
        return messages.confirm(self, _(
            "The printer is set to paper of {width} × {height} mm, but the template {template} "
            "is {page_w} × {page_h} mm. The labels print at their own size from the top-left "
            "corner of the paper, not stretched. Print anyway?").format(
            width=round(size.width()), height=round(size.height()), template=info.title,
            page_w=round(info.spec.page_w_mm), page_h=round(info.spec.page_h_mm)),
            _("Print anyway"))  # fmt: skip
