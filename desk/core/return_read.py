"""Reading a return case back (`get_case`), its money (what may and should be refunded) and the
plain data of its return note. The contract and dataclasses are in `desk.core.returns`."""

from __future__ import annotations

from pathlib import Path

from peewee import fn

from desk.core import changes, return_open, return_rules, returns, settings
from desk.core.changes import Changes
from desk.core.errors import DomainError
from desk.db.connection import db
from desk.models import (
    Customer,
    Order,
    OrderLine,
    PrintJob,
    Product,
    ReturnCase,
    ReturnCheck,
    ReturnEvent,
    ReturnLine,
    ReturnPhoto,
    Staff,
    Variant,
)
from desk.models.base import now
from desk.pdf.fonts import FontNotFound
from desk.pdf.return_note import NoteLine, ReturnNoteData, render_return_note


def _staff_names() -> dict[int, str]:
    return dict(db.execute_sql("SELECT id, name FROM staff").fetchall())


def variant_label(variant: Variant | None, same_product_id: int | None = None) -> str:
    """黑色/L, or A1023 黑色/L when it is another product."""
    if variant is None:
        return ""
    label = f"{variant.color}/{variant.size}"
    if variant.product_id != same_product_id:
        label = f"{variant.product.code} {label}"
    return label


def line_amount(line: ReturnLine, order_line: OrderLine) -> int:
    return return_open.piece_amount(order_line, line.quantity)


def suggested_refund(
    case: ReturnCase, rows: list[tuple[ReturnLine, OrderLine]], order: Order
) -> int:
    """From the lines and decisions: refused lines nothing, partial ones their amount, the rest
    what they were paid; a refund before shipping is the whole order's total."""
    if case.kind == "refund_only" and order.shipped_at is None:
        return order.total_fen
    total = 0
    for line, order_line in rows:
        if line.decision == "refuse":
            continue
        if line.decision == "partial":
            total += line.partial_refund_fen or 0
        else:
            total += line_amount(line, order_line)
    return total


def complete_blocker(case: ReturnCase, exchange: Order | None) -> str:
    """Why 完成 is refused now: an exchange is complete once its new order has been shipped."""
    if case.kind != "exchange" or case.status != "exchange_sent" or exchange is None:
        return ""
    if exchange.status in return_open.SHIPPED:
        return ""
    from desk.core import orders
    from desk.i18n import _

    return _(
        "Exchange order {order} is still “{status}”: return case {number} can be completed "
        "once the new item has been shipped."
    ).format(order=exchange.number, status=orders.status_label(exchange.status), number=case.number)


def price_difference(case: ReturnCase, rows: list[tuple[ReturnLine, OrderLine]]) -> int:
    """An exchange's price difference (see `returns.OpenPreview.price_difference_fen`); refused
    lines send nothing."""
    if case.kind != "exchange":
        return 0
    return return_open.exchange_difference(
        [(ol.unit_price_fen, line.exchange_variant_id, line.quantity)
         for line, ol in rows if line.decision != "refuse"]
    )  # fmt: skip


def case_rows(case_id: int) -> list[tuple[ReturnLine, OrderLine]]:
    query = (
        ReturnLine.select(ReturnLine, OrderLine)
        .join(OrderLine)
        .where(ReturnLine.case == case_id)
        .order_by(OrderLine.position, ReturnLine.id)
    )
    return [(line, line.order_line) for line in query]


def money_of(case: ReturnCase, order: Order | None = None) -> returns.CaseMoney:
    order = order or Order.get_by_id(case.order_id)
    elsewhere = return_open.refunded_elsewhere(order.id, case.id)
    top = max(0, order.total_fen - elsewhere)
    suggested = min(top, suggested_refund(case, case_rows(case.id), order))
    return returns.CaseMoney(
        paid_fen=order.total_fen,
        refunded_elsewhere_fen=elsewhere,
        max_refund_fen=top,
        suggested_fen=max(0, suggested),
        refund_fen=case.refund_fen,
        refunded_at=case.refunded_at,
    )


def _lines(case_id: int) -> tuple[returns.CaseLine, ...]:
    rows = case_rows(case_id)
    variant_ids = {line.order_line.variant_id for line, _ in rows if line.order_line.variant_id}
    variant_ids |= {line.exchange_variant_id for line, _ in rows if line.exchange_variant_id}
    variants = {
        v.id: v
        for v in Variant.select(Variant, Product).join(Product).where(Variant.id.in_(variant_ids))
    }
    checks: dict[int, list[returns.CheckRow]] = {}
    for check in (
        ReturnCheck.select()
        .where(ReturnCheck.line.in_([line.id for line, _ in rows]))
        .order_by(ReturnCheck.id)
    ):
        checks.setdefault(check.line_id, []).append(
            returns.CheckRow(check.id, check.item, check.passed, check.note)
        )
    found = []
    for line, order_line in rows:
        variant = variants.get(order_line.variant_id)
        product_id = variant.product_id if variant else None
        found.append(
            returns.CaseLine(
                id=line.id,
                order_line_id=order_line.id,
                variant_id=order_line.variant_id,
                product_id=product_id,
                product_code=order_line.product_code,
                product_name=order_line.product_name,
                category=variant.product.category if variant else "",
                color=order_line.color,
                size=order_line.size,
                quantity=line.quantity,
                unit_price_fen=order_line.unit_price_fen,
                amount_fen=line_amount(line, order_line),
                exchange_variant_id=line.exchange_variant_id,
                exchange_label=variant_label(variants.get(line.exchange_variant_id), product_id),
                decision=line.decision,
                partial_refund_fen=line.partial_refund_fen,
                decision_note=line.decision_note,
                restocked=line.restocked,
                checks=tuple(checks.get(line.id, ())),
            )
        )
    return tuple(found)


