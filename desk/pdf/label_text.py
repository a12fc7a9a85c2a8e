"""Text on shipping labels: fitting a text into its field (smaller down to MIN_PT, wrapped,
cut with "…"), the item summary, where each line goes, and the PDF text operators of a batch
(see desk.pdf.labels)."""

from __future__ import annotations

from functools import lru_cache
from math import floor
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

from desk.pdf.label_spec import FieldSpec
from desk.pdf.layout import text_width, wrap

if TYPE_CHECKING:
    from desk.pdf.labels import LabelItem

MIN_PT = 6.0  # text shrinks to fit its box, but not below this
LEADING = 1.18


# --- fitting --------------------------------------------------------------------------------------


def _capacity(field: FieldSpec, size: float) -> int:
    """How many lines of `size` fit the field's height."""
    return max(1, floor((field.h_mm * mm - 1.05 * size) / (size * LEADING) + 1.0001))


def fit(text: str, field: FieldSpec, font: str) -> tuple[float, list[str]]:
    """The font size and lines of `text` in the field's box: the template's size when it fits
    in `max_lines`, else smaller (down to MIN_PT, with as many lines as the box then holds, but
    one line stays one line), else cut with "…". Never wider or taller than the box."""
    size, lines = _fit(text, field, font, getFont(font).face)
    return size, list(lines)


@lru_cache(maxsize=8192)
def _fit(text: str, field: FieldSpec, font: str, _face: object) -> tuple[float, tuple[str, ...]]:
    size, lines = _fitted(text, field, font)
    return size, tuple(lines)


def _fitted(text: str, field: FieldSpec, font: str) -> tuple[float, list[str]]:
    size = field.font_pt
    smallest = min(size, MIN_PT)
    width = field.w_mm * mm
    while True:
        if field.max_lines == 1:
            if text_width(text, font, size) <= width:
                return size, [text]
            if size <= smallest:
                return size, [_ellipsis(text, font, size, width)]
        else:
            room = _capacity(field, size)
            limit = min(field.max_lines, room) if size == field.font_pt else room
            lines = wrap(text, font, size, field.w_mm)
            if len(lines) <= limit:
                return size, lines
            if size <= smallest:
                kept = lines[:limit]
                kept[-1] = _ellipsis(kept[-1] + lines[limit], font, size, width)
                return size, kept
        size = max(smallest, round(size - 0.5, 1))


def _ellipsis(text: str, font: str, size: float, width: float) -> str:
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def item_summary(items: tuple[LabelItem, ...], field: FieldSpec, font: str, more: str) -> str:
    """ "货号 颜色/尺码 ×数量" entries joined; when they do not fit the box at a readable size, as
    many whole entries as fit followed by "等N件" (N: all pieces of the order)."""
    entries = []
    for item in items:
        variant = "/".join(part for part in (item.color.strip(), item.size.strip()) if part)
        entries.append(" ".join(part for part in (item.code.strip(), variant) if part)
                       + f" ×{item.quantity}")  # fmt: skip
    if not entries:
        return ""
    readable = max(MIN_PT, field.font_pt * 0.8)
    full = "；".join(entries)
    if _fits(full, field, font, readable):
        return full
    pieces = sum(item.quantity for item in items)
    for count in range(len(entries) - 1, 0, -1):
        text = more.format(items="；".join(entries[:count]), count=pieces)
        if _fits(text, field, font, readable):
            return text
    return more.format(items=entries[0], count=pieces)


def _fits(text: str, field: FieldSpec, font: str, at_least: float) -> bool:
    size, lines = fit(text, field, font)
    return size >= at_least and not lines[-1].endswith("…")


class Writer:
    """Text as PDF operators for one canvas (see layout.Layout.text), label coordinates in mm.

    Faster than reportlab's per-call path for a batch: each character's subset and escaped byte
    are remembered once the document has assigned them (reportlab's splitString only for a
    character not seen yet), and a text shown once is remembered."""

    def __init__(self, canvas: Canvas, font: str):
        self.canvas, self.font = canvas, font
        self._ttf = getFont(font)
        self._doc = canvas._doc
        self._names: dict[int, str] = {}
        self._shown: dict[tuple[str, float], str] = {}
        self._ttf.splitString("", self._doc)  # makes the document's subset state
        self._assigned = self._ttf.state[self._doc].assignments
        self._coded: dict[str, tuple[int, str]] = {}  # character → (subset, escaped byte)

    def _codes(self, text: str) -> list[tuple[int, str]]:
        coded = self._coded
        try:
            return [coded[ch] for ch in text]
        except KeyError:  # a character not seen yet: reportlab assigns it a subset and a byte
            pass
        assigned = self._assigned
        if any((32 if ch == "\xa0" else ord(ch)) not in assigned for ch in text):
            self._ttf.splitString(text, self._doc)
        for ch in text:
            n = assigned.get(32 if ch == "\xa0" else ord(ch), 0)  # 0: not in the font (notdef)
            coded[ch] = (n >> 8, _ESCAPE[n & 0xFF])
        return [coded[ch] for ch in text]

    def shown(self, text: str, size: float) -> str:
        key = (text, size)
        found = self._shown.get(key)
        if found is not None:
            return found
        out = []
        at = f"{size:.2f}"
        current, run = -1, ""
        for subset, byte in self._codes(text):
            if subset != current:
                if run:
                    out.append(f"{self._name(current)} {at} Tf ({run}) Tj")
                current, run = subset, ""
            run += byte
        if run:
            out.append(f"{self._name(current)} {at} Tf ({run}) Tj")
        found = self._shown[key] = " ".join(out)
        return found

    def _name(self, subset: int) -> str:
        name = self._names.get(subset)
        if name is None:
            name = self._names[subset] = self._ttf.getSubsetInternalName(subset, self._doc)
        return name

    def line(self, out: list[str], text: str, x: float, y: float, size: float, bold: bool) -> None:
        """One line at (x, y) mm, its baseline at y."""
        mode = f"2 Tr {size * 0.035:.2f} w " if bold else "0 Tr "
        out.append(f"{mode}1 0 0 1 {x * mm:.2f} {y * mm:.2f} Tm {self.shown(text, size)}")


#: a byte of a PDF string as written: \\ \( \) escaped, the rest as octal when not printable
_ESCAPE = [
    "\\" + chr(c) if chr(c) in "\\()" else chr(c) if 32 <= c < 127 else f"\\{c:03o}"
    for c in range(256)
]


def lines_at(field: FieldSpec, size: float, lines: list[str], height: float, font: str):
    """(text, x, baseline y) in mm, y up, for the lines of a field: one line centred vertically,
    several from the top."""
    leading = size * LEADING / mm
    block = (1.05 * size) / mm + (len(lines) - 1) * leading
    top = height - field.y_mm
    if len(lines) == 1:
        top -= max(0.0, (field.h_mm - block) / 2)
    y = top - size * 0.86 / mm
    for text in lines:
        x = field.x_mm
        if field.align != "left":
            wide = text_width(text, font, size) / mm
            x += (field.w_mm - wide) / (2 if field.align == "center" else 1)
        yield text, x, y
        y -= leading
