"""The moves of a return case: accept the request, the buyer sends the goods back (return
tracking number), received, refund (idempotent; closes an unshipped order), complete, reject;
the postage override and notes. Inspection is in `return_inspect`, the exchange order in
`return_exchange`. Every move goes through `return_rules.move` (table check, ReturnEvent)."""

from __future__ import annotations

import datetime

from desk.core import changes, order_flow, return_inspect, return_read, return_rules, returns
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.money import format_yuan
from desk.i18n import _
from desk.models import Order, ReturnCase, ReturnCheck, ReturnEvent
from desk.models.base import now as _now

UNSHIPPED = ("paid", "confirmed", "printed")
MAX_COURIER = 20


def _note(note: str) -> str:
    return return_rules.clean_text(note, returns.MAX_NOTE, "note")


def _simple(case_id: int, to_status: str, staff_id: int | None, note: str) -> Changes:
    note = _note(note)
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        return return_rules.move(case, to_status, staff_id, note)


def accept_request(case_id: int, staff_id: int | None = None, note: str = "") -> Changes:
    return _simple(case_id, "awaiting_return", staff_id, note)


def complete(case_id: int, staff_id: int | None = None, note: str = "") -> Changes:
    """→ 完成; an exchange only once its new order has been shipped."""
    note = _note(note)
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        if case.exchange_order_id is not None:
            blocker = return_read.complete_blocker(
                case, Order.get_or_none(Order.id == case.exchange_order_id)
            )
            if blocker:
                raise DomainError(blocker)
        return return_rules.move(case, "completed", staff_id, note)


def _clean_courier(courier: str) -> str:
    return return_rules.clean_text(
        courier, MAX_COURIER, "courier", required=_("Choose the courier of the returned parcel.")
    )


def mark_sent_back(
    case_id: int, tracking_no: str, courier: str, staff_id: int | None = None
) -> Changes:
    """待寄回 → 已寄回 with the number; while 已寄回 the number can be corrected (a note)."""
    tracking = order_flow.clean_tracking(tracking_no)
    courier = _clean_courier(courier)
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        other = ReturnCase.get_or_none(
            (ReturnCase.return_tracking_no == tracking) & (ReturnCase.id != case.id)
        )
        if other is not None:
            raise ValidationError(
                _("Return tracking number {tracking} is already used by return case {number}.")
                .format(tracking=tracking, number=other.number),
                "tracking_no",
            )  # fmt: skip
        note = f"{courier} {tracking}"
        if case.status == "sent_back":
            if (case.return_tracking_no, case.return_courier) == (tracking, courier):
                return Changes()
            at = _now()
            ReturnCase.update(return_tracking_no=tracking, return_courier=courier, updated_at=at)\
                .where(ReturnCase.id == case.id).execute()  # fmt: skip
            ReturnEvent.create(case=case.id, from_status=case.status, to_status=case.status,
                               note=note, staff=staff_id, at=at)  # fmt: skip
            return Changes.of(changes.RETURNS)
        return return_rules.move(
            case, "sent_back", staff_id, note, return_tracking_no=tracking, return_courier=courier
        )


def mark_received(case_id: int, staff_id: int | None = None, note: str = "") -> Changes:
    """→ 已收货, and each line gets its checklist (unchecked) from its category's items."""
    note = _note(note)
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        done = return_rules.move(case, "received", staff_id, note)
        for line in return_read._lines(case.id):
            if line.checks:
                continue
            for item in return_inspect.checklist_for(line.category):
                ReturnCheck.create(line=line.id, item=item, passed=None)
    return done


def _amount(value, money: returns.CaseMoney, case: ReturnCase, order: Order) -> int:
    amount = money.suggested_fen if value is None else value
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError(_("The refund must be an amount in yuan."), "amount")
    if amount <= 0:
        raise ValidationError(
            _("Return case {number}: nothing to refund. Reject the case instead.").format(
                number=case.number
            ),
            "amount",
        )
    if amount > money.max_refund_fen:
        raise ValidationError(
            _(
                "A refund of {amount} is more than order {order} has left to refund: paid "
                "{paid}, already refunded {refunded}, at most {left}."
            ).format(
                amount=format_yuan(amount, True),
                order=order.number,
                paid=format_yuan(money.paid_fen, True),
                refunded=format_yuan(money.refunded_elsewhere_fen, True),
                left=format_yuan(money.max_refund_fen, True),
            ),
            "amount",
        )
    return amount


