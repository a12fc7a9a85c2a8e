"""The PDF font chosen in Settings: stored in the shop file, refused when it cannot be embedded
(CFF/OTF outlines, no Chinese, not a font, a missing file), applied to the PDFs at once and
again when a shop file opens."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from desk.core import pdf_font
from desk.core.errors import ValidationError
from desk.db.connection import open_shop
from desk.pdf import fonts

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
CFF = Path("/usr/share/fonts/opentype/urw-base35/C059-Roman.otf")
LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(autouse=True)
def fresh_font(monkeypatch):
    monkeypatch.delenv(fonts.ENV_FONT, raising=False)
    fonts._reset_for_tests()
    yield
    fonts._reset_for_tests()


def need(*paths: Path) -> None:
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        pytest.skip("font not installed: " + ", ".join(missing))


def test_no_choice_searches_the_system_fonts(shop):
    assert pdf_font.get_pdf_font() is None
    pdf_font.apply_saved_font()
    assert fonts.preferred_font() is None
    assert pdf_font.font_in_use() is not None


def test_a_chosen_font_is_stored_and_used_at_once(shop, tmp_path):
    need(DROID)
    copy = tmp_path / "我的字体.ttf"
    shutil.copyfile(DROID, copy)
    before = fonts.cjk_font()
    pdf_font.save_pdf_font(copy)
    assert pdf_font.get_pdf_font() == pdf_font.PdfFontChoice(copy, 0)
    assert fonts.cjk_font().path == copy and before.path != copy


def test_cff_font_is_refused_naming_the_file(shop, tmp_path):
    need(CFF)
    with pytest.raises(ValidationError) as caught:
        pdf_font.save_pdf_font(CFF)
    assert caught.value.field == "font"
    assert CFF.name in caught.value.message and "CFF" in caught.value.message
    assert pdf_font.get_pdf_font() is None


def test_a_collection_whose_face_has_cff_outlines_is_refused(shop, tmp_path):
    """A .ttc such as NotoSansCJK-Regular.ttc: its faces are 'OTTO' (CFF)."""
    need(CFF)
    otf = CFF.read_bytes()
    collection = tmp_path / "NotoSansCJK-Regular.ttc"
    collection.write_bytes(b"ttcf" + struct.pack(">HHI", 1, 0, 1) + struct.pack(">I", 16) + otf)
    check = pdf_font.check_pdf_font(collection)
    assert not check.usable and "CFF" in check.problem and collection.name in check.problem
    with pytest.raises(ValidationError):
        pdf_font.save_pdf_font(collection)
    no_face = pdf_font.check_pdf_font(collection, 3)
    assert not no_face.usable and no_face.faces == 1


@pytest.mark.parametrize("kind", ["latin", "text", "missing"])
def test_files_that_are_no_chinese_font_are_refused(shop, tmp_path, kind):
    if kind == "latin":
        need(LATIN)
        path = LATIN
    elif kind == "text":
        path = tmp_path / "readme.ttf"
        path.write_text("这不是字体")
    else:
        path = tmp_path / "gone.ttf"
    with pytest.raises(ValidationError) as caught:
        pdf_font.save_pdf_font(path)
    assert path.name in caught.value.message
    assert pdf_font.get_pdf_font() is None


def test_the_choice_is_applied_when_the_shop_opens_again(shop, shop_path, tmp_path):
    need(DROID, WQY)
    copy = tmp_path / "droid.ttf"
    shutil.copyfile(DROID, copy)
    pdf_font.save_pdf_font(copy)
    shop.close()
    fonts._reset_for_tests()
    assert fonts.cjk_font().path != copy
    again = open_shop(shop_path)
    try:
        pdf_font.apply_saved_font()
        assert fonts.cjk_font().path == copy
        pdf_font.save_pdf_font(None)  # back to the search
        assert pdf_font.get_pdf_font() is None and fonts.cjk_font().path != copy
    finally:
        again.close()


def test_a_chosen_font_that_disappeared_falls_back_and_says_why(shop, tmp_path, monkeypatch):
    need(DROID)
    copy = tmp_path / "droid.ttf"
    shutil.copyfile(DROID, copy)
    pdf_font.save_pdf_font(copy)
    copy.unlink()
    fonts.set_preferred_font(None)
    pdf_font.apply_saved_font()
    assert fonts.cjk_font().path != copy  # printing still works with a system font
    monkeypatch.setattr(fonts, "CANDIDATES", ())
    fonts.set_preferred_font(None)
    pdf_font.apply_saved_font()
    with pytest.raises(fonts.FontNotFound) as caught:
        fonts.cjk_font()
    assert str(copy) in str(caught.value)
