"""The packing list (配货单): what to take off the shelves for a set of orders — every item totalled
by 货号, colour and size — on A4, with a box to tick per row, the totals, a line for who packed and
who checked, and page numbers when the list runs over pages.

Rows are grouped by 货号 (natural order: A2 before A10); within one 货号, colours stay together in
the order given, and sizes in the order given (the core hands them over in the handbook's order,
S M L XL, which no string sort knows). The 货号 and name are printed on the first row of a group
and again at the top of a page.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.i18n import _
from desk.pdf.confirmation import HEADER_FILL, LABEL_FILL, MUTED
from desk.pdf.fonts import cjk_font
from desk.pdf.layout import (
    LINE_WIDTH,
    Block,
    Cell,
    GridRow,
    Layout,
    check_glyphs,
    grid_rows,
    wrap,
)

# --- geometry (mm; font sizes in pt) ---------------------------------------------------------------

WIDTH, HEIGHT, MARGIN = 210.0, 297.0, 15.0
TITLE_PT, TEXT_PT, SMALL_PT, FOOTER_PT = 18.0, 10.5, 8.0, 10.0
PAD = 1.6
GROUP_RULE = 1.2  # pt: the line above a new 货号
#: (key, width); the name column (None) takes what is left
COLUMNS: tuple[tuple[str, float | None], ...] = (
    ("tick", 9), ("code", 30), ("name", None), ("color", 26), ("size", 18), ("quantity", 16),
    ("orders", 16),
)  # fmt: skip


@dataclass(frozen=True)
class PackingItem:
    code: str  # 货号
    name: str
    color: str
    size: str
    quantity: int  # pieces over all the orders
    order_count: int  # in how many orders


@dataclass(frozen=True)
class PackingData:
    title: str  # e.g. 今日待发; "" → 配货单
    day: datetime.date | None
    items: tuple[PackingItem, ...]
    order_count: int
    piece_count: int


def _natural(code: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower())
                 for p in re.split(r"(\d+)", code) if p)  # fmt: skip


def sorted_items(items: tuple[PackingItem, ...] | list[PackingItem]) -> list[PackingItem]:
    """By 货号, then colour, then size — colours and sizes in the order they were given."""
    first_color: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        first_color.setdefault((item.code, item.color), index)
    order = sorted(
        range(len(items)),
        key=lambda i: (_natural(items[i].code), items[i].code,
                       first_color[(items[i].code, items[i].color)], i),
    )  # fmt: skip
    return [items[i] for i in order]


def render_packing_list(data: PackingData) -> bytes:
    """The packing list as an A4 PDF. MissingGlyphs when a text has a character the font cannot
    draw; FontNotFound when there is no Chinese font at all."""
    font = cjk_font().name
    title = data.title.strip() or _("Packing list")
    strict = [(_("Title"), title)]
    for item in data.items:
        strict += [(_("Item code"), item.code), (_("Product name"), item.name),
                   (_("Colour"), item.color), (_("Size"), item.size)]  # fmt: skip
    check_glyphs(_("packing list"), strict, [])
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH * mm, HEIGHT * mm), invariant=1)
    canvas.setTitle(title)
    layout = Layout(canvas, font, WIDTH, HEIGHT, MARGIN)
    blocks = [_heading(layout, data, title)] + _table(layout, data)
    day = data.day.isoformat() if data.day else ""
    layout.flow(
        blocks,
        footer=[_("Packed by: ____________        Checked by: ____________")],
        footer_pt=FOOTER_PT,
        continued=_("{title} {day} (continued)").format(title=title, day=day).replace("  ", " "),
        small_pt=SMALL_PT,
        page_words=_("Page {page} of {pages}"),
    )
    canvas.save()
    return buffer.getvalue()


def _heading(layout: Layout, data: PackingData, title: str) -> Block:
    width = WIDTH - 2 * MARGIN
    facts = [_("{orders} orders, {pieces} pieces").format(
        orders=data.order_count, pieces=data.piece_count)]  # fmt: skip
    if data.day is not None:
        facts.insert(0, _("Date: {day}").format(day=data.day.isoformat()))
    line = "    ".join(facts)
    heading = _("Packing list")
    subtitle = title if title != heading else ""
    height = TITLE_PT * 1.4 / mm + (TEXT_PT * 1.4 / mm if subtitle else 0) + TEXT_PT * 1.8 / mm

    def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
        y = top - TITLE_PT * 1.1 / mm
        layout.text(heading, MARGIN + width / 2, y, TITLE_PT, "center", bold=True)
        if subtitle:
            y -= TEXT_PT * 1.4 / mm
            layout.text(subtitle, MARGIN + width / 2, y, TEXT_PT, "center", color=MUTED)
        y -= TEXT_PT * 1.8 / mm
        layout.text(line, MARGIN, y + 1, TEXT_PT)

    return Block(height, draw, keep_with_next=True)


def _table(layout: Layout, data: PackingData) -> list[Block]:
    font = layout.font
    fixed = sum(w for _, w in COLUMNS if w is not None)
    columns = [(k, w if w is not None else WIDTH - 2 * MARGIN - fixed) for k, w in COLUMNS]
    captions = {"tick": "", "code": _("Item code"), "name": _("Product name"), "color": _("Colour"),
                "size": _("Size"), "quantity": _("Quantity"), "orders": _("In orders")}  # fmt: skip
    header = grid_rows(layout, GridRow(tuple(
        Cell(w, wrap(captions[k], font, TEXT_PT, w - 2 * PAD), fill=HEADER_FILL, align="center")
        for k, w in columns
    )), TEXT_PT, PAD)  # fmt: skip
    for block in header:
        block.keep_with_next = True
    blocks: list[Block] = []
    previous = None
    for item in sorted_items(data.items):
        values = {"code": item.code, "name": item.name, "color": item.color, "size": item.size,
                  "quantity": str(item.quantity), "orders": str(item.order_count)}  # fmt: skip
        same = item.code == previous
        previous = item.code
        cells = []
        for key, width in columns:
            if key == "tick":
                cells.append(Cell(width, [""], checkbox=True))
                continue
            lines = wrap(values[key], font, TEXT_PT, width - 2 * PAD)
            again = ""
            if key in ("code", "name"):
                again = lines[0]
                if same:
                    lines = [""]
            align = "right" if key in ("quantity", "orders") else "left"
            cells.append(Cell(width, lines, align=align, again=again))
        rule = LINE_WIDTH if same or not blocks else GROUP_RULE
        blocks += grid_rows(layout, GridRow(tuple(cells), rule), TEXT_PT, PAD, repeat=header)
    span = sum(w for k, w in columns if k not in ("quantity", "orders"))
    total = _("Total: {kinds} kinds").format(kinds=len(data.items))
    blocks += grid_rows(layout, GridRow((
        Cell(span, [total], fill=LABEL_FILL, align="right"),
        Cell(dict(columns)["quantity"], [str(data.piece_count)], fill=LABEL_FILL, align="right"),
        Cell(dict(columns)["orders"], [str(data.order_count)], fill=LABEL_FILL, align="right"),
    )), TEXT_PT, PAD, repeat=header)  # fmt: skip
    header[0] = header[0].spaced(2)
    return header + blocks
