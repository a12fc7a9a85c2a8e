"""The size chart (尺码表) of a product, and the shop's fitting rule ("实测腰围 + 5 cm").

Rows are sizes from small to large; each has measurements by column (胸围, 腰围, 臀围, 衣长, …) as
text — a number ("96") or an inclusive range ("84-88") — and an optional height range (cm) and
weight range (kg) for the size advisor (`desk.core.size_advice`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import ValidationError
from desk.core.products import require_product
from desk.db.connection import db
from desk.i18n import _
from desk.models import Product, SizeChart, SizeChartRow
from desk.models.base import now

MAX_COLUMNS = 12
MAX_ROWS = 30
MAX_LABEL = 12
MAX_FIT_RULE = 500
HEIGHT_LIMITS = (Decimal(30), Decimal(250))  # cm; a chart may start at children's sizes
WEIGHT_LIMITS = (Decimal(1), Decimal(300))  # kg
MEASURE_LIMITS = (Decimal(0), Decimal(500))  # cm

_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:[-~～—–至到]\s*(\d+(?:\.\d+)?))?$")

Number = Decimal | int | float | str | None


@dataclass(frozen=True)
class SizeRow:
    """One size of the chart. Numbers may be given as text (from a table cell) or numbers."""

    size: str
    measurements: Mapping[str, str] = field(default_factory=dict)
    height_min: Number = None
    height_max: Number = None
    weight_min: Number = None  # kg
    weight_max: Number = None


@dataclass(frozen=True)
class SizeChartData:
    product_id: int | None
    columns: tuple[str, ...]
    rows: tuple[SizeRow, ...]  # numbers as Decimal (or None)
    fit_rule: str = ""
    unit: str = "cm"

    @property
    def sizes(self) -> tuple[str, ...]:
        return tuple(r.size for r in self.rows)

    def as_text(self) -> str:
        """The chart as a few lines to paste into the chat (the {尺码表} placeholder)."""
        lines = []
        for row in self.rows:
            parts = [f"{c}{row.measurements[c]}" for c in self.columns if row.measurements.get(c)]
            if row.height_min is not None:
                parts.append(f"身高{_num(row.height_min)}-{_num(row.height_max)}cm")
            if row.weight_min is not None:
                parts.append(f"体重{_num(row.weight_min)}-{_num(row.weight_max)}kg")
            lines.append(f"{row.size}：" + "，".join(parts))
        if self.fit_rule:
            lines.append(self.fit_rule)
        return "\n".join(lines)


def _num(value: Decimal | None) -> str:
    """Decimal("165.0") → "165", Decimal("55.5") → "55.5"."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def parse_number(value: Number, field_name: str, label: str, limits: tuple[Decimal, Decimal]
                 ) -> Decimal | None:
    """A measurement as Decimal (None when empty); ValidationError naming `field_name`."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(_("{label} must be a number.").format(label=label), field_name)
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().lower()
        text = text.removesuffix("cm").removesuffix("kg").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(_("{label} must be a number.").format(label=label), field_name)
    low, high = limits
    if number < low or number > high:
        raise ValidationError(
            _("{label} must be between {low} and {high}.").format(
                label=label, low=_num(low), high=_num(high)
            ),
            field_name,
        )
    return number.quantize(Decimal("0.1"))


def parse_range(text: str | None) -> tuple[Decimal, Decimal] | None:
    """"84-88" → (84, 88); "96" → (96, 96); "" → None; raises ValueError when unreadable."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip().lower().removesuffix("cm").strip()
    if not cleaned:
        return None
    match = _RANGE.match(cleaned)
    if not match:
        raise ValueError(cleaned)
    low = Decimal(match.group(1))
    high = Decimal(match.group(2)) if match.group(2) else low
    return low, high


