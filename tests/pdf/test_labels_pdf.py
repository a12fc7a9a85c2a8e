"""Shipping label PDFs read back: exact page sizes, the Chinese font embedded as a subset, masked
phones, every Code 128 decodes from a 203 dpi rendering, the calibration offset moves the
barcode, no tracking number, same bytes for the same input."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from desk.i18n import _
from desk.pdf.label_spec import builtin_specs
from desk.pdf.labels import LabelData, LabelError, LabelItem, mask_phone_number, render_labels

MM = 72 / 25.4
NAMES = ["王小丫", "李建国", "张婷婷"]


def label(n: int, **changes) -> LabelData:
    values = dict(
        order_number=f"20260314-{n:05d}", receiver_name=NAMES[n % 3],
        receiver_phone=f"1381234{n:04d}", receiver_address="浙江省杭州市西湖区文三路100号3幢201室",
        sender_name="小雅的衣橱", sender_phone="0571-88886666", sender_address="杭州市余杭区文一西路998号",
        courier_name="中通快递", tracking_no=f"ZT{7300000000 + n}",
        items=(LabelItem("A1023", "黑色", "M", 2), LabelItem("B2001", "白色", "XL", 1)),
        memo="周六前送达", print_date=datetime.date(2026, 3, 14), reprint=False,
    )  # fmt: skip
    values.update(changes)
    return LabelData(**values)


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


@pytest.mark.parametrize("name", sorted(builtin_specs()))
def test_page_size_is_exact_for_every_builtin(name):
    spec = builtin_specs()[name]
    page = read(render_labels([label(1)], spec)).pages[0]
    assert abs(float(page.mediabox.width) / MM - spec.page_w_mm) <= 0.2
    assert abs(float(page.mediabox.height) / MM - spec.page_h_mm) <= 0.2


def test_font_is_embedded_as_a_subset_and_text_has_names_and_masked_phones():
    reader = read(render_labels([label(n) for n in range(3)], builtin_specs()["thermal-100x180"]))
    fonts = set()
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        for descendant in font.get("/DescendantFonts", [font]):
            descriptor = descendant.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                fonts.add(str(font["/BaseFont"]))
    assert fonts and all(re.match(r"^/[A-Z]{6}\+", name) for name in fonts), fonts
    for n, page in enumerate(reader.pages):
        text = "".join(page.extract_text().split())
        assert NAMES[n % 3] in text
        assert f"138****{n:04d}" in text and f"1381234{n:04d}" not in text


def test_mask_phone_keeps_extension():
    assert mask_phone_number("13812345678") == "138****5678"
    assert mask_phone_number("0571-88886666") == "0571-****6666"
    assert mask_phone_number("17012345678-1234") == "170****5678-1234"


def _png(pdf: bytes, tmp_path, name: str, page: int | None = None):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    args = ["pdftoppm", "-r", "203", "-png"]
    if page:
        args += ["-f", str(page), "-l", str(page)]
    subprocess.run(args + [str(path), str(tmp_path / name)], check=True)
    return sorted(tmp_path.glob(f"{name}*.png"))


needs_zbar = pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="zbarimg (zbar-tools) or pdftoppm (poppler-utils) missing",
)


@needs_zbar
@pytest.mark.parametrize("name", ["thermal-100x180", "thermal-100x150", "thermal-76x130"])
def test_every_barcode_decodes_at_203_dpi(name, tmp_path):
    labels = [label(n) for n in range(1, 5)]
    pngs = _png(render_labels(labels, builtin_specs()[name]), tmp_path, "l")
    assert len(pngs) == 4
    for png, data in zip(pngs, labels, strict=True):
        out = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
        assert out.stdout.split() == [data.tracking_no]


def _first_dark_column(pdf: bytes, tmp_path, name: str, y_mm: float) -> int:
    """The first dark pixel of the row `y_mm` from the top, rendered at 203 dpi in grey."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "203", "-gray", str(path), str(tmp_path / name)], check=True)
    raw = next(tmp_path.glob(f"{name}*.pgm")).read_bytes()
    magic, width, height, _depth, pixels = raw.split(maxsplit=4)
    width = int(width)
    row = round(y_mm / 25.4 * 203)
    line = pixels[row * width : (row + 1) * width]
    return next(i for i, value in enumerate(line) if value < 128)


