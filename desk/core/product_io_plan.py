"""The checking half of the product import: from parsed rows to a plan against the shop file.

Used twice: by `product_io.preview_import` (nothing written) and again inside
`product_io.apply_import`'s transaction, so the plan that is written is the one the file allows
at that moment.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from desk.core import products, variants
from desk.core.errors import ValidationError
from desk.db.connection import db
from desk.i18n import _

#: (header as the users write it, field). The order is the export's.
COLUMNS = (
    ("货号", "code"), ("名称", "name"), ("分类", "category"), ("价格", "price_fen"),
    ("成本", "cost_fen"), ("状态", "status"), ("颜色", "color"), ("尺码", "size"), ("SKU", "sku"),
    ("库存", "stock"), ("材质", "material"), ("洗涤说明", "care"), ("卖点", "selling_points"),
    ("缺点", "weaknesses"), ("色差说明", "color_note"), ("尺码建议", "fit_rule"), ("备注", "notes"),
    ("低库存提醒", "low_stock_threshold"),
)  # fmt: skip
HEADER = {f: h for h, f in COLUMNS}
ALIASES = {"品名": "name", "商品名称": "name", "类目": "category", "售价": "price_fen",
           "成本价": "cost_fen", "数量": "stock", "规格编码": "sku", "sku编码": "sku"}
REQUIRED = ("code",)  # 名称 is needed only for new products
STATUS_WORDS = {"在售": "on_sale", "售罄": "sold_out", "下架": "off_shelf",
                "on_sale": "on_sale", "sold_out": "sold_out", "off_shelf": "off_shelf"}
VARIANT_FIELDS = ("color", "size", "sku", "stock")


@dataclass(frozen=True)
class RowError:
    row: int | None  # as Excel shows it (the header is row 1); None for the whole file
    column: str | None  # the header
    message: str  # the whole sentence for the user, row included


@dataclass(frozen=True)
class VariantPlan:
    row: int
    color: str
    size: str
    sku: str | None
    stock: int | None
    action: str  # "create", "update", "keep"
    variant_id: int | None = None


@dataclass(frozen=True)
class ProductPlan:
    code: str
    name: str
    action: str  # "create" or "update"
    rows: tuple[int, ...]
    draft: products.ProductDraft
    product_id: int | None
    changed: tuple[str, ...]  # headers of the product columns that change
    variants: tuple[VariantPlan, ...]




def row_error(row: int | None, column: str | None, problem: str) -> RowError:
    if row is None:
        return RowError(None, column, problem)
    return RowError(row, column, _("Row {row}: {problem}").format(row=row, problem=problem))



@dataclass
class ParsedVariant:
    row: int
    color: str
    size: str
    sku: str | None
    stock: int | None


@dataclass
class Parsed:
    """The rows of one 货号 as read from the file (only the cells that were filled)."""

    code: str
    first_row: int
    rows: list[int] = field(default_factory=list)
    fields: dict[str, object] = field(default_factory=dict)
    field_rows: dict[str, int] = field(default_factory=dict)
    variants: list[ParsedVariant] = field(default_factory=list)
    product_row: int | None = None  # the row without 颜色/尺码, when there is one


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing(codes: list[str]):
    found = {}
    for chunk in _chunks(codes):
        marks = ",".join("?" * len(chunk))
        cursor = db.execute_sql(f"SELECT * FROM product WHERE code IN ({marks})", chunk)
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=False))
            found[row["code"]] = row
    lowered = {code.lower(): code for (code,) in db.execute_sql("SELECT code FROM product")}
    return found, lowered


def _existing_variants(product_ids: list[int]) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = {}
    for chunk in _chunks(product_ids):
        marks = ",".join("?" * len(chunk))
        for vid, pid, color, size, sku, count, reserved, hidden in db.execute_sql(
            "SELECT id, product_id, color, size, sku, stock, reserved, hidden FROM variant"
            f" WHERE product_id IN ({marks})", chunk,
        ):
            result.setdefault(pid, []).append({
                "id": vid, "color": color, "size": size, "sku": sku, "stock": count,
                "reserved": reserved, "hidden": hidden,
            })
    return result


def _draft(row: dict | None, code: str) -> products.ProductDraft:
    if row is None:
        return products.ProductDraft(code=code, name="")
    names = {f.name for f in dataclasses.fields(products.ProductDraft)}
    return products.ProductDraft(**{k: v for k, v in row.items() if k in names})


def plan_import(parsed: list[Parsed]) -> tuple[list[ProductPlan], list[RowError], int]:
    """Plans for the products that change, row-level errors, and how many are unchanged."""
    existing, lowered = _existing([p.code for p in parsed])
    grids = _existing_variants([r["id"] for r in existing.values()])
    owners = {
        sku: (code, color, size)
        for sku, code, color, size in db.execute_sql(
            "SELECT v.sku, p.code, v.color, v.size FROM variant v"
            " JOIN product p ON p.id = v.product_id WHERE v.sku IS NOT NULL"
        )
    }
    in_file = {(p.code, v.color.casefold(), v.size.casefold()): v.sku
               for p in parsed for v in p.variants}
    plans: list[ProductPlan] = []
    errors: list[RowError] = []
    unchanged = 0
    for item in parsed:
        row = existing.get(item.code)
        if row is None and item.code.lower() in lowered:
            errors.append(row_error(item.first_row, HEADER["code"], _(
                "货号 {code} differs only in upper/lower case from the existing {other}.").format(
                code=item.code, other=lowered[item.code.lower()])))
            continue
        base = _draft(row, item.code)
        try:
            draft = products.clean_draft(dataclasses.replace(base, **item.fields))
        except ValidationError as exc:
            column = HEADER.get(exc.field or "", HEADER["name"])
            at = item.field_rows.get(exc.field or "", item.first_row)
            errors.append(row_error(at, column, exc.message))
            continue
        changed = tuple(HEADER[f] for f in item.fields
                        if row is None or getattr(draft, f) != getattr(base, f))
        cells = {(v["color"].casefold(), v["size"].casefold()): v
                 for v in grids.get(row["id"], [])} if row else {}
        plan_variants: list[VariantPlan] = []
        failed = False
        for v in item.variants:
            try:
                plan_variants.append(_variant_plan(item.code, v, cells, owners, in_file))
            except ValidationError as exc:
                errors.append(row_error(v.row, HEADER.get(exc.field or "", exc.field), exc.message))
                failed = True
        colors = {c for c, _s in cells} | {v.color.casefold() for v in item.variants}
        sizes = {s for _c, s in cells} | {v.size.casefold() for v in item.variants}
        if max(len(colors), len(sizes)) > variants.MAX_AXIS:
            errors.append(row_error(item.first_row, HEADER["color"], _(
                "{code} would have more than {count} colours or sizes.").format(
                code=item.code, count=variants.MAX_AXIS)))
            failed = True
        if failed:
            continue
        if row is not None and not changed and all(v.action == "keep" for v in plan_variants):
            unchanged += 1
            continue
        plans.append(ProductPlan(
            item.code, draft.name, "update" if row else "create", tuple(item.rows), draft,
            row["id"] if row else None, changed, tuple(plan_variants)))
    return plans, errors, unchanged


def _variant_plan(code: str, v: ParsedVariant, cells: dict, owners: dict, in_file: dict
                  ) -> VariantPlan:
    for value, name in ((v.color, "color"), (v.size, "size")):
        if len(value) > variants.MAX_LABEL:
            raise ValidationError(_("{column} {value} is too long (at most {count} characters).")
                                  .format(column=HEADER[name], value=value,
                                          count=variants.MAX_LABEL), name)
    try:
        sku = variants.clean_sku(v.sku)
    except ValidationError as exc:
        raise ValidationError(exc.message, "sku") from None
    current = cells.get((v.color.casefold(), v.size.casefold()))
    color, size = (current["color"], current["size"]) if current else (v.color, v.size)
    if sku is not None:
        owner = owners.get(sku)
        if owner is not None and (owner[0], owner[1].casefold(), owner[2].casefold()) != (
                code, color.casefold(), size.casefold()):
            moving = in_file.get((owner[0], owner[1].casefold(), owner[2].casefold()), sku)
            if moving is None or moving == sku:  # the owner keeps it: a real clash
                raise ValidationError(_("SKU {sku} is already used by {code} {color}/{size}.").format(
                    sku=sku, code=owner[0], color=owner[1], size=owner[2]), "sku")
    if current is None:
        return VariantPlan(v.row, color, size, sku, v.stock, "create")
    if v.stock is not None and v.stock < current["reserved"]:
        raise ValidationError(_(
            "{code} {color}/{size} has {reserved} reserved for orders; 库存 cannot be {stock}."
        ).format(code=code, color=color, size=size, reserved=current["reserved"], stock=v.stock),
            "stock")
    differs = (sku is not None and sku != current["sku"]) or (
        v.stock is not None and v.stock != current["stock"]) or bool(current["hidden"])
    return VariantPlan(v.row, color, size, sku, v.stock, "update" if differs else "keep",
                       current["id"])
