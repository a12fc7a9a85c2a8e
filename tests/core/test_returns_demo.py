"""The demo's return cases: every status and kind, moves that the table allows, money within
what was paid, goods back in stock only before the stock log, and the services read them."""

from __future__ import annotations

from collections import Counter

from desk.core import returns
from desk.core.returns import CaseFilter
from tests.core.test_demo import TODAY


def test_cases_in_every_status_and_kind(conn):
    rows = conn.execute("SELECT status, kind FROM return_case").fetchall()
    assert 20 <= len(rows) <= 60
    assert {r[0] for r in rows} == set(returns.STATUSES)
    assert {r[1] for r in rows} == set(returns.KINDS)
    for status, kind in rows:
        assert status in returns.KIND_STATUSES[kind]


def test_each_case_follows_the_table_from_requested(conn):
    cases = {r["id"]: r for r in conn.execute("SELECT * FROM return_case")}
    events: dict[int, list] = {}
    for e in conn.execute("SELECT * FROM return_event ORDER BY case_id, at, id"):
        events.setdefault(e["case_id"], []).append(e)
    for case_id, case in cases.items():
        log = events[case_id]
        assert (log[0]["from_status"], log[0]["to_status"]) == (None, "requested")
        for event in log[1:]:
            assert returns.can_move(case["kind"], event["from_status"], event["to_status"])
            assert event["staff_id"] is not None
        assert log[-1]["to_status"] == case["status"]
        assert case["created_at"] == log[0]["at"] and case["updated_at"] == log[-1]["at"]
        assert (case["closed_at"] is not None) == (case["status"] in returns.CLOSED)
        assert case["created_at"] <= f"{TODAY} 21:30:00"


def test_cases_are_on_signed_orders_after_signing(conn):
    wrong = conn.execute(
        'SELECT count(*) FROM return_case r JOIN "order" o ON o.id = r.order_id'
        " WHERE o.signed_at IS NULL OR o.signed_at >= r.created_at"
        " OR r.customer_id IS NOT o.customer_id"
    ).fetchone()[0]
    assert wrong == 0
    over = conn.execute(
        "SELECT count(*) FROM return_line rl JOIN order_line ol ON ol.id = rl.order_line_id"
        " JOIN return_case r ON r.id = rl.case_id"
        " WHERE rl.quantity > ol.quantity OR rl.quantity < 1 OR ol.order_id != r.order_id"
    ).fetchone()[0]
    assert over == 0
    numbers = [r[0] for r in conn.execute("SELECT number FROM return_case")]
    assert len(set(numbers)) == len(numbers) and all(n.startswith("TH") for n in numbers)


def test_refunds_stay_within_what_was_paid(conn):
    rows = conn.execute(
        "SELECT r.status, r.refund_fen, r.refunded_at, o.total_fen FROM return_case r"
        ' JOIN "order" o ON o.id = r.order_id'
    ).fetchall()
    refunded = [r for r in rows if r["refunded_at"] is not None]
    assert refunded
    for row in rows:
        assert 0 <= row["refund_fen"] <= row["total_fen"]
        assert (row["refund_fen"] > 0) == (row["refunded_at"] is not None)


def test_goods_back_in_stock_only_before_the_stock_log(conn):
    restocked = conn.execute(
        "SELECT r.updated_at, r.status FROM return_line rl JOIN return_case r ON r.id = rl.case_id"
        " WHERE rl.restocked = 1"
    ).fetchall()
    assert restocked
    first_log = conn.execute("SELECT min(created_at) FROM stock_movement").fetchone()[0]
    assert all(r["updated_at"] < first_log for r in restocked)
    assert {r["status"] for r in restocked} <= {"refunded", "exchange_sent", "completed"}
    decisions = Counter(r[0] for r in conn.execute("SELECT decision FROM return_line"))
    assert decisions["accept"] and decisions["partial"]


def test_the_services_read_the_demo_cases(conn, opened):
    per_status = Counter(
        {s: n for s, n in conn.execute("SELECT status, count(*) FROM return_case GROUP BY status")}
    )
    newest_first = [r[0] for r in conn.execute(
        "SELECT id FROM return_case ORDER BY created_at DESC, id DESC")]  # fmt: skip
    waiting_ids = [r[0] for r in conn.execute(
        "SELECT id FROM return_case WHERE status IN ('requested', 'received', 'inspected')"
        " ORDER BY created_at DESC, id DESC")]  # fmt: skip
    lines = Counter(r[0] for r in conn.execute("SELECT case_id FROM return_line"))
    counts = returns.count_by_status(CaseFilter())
    assert {s: counts[s] for s in returns.STATUSES} == {s: per_status[s] for s in returns.STATUSES}
    assert all(per_status[s] for s in returns.STATUSES)  # the demo has every status
    assert counts["waiting"] == len(waiting_ids) > 0
    assert counts["all"] == len(newest_first)
    waiting = returns.list_cases(CaseFilter(waiting_only=True))
    assert [row.id for row in waiting] == waiting_ids
    assert all(row.waiting_on_shop for row in waiting)
    rows = returns.list_cases(CaseFilter())
    assert [row.id for row in rows] == newest_first
    for row in rows:
        detail = returns.get_case(row.id)
        assert len(detail.lines) == lines[row.id] > 0
        assert detail.money.refund_fen <= detail.money.paid_fen
        assert returns.order_return_state(row.order_id)
        if detail.status == "received":
            assert all(c.passed is None for line in detail.lines for c in line.checks)
        assert returns.note_data(row.id).case_number == row.number
