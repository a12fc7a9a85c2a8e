"""Checking an order draft (the order editor's input) before anything is written: the header
(customer, address snapshot, courier, gift, buyer message), the lines with their text snapshots,
and the totals in fen. Used by `desk.core.orders` (create/update/quote) and by the other order
services (order_memos, order_flow, order_merge).

ValidationError fields (what the order editor maps to its widgets): customer, receiver, phone,
province, city, district, street, postcode, lines (the message names the line: "Line 2: …"),
postage, discount, gift, buyer_message, courier, memo, flag, staff; external_no (an importer's
platform order number already in the file); address (address_from_customer); tracking_no and
reason (order_flow.ship / close).
"""

from __future__ import annotations

from dataclasses import dataclass

from desk.core import customers, orders, phones, settings
from desk.core.errors import DomainError, ValidationError
from desk.core.money import MAX_FEN
from desk.db.connection import db
from desk.i18n import _
from desk.models import Order, OrderLine, Product, Variant
from desk.models.orders import FLAGS

MAX_NAME = customers.MAX_NAME
MAX_REGION = 40
MAX_STREET = customers.MAX_STREET


def transaction():
    """One write: BEGIN IMMEDIATE on its own (the write lock first, so two windows never build the
    same order number), a savepoint inside a caller's transaction."""
    return db.atomic() if db.in_transaction() else db.atomic("IMMEDIATE")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


def check_staff(staff_id: int | None) -> None:
    """Who did it must be someone in the file (a stale id would break the record)."""
    if staff_id is None:
        return
    row = db.execute_sql("SELECT 1 FROM staff WHERE id = ?", (staff_id,)).fetchone()
    if row is None:
        raise ValidationError(_("This person is no longer in the staff list."), "staff")


def clean_flag(flag: str | None) -> str | None:
    if flag in (None, ""):
        return None
    if flag not in FLAGS:
        raise ValidationError(_("Unknown flag colour."), "flag")
    return flag


def clean_memo(text: str) -> str:
    """A memo: trimmed, newlines kept, at most orders.MAX_MEMO characters."""
    text = str(text or "").strip()
    if len(text) > orders.MAX_MEMO:
        raise ValidationError(
            _("The memo is too long (at most {count} characters).").format(count=orders.MAX_MEMO), "memo"
        )
    return text


# --- lines and totals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanLine:
    """A checked line with its text snapshot (what is written to order_line)."""

    id: int | None
    variant_id: int | None
    product_code: str
    product_name: str
    color: str
    size: str
    quantity: int
    unit_price_fen: int
    discount_fen: int

    @property
    def amount_fen(self) -> int:
        return self.quantity * self.unit_price_fen - self.discount_fen

    @property
    def label(self) -> str:
        return f"{self.product_code} {self.color}/{self.size} ×{self.quantity}"

    def key(self) -> tuple:
        return (self.id, self.variant_id, self.quantity, self.unit_price_fen, self.discount_fen)


def _line_error(number: int, message: str) -> ValidationError:
    return ValidationError(
        _("Line {number}: {problem}").format(number=number, problem=message), "lines"
    )


def _amount(value, number: int, what: str) -> int:
    if not _is_int(value):
        raise _line_error(number, _("{what} must be an amount in fen.").format(what=what))
    if value < 0:
        raise _line_error(number, _("{what} cannot be negative.").format(what=what))
    if value > MAX_FEN:
        raise _line_error(number, _("{what} is too large.").format(what=what))
    return value


def _snapshots(drafts: tuple[orders.LineDraft, ...], order_id: int | None) -> dict[int, dict]:
    """The text snapshot of every line a draft names: the stored line (by id) or the variant."""
    found: dict[int, dict] = {}
    line_ids = [d.id for d in drafts if d.id is not None]
    if line_ids:
        query = OrderLine.select().where(OrderLine.id.in_(line_ids))
        if order_id is not None:
            query = query.where(OrderLine.order == order_id)
        stored = {row.id: row for row in query}
    else:
        stored = {}
    variant_ids = [d.variant_id for d in drafts if d.id is None and _is_int(d.variant_id)]
    variants = {
        v.id: v
        for v in Variant.select(Variant, Product).join(Product).where(Variant.id.in_(variant_ids))
    } if variant_ids else {}
    for index, draft in enumerate(drafts):
        number = index + 1
        if draft.id is not None:
            row = stored.get(draft.id)
            if row is None:
                raise _line_error(number, _("this line is not part of the order any more."))
            found[index] = dict(
                id=row.id, variant_id=row.variant_id, product_code=row.product_code,
                product_name=row.product_name, color=row.color, size=row.size,
                price=row.unit_price_fen,
            )
            continue
        variant = variants.get(draft.variant_id) if _is_int(draft.variant_id) else None
        if variant is None:
            raise _line_error(number, _("choose an item, colour and size that exist."))
        found[index] = dict(
            id=None, variant_id=variant.id, product_code=variant.product.code,
            product_name=variant.product.name, color=variant.color, size=variant.size,
            price=variant.product.price_fen,
        )
    return found


