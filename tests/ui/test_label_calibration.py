"""The calibration dialog driven as the shop uses it: choose printer and template, print the
calibration page (to a PDF: no real printer), type what was measured, compute, save — and the
labels printed afterwards on that printer move by the saved offsets."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton
from pypdf import PdfReader

from desk.core import labels
from desk.ui.labels.calibration import PDF_PRINTER, CalibrationDialog
from desk.ui.orders import pdf_preview
from tests.core.orders_support import build_shop, order_in_status
from tests.ui.conftest import show_active

MM = 72 / 25.4


@pytest.fixture
def dialog(qtbot, session):
    build_shop()
    labels.ensure_builtin_templates()
    found = CalibrationDialog(session, "thermal-100x150", PDF_PRINTER)
    return show_active(qtbot, found, 900, 600)


def set_value(qtbot, box, value: float) -> None:
    """Type a number into a spin box as the user does (select all, type, Enter)."""
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), f"{value:g}")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def test_measured_figures_become_offsets_that_are_saved(qtbot, said, dialog):
    assert dialog.chosen() == (PDF_PRINTER, "thermal-100x150")
    assert (dialog.dx.value(), dialog.dy.value(), dialog.scale.value()) == (0, 0, 1)
    assert dialog.preview.page_count() == 1
    # printed with no calibration, the user measured: A at 16.5 mm from the left edge, 14.0 mm
    # from the top, and A → B 71.4 mm where 70 mm was drawn (the printer stretches by 2 %)
    set_value(qtbot, dialog.left, 16.5)
    set_value(qtbot, dialog.top, 14.0)
    set_value(qtbot, dialog.ab, 71.4)
    qtbot.mouseClick(dialog.findChild(QPushButton, "calibrationCompute"), Qt.MouseButton.LeftButton)
    stretch = 71.4 / 70
    expected_dx = (15 - (16.5 - stretch * 15)) / stretch - 15 / stretch
    expected_dy = (15 - (14.0 - stretch * 15)) / stretch - 15 / stretch
    assert dialog.dx.value() == pytest.approx(expected_dx, abs=0.01)
    assert dialog.dy.value() == pytest.approx(expected_dy, abs=0.01)
    assert dialog.scale.value() == pytest.approx(1 / stretch, abs=0.001)

    qtbot.mouseClick(dialog.buttons["save"], Qt.MouseButton.LeftButton)
    dx, dy, scale = labels.get_calibration(PDF_PRINTER, "thermal-100x150")
    assert (dx, dy) == (pytest.approx(expected_dx, abs=0.01), pytest.approx(expected_dy, abs=0.01))
    assert scale == pytest.approx(1 / stretch, abs=0.001)
    assert said and said[-1][0] == "information"
    # another template on the same printer keeps its own (none yet)
    dialog.template.setCurrentIndex(dialog.template.findData("thermal-76x130"))
    assert (dialog.dx.value(), dialog.dy.value(), dialog.scale.value()) == (0, 0, 1)
    dialog.template.setCurrentIndex(dialog.template.findData("thermal-100x150"))
    assert dialog.dx.value() == pytest.approx(expected_dx, abs=0.01)


def test_offsets_typed_directly_and_the_page_printed_with_them(qtbot, monkeypatch, tmp_path,
                                                               said, dialog):  # fmt: skip
    set_value(qtbot, dialog.dx, 1.5)
    set_value(qtbot, dialog.dy, -0.8)
    out = tmp_path / "calibration.pdf"

    def to_pdf(parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(pdf_preview, "choose_printer", to_pdf)
    qtbot.mouseClick(dialog.buttons["print"], Qt.MouseButton.LeftButton)
    page = PdfReader(out).pages[0]
    assert abs(float(page.mediabox.width) / MM - 100) < 0.5
    assert abs(float(page.mediabox.height) / MM - 150) < 0.5
    shown = PdfReader(io.BytesIO(dialog.preview.data)).pages[0].extract_text()
    assert "+1.5" in "".join(shown.split()) and "-0.8" in "".join(shown.split())
    qtbot.mouseClick(dialog.buttons["save"], Qt.MouseButton.LeftButton)
    assert labels.get_calibration(PDF_PRINTER, "thermal-100x150") == (1.5, -0.8, 1.0)
    assert not [kind for kind, _text in said if kind != "information"]


def test_measurements_beyond_a_calibration_are_refused(qtbot, said, dialog):
    set_value(qtbot, dialog.left, 60)  # 45 mm off: the wrong paper, not a calibration
    dialog.compute()
    assert said and said[-1][0] == "warning"
    assert (dialog.dx.value(), dialog.dy.value()) == (0, 0)
    assert labels.get_calibration(PDF_PRINTER, "thermal-100x150") == (0.0, 0.0, 1.0)


def test_the_batch_preview_uses_the_saved_calibration(qtbot, session, said):
    from desk.ui.labels.page import LabelsPage

    shop = build_shop()
    order = order_in_status(shop, "confirmed", receiver="张三丰")
    labels.ensure_builtin_templates()
    labels.save_calibration(PDF_PRINTER, "thermal-100x150", 2.0, 0.0, 1.0)
    plain = labels.preview_labels([order.id], "thermal-100x150")
    moved = labels.preview_labels([order.id], "thermal-100x150", printer=PDF_PRINTER)
    assert plain != moved
    page = LabelsPage(session)
    show_active(qtbot, page, 1300, 800)
    panel = page.batch
    assert panel.buttons["calibrate"].isEnabled()
    panel.template.setCurrentIndex(panel.template.findData("thermal-100x150"))
    panel.printer.addItem(PDF_PRINTER, PDF_PRINTER)
    panel.printer.setCurrentIndex(panel.printer.findData(PDF_PRINTER))
    assert panel.preview() is True
    assert panel.preview_view.data == moved
