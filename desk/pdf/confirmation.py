"""The order confirmation sheet (订单信息确认表): one order a page (A5 by default, or A4), a batch in
one PDF, drawn from plain data with the embedded Chinese font.

The sheet carries the handbook's fields — 货号, 联系人, 尺码, 联系电话, 颜色, 物流方式, 数量, 收货地址,
备注 — and the goods, postage, discount and total, so that the buyer can check every one of them.
Long addresses and messages wrap; a sheet too long for one page (a 2,000-character buyer message,
fifty lines) continues on the next page, marked (续), with the item table's header repeated.

Before anything is drawn every text is checked against the font: a character it cannot draw raises
`MissingGlyphs` naming it and where it is, never a box on paper. Emoji in the free texts (buyer
message, memo, gift, note) are the one exception: they are left out, since no Chinese font has them
and a 😊 must not stop a batch from printing.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, replace

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.core.money import format_yuan
from desk.i18n import _
from desk.pdf.fonts import cjk_font
from desk.pdf.layout import (  # noqa: F401  (MissingGlyphs is part of this module's API)
    Block,
    Cell,
    GridRow,
    Layout,
    MissingGlyphs,
    check_glyphs,
    grid_rows,
    wrap,
)

# --- geometry (mm; font sizes in pt) ---------------------------------------------------------------


@dataclass(frozen=True)
class SheetGeometry:
    width: float
    height: float
    margin: float  # all four sides
    shop_pt: float
    title_pt: float
    text_pt: float  # grid and table text
    total_pt: float
    small_pt: float  # note, page numbers, continuation header
    footer_pt: float
    pad: float  # cell padding
    label_width: float  # the caption column of the buyer grid
    # the item table: (key, width); the name column (width None) takes what is left
    columns: tuple[tuple[str, float | None], ...]


PAGES: dict[str, SheetGeometry] = {
    "A5": SheetGeometry(
        width=148, height=210, margin=10, shop_pt=10.5, title_pt=17, text_pt=8.5, total_pt=11.5,
        small_pt=7, footer_pt=9.5, pad=1.5, label_width=17,
        columns=(("code", 19), ("name", None), ("color", 15), ("size", 11), ("quantity", 10),
                 ("price", 16), ("amount", 18)),
    ),  # fmt: skip
    "A4": SheetGeometry(
        width=210, height=297, margin=15, shop_pt=13, title_pt=22, text_pt=11, total_pt=14.5,
        small_pt=8.5, footer_pt=12, pad=2, label_width=24,
        columns=(("code", 27), ("name", None), ("color", 22), ("size", 15), ("quantity", 14),
                 ("price", 22), ("amount", 25)),
    ),  # fmt: skip
}
LABEL_FILL = (0.92, 0.92, 0.92)
HEADER_FILL = (0.85, 0.85, 0.85)
MUTED = (0.35, 0.35, 0.35)


# --- data ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLine:
    code: str  # 货号
    name: str
    color: str
    size: str
    quantity: int
    unit_price_fen: int
    amount_fen: int  # after the line's discount


@dataclass(frozen=True)
class SheetData:
    shop_name: str
    number: str  # the order number
    created_at: datetime.datetime
    contact: str  # 联系人
    phone: str  # 联系电话
    address: str  # 收货地址, one line
    courier_name: str  # 物流方式
    lines: tuple[SheetLine, ...]
    goods_fen: int
    postage_fen: int
    discount_fen: int
    total_fen: int
    gift: str = ""  # 赠品
    buyer_message: str = ""  # 买家留言
    memo: str = ""  # 备注: what the shop tells the buyer about this order
    note: str = ""  # small print above the footer (the ship-by rule, …)


def _captions() -> dict[str, str]:
    return {
        "title": _("Order confirmation"),
        "number": _("Order no.: {number}"),
        "created": _("Ordered: {time}"),
        "continued": _("Order {number} (continued)"),
        "contact": _("Contact"),
        "phone": _("Contact phone"),
        "address": _("Shipping address"),
        "courier": _("Shipping method"),
        "code": _("Item code"),
        "name": _("Product name"),
        "color": _("Colour"),
        "size": _("Size"),
        "quantity": _("Qty"),
        "price": _("Unit price"),
        "amount": _("Amount"),
        "subtotal": _("Subtotal"),
        "postage": _("Postage"),
        "discount": _("Discount"),
        "total": _("Total"),
        "gift": _("Gift"),
        "message": _("Buyer message"),
        "memo": _("Memo"),
        "none": _("None"),
        "line_discount": _("saved {amount}"),
        "footer": _("Please check the details above; if all is correct, reply “确认” (confirm)."),
        "page": _("Page {page} of {pages}"),
    }


# --- rendering -------------------------------------------------------------------------------------


def render_confirmations(sheets: list[SheetData] | tuple[SheetData, ...], page: str = "A5") -> bytes:
    """The sheets as one PDF, one order a page ("A5" or "A4"). MissingGlyphs when a text has a
    character the font cannot draw; FontNotFound when there is no Chinese font at all."""
    if page not in PAGES:
        raise ValueError(f"unknown page size {page!r}")
    if not sheets:
        raise ValueError("no sheets to render")
    geometry = PAGES[page]
    font = cjk_font().name
    words = _captions()
    sheets = [_checked(sheet, words) for sheet in sheets]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(geometry.width * mm, geometry.height * mm), invariant=1)
    canvas.setTitle(words["title"])
    canvas.setAuthor(sheets[0].shop_name)
    layout = Layout(canvas, font, geometry.width, geometry.height, geometry.margin)
    for sheet in sheets:
        _Sheet(layout, geometry, words, sheet).draw()
    canvas.save()
    return buffer.getvalue()


def _checked(sheet: SheetData, words: dict[str, str]) -> SheetData:
    """The sheet with emoji left out of its free texts; MissingGlyphs for any other character the
    font cannot draw, naming the order and the field."""
    where = _("order {number}").format(number=sheet.number)
    strict = [
        (_("Shop name"), sheet.shop_name), (words["contact"], sheet.contact),
        (words["phone"], sheet.phone), (words["address"], sheet.address),
        (words["courier"], sheet.courier_name), (_("Order no."), sheet.number),
    ]  # fmt: skip
    for line in sheet.lines:
        strict += [(words["code"], line.code), (words["name"], line.name),
                   (words["color"], line.color), (words["size"], line.size)]  # fmt: skip
    free = {"gift": sheet.gift, "buyer_message": sheet.buyer_message, "memo": sheet.memo,
            "note": sheet.note}  # fmt: skip
    labels = {"gift": words["gift"], "buyer_message": words["message"], "memo": words["memo"],
              "note": _("Note on the sheet")}  # fmt: skip
    cleaned = check_glyphs(where, strict, [(labels[key], text) for key, text in free.items()])
    return replace(sheet, **dict(zip(free, cleaned, strict=True)))


class _Sheet:
    """One order: its blocks laid out over as many pages as it needs (normally one)."""

    def __init__(self, layout: Layout, geometry: SheetGeometry, words: dict[str, str], data: SheetData):
        self.layout, self.g, self.w, self.data = layout, geometry, words, data
        self.font = layout.font
        self.width = geometry.width - 2 * geometry.margin

    def draw(self) -> None:
        g, w, d = self.g, self.w, self.data
        blocks: list[Block] = [self._heading()]
        blocks += self._buyer()
        blocks += self._items()
        blocks.append(self._totals())
        blocks += self._remarks()
        if d.note.strip():
            lines = wrap(d.note, self.font, g.small_pt, self.width)
            blocks.append(self.layout.text_block(lines, g.small_pt, color=MUTED, space_before=2.5))
        footer = wrap(w["footer"], self.font, g.footer_pt, self.width)
        continued = w["continued"].format(number=d.number)
        if d.shop_name:
            continued = f"{d.shop_name}  {continued}"
        self.layout.flow(
            blocks,
            footer=footer,
            footer_pt=g.footer_pt,
            continued=continued,
            small_pt=g.small_pt,
            page_words=w["page"],
        )

    # -- blocks --

    def _heading(self) -> Block:
        g, w, d = self.g, self.w, self.data
        layout = self.layout
        lines = []
        if d.shop_name.strip():
            lines.append(("center", d.shop_name.strip(), g.shop_pt, MUTED, False))
        lines.append(("center", w["title"], g.title_pt, (0, 0, 0), True))
        height = sum(line[2] * 1.35 for line in lines) / mm + 2 + g.text_pt * 1.6 / mm

        def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
            y = top
            for align, text, size, color, bold in lines:
                y -= size * 1.35 / mm
                layout.text(text, g.margin + self.width / 2, y + size * 0.25 / mm, size, align,
                            color=color, bold=bold)  # fmt: skip
            y -= 2 + g.text_pt * 1.2 / mm
            layout.text(w["number"].format(number=d.number), g.margin, y, g.text_pt)
            stamp = d.created_at.strftime("%Y-%m-%d %H:%M")
            layout.text(w["created"].format(time=stamp), g.margin + self.width, y, g.text_pt,
                        "right")  # fmt: skip

        return Block(height, draw, keep_with_next=True)

    def _grid(self, cells: list[tuple[str, str | list[str], float]]) -> list[Block]:
        """A bordered row of caption/value pairs: [(caption, value, value width), …]."""
        g = self.g
        row = []
        for caption, value, width in cells:
            captions = wrap(caption, self.font, g.text_pt, g.label_width - 2 * g.pad)
            row.append(Cell(g.label_width, captions, fill=LABEL_FILL, again=captions[0]))
            lines = value if isinstance(value, list) else wrap(
                value, self.font, g.text_pt, width - 2 * g.pad)
            row.append(Cell(width, lines))
        return grid_rows(self.layout, GridRow(tuple(row)), g.text_pt, g.pad)

    def _buyer(self) -> list[Block]:
        g, w, d = self.g, self.w, self.data
        wide = self.width - g.label_width
        half = (self.width - 2 * g.label_width) / 2
        blocks = self._grid([(w["contact"], d.contact, half), (w["phone"], d.phone, half)])
        blocks += self._grid([(w["address"], d.address, wide)])
        blocks += self._grid([(w["courier"], d.courier_name, wide)])
        blocks[0] = blocks[0].spaced(2)
        return blocks

    def _columns(self) -> list[tuple[str, float]]:
        fixed = sum(width for _, width in self.g.columns if width is not None)
        return [(key, width if width is not None else self.width - fixed)
                for key, width in self.g.columns]  # fmt: skip

    def _items(self) -> list[Block]:
        g, w, d = self.g, self.w, self.data
        columns = self._columns()
        right = {"quantity", "price", "amount"}
        header = GridRow(tuple(
            Cell(width, wrap(w[key], self.font, g.text_pt, width - 2 * g.pad), fill=HEADER_FILL,
                 align="center")
            for key, width in columns
        ))  # fmt: skip
        header_blocks = grid_rows(self.layout, header, g.text_pt, g.pad)
        blocks: list[Block] = []
        for line in d.lines:
            values = {
                "code": line.code, "name": line.name, "color": line.color, "size": line.size,
                "quantity": str(line.quantity), "price": format_yuan(line.unit_price_fen, True),
                "amount": format_yuan(line.amount_fen, True),
            }  # fmt: skip
            cells = []
            for key, width in columns:
                lines = wrap(values[key], self.font, g.text_pt, width - 2 * g.pad)
                saved = line.quantity * line.unit_price_fen - line.amount_fen
                if key == "amount" and saved > 0:
                    lines += wrap(w["line_discount"].format(amount=format_yuan(saved)), self.font,
                                  g.text_pt, width - 2 * g.pad)  # fmt: skip
                cells.append(Cell(width, lines, align="right" if key in right else "left"))
            blocks += grid_rows(self.layout, GridRow(tuple(cells)), g.text_pt, g.pad,
                                repeat=header_blocks)  # fmt: skip
        pieces = sum(line.quantity for line in d.lines)
        span = sum(width for key, width in columns if key not in ("quantity", "price", "amount"))
        qty, price, amount = (dict(columns)[k] for k in ("quantity", "price", "amount"))
        blocks += grid_rows(self.layout, GridRow((
            Cell(span, [w["subtotal"]], fill=LABEL_FILL, align="right"),
            Cell(qty, [str(pieces)], fill=LABEL_FILL, align="right"),
            Cell(price, [""], fill=LABEL_FILL),
            Cell(amount, wrap(format_yuan(d.goods_fen, True), self.font, g.text_pt,
                              amount - 2 * g.pad), fill=LABEL_FILL, align="right"),
        )), g.text_pt, g.pad, repeat=header_blocks)  # fmt: skip
        header_blocks[0] = header_blocks[0].spaced(3)
        for block in header_blocks:
            block.keep_with_next = True
        return header_blocks + blocks

    def _totals(self) -> Block:
        g, w, d = self.g, self.w, self.data
        rows = [(w["postage"], format_yuan(d.postage_fen, True), g.text_pt, False)]
        if d.discount_fen:
            rows.append((w["discount"], "-" + format_yuan(d.discount_fen, True), g.text_pt, False))
        rows.append((w["total"], format_yuan(d.total_fen, True), g.total_pt, True))
        height = 1.5 + sum(size * 1.4 for *_, size, _ in rows) / mm
        layout, right = self.layout, g.margin + self.width - g.pad

        def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
            y = top - 1.5
            value_x = right
            caption_x = right - max(28.0, self.width * 0.28)
            for caption, value, size, bold in rows:
                y -= size * 1.4 / mm
                baseline = y + size * 0.35 / mm
                layout.text(caption, caption_x, baseline, size, "left", bold=bold)
                layout.text(value, value_x, baseline, size, "right", bold=bold)

        return Block(height, draw)

    def _remarks(self) -> list[Block]:
        g, w, d = self.g, self.w, self.data
        wide = self.width - g.label_width
        blocks: list[Block] = []
        if d.gift.strip():
            blocks += self._grid([(w["gift"], d.gift.strip(), wide)])
        blocks += self._grid([(w["message"], d.buyer_message.strip() or w["none"], wide)])
        blocks += self._grid([(w["memo"], d.memo.strip() or w["none"], wide)])
        blocks[0] = blocks[0].spaced(2.5)
        return blocks
