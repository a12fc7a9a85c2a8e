"""The demo's order desk cases (issue #5 item 12): every status and flag, memo histories with
unread red and yellow memos on open orders, orders merged into another as `order_merge` would,
unpaid orders for 催付, open pairs the pre-print check offers to merge, and shipments of every
courier."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict


from desk.core import order_check, order_list, order_merge, orders
from desk.core.demo import data
from desk.db.connection import db
from desk.models import Order
from tests.core.test_demo import STATUSES, TODAY, TRACKING

NOW = datetime.datetime.combine(TODAY, datetime.time(21, 30))


def test_every_status_and_flag_outside_merges(conn):
    rows = conn.execute('SELECT status, flag FROM "order" WHERE merged_into_id IS NULL').fetchall()
    assert {r["status"] for r in rows} == set(STATUSES)
    assert {r["flag"] for r in rows} - {None} == set(orders.FLAG_LABELS)


def test_memo_history_and_unread_memos_on_open_orders(conn):
    per_order = Counter(r[0] for r in conn.execute("SELECT order_id FROM order_memo"))
    assert sum(1 for n in per_order.values() if n >= 2) >= 10  # a history, not one memo
    assert all(r["staff_id"] and r["at"] for r in conn.execute("SELECT * FROM order_memo"))
    changed = conn.execute(
        "SELECT count(*) FROM order_memo WHERE text = ?", (orders.flag_memo_text("red"),)
    ).fetchone()[0] + sum(
        conn.execute("SELECT count(*) FROM order_memo WHERE text = ?",
                     (orders.flag_memo_text(f),)).fetchone()[0]
        for f in ("yellow", "green", "blue", "purple")
    )  # fmt: skip
    assert changed >= 1
    unread = {
        r[0] for r in conn.execute(
            'SELECT m.flag FROM order_memo m JOIN "order" o ON o.id = m.order_id'
            " WHERE m.read_at IS NULL AND o.status IN ('unpaid', 'paid', 'confirmed')"
            " AND o.merged_into_id IS NULL"
        )
    }  # fmt: skip
    assert {"red", "yellow"} <= unread
    # a read mark names who read it, after it was written
    wrong = conn.execute(
        "SELECT count(*) FROM order_memo WHERE (read_at IS NULL) != (read_by_id IS NULL)"
        " OR read_at < at"
    ).fetchone()[0]
    assert wrong == 0


def test_merged_orders_follow_the_merge_rules(conn, opened):
    merged = conn.execute('SELECT * FROM "order" WHERE merged_into_id IS NOT NULL').fetchall()
    kinds = Counter()
    for other in merged:
        main = conn.execute('SELECT * FROM "order" WHERE id = ?',
                            (other["merged_into_id"],)).fetchone()
        assert main["merged_into_id"] is None and main["id"] < other["id"]
        # the same buyer and address, both mergeable when merged (labels not printed)
        assert main["customer_id"] == other["customer_id"] and main["phone"] == other["phone"]
        a, b = Order.get_by_id(main["id"]), Order.get_by_id(other["id"])
        assert order_merge.address_key(a) == order_merge.address_key(b)
        assert other["status"] in ("unpaid", "paid") and other["printed_at"] is None
        events = conn.execute(
            "SELECT order_id, note, at FROM order_event WHERE kind = 'merge'"
            " AND order_id IN (?, ?) ORDER BY order_id", (main["id"], other["id"]),
        ).fetchall()  # fmt: skip
        assert [(e["order_id"], e["note"]) for e in events] == [
            (main["id"], other["number"]), (other["id"], main["number"])]
        at = events[0]["at"]
        assert other["created_at"] <= at and (main["printed_at"] or "9") > at
        if other["status"] == "paid":  # both paid: the buyer confirms the combined order
            kinds["paid"] += 1
            assert main["paid_at"] <= at and (main["confirmed_at"] or "9") > at
        else:  # both unpaid: the buyer pays the main order afterwards
            kinds["unpaid"] += 1
            assert (main["paid_at"] or "9") > at
        # every memo moved to the main order, with one recording the merge
        assert conn.execute("SELECT count(*) FROM order_memo WHERE order_id = ?",
                            (other["id"],)).fetchone()[0] == 0
        record = conn.execute("SELECT text FROM order_memo WHERE order_id = ? AND flag IS NULL",
                              (main["id"],)).fetchall()  # fmt: skip
        assert any(other["number"] in r[0] for r in record)
        assert main["flag"] == (main["flag"] or other["flag"]) and (main["flag"] or not other["flag"])
        # the lines: the other order keeps its own; the main order has them too
        wanted = defaultdict(int)
        for vid, qty in conn.execute("SELECT variant_id, quantity FROM order_line"
                                     " WHERE order_id = ?", (main["id"],)):
            wanted[vid] += qty
        for vid, qty in conn.execute("SELECT variant_id, quantity FROM order_line"
                                     " WHERE order_id = ?", (other["id"],)):
            assert wanted[vid] >= qty
        assert main["postage_fen"] >= other["postage_fen"]
        for field in ("buyer_message", "gift"):
            if other[field]:
                assert f"{other['number']}: {other[field]}" in main[field]
    assert kinds["paid"] >= 1 and kinds["unpaid"] >= 1


def test_unpaid_orders_wait_for_chasing(opened):
    due = order_list.unpaid_to_chase(NOW)
    assert len(due) >= 2
    cutoff = NOW - datetime.timedelta(hours=orders.UNPAID_CHASE_HOURS)
    for row in due:
        order = Order.get_by_id(row.id)
        assert order.status == "unpaid" and order.merged_into_id is None
        assert order.created_at < cutoff
    code = db.execute_sql("SELECT product_code FROM order_line WHERE order_id = ?"
                          " ORDER BY position LIMIT 1", (due[0].id,)).fetchone()[0]
    assert code in order_list.chase_text(due[0].id)  # the 催付 reply, filled for the order


def test_the_pre_print_check_offers_to_merge_open_pairs(opened):
    open_ids = [r[0] for r in db.execute_sql(
        "SELECT id FROM \"order\" WHERE status IN ('unpaid', 'paid', 'confirmed')"
        " AND merged_into_id IS NULL ORDER BY id"
    )]  # fmt: skip
    results = order_check.check_before_print(open_ids, NOW)
    offers = [r for r in results if r.merge_with]
    assert offers
    statuses = {Order.get_by_id(r.order_id).status for r in offers}
    assert {"unpaid", "paid"} <= statuses  # an unpaid pair and a paid pair
    assert all(any("48" in w for w in r.warnings) for r in offers)
    # what the check offers, the merge service accepts
    paid = next(r for r in offers if Order.get_by_id(r.order_id).status == "paid")
    detail, _changes = order_merge.merge_orders(paid.order_id, paid.merge_with)
    assert set(detail.merged_from) == set(paid.merge_with)


def test_shipments_of_every_courier_with_its_tracking_pattern(conn):
    rows = conn.execute("SELECT courier, tracking_no FROM shipment").fetchall()
    assert {r[0] for r in rows} == {c[0] for c in data.COURIERS} == set(TRACKING)
    assert all(re.fullmatch(TRACKING[c], t) for c, t in rows)
