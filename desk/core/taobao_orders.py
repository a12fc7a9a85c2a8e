"""The orders of a Taobao / Qianniu order export (订单报表): each row also becomes an Order.

Reading (`order_of`, called by the export's row parser): the status mapped from 订单状态, the
times, the amounts in fen, the buyer message, the seller's memo (订单备注), the tracking number and
courier, and one line.

- **Status**: 等待买家付款 → unpaid, 买家已付款，等待卖家发货 → paid, 卖家已发货，等待买家确认 →
  shipped, 买家已签收 → signed, 交易成功 → completed, 交易关闭 / 付款以后用户退款成功，交易自动关闭
  (any text with 关闭) → closed. An unknown text is a row problem that does not block: the order
  is imported as paid when the row has a payment time or a paid amount, else as unpaid.
- **Amounts**: goods = 买家应付货款 (else 总金额 − 邮费, else paid − 邮费), postage = 买家应付邮费;
  the total is what the buyer paid less what was refunded (买家实际支付金额 − 退款金额), the
  difference to goods + postage (coupons, platform discounts, refunds) is the order discount. An
  order never paid (unpaid, or closed with nothing paid) keeps the amount it was for.
  The customer's figures count that total, as the customer import always did.
- **One line** per order (the export has one row per order, not per item): 货号 = 商家编码 when
  the export has it, else "淘宝"; name = 宝贝标题; colour and size from a
  `颜色分类：黑色；尺码：M` text (销售属性 / 商品属性 / 修改后的sku) when there is one; quantity =
  宝贝总数量 (1 when empty). The unit price is the goods amount over the quantity rounded up to
  the fen, and what that adds (less than one fen per piece) is the line's discount, so the line
  is exactly the goods amount. The line names no variant: imported orders were sold on the
  platform, their stock is not moved by the import (nor when they are later shipped).
- **Courier**: 物流公司 mapped to a courier code (顺丰 → SF, 中通 → ZTO, …); the order takes the
  default courier from Settings when the name is unknown or empty, the shipment keeps the name as
  written. The tracking number loses its `No:`.
- **Stamps**: created_at = 订单创建时间 (else the payment time, else the time of the import),
  paid_at = 订单付款时间; the export does not date shipping, signing, completion or closing, so
  those stamps stay empty on a first import.

Writing (`write`, inside the customer import's transaction): bulk inserts of orders, lines,
events ("Taobao import"), memos and shipments; orders numbered YYYYMMDD-NNNNN by the day of their
creation like `orders.create_order` (continuing each day's sequence). An order whose platform
number is already an Order is not created again; when the file shows it further on
(paid → shipped → completed, or closed before it completed) its status moves forward — never
back — with an event and the new status's stamp set to the time of the import (an order paid
since also takes the amounts it was paid with). An order the shop moved on itself (confirmed,
printed) moves only when the file is further still; one merged into another or given lines of
the handbook is left alone. A platform order
counted by an older import (`imported_order`) becomes an Order and its `imported_order` row is
removed, so that every order counts once.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from desk.core import customers, order_flow, orders, settings
from desk.core.customer_import_base import RowProblem, one_line, unwrap
from desk.db.connection import db
from desk.i18n import _

#: The product code of a line when the export has no 商家编码 (the platform's name).
TAOBAO_CODE = "淘宝"
MAX_TITLE = 200
MAX_VALUE = 40  # colour, size, product code
MAX_QUANTITY = 99_999
_CHUNK = 500

#: 订单状态 (NFKC-normalised, spaces dropped) → status
STATUSES = {
    "等待买家付款": "unpaid",
    "买家已付款,等待卖家发货": "paid",
    "卖家部分发货": "paid",
    "卖家已发货,等待买家确认": "shipped",
    "买家已签收": "signed",
    "交易成功": "completed",
    "交易关闭": "closed",
    "付款以后用户退款成功,交易自动关闭": "closed",
}
#: Words of a status text this program does not know word for word.
_STATUS_WORDS = (("关闭", "closed"), ("交易成功", "completed"), ("已签收", "signed"),
                 ("已发货", "shipped"), ("等待卖家发货", "paid"), ("等待买家付款", "unpaid"))  # fmt: skip
#: 物流公司 → courier code (settings.COURIERS), by a word of the name
COURIER_WORDS = (
    ("顺丰", "SF"), ("中通", "ZTO"), ("圆通", "YTO"), ("申通", "STO"), ("韵达", "YUNDA"),
    ("极兔", "JT"), ("百世", "JT"), ("EMS", "EMS"), ("邮政", "EMS"), ("邮件", "EMS"),
    ("京东", "JD"),
)  # fmt: skip
_RANK = {"unpaid": 0, "paid": 1, "confirmed": 2, "printed": 3, "shipped": 4, "signed": 5,
         "completed": 6}  # fmt: skip
_TRACKING_PREFIX = re.compile(r"^\s*no\s*[:：.]?\s*", re.IGNORECASE)
_PLAIN_TRACKING = re.compile(r"No:([A-Za-z0-9][A-Za-z0-9-]{5,39})")
_SKU_SPLIT = re.compile(r"[;；,，\n]+")
_SKU_PAIR = re.compile(r"^\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class TaobaoOrder:
    """What one row of the export makes of its order (see the module)."""

    status: str
    created_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    goods_fen: int
    postage_fen: int
    discount_fen: int
    total_fen: int
    refund_fen: int
    message: str
    memo: str
    tracking: str
    courier: str  # a courier code, "" when the name is unknown or empty
    courier_text: str  # 物流公司 as written
    product_code: str
    product_name: str
    color: str
    size: str
    quantity: int
    unit_price_fen: int
    line_discount_fen: int

    @property
    def counted(self) -> bool:
        return order_flow.counted(self.status)


# --- reading one row -----------------------------------------------------------------------------


@lru_cache(maxsize=256)
def map_status(text: str) -> str | None:
    """The status of an 订单状态 text; None when unknown."""
    key = "".join(unicodedata.normalize("NFKC", text).split())
    found = STATUSES.get(key)
    if found is not None:
        return found
    for word, status in _STATUS_WORDS:
        if word in key:
            return status
    return None


@lru_cache(maxsize=256)
def courier_code(name: str) -> str:
    upper = name.upper()
    return next((code for word, code in COURIER_WORDS if word in upper), "")


def clean_tracking(text: str) -> str:
    """`No:YT123…` → YT123…; the first of several numbers; "" when it is not a tracking number."""
    match = _PLAIN_TRACKING.fullmatch(text)
    if match is not None:  # the usual No:YT1234567890123, quickly
        return match.group(1).upper()
    text = _TRACKING_PREFIX.sub("", unwrap(text).lstrip("'"))
    first = re.split(r"[,，;；/、\s]+", text.strip())[0] if text.strip() else ""
    first = _TRACKING_PREFIX.sub("", first).upper()
    try:
        return order_flow.clean_tracking(first) if first else ""
    except Exception:  # ValidationError: told by the caller
        return ""


def split_sku(text: str) -> tuple[str, str]:
    """(colour, size) of `颜色分类：黑色；尺码：M` (either may be missing)."""
    color = size = ""
    for part in _SKU_SPLIT.split(text):
        match = _SKU_PAIR.match(part)
        if match is None:
            continue
        key, value = match.group(1), one_line(match.group(2))[:MAX_VALUE]
        if not color and "色" in key:
            color = value
        elif not size and any(w in key for w in ("尺码", "尺寸", "码", "大小", "规格")):
            size = value
    return color, size


@dataclass
class RowValues:
    """The cells of one row the order needs (amounts already in fen; None when empty)."""

    line: int
    status_text: str
    created_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    paid: int | None
    refund: int | None
    goods: int | None
    postage: int | None
    total: int | None
    message: str
    memo: str
    tracking: str
    courier: str
    code: str
    title: str
    sku: str
    quantity: str


def order_of(v: RowValues, labels: dict[str, str], problems: list[RowProblem]) -> TaobaoOrder:
    """The order of one checked row; what is odd is told as problems that do not block."""
    status = map_status(v.status_text.strip()) if v.status_text.strip() else None
    if status is None:
        status = "paid" if (v.paid or v.paid_at is not None) else "unpaid"
        if v.status_text.strip():
            problems.append(RowProblem(v.line, labels.get("status", ""), _(
                "Unknown order status “{status}”; the order is imported as {label}."
            ).format(status=one_line(v.status_text)[:40], label=orders.status_label(status)),
                blocking=False))  # fmt: skip
    postage = v.postage or 0
    if v.goods is not None:
        goods = v.goods
    elif v.total is not None:
        goods = max(0, v.total - postage)
    else:
        goods = max(0, (v.paid or 0) - postage)
    never_paid = not v.paid and status in ("unpaid", "closed")
    refund = v.refund or 0
    net = goods + postage if v.paid is None or never_paid else max(0, v.paid - refund)
    if net > goods + postage:  # paid more than listed (a service fee): the goods take it
        goods = net - postage
    quantity = 1
    text = v.quantity if v.quantity.isdigit() else unwrap(v.quantity)
    if text:
        if text.isdigit() and 1 <= int(text) <= MAX_QUANTITY:
            quantity = int(text)
        else:
            problems.append(RowProblem(v.line, labels.get("quantity", ""), _(
                "{text} is not a quantity; the order's line has quantity 1."
            ).format(text=text[:20]), blocking=False))  # fmt: skip
    unit = math.ceil(goods / quantity)
    tracking = ""
    if v.tracking and unwrap(v.tracking).strip("'").strip():
        tracking = clean_tracking(v.tracking)
        if not tracking:
            problems.append(RowProblem(v.line, labels.get("tracking", ""), _(
                "{text} is not a tracking number; the order is imported without it."
            ).format(text=one_line(v.tracking)[:40]), blocking=False))  # fmt: skip
    courier_text = one_line(v.courier)[:MAX_VALUE]
    color, size = split_sku(v.sku) if v.sku else ("", "")
    code = (one_line(unwrap(v.code))[:MAX_VALUE] if v.code else "") or TAOBAO_CODE
    return TaobaoOrder(
        status=status, created_at=v.created_at, paid_at=v.paid_at, goods_fen=goods,
        postage_fen=postage, discount_fen=goods + postage - net, total_fen=net,
        refund_fen=refund, message=v.message[: orders.MAX_MESSAGE],
        memo=v.memo.strip()[: orders.MAX_MEMO], tracking=tracking,
        courier=courier_code(courier_text), courier_text=courier_text, product_code=code,
        product_name=one_line(v.title)[:MAX_TITLE], color=color, size=size, quantity=quantity,
        unit_price_fen=unit, line_discount_fen=unit * quantity - goods,
    )  # fmt: skip


# --- planning: which orders are new, which move on ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Known:
    """An Order already in the shop file under a platform number."""

    id: int
    status: str
    customer_id: int | None
    movable: bool  # not merged away, no line naming a variant (its stock would be left held)


@dataclass(frozen=True, slots=True)
class Move:
    order_id: int
    from_status: str
    to_status: str
    buyer: int  # index into the plan's buyers
    customer_id: int | None


def forward(current: str, new: str) -> bool:
    """Whether the file's status is further on than the shop file's: never back, nothing after
    completed or closed; closed from any status before completed (refunded on the platform)."""
    if current in ("completed", "closed") or current == new:
        return False
    if new == "closed":
        return True
    return _RANK.get(new, -1) > _RANK.get(current, 99)


class OrderPlan:
    """What the import does to orders (made with the customer plan)."""

    def __init__(self, numbers: list[str]) -> None:
        self.known = known_orders(numbers)
        rest = [n for n in numbers if n not in self.known]
        self.imported = imported_orders(rest) if rest else {}
        self.seen: set[str] = set()
        self.creates: list[int] = []  # indexes of the buyers whose order is created
        self.moves: list[Move] = []
        self.converted: dict[str, int] = {}  # platform number → customer of its imported_order
        self.known_count = 0

    def take(self, index: int, number: str, order: TaobaoOrder) -> str:
        """"new" (created), "known" or "duplicate"."""
        if number in self.seen:
            return "duplicate"
        self.seen.add(number)
        known = self.known.get(number)
        if known is not None:
            self.known_count += 1
            if known.movable and forward(known.status, order.status):
                self.moves.append(Move(known.id, known.status, order.status, index,
                                       known.customer_id))  # fmt: skip
            return "known"
        self.creates.append(index)
        if number in self.imported:
            self.converted[number] = self.imported[number]
        return "new"


def _chunks(values: list, size: int = _CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def known_orders(numbers: list[str]) -> dict[str, Known]:
    found: dict[str, Known] = {}
    for chunk in _chunks(sorted(set(numbers))):
        marks = ",".join("?" * len(chunk))
        for number, oid, status, cid, merged, variants in db.execute_sql(
            'SELECT o.external_no, o.id, o.status, o.customer_id, o.merged_into_id,'
            " EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id"
            "  AND l.variant_id IS NOT NULL)"
            f' FROM "order" o WHERE o.external_no IN ({marks})',
            chunk,
        ):
            found[number] = Known(oid, status, cid, merged is None and not variants)
    return found


def imported_orders(numbers: list[str]) -> dict[str, int]:
    """Platform number → customer, of the orders an older import counted without an Order."""
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(numbers))):
        marks = ",".join("?" * len(chunk))
        found.update(db.execute_sql(
            f"SELECT external_no, customer_id FROM imported_order WHERE external_no IN ({marks})",
            chunk,
        ).fetchall())  # fmt: skip
    return found


# --- writing --------------------------------------------------------------------------------------


def _text(when: datetime.datetime | None) -> str | None:
    if when is None:
        return None
    return str(when.replace(microsecond=0) if when.microsecond else when)


@dataclass(frozen=True)
class Written:
    created: int
    counted: int
    moved: int
    rebuild: frozenset[int]  # customers whose figures must be recomputed


def write(cursor, plan: OrderPlan, buyers, customer_of: list[int], at: datetime.datetime) -> Written:
    """Insert the new orders and move the known ones (inside the caller's transaction, which
    holds the write lock). `customer_of[i]` is the customer id of buyer i."""
    stamp = _text(at)
    default_courier = settings.get_profile().default_courier
    note = _("Taobao import")
    rebuild: set[int] = set(plan.converted.values())
    creates = sorted(plan.creates, key=lambda i: (
        buyers[i].order.created_at or buyers[i].order.paid_at or at, buyers[i].line))
    sequences: dict[datetime.date, int] = {}
    next_id = db.execute_sql('SELECT COALESCE(MAX(id), 0) FROM "order"').fetchone()[0] + 1
    order_rows, line_rows, event_rows, memo_rows, shipment_rows = [], [], [], [], []
    counted = 0
    for index in creates:
        buyer = buyers[index]
        o: TaobaoOrder = buyer.order
        created = o.created_at or o.paid_at
        if created is None:
            created = at
            rebuild.add(customer_of[index])  # its figures count the import time
        day = created.date()
        seq = sequences.get(day)
        if seq is None:
            seq = int(orders._next_number(day)[9:])
        sequences[day] = seq + 1
        number = f"{day:%Y%m%d}-{seq:05d}"
        a = buyer.address
        receiver = a.receiver if a is not None else buyer.name
        phone = a.phone if a is not None else (buyer.phones[0] if buyer.phones else "")
        paid_at = o.paid_at or (created if o.status not in ("unpaid", "closed") else None)
        oid = next_id
        next_id += 1
        order_rows.append((
            oid, number, buyer.external_no, customer_of[index], receiver, phone,
            a.province if a else "", a.city if a else "", a.district if a else "",
            a.street if a else "", a.postcode if a else "", o.status,
            o.courier or default_courier, o.goods_fen, o.postage_fen, o.discount_fen,
            o.total_fen, o.message, _text(created), _text(paid_at), stamp,
        ))  # fmt: skip
        line_rows.append((oid, o.product_code, o.product_name, o.color, o.size, o.quantity,
                          o.unit_price_fen, o.line_discount_fen))  # fmt: skip
        event_note = note
        if o.refund_fen:
            event_note = _("{note}; refunded on the platform: {amount} yuan").format(
                note=note, amount=f"{o.refund_fen / 100:.2f}")  # fmt: skip
        event_rows.append((oid, None, o.status, event_note, stamp))
        if o.memo:  # a finished order's memo is history: read; an open one's is news
            read = stamp if o.status not in ("unpaid", "paid") else None
            memo_rows.append((oid, o.memo, stamp, read))
        if o.tracking:
            shipment_rows.append((oid, o.courier or o.courier_text or default_courier,
                                  o.tracking, stamp))  # fmt: skip
        if o.counted:
            counted += 1
    cursor.executemany(
        'INSERT INTO "order" (id, number, external_no, customer_id, receiver, phone, province,'
        " city, district, street, postcode, status, flag, courier, goods_fen, postage_fen,"
        " discount_fen, total_fen, gift, buyer_message, source, merged_into_id, created_by_id,"
        " created_at, paid_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?,"
        " ?, ?, ?, ?, '', ?, 'taobao', NULL, NULL, ?, ?, ?)",
        order_rows,
    )
    cursor.executemany(
        "INSERT INTO order_line (order_id, variant_id, position, product_code, product_name,"
        " color, size, quantity, unit_price_fen, discount_fen)"
        " VALUES (?, NULL, 0, ?, ?, ?, ?, ?, ?, ?)",
        line_rows,
    )
    cursor.executemany(
        "INSERT INTO order_memo (order_id, flag, text, staff_id, at, read_at, read_by_id)"
        " VALUES (?, NULL, ?, NULL, ?, ?, NULL)",
        memo_rows,
    )
    # a parcel shared by two orders (shipped together) keeps its number on the first
    cursor.executemany(
        "INSERT OR IGNORE INTO shipment (order_id, courier, tracking_no, staff_id, created_at,"
        " shipped_at) VALUES (?, ?, ?, NULL, ?, NULL)",
        shipment_rows,
    )
    moved = 0
    for move in plan.moves:
        o = buyers[move.buyer].order
        column = order_flow.STAMPS[move.to_status]
        updated = cursor.execute(
            f'UPDATE "order" SET status = ?, {column} = COALESCE({column}, ?),'
            " paid_at = CASE WHEN ? IN ('unpaid', 'closed') THEN paid_at"
            "  ELSE COALESCE(paid_at, ?) END, updated_at = ? WHERE id = ? AND status = ?",
            (move.to_status, stamp, move.to_status, _text(o.paid_at) or stamp, stamp,
             move.order_id, move.from_status),
        ).rowcount  # fmt: skip
        if updated != 1:
            continue
        moved += 1
        event_rows.append((move.order_id, move.from_status, move.to_status, note, stamp))
        if move.from_status == "unpaid" and o.counted:  # paid now: what was paid, not what was due
            cursor.execute(
                'UPDATE "order" SET goods_fen = ?, postage_fen = ?, discount_fen = ?,'
                " total_fen = ? WHERE id = ?",
                (o.goods_fen, o.postage_fen, o.discount_fen, o.total_fen, move.order_id),
            )
            cursor.execute(  # the imported line, unless the shop gave the order others
                "UPDATE order_line SET quantity = ?, unit_price_fen = ?, discount_fen = ?"
                " WHERE order_id = ? AND (SELECT COUNT(*) FROM order_line WHERE order_id = ?) = 1",
                (o.quantity, o.unit_price_fen, o.line_discount_fen, move.order_id, move.order_id),
            )
        if o.tracking:  # the parcel left meanwhile: its number, unless the order has one
            cursor.execute(
                "INSERT OR IGNORE INTO shipment (order_id, courier, tracking_no, staff_id,"
                " created_at, shipped_at) SELECT ?, ?, ?, NULL, ?, NULL WHERE NOT EXISTS"
                " (SELECT 1 FROM shipment WHERE order_id = ?)",
                (move.order_id, o.courier or o.courier_text or default_courier, o.tracking,
                 stamp, move.order_id),
            )  # fmt: skip
        if move.customer_id is not None and (
            order_flow.counted(move.from_status) != order_flow.counted(move.to_status)
        ):
            rebuild.add(move.customer_id)
    cursor.executemany(
        "INSERT INTO order_event (order_id, kind, from_status, to_status, note, staff_id, at)"
        " VALUES (?, 'status', ?, ?, ?, NULL, ?)",
        event_rows,
    )
    if plan.converted:
        numbers = list(plan.converted)
        for chunk in _chunks(numbers):
            marks = ",".join("?" * len(chunk))
            cursor.execute(f"DELETE FROM imported_order WHERE external_no IN ({marks})", chunk)
        rebuild.update(customer_of[i] for i in plan.creates
                       if buyers[i].external_no in plan.converted)  # fmt: skip
    return Written(len(order_rows), counted, moved, frozenset(rebuild))


def rebuild_figures(customer_ids) -> None:
    """The figures of customers whose counted orders changed in ways the import's sums do not
    follow (a status moved, an older import's row became an Order)."""
    if customer_ids:
        customers.rebuild_figures(customer_ids)
