"""The Today page (今日): what is due now, each count with the exact list it opens, and today's
figures so far.

Every item carries a `Target`: the page to open and what to show there. When the list is an
order filter the orders page already has, the Target holds that `OrderFilter`; when it is not
(unpaid over 12 h, to ship before the cut-off, tracking number missing, low stock), the Target's
`view` names it and `ids_for(target, now)` gives the exact ids in list order. The counts use
indexed columns only (status, paid_at, created_at, …), so they stay fast on a million orders.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from desk.core import follow_ups, notebook, order_list, orders, service_book, settings
from desk.core.order_list import OrderFilter
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models.base import now as _now

# Target pages (desk/ui/pages.py keys) and views.
ORDERS = "orders"
RETURNS = "returns"
CUSTOMERS = "customers"
PRODUCTS = "products"
NOTEBOOK = "notebook"

#: views on the orders page whose ids come from `ids_for` (OrderFilter cannot say them)
VIEW_CHASE = "chase"  # unpaid more than 12 h, oldest first (same as order_list.unpaid_to_chase)
VIEW_TO_SHIP = "to_ship"  # paid/confirmed/printed, paid before today's cut-off, oldest paid first
VIEW_NO_TRACKING = "no_tracking"  # confirmed/printed without a shipment, oldest first
#: other views
VIEW_LOW_STOCK = "low_stock"  # products page: product ids with a low-stock variant (ids_for)
VIEW_FOLLOW_UPS = "follow_ups"  # customers page: follow_ups.follow_up_queue(today)
VIEW_PROBLEMS = "problems"  # notebook page, problem book with status open
VIEW_HANDOVERS = "handovers"  # notebook page, handover book: unread_for(staff)
VIEW_RETURNS_WAITING = "waiting"  # returns page: cases in `statuses`

#: Orders that still have to leave the shop (to print and ship before the cut-off).
SHIP_STATUSES = ("paid", "confirmed", "printed")
#: Orders that should have a tracking number by now.
TRACKING_STATUSES = ("confirmed", "printed")
#: Return cases waiting on the shop (to answer, to inspect, to refund or send).
RETURN_WAITING_STATUSES = ("requested", "received", "inspected")

ITEM_LABELS = {
    "chase": N_("Unpaid over 12 hours to chase"),  # 催付
    "to_confirm": N_("Paid, not confirmed yet"),
    "to_ship": N_("To print and ship before the cut-off"),
    "no_tracking": N_("Tracking number missing"),
    "returns_waiting": N_("Returns waiting on us"),
    "follow_ups": N_("Follow-ups due"),
    "open_problems": N_("Open problems"),
    "unread_handovers": N_("Unread handover notes"),
    "low_stock": N_("Products low on stock"),  # counted in products (款式)
}


@dataclass(frozen=True)
class Target:
    """Which list a count opens: a page key of desk/ui/pages.py and what to show there.

    - page "orders" with `order_filter`: the orders page with that filter (exact);
    - page "orders" with view chase / to_ship / no_tracking: the orders whose ids `ids_for` gives;
    - page "returns" with view "waiting": return cases whose status is in `statuses`;
    - page "customers" with view "follow_ups": the follow-up queue due today or earlier;
    - page "notebook" with view "problems" (status open) or "handovers" (unread for the person);
    - page "products" with view "low_stock": the products `ids_for` gives (those holding a
      low-stock colour/size, as the products page's low-stock filter shows them).
    """

    page: str
    view: str = ""
    order_filter: OrderFilter | None = None
    statuses: tuple[str, ...] = ()
    staff_id: int | None = None  # the person (unread handovers)


@dataclass(frozen=True)
class TodayItem:
    key: str  # ITEM_LABELS key
    count: int
    target: Target

    @property
    def label(self) -> str:
        return _(ITEM_LABELS[self.key])


@dataclass(frozen=True)
class TodayCounts:
    at: datetime.datetime  # the `now` they were counted at
    cutoff: datetime.datetime  # today's ship cut-off (settings ship_cutoff)
    minutes_left: int  # until the cut-off; 0 once it has passed
    past_cutoff: bool
    chase: TodayItem
    to_confirm: TodayItem
    to_ship: TodayItem
    no_tracking: TodayItem
    returns_waiting: TodayItem
    follow_ups: TodayItem
    open_problems: TodayItem
    unread_handovers: TodayItem  # for the staff_id given (0 when None)
    low_stock: TodayItem
    # today's figures so far (the day of `at`)
    orders_today: int  # orders created today, not merged into another
    sales_today_fen: int  # total of orders paid today (not closed, not merged)
    consults_today: int  # the whole shop's taps
    deals_today: int
    conversion_today: float | None  # deals / consults; None without consultations

    @property
    def items(self) -> tuple[TodayItem, ...]:
        """The counts in the order the page shows them."""
        return (
            self.chase,
            self.to_confirm,
            self.to_ship,
            self.no_tracking,
            self.returns_waiting,
            self.follow_ups,
            self.open_problems,
            self.unread_handovers,
            self.low_stock,
        )

    @property
    def cutoff_text(self) -> str:
        """'2 h 15 min left before the 16:00 cut-off' or 'The 16:00 cut-off has passed'."""
        clock = self.cutoff.strftime("%H:%M")
        if self.past_cutoff:
            return _("The {time} cut-off has passed").format(time=clock)
        hours, minutes = divmod(self.minutes_left, 60)
        if hours:
            return _("{hours} h {minutes} min left before the {time} cut-off").format(
                hours=hours, minutes=minutes, time=clock
            )
        return _("{minutes} min left before the {time} cut-off").format(minutes=minutes, time=clock)


def cutoff_at(now: datetime.datetime) -> datetime.datetime:
    """Today's cut-off as a datetime (settings.get_profile().ship_cutoff, 16:00 by default)."""
    text = settings.get_profile().ship_cutoff or "16:00"
    try:
        clock = datetime.time.fromisoformat(text)
    except ValueError:
        clock = datetime.time(16, 0)
    return datetime.datetime.combine(now.date(), clock)


def _marks(values: tuple[str, ...]) -> str:
    return ",".join("?" * len(values))


def _stamp(value: datetime.datetime) -> str:
    return value.replace(microsecond=0).isoformat(sep=" ")


# Each list as (FROM … WHERE …, params, ORDER BY): counted with COUNT(*), listed with ids.


def _chase_sql(now: datetime.datetime) -> tuple[str, tuple, str]:
    from desk.core.orders import UNPAID_CHASE_HOURS

    cutoff = now - datetime.timedelta(hours=UNPAID_CHASE_HOURS)
    return (
        "FROM \"order\" o INDEXED BY order_status WHERE o.status = 'unpaid'"
        " AND o.merged_into_id IS NULL AND o.created_at < ?",
        (_stamp(cutoff),),
        "o.created_at, o.id",
    )


def _to_ship_sql(now: datetime.datetime) -> tuple[str, tuple, str]:
    return (
        f'FROM "order" o INDEXED BY order_status WHERE o.status IN ({_marks(SHIP_STATUSES)})'
        " AND o.merged_into_id IS NULL AND o.paid_at < ?",
        (*SHIP_STATUSES, _stamp(cutoff_at(now))),
        "o.paid_at, o.id",
    )


def _no_tracking_sql() -> tuple[str, tuple, str]:
    return (
        f'FROM "order" o INDEXED BY order_status WHERE o.status IN ({_marks(TRACKING_STATUSES)})'
        " AND o.merged_into_id IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = o.id)",
        TRACKING_STATUSES,
        "o.created_at, o.id",
    )


def _low_stock_sql() -> tuple[str, tuple, str]:
    """Products on sale with at least one visible variant whose stock − reserved ≤ the product's
    threshold (the products page's low-stock filter), lowest available first."""
    return (
        "FROM product p WHERE p.status = 'on_sale' AND EXISTS (SELECT 1 FROM variant v"
        " WHERE v.product_id = p.id AND v.hidden = 0"
        " AND v.stock - v.reserved <= p.low_stock_threshold)",
        (),
        "(SELECT MIN(v.stock - v.reserved) FROM variant v WHERE v.product_id = p.id"
        " AND v.hidden = 0), p.code, p.id",
    )


def _count(part: tuple[str, tuple, str]) -> int:
    return db.execute_sql(f"SELECT COUNT(*) {part[0]}", part[1]).fetchone()[0]


def _ids(part: tuple[str, tuple, str], column: str, limit: int | None) -> list[int]:
    sql = f"SELECT {column} {part[0]} ORDER BY {part[2]}"
    params = list(part[1])
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(0, int(limit)))
    return [row[0] for row in db.execute_sql(sql, params).fetchall()]


