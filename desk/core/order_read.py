"""Reading orders back: the whole order (`get_order`), finding one by number, a draft from a
customer's address, the editor's warnings (hidden variants, not enough stock) and the stock an
order holds. The contract and the dataclasses are in `desk.core.orders`."""

from __future__ import annotations

import datetime
from collections import defaultdict

from desk.core import order_draft, orders
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Address, Customer, Order, OrderLine, Product, Variant


def _time(value) -> datetime.datetime | None:
    """A stored time (ISO text from raw SQL) as a datetime."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value)


def _staff_names() -> dict[int, str]:
    return dict(db.execute_sql("SELECT id, name FROM staff").fetchall())


def get_order(order_id: int) -> orders.OrderDetail:
    order = Order.get_or_none(Order.id == order_id)
    if order is None:
        raise DomainError(_("This order no longer exists."))
    customer = Customer.get_or_none(Customer.id == order.customer_id) if order.customer_id else None
    names = _staff_names()
    lines = tuple(
        orders.LineRow(
            id=r[0], variant_id=r[1], product_id=r[2], product_code=r[3], product_name=r[4],
            color=r[5], size=r[6], quantity=r[7], unit_price_fen=r[8], discount_fen=r[9],
            amount_fen=r[7] * r[8] - r[9],
        )
        for r in db.execute_sql(
            "SELECT l.id, l.variant_id, v.product_id, l.product_code, l.product_name, l.color,"
            " l.size, l.quantity, l.unit_price_fen, l.discount_fen FROM order_line l"
            " LEFT JOIN variant v ON v.id = l.variant_id WHERE l.order_id = ?"
            " ORDER BY l.position, l.id",
            (order_id,),
        )
    )
    memos = tuple(
        orders.MemoRow(r[0], r[1], r[2], names.get(r[3], ""), _time(r[4]), _time(r[5]),
                       names.get(r[6], ""))
        for r in db.execute_sql(
            "SELECT id, flag, text, staff_id, at, read_at, read_by_id FROM order_memo"
            " WHERE order_id = ? ORDER BY at, id",
            (order_id,),
        )
    )
    events = tuple(
        orders.EventRow(r[0], r[1], r[2], r[3], names.get(r[4], ""), _time(r[5]))
        for r in db.execute_sql(
            "SELECT kind, from_status, to_status, note, staff_id, at FROM order_event"
            " WHERE order_id = ? ORDER BY at, id",
            (order_id,),
        )
    )
    shipments = tuple(
        orders.ShipmentRow(r[0], r[1], _time(r[2]))
        for r in db.execute_sql(
            "SELECT courier, tracking_no, shipped_at FROM shipment WHERE order_id = ?"
            " ORDER BY created_at, id",
            (order_id,),
        )
    )
    merged_from = tuple(
        r[0] for r in db.execute_sql(
            'SELECT id FROM "order" WHERE merged_into_id = ? ORDER BY id', (order_id,)
        )
    )
    return orders.OrderDetail(
        id=order.id, number=order.number, external_no=order.external_no,
        customer_id=order.customer_id,
        customer_name=customer.name if customer else "",
        customer_nick=customer.nick if customer else "",
        receiver=order.receiver, phone=order.phone, province=order.province, city=order.city,
        district=order.district, street=order.street, postcode=order.postcode,
        status=order.status, flag=order.flag, courier=order.courier,
        totals=orders.Totals(order.goods_fen, order.postage_fen, order.discount_fen,
                             order.total_fen),
        gift=order.gift, buyer_message=order.buyer_message, source=order.source,
        merged_into_id=order.merged_into_id, merged_from=merged_from, lines=lines, memos=memos,
        events=events, shipments=shipments, created_at=order.created_at, paid_at=order.paid_at,
        confirmed_at=order.confirmed_at, printed_at=order.printed_at,
        shipped_at=order.shipped_at, signed_at=order.signed_at,
        completed_at=order.completed_at, closed_at=order.closed_at,
    )


def find_by_number(number: str) -> int | None:
    number = (number or "").strip()
    if not number:
        return None
    row = db.execute_sql('SELECT id FROM "order" WHERE number = ?', (number,)).fetchone()
    if row is None:
        row = db.execute_sql('SELECT id FROM "order" WHERE external_no = ?', (number,)).fetchone()
    return row[0] if row else None


def address_from_customer(customer_id: int, address_id: int | None = None) -> orders.OrderDraft:
    """The default (or chosen) address; a customer without one gives their name and first
    phone, the address left for the user to fill (the pre-print check asks for it)."""
    order_draft.require_customer(customer_id)
    customer = Customer.get_by_id(customer_id)
    query = Address.select().where(Address.customer == customer_id)
    if address_id is not None:
        address = query.where(Address.id == address_id).first()
        if address is None:
            raise ValidationError(_("This address is not one of the customer's."), "address")
    else:
        address = query.order_by(Address.is_default.desc(), Address.id).first()
    first_phone = db.execute_sql(
        "SELECT phone FROM customer_phone WHERE customer_id = ? ORDER BY position, id LIMIT 1",
        (customer_id,),
    ).fetchone()
    phone = (address.phone if address else "") or (first_phone[0] if first_phone else "")
    name = customer.name or customer.nick
    if address is None:
        return orders.OrderDraft(customer_id=customer_id, receiver=name, phone=phone)
    return orders.OrderDraft(
        customer_id=customer_id, receiver=address.receiver or name, phone=phone,
        province=address.province, city=address.city, district=address.district,
        street=address.street, postcode=address.postcode,
    )


def held_stock(order_id: int) -> dict[int, int]:
    """What the order holds per variant, from the stock log (reserve − release − ship)."""
    rows = db.execute_sql(
        "SELECT variant_id, SUM(reserved_delta) FROM stock_movement WHERE order_id = ?"
        " GROUP BY variant_id HAVING SUM(reserved_delta) != 0",
        (order_id,),
    )
    return {variant_id: held for variant_id, held in rows}


def wanted_stock(order_id: int) -> dict[int, int]:
    """The quantity the order's lines ask for, per variant (lines whose variant is gone: none)."""
    rows = db.execute_sql(
        "SELECT variant_id, SUM(quantity) FROM order_line WHERE order_id = ?"
        " AND variant_id IS NOT NULL GROUP BY variant_id",
        (order_id,),
    )
    return dict(rows)


