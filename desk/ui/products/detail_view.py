"""The handbook page of one product, read-only: what the couple look up while a buyer waits.

Price and status, the cover photo, stock per colour × size (low ones marked), the size chart and
the fitting rule, material and care, selling points, the honest weaknesses, colour difference.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from desk.core import products
from desk.core.errors import DomainError
from desk.core.money import format_yuan
from desk.core.products import ProductDetail
from desk.core.sizes import SizeChartData
from desk.i18n import _
from desk.ui.products.photo_files import image_of_photo
from desk.ui.products.texts import range_text

COVER_URL = QUrl("desk-cover:")
LOW = "#c05621"
CSS = """
h2 { margin: 0 0 2px 0; font-size: 14pt; }
.sub { color: #4a5568; }
h3 { color: #1a4fb8; font-size: 11pt; margin: 12px 0 4px 0; }
table.grid { border-collapse: collapse; }
table.grid td, table.grid th { border: 1px solid #dde2ea; padding: 3px 8px; }
table.grid th { background: #eef1f5; font-weight: normal; }
.low { color: #c05621; font-weight: bold; }
.hidden { color: #a0aec0; }
.muted { color: #718096; }
"""


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _heading(title: str) -> str:
    return f"<h3>{escape(title)}</h3>"


def _muted(text: str) -> str:
    return f"<p class='muted'>{escape(text)}</p>"


class ProductDetailView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("productDetail")
        self.setOpenLinks(False)
        self.document().setDefaultStyleSheet(CSS)
        self.product_id: int | None = None
        self.show_product(None)

    def show_product(self, product_id: int | None) -> None:
        self.product_id = product_id
        if product_id is None:
            self.setHtml(_muted(_("Choose a product in the list.")))
            return
        try:
            detail = products.get_product(product_id)
        except DomainError as exc:
            self.setHtml(_muted(exc.message))
            return
        self.setHtml(self._html(detail))

    def _cover(self, detail: ProductDetail) -> str:
        if not detail.photos:
            return ""
        image = image_of_photo(detail.photos[0].id)
        if image.isNull():
            return ""
        self.document().addResource(QTextDocument.ResourceType.ImageResource, COVER_URL, image)
        return f"<p><img src='{COVER_URL.toString()}'></p>"

    def _html(self, detail: ProductDetail) -> str:
        draft = detail.draft
        facts = [format_yuan(draft.price_fen, symbol=True), products.status_label(draft.status)]
        if draft.category:
            facts.append(draft.category)
        parts = [
            f"<h2>{escape(draft.code)}　{escape(draft.name)}</h2>",
            f"<p class='sub'>{escape('  ·  '.join(facts))}</p>",
            self._cover(detail),
            self._stock(detail),
            self._chart(detail.size_chart, draft.fit_rule),
        ]
        for title, value in (
            (_("Material"), draft.material),
            (_("Care"), draft.care),
            (_("Selling points"), draft.selling_points),
            (_("Honest about (weaknesses)"), draft.weaknesses),
            (_("Colour difference"), draft.color_note),
            (_("Notes"), draft.notes),
        ):
            if value:
                parts.append(_heading(title) + f"<p>{_text(value)}</p>")
        return "".join(parts)

    def _stock(self, detail: ProductDetail) -> str:
        title = _heading(_("Stock (available)"))
        if not detail.variants:
            return title + _muted(_("No colours and sizes yet."))
        cells = {(v.color, v.size): v for v in detail.variants}
        colors = list(dict.fromkeys([*detail.colors, *(v.color for v in detail.variants)]))
        sizes = list(dict.fromkeys([*detail.sizes, *(v.size for v in detail.variants)]))
        head = "".join(f"<th>{escape(s)}</th>" for s in sizes)
        rows = [f"<tr><th></th>{head}</tr>"]
        for color in colors:
            tds = []
            for size in sizes:
                v = cells.get((color, size))
                if v is None:
                    tds.append("<td></td>")
                elif v.hidden:
                    tds.append(f"<td class='hidden'>{v.available}</td>")
                else:
                    css = " class='low'" if v.low_stock else ""
                    tds.append(f"<td align='right'{css}>{v.available}</td>")
            rows.append(f"<tr><th>{escape(color)}</th>{''.join(tds)}</tr>")
        note = ""
        if detail.low_stock_variants:
            note = "<p class='low'>{}</p>".format(
                escape(
                    _("{count} running low (at or below {threshold}).").format(
                        count=len(detail.low_stock_variants),
                        threshold=detail.draft.low_stock_threshold,
                    )
                )
            )
        return title + f"<table class='grid'>{''.join(rows)}</table>" + note

    def _chart(self, chart: SizeChartData | None, fit_rule: str) -> str:
        title = _heading(_("Size chart (cm)"))
        rule = ""
        if fit_rule:
            rule = "<p>{}</p>".format(_text(_("Fitting advice: {rule}").format(rule=fit_rule)))
        if chart is None or not chart.rows:
            return title + _muted(_("No size chart yet.")) + rule
        with_height = any(r.height_min is not None for r in chart.rows)
        with_weight = any(r.weight_min is not None for r in chart.rows)
        heads = [_("Size"), *chart.columns]
        if with_height:
            heads.append(_("Height"))
        if with_weight:
            heads.append(_("Weight (kg)"))
        rows = ["<tr>" + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr>"]
        for r in chart.rows:
            cells = [r.size, *(r.measurements.get(c, "") for c in chart.columns)]
            if with_height:
                cells.append(range_text(r.height_min, r.height_max))
            if with_weight:
                cells.append(range_text(r.weight_min, r.weight_max))
            rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
        return title + f"<table class='grid'>{''.join(rows)}</table>" + rule
