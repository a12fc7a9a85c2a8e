"""The service book (服务统计本): one tap per buyer served (接待), per buyer who bought (成交), and
per buyer lost with the reason (流失: 价格, 尺码, 缺货, 物流, 犹豫, 其他).

Each tap is one `service_event` row written in its own short transaction, so taps pressed 100
times a second (or from two windows) all count. Conversion (转化率) = deals / consultations of
the same people and days; with no consultation it is None, shown as "—".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from peewee import JOIN

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import ValidationError
from desk.core.notebook import LOST_REASONS, lost_reason_label, week_start
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import ServiceEvent, Staff
from desk.models.base import now as _now

CONSULT = "consult"
DEAL = "deal"
LOST = "lost"
KINDS = (CONSULT, DEAL, LOST)
KIND_LABELS = {
    CONSULT: N_("Consultation"),
    DEAL: N_("Deal"),
    LOST: N_("Lost buyer"),
}  # 接待/成交/流失
#: Days in the chart by default.
SERIES_DAYS = 14


def kind_label(key: str) -> str:
    return _(KIND_LABELS[key]) if key in KIND_LABELS else key


def conversion(consults: int, deals: int) -> float | None:
    """deals / consults (0.25 for 25 %), None without consultations."""
    return deals / consults if consults else None


def format_rate(rate: float | None) -> str:
    """'28.6%', or '—' when there is no rate."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


@dataclass(frozen=True)
class TallyRow:
    id: int
    day: datetime.date
    at: datetime.datetime
    staff_id: int | None
    staff_name: str
    kind: str  # consult / deal / lost
    reason: str | None  # LOST_REASONS key for a lost buyer

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def reason_label(self) -> str:
        return lost_reason_label(self.reason)


@dataclass(frozen=True)
class Counts:
    """Taps over a period (one day, a week, …) for one person or the whole shop."""

    date_from: datetime.date
    date_to: datetime.date  # inclusive; equal to date_from for one day
    staff_id: int | None  # None: everyone
    consults: int
    deals: int
    lost: int

    @property
    def conversion(self) -> float | None:
        return conversion(self.consults, self.deals)

    @property
    def conversion_text(self) -> str:
        return format_rate(self.conversion)


@dataclass(frozen=True)
class PersonCounts:
    staff_id: int
    staff_name: str
    counts: Counts


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    count: int

    @property
    def label(self) -> str:
        return lost_reason_label(self.reason)


