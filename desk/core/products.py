"""The product handbook (产品手册): products, their search, and the detail a page shows.

The colour × size grid is in `desk.core.variants`, photos in `desk.core.photos`, the size chart
in `desk.core.sizes`, stock counts only through `desk.core.stock`.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from peewee import IntegrityError

from desk.core import changes, pinyin
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import OrderLine, Product, Variant
from desk.models.base import now
from desk.models.products import PRODUCT_STATUSES

if TYPE_CHECKING:
    from desk.core.photos import PhotoInfo
    from desk.core.sizes import SizeChartData
    from desk.core.variants import VariantRow

STATUS_LABELS = {"on_sale": N_("On sale"), "sold_out": N_("Sold out"), "off_shelf": N_("Off shelf")}
MAX_CODE = 40
MAX_NAME = 100
MAX_CATEGORY = 30
MAX_TEXT = 5000
MAX_THRESHOLD = 99_999
SEARCH_LIMIT = 200

_TEXT_FIELDS = ("material", "care", "selling_points", "weaknesses", "color_note", "fit_rule", "notes")


def status_label(status: str) -> str:
    """在售 / 售罄 / 下架 in the current language."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


@dataclass(frozen=True)
class ProductDraft:
    """What the product editor sends. Money in fen (parse the form with money.parse_yuan)."""

    code: str
    name: str
    category: str = ""
    price_fen: int = 0
    cost_fen: int = 0
    status: str = "on_sale"
    material: str = ""
    care: str = ""
    selling_points: str = ""
    weaknesses: str = ""
    color_note: str = ""
    fit_rule: str = ""
    notes: str = ""
    low_stock_threshold: int = 3


@dataclass(frozen=True)
class ProductRow:
    """One line of the products list."""

    id: int
    code: str
    name: str
    category: str
    price_fen: int
    status: str
    variant_count: int  # visible variants
    stock: int
    available: int  # stock − reserved
    low_stock_count: int  # visible variants with available ≤ the product's threshold
    cover_photo_id: int | None

    @property
    def low_stock(self) -> bool:
        return self.low_stock_count > 0


@dataclass(frozen=True)
class ProductDetail:
    """Everything the editor shows. `variants` is the grid in colour, then size order."""

    id: int
    draft: ProductDraft
    colors: tuple[str, ...]  # visible grid axes, in their order
    sizes: tuple[str, ...]
    variants: tuple[VariantRow, ...]  # hidden ones included (flagged)
    size_chart: SizeChartData | None
    photos: tuple[PhotoInfo, ...]  # cover first
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @property
    def code(self) -> str:
        return self.draft.code

    @property
    def name(self) -> str:
        return self.draft.name

    @property
    def low_stock_variants(self) -> tuple[VariantRow, ...]:
        return tuple(v for v in self.variants if v.low_stock)


def require_product(product_id: int) -> Product:
    product = Product.get_or_none(Product.id == product_id)
    if product is None:
        raise DomainError(_("This product no longer exists."))
    return product


