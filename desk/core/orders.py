"""Orders (订单): taking an order from the chat, its lines from the handbook, totals in fen, the
address snapshot, and reading an order back.

The lifecycle (待付款 → 已付款 → 已确认 → 已打单 → 已发货 → 已签收 → 已完成, and 已关闭) is in
`desk.core.order_flow`; flags and the memo history in `desk.core.order_memos`; the list, filters
and keyset paging in `desk.core.order_list`; the pre-print check (审单) in `desk.core.order_check`;
merging in `desk.core.order_merge`; the confirmation text/sheet data in `desk.core.confirmation`;
the packing list (配货单) in `desk.core.packing`.

Stock moves only through `desk.core.stock`: reserve on payment, release on close (or when a paid
order's lines change), ship on shipping. The customer's figures are recomputed
(`customers.rebuild_figures`) whenever an order's status or total changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from peewee import IntegrityError

from desk.core import changes, customers, order_draft, order_flow, order_read
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.money import format_yuan
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import Order, OrderEvent, OrderLine, OrderMemo
from desk.models.base import now

STATUS_LABELS = {
    "unpaid": N_("Unpaid"),  # 待付款
    "paid": N_("Paid"),  # 已付款
    "confirmed": N_("Confirmed"),  # 已确认
    "printed": N_("Label printed"),  # 已打单
    "shipped": N_("Shipped"),  # 已发货
    "signed": N_("Signed for"),  # 已签收
    "completed": N_("Completed"),  # 已完成
    "closed": N_("Closed"),  # 已关闭
}
FLAG_LABELS = {  # the meanings the couple use (DOMAIN.md §3)
    "red": N_("Red: standard order"),
    "yellow": N_("Yellow: special courier request"),
    "green": N_("Green: ship later"),
    "blue": N_("Blue: gift or refund"),
    "purple": N_("Purple: other"),
}
#: Lines can be added or changed (加单) only in these statuses: after printing the buyer pays postage again.
EDITABLE_LINES = ("unpaid", "paid", "confirmed")
#: Address, courier, gift and message can change until the parcel leaves.
EDITABLE_ADDRESS = ("unpaid", "paid", "confirmed", "printed")

MAX_LINES = 50
MAX_QUANTITY = 999
MAX_MESSAGE = 2000  # buyer message (买家留言): emoji and newlines kept
MAX_GIFT = 200
MAX_MEMO = 1000
UNPAID_CHASE_HOURS = 12
PAGE_SIZE = 100


@dataclass(frozen=True)
class LineDraft:
    """One line as the editor sends it. A new line names a variant; `unit_price_fen` None means
    the product's price. An existing line (`id`) keeps its text snapshot even when its variant is
    gone or hidden."""

    variant_id: int | None
    quantity: int
    unit_price_fen: int | None = None
    discount_fen: int = 0  # for the whole line
    id: int | None = None


@dataclass(frozen=True)
class OrderDraft:
    customer_id: int | None = None
    receiver: str = ""
    phone: str = ""  # raw; normalised by the service (phones.normalize_phone)
    province: str = ""
    city: str = ""
    district: str = ""
    street: str = ""
    postcode: str = ""
    lines: tuple[LineDraft, ...] = ()
    postage_fen: int = 0
    discount_fen: int = 0  # order discount
    gift: str = ""  # 赠品
    buyer_message: str = ""  # 买家留言
    courier: str = ""  # a settings.COURIERS code; "" → the default courier from Settings
    memo: str = ""  # create only: a first memo (with `flag`)
    flag: str | None = None  # create only
    paid: bool = False  # create only: taken as already paid (reserves stock at once)


@dataclass(frozen=True)
class Totals:
    goods_fen: int  # lines after line discounts
    postage_fen: int
    discount_fen: int
    total_fen: int  # goods + postage − discount, never below 0 (a discount larger is refused)


@dataclass(frozen=True)
class LineRow:
    id: int
    variant_id: int | None  # None when the variant was deleted (the snapshot stays)
    product_id: int | None
    product_code: str
    product_name: str
    color: str
    size: str
    quantity: int
    unit_price_fen: int
    discount_fen: int
    amount_fen: int  # quantity × unit price − discount

    def label(self) -> str:
        """货号 颜色/尺码 ×数量, e.g. A1023 黑色/M ×2."""
        return f"{self.product_code} {self.color}/{self.size} ×{self.quantity}"


@dataclass(frozen=True)
class MemoRow:
    id: int
    flag: str | None
    text: str
    staff_name: str
    at: datetime.datetime
    read_at: datetime.datetime | None
    read_by_name: str


@dataclass(frozen=True)
class EventRow:
    kind: str  # status / merge / add_lines / edit
    from_status: str | None
    to_status: str | None
    note: str
    staff_name: str
    at: datetime.datetime


@dataclass(frozen=True)
class ShipmentRow:
    courier: str
    tracking_no: str
    shipped_at: datetime.datetime | None


@dataclass(frozen=True)
class OrderDetail:
    id: int
    number: str
    external_no: str | None
    customer_id: int | None
    customer_name: str
    customer_nick: str
    receiver: str
    phone: str
    province: str
    city: str
    district: str
    street: str
    postcode: str
    status: str
    flag: str | None
    courier: str
    totals: Totals
    gift: str
    buyer_message: str
    source: str
    merged_into_id: int | None
    merged_from: tuple[int, ...]
    lines: tuple[LineRow, ...]
    memos: tuple[MemoRow, ...]  # oldest first
    events: tuple[EventRow, ...]  # oldest first
    shipments: tuple[ShipmentRow, ...]
    created_at: datetime.datetime
    paid_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    printed_at: datetime.datetime | None
    shipped_at: datetime.datetime | None
    signed_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    closed_at: datetime.datetime | None

    @property
    def can_change_lines(self) -> bool:
        return self.status in EDITABLE_LINES and self.merged_into_id is None

    @property
    def address_line(self) -> str:
        """省市区详细地址 (a municipality once)."""
        city = "" if self.city == self.province else self.city
        return "".join(p for p in (self.province, city, self.district, self.street) if p)

    @property
    def unread_memos(self) -> tuple[MemoRow, ...]:
        return tuple(m for m in self.memos if m.read_at is None)


@dataclass(frozen=True)
class OrderRow:
    """One line of the orders list."""

    id: int
    number: str
    customer_id: int | None
    customer_name: str  # receiver when the customer has no name
    phone_masked: str
    region: str  # 浙江 杭州 西湖区
    status: str
    flag: str | None
    courier: str
    summary: str  # A1023 黑色/M ×2, B2001 白色/L ×1 (first lines, shortened)
    item_count: int
    total_fen: int
    created_at: datetime.datetime
    paid_at: datetime.datetime | None
    tracking_no: str
    unread_memo: bool


# --- functions (contract) -------------------------------------------------------------------------
#
# desk.core.orders
#   status_label(key) -> str;  flag_label(key) -> str
#   quote(draft) -> Totals                                 ValidationError(field) for bad amounts/quantities
#   create_order(draft, staff_id=None, *, allow_negative=False) -> tuple[OrderDetail, Changes]
#       number = YYYYMMDD-NNNNN (day of creation, sequence per day, unique); snapshot of every line
#       (货号/name/colour/size/price); paid=True reserves stock (InsufficientStock unless allow_negative)
#   update_order(order_id, draft, staff_id=None, *, allow_negative=False) -> tuple[OrderDetail, Changes]
#       lines only while status in EDITABLE_LINES (加单; an event "add_lines"); address etc. in EDITABLE_ADDRESS;
#       a paid order's stock holds follow its lines (release/reserve the difference)
#   get_order(order_id) -> OrderDetail;  find_by_number(number) -> int | None
#   address_from_customer(customer_id, address_id=None) -> OrderDraft   (receiver/phone/address of the default or chosen address)
# desk.core.order_flow
#   TRANSITIONS: dict[str, tuple[str, ...]]                 allowed next statuses
#   can_move(from_status, to_status) -> bool
#   pay(order_id, staff_id=None, *, allow_negative=False) -> Changes        unpaid → paid, reserves stock
#   confirm(order_id, staff_id=None) -> Changes                             paid → confirmed (buyer agreed)
#   mark_printed(order_ids, staff_id=None) -> Changes                       confirmed → printed (labels)
#   ship(order_id, tracking_no, courier=None, staff_id=None) -> Changes     paid/confirmed/printed → shipped, ships stock, a Shipment
#   sign(order_id, staff_id=None) -> Changes                                shipped → signed
#   complete(order_id, staff_id=None) -> Changes                            signed/shipped → completed
#   close(order_id, reason, staff_id=None) -> Changes                       unpaid/paid/confirmed/printed → closed, releases stock
#   every move: one transaction, an OrderEvent (from, to, who, when), the *_at column set; DomainError when not allowed
# desk.core.order_memos
#   add_memo(order_id, text, flag=None, staff_id=None) -> Changes   the order's flag becomes the memo's flag (if given)
#   set_flag(order_id, flag | None, staff_id=None) -> Changes       also recorded as a memo line ("旗帜改为 …")
#   mark_memos_read(order_id, staff_id) -> Changes
# desk.core.order_list (search parsing in desk.core.order_search)
#   @dataclass OrderFilter(query="", statuses=(), flags=(), date_from=None, date_to=None, courier="", printed=None, include_merged=False)
#   list_orders(filter, *, after: tuple[str, int] | None = None, limit=PAGE_SIZE) -> list[OrderRow]   newest first, keyset on (created_at, id)
#   page_after(row) -> tuple[str, int]   the `after` of the next page;  explain(filter) -> list[str]
#   count_orders(filter) -> int
#   unpaid_to_chase(now=None, hours=UNPAID_CHASE_HOURS, *, limit=None) -> list[OrderRow]
#   chase_text(order_id) -> str                                    the 催付 quick reply filled for the order
# desk.core.order_check
#   @dataclass CheckResult(order_id, number, blocks: tuple[str, ...], warnings: tuple[str, ...], merge_with: tuple[int, ...])
#   check_before_print(order_ids, now=None) -> list[CheckResult]
# desk.core.order_merge
#   merge_orders(main_id, other_ids, staff_id=None, *, postage_fen=None, allow_negative=False) -> tuple[OrderDetail, Changes]
# desk.core.confirmation
#   confirmation_text(order_id) -> str;  sheet_data(order_ids) -> list[pdf.confirmation.SheetData]
# desk.core.packing
#   packing_list(order_ids, title="", day=None) -> pdf.packing_list.PackingData;  orders_to_ship(day) -> list[int]

# --- implementation (checking drafts: desk.core.order_draft; reading: desk.core.order_read) --------

#: Statuses in which an order holds its goods (reserved stock): paid and not yet shipped.
HOLDING = ("paid", "confirmed", "printed")


def status_label(key: str) -> str:
    """待付款 / 已付款 / … in the current language (an unknown key as it is)."""
    return _(STATUS_LABELS[key]) if key in STATUS_LABELS else key


def flag_label(key: str | None) -> str:
    """The flag's colour and meaning ("" for no flag)."""
    if not key:
        return ""
    return _(FLAG_LABELS[key]) if key in FLAG_LABELS else key