def tally(
    kind: str, staff_id: int | None, reason: str | None = None, at: datetime.datetime | None = None
) -> tuple[TallyRow, Changes]:
    """Count one consultation / deal / lost buyer for `staff_id` at `at` (now), on the day of
    `at`. A lost buyer needs a reason (LOST_REASONS); the others take none. ValidationError
    (field kind / reason / staff_id) otherwise."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of tally."), "kind")
    if kind == LOST:
        if reason not in LOST_REASONS:
            raise ValidationError(_("Choose why the buyer did not buy."), "reason")
    elif reason is not None:
        raise ValidationError(_("Only a lost buyer has a reason."), "reason")
    at = (at or _now()).replace(microsecond=0)
    name = ""
    if staff_id is not None:
        person = Staff.get_or_none(Staff.id == staff_id)
        if person is None:
            raise ValidationError(_("The person at the desk no longer exists."), "staff_id")
        name = person.name
    # One INSERT in its own short transaction, no read inside it: a second writer waits on the
    # busy timeout instead of failing, so taps from two windows all count.
    with db.atomic():
        row = ServiceEvent.create(day=at.date(), at=at, staff=staff_id, kind=kind, reason=reason)
    return (
        TallyRow(row.id, at.date(), at, staff_id, name, kind, reason),
        Changes.of(changes.NOTEBOOK),
    )


def undo_last(
    staff_id: int | None, now: datetime.datetime | None = None
) -> tuple[TallyRow | None, Changes]:
    """Remove this person's latest tap of the day of `now` (a mistaken keystroke); None and no
    changes when there is none that day."""
    day = (now or _now()).date()
    with db.atomic():
        found = recent_taps(staff_id, day, limit=1, everyone=False)
        if not found:
            return None, Changes()
        ServiceEvent.delete().where(ServiceEvent.id == found[0].id).execute()
    return found[0], Changes.of(changes.NOTEBOOK)


def _span(date_from: datetime.date, date_to: datetime.date | None) -> tuple[str, str]:
    date_to = date_from if date_to is None else date_to
    return date_from.isoformat(), date_to.isoformat()


def _grouped(
    date_from: datetime.date, date_to: datetime.date | None, staff_id: int | None, by: str
) -> list[tuple]:
    """(by-value, kind, count) over the period; by is "day" or "staff_id"."""
    sql = f"SELECT {by}, kind, COUNT(*) FROM service_event WHERE day BETWEEN ? AND ?"
    params: list = list(_span(date_from, date_to))
    if staff_id is not None:
        sql += " AND staff_id = ?"
        params.append(staff_id)
    return db.execute_sql(sql + f" GROUP BY {by}, kind", params).fetchall()


def counts(
    date_from: datetime.date, date_to: datetime.date | None = None, staff_id: int | None = None
) -> Counts:
    """Taps from date_from to date_to (inclusive; date_from when None), one person or all."""
    date_to = date_from if date_to is None else date_to
    by_kind = {k: 0 for k in KINDS}
    for _day, kind, count in _grouped(date_from, date_to, staff_id, "'all'"):
        by_kind[kind] = by_kind.get(kind, 0) + count
    return Counts(date_from, date_to, staff_id, by_kind[CONSULT], by_kind[DEAL], by_kind[LOST])


def day_counts(day: datetime.date, staff_id: int | None = None) -> Counts:
    return counts(day, day, staff_id)


def week_counts(day: datetime.date, staff_id: int | None = None) -> Counts:
    """The week (Monday to Sunday) holding `day`."""
    start = week_start(day)
    return counts(start, start + datetime.timedelta(days=6), staff_id)


def counts_by_person(
    date_from: datetime.date, date_to: datetime.date | None = None
) -> list[PersonCounts]:
    """Each active person (and anyone inactive who tapped in the period), in staff order."""
    date_to = date_from if date_to is None else date_to
    tallies: dict[int, dict[str, int]] = {}
    for staff_id, kind, count in _grouped(date_from, date_to, None, "staff_id"):
        if staff_id is not None:
            tallies.setdefault(staff_id, {})[kind] = count
    people = Staff.select().order_by(Staff.position, Staff.id)
    result = []
    for person in people:
        mine = tallies.get(person.id)
        if not person.active and not mine:
            continue
        mine = mine or {}
        result.append(
            PersonCounts(
                person.id,
                person.name,
                Counts(
                    date_from, date_to, person.id,
                    mine.get(CONSULT, 0), mine.get(DEAL, 0), mine.get(LOST, 0),
                ),
            )
        )  # fmt: skip
    return result


def series(
    last_day: datetime.date, days: int = SERIES_DAYS, staff_id: int | None = None
) -> list[Counts]:
    """One Counts per day for the `days` days ending on last_day, oldest first, zeros included:
    the data of the small chart."""
    days = max(1, int(days))
    first = last_day - datetime.timedelta(days=days - 1)
    found: dict[str, dict[str, int]] = {}
    for day, kind, count in _grouped(first, last_day, staff_id, "day"):
        found.setdefault(str(day), {})[kind] = count
    result = []
    for n in range(days):
        day = first + datetime.timedelta(days=n)
        mine = found.get(day.isoformat(), {})
        result.append(
            Counts(day, day, staff_id, mine.get(CONSULT, 0), mine.get(DEAL, 0), mine.get(LOST, 0))
        )
    return result


def lost_reasons(
    date_from: datetime.date, date_to: datetime.date | None = None, staff_id: int | None = None
) -> list[ReasonCount]:
    """Every LOST_REASONS key in order with its count in the period (zeros included)."""
    sql = "SELECT reason, COUNT(*) FROM service_event WHERE day BETWEEN ? AND ? AND kind = 'lost'"
    params: list = list(_span(date_from, date_to))
    if staff_id is not None:
        sql += " AND staff_id = ?"
        params.append(staff_id)
    found = dict(db.execute_sql(sql + " GROUP BY reason", params).fetchall())
    return [ReasonCount(reason, found.get(reason, 0)) for reason in LOST_REASONS]


def recent_taps(
    staff_id: int | None = None,
    day: datetime.date | None = None,
    limit: int = 50,
    *,
    everyone: bool = True,
) -> list[TallyRow]:
    """The latest taps (of one day, when given), newest first: of `staff_id`, or of everyone
    when staff_id is None and `everyone` (with everyone False, None means taps of nobody)."""
    query = (
        ServiceEvent.select(ServiceEvent, Staff.name.alias("staff_name"))
        .join(Staff, on=(ServiceEvent.staff == Staff.id), join_type=JOIN.LEFT_OUTER)
        .order_by(ServiceEvent.at.desc(), ServiceEvent.id.desc())
        .limit(max(0, int(limit)))
    )
    if staff_id is not None:
        query = query.where(ServiceEvent.staff == staff_id)
    elif not everyone:
        query = query.where(ServiceEvent.staff.is_null())
    if day is not None:
        query = query.where(ServiceEvent.day == day)
    return [
        TallyRow(
            row.id, _date(row.day), _when(row.at), row.staff_id, row.staff_name or "", row.kind,
            row.reason,
        )
        for row in query.objects()
    ]  # fmt: skip


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _when(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(str(value))
