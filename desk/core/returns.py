"""Returns and exchanges (退换货): a case opened from an order, its lines and quantities, the
reason and who pays the return postage, the 7-day window, the status flow with its log, the
inspection checklist (验货) with photos and decisions, the refund and the restock, the exchange
order, the list for the Returns page, the reason analysis and the return note (退货单).

The three refund flows (DOMAIN.md §5):
- paid but not shipped → 仅退款 of the whole order: the pre-print check blocks the order while
  the case is open, and the refund closes the order (its stock is released);
- shipped, not received or no return needed → 仅退款 (申请 → 已退款 → 完成);
- received with a problem → 退货退款: 申请 → 待寄回 → 已寄回 → 已收货 → 验货 → 已退款 → 完成.
Exchange (换货): … → 验货 → 已换货发出 (a new paid order for the new variant, through the normal
print flow) → 完成. Any open case can be 已拒绝.

Money: a refund is recorded on the case (`refund_fen` > 0 and `refunded_at` set — the Books
feature reads it so); it is never more than the order's paid total minus what other cases
already refunded, and refunding twice does nothing the second time.

This module holds the contract (constants, dataclasses, the service functions); bodies are in
desk.core.return_rules / return_open / return_flow / return_inspect / return_read / return_list /
return_analysis.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from desk.core.changes import Changes
from desk.i18n import N_, _

if TYPE_CHECKING:
    from pathlib import Path

    from desk.core.size_advice import SizeFeedback
    from desk.pdf.return_note import ReturnNoteData

# --- constants ------------------------------------------------------------------------------------

KINDS = {
    "return_refund": N_("Return and refund"),  # 退货退款
    "exchange": N_("Exchange"),  # 换货
    "refund_only": N_("Refund only"),  # 仅退款
}
REASONS = {
    "size_small": N_("Size too small"),  # 尺码偏小
    "size_large": N_("Size too large"),  # 尺码偏大
    "color": N_("Colour difference"),  # 色差
    "quality": N_("Quality problem"),  # 质量问题
    "wrong_item": N_("Wrong item sent"),  # 发错货
    "no_reason": N_("7 days no reason"),  # 七天无理由
    "dislike": N_("Does not like it"),  # 不喜欢
    "damaged": N_("Damaged in transit"),  # 物流破损
    "other": N_("Other"),  # 其他 (needs `reason_text`)
}
STATUS_LABELS = {
    "requested": N_("Requested"),  # 申请
    "awaiting_return": N_("Awaiting return"),  # 待寄回
    "sent_back": N_("Sent back"),  # 已寄回
    "received": N_("Received"),  # 已收货
    "inspected": N_("Inspected"),  # 验货
    "refunded": N_("Refunded"),  # 已退款
    "exchange_sent": N_("Exchange sent"),  # 已换货发出
    "completed": N_("Completed"),  # 完成
    "rejected": N_("Rejected"),  # 已拒绝
}
STATUSES = tuple(STATUS_LABELS)
PAYERS = {
    "shop": N_("Shop pays"),  # 卖家承担
    "buyer": N_("Buyer pays"),  # 买家承担
    "insurance": N_("Return-postage insurance"),  # 运费险
}
DECISIONS = {  # for a line with a failed checklist item
    "accept": N_("Accept anyway"),
    "refuse": N_("Refuse"),
    "partial": N_("Partial refund"),
}

#: The allowed next statuses of each status (whatever the kind; see KIND_STATUSES).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "requested": ("awaiting_return", "refunded", "rejected"),
    "awaiting_return": ("sent_back", "received", "rejected"),  # received: came without a number
    "sent_back": ("received", "rejected"),
    "received": ("inspected", "rejected"),
    "inspected": ("refunded", "exchange_sent", "rejected"),
    "refunded": ("completed",),
    "exchange_sent": ("completed",),
    "completed": (),
    "rejected": (),
}
#: The statuses each kind can reach: a 仅退款 never waits for goods, an exchange is never refunded.
KIND_STATUSES: dict[str, frozenset[str]] = {
    "refund_only": frozenset({"requested", "refunded", "completed", "rejected"}),
    "return_refund": frozenset(set(STATUSES) - {"exchange_sent"}),
    "exchange": frozenset(set(STATUSES) - {"refunded"}),
}
#: Statuses in which the shop must act next (highlighted on the Returns page).
WAITING_ON_SHOP = frozenset({"requested", "received", "inspected"})
#: Finished cases (nothing more happens).
CLOSED = frozenset({"completed", "rejected"})
OPEN = frozenset(set(STATUSES) - CLOSED)

#: Who pays the return postage, by reason; "buyer" becomes "insurance" when the buyer has 运费险.
POSTAGE_RULES: dict[str, str] = {
    "quality": "shop",
    "wrong_item": "shop",
    "damaged": "shop",
    "size_small": "buyer",
    "size_large": "buyer",
    "color": "buyer",
    "no_reason": "buyer",
    "dislike": "buyer",
    "other": "buyer",
}
RETURN_DAYS = 7  # 七天无理由: through the 7th day after signing, 23:59:59
DEFAULT_TRANSIT_DAYS = 3  # when the signed date is unknown: shipped + this many days
DEFAULT_CHECKLIST = ("吊牌完整", "包装完整", "配件齐全", "未洗涤", "未穿着", "无破损", "无污渍")
MAX_NOTE = 500
MAX_REASON_TEXT = 200


# --- dataclasses ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnLineDraft:
    order_line_id: int
    quantity: int
    exchange_variant_id: int | None = None  # exchange only: the variant to send instead


@dataclass(frozen=True)
class ReturnDraft:
    order_id: int
    kind: str  # a KINDS key
    reason: str  # a REASONS key
    lines: tuple[ReturnLineDraft, ...] = ()
    reason_text: str = ""  # required for "other"
    insured: bool = False  # 运费险
    postage_payer: str | None = None  # None → by POSTAGE_RULES; another payer needs `postage_note`
    postage_note: str = ""
    note: str = ""  # the first event's note


@dataclass(frozen=True)
class ReturnableLine:
    """One order line as the "open a case" form shows it."""

    order_line_id: int
    variant_id: int | None
    product_id: int | None
    product_code: str
    product_name: str
    color: str
    size: str
    ordered: int
    already_returned: int  # in other cases that are open or finished (not rejected)
    returnable: int  # ordered − already_returned
    unit_price_fen: int
    amount_fen: int  # the line's paid amount (after its discount)


@dataclass(frozen=True)
class Window:
    """The 7-day window of an order."""

    start: datetime.datetime | None  # signed_at, or shipped_at + transit days; None: not shipped
    deadline: datetime.datetime | None  # the last moment (day 7, 23:59:59)
    estimated: bool  # start computed from the shipped date
    passed: bool
    message: str  # "" or the warning / the explanation for the user


@dataclass(frozen=True)
class OpenPreview:
    """What the form shows before saving: the rules' verdicts, nothing written."""

    order_id: int
    order_number: str
    order_status: str
    shipped: bool  # False: paid, not shipped → only a whole-order 仅退款
    lines: tuple[ReturnableLine, ...]
    window: Window
    postage_payer: str  # by the rules for the draft's reason / insured
    refund_estimate_fen: int  # the chosen lines' amount (whole order total when not shipped)
    warnings: tuple[str, ...]  # window passed, exchange variant without stock, …
    refusal: str  # "" or why the order cannot have a case (unpaid, closed, nothing left)
    #: exchange only (its refund estimate is 0): the new items' list price minus the returned
    #: pieces' unit price; > 0 the buyer pays the difference, < 0 the new items cost less
    price_difference_fen: int = 0


