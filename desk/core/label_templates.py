"""Label templates kept in the shop file, and printer calibration.

The built-ins shipped in resources/labels/ are read-only copies in `label_template` (`builtin`),
refreshed from the shipped files by `ensure_builtin_templates` (run after opening a shop file);
the user's own templates (a copy of a built-in, edited in the template editor; a pre-printed form
with its scanned background) are saved with `save_template`, checked by label_spec.validate.
Calibration: per printer and template, an x/y offset in mm and a scale factor.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
from typing import TYPE_CHECKING
from dataclasses import dataclass

from desk.core import changes, settings
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.i18n import _
from desk.models import LabelTemplate, PrinterCalibration
from desk.models.base import now
from desk.pdf.label_spec import LabelSpec, SpecError, builtin_specs, spec_from_json, spec_to_json
from desk.pdf.label_spec import check as check_spec

if TYPE_CHECKING:
    from desk.pdf.labels import LabelData

MAX_NAME = 40
MAX_BACKGROUND = 10 * 1024 * 1024  # a phone photo of a form; a larger file is no scan
MAX_OFFSET_MM = 20.0
SCALE_RANGE = (0.8, 1.2)
_NAME = re.compile(r"[^\s/\\]+")
#: (magic bytes at offset 0, kind); WEBP also needs "WEBP" at offset 8
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"BM", "bmp"),
    (b"GIF87a", "gif"), (b"GIF89a", "gif"), (b"RIFF", "webp"),
)  # fmt: skip


# --- templates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    name: str
    title: str
    builtin: bool
    spec: LabelSpec
    has_background: bool


def _bare(spec: LabelSpec) -> LabelSpec:
    return dataclasses.replace(spec, title="")  # built-in titles follow the language


def ensure_builtin_templates() -> Changes:
    """Copy the shipped templates into the shop file; refresh a copy the app's update changed.
    A user template can never hold a built-in name (save_template refuses it)."""
    shipped = builtin_specs()
    done = Changes()
    with _transaction():
        stored = {row.name: row for row in LabelTemplate.select()
                  .where(LabelTemplate.name.in_(list(shipped)))}  # fmt: skip
        for name, spec in shipped.items():
            row = stored.get(name)
            if row is not None and row.builtin and _same(row.spec, spec):
                continue
            values = {"title": spec.title, "builtin": True, "spec": spec_to_json(spec),
                      "background": None, "updated_at": now()}  # fmt: skip
            if row is None:
                LabelTemplate.create(name=name, **values)
            else:
                LabelTemplate.update(**values).where(LabelTemplate.id == row.id).execute()
            done = Changes.of(changes.LABELS)
    return done


def _same(text: str, spec: LabelSpec) -> bool:
    try:
        return _bare(spec_from_json(text)) == _bare(spec)
    except SpecError:
        return False


def _info(row: LabelTemplate, shipped: dict[str, LabelSpec] | None = None) -> TemplateInfo:
    try:
        spec = spec_from_json(row.spec)
    except SpecError as exc:
        raise DomainError(
            _("The label template {name} is damaged: {reason}").format(name=row.name, reason=exc)
        ) from None
    title = row.title
    if row.builtin:  # shown in the current language
        shipped = shipped if shipped is not None else builtin_specs()
        if row.name in shipped:
            title = shipped[row.name].title
        spec = dataclasses.replace(spec, title=title)
    spec = dataclasses.replace(spec, name=row.name)
    return TemplateInfo(row.id, row.name, title or row.name, bool(row.builtin), spec,
                        bool(row.has_background))  # fmt: skip


def _rows():
    return LabelTemplate.select(
        LabelTemplate.id,
        LabelTemplate.name,
        LabelTemplate.title,
        LabelTemplate.builtin,
        LabelTemplate.spec,
        LabelTemplate.background.is_null(False).alias("has_background"),
    )  # the background itself stays in the file until asked for


def list_templates() -> list[TemplateInfo]:
    """Built-ins first (in the shipped order), then the user's own by name."""
    shipped = builtin_specs()
    order = {name: i for i, name in enumerate(shipped)}
    rows = sorted(_rows(), key=lambda r: (not r.builtin, order.get(r.name, 0), r.name))
    return [_info(row, shipped) for row in rows]


