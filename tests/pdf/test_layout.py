"""Line breaking for the printed documents: nothing lost, nothing too wide, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desk.pdf.fonts import cjk_font
from desk.pdf.layout import text_width, wrap

MM = 72 / 25.4
TEXT = st.text(
    alphabet=st.sampled_from(list("收货地址浙江省杭州市西湖区文三路（）【】“”，。！？、；：ABCxyz0129-./@ \n\r\t😊\x07")),
    max_size=300,
)


def _visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch != "\x07")


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from([6.0, 8.5, 11.0]), st.floats(min_value=8, max_value=120))
def test_wrapping_keeps_every_character_and_every_line_fits(text, size, width):
    font = cjk_font().name
    lines = wrap(text, font, size, width)
    assert lines and all("\n" not in line for line in lines)
    assert _visible("".join(lines)) == _visible(text)
    for line in lines:
        # a line is never wider than the room, unless it is one character that is
        assert text_width(line, font, size) <= width * MM + 1e-6 or len(line.strip()) == 1


def test_breaks_where_a_reader_expects():
    font = cjk_font().name
    assert wrap("LYQ-2401-EXTRA", font, 8.5, 16) == ["LYQ-2401-", "EXTRA"]
    assert wrap("浅蓝色（加绒）", font, 8.5, 12) == ["浅蓝色", "（加绒）"]  # "（" never ends a line
    lines = wrap("一二三四五六七八九十，一二三四五六七八九十。", font, 8.5, 30)
    assert not any(line.startswith(("，", "。")) for line in lines)  # nor does "，" start one
    assert wrap("第一行\r\n第二行\n\n第四行\n", font, 8.5, 80) == ["第一行", "第二行", "", "第四行"]
    assert wrap("", font, 8.5, 30) == [""]