@dataclass(frozen=True)
class CheckRow:
    id: int
    item: str
    passed: bool | None  # None: not checked yet
    note: str


@dataclass(frozen=True)
class CaseLine:
    id: int
    order_line_id: int
    variant_id: int | None
    product_id: int | None
    product_code: str
    product_name: str
    category: str
    color: str
    size: str
    quantity: int
    unit_price_fen: int
    amount_fen: int  # what these pieces were paid (price × qty, their share of the line discount)
    exchange_variant_id: int | None
    exchange_label: str  # "黑色/L" or ""
    decision: str | None  # accept / refuse / partial / None
    partial_refund_fen: int | None
    decision_note: str
    restocked: bool
    checks: tuple[CheckRow, ...]

    @property
    def failed(self) -> tuple[CheckRow, ...]:
        return tuple(c for c in self.checks if c.passed is False)

    def label(self) -> str:
        return f"{self.product_code} {self.color}/{self.size} ×{self.quantity}"


@dataclass(frozen=True)
class CaseEvent:
    from_status: str | None
    to_status: str
    note: str
    staff_name: str
    at: datetime.datetime


@dataclass(frozen=True)
class PhotoRow:
    id: int
    line_id: int | None
    mime: str
    size: int  # bytes


@dataclass(frozen=True)
class CaseMoney:
    paid_fen: int  # the order's total
    refunded_elsewhere_fen: int  # by other cases of the order
    max_refund_fen: int  # paid − refunded elsewhere
    suggested_fen: int  # from the lines and decisions (whole total for an unshipped order)
    refund_fen: int  # recorded on this case (0 until refunded)
    refunded_at: datetime.datetime | None


