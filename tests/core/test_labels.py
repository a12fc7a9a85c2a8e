"""Labels in the shop file: templates (built-ins, the user's own, backgrounds), calibration, the
labels' data from orders, the glyph check, printing (已打单, the print log, reprints with a
reason, a printer that fails mid-batch)."""

from __future__ import annotations

import dataclasses
import datetime
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from desk.core import labels, order_memos, settings, tracking
from desk.core.errors import DomainError, ValidationError
from desk.i18n import _
from desk.models import LabelTemplate, Order, PrintJob, PrintJobOrder
from desk.pdf import fonts
from desk.pdf.label_spec import BUILTIN_NAMES, builtin_specs, field_caption, spec_to_json
from desk.pdf.labels import LabelItem
from tests.core.orders_support import build_shop, line, make_order, order_in_status

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
JI = "\U00020BB7"  # 𠮷 (the 吉 with 土 on top), CJK extension B


@pytest.fixture
def built(shop):
    settings.save_profile(settings.ShopProfile(
        shop_name="小雅的衣橱", sender_name="小雅", sender_phone="13900001111",
        sender_address="浙江省杭州市余杭区五常街道1号"))  # fmt: skip
    labels.ensure_builtin_templates()
    return build_shop()


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- templates ----------------------------------------------------------------------------------


def test_the_builtin_templates_are_copied_once_and_kept_current(shop):
    assert labels.ensure_builtin_templates().concerns("labels")
    listed = labels.list_templates()
    assert [t.name for t in listed] == list(BUILTIN_NAMES)
    assert all(t.builtin and not t.has_background for t in listed)
    assert listed[0].spec == builtin_specs()["thermal-100x180"]
    assert not labels.ensure_builtin_templates()  # nothing changed the second time
    # an older copy (the app was updated since) is refreshed from the shipped file
    old = dataclasses.replace(builtin_specs()["a4-3x7"], page_w_mm=200.0)
    LabelTemplate.update(spec=spec_to_json(old)).where(LabelTemplate.name == "a4-3x7").execute()
    assert labels.get_template("a4-3x7").spec.page_w_mm == 200.0
    assert labels.ensure_builtin_templates()
    assert labels.get_template("a4-3x7").spec.page_w_mm == builtin_specs()["a4-3x7"].page_w_mm


def test_a_builtin_is_found_even_before_it_was_copied(shop):
    assert LabelTemplate.select().count() == 0
    assert labels.get_template("thermal-76x130").spec.page_w_mm == 76
    with pytest.raises(DomainError) as caught:
        labels.get_template("no-such")
    assert "no-such" in caught.value.message


def test_builtins_are_read_only(built):
    with pytest.raises(ValidationError):
        labels.delete_template("thermal-100x150")
    with pytest.raises(ValidationError) as caught:
        labels.save_template("thermal-100x150", "mine", builtin_specs()["thermal-100x150"])
    assert caught.value.field == "name"
    assert labels.get_template("thermal-100x150").builtin


def test_an_own_template_is_copied_edited_and_deleted(built):
    info, changed = labels.copy_template("thermal-100x150", "中通-窄边")
    assert changed.concerns("labels") and not info.builtin and info.title
    assert info.spec.fields == builtin_specs()["thermal-100x150"].fields
    moved = tuple(dataclasses.replace(f, x_mm=f.x_mm + 1) if f.key == "receiver_name" else f
                  for f in info.spec.fields)  # fmt: skip
    spec = dataclasses.replace(info.spec, fields=moved)
    saved, _changed = labels.save_template("中通-窄边", "中通 100×150", spec_to_json(spec))
    assert saved.title == "中通 100×150"
    assert saved.spec.fields == moved
    assert [t.name for t in labels.list_templates()][-1] == "中通-窄边"
    with pytest.raises(ValidationError):
        labels.copy_template("thermal-100x150", "中通-窄边")  # the name is taken
    labels.delete_template("中通-窄边")
    assert "中通-窄边" not in [t.name for t in labels.list_templates()]


def test_a_template_whose_field_falls_off_the_label_is_refused_naming_the_field(built):
    spec = labels.get_template("thermal-76x130").spec
    off = tuple(dataclasses.replace(f, x_mm=70.0) if f.key == "receiver_address" else f
                for f in spec.fields)  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        labels.save_template("mine", "", dataclasses.replace(spec, fields=off))
    assert caught.value.field == "spec"
    assert field_caption("receiver_address") in caught.value.message
    with pytest.raises(ValidationError) as caught:
        labels.save_template("mine", "", "{not json")
    assert caught.value.field == "spec"
    assert LabelTemplate.get_or_none(LabelTemplate.name == "mine") is None


