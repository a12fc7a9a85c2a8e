"""Printer calibration for labels: the transform that moves and scales a whole label page, the
calibration page the user prints and measures, and the offsets computed from what was measured.

The calibration page has the template's exact page size: a light 5 mm grid, rulers along the top
and left edges (a tick every mm, numbered every 10 mm) and three crosshairs at known places —
A (MARK_MM, MARK_MM) from the top-left corner, B the same height near the right edge, C the same
column near the bottom edge. The user measures with a ruler from the paper's left edge and top
edge to the centre of A, and (for the scale) from A to B and/or A to C. The page is drawn with the
current calibration applied, so printing it again checks the result.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk.i18n import _
from desk.pdf.fonts import cjk_font
from desk.pdf.label_spec import LabelSpec
from desk.pdf.layout import wrap

MARK_MM = 15.0  # the crosshairs' distance from the page's edges
ARM_MM = 5.0  # half the length of a crosshair's lines


def calibration_transform(page_h_mm: float, offset_mm: tuple[float, float], scale: float) -> str:
    """PDF operators (opening a `q`): scale about the page's top-left corner, then move right by
    dx and down by dy mm."""
    dx, dy = offset_mm
    ty = (page_h_mm - dy - scale * page_h_mm) * mm
    return f"q {scale:.5f} 0 0 {scale:.5f} {dx * mm:.3f} {ty:.3f} cm"


@dataclass(frozen=True)
class Marks:
    """Where the crosshairs are, in mm from the page's top-left corner (uncalibrated)."""

    a: tuple[float, float]
    b: tuple[float, float]
    c: tuple[float, float]

    @property
    def ab(self) -> float:
        return self.b[0] - self.a[0]

    @property
    def ac(self) -> float:
        return self.c[1] - self.a[1]


def marks_of(spec: LabelSpec) -> Marks:
    w, h = spec.page_w_mm, spec.page_h_mm
    return Marks((MARK_MM, MARK_MM), (w - MARK_MM, MARK_MM), (MARK_MM, h - MARK_MM))


@dataclass(frozen=True)
class Calibration:
    dx_mm: float
    dy_mm: float
    scale: float


def calibration_from_measurements(
    spec: LabelSpec,
    current: Calibration,
    left_mm: float,
    top_mm: float,
    ab_mm: float | None = None,
    ac_mm: float | None = None,
) -> Calibration:
    """The calibration that puts A where it belongs, from what was measured on a calibration page
    printed with `current`: paper's left edge → centre of A, top edge → centre of A, and
    optionally A → B and A → C (the printer's scale; both: their mean). Positive offsets move
    the print right and down. ValueError for a distance that is not positive."""
    marks = marks_of(spec)
    ratios = []
    for measured, nominal in ((ab_mm, marks.ab), (ac_mm, marks.ac)):
        if measured is None:
            continue
        if measured <= 0 or nominal <= 0:
            raise ValueError("distances must be positive")
        ratios.append(measured / (nominal * current.scale))  # the printer's own scale
    printer = sum(ratios) / len(ratios) if ratios else 1.0
    scale = 1.0 / printer
    x0, y0 = marks.a
    # paper = printer * (scale * nominal + offset) + error, per axis
    error_x = left_mm - printer * (current.scale * x0 + current.dx_mm)
    error_y = top_mm - printer * (current.scale * y0 + current.dy_mm)
    dx = (x0 - error_x) / printer - scale * x0
    dy = (y0 - error_y) / printer - scale * y0
    return Calibration(round(dx, 2), round(dy, 2), round(scale, 4))


