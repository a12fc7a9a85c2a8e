"""The problem book (问题登记本): every problem or idea when it happens, its handling, and whether
it is solved; reviewed weekly; a good answer becomes a quick reply.

The other two books: the service tally (服务统计本) is `desk.core.service_book`, the handover
book (交接记录本) is `desk.core.handovers`. The category and lost-reason keys live here.

Open problems stay on the list whatever the period until they are solved (`ProblemFilter`).
A description or handling longer than MAX_TEXT characters (after trimming) is refused with a
message saying how long it is: nothing is cut silently.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from desk.core import changes, replies
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import Customer, Order, Problem, Product, ReplyGroup, Staff
from desk.models.base import now as _now

#: Problem categories, in the order the form offers them.
CATEGORIES = (
    "complaint",
    "size",
    "logistics",
    "quality",
    "bad_review",
    "data_error",
    "idea",
    "other",
)
CATEGORY_LABELS = {
    "complaint": N_("Customer complaint"),  # 客户投诉
    "size": N_("Size"),  # 尺码
    "logistics": N_("Shipping"),  # 物流
    "quality": N_("Quality"),  # 质量
    "bad_review": N_("Bad or neutral review"),  # 差评/中评
    "data_error": N_("Product data error"),  # 产品资料错误
    "idea": N_("Idea or suggestion"),  # 想法建议
    "other": N_("Other"),  # 其他
}
OPEN = "open"
SOLVED = "solved"
PROBLEM_STATUSES = (OPEN, SOLVED)
STATUS_LABELS = {OPEN: N_("Not solved"), SOLVED: N_("Solved")}  # 待处理 / 已解决

#: Why a buyer left without buying (service book), in the order the buttons show them.
LOST_REASONS = ("price", "size", "out_of_stock", "logistics", "hesitant", "other")
LOST_REASON_LABELS = {
    "price": N_("Price too high"),  # 价格
    "size": N_("No size that fits"),  # 尺码
    "out_of_stock": N_("Out of stock"),  # 缺货
    "logistics": N_("Shipping"),  # 物流
    "hesitant": N_("Undecided"),  # 犹豫
    "other": N_("Other"),  # 其他
}

#: Longest description or handling, in characters after trimming (a longer one is refused).
MAX_TEXT = 2000
#: The reply group a problem's answer goes to when made a quick reply (replies.BUILTIN_GROUPS keys).
REPLY_GROUP_FOR = {
    "complaint": "soothe",
    "size": "size",
    "logistics": "logistics",
    "quality": "soothe",
    "bad_review": "soothe",
    "data_error": "welcome",
    "idea": "welcome",
    "other": "welcome",
}
LIST_LIMIT = 500


def category_label(key: str) -> str:
    return _(CATEGORY_LABELS[key]) if key in CATEGORY_LABELS else key


def status_label(key: str) -> str:
    return _(STATUS_LABELS[key]) if key in STATUS_LABELS else key


def lost_reason_label(key: str | None) -> str:
    if not key:
        return ""
    return _(LOST_REASON_LABELS[key]) if key in LOST_REASON_LABELS else key


@dataclass(frozen=True)
class ProblemDraft:
    """What the problem form sends. `at` None means now."""

    category: str
    description: str
    handling: str = ""
    at: datetime.datetime | None = None
    customer_id: int | None = None
    order_id: int | None = None
    product_id: int | None = None


@dataclass(frozen=True)
class ProblemRow:
    id: int
    at: datetime.datetime
    category: str
    description: str
    handling: str
    status: str  # open / solved
    staff_id: int | None  # who wrote it down
    staff_name: str
    customer_id: int | None
    customer_name: str  # name, else nick; "" without a customer
    order_id: int | None
    order_number: str
    product_id: int | None
    product_code: str  # 货号
    solved_at: datetime.datetime | None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class ProblemFilter:
    """What the problem list shows; empty fields filter nothing.

    The period (`date_from`/`date_to`, days of `at`) limits solved problems only while
    `open_always` is True: open ones stay on the list every day until solved. Category and
    text (description, handling, customer, order number, 货号) apply to all."""

    status: str | None = None  # open / solved / None for both
    category: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    query: str = ""
    open_always: bool = True


@dataclass(frozen=True)
class CategoryGroup:
    category: str
    count: int
    open_count: int
    problems: tuple[ProblemRow, ...]  # newest first

    @property
    def label(self) -> str:
        return category_label(self.category)


@dataclass(frozen=True)
class WeekReview:
    """A week's problems (Monday to Sunday, by `at`) grouped by category, most frequent first;
    categories without problems are left out."""

    week_start: datetime.date  # a Monday
    week_end: datetime.date  # the Sunday
    total: int
    open_count: int
    groups: tuple[CategoryGroup, ...]


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


# --- writing ---------------------------------------------------------------------------------------


def _clean_text(value: str, field: str, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(_("Describe the problem: the description is empty."), field)
    if len(text) > MAX_TEXT:
        what = _("The description") if field == "description" else _("The handling")
        raise ValidationError(
            _("{what} is too long: {length} characters, at most {count}.").format(
                what=what, length=len(text), count=MAX_TEXT
            ),
            field,
        )
    return text


def _clean(draft: ProblemDraft) -> dict:
    if draft.category not in CATEGORIES:
        raise ValidationError(_("Choose a category for the problem."), "category")
    description = _clean_text(draft.description, "description", required=True)
    handling = _clean_text(draft.handling, "handling", required=False)
    at = draft.at or _now()
    if not isinstance(at, datetime.datetime):
        raise ValidationError(_("The time of the problem is not a valid time."), "at")
    at = at.replace(microsecond=0)
    if at > _now() + datetime.timedelta(days=1):
        raise ValidationError(_("The time of the problem is in the future."), "at")
    links = {}
    for field, model, message in (
        ("customer_id", Customer, N_("The linked customer no longer exists.")),
        ("order_id", Order, N_("The linked order no longer exists.")),
        ("product_id", Product, N_("The linked product no longer exists.")),
    ):
        value = getattr(draft, field)
        if value is not None and not model.select().where(model.id == value).exists():
            raise ValidationError(_(message), field)
        links[field.removesuffix("_id")] = value
    return dict(at=at, category=draft.category, description=description, handling=handling, **links)


def _require(problem_id: int) -> Problem:
    row = Problem.get_or_none(Problem.id == problem_id)
    if row is None:
        raise DomainError(_("This problem is no longer in the problem book."))
    return row


def add_problem(draft: ProblemDraft, staff_id: int | None) -> tuple[ProblemRow, Changes]:
    """Write a problem down (status open). ValidationError (field category / description /
    handling / at / customer_id / order_id / product_id) for bad input; nothing is written then."""
    with db.atomic():
        values = _clean(draft)
        if staff_id is not None and not Staff.select().where(Staff.id == staff_id).exists():
            raise ValidationError(_("The person at the desk no longer exists."), "staff_id")
        row = Problem.create(status=OPEN, staff=staff_id, **values)
    return get_problem(row.id), Changes.of(changes.NOTEBOOK)


def update_problem(problem_id: int, draft: ProblemDraft) -> tuple[ProblemRow, Changes]:
    """Change a problem's time, category, texts and links (its status and author stay)."""
    with db.atomic():
        _require(problem_id)
        values = _clean(draft)
        Problem.update(**values).where(Problem.id == problem_id).execute()
    return get_problem(problem_id), Changes.of(changes.NOTEBOOK)


