"""A realistic synthetic shop, written into a new shop file: for trying the app and for benchmarks.

`build_demo(path, customers=…, orders=…, days=…, seed=…)` writes the couple, the shop profile,
about sixty products with colour × size stock and size charts, the customer address book (phones,
addresses with real province/city/district names, groups, tags, follow-ups) and orders spread over
the last `days` days in every lifecycle state, with lines, events, flag memos and shipments.

Rules the demo keeps, so that every later feature can rely on it:
- Deterministic: the same `seed` and `today` give byte-identical table contents. All randomness
  comes from one `random.Random(seed)`; "now" is `today` at 21:30 (`NOW_TIME`), never the clock.
- Consistent: an order's status is the last step of its timeline reached by "now", and exactly the
  `*_at` columns of the steps reached are set; goods = Σ(quantity × unit price − line discount),
  total = goods + postage − discount; the customer figures count the orders that were paid and are
  not closed (first/last = their `created_at`); a variant's `reserved` is the quantity held by
  paid, confirmed and printed orders.
- Fast: one million orders in about a minute. Rows are built as tuples and written with
  `executemany` on the raw sqlite3 connection, in one transaction per batch; times are seconds
  from an origin turned into "YYYY-MM-DD HH:MM:SS" through precomputed day and time-of-day strings.

Each feature area has its own `_write_*` function, listed in `_SETUP_STAGES` (small, indexes
kept) or `_BULK_STAGES` (large tables, indexes built once at the end). A later feature (returns,
notebooks, books) adds its function to a list and reads what earlier stages left in `_Build`.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
import time
from bisect import bisect_right
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from pathlib import Path
from random import Random

from desk.core import demo_data as data
from desk.core.errors import DomainError, ValidationError
from desk.core.settings import ShopProfile, save_profile
from desk.db.connection import (
    PRAGMAS,
    acquire_writer_lock,
    db,
    open_shop,
    read_only_connection,
)
from desk.i18n import _

Progress = Callable[[str, int, int], None]

DAY = 86400
HOUR = 3600
#: The moment the demo shop is "seen": `today` at 21:30 (evening print batch done, shift ending).
NOW_TIME = 21 * HOUR + 30 * 60
#: The day shift (the wife) hands over to the evening shift (the husband) at 15:00.
SHIFT_CHANGE = 15 * HOUR
#: Customers and products go back this far before the first order day.
HISTORY_DAYS = 730
#: Rows written per transaction in the big stages.
BATCH_ORDERS = 20_000
#: Orders this recent keep every lifecycle step in order_event (every order still on its way is
#: this recent); older ones only the step into their present status.
FULL_HISTORY_DAYS = 14
#: Orders this recent only use products that are on sale (sold-out stock stays at zero).
RECENT_DAYS = 14

#: Relative order traffic per hour of the day (Taobao buyers shop at lunch and late evening).
_HOUR_WEIGHTS = (
    6, 3, 2, 1, 1, 1, 2, 4, 7, 10, 13, 13, 11, 12, 13, 13, 12, 10, 10, 12, 16, 18, 17, 12,
)  # fmt: skip
_BUSY_TABLES = ("customer", "order", "product")
#: The tables filled by the million; their indexes are built once at the end (faster than
#: keeping them up to date row by row).
_BULK_TABLES = (
    "customer", "customer_phone", "address", "customer_group_member", "customer_tag", "follow_up",
    "order", "order_line", "order_event", "order_memo", "shipment",
)  # fmt: skip


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` wrote: rows per table and how long it took."""

    path: Path
    staff: int
    products: int
    variants: int
    size_charts: int
    size_chart_rows: int
    customers: int
    customer_phones: int
    addresses: int
    customer_groups: int
    group_members: int
    tags: int
    customer_tags: int
    follow_ups: int
    orders: int
    order_lines: int
    order_events: int
    order_memos: int
    shipments: int
    seconds: float

    def __str__(self) -> str:
        return _(
            "Demo shop written: {customers} customers, {orders} orders, {products} products, "
            "{shipments} shipments in {seconds} s"
        ).format(
            customers=self.customers,
            orders=self.orders,
            products=self.products,
            shipments=self.shipments,
            seconds=f"{self.seconds:.1f}",
        )


