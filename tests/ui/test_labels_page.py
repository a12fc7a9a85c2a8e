"""The 打单发货 page driven as the shop uses it: tick orders, check, preview, save, print (to a
QPrinter writing a PDF: no real printer), reprint with a reason, scan tracking numbers, ship."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from pypdf import PdfReader

from desk.core import labels, orders
from desk.core.errors import DomainError
from desk.models import PrintJob, PrintJobOrder, Shipment
from desk.ui.labels import batch as batch_module
from desk.ui.orders import check_dialog, pdf_preview
from tests.core.orders_support import build_shop, order_in_status
from tests.ui.conftest import show_active

MM = 72 / 25.4
RECEIVERS = ("张三丰", "李四娘", "王五哥", "赵六妹")


@pytest.fixture
def shop_data(session):
    return build_shop()


@pytest.fixture
def confirmed(shop_data):
    """Four confirmed orders paid today, one receiver each (and a paid one, not to print)."""
    order_in_status(shop_data, "paid", receiver="不该打")
    return [order_in_status(shop_data, "confirmed", receiver=name) for name in RECEIVERS]


@pytest.fixture
def labels_page(qtbot, session, confirmed):
    from desk.ui.labels.page import LabelsPage

    page = LabelsPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1300, 800)


def pdf_printer(path):
    def choose(parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return choose


def tick_only(panel, order_ids) -> None:
    """Click the tick boxes as the user would: what is wanted ticked, the rest not."""
    for r in range(panel.table.rowCount()):
        item = panel.table.item(r, 0)
        wanted = item.data(Qt.ItemDataRole.UserRole) in order_ids
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def choose_template(panel, name: str) -> None:
    panel.template.setCurrentIndex(panel.template.findData(name))


def test_batch_lists_todays_confirmed_orders_all_ticked(labels_page, confirmed):
    panel = labels_page.batch
    assert panel.checked_ids() == [
        o.id for o in confirmed
    ]  # oldest first; the paid one is not there
    assert "thermal-100x180" in [panel.template.itemData(i) for i in range(panel.template.count())]
    choose_template(panel, "a4-3x7")
    assert panel.start_at.isEnabled() and panel.start_at.maximum() == 21
    choose_template(panel, "thermal-100x150")
    assert not panel.start_at.isEnabled()


def test_check_preview_save_and_print_three_orders(qtbot, monkeypatch, tmp_path, said,
                                                    labels_page, confirmed):  # fmt: skip
    panel = labels_page.batch
    three = [o.id for o in confirmed[:3]]
    tick_only(panel, three)
    monkeypatch.setattr(
        check_dialog.CheckDialog, "exec", lambda self: QDialog.DialogCode.Accepted
    )  # the user says 继续
    assert panel.check() == three
    assert panel.checked_ids() == three

    choose_template(panel, "thermal-100x180")
    assert panel.preview() is True
    document = panel.preview_view.document
    assert panel.preview_view.page_count() == 3
    size = document.pagePointSize(0)
    assert abs(size.width() / MM - 100) < 0.2 and abs(size.height() / MM - 180) < 0.2

    target = tmp_path / "labels.pdf"
    monkeypatch.setattr(pdf_preview, "choose_pdf_file", lambda parent, title, name: target)
    assert panel.save_pdf() is True
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert all(name in text for name in RECEIVERS[:3]) and RECEIVERS[3] not in text
    assert not PrintJob.select().exists()  # preview and save record nothing

    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(pdf_preview, "choose_printer", pdf_printer(out))
    assert panel.print_labels() is True
    assert [orders.get_order(i).status for i in three] == ["printed"] * 3
    assert orders.get_order(confirmed[3].id).status == "confirmed"
    printed = PdfReader(out)
    assert len(printed.pages) == 3
    box = printed.pages[0].mediabox
    assert abs(float(box.width) / MM - 100) < 0.5 and abs(float(box.height) / MM - 180) < 0.5
    job = PrintJob.get()
    assert job.template == "thermal-100x180" and not job.reprint
    assert sorted(r.order_id for r in PrintJobOrder.select()) == sorted(three)
    # the page refreshed: only the fourth order is left to print (still unticked, as the user
    # left it); the log lists the job
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == [
        confirmed[3].number
    ]
    assert panel.checked_ids() == []
    numbers = [o.number for o in confirmed[:3]]
    assert labels_page.log.rows[0].orders == tuple(numbers)
    assert said == []


def test_reprint_needs_a_reason_and_is_logged(qtbot, monkeypatch, tmp_path, said, labels_page,
                                              confirmed, session):  # fmt: skip
    first = confirmed[0]
    session.bus.run_op(None, labels.print_labels, [first.id], "thermal-100x150")
    panel = labels_page.batch
    panel.scope.setCurrentIndex(panel.scope.findData("printed"))
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == [first.number]
    tick_only(panel, [first.id])
    monkeypatch.setattr(pdf_preview, "choose_printer", pdf_printer(tmp_path / "again.pdf"))

    # the plain print is refused: it would be a reprint without a reason
    assert panel.print_labels() is False
    assert len(said) == 1 and first.number in said[0][1]
    monkeypatch.setattr(batch_module, "ask_reason", lambda parent: "  ")
    assert panel.reprint() is False
    assert len(said) == 2
    assert PrintJob.select().count() == 1

    monkeypatch.setattr(batch_module, "ask_reason", lambda parent: "面单被雨淋湿")
    assert panel.reprint() is True
    assert PrintJob.select().count() == 2
    log = labels_page.log
    assert log.rows[0].reprint and log.rows[0].reason == "面单被雨淋湿"
    assert "面单被雨淋湿" in log.cell(0, 4) and log.cell(1, 4) == ""
    assert len(PdfReader(tmp_path / "again.pdf").pages) == 1  # went to the printer
    text = PdfReader(io.BytesIO(panel.last_printed)).pages[0].extract_text()
    assert "补打" in text and first.receiver in text  # the label itself says so
    log.search.setText("雨淋")
    qtbot.waitUntil(lambda: len(log.rows) == 1)


def test_printer_failure_is_recorded(monkeypatch, tmp_path, said, labels_page, confirmed):
    panel = labels_page.batch
    tick_only(panel, [confirmed[0].id, confirmed[1].id])
    monkeypatch.setattr(pdf_preview, "choose_printer", pdf_printer(tmp_path / "x.pdf"))

    def broken(parent, printer, document):
        raise DomainError("打印机不见了")

    monkeypatch.setattr(pdf_preview, "_paint", broken)
    assert panel.print_labels() is False
    assert len(said) == 1 and "打印机不见了" in said[0][1]
    assert {r.result for r in PrintJobOrder.select()} == {"failed"}
    assert set(labels_page.log.rows[0].failed) == {confirmed[0].number, confirmed[1].number}


def test_glyph_problems_are_shown_before_printing(monkeypatch, labels_page, confirmed):
    panel = labels_page.batch
    tick_only(panel, [confirmed[0].id])
    asked = []
    monkeypatch.setattr(labels, "glyph_problems", lambda ids: [(confirmed[0].number, ["𠮷"])])
    monkeypatch.setattr(
        batch_module, "glyph_choice", lambda parent, problems: asked.append(problems) or False
    )
    assert panel.print_labels() is False
    assert asked == [[(confirmed[0].number, ["𠮷"])]]
    assert not PrintJob.select().exists()
    assert orders.get_order(confirmed[0].id).status == "confirmed"


def test_scan_tracking_numbers_then_ship(qtbot, said, labels_page, confirmed):
    labels_page.tabs.setCurrentIndex(1)
    panel = labels_page.tracking
    ids = [o.id for o in confirmed]
    first, second, third = (panel.box_of(i) for i in ids[:3])
    qtbot.keyClicks(first, "73100000000001")
    qtbot.keyClick(first, Qt.Key.Key_Return)
    qtbot.waitUntil(second.hasFocus)
    assert Shipment.get(Shipment.order == ids[0]).tracking_no == "73100000000001"

    qtbot.keyClicks(second, "73100000000001")  # scanned twice by mistake
    qtbot.keyClick(second, Qt.Key.Key_Return)
    row = panel.rows.index(next(r for r in panel.rows if r.id == ids[1]))
    assert confirmed[0].number in panel.note(row)
    assert second.hasFocus() and Shipment.select().count() == 1

    second.clear()
    qtbot.keyClicks(second, "12345678")  # does not look like a ZTO number: warned, kept
    qtbot.keyClick(second, Qt.Key.Key_Return)
    qtbot.waitUntil(third.hasFocus)
    assert Shipment.get(Shipment.order == ids[1]).tracking_no == "12345678"
    assert "12345678" in panel.note(row)

    report = panel.ship_all()
    assert report is not None and len(report.shipped) == 2
    assert [orders.get_order(i).status for i in ids] == [
        "shipped",
        "shipped",
        "confirmed",
        "confirmed",
    ]
    assert said and said[-1][0] == "information"


def test_numbers_from_a_range(said, labels_page, confirmed):
    from desk.core import tracking

    tracking.add_range("ZTO", "", 73200000000001, 73200000000002)
    labels_page.tabs.setCurrentIndex(1)
    panel = labels_page.tracking
    assert panel.fill_from_ranges() == 2
    numbers = {s.order_id: s.tracking_no for s in Shipment.select()}
    assert sorted(numbers.values()) == ["73200000000001", "73200000000002"]
    assert len(said) == 1  # the third order: no numbers left, said so


def test_a_long_batch_is_drawn_in_a_worker(monkeypatch, labels_page, confirmed):
    panel = labels_page.batch
    monkeypatch.setattr(batch_module, "WORKER_FROM", 2)  # four labels count as a long batch
    used = []
    real = batch_module.run_in_worker
    monkeypatch.setattr(
        batch_module,
        "run_in_worker",
        lambda *args, **kwargs: used.append(args[1]) or real(*args, **kwargs),
    )
    choose_template(panel, "a4-3x7")
    panel.start_at.setValue(20)  # a sheet with 19 stickers used: labels 20, 21, then a new page
    assert panel.preview() is True
    assert len(used) == 1
    assert panel.preview_view.page_count() == 2
    size = panel.preview_view.document.pagePointSize(0)
    assert abs(size.width() / MM - 210) < 0.2 and abs(size.height() / MM - 297) < 0.2
