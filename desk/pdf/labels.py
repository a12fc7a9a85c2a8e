"""Shipping labels (快递单) as one PDF from plain data and a template (`desk.pdf.label_spec`).

Every page has the exact size of the label (or the sheet of stickers), so that a thermal printer
prints it 1:1. The parts that are the same on every label (rules, boxes, 收/寄) are drawn once
as a form XObject and placed on each label; text and barcodes are written as PDF operators
straight into the page (a batch of 1,000 labels is some 20,000 strings and 1,000 barcodes).
The Chinese font is embedded as a subset.

Calibration: `offset_mm` (dx, dy) moves the whole layout right and DOWN by that many mm; `scale`
scales it about the top-left corner of the page (where the template's coordinates start). The
calibration page the user measures is `render_calibration_page` (desk.pdf.label_calibration).
"""

from __future__ import annotations

import datetime
import gc
import io
import re
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFPage, PDFResourceDictionary
from reportlab.pdfbase.pdfdoc import format as pdf_format
from reportlab.pdfgen.canvas import Canvas

from desk.core.errors import DomainError
from desk.i18n import _
from desk.pdf import code128
from desk.pdf.code128 import barcode_path
from desk.pdf.fonts import cjk_font, missing_glyphs
from desk.pdf.label_calibration import calibration_transform, render_calibration_page
from desk.pdf.label_spec import BoxSpec, CaptionSpec, FieldSpec, LabelSpec, LineSpec
from desk.pdf.label_text import Writer, fit, item_summary, lines_at
from desk.pdf.layout import check_glyphs, text_width

FORM = "shopdesk-label-static"


class LabelError(DomainError):
    """A label that cannot be printed as asked (message names the order)."""


@dataclass(frozen=True)
class LabelItem:
    code: str  # 货号
    color: str
    size: str
    quantity: int


@dataclass(frozen=True)
class LabelData:
    order_number: str
    receiver_name: str
    receiver_phone: str  # as entered: `mask_phone` decides how it prints
    receiver_address: str  # one line, province to street
    sender_name: str
    sender_phone: str
    sender_address: str
    courier_name: str
    tracking_no: str  # "" when there is none yet
    items: tuple[LabelItem, ...]
    memo: str
    print_date: datetime.date | str
    reprint: bool = False


def mask_phone_number(phone: str) -> str:
    """`13812345678` → `138****5678`, `0571-88886666` → `0571-****6666`; an extension (a Taobao
    privacy number's `-1234` / `转1234`) is kept, the courier needs it."""
    phone = phone.strip()
    match = re.match(r"^(.*?\d{7,}.*?)((?:-|转|,|，|ext\.?|#)\s*\d{1,6})?$", phone)
    main, extension = (match.group(1), match.group(2) or "") if match else (phone, "")
    digits = re.sub(r"\D", "", main)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}{extension}"
    area, sep, local = main.partition("-")
    if sep and len(re.sub(r"\D", "", local)) >= 7:
        local = re.sub(r"\D", "", local)
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}{extension}"
    if len(digits) >= 8:
        return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}{extension}"
    return phone


def _words() -> dict[str, str]:
    return {
        "no_tracking": _("(no tracking number)"),
        "reprint": _("Reprint"),
        "more": _("{items} and more, {count} pieces"),
        "where": _("order {number}"),
    }


# --- barcodes --------------------------------------------------------------------------------------


def code128_modules(value: str) -> list[tuple[bool, int]] | None:
    """(is a bar, width in modules) for `value` as Code 128 (quiet zones not included); None
    when the value has characters Code 128 cannot carry."""
    return code128.modules(value)


def qr_path(value: str, field: FieldSpec, height: float) -> str:
    # imported here: reportlab's barcode package is slow to import, and few templates have a QR
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount() + 2  # one module of margin around
    side = min(field.w_mm, field.h_mm)
    module = side / count
    x0 = field.x_mm + (field.w_mm - side) / 2 + module
    top = height - field.y_mm - (field.h_mm - side) / 2 - module
    parts = []
    for r, row in enumerate(code.modules):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                parts.append(f"{(x0 + start * module) * mm:.2f} {(top - (r + 1) * module) * mm:.2f} "
                             f"{(c - start) * module * mm:.2f} {module * mm:.2f} re")  # fmt: skip
            else:
                c += 1
    return "0 g " + " ".join(parts) + " f"


# --- rendering -------------------------------------------------------------------------------------


