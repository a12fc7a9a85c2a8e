"""The demo shop: the build (deterministic, valid, the migrated schema intact, never written over
a real shop, cancellable), the orders (money, timelines, numbers, events, tracking numbers), stock
held and its log, products and the handbook's services (pinyin search, quick replies, size
charts). The address book side (customers, groups, follow-ups, duplicates, imported orders, the
search index) is in test_demo_customers.py."""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import re
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from desk.core import replies, sizes, stock
from desk.core.demo import DemoSummary, build_demo
from desk.core.demo.catalogue import NEW_ARRIVALS
from desk.core.errors import DomainError
from desk.core.products import product_search_key, search_products
from desk.core.staff import ensure_default_staff
from desk.db.connection import db, open_shop
from desk.i18n import _

TODAY = datetime.date(2025, 11, 20)
SMALL = dict(customers=200, orders=1500, days=60, today=TODAY)

STATUSES = ("unpaid", "paid", "confirmed", "printed", "shipped", "signed", "completed", "closed")
STEPS = ("paid_at", "confirmed_at", "printed_at", "shipped_at", "signed_at", "completed_at")
TRACKING = {
    "SF": r"^SF\d{13}$",
    "YTO": r"^YT\d{13}$",
    "ZTO": r"^7[358]\d{12}$",
    "STO": r"^77\d{13}$",
    "YUNDA": r"^46\d{13}$",
    "JT": r"^JT\d{13}$",
    "EMS": r"^98\d{11}$",
    "JD": r"^JDVA\d{11}$",
}


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def _tables(conn: sqlite3.Connection) -> list[str]:
    # schema_migration records when the migration ran (the wall clock): not demo content;
    # the FTS5 shadow tables are derived from the customer rows (compared through them)
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != 'schema_migration' AND name NOT LIKE 'customer\\_fts%' ESCAPE '\\'"
            " AND name NOT LIKE 'customer\\_gram%' ESCAPE '\\' ORDER BY name"
        )
    ]


