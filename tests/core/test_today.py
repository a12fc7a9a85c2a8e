"""The Today page's counts: on a shop in a known state (each list exact, the ids its target
opens), and on the demo shop against counts computed independently with plain SQL."""

from __future__ import annotations

import datetime
import sqlite3

import pytest

from desk.core import handovers, service_book, settings, today
from desk.core.order_list import OrderFilter
from desk.core.settings import ShopProfile
from desk.models import Product, Variant
from tests.core.notebook_support import NOW, TODAY, build_state
from tests.core.orders_support import add_product
from tests.core.test_demo import TODAY as DEMO_TODAY


def test_counts_and_targets_on_a_known_shop(shop):
    state = build_state()
    s = state.shop
    handovers.write_handover(s.owner, s.partner, "看一下退货", at=NOW)
    service_book.tally("consult", s.owner, at=NOW)
    service_book.tally("consult", s.partner, at=NOW)
    service_book.tally("deal", s.partner, at=NOW)
    counts = today.today_counts(NOW, s.partner)
    assert {i.key: i.count for i in counts.items} == {
        "chase": 1,
        "to_confirm": 2,  # paid at 09:00 and at 17:00
        "to_ship": 3,
        "no_tracking": 2,  # the confirmed and the printed order
        "returns_waiting": 2,
        "follow_ups": 1,
        "open_problems": 1,
        "unread_handovers": 1,
        "low_stock": 0,
    }
    assert today.today_counts(NOW, s.owner).unread_handovers.count == 0
    assert today.ids_for(counts.chase.target, NOW) == [state.unpaid_old]
    assert today.ids_for(counts.to_ship.target, NOW) == [
        state.confirmed_red, state.printed, state.paid_early,
    ]  # fmt: skip
    assert today.ids_for(counts.no_tracking.target, NOW) == [state.confirmed_red, state.printed]
    assert counts.to_confirm.target.order_filter == OrderFilter(statuses=("paid",))
    assert counts.returns_waiting.target.statuses == today.RETURN_WAITING_STATUSES
    assert counts.unread_handovers.target.staff_id == s.partner
    # created today: paid 09:00 and 17:00, unpaid 10:00, and the closed one (made just now)
    assert counts.orders_today == 4
    assert counts.consults_today == 2 and counts.deals_today == 1
    assert counts.conversion_today == pytest.approx(0.5)
    rows = today.order_rows([state.printed, 999_999, state.paid_early])
    assert [r.id for r in rows] == [state.printed, state.paid_early]


def test_sales_today_are_orders_paid_today(shop):
    state = build_state()
    counts = today.today_counts(NOW)
    from desk.models import Order

    expected = sum(
        o.total_fen for o in Order.select().where(Order.id.in_([state.paid_early, state.paid_late]))
    )
    assert expected > 0 and counts.sales_today_fen == expected


def test_the_cut_off_and_minutes_left(shop):
    build_state()
    morning = datetime.datetime.combine(TODAY, datetime.time(13, 45))
    counts = today.today_counts(morning)
    assert (counts.minutes_left, counts.past_cutoff) == (135, False)
    assert "2" in counts.cutoff_text and "15" in counts.cutoff_text
    assert today.today_counts(NOW).past_cutoff
    settings.save_profile(ShopProfile(shop_name="小店", ship_cutoff="18:00"))
    later = today.today_counts(NOW)
    assert (later.past_cutoff, later.minutes_left) == (False, 30)
    assert later.to_ship.count == 4  # the order paid at 17:00 must leave today too


def test_low_stock_counts_the_products_it_opens(shop):
    """Two low colours/sizes of one product and one of another: 2 products (款式), the list
    opens those 2, lowest available first; the product's own threshold decides."""
    state = build_state()
    black_s = state.shop.v("黑色", "S")
    Variant.update(stock=3, reserved=1).where(Variant.id == black_s).execute()  # 2 left ≤ 3
    white_l = state.shop.v("白色", "L")
    Variant.update(stock=2, reserved=0).where(Variant.id == white_l).execute()
    other, found = add_product("B2001", "棉麻阔腿裤")
    low = next(iter(found.values()))
    Variant.update(stock=1, reserved=0).where(Variant.id == low).execute()
    counts = today.today_counts(NOW)
    assert counts.low_stock.count == 2  # products, not the 3 variants
    assert today.ids_for(counts.low_stock.target) == [other, state.shop.product_id]
    Variant.update(hidden=True).where(Variant.id == low).execute()
    assert today.today_counts(NOW).low_stock.count == 1
    Product.update(low_stock_threshold=1).where(Product.id == state.shop.product_id).execute()
    assert today.today_counts(NOW).low_stock.count == 0  # 2 left > 1


