"""Printing labels: the exact page size (a custom size too) through paint_pdf, the resolution
cap, and a printer that stops mid-batch — the log records which labels came out."""

from __future__ import annotations

import pytest
from PySide6.QtPrintSupport import QPrinter
from pypdf import PdfReader

from desk.core import labels, orders
from desk.models import PrintJobOrder
from desk.pdf.label_spec import builtin_specs
from desk.ui.labels import printing
from desk.ui.orders import pdf_preview
from tests.core.orders_support import build_shop, order_in_status
from tests.ui.conftest import show_active

MM = 72 / 25.4


def to_pdf(path):
    def choose(parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return choose


@pytest.mark.parametrize("name", ["thermal-76x130", "thermal-100x180", "a4-3x7"])
def test_pages_go_out_at_the_templates_exact_size(qtbot, session, tmp_path, name):
    shop = build_shop()
    order = order_in_status(shop, "confirmed", receiver="张三丰")
    spec = builtin_specs()[name]
    data = labels.preview_labels([order.id], name)
    printer = printing.label_printer(spec, "", 1)
    to_pdf(tmp_path / "out.pdf")(None, printer)
    assert printing.exact_size(printer, spec)
    assert printing.paint(None, printer, data) is True
    box = PdfReader(tmp_path / "out.pdf").pages[0].mediabox
    assert abs(float(box.width) / MM - spec.page_w_mm) < 0.5
    assert abs(float(box.height) / MM - spec.page_h_mm) < 0.5


def test_render_resolution_is_the_printers_but_capped():
    a4 = (595.0, 842.0)
    assert pdf_preview.render_dpi(203, 283, 510) == 203  # a thermal printer: one pixel a dot
    assert pdf_preview.render_dpi(1200, 283, 510) == pdf_preview.PRINT_DPI
    dpi = pdf_preview.render_dpi(1200, *a4)
    assert (a4[0] / 72 * dpi) * (a4[1] / 72 * dpi) <= pdf_preview.MAX_PIXELS
    assert dpi > 300


def test_labels_on_pages_of_sheets_and_rolls():
    roll, sheet = builtin_specs()["thermal-100x150"], builtin_specs()["a4-3x7"]
    assert printing.labels_on_pages(roll, 5, 1, 3) == 3
    assert printing.labels_on_pages(sheet, 30, 20, 1) == 2  # stickers 20 and 21
    assert printing.labels_on_pages(sheet, 30, 20, 2) == 23
    assert printing.labels_on_pages(sheet, 30, 1, 0) == 0
    assert printing.page_count(sheet, 30, 20) == 3 and printing.page_count(roll, 4, 1) == 4


def test_a_printer_that_disappears_mid_batch(qtbot, monkeypatch, tmp_path, session, said):
    from desk.ui.labels.page import LabelsPage

    shop = build_shop()
    three = [order_in_status(shop, "confirmed", receiver=name) for name in ("甲一", "乙二", "丙三")]
    page = LabelsPage(session)
    session.bus.changed.connect(page.on_changes)
    show_active(qtbot, page, 1300, 800)
    panel = page.batch
    panel.template.setCurrentIndex(panel.template.findData("thermal-100x150"))
    assert panel.checked_ids() == [o.id for o in three]
    monkeypatch.setattr(pdf_preview, "choose_printer", to_pdf(tmp_path / "x.pdf"))

    def two_then_gone(parent, printer, document):
        raise pdf_preview.PrintFailed("打印机不见了", 2)

    monkeypatch.setattr(pdf_preview, "_paint", two_then_gone)
    assert panel.print_labels() is False
    assert len(said) == 1 and "打印机不见了" in said[0][1] and three[2].number in said[0][1]
    results = {r.order_id: r.result for r in PrintJobOrder.select()}
    assert results == {three[0].id: "printed", three[1].id: "printed", three[2].id: "failed"}
    assert page.log.rows[0].failed == (three[2].number,)
    # the third is printed again later without a reason: it never came out, so no 补打
    panel.scope.setCurrentIndex(panel.scope.findData("printed"))
    panel.set_checked([three[2].id])
    monkeypatch.setattr(pdf_preview, "_paint", lambda parent, printer, document: True)
    assert panel.print_labels() is True
    assert not page.log.rows[0].reprint
    assert orders.get_order(three[2].id).status == "printed"
