"""Label templates in the shop file, as the template editor uses them: a round trip keeps every
setting, a field off the label is refused naming it, a background must be an image, built-ins
are read-only, the preview renders one label with sample data at its exact size."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from pypdf import PdfReader

from desk.core import label_templates, labels
from desk.core.errors import DomainError, ValidationError
from desk.models import LabelTemplate
from desk.pdf.label_spec import (
    BoxSpec, CaptionSpec, FieldSpec, LineSpec, SheetSpec, builtin_specs, check, field_caption,
)  # fmt: skip

MM = 72 / 25.4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def ready(shop):
    label_templates.ensure_builtin_templates()
    return shop


def positions(pdf: bytes) -> list[tuple[str, float, float]]:
    """(text, x mm from the left, y mm of the baseline from the top) of every text piece."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    height = float(page.mediabox.height)
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text, x / MM, (height - y) / MM))

    page.extract_text(visitor_text=visit)
    return found


def where(pdf: bytes, needle: str) -> tuple[float, float]:
    return next((x, y) for text, x, y in positions(pdf) if needle in text)


def test_a_copy_edited_and_saved_keeps_every_setting(ready):
    info, changed = labels.copy_template("thermal-100x150", "zto-100")
    assert changed.concerns("labels") and not info.builtin
    spec = info.spec
    memo = next(f for f in spec.fields if f.key == "memo")
    moved = dataclasses.replace(memo, x_mm=12.5, y_mm=100.0, w_mm=60.0, h_mm=9.0, font_pt=11.0,
                                align="center", bold=True, max_lines=1)  # fmt: skip
    fields = tuple(moved if f is memo else f for f in spec.fields if f.key != "print_date")
    hidden = tuple(f for f in spec.fields if f.key == "print_date")
    statics = (LineSpec(0, 50, 100, 50, 1.2, True), BoxSpec(2, 2, 20, 10, 0, True),
               CaptionSpec("代收货款", 5, 140, 9, True, False))  # fmt: skip
    edited = dataclasses.replace(spec, fields=fields, hidden=hidden, statics=statics,
                                 mask_phone=False, barcode_required=True)  # fmt: skip
    saved, _changed = label_templates.save_template("zto-100", "中通 100×150", edited)
    again = labels.get_template("zto-100")
    assert again == saved and again.title == "中通 100×150"
    assert again.spec == dataclasses.replace(edited, name="zto-100", title="中通 100×150")
    stored = json.loads(LabelTemplate.get(LabelTemplate.name == "zto-100").spec)
    assert {
        "key": "memo",
        "x_mm": 12.5,
        "y_mm": 100.0,
        "w_mm": 60.0,
        "h_mm": 9.0,
        "font_pt": 11.0,
        "bold": True,
        "align": "center",
        "max_lines": 1,
    } in stored["fields"]
    assert hidden and [f["key"] for f in stored["hidden_fields"]] == ["print_date"] * len(hidden)
    assert stored["mask_phone"] is False and stored["barcode_required"] is True


def test_a_hidden_field_is_kept_but_not_printed(ready):
    spec = builtin_specs()["thermal-100x150"]
    name = next(f for f in spec.fields if f.key == "receiver_name")
    shown = label_templates.render_sample(spec)
    hidden = label_templates.render_sample(dataclasses.replace(
        spec, fields=tuple(f for f in spec.fields if f is not name), hidden=(name,)))  # fmt: skip
    receiver = label_templates.sample_label().receiver_name
    assert any(receiver in text for text, _x, _y in positions(shown))
    assert not any(receiver in text for text, _x, _y in positions(hidden))


def test_a_field_off_the_label_is_refused_naming_it_and_nothing_is_saved(ready):
    spec = labels.get_template("thermal-76x130").spec
    index = next(i for i, f in enumerate(spec.fields) if f.key == "sender_address")
    fields = list(spec.fields)
    fields[index] = dataclasses.replace(fields[index], y_mm=125.0)  # 130 mm tall label
    bad = dataclasses.replace(spec, fields=tuple(fields))
    with pytest.raises(ValidationError) as caught:
        label_templates.save_template("narrow", "", bad)
    assert field_caption("sender_address") in caught.value.message
    assert "130" in caught.value.message
    assert [p.field for p in check(dataclasses.replace(bad, name="narrow"))] == [index]
    assert LabelTemplate.get_or_none(LabelTemplate.name == "narrow") is None