def chase_ids(now: datetime.datetime, limit: int | None = None) -> list[int]:
    """Orders unpaid more than 12 h (not merged), oldest first."""
    return _ids(_chase_sql(now), "o.id", limit)


def to_ship_ids(now: datetime.datetime, limit: int | None = None) -> list[int]:
    """Orders paid/confirmed/printed (not merged) paid before today's cut-off, oldest paid first:
    the ones that must leave today. Paid after the cut-off they go tomorrow."""
    return _ids(_to_ship_sql(now), "o.id", limit)


def no_tracking_ids(limit: int | None = None) -> list[int]:
    """Orders confirmed or printed (not merged) without a shipment (no tracking number), oldest
    first."""
    return _ids(_no_tracking_sql(), "o.id", limit)


def low_stock_ids(limit: int | None = None) -> list[int]:
    """Products on sale holding a visible variant whose stock − reserved ≤ the product's
    low_stock_threshold, lowest available first (the count Today shows is of these)."""
    return _ids(_low_stock_sql(), "p.id", limit)


def ids_for(
    target: Target, now: datetime.datetime | None = None, limit: int | None = None
) -> list[int]:
    """The exact ids of a Target whose view has no filter of its own, in list order: order ids
    for views chase / to_ship / no_tracking, product ids for low_stock. ValueError for any other
    target (use its order_filter / statuses instead)."""
    now = now or _now()
    if target.page == ORDERS and target.view == VIEW_CHASE:
        return chase_ids(now, limit)
    if target.page == ORDERS and target.view == VIEW_TO_SHIP:
        return to_ship_ids(now, limit)
    if target.page == ORDERS and target.view == VIEW_NO_TRACKING:
        return no_tracking_ids(limit)
    if target.page == PRODUCTS and target.view == VIEW_LOW_STOCK:
        return low_stock_ids(limit)
    raise ValueError(f"no id list for {target}")


