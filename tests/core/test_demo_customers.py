"""The demo shop's address book: customers (valid mobiles, real places, rare characters, the
service's pinyin key), figures that count the orders and the imported Taobao orders, groups (the
built-in ones reused, the couple's own added), follow-ups in every reason and state, likely
duplicates for the 疑似重复 view, and a search index that finds demo customers."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict


from desk.core import customer_merge, customer_search, customers, follow_ups
from desk.core.demo import data
from desk.core.demo.customers import duplicate_plan
from desk.db.connection import db, open_shop
from tests.core.test_demo import TODAY

#: The 34 province-level divisions, as written in addresses.
PROVINCES = {
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区",
}  # fmt: skip
MOBILE = re.compile(r"^1[3-9]\d{9}$")
#: Migration 0002's built-in groups: key → Chinese name.
BUILT_IN = {"potential": "潜在客户", "new": "新客户", "repeat": "老客户", "vip": "VIP",
            "blacklist": "黑名单"}  # fmt: skip


def _counted(conn) -> dict[int, list[tuple[int, str]]]:
    """(total, time) of what counts into each customer's figures: paid orders not closed nor
    merged into another, and the imported ones."""
    counted = defaultdict(list)
    for cid, total, at in conn.execute(
        'SELECT customer_id, total_fen, created_at FROM "order"'
        " WHERE paid_at IS NOT NULL AND status != 'closed' AND merged_into_id IS NULL"
        " UNION ALL SELECT customer_id, total_fen, ordered_at FROM imported_order"
    ):
        counted[cid].append((total, at))
    return counted


def test_customer_figures_count_the_orders_and_the_imported_ones(conn):
    counted = _counted(conn)
    for customer in conn.execute("SELECT * FROM customer"):
        own = counted.get(customer["id"], [])
        assert customer["order_count"] == len(own)
        assert customer["total_spent_fen"] == sum(total for total, _at in own)
        if own:
            assert customer["first_order_at"] == min(at for _total, at in own)
            assert customer["last_order_at"] == max(at for _total, at in own)
            assert customer["created_at"] <= customer["first_order_at"]
        else:
            assert customer["first_order_at"] is None and customer["last_order_at"] is None
    imported = conn.execute("SELECT count(DISTINCT customer_id) FROM imported_order").fetchone()
    assert imported[0] >= 2


def test_the_service_recomputes_the_same_figures(opened):
    columns = "id, order_count, total_spent_fen, first_order_at, last_order_at"
    before = db.execute_sql(f"SELECT {columns} FROM customer ORDER BY id").fetchall()
    customers.rebuild_figures(row[0] for row in before)
    after = db.execute_sql(f"SELECT {columns} FROM customer ORDER BY id").fetchall()
    assert after == before


def test_imported_orders_look_like_a_taobao_export(conn):
    rows = conn.execute(
        "SELECT i.*, c.created_at AS added FROM imported_order i"
        " JOIN customer c ON c.id = i.customer_id"
    ).fetchall()
    assert rows
    numbers = [r["external_no"] for r in rows]
    assert all(re.fullmatch(r"[1-9]\d{17,18}", n) for n in numbers)
    assert {len(n) for n in numbers} == {18, 19} and len(set(numbers)) == len(numbers)
    assert {r["source"] for r in rows} == {"taobao"}
    first_day = conn.execute('SELECT min(created_at) FROM "order"').fetchone()[0][:10]
    (imported_at,) = {r["imported_at"] for r in rows}  # one import
    assert imported_at < first_day  # before the shop's own orders
    assert all(r["added"] <= r["ordered_at"] < imported_at for r in rows)
    assert all(r["total_fen"] > 0 for r in rows)
    # the import put its buyers in a group of their own
    grouped = {
        r[0]
        for r in conn.execute(
            "SELECT m.customer_id FROM customer_group_member m JOIN customer_group g"
            " ON g.id = m.group_id WHERE g.name = ?",
            (data.IMPORTED_GROUP,),
        )
    }
    assert grouped == {r["customer_id"] for r in rows}


def test_orders_copy_one_of_the_customers_addresses(conn):
    strays = conn.execute(
        'SELECT count(*) FROM "order" o WHERE NOT EXISTS (SELECT 1 FROM address a'
        " WHERE a.customer_id = o.customer_id AND a.receiver = o.receiver AND a.phone = o.phone"
        " AND a.province = o.province AND a.city = o.city AND a.district = o.district"
        " AND a.street = o.street AND a.postcode = o.postcode)"
    ).fetchone()[0]
    assert strays == 0


def test_phones_are_mainland_mobiles(conn):
    phones = [r[0] for r in conn.execute("SELECT phone FROM customer_phone")]
    phones += [r[0] for r in conn.execute("SELECT phone FROM address")]
    phones += [r[0] for r in conn.execute('SELECT phone FROM "order"')]
    assert phones and all(MOBILE.match(p) for p in phones)
    per_customer = Counter(r[0] for r in conn.execute("SELECT customer_id FROM customer_phone"))
    assert set(per_customer.values()) == {1, 2}
    assert len(per_customer) == 200


def test_addresses_are_real_places(conn):
    columns = "province, city, district, street, postcode"
    rows = conn.execute(f"SELECT {columns} FROM address").fetchall()
    rows += conn.execute(f'SELECT {columns} FROM "order"').fetchall()
    for province, city, district, street, postcode in rows:
        assert province in PROVINCES
        assert city and district and street
        assert re.fullmatch(r"\d{6}", postcode)
    provinces = {r[0] for r in rows}
    assert {"北京市", "上海市", "广东省", "新疆维吾尔自治区"} <= provinces
    assert any(r[2].endswith("镇") for r in rows)  # 东莞/中山/儋州 have towns, not districts
    defaults = Counter(
        r[0] for r in conn.execute("SELECT customer_id FROM address WHERE is_default")
    )
    assert len(defaults) == 200 and set(defaults.values()) == {1}


def test_names_include_rare_characters_and_common_ones_repeat(conn):
    names = [r[0] for r in conn.execute("SELECT name FROM customer")]
    assert any("𠮷" in name for name in names)
    assert any("喆" in name for name in names)
    assert all(names)
    nicks = [r[0] for r in conn.execute("SELECT nick FROM customer")]
    assert all(nicks) and any(n.startswith("tb_") for n in nicks)
    # given names bunch on the common characters, as real ones do
    given = Counter(ch for name in names for ch in name[1:] if ch in data.GIVEN_CHARS)
    common, rare = data.GIVEN_CHARS[:6], data.GIVEN_CHARS[-6:]
    assert sum(given[ch] for ch in common) > 4 * sum(given[ch] for ch in rare)


def test_pinyin_is_the_services_search_key(conn):
    rows = conn.execute("SELECT name, nick, pinyin FROM customer").fetchall()
    assert all(r["pinyin"] == customers.search_pinyin(r["name"], r["nick"]) for r in rows)
    assert any(r["pinyin"].startswith("zh") or " zh" in r["pinyin"] for r in rows)


def test_built_in_groups_are_reused_and_own_groups_added(conn, tmp_path):
    groups = conn.execute("SELECT key, name, position FROM customer_group").fetchall()
    built_in = {r["key"]: r["name"] for r in groups if r["key"] is not None}
    assert built_in == BUILT_IN
    names = [r["name"] for r in groups]
    assert len(names) == len(set(names))
    assert sorted(set(names) - set(BUILT_IN.values())) == sorted(n for n, _c in data.OWN_GROUPS)
    # the built-in rows are migration 0002's, positions included; the own ones come after them
    fresh = tmp_path / "fresh.sqlite3"
    open_shop(fresh).close()
    with sqlite3.connect(fresh) as other:
        seeded = set(other.execute("SELECT id, key, name, color, position FROM customer_group"))
    other.close()
    mine = {
        tuple(r) for r in conn.execute("SELECT id, key, name, color, position FROM customer_group")
    }
    assert seeded <= mine
    last_built_in = max(r["position"] for r in groups if r["key"])
    assert all(r["position"] > last_built_in for r in groups if r["key"] is None)
    used = {r[0] for r in conn.execute("SELECT DISTINCT group_id FROM customer_group_member")}
    assert used == {r[0] for r in conn.execute("SELECT id FROM customer_group")}


def test_groups_follow_the_orders(conn):
    groups = {r["key"]: r["id"] for r in conn.execute("SELECT * FROM customer_group")}
    for customer in conn.execute("SELECT id, order_count FROM customer"):
        mine = {
            r[0]
            for r in conn.execute(
                "SELECT group_id FROM customer_group_member WHERE customer_id = ?",
                (customer["id"],),
            )
        }
        expected = (
            "potential" if customer["order_count"] == 0
            else "new" if customer["order_count"] == 1 else "repeat"
        )  # fmt: skip
        assert groups[expected] in mine
    assert conn.execute("SELECT count(*) FROM customer_tag").fetchone()[0] > 0


def test_follow_ups_cover_every_reason_and_state(conn, opened):
    today = TODAY.isoformat()
    seen = defaultdict(set)
    for row in conn.execute("SELECT * FROM follow_up"):
        due, status = row["due_date"], row["status"]
        state = status if status != "open" else (
            "today" if due == today else "overdue" if due < today else "upcoming"
        )  # fmt: skip
        seen[row["reason"]].add(state)
        finished = status in ("done", "skipped")
        assert (row["done_at"] is not None) == finished == (row["staff_id"] is not None)
        assert bool(row["note"]) == finished
        if finished:
            assert due < today and row["done_at"][:10] >= due
        assert row["created_at"] <= (row["done_at"] or f"{TODAY} 21:30:00")
        assert row["reason"] == "after_delivery" or row["reason_text"]
        assert (row["order_id"] is not None) == (row["reason"] == "after_delivery")
    states = {"today", "overdue", "upcoming", "done", "skipped"}
    assert seen == {reason: states for reason in follow_ups.REASONS}
    # the queue as the app shows it
    queue = follow_ups.follow_up_queue(TODAY)
    assert queue and all(f.due_date <= TODAY and f.status == "open" for f in queue)
    assert any(f.overdue for f in queue) and any(not f.overdue for f in queue)
    assert follow_ups.due_count(TODAY) == len(queue)
    upcoming = follow_ups.follow_up_queue(TODAY, include_future=True)
    assert len(upcoming) > len(queue)


def test_likely_duplicates_are_found(conn, opened):
    plan = duplicate_plan(200)
    assert sorted(Counter(plan.values()).values()) == [2, 2]
    pairs = customer_merge.find_duplicates()
    found = {(p.b_id, p.reason) for p in pairs}
    assert {(i + 1, kind) for i, kind in plan.items()} <= found
    assert len(pairs) == len(plan) == customer_merge.count_duplicates()  # nothing by chance
    for pair in pairs:
        a = conn.execute("SELECT * FROM customer WHERE id = ?", (pair.a_id,)).fetchone()
        b = conn.execute("SELECT * FROM customer WHERE id = ?", (pair.b_id,)).fetchone()
        assert a["nick"] != b["nick"]
        if pair.reason == "name_address":
            assert a["name"] == b["name"]
            phones = [
                {r[0] for r in conn.execute(
                    "SELECT phone FROM customer_phone WHERE customer_id = ?", (cid,))}
                for cid in (a["id"], b["id"])
            ]  # fmt: skip
            assert not phones[0] & phones[1]  # a new number


def test_the_search_index_is_filled_and_finds_demo_customers(conn, opened):
    assert customer_search.index_is_current()
    indexed = db.execute_sql("SELECT count(*) FROM customer_fts").fetchone()[0]
    assert indexed == 200
    # what the demo wrote is what the service's own rebuild writes
    def contents() -> list:
        return [
            db.execute_sql(f"SELECT rowid, body FROM {table} ORDER BY rowid").fetchall()
            for table in ("customer_fts", "customer_gram")
        ]

    before = contents()
    customer_search.rebuild_index()
    assert contents() == before
    # by pinyin initials, full pinyin, the last four phone digits, and a street fragment
    rows = conn.execute(
        "SELECT c.id, c.name, c.pinyin, p.phone, a.street FROM customer c"
        " JOIN customer_phone p ON p.customer_id = c.id AND p.position = 0"
        " JOIN address a ON a.customer_id = c.id AND a.is_default"
        " WHERE c.id % 17 = 3 ORDER BY c.id"
    ).fetchall()
    assert len(rows) >= 10
    for row in rows:
        initials, full = row["pinyin"].split()[0], None
        full = next(w for w in row["pinyin"].split() if len(w) > len(row["name"]))
        for query in (initials, full, row["phone"][-4:], row["street"][:6], row["name"]):
            assert row["id"] in customers.customer_ids(query), query
    assert customers.count_customers("qqqxxx") == 0
