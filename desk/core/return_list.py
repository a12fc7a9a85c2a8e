"""The Returns page's list: filter by status, kind, dates and a search (order number, case number,
customer name, 旺旺, receiver, return tracking number), counts per status, and the short lists
of one order or one customer."""

from __future__ import annotations

import datetime

from peewee import JOIN, fn

from desk.core import returns
from desk.db.connection import db
from desk.i18n import _
from desk.models import Customer, Order, OrderLine, ReturnCase, ReturnLine

SUMMARY_LINES = 3


def _time(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value)


def _where(case_filter: returns.CaseFilter, *, with_status: bool = True):
    cond = []
    text = " ".join(case_filter.query.split())
    if text:
        like = f"%{text}%"
        upper = f"%{text.upper().replace(' ', '')}%"
        cond.append(
            (ReturnCase.number**upper)
            | (Order.number**like)
            | (Order.external_no**like)
            | (Order.receiver**like)
            | (Order.phone**like)
            | (Customer.name**like)
            | (Customer.nick**like)
            | (ReturnCase.return_tracking_no**upper)
        )
    if with_status and case_filter.statuses:
        cond.append(ReturnCase.status.in_(case_filter.statuses))
    if case_filter.kinds:
        cond.append(ReturnCase.kind.in_(case_filter.kinds))
    if case_filter.waiting_only:
        cond.append(ReturnCase.status.in_(sorted(returns.WAITING_ON_SHOP)))
    if case_filter.date_from:
        cond.append(ReturnCase.created_at >= datetime.datetime.combine(
            case_filter.date_from, datetime.time()))  # fmt: skip
    if case_filter.date_to:
        cond.append(ReturnCase.created_at < datetime.datetime.combine(
            case_filter.date_to + datetime.timedelta(days=1), datetime.time()))  # fmt: skip
    return cond


def _base(*fields):
    return (
        ReturnCase.select(*fields)
        .join(Order, on=(ReturnCase.order == Order.id))
        .switch(ReturnCase)
        .join(Customer, JOIN.LEFT_OUTER, on=(ReturnCase.customer == Customer.id))
    )


def _summaries(case_ids: list[int]) -> dict[int, tuple[str, int]]:
    """Per case: "A1023 黑色/M ×1, …" (first lines) and the pieces."""
    parts: dict[int, list[str]] = {}
    pieces: dict[int, int] = {}
    if not case_ids:
        return {}
    query = (
        ReturnLine.select(ReturnLine.case, ReturnLine.quantity, OrderLine.product_code,
                          OrderLine.color, OrderLine.size)
        .join(OrderLine)
        .where(ReturnLine.case.in_(case_ids))
        .order_by(ReturnLine.case, OrderLine.position, ReturnLine.id)
        .tuples()
    )  # fmt: skip
    for case_id, qty, code, color, size in query:
        parts.setdefault(case_id, []).append(f"{code} {color}/{size} ×{qty}")
        pieces[case_id] = pieces.get(case_id, 0) + qty
    found = {}
    for case_id, texts in parts.items():
        text = ", ".join(texts[:SUMMARY_LINES])
        if len(texts) > SUMMARY_LINES:
            text += " …"
        found[case_id] = (text, pieces[case_id])
    return found


def _rows(query) -> list[returns.CaseRow]:
    rows = list(
        query.select(
            ReturnCase.id, ReturnCase.number, ReturnCase.order, Order.number, ReturnCase.customer,
            Customer.name, Customer.nick, Order.receiver, ReturnCase.kind, ReturnCase.reason,
            ReturnCase.status, ReturnCase.refund_fen, ReturnCase.return_tracking_no,
            ReturnCase.created_at, ReturnCase.updated_at,
        ).tuples()
    )  # fmt: skip
    summaries = _summaries([row[0] for row in rows])
    found = []
    for (case_id, number, order_id, order_number, customer_id, name, nick, receiver, kind,
         reason, status, refund_fen, tracking, created, updated) in rows:  # fmt: skip
        summary, pieces = summaries.get(case_id, ("", 0))
        found.append(
            returns.CaseRow(
                id=case_id,
                number=number,
                order_id=order_id,
                order_number=order_number,
                customer_id=customer_id,
                customer_name=name or receiver or "",
                customer_nick=nick or "",
                kind=kind,
                reason=reason,
                status=status,
                summary=summary,
                quantity=pieces,
                refund_fen=refund_fen,
                return_tracking_no=tracking or "",
                created_at=_time(created),
                updated_at=_time(updated),
                waiting_on_shop=status in returns.WAITING_ON_SHOP,
            )
        )
    return found


def list_cases(case_filter: returns.CaseFilter, limit: int = 500) -> list[returns.CaseRow]:
    query = _base(ReturnCase.id)
    cond = _where(case_filter)
    if cond:
        query = query.where(*cond)
    return _rows(query.order_by(ReturnCase.created_at.desc(), ReturnCase.id.desc()).limit(limit))


def count_by_status(case_filter: returns.CaseFilter) -> dict[str, int]:
    query = _base(ReturnCase.status, fn.COUNT(ReturnCase.id))
    cond = _where(case_filter, with_status=False)
    if cond:
        query = query.where(*cond)
    counts = {status: 0 for status in returns.STATUSES}
    counts.update(dict(query.group_by(ReturnCase.status).tuples()))
    counts["waiting"] = sum(counts[s] for s in returns.WAITING_ON_SHOP)
    counts["all"] = sum(counts[s] for s in returns.STATUSES)
    return counts


def cases_of_order(order_id: int) -> list[returns.CaseRow]:
    query = _base(ReturnCase.id).where(ReturnCase.order == order_id)
    return _rows(query.order_by(ReturnCase.created_at.desc(), ReturnCase.id.desc()))


def cases_of_customer(customer_id: int) -> list[returns.CaseRow]:
    query = _base(ReturnCase.id).where(ReturnCase.customer == customer_id)
    return _rows(query.order_by(ReturnCase.created_at.desc(), ReturnCase.id.desc()))


def order_return_state(order_id: int) -> str | None:
    """Each case of the order, open ones first: "退货退款 TH20261123-001: 已收货"."""
    rows = db.execute_sql(
        "SELECT kind, number, status FROM return_case WHERE order_id = ? ORDER BY created_at, id",
        (order_id,),
    ).fetchall()
    if not rows:
        return None
    rows.sort(key=lambda row: row[2] in returns.CLOSED)
    return "; ".join(
        _("{kind} {number}: {status}").format(
            kind=returns.kind_label(kind), number=number, status=returns.status_label(status)
        )
        for kind, number, status in rows
    )