@dataclass(frozen=True)
class CaseDetail:
    id: int
    number: str  # TH20261123-001
    order_id: int
    order_number: str
    order_status: str
    customer_id: int | None
    customer_name: str
    customer_nick: str  # 旺旺
    kind: str
    reason: str
    reason_text: str
    status: str
    postage_payer: str
    postage_note: str
    insured: bool
    return_courier: str
    return_tracking_no: str  # "" when none
    exchange_order_id: int | None
    exchange_order_number: str
    staff_name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    closed_at: datetime.datetime | None
    window: Window
    lines: tuple[CaseLine, ...]
    events: tuple[CaseEvent, ...]  # oldest first
    photos: tuple[PhotoRow, ...]
    money: CaseMoney
    next_statuses: tuple[str, ...]  # allowed moves for this kind and status
    exchange_order_status: str = ""  # the linked exchange order's status ("" without one)
    price_difference_fen: int = 0  # exchange only: as OpenPreview.price_difference_fen
    #: "" or why 完成 is refused now (an exchange whose new order has not been shipped yet)
    complete_blocker: str = ""

    @property
    def waiting_on_shop(self) -> bool:
        return self.status in WAITING_ON_SHOP

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


@dataclass(frozen=True)
class CaseRow:
    """One line of the Returns list (and of the customer card / order panel)."""

    id: int
    number: str
    order_id: int
    order_number: str
    customer_id: int | None
    customer_name: str
    customer_nick: str
    kind: str
    reason: str
    status: str
    summary: str  # A1023 黑色/M ×1, …
    quantity: int
    refund_fen: int
    return_tracking_no: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    waiting_on_shop: bool


@dataclass(frozen=True)
class CaseFilter:
    query: str = ""  # order number, case number, customer name, 旺旺, return tracking number
    statuses: tuple[str, ...] = ()  # () = all
    kinds: tuple[str, ...] = ()
    waiting_only: bool = False
    date_from: datetime.date | None = None  # created, inclusive
    date_to: datetime.date | None = None


@dataclass(frozen=True)
class CheckDraft:
    item: str
    passed: bool | None
    note: str = ""


@dataclass(frozen=True)
class LineInspection:
    """The inspection of one case line: every checklist item, and for a line with a failed item
    the decision (accept / refuse / partial with `partial_refund_fen`) and its note."""

    line_id: int
    checks: tuple[CheckDraft, ...]
    decision: str | None = None
    partial_refund_fen: int | None = None
    decision_note: str = ""


@dataclass(frozen=True)
class InspectionResult:
    """What recording the inspection decided per line."""

    case_id: int
    accepted_line_ids: tuple[int, ...]  # pass, or accepted anyway
    refused_line_ids: tuple[int, ...]
    partial_line_ids: tuple[int, ...]
    restocked_line_ids: tuple[int, ...]  # always (): goods go back at the refund / exchange
    suggested_refund_fen: int


@dataclass(frozen=True)
class InspectionItemRow:
    id: int
    category: str  # "" = every category
    item: str
    position: int


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    cases: int
    quantity: int


