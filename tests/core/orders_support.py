"""Building a small shop for order tests: a product with colour × size variants in stock, a
customer with an address, staff, and orders in any status (made through the services, as the
app would). Used by the order, order list, check, merge and confirmation tests.

    shop = build_shop()                      # inside a test that has the `shop` fixture
    order = make_order(shop, line(shop.v("黑色", "M"), 2), paid=True)
    order = order_in_status(shop, "printed")
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from desk.core import customers, order_flow, orders, products, staff, stock, variants
from desk.core.customers import AddressDraft, CustomerDraft
from desk.core.orders import LineDraft, OrderDetail, OrderDraft
from desk.core.products import ProductDraft

COLORS = ("黑色", "白色")
SIZES = ("S", "M", "L")
_tracking = itertools.count(1)


@dataclass
class Shop:
    product_id: int
    variants: dict[tuple[str, str], int]
    customer_id: int
    staff_ids: list[int] = field(default_factory=list)

    def v(self, color: str = "黑色", size: str = "M") -> int:
        """The variant id of a colour/size of the shop's product."""
        return self.variants[(color, size)]

    @property
    def owner(self) -> int:
        return self.staff_ids[0]

    @property
    def partner(self) -> int:
        return self.staff_ids[1]


def add_product(code: str = "A1023", name: str = "法式碎花连衣裙", price_fen: int = 12900,
                colors=COLORS, sizes=SIZES, stock_each: int = 10) -> tuple[int, dict]:
    """A product with every colour × size in stock (`stock_each` of each)."""
    detail, _changes = products.create_product(ProductDraft(code, name, price_fen=price_fen))
    variants.set_grid(detail.id, list(colors), list(sizes))
    found = {}
    for row in variants.list_variants(detail.id):
        found[(row.color, row.size)] = row.id
        if stock_each:
            stock.adjust(row.id, new_stock=stock_each, note="盘点")
    return detail.id, found


def add_customer(name: str = "王小丫", phone: str = "13812345678", nick: str = "xiaoya_88",
                 with_address: bool = True) -> int:
    addresses = ()
    if with_address:
        addresses = (AddressDraft(receiver=name, phone=phone, province="浙江省", city="杭州市",
                                  district="西湖区", street="文三路100号3幢201室",
                                  postcode="310012", is_default=True),)
    detail, _changes = customers.create_customer(
        CustomerDraft(name=name, nick=nick, phones=(phone,), addresses=addresses)
    )
    return detail.id


def build_shop(stock_each: int = 10) -> Shop:
    people = staff.ensure_default_staff()
    product_id, found = add_product(stock_each=stock_each)
    return Shop(product_id, found, add_customer(), [p.id for p in people])


def line(variant_id: int, quantity: int = 1, **more) -> LineDraft:
    return LineDraft(variant_id=variant_id, quantity=quantity, **more)


def draft_for(shop: Shop, *lines: LineDraft, **fields) -> OrderDraft:
    """The customer's default address with these lines (one 黑色/M by default)."""
    base = orders.address_from_customer(shop.customer_id)
    values = {**base.__dict__, "lines": lines or (line(shop.v()),), **fields}
    return OrderDraft(**values)


def make_order(shop: Shop, *lines: LineDraft, staff_id: int | None = None,
               allow_negative: bool = False, **fields) -> OrderDetail:
    detail, _changes = orders.create_order(
        draft_for(shop, *lines, **fields), staff_id, allow_negative=allow_negative
    )
    return detail


def tracking_number() -> str:
    return f"ZT{7_300_000_000 + next(_tracking)}"


def order_in_status(shop: Shop, status: str, *lines: LineDraft, staff_id: int | None = None,
                    **fields) -> OrderDetail:
    """An order brought to `status` through the services (the usual path)."""
    order = make_order(shop, *lines, staff_id=staff_id, **fields)
    path = {
        "unpaid": [],
        "paid": ["paid"],
        "confirmed": ["paid", "confirmed"],
        "printed": ["paid", "confirmed", "printed"],
        "shipped": ["paid", "confirmed", "printed", "shipped"],
        "signed": ["paid", "confirmed", "printed", "shipped", "signed"],
        "completed": ["paid", "confirmed", "printed", "shipped", "signed", "completed"],
        "closed": ["closed"],
    }[status]
    for step in path:
        if step == "paid":
            order_flow.pay(order.id, staff_id)
        elif step == "confirmed":
            order_flow.confirm(order.id, staff_id)
        elif step == "printed":
            order_flow.mark_printed([order.id], staff_id)
        elif step == "shipped":
            order_flow.ship(order.id, tracking_number(), None, staff_id)
        elif step == "signed":
            order_flow.sign(order.id, staff_id)
        elif step == "completed":
            order_flow.complete(order.id, staff_id)
        elif step == "closed":
            order_flow.close(order.id, "买家拍错了", staff_id)
    return orders.get_order(order.id)