def solve_problem(
    problem_id: int, handling: str | None = None, at: datetime.datetime | None = None
) -> tuple[ProblemRow, Changes]:
    """Mark solved (已解决) at `at` (now); `handling`, when given, replaces the handling text.
    Solving a solved problem changes nothing."""
    with db.atomic():
        row = _require(problem_id)
        if row.status == SOLVED and handling is None:
            return get_problem(problem_id), Changes()
        values: dict = {}
        if handling is not None:
            values["handling"] = _clean_text(handling, "handling", required=False)
        if row.status != SOLVED:
            values.update(status=SOLVED, solved_at=(at or _now()).replace(microsecond=0))
        Problem.update(**values).where(Problem.id == problem_id).execute()
    return get_problem(problem_id), Changes.of(changes.NOTEBOOK)


def reopen_problem(problem_id: int) -> tuple[ProblemRow, Changes]:
    """Back to open (待处理); solved_at cleared."""
    with db.atomic():
        row = _require(problem_id)
        if row.status == OPEN:
            return get_problem(problem_id), Changes()
        Problem.update(status=OPEN, solved_at=None).where(Problem.id == problem_id).execute()
    return get_problem(problem_id), Changes.of(changes.NOTEBOOK)


def delete_problem(problem_id: int) -> Changes:
    """Remove a problem written by mistake."""
    with db.atomic():
        _require(problem_id)
        Problem.delete().where(Problem.id == problem_id).execute()
    return Changes.of(changes.NOTEBOOK)


# --- reading ---------------------------------------------------------------------------------------

_SELECT = (
    "SELECT p.id, p.at, p.category, p.description, p.handling, p.status, p.staff_id, s.name,"
    " p.customer_id, c.name, c.nick, p.order_id, o.number, p.product_id, pr.code, p.solved_at"
    " FROM problem p LEFT JOIN staff s ON s.id = p.staff_id"
    " LEFT JOIN customer c ON c.id = p.customer_id"
    ' LEFT JOIN "order" o ON o.id = p.order_id'
    " LEFT JOIN product pr ON pr.id = p.product_id"
)


