"""The Chinese font every PDF embeds: found, embedded (read back with pypdf), glyph checks."""

from __future__ import annotations

import io
import shutil

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

from desk.pdf import fonts


@pytest.fixture(autouse=True)
def fresh_font(monkeypatch):
    monkeypatch.delenv(fonts.ENV_FONT, raising=False)
    fonts._reset_for_tests()
    yield
    fonts._reset_for_tests()


def _pdf_with(text: str) -> bytes:
    font = fonts.cjk_font()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A5, invariant=1)
    page.setFont(font.name, 14)
    page.drawString(40, 500, text)
    page.save()
    return buffer.getvalue()


def test_a_chinese_font_is_found_and_embedded():
    data = _pdf_with("订单信息确认表 张三 13812345678")
    reader = PdfReader(io.BytesIO(data))
    assert "订单信息确认表 张三 13812345678" in reader.pages[0].extract_text()
    embedded = set()
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        for descendant in font.get("/DescendantFonts", [font]):
            descriptor = descendant.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]))
    assert embedded, "the TrueType font program is embedded"


def test_missing_glyphs_reports_characters_the_font_cannot_draw():
    assert fonts.missing_glyphs("张三 李四\n收货地址：浙江省杭州市") == []
    missing = fonts.missing_glyphs(
        "吉\U0002a6a5\U0002a6a5x\U000f0000"
    )  # extension-B 𪚥, private use
    assert "\U000f0000" in missing
    assert missing == list(dict.fromkeys(missing))  # each once


def test_a_font_named_in_the_environment_wins(monkeypatch, tmp_path):
    found = next((p for p, _ in fonts._candidates()[1:] if p.is_file()), None)
    assert found is not None, "the CI machine installs fonts-wqy-microhei"
    copy = tmp_path / ("mine" + found.suffix)
    shutil.copyfile(found, copy)
    monkeypatch.setenv(fonts.ENV_FONT, f"{copy},0")
    assert fonts.cjk_font().path == copy


def test_no_font_at_all_gives_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "CANDIDATES", ((str(tmp_path / "none.ttf"), 0),))
    monkeypatch.setenv(fonts.ENV_FONT, str(tmp_path / "not-a-font.ttf"))
    (tmp_path / "not-a-font.ttf").write_bytes(b"this is not a font")
    with pytest.raises(fonts.FontNotFound) as caught:
        fonts.cjk_font()
    assert "fonts-wqy-microhei" in str(caught.value)
