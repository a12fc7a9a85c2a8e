"""The monthly report PDF (月报): A4, the figures, a drawn bar chart, top products, returns."""

from __future__ import annotations

import datetime
import io

from pypdf import PdfReader

from desk import i18n
from desk.core.books import MonthReport, ProductFigure, ReasonFigure
from desk.pdf.monthly_report import rate_text, render_monthly_report, sales_chart
from tests.pdf.test_confirmation_pdf import embedded_fonts, flat, page_size_mm


def month(consults=40, deals=10, **more) -> MonthReport:
    days = tuple((datetime.date(2026, 2, d), d * 1000) for d in range(1, 29))
    values = dict(
        shop_name="小雅的衣橱", year=2026, month=2, sales_fen=sum(f for _d, f in days), refunds_fen=12900,
        postage_fen=3000, other_expense_fen=5000, other_income_fen=0, net_fen=0, orders=30, items=45,
        average_order_fen=13533, consults=consults, deals=deals,
        top_products=(ProductFigure("A1023", "法式碎花连衣裙", 20, 258000), ProductFigure("B2001", "纯棉T恤", 5, 29500)),
        returns_by_reason=(ReasonFigure("size_small", "尺码偏小", 2, 12900),),
        daily_sales=days, closed_days=27, days_in_month=28,
        printed_at=datetime.datetime(2026, 3, 1, 9, 0),
    )  # fmt: skip
    values.update(more)
    return MonthReport(**values)


def test_month_on_a4_with_figures_products_and_reasons():
    i18n.set_language("en")
    page = PdfReader(io.BytesIO(render_monthly_report(month()))).pages[0]
    assert page_size_mm(page) == (210.0, 297.0)
    assert embedded_fonts(page)
    text = flat(page)
    for word in ("2026-02", "小雅的衣橱", "4,060.00", "129.00", "135.33", "25.0%", "A1023", "法式碎花连衣裙",
                 "2,580.00", "尺码偏小", "Daysclosed:27of28", "Salesperday"):  # fmt: skip
        assert word in text, word


def test_no_consults_shows_a_dash_and_the_chart_has_a_bar_a_day():
    assert month(consults=0, deals=0).conversion is None
    assert rate_text(None) == "—" and rate_text(0.5) == "50.0%"
    i18n.set_language("en")
    text = flat(PdfReader(io.BytesIO(render_monthly_report(month(consults=0, deals=0)))).pages[0])
    assert "Conversion—" in text
    chart = sales_chart(month(), "Helvetica", 180, 60)
    bars = chart.contents[0]
    assert list(bars.data[0]) == [d * 10 for d in range(1, 29)]  # yuan
    assert len(bars.categoryAxis.categoryNames) == 28
