"""Builders shared by the return tests (no tests here): a shipped/signed order, a case opened on
it, and a case brought to any status through the services, as the app would."""

from __future__ import annotations

import itertools

from desk.core import order_flow, orders, returns
from desk.core.returns import CheckDraft, LineInspection, ReturnDraft, ReturnLineDraft
from tests.core.orders_support import line, order_in_status, tracking_number

_tracking = itertools.count(1)

#: The services' path to each status, per kind (an independent reading of DOMAIN.md §5).
PATHS = {
    "refund_only": ["requested", "refunded", "completed"],
    "return_refund": ["requested", "awaiting_return", "sent_back", "received", "inspected",
                      "refunded", "completed"],
    "exchange": ["requested", "awaiting_return", "sent_back", "received", "inspected",
                 "exchange_sent", "completed"],
}  # fmt: skip


def return_tracking() -> str:
    return f"YT{8_800_000_000 + next(_tracking)}"


def signed_order(shop, *lines, **fields):
    return order_in_status(shop, "signed", *(lines or (line(shop.v("黑色", "M"), 2),)), **fields)


def open_on(shop, order, kind="return_refund", reason="size_small", quantity=1, **fields):
    """A case on the order's first line (for an exchange: to 黑色/L)."""
    exchange = shop.v("黑色", "L") if kind == "exchange" else None
    draft = ReturnDraft(
        order.id, kind, reason, (ReturnLineDraft(order.lines[0].id, quantity, exchange),), **fields
    )
    detail, _changes = returns.open_case(draft, shop.owner)
    return detail


def inspection(case, *, fail: str | None = None, decision=None, partial=None, note=""):
    """Every check passed (or `fail` failed) on every line, with the decision given."""
    return tuple(
        LineInspection(
            line.id,
            tuple(CheckDraft(c.item, c.item != fail) for c in line.checks),
            decision, partial, note,
        )
        for line in case.lines
    )  # fmt: skip


def step(shop, case_id: int, to_status: str):
    """One move through the service that makes it."""
    staff = shop.owner
    if to_status == "awaiting_return":
        return returns.accept_request(case_id, staff)
    if to_status == "sent_back":
        return returns.mark_sent_back(case_id, return_tracking(), "YTO", staff)
    if to_status == "received":
        return returns.mark_received(case_id, staff)
    if to_status == "inspected":  # one failed item; nothing is restocked before the last step
        case = returns.get_case(case_id)
        if case.kind == "exchange":
            found = inspection(case, fail="无污渍", decision="accept", note="轻微，可清洗")
        else:
            found = inspection(
                case, fail="无污渍", decision="partial", partial=1000, note="领口有粉底印"
            )
        return returns.record_inspection(case_id, found, staff)
    if to_status == "refunded":
        return returns.refund(case_id, staff)
    if to_status == "exchange_sent":
        return returns.send_exchange(case_id, staff)
    if to_status == "completed":
        ship_exchange(case_id)
        return returns.complete(case_id, staff)
    if to_status == "rejected":
        return returns.reject(case_id, "超过七天且已穿着", staff)
    raise AssertionError(to_status)


def ship_exchange(case_id: int, to_status: str = "shipped") -> None:
    """The exchange order of the case (if any, still unshipped) printed and shipped, as the
    Orders page would, then `to_status` (shipped / signed)."""
    case = returns.get_case(case_id)
    order_id = case.exchange_order_id
    if order_id is None or case.exchange_order_status not in ("paid", "confirmed", "printed"):
        return
    if case.exchange_order_status == "paid":
        order_flow.confirm(order_id)
    if orders.get_order(order_id).status == "confirmed":
        order_flow.mark_printed([order_id])
    order_flow.ship(order_id, tracking_number(), None)
    if to_status == "signed":
        order_flow.sign(order_id)


def case_in_status(shop, kind: str, status: str):
    """A case of this kind brought to `status` (rejected: straight from requested)."""
    case = open_on(shop, signed_order(shop), kind)
    path = ["requested", "rejected"] if status == "rejected" else PATHS[kind]
    for to_status in path[1 : path.index(status) + 1]:
        step(shop, case.id, to_status)
    return returns.get_case(case.id)
