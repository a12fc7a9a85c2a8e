"""Label templates as data: where each field of a shipping label goes, in millimetres.

A template (`LabelSpec`) is a page of `page_w_mm` × `page_h_mm` — a thermal label, a carrier's
pre-printed form, or an A4 sheet of stickers (`sheet`: the fields and statics are then placed on
one sticker, repeated `columns` × `rows` times). Coordinates are measured from the TOP-LEFT corner
of the label (as the user measures on paper), x to the right, y downwards.

`fields` are filled from each order (a key may appear twice: the stub of a two-part label repeats
the receiver); `statics` are the rules, boxes and captions printed the same on every label (drawn
once per PDF). Templates are stored as JSON (`spec_to_json` / `spec_from_json`); `validate` lists
what is wrong with one in the user's words, naming the field.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields as dc_fields
from functools import cache

from desk import paths
from desk.core.errors import DomainError
from desk.i18n import N_, _

FIELD_KEYS: dict[str, str] = {
    "receiver_name": N_("Receiver name"),
    "receiver_phone": N_("Receiver phone"),
    "receiver_address": N_("Receiver address"),
    "sender_name": N_("Sender name"),
    "sender_phone": N_("Sender phone"),
    "sender_address": N_("Sender address"),
    "courier": N_("Courier"),
    "tracking_text": N_("Tracking number"),
    "tracking_barcode": N_("Tracking barcode"),
    "order_number": N_("Order number"),
    "items": N_("Items"),
    "memo": N_("Memo"),
    "print_date": N_("Print date"),
    "qr": N_("QR code of the order number"),
    "reprint_mark": N_("Reprint mark"),
}
ALIGNS = ("left", "center", "right")
EPS = 0.01  # mm: rounding slack when checking that a field stays on the label


class SpecError(DomainError):
    """A text that is not a label template (message is user-facing)."""


@dataclass(frozen=True)
class FieldSpec:
    key: str
    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float
    font_pt: float
    bold: bool = False
    align: str = "left"
    max_lines: int = 2


@dataclass(frozen=True)
class LineSpec:
    """A straight rule from (x1, y1) to (x2, y2); `dashed` for a tear line."""

    x1_mm: float
    y1_mm: float
    x2_mm: float
    y2_mm: float
    width_pt: float = 0.8
    dashed: bool = False


@dataclass(frozen=True)
class BoxSpec:
    """A rectangle: outlined (`width_pt` > 0) and/or filled black (`filled`)."""

    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float
    width_pt: float = 0.8
    filled: bool = False


@dataclass(frozen=True)
class CaptionSpec:
    """Fixed text (收, 寄, 签收栏 …); (x, y) is the top-left of its line; `white` on a black box."""

    text: str
    x_mm: float
    y_mm: float
    font_pt: float
    bold: bool = False
    white: bool = False


Static = LineSpec | BoxSpec | CaptionSpec
_STATIC_TYPES: dict[str, type] = {"line": LineSpec, "box": BoxSpec, "text": CaptionSpec}


@dataclass(frozen=True)
class SheetSpec:
    """An A4 (or other) page of `columns` × `rows` stickers, filled row by row."""

    columns: int
    rows: int
    label_w_mm: float
    label_h_mm: float
    left_mm: float
    top_mm: float
    gap_x_mm: float = 0.0
    gap_y_mm: float = 0.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of sticker `slot` (0-based)."""
        row, column = divmod(slot, self.columns)
        return (self.left_mm + column * (self.label_w_mm + self.gap_x_mm),
                self.top_mm + row * (self.label_h_mm + self.gap_y_mm))  # fmt: skip


@dataclass(frozen=True)
class LabelSpec:
    name: str
    title: str
    page_w_mm: float
    page_h_mm: float
    fields: tuple[FieldSpec, ...]
    statics: tuple[Static, ...] = ()
    mask_phone: bool = True
    barcode_required: bool = False
    sheet: SheetSpec | None = None
    #: fields switched off in the editor: kept with their place, never printed
    hidden: tuple[FieldSpec, ...] = ()

    @property
    def label_size(self) -> tuple[float, float]:
        """The size of one label: the page, or one sticker of a sheet."""
        if self.sheet is not None:
            return self.sheet.label_w_mm, self.sheet.label_h_mm
        return self.page_w_mm, self.page_h_mm


def field_caption(key: str) -> str:
    return _(FIELD_KEYS[key]) if key in FIELD_KEYS else key


