"""The Today page on the shared demo shop: every count equals the same count computed here with
plain SQL over the file, and clicking a count opens its list with exactly those rows."""

from __future__ import annotations

import datetime
import sqlite3

import pytest
from PySide6.QtCore import Qt

from desk.core.money import format_yuan
from desk.db.connection import db, open_shop
from desk.ui.language import apply_language, wanted_language
from desk.ui.pages import index_of
from desk.ui.session import ShopSession
from desk.ui.today import targets
from tests.core.demo_support import demo  # noqa: F401  (the shared demo shop, built once)
from tests.core.test_demo import TODAY

NOW = datetime.datetime.combine(TODAY, datetime.time(15, 0))
LIVE = "merged_into_id IS NULL"


def stamp(value: datetime.datetime) -> str:
    return value.isoformat(sep=" ")


@pytest.fixture
def copy(demo, tmp_path):  # noqa: F811
    path = tmp_path / "demo.sqlite3"
    with sqlite3.connect(demo) as source, sqlite3.connect(path) as target:
        source.backup(target)
    source.close()
    target.close()
    return path


@pytest.fixture
def window(qtbot, copy, config, qapp, monkeypatch):
    from desk.ui.main_window import MainWindow

    monkeypatch.setattr(targets, "now", lambda: NOW)  # the demo's day, at 15:00
    session = ShopSession(open_shop(copy), config)
    apply_language(wanted_language(config))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    session.close()
    assert db.is_closed()


def ids(conn, sql: str, params=()) -> list[int]:
    return [row[0] for row in conn.execute(sql, params)]


def expected(path, me: int) -> dict:
    """The lists, straight from the file."""
    conn = sqlite3.connect(path)
    try:
        cutoff_text = conn.execute(
            "SELECT json_extract(value, '$.ship_cutoff') FROM setting WHERE key = 'profile'"
        ).fetchone()
        hour, minute = map(int, ((cutoff_text and cutoff_text[0]) or "16:00").split(":"))
        cutoff = NOW.replace(hour=hour, minute=minute)
        day = stamp(datetime.datetime.combine(TODAY, datetime.time()))
        next_day = stamp(datetime.datetime.combine(TODAY + datetime.timedelta(days=1),
                                                   datetime.time()))  # fmt: skip
        lists = {
            "chase": ids(conn, f"SELECT id FROM \"order\" WHERE status = 'unpaid' AND {LIVE}"
                         " AND created_at < ? ORDER BY created_at, id",
                         (stamp(NOW - datetime.timedelta(hours=12)),)),
            "to_confirm": ids(conn, f"SELECT id FROM \"order\" WHERE status = 'paid' AND {LIVE}"
                              " ORDER BY created_at DESC, id DESC"),
            "to_ship": ids(conn, "SELECT id FROM \"order\" WHERE status IN"
                           f" ('paid', 'confirmed', 'printed') AND {LIVE} AND paid_at < ?"
                           " ORDER BY paid_at, id", (stamp(cutoff),)),
            "no_tracking": ids(conn, "SELECT o.id FROM \"order\" o WHERE o.status IN"
                               f" ('confirmed', 'printed') AND o.{LIVE} AND o.id NOT IN"
                               " (SELECT order_id FROM shipment) ORDER BY o.created_at, o.id"),
            "low_stock": ids(conn, "SELECT DISTINCT v.product_id FROM variant v, product p"
                             " WHERE p.id = v.product_id AND v.hidden = 0"
                             " AND p.status = 'on_sale'"
                             " AND v.stock - v.reserved <= p.low_stock_threshold"),
            "open_problems": ids(conn, "SELECT id FROM problem WHERE status = 'open'"),
            "unread_handovers": ids(conn, "SELECT id FROM handover WHERE read_at IS NULL AND"
                                    " (to_staff_id = ? OR (to_staff_id IS NULL AND"
                                    " (from_staff_id IS NULL OR from_staff_id != ?)))",
                                    (me, me)),
        }  # fmt: skip
        lists["returns_waiting"] = ids(
            conn,
            "SELECT id FROM return_case WHERE status IN ('requested', 'received', 'inspected')",
        )
        counts = {key: len(value) for key, value in lists.items()}
        variants_low = conn.execute(
            "SELECT COUNT(*) FROM variant v JOIN product p ON p.id = v.product_id"
            " WHERE v.hidden = 0 AND p.status = 'on_sale'"
            " AND v.stock - v.reserved <= p.low_stock_threshold"
        ).fetchone()[0]
        assert variants_low > counts["low_stock"]  # the demo has products with several low
        counts["follow_ups"] = conn.execute(
            "SELECT COUNT(*) FROM follow_up f JOIN customer c ON c.id = f.customer_id"
            " WHERE f.status = 'open' AND f.due_date <= ? AND c.merged_into_id IS NULL",
            (TODAY.isoformat(),),
        ).fetchone()[0]
        figures = {
            "orders": conn.execute(
                f'SELECT COUNT(*) FROM "order" WHERE created_at >= ? AND created_at < ? AND {LIVE}',
                (day, next_day),
            ).fetchone()[0],
            "sales": conn.execute(
                f'SELECT COALESCE(SUM(total_fen), 0) FROM "order" WHERE paid_at >= ?'
                f" AND paid_at < ? AND status != 'closed' AND {LIVE}",
                (day, next_day),
            ).fetchone()[0],
            "consults": conn.execute(
                "SELECT COUNT(*) FROM service_event WHERE day = ? AND kind = 'consult'",
                (TODAY.isoformat(),),
            ).fetchone()[0],
        }
    finally:
        conn.close()
    return {"lists": lists, "counts": counts, "figures": figures}