def _clean_label(value: str, field_name: str, label: str, empty_message: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise ValidationError(empty_message, field_name)
    if len(cleaned) > MAX_LABEL:
        raise ValidationError(
            _("{label} {value} is too long (at most {count} characters).").format(
                label=label, value=cleaned, count=MAX_LABEL
            ),
            field_name,
        )
    return cleaned


def _pair(row: SizeRow, index: int, kind: str, limits) -> tuple[Decimal | None, Decimal | None]:
    label = _("Height") if kind == "height" else _("Weight")
    low = parse_number(getattr(row, kind + "_min"), f"rows.{index}.{kind}_min", label, limits)
    high = parse_number(getattr(row, kind + "_max"), f"rows.{index}.{kind}_max", label, limits)
    if (low is None) != (high is None):
        raise ValidationError(
            _("Size {size}: give both ends of the {label} range, or neither.").format(
                size=row.size, label=label
            ),
            f"rows.{index}.{kind}_{'max' if high is None else 'min'}",
        )
    if low is not None and low > high:
        raise ValidationError(
            _("Size {size}: the {label} range starts above where it ends ({low} > {high}).").format(
                size=row.size, label=label, low=_num(low), high=_num(high)
            ),
            f"rows.{index}.{kind}_min",
        )
    return low, high


def clean_chart(columns: list[str], rows: list[SizeRow], fit_rule: str = "") -> SizeChartData:
    """Validate a chart as the editor gives it; ValidationError names the column or cell."""
    cleaned_columns: list[str] = []
    for column in columns:
        name = _clean_label(column, "columns", _("Column"), _("A column has no name."))
        if name in cleaned_columns:
            raise ValidationError(_("Column {name} is listed twice.").format(name=name), "columns")
        cleaned_columns.append(name)
    if len(cleaned_columns) > MAX_COLUMNS:
        raise ValidationError(
            _("At most {count} measurement columns.").format(count=MAX_COLUMNS), "columns"
        )
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("At most {count} sizes.").format(count=MAX_ROWS), "rows")
    seen: set[str] = set()
    result: list[SizeRow] = []
    for index, row in enumerate(rows):
        size = _clean_label(row.size, f"rows.{index}.size", _("Size"),
                            _("Row {row}: the size is empty.").format(row=index + 1))
        if size.casefold() in seen:
            raise ValidationError(_("Size {size} is listed twice.").format(size=size),
                                  f"rows.{index}.size")
        seen.add(size.casefold())
        unknown = [k for k, v in (row.measurements or {}).items()
                   if k not in cleaned_columns and str(v or "").strip()]
        if unknown:
            raise ValidationError(
                _("Size {size}: {column} is not a column of the chart.").format(
                    size=size, column=unknown[0]
                ),
                f"rows.{index}.{unknown[0]}",
            )
        measurements: dict[str, str] = {}
        for column in cleaned_columns:
            raw = str((row.measurements or {}).get(column) or "").strip()
            cell = f"rows.{index}.{column}"
            try:
                span = parse_range(raw)
            except ValueError:
                raise ValidationError(
                    _("Size {size}, {column}: {value} is not a number or a range such as 84-88.")
                    .format(size=size, column=column, value=raw),
                    cell,
                ) from None
            if span is not None:
                low, high = span
                if low > high:
                    raise ValidationError(
                        _("Size {size}, {column}: the range starts above where it ends.").format(
                            size=size, column=column
                        ),
                        cell,
                    )
                if high > MEASURE_LIMITS[1]:
                    raise ValidationError(
                        _("Size {size}, {column}: {value} is too large.").format(
                            size=size, column=column, value=raw
                        ),
                        cell,
                    )
                measurements[column] = (
                    _num(low) if low == high else f"{_num(low)}-{_num(high)}"
                )
        height = _pair(row, index, "height", HEIGHT_LIMITS)
        weight = _pair(row, index, "weight", WEIGHT_LIMITS)
        result.append(SizeRow(size, measurements, *height, *weight))
    rule = (fit_rule or "").strip()
    if len(rule) > MAX_FIT_RULE:
        raise ValidationError(
            _("The fitting rule is too long (at most {count} characters).").format(
                count=MAX_FIT_RULE
            ),
            "fit_rule",
        )
    return SizeChartData(None, tuple(cleaned_columns), tuple(result), rule)


def save_size_chart(
    product_id: int, columns: list[str], rows: list[SizeRow], fit_rule: str = ""
) -> tuple[SizeChartData | None, Changes]:
    """Replace the product's chart (no rows = no chart) and its fitting rule, in one go."""
    chart = clean_chart(columns, rows, fit_rule)
    with db.atomic():
        require_product(product_id)
        SizeChart.delete().where(SizeChart.product == product_id).execute()
        if chart.rows:
            stored = SizeChart.create(product=product_id, columns=json.dumps(
                list(chart.columns), ensure_ascii=False))
            SizeChartRow.insert_many([
                {
                    "chart": stored.id,
                    "position": position,
                    "size": row.size,
                    "measurements": json.dumps(dict(row.measurements), ensure_ascii=False),
                    "height_min": row.height_min,
                    "height_max": row.height_max,
                    "weight_min": row.weight_min,
                    "weight_max": row.weight_max,
                }
                for position, row in enumerate(chart.rows)
            ]).execute()
        Product.update(fit_rule=chart.fit_rule, updated_at=now()).where(
            Product.id == product_id
        ).execute()
    return get_size_chart(product_id), Changes.of(changes.PRODUCTS)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def get_size_chart(product_id: int) -> SizeChartData | None:
    """The product's chart, or None when it has none."""
    row = (
        SizeChart.select(SizeChart, Product.fit_rule)
        .join(Product)
        .where(SizeChart.product == product_id)
        .objects()
        .first()
    )
    if row is None:
        return None
    try:
        columns = tuple(json.loads(row.columns))
    except ValueError:
        columns = ()
    rows = []
    for r in SizeChartRow.select().where(SizeChartRow.chart == row.id).order_by(
        SizeChartRow.position, SizeChartRow.id
    ):
        try:
            measurements = json.loads(r.measurements)
        except ValueError:
            measurements = {}
        rows.append(SizeRow(r.size, measurements, _decimal(r.height_min), _decimal(r.height_max),
                            _decimal(r.weight_min), _decimal(r.weight_max)))
    return SizeChartData(product_id, columns, tuple(rows), row.fit_rule, row.unit)
