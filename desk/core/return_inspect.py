"""Inspection (验货): the checklist per returned line, the decision on a line with a failed item
(accept anyway / refuse / partial refund), the restock of goods that pass, the case's photos, and
the configurable checklist (InspectionItem rows per category; none stored → the default list).

The inspection decides; the case's last step carries it out: when a 退货退款 is refunded or an
exchange is sent, each line that passed (or was accepted anyway) goes back into stock, once
(ReturnLine.restocked); refused and partly refunded goods stay off the shelf. Until then the
inspection can be done again, and a rejected case leaves the stock as it was (the goods go back
to the buyer).
"""

from __future__ import annotations

from peewee import fn

from desk.core import changes, photos, return_read, return_rules, returns, stock
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.money import format_yuan
from desk.db.connection import db
from desk.i18n import _
from desk.models import (
    InspectionItem,
    ReturnCase,
    ReturnCheck,
    ReturnEvent,
    ReturnLine,
    ReturnPhoto,
)
from desk.models.base import now as _now

MAX_ITEM = 30
MAX_ITEMS = 40
MAX_PHOTOS = 30


# --- the checklist ---------------------------------------------------------------------------------


def _stored(category: str | None):
    query = InspectionItem.select().order_by(
        InspectionItem.category, InspectionItem.position, InspectionItem.id
    )
    if category is not None:
        query = query.where(InspectionItem.category == category)
    return query


def checklist_for(category: str) -> tuple[str, ...]:
    general = [row.item for row in _stored("")]
    if not general and not InspectionItem.select().exists():
        general = list(returns.DEFAULT_CHECKLIST)
    own = [row.item for row in _stored(category.strip())] if category.strip() else []
    return tuple(dict.fromkeys(general + own))


def _row(item: InspectionItem) -> returns.InspectionItemRow:
    return returns.InspectionItemRow(item.id, item.category, item.item, item.position)


def inspection_items(category: str | None = None) -> list[returns.InspectionItemRow]:
    return [_row(item) for item in _stored(category)]


def _seed_defaults() -> None:
    """The first change to the list stores the default items (so they can be removed too)."""
    if InspectionItem.select().exists():
        return
    for position, item in enumerate(returns.DEFAULT_CHECKLIST):
        InspectionItem.create(category="", item=item, position=position)


def add_inspection_item(category: str, item: str) -> tuple[returns.InspectionItemRow, Changes]:
    category = " ".join(str(category or "").split())
    text = return_rules.clean_text(item, MAX_ITEM, "item", required=_("Write the checklist item."))
    with db.atomic():
        _seed_defaults()
        if InspectionItem.get_or_none(
            (InspectionItem.category == category) & (InspectionItem.item == text)
        ):
            raise ValidationError(
                _("“{item}” is already on the checklist.").format(item=text), "item"
            )
        count = InspectionItem.select().where(InspectionItem.category == category).count()
        if count >= MAX_ITEMS:
            raise ValidationError(
                _("A checklist has at most {count} items.").format(count=MAX_ITEMS), "item"
            )
        row = InspectionItem.create(category=category, item=text, position=count)
    return _row(row), Changes.of(changes.RETURNS, changes.SETTINGS)


def remove_inspection_item(item_id: int) -> Changes:
    with db.atomic():
        row = InspectionItem.get_or_none(InspectionItem.id == item_id)
        if row is None:
            raise DomainError(_("This checklist item no longer exists."))
        row.delete_instance()
    return Changes.of(changes.RETURNS, changes.SETTINGS)


def reorder_inspection_items(category: str, item_ids: list[int]) -> Changes:
    with db.atomic():
        ids = [row.id for row in _stored(category)]
        if sorted(ids) != sorted(item_ids):
            raise DomainError(_("The checklist changed meanwhile; please try again."))
        for position, item_id in enumerate(item_ids):
            InspectionItem.update(position=position).where(InspectionItem.id == item_id).execute()
    return Changes.of(changes.RETURNS, changes.SETTINGS)