class _Renderer:
    def __init__(self, canvas: Canvas, spec: LabelSpec, mask: bool, check: bool):
        self.canvas, self.spec, self.mask, self.check = canvas, spec, mask, check
        self.font = cjk_font().name
        self.writer = Writer(canvas, self.font)
        self.words = _words()
        self.width, self.height = spec.label_size
        self._fields = [(index, field, field.key) for index, field in enumerate(spec.fields)]
        self._drawn: dict[tuple[int, str], str] = {}
        self._summaries: dict[tuple[int, tuple[LabelItem, ...]], str] = {}
        # one-line fields: where a text that fits at the template's size goes (its baseline
        # does not depend on the text), for the usual case without fit() and lines_at()
        h = self.height
        self._one_line = {
            index: (field.w_mm * mm, next(lines_at(field, field.font_pt, [""], h, self.font))[2])
            for index, field in enumerate(spec.fields)
            if field.max_lines == 1
        }

    def _text(self, index: int, field: FieldSpec, text: str) -> str:
        """The text operators of `text` fitted into the field, remembered for texts that repeat
        (the sender, the courier, the date, names); the memory is emptied now and then to keep
        a long batch small."""
        key = (index, text)
        found = self._drawn.get(key)
        if found is None:
            if len(self._drawn) > 20_000:
                self._drawn.clear()
            found = self._drawn[key] = self._fitted_text(index, field, text)
        return found

    def _fitted_text(self, index: int, field: FieldSpec, text: str) -> str:
        out: list[str] = []
        one_line = self._one_line.get(index)
        if one_line is not None:
            width, y = one_line
            size = field.font_pt
            wide = text_width(text, self.font, size)
            if wide <= width:  # fits as it is: what fit() and lines_at() would give
                x = field.x_mm
                if field.align != "left":
                    x += (field.w_mm - wide / mm) / (2 if field.align == "center" else 1)
                self.writer.line(out, text, x, y, size, field.bold)
                return out[0]
        size, lines = fit(text, field, self.font)
        for line, x, y in lines_at(field, size, lines, self.height, self.font):
            self.writer.line(out, line, x, y, size, field.bold)
        return " ".join(out)

    def static_form(self) -> None:
        c = self.canvas
        c.beginForm(FORM, 0, 0, self.width * mm, self.height * mm)
        out: list[str] = []
        texts: list[str] = []
        h = self.height
        for static in self.spec.statics:
            if isinstance(static, LineSpec):
                dash = "[3 2] 0 d" if static.dashed else "[] 0 d"
                out.append(f"0 G {static.width_pt:.2f} w {dash} {static.x1_mm * mm:.2f} "
                           f"{(h - static.y1_mm) * mm:.2f} m {static.x2_mm * mm:.2f} "
                           f"{(h - static.y2_mm) * mm:.2f} l S")  # fmt: skip
            elif isinstance(static, BoxSpec):
                rect = (f"{static.x_mm * mm:.2f} {(h - static.y_mm - static.h_mm) * mm:.2f} "
                        f"{static.w_mm * mm:.2f} {static.h_mm * mm:.2f} re")  # fmt: skip
                if static.filled:
                    out.append(f"0 g {rect} f")
                if static.width_pt > 0:
                    out.append(f"0 G {static.width_pt:.2f} w [] 0 d {rect} S")
            elif isinstance(static, CaptionSpec):
                color = "1 g 1 G " if static.white else "0 g 0 G "
                texts.append(color)
                baseline = h - static.y_mm - static.font_pt * 0.86 / mm
                self.writer.line(texts, static.text, static.x_mm, baseline, static.font_pt,
                                 static.bold)  # fmt: skip
        if texts:
            out.append("BT " + " ".join(texts) + " 0 Tr ET 0 g 0 G")
        c._code.append(" ".join(out))
        c.endForm()

    def label(self, data: LabelData) -> str:
        """The operators of one label's fields (label coordinates)."""
        data = self._checked(data)
        texts: list[str] = []
        paths: list[str] = []
        for index, field, key in self._fields:
            if key == "tracking_barcode":
                self._barcode(data, field, texts, paths)
                continue
            if key == "qr":
                if data.order_number:
                    paths.append(qr_path(data.order_number, field, self.height))
                continue
            text = self._value(data, field, index)
            if not text:
                continue
            texts.append(self._text(index, field, text))
            if key == "reprint_mark":
                paths.append(self._reprint_box(field, text))
        code = " ".join(paths)
        if texts:
            code += " BT 0 g 0 G " + " ".join(texts) + " 0 Tr ET"
        return code

    def _reprint_box(self, field: FieldSpec, text: str) -> str:
        font, h = self.font, self.height
        size, lines = fit(text, field, font)
        wide = text_width(lines[0], font, size) / mm
        x = next(lines_at(field, size, lines, h, font))[1]
        y0 = h - field.y_mm - field.h_mm
        return (f"0 G 1 w [] 0 d {(x - 0.8) * mm:.2f} {(y0 + 0.3) * mm:.2f} "
                f"{(wide + 1.6) * mm:.2f} {(field.h_mm - 0.6) * mm:.2f} re S")  # fmt: skip

    def _value(self, data: LabelData, field: FieldSpec, index: int) -> str:
        key = field.key
        if key in ("receiver_phone", "sender_phone"):
            phone = getattr(data, key)
            return mask_phone_number(phone) if self.mask and key == "receiver_phone" else phone
        if key == "courier":
            return data.courier_name
        if key == "tracking_text":
            return data.tracking_no or self.words["no_tracking"]
        if key == "items":
            found = self._summaries.get((index, data.items))
            if found is None:
                if len(self._summaries) > 20_000:
                    self._summaries.clear()
                found = item_summary(data.items, field, self.font, self.words["more"])
                self._summaries[(index, data.items)] = found
            return found
        if key == "print_date":
            date = data.print_date
            return date.isoformat() if isinstance(date, datetime.date) else str(date)
        if key == "reprint_mark":
            return self.words["reprint"] if data.reprint else ""
        return str(getattr(data, key, "") or "")

    def _barcode(self, data: LabelData, field: FieldSpec, texts: list[str], paths: list[str]):
        where = self.words["where"].format(number=data.order_number)
        if not data.tracking_no.strip():
            if self.spec.barcode_required:
                raise LabelError(_("{where} has no tracking number, and this template needs one "
                                   "for the barcode.").format(where=where))  # fmt: skip
            caption = FieldSpec(
                "tracking_barcode",
                field.x_mm,
                field.y_mm,
                field.w_mm,
                field.h_mm,
                min(14.0, field.font_pt + 4),
                True,
                "center",
                1,
            )
            size, lines = fit(self.words["no_tracking"], caption, self.font)
            for line, x, y in lines_at(caption, size, lines, self.height, self.font):
                self.writer.line(texts, line, x, y, size, True)
            return
        path = barcode_path(data.tracking_no.strip(), field, self.height)
        if path is None:
            raise LabelError(
                _(
                    "{where}: the tracking number {number} has characters a barcode cannot carry."
                ).format(where=where, number=data.tracking_no)
            )
        if not path:
            raise LabelError(_("{where}: the tracking number {number} is too long for the "
                               "barcode field of this template.").format(
                where=where, number=data.tracking_no))  # fmt: skip
        paths.append(path)

    def _checked(self, data: LabelData) -> LabelData:
        if not self.check:
            return data
        where = self.words["where"].format(number=data.order_number)
        strict = [
            (_("Receiver"), data.receiver_name),
            (_("Receiver address"), data.receiver_address),
            (_("Sender"), data.sender_name + data.sender_address),
            (_("Items"), " ".join(f"{i.code}{i.color}{i.size}" for i in data.items)),
        ]
        (memo,) = check_glyphs(where, strict, [(_("Memo"), data.memo)])
        if memo != data.memo:
            from dataclasses import replace

            data = replace(data, memo=memo)
        return data


