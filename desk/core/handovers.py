"""The handover book (交接记录本): at shift change, a note to the other person prefilled from the
state of the shop, plus free text; the addressee signs it 已读.

The writer's own note comes first; the shop's state (the prefilled draft, as edited) is stored
after it, below a separator line (`compose_body` / `split_body`), so the reader sees the note
before the automatic list.

Signing: the addressee signs; a note addressed to nobody can be signed by anyone but its writer.
The draft's counts are stored with the note (`handover.summary`, JSON), so the history shows the
shop as it was when the note was written.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass


from desk.core import changes, follow_ups, notebook, today
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.order_list import OrderFilter
from desk.core.today import Target
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import Handover, Staff
from desk.models.base import now as _now

#: Longest note body, in characters after trimming (a longer one is refused).
MAX_BODY = 5000
#: The line between the writer's note and the shop's state in a stored body (language-free).
STATE_SEPARATOR = "─" * 12
#: Example lines given per section of the draft.
EXAMPLES = 5
LIST_LIMIT = 200

SECTION_LABELS = {
    "to_ship": N_("To ship before the cut-off"),
    "chase": N_("Unpaid over 12 hours"),
    "returns_waiting": N_("Returns waiting on us"),
    "red_flags": N_("Red-flagged orders"),
    "follow_ups": N_("Follow-ups due"),
    "open_problems": N_("Open problems"),
}
SECTIONS = tuple(SECTION_LABELS)


@dataclass(frozen=True)
class DraftSection:
    key: str  # SECTION_LABELS key
    count: int
    examples: tuple[str, ...]  # at most EXAMPLES lines, e.g. "20261123-0007 张三 A1023 黑色/M ×2"
    target: Target  # the list it stands for (as on Today)

    @property
    def label(self) -> str:
        return _(SECTION_LABELS[self.key])


@dataclass(frozen=True)
class HandoverDraft:
    from_staff_id: int | None
    to_staff_id: int | None  # suggested: the other active person (None when there is none)
    at: datetime.datetime
    sections: tuple[DraftSection, ...]  # in SECTIONS order, zeros included
    text: str  # the sections written out as plain text, to prefill the note body
    summary: str  # JSON of {key: count}: pass it to write_handover


@dataclass(frozen=True)
class HandoverRow:
    id: int
    at: datetime.datetime
    from_staff_id: int | None
    from_name: str
    to_staff_id: int | None
    to_name: str  # "" when addressed to nobody
    body: str
    counts: tuple[
        tuple[str, int], ...
    ]  # the stored summary: (section key, count) in SECTIONS order
    read_at: datetime.datetime | None
    read_by_id: int | None
    read_by_name: str

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def note(self) -> str:
        """What the writer wrote themselves (the whole body of a note without a state part)."""
        return split_body(self.body)[0]

    @property
    def state(self) -> str:
        """The shop's state stored below the note ("" when none)."""
        return split_body(self.body)[1]


def compose_body(note: str, state: str = "") -> str:
    """The stored body: the writer's note first, then the separator line and the shop's state."""
    note, state = (note or "").strip(), (state or "").strip()
    if not state:
        return note
    return f"{note}\n\n{STATE_SEPARATOR}\n{state}" if note else f"{STATE_SEPARATOR}\n{state}"


def split_body(body: str) -> tuple[str, str]:
    """(note, state) of a stored body; a body without the separator line is all note."""
    text = body or ""
    if text.startswith(STATE_SEPARATOR + "\n"):
        return "", text[len(STATE_SEPARATOR) + 1 :].strip()
    note, found, state = text.partition(f"\n{STATE_SEPARATOR}\n")
    if not found:
        return text.strip(), ""
    return note.strip(), state.strip()


def section_label(key: str) -> str:
    return _(SECTION_LABELS[key]) if key in SECTION_LABELS else key


#: Red-flagged orders still in the shop's hands (not shipped, signed, completed or closed).
RED_OPEN_STATUSES = ("unpaid", "paid", "confirmed", "printed")


