"""The return note (退货单): one case on A4 or A5, drawn from plain data with the embedded
Chinese font — shop, case and order numbers, customer, kind and reason, who pays the return
postage, the returned items with their checklist results and decisions, the refund, the exchange
order, the case's notes, and lines to sign (received by, inspected by, date).

Every text is checked against the font first (MissingGlyphs names a character it cannot draw);
emoji in the free texts (notes) are left out. A long case continues on the next page.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, replace

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.core.money import format_yuan
from desk.i18n import _
from desk.pdf.confirmation import HEADER_FILL, LABEL_FILL, MUTED
from desk.pdf.fonts import cjk_font
from desk.pdf.layout import Block, Cell, GridRow, Layout, check_glyphs, grid_rows, wrap


@dataclass(frozen=True)
class NoteLine:
    code: str  # 货号
    name: str
    color: str
    size: str
    quantity: int
    amount_fen: int  # what these pieces were paid
    exchange: str = ""  # "黑色/L" when exchanged
    checks: tuple[tuple[str, bool | None], ...] = ()  # (item, passed)
    decision: str = ""  # in words
    decision_note: str = ""
    partial_refund_fen: int | None = None


@dataclass(frozen=True)
class ReturnNoteData:
    shop_name: str
    shop_phone: str
    shop_address: str
    case_number: str
    created_at: datetime.datetime
    order_number: str
    customer: str  # name (旺旺)
    phone: str
    kind: str  # in words
    reason: str  # in words, with the 其他 text
    status: str  # in words
    postage: str  # who pays, with the note
    return_tracking: str  # courier and number, or ""
    lines: tuple[NoteLine, ...]
    refund_fen: int
    refunded_at: datetime.datetime | None
    exchange_order: str = ""  # the new order's number
    notes: tuple[str, ...] = ()  # the case log's notes, oldest first


@dataclass(frozen=True)
class NoteGeometry:
    width: float
    height: float
    margin: float
    shop_pt: float
    title_pt: float
    text_pt: float
    small_pt: float
    pad: float
    label_width: float
    columns: tuple[tuple[str, float | None], ...]  # the name column (None) takes what is left


PAGES: dict[str, NoteGeometry] = {
    "A5": NoteGeometry(
        width=148,
        height=210,
        margin=10,
        shop_pt=10,
        title_pt=16,
        text_pt=8.5,
        small_pt=7,
        pad=1.5,
        label_width=18,
        columns=(
            ("code", 19),
            ("name", None),
            ("variant", 22),
            ("quantity", 10),
            ("amount", 18),
            ("exchange", 20),
        ),
    ),  # fmt: skip
    "A4": NoteGeometry(
        width=210,
        height=297,
        margin=15,
        shop_pt=12,
        title_pt=21,
        text_pt=10.5,
        small_pt=8.5,
        pad=2,
        label_width=25,
        columns=(
            ("code", 27),
            ("name", None),
            ("variant", 30),
            ("quantity", 14),
            ("amount", 24),
            ("exchange", 28),
        ),
    ),  # fmt: skip
}


def _words() -> dict[str, str]:
    return {
        "title": _("Return note"),
        "case": _("Case no.: {number}"),
        "created": _("Opened: {time}"),
        "continued": _("Return case {number} (continued)"),
        "order": _("Order no."),
        "customer": _("Customer"),
        "phone": _("Phone"),
        "kind": _("Kind"),
        "reason": _("Reason"),
        "status": _("Status"),
        "postage": _("Return postage"),
        "tracking": _("Return parcel"),
        "code": _("Item code"),
        "name": _("Product name"),
        "variant": _("Colour/size"),
        "quantity": _("Qty"),
        "amount": _("Amount paid"),
        "exchange": _("Exchange for"),
        "checks": _("Inspection"),
        "passed": _("Passed"),
        "failed": _("Failed"),
        "unchecked": _("not checked"),
        "decision": _("Decision"),
        "refund": _("Refund"),
        "refunded_at": _("refunded {time}"),
        "not_refunded": _("not refunded yet"),
        "exchange_order": _("Exchange order"),
        "notes": _("Notes"),
        "none": _("None"),
        "sign": _("Received by: ________    Inspected by: ________    Date: ________"),
        "page": _("Page {page} of {pages}"),
    }


def render_return_note(data: ReturnNoteData, page: str = "A4") -> bytes:
    """The note as a one-case PDF ("A4" or "A5"). MissingGlyphs when a text has a character
    the font cannot draw; FontNotFound when there is no Chinese font at all."""
    if page not in PAGES:
        raise ValueError(f"unknown page size {page!r}")
    geometry = PAGES[page]
    font = cjk_font().name
    words = _words()
    data = _checked(data, words)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(geometry.width * mm, geometry.height * mm), invariant=1)
    canvas.setTitle(f"{words['title']} {data.case_number}")
    canvas.setAuthor(data.shop_name)
    layout = Layout(canvas, font, geometry.width, geometry.height, geometry.margin)
    _Note(layout, geometry, words, data).draw()
    canvas.save()
    return buffer.getvalue()


def _checked(data: ReturnNoteData, words: dict[str, str]) -> ReturnNoteData:
    where = _("return case {number}").format(number=data.case_number)
    strict = [
        (_("Shop name"), data.shop_name), (_("Shop phone"), data.shop_phone),
        (_("Shop address"), data.shop_address), (words["customer"], data.customer),
        (words["phone"], data.phone), (words["reason"], data.reason),
        (words["postage"], data.postage), (words["tracking"], data.return_tracking),
    ]  # fmt: skip
    for line in data.lines:
        strict += [
            (words["code"], line.code),
            (words["name"], line.name),
            (words["variant"], f"{line.color}/{line.size}"),
            (words["exchange"], line.exchange),
            (words["decision"], line.decision_note),
        ]
        strict += [(words["checks"], item) for item, _passed in line.checks]  # fmt: skip
    notes = check_glyphs(where, strict, [(words["notes"], note) for note in data.notes])
    return replace(data, notes=tuple(notes))


class _Note:
    def __init__(self, layout: Layout, geometry: NoteGeometry, words: dict[str, str],
                 data: ReturnNoteData):  # fmt: skip
        self.layout, self.g, self.w, self.data = layout, geometry, words, data
        self.font = layout.font
        self.width = geometry.width - 2 * geometry.margin

    def draw(self) -> None:
        g, w, d = self.g, self.w, self.data
        blocks: list[Block] = [self._heading()]
        blocks += self._case()
        blocks += self._items()
        blocks += self._money()
        blocks += self._notes()
        footer = wrap(w["sign"], self.font, g.text_pt, self.width)
        self.layout.flow(
            blocks, footer=footer, footer_pt=g.text_pt,
            continued=w["continued"].format(number=d.case_number), small_pt=g.small_pt,
            page_words=w["page"],
        )  # fmt: skip

    def _heading(self) -> Block:
        g, w, d = self.g, self.w, self.data
        layout = self.layout
        lines = []
        shop = "  ".join(p for p in (d.shop_name.strip(), d.shop_phone.strip()) if p)
        if shop:
            lines.append((shop, g.shop_pt, MUTED, False))
        lines.append((w["title"], g.title_pt, (0, 0, 0), True))
        height = sum(size * 1.35 for _, size, *_rest in lines) / mm + 2 + g.text_pt * 1.6 / mm

        def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
            y = top
            for text, size, color, bold in lines:
                y -= size * 1.35 / mm
                layout.text(text, g.margin + self.width / 2, y + size * 0.25 / mm, size,
                            "center", color=color, bold=bold)  # fmt: skip
            y -= 2 + g.text_pt * 1.2 / mm
            layout.text(w["case"].format(number=d.case_number), g.margin, y, g.text_pt, bold=True)
            stamp = d.created_at.strftime("%Y-%m-%d %H:%M")
            layout.text(w["created"].format(time=stamp), g.margin + self.width, y, g.text_pt,
                        "right")  # fmt: skip

        return Block(height, draw, keep_with_next=True)

    def _grid(self, cells: list[tuple[str, str, float]]) -> list[Block]:
        g = self.g
        row = []
        for caption, value, width in cells:
            captions = wrap(caption, self.font, g.text_pt, g.label_width - 2 * g.pad)
            row.append(Cell(g.label_width, captions, fill=LABEL_FILL, again=captions[0]))
            row.append(Cell(width, wrap(value, self.font, g.text_pt, width - 2 * g.pad)))
        return grid_rows(self.layout, GridRow(tuple(row)), g.text_pt, g.pad)

    def _case(self) -> list[Block]:
        g, w, d = self.g, self.w, self.data
        wide = self.width - g.label_width
        half = (self.width - 2 * g.label_width) / 2
        blocks = self._grid([(w["order"], d.order_number, half), (w["status"], d.status, half)])
        blocks += self._grid([(w["customer"], d.customer, half), (w["phone"], d.phone, half)])
        blocks += self._grid([(w["kind"], d.kind, half), (w["reason"], d.reason, half)])
        blocks += self._grid([(w["postage"], d.postage, wide)])
        blocks += self._grid([(w["tracking"], d.return_tracking or w["none"], wide)])
        blocks[0] = blocks[0].spaced(2)
        return blocks

    def _columns(self) -> list[tuple[str, float]]:
        fixed = sum(width for _, width in self.g.columns if width is not None)
        return [(key, width if width is not None else self.width - fixed)
                for key, width in self.g.columns]  # fmt: skip

    def _check_text(self, line: NoteLine) -> str:
        w = self.w
        marks = {True: w["passed"], False: w["failed"], None: w["unchecked"]}
        text = "  ".join(f"{item} {marks[passed]}" for item, passed in line.checks)
        return f"{w['checks']}: {text}" if text else ""

    def _decision_text(self, line: NoteLine) -> str:
        if not line.decision:
            return ""
        text = f"{self.w['decision']}: {line.decision}"
        if line.partial_refund_fen:
            text += f" {format_yuan(line.partial_refund_fen, True)}"
        if line.decision_note:
            text += f" ({line.decision_note})"
        return text

    def _items(self) -> list[Block]:
        g, w, d = self.g, self.w, self.data
        columns = self._columns()
        right = {"quantity", "amount"}
        header = GridRow(tuple(
            Cell(width, wrap(w[key], self.font, g.text_pt, width - 2 * g.pad), fill=HEADER_FILL,
                 align="center")
            for key, width in columns
        ))  # fmt: skip
        header_blocks = grid_rows(self.layout, header, g.text_pt, g.pad)
        blocks: list[Block] = []
        for line in d.lines:
            values = {
                "code": line.code, "name": line.name, "variant": f"{line.color}/{line.size}",
                "quantity": str(line.quantity), "amount": format_yuan(line.amount_fen, True),
                "exchange": line.exchange,
            }  # fmt: skip
            cells = tuple(
                Cell(width, wrap(values[key], self.font, g.text_pt, width - 2 * g.pad),
                     align="right" if key in right else "left")
                for key, width in columns
            )  # fmt: skip
            blocks += grid_rows(self.layout, GridRow(cells), g.text_pt, g.pad,
                                repeat=header_blocks)  # fmt: skip
            detail = [t for t in (self._check_text(line), self._decision_text(line)) if t]
            if detail:
                lines = [
                    part
                    for t in detail
                    for part in wrap(t, self.font, g.small_pt, self.width - 2 * g.pad)
                ]
                blocks += grid_rows(self.layout, GridRow((Cell(self.width, lines),)), g.small_pt,
                                    g.pad, repeat=header_blocks)  # fmt: skip
        header_blocks[0] = header_blocks[0].spaced(3)
        for block in header_blocks:
            block.keep_with_next = True
        return header_blocks + blocks

    def _money(self) -> list[Block]:
        g, w, d = self.g, self.w, self.data
        wide = self.width - g.label_width
        if d.refund_fen and d.refunded_at:
            stamp = d.refunded_at.strftime("%Y-%m-%d %H:%M")
            refund = f"{format_yuan(d.refund_fen, True)}  ({w['refunded_at'].format(time=stamp)})"
        else:
            refund = w["not_refunded"]
        blocks = self._grid([(w["refund"], refund, wide)])
        if d.exchange_order:
            blocks += self._grid([(w["exchange_order"], d.exchange_order, wide)])
        blocks[0] = blocks[0].spaced(3)
        return blocks

    def _notes(self) -> list[Block]:
        g, w, d = self.g, self.w, self.data
        notes = [note for note in d.notes if note.strip()]
        if not notes:
            return []
        lines = [w["notes"] + ":"]
        for note in notes:
            lines += wrap("· " + note, self.font, g.small_pt, self.width)
        return [self.layout.text_block(lines, g.small_pt, color=MUTED, space_before=3)]
