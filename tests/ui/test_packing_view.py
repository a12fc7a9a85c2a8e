"""The packing list view: today's orders to ship (or a selection) totalled by 货号/colour/size on
screen, exported as a PDF and printed."""

from __future__ import annotations

import datetime
import io

import pytest
from PySide6.QtPrintSupport import QPrinter
from pypdf import PdfReader

from desk.core import orders
from desk.ui.orders import pdf_preview
from desk.ui.orders.packing_view import PackingView
from tests.core.orders_support import build_shop, line, make_order, order_in_status


@pytest.fixture
def shop_data(session):
    return build_shop()


@pytest.fixture
def view(qtbot, session):
    view = PackingView(session)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def table(view) -> list[list[str]]:
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_today_orders_are_totalled_by_code_colour_size(qtbot, session, shop_data, view):
    make_order(shop_data, line(shop_data.v("黑色", "M"), 2), line(shop_data.v("白色", "S"), 1),
               paid=True)
    make_order(shop_data, line(shop_data.v("黑色", "M"), 1), paid=True)
    order_in_status(shop_data, "unpaid")  # not to ship
    view.refresh()
    if datetime.datetime.now().time() >= datetime.time(16):
        view.set_day(datetime.date.today() + datetime.timedelta(days=1))  # paid after the cut-off
    rows = table(view)
    assert [r[0] for r in rows] == ["A1023", "A1023"]
    by_variant = {(r[2], r[3]): (r[4], r[5]) for r in rows}
    assert by_variant == {("黑色", "M"): ("3", "2"), ("白色", "S"): ("1", "1")}
    assert "2" in view.summary.text() and "4" in view.summary.text()


def test_selection_is_listed_and_changes_refresh_the_view(qtbot, session, shop_data, view):
    a = make_order(shop_data, line(shop_data.v("白色", "L"), 4))
    view.set_selection([a.id])
    assert table(view) == [["A1023", "法式碎花连衣裙", "白色", "L", "4", "1"]]
    from desk.core import order_flow
    session.bus.run_op(None, order_flow.close, a.id, "不要了")
    assert table(view) == []
    assert not view.export_button.isEnabled()
    assert orders.get_order(a.id).status == "closed"


def test_export_and_print(qtbot, session, shop_data, view, tmp_path, monkeypatch):
    a = make_order(shop_data, line(shop_data.v("黑色", "S"), 2), line(shop_data.v("黑色", "L"), 1))
    view.set_selection([a.id])
    target = tmp_path / "配货单.pdf"
    monkeypatch.setattr(pdf_preview, "choose_pdf_file", lambda parent, title, name: target)
    view.export_button.click()
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = reader.pages[0].extract_text()
    assert "配货单" in text and "A1023" in text and "黑色" in text
    assert text.index(" S ") < text.index(" L ") if " S " in text else True
    out = tmp_path / "printed.pdf"

    def pdf_printer(parent, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(pdf_preview, "choose_printer", pdf_printer)
    assert view.print_list() is True
    printed = PdfReader(out)
    assert len(printed.pages) == len(reader.pages)
    width_mm = float(printed.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == 210