def test_no_consultations_today_means_no_conversion(shop):
    build_state()
    counts = today.today_counts(NOW)
    assert counts.consults_today == 0 and counts.conversion_today is None


# --- the demo shop ---------------------------------------------------------------------------------


def _one(conn: sqlite3.Connection, sql: str, *params) -> int:
    return conn.execute(sql, params).fetchone()[0]


@pytest.mark.parametrize("hour", [10, 21])
def test_demo_counts_match_plain_sql(opened, hour):
    now = datetime.datetime.combine(DEMO_TODAY, datetime.time(hour, 30))
    day = DEMO_TODAY.isoformat()
    conn = sqlite3.connect(opened)
    evening = _one(conn, "SELECT id FROM staff ORDER BY position, id LIMIT 1 OFFSET 1")
    live = "merged_into_id IS NULL"
    chase_before = (now - datetime.timedelta(hours=12)).isoformat(sep=" ")
    expected = {
        "chase": _one(conn, f'SELECT COUNT(*) FROM "order" WHERE status = \'unpaid\' AND {live}'
                      " AND created_at < ?", chase_before),
        "to_confirm": _one(conn, f'SELECT COUNT(*) FROM "order" WHERE status = \'paid\' AND {live}'),
        "to_ship": _one(conn, 'SELECT COUNT(*) FROM "order" WHERE status IN'
                        f" ('paid', 'confirmed', 'printed') AND {live} AND paid_at < ?",
                        f"{day} 16:00:00"),
        "no_tracking": _one(conn, 'SELECT COUNT(*) FROM "order" WHERE status IN'
                            f" ('confirmed', 'printed') AND {live}"
                            " AND id NOT IN (SELECT order_id FROM shipment)"),
        "returns_waiting": _one(conn, "SELECT COUNT(*) FROM return_case WHERE status IN"
                                " ('requested', 'received', 'inspected')"),
        "follow_ups": _one(conn, "SELECT COUNT(*) FROM follow_up f JOIN customer c"
                           " ON c.id = f.customer_id WHERE f.status = 'open' AND f.due_date <= ?"
                           " AND c.merged_into_id IS NULL", day),
        "open_problems": _one(conn, "SELECT COUNT(*) FROM problem WHERE status = 'open'"),
        "unread_handovers": _one(conn, "SELECT COUNT(*) FROM handover WHERE read_at IS NULL AND"
                                 " (to_staff_id = ? OR (to_staff_id IS NULL AND"
                                 " from_staff_id IS NOT ?))", evening, evening),
        "low_stock": _one(conn, "SELECT COUNT(DISTINCT p.id) FROM variant v, product p WHERE"
                          " p.id = v.product_id AND NOT v.hidden AND p.status = 'on_sale'"
                          " AND v.stock - v.reserved <= p.low_stock_threshold"),
    }  # fmt: skip
    orders_today = _one(conn, f'SELECT COUNT(*) FROM "order" WHERE date(created_at) = ? AND {live}',
                        day)  # fmt: skip
    sales = _one(conn, 'SELECT COALESCE(SUM(total_fen), 0) FROM "order" WHERE date(paid_at) = ?'
                 f" AND status != 'closed' AND {live}", day)  # fmt: skip
    consults = _one(conn, "SELECT COUNT(*) FROM service_event WHERE day = ? AND kind = 'consult'",
                    day)  # fmt: skip
    deals = _one(conn, "SELECT COUNT(*) FROM service_event WHERE day = ? AND kind = 'deal'", day)
    conn.close()
    counts = today.today_counts(now, evening)
    assert {i.key: i.count for i in counts.items} == expected
    assert (counts.orders_today, counts.sales_today_fen) == (orders_today, sales)
    assert (counts.consults_today, counts.deals_today) == (consults, deals)
    assert counts.conversion_today == pytest.approx(deals / consults)
    # the demo is not empty where it matters: each list has something to open
    for key in ("chase", "to_confirm", "to_ship", "follow_ups", "open_problems"):
        assert expected[key] > 0, key
    assert expected["unread_handovers"] == 1
    assert len(today.ids_for(counts.to_ship.target, now)) == expected["to_ship"]
    assert len(today.ids_for(counts.chase.target, now)) == expected["chase"]
