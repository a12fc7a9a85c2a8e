"""The confirmation text for the chat and the sheet data: every field of the handbook's sheet,
the goods line by line, money in yuan, and only the memos meant for the buyer."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from desk.core import order_flow, order_memos, orders, settings
from desk.core.confirmation import confirmation_text, sheet_data
from desk.core.errors import DomainError
from desk.pdf.confirmation import render_confirmations
from tests.core.orders_support import build_shop, line, make_order

FIELDS = ("货号", "联系人", "尺码", "联系电话", "颜色", "物流方式", "数量", "收货地址", "备注", "合计", "邮费")


@pytest.fixture
def built(shop):
    settings.save_profile(settings.ShopProfile(shop_name="小雅的衣橱", ship_cutoff="15:30"))
    return build_shop()


def field(text: str, caption: str) -> str:
    """The value on the line `caption：value` (exactly one such line)."""
    found = [row.split("：", 1)[1] for row in text.splitlines() if row.startswith(caption + "：")]
    assert len(found) == 1, (caption, text)
    return found[0]


def test_one_line_order_every_field_one_a_line(built):
    order = make_order(built, line(built.v("黑色", "M"), 2), postage_fen=1000)
    text = confirmation_text(order.id)
    assert text.splitlines()[0] == "【小雅的衣橱】订单信息确认表"
    assert field(text, "订单号") == order.number
    assert field(text, "联系人") == "王小丫"
    assert field(text, "联系电话") == "13812345678"
    assert field(text, "收货地址") == "浙江省杭州市西湖区文三路100号3幢201室（邮编 310012）"
    assert field(text, "物流方式") == "中通快递"  # the default courier of Settings
    assert field(text, "货号") == "A1023（法式碎花连衣裙）"
    assert field(text, "颜色") == "黑色"
    assert field(text, "尺码") == "M"
    assert field(text, "数量") == "2"
    assert field(text, "备注") == "无"
    assert field(text, "邮费") == "¥10.00"
    assert field(text, "合计") == "¥268.00"  # 2 × 129.00 + 10.00
    assert "优惠：" not in text and "赠品：" not in text and "买家留言：" not in text
    assert text.splitlines()[-1] == "请核对以上信息，确认无误后回复“确认”"
    for caption in FIELDS:
        assert caption + "：" in text


def test_several_lines_one_line_each_with_every_item_field(built):
    order = make_order(
        built, line(built.v("黑色", "M"), 2), line(built.v("白色", "L"), 1, discount_fen=900),
        postage_fen=0, discount_fen=500, gift="袜子一双", buyer_message="周六要穿\n麻烦快点发😊",
    )  # fmt: skip
    text = confirmation_text(order.id)
    rows = text.splitlines()
    first = next(r for r in rows if r.startswith("1. "))
    second = next(r for r in rows if r.startswith("2. "))
    assert first == "1. 货号：A1023（法式碎花连衣裙），颜色：黑色，尺码：M，数量：2"
    assert second == "2. 货号：A1023（法式碎花连衣裙），颜色：白色，尺码：L，数量：1"
    assert not any(r.startswith("颜色：") for r in rows)  # not repeated outside the item lines
    assert field(text, "赠品") == "袜子一双"
    assert field(text, "买家留言") == "周六要穿 麻烦快点发😊"  # one line; the chat shows emoji
    assert field(text, "邮费") == "¥0.00"
    assert field(text, "优惠") == "-¥5.00"
    # 2 × 129.00 + 129.00 − 9.00 − 5.00 = 373.00 for 3 pieces
    assert field(text, "合计") == "¥373.00（共 3 件）"
    assert order.totals.total_fen == 37300
    for caption in FIELDS:
        assert caption + "：" in text


def test_only_the_memos_meant_for_the_buyer_are_shown(built):
    order = make_order(built, memo="客服01", flag="red")
    order_memos.add_memo(order.id, "买家要求发顺丰", "yellow")
    order_memos.add_memo(order.id, "这个买家砍价很凶，小心", None)
    order_memos.set_flag(order.id, "blue")  # leaves an automatic "flag set to …" line
    order_memos.add_memo(order.id, "送发圈一个", "blue")
    order_memos.add_memo(order.id, "其他：记得开发票", "purple")
    memo = field(confirmation_text(order.id), "备注")
    assert memo == "买家要求发顺丰；送发圈一个"
    assert sheet_data([order.id])[0].memo == memo


def test_sheet_data_in_the_order_given_with_the_settings(built):
    one = make_order(built, line(built.v("黑色", "S"), 1), postage_fen=800)
    two = make_order(built, line(built.v("白色", "M"), 3), buyer_message="  要快  ")
    sheets = sheet_data([two.id, one.id])
    assert [s.number for s in sheets] == [two.number, one.number]
    sheet = sheets[1]
    assert sheet.shop_name == "小雅的衣橱"
    assert sheet.contact == "王小丫" and sheet.phone == "13812345678"
    assert sheet.courier_name == "中通快递"
    assert sheet.address.startswith("浙江省杭州市西湖区文三路100号")
    assert [(x.code, x.color, x.size, x.quantity, x.unit_price_fen, x.amount_fen) for x in sheet.lines] == [
        ("A1023", "黑色", "S", 1, 12900, 12900)
    ]
    assert (sheet.goods_fen, sheet.postage_fen, sheet.total_fen) == (12900, 800, 13700)
    assert sheet.created_at == one.created_at
    assert "15:30" in sheet.note and "尚未付款" in sheet.note  # unpaid: said on the sheet
    order_flow.pay(one.id)
    assert "尚未付款" not in sheet_data([one.id])[0].note
    assert sheets[0].buyer_message == "要快"


def test_the_sheet_prints_what_the_order_says(built):
    order = make_order(built, line(built.v("白色", "L"), 2), postage_fen=1200, gift="发圈")
    order_flow.pay(order.id)
    reader = PdfReader(io.BytesIO(render_confirmations(sheet_data([order.id]))))
    text = "".join(reader.pages[0].extract_text().split())
    for value in (order.number, "王小丫", "13812345678", "文三路100号3幢201室", "中通快递", "A1023",
                  "白色", "发圈", "小雅的衣橱", "邮费¥12.00", "合计¥270.00"):  # fmt: skip
        assert value in text, value


def test_an_old_order_keeps_its_snapshot_when_the_variant_is_renamed(built):
    from desk.core import variants

    order = make_order(built, line(built.v("黑色", "M"), 1))
    variants.rename_color(built.product_id, "黑色", "经典黑")
    assert field(confirmation_text(order.id), "颜色") == "黑色"


def test_closed_and_missing_orders_are_refused_with_a_message(built):
    order = make_order(built)
    order_flow.close(order.id, "买家拍错了")
    with pytest.raises(DomainError) as caught:
        confirmation_text(order.id)
    assert order.number in caught.value.message and "关闭" in caught.value.message
    with pytest.raises(DomainError):
        sheet_data([order.id])
    with pytest.raises(DomainError):
        confirmation_text(987654)


def test_in_english_too(built):
    from desk import i18n

    order = make_order(built, line(built.v("黑色", "M"), 1))
    i18n.set_language("en")
    text = confirmation_text(order.id)
    assert "Contact: 王小丫" in text and "Shipping method: ZTO Express" in text
    assert orders.get_order(order.id).number in text