# --- writing --------------------------------------------------------------------------------------


def _next_number(day: datetime.date) -> str:
    prefix = day.strftime("%Y%m%d")
    row = db.execute_sql(
        'SELECT MAX(CAST(substr(number, 10) AS INTEGER)) FROM "order"'
        " WHERE number >= ? AND number < ?",
        (prefix + "-", prefix + "."),
    ).fetchone()
    return f"{prefix}-{(row[0] or 0) + 1:05d}"


def _insert_order(values: dict, at: datetime.datetime, tries: int = 20) -> Order:
    """Insert with the next free number of the day; another writer taking it first (the same
    second, another window) only means trying the next one."""
    external_no = values.get("external_no")
    for _attempt in range(tries):
        number = _next_number(at.date())
        try:
            with db.atomic():
                return Order.create(number=number, created_at=at, updated_at=at, **values)
        except IntegrityError:
            if external_no and Order.select().where(Order.external_no == external_no).exists():
                raise ValidationError(
                    _("Order {number} is already in the file.").format(number=external_no),
                    "external_no",
                ) from None
    raise DomainError(_("Could not give the order a number; please try again."))


def write_lines(order_id: int, lines: list[order_draft.CleanLine]) -> None:
    """Make the order's lines exactly `lines`: existing ones updated, new ones added, the rest
    removed."""
    keep = [line.id for line in lines if line.id is not None]
    OrderLine.delete().where(
        (OrderLine.order == order_id) & (OrderLine.id.not_in(keep))
    ).execute()
    for position, line in enumerate(lines):
        if line.id is not None:
            OrderLine.update(
                position=position, quantity=line.quantity, unit_price_fen=line.unit_price_fen,
                discount_fen=line.discount_fen,
            ).where(OrderLine.id == line.id).execute()
        else:
            OrderLine.create(
                order=order_id, variant=line.variant_id, position=position,
                product_code=line.product_code, product_name=line.product_name, color=line.color,
                size=line.size, quantity=line.quantity, unit_price_fen=line.unit_price_fen,
                discount_fen=line.discount_fen,
            )