@needs_zbar
def test_calibration_offset_moves_the_barcode_by_2_mm(tmp_path):
    spec = builtin_specs()["thermal-100x150"]
    bar = next(f for f in spec.fields if f.key == "tracking_barcode")
    middle = bar.y_mm + bar.h_mm / 2
    plain = _first_dark_column(render_labels([label(1)], spec), tmp_path, "a", middle)
    moved = _first_dark_column(render_labels([label(1)], spec, offset_mm=(2.0, 0.0)), tmp_path,
                               "b", middle)  # fmt: skip
    assert abs((moved - plain) * 25.4 / 203 - 2.0) <= 0.2
    # and the moved label still scans
    pngs = _png(render_labels([label(1)], spec, offset_mm=(2.0, 1.0)), tmp_path, "c")
    out = subprocess.run(["zbarimg", "-q", "--raw", str(pngs[0])], capture_output=True, text=True)
    assert out.stdout.split() == [label(1).tracking_no]


def test_no_tracking_number_prints_without_barcode_or_refuses():
    spec = builtin_specs()["thermal-100x150"]
    page = read(render_labels([label(1, tracking_no="")], spec)).pages[0]
    assert "".join(_("(no tracking number)").split()) in "".join(page.extract_text().split())
    with pytest.raises(LabelError, match="20260314-00001"):
        render_labels([label(1, tracking_no="")], dataclasses.replace(spec, barcode_required=True))


def test_sheet_starts_at_given_sticker_and_flows_onto_a_new_page():
    spec = builtin_specs()["a4-3x7"]
    reader = read(render_labels([label(n) for n in range(5)], spec, start_at=19))
    assert len(reader.pages) == 2  # stickers 19–21, then 2 on the next sheet
    with pytest.raises(LabelError):
        render_labels([label(1)], spec, start_at=22)


def test_same_input_same_bytes():
    spec = builtin_specs()["thermal-100x180"]
    labels = [label(n, reprint=n == 2) for n in range(4)]
    assert render_labels(labels, spec) == render_labels(labels, spec)


def test_own_code128_table_is_reportlabs_and_values_round_trip():
    from reportlab.graphics.barcode.code128 import _patterns

    from desk.pdf import code128

    for value, pattern in _patterns.items():
        assert code128.PATTERNS[value] == "".join(str(ord(c.upper()) - 64) for c in pattern)
    by_widths = {widths: n for n, widths in enumerate(code128.PATTERNS)}
    for value in ["73100000000001", "SF1234567890123", "JT0001112223334", "ZT7300000001", "A1",
                  "7", "12345", "AB123456CD", "ab-12 x"]:  # fmt: skip
        found = code128.symbols(value)
        assert found is not None and found[-1] == code128.STOP
        *body, checksum, _stop = found
        assert checksum == (body[0] + sum(i * v for i, v in enumerate(body[1:], 1))) % 103
        decoded, digits = "", body[0] == code128.START_C
        for symbol in body[1:]:  # decode as a scanner would
            if symbol in (code128.TO_B, code128.TO_C):
                digits = symbol == code128.TO_C
            else:
                decoded += f"{symbol:02d}" if digits else chr(symbol + 32)
        assert decoded == value
        widths = code128.modules(value)
        assert sum(w for _bar, w in widths) == 11 * (len(found) - 1) + 13
        assert by_widths["".join(str(w) for _bar, w in widths[:6])] == body[0]
    assert len(code128.symbols("73100000000001")) == 1 + 7 + 2  # code set C: two digits a bar
    assert code128.modules("张三") is None and code128.modules("") is None