@pytest.mark.parametrize("name", ["", "   ", "a b", "a/b", "x" * 41])
def test_bad_template_names_are_refused(built, name):
    with pytest.raises(ValidationError) as caught:
        labels.save_template(name, "", builtin_specs()["thermal-100x150"])
    assert caught.value.field == "name"


def test_a_background_must_be_an_image(built):
    spec = builtin_specs()["preprinted-form"]
    for not_image in (b"%PDF-1.4 a scan saved as PDF", b"", b"RIFF\x00\x00\x00\x00WAVEfmt "):
        with pytest.raises(ValidationError) as caught:
            labels.save_template("sto-form", "申通套打", spec, not_image)
        assert caught.value.field == "background"
    assert LabelTemplate.get_or_none(LabelTemplate.name == "sto-form") is None
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
    for image in (PNG, jpeg, b"GIF89a" + b"\x00" * 10, b"RIFF\x10\x00\x00\x00WEBPVP8 ", b"BM" + b"\x00" * 30):
        info, _changed = labels.save_template("sto-form", "申通套打", spec, image)
        assert info.has_background and labels.get_background("sto-form") == image
    copy, _changed = labels.copy_template("sto-form", "sto-form-2")
    assert copy.has_background  # the scan goes with the copy
    info, _changed = labels.save_template("sto-form", "申通套打", spec, None)
    assert not info.has_background and labels.get_background("sto-form") is None


# --- calibration --------------------------------------------------------------------------------


def test_calibration_per_printer_and_template(built):
    assert labels.get_calibration("Xprinter XP-420B", "thermal-100x180") == (0.0, 0.0, 1.0)
    labels.save_calibration("Xprinter XP-420B", "thermal-100x180", 1.5, -2.25, 1.02)
    labels.save_calibration("Xprinter XP-420B", "thermal-100x180", 2.0, -2.5, 0.98)  # measured again
    labels.save_calibration("HP LaserJet", "a4-3x7", 0.5, 0.0)
    assert labels.get_calibration("Xprinter XP-420B", "thermal-100x180") == (2.0, -2.5, 0.98)
    assert labels.get_calibration("Xprinter XP-420B", "thermal-100x150") == (0.0, 0.0, 1.0)
    assert labels.get_calibration("HP LaserJet", "a4-3x7") == (0.5, 0.0, 1.0)


@pytest.mark.parametrize(
    ("dx", "dy", "scale", "field"),
    [(20.5, 0, 1, "dx_mm"), (0, -21, 1, "dy_mm"), (0, 0, 1.3, "scale"), (0, 0, 0.7, "scale"),
     (float("nan"), 0, 1, "dx_mm"), (0, "2", 1, "dy_mm")],
)  # fmt: skip
def test_calibration_out_of_bounds_is_refused(built, dx, dy, scale, field):
    with pytest.raises(ValidationError) as caught:
        labels.save_calibration("P", "thermal-100x180", dx, dy, scale)
    assert caught.value.field == field
    assert labels.get_calibration("P", "thermal-100x180") == (0.0, 0.0, 1.0)


# --- the labels' data ---------------------------------------------------------------------------


def test_label_data_from_orders(built):
    first = make_order(built, line(built.v("黑色", "M"), 2), line(built.v("白色", "S"), 1),
                       courier="SF")  # fmt: skip
    second = make_order(built, receiver="李 四", phone="0571-88886666", province="上海市",
                        city="上海市", district="浦东新区", street="世纪大道 88 号")  # fmt: skip
    order_memos.add_memo(first.id, "送小样", "red")
    order_memos.add_memo(first.id, "放门卫，别打电话", "yellow")
    order_memos.add_memo(first.id, "已核对尺码", "purple")
    order_memos.set_flag(second.id, "green")  # the automatic "flag set to …" line is no memo
    order_memos.add_memo(second.id, "老客户，" + "很长的备注" * 20, None)
    a, b = labels.label_data([second.id, first.id])
    assert (a.order_number, b.order_number) == (second.number, first.number)  # as asked
    assert b.receiver_name == "王小丫" and b.receiver_phone == "13812345678"
    assert b.receiver_address == "浙江省杭州市西湖区文三路100号3幢201室"
    assert a.receiver_name == "李 四" and a.receiver_address == "上海市浦东新区世纪大道 88 号"
    assert (b.sender_name, b.sender_phone) == ("小雅", "13900001111")
    assert b.sender_address == "浙江省杭州市余杭区五常街道1号"
    assert b.courier_name == settings.courier_name("SF") and b.tracking_no == ""
    assert b.items == (LabelItem("A1023", "黑色", "M", 2), LabelItem("A1023", "白色", "S", 1))
    assert b.memo == "放门卫，别打电话"  # the yellow one (for the courier) wins
    assert a.memo.startswith("老客户，很长的备注") and len(a.memo) <= labels.MEMO_CHARS
    assert a.memo.endswith("…")
    assert b.print_date == datetime.date.today() and not b.reprint


