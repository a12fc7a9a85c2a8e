"""The product handbook of the demo shop: products with their pinyin search key, colour × size
variants with stock, size charts and fitting rules; and a few new arrivals whose size chart is
only half measured yet.

The catalogue is written as raw rows (`write_products`); the new arrivals, few and small, go
through the handbook's own `sizes.save_size_chart`, which checks their charts as the editor
would. The pinyin key is the one `desk.core.products` stores, so the handbook search by pinyin
(`lyq` → 连衣裙) works on a demo file.
"""

from __future__ import annotations

from math import ceil

from desk.core.demo import catalogue
from desk.core.demo.context import (
    DAY,
    HISTORY_DAYS,
    HOUR,
    Build,
    number_text,
    to_json,
    weighted_pool,
)
from desk.core.products import product_search_key
from desk.core.sizes import SizeRow, save_size_chart
from desk.db.connection import db
from desk.i18n import _

_PRODUCT_SQL = (
    "INSERT INTO product (id, code, name, pinyin, category, price_fen, cost_fen, status,"
    " material, care, selling_points, weaknesses, color_note, fit_rule, notes,"
    " low_stock_threshold, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_VARIANT_SQL = (
    "INSERT INTO variant (id, product_id, color, size, color_position, size_position, sku,"
    " stock, reserved, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)"
)


def write_products(b: Build) -> None:
    """The catalogue (`catalogue.PRODUCTS`): 8 of them sold out or off shelf, 1-4 colours by
    every size of their category, stock by size (M/L most), a size chart for clothes and shoes;
    leaves the variants and their draw pools (by popularity) in `b` for the orders."""
    rng = b.rng
    clock = b.clock
    r = rng.random
    total = len(catalogue.PRODUCTS)
    b.progress(_("Products"), 0, total)
    numeric_codes = iter(sorted(rng.sample(range(1, 400), total)))
    used_codes: set[str] = set()
    statuses = ["on_sale"] * total
    for k, index in enumerate(rng.sample(range(total), 8)):
        statuses[index] = "sold_out" if k < 4 else "off_shelf"
    products, variants, charts, chart_rows = [], [], [], []
    weights_all: list[int] = []
    weights_on_sale: list[int] = []
    variant_id = chart_id = 0
    for index, (cat_key, prefix, name, price, popularity) in enumerate(catalogue.PRODUCTS):
        category, sizes, chart, colours, materials, care, points, weak, colour_notes = (
            catalogue.CATEGORIES[cat_key]
        )
        # Most codes look like "LYQ-2301" (season + number); some shops number plainly: "0012".
        if index % 8 == 5:
            code = f"{next(numeric_codes):04d}"
        else:
            code = f"{prefix}-{rng.randrange(21, 26)}{rng.randrange(1, 100):02d}"
            while code in used_codes:
                code = f"{prefix}-{rng.randrange(21, 26)}{rng.randrange(1, 100):02d}"
        used_codes.add(code)
        product_id = index + 1
        status = statuses[index]
        created = rng.randrange(0, (HISTORY_DAYS - 1) * DAY)
        cost = int(price * (0.35 + 0.2 * r())) // 100 * 100
        selling = "; ".join(rng.sample(points, min(2, len(points))))
        b.product_created[product_id] = created
        products.append(
            (
                product_id, code, name, product_search_key(code, name), category, price, cost,
                status,
                rng.choice(materials), care, selling, rng.choice(weak), rng.choice(colour_notes),
                catalogue.FIT_RULES.get(chart, "") if chart else "",
                rng.choice(catalogue.PRODUCT_NOTES),
                5 if popularity >= 8 else 3,
                clock.ts(created),
                clock.ts(created + rng.randrange(0, 30 * DAY)),
            )
        )  # fmt: skip
        n_colours = rng.randint(1, 3) if cat_key in ("bag", "accessory") else rng.randint(2, 4)
        with_sku = r() < 0.6
        for ci, colour in enumerate(rng.sample(colours, n_colours)):
            for si, size in enumerate(sizes):
                variant_id += 1
                middle = 1.0 - abs(si - (len(sizes) - 1) / 2) / len(sizes)  # M/L sell most
                stock = 0 if status == "sold_out" else int(r() * 30 * middle + r() * 5)
                sku = f"{code}-{ci + 1:02d}{size}" if with_sku and size != "均码" else None
                if with_sku and size == "均码":
                    sku = f"{code}-{ci + 1:02d}"
                variants.append((variant_id, product_id, colour, size, ci, si, sku, stock))
                b.variants.append((variant_id, code, name, colour, size, price))
                weight = max(1, round(popularity * (0.5 + middle)))
                weights_all.append(weight)
                weights_on_sale.append(weight if status == "on_sale" else 0)
        if chart:
            chart_id += 1
            columns, unit, base, step = catalogue.CHARTS[chart]
            charts.append((chart_id, product_id, to_json(list(columns)), unit))
            for si, size in enumerate(sizes):
                values = {
                    c: number_text(v + s * si) for c, v, s in zip(columns, base, step, strict=True)
                }
                body = catalogue.BODY_RANGES.get(size) or (None, None, None, None)
                chart_rows.append((chart_id, si, size, to_json(values), *body))
    with db.atomic():
        b.executemany(_PRODUCT_SQL, products)
        b.executemany(_VARIANT_SQL, variants)
        b.executemany(
            "INSERT INTO size_chart (id, product_id, columns, unit) VALUES (?, ?, ?, ?)", charts
        )
        b.executemany(
            "INSERT INTO size_chart_row (chart_id, position, size, measurements, height_min,"
            " height_max, weight_min, weight_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            chart_rows,
        )
    b.variant_pool_all = weighted_pool(weights_all)
    b.variant_pool_on_sale = weighted_pool(weights_on_sale)
    b.counts.update(
        products=len(products), variants=len(variants), size_charts=len(charts),
        size_chart_rows=len(chart_rows),
    )  # fmt: skip
    b.progress(_("Products"), total, total)


