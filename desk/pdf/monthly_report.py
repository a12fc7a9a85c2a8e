"""The monthly report (月报): the month's figures, a bar chart of sales per day (drawn with
reportlab.graphics), the top products and the returns by reason, on A4.

Takes the core's frozen `MonthReport` (plain values, no database rows)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.i18n import _
from desk.pdf.confirmation import LABEL_FILL, MUTED
from desk.pdf.daily_report import MARGIN, HEIGHT, TEXT_PT, WIDTH, _section, _table, yuan
from desk.pdf.fonts import cjk_font
from desk.pdf.layout import Block, Cell, GridRow, Layout, check_glyphs, grid_rows, wrap

if TYPE_CHECKING:
    from desk.core.books import MonthReport

TITLE_PT, SMALL_PT, FOOTER_PT = 18.0, 8.0, 10.0
PAD = 1.4
CHART_HEIGHT = 62.0  # mm


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def render_monthly_report(report: MonthReport) -> bytes:
    font = cjk_font().name
    free = [(_("Shop name"), report.shop_name)]
    free += [(_("Product name"), p.product_name) for p in report.top_products]
    free += [(_("Item code"), p.product_code) for p in report.top_products]
    free += [(_("Reason"), r.label) for r in report.returns_by_reason]
    check_glyphs(_("monthly report"), [], free)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH * mm, HEIGHT * mm), invariant=1)
    month = f"{report.year}-{report.month:02d}"
    title = _("Monthly report {month}").format(month=month)
    canvas.setTitle(title)
    layout = Layout(canvas, font, WIDTH, HEIGHT, MARGIN)
    blocks = [_heading(layout, report, title)] + _figures(layout, report)
    blocks += [_section(layout, _("Sales per day")), _chart(layout, report)]
    widths = [8, 28, 0, 18, 28]
    widths[2] = WIDTH - 2 * MARGIN - sum(widths)
    rows = [[str(i), p.product_code, p.product_name, str(p.quantity), yuan(p.amount_fen)]
            for i, p in enumerate(report.top_products, 1)]  # fmt: skip
    if not rows:
        rows = [["", "", _("No orders this month."), "", ""]]
    blocks.append(_section(layout, _("Top products")))
    blocks += _table(layout, widths, [_("No."), _("Item code"), _("Product name"), _("Pieces"), _("Amount")],
                     rows, ["right", "left", "left", "right", "right"])  # fmt: skip
    widths = [0, 24, 34]
    widths[0] = WIDTH - 2 * MARGIN - sum(widths)
    rows = [[r.label, str(r.cases), yuan(r.refund_fen)] for r in report.returns_by_reason]
    total = None
    if rows:
        total = [_("Total"), str(sum(r.cases for r in report.returns_by_reason)),
                 yuan(sum(r.refund_fen for r in report.returns_by_reason))]  # fmt: skip
    else:
        rows = [[_("No returns this month."), "", ""]]
    blocks.append(_section(layout, _("Returns by reason")))
    blocks += _table(layout, widths, [_("Reason"), _("Cases"), _("Refunded")], rows,
                     ["left", "right", "right"], total)  # fmt: skip
    layout.flow(
        blocks,
        footer=[_("Prepared by: ____________    Checked by: ____________")],
        footer_pt=FOOTER_PT,
        continued=_("{title} (continued)").format(title=title),
        small_pt=SMALL_PT,
        page_words=_("Page {page} of {pages}"),
    )
    canvas.save()
    return buffer.getvalue()


def _heading(layout: Layout, report: MonthReport, title: str) -> Block:
    width = WIDTH - 2 * MARGIN
    height = (
        TITLE_PT * 1.5 / mm + (TEXT_PT * 1.5 / mm if report.shop_name else 0) + TEXT_PT * 2 / mm
    )
    line = _("Days closed: {closed} of {days}").format(
        closed=report.closed_days, days=report.days_in_month
    )
    printed = _("Printed {time}").format(time=report.printed_at.strftime("%Y-%m-%d %H:%M"))

    def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
        y = top - TITLE_PT * 1.1 / mm
        layout.text(title, MARGIN + width / 2, y, TITLE_PT, "center", bold=True)
        if report.shop_name:
            y -= TEXT_PT * 1.5 / mm
            layout.text(report.shop_name, MARGIN + width / 2, y, TEXT_PT, "center", color=MUTED)
        y -= TEXT_PT * 2 / mm
        layout.text(line, MARGIN, y, TEXT_PT)
        layout.text(printed, MARGIN + width, y, SMALL_PT, "right", color=MUTED)

    return Block(height, draw, keep_with_next=True)


def _figures(layout: Layout, r: MonthReport) -> list[Block]:
    pairs = [
        (_("Sales"), yuan(r.sales_fen)), (_("Orders"), str(r.orders)),
        (_("Refunds"), yuan(r.refunds_fen)), (_("Pieces"), str(r.items)),
        (_("Postage"), yuan(r.postage_fen)),
        (_("Average order value"), yuan(r.average_order_fen) if r.average_order_fen is not None else "—"),
        (_("Other expenses"), yuan(r.other_expense_fen)), (_("Buyers served"), str(r.consults)),
        (_("Other income"), yuan(r.other_income_fen)), (_("Buyers who bought"), str(r.deals)),
        (_("Net (income − expenses)"), yuan(r.net_fen)), (_("Conversion"), rate_text(r.conversion)),
    ]  # fmt: skip
    quarter = (WIDTH - 2 * MARGIN) / 4
    blocks = [_section(layout, _("Summary"))]
    for i in range(0, len(pairs), 2):
        cells = []
        for label, value in pairs[i : i + 2]:
            cells.append(
                Cell(quarter, wrap(label, layout.font, TEXT_PT, quarter - 2 * PAD), fill=LABEL_FILL)
            )
            cells.append(Cell(quarter, [value], align="right"))
        blocks += grid_rows(layout, GridRow(tuple(cells)), TEXT_PT, PAD)
    return blocks


def sales_chart(report: MonthReport, font: str, width_mm: float, height_mm: float) -> Drawing:
    """Bars of sales (yuan) per day of the month."""
    drawing = Drawing(width_mm * mm, height_mm * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 8 * mm
    chart.width, chart.height = (width_mm - 18) * mm, (height_mm - 14) * mm
    values = [fen / 100 for _day, fen in report.daily_sales] or [0]
    chart.data = [values]
    chart.bars[0].fillColor = colors.HexColor("#4a7ebb")
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    top = max(values) if max(values) > 0 else 100
    chart.valueAxis.valueMax = top * 1.1
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.categoryAxis.categoryNames = [str(d.day) for d, _fen in report.daily_sales] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.dy = -2
    drawing.add(chart)
    drawing.add(
        String(2, height_mm * mm - 8, _("Yuan"), fontName=font, fontSize=7, fillColor=colors.grey)
    )
    return drawing


def _chart(layout: Layout, report: MonthReport) -> Block:
    width = WIDTH - 2 * MARGIN
    drawing = sales_chart(report, layout.font, width, CHART_HEIGHT)

    def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
        renderPDF.draw(drawing, canvas, MARGIN * mm, (top - CHART_HEIGHT) * mm)

    return Block(CHART_HEIGHT, draw)
