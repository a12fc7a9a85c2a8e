"""Product search benchmark: 5,000 products with 50,000 variants, 200 varied searches.

Builds a temporary shop file (products named like a real clothing shop's, with their pinyin keys
made by the app's own `product_search_key`), then times `desk.core.products.search_products` for
code prefixes, Chinese substrings, pinyin initials and full pinyin, some with a category or
status filter. Prints one JSON object a line.

    uv run python bench/products.py [--products 5000] [--variants-per-product 10] [--searches 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STYLES = ["韩版", "法式", "复古", "宽松", "修身", "高腰", "显瘦", "百搭", "休闲", "气质", "小香风",
          "学院风", "港味", "ins风", "日系"]
SEASONS = ["春季", "夏季", "秋冬", "2024新款", "早秋", "加绒"]
FABRICS = ["雪纺", "纯棉", "针织", "牛仔", "真丝", "亚麻", "羊毛", "灯芯绒", "蕾丝"]
ITEMS = [("连衣裙", "裙子"), ("长裙", "裙子"), ("半身裙", "裙子"), ("T恤", "上衣"), ("衬衫", "上衣"),
         ("卫衣", "上衣"), ("毛衣", "上衣"), ("开衫", "上衣"), ("外套", "外套"), ("风衣", "外套"),
         ("羽绒服", "外套"), ("牛仔裤", "裤子"), ("阔腿裤", "裤子"), ("短裤", "裤子"),
         ("单肩包", "包"), ("帆布鞋", "鞋")]
COLORS = ["黑色", "白色", "杏色", "藏青", "酒红", "灰色", "卡其", "粉色"]
SIZES = ["S", "M", "L", "XL", "XXL"]
QUERIES_ZH = ["连衣", "牛仔", "雪纺", "外套", "长裙", "韩版", "纯棉", "衬衫", "针织开衫", "羽绒",
              "法式", "裤"]
QUERIES_PY = ["lyq", "nzk", "xf", "cq", "wt", "hb", "kd", "lianyi", "niuzai", "yurong", "zzks",
              "bsq", "dj", "fy", "mx"]


def figure(name: str, value: float, unit: str, goal: float | None = None) -> None:
    print(json.dumps({"figure": name, "value": round(value, 2), "unit": unit, "goal": goal},
                     ensure_ascii=False), flush=True)


def build(path: Path, count: int, per_product: int, rng: Random) -> list[str]:
    from desk.core.products import product_search_key
    from desk.db.connection import db
    from desk.models import Product, Variant
    from desk.models.base import now

    stamp = now()
    codes = []
    product_rows, variant_rows = [], []
    for n in range(count):
        code = f"{'ABCDEFGH'[n % 8]}{n:05d}"
        item, category = rng.choice(ITEMS)
        name = f"{rng.choice(SEASONS)}{rng.choice(STYLES)}{rng.choice(FABRICS)}{item}"
        codes.append(code)
        product_rows.append({
            "id": n + 1, "code": code, "name": name, "pinyin": product_search_key(code, name),
            "category": category, "price_fen": rng.randrange(3900, 59900, 100),
            "status": rng.choice(["on_sale"] * 8 + ["sold_out", "off_shelf"]),
            "low_stock_threshold": 3, "created_at": stamp, "updated_at": stamp,
        })
        colors = rng.sample(COLORS, max(1, per_product // len(SIZES)))
        cells = [(c, s) for c in colors for s in SIZES][:per_product]
        for ci, (color, size) in enumerate(cells):
            variant_rows.append({
                "product": n + 1, "color": color, "size": size,
                "color_position": colors.index(color), "size_position": SIZES.index(size),
                "stock": rng.randrange(0, 40), "reserved": 0, "hidden": False,
                "sku": f"{code}-{ci:02d}",
            })
    with db.atomic():
        for start in range(0, len(product_rows), 500):
            Product.insert_many(product_rows[start:start + 500]).execute()
        for start in range(0, len(variant_rows), 2000):
            Variant.insert_many(variant_rows[start:start + 2000]).execute()
    db.execute_sql("ANALYZE")
    return codes


def queries(codes: list[str], total: int, rng: Random) -> list[tuple[str, dict]]:
    result = []
    for i in range(total):
        kind = i % 4
        if kind == 0:
            code = rng.choice(codes)
            text = code[: rng.randint(2, len(code))]
        elif kind == 1:
            text = rng.choice(QUERIES_ZH)
        elif kind == 2:
            text = rng.choice(QUERIES_PY)
        else:
            text = f"{rng.choice(QUERIES_ZH)} {rng.choice(['m', 'x', 'k', ''])}".strip()
        filters = {}
        if i % 5 == 0:
            filters["category"] = rng.choice(["裙子", "上衣", "裤子", "外套"])
        if i % 7 == 0:
            filters["status"] = "on_sale"
        result.append((text, filters))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--variants-per-product", type=int, default=10)
    parser.add_argument("--searches", type=int, default=200)
    args = parser.parse_args()

    from desk.core.products import search_products
    from desk.db.connection import open_shop

    rng = Random(7)
    with tempfile.TemporaryDirectory() as folder:
        shop = open_shop(Path(folder) / "bench.sqlite3")
        try:
            started = time.perf_counter()
            codes = build(shop.path, args.products, args.variants_per_product, rng)
            figure("build 5,000 products / 50,000 variants", time.perf_counter() - started, "s")
            plan = queries(codes, args.searches, rng)
            for text, filters in plan[:20]:  # warm the page cache, as a used laptop would have
                search_products(text, **filters)
            times, hits = [], []
            for text, filters in plan:
                started = time.perf_counter()
                rows = search_products(text, **filters)
                times.append((time.perf_counter() - started) * 1000)
                hits.append(len(rows))
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            figure("product search p50", statistics.median(times), "ms")
            figure("product search p95", p95, "ms", 10)
            figure("product search max", times[-1], "ms")
            figure("product search rows returned (median)", statistics.median(hits), "rows")
        finally:
            shop.close()


if __name__ == "__main__":
    main()