def test_today_counts_match_the_file_and_open_exactly_their_lists(qtbot, window, copy):
    session = window.session
    me = session.desk_person_id()
    if window.desk_keys.read_dialog is not None:  # an unread note was shown first: "Later"
        window.desk_keys.read_dialog.reject()
    want = expected(copy, me)
    page = window.show_page(index_of("today"))
    assert page is window.current_page() and page.title == "今日"
    shown = {key: card.property("count") for key, card in page.cards.items()}
    assert shown == want["counts"]
    assert any(want["counts"].values())  # the demo has things to do
    assert page.counts.minutes_left == 60 and not page.counts.past_cutoff  # 15:00, cut-off 16:00
    assert "16:00" in page.cutoff.text() and "16:00" in page.cards["to_ship"].summary()
    assert page.figures["orders"].text().endswith(str(want["figures"]["orders"]))
    assert format_yuan(want["figures"]["sales"], symbol=True) in page.figures["sales"].text()
    assert page.figures["consults"].text().endswith(str(want["figures"]["consults"]))

    def click(key: str):
        page = window.show_page(index_of("today"))
        qtbot.mouseClick(page.cards[key], Qt.MouseButton.LeftButton)
        return window.current_page()

    for key in ("to_ship", "no_tracking", "chase"):
        orders = click(key)
        assert orders.objectName() == "page_orders"
        rows = [orders.model.row_at(i).id for i in range(orders.model.rowCount())]
        assert rows == want["lists"][key][: len(rows)], key
        assert len(rows) == min(len(want["lists"][key]), 1000), key

    orders = click("to_confirm")
    assert orders.filters.status_key() == "paid"
    assert orders.count.property("total") == len(want["lists"]["to_confirm"])
    rows = [orders.model.row_at(i).id for i in range(orders.model.rowCount())]
    assert rows == want["lists"]["to_confirm"][: len(rows)]

    products = click("low_stock")
    assert products.objectName() == "page_products"
    model = products.products.model
    while model.canFetchMore():
        model.fetchMore()
    shown = sorted(model.row_at(i).id for i in range(model.rowCount()))
    assert shown == sorted(want["lists"]["low_stock"])

    notebook = click("open_problems")
    assert notebook.tabs.currentWidget() is notebook.problems
    model = notebook.problems.model
    shown = sorted(model.row_at(i).id for i in range(model.rowCount()))
    assert shown == sorted(want["lists"]["open_problems"])

    notebook = click("unread_handovers")
    assert notebook.tabs.currentWidget() is notebook.handovers
    model = notebook.handovers.model
    shown = sorted(model.row_at(i).id for i in range(model.rowCount()))
    assert shown == sorted(want["lists"]["unread_handovers"])

    cases = click("returns_waiting")
    assert cases.objectName() == "page_returns"
    model = cases.cases.model
    shown = sorted(model.row_at(i).id for i in range(model.rowCount()))
    assert shown == sorted(want["lists"]["returns_waiting"])

    customers = click("follow_ups")
    assert customers.sidebar.current_key() == "follow_ups"


def test_today_follows_changes_without_polling(qtbot, window, copy):
    """A tally (F6) and a problem solved elsewhere show on Today at once."""
    from desk.core import notebook

    if window.desk_keys.read_dialog is not None:
        window.desk_keys.read_dialog.reject()
    page = window.show_page(index_of("today"))
    before = page.cards["open_problems"].property("count")
    open_ids = [p.id for p in notebook.list_problems(notebook.ProblemFilter(status="open"))]
    assert before == len(open_ids) and before > 0
    session = window.session
    session.bus.run_op(window, notebook.solve_problem, open_ids[0])
    assert page.cards["open_problems"].property("count") == before - 1
