"""Products and variants to and from Excel (.xlsx; .csv in UTF-8 or GB18030 is read too).

One row per variant (颜色 + 尺码), the product's columns repeated; a product without variants is
one row with 颜色/尺码 empty. 货号 and SKU are text cells (leading zeros kept), prices are numbers
in yuan.

Import is two steps: `preview_import` reads and checks everything and writes nothing (rows to
create or update, and every problem with its row and column); `apply_import` writes it all in one
transaction or nothing. On the rows of one 货号 after the first, an empty cell means "same as
above"; on an existing product an empty cell keeps what the shop file has. Variants the file
names are added to the grid (the grid is completed colour × size); none are removed.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from desk.core import changes, products, stock, variants
from desk.core.changes import Changes
from desk.core.errors import ValidationError
from desk.core.money import parse_yuan, yuan_decimal
from desk.core.product_io_plan import (  # noqa: F401  (re-exported: the UI uses them)
    ALIASES,
    COLUMNS,
    HEADER,
    REQUIRED,
    STATUS_WORDS,
    VARIANT_FIELDS,
    Parsed,
    ParsedVariant,
    ProductPlan,
    RowError,
    VariantPlan,
    plan_import,
    row_error,
)
from desk.core.sheet_reader import Cell, garbled, read_table
from desk.db.connection import db
from desk.i18n import _
from desk.models import Product, Variant
from desk.models.base import now


@dataclass(frozen=True)
class ImportPreview:
    source: str
    creates: tuple[ProductPlan, ...]
    updates: tuple[ProductPlan, ...]
    unchanged: int
    errors: tuple[RowError, ...]
    warnings: tuple[RowError, ...]
    rows: int
    parsed: tuple = field(default=(), repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    variants_created: int
    stock_changed: int


def _headers(sheet) -> tuple[dict[int, str], list[RowError]]:
    """Column index → field; file-level errors listing the expected headers."""
    expected = "、".join(h for h, _f in COLUMNS)
    by_name = {h.lower(): f for h, f in COLUMNS} | {f: f for _h, f in COLUMNS} | ALIASES
    mapping: dict[int, str] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(sheet.headers):
        text = "" if cell.value is None else str(cell.value).strip()
        if not text:
            if any(index < len(c) and c[index].value not in (None, "") for _n, c in sheet.rows):
                errors.append(row_error(1, None, _("column {number} has data but no header.").format(
                    number=index + 1)))
            continue
        key = text.lower().replace("（元）", "").replace("(元)", "").strip()
        name = by_name.get(key)
        if name is None:
            errors.append(row_error(None, text, _(
                "The column “{header}” is not one Shop Desk knows. Expected headers: {expected}."
            ).format(header=text, expected=expected)))
        elif name in mapping.values():
            errors.append(row_error(None, text, _("The column “{header}” appears twice.").format(
                header=text)))
        else:
            mapping[index] = name
    missing = [HEADER[f] for f in REQUIRED if f not in mapping.values()]
    if missing:
        errors.append(row_error(None, missing[0], _(
            "The first row must hold the headers; missing: {missing}. Expected headers: {expected}."
        ).format(missing="、".join(missing), expected=expected)))
    return mapping, errors


def _text(cell: Cell, field_name: str, row: int, warnings: list[RowError]) -> str:
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and field_name in ("code", "sku"):
        warnings.append(row_error(row, HEADER[field_name], _(
            "{column} is a number cell; if it had leading zeros, Excel has dropped them. "
            "Format the column as Text."
        ).format(column=HEADER[field_name])))
    return " ".join(str(value).split()) if field_name in ("code", "name", "category", "color",
                                                           "size", "sku") else str(value).strip()


def _count(cell: Cell, column: str) -> int:
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationError(_("{column} must be a whole number, 0 or more (it is {value}).").format(
            column=column, value=cell.value), column)
    if value > stock.MAX_QUANTITY:
        raise ValidationError(_("{column} is too large.").format(column=column), column)
    return value


def _convert(field_name: str, cell: Cell, row: int, warnings: list[RowError]):
    column = HEADER[field_name]
    if field_name in ("price_fen", "cost_fen"):
        value = cell.value
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValidationError(_("{column} must be an amount in yuan, such as 129.90.").format(
                column=column), column)
        text = repr(value) if isinstance(value, float) else str(value)
        return parse_yuan(text, field_name, column)
    if field_name in ("stock", "low_stock_threshold"):
        return _count(cell, column)
    text = _text(cell, field_name, row, warnings)
    guess = garbled(text)
    if guess is not None:
        raise ValidationError(_(
            "{column} looks garbled ({text}): the file was probably saved in another encoding "
            "(GB18030/UTF-8). {hint}"
        ).format(column=column, text=text[:20], hint=_("Did it say “{guess}”?").format(guess=guess)
                 if guess else ""), column)
    if field_name == "status":
        if text not in STATUS_WORDS:
            raise ValidationError(_("{column} must be 在售, 售罄 or 下架 (it is {value}).").format(
                column=column, value=text), column)
        return STATUS_WORDS[text]
    return text


def _parse_rows(sheet, mapping) -> tuple[list[Parsed], list[RowError], list[RowError]]:
    errors: list[RowError] = []
    warnings: list[RowError] = []
    merged_rows: set[int] = set()
    for m in sheet.merged:
        column = HEADER.get(mapping.get(m.column, ""), f"#{m.column + 1}")
        errors.append(row_error(m.row, column, _(
            "{column} is a merged cell ({ref}). Unmerge it and fill in every row.").format(
            column=column, ref=m.ref)))
        merged_rows.update(m.rows)
    parsed: dict[str, Parsed] = {}
    seen_variant: dict[tuple[str, str, str], int] = {}
    seen_sku: dict[str, int] = {}
    for number, cells in sheet.rows:
        if number in merged_rows:
            continue
        values: dict[str, object] = {}
        row_ok = True
        for index, field_name in mapping.items():
            cell = cells[index] if index < len(cells) else Cell(None)
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            column = HEADER[field_name]
            if cell.formula:
                errors.append(row_error(number, column, _(
                    "{column} is a formula; type the value itself (Paste Special → Values)."
                ).format(column=column)))
                row_ok = False
                continue
            try:
                values[field_name] = _convert(field_name, cell, number, warnings)
            except ValidationError as exc:
                errors.append(row_error(number, column, exc.message))
                row_ok = False
        if not row_ok:
            continue
        code = values.pop("code", "")
        if not code:
            errors.append(row_error(number, HEADER["code"], _("货号 is empty.")))
            continue
        color, size = values.pop("color", ""), values.pop("size", "")
        sku, count = values.pop("sku", None), values.pop("stock", None)
        item = parsed.setdefault(code, Parsed(code, number))
        item.rows.append(number)
        for field_name, value in values.items():
            first = item.field_rows.get(field_name)
            if first is not None and item.fields[field_name] != value:
                errors.append(row_error(number, HEADER[field_name], _(
                    "{column} differs from row {first} for the same 货号 {code}.").format(
                    column=HEADER[field_name], first=first, code=code)))
                continue
            item.fields[field_name] = value
            item.field_rows.setdefault(field_name, number)
        if bool(color) != bool(size):
            errors.append(row_error(number, HEADER["size" if color else "color"], _(
                "give both 颜色 and 尺码, or neither.")))
            continue
        if not color:
            if sku is not None or count is not None:
                errors.append(row_error(number, HEADER["color"], _(
                    "SKU and 库存 belong to a variant: fill in 颜色 and 尺码.")))
            elif item.product_row is not None:
                errors.append(row_error(number, HEADER["code"], _(
                    "货号 {code} is already on row {first}.").format(code=code,
                                                                     first=item.product_row)))
            else:
                item.product_row = number
            continue
        key = (code, color.casefold(), size.casefold())
        if key in seen_variant:
            errors.append(row_error(number, HEADER["code"], _(
                "{code} {color}/{size} is already on row {first}.").format(
                code=code, color=color, size=size, first=seen_variant[key])))
            continue
        seen_variant[key] = number
        if sku:
            if sku in seen_sku:
                errors.append(row_error(number, HEADER["sku"], _(
                    "SKU {sku} is already on row {first}.").format(sku=sku, first=seen_sku[sku])))
                continue
            seen_sku[sku] = number
        item.variants.append(ParsedVariant(number, color, size, sku or None, count))
    return list(parsed.values()), errors, warnings


def preview_import(path: Path | str) -> ImportPreview:
    """Read and check the file; write nothing. ValidationError only when the file cannot be read
    at all; every other problem is in `errors` with its row and column."""
    path = Path(path)
    sheet = read_table(path)
    mapping, errors = _headers(sheet)
    if errors:
        return ImportPreview(path.name, (), (), 0, tuple(errors), (), len(sheet.rows))
    parsed, errors, warnings = _parse_rows(sheet, mapping)
    plans, plan_errors, unchanged = plan_import(parsed)
    errors += plan_errors
    creates = tuple(p for p in plans if p.action == "create")
    updates = tuple(p for p in plans if p.action == "update")
    errors.sort(key=lambda e: (e.row or 0))
    return ImportPreview(path.name, creates, updates, unchanged, tuple(errors), tuple(warnings),
                         len(sheet.rows), tuple(parsed))


def apply_import(preview: ImportPreview, staff_id: int | None = None
                 ) -> tuple[ImportResult, Changes]:
    """Write a checked preview: everything in one transaction, or nothing. The plan is made
    again inside the transaction, so a change made since the preview cannot slip through."""
    if not preview.ok:
        raise ValidationError(_("The file has {count} problems; fix them and preview again.").format(
            count=len(preview.errors)), "file")
    note = _("Imported from {name}").format(name=preview.source)
    created = updated = variants_created = stock_changed = 0
    with db.atomic() if db.in_transaction() else db.atomic("IMMEDIATE"):
        plans, errors, _unchanged = plan_import(list(preview.parsed))
        if errors:
            raise ValidationError(errors[0].message, "file")
        for plan in plans:
            values = dataclasses.asdict(plan.draft)
            values["pinyin"] = products.product_search_key(plan.draft.code, plan.draft.name)
            if plan.action == "create":
                product_id = Product.create(**values).id
                created += 1
            else:
                product_id = plan.product_id
                Product.update(**values, updated_at=now()).where(Product.id == product_id).execute()
                updated += 1
            if not plan.variants:
                continue
            listed = {(v.color, v.size) for v in plan.variants}
            Variant.update(hidden=False).where(
                (Variant.product == product_id) & Variant.hidden
                & (Variant.color.concat("\x00").concat(Variant.size)).in_(
                    [f"{c}\x00{s}" for c, s in listed])
            ).execute()
            current = variants.list_variants(product_id)
            shown = [v for v in current if not v.hidden]
            colors = list(dict.fromkeys([v.color for v in shown] + [v.color for v in plan.variants]))
            sizes = list(dict.fromkeys(
                [v.size for v in sorted(shown, key=lambda v: v.size_position)]
                + [v.size for v in plan.variants]))
            grid, _c = variants.set_grid(product_id, colors, sizes)
            variants_created += len(grid.created)
            cells = {(v.color, v.size): v for v in variants.list_variants(product_id)}
            changing = [v for v in plan.variants
                        if v.sku is not None and cells[(v.color, v.size)].sku != v.sku]
            for v in changing:  # two steps, so SKUs can swap between variants
                Variant.update(sku=None).where(Variant.id == cells[(v.color, v.size)].id).execute()
            for v in changing:
                Variant.update(sku=v.sku).where(Variant.id == cells[(v.color, v.size)].id).execute()
            for v in plan.variants:
                if v.stock is not None and cells[(v.color, v.size)].stock != v.stock:
                    stock.adjust(cells[(v.color, v.size)].id, new_stock=v.stock, note=note,
                                 staff_id=staff_id, kind=stock.IMPORT)
                    stock_changed += 1
    result = ImportResult(created, updated, variants_created, stock_changed)
    return result, Changes.of(changes.PRODUCTS, changes.STOCK)


@dataclass(frozen=True)
class ExportResult:
    products: int
    rows: int


def export_products(path: Path | str, product_ids: list[int] | None = None) -> ExportResult:
    """Write the products (all, or `product_ids`) and their visible variants to an .xlsx file.

    Written beside the target and renamed over it, so a failed export leaves no half file.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    path = Path(path)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Products"))
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOPQR", (14, 28, 10, 10, 10, 8, 10, 8, 16, 8), strict=False):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for title, _f in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    query = Product.select().order_by(Product.code)
    if product_ids is not None:
        query = query.where(Product.id.in_(product_ids))
    product_count = row_count = 0
    for product in query:
        product_count += 1
        grid = [v for v in variants.list_variants(product.id) if not v.hidden] or [None]
        for variant in grid:
            row = []
            for _title, field_name in COLUMNS:
                if field_name in VARIANT_FIELDS:
                    value = getattr(variant, field_name) if variant is not None else None
                elif field_name in ("price_fen", "cost_fen"):
                    value = yuan_decimal(getattr(product, field_name))
                elif field_name == "status":
                    value = {v: k for k, v in list(STATUS_WORDS.items())[:3]}[product.status]
                else:
                    value = getattr(product, field_name)
                cell = WriteOnlyCell(sheet, value=value)
                if field_name in ("code", "sku"):
                    cell.number_format = "@"
                elif field_name in ("price_fen", "cost_fen"):
                    cell.number_format = "0.00"
                row.append(cell)
            sheet.append(row)
            row_count += 1
    partial = path.with_name(path.name + ".part")
    try:
        workbook.save(partial)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ValidationError(_("Cannot write {name}: {reason}").format(
            name=path.name, reason=exc.strerror), "file") from None
    return ExportResult(product_count, row_count)