def create_order(
    draft: OrderDraft,
    staff_id: int | None = None,
    *,
    allow_negative: bool = False,
    source: str = "manual",
    external_no: str | None = None,
    created_at: datetime.datetime | None = None,
) -> tuple[OrderDetail, Changes]:
    """Take an order: checked, numbered YYYYMMDD-NNNNN, lines with their snapshots, a first memo
    (with its flag), the event "created"; `paid=True` also pays it (reserving stock, which raises
    InsufficientStock unless `allow_negative`; then nothing is written).

    `source`, `external_no` and `created_at` are for importers (a platform's order)."""
    header = order_draft.clean_header(draft)
    flag = order_draft.clean_flag(draft.flag)
    memo = order_draft.clean_memo(draft.memo)
    at = created_at or now()
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order_draft.require_customer(header["customer"])
        lines = order_draft.clean_lines(draft.lines)
        totals = order_draft.totals_of(lines, draft.postage_fen, draft.discount_fen)
        order = _insert_order(
            dict(
                header, flag=flag, goods_fen=totals.goods_fen, postage_fen=totals.postage_fen,
                discount_fen=totals.discount_fen, total_fen=totals.total_fen, source=source,
                external_no=(external_no or "").strip() or None, created_by=staff_id,
                status="unpaid",
            ),
            at,
        )
        write_lines(order.id, lines)
        OrderEvent.create(order=order.id, kind="status", from_status=None, to_status="unpaid",
                          staff=staff_id, at=at)
        if memo or flag:
            OrderMemo.create(order=order.id, flag=flag, staff=staff_id, at=at,
                             text=memo or flag_memo_text(flag))
        done = Changes.of(changes.ORDERS)
        if draft.paid:
            done |= order_flow.pay(order.id, staff_id, allow_negative=allow_negative)
    return get_order(order.id), done


