"""The confirmation sheet PDF (订单信息确认表), read back with pypdf: the handbook's fields, page sizes,
the embedded font, one page per order, the same bytes for the same input, long texts wrapped inside
the page, and characters the font cannot draw refused by name."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from desk.pdf import fonts
from desk.pdf.confirmation import (
    PAGES,
    MissingGlyphs,
    SheetData,
    SheetLine,
    render_confirmations,
)
from desk.pdf.layout import text_width

MM = 72 / 25.4
HANDBOOK_FIELDS = ("货号", "联系人", "尺码", "联系电话", "颜色", "物流方式", "数量", "收货地址", "备注")


def sheet(number: str = "20260314-00027", **changes) -> SheetData:
    values = dict(
        shop_name="小雅的衣橱",
        number=number,
        created_at=datetime.datetime(2026, 3, 14, 10, 23),
        contact="王小丫",
        phone="13812345678",
        address="浙江省杭州市西湖区文三路100号3幢201室（邮编 310012）",
        courier_name="中通快递",
        lines=(
            SheetLine("A1023", "法式碎花连衣裙", "黑色", "M", 2, 12900, 25800),
            SheetLine("B2001", "纯棉宽松T恤", "白色", "XL", 1, 5900, 4900),
        ),
        goods_fen=30700,
        postage_fen=1000,
        discount_fen=500,
        total_fen=31200,
        gift="袜子一双",
        buyer_message="周六前能到吗",
        memo="买家要求发中通",
        note="16:00 前付款的订单当天发货。",
    )
    values.update(changes)
    return SheetData(**values)


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def page_size_mm(page) -> tuple[float, float]:
    return round(float(page.mediabox.width) / MM, 1), round(float(page.mediabox.height) / MM, 1)


def embedded_fonts(page) -> set[str]:
    found = set()
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        for descendant in font.get("/DescendantFonts", [font]):
            descriptor = descendant.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found.add(str(font["/BaseFont"]))
    return found


def flat(page) -> str:
    """The page's text without the line breaks and spaces the extraction puts in."""
    return "".join(page.extract_text().split())


def test_one_sheet_has_every_field_of_the_handbook_on_an_a5_page():
    reader = read(render_confirmations([sheet()]))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page_size_mm(page) == (148.0, 210.0)
    text = flat(page)
    assert "小雅的衣橱" in text and "订单信息确认表" in text
    for field in HANDBOOK_FIELDS:
        assert field in text, field
    for value in ("20260314-00027", "王小丫", "13812345678", "文三路100号3幢201室", "中通快递",
                  "A1023", "法式碎花连衣裙", "黑色", "B2001", "白色", "XL", "袜子一双",
                  "周六前能到吗", "买家要求发中通", "赠品", "买家留言"):  # fmt: skip
        assert value in text, value
    # money: postage, discount and the total the buyer pays, all in yuan
    assert "邮费¥10.00" in text and "优惠-¥5.00" in text and "合计¥312.00" in text
    assert "¥258.00" in text  # 2 × 129.00
    assert "请核对以上信息，确认无误后回复“确认”" in text
    assert "第1页" not in text  # no page numbers on a one-page sheet
    assert embedded_fonts(page), "the Chinese TrueType font is embedded"


def test_a4_option():
    reader = read(render_confirmations([sheet()], page="A4"))
    assert page_size_mm(reader.pages[0]) == (210.0, 297.0)
    assert "订单信息确认表" in flat(reader.pages[0])
    with pytest.raises(ValueError):
        render_confirmations([sheet()], page="Letter")


def test_a_batch_is_one_pdf_with_one_page_per_order_in_order():
    numbers = [f"20260314-{n:05d}" for n in range(1, 8)]
    reader = read(render_confirmations([sheet(n, contact=f"买家{i}") for i, n in enumerate(numbers)]))
    assert len(reader.pages) == len(numbers)
    for index, (page, number) in enumerate(zip(reader.pages, numbers, strict=True)):
        text = flat(page)
        assert number in text and f"买家{index}" in text
        others = [n for n in numbers if n != number]
        assert not any(n in text for n in others)


def test_the_same_input_gives_the_same_bytes():
    batch = [sheet(), sheet("20260314-00028", contact="李四")]
    first = render_confirmations(batch)
    assert render_confirmations(batch) == first
    assert render_confirmations([sheet(), sheet("20260314-00028", contact="李五")]) != first