def _digest(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        h = hashlib.sha256()
        for table in _tables(conn):
            h.update(table.encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                h.update(repr(tuple(row)).encode())
        for index in ("customer_fts", "customer_gram"):  # what the search reads, not how
            h.update(index.encode())
            for row in conn.execute(f"SELECT rowid, body FROM {index} ORDER BY rowid"):
                h.update(repr(tuple(row)).encode())
        return h.hexdigest()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    summary = build_demo(path, seed=7, **SMALL)
    assert db.is_closed()
    return path, summary


@pytest.fixture
def conn(demo):
    connection = connect(demo[0])
    yield connection
    connection.close()


@pytest.fixture
def opened(demo, tmp_path):
    """A copy of the demo file, opened as the app opens it (the services read it)."""
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(demo[0]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    source.close()
    target.close()
    shop = open_shop(copy)
    yield copy
    shop.close()


def test_same_seed_gives_the_same_rows_and_another_seed_others(demo, tmp_path):
    again = tmp_path / "again.sqlite3"
    other = tmp_path / "other.sqlite3"
    build_demo(again, seed=7, **SMALL)
    build_demo(other, seed=8, **SMALL)
    assert _digest(again) == _digest(demo[0])
    assert _digest(other) != _digest(demo[0])


def test_summary_counts_match_the_tables(demo, conn):
    path, summary = demo
    tables = {
        "staff": "staff", "products": "product", "variants": "variant",
        "size_charts": "size_chart", "size_chart_rows": "size_chart_row",
        "stock_movements": "stock_movement", "reply_groups": "reply_group",
        "quick_replies": "quick_reply",
        "customers": "customer", "customer_phones": "customer_phone", "addresses": "address",
        "customer_groups": "customer_group", "group_members": "customer_group_member",
        "tags": "tag", "customer_tags": "customer_tag", "follow_ups": "follow_up",
        "imported_orders": "imported_order",
        "orders": "order", "order_lines": "order_line", "order_events": "order_event",
        "order_memos": "order_memo", "shipments": "shipment",
    }  # fmt: skip
    for field, table in tables.items():
        count = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        assert getattr(summary, field) == count, table
    assert summary.customers == 200 and summary.orders == 1500
    assert summary.path == path
    text = str(summary)
    assert "200" in text and "1500" in text and "{" not in text


def test_file_is_valid_and_keeps_the_migrated_schema(demo, conn, tmp_path):
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fresh = tmp_path / "fresh.sqlite3"
    open_shop(fresh).close()
    with sqlite3.connect(fresh) as other:
        expected = set(other.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    schema = {tuple(r) for r in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")}
    assert schema == expected
    # the usual pragmas are back: WAL, and the file is checkpointed
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_status_and_flag_is_present(conn):
    statuses = {r[0] for r in conn.execute('SELECT DISTINCT status FROM "order"')}
    assert statuses == set(STATUSES)
    flags = {r[0] for r in conn.execute('SELECT DISTINCT flag FROM "order" WHERE flag IS NOT NULL')}
    assert flags == {"red", "yellow", "green", "blue", "purple"}
    memo_flags = {r[0] for r in conn.execute("SELECT DISTINCT flag FROM order_memo")}
    assert memo_flags == flags | {None}  # None: the memo a merge leaves
    unmemoed = conn.execute(  # a merged order's memos moved to the order it went into
        'SELECT count(*) FROM "order" o WHERE flag IS NOT NULL AND merged_into_id IS NULL'
        " AND NOT EXISTS (SELECT 1 FROM order_memo m WHERE m.order_id = o.id AND m.flag = o.flag)"
    ).fetchone()[0]
    assert unmemoed == 0


def test_money_adds_up(conn):
    lines = defaultdict(list)
    for line in conn.execute("SELECT * FROM order_line ORDER BY id"):
        lines[line["order_id"]].append(line)
    orders = conn.execute('SELECT * FROM "order"').fetchall()
    assert len(lines) == len(orders)
    mains = {o["merged_into_id"] for o in orders if o["merged_into_id"]}
    for order in orders:
        own = lines[order["id"]]
        assert 1 <= len(own) <= (6 if order["id"] in mains else 3)
        goods = sum(li["quantity"] * li["unit_price_fen"] - li["discount_fen"] for li in own)
        assert order["goods_fen"] == goods
        assert order["total_fen"] == goods + order["postage_fen"] - order["discount_fen"]
        assert order["total_fen"] > 0
        assert all(0 <= li["discount_fen"] < li["quantity"] * li["unit_price_fen"] for li in own)


def test_lines_snapshot_their_variant(conn):
    wrong = conn.execute(
        "SELECT count(*) FROM order_line l JOIN variant v ON v.id = l.variant_id"
        " JOIN product p ON p.id = v.product_id"
        " WHERE l.product_code != p.code OR l.product_name != p.name OR l.color != v.color"
        " OR l.size != v.size OR l.unit_price_fen != p.price_fen"
    ).fetchone()[0]
    assert wrong == 0
    unlinked = conn.execute("SELECT count(*) FROM order_line WHERE variant_id IS NULL")
    assert unlinked.fetchone()[0] == 0


def test_timestamps_follow_the_status(conn):
    touched = defaultdict(list)  # memos and merges change updated_at too
    for order_id, at in conn.execute(
        "SELECT order_id, at FROM order_memo UNION ALL"
        " SELECT order_id, at FROM order_event WHERE kind = 'merge'"
    ):
        touched[order_id].append(at)
    reached = {
        "unpaid": 0, "paid": 1, "confirmed": 2, "printed": 3, "shipped": 4, "signed": 5,
        "completed": 6,
    }  # fmt: skip
    for order in conn.execute('SELECT * FROM "order"'):
        status = order["status"]
        times = [order["created_at"]] + [order[c] for c in STEPS]
        if status == "closed":
            assert order["closed_at"] is not None
            assert order["shipped_at"] is None  # refunds happen before the parcel goes out
            steps = [t for t in times if t is not None]
            assert order["closed_at"] > steps[-1]
        else:
            assert order["closed_at"] is None
            n = reached[status]
            assert all(t is not None for t in times[: n + 1]), order["number"]
            assert all(t is None for t in times[n + 1 :]), order["number"]
            steps = times[: n + 1]
        assert steps == sorted(steps), order["number"]
        changed = times + [order["closed_at"]] + touched[order["id"]]
        assert order["updated_at"] == max(t for t in changed if t), order["number"]
        assert order["created_at"] <= f"{TODAY} 21:30:00"


def test_older_orders_are_done_and_recent_ones_early(conn):
    def statuses(where: str, day: datetime.date) -> Counter:
        rows = conn.execute(f'SELECT status FROM "order" WHERE created_at {where} ?', (str(day),))
        return Counter(r[0] for r in rows)

    old = statuses("<", TODAY - datetime.timedelta(days=20))
    assert (old["completed"] + old["closed"]) / sum(old.values()) > 0.95
    today = statuses(">=", TODAY)
    assert today["completed"] == today["signed"] == 0
    assert today["unpaid"] + today["paid"] + today["confirmed"] + today["printed"] > 0


def test_numbers_are_date_and_sequence(conn):
    per_day = defaultdict(list)
    for number, created in conn.execute('SELECT number, created_at FROM "order" ORDER BY id'):
        assert re.fullmatch(r"\d{8}-\d{5}", number)
        assert number[:8] == created[:10].replace("-", "")
        per_day[number[:8]].append(int(number[9:]))
    for day, sequence in per_day.items():
        assert sequence == list(range(1, len(sequence) + 1)), day
    days = {datetime.date(int(d[:4]), int(d[4:6]), int(d[6:])) for d in per_day}
    assert min(days) >= TODAY - datetime.timedelta(days=59) and max(days) == TODAY


def test_events_record_each_current_status(conn):
    missing = conn.execute(
        'SELECT count(*) FROM "order" o WHERE NOT EXISTS (SELECT 1 FROM order_event e'
        " WHERE e.order_id = o.id AND e.to_status = o.status)"
    ).fetchone()[0]
    assert missing == 0
    # a recent order has its whole history, in order
    order = conn.execute(
        "SELECT * FROM \"order\" WHERE status = 'completed' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    events = conn.execute(
        "SELECT from_status, to_status, at FROM order_event WHERE order_id = ? AND kind = 'status'"
        " ORDER BY id",
        (order["id"],),
    ).fetchall()
    events = [e for e in events if e["to_status"] is not None]  # not the merge events
    assert [e["to_status"] for e in events] == list(STATUSES[:7])
    assert [e["from_status"] for e in events] == [None, *STATUSES[:6]]
    assert [e["at"] for e in events] == [order["created_at"]] + [order[c] for c in STEPS]


def test_stock_held_matches_open_orders(conn):
    held = Counter()
    for variant_id, quantity in conn.execute(
        'SELECT l.variant_id, l.quantity FROM order_line l JOIN "order" o ON o.id = l.order_id'
        " WHERE o.status IN ('paid', 'confirmed', 'printed') AND o.merged_into_id IS NULL"
    ):  # a merged order's goods are held by the order it went into
        held[variant_id] += quantity
    for variant in conn.execute("SELECT id, stock, reserved FROM variant"):
        assert variant["reserved"] == held[variant["id"]]
        assert variant["stock"] >= variant["reserved"] >= 0


def test_tracking_numbers_fit_their_courier_and_are_unique(conn):
    rows = conn.execute("SELECT courier, tracking_no FROM shipment").fetchall()
    assert {r[0] for r in rows} <= set(TRACKING)
    for courier, tracking in rows:
        assert re.fullmatch(TRACKING[courier], tracking), (courier, tracking)
    assert len({r[1] for r in rows}) == len(rows)
    unshipped = conn.execute(
        "SELECT count(*) FROM \"order\" o WHERE printed_at IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM shipment s WHERE s.order_id = o.id AND s.courier = o.courier)"
    ).fetchone()[0]
    assert unshipped == 0


def test_products_and_size_charts(conn):
    products = conn.execute("SELECT * FROM product").fetchall()
    assert 55 <= len(products) <= 70
    codes = [p["code"] for p in products]
    assert any(re.fullmatch(r"[A-Z]{2,4}-\d{4}", c) for c in codes)
    assert any(re.fullmatch(r"0\d{3}", c) for c in codes)  # leading zeros must survive
    assert {p["status"] for p in products} == {"on_sale", "sold_out", "off_shelf"}
    assert all(p["price_fen"] > p["cost_fen"] > 0 for p in products)
    assert all(p["pinyin"] == product_search_key(p["code"], p["name"]) for p in products)
    sold_out = conn.execute(
        "SELECT max(v.stock) FROM variant v JOIN product p ON p.id = v.product_id"
        " WHERE p.status = 'sold_out'"
    ).fetchone()[0]
    assert sold_out == 0
    sizes = {r[0] for r in conn.execute("SELECT size FROM variant")}
    assert {"S", "M", "L", "XL", "XXL", "35", "40", "均码"} <= sizes
    rows = conn.execute(
        "SELECT r.* FROM size_chart_row r JOIN size_chart c ON c.id = r.chart_id"
        " JOIN product p ON p.id = c.product_id WHERE p.name = '法式碎花收腰连衣裙'"
        " ORDER BY r.position"
    ).fetchall()
    assert [r["size"] for r in rows] == ["S", "M", "L", "XL", "XXL"]
    assert set(json.loads(rows[0]["measurements"])) == {"胸围", "腰围", "衣长"}
    assert rows[0]["height_min"] < rows[0]["height_max"]


def test_the_handbook_search_finds_dresses_by_pinyin(conn, opened):
    dresses = {r[0] for r in conn.execute("SELECT name FROM product WHERE name LIKE '%连衣裙%'")}
    assert len(dresses) >= 5
    by_initials = {row.name for row in search_products("lyq")}
    assert dresses <= by_initials
    # the full pinyin is in no code or name: only Product.pinyin can find these
    assert {row.name for row in search_products("lianyiqun")} == dresses
    assert {row.name for row in search_products("LYQ 碎花")} == {"法式碎花收腰连衣裙"}


def test_every_reply_group_has_replies_and_some_are_used(conn, opened):
    groups = replies.list_groups()
    assert {g.key for g in groups} >= {key for key, _english, _name in replies.BUILTIN_GROUPS}
    assert all(g.reply_count > 0 for g in groups)
    listed = replies.search_replies(sort="use")
    assert listed[0].use_count >= max(r.use_count for r in listed) > 0
    used = [r for r in listed if r.use_count]
    assert len(used) > len(listed) // 2
    assert all(r.last_used_at is not None for r in used)
    assert all(r.last_used_at is None for r in listed if not r.use_count)
    latest = max(r.last_used_at for r in used)
    assert TODAY - datetime.timedelta(days=3) <= latest.date() <= TODAY
    installed = {r[0] for r in conn.execute("SELECT created_at FROM quick_reply")}
    assert len(installed) == 1 and installed.pop() < f"{TODAY}"  # the demo's time, not the clock


def test_stock_movements_add_up_to_stock_and_reserved(conn):
    sums = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            "SELECT variant_id, sum(stock_delta), sum(reserved_delta) FROM stock_movement"
            " GROUP BY variant_id"
        )
    }
    variants = conn.execute("SELECT id, stock, reserved FROM variant").fetchall()
    for variant in variants:
        assert sums.get(variant["id"], (0, 0)) == (variant["stock"], variant["reserved"])
    assert sum(1 for v in variants if v["id"] in sums) > len(variants) * 0.8
    kinds = Counter(r[0] for r in conn.execute("SELECT kind FROM stock_movement"))
    assert set(kinds) == {stock.ADJUST, stock.IMPORT, stock.RESERVE, stock.SHIP, stock.RELEASE}
    # the rows are the service's: order links where an order moved the goods, staff at the desk
    wrong = conn.execute(
        "SELECT count(*) FROM stock_movement m WHERE (m.kind IN ('reserve', 'ship', 'release'))"
        ' != (m.order_id IS NOT NULL AND EXISTS (SELECT 1 FROM "order" o WHERE o.id = m.order_id'
        " AND o.paid_at <= m.created_at))"
        " OR (m.kind = 'ship' AND m.stock_delta != m.reserved_delta)"
        " OR (m.kind IN ('adjust', 'import') AND (m.reserved_delta != 0 OR m.stock_delta <= 0))"
        " OR (m.kind = 'reserve') = (m.reserved_delta <= 0)"
        " OR (m.kind != 'reserve' OR m.note != '') = (m.staff_id IS NULL)"
    ).fetchone()[0]
    assert wrong == 0
    times = [r[0] for r in conn.execute("SELECT created_at FROM stock_movement ORDER BY id")]
    assert times == sorted(times) and times[-1] <= f"{TODAY} 21:30:00"
    # every line of an order still held has its reservation
    held = conn.execute(
        'SELECT count(*) FROM order_line l JOIN "order" o ON o.id = l.order_id'
        " WHERE o.status IN ('paid', 'confirmed', 'printed') AND o.merged_into_id IS NULL"
        " AND NOT EXISTS (SELECT 1"
        " FROM stock_movement m WHERE m.kind = 'reserve' AND m.order_id = o.id"
        " AND m.variant_id = l.variant_id)"
    ).fetchone()[0]
    assert held == 0


def test_new_arrivals_have_a_half_filled_size_chart_and_a_fitting_rule(conn, opened):
    names = [item[2] for item in NEW_ARRIVALS]
    marks = ", ".join("?" * len(names))
    products = conn.execute(f"SELECT * FROM product WHERE name IN ({marks})", names).fetchall()
    assert len(products) == len(names) >= 3
    for product in products:
        assert product["created_at"] >= f"{TODAY - datetime.timedelta(days=2)}"
        chart = sizes.get_size_chart(product["id"])
        assert chart is not None and chart.fit_rule and chart.fit_rule == product["fit_rule"]
        cells = len(chart.rows) * (len(chart.columns) + 2)
        filled = sum(
            len(row.measurements) + (row.height_min is not None) + (row.weight_min is not None)
            for row in chart.rows
        )
        assert filled == math.ceil(cells / 2), product["name"]
        grid = conn.execute(
            "SELECT id, size FROM variant WHERE product_id = ?", (product["id"],)
        ).fetchall()
        assert set(chart.sizes) == {r["size"] for r in grid}
        sizes.clean_chart(list(chart.columns), list(chart.rows), chart.fit_rule)  # valid
        ordered = conn.execute(
            "SELECT count(*) FROM order_line l JOIN variant v ON v.id = l.variant_id"
            " WHERE v.product_id = ?",
            (product["id"],),
        ).fetchone()[0]
        assert ordered == 0  # just listed
        log = [m for variant in grid for m in stock.movements(variant["id"])]
        assert len(log) == len(grid) and {m.kind for m in log} == {stock.IMPORT}


def test_refuses_a_file_that_holds_a_shop(demo, tmp_path):
    path = tmp_path / "shop.sqlite3"
    build_demo(path, customers=20, orders=50, days=5, today=TODAY)
    before = path.read_bytes()
    with pytest.raises(DomainError) as caught:
        build_demo(path, customers=20, orders=50, days=5, today=TODAY)
    assert str(path) in caught.value.message
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.sqlite3", "shop.sqlite3.lock"]


def test_a_just_migrated_file_with_its_default_staff_is_filled(tmp_path):
    path = tmp_path / "new.sqlite3"
    shop = open_shop(path)
    staff = ensure_default_staff()
    shop.close()
    summary = build_demo(path, customers=30, orders=100, days=10, today=TODAY)
    assert summary.orders == 100 and summary.staff == 2
    with sqlite3.connect(path) as conn:
        used = {r[0] for r in conn.execute('SELECT DISTINCT created_by_id FROM "order"')}
    assert used <= {s.id for s in staff}


def test_no_orders_is_a_shop_without_orders(tmp_path):
    summary = build_demo(tmp_path / "empty.sqlite3", customers=5, orders=0, days=3, today=TODAY)
    assert summary.orders == 0 and summary.customers == 5 and summary.products > 0


def test_a_cancelled_build_removes_the_file_it_created(tmp_path):
    class Cancelled(Exception):
        pass

    def progress(stage: str, done: int, total: int) -> None:
        if done and stage == orders_stage:
            raise Cancelled

    orders_stage = _("Orders")
    path = tmp_path / "cancelled.sqlite3"
    with pytest.raises(Cancelled):
        build_demo(path, customers=50, orders=300, days=10, today=TODAY, progress=progress)
    assert db.is_closed()
    assert not path.exists()
    summary = build_demo(path, customers=50, orders=300, days=10, today=TODAY)  # not locked
    assert summary.orders == 300