def _order_lines(order_ids: list[int]) -> list[str]:
    """'20261123-0007 张三 A1023 黑色/M ×2' for each order, in the order given."""
    if not order_ids:
        return []
    marks = ",".join("?" * len(order_ids))
    heads = {
        row[0]: row[1:]
        for row in db.execute_sql(
            f'SELECT id, number, receiver FROM "order" WHERE id IN ({marks})', order_ids
        )
    }
    firsts: dict[int, tuple] = {}
    for order_id, code, color, size, quantity in db.execute_sql(
        "SELECT order_id, product_code, color, size, quantity FROM order_line"
        f" WHERE order_id IN ({marks}) ORDER BY order_id, position DESC, id DESC",
        order_ids,
    ):
        firsts[order_id] = (code, color, size, quantity)  # the last written wins: the first line
    lines = []
    for order_id in order_ids:
        number, receiver = heads.get(order_id, ("", ""))
        first = firsts.get(order_id)
        item = f"{first[0]} {first[1]}/{first[2]} ×{first[3]}" if first else ""
        lines.append(" ".join(x for x in (number, receiver, item) if x))
    return lines


def _red_flags(limit: int) -> tuple[int, list[int]]:
    marks = ",".join("?" * len(RED_OPEN_STATUSES))
    where = (
        "FROM \"order\" INDEXED BY order_status WHERE flag = 'red' AND merged_into_id IS NULL"
        f" AND status IN ({marks})"
    )
    count = db.execute_sql(f"SELECT COUNT(*) {where}", RED_OPEN_STATUSES).fetchone()[0]
    ids = [
        r[0]
        for r in db.execute_sql(
            f"SELECT id {where} ORDER BY created_at, id LIMIT ?", (*RED_OPEN_STATUSES, limit)
        )
    ]
    return count, ids


def _returns_waiting(limit: int) -> tuple[int, list[str]]:
    from desk.core.today import RETURN_WAITING_STATUSES

    marks = ",".join("?" * len(RETURN_WAITING_STATUSES))
    rows = db.execute_sql(
        'SELECT r.number, o.number, c.name, c.nick FROM return_case r JOIN "order" o'
        " ON o.id = r.order_id LEFT JOIN customer c ON c.id = r.customer_id"
        f" WHERE r.status IN ({marks}) ORDER BY r.created_at, r.id LIMIT ?",
        (*RETURN_WAITING_STATUSES, limit),
    ).fetchall()
    lines = [" ".join(x for x in (r[0], r[1], r[2] or r[3] or "") if x) for r in rows]
    return today.returns_waiting_count(), lines


def _follow_ups_due(day: datetime.date, limit: int) -> tuple[int, list[str]]:
    """Open follow-ups due by `day` (as follow_ups.follow_up_queue): the count, and the first
    few as '王小丫 复购提醒 · 袜子快穿完了' (the queue itself builds every row: thousands on a
    big shop)."""
    rows = db.execute_sql(
        "SELECT c.name, c.nick, f.reason, f.reason_text FROM follow_up f"
        " INDEXED BY follow_up_due_date"
        " JOIN customer c ON c.id = f.customer_id WHERE f.status = 'open' AND f.due_date <= ?"
        " AND c.merged_into_id IS NULL ORDER BY f.due_date, f.id LIMIT ?",
        (day.isoformat(), limit),
    ).fetchall()
    lines = []
    for name, nick, reason, text in rows:
        what = " · ".join(p for p in (follow_ups.reason_label(reason), text) if p)
        lines.append(f"{name or nick} {_clip(what)}")
    return follow_ups.due_count(day), lines