def clean_lines(drafts: tuple[orders.LineDraft, ...], order_id: int | None = None) -> list[CleanLine]:
    """The lines checked (ValidationError field "lines" naming the line), with their snapshots.

    A new line takes 货号/name/colour/size from its variant (hidden ones too: `line_warnings`
    says so) and the product's price unless one is given; an existing line (`id`) keeps its
    snapshot even when its variant was renamed, hidden or deleted.
    """
    drafts = tuple(drafts or ())
    if not drafts:
        raise ValidationError(_("Add at least one line."), "lines")
    if len(drafts) > orders.MAX_LINES:
        raise ValidationError(
            _("An order has at most {count} lines.").format(count=orders.MAX_LINES), "lines"
        )
    for index, draft in enumerate(drafts):
        quantity = draft.quantity
        if not _is_int(quantity) or not 1 <= quantity <= orders.MAX_QUANTITY:
            raise _line_error(
                index + 1,
                _("the quantity must be a whole number from 1 to {max}.").format(max=orders.MAX_QUANTITY),
            )
    snapshots = _snapshots(drafts, order_id)
    ids = [d.id for d in drafts if d.id is not None]
    if len(ids) != len(set(ids)):
        raise ValidationError(_("A line is listed twice."), "lines")
    result = []
    for index, draft in enumerate(drafts):
        number = index + 1
        snap = snapshots[index]
        price = snap.pop("price") if draft.unit_price_fen is None else _amount(
            draft.unit_price_fen, number, _("The unit price")
        )
        snap.pop("price", None)
        discount = _amount(draft.discount_fen, number, _("The line discount"))
        if discount > draft.quantity * price:
            raise _line_error(number, _("the discount is larger than the line's amount."))
        result.append(CleanLine(**snap, quantity=draft.quantity, unit_price_fen=price,
                                discount_fen=discount))
    return result


def _order_amount(value, field: str, what: str) -> int:
    if not _is_int(value):
        raise ValidationError(_("{what} must be an amount in fen.").format(what=what), field)
    if value < 0:
        raise ValidationError(_("{what} cannot be negative.").format(what=what), field)
    if value > MAX_FEN:
        raise ValidationError(_("{what} is too large.").format(what=what), field)
    return value


def totals_of(lines: list[CleanLine], postage_fen: int, discount_fen: int) -> orders.Totals:
    postage = _order_amount(postage_fen, "postage", _("Postage"))
    discount = _order_amount(discount_fen, "discount", _("The order discount"))
    goods = sum(line.amount_fen for line in lines)
    if discount > goods + postage:
        raise ValidationError(
            _("The order discount is larger than the goods and postage together."), "discount"
        )
    return orders.Totals(goods, postage, discount, goods + postage - discount)


def quote(draft: orders.OrderDraft, order_id: int | None = None) -> orders.Totals:
    """The totals the draft would have (ValidationError(field) for bad amounts or quantities)."""
    return totals_of(clean_lines(draft.lines, order_id), draft.postage_fen, draft.discount_fen)


# --- the header (customer, address snapshot, courier, gift, message) ------------------------------


def _text(value, field: str, limit: int, what: str) -> str:
    text = _one_line(value)
    if len(text) > limit:
        raise ValidationError(
            _("{what} is too long (at most {count} characters).").format(what=what, count=limit),
            field,
        )
    return text


def clean_header(draft: orders.OrderDraft) -> dict:
    """The order's own fields, checked (the address may be incomplete until the pre-print check;
    what is given must be valid). The customer is checked by `require_customer`."""
    raw_phone = (draft.phone or "").strip()
    phone = phones.normalize_phone(raw_phone) if raw_phone else None
    if raw_phone and phone is None:
        raise ValidationError(
            _("{phone} is not a phone number (a mobile has 11 digits starting with 1).").format(
                phone=raw_phone
            ),
            "phone",
        )
    postcode = _one_line(draft.postcode)
    if postcode and not (postcode.isascii() and postcode.isdigit() and len(postcode) == 6):
        raise ValidationError(_("A postcode has 6 digits."), "postcode")
    message = draft.buyer_message if isinstance(draft.buyer_message, str) else ""
    if not message.strip():
        message = ""
    if len(message) > orders.MAX_MESSAGE:
        raise ValidationError(
            _("The buyer message is too long (at most {count} characters).").format(
                count=orders.MAX_MESSAGE
            ),
            "buyer_message",
        )
    courier = (draft.courier or "").strip() or settings.get_profile().default_courier
    if courier not in settings.COURIERS:
        raise ValidationError(_("Unknown courier."), "courier")
    return dict(
        customer=draft.customer_id,
        receiver=_text(draft.receiver, "receiver", MAX_NAME, _("The receiver's name")),
        phone=phone.text if phone else "",
        province=_text(draft.province, "province", MAX_REGION, _("The province")),
        city=_text(draft.city, "city", MAX_REGION, _("The city")),
        district=_text(draft.district, "district", MAX_REGION, _("The district")),
        street=_text(draft.street, "street", MAX_STREET, _("The street address")),
        postcode=postcode,
        gift=_text(draft.gift, "gift", orders.MAX_GIFT, _("The gift")),
        buyer_message=message,
        courier=courier,
    )


def require_customer(customer_id: int | None) -> None:
    if customer_id is None:
        return
    if not _is_int(customer_id):
        raise ValidationError(_("This customer no longer exists."), "customer")
    try:
        customers.require_customer(customer_id)
    except DomainError as error:
        raise ValidationError(error.message, "customer") from None


def require_order(order_id: int, *, editable: bool = False) -> Order:
    """The order (DomainError when gone); `editable`: not merged into another order."""
    order = Order.get_or_none(Order.id == order_id)
    if order is None:
        raise DomainError(_("This order no longer exists."))
    if editable and order.merged_into_id is not None:
        into = Order.get_or_none(Order.id == order.merged_into_id)
        raise DomainError(
            _("Order {number} was merged into order {other}: change that one.").format(
                number=order.number, other=into.number if into else "?"
            )
        )
    return order

