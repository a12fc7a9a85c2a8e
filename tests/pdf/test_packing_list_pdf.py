"""The packing list PDF (配货单), read back with pypdf: A4, the embedded font, rows grouped and
sorted by 货号 then colour then size, totals, page numbers and a repeated header on long lists."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from desk.pdf.confirmation import MissingGlyphs
from desk.pdf.packing_list import PackingData, PackingItem, render_packing_list, sorted_items
from tests.pdf.test_confirmation_pdf import embedded_fonts, flat, page_size_mm

DAY = datetime.date(2026, 3, 14)


def data(items, **changes) -> PackingData:
    values = dict(title="今日待发", day=DAY, items=tuple(items), order_count=5,
                  piece_count=sum(i.quantity for i in items))  # fmt: skip
    values.update(changes)
    return PackingData(**values)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


# handed over in the handbook's order within a 货号 (黑色 before 白色, S M L XL), 货号s mixed up
ITEMS = [
    PackingItem("B2001", "纯棉宽松T恤", "白色", "M", 2, 2),
    PackingItem("A10", "百褶半身裙", "藏青", "均码", 1, 1),
    PackingItem("A2", "法式碎花连衣裙", "黑色", "S", 3, 2),
    PackingItem("A2", "法式碎花连衣裙", "黑色", "XL", 1, 1),
    PackingItem("A2", "法式碎花连衣裙", "白色", "M", 4, 3),
    PackingItem("A2", "法式碎花连衣裙", "黑色", "M", 2, 1),
]


def test_sorted_by_code_naturally_then_colour_then_size_in_the_given_order():
    rows = [(i.code, i.color, i.size) for i in sorted_items(ITEMS)]
    assert rows == [
        ("A2", "黑色", "S"), ("A2", "黑色", "XL"), ("A2", "黑色", "M"),  # colour kept together
        ("A2", "白色", "M"),
        ("A10", "藏青", "均码"),  # A2 before A10
        ("B2001", "白色", "M"),
    ]  # fmt: skip


def test_an_a4_list_with_the_items_totals_and_the_font():
    reader = read(render_packing_list(data(ITEMS)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page_size_mm(page) == (210.0, 297.0)
    assert embedded_fonts(page)
    text = flat(page)
    for word in ("配货单", "今日待发", "2026-03-14", "货号", "商品名称", "颜色", "尺码", "数量",
                 "5单，13件", "法式碎花连衣裙", "纯棉宽松T恤", "均码", "配货人", "核对人"):  # fmt: skip
        assert word in text, word
    # the rows come in the sorted order, and the code is printed once per group
    codes = re.findall(r"A10|A2|B2001", text)
    assert codes == ["A2", "A10", "B2001"]
    assert text.index("法式碎花连衣裙") < text.index("百褶半身裙") < text.index("纯棉宽松T恤")
    assert text.count("法式碎花连衣裙") == 1
    assert "合计：6种" in text  # six rows, 13 pieces, 5 orders
    assert "第1页" not in text  # no page numbers on a one-page list


def test_a_long_list_has_page_numbers_and_the_header_on_every_page():
    items = [PackingItem(f"C{n:03d}", "针织开衫", color, size, 1 + n % 3, 1)
             for n in range(60) for color in ("黑色", "杏色") for size in ("S", "M")]  # fmt: skip
    reader = read(render_packing_list(data(items, order_count=100)))
    pages = [flat(page) for page in reader.pages]
    assert len(pages) >= 4
    for number, text in enumerate(pages, 1):
        assert f"第{number}页，共{len(pages)}页" in text
        assert "货号" in text and "尺码" in text  # the header again
        if number > 1:
            assert "（续）" in text
    everything = "".join(pages)
    assert all(f"C{n:03d}" in everything for n in range(60))
    for text in pages[1:]:  # every page's first row says which 货号 it is, even mid-group
        first_row = text.split("订单数", 1)[1]
        assert re.match(r"C\d{3}针织开衫", first_row), first_row[:30]
    assert f"{sum(i.quantity for i in items)}100" in pages[-1]  # total pieces, orders


def test_same_input_same_bytes():
    assert render_packing_list(data(ITEMS)) == render_packing_list(data(ITEMS))


def test_an_empty_selection_still_gives_a_clear_page():
    text = flat(read(render_packing_list(data([], order_count=0))).pages[0])
    assert "0单，0件" in text and "合计：0种" in text


def test_characters_the_font_cannot_draw_are_refused():
    with pytest.raises(MissingGlyphs) as caught:
        render_packing_list(data([PackingItem("A1", "裙", "黑\U000f0003", "M", 1, 1)]))
    assert "颜色" in caught.value.message
