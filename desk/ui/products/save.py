"""Saving the product editor in one go: the product, its grid, stock, SKUs, size chart, photos.

The editor collects what the user typed into a `ProductPlan` (plain data, no Qt) and
`save_product` hands it to the core services inside one transaction, so a refusal anywhere
(a taken 货号, a bad cell of the size chart, a file that is not a picture) writes nothing and the
editor keeps everything as typed. Refusals about one cell of the grid are re-raised with the
cell's field name (`cell_field`) so the editor can show them there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desk.core import photos, products, sizes, stock, variants
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.products import ProductDetail, ProductDraft
from desk.core.sizes import SizeRow
from desk.core.variants import GridResult
from desk.db.connection import db

Key = tuple[str, str]  # (colour, size)


def cell_field(kind: str, key: Key) -> str:
    """The field name of one grid cell's SKU or stock ("sku" / "stock"), for show_field_error."""
    return f"{kind}\x1f{key[0]}\x1f{key[1]}"


def parse_cell_field(name: str) -> tuple[str, Key] | None:
    parts = name.split("\x1f")
    return (parts[0], (parts[1], parts[2])) if len(parts) == 3 else None


@dataclass(frozen=True)
class GridPlan:
    colors: tuple[str, ...]
    sizes: tuple[str, ...]
    changed: bool  # the axes differ from what the file has
    stock: dict[Key, int] = field(default_factory=dict)  # new counts (changed cells only)
    skus: dict[Key, str | None] = field(default_factory=dict)  # changed SKUs only
    note: str = ""


@dataclass(frozen=True)
class ChartPlan:
    columns: tuple[str, ...]
    rows: tuple[SizeRow, ...]
    fit_rule: str
    changed: bool


@dataclass(frozen=True)
class PhotoSlot:
    """A photo in the editor's order: one already stored (`photo_id`) or a file to add."""

    photo_id: int | None = None
    path: Path | None = None
    thumbnail: bytes | None = None  # made by the UI; stored when the photo has none yet


@dataclass(frozen=True)
class ProductPlan:
    draft: ProductDraft
    grid: GridPlan
    chart: ChartPlan
    photos: tuple[PhotoSlot, ...]
    photos_changed: bool


@dataclass(frozen=True)
class SaveResult:
    detail: ProductDetail
    grid: GridResult | None


class StockBelowHeld(ValidationError):
    """A new stock count is below what paid orders hold: the editor asks before saving anyway."""


def save_product(
    product_id: int | None, plan: ProductPlan, staff_id: int | None = None,
    *, allow_negative: bool = False,
) -> tuple[SaveResult, Changes]:
    """Create or update the product and everything of it in the plan: all or nothing.

    A stock count below what orders hold raises StockBelowHeld unless `allow_negative` (the user
    was asked and agreed); nothing is written then.
    """
    with db.atomic():
        if product_id is None:
            detail, done = products.create_product(plan.draft)
        else:
            detail, done = products.update_product(product_id, plan.draft)
        pid = detail.id
        grid_result = None
        if plan.grid.changed:
            grid_result, changed = variants.set_grid(
                pid, list(plan.grid.colors), list(plan.grid.sizes)
            )
            done |= changed
        done |= _save_cells(pid, plan.grid, staff_id, allow_negative)
        if plan.chart.changed:
            _, changed = sizes.save_size_chart(
                pid, list(plan.chart.columns), list(plan.chart.rows), plan.chart.fit_rule
            )
            done |= changed
        if plan.photos_changed or product_id is None:
            done |= _save_photos(pid, plan.photos)
    return SaveResult(products.get_product(pid), grid_result), done


def stock_below_held(
    product_id: int | None, plan: ProductPlan, staff_id: int | None = None
) -> str | None:
    """A dry run of `save_product`: the message when a stock count would go below what orders
    hold, else None (other refusals are left to the real save, which shows them at their field).
    Nothing is written."""
    try:
        with db.atomic() as txn:
            save_product(product_id, plan, staff_id)
            txn.rollback()
    except StockBelowHeld as exc:
        return exc.message
    except DomainError:
        return None
    return None


def _save_cells(
    product_id: int, grid: GridPlan, staff_id: int | None, allow_negative: bool = False
) -> Changes:
    done = Changes()
    cells = {(v.color, v.size): v for v in variants.list_variants(product_id)}
    skus = {key: sku for key, sku in grid.skus.items() if key in cells}
    # two passes, so that two cells can swap their codes
    for key in skus:
        _, changed = variants.update_variant(cells[key].id, sku=None)
        done |= changed
    for key, sku in skus.items():
        try:
            _, changed = variants.update_variant(cells[key].id, sku=sku)
        except ValidationError as exc:
            raise ValidationError(exc.message, cell_field("sku", key)) from None
        done |= changed
    counts = {cells[key].id: count for key, count in grid.stock.items() if key in cells}
    by_id = {cells[key].id: key for key in grid.stock if key in cells}
    if counts:
        try:
            done |= stock.adjust_many(counts, grid.note, staff_id, allow_negative=allow_negative)
        except stock.InsufficientStock as exc:
            raise StockBelowHeld(exc.message, cell_field("stock", by_id[exc.variant_id])) from None
        except ValidationError as exc:
            raise ValidationError(exc.message, "stock") from None
    return done


def _save_photos(product_id: int, slots: tuple[PhotoSlot, ...]) -> Changes:
    done = Changes()
    kept = {slot.photo_id for slot in slots if slot.photo_id is not None}
    for info in photos.list_photos(product_id):
        if info.id not in kept:
            done |= photos.delete_photo(info.id)
    order: list[int] = []
    for slot in slots:
        photo_id = slot.photo_id
        if photo_id is None:
            if slot.path is None:
                raise ValueError("a photo slot has neither an id nor a file")
            info, changed = photos.add_photo_file(product_id, slot.path)
            done |= changed
            photo_id = info.id
        if slot.thumbnail is not None:
            done |= photos.set_thumbnail(photo_id, slot.thumbnail)
        order.append(photo_id)
    if order and order != [p.id for p in photos.list_photos(product_id)]:
        done |= photos.reorder_photos(product_id, order)
    return done
