"""The demo's notebooks: problems of every category, open and solved; both people's tallies with
a plausible conversion; handovers at every shift change with today's note to the evening person
unread; and the services read them."""

from __future__ import annotations

import datetime
from collections import Counter

from desk.core import handovers, notebook, service_book
from desk.core.notebook import ProblemFilter
from tests.core.test_demo import TODAY, connect


def test_problems_cover_every_category(conn):
    rows = conn.execute("SELECT category, status, at, solved_at, staff_id FROM problem").fetchall()
    assert {r["category"] for r in rows} == set(notebook.CATEGORIES)
    assert Counter(r["status"] for r in rows).keys() == {"open", "solved"}
    for r in rows:
        assert (r["solved_at"] is None) == (r["status"] == "open")
        assert r["solved_at"] is None or r["solved_at"] >= r["at"]
        assert r["staff_id"] is not None
        assert r["at"] <= f"{TODAY} 21:30:00"
    assert conn.execute("SELECT COUNT(*) FROM problem WHERE order_id IS NOT NULL").fetchone()[0]


def test_tallies_give_a_plausible_conversion(conn):
    people = [r[0] for r in conn.execute("SELECT id FROM staff ORDER BY position, id LIMIT 2")]
    for person in people:
        taps = Counter(
            r[0]
            for r in conn.execute("SELECT kind FROM service_event WHERE staff_id = ?", (person,))
        )
        assert taps["consult"] > 100
        assert 0.18 < taps["deal"] / taps["consult"] < 0.37
    reasons = {r[0] for r in conn.execute("SELECT reason FROM service_event WHERE kind = 'lost'")}
    assert reasons == set(notebook.LOST_REASONS)
    assert not conn.execute(
        "SELECT COUNT(*) FROM service_event WHERE (kind = 'lost') != (reason IS NOT NULL)"
        " OR day != date(at) OR at > ?",
        (f"{TODAY} 21:30:00",),
    ).fetchone()[0]


def test_one_unread_handover_for_the_evening_person(conn):
    day_person, evening = (
        r[0] for r in conn.execute("SELECT id FROM staff ORDER BY position, id LIMIT 2")
    )
    unread = conn.execute(
        "SELECT at, from_staff_id, to_staff_id FROM handover WHERE read_at IS NULL"
    ).fetchall()
    assert [tuple(r) for r in unread] == [(f"{TODAY} 15:00:00", day_person, evening)]
    assert conn.execute("SELECT COUNT(*) FROM handover").fetchone()[0] >= 20


def test_the_services_read_the_demo(opened):
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    sunday = monday + datetime.timedelta(days=6)
    first = TODAY - datetime.timedelta(days=13)
    conn = connect(opened)
    evening = conn.execute(
        "SELECT id FROM staff ORDER BY position, id LIMIT 1 OFFSET 1"
    ).fetchone()[0]
    week_taps = Counter(
        r[0]
        for r in conn.execute(
            "SELECT kind FROM service_event WHERE day >= ? AND day <= ?",
            (monday.isoformat(), sunday.isoformat()),
        )
    )
    daily_consults = Counter(
        r[0]
        for r in conn.execute(
            "SELECT day FROM service_event WHERE kind = 'consult' AND day >= ? AND day <= ?",
            (first.isoformat(), TODAY.isoformat()),
        )
    )
    open_ids = {r[0] for r in conn.execute("SELECT id FROM problem WHERE status = 'open'")}
    week_problems = conn.execute(
        "SELECT category, status FROM problem WHERE at >= ? AND at < ?",
        (f"{monday} 00:00:00", f"{sunday + datetime.timedelta(days=1)} 00:00:00"),
    ).fetchall()
    conn.close()
    assert [h.at for h in handovers.unread_for(evening)] == [
        datetime.datetime.combine(TODAY, datetime.time(15))
    ]
    week = service_book.week_counts(TODAY)
    assert (week.consults, week.deals, week.lost) == (
        week_taps["consult"], week_taps["deal"], week_taps["lost"],
    )  # fmt: skip
    assert week.consults > 0 and 0.15 < week.conversion < 0.40
    days = service_book.series(TODAY, 14)
    assert [c.date_from for c in days] == [first + datetime.timedelta(days=n) for n in range(14)]
    assert [c.consults for c in days] == [daily_consults[d.date_from.isoformat()] for d in days]
    open_rows = notebook.list_problems(ProblemFilter(status="open"))
    assert {r.id for r in open_rows} == open_ids and len(open_rows) == len(open_ids) > 0
    assert all(r.is_open for r in open_rows)
    review = notebook.weekly_review(TODAY)
    assert (review.week_start, review.week_end) == (monday, sunday)
    assert review.total == len(week_problems) > 0
    assert review.open_count == sum(status == "open" for _c, status in week_problems)
    assert {g.category: g.count for g in review.groups} == Counter(c for c, _s in week_problems)
    assert [g.count for g in review.groups] == sorted(
        (g.count for g in review.groups), reverse=True
    )
