"""The service book: taps, undo, per person per day, conversion (None without consultations),
the chart series and lost reasons; taps pressed fast and from two threads all count."""

from __future__ import annotations

import datetime
import threading

import pytest

from desk.core import service_book, staff
from desk.core.errors import ValidationError
from desk.core.service_book import CONSULT, DEAL, LOST
from desk.db.connection import db
from desk.models import ServiceEvent

DAY = datetime.date(2026, 11, 18)  # a Wednesday
AT = datetime.datetime(2026, 11, 18, 9, 30)


@pytest.fixture
def people(shop):
    return [p.id for p in staff.ensure_default_staff()]


def tap(kind, who, reason=None, at=AT):
    return service_book.tally(kind, who, reason, at)[0]


def test_one_row_per_tap_on_the_day_of_the_tap(people):
    row = tap(LOST, people[0], "price", AT.replace(hour=23, minute=59, second=59))
    stored = ServiceEvent.get_by_id(row.id)
    assert (stored.kind, stored.reason, stored.staff_id) == (LOST, "price", people[0])
    assert str(stored.day) == "2026-11-18"


@pytest.mark.parametrize(
    ("kind", "reason", "field"),
    [("chat", None, "kind"), (LOST, None, "reason"), (LOST, "weather", "reason"),
     (DEAL, "price", "reason")],
)  # fmt: skip
def test_bad_taps_are_refused(people, kind, reason, field):
    with pytest.raises(ValidationError) as refused:
        service_book.tally(kind, people[0], reason, AT)
    assert refused.value.field == field
    assert ServiceEvent.select().count() == 0


def test_unknown_person_is_refused(people):
    with pytest.raises(ValidationError):
        service_book.tally(CONSULT, 9999, None, AT)
    assert ServiceEvent.select().count() == 0


def test_counts_per_person_per_day_and_conversion(people):
    me, you = people
    for _n in range(3):
        tap(CONSULT, me)
    tap(DEAL, me)
    tap(CONSULT, you)
    tap(LOST, you, "size")
    tap(CONSULT, me, at=AT + datetime.timedelta(days=1))
    mine = service_book.day_counts(DAY, me)
    assert (mine.consults, mine.deals, mine.lost) == (3, 1, 0)
    assert mine.conversion == pytest.approx(1 / 3)
    assert mine.conversion_text == "33.3%"
    shop_day = service_book.day_counts(DAY)
    assert (shop_day.consults, shop_day.deals, shop_day.lost) == (4, 1, 1)
    by_person = {p.staff_id: p.counts for p in service_book.counts_by_person(DAY)}
    assert (by_person[you].consults, by_person[you].lost) == (1, 1)
    assert by_person[you].conversion == 0
    week = service_book.week_counts(DAY, me)
    assert (week.date_from, week.date_to) == (
        datetime.date(2026, 11, 16),
        datetime.date(2026, 11, 22),
    )
    assert week.consults == 4 and week.conversion == pytest.approx(1 / 4)


def test_no_consultations_means_no_rate(people):
    tap(DEAL, people[0])  # a deal without a consultation tapped
    day = service_book.day_counts(DAY, people[0])
    assert day.conversion is None and day.conversion_text == "—"
    assert service_book.day_counts(DAY + datetime.timedelta(days=1)).conversion is None


def test_undo_removes_only_my_latest_tap_of_today(people):
    me, you = people
    first = tap(CONSULT, me, at=AT)
    second = tap(DEAL, me, at=AT)  # same second: the later row goes
    tap(CONSULT, you, at=AT + datetime.timedelta(minutes=5))
    undone, done = service_book.undo_last(me, AT + datetime.timedelta(hours=1))
    assert undone.id == second.id and done.concerns("notebook")
    assert [r.id for r in service_book.recent_taps(me)] == [first.id]
    service_book.undo_last(me, AT)
    nothing, no_changes = service_book.undo_last(me, AT)
    assert nothing is None and not no_changes
    assert ServiceEvent.select().count() == 1  # yours stays
    tap(CONSULT, me, at=AT - datetime.timedelta(days=1))
    assert service_book.undo_last(me, AT)[0] is None  # yesterday's tap is not undone today


def test_series_has_every_day_oldest_first(people):
    tap(CONSULT, people[0], at=AT - datetime.timedelta(days=2))
    tap(CONSULT, people[0], at=AT)
    tap(DEAL, people[0], at=AT)
    days = service_book.series(DAY, days=7)
    assert [d.date_from for d in days] == [DAY - datetime.timedelta(days=6 - n) for n in range(7)]
    assert [d.consults for d in days] == [0, 0, 0, 0, 1, 0, 1]
    assert [d.conversion for d in days][-1] == 1.0 and days[0].conversion is None


def test_lost_reasons_counted_with_zeros(people):
    for reason in ("price", "price", "hesitant"):
        tap(LOST, people[1], reason)
    counted = service_book.lost_reasons(DAY)
    assert [r.reason for r in counted] == list(service_book.LOST_REASONS)
    assert {r.reason: r.count for r in counted if r.count} == {"price": 2, "hesitant": 1}
    assert all(r.count == 0 for r in service_book.lost_reasons(DAY, staff_id=people[0]))


def test_a_hundred_fast_taps_all_count(people):
    for _n in range(100):
        service_book.tally(CONSULT, people[0])
    today = datetime.date.today()
    assert service_book.day_counts(today, people[0]).consults == 100
    assert ServiceEvent.select().count() == 100


def test_taps_from_two_threads_with_their_own_connections_all_count(people):
    per_thread = 150
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def worker(person: int) -> None:
        try:
            db.connect(reuse_if_open=True)  # this thread's own connection (peewee: one per thread)
            start.wait()
            for _n in range(per_thread):
                service_book.tally(CONSULT, person, None, AT)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            if not db.is_closed():
                db.close()

    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [service_book.day_counts(DAY, p).consults for p in people] == [per_thread, per_thread]
