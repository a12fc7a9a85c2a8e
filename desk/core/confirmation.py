"""The confirmation (订单信息确认): the text pasted into the chat for the buyer to check, and the data
of the printed sheet (`desk.pdf.confirmation`).

Both carry every field of the handbook's sheet — 货号, 联系人, 尺码, 联系电话, 颜色, 物流方式, 数量,
收货地址, 备注 — and the postage and total; the gift and the buyer's message when there are any.

备注 on a buyer's document is what the shop noted *for the buyer*: the memos flagged yellow (a
special courier request), green (ship later) or blue (gift or refund). Red (the standard order,
staff number), purple and unflagged memos are the shop's own notes and the automatic "flag set
to …" lines are history: none of them is ever shown to the buyer.
"""

from __future__ import annotations

from collections.abc import Iterable

from desk.core import orders, settings
from desk.core.errors import DomainError
from desk.core.money import format_yuan
from desk.core.orders import OrderDetail
from desk.i18n import _
from desk.pdf.confirmation import SheetData, SheetLine

#: memo flags whose text the buyer sees under 备注
BUYER_FLAGS = ("yellow", "green", "blue")


def _field(caption: str, value: str) -> str:
    return _("{field}: {value}").format(field=caption, value=value)


def _flag_lines() -> set[str]:
    """The texts of the automatic memo lines (as written in Chinese or English)."""
    texts = {orders.flag_memo_text(None), "Flag removed"}
    for key, label in orders.FLAG_LABELS.items():
        texts.add(orders.flag_memo_text(key))
        texts.add(f"Flag set to {label}")  # the English msgid, written in English
    return texts


def buyer_memo(order: OrderDetail) -> str:
    """备注 for the buyer: the yellow/green/blue memos, oldest first, each once."""
    automatic = _flag_lines()
    texts: list[str] = []
    for memo in order.memos:
        text = " ".join(memo.text.split())
        if memo.flag in BUYER_FLAGS and text and text not in automatic and text not in texts:
            texts.append(text)
    return _("; ").join(texts)


def _address(order: OrderDetail) -> str:
    address = order.address_line
    if order.postcode:
        address = _("{address} (postcode {postcode})").format(
            address=address, postcode=order.postcode
        )
    return address


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _printable_order(order_id: int) -> OrderDetail:
    order = orders.get_order(order_id)
    if order.merged_into_id is not None:
        main = orders.get_order(order.merged_into_id)
        raise DomainError(
            _("Order {number} was merged into order {main}: confirm that one.").format(
                number=order.number, main=main.number
            )
        )
    if order.status == "closed":
        raise DomainError(
            _("Order {number} is closed: there is nothing to confirm.").format(number=order.number)
        )
    return order


def _note(order: OrderDetail, cutoff: str) -> str:
    note = _("Orders paid before {time} ship the same day.").format(time=cutoff)
    if order.status == "unpaid":
        note = _("This order is not paid yet.") + " " + note
    return note


def confirmation_text(order_id: int) -> str:
    """The text to paste into the chat: one field a line; the goods as 货号/颜色/尺码/数量 lines
    (one line per order line when there are several)."""
    order = _printable_order(order_id)
    profile = settings.get_profile()
    heading = _("Order confirmation")
    if profile.shop_name:
        heading = _("[{shop}] {title}").format(shop=profile.shop_name, title=heading)
    out = [heading, _field(_("Order no."), order.number)]
    out.append(_field(_("Contact"), order.receiver))
    out.append(_field(_("Contact phone"), order.phone))
    out.append(_field(_("Shipping address"), _address(order)))
    out.append(_field(_("Shipping method"), settings.courier_name(order.courier)))
    for number, line in enumerate(order.lines, 1):
        code = line.product_code
        if line.product_name:
            code = _("{code} ({name})").format(code=code, name=line.product_name)
        if len(order.lines) == 1:  # one field a line, as on the sheet
            out += [_field(_("Item code"), code), _field(_("Colour"), line.color),
                    _field(_("Size"), line.size), _field(_("Quantity"), str(line.quantity))]  # fmt: skip
        else:
            out.append(_(
                "{number}. Item code: {code}, colour: {color}, size: {size}, quantity: {quantity}"
            ).format(number=number, code=code, color=line.color, size=line.size,
                     quantity=line.quantity))  # fmt: skip
    if order.gift.strip():
        out.append(_field(_("Gift"), _one_line(order.gift)))
    if order.buyer_message.strip():
        out.append(_field(_("Buyer message"), _one_line(order.buyer_message)))
    out.append(_field(_("Memo"), buyer_memo(order) or _("None")))
    out.append(_field(_("Postage"), format_yuan(order.totals.postage_fen, True)))
    if order.totals.discount_fen:
        out.append(_field(_("Discount"), "-" + format_yuan(order.totals.discount_fen, True)))
    pieces = sum(line.quantity for line in order.lines)
    total = format_yuan(order.totals.total_fen, True)
    if len(order.lines) > 1:
        total = _("{amount} ({pieces} pieces)").format(amount=total, pieces=pieces)
    out.append(_field(_("Total"), total))
    out.append(_("Please check the details above; if all is correct, reply “确认” (confirm)."))
    return "\n".join(out)


def sheet_of(order: OrderDetail, profile: settings.ShopProfile) -> SheetData:
    lines = tuple(
        SheetLine(line.product_code, line.product_name, line.color, line.size, line.quantity,
                  line.unit_price_fen, line.amount_fen)
        for line in order.lines
    )  # fmt: skip
    return SheetData(
        shop_name=profile.shop_name,
        number=order.number,
        created_at=order.created_at,
        contact=order.receiver,
        phone=order.phone,
        address=_address(order),
        courier_name=settings.courier_name(order.courier),
        lines=lines,
        goods_fen=order.totals.goods_fen,
        postage_fen=order.totals.postage_fen,
        discount_fen=order.totals.discount_fen,
        total_fen=order.totals.total_fen,
        gift=order.gift.strip(),
        buyer_message=order.buyer_message.strip(),
        memo=buyer_memo(order),
        note=_note(order, profile.ship_cutoff),
    )


def sheet_data(order_ids: Iterable[int]) -> list[SheetData]:
    """The printed sheets' data, in the order given (DomainError for a closed or merged order,
    or one that no longer exists)."""
    profile = settings.get_profile()
    return [sheet_of(_printable_order(order_id), profile) for order_id in order_ids]