# --- validation ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a template; `field` is the index in `spec.fields` it is about
    (None for the page, the sheet or a static item), so that an editor can point at it."""

    message: str
    field: int | None = None


def validate(spec: LabelSpec) -> list[str]:
    """What is wrong with the template, one sentence each (empty when it can be printed)."""
    return [problem.message for problem in check(spec)]


def check(spec: LabelSpec) -> list[Problem]:
    """What is wrong with the template, each with the field it is about."""
    problems: list[Problem] = []
    if not spec.name.strip():
        problems.append(Problem(_("The template has no name.")))
    if spec.page_w_mm <= 0 or spec.page_h_mm <= 0:
        problems.append(Problem(_("The page size must be larger than 0 mm.")))
        return problems
    if spec.sheet is not None:
        problems += [Problem(text) for text in _validate_sheet(spec, spec.sheet)]
    for index, field in enumerate(spec.fields):
        problems += [Problem(text, index) for text in _check_field(field, *spec.label_size)]
    for field in spec.hidden:
        if field.key not in FIELD_KEYS:
            problems.append(Problem(_("“{field}” is not a field a label can show.").format(
                field=field.key)))  # fmt: skip
    width, height = spec.label_size
    for static in spec.statics:
        if not _static_inside(static, width, height):
            problems.append(Problem(_("A line, box or caption falls off the label ({what}).")
                                    .format(what=_describe(static))))  # fmt: skip
    return problems


def _check_field(field: FieldSpec, width: float, height: float) -> list[str]:
    problems: list[str] = []
    name = field_caption(field.key)
    if field.key not in FIELD_KEYS:
        return [_("“{field}” is not a field a label can show.").format(field=name)]
    if field.w_mm <= 0 or field.h_mm <= 0:
        return [_("The field “{field}” must be wider and taller than 0 mm.").format(field=name)]
    if field.font_pt <= 0:
        problems.append(_("The font size of “{field}” must be larger than 0.").format(
            field=name))  # fmt: skip
    if field.align not in ALIGNS:
        problems.append(_("The field “{field}” has an unknown alignment.").format(field=name))
    if field.max_lines < 1:
        problems.append(_("The field “{field}” must allow at least one line.").format(
            field=name))  # fmt: skip
    if (field.x_mm < -EPS or field.y_mm < -EPS or field.x_mm + field.w_mm > width + EPS
            or field.y_mm + field.h_mm > height + EPS):  # fmt: skip
        problems.append(_(
            "The field “{field}” falls off the label: it spans {x1}–{x2} mm across and "
            "{y1}–{y2} mm down, the label is {width} × {height} mm."
        ).format(field=name, x1=_n(field.x_mm), x2=_n(field.x_mm + field.w_mm),
                 y1=_n(field.y_mm), y2=_n(field.y_mm + field.h_mm), width=_n(width),
                 height=_n(height)))  # fmt: skip
    if field.key == "tracking_barcode" and field.h_mm < 10 - EPS:
        problems.append(_("The barcode field must be at least 10 mm tall to scan."))
    return problems


def _validate_sheet(spec: LabelSpec, sheet: SheetSpec) -> list[str]:
    if sheet.columns < 1 or sheet.rows < 1:
        return [_("A sheet needs at least one column and one row of labels.")]
    if sheet.label_w_mm <= 0 or sheet.label_h_mm <= 0:
        return [_("The labels on the sheet must be larger than 0 mm.")]
    right = sheet.left_mm + sheet.columns * sheet.label_w_mm + (sheet.columns - 1) * sheet.gap_x_mm
    bottom = sheet.top_mm + sheet.rows * sheet.label_h_mm + (sheet.rows - 1) * sheet.gap_y_mm
    if sheet.left_mm < -EPS or sheet.top_mm < -EPS or right > spec.page_w_mm + EPS \
            or bottom > spec.page_h_mm + EPS:  # fmt: skip
        return [_("The labels do not fit on the sheet: they need {width} × {height} mm, the page "
                  "is {page_w} × {page_h} mm.").format(
            width=_n(right), height=_n(bottom), page_w=_n(spec.page_w_mm),
            page_h=_n(spec.page_h_mm))]  # fmt: skip
    return []


def _static_inside(static: Static, width: float, height: float) -> bool:
    if isinstance(static, LineSpec):
        xs, ys = (static.x1_mm, static.x2_mm), (static.y1_mm, static.y2_mm)
    elif isinstance(static, BoxSpec):
        xs, ys = (static.x_mm, static.x_mm + static.w_mm), (static.y_mm, static.y_mm + static.h_mm)
    else:
        xs = (static.x_mm, static.x_mm)
        ys = (static.y_mm, static.y_mm + static.font_pt / 72 * 25.4)
    return (
        min(xs) >= -EPS and min(ys) >= -EPS and max(xs) <= width + EPS and max(ys) <= height + EPS
    )


def _describe(static: Static) -> str:
    if isinstance(static, CaptionSpec):
        return static.text
    if isinstance(static, LineSpec):
        return _("line at {x} mm, {y} mm").format(x=_n(static.x1_mm), y=_n(static.y1_mm))
    return _("box at {x} mm, {y} mm").format(x=_n(static.x_mm), y=_n(static.y_mm))


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# --- JSON ------------------------------------------------------------------------------------------


def spec_to_json(spec: LabelSpec) -> str:
    data = {
        "name": spec.name, "title": spec.title, "page_w_mm": spec.page_w_mm,
        "page_h_mm": spec.page_h_mm, "mask_phone": spec.mask_phone,
        "barcode_required": spec.barcode_required,
        "sheet": asdict(spec.sheet) if spec.sheet is not None else None,
        "fields": [asdict(field) for field in spec.fields],
        "hidden_fields": [asdict(field) for field in spec.hidden],
        "statics": [{"type": _type_of(static), **asdict(static)} for static in spec.statics],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=1)


def _type_of(static: Static) -> str:
    return next(name for name, cls in _STATIC_TYPES.items() if isinstance(static, cls))


def spec_from_json(text: str | bytes) -> LabelSpec:
    """The template in `text`; SpecError (user-facing) when it is not one."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SpecError(_("This is not a label template (not valid JSON: {reason}).").format(
            reason=exc)) from None  # fmt: skip
    if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
        raise SpecError(_("This is not a label template: it has no list of fields."))
    try:
        sheet = data.get("sheet")
        return LabelSpec(
            name=_text(data, "name"),
            title=_text(data, "title") if "title" in data else "",
            page_w_mm=_number(data, "page_w_mm"),
            page_h_mm=_number(data, "page_h_mm"),
            fields=tuple(_build(FieldSpec, item) for item in data["fields"]),
            statics=tuple(_static(item) for item in data.get("statics") or []),
            mask_phone=bool(data.get("mask_phone", True)),
            barcode_required=bool(data.get("barcode_required", False)),
            sheet=_build(SheetSpec, sheet) if sheet is not None else None,
            hidden=tuple(_build(FieldSpec, item) for item in data.get("hidden_fields") or []),
        )
    except SpecError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise SpecError(_("This is not a label template: {reason}").format(reason=exc)) from None


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise SpecError(_("This is not a label template: “{key}” must be a text.").format(key=key))
    return value


