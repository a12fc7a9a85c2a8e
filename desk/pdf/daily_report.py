"""The daily report (日结报表): one day's books on A4 — the summary, the balance check per account
with the variance and its explanation, every entry of the day, and lines to sign.

Takes the core's frozen `DailyReport` (plain values, no database rows)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.i18n import _
from desk.pdf.confirmation import HEADER_FILL, LABEL_FILL, MUTED
from desk.pdf.fonts import cjk_font
from desk.pdf.layout import Block, Cell, GridRow, Layout, check_glyphs, grid_rows, wrap

if TYPE_CHECKING:
    from desk.core.books import DailyReport

WIDTH, HEIGHT, MARGIN = 210.0, 297.0, 14.0
TITLE_PT, HEAD_PT, TEXT_PT, SMALL_PT, FOOTER_PT = 18.0, 12.0, 9.5, 8.0, 10.0
PAD = 1.4
RED = (0.75, 0.1, 0.1)


def yuan(fen: int | None) -> str:
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def _texts(report: DailyReport) -> list[tuple[str, str]]:
    out = [(_("Shop name"), report.shop_name), (_("Comment"), report.summary.comment)]
    for a in report.summary.accounts:
        out += [(_("Account"), a.account_name), (_("Comment"), a.comment)]
    for e in report.entries:
        out += [(_("Category"), e.category_name), (_("Note"), e.note), (_("Staff"), e.staff_name)]
    return out


def render_daily_report(report: DailyReport) -> bytes:
    """The day sheet as A4 PDF bytes; MissingGlyphs / FontNotFound as the other PDFs."""
    font = cjk_font().name
    check_glyphs(_("daily report"), [], _texts(report))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH * mm, HEIGHT * mm), invariant=1)
    title = _("Daily report {day}").format(day=report.summary.day.isoformat())
    canvas.setTitle(title)
    layout = Layout(canvas, font, WIDTH, HEIGHT, MARGIN)
    blocks = [_heading(layout, report)]
    blocks += _summary(layout, report)
    blocks += _accounts(layout, report)
    blocks += _entries(layout, report)
    if report.summary.comment:
        blocks.append(layout.text_block(
            wrap(_("Comment: {text}").format(text=report.summary.comment), font, TEXT_PT, WIDTH - 2 * MARGIN),
            TEXT_PT, space_before=3))  # fmt: skip
    layout.flow(
        blocks,
        footer=[_("Prepared by: ____________    Checked by: ____________    Date: ____________")],
        footer_pt=FOOTER_PT,
        continued=_("{title} (continued)").format(title=title),
        small_pt=SMALL_PT,
        page_words=_("Page {page} of {pages}"),
    )
    canvas.save()
    return buffer.getvalue()


def _heading(layout: Layout, report: DailyReport) -> Block:
    s = report.summary
    width = WIDTH - 2 * MARGIN
    weekday = _("Mon Tue Wed Thu Fri Sat Sun").split()[s.day.weekday()]
    if s.closed:
        state = _("Closed {time} by {name}").format(
            time=s.closed_at.strftime("%Y-%m-%d %H:%M") if s.closed_at else "",
            name=s.closed_by or "—",
        )
    else:
        state = _("Not closed yet (draft)")  # fmt: skip
    left = _("Date: {day} {weekday}").format(day=s.day.isoformat(), weekday=weekday)
    right = _("Printed {time}").format(time=report.printed_at.strftime("%Y-%m-%d %H:%M"))
    height = (
        TITLE_PT * 1.5 / mm + (TEXT_PT * 1.5 / mm if report.shop_name else 0) + TEXT_PT * 2 / mm
    )

    def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
        y = top - TITLE_PT * 1.1 / mm
        layout.text(_("Daily report (日结)"), MARGIN + width / 2, y, TITLE_PT, "center", bold=True)
        if report.shop_name:
            y -= TEXT_PT * 1.5 / mm
            layout.text(report.shop_name, MARGIN + width / 2, y, TEXT_PT, "center", color=MUTED)
        y -= TEXT_PT * 2 / mm
        layout.text(f"{left}    {state}", MARGIN, y, TEXT_PT, color=(0, 0, 0) if s.closed else RED)
        layout.text(right, MARGIN + width, y, SMALL_PT, "right", color=MUTED)

    return Block(height, draw, keep_with_next=True)


def _section(layout: Layout, caption: str) -> Block:
    height = HEAD_PT * 1.6 / mm

    def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
        layout.text(caption, MARGIN, top - HEAD_PT * 1.15 / mm, HEAD_PT, bold=True)

    return Block(height, draw, keep_with_next=True, space_before=3)


def _table(layout: Layout, widths: list[float], header: list[str], rows: list[list[str]],
           aligns: list[str], total: list[str] | None = None) -> list[Block]:  # fmt: skip
    font = layout.font
    head = grid_rows(layout, GridRow(tuple(
        Cell(w, wrap(h, font, TEXT_PT, w - 2 * PAD), fill=HEADER_FILL, align="center")
        for w, h in zip(widths, header, strict=True)
    )), TEXT_PT, PAD)  # fmt: skip
    for block in head:
        block.keep_with_next = True
    blocks = list(head)
    for row in rows:
        cells = tuple(Cell(w, wrap(v, font, TEXT_PT, w - 2 * PAD) or [""], align=a)
                      for w, v, a in zip(widths, row, aligns, strict=True))  # fmt: skip
        blocks += grid_rows(layout, GridRow(cells), TEXT_PT, PAD, repeat=head)
    if total is not None:
        cells = tuple(Cell(w, wrap(v, font, TEXT_PT, w - 2 * PAD) or [""], fill=LABEL_FILL, align=a)
                      for w, v, a in zip(widths, total, aligns, strict=True))  # fmt: skip
        blocks += grid_rows(layout, GridRow(cells), TEXT_PT, PAD, repeat=head)
    return blocks


def _summary(layout: Layout, report: DailyReport) -> list[Block]:
    s = report.summary
    pairs = [
        (_("Orders"), str(s.orders)), (_("Pieces"), str(s.items)),
        (_("Sales"), yuan(s.sales_fen)), (_("Refunds"), yuan(s.refunds_fen)),
        (_("Postage"), yuan(s.postage_fen)), (_("Other expenses"), yuan(s.other_expense_fen)),
        (_("Other income"), yuan(s.other_income_fen)), (_("Net (income − expenses)"), yuan(s.net_fen)),
    ]  # fmt: skip
    quarter = (WIDTH - 2 * MARGIN) / 4
    font = layout.font
    blocks = [_section(layout, _("Summary"))]
    for i in range(0, len(pairs), 2):
        cells = []
        for label, value in pairs[i : i + 2]:
            cells.append(
                Cell(quarter, wrap(label, font, TEXT_PT, quarter - 2 * PAD), fill=LABEL_FILL)
            )
            cells.append(Cell(quarter, [value], align="right"))
        blocks += grid_rows(layout, GridRow(tuple(cells)), TEXT_PT, PAD)
    return blocks


def _accounts(layout: Layout, report: DailyReport) -> list[Block]:
    s = report.summary
    widths = [14, 23, 22, 22, 24, 24, 24]  # room for -1,234,567.89 at 9.5 pt
    widths.append(WIDTH - 2 * MARGIN - sum(widths))
    header = [_("Account"), _("Opening"), _("Income"), _("Expense"), _("Expected"), _("Counted"),
              _("Variance"), _("Explanation")]  # fmt: skip
    rows = []
    for a in s.accounts:
        rows.append([a.account_name, yuan(a.opening_fen), yuan(a.income_fen), yuan(a.expense_fen),
                     yuan(a.expected_fen), yuan(a.counted_fen) if a.counted_fen is not None else "—",
                     yuan(a.variance_fen) if a.variance_fen is not None else "—", a.comment])  # fmt: skip
    counted = [a.counted_fen for a in s.accounts if a.counted_fen is not None]
    total = [_("Total"), yuan(sum(a.opening_fen for a in s.accounts)),
             yuan(sum(a.income_fen for a in s.accounts)), yuan(sum(a.expense_fen for a in s.accounts)),
             yuan(s.expected_total_fen), yuan(sum(counted)) if counted else "—",
             yuan(s.variance_total_fen) if counted else "—", ""]  # fmt: skip
    aligns = ["left"] + ["right"] * 6 + ["left"]
    return [_section(layout, _("Balance check by account"))] + _table(
        layout, widths, header, rows, aligns, total
    )


def _entries(layout: Layout, report: DailyReport) -> list[Block]:
    widths = [9, 22, 18, 22, 22]
    widths.append(WIDTH - 2 * MARGIN - sum(widths))
    header = [_("No."), _("Category"), _("Account"), _("Income"), _("Expense"), _("Note")]
    rows = []
    for i, e in enumerate(report.entries, 1):
        note = e.note
        if e.adjusts_day is not None:
            note = _("[adjusts {day}] {note}").format(day=e.adjusts_day.isoformat(), note=note)
        if e.order_number and e.order_number not in note:
            note = f"{note} ({e.order_number})".strip()
        income = yuan(e.amount_fen) if e.kind == "income" else ""
        expense = yuan(e.amount_fen) if e.kind == "expense" else ""
        rows.append([str(i), e.category_name, e.account_name, income, expense, note])
    inc = sum(e.amount_fen for e in report.entries if e.kind == "income")
    exp = sum(e.amount_fen for e in report.entries if e.kind == "expense")
    total = ["", _("Total"), "", yuan(inc), yuan(exp),
             _("{count} entries, net {amount}").format(count=len(report.entries), amount=yuan(inc - exp))]  # fmt: skip
    aligns = ["right", "left", "left", "right", "right", "left"]
    if not rows:
        rows = [["", _("No entries this day."), "", "", "", ""]]
    return [_section(layout, _("Entries"))] + _table(layout, widths, header, rows, aligns, total)