def _row(name: str) -> LabelTemplate:
    name = (name or "").strip()
    row = _rows().where(LabelTemplate.name == name).first()
    if row is None and name in builtin_specs():
        ensure_builtin_templates()  # a file opened by something that did not copy them yet
        row = _rows().where(LabelTemplate.name == name).first()
    if row is None:
        raise DomainError(_("There is no label template called {name}.").format(name=name))
    return row


def get_template(name: str) -> TemplateInfo:
    return _info(_row(name))


def get_background(name: str) -> bytes | None:
    """The scanned form behind a pre-printed template (shown for alignment, never printed)."""
    row = _row(name)
    if not row.has_background:
        return None
    value = LabelTemplate.get_by_id(row.id).background
    return bytes(value) if value is not None else None


def image_kind(data: bytes) -> str | None:
    """png / jpeg / bmp / gif / webp by the file's first bytes, None when it is no image."""
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic) and (kind != "webp" or data[8:12] == b"WEBP"):
            return kind
    return None


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the template a name."), "name")
    if len(name) > MAX_NAME or not _NAME.fullmatch(name):
        raise ValidationError(
            _("A template name has at most {count} characters, without spaces or slashes.").format(
                count=MAX_NAME
            ),
            "name",
        )
    return name


def _own_template(name: str) -> LabelTemplate | None:
    """The user's template of that name, None when there is none; built-ins are refused."""
    if name in builtin_specs():
        raise ValidationError(
            _("{name} is a built-in template and cannot be changed: save a copy under another "
              "name.").format(name=name),
            "name",
        )  # fmt: skip
    row = LabelTemplate.get_or_none(LabelTemplate.name == name)
    if row is not None and row.builtin:
        raise ValidationError(_("{name} is a built-in template and cannot be changed.").format(
            name=name), "name")  # fmt: skip
    return row


def _clean_spec(spec: str | bytes | LabelSpec, name: str, title: str) -> LabelSpec:
    if not isinstance(spec, LabelSpec):
        try:
            spec = spec_from_json(spec)
        except SpecError as exc:
            raise ValidationError(exc.message, "spec") from None
    spec = dataclasses.replace(spec, name=name, title=title)
    problems = check_spec(spec)
    if problems:  # an editor points at the fields with label_spec.check
        raise ValidationError("\n".join(p.message for p in problems), "spec")
    return spec


def check_background(data: bytes) -> str:
    """The kind of image (png, jpeg …) of a scanned form; ValidationError (field "background")
    for a file that is not an image or is too large."""
    if len(data) > MAX_BACKGROUND:
        raise ValidationError(_("The background image is larger than 10 MB."), "background")
    kind = image_kind(data)
    if kind is None:
        raise ValidationError(
            _("The background is not an image (use a PNG, JPEG, BMP, GIF or WEBP file)."),
            "background",
        )
    return kind


def save_template(
    name: str, title: str, spec_json: str | bytes | LabelSpec, background: bytes | None = None
) -> tuple[TemplateInfo, Changes]:
    """Create or replace one of the user's templates. `background`: the scanned form (PNG, JPEG,
    BMP, GIF or WEBP) or None for none. Refused with the field named: a built-in name, a template
    whose fields fall off the label (field "spec", the message names them), a background that
    is not an image (field "background")."""
    name = _clean_name(name)
    title = " ".join(str(title or "").split())[:80]
    spec = _clean_spec(spec_json, name, title)
    if background is not None:
        background = bytes(background)
        check_background(background)
    with _transaction():
        row = _own_template(name)
        values = {"title": title, "spec": spec_to_json(spec), "background": background,
                  "updated_at": now(), "builtin": False}  # fmt: skip
        if row is None:
            LabelTemplate.create(name=name, **values)
        else:
            LabelTemplate.update(**values).where(LabelTemplate.id == row.id).execute()
    return get_template(name), Changes.of(changes.LABELS)


def copy_template(name: str, new_name: str) -> tuple[TemplateInfo, Changes]:
    """A copy of a template (a built-in too) under a new name, to edit."""
    source = get_template(name)
    new_name = _clean_name(new_name)
    if LabelTemplate.get_or_none(LabelTemplate.name == new_name) is not None or \
            new_name in builtin_specs():  # fmt: skip
        raise ValidationError(_("There is already a template called {name}.").format(
            name=new_name), "name")  # fmt: skip
    title = _("Copy of {title}").format(title=source.title)
    return save_template(new_name, title, source.spec, get_background(name))