def get_case(case_id: int) -> returns.CaseDetail:
    case = return_rules.require_case(case_id)
    order = Order.get_by_id(case.order_id)
    customer = Customer.get_or_none(Customer.id == case.customer_id) if case.customer_id else None
    names = _staff_names()
    events = tuple(
        returns.CaseEvent(e.from_status, e.to_status, e.note, names.get(e.staff_id, ""), e.at)
        for e in ReturnEvent.select()
        .where(ReturnEvent.case == case_id)
        .order_by(ReturnEvent.at, ReturnEvent.id)
    )
    photos = tuple(
        returns.PhotoRow(row.id, row.line_id, row.mime, row.size)
        for row in ReturnPhoto.select(
            ReturnPhoto.id,
            ReturnPhoto.line,
            ReturnPhoto.mime,
            fn.LENGTH(ReturnPhoto.data).alias("size"),
        )
        .where(ReturnPhoto.case == case_id)
        .order_by(ReturnPhoto.id)
    )
    exchange = (
        Order.get_or_none(Order.id == case.exchange_order_id) if case.exchange_order_id else None
    )
    return returns.CaseDetail(
        id=case.id,
        number=case.number,
        order_id=order.id,
        order_number=order.number,
        order_status=order.status,
        customer_id=case.customer_id,
        customer_name=(customer.name if customer else "") or order.receiver,
        customer_nick=customer.nick if customer else "",
        kind=case.kind,
        reason=case.reason,
        reason_text=case.reason_text,
        status=case.status,
        postage_payer=case.postage_payer,
        postage_note=case.postage_note,
        insured=case.insured,
        return_courier=case.return_courier,
        return_tracking_no=case.return_tracking_no or "",
        exchange_order_id=case.exchange_order_id,
        exchange_order_number=exchange.number if exchange else "",
        staff_name=names.get(case.staff_id, ""),
        created_at=case.created_at,
        updated_at=case.updated_at,
        closed_at=case.closed_at,
        window=return_rules.window_of(order, case.created_at),
        lines=_lines(case_id),
        events=events,
        photos=photos,
        money=money_of(case, order),
        next_statuses=returns.next_statuses(case.kind, case.status),
        exchange_order_status=exchange.status if exchange else "",
        price_difference_fen=price_difference(case, case_rows(case_id)),
        complete_blocker=complete_blocker(case, exchange),
    )


def find_by_number(number: str) -> int | None:
    text = "".join(str(number or "").split()).upper()
    if not text:
        return None
    row = ReturnCase.get_or_none(ReturnCase.number == text)
    return row.id if row else None


# --- the return note --------------------------------------------------------------------------------


def note_data(case_id: int) -> ReturnNoteData:
    detail = get_case(case_id)
    order = Order.get_by_id(detail.order_id)
    profile = settings.get_profile()
    lines = tuple(
        NoteLine(
            code=line.product_code,
            name=line.product_name,
            color=line.color,
            size=line.size,
            quantity=line.quantity,
            amount_fen=line.amount_fen,
            exchange=line.exchange_label,
            checks=tuple((check.item, check.passed) for check in line.checks),
            decision=returns.decision_label(line.decision),
            decision_note=line.decision_note,
            partial_refund_fen=line.partial_refund_fen,
        )
        for line in detail.lines
    )
    customer = detail.customer_name
    if detail.customer_nick:
        customer = f"{customer} ({detail.customer_nick})" if customer else detail.customer_nick
    postage = returns.payer_label(detail.postage_payer)
    if detail.postage_note:
        postage += f": {detail.postage_note}"
    tracking = ""
    if detail.return_tracking_no:
        courier = settings.courier_name(detail.return_courier) if detail.return_courier else ""
        tracking = f"{courier} {detail.return_tracking_no}".strip()
    return ReturnNoteData(
        shop_name=profile.shop_name,
        shop_phone=profile.sender_phone,
        shop_address=profile.sender_address,
        case_number=detail.number,
        created_at=detail.created_at,
        order_number=detail.order_number,
        customer=customer,
        phone=order.phone,
        kind=returns.kind_label(detail.kind),
        reason=returns.reason_label(detail.reason, detail.reason_text),
        status=returns.status_label(detail.status),
        postage=postage,
        return_tracking=tracking,
        lines=lines,
        refund_fen=detail.money.refund_fen,
        refunded_at=detail.money.refunded_at,
        exchange_order=detail.exchange_order_number,
        notes=tuple(e.note for e in detail.events if e.note),
    )


def write_note_pdf(
    case_id: int, path: Path | str, page_size: str = "A4", staff_id: int | None = None
) -> Changes:
    data = note_data(case_id)
    try:
        pdf = render_return_note(data, page_size)
    except FontNotFound as exc:
        raise DomainError(str(exc)) from exc
    Path(path).write_bytes(pdf)
    with return_rules.transaction():
        if staff_id is not None and Staff.get_or_none(Staff.id == staff_id) is None:
            staff_id = None
        PrintJob.create(
            kind="return_note",
            template=page_size,
            staff=staff_id,
            pages=1,
            reason=data.case_number,
            at=now(),
        )
    return Changes.of(changes.LABELS)
