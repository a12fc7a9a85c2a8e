"""A small shop in a known state for the handover and Today tests: orders in every list of the
Today page, with their times set so that the lists are known at NOW (17:30, after the 16:00
cut-off)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from desk.core import follow_ups, notebook, order_memos
from desk.core.notebook import ProblemDraft
from desk.models import Order, ReturnCase
from tests.core.orders_support import Shop, build_shop, order_in_status

TODAY = datetime.date.today()
NOW = datetime.datetime.combine(TODAY, datetime.time(17, 30))
YESTERDAY = TODAY - datetime.timedelta(days=1)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def _set(order_id: int, **times) -> None:
    Order.update(**times).where(Order.id == order_id).execute()


@dataclass
class StateShop:
    shop: Shop
    paid_early: int  # paid 09:00 today: to ship before the cut-off
    paid_late: int  # paid 17:00 today, after the cut-off: ships tomorrow
    unpaid_old: int  # unpaid since yesterday 08:00: to chase
    unpaid_new: int  # unpaid since 10:00 today
    confirmed_red: int  # confirmed, red flag, paid yesterday, no tracking number
    printed: int  # printed, paid yesterday, no tracking number
    shipped: int
    problem_open: int
    problem_solved: int


def build_state() -> StateShop:
    s = build_shop(stock_each=50)
    paid_early = order_in_status(s, "paid").id
    _set(paid_early, created_at=_at(TODAY, 8, 50), paid_at=_at(TODAY, 9))
    paid_late = order_in_status(s, "paid").id
    _set(paid_late, created_at=_at(TODAY, 16, 55), paid_at=_at(TODAY, 17))
    unpaid_old = order_in_status(s, "unpaid").id
    _set(unpaid_old, created_at=_at(YESTERDAY, 8))
    unpaid_new = order_in_status(s, "unpaid").id
    _set(unpaid_new, created_at=_at(TODAY, 10))
    confirmed_red = order_in_status(s, "confirmed").id
    order_memos.set_flag(confirmed_red, "red", s.owner)
    _set(confirmed_red, created_at=_at(YESTERDAY, 9), paid_at=_at(YESTERDAY, 9, 5))
    printed = order_in_status(s, "printed").id
    _set(printed, created_at=_at(YESTERDAY, 11), paid_at=_at(YESTERDAY, 11, 5))
    shipped = order_in_status(s, "shipped").id
    _set(shipped, created_at=_at(YESTERDAY, 12), paid_at=_at(YESTERDAY, 12, 5))
    order_in_status(s, "closed")
    for status in ("requested", "inspected", "completed"):
        ReturnCase.create(
            number=f"T-{status}",
            order=shipped,
            customer=s.customer_id,
            kind="return_refund",
            reason="size_small",
            status=status,
        )
    follow_ups.add_follow_up(s.customer_id, YESTERDAY, "custom", "问穿着合不合身")
    follow_ups.add_follow_up(s.customer_id, TODAY + datetime.timedelta(days=5), "custom", "以后")
    problem_open = notebook.add_problem(
        ProblemDraft("logistics", "中通说包裹破损", at=_at(TODAY, 9)), s.owner
    )[0].id
    problem_solved = notebook.add_problem(
        ProblemDraft("size", "M码偏小", at=_at(TODAY, 9)), s.owner
    )[0].id
    notebook.solve_problem(problem_solved, "换L码")
    return StateShop(
        s,
        paid_early,
        paid_late,
        unpaid_old,
        unpaid_new,
        confirmed_red,
        printed,
        shipped,
        problem_open,
        problem_solved,
    )
