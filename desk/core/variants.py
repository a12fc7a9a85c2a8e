"""The colour × size grid of a product (颜色/尺码), each cell a Variant with its own stock and SKU.

`set_grid` takes the whole wanted grid: new cells are created, kept cells keep their stock and
SKU, removed cells are deleted — unless they have history (order lines, stock movements, an
exchange), in which case they are hidden and reported. Stock counts change only through
`desk.core.stock`.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import IntegrityError

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.products import require_product
from desk.db.connection import db
from desk.i18n import _
from desk.models import Product, Variant
from desk.models.base import now

MAX_LABEL = 20
MAX_AXIS = 40
MAX_SKU = 64


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


@dataclass(frozen=True)
class VariantRow:
    id: int
    product_id: int
    product_code: str
    product_name: str
    color: str
    size: str
    color_position: int
    size_position: int
    sku: str | None
    stock: int
    reserved: int
    hidden: bool
    low_stock_threshold: int
    has_history: bool  # ordered, moved or exchanged: can be hidden, never deleted

    @property
    def available(self) -> int:
        return self.stock - self.reserved

    @property
    def low_stock(self) -> bool:
        return not self.hidden and self.available <= self.low_stock_threshold


@dataclass(frozen=True)
class GridResult:
    created: tuple[tuple[str, str], ...]
    deleted: tuple[tuple[str, str], ...]
    hidden: tuple[tuple[str, str], ...]  # removed from the grid but kept: they have history
    restored: tuple[tuple[str, str], ...]  # hidden cells brought back by re-adding their colour/size


def _with_history(variant_ids: list[int]) -> set[int]:
    if not variant_ids:
        return set()
    found: set[int] = set()
    for start in range(0, len(variant_ids), 500):
        chunk = variant_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT variant_id FROM order_line WHERE variant_id IN ({marks})"
            f" UNION SELECT variant_id FROM stock_movement WHERE variant_id IN ({marks})"
            f" UNION SELECT exchange_variant_id FROM return_line WHERE exchange_variant_id IN ({marks})"
        )
        found |= {r[0] for r in db.execute_sql(sql, chunk * 3)}
    return found


def _rows(query) -> list[VariantRow]:
    variants = list(query.select(Variant, Product.code, Product.name, Product.low_stock_threshold)
                    .join(Product).objects())
    history = _with_history([v.id for v in variants])
    return [
        VariantRow(
            v.id, v.product_id, v.code, v.name, v.color, v.size, v.color_position,
            v.size_position, v.sku, v.stock, v.reserved, bool(v.hidden), v.low_stock_threshold,
            v.id in history,
        )
        for v in variants
    ]


def list_variants(product_id: int) -> list[VariantRow]:
    """The product's variants in grid order (colour, then size), hidden ones included."""
    return _rows(
        Variant.select()
        .where(Variant.product == product_id)
        .order_by(Variant.color_position, Variant.size_position, Variant.id)
    )


def get_variant(variant_id: int) -> VariantRow:
    rows = _rows(Variant.select().where(Variant.id == variant_id))
    if not rows:
        raise DomainError(_("This variant no longer exists."))
    return rows[0]


def find_variant(product_id: int, color: str, size: str) -> VariantRow | None:
    rows = _rows(
        Variant.select().where(
            (Variant.product == product_id) & (Variant.color == color) & (Variant.size == size)
        )
    )
    return rows[0] if rows else None


def find_by_sku(sku: str) -> VariantRow | None:
    rows = _rows(Variant.select().where(Variant.sku == (sku or "").strip()))
    return rows[0] if rows else None


def _axis(values: list[str], field: str, label: str) -> list[str]:
    cleaned: list[str] = []
    seen: dict[str, str] = {}
    for raw in values:
        value = " ".join((raw or "").split())
        if not value:
            raise ValidationError(_("{label}: an entry is empty.").format(label=label), field)
        if len(value) > MAX_LABEL:
            raise ValidationError(
                _("{label}: {value} is too long (at most {count} characters).").format(
                    label=label, value=value, count=MAX_LABEL
                ),
                field,
            )
        if value.casefold() in seen:
            raise ValidationError(
                _("{label}: {value} is listed twice.").format(label=label, value=value), field
            )
        seen[value.casefold()] = value
        cleaned.append(value)
    if len(cleaned) > MAX_AXIS:
        raise ValidationError(
            _("{label}: at most {count} entries.").format(label=label, count=MAX_AXIS), field
        )
    return cleaned