def clean_draft(draft: ProductDraft) -> ProductDraft:
    """Trimmed and checked; ValidationError naming the field."""
    code = (draft.code or "").strip()
    if not code:
        raise ValidationError(_("Item code (货号) is required."), "code")
    if len(code) > MAX_CODE:
        raise ValidationError(
            _("Item code is too long (at most {count} characters).").format(count=MAX_CODE), "code"
        )
    if any(ch.isspace() or not ch.isprintable() for ch in code):
        raise ValidationError(_("Item code cannot contain spaces or line breaks."), "code")
    name = " ".join((draft.name or "").split())
    if not name:
        raise ValidationError(_("Product name is required."), "name")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("Product name is too long (at most {count} characters).").format(count=MAX_NAME), "name"
        )
    category = " ".join((draft.category or "").split())
    if len(category) > MAX_CATEGORY:
        raise ValidationError(
            _("Category is too long (at most {count} characters).").format(count=MAX_CATEGORY),
            "category",
        )
    for field, label in (("price_fen", _("Price")), ("cost_fen", _("Cost"))):
        value = getattr(draft, field)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(_("{label} must be an amount in yuan.").format(label=label), field)
        if value < 0:
            raise ValidationError(_("{label} cannot be negative.").format(label=label), field)
    if draft.status not in PRODUCT_STATUSES:
        raise ValidationError(_("Unknown product status."), "status")
    threshold = draft.low_stock_threshold
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 0:
        raise ValidationError(
            _("Low-stock threshold must be a whole number, 0 or more."), "low_stock_threshold"
        )
    if threshold > MAX_THRESHOLD:
        raise ValidationError(_("Low-stock threshold is too large."), "low_stock_threshold")
    texts = {}
    for field in _TEXT_FIELDS:
        value = (getattr(draft, field) or "").strip()
        if len(value) > MAX_TEXT:
            raise ValidationError(
                _("This text is too long (at most {count} characters).").format(count=MAX_TEXT), field
            )
        texts[field] = value
    return dataclasses.replace(draft, code=code, name=name, category=category, **texts)


def product_search_key(code: str, name: str) -> str:
    """What Product.pinyin holds: the name's pinyin key, then the code in lower case."""
    return " ".join(part for part in (pinyin.search_key(name), code.lower()) if part)


def _check_code_free(code: str, product_id: int | None) -> None:
    query = Product.select(Product.id).where(Product.code.collate("NOCASE") == code)
    if product_id is not None:
        query = query.where(Product.id != product_id)
    if query.exists():
        raise ValidationError(
            _("Item code {code} is already used by another product.").format(code=code), "code"
        )


def _values(draft: ProductDraft) -> dict:
    values = dataclasses.asdict(draft)
    values["pinyin"] = product_search_key(draft.code, draft.name)
    return values


def create_product(draft: ProductDraft) -> tuple[ProductDetail, Changes]:
    """Validate and add a product (no variants yet: `variants.set_grid` makes them)."""
    draft = clean_draft(draft)
    try:
        with db.atomic():
            _check_code_free(draft.code, None)
            product = Product.create(**_values(draft))
    except IntegrityError:  # another writer took the code between the check and the insert
        raise ValidationError(
            _("Item code {code} is already used by another product.").format(code=draft.code), "code"
        ) from None
    return get_product(product.id), Changes.of(changes.PRODUCTS)


def update_product(product_id: int, draft: ProductDraft) -> tuple[ProductDetail, Changes]:
    draft = clean_draft(draft)
    try:
        with db.atomic():
            require_product(product_id)
            _check_code_free(draft.code, product_id)
            Product.update(**_values(draft), updated_at=now()).where(
                Product.id == product_id
            ).execute()
    except IntegrityError:
        raise ValidationError(
            _("Item code {code} is already used by another product.").format(code=draft.code), "code"
        ) from None
    return get_product(product_id), Changes.of(changes.PRODUCTS)


def delete_product(product_id: int) -> Changes:
    """Delete a product that has never been ordered; one with orders can only go off shelf."""
    with db.atomic():
        product = require_product(product_id)
        ordered = (
            OrderLine.select()
            .join(Variant)
            .where(Variant.product == product_id)
            .exists()
        )
        if ordered:
            raise DomainError(
                _(
                    "{code} has orders, so it cannot be deleted. Set it to off shelf instead."
                ).format(code=product.code)
            )
        product.delete_instance()  # variants, movements, chart and photos go with it (CASCADE)
    return Changes.of(changes.PRODUCTS, changes.STOCK)