def test_a_line_discount_is_shown_so_the_amount_adds_up():
    text = flat(read(render_confirmations([sheet()])).pages[0])
    assert "¥49.00" in text  # 59.00 − 10.00 line discount
    assert "优惠10.00" in text


def _strings_outside(reader: PdfReader, geometry) -> list[str]:
    """Every drawn string whose box leaves the page's margins."""
    width = geometry.width * MM
    margin = geometry.margin * MM
    bad: list[str] = []
    seen: list[str] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        seen.append(text)
        x, y = tm[4], tm[5]
        right = x + text_width(text, fonts.FONT_NAME, font_size * tm[0])
        if x < margin - 0.5 or right > width - margin + 0.5 or y < margin - 0.5:
            bad.append(text)

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert len(seen) > 100 * len(reader.pages) // 3  # the check really saw the strings
    return bad


@pytest.mark.parametrize("size", ["A5", "A4"])
def test_long_addresses_and_messages_wrap_inside_the_page(size):
    message = "\n".join(f"第{n}行：颜色要和图片一样，尺码偏小的话换大一码😊🎉👍🏻" for n in range(1, 71))
    long = sheet(
        address="新疆维吾尔自治区乌鲁木齐市天山区" + "解放南路幸福小区" * 12 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" * 2,
        contact="欧阳娜娜" * 8,
        buyer_message=message,
        lines=tuple(SheetLine(f"LYQ-2401-{n:02d}-EXTRALONGCODE", "高腰阔腿牛仔裤九分直筒显瘦" * 2,
                              "浅蓝色（加绒）", "XXL", 1, 15900, 15900) for n in range(50)),
    )  # fmt: skip
    reader = read(render_confirmations([long, sheet("20260314-00099")], page=size))
    assert _strings_outside(reader, PAGES[size]) == []
    pages = [flat(page) for page in reader.pages]
    assert len(pages) > 2  # the long sheet goes on over pages; the next order has its own page
    last_of_long = len(pages) - 2
    assert "20260314-00099" in pages[-1] and "20260314-00099" not in "".join(pages[:-1])
    for number, text in enumerate(pages[: last_of_long + 1], 1):
        assert "请核对以上信息，确认无误后回复“确认”" in text  # every page has the footer
        assert f"第{number}页，共{last_of_long + 1}页" in text
        if number > 1:
            assert "（续）" in text
    everything = "".join(pages[: last_of_long + 1])
    assert all(f"第{n}行：颜色要和图片一样" in everything for n in range(1, 71))  # nothing lost
    assert everything.count("LYQ-2401-") == 50
    assert "😊" not in everything and "👍" not in everything  # emoji left out, not boxes
    assert "备注" in pages[last_of_long]
    # the item table's header is repeated on a page the table goes on to
    assert any("货号" in text and "（续）" in text for text in pages[1:last_of_long + 1])


def test_a_character_the_font_cannot_draw_is_refused_by_name():
    strange = "\U000f0001"  # private use: no font draws it
    with pytest.raises(MissingGlyphs) as caught:
        render_confirmations([sheet(), sheet("20260314-00031", contact=f"王{strange}丫")])
    assert caught.value.characters == [strange]
    assert "20260314-00031" in caught.value.message and "联系人" in caught.value.message
    assert "U+F0001" in caught.value.message
    # an emoji is only left out of the free texts; in a name or an address it is refused too
    with pytest.raises(MissingGlyphs) as caught:
        render_confirmations([sheet(address="文三路100号😊")])
    assert "收货地址" in caught.value.message
    render_confirmations([sheet(memo="谢谢😊", gift="小礼物🎁", buyer_message="要快❤️")])


def test_missing_glyphs_is_a_domain_error_with_a_chinese_message():
    from desk.core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        render_confirmations([sheet(lines=(SheetLine("A1", "裙\U000f0002", "黑", "M", 1, 100, 100),))])
    assert "打印不出" in caught.value.message and "商品名称" in caught.value.message


def test_empty_optional_fields_say_none_rather_than_leaving_a_gap():
    text = flat(read(render_confirmations([sheet(gift="", buyer_message="", memo="", note="")])).pages[0])
    assert "赠品" not in text
    assert "买家留言无" in text and "备注无" in text