# --- recording the inspection ----------------------------------------------------------------------


def _clean_checks(inspection: returns.LineInspection, label: str) -> list[tuple[str, bool, str]]:
    checks = []
    seen = set()
    for check in inspection.checks:
        item = return_rules.clean_text(check.item, MAX_ITEM, "checks")
        if not item or item in seen:
            continue
        seen.add(item)
        if check.passed is None:
            raise ValidationError(
                _("{line}: “{item}” is not checked yet.").format(line=label, item=item), "checks"
            )
        checks.append((item, bool(check.passed), return_rules.clean_text(
            check.note, returns.MAX_NOTE, "checks")))  # fmt: skip
    if not checks:
        raise ValidationError(_("{line}: the checklist is empty.").format(line=label), "checks")
    return checks


def _clean_decision(
    inspection: returns.LineInspection, label: str, failed: bool, amount_fen: int
) -> tuple[str | None, int | None, str]:
    decision = inspection.decision or None
    if decision is not None and decision not in returns.DECISIONS:
        raise ValidationError(_("{line}: unknown decision.").format(line=label), "decision")
    if failed and decision is None:
        raise ValidationError(
            _(
                "{line}: an item failed the check; decide: accept anyway, refuse, or a partial "
                "refund."
            ).format(line=label),
            "decision",
        )
    note = return_rules.clean_text(
        inspection.decision_note,
        returns.MAX_NOTE,
        "decision_note",
        required=_("{line}: write a note for the decision.").format(line=label)
        if failed or decision in ("refuse", "partial")
        else "",
    )
    partial = None
    if decision == "partial":
        partial = inspection.partial_refund_fen
        if isinstance(partial, bool) or not isinstance(partial, int) or partial <= 0:
            raise ValidationError(
                _("{line}: enter the amount of the partial refund.").format(line=label),
                "partial_refund",
            )
        if partial > amount_fen:
            raise ValidationError(
                _("{line}: a partial refund of {amount} is more than the {paid} paid for it.")
                .format(line=label, amount=format_yuan(partial, True),
                        paid=format_yuan(amount_fen, True)),
                "partial_refund",
            )  # fmt: skip
    return decision, partial, note


def _pieces(lines: dict[int, returns.CaseLine], line_ids: list[int]) -> int:
    return sum(lines[line_id].quantity for line_id in line_ids)


def record_inspection(
    case_id: int, lines: tuple[returns.LineInspection, ...], staff_id: int | None = None
) -> tuple[returns.InspectionResult, Changes]:
    with return_rules.transaction():
        return_rules.check_staff(staff_id)
        case = return_rules.require_case(case_id)
        if case.status not in ("received", "inspected"):
            raise return_rules.refused_move(case, "inspected")
        current = {line.id: line for line in return_read._lines(case.id)}
        given = {item.line_id: item for item in lines}
        unknown = set(given) - set(current)
        if unknown:
            raise DomainError(_("This item is not in return case {number}.").format(
                number=case.number))  # fmt: skip
        missing = [current[i].label() for i in current if i not in given]
        if missing:
            raise ValidationError(
                _("Inspect every item: {items} not done yet.").format(items=", ".join(missing)),
                "lines",
            )
        accepted, refused, partial = [], [], []
        done = Changes.of(changes.RETURNS)
        for line_id, line in current.items():
            label = line.label()
            checks = _clean_checks(given[line_id], label)
            failed = any(not passed for _, passed, _ in checks)
            decision, partial_fen, note = _clean_decision(
                given[line_id], label, failed, line.amount_fen
            )
            if case.kind == "exchange" and decision == "partial":
                raise ValidationError(
                    _("{line}: an exchange has no partial refund; accept anyway or refuse.").format(
                        line=label
                    ),
                    "decision",
                )
            ReturnCheck.delete().where(ReturnCheck.line == line_id).execute()
            for item, passed, check_note in checks:
                ReturnCheck.create(line=line_id, item=item, passed=passed, note=check_note)
            ReturnLine.update(
                decision=decision, partial_refund_fen=partial_fen, decision_note=note
            ).where(ReturnLine.id == line_id).execute()
            if decision == "refuse":
                refused.append(line_id)
                continue
            if decision == "partial":
                partial.append(line_id)
                continue
            accepted.append(line_id)
        summary = _("Inspected: {ok} accepted, {refused} refused, {partial} partial refund").format(
            ok=_pieces(current, accepted),
            refused=_pieces(current, refused),
            partial=_pieces(current, partial),
        )  # pieces (件), not lines
        if case.status == "received":
            return_rules.move(case, "inspected", staff_id, summary)
        else:
            at = _now()
            ReturnCase.update(updated_at=at).where(ReturnCase.id == case.id).execute()
            ReturnEvent.create(case=case.id, from_status=case.status, to_status=case.status,
                               note=summary, staff=staff_id, at=at)  # fmt: skip
        money = return_read.money_of(ReturnCase.get_by_id(case.id))
    result = returns.InspectionResult(
        case_id=case.id,
        accepted_line_ids=tuple(accepted),
        refused_line_ids=tuple(refused),
        partial_line_ids=tuple(partial),
        restocked_line_ids=(),
        suggested_refund_fen=money.suggested_fen,
    )
    return result, done