def test_a_sheet_that_does_not_fit_the_page_is_refused(ready):
    spec = builtin_specs()["a4-3x7"]
    wider = dataclasses.replace(spec, sheet=dataclasses.replace(spec.sheet, columns=4))
    with pytest.raises(ValidationError) as caught:
        label_templates.save_template("a4-4x7", "", wider)
    assert "210" in caught.value.message  # the page width is named
    assert all(p.field is None for p in check(wider))


@pytest.mark.parametrize("data", [b"%PDF-1.7\n%scan", b"", b"hello, a text file",
                                  b"RIFF\x00\x00\x00\x00WAVEfmt "])  # fmt: skip
def test_a_background_that_is_not_an_image_is_refused(ready, data):
    with pytest.raises(ValidationError) as caught:
        label_templates.check_background(data)
    assert caught.value.field == "background"
    with pytest.raises(ValidationError):
        label_templates.save_template("form", "", builtin_specs()["preprinted-form"], data)
    assert LabelTemplate.get_or_none(LabelTemplate.name == "form") is None
    assert label_templates.check_background(PNG) == "png"


def test_a_background_larger_than_10_mb_is_refused(ready):
    with pytest.raises(ValidationError) as caught:
        label_templates.check_background(PNG + b"\x00" * label_templates.MAX_BACKGROUND)
    assert "10" in caught.value.message


@pytest.mark.parametrize("name", ["thermal-100x180", "a4-3x7", "preprinted-form"])
def test_builtins_are_read_only(ready, name):
    before = LabelTemplate.get(LabelTemplate.name == name).spec
    spec = labels.get_template(name).spec
    with pytest.raises(ValidationError) as caught:
        label_templates.save_template(name, "mine", dataclasses.replace(spec, mask_phone=False))
    assert caught.value.field == "name" and name in caught.value.message
    with pytest.raises(ValidationError):
        label_templates.delete_template(name)
    assert LabelTemplate.get(LabelTemplate.name == name).spec == before


def test_the_preview_is_one_label_with_sample_data_at_its_size(ready):
    sheet = builtin_specs()["a4-3x7"]
    page = PdfReader(io.BytesIO(label_templates.render_sample(sheet))).pages[0]
    assert abs(float(page.mediabox.width) / MM - 70) < 0.2
    assert abs(float(page.mediabox.height) / MM - 42.3) < 0.2
    spec = builtin_specs()["thermal-76x130"]
    name = next(f for f in spec.fields if f.key == "receiver_name")
    moved = dataclasses.replace(name, x_mm=name.x_mm + 7.0, y_mm=name.y_mm + 20.0)
    fields = tuple(moved if f is name else f for f in spec.fields)
    receiver = label_templates.sample_label().receiver_name
    x1, y1 = where(label_templates.render_sample(spec), receiver)
    x2, y2 = where(
        label_templates.render_sample(dataclasses.replace(spec, fields=fields)), receiver
    )
    assert abs((x2 - x1) - 7.0) < 0.3 and abs((y2 - y1) - 20.0) < 0.3
    no_number = label_templates.render_sample(spec, tracking=False)
    assert no_number.startswith(b"%PDF")


def test_a_barcode_field_too_narrow_for_the_preview_is_said(ready):
    spec = builtin_specs()["thermal-76x130"]
    fields = tuple(dataclasses.replace(f, w_mm=15.0) if f.key == "tracking_barcode" else f
                   for f in spec.fields)  # fmt: skip
    with pytest.raises(DomainError):
        label_templates.render_sample(dataclasses.replace(spec, fields=fields))


def test_sheet_geometry_round_trips(ready):
    spec = builtin_specs()["a4-3x7"]
    sheet = SheetSpec(2, 5, 99.0, 57.0, 6.0, 6.5, 0.0, 0.0)
    field = FieldSpec("receiver_name", 3, 3, 60, 8, 12)
    mine = dataclasses.replace(spec, sheet=sheet, fields=(field,), statics=())
    info, _changed = label_templates.save_template("a4-2x5", "A4 十格", mine)
    assert info.spec.sheet == sheet and info.spec.sheet.per_page == 10