def categories() -> list[str]:
    """Every category in use, sorted by pinyin."""
    rows = (
        Product.select(Product.category)
        .where(Product.category != "")
        .distinct()
        .tuples()
    )
    return sorted((r[0] for r in rows), key=lambda c: (pinyin.sort_key(c), c))


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_products(
    query: str = "",
    category: str | None = None,
    status: str | None = None,
    *,
    low_stock_only: bool = False,
    limit: int = SEARCH_LIMIT,
    offset: int = 0,
) -> list[ProductRow]:
    """Products whose 货号 or name contains every word of `query`, or whose pinyin initials or
    full pinyin do ("lyq", "lianyi"), sorted by 货号; one page of at most `limit` rows.

    Done in SQL over the code-ordered index; the list figures come from one grouped query over
    the page's variants only.
    """
    where: list[str] = []
    params: list = []
    for term in (query or "").split():
        key = pinyin.normalize_query(term)
        parts = ["p.code LIKE ? ESCAPE '\\'", "p.name LIKE ? ESCAPE '\\'"]
        params += [_like(term), _like(term)]
        if key:
            parts.append("p.pinyin LIKE ? ESCAPE '\\'")
            params.append(_like(key))
        where.append("(" + " OR ".join(parts) + ")")
    if category is not None:
        where.append("p.category = ?")
        params.append(category)
    if status is not None:
        where.append("p.status = ?")
        params.append(status)
    if low_stock_only:
        where.append(
            "EXISTS (SELECT 1 FROM variant v WHERE v.product_id = p.id AND v.hidden = 0"
            " AND v.stock - v.reserved <= p.low_stock_threshold)"
        )
    sql = "SELECT p.id, p.code, p.name, p.category, p.price_fen, p.status FROM product p"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY p.code LIMIT ? OFFSET ?"
    params += [max(0, int(limit)), max(0, int(offset))]
    products = db.execute_sql(sql, params).fetchall()
    if not products:
        return []
    ids = [r[0] for r in products]
    marks = ",".join("?" * len(ids))
    figures = {
        r[0]: r[1:]
        for r in db.execute_sql(
            "SELECT v.product_id, COUNT(*), SUM(v.stock), SUM(v.stock - v.reserved),"
            " SUM(v.stock - v.reserved <= p.low_stock_threshold)"
            " FROM variant v JOIN product p ON p.id = v.product_id"
            f" WHERE v.hidden = 0 AND v.product_id IN ({marks}) GROUP BY v.product_id",
            ids,
        )
    }
    covers = dict(
        db.execute_sql(
            "SELECT product_id, MIN(id) FROM product_photo"
            f" WHERE position = 0 AND product_id IN ({marks}) GROUP BY product_id",
            ids,
        ).fetchall()
    )
    rows = []
    for pid, code, name, cat, price, st in products:
        count, stock, available, low = figures.get(pid, (0, 0, 0, 0))
        rows.append(
            ProductRow(pid, code, name, cat, price, st, count, stock or 0, available or 0, low or 0,
                       covers.get(pid))
        )
    return rows


def get_product(product_id: int) -> ProductDetail:
    """The product with its grid, size chart and photos; DomainError when it is gone."""
    from desk.core import photos, sizes, variants  # they import this module

    product = require_product(product_id)
    draft = ProductDraft(
        code=product.code,
        name=product.name,
        category=product.category,
        price_fen=product.price_fen,
        cost_fen=product.cost_fen,
        status=product.status,
        low_stock_threshold=product.low_stock_threshold,
        **{field: getattr(product, field) for field in _TEXT_FIELDS},
    )
    grid = variants.list_variants(product_id)
    visible = [v for v in grid if not v.hidden]
    return ProductDetail(
        id=product.id,
        draft=draft,
        colors=tuple(dict.fromkeys(v.color for v in visible)),
        sizes=tuple(dict.fromkeys(v.size for v in sorted(visible, key=lambda v: v.size_position))),
        variants=tuple(grid),
        size_chart=sizes.get_size_chart(product_id),
        photos=tuple(photos.list_photos(product_id)),
        created_at=product.created_at,
        updated_at=product.updated_at,
    )