def restock_accepted(case: ReturnCase, staff_id: int | None) -> Changes:
    """Put the inspected lines that passed (or were accepted anyway) back into stock, once each
    (inside the caller's transaction: the refund or the exchange)."""
    done = Changes()
    lines = ReturnLine.select().where(
        (ReturnLine.case == case.id)
        & (ReturnLine.restocked == False)  # noqa: E712
        & ((ReturnLine.decision.is_null()) | (ReturnLine.decision == "accept"))
    )
    for line in lines:
        checked = ReturnCheck.select().where(ReturnCheck.line == line.id).exists()
        variant_id = line.order_line.variant_id
        if not checked or variant_id is None:
            continue  # never inspected (no goods came back), or the variant is gone
        _level, moved = stock.restock(
            variant_id, line.quantity, case.id, staff_id, order_id=case.order_id, note=case.number
        )
        ReturnLine.update(restocked=True).where(ReturnLine.id == line.id).execute()
        done |= moved
    return done


# --- photos ----------------------------------------------------------------------------------------


def add_photo(
    case_id: int, data: bytes, filename: str, line_id: int | None = None
) -> tuple[returns.PhotoRow, Changes]:
    mime = photos._check(data, filename)
    with db.atomic():
        case = return_rules.require_case(case_id)
        if (
            line_id is not None
            and not ReturnLine.select()
            .where((ReturnLine.id == line_id) & (ReturnLine.case == case.id))
            .exists()
        ):
            raise DomainError(_("This item is not in return case {number}.").format(
                number=case.number))  # fmt: skip
        count = ReturnPhoto.select(fn.COUNT(ReturnPhoto.id)).where(
            ReturnPhoto.case == case.id).scalar()  # fmt: skip
        if count >= MAX_PHOTOS:
            raise ValidationError(
                _("A case has at most {count} photos.").format(count=MAX_PHOTOS), "photo"
            )
        row = ReturnPhoto.create(case=case.id, line=line_id, mime=mime, data=data)
    return returns.PhotoRow(row.id, line_id, mime, len(data)), Changes.of(changes.RETURNS)


def photo_bytes(photo_id: int) -> tuple[str, bytes]:
    row = ReturnPhoto.get_or_none(ReturnPhoto.id == photo_id)
    if row is None:
        raise DomainError(_("This photo no longer exists."))
    return row.mime, bytes(row.data)


def delete_photo(photo_id: int) -> Changes:
    with db.atomic():
        deleted = ReturnPhoto.delete().where(ReturnPhoto.id == photo_id).execute()
    if not deleted:
        raise DomainError(_("This photo no longer exists."))
    return Changes.of(changes.RETURNS)
