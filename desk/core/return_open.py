"""Opening a return case from an order: what is left to return per line, the form's preview
(window, postage payer, refund estimate, warnings) and `open_case` with every check.

An order that is paid but not shipped can only have a whole-order 仅退款 (the buyer cancels
before the parcel leaves); `open_case` fills in every line when the draft names none.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from desk.core import changes, order_draft, return_read, return_rules, returns, stock
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Order, OrderLine, Product, ReturnEvent, ReturnLine, Variant
from desk.models.base import now as _now

UNSHIPPED = ("paid", "confirmed", "printed")
SHIPPED = ("shipped", "signed", "completed")


def piece_amount(line: OrderLine, quantity: int) -> int:
    """What `quantity` pieces of the line were paid: their share of the line after its discount."""
    if line.quantity <= 0:
        return 0
    net = line.quantity * line.unit_price_fen - line.discount_fen
    return max(0, net * quantity // line.quantity)


def exchange_difference(pieces: list[tuple[int, int | None, int]]) -> int:
    """The price difference of an exchange: Σ quantity × (the new variant's list price − the
    returned piece's unit price), from (unit_price_fen, new variant id, quantity) triples; a
    piece without a new variant counts nothing."""
    ids = {variant_id for _price, variant_id, _qty in pieces if isinstance(variant_id, int)}
    prices = {
        v.id: v.product.price_fen
        for v in Variant.select(Variant, Product).join(Product).where(Variant.id.in_(ids))
    } if ids else {}  # fmt: skip
    return sum(
        qty * (prices[variant_id] - price)
        for price, variant_id, qty in pieces
        if variant_id in prices and isinstance(qty, int) and qty > 0
    )


def returned_quantities(order_id: int, exclude_case: int | None = None) -> dict[int, int]:
    """Pieces per order line already in cases of the order that are not rejected."""
    rows = db.execute_sql(
        "SELECT rl.order_line_id, SUM(rl.quantity) FROM return_line rl"
        " JOIN return_case rc ON rc.id = rl.case_id"
        " WHERE rc.order_id = ? AND rc.status != 'rejected' AND rc.id != ?"
        " GROUP BY rl.order_line_id",
        (order_id, exclude_case or 0),
    )
    return {line_id: qty for line_id, qty in rows}


def _order_lines(order_id: int) -> list[OrderLine]:
    return list(
        OrderLine.select()
        .where(OrderLine.order == order_id)
        .order_by(OrderLine.position, OrderLine.id)
    )


def _product_ids(lines: list[OrderLine]) -> dict[int, int]:
    ids = [line.variant_id for line in lines if line.variant_id]
    if not ids:
        return {}
    return {v.id: v.product_id for v in Variant.select().where(Variant.id.in_(ids))}


def returnable_lines(order_id: int) -> list[returns.ReturnableLine]:
    order_draft.require_order(order_id)
    lines = _order_lines(order_id)
    done = returned_quantities(order_id)
    products = _product_ids(lines)
    return [
        returns.ReturnableLine(
            order_line_id=line.id,
            variant_id=line.variant_id,
            product_id=products.get(line.variant_id),
            product_code=line.product_code,
            product_name=line.product_name,
            color=line.color,
            size=line.size,
            ordered=line.quantity,
            already_returned=done.get(line.id, 0),
            returnable=max(0, line.quantity - done.get(line.id, 0)),
            unit_price_fen=line.unit_price_fen,
            amount_fen=piece_amount(line, line.quantity),
        )
        for line in lines
    ]


def order_refusal(order: Order, left: list[returns.ReturnableLine]) -> str:
    """Why this order cannot have a new case ("" when it can)."""
    number = order.number
    if order.merged_into_id is not None:
        into = Order.get_or_none(Order.id == order.merged_into_id)
        return _("Order {number} was merged into order {other}: open the case on that one.").format(
            number=number, other=into.number if into else "?"
        )
    if order.status == "unpaid":
        return _("Order {number} is not paid: there is nothing to return or refund.").format(
            number=number
        )
    if order.status == "closed":
        return _("Order {number} is closed: it cannot have a return case.").format(number=number)
    if not any(line.returnable > 0 for line in left):
        return _("Every item of order {number} is already in a return case.").format(number=number)
    return ""


def refunded_elsewhere(order_id: int, exclude_case: int | None = None) -> int:
    row = db.execute_sql(
        "SELECT COALESCE(SUM(refund_fen), 0) FROM return_case"
        " WHERE order_id = ? AND refunded_at IS NOT NULL AND id != ?",
        (order_id, exclude_case or 0),
    ).fetchone()
    return row[0]


def _whole_order(left: list[returns.ReturnableLine]) -> tuple[returns.ReturnLineDraft, ...]:
    return tuple(
        returns.ReturnLineDraft(line.order_line_id, line.returnable)
        for line in left
        if line.returnable > 0
    )


def _stock_warnings(lines: tuple[returns.ReturnLineDraft, ...]) -> list[str]:
    wanted: dict[int, int] = defaultdict(int)
    for line in lines:
        if line.exchange_variant_id:
            wanted[line.exchange_variant_id] += max(0, line.quantity)
    return exchange_stock_warnings(wanted)


def exchange_stock_warnings(wanted: dict[int, int]) -> list[str]:
    """A warning per variant whose available stock does not cover what the exchange sends."""
    found = []
    for variant_id, qty in sorted(wanted.items()):
        variant = Variant.get_or_none(Variant.id == variant_id)
        if variant is None:
            continue
        available = stock.level(variant_id).available
        if available < qty:
            found.append(
                _(
                    "Only {available} of {code} {color}/{size} available, {wanted} wanted for "
                    "the exchange."
                ).format(
                    available=available,
                    code=variant.product.code,
                    color=variant.color,
                    size=variant.size,
                    wanted=qty,
                )
            )
    return found


def preview(
    draft: returns.ReturnDraft, now: datetime.datetime | None = None
) -> returns.OpenPreview:
    order = order_draft.require_order(draft.order_id)
    left = returnable_lines(order.id)
    shipped = order.status in SHIPPED
    window = return_rules.window_of(order, now)
    refusal = order_refusal(order, left)
    by_id = {line.order_line_id: line for line in left}
    if shipped:
        estimate = 0
        for line in draft.lines:
            row = by_id.get(line.order_line_id)
            if row is not None and isinstance(line.quantity, int) and line.quantity > 0:
                qty = min(line.quantity, row.returnable)
                estimate += row.amount_fen * qty // row.ordered if row.ordered else 0
    else:
        estimate = order.total_fen - refunded_elsewhere(order.id)
    estimate = min(estimate, max(0, order.total_fen - refunded_elsewhere(order.id)))
    difference = 0
    if draft.kind == "exchange":  # nothing is refunded: the new items go out instead
        estimate = 0
        difference = exchange_difference([
            (by_id[line.order_line_id].unit_price_fen, line.exchange_variant_id,
             min(line.quantity, by_id[line.order_line_id].returnable))
            for line in draft.lines
            if line.order_line_id in by_id and isinstance(line.quantity, int)
        ])  # fmt: skip
    warnings = []
    if window.passed:
        warnings.append(window.message)
    if draft.kind == "exchange":
        warnings += _stock_warnings(draft.lines)
    return returns.OpenPreview(
        order_id=order.id,
        order_number=order.number,
        order_status=order.status,
        shipped=shipped,
        lines=tuple(left),
        window=window,
        postage_payer=return_rules.postage_payer(draft.reason, draft.insured),
        refund_estimate_fen=max(0, estimate),
        warnings=tuple(warnings),
        refusal=refusal,
        price_difference_fen=difference,
    )


def _check_header(draft: returns.ReturnDraft) -> tuple[str, str, str, str]:
    """(reason_text, payer, postage_note, note), checked."""
    if draft.kind not in returns.KINDS:
        raise ValidationError(_("Choose the kind of case."), "kind")
    if draft.reason not in returns.REASONS:
        raise ValidationError(_("Choose the reason of the return."), "reason")
    reason_text = return_rules.clean_text(
        draft.reason_text,
        returns.MAX_REASON_TEXT,
        "reason_text",
        required=_("Say what the other reason is.") if draft.reason == "other" else "",
    )
    rule = return_rules.postage_payer(draft.reason, draft.insured)
    payer = draft.postage_payer or rule
    if payer not in returns.PAYERS:
        raise ValidationError(_("Choose who pays the return postage."), "postage_payer")
    postage_note = return_rules.clean_text(
        draft.postage_note,
        returns.MAX_NOTE,
        "postage_note",
        required=_("By the rules: {rule}. Write a note saying why it is “{payer}” instead.").format(
            rule=returns.payer_label(rule), payer=returns.payer_label(payer)
        )
        if payer != rule
        else "",
    )
    note = return_rules.clean_text(draft.note, returns.MAX_NOTE, "note")
    return reason_text, payer, postage_note, note


def _check_lines(
    draft: returns.ReturnDraft, order: Order, left: list[returns.ReturnableLine]
) -> tuple[returns.ReturnLineDraft, ...]:
    shipped = order.status in SHIPPED
    lines = draft.lines
    if not shipped:
        if draft.kind != "refund_only":
            raise ValidationError(
                _(
                    "Order {number} has not been shipped yet: only a refund of the whole order "
                    "is possible (the order is stopped)."
                ).format(number=order.number),
                "kind",
            )
        whole = _whole_order(left)
        if not lines:
            lines = whole
        elif sorted((x.order_line_id, x.quantity) for x in lines) != sorted(
            (x.order_line_id, x.quantity) for x in whole
        ):
            raise ValidationError(
                _(
                    "Order {number} has not been shipped yet: the refund must take every item "
                    "(to refund only some, change the order's lines instead)."
                ).format(number=order.number),
                "lines",
            )
    if not lines:
        raise ValidationError(_("Choose at least one item to return."), "lines")
    by_id = {line.order_line_id: line for line in left}
    seen = set()
    for line in lines:
        row = by_id.get(line.order_line_id)
        if row is None:
            raise ValidationError(
                _("This item is not in order {number}.").format(number=order.number), "lines"
            )
        label = f"{row.product_code} {row.color}/{row.size}"
        if line.order_line_id in seen:
            raise ValidationError(_("{item} is listed twice.").format(item=label), "lines")
        seen.add(line.order_line_id)
        qty = line.quantity
        if isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
            raise ValidationError(
                _("{item}: the quantity must be a whole number of at least 1.").format(item=label),
                "quantity",
            )
        if qty > row.returnable:
            raise ValidationError(
                _(
                    "{item}: {wanted} to return, but order {number} has {ordered} and "
                    "{returned} are already in other cases (at most {left})."
                ).format(
                    item=label, wanted=qty, number=order.number, ordered=row.ordered,
                    returned=row.already_returned, left=row.returnable,
                ),
                "quantity",
            )  # fmt: skip
        if draft.kind == "exchange":
            if not line.exchange_variant_id:
                raise ValidationError(
                    _("{item}: choose the colour/size to send instead.").format(item=label),
                    "exchange_variant",
                )
            if Variant.get_or_none(Variant.id == line.exchange_variant_id) is None:
                raise ValidationError(
                    _("{item}: the colour/size to send instead no longer exists.").format(
                        item=label
                    ),
                    "exchange_variant",
                )
    return lines


def open_case(
    draft: returns.ReturnDraft,
    staff_id: int | None = None,
    *,
    now: datetime.datetime | None = None,
) -> tuple[returns.CaseDetail, Changes]:
    reason_text, payer, postage_note, note = _check_header(draft)
    at = now or _now()
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        order = order_draft.require_order(draft.order_id)
        left = returnable_lines(order.id)
        refusal = order_refusal(order, left)
        if refusal:
            raise DomainError(refusal)
        lines = _check_lines(draft, order, left)
        case = return_rules.insert_case(
            dict(
                order=order.id,
                customer=order.customer_id,
                kind=draft.kind,
                reason=draft.reason,
                reason_text=reason_text,
                status="requested",
                postage_payer=payer,
                postage_note=postage_note,
                insured=bool(draft.insured),
                staff=staff_id,
            ),
            at,
        )
        for line in lines:
            ReturnLine.create(
                case=case.id,
                order_line=line.order_line_id,
                quantity=line.quantity,
                exchange_variant=line.exchange_variant_id if draft.kind == "exchange" else None,
            )
        ReturnEvent.create(
            case=case.id, from_status=None, to_status="requested", note=note, staff=staff_id, at=at
        )
    return return_read.get_case(case.id), Changes.of(changes.RETURNS, changes.ORDERS)
