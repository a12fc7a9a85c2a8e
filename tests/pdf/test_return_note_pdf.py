"""The return note PDF (退货单), read back with pypdf: A4 and A5, the embedded font, the case,
order, customer, items, checklist results, decisions, refund and signature lines; long cases run
over pages; a character the font lacks is refused. Also the core building its data."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from desk.core import returns, settings
from desk.core.settings import ShopProfile
from desk.models import PrintJob
from desk.pdf.layout import MissingGlyphs
from desk.pdf.return_note import NoteLine, ReturnNoteData, render_return_note
from tests.core.orders_support import build_shop
from tests.core.test_returns_support import inspection, open_on, signed_order, step
from tests.pdf.test_confirmation_pdf import embedded_fonts, flat, page_size_mm

LINE = NoteLine(
    code="A1023", name="法式碎花连衣裙", color="黑色", size="M", quantity=1, amount_fen=12900,
    exchange="黑色/L", checks=(("吊牌完整", True), ("无污渍", False)), decision="部分退款",
    decision_note="领口有粉底印", partial_refund_fen=5000,
)  # fmt: skip
DATA = ReturnNoteData(
    shop_name="小雅的衣橱", shop_phone="0571-88886666", shop_address="杭州市西湖区文三路1号",
    case_number="TH20261123-001", created_at=datetime.datetime(2026, 11, 23, 10, 30),
    order_number="20261120-00007", customer="王小丫 (xiaoya_88)", phone="13812345678",
    kind="退货退款", reason="尺码偏小", status="已退款", postage="买家", return_tracking="圆通 YT8812345678",
    lines=(LINE,), refund_fen=5000, refunded_at=datetime.datetime(2026, 11, 25, 9, 0),
    notes=("买家说偏小一码 😊",),
)  # fmt: skip


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


@pytest.mark.parametrize(("page", "size"), [("A4", (210.0, 297.0)), ("A5", (148.0, 210.0))])
def test_a_note_has_the_case_the_items_and_the_refund(page, size):
    reader = read(render_return_note(DATA, page))
    assert len(reader.pages) == 1
    first = reader.pages[0]
    assert page_size_mm(first) == size
    assert embedded_fonts(first)
    text = flat(first)
    for word in ("小雅的衣橱", "TH20261123-001", "20261120-00007", "王小丫", "13812345678",
                 "退货退款", "尺码偏小", "A1023", "法式碎花连衣裙", "黑色/M", "黑色/L", "吊牌完整",
                 "无污渍", "领口有粉底印", "¥50.00", "¥129.00", "YT8812345678", "买家说偏小一码",
                 "2026-11-25"):  # fmt: skip
        assert word in text, word


def test_a_long_case_continues_on_the_next_page():
    lines = tuple(replace(LINE, code=f"B{n:04d}") for n in range(40))
    reader = read(render_return_note(replace(DATA, lines=lines), "A5"))
    assert len(reader.pages) > 1
    text = "".join(flat(p) for p in reader.pages)
    assert "B0000" in text and "B0039" in text
    assert "TH20261123-001" in flat(reader.pages[1])


def test_a_character_the_font_lacks_is_refused():
    with pytest.raises(MissingGlyphs) as caught:
        render_return_note(replace(DATA, customer="王\U000f0000"), "A4")
    assert "TH20261123-001" in caught.value.message


def test_the_core_builds_the_note_of_a_case_and_logs_the_print(shop, tmp_path):
    data = build_shop()
    settings.save_profile(ShopProfile(shop_name="小雅的衣橱", sender_phone="0571-88886666"))
    order = signed_order(data)
    case = open_on(data, order)
    step(data, case.id, "awaiting_return")
    step(data, case.id, "received")
    case = returns.get_case(case.id)
    returns.record_inspection(case.id, inspection(
        case, fail="无污渍", decision="partial", partial=3000, note="有污渍"), data.owner)  # fmt: skip
    returns.refund(case.id, data.owner)
    note = returns.note_data(case.id)
    assert (note.case_number, note.order_number, note.shop_name) == (
        case.number,
        order.number,
        "小雅的衣橱",
    )
    assert note.refund_fen == 3000 and note.lines[0].partial_refund_fen == 3000
    assert dict(note.lines[0].checks)["无污渍"] is False
    path = tmp_path / "退货单.pdf"
    returns.write_note_pdf(case.id, path, "A5", data.owner)
    text = flat(read(path.read_bytes()).pages[0])
    assert case.number in text and "有污渍" in text and "¥30.00" in text
    job = PrintJob.get()
    assert (job.kind, job.reason) == ("return_note", case.number)