@dataclass(frozen=True)
class ProductReturns:
    product_id: int | None
    product_code: str
    product_name: str
    color: str  # "" in the by-product list
    size: str  # "" in the by-product list
    sold: int  # pieces in counted orders of the period
    returned: int  # pieces in cases of the period (not rejected)
    reasons: Mapping[str, int] = field(default_factory=dict)  # reason → pieces

    @property
    def rate(self) -> float:
        return self.returned / self.sold if self.sold else 0.0


@dataclass(frozen=True)
class ReasonAnalysis:
    date_from: datetime.date
    date_to: datetime.date
    cases: int
    by_reason: tuple[ReasonCount, ...]  # most first
    by_product: tuple[ProductReturns, ...]  # most returned first
    by_variant: tuple[ProductReturns, ...]


# --- labels ---------------------------------------------------------------------------------------


def _label(table: Mapping[str, str], key: str | None) -> str:
    if not key:
        return ""
    return _(table[key]) if key in table else key


def kind_label(key: str) -> str:
    return _label(KINDS, key)


def reason_label(key: str, text: str = "") -> str:
    """The reason in words; 其他 with its text ("其他: 朋友送的重复了")."""
    label = _label(REASONS, key)
    return f"{label}: {text}" if key == "other" and text else label


def status_label(key: str) -> str:
    return _label(STATUS_LABELS, key)


def payer_label(key: str) -> str:
    return _label(PAYERS, key)


def decision_label(key: str | None) -> str:
    return _label(DECISIONS, key)


def can_move(kind: str, from_status: str, to_status: str) -> bool:
    """Whether the table allows from → to for a case of this kind."""
    reachable = KIND_STATUSES.get(kind, frozenset())
    return (
        from_status in reachable
        and to_status in reachable
        and to_status in TRANSITIONS.get(from_status, ())
    )


def next_statuses(kind: str, status: str) -> tuple[str, ...]:
    return tuple(s for s in TRANSITIONS.get(status, ()) if can_move(kind, status, s))


# --- services (contract) --------------------------------------------------------------------------
# Every write: one transaction, a ReturnEvent (from, to, who, when, note) for each status move,
# DomainError / ValidationError(message, field) with nothing written on bad input.


def postage_payer(reason: str, insured: bool = False) -> str:
    """shop / buyer / insurance by POSTAGE_RULES."""
    from desk.core import return_rules

    return return_rules.postage_payer(reason, insured)


def order_window(order_id: int, now: datetime.datetime | None = None) -> Window:
    """The order's 7-day window (passed → a warning; never a block)."""
    from desk.core import return_rules

    return return_rules.order_window(order_id, now)


def transit_days() -> int:
    """The transit days setting (default 3)."""
    from desk.core import return_rules

    return return_rules.transit_days()


def set_transit_days(days: int) -> Changes:
    """ValidationError for days outside 0..30."""
    from desk.core import return_rules

    return return_rules.set_transit_days(days)


def returnable_lines(order_id: int) -> list[ReturnableLine]:
    from desk.core import return_open

    return return_open.returnable_lines(order_id)


def preview(draft: ReturnDraft, now: datetime.datetime | None = None) -> OpenPreview:
    """Everything the "open a case" form shows, nothing written, never raises on a bad draft
    (`refusal` / `warnings` say it); DomainError only when the order is gone."""
    from desk.core import return_open

    return return_open.preview(draft, now)


def open_case(
    draft: ReturnDraft, staff_id: int | None = None, *, now: datetime.datetime | None = None
) -> tuple[CaseDetail, Changes]:
    """Open a case (status 申请, numbered THYYYYMMDD-NNN). Refused: unpaid/closed order, no lines,
    a quantity above what is left to return, 其他 without text, a postage payer against the rule
    without a note, an unshipped order with anything but a whole-order 仅退款, an exchange line
    without its new variant. The window passing is only a warning (see `preview`)."""
    from desk.core import return_open

    return return_open.open_case(draft, staff_id, now=now)


def get_case(case_id: int) -> CaseDetail:
    from desk.core import return_read

    return return_read.get_case(case_id)


def find_by_number(number: str) -> int | None:
    from desk.core import return_read

    return return_read.find_by_number(number)