def set_grid(product_id: int, colors: list[str], sizes: list[str]) -> tuple[GridResult, Changes]:
    """Make the product's grid exactly `colors` × `sizes`, in that order (see module doc)."""
    colors = _axis(colors, "colors", _("Colours"))
    sizes = _axis(sizes, "sizes", _("Sizes"))
    if colors and not sizes:
        raise ValidationError(_("Add at least one size (for one-size goods: 均码)."), "sizes")
    if sizes and not colors:
        raise ValidationError(_("Add at least one colour."), "colors")
    created, deleted, hidden, restored = [], [], [], []
    with db.atomic():
        require_product(product_id)
        existing = {(v.color, v.size): v for v in Variant.select().where(Variant.product == product_id)}
        shown_colors = {v.color for v in existing.values() if not v.hidden}
        shown_sizes = {v.size for v in existing.values() if not v.hidden}
        wanted = set()
        for ci, color in enumerate(colors):
            for si, size in enumerate(sizes):
                wanted.add((color, size))
                variant = existing.get((color, size))
                if variant is None:
                    Variant.create(product=product_id, color=color, size=size,
                                   color_position=ci, size_position=si)
                    created.append((color, size))
                    continue
                update = {Variant.color_position: ci, Variant.size_position: si}
                if variant.hidden and (color not in shown_colors or size not in shown_sizes):
                    update[Variant.hidden] = False
                    restored.append((color, size))
                Variant.update(update).where(Variant.id == variant.id).execute()
        gone = [v for key, v in existing.items() if key not in wanted]
        history = _with_history([v.id for v in gone])
        for variant in gone:
            if variant.id in history:
                if not variant.hidden:
                    Variant.update(hidden=True).where(Variant.id == variant.id).execute()
                    hidden.append((variant.color, variant.size))
            else:
                variant.delete_instance()
                deleted.append((variant.color, variant.size))
        Product.update(updated_at=now()).where(Product.id == product_id).execute()
    result = GridResult(tuple(created), tuple(deleted), tuple(hidden), tuple(restored))
    return result, Changes.of(changes.PRODUCTS, changes.STOCK)


def _rename(product_id: int, column, field: str, label: str, old: str, new: str) -> Changes:
    new = _axis([new], field, label)[0]
    with db.atomic():
        require_product(product_id)
        others = (
            Variant.select(column)
            .where((Variant.product == product_id) & (column != old))
            .distinct()
            .tuples()
        )
        if any(r[0].casefold() == new.casefold() for r in others):
            raise ValidationError(
                _("{label}: {value} is listed twice.").format(label=label, value=new), field
            )
        count = (
            Variant.update({column: new})
            .where((Variant.product == product_id) & (column == old))
            .execute()
        )
        if not count:
            raise DomainError(_("{value} is not in this product's grid.").format(value=old))
    return Changes.of(changes.PRODUCTS)


def rename_color(product_id: int, old: str, new: str) -> Changes:
    """Rename a colour everywhere in the grid (stock and SKUs stay; orders keep their text)."""
    return _rename(product_id, Variant.color, "colors", _("Colours"), old, new)


def rename_size(product_id: int, old: str, new: str) -> Changes:
    return _rename(product_id, Variant.size, "sizes", _("Sizes"), old, new)


def clean_sku(sku: str | None) -> str | None:
    value = (sku or "").strip()
    if not value:
        return None
    if len(value) > MAX_SKU or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValidationError(
            _("A SKU code has no spaces and at most {count} characters.").format(count=MAX_SKU), "sku"
        )
    return value


def sku_owner(sku: str, except_variant: int | None = None) -> VariantRow | None:
    query = Variant.select().where(Variant.sku == sku)
    if except_variant is not None:
        query = query.where(Variant.id != except_variant)
    rows = _rows(query)
    return rows[0] if rows else None


def _sku_taken(sku: str, owner: VariantRow) -> ValidationError:
    return ValidationError(
        _("SKU {sku} is already used by {code} {color}/{size}.").format(
            sku=sku, code=owner.product_code, color=owner.color, size=owner.size
        ),
        "sku",
    )


def update_variant(variant_id: int, *, sku=UNSET, hidden=UNSET) -> tuple[VariantRow, Changes]:
    """Set a variant's SKU (None or "" clears it; unique when set) and/or hide or show it."""
    values: dict = {}
    if sku is not UNSET:
        values[Variant.sku] = clean_sku(sku)
    if hidden is not UNSET:
        values[Variant.hidden] = bool(hidden)
    try:
        with db.atomic():
            get_variant(variant_id)
            new_sku = values.get(Variant.sku)
            if new_sku is not None:
                owner = sku_owner(new_sku, variant_id)
                if owner is not None:
                    raise _sku_taken(new_sku, owner)
            if values:
                Variant.update(values).where(Variant.id == variant_id).execute()
    except IntegrityError:
        raise ValidationError(_("This SKU is already used."), "sku") from None
    return get_variant(variant_id), Changes.of(changes.PRODUCTS)
