"""The exchange (换货): after inspection the new variants go out as a new paid order (source
"exchange") to the original address, at no charge or for the price difference, linked to the case
and printed and shipped like any other order."""

from __future__ import annotations

from collections import defaultdict

from desk.core import (
    changes,
    orders,
    return_inspect,
    return_open,
    return_read,
    return_rules,
    returns,
)
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.money import format_yuan
from desk.i18n import _
from desk.models import Order, ReturnCase, ReturnEvent, ReturnLine, Variant
from desk.models.base import now


def _sendable(case_id: int) -> list[returns.CaseLine]:
    """Lines not refused that have a new variant."""
    return [
        line
        for line in return_read._lines(case_id)
        if line.decision != "refuse" and line.exchange_variant_id is not None
    ]


def exchange_warnings(case_id: int) -> list[str]:
    case = return_rules.require_case(case_id)
    if case.kind != "exchange" or case.exchange_order_id is not None:
        return []
    wanted: dict[int, int] = defaultdict(int)
    for line in _sendable(case_id):
        wanted[line.exchange_variant_id] += line.quantity
    return return_open.exchange_stock_warnings(wanted)


def _draft(case, order: Order, lines: list[returns.CaseLine], charge_fen: int) -> orders.OrderDraft:
    draft = orders.OrderDraft(
        customer_id=order.customer_id,
        receiver=order.receiver,
        phone=order.phone,
        province=order.province,
        city=order.city,
        district=order.district,
        street=order.street,
        postcode=order.postcode,
        courier=order.courier,
        lines=tuple(orders.LineDraft(line.exchange_variant_id, line.quantity) for line in lines),
        memo=_("Exchange for return case {case} (order {order})").format(
            case=case.number, order=order.number
        ),
        flag="blue",
        paid=True,
    )
    goods = orders.quote(draft).goods_fen
    if charge_fen > goods:
        raise ValidationError(
            _("The price difference {charge} is more than the new goods are worth ({goods}).")
            .format(charge=format_yuan(charge_fen, True), goods=format_yuan(goods, True)),
            "charge",
        )  # fmt: skip
    return orders.OrderDraft(**{**draft.__dict__, "discount_fen": goods - charge_fen})


def send_exchange(
    case_id: int,
    staff_id: int | None = None,
    *,
    charge_fen: int = 0,
    allow_negative: bool = False,
    note: str = "",
) -> tuple[returns.CaseDetail, Changes]:
    if isinstance(charge_fen, bool) or not isinstance(charge_fen, int) or charge_fen < 0:
        raise ValidationError(_("The price difference must be an amount of 0 or more."), "charge")
    note = return_rules.clean_text(note, returns.MAX_NOTE, "note")
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        if case.exchange_order_id is not None:  # sent already: a second click creates nothing
            return return_read.get_case(case.id), Changes()
        if not returns.can_move(case.kind, case.status, "exchange_sent"):
            raise return_rules.refused_move(case, "exchange_sent")
        lines = _sendable(case.id)
        if not lines:
            raise DomainError(
                _("Return case {number}: no item to send in exchange (all refused).").format(
                    number=case.number
                )
            )
        order = Order.get_by_id(case.order_id)
        restocked = return_inspect.restock_accepted(case, staff_id)
        detail, done = orders.create_order(
            _draft(case, order, lines, charge_fen), staff_id,
            allow_negative=allow_negative, source="exchange",
        )  # fmt: skip
        words = _("Exchange order {number}").format(number=detail.number)
        done |= return_rules.move(
            case, "exchange_sent", staff_id, f"{words}. {note}" if note else words,
            exchange_order=detail.id,
        )  # fmt: skip
    return return_read.get_case(case.id), done | restocked | Changes.of(changes.ORDERS)


def set_exchange_variant(
    case_id: int, line_id: int, variant_id: int, staff_id: int | None = None
) -> Changes:
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        if (
            case.kind != "exchange"
            or case.exchange_order_id is not None
            or (case.status in returns.CLOSED)
        ):
            raise DomainError(
                _("Return case {number}: the item to send can no longer be changed.").format(
                    number=case.number
                )
            )
        line = ReturnLine.get_or_none((ReturnLine.id == line_id) & (ReturnLine.case == case.id))
        if line is None:
            raise DomainError(_("This item is not in return case {number}.").format(
                number=case.number))  # fmt: skip
        if Variant.get_or_none(Variant.id == variant_id) is None:
            raise ValidationError(
                _("The colour/size to send instead no longer exists."), "exchange_variant"
            )
        if line.exchange_variant_id == variant_id:
            return Changes()
        ReturnLine.update(exchange_variant=variant_id).where(ReturnLine.id == line_id).execute()
        at = now()
        ReturnCase.update(updated_at=at).where(ReturnCase.id == case.id).execute()
        old = line.order_line
        note = _("{item}: send {variant} instead").format(
            item=f"{old.product_code} {old.color}/{old.size}",
            variant=return_read.variant_label(Variant.get_by_id(variant_id)),
        )
        ReturnEvent.create(case=case.id, from_status=case.status, to_status=case.status,
                           note=note, staff=staff_id, at=at)  # fmt: skip
    return Changes.of(changes.RETURNS)