def accept_request(case_id: int, staff_id: int | None = None, note: str = "") -> Changes:
    """申请 → 待寄回 (退货退款 / 换货: the buyer may send the goods)."""
    from desk.core import return_flow

    return return_flow.accept_request(case_id, staff_id, note)


def mark_sent_back(
    case_id: int, tracking_no: str, courier: str, staff_id: int | None = None
) -> Changes:
    """待寄回 → 已寄回 with the return tracking number and courier (a settings.COURIERS code or
    free text). ValidationError("tracking_no") for a bad or another case's number."""
    from desk.core import return_flow

    return return_flow.mark_sent_back(case_id, tracking_no, courier, staff_id)


def mark_received(case_id: int, staff_id: int | None = None, note: str = "") -> Changes:
    """已寄回 (or 待寄回) → 已收货; creates the checklist rows of each line (its category's items)."""
    from desk.core import return_flow

    return return_flow.mark_received(case_id, staff_id, note)


def record_inspection(
    case_id: int, lines: tuple[LineInspection, ...], staff_id: int | None = None
) -> tuple[InspectionResult, Changes]:
    """已收货 → 验货 (or again while 验货): saves every check and decision; a line with a failed
    item needs a decision and a note (partial: an amount ≤ the line's amount; not for an
    exchange). Nothing moves in stock yet: see `refund` and `send_exchange`."""
    from desk.core import return_inspect

    return return_inspect.record_inspection(case_id, lines, staff_id)


def refund(
    case_id: int, staff_id: int | None = None, amount_fen: int | None = None, note: str = ""
) -> tuple[CaseDetail, Changes]:
    """→ 已退款 (仅退款 from 申请, 退货退款 from 验货), recording refund_fen and refunded_at.
    `amount_fen` None → CaseMoney.suggested_fen; more than max_refund_fen is refused.
    IDEMPOTENT: a case already refunded is returned unchanged (Changes() empty). An unshipped
    order is closed (its stock released) through order_flow. From 验货, the lines that passed
    (or were accepted anyway) go back into stock, once each (ReturnLine.restocked)."""
    from desk.core import return_flow

    return return_flow.refund(case_id, staff_id, amount_fen, note)


def exchange_warnings(case_id: int) -> list[str]:
    """Before sending an exchange: new variants without enough available stock (warn; the user
    decides with `allow_negative`)."""
    from desk.core import return_exchange

    return return_exchange.exchange_warnings(case_id)


def send_exchange(
    case_id: int,
    staff_id: int | None = None,
    *,
    charge_fen: int = 0,
    allow_negative: bool = False,
    note: str = "",
) -> tuple[CaseDetail, Changes]:
    """验货 → 已换货发出: a new paid order (source "exchange") to the original address with the
    accepted lines' new variants, at no charge or `charge_fen` (the price difference), linked as
    ReturnCase.exchange_order; it then goes through the normal print flow. InsufficientStock
    unless `allow_negative`. IDEMPOTENT: once sent, nothing more is created. The returned lines
    that passed go back into stock, once each."""
    from desk.core import return_exchange

    return return_exchange.send_exchange(
        case_id, staff_id, charge_fen=charge_fen, allow_negative=allow_negative, note=note
    )


def set_exchange_variant(
    case_id: int, line_id: int, variant_id: int, staff_id: int | None = None
) -> Changes:
    """Change the new variant of an exchange line (before it is sent)."""
    from desk.core import return_exchange

    return return_exchange.set_exchange_variant(case_id, line_id, variant_id, staff_id)


def complete(case_id: int, staff_id: int | None = None, note: str = "") -> Changes:
    """已退款 / 已换货发出 → 完成. An exchange with a linked order is refused (DomainError) until
    that order is shipped (shipped / signed / completed): `CaseDetail.complete_blocker` says so."""
    from desk.core import return_flow

    return return_flow.complete(case_id, staff_id, note)


def reject(case_id: int, reason: str, staff_id: int | None = None) -> Changes:
    """An open case → 已拒绝 (a reason is required). Nothing is refunded or restocked (the goods,
    if any came, go back to the buyer)."""
    from desk.core import return_flow

    return return_flow.reject(case_id, reason, staff_id)