def test_the_tracking_number_comes_from_the_latest_shipment(built):
    order = order_in_status(built, "confirmed")
    tracking.assign(order.id, "JT1234567890123", "JT")
    (data,) = labels.label_data([order.id])
    assert data.tracking_no == "JT1234567890123"
    assert data.courier_name == settings.courier_name("JT")


def test_a_closed_or_merged_away_order_has_no_label(built):
    closed = order_in_status(built, "closed")
    with pytest.raises(DomainError) as caught:
        labels.label_data([closed.id])
    assert closed.number in caught.value.message
    with pytest.raises(DomainError):
        labels.label_data([999_999])


@pytest.fixture
def wenquanyi(monkeypatch):
    """The Chinese font is WenQuanYi Micro Hei, which has no 𠮷 (checked, not assumed)."""
    if not WQY.is_file():
        pytest.skip("WenQuanYi Micro Hei is not installed")
    assert 0x20BB7 not in TTFont("probe", str(WQY), subfontIndex=0).face.charToGlyph
    monkeypatch.setenv(fonts.ENV_FONT, f"{WQY},0")
    fonts._reset_for_tests()
    yield
    fonts._reset_for_tests()


def test_glyph_problems_name_the_order_and_the_character(built, wenquanyi):
    plain = order_in_status(built, "confirmed")
    rare = order_in_status(built, "confirmed", receiver=JI)  # a name of one rare character
    also = order_in_status(built, "confirmed", street="文三路䶮村1号")
    assert labels.glyph_problems([plain.id]) == []
    assert labels.glyph_problems([plain.id, rare.id, also.id]) == [
        (rare.number, [JI]), (also.number, ["䶮"])
    ]
    with pytest.raises(DomainError) as caught:  # nothing prints as a box unannounced
        labels.print_labels([rare.id], "thermal-100x150")
    assert JI in caught.value.message
    assert Order.get_by_id(rare.id).status == "confirmed" and PrintJob.select().count() == 0
    pdf, _changed = labels.print_labels([rare.id], "thermal-100x150", print_anyway=True)
    assert Order.get_by_id(rare.id).status == "printed" and pdf.pages == 1


# --- printing and the log -----------------------------------------------------------------------


def test_printing_moves_confirmed_orders_and_logs_the_job(built):
    orders = [order_in_status(built, "confirmed", receiver=name) for name in ("赵一", "钱二", "孙三")]
    ids = [o.id for o in orders]
    pdf, changed = labels.print_labels(ids, "thermal-100x180", printer="XP-420B",
                                       staff_id=built.partner)  # fmt: skip
    assert changed.concerns("orders") and changed.concerns("labels")
    assert pdf.startswith(b"%PDF") and pdf.pages == 3
    text = _text(pdf)
    assert all(name in text for name in ("赵一", "钱二", "孙三"))
    assert all(Order.get_by_id(i).status == "printed" for i in ids)
    job = PrintJob.get_by_id(pdf.job_id)
    assert (job.kind, job.template, job.printer, job.staff_id, job.reprint, job.pages) == (
        "labels", "thermal-100x180", "XP-420B", built.partner, False, 3)
    assert [(r.order_id, r.result) for r in PrintJobOrder.select().order_by(PrintJobOrder.id)] == [
        (i, "printed") for i in ids]  # fmt: skip
    (row,) = labels.print_log()
    assert row.orders == tuple(o.number for o in orders) and row.failed == ()