def flag_memo_text(flag: str | None) -> str:
    """The memo line a flag change leaves ("旗帜改为 黄旗 …")."""
    if not flag:
        return _("Flag removed")
    return _("Flag set to {flag}").format(flag=flag_label(flag))


#: The order's own fields an edit may change, and how the history names them.
_HEADER_FIELDS = {
    "customer": N_("Customer"),
    "receiver": N_("Receiver"),
    "phone": N_("Phone"),
    "province": N_("Province"),
    "city": N_("City"),
    "district": N_("District"),
    "street": N_("Street address"),
    "postcode": N_("Postcode"),
    "gift": N_("Gift"),
    "buyer_message": N_("Buyer message"),
    "courier": N_("Courier"),
    "postage": N_("Postage"),
    "discount": N_("Order discount"),
}


def _line_changes(old: list[OrderLine], new: list[order_draft.CleanLine]) -> str:
    """What 加单 changed, for the event note: +added, −removed, changed quantities/prices."""
    before = {row.id: row for row in old}
    notes = []
    for line in new:
        row = before.pop(line.id, None) if line.id is not None else None
        if row is None:
            notes.append("+" + line.label)
        elif row.quantity != line.quantity:
            notes.append(f"{row.product_code} {row.color}/{row.size} ×{row.quantity}→{line.quantity}")
        elif (row.unit_price_fen, row.discount_fen) != (line.unit_price_fen, line.discount_fen):
            notes.append(f"{line.label} ¥{format_yuan(row.quantity * row.unit_price_fen - row.discount_fen)}"
                         f"→¥{format_yuan(line.amount_fen)}")
    notes.extend(f"−{row.product_code} {row.color}/{row.size} ×{row.quantity}" for row in before.values())
    return "; ".join(notes)