def set_postage(
    case_id: int,
    payer: str,
    note: str = "",
    insured: bool | None = None,
    staff_id: int | None = None,
) -> Changes:
    """Override who pays the return postage; a payer other than the rule's needs a note."""
    from desk.core import return_flow

    return return_flow.set_postage(case_id, payer, note, insured, staff_id)


def add_note(case_id: int, note: str, staff_id: int | None = None) -> Changes:
    """A note in the case's log (an event without a move)."""
    from desk.core import return_flow

    return return_flow.add_note(case_id, note, staff_id)


# photos (checked like product photos: desk.core.photos.sniff_image and size limits)


def add_photo(
    case_id: int, data: bytes, filename: str, line_id: int | None = None
) -> tuple[PhotoRow, Changes]:
    from desk.core import return_inspect

    return return_inspect.add_photo(case_id, data, filename, line_id)


def photo_bytes(photo_id: int) -> tuple[str, bytes]:
    """(mime, data)."""
    from desk.core import return_inspect

    return return_inspect.photo_bytes(photo_id)


def delete_photo(photo_id: int) -> Changes:
    from desk.core import return_inspect

    return return_inspect.delete_photo(photo_id)


# the configurable checklist (InspectionItem rows; none stored → DEFAULT_CHECKLIST)


def checklist_for(category: str) -> tuple[str, ...]:
    """The items checked for a product of this category: the general items, then the category's."""
    from desk.core import return_inspect

    return return_inspect.checklist_for(category)


def inspection_items(category: str | None = None) -> list[InspectionItemRow]:
    """Stored items (of one category, "" = general; None = all), by category and position."""
    from desk.core import return_inspect

    return return_inspect.inspection_items(category)


def add_inspection_item(category: str, item: str) -> tuple[InspectionItemRow, Changes]:
    from desk.core import return_inspect

    return return_inspect.add_inspection_item(category, item)


def remove_inspection_item(item_id: int) -> Changes:
    from desk.core import return_inspect

    return return_inspect.remove_inspection_item(item_id)


def reorder_inspection_items(category: str, item_ids: list[int]) -> Changes:
    from desk.core import return_inspect

    return return_inspect.reorder_inspection_items(category, item_ids)


# lists


def list_cases(case_filter: CaseFilter = CaseFilter(), limit: int = 500) -> list[CaseRow]:
    """Newest first."""
    from desk.core import return_list

    return return_list.list_cases(case_filter, limit)


def count_by_status(case_filter: CaseFilter = CaseFilter()) -> dict[str, int]:
    """Cases per status for the filter (its `statuses` ignored), plus "waiting" and "all"."""
    from desk.core import return_list

    return return_list.count_by_status(case_filter)


def cases_of_order(order_id: int) -> list[CaseRow]:
    from desk.core import return_list

    return return_list.cases_of_order(order_id)


def cases_of_customer(customer_id: int) -> list[CaseRow]:
    """For the customer card, newest first."""
    from desk.core import return_list

    return return_list.cases_of_customer(customer_id)


def order_return_state(order_id: int) -> str | None:
    """For the Orders UI: None without cases, else e.g. "退货退款 TH20261123-001 已收货"."""
    from desk.core import return_list

    return return_list.order_return_state(order_id)


# analysis


def reason_analysis(date_from: datetime.date, date_to: datetime.date) -> ReasonAnalysis:
    from desk.core import return_analysis

    return return_analysis.reason_analysis(date_from, date_to)


def size_feedback(product_id: int) -> SizeFeedback:
    """desk.core.size_advice.SizeFeedback: buyers per size, 偏小/偏大 from return reasons."""
    from desk.core import return_analysis

    return return_analysis.size_feedback(product_id)


# the return note (退货单)


def note_data(case_id: int) -> ReturnNoteData:
    """desk.pdf.return_note.ReturnNoteData for the case."""
    from desk.core import return_read

    return return_read.note_data(case_id)


def write_note_pdf(
    case_id: int, path: Path | str, page_size: str = "A4", staff_id: int | None = None
) -> Changes:
    """Write the 退货单 (A4 or A5) to `path` and log the print (PrintJob kind "return_note")."""
    from desk.core import return_read

    return return_read.write_note_pdf(case_id, path, page_size, staff_id)