def test_a_reprint_needs_reprint_and_a_reason_and_is_marked(built):
    order = order_in_status(built, "confirmed")
    labels.print_labels([order.id], "thermal-100x150", staff_id=built.owner)
    with pytest.raises(DomainError) as caught:
        labels.print_labels([order.id], "thermal-100x150")
    assert order.number in caught.value.message
    with pytest.raises(ValidationError) as caught:
        labels.print_labels([order.id], "thermal-100x150", reprint=True, reason="  ")
    assert caught.value.field == "reason"
    assert PrintJob.select().count() == 1
    pdf, _changed = labels.print_labels([order.id], "thermal-100x150", staff_id=built.partner,
                                        reprint=True, reason="面单被撕坏了")  # fmt: skip
    assert pdf.reprinted == (order.number,)
    assert _("Reprint") in _text(pdf)
    job = PrintJob.get_by_id(pdf.job_id)
    assert job.reprint and job.reason == "面单被撕坏了"
    assert Order.get_by_id(order.id).status == "printed"
    fresh, _changed = labels.print_labels([order_in_status(built, "confirmed").id],
                                          "thermal-100x150")  # fmt: skip
    assert _("Reprint") not in _text(fresh)


def test_orders_not_yet_checked_are_refused_and_nothing_recorded(built):
    good = order_in_status(built, "confirmed")
    paid = order_in_status(built, "paid")
    with pytest.raises(DomainError) as caught:
        labels.print_labels([good.id, paid.id], "thermal-100x150")
    assert paid.number in caught.value.message
    assert Order.get_by_id(good.id).status == "confirmed"
    assert PrintJob.select().count() == 0
    with pytest.raises(ValidationError):
        labels.print_labels([], "thermal-100x150")


def test_a_sheet_starts_at_the_label_asked_for(built):
    ids = [order_in_status(built, "confirmed").id for _ in range(3)]
    pdf, _changed = labels.print_labels(ids, "a4-3x7", start_at=20)  # 20, 21 | 1
    assert pdf.pages == 2 and len(PdfReader(io.BytesIO(pdf)).pages) == 2
    more = order_in_status(built, "confirmed")
    with pytest.raises(ValidationError) as caught:
        labels.print_labels([more.id], "a4-3x7", start_at=22)
    assert caught.value.field == "start_at"


def test_a_printer_that_fails_mid_batch_is_logged(built):
    ids = [order_in_status(built, "confirmed").id for _ in range(3)]
    pdf, _changed = labels.print_labels(ids, "thermal-76x130", staff_id=built.owner)
    labels.record_failed(pdf.job_id, ids[1:])
    (row,) = labels.print_log()
    numbers = [Order.get_by_id(i).number for i in ids]
    assert row.orders == tuple(numbers) and row.failed == tuple(numbers[1:])
    # the two that never came out are printed again without it being a reprint
    again, _changed = labels.print_labels(ids[1:], "thermal-76x130")
    assert again.reprinted == () and not PrintJob.get_by_id(again.job_id).reprint
    with pytest.raises(DomainError):  # the first one did come out
        labels.print_labels(ids[:1], "thermal-76x130")
    with pytest.raises(DomainError):
        labels.record_failed(999, ids)


def test_the_print_log_is_searchable(built):
    a = order_in_status(built, "confirmed")
    b = order_in_status(built, "confirmed")
    labels.print_labels([a.id], "thermal-100x180", staff_id=built.owner)
    labels.print_labels([b.id], "a4-3x7", staff_id=built.partner)
    labels.print_labels([a.id], "thermal-100x150", staff_id=built.partner, reprint=True,
                        reason="打印机卡纸")  # fmt: skip
    log = labels.print_log()
    assert [r.template for r in log] == ["thermal-100x150", "a4-3x7", "thermal-100x180"]  # newest first
    assert [r.template for r in labels.print_log(a.number)] == ["thermal-100x150", "thermal-100x180"]
    assert [r.template for r in labels.print_log("a4")] == ["a4-3x7"]
    partner = log[0].staff_name
    assert partner and [r.template for r in labels.print_log(partner)] == [
        "thermal-100x150", "a4-3x7"]  # fmt: skip
    assert [r.reason for r in labels.print_log("卡纸")] == ["打印机卡纸"]
    assert labels.print_log("%") == [] and labels.print_log("_") == []
    assert len(labels.print_log(limit=1)) == 1
