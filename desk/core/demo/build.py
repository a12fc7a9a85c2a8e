"""`build_demo`: the file handling and the order of the stages.

The file is refused when it already holds a shop, created when missing (and removed again when
the build fails or is cancelled), filled by the stages with the fast pragmas, then given back
its usual pragmas and checkpointed. Each feature area has its own `write_*` stage in its module,
listed in `SETUP_STAGES` (small tables, indexes kept) or `BULK_STAGES` (the large tables of
`BULK_TABLES`, whose indexes are built once at the end, by a second connection in a thread),
then `WHILE_INDEXING` (derived data made in Python meanwhile from what the stages kept in
memory, written once the indexes are back: the customer search index). A later feature (returns, notebooks, books)
adds its function to a list and reads what earlier stages left in `Build`.
"""

from __future__ import annotations

import datetime
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, fields
from pathlib import Path

from desk.core.demo.context import Build, Progress
from desk.core.demo.books import write_books
from desk.core.demo.customers import (
    write_customer_figures,
    write_customers,
    write_groups_and_tags,
    write_imported_orders,
    prepare_search_index,
)
from desk.core.demo.follow_ups import write_follow_ups
from desk.core.demo.notebook import write_notebooks
from desk.core.demo.orders import write_orders
from desk.core.demo.products import write_new_arrivals, write_products
from desk.core.demo.replies import write_replies
from desk.core.demo.returns import write_returns
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
    "ledger_entry",
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
    write_returns,  # after the orders; before the books (refunds)
    write_notebooks,
    write_books,  # after every stage that writes orders, refunds or shipments
)
#: Python work done while another thread builds the big tables' indexes (SQLite releases the
#: GIL meanwhile): each reads only what earlier stages left in `Build`, never the connection,
#: and returns what writes its rows once the indexes are back (derived data: the search index).
WHILE_INDEXING: tuple[Callable[[Build], Callable[[], None]], ...] = (prepare_search_index,)


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
        indexes = _drop_indexes(conn, BULK_TABLES)
        try:
            for stage in BULK_STAGES:
                stage(build)
        except BaseException:
            with suppress(sqlite3.Error):  # the first error is the one to report
                _create_indexes(conn, indexes)
            raise
        build.progress(_("Building indexes"), 0, 1)
        writers = _while_creating_indexes(build, indexes, WHILE_INDEXING)
        build.progress(_("Building indexes"), 1, 1)
        for write in writers:
            write()
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


def _drop_indexes(conn: sqlite3.Connection, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """Drop the indexes of `tables` (the file is new and ours); `_create_indexes` makes them
    again with their own stored SQL, so the schema is exactly what the migrations made."""
    marks = ", ".join("?" * len(tables))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) ORDER BY rowid",
        tables,
    ).fetchall()
    with db.atomic():
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
    return indexes


def _create_indexes(conn: sqlite3.Connection, indexes: list[tuple[str, str]]) -> None:
    """On a raw connection (in a transaction of its own: it may be the thread's)."""
    conn.execute("BEGIN")
    try:
        for _name, sql in indexes:
            conn.execute(sql)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _while_creating_indexes(
    build: Build,
    indexes: list[tuple[str, str]],
    stages: tuple[Callable[[Build], Callable[[], None]], ...],
) -> list[Callable[[], None]]:
    """Create `indexes` through a second connection in a thread (SQLite works without the GIL)
    while `stages` run here; their writers are returned once the indexes are back. The main
    connection stays idle meanwhile (the stages do not read it), so nothing waits for a lock.
    A failure of either side is raised after both ended (the indexes are made again then)."""
    path = build.conn.execute("PRAGMA database_list").fetchone()[2]
    failed: list[BaseException] = []

    def create() -> None:
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            try:
                conn.execute(f"PRAGMA busy_timeout = {PRAGMAS['busy_timeout']:d}")
                conn.execute("PRAGMA synchronous = OFF")
                conn.execute("PRAGMA cache_size = -262144")
                conn.execute("PRAGMA temp_store = memory")
                _create_indexes(conn, indexes)
            finally:
                conn.close()
        except BaseException as error:  # raised again in the caller's thread
            failed.append(error)

    thread = threading.Thread(target=create, name="demo-indexes", daemon=True)
    thread.start()
    try:
        writers = [stage(build) for stage in stages]
    finally:
        thread.join()
        if failed:
            with suppress(sqlite3.Error):
                _create_indexes(build.conn, indexes)
    if failed:
        raise failed[0]
    return writers