def variant_label(variant_id: int) -> str:
    """货号 颜色/尺码 of a variant ("" when it is gone)."""
    row = db.execute_sql(
        "SELECT p.code, v.color, v.size FROM variant v JOIN product p ON p.id = v.product_id"
        " WHERE v.id = ?",
        (variant_id,),
    ).fetchone()
    return f"{row[0]} {row[1]}/{row[2]}" if row else ""


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def line_warnings(draft: orders.OrderDraft, order_id: int | None = None) -> list[str]:
    """Hidden variants and products off shelf (new lines), and variants whose available stock
    does not cover the draft (what this order already holds counts as available to it)."""
    line_ids = [d.id for d in draft.lines if d.id is not None]
    stored = dict(
        OrderLine.select(OrderLine.id, OrderLine.variant).where(OrderLine.id.in_(line_ids))
        .tuples()
    ) if line_ids else {}
    wanted: dict[int, int] = defaultdict(int)
    first_line: dict[int, int] = {}
    warnings: list[str] = []
    variant_of = [stored.get(d.id) if d.id is not None else d.variant_id for d in draft.lines]
    ids = [v for v in variant_of if _is_int(v)]
    variants = {
        v.id: v
        for v in Variant.select(Variant, Product).join(Product).where(Variant.id.in_(ids))
    } if ids else {}
    for number, (line, variant_id) in enumerate(zip(draft.lines, variant_of, strict=True), 1):
        variant = variants.get(variant_id)
        if variant is None:
            continue
        item = f"{variant.product.code} {variant.color}/{variant.size}"
        if line.id is None and variant.hidden:
            warnings.append(
                _("Line {number}: {item} is hidden in the handbook (no longer sold).").format(
                    number=number, item=item
                )
            )
        elif line.id is None and variant.product.status == "off_shelf":
            warnings.append(
                _("Line {number}: {code} is off shelf.").format(
                    number=number, code=variant.product.code
                )
            )
        if _is_int(line.quantity) and line.quantity > 0:
            wanted[variant.id] += line.quantity
            first_line.setdefault(variant.id, number)
    held = held_stock(order_id) if order_id is not None else {}
    for variant_id, quantity in wanted.items():
        variant = variants[variant_id]
        available = variant.stock - variant.reserved + held.get(variant_id, 0)
        if quantity > available:
            warnings.append(
                _("Line {number}: {item}: only {available} available, {wanted} wanted.").format(
                    number=first_line[variant_id],
                    item=f"{variant.product.code} {variant.color}/{variant.size}",
                    available=max(available, 0), wanted=quantity,
                )
            )
    return warnings