def _when(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(str(value))


def _rows(where: str = "", params: tuple = (), limit: int = LIST_LIMIT) -> list[ProblemRow]:
    sql = f"{_SELECT} {where} ORDER BY p.status = 'solved', p.at DESC, p.id DESC LIMIT ?"
    return [
        ProblemRow(
            id=r[0], at=_when(r[1]), category=r[2], description=r[3], handling=r[4], status=r[5],
            staff_id=r[6], staff_name=r[7] or "", customer_id=r[8],
            customer_name=r[9] or r[10] or "", order_id=r[11], order_number=r[12] or "",
            product_id=r[13], product_code=r[14] or "", solved_at=_when(r[15]),
        )
        for r in db.execute_sql(sql, (*params, max(0, int(limit)))).fetchall()
    ]  # fmt: skip


def get_problem(problem_id: int) -> ProblemRow:
    """DomainError when it no longer exists."""
    found = _rows("WHERE p.id = ?", (problem_id,), 1)
    if not found:
        raise DomainError(_("This problem is no longer in the problem book."))
    return found[0]


def _day_start(day: datetime.date) -> str:
    return datetime.datetime.combine(day, datetime.time()).isoformat(sep=" ")


def list_problems(filter: ProblemFilter | None = None, limit: int = LIST_LIMIT) -> list[ProblemRow]:
    """Open problems first (newest first), then solved ones (newest first)."""
    f = filter or ProblemFilter()
    parts: list[str] = []
    params: list = []
    if f.status is not None:
        if f.status not in PROBLEM_STATUSES:
            raise ValidationError(_("Unknown problem status."), "status")
        parts.append("p.status = ?")
        params.append(f.status)
    if f.category:
        if f.category not in CATEGORIES:
            raise ValidationError(_("Unknown problem category."), "category")
        parts.append("p.category = ?")
        params.append(f.category)
    period: list[str] = []
    if f.date_from is not None:
        period.append("p.at >= ?")
        params.append(_day_start(f.date_from))
    if f.date_to is not None:
        period.append("p.at < ?")
        params.append(_day_start(f.date_to + datetime.timedelta(days=1)))
    if period:
        joined = " AND ".join(period)
        parts.append(f"(p.status = 'open' OR ({joined}))" if f.open_always else f"({joined})")
    query = " ".join((f.query or "").split())
    if query:
        fields = ("p.description", "p.handling", "c.name", "c.nick", "o.number", "pr.code")
        like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        parts.append("(" + " OR ".join(f"{x} LIKE ? ESCAPE '\\'" for x in fields) + ")")
        params += [like] * len(fields)
    where = ("WHERE " + " AND ".join(parts)) if parts else ""
    return _rows(where, tuple(params), limit)


def open_problem_count() -> int:
    return Problem.select().where(Problem.status == OPEN).count()


def weekly_review(day: datetime.date) -> WeekReview:
    """The review of the week holding `day`."""
    start = week_start(day)
    end = start + datetime.timedelta(days=6)
    rows = _rows(
        "WHERE p.at >= ? AND p.at < ?",
        (_day_start(start), _day_start(end + datetime.timedelta(days=1))),
        limit=100_000,
    )
    rows.sort(key=lambda r: (r.at, r.id), reverse=True)
    groups = []
    for category in CATEGORIES:
        mine = tuple(r for r in rows if r.category == category)
        if mine:
            groups.append(CategoryGroup(category, len(mine), sum(r.is_open for r in mine), mine))
    groups.sort(key=lambda g: (-g.count, CATEGORIES.index(g.category)))
    return WeekReview(start, end, len(rows), sum(r.is_open for r in rows), tuple(groups))


def make_quick_reply(
    problem_id: int, title: str | None = None, group_id: int | None = None
) -> tuple[replies.ReplyRow, Changes]:
    """Turn the problem's handling text into a reply in the handbook (desk.core.replies), in
    `group_id` or else the built-in group REPLY_GROUP_FOR its category; the title defaults to the
    start of the description. ValidationError (field handling) when the handling is empty."""
    problem = get_problem(problem_id)
    if not problem.handling.strip():
        raise ValidationError(
            _("Write how it was handled first: that text becomes the quick reply."), "handling"
        )
    with db.atomic():
        done = Changes()
        if group_id is None:
            done |= replies.ensure_groups()
            key = REPLY_GROUP_FOR[problem.category]
            group = ReplyGroup.get_or_none(ReplyGroup.key == key)
            if group is None:
                group = ReplyGroup.select().order_by(ReplyGroup.position, ReplyGroup.id).first()
            group_id = group.id
        if title is None or not title.strip():
            title = " ".join(problem.description.split())[: replies.MAX_TITLE]
        reply, made = replies.create_reply(replies.ReplyDraft(group_id, title, problem.handling))
    return reply, done | made