def _texts(spec: LabelSpec, printer: str, current: Calibration, marks: Marks) -> list[str]:
    return [
        _("Calibration page: {template}").format(template=spec.title or spec.name),
        _("Printer: {printer}").format(printer=printer or _("not chosen")),
        _("Printed with: x {dx} mm, y {dy} mm, scale {scale}").format(
            dx=f"{current.dx_mm:+.1f}", dy=f"{current.dy_mm:+.1f}", scale=f"{current.scale:.3f}"
        ),
        _("Measure with a ruler: from the paper's left edge to the centre of A (should be {x} mm), "
          "from the top edge to the centre of A (should be {y} mm); for the scale, from A to B "
          "(should be {ab} mm) and from A to C (should be {ac} mm). Type the figures into Shop "
          "Desk.").format(x=_n(marks.a[0]), y=_n(marks.a[1]), ab=_n(marks.ab), ac=_n(marks.ac)),
    ]  # fmt: skip


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render_calibration_page(spec: LabelSpec, dx_mm: float = 0.0, dy_mm: float = 0.0,
                            scale: float = 1.0, printer: str = "") -> bytes:  # fmt: skip
    """One page of the template's exact size with rulers, a grid and crosshairs A, B, C, drawn
    with the calibration (dx, dy, scale) applied."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    w, h = spec.page_w_mm, spec.page_h_mm
    font = cjk_font().name
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(w * mm, h * mm), invariant=1)
    c.setTitle(_("Calibration page"))
    c._code += [calibration_transform(h, (dx_mm, dy_mm), scale), ""]  # "": see reportlab's
    # Canvas.transform, which would rewrite a previous line ending in "cm"
    c.translate(0, h * mm)
    c.scale(mm, -mm)  # from here on: mm from the top-left corner, y down

    c.setStrokeGray(0.8)
    c.setLineWidth(0.1)
    for x in range(5, int(w) + 1, 5):
        c.line(x, 0, x, h)
    for y in range(5, int(h) + 1, 5):
        c.line(0, y, w, y)
    c.setStrokeGray(0)
    c.setLineWidth(0.12)
    for x in range(1, int(w) + 1):
        c.line(x, 0, x, 4.0 if x % 10 == 0 else 2.5 if x % 5 == 0 else 1.5)
    for y in range(1, int(h) + 1):
        c.line(0, y, 4.0 if y % 10 == 0 else 2.5 if y % 5 == 0 else 1.5, y)
    c.setFillGray(0)
    for x in range(10, int(w), 10):
        _text(c, font, str(x), x + 0.4, 6.2, 6)
    for y in range(10, int(h), 10):
        _text(c, font, str(y), 4.6, y + 0.9, 6)
    marks = marks_of(spec)
    c.setLineWidth(0.25)
    for name, (x, y) in (("A", marks.a), ("B", marks.b), ("C", marks.c)):
        c.line(x - ARM_MM, y, x + ARM_MM, y)
        c.line(x, y - ARM_MM, x, y + ARM_MM)
        c.circle(x, y, ARM_MM * 0.6, stroke=1, fill=0)
        _text(c, font, name, x + 1.2, y - 1.4, 9)
    size = 8 if w >= 70 else 6.5
    y = marks.a[1] + 14
    width = w - 2 * (MARK_MM + 2)
    for n, text in enumerate(_texts(spec, printer, Calibration(dx_mm, dy_mm, scale), marks)):
        for line in wrap(text, font, size + (2 if n == 0 else 0), width):
            y += (size + 2) * 1.3 / mm
            if y > marks.c[1] - ARM_MM - 2:
                break
            _text(c, font, line, MARK_MM + 2, y, size + (2 if n == 0 else 0))
        y += 1.5
    c._code.append("Q")
    c.showPage()
    c.save()
    return buffer.getvalue()


def _text(c: Canvas, font: str, text: str, x: float, y: float, size_pt: float) -> None:
    """`text` with its baseline at (x, y) mm in the flipped (y down) coordinates."""
    c.saveState()
    c.translate(x, y)
    c.scale(1 / mm, -1 / mm)
    c.setFont(font, size_pt)
    c.drawString(0, 0, text)
    c.restoreState()
