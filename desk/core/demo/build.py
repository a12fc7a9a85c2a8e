"""`build_demo`: the file handling and the order of the stages.

The file is refused when it already holds a shop, created when missing (and removed again when
the build fails or is cancelled), filled by the stages with the fast pragmas, then given back
its usual pragmas and checkpointed. Each feature area has its own `write_*` stage in its module,
listed in `SETUP_STAGES` (small tables, indexes kept) or `BULK_STAGES` (the large tables of
`BULK_TABLES`, whose indexes are built once at the end), then `INDEX_STAGES` (derived data read
through those indexes: the customer search index). A later feature (returns, notebooks, books)
adds its function to a list and reads what earlier stages left in `Build`.
"""

from __future__ import annotations

import datetime
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from pathlib import Path

from desk.core.demo.context import Build, Progress
from desk.core.demo.customers import (
    write_customer_figures,
    write_customers,
    write_groups_and_tags,
    write_imported_orders,
    write_search_index,
)
from desk.core.demo.follow_ups import write_follow_ups
from desk.core.demo.orders import write_orders
from desk.core.demo.products import write_new_arrivals, write_products
from desk.core.demo.replies import write_replies
from desk.core.demo.shop import write_profile, write_staff
from desk.core.demo.stock import write_stock_held, write_stock_log
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import (
    PRAGMAS,
    acquire_writer_lock,
    db,
    open_shop,
    read_only_connection,
)
from desk.i18n import _

#: A file holding rows in any of these is a shop: the demo is never written into it.
_BUSY_TABLES = ("customer", "order", "product")
#: The tables filled by the million; their indexes are built once at the end (faster than
#: keeping them up to date row by row).
BULK_TABLES = (
    "customer", "customer_phone", "address", "customer_group_member", "customer_tag", "follow_up",
    "order", "order_line", "order_event", "order_memo", "shipment", "stock_movement",
)  # fmt: skip
#: Small tables, written with their indexes in place.
SETUP_STAGES: tuple[Callable[[Build], None], ...] = (
    write_staff,
    write_profile,
    write_products,
    write_new_arrivals,
    write_replies,
)
#: The big tables (see `BULK_TABLES`), in dependency order (imported_order is small, and
#: written with its indexes: it comes from one Taobao export).
BULK_STAGES: tuple[Callable[[Build], None], ...] = (
    write_customers,
    write_orders,
    write_imported_orders,
    write_customer_figures,
    write_stock_held,
    write_stock_log,
    write_groups_and_tags,
    write_follow_ups,
)
#: After the indexes of the big tables are back: what is derived from the rows through them.
INDEX_STAGES: tuple[Callable[[Build], None], ...] = (write_search_index,)


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` wrote: rows per table and how long it took."""

    path: Path
    staff: int
    products: int
    variants: int
    size_charts: int
    size_chart_rows: int
    stock_movements: int
    reply_groups: int
    quick_replies: int
    customers: int
    customer_phones: int
    addresses: int
    customer_groups: int
    group_members: int
    tags: int
    customer_tags: int
    follow_ups: int
    imported_orders: int
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
        build = Build(
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


def _fill(build: Build) -> None:
    conn = build.conn
    # The file is new and nobody else can open it (we hold the lock): while it is filled,
    # skip fsyncs and per-row foreign-key lookups. A crash now leaves a half-written demo,
    # never a damaged real shop; the usual pragmas come back below, and the rows are made
    # consistent by construction (tests/core/test_demo.py runs foreign_key_check).
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MB
    try:
        for stage in SETUP_STAGES:
            stage(build)
        with _indexes_set_aside(conn, BULK_TABLES):
            for stage in BULK_STAGES:
                stage(build)
            build.progress(_("Building indexes"), 0, 1)
        build.progress(_("Building indexes"), 1, 1)
        for stage in INDEX_STAGES:
            stage(build)
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