def write_new_arrivals(b: Build) -> None:
    """上新: the products listed in the last two days (`catalogue.NEW_ARRIVALS`). They have not
    sold yet (the orders never draw them), their stock came in with the supplier's sheet
    (`stock.write_stock_log` logs it as an import), and their size chart is half filled: exactly
    half of its cells (measurements, height range, weight range) chosen at random, the rest left
    for when the sample has been measured; the fitting rule is there."""
    rng = b.stream("new arrivals")
    r = rng.random
    clock = b.clock
    product_id = b.counts["products"]
    variant_id = len(b.variants)  # variant id = index in b.variants + 1
    used = {v[1] for v in b.variants}
    products, variants, charts = [], [], []
    for k, (cat_key, prefix, name, price, fit_rule) in enumerate(catalogue.NEW_ARRIVALS):
        category, sizes, chart, colours, materials, care, points, weak, colour_notes = (
            catalogue.CATEGORIES[cat_key]
        )
        code = f"{prefix}-26{rng.randrange(1, 100):02d}"  # next season's numbers
        while code in used:
            code = f"{prefix}-26{rng.randrange(1, 100):02d}"
        used.add(code)
        product_id += 1
        created = (clock.today_index - 2 + k // 2) * DAY + 10 * HOUR + int(r() * 4 * HOUR)
        b.product_created[product_id] = created
        b.new_arrivals.add(product_id)
        cost = int(price * (0.35 + 0.2 * r())) // 100 * 100
        products.append(
            (
                product_id, code, name, product_search_key(code, name), category, price, cost,
                "on_sale", rng.choice(materials), care, "; ".join(rng.sample(points, 2)),
                rng.choice(weak), rng.choice(colour_notes), fit_rule,
                catalogue.NEW_ARRIVAL_NOTE, 3, clock.ts(created), clock.ts(created + 1800),
            )
        )  # fmt: skip
        with_sku = r() < 0.5
        for ci, colour in enumerate(rng.sample(colours, 2 + int(r() * 2))):
            for si, size in enumerate(sizes):
                variant_id += 1
                middle = 1.0 - abs(si - (len(sizes) - 1) / 2) / len(sizes)
                stock = 6 + int(r() * 20 * middle)
                sku = f"{code}-{ci + 1:02d}{size}" if with_sku else None
                variants.append((variant_id, product_id, colour, size, ci, si, sku, stock))
                b.variants.append((variant_id, code, name, colour, size, price))
        charts.append((product_id, _half_filled_chart(rng, chart, sizes), fit_rule))
    with db.atomic():
        b.executemany(_PRODUCT_SQL, products)
        b.executemany(_VARIANT_SQL, variants)
        for product_id, (columns, rows), fit_rule in charts:
            save_size_chart(product_id, columns, rows, fit_rule)
        # save_size_chart stamps the wall clock; the demo's rows carry the demo's own time
        b.executemany(
            "UPDATE product SET updated_at = ? WHERE id = ?", [(p[-1], p[0]) for p in products]
        )
    b.counts["products"] += len(products)
    b.counts["variants"] += len(variants)
    b.counts["size_charts"] += len(charts)
    b.counts["size_chart_rows"] += sum(len(rows) for _p, (_c, rows), _f in charts)


def _half_filled_chart(rng, chart: str, sizes: tuple[str, ...]) -> tuple[list[str], list[SizeRow]]:
    """The chart of `catalogue.CHARTS[chart]` with half of its cells filled (rounded up): per
    size, each measurement column, the height range and the weight range count as one cell."""
    columns, _unit, base, step = catalogue.CHARTS[chart]
    width = len(columns) + 2
    filled = set(rng.sample(range(len(sizes) * width), ceil(len(sizes) * width / 2)))
    rows = []
    for si, size in enumerate(sizes):
        *kept, with_height, with_weight = [si * width + i in filled for i in range(width)]
        values = {
            c: number_text(v + s * si)
            for c, v, s, keep in zip(columns, base, step, kept, strict=True)
            if keep
        }
        h_min, h_max, w_min, w_max = catalogue.BODY_RANGES[size]
        height = (h_min, h_max) if with_height else (None, None)
        weight = (w_min, w_max) if with_weight else (None, None)
        rows.append(SizeRow(size, values, *height, *weight))
    return list(columns), rows