def _checked_text(data: LabelData) -> str:
    """All the text _Renderer._checked looks at, for checking a whole batch at once."""
    return "".join((data.receiver_name, data.receiver_address, data.sender_name,
                    data.sender_address, data.memo,
                    *(f"{i.code}{i.color}{i.size}" for i in data.items)))  # fmt: skip


def render_labels(
    labels: list[LabelData] | tuple[LabelData, ...],
    spec: LabelSpec,
    *,
    offset_mm: tuple[float, float] = (0.0, 0.0),
    scale: float = 1.0,
    start_at: int = 1,
    mask_phone: bool | None = None,
    check_glyphs: bool = True,
) -> bytes:
    """The labels as one PDF: a page a label, or sheets of stickers starting at sticker
    `start_at` of the first sheet. LabelError for a label that cannot be printed, MissingGlyphs
    for text the font cannot draw (unless `check_glyphs` is False: the user chose to print
    anyway), FontNotFound without a Chinese font."""
    if not labels:
        raise ValueError("no labels to render")
    if scale <= 0:
        raise ValueError("scale must be positive")
    sheet = spec.sheet
    if sheet is not None and not 1 <= start_at <= sheet.per_page:
        raise LabelError(_("Start at label {n}: a sheet of this template has labels 1 to "
                           "{count}.").format(n=start_at, count=sheet.per_page))  # fmt: skip
    collecting = gc.isenabled()
    gc.disable()  # a batch makes some 100,000 objects and no garbage cycles: skip the collector
    try:
        return _render(labels, spec, offset_mm, scale, start_at, mask_phone, check_glyphs)
    finally:
        if collecting:
            gc.enable()