def build_demo(
    path: Path,
    *,
    customers: int = 2000,
    orders: int = 10000,
    days: int = 90,
    seed: int = 1,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> DemoSummary:
    """Write a demo shop into the new (or empty, or just-migrated) shop file at `path`.

    `progress(stage, done, total)` is called now and then with a translated stage name; it may
    raise to cancel. Raises DomainError when the file already holds customers, orders or products
    (it is left untouched then), ValidationError for impossible sizes, and the ShopFileError of
    `open_shop` when the file cannot be opened. When the build fails or is cancelled, a file this
    call created is removed again.
    """
    if customers < 1 or orders < 0 or days < 1:
        raise ValidationError(
            _("A demo shop needs at least one customer and one day, and no negative order count.")
        )
    path = Path(path).expanduser().absolute()
    started = time.perf_counter()
    _refuse_busy_file(path)
    fresh = not path.exists()
    shop = open_shop(path)
    try:
        conn = db.connection()
        if _holds_a_shop(conn):
            raise DomainError(_busy_message(path))
        build = _Build(
            conn,
            seed=seed,
            today=today or datetime.date.today(),
            days=days,
            customers=customers,
            orders=orders,
            progress=progress or _no_progress,
        )
        _fill(build)
    except BaseException:
        shop.close()
        if fresh:  # a half-written demo is of no use, and would block the next try
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    shop.close()
    counts = {f.name: build.counts.get(f.name, 0) for f in fields(DemoSummary)}
    counts.update(path=path, seconds=time.perf_counter() - started)
    return DemoSummary(**counts)


def _fill(build: _Build) -> None:
    conn = build.conn
    # The file is new and nobody else can open it (we hold the lock): while it is filled,
    # skip fsyncs and per-row foreign-key lookups. A crash now leaves a half-written demo,
    # never a damaged real shop; the usual pragmas come back below, and the rows are made
    # consistent by construction (tests/core/test_demo.py runs foreign_key_check).
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB
    try:
        for stage in _SETUP_STAGES:
            stage(build)
        with _indexes_set_aside(conn, _BULK_TABLES):
            for stage in _BULK_STAGES:
                stage(build)
            build.progress(_("Building indexes"), 0, 1)
        build.progress(_("Building indexes"), 1, 1)
    finally:
        conn.execute(f"PRAGMA cache_size = {PRAGMAS['cache_size']:d}")
        conn.execute(f"PRAGMA synchronous = {PRAGMAS['synchronous']:d}")
        conn.execute(f"PRAGMA foreign_keys = {PRAGMAS['foreign_keys']:d}")
    build.progress(_("Saving"), 0, 1)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    build.counts["staff"] = conn.execute("SELECT count(*) FROM staff").fetchone()[0]
    build.progress(_("Saving"), 1, 1)


# --- checks ------------------------------------------------------------------------------------


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _busy_message(path: Path) -> str:
    return _(
        "{path} already holds a shop (customers, orders or products). A demo shop is only "
        "written into a new file; choose another file name."
    ).format(path=path)


def _holds_a_shop(conn: sqlite3.Connection) -> bool:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return any(
        conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{name}")').fetchone()[0]
        for name in _BUSY_TABLES
        if name in tables
    )


def _refuse_busy_file(path: Path) -> None:
    """Before `open_shop` (which would migrate an older file): refuse a file that holds a shop.

    Read under the writer lock, as `open_shop` reads, so that nothing is written beside it.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return
    lock = acquire_writer_lock(path)
    try:
        conn = read_only_connection(path, idle=True)
        try:
            busy = _holds_a_shop(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return  # not a database, or damaged: open_shop says what is wrong with it
    finally:
        lock.release()
    if busy:
        raise DomainError(_busy_message(path))


@contextmanager
def _indexes_set_aside(conn: sqlite3.Connection, tables: tuple[str, ...]):
    """Drop the indexes of `tables` (the file is new and ours), and create them again with
    their own stored SQL when the block ends, so the schema is exactly what the migrations made.
    """
    marks = ", ".join("?" * len(tables))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) ORDER BY rowid",
        tables,
    ).fetchall()
    def create() -> None:
        with db.atomic():
            for _name, sql in indexes:
                conn.execute(sql)

    with db.atomic():
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
    try:
        yield
    except BaseException:
        with suppress(sqlite3.Error):  # the first error is the one to report
            create()
        raise
    create()


# --- the build context -------------------------------------------------------------------------


class _Clock:
    """Times are whole seconds from `origin` (midnight); `ts` turns them into stored text.

    Day 0 is `HISTORY_DAYS + days - 1` days before today; `today_index` is today's day number.
    """

    def __init__(self, today: datetime.date, days: int):
        self.origin = today - datetime.timedelta(days=HISTORY_DAYS + days - 1)
        self.today_index = HISTORY_DAYS + days - 1
        self.first_order_day = HISTORY_DAYS
        self.now = self.today_index * DAY + NOW_TIME
        dates = [self.origin + datetime.timedelta(days=i) for i in range(self.today_index + 60)]
        self.dates = dates
        self.day_text = [d.isoformat() for d in dates]
        self.day_prefix = [d.isoformat() + " " for d in dates]
        self.day_compact = [d.strftime("%Y%m%d") for d in dates]
        self.hms = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]

    def ts(self, t: int) -> str:
        return self.day_prefix[t // DAY] + self.hms[t % DAY]


class _Build:
    """What the stages share: the connection, the random source, the clock, and the ids and
    figures one stage leaves for the next."""

    def __init__(self, conn, *, seed, today, days, customers, orders, progress):
        self.conn = conn
        self.rng = Random(seed)
        self.clock = _Clock(today, days)
        self.days = days
        self.n_customers = customers
        self.n_orders = orders
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.staff_ids: tuple[int, int] = (0, 0)
        # products / variants (filled by _write_products)
        self.variants: list[tuple] = []  # (id, code, name, colour, size, price_fen)
        self.variant_pool_all: list[int] = []  # indexes into variants, repeated by popularity
        self.variant_pool_on_sale: list[int] = []
        # customers (filled by _write_customers)
        self.customer_created: list[int] = []
        # (receiver, phone, province, city, district, street, postcode)
        self.addresses: list[tuple] = []
        self.address_remote: list[bool] = []
        self.customer_address: list[int] = []  # index of the customer's first address
        self.customer_address_count: list[int] = []
        # order figures (filled by _write_orders)
        self.order_count: list[int] = []
        self.spent_fen: list[int] = []
        self.first_order: list[int] = []
        self.last_order: list[int] = []
        self.reserved: list[int] = []
        self.signed_recently: list[tuple[int, int, int]] = []  # (customer id, order id, signed)

    def staff_at(self, t: int) -> int:
        """Who is at the desk at `t`: the day shift until 15:00, then the evening shift."""
        return self.staff_ids[0] if t % DAY < SHIFT_CHANGE else self.staff_ids[1]

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)


def _weighted_pool(weights: list[int]) -> list[int]:
    """Indexes repeated by weight: `pool[int(random() * len(pool))]` draws by weight, cheaply."""
    pool: list[int] = []
    for index, weight in enumerate(weights):
        pool.extend([index] * weight)
    return pool


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text.removesuffix(".0")


# --- staff and profile -------------------------------------------------------------------------


def _write_staff(b: _Build) -> None:
    """The couple. A just-migrated file may already have people (the app's two defaults): keep
    them and use the first two."""
    created = b.clock.ts(0)
    with db.atomic():
        if not b.conn.execute("SELECT EXISTS (SELECT 1 FROM staff)").fetchone()[0]:
            b.executemany(
                "INSERT INTO staff (name, active, position, created_at) VALUES (?, 1, ?, ?)",
                [(name, position, created) for position, name in enumerate(data.STAFF, 1)],
            )
        ids = [
            r[0] for r in b.conn.execute("SELECT id FROM staff ORDER BY active DESC, position, id")
        ]
    b.staff_ids = (ids[0], ids[1] if len(ids) > 1 else ids[0])


def _write_profile(b: _Build) -> None:
    profile = ShopProfile(
        shop_name=data.SHOP_NAME,
        sender_name=data.SENDER_NAME,
        sender_phone=data.SENDER_PHONE,
        sender_address=data.SENDER_ADDRESS,
        ship_cutoff="16:00",
        default_courier="ZTO",
    )
    save_profile(profile)
    # save_profile stamps the wall clock; the demo's rows carry the demo's own time.
    with db.atomic():
        b.conn.execute(
            "UPDATE setting SET updated_at = ? WHERE key = 'shop_profile'", (b.clock.ts(0),)
        )


# --- products ----------------------------------------------------------------------------------


def _write_products(b: _Build) -> None:
    rng = b.rng
    clock = b.clock
    r = rng.random
    total = len(data.PRODUCTS)
    b.progress(_("Products"), 0, total)
    numeric_codes = iter(sorted(rng.sample(range(1, 400), total)))
    used_codes: set[str] = set()
    statuses = ["on_sale"] * total
    for k, index in enumerate(rng.sample(range(total), 8)):
        statuses[index] = "sold_out" if k < 4 else "off_shelf"
    products, variants, charts, chart_rows = [], [], [], []
    weights_all: list[int] = []
    weights_on_sale: list[int] = []
    product_id = variant_id = chart_id = 0
    for index, (cat_key, prefix, name, price, popularity) in enumerate(data.PRODUCTS):
        category, sizes, chart, colours, materials, care, points, weak, colour_notes = (
            data.CATEGORIES[cat_key]
        )
        # Most codes look like "LYQ-2301" (season + number); some shops number plainly: "0012".
        if index % 8 == 5:
            code = f"{next(numeric_codes):04d}"
        else:
            code = f"{prefix}-{rng.randrange(21, 26)}{rng.randrange(1, 100):02d}"
            while code in used_codes:
                code = f"{prefix}-{rng.randrange(21, 26)}{rng.randrange(1, 100):02d}"
        used_codes.add(code)
        product_id += 1
        status = statuses[index]
        created = rng.randrange(0, (HISTORY_DAYS - 1) * DAY)
        cost = int(price * (0.35 + 0.2 * r())) // 100 * 100
        selling = "; ".join(rng.sample(points, min(2, len(points))))
        products.append(
            (
                product_id, code, name, category, price, cost, status,
                rng.choice(materials), care, selling, rng.choice(weak), rng.choice(colour_notes),
                data.FIT_RULES.get(chart, "") if chart else "",
                rng.choice(data.PRODUCT_NOTES),
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
            columns, unit, base, step = data.CHARTS[chart]
            charts.append((chart_id, product_id, _json(list(columns)), unit))
            for si, size in enumerate(sizes):
                values = {c: _number(v + s * si) for c, v, s in zip(columns, base, step)}
                body = data.BODY_RANGES.get(size) or (None, None, None, None)
                chart_rows.append((chart_id, si, size, _json(values), *body))
    with db.atomic():
        b.executemany(
            "INSERT INTO product (id, code, name, pinyin, category, price_fen, cost_fen, status,"
            " material, care, selling_points, weaknesses, color_note, fit_rule, notes,"
            " low_stock_threshold, created_at, updated_at)"
            " VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            products,
        )
        b.executemany(
            "INSERT INTO variant (id, product_id, color, size, color_position, size_position, sku,"
            " stock, reserved, hidden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
            variants,
        )
        b.executemany(
            "INSERT INTO size_chart (id, product_id, columns, unit) VALUES (?, ?, ?, ?)", charts
        )
        b.executemany(
            "INSERT INTO size_chart_row (chart_id, position, size, measurements, height_min,"
            " height_max, weight_min, weight_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            chart_rows,
        )
    b.variant_pool_all = _weighted_pool(weights_all)
    b.variant_pool_on_sale = _weighted_pool(weights_on_sale)
    b.counts.update(
        products=len(products), variants=len(variants), size_charts=len(charts),
        size_chart_rows=len(chart_rows),
    )  # fmt: skip
    b.progress(_("Products"), total, total)


# --- customers ---------------------------------------------------------------------------------


def _customer_name(r, index: int) -> str:
    if index % 97 == 13:
        return data.RARE_NAMES[(index // 97) % len(data.RARE_NAMES)]
    surnames, given = data.SURNAMES, data.GIVEN_CHARS
    surname = (
        data.COMPOUND_SURNAMES[int(r() * len(data.COMPOUND_SURNAMES))]
        if r() < 0.01
        else surnames[int(r() * r() * len(surnames))]  # the common ones more often
    )
    name = given[int(r() * len(given))]
    if r() < 0.7:
        name += given[int(r() * len(given))]
    return surname + name


def _nick(r) -> str:
    x = r()
    if x < 0.4:
        return f"tb_{int(r() * 90_000_000) + 10_000_000}"
    if x < 0.5:
        return f"tb{int(r() * 9_000_000_000) + 1_000_000_000}"
    if x < 0.8:
        word = data.NICK_WORDS[int(r() * len(data.NICK_WORDS))]
        return word + (str(int(r() * 15) + 2010) if r() < 0.6 else str(int(r() * 1000)))
    word = data.NICK_LATIN[int(r() * len(data.NICK_LATIN))]
    return f"{word}_{int(r() * 12) + 1:02d}{int(r() * 28) + 1:02d}"


def _mobile(r) -> str:
    prefixes = data.MOBILE_PREFIXES
    return prefixes[int(r() * len(prefixes))] + f"{int(r() * 100_000_000):08d}"


def _street(r) -> str:
    road = data.ROADS[int(r() * len(data.ROADS))]
    number = int(r() * 900) + 1
    if r() < 0.15:
        place = data.WORKPLACES[int(r() * len(data.WORKPLACES))]
        return f"{road}{number}号{place}{int(r() * 20) + 1}楼"
    community = data.COMMUNITIES[int(r() * len(data.COMMUNITIES))]
    return (
        f"{road}{number}号{community}{int(r() * 30) + 1}栋"
        f"{int(r() * 4) + 1}单元{int(r() * 25) + 1}{int(r() * 4) + 1:02d}室"
    )


def _write_customers(b: _Build) -> None:
    """Customers in the order they were added (ids follow `created_at`), with phones and
    addresses; the order figures are filled in after the orders (`_write_customer_figures`)."""
    rng, clock = b.rng, b.clock
    r = rng.random
    n = b.n_customers
    stage = _("Customers")
    b.progress(stage, 0, n)
    window_start = clock.first_order_day * DAY
    before = max(1, round(n * 0.4))  # the address book from before the order window
    created = sorted(
        [int(r() * window_start) for _ in range(before)]
        + [window_start + int(r() * (clock.now - window_start)) for _ in range(n - before)]
    )
    regions = data.REGIONS
    region_pool = _weighted_pool([region[4] for region in regions])
    customers, phones, addresses = [], [], []
    ts = clock.ts
    for i in range(n):
        cid = i + 1
        name = _customer_name(r, i)
        at = ts(created[i])
        notes = data.CUSTOMER_NOTES[int(r() * len(data.CUSTOMER_NOTES))] if r() < 0.12 else ""
        customers.append((cid, _nick(r), name, notes, at, at))
        own = [_mobile(r)]
        if r() < 0.3:
            own.append(_mobile(r))
        for position, phone in enumerate(own):
            phones.append((cid, phone, position))
        b.customer_address.append(len(b.addresses))
        count = 2 if r() < 0.25 else 1
        b.customer_address_count.append(count)
        for k in range(count):
            province, city, district, postcode, _w, remote = regions[
                region_pool[int(r() * len(region_pool))]
            ]
            receiver = name if k == 0 or r() < 0.5 else _customer_name(r, -1)  # family
            phone = own[k] if k < len(own) else (own[0] if r() < 0.5 else _mobile(r))
            row = (receiver, phone, province, city, district, _street(r), postcode)
            b.addresses.append(row)
            b.address_remote.append(remote)
            addresses.append((cid, *row, 1 if k == 0 else 0, at))
        if len(customers) >= 50_000:
            _flush_customers(b, customers, phones, addresses)
            b.progress(stage, cid, n)
    _flush_customers(b, customers, phones, addresses)
    b.customer_created = created
    b.counts["customers"] = n
    b.progress(stage, n, n)


def _flush_customers(b: _Build, customers: list, phones: list, addresses: list) -> None:
    with db.atomic():
        b.executemany(
            "INSERT INTO customer (id, nick, name, pinyin, notes, merged_into_id, order_count,"
            " total_spent_fen, first_order_at, last_order_at, created_at, updated_at)"
            " VALUES (?, ?, ?, '', ?, NULL, 0, 0, NULL, NULL, ?, ?)",
            customers,
        )
        b.executemany(
            "INSERT INTO customer_phone (customer_id, phone, kind, position)"
            " VALUES (?, ?, 'mobile', ?)",
            phones,
        )
        b.executemany(
            "INSERT INTO address (customer_id, receiver, phone, province, city, district, street,"
            " postcode, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            addresses,
        )
    b.counts["customer_phones"] = b.counts.get("customer_phones", 0) + len(phones)
    b.counts["addresses"] = b.counts.get("addresses", 0) + len(addresses)
    customers.clear()
    phones.clear()
    addresses.clear()


# --- orders ------------------------------------------------------------------------------------


def _orders_per_day(b: _Build) -> list[int]:
    """`orders` shared out over the days: weekends and the last weeks a little busier, today
    only until "now"."""
    rng, clock = b.rng, b.clock
    weights = []
    for i in range(b.days):
        day = clock.dates[clock.first_order_day + i]
        w = (0.85 + 0.3 * i / max(1, b.days - 1)) * (0.85 + 0.3 * rng.random())
        if day.weekday() >= 5:
            w *= 1.15
        weights.append(w)
    hours_before_now = sum(_HOUR_WEIGHTS[: NOW_TIME // HOUR]) + _HOUR_WEIGHTS[NOW_TIME // HOUR] / 2
    weights[-1] *= hours_before_now / sum(_HOUR_WEIGHTS)
    scale = b.n_orders / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    rest = b.n_orders - sum(counts)
    for i in sorted(range(b.days), key=lambda i: counts[i] - shares[i])[:rest]:
        counts[i] += 1
    return counts


_ORDER_SQL = (
    'INSERT INTO "order" (id, number, external_no, customer_id, receiver, phone, province, city,'
    " district, street, postcode, status, flag, courier, goods_fen, postage_fen, discount_fen,"
    " total_fen, gift, buyer_message, source, merged_into_id, created_by_id, created_at, paid_at,"
    " confirmed_at, printed_at, shipped_at, signed_at, completed_at, closed_at, updated_at)"
    " VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'demo', NULL, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?)"
)
_LINE_SQL = (
    "INSERT INTO order_line (order_id, variant_id, position, product_code, product_name, color,"
    " size, quantity, unit_price_fen, discount_fen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
#: Who was at the desk at a stored time (SHIFT_CHANGE, 15:00, as text).
_SHIFT = "CASE WHEN substr({col}, 12) < '15:00:00' THEN :day_shift ELSE :evening_shift END"
_EVENT_STEPS = (
    # (from, to, staff, at column)
    ("NULL", "unpaid", "created_by_id", "created_at"),
    ("'unpaid'", "paid", "NULL", "paid_at"),
    ("'paid'", "confirmed", _SHIFT.format(col="confirmed_at"), "confirmed_at"),
    ("'confirmed'", "printed", _SHIFT.format(col="printed_at"), "printed_at"),
    ("'printed'", "shipped", _SHIFT.format(col="shipped_at"), "shipped_at"),
    ("'shipped'", "signed", "NULL", "signed_at"),
    ("'signed'", "completed", "NULL", "completed_at"),
    (
        "CASE WHEN printed_at IS NOT NULL THEN 'printed' WHEN confirmed_at IS NOT NULL"
        " THEN 'confirmed' WHEN paid_at IS NOT NULL THEN 'paid' ELSE 'unpaid' END",
        "closed",
        "CASE WHEN paid_at IS NULL THEN NULL ELSE " + _SHIFT.format(col="closed_at") + " END",
        "closed_at",
    ),
)
#: The lifecycle log, derived from the `*_at` columns of a range of orders (:first to :last),
#: in order id then step order. Orders created since :full_from get every step; older ones only
#: the step into their present status (the log of a finished order is rarely read, and this
#: keeps a million-order demo fast). The couple's shift decides who did the desk's steps
#: (confirm, print, hand to the courier, close a paid order); payment, delivery and completion
#: come from the buyer or the platform (no staff).
_EVENT_SQL = (
    "INSERT INTO order_event (order_id, kind, from_status, to_status, note, staff_id, at)"
    " SELECT id, 'status', from_status, to_status, '', staff, at FROM ("
    + " UNION ALL ".join(
        f"SELECT id, {step} AS step, {from_} AS from_status, '{to}' AS to_status,"
        f' {staff} AS staff, {column} AS at FROM "order"'
        f" WHERE id BETWEEN :first AND :last AND {column} IS NOT NULL"
        f" AND (created_at >= :full_from OR status = '{to}')"
        for step, (from_, to, staff, column) in enumerate(_EVENT_STEPS)
    )
    + ") ORDER BY id, step"
)
_MEMO_SQL = (
    "INSERT INTO order_memo (order_id, flag, text, staff_id, at, read_at, read_by_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_SHIPMENT_SQL = (
    "INSERT INTO shipment (order_id, courier, tracking_no, staff_id, created_at, shipped_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def _timeline(r, t: int, now: int, remote: bool, ship_later: bool) -> tuple:
    """The life of an order created at `t`, as far as "now" reaches.

    Returns (status, paid, confirmed, printed, shipped, signed, completed, closed): times in
    seconds, None for the steps not reached. 6% are never paid (closed within 3 days); 2% of the
    paid are refunded and closed before they ship. Confirmation happens during working hours
    (08:30-23:00); labels are printed in batches at 11:00, 16:10 (the cut-off) and 20:00; the
    courier picks up at 17:30-18:30; transit takes 1-3 days, 2 more to remote regions; the buyer
    confirms receipt within two days, or the platform does after ten.
    """
    paid = confirmed = printed = shipped = signed = completed = closed = None
    if r() < 0.06:
        x = t + 2 * HOUR + int(r() * 70 * HOUR)
        if x <= now:
            return "closed", None, None, None, None, None, None, x
        return "unpaid", None, None, None, None, None, None, None
    x = t + (30 + int(r() * 900) if r() < 0.8 else 900 + int(r() * 36000))
    if x > now:
        return "unpaid", None, None, None, None, None, None, None
    paid = x
    status = "paid"
    refund = x + 600 + int(r() * 40000) if r() < 0.02 else now + DAY
    tod = x % DAY
    if 30600 <= tod < 82800:  # half the buyers answer the confirmation sheet at once
        x += 120 + int(r() * 5400) if r() < 0.5 else HOUR + int(r() * 8 * HOUR)
    if not 30600 <= x % DAY < 82800:
        x = (x // DAY + (x % DAY >= 82800)) * DAY + 9 * HOUR + int(r() * HOUR)
    if x <= now and x < refund:
        confirmed = x
        status = "confirmed"
        tod = x % DAY
        base = x - tod
        if ship_later:  # the buyer asked for it (green flag)
            base += (2 + int(r() * 3)) * DAY
            tod = 0
        if tod < 39600:
            x = base + 39600
        elif tod < 58200:
            x = base + 58200
        elif tod < 72000:
            x = base + 72000
        else:
            x = base + DAY + 39600
        x += int(r() * 1200)
        if x <= now and x < refund:
            printed = x
            status = "printed"
            tod = x % DAY
            x = x - tod + (DAY if tod >= 63000 else 0) + 63000 + int(r() * HOUR)
            if x < refund:
                refund = now + DAY  # too late to stop it: the parcel went out
            if x <= now and x < refund:
                shipped = x
                status = "shipped"
                transit = 1 + int(r() * 2.5) + (2 if remote else 0)
                x = (x // DAY + transit) * DAY + 8 * HOUR + int(r() * 12 * HOUR)
                if x <= now:
                    signed = x
                    status = "signed"
                    x += 1800 + int(r() * 2 * DAY) if r() < 0.6 else 10 * DAY + int(r() * HOUR)
                    if x <= now:
                        completed = x
                        status = "completed"
    if refund <= now:
        closed = refund
        status = "closed"
    return status, paid, confirmed, printed, shipped, signed, completed, closed


#: Today's showcase: (status, created from, created until) — the latest order of today created
#: in that window is given that status, so that even a small demo shows every early state on
#: the Today page: printed in the 20:00 batch, confirmed after it, paid, not yet paid.
_SHOWCASE = (
    ("printed", 16 * HOUR + 15 * 60, 19 * HOUR),
    ("confirmed", 19 * HOUR, NOW_TIME - 15 * 60),
    ("paid", 12 * HOUR, NOW_TIME - 5 * 60),  # the buyer has not answered the sheet yet
    ("unpaid", 0, NOW_TIME),
)


def _showcase(times: list[int], day0: int) -> dict[int, str]:
    """{sequence number: status} for today's orders (`times` sorted, seconds)."""
    chosen: dict[int, str] = {}
    for status, start, end in _SHOWCASE:
        for seq in range(len(times), 0, -1):
            if seq not in chosen and day0 + start <= times[seq - 1] < day0 + end:
                chosen[seq] = status
                break
    return chosen


def _showcase_timeline(r, t: int, status: str) -> tuple:
    """A timeline that stops at `status` by "now" (see `_SHOWCASE` for the created times)."""
    if status == "unpaid":
        return status, None, None, None, None, None, None, None
    paid = t + 30 + int(r() * 120)
    if status == "paid":
        return status, paid, None, None, None, None, None, None
    confirmed = paid + 120 + int(r() * 300)
    if status == "confirmed":
        return status, paid, confirmed, None, None, None, None, None
    printed = t - t % DAY + 72000 + int(r() * 1200)
    return status, paid, confirmed, printed, None, None, None, None


def _write_orders(b: _Build) -> None:
    """Orders day by day, in time order (numbers YYYYMMDD-NNNNN follow the time of day), each
    with 1-3 lines, a courier, maybe a flag with its memo, a shipment once printed; the lifecycle
    events are derived in SQL (`_EVENT_SQL`). This loop runs a million times: it keeps to local
    names and precomputed tables.
    """
    rng, clock = b.rng, b.clock
    r = rng.random
    stage = _("Orders")
    b.progress(stage, 0, b.n_orders)

    b.order_count = count_ = [0] * b.n_customers
    b.spent_fen = spent_ = [0] * b.n_customers
    b.first_order = first_ = [-1] * b.n_customers
    b.last_order = last_ = [-1] * b.n_customers
    b.reserved = reserved_ = [0] * len(b.variants)
    signed_recently = b.signed_recently

    day_prefix, hms, compact = clock.day_prefix, clock.hms, clock.day_compact
    now = clock.now
    recent_start = now - RECENT_DAYS * DAY
    follow_up_start = now - 14 * DAY
    staff_a, staff_b = b.staff_ids
    shift_change = SHIFT_CHANGE
    variants = b.variants
    pool_all = b.variant_pool_all
    pool_on_sale = b.variant_pool_on_sale or pool_all
    addresses, remote_ = b.addresses, b.address_remote
    addr_first, addr_count = b.customer_address, b.customer_address_count
    created_customers = b.customer_created
    hour_pool = [h * HOUR for h in _weighted_pool(list(_HOUR_WEIGHTS))]
    n_hours = len(hour_pool)

    couriers = data.COURIERS
    courier_codes = [c[0] for c in couriers]
    courier_pool = _weighted_pool([c[1] for c in couriers])
    remote_pool = _weighted_pool([c[2] for c in couriers])
    n_courier_pool, n_remote_pool = len(courier_pool), len(remote_pool)
    sf = courier_codes.index("SF")
    tracking_prefixes = [c[3] for c in couriers]
    tracking_next = [rng.randrange(10 ** (c[4] - 1), 3 * 10 ** (c[4] - 1)) for c in couriers]
    flag_pool = ("red",) * 7 + ("yellow",) * 4 + ("green",) * 3 + ("blue",) * 4 + ("purple",) * 2
    memos = data.MEMOS
    messages, gifts = data.BUYER_MESSAGES, data.GIFTS
    coupons = (300, 500, 1000, 2000)

    order_rows: list[tuple] = []
    line_rows: list[tuple] = []
    memo_rows: list[tuple] = []
    shipment_rows: list[tuple] = []
    totals = {"order_lines": 0, "order_events": 0, "order_memos": 0, "shipments": 0}
    flushed = [0]
    event_params = {
        "full_from": clock.ts(now - FULL_HISTORY_DAYS * DAY),
        "day_shift": staff_a,
        "evening_shift": staff_b,
    }

    def flush(done: int) -> None:
        conn = b.conn
        with db.atomic():
            conn.executemany(_ORDER_SQL, order_rows)
            conn.executemany(_LINE_SQL, line_rows)
            conn.executemany(_MEMO_SQL, memo_rows)
            conn.executemany(_SHIPMENT_SQL, shipment_rows)
            events = conn.execute(
                _EVENT_SQL, {"first": flushed[0] + 1, "last": done, **event_params}
            ).rowcount
        flushed[0] = done
        totals["order_lines"] += len(line_rows)
        totals["order_events"] += events
        totals["order_memos"] += len(memo_rows)
        totals["shipments"] += len(shipment_rows)
        for rows in (order_rows, line_rows, memo_rows, shipment_rows):
            rows.clear()
        b.progress(stage, done, b.n_orders)

    def text(x):
        return None if x is None else day_prefix[x // DAY] + hms[x % DAY]

    oid = 0
    for day_offset, n_day in enumerate(_orders_per_day(b)):
        day = clock.first_order_day + day_offset
        day0 = day * DAY
        limit = now if day == clock.today_index else day0 + DAY
        times = []
        for _i in range(n_day):
            t = day0 + hour_pool[int(r() * n_hours)] + int(r() * HOUR)
            while t >= limit:
                t = day0 + hour_pool[int(r() * n_hours)] + int(r() * HOUR)
            times.append(t)
        times.sort()
        eligible = max(1, bisect_right(created_customers, day0))
        number_prefix = compact[day] + "-"
        pool = pool_on_sale if day0 >= recent_start else pool_all
        n_pool = len(pool)
        showcase = _showcase(times, day0) if day == clock.today_index else {}
        for seq, t in enumerate(times, 1):
            oid += 1
            # the buyer: a just-added customer buying at once, or (mostly older) regulars
            if r() < 0.35:
                ci = eligible - 1 - int(r() * r() * eligible)
            else:
                ci = int(r() * r() * eligible)
            ai = addr_first[ci]
            if addr_count[ci] > 1 and r() < 0.3:
                ai += 1
            remote = remote_[ai]

            goods = 0
            x = r()
            n_lines = 1 if x < 0.7 else (2 if x < 0.92 else 3)
            picked = []
            for position in range(n_lines):
                vi = pool[int(r() * n_pool)]
                if vi in picked:
                    continue
                picked.append(vi)
                vid, code, name, colour, size, price = variants[vi]
                x = r()
                qty = 1 if x < 0.88 else (2 if x < 0.98 else 3)
                line_discount = 0
                if r() < 0.08:
                    line_discount = min(coupons[int(r() * 4)], price * qty // 2)
                goods += qty * price - line_discount
                line_rows.append(
                    (oid, vid, position, code, name, colour, size, qty, price, line_discount)
                )

            if remote:
                c = remote_pool[int(r() * n_remote_pool)]
                postage = 1000 + 500 * int(r() * 3)
            else:
                c = courier_pool[int(r() * n_courier_pool)]
                postage = 0
            flag = None
            if r() < 0.12:
                flag = flag_pool[int(r() * 20)]
                if flag == "yellow":  # a special courier request: 顺丰, the difference paid
                    c = sf
                    if r() < 0.7:
                        postage += 1200
            discount = 0
            if r() < 0.15:
                coupon = coupons[int(r() * 4)]
                if goods >= coupon * 8:
                    discount = coupon
            total = goods + postage - discount
            gift = gifts[int(r() * len(gifts))] if flag == "blue" and r() < 0.6 else ""
            message = messages[int(r() * len(messages))] if r() < 0.1 else ""

            if showcase and seq in showcase:
                timeline = _showcase_timeline(r, t, showcase[seq])
            else:
                timeline = _timeline(r, t, now, remote, flag == "green")
            status, paid, confirmed, printed, shipped, signed, completed, closed = timeline
            if printed is not None:
                tracking_next[c] += 1 + int(r() * 7)  # the outlet's numbers, in order
                prefixes = tracking_prefixes[c]
                tracking = prefixes[int(r() * len(prefixes))] + str(tracking_next[c])
                printer = staff_a if printed % DAY < shift_change else staff_b
                shipment_rows.append(
                    (oid, courier_codes[c], tracking, printer, text(printed), text(shipped))
                )
                if signed is not None and signed >= follow_up_start and r() < 0.5:
                    signed_recently.append((ci + 1, oid, signed))
            if flag is not None:
                x = min(t + 60 + int(r() * 1800), now)
                s = staff_a if x % DAY < shift_change else staff_b
                read_at = read_by = None
                if x + HOUR <= now and r() < 0.8:
                    read_at = text(min(x + int(r() * 8 * HOUR), now))
                    read_by = staff_b if s == staff_a else staff_a
                texts = memos[flag]
                memo_rows.append(
                    (oid, flag, texts[int(r() * len(texts))], s, text(x), read_at, read_by)
                )
            if paid is not None and closed is None:
                count_[ci] += 1
                spent_[ci] += total
                if first_[ci] < 0:
                    first_[ci] = t
                last_[ci] = t
                if shipped is None:  # the goods are held for it (variant id = index + 1)
                    for line in line_rows[-len(picked) :]:
                        reserved_[line[1] - 1] += line[7]
            last = closed or completed or signed or shipped or printed or confirmed or paid or t
            created_by = staff_a if t % DAY < shift_change else staff_b
            order_rows.append(
                (oid, number_prefix + f"{seq:05d}", ci + 1, *addresses[ai], status, flag,
                 courier_codes[c], goods, postage, discount, total, gift, message, created_by,
                 text(t), text(paid), text(confirmed), text(printed), text(shipped), text(signed),
                 text(completed), text(closed), text(last))
            )  # fmt: skip
            if len(order_rows) >= BATCH_ORDERS:
                flush(oid)
    flush(oid)
    b.counts.update(orders=oid, **totals)


# --- customer figures, groups, tags, follow-ups ------------------------------------------------


def _write_customer_figures(b: _Build) -> None:
    """The derived columns, from what `_write_orders` counted (paid and not closed)."""
    ts = b.clock.ts
    rows = []
    for i, count in enumerate(b.order_count):
        if count:
            last = ts(b.last_order[i])
            rows.append((count, b.spent_fen[i], ts(b.first_order[i]), last, last, i + 1))
    with db.atomic():
        b.executemany(
            "UPDATE customer SET order_count = ?, total_spent_fen = ?, first_order_at = ?,"
            " last_order_at = ?, updated_at = ? WHERE id = ?",
            rows,
        )


def _write_stock_held(b: _Build) -> None:
    """`reserved` = what paid orders not yet shipped hold; stock on hand covers it."""
    rows = [(held, held, b.variants[vi][0]) for vi, held in enumerate(b.reserved) if held]
    with db.atomic():
        b.executemany(
            "UPDATE variant SET reserved = ?, stock = max(stock, ? + 2) WHERE id = ?", rows
        )


def _write_groups_and_tags(b: _Build) -> None:
    """Built-in groups by key (kept when the file has them already), memberships by the rules
    the couple use: no order yet → potential, one → new, more → repeat, big spenders → VIP."""
    rng, ts = b.rng, b.clock.ts
    r = rng.random
    conn = b.conn
    with db.atomic():
        group_ids = {}
        for position, (key, name, colour) in enumerate(data.GROUPS, 1):
            conn.execute(
                "INSERT INTO customer_group (key, name, color, note, position)"
                " VALUES (?, ?, ?, '', ?) ON CONFLICT DO NOTHING",
                (key, name, colour, position),
            )
            row = conn.execute(
                "SELECT id FROM customer_group WHERE key = ? UNION ALL"
                " SELECT id FROM customer_group WHERE name = ?",
                (key, name),
            ).fetchone()
            group_ids[key or name] = row[0]
        conn.executemany(
            "INSERT INTO tag (name) VALUES (?) ON CONFLICT DO NOTHING", [(t,) for t in data.TAGS]
        )
        tag_ids = [
            conn.execute("SELECT id FROM tag WHERE name = ?", (t,)).fetchone()[0] for t in data.TAGS
        ]
    own_group = group_ids[data.GROUPS[-1][1]]
    members, tags = [], []
    for i, count in enumerate(b.order_count):
        cid = i + 1
        created = ts(b.customer_created[i])
        if count == 0:
            members.append((cid, group_ids["potential"], created))
        else:
            first, last = ts(b.first_order[i]), ts(b.last_order[i])
            if count == 1:
                members.append((cid, group_ids["new"], first))
            else:
                members.append((cid, group_ids["repeat"], last))
            if b.spent_fen[i] >= 200_000 or count >= 12:
                members.append((cid, group_ids["vip"], last))
        if i % 250 == 17:
            members.append((cid, group_ids["blacklist"], created))
        if r() < 0.08:
            members.append((cid, own_group, created))
        if r() < 0.2:
            for tag in rng.sample(tag_ids, 1 if r() < 0.7 else 2):
                tags.append((cid, tag))
    with db.atomic():
        b.executemany(
            "INSERT INTO customer_group_member (customer_id, group_id, added_at) VALUES (?, ?, ?)",
            members,
        )
        b.executemany("INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)", tags)
    b.counts.update(
        customer_groups=len(group_ids), group_members=len(members), tags=len(tag_ids),
        customer_tags=len(tags),
    )  # fmt: skip


def _write_follow_ups(b: _Build) -> None:
    """回访: "did it arrive?" two days after a parcel was signed for (done, skipped or still
    open), a repurchase reminder for some regulars, a promotion call for some big spenders."""
    rng, clock = b.rng, b.clock
    r = rng.random
    ts, day_text = clock.ts, clock.day_text
    today = clock.today_index
    rows = []
    for cid, oid, signed in b.signed_recently:
        due = signed // DAY + 2
        status, note, done_at, who = "open", "", None, None
        if due < today:
            x = r()
            if x < 0.7:
                status = "done"
                note = data.FOLLOW_UP_NOTES_DONE[int(r() * len(data.FOLLOW_UP_NOTES_DONE))]
            elif x < 0.8:
                status = "skipped"
                note = data.FOLLOW_UP_NOTES_SKIPPED[int(r() * len(data.FOLLOW_UP_NOTES_SKIPPED))]
            if status != "open":
                x = due * DAY + 10 * HOUR + int(r() * 10 * HOUR)
                done_at, who = ts(x), b.staff_at(x)
        rows.append(
            (cid, oid, day_text[due], "after_delivery", "", status, note, who, done_at, ts(signed))
        )
    for i, count in enumerate(b.order_count):
        if count >= 2 and r() < 0.02:
            last = b.last_order[i]
            rows.append(
                (i + 1, None, day_text[last // DAY + 30], "repurchase",
                 data.REPURCHASE_TEXT, "open", "", None, None, ts(last))
            )  # fmt: skip
        elif b.spent_fen[i] >= 200_000 and r() < 0.1:
            rows.append(
                (i + 1, None, day_text[today + 3], "promotion", data.PROMOTION_TEXT, "open", "",
                 None, None, ts(clock.now))
            )  # fmt: skip
    with db.atomic():
        b.executemany(
            "INSERT INTO follow_up (customer_id, order_id, due_date, reason, reason_text, status,"
            " note, staff_id, done_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    b.counts["follow_ups"] = len(rows)


#: Small tables, written with their indexes in place.
_SETUP_STAGES: tuple[Callable[[_Build], None], ...] = (
    _write_staff,
    _write_profile,
    _write_products,
)
#: The big tables (see `_BULK_TABLES`), in dependency order.
_BULK_STAGES: tuple[Callable[[_Build], None], ...] = (
    _write_customers,
    _write_orders,
    _write_customer_figures,
    _write_stock_held,
    _write_groups_and_tags,
    _write_follow_ups,
)