def _clip(text: str, length: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _sections(now: datetime.datetime) -> tuple[DraftSection, ...]:
    n = EXAMPLES
    to_ship = today.to_ship_ids(now)
    chase = today.chase_ids(now)
    due_count, due_lines = _follow_ups_due(now.date(), n)
    red_count, red_ids = _red_flags(n)
    returns_count, returns_lines = _returns_waiting(n)
    problems = notebook.list_problems(notebook.ProblemFilter(status=notebook.OPEN))
    red_filter = OrderFilter(statuses=RED_OPEN_STATUSES, flags=("red",))
    return (
        DraftSection(
            "to_ship", len(to_ship), tuple(_order_lines(to_ship[:n])),
            Target(today.ORDERS, today.VIEW_TO_SHIP),
        ),
        DraftSection(
            "chase", len(chase), tuple(_order_lines(chase[:n])),
            Target(today.ORDERS, today.VIEW_CHASE),
        ),
        DraftSection(
            "returns_waiting", returns_count, tuple(returns_lines),
            Target(today.RETURNS, today.VIEW_RETURNS_WAITING,
                   statuses=today.RETURN_WAITING_STATUSES),
        ),
        DraftSection(
            "red_flags", red_count, tuple(_order_lines(red_ids)),
            Target(today.ORDERS, order_filter=red_filter),
        ),
        DraftSection(
            "follow_ups", due_count, tuple(due_lines),
            Target(today.CUSTOMERS, today.VIEW_FOLLOW_UPS),
        ),
        DraftSection(
            "open_problems", notebook.open_problem_count(),
            tuple(f"[{p.category_label}] {_clip(p.description)}" for p in problems[:n]),
            Target(today.NOTEBOOK, today.VIEW_PROBLEMS),
        ),
    )  # fmt: skip


def _draft_text(sections: tuple[DraftSection, ...]) -> str:
    blocks = []
    for section in sections:
        if not section.count:
            continue
        lines = [_("{label}: {count}").format(label=section.label, count=section.count)]
        lines += [f"  · {example}" for example in section.examples]
        if section.count > len(section.examples):
            lines.append(
                "  · " + _("and {count} more").format(count=section.count - len(section.examples))
            )
        blocks.append("\n".join(lines))
    if not blocks:
        return _("Nothing urgent is waiting.")
    return "\n\n".join(blocks)


def handover_draft(
    from_staff_id: int | None, now: datetime.datetime | None = None
) -> HandoverDraft:
    """The note prefilled from the shop at `now`: orders to ship before the cut-off, unpaid over
    12 h, returns waiting on the shop, red-flagged orders (not yet shipped or closed), follow-ups
    due, open problems — counts and a few example lines each."""
    from desk.core.staff import other_staff

    now = (now or _now()).replace(microsecond=0)
    with db.atomic():  # one snapshot of the shop
        sections = _sections(now)
    other = other_staff(from_staff_id)
    summary = json.dumps({s.key: s.count for s in sections}, sort_keys=True)
    return HandoverDraft(
        from_staff_id, other.id if other else None, now, sections, _draft_text(sections), summary
    )


def _clean_summary(summary) -> str:
    if isinstance(summary, dict):
        data = summary
    else:
        try:
            data = json.loads(summary or "{}")
        except ValueError:
            data = {}
    if not isinstance(data, dict):
        data = {}
    clean = {k: int(v) for k, v in data.items() if k in SECTION_LABELS and isinstance(v, int)}
    return json.dumps(clean, sort_keys=True)


def _person(staff_id: int, field: str) -> Staff:
    person = Staff.get_or_none(Staff.id == staff_id)
    if person is None:
        raise ValidationError(_("This person no longer exists."), field)
    return person


def write_handover(
    from_staff_id: int | None,
    to_staff_id: int | None,
    body: str,
    summary: str = "",
    at: datetime.datetime | None = None,
    state: str = "",
) -> tuple[HandoverRow, Changes]:
    """Save a note: `body` is the writer's own text, `state` the shop's state (the draft text,
    as edited) stored after it. Something must be written (≤ MAX_BODY characters in all); the
    addressee must be another active person or None; `summary` is HandoverDraft.summary (or "").
    ValidationError (field body / to_staff_id / from_staff_id)."""
    text = compose_body(body, state)
    if not text:
        raise ValidationError(
            _("The handover note is empty: write what the other person needs to know."), "body"
        )
    if len(text) > MAX_BODY:
        raise ValidationError(
            _("The handover note is too long: {length} characters, at most {count}.").format(
                length=len(text), count=MAX_BODY
            ),
            "body",
        )
    with db.atomic():
        if from_staff_id is not None:
            _person(from_staff_id, "from_staff_id")
        if to_staff_id is not None:
            person = _person(to_staff_id, "to_staff_id")
            if to_staff_id == from_staff_id:
                raise ValidationError(
                    _("A handover goes to the other person, not to yourself."), "to_staff_id"
                )
            if not person.active:
                raise ValidationError(
                    _("{name} is no longer at the desk.").format(name=person.name), "to_staff_id"
                )
        row = Handover.create(
            at=(at or _now()).replace(microsecond=0), from_staff=from_staff_id,
            to_staff=to_staff_id, body=text, summary=_clean_summary(summary),
        )  # fmt: skip
    return get_handover(row.id), Changes.of(changes.NOTEBOOK)


def sign_handover(
    handover_id: int, staff_id: int | None, now: datetime.datetime | None = None
) -> tuple[HandoverRow, Changes]:
    """Sign 已读: only the addressee (anyone but the writer when addressed to nobody). Signing a
    signed note changes nothing. DomainError when someone else tries."""
    if staff_id is None:
        raise DomainError(_("Choose who is at the desk before signing the handover."))
    with db.atomic():
        row = Handover.get_or_none(Handover.id == handover_id)
        if row is None:
            raise DomainError(_("This handover note no longer exists."))
        if row.read_at is not None:
            return get_handover(handover_id), Changes()
        if row.to_staff_id is not None and row.to_staff_id != staff_id:
            raise DomainError(
                _("This handover is for {name}: only they can sign it.").format(
                    name=row.to_staff.name
                )
            )
        if row.to_staff_id is None and row.from_staff_id == staff_id:
            raise DomainError(_("You wrote this handover: the other person signs it."))
        _person(staff_id, "staff_id")
        Handover.update(read_at=(now or _now()).replace(microsecond=0), read_by=staff_id).where(
            Handover.id == handover_id
        ).execute()
    return get_handover(handover_id), Changes.of(changes.NOTEBOOK)


_SELECT = (
    "SELECT h.id, h.at, h.from_staff_id, f.name, h.to_staff_id, t.name, h.body, h.summary,"
    " h.read_at, h.read_by_id, r.name FROM handover h"
    " LEFT JOIN staff f ON f.id = h.from_staff_id LEFT JOIN staff t ON t.id = h.to_staff_id"
    " LEFT JOIN staff r ON r.id = h.read_by_id"
)
_UNREAD = (
    "h.read_at IS NULL AND (h.to_staff_id = ? OR (h.to_staff_id IS NULL"
    " AND (h.from_staff_id IS NULL OR h.from_staff_id != ?)))"
)


def _when(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(str(value))


def _counts(summary: str) -> tuple[tuple[str, int], ...]:
    try:
        data = json.loads(summary or "{}")
    except ValueError:
        return ()
    if not isinstance(data, dict):
        return ()
    return tuple((k, data[k]) for k in SECTIONS if isinstance(data.get(k), int))


def _rows(where: str, params: tuple, limit: int) -> list[HandoverRow]:
    sql = f"{_SELECT} {where} ORDER BY h.at DESC, h.id DESC LIMIT ?"
    return [
        HandoverRow(
            id=r[0], at=_when(r[1]), from_staff_id=r[2], from_name=r[3] or "", to_staff_id=r[4],
            to_name=r[5] or "", body=r[6], counts=_counts(r[7]), read_at=_when(r[8]),
            read_by_id=r[9], read_by_name=r[10] or "",
        )
        for r in db.execute_sql(sql, (*params, max(0, int(limit)))).fetchall()
    ]  # fmt: skip


def get_handover(handover_id: int) -> HandoverRow:
    found = _rows("WHERE h.id = ?", (handover_id,), 1)
    if not found:
        raise DomainError(_("This handover note no longer exists."))
    return found[0]


def unread_for(staff_id: int | None) -> list[HandoverRow]:
    """Unread notes for this person (addressed to them, or to nobody and written by someone
    else), newest first. Empty for None."""
    if staff_id is None:
        return []
    return _rows(f"WHERE {_UNREAD}", (staff_id, staff_id), LIST_LIMIT)


def unread_count(staff_id: int | None) -> int:
    if staff_id is None:
        return 0
    sql = f"SELECT COUNT(*) FROM handover h WHERE {_UNREAD}"
    return db.execute_sql(sql, (staff_id, staff_id)).fetchone()[0]


def list_handovers(
    staff_id: int | None = None, limit: int = LIST_LIMIT, unread_only: bool = False
) -> list[HandoverRow]:
    """The history, newest first; with staff_id, the notes written by or to that person."""
    parts: list[str] = []
    params: list = []
    if staff_id is not None:
        parts.append("(h.from_staff_id = ? OR h.to_staff_id = ? OR h.to_staff_id IS NULL)")
        params += [staff_id, staff_id]
    if unread_only:
        parts.append("h.read_at IS NULL")
    where = ("WHERE " + " AND ".join(parts)) if parts else ""
    return _rows(where, tuple(params), limit)
