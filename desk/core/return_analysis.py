"""Why goods come back: returns by product, variant and reason over a period, and the 偏小/偏大
feedback per size that the handbook's size advisor uses ("20人中有3人觉得M偏小").

Counted: cases opened in the period that were not rejected (pieces returned) against the pieces
sold in orders paid in the period (paid, not closed, not merged away). Size feedback counts every
case with the reason size_small / size_large (a rejected one too: the buyer still found it so)
against the buyers (orders) of each size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from desk.core import returns
from desk.core.size_advice import SizeFeedback
from desk.db.connection import db

_COUNTED = "o.status NOT IN ('unpaid', 'closed') AND o.merged_into_id IS NULL"


def _bounds(date_from: datetime.date, date_to: datetime.date) -> tuple[str, str]:
    start = datetime.datetime.combine(date_from, datetime.time())
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time())
    return start.isoformat(sep=" "), end.isoformat(sep=" ")


def reason_analysis(date_from: datetime.date, date_to: datetime.date) -> returns.ReasonAnalysis:
    start, end = _bounds(date_from, date_to)
    returned = db.execute_sql(
        "SELECT rc.id, rc.reason, rl.quantity, v.product_id, ol.product_code, ol.product_name,"
        " ol.color, ol.size FROM return_case rc"
        " JOIN return_line rl ON rl.case_id = rc.id"
        " JOIN order_line ol ON ol.id = rl.order_line_id"
        " LEFT JOIN variant v ON v.id = ol.variant_id"
        " WHERE rc.created_at >= ? AND rc.created_at < ? AND rc.status != 'rejected'",
        (start, end),
    ).fetchall()
    sold = db.execute_sql(
        "SELECT ol.product_code, ol.color, ol.size, SUM(ol.quantity) FROM order_line ol"
        ' JOIN "order" o ON o.id = ol.order_id'
        f" WHERE o.paid_at >= ? AND o.paid_at < ? AND {_COUNTED}"
        " GROUP BY ol.product_code, ol.color, ol.size",
        (start, end),
    ).fetchall()
    sold_variant = {(code, color, size): qty for code, color, size, qty in sold}
    sold_product: dict[str, int] = defaultdict(int)
    for (code, _color, _size), qty in sold_variant.items():
        sold_product[code] += qty
    reason_cases: dict[str, set[int]] = defaultdict(set)
    reason_pieces: dict[str, int] = defaultdict(int)
    products: dict[str, dict] = {}
    variants: dict[tuple[str, str, str], dict] = {}
    cases = set()
    for case_id, reason, qty, product_id, code, name, color, size in returned:
        cases.add(case_id)
        reason_cases[reason].add(case_id)
        reason_pieces[reason] += qty
        for table, key, c, s in ((products, code, "", ""), (variants, (code, color, size), color,
                                                            size)):  # fmt: skip
            entry = table.setdefault(key, dict(product_id=product_id, product_code=code,
                                               product_name=name, color=c, size=s, returned=0,
                                               reasons=defaultdict(int)))  # fmt: skip
            entry["returned"] += qty
            entry["reasons"][reason] += qty

    def rows(table: dict, sold_of) -> tuple[returns.ProductReturns, ...]:
        found = [
            returns.ProductReturns(
                product_id=entry["product_id"],
                product_code=entry["product_code"],
                product_name=entry["product_name"],
                color=entry["color"],
                size=entry["size"],
                sold=sold_of(key),
                returned=entry["returned"],
                reasons=dict(entry["reasons"]),
            )  # fmt: skip
            for key, entry in table.items()
        ]
        found.sort(key=lambda row: (-row.returned, row.product_code, row.color, row.size))
        return tuple(found)

    by_reason = sorted(
        (returns.ReasonCount(reason, len(ids), reason_pieces[reason])
         for reason, ids in reason_cases.items()),
        key=lambda row: (-row.cases, -row.quantity, row.reason),
    )  # fmt: skip
    return returns.ReasonAnalysis(
        date_from=date_from,
        date_to=date_to,
        cases=len(cases),
        by_reason=tuple(by_reason),
        by_product=rows(products, lambda code: sold_product.get(code, 0)),
        by_variant=rows(variants, lambda key: sold_variant.get(key, 0)),
    )


def size_feedback(product_id: int) -> SizeFeedback:
    buyers = dict(
        db.execute_sql(
            "SELECT ol.size, COUNT(DISTINCT o.id) FROM order_line ol"
            ' JOIN "order" o ON o.id = ol.order_id JOIN variant v ON v.id = ol.variant_id'
            f" WHERE v.product_id = ? AND {_COUNTED} GROUP BY ol.size",
            (product_id,),
        ).fetchall()
    )
    reports: dict[tuple[str, str], int] = dict(
        ((size, reason), count)
        for size, reason, count in db.execute_sql(
            "SELECT ol.size, rc.reason, COUNT(DISTINCT rc.id) FROM return_case rc"
            " JOIN return_line rl ON rl.case_id = rc.id"
            " JOIN order_line ol ON ol.id = rl.order_line_id"
            " JOIN variant v ON v.id = ol.variant_id"
            " WHERE v.product_id = ? AND rc.reason IN ('size_small', 'size_large')"
            " GROUP BY ol.size, rc.reason",
            (product_id,),
        ).fetchall()
    )
    sizes = set(buyers) | {size for size, _reason in reports}
    return SizeFeedback.of(
        {
            size: (
                buyers.get(size, 0),
                reports.get((size, "size_small"), 0),
                reports.get((size, "size_large"), 0),
            )
            for size in sorted(sizes)
        }
    )