def _render(
    labels: list[LabelData] | tuple[LabelData, ...],
    spec: LabelSpec,
    offset_mm: tuple[float, float],
    scale: float,
    start_at: int,
    mask_phone: bool | None,
    check_glyphs: bool,
) -> bytes:
    sheet = spec.sheet
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(spec.page_w_mm * mm, spec.page_h_mm * mm), invariant=1)
    canvas.setTitle(_("Shipping labels"))
    # label by label only when the batch as a whole has a character the font lacks
    check = check_glyphs and bool(missing_glyphs("".join(map(_checked_text, labels))))
    renderer = _Renderer(canvas, spec, spec.mask_phone if mask_phone is None else mask_phone,
                         check)  # fmt: skip
    renderer.static_form()
    form = "/" + canvas._doc.getXObjectName(FORM)
    enter = calibration_transform(spec.page_h_mm, offset_mm, scale)
    if sheet is None:
        for data in labels:
            body = renderer.label(data)
            canvas._code.append(f"{enter} {form} Do {body} Q")
            canvas._formsinuse.append(FORM)
            canvas.showPage()
    else:
        slot = start_at - 1
        page: list[str] = []
        for data in labels:
            x, y = sheet.origin(slot)
            move = f"1 0 0 1 {x * mm:.3f} {(spec.page_h_mm - y - sheet.label_h_mm) * mm:.3f} cm"
            page.append(f"q {move} {form} Do {renderer.label(data)} Q")
            slot += 1
            if slot == sheet.per_page:
                _sheet_page(canvas, enter, page)
                page, slot = [], 0
        if page:
            _sheet_page(canvas, enter, page)
    _share_resources(canvas)
    canvas.save()
    return buffer.getvalue()


def _share_resources(canvas: Canvas) -> None:
    """Every page gets the same resources (the font subsets and the static form): written once
    as one object that the pages refer to, instead of a copy on every page (reportlab's way,
    a good part of the time it takes to write a batch of 1,000 pages)."""
    doc = canvas._doc
    resources = PDFResourceDictionary()
    resources.basicFonts()
    resources.XObject = doc.xobjDict([FORM])
    shared = doc.Reference(resources)
    for page in doc.Pages.pages:
        page.Resources = shared
        if type(page) is PDFPage:
            page.__class__ = _LabelPage


#: page attributes _LabelPage does not write: with any of them set, reportlab's way is used
_UNUSUAL = ("Annots", "CropBox", "ArtBox", "BleedBox", "TrimBox", "Dur", "Thumb", "B", "Hid",
            "AA", "PieceInfo", "LastModified", "SeparationInfo", "ID", "PZ")  # fmt: skip


class _LabelPage(PDFPage):
    """reportlab's page with its dictionary written directly (/Type /Page, /Parent, /MediaBox,
    /Resources, /Contents, /Rotate): the generic dictionary formatting is a good part of the
    time it takes to write a batch of a thousand pages that differ only in their contents."""

    def format(self, document) -> bytes:
        if any(getattr(self, name, None) for name in _UNUSUAL) or (self.Trans and self.Trans.dict):
            return super().format(document)
        self.check_format(document)  # the compressed contents stream, the parent, the media box
        contents = document.Reference(self.Contents).format(document)
        parts = [b"<<\n/Contents ", contents, b"\n /MediaBox ", pdf_format(self.MediaBox, document),
                 b"\n /Parent ", pdf_format(self.Parent, document), b"\n /Resources ",
                 pdf_format(self.Resources, document)]  # fmt: skip
        if self.Rotate:
            parts += [b"\n /Rotate ", pdf_format(self.Rotate, document)]
        parts.append(b"\n /Type /Page\n>>")
        return b"".join(parts)


def _sheet_page(canvas: Canvas, enter: str, stickers: list[str]) -> None:
    canvas._code.append(enter + " " + " ".join(stickers) + " Q")
    canvas._formsinuse.append(FORM)
    canvas.showPage()


__all__ = ["LabelData", "LabelError", "LabelItem", "mask_phone_number", "render_calibration_page",
           "render_labels"]  # fmt: skip
