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
    conn = connect(opened)
    evening = conn.execute(
        "SELECT id FROM staff ORDER BY position, id LIMIT 1 OFFSET 1"
    ).fetchone()[0]
    conn.close()
    assert [h.at for h in handovers.unread_for(evening)] == [
        datetime.datetime.combine(TODAY, datetime.time(15))
    ]
    week = service_book.week_counts(TODAY)
    assert week.consults > 0 and 0.15 < week.conversion < 0.40
    assert len(service_book.series(TODAY, 14)) == 14
    open_rows = notebook.list_problems(ProblemFilter(status="open"))
    assert open_rows and all(r.is_open for r in open_rows)
    review = notebook.weekly_review(TODAY)
    assert review.total == sum(g.count for g in review.groups)