def delete_template(name: str) -> Changes:
    """Delete one of the user's templates (its calibrations go with it; the log keeps its name)."""
    name = (name or "").strip()
    with _transaction():
        row = _own_template(name)
        if row is None:
            raise DomainError(_("There is no label template called {name}.").format(name=name))
        row.delete_instance()
    return Changes.of(changes.LABELS)


# --- calibration --------------------------------------------------------------------------------


def get_calibration(printer: str, template: str) -> tuple[float, float, float]:
    """(dx mm, dy mm, scale) of a printer with a template; (0, 0, 1) until one is saved."""
    row = (PrinterCalibration.select().join(LabelTemplate)
           .where((PrinterCalibration.printer == (printer or "").strip())
                  & (LabelTemplate.name == (template or "").strip())).first())  # fmt: skip
    return (row.dx_mm, row.dy_mm, row.scale) if row else (0.0, 0.0, 1.0)


def save_calibration(
    printer: str, template: str, dx_mm: float, dy_mm: float, scale: float = 1.0
) -> Changes:
    """The offsets measured on the calibration page: within ±20 mm, a scale of 0.8–1.2."""
    values = {}
    for field, value in (("dx_mm", dx_mm), ("dy_mm", dy_mm), ("scale", scale)):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValidationError(_("Enter a number."), field)
        values[field] = round(float(value), 2)
    for field in ("dx_mm", "dy_mm"):
        if abs(values[field]) > MAX_OFFSET_MM:
            raise ValidationError(
                _("An offset of more than {mm} mm is no calibration: check the paper size and "
                  "the template.").format(mm=int(MAX_OFFSET_MM)), field)  # fmt: skip
    low, high = SCALE_RANGE
    if not low <= values["scale"] <= high:
        raise ValidationError(_("The scale must be between {low} and {high}.").format(
            low=low, high=high), "scale")  # fmt: skip
    printer = (printer or "").strip()
    row = _row(template)
    with _transaction():
        (PrinterCalibration.insert(printer=printer, template=row.id, **values)
         .on_conflict(conflict_target=[PrinterCalibration.printer, PrinterCalibration.template],
                      update=values)
         .execute())  # fmt: skip
    return Changes.of(changes.LABELS)


# --- the editor's preview -----------------------------------------------------------------------


def _transaction():
    """order_draft's write transaction; imported here, when writing: the order services it
    pulls in are not needed to read a template (`python -m desk labels`)."""
    from desk.core import order_draft

    return order_draft.transaction()


def sample_label(*, tracking: bool = True) -> LabelData:
    """A made-up order with a long address and several items (the shop as sender), to see how a
    template prints before any real order uses it."""
    from desk.pdf.labels import LabelData, LabelItem

    profile = settings.get_profile()
    return LabelData(
        order_number="20261123-00042",
        receiver_name="欧阳晓燕",
        receiver_phone="13812345678",
        receiver_address="浙江省杭州市西湖区文三路 478 号华星时代广场 A 座 1203 室",
        sender_name=profile.sender_name or profile.shop_name or "小店工作台",
        sender_phone=profile.sender_phone or "13900001111",
        sender_address=profile.sender_address or "江苏省苏州市吴江区盛泽镇东方丝绸市场 3 区 18 号",
        courier_name=settings.courier_name(profile.default_courier or "ZTO"),
        tracking_no="73100012345678" if tracking else "",
        items=(
            LabelItem("A1023", "藏青", "XL", 2),
            LabelItem("B207", "米白", "M", 1),
            LabelItem("C88", "黑", "均码", 1),
        ),  # fmt: skip
        memo="周末不在家，请放丰巢柜",
        print_date=datetime.date.today(),
    )


def one_label(spec: LabelSpec) -> LabelSpec:
    """The spec of a single label: a sheet's sticker as a page of its own."""
    if spec.sheet is None:
        return spec
    width, height = spec.label_size
    return dataclasses.replace(spec, sheet=None, page_w_mm=width, page_h_mm=height)


def render_sample(spec: LabelSpec, *, tracking: bool = True) -> bytes:
    """One label of `spec` filled with `sample_label` as a PDF (one sticker for a sheet).
    DomainError when it cannot be drawn (no Chinese font, a barcode field too narrow …)."""
    from desk.pdf.labels import render_labels

    return render_labels([sample_label(tracking=tracking)], one_label(spec), check_glyphs=False)