def _day_bounds(day: datetime.date) -> tuple[str, str]:
    start = datetime.datetime.combine(day, datetime.time())
    return _stamp(start), _stamp(start + datetime.timedelta(days=1))


def returns_waiting_count() -> int:
    return db.execute_sql(
        f"SELECT COUNT(*) FROM return_case WHERE status IN ({_marks(RETURN_WAITING_STATUSES)})",
        RETURN_WAITING_STATUSES,
    ).fetchone()[0]


def today_counts(now: datetime.datetime | None = None, staff_id: int | None = None) -> TodayCounts:
    """Everything the Today page shows, counted at `now` for the person `staff_id`."""
    from desk.core import handovers  # handovers builds on this module

    now = (now or _now()).replace(microsecond=0)
    today = now.date()
    cutoff = cutoff_at(now)
    seconds_left = (cutoff - now).total_seconds()
    start, end = _day_bounds(today)
    orders_today = db.execute_sql(
        'SELECT COUNT(*) FROM "order" INDEXED BY order_created_at'
        " WHERE created_at >= ? AND created_at < ? AND merged_into_id IS NULL",
        (start, end),
    ).fetchone()[0]
    sales = db.execute_sql(
        'SELECT COALESCE(SUM(total_fen), 0) FROM "order" INDEXED BY order_paid_at'
        " WHERE paid_at >= ? AND paid_at < ? AND status != 'closed' AND merged_into_id IS NULL",
        (start, end),
    ).fetchone()[0]
    to_confirm = db.execute_sql(
        'SELECT COUNT(*) FROM "order" INDEXED BY order_status'
        " WHERE status = 'paid' AND merged_into_id IS NULL"
    ).fetchone()[0]
    taps = service_book.day_counts(today)

    def item(key: str, count: int, target: Target) -> TodayItem:
        return TodayItem(key, count, target)

    return TodayCounts(
        at=now,
        cutoff=cutoff,
        minutes_left=max(0, int(seconds_left // 60)),
        past_cutoff=seconds_left <= 0,
        chase=item("chase", _count(_chase_sql(now)), Target(ORDERS, VIEW_CHASE)),
        to_confirm=item(
            "to_confirm", to_confirm, Target(ORDERS, order_filter=OrderFilter(statuses=("paid",)))
        ),
        to_ship=item("to_ship", _count(_to_ship_sql(now)), Target(ORDERS, VIEW_TO_SHIP)),
        no_tracking=item(
            "no_tracking", _count(_no_tracking_sql()), Target(ORDERS, VIEW_NO_TRACKING)
        ),
        returns_waiting=item(
            "returns_waiting",
            returns_waiting_count(),
            Target(RETURNS, VIEW_RETURNS_WAITING, statuses=RETURN_WAITING_STATUSES),
        ),
        follow_ups=item(
            "follow_ups", follow_ups.due_count(today), Target(CUSTOMERS, VIEW_FOLLOW_UPS)
        ),
        open_problems=item(
            "open_problems", notebook.open_problem_count(), Target(NOTEBOOK, VIEW_PROBLEMS)
        ),
        unread_handovers=item(
            "unread_handovers",
            handovers.unread_count(staff_id),
            Target(NOTEBOOK, VIEW_HANDOVERS, staff_id=staff_id),
        ),
        low_stock=item("low_stock", _count(_low_stock_sql()), Target(PRODUCTS, VIEW_LOW_STOCK)),
        orders_today=orders_today,
        sales_today_fen=sales,
        consults_today=taps.consults,
        deals_today=taps.deals,
        conversion_today=taps.conversion,
    )


def order_rows(order_ids: list[int]) -> list[orders.OrderRow]:
    """The orders-list rows of these orders, in the order given (ids no longer there are
    skipped): how the orders page shows the chase / to_ship / no_tracking views. Give it a page
    of ids at a time (hundreds, not the whole list)."""
    if not order_ids:
        return []
    found = db.execute_sql(
        f'SELECT {order_list._COLUMNS} FROM "order" o'
        " WHERE o.id IN (SELECT value FROM json_each(?))",
        (json.dumps([int(i) for i in order_ids]),),
    ).fetchall()
    position = {order_id: n for n, order_id in enumerate(order_ids)}
    found.sort(key=lambda r: position[r[0]])
    return order_list.order_rows(found)