def refund(
    case_id: int, staff_id: int | None = None, amount_fen: int | None = None, note: str = ""
) -> tuple[returns.CaseDetail, Changes]:
    note = _note(note)
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        if case.refunded_at is not None:  # once only: a second click changes nothing
            return return_read.get_case(case.id), Changes()
        if not returns.can_move(case.kind, case.status, "refunded"):
            raise return_rules.refused_move(case, "refunded")
        order = Order.get_by_id(case.order_id)
        money = return_read.money_of(case, order)
        amount = _amount(amount_fen, money, case, order)
        at = _now()
        done = Changes()
        if case.status == "inspected":  # the goods that passed go back on the shelf now
            done |= return_inspect.restock_accepted(case, staff_id)
        words = _("Refunded {amount}").format(amount=format_yuan(amount, True))
        done |= return_rules.move(
            case, "refunded", staff_id, f"{words}. {note}" if note else words, at,
            refund_fen=amount, refunded_at=at,
        )  # fmt: skip
        done |= Changes.of(changes.ORDERS, changes.BOOKS)
        if order.status in UNSHIPPED and order.merged_into_id is None:
            done |= order_flow.close(
                order.id,
                _("Refunded before shipping (return case {number})").format(number=case.number),
                staff_id,
            )
    return return_read.get_case(case.id), done


def reject(case_id: int, reason: str, staff_id: int | None = None) -> Changes:
    reason = return_rules.clean_text(
        reason, returns.MAX_NOTE, "reason", required=_("Say why the case is rejected.")
    )
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        return return_rules.move(case, "rejected", staff_id, reason) | Changes.of(changes.ORDERS)


def _event(case: ReturnCase, note: str, staff_id: int | None, at: datetime.datetime) -> None:
    ReturnEvent.create(case=case.id, from_status=case.status, to_status=case.status, note=note,
                       staff=staff_id, at=at)  # fmt: skip


def set_postage(
    case_id: int,
    payer: str,
    note: str = "",
    insured: bool | None = None,
    staff_id: int | None = None,
) -> Changes:
    if payer not in returns.PAYERS:
        raise ValidationError(_("Choose who pays the return postage."), "postage_payer")
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        if case.status in returns.CLOSED:
            raise DomainError(
                _("Return case {number} is {status}: it can no longer be changed.").format(
                    number=case.number, status=returns.status_label(case.status)
                )
            )
        insured = case.insured if insured is None else bool(insured)
        rule = return_rules.postage_payer(case.reason, insured)
        text = return_rules.clean_text(
            note,
            returns.MAX_NOTE,
            "postage_note",
            required=_(
                "By the rules: {rule}. Write a note saying why it is “{payer}” instead."
            ).format(rule=returns.payer_label(rule), payer=returns.payer_label(payer))
            if payer != rule
            else "",
        )
        if (case.postage_payer, case.postage_note, case.insured) == (payer, text, insured):
            return Changes()
        at = _now()
        ReturnCase.update(postage_payer=payer, postage_note=text, insured=insured, updated_at=at)\
            .where(ReturnCase.id == case.id).execute()  # fmt: skip
        words = _("Return postage: {payer}").format(payer=returns.payer_label(payer))
        _event(case, f"{words} ({text})" if text else words, staff_id, at)
    return Changes.of(changes.RETURNS)


def add_note(case_id: int, note: str, staff_id: int | None = None) -> Changes:
    note = return_rules.clean_text(
        note, returns.MAX_NOTE, "note", required=_("Write the note first.")
    )
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        at = _now()
        ReturnCase.update(updated_at=at).where(ReturnCase.id == case.id).execute()
        _event(case, note, staff_id, at)
    return Changes.of(changes.RETURNS)
