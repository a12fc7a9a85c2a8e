"""Smart paste: the address parser over a fixture of real-shaped pastes, division lookups, fuzzing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.core import divisions
from desk.core.addresses import ParsedAddress, parse_pasted
from desk.core.divisions import CITY, DISTRICT, PROVINCE
from desk.core.phones import normalize_phone

FIXTURE = Path(__file__).parent.parent / "fixtures" / "addresses.json"
CASES = json.loads(FIXTURE.read_text("utf-8"))
FIELDS = ("name", "phones", "province", "city", "district", "street", "postcode")


def test_fixture_is_large_enough():
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:24] for c in CASES])
def test_fixture(case):
    parsed = parse_pasted(case["text"])
    assert {f: getattr(parsed, f) for f in FIELDS} == {f: case[f] for f in FIELDS}
    assert [span[2] for span in parsed.unrecognised] == case["unrecognised"]


def _parse(text: str) -> tuple[str, str, str, str]:
    p = parse_pasted(text)
    return p.province, p.city, p.district, p.street


# -- divisions ---------------------------------------------------------------------------------


def test_recent_hangzhou_districts():
    index = divisions.index()
    hangzhou = index.find_city("杭州")
    assert hangzhou is not None and hangzhou.name == "杭州市"
    names = {d.name for d in index.children(hangzhou.code)}
    assert {"临平区", "钱塘区", "西湖区", "上城区", "拱墅区"} <= names
    assert "江干区" not in names and "下城区" not in names  # merged away in 2021
    assert _parse("浙江省杭州市临平区南苑街道1号") == ("浙江省", "杭州市", "临平区", "南苑街道1号")
    assert _parse("杭州市钱塘区白杨街道2号") == ("浙江省", "杭州市", "钱塘区", "白杨街道2号")
    assert _parse("钱塘区白杨街道2号") == ("浙江省", "杭州市", "钱塘区", "白杨街道2号")


@pytest.mark.parametrize(
    ("text", "province", "district"),
    [
        ("北京市北京市朝阳区建国路88号", "北京市", "朝阳区"),
        ("北京市朝阳区建国路88号", "北京市", "朝阳区"),
        ("北京朝阳区建国路88号", "北京市", "朝阳区"),
        ("上海浦东新区世纪大道100号", "上海市", "浦东新区"),
        ("天津 天津市 和平区 南京路1号", "天津市", "和平区"),
        ("重庆市城口县葛城街道1号", "重庆市", "城口县"),
    ],
)
def test_municipalities(text, province, district):
    assert _parse(text)[:3] == (province, province, district)


def test_municipality_has_one_city_named_after_it():
    index = divisions.index()
    for name in ("北京市", "上海市", "天津市", "重庆市"):
        province = index.find_province(name)
        assert [c.name for c in index.children(province.code)] == [name]


def test_chaoyang_is_ambiguous_without_a_city():
    index = divisions.index()
    assert index.find_district("朝阳区") is None  # 北京 and 长春 both have one
    assert index.find_district("朝阳区", index.find_city("长春市").code).name == "朝阳区"


@pytest.mark.parametrize(
    ("text", "province", "city", "street"),
    [
        ("广东省东莞市长安镇长安路1号", "广东省", "东莞市", "长安镇长安路1号"),
        ("东莞市长安镇长安路1号", "广东省", "东莞市", "长安镇长安路1号"),
        ("广东中山市石岐街道1号", "广东省", "中山市", "石岐街道1号"),
        ("海南省儋州市那大镇1号", "海南省", "儋州市", "那大镇1号"),
        ("甘肃省嘉峪关市新华中路3号", "甘肃省", "嘉峪关市", "新华中路3号"),
        ("湖北省潜江市园林街道1号", "湖北省", "潜江市", "园林街道1号"),
        ("潜江市园林街道1号", "湖北省", "潜江市", "园林街道1号"),
        ("湖北省 仙桃市 干河街道1号", "湖北省", "仙桃市", "干河街道1号"),
        ("天门市竟陵街道1号", "湖北省", "天门市", "竟陵街道1号"),
    ],
)
def test_cities_without_districts(text, province, city, street):
    assert _parse(text) == (province, city, "", street)


def test_province_administered_cities_have_no_placeholder_parent():
    index = divisions.index()
    hubei = index.find_province("湖北")
    names = {c.name for c in index.children(hubei.code)}
    assert {"潜江市", "仙桃市", "天门市", "武汉市"} <= names
    assert "省直辖县级行政区划" not in names
    assert index.children(index.find_city("潜江市").code) == []
    assert index.children(index.find_city("东莞市").code) == []


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("浙江", "浙江省"),
        ("新疆", "新疆维吾尔自治区"),
        ("内蒙古", "内蒙古自治区"),
        ("广西", "广西壮族自治区"),
        ("西藏", "西藏自治区"),
        ("宁夏", "宁夏回族自治区"),
        ("北京", "北京市"),
        ("浙江省", "浙江省"),
    ],
)
def test_province_short_names(short, full):
    assert divisions.index().find_province(short).name == full


def test_city_lookups():
    index = divisions.index()
    hangzhou = index.find_city("杭州")
    assert index.province_of(hangzhou).name == "浙江省"
    assert index.find_city("恩施").name == "恩施土家族苗族自治州"
    assert index.find_city("杭州", index.find_province("江苏").code) is None
    assert len(index.provinces()) == 31
    levels = {d.level for d in index.by_code.values()}
    assert levels == {PROVINCE, CITY, DISTRICT}


# -- parser shapes -------------------------------------------------------------------------------


def test_labelled_with_half_and_full_width_colons():
    parsed = parse_pasted(
        "收件人:张三\n手机号码：+86 138-1234-5678\n收货地址:浙江省杭州市西湖区文三路100号\n邮编：310012"
    )
    assert (parsed.name, parsed.phones, parsed.postcode) == ("张三", ["13812345678"], "310012")
    assert (parsed.district, parsed.street) == ("西湖区", "文三路100号")
    assert parsed.unrecognised == []


def test_name_after_the_address_and_before_the_phone():
    parsed = parse_pasted("浙江省杭州市西湖区文三路100号 张三 13812345678")
    assert (parsed.name, parsed.street) == ("张三", "文三路100号")


def test_emoji_and_leftovers_are_reported_with_their_positions():
    text = "张三🌸 13812345678 浙江省杭州市西湖区文三路100号 ❤️ 尽快发货哦"
    parsed = parse_pasted(text)
    assert parsed.name == "张三"
    for start, end, piece in parsed.unrecognised:
        assert text[start:end] == piece
    assert "🌸" in [s[2] for s in parsed.unrecognised]


def test_rare_characters_in_names():
    assert parse_pasted("𠮷田 13812345678 浙江省杭州市西湖区文三路100号").name == "𠮷田"
    assert parse_pasted("李䶮，13812345678，浙江省杭州市西湖区文三路100号").name == "李䶮"
    assert parse_pasted("司马相如 13812345678 浙江省杭州市西湖区文三路100号").name == "司马相如"


def test_nothing_recognised():
    parsed = parse_pasted("在吗？这件还有货吗")
    assert (parsed.name, parsed.province, parsed.phones) == ("", "", [])
    assert parse_pasted("") == ParsedAddress()


# -- fuzzing -----------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "张三",
        "欧阳娜娜",
        "𠮷",
        "䶮",
        "13812345678",
        "+86 138 1234 5678",
        "0571-88886666",
        "转123",
        "浙江省",
        "杭州市",
        "西湖区",
        "杭州",
        "北京",
        "朝阳区",
        "东莞市",
        "潜江市",
        "文三路100号",
        "(310012)",
        "收货人：",
        "手机:",
        "地址：",
        "，",
        " ",
        "\n",
        "/",
        "😀",
        "‍",
        "️",
        "=SUM(A1)",
        "#",
        "-",
        "（",
        "）",
        "省",
        "市",
        "区",
    ]
)


def _check(text: str) -> None:
    parsed = parse_pasted(text)
    assert parsed.name in text and parsed.postcode in text
    assert all(part in text for part in parsed.street.split(" "))  # pieces of the input, joined
    for phone in parsed.phones:
        assert normalize_phone(phone) is not None and normalize_phone(phone).text == phone
    for start, end, piece in parsed.unrecognised:
        assert text[start:end] == piece
    index = divisions.index()
    if parsed.district:
        assert parsed.city and parsed.province
    if parsed.city:
        assert index.find_city(parsed.city, index.find_province(parsed.province).code) is not None


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_parser_never_raises_on_address_like_text(text):
    _check(text)


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_parser_never_raises_on_any_text(text):
    _check(text)