def update_order(
    order_id: int, draft: OrderDraft, staff_id: int | None = None, *, allow_negative: bool = False
) -> tuple[OrderDetail, Changes]:
    """Change an order: its lines (加单) while in EDITABLE_LINES, the address, courier, gift and
    message while in EDITABLE_ADDRESS. A paid order's holds follow its lines. `memo`, `flag` and
    `paid` of the draft are ignored (memos: order_memos; paying: order_flow)."""
    header = order_draft.clean_header(draft)
    with order_draft.transaction():
        order_draft.check_staff(staff_id)
        order = order_draft.require_order(order_id, editable=True)
        if order.status not in EDITABLE_ADDRESS:
            raise DomainError(
                _("Order {number} is {status}: it can no longer be changed.").format(
                    number=order.number, status=status_label(order.status)
                )
            )
        order_draft.require_customer(header["customer"])
        lines = order_draft.clean_lines(draft.lines, order_id)
        old_lines = list(OrderLine.select().where(OrderLine.order == order_id)
                         .order_by(OrderLine.position, OrderLine.id))
        old_keys = [(r.id, r.variant_id, r.quantity, r.unit_price_fen, r.discount_fen)
                    for r in old_lines]
        lines_changed = old_keys != [line.key() for line in lines]
        if lines_changed and order.status not in EDITABLE_LINES:
            raise ValidationError(
                _("The label of order {number} is printed: lines can no longer be added or "
                  "changed (the buyer would pay postage again).").format(number=order.number),
                "lines",
            )
        totals = order_draft.totals_of(lines, draft.postage_fen, draft.discount_fen)
        before = {f: getattr(order, "customer_id" if f == "customer" else f) for f in header}
        changed = [f for f in header if before[f] != header[f]]
        old_totals = (order.goods_fen, order.postage_fen, order.discount_fen, order.total_fen)
        new_totals = (totals.goods_fen, totals.postage_fen, totals.discount_fen, totals.total_fen)
        if not lines_changed and not changed and old_totals == new_totals:
            return get_order(order_id), Changes()
        at = now()
        Order.update(
            **header, goods_fen=totals.goods_fen, postage_fen=totals.postage_fen,
            discount_fen=totals.discount_fen, total_fen=totals.total_fen, updated_at=at,
        ).where(Order.id == order_id).execute()
        done = Changes.of(changes.ORDERS)
        if lines_changed:
            note = _line_changes(old_lines, lines)
            write_lines(order_id, lines)
            OrderEvent.create(order=order_id, kind="add_lines", note=note, staff=staff_id, at=at)
            if order.status in HOLDING:
                done |= order_flow.sync_holds(order_id, staff_id, allow_negative=allow_negative)
        changed += [name for name, old, new in (
            ("postage", order.postage_fen, totals.postage_fen),
            ("discount", order.discount_fen, totals.discount_fen),
        ) if old != new]
        if changed:  # the fields, for the history ("详细地址、快递")
            OrderEvent.create(order=order_id, kind="edit", staff=staff_id, at=at,
                              note="、".join(_(_HEADER_FIELDS[f]) for f in changed))
        if order_flow.counted(order.status):
            touched = {c for c in (before["customer"], header["customer"]) if c is not None}
            if touched:
                customers.rebuild_figures(touched)
                done |= Changes.of(changes.CUSTOMERS)
    return get_order(order_id), done


# --- reading and checking (bodies in desk.core.order_read / order_draft) --------------------------


def quote(draft: OrderDraft, order_id: int | None = None) -> Totals:
    """The totals the draft would have (ValidationError(field) for bad amounts or quantities)."""
    return order_draft.quote(draft, order_id)


def get_order(order_id: int) -> OrderDetail:
    """The whole order (DomainError when gone)."""
    return order_read.get_order(order_id)


def find_by_number(number: str) -> int | None:
    """The order with this number (or this platform order number), None when there is none."""
    return order_read.find_by_number(number)


def address_from_customer(customer_id: int, address_id: int | None = None) -> OrderDraft:
    """A draft with the customer's default (or chosen) address and phone."""
    return order_read.address_from_customer(customer_id, address_id)


def line_warnings(draft: OrderDraft, order_id: int | None = None) -> list[str]:
    """What the editor should warn about before saving (the user decides): hidden variants,
    products off shelf, not enough available stock."""
    return order_read.line_warnings(draft, order_id)