def _number(data: dict, key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SpecError(
            _("This is not a label template: “{key}” must be a number.").format(key=key)
        )
    return float(value)


def _build(cls: type, item: object):
    if not isinstance(item, dict):
        raise SpecError(_("This is not a label template: an entry is not an object."))
    known = {f.name: f for f in dc_fields(cls)}
    unknown = set(item) - set(known) - {"type"}
    if unknown:
        raise SpecError(_("This is not a label template: unknown setting “{key}”.").format(
            key=sorted(unknown)[0]))  # fmt: skip
    values = {}
    for key, value in item.items():
        if key == "type":
            continue
        kind = known[key].type
        if kind in ("float",):
            values[key] = _number(item, key)
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise SpecError(_("This is not a label template: “{key}” must be a whole "
                                  "number.").format(key=key))  # fmt: skip
            values[key] = value
        elif kind == "bool":
            values[key] = bool(value)
        else:
            values[key] = _text(item, key)
    return cls(**values)


def _static(item: object) -> Static:
    kind = item.get("type") if isinstance(item, dict) else None
    if kind not in _STATIC_TYPES:
        raise SpecError(_("This is not a label template: a static item has an unknown type."))
    return _build(_STATIC_TYPES[kind], item)


# --- built-ins -------------------------------------------------------------------------------------

BUILTIN_NAMES = (
    "thermal-100x180",
    "thermal-100x150",
    "thermal-76x130",
    "a4-3x7",
    "preprinted-form",
)
#: the titles in resources/labels/*.json, marked for translation
BUILTIN_TITLES = (
    N_("Thermal 100 × 180 mm, two parts"),
    N_("Thermal 100 × 150 mm"),
    N_("Thermal 76 × 130 mm"),
    N_("A4 sheet, 3 × 7 address stickers"),
    N_("Pre-printed carrier form (套打)"),
)


@cache
def _builtin_texts() -> tuple[tuple[str, str], ...]:
    folder = paths.resource_dir() / "labels"
    return tuple((name, (folder / f"{name}.json").read_text(encoding="utf-8"))
                 for name in BUILTIN_NAMES)  # fmt: skip


def builtin_specs() -> dict[str, LabelSpec]:
    """The templates shipped with the app, by name (titles translated)."""
    specs = {}
    for name, text in _builtin_texts():
        spec = spec_from_json(text)
        specs[name] = LabelSpec(**{**{f.name: getattr(spec, f.name) for f in dc_fields(spec)},
                                   "title": _(spec.title)})  # fmt: skip
    return specs
