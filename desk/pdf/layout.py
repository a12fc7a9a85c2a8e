"""A small flow layout for the printed documents: text wrapped for Chinese, bordered grid rows,
blocks placed down a page and continued on the next one (with a repeated table header), a footer
and page numbers; and the glyph check that refuses what the font cannot draw.

Units: millimetres from the bottom-left corner (reportlab's origin), font sizes in points.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

from desk.core.errors import DomainError
from desk.i18n import _
from desk.pdf.fonts import ENV_FONT, cjk_font, missing_glyphs

#: Page streams are compressed but not ASCII85-armoured: a third smaller and, in pure Python,
#: much faster to write (A85 is for 7-bit mail transports, not for files and printers).
rl_config.useA85 = 0

LEADING = 1.32  # line height / font size
LINE_WIDTH = 0.5  # pt, grid lines

# a run of Latin letters/digits stays on one line (or breaks after a hyphen); closing punctuation
# never starts a line, opening punctuation never ends one
_TOKEN = re.compile(
    r"[（《「『〔【“‘(\[{]*"
    r"(?:[0-9A-Za-z][0-9A-Za-z@#&_./:+'*]*-?|\S)[，。、；：！？）》」』〕】”’,.;:!?)\]}%]*|\s+"
)


class MissingGlyphs(DomainError):
    """Text with characters the Chinese font cannot draw (they would print as boxes)."""

    def __init__(self, characters: list[str], places: list[str]):
        self.characters = characters
        self.places = places
        shown = "、".join(f"{ch} (U+{ord(ch):04X})" for ch in characters[:8])
        if len(characters) > 8:
            shown += "…"
        where = "；".join(places[:5]) + ("…" if len(places) > 5 else "")
        super().__init__(
            _(
                "These characters cannot be printed with the Chinese font {font}: {chars}, in "
                "{places}. Change the text, or set {env} to a font that has them."
            ).format(font=cjk_font().family, chars=shown, places=where, env=ENV_FONT)
        )


def _decoration(ch: str) -> bool:
    """Emoji and their joiners, selectors and skin tones: left out of free texts when missing."""
    cp = ord(ch)
    if cp >= 0x1F000 and unicodedata.category(ch) == "Cn":
        return True  # an emoji newer than this Python's Unicode tables
    return unicodedata.category(ch) in ("So", "Sk", "Cf", "Me") or 0xFE00 <= cp <= 0xFE0F


def _printable(text: str) -> str:
    """Control characters (other than line breaks and tabs) never print: drop them."""
    if text.isprintable():  # the usual case: nothing to drop
        return text
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def check_glyphs(
    where: str, strict: list[tuple[str, str]], free: list[tuple[str, str]]
) -> list[str]:
    """Check `(field caption, text)` pairs against the font. Any character it cannot draw in a
    strict text, and any but emoji in a free text, raises MissingGlyphs naming the characters and
    "where: caption". Returns the free texts with their missing emoji left out."""
    if not missing_glyphs("".join(text for _, text in strict + free)):
        return [text for _, text in free]  # the usual case, checked at once
    missing: list[str] = []
    places: list[str] = []

    def note(caption: str, chars: list[str]) -> None:
        missing.extend(ch for ch in chars if ch not in missing)
        place = _("{where}: {field}").format(where=where, field=caption)
        if place not in places:
            places.append(place)

    for caption, text in strict:
        chars = missing_glyphs(_printable(text))
        if chars:
            note(caption, chars)
    cleaned = []
    for caption, text in free:
        text = _printable(text)
        chars = missing_glyphs(text)
        drop = {ch for ch in chars if _decoration(ch)}
        if len(drop) < len(chars):
            note(caption, [ch for ch in chars if ch not in drop])
        cleaned.append("".join(ch for ch in text if ch not in drop) if drop else text)
    if missing:
        raise MissingGlyphs(missing, places)
    return cleaned


class _Metrics:
    """The widths of one registered font face in 1/1000 em, remembered per text (a batch of
    labels measures the same names, tokens and captions over and over)."""

    __slots__ = ("face", "_get", "_default", "_known")

    def __init__(self, face) -> None:
        self.face = face
        self._get = face.charWidths.get
        self._default = face.defaultWidth
        self._known: dict[str, float] = {}

    def units(self, text: str) -> float:
        found = self._known.get(text)
        if found is None:
            if len(self._known) > 200_000:  # a very long run: start again rather than grow
                self._known.clear()
            get, default = self._get, self._default
            found = self._known[text] = sum([get(code, default) for code in map(ord, text)])
        return found


_metrics: dict[str, _Metrics] = {}


def _font_metrics(font: str) -> _Metrics:
    face = getFont(font).face
    found = _metrics.get(font)
    if found is None or found.face is not face:  # (a font registered again under the name)
        found = _metrics[font] = _Metrics(face)
    return found


def text_width(text: str, font: str, size: float) -> float:
    """The width of `text` in points (reportlab's TrueType width, without its per-call cost)."""
    return _font_metrics(font).units(text) * size / 1000


def wrap(text: str, font: str, size: float, width_mm: float) -> list[str]:
    """`text` broken into lines no wider than `width_mm`: at any Chinese character, between Latin
    words (a word too long for a line is cut), at every line break; never an empty list."""
    return list(_wrap(text, font, getFont(font).face, size, width_mm))


@lru_cache(maxsize=4096)
def _measured(text: str, font: str, _face: object) -> tuple[tuple[tuple[str, float], ...], ...]:
    """The tokens of each paragraph of `text` (runs of spaces as one space) with their widths
    in 1/1000 em: the same for every font size `fit` tries."""
    units = _font_metrics(font).units
    paragraphs = _printable(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return tuple(
        tuple((token, units(token)) for token in (
            " " if token.isspace() else token for token in _TOKEN.findall(p.replace("\t", " "))
        ))
        for p in paragraphs
    )  # fmt: skip


@lru_cache(maxsize=4096)
def _wrap(text: str, font: str, face: object, size: float, width_mm: float) -> tuple[str, ...]:
    limit = width_mm * mm
    units = _font_metrics(font).units
    lines: list[str] = []
    for tokens in _measured(text, font, face):
        line, used = "", 0.0
        for token, width in tokens:
            wide = width * size / 1000
            if line and used + wide > limit:
                lines.append(line.rstrip())
                line, used = "", 0.0
                if token == " ":
                    continue
            if wide > limit:  # cut a very long word or number
                for ch in token:
                    w = units(ch) * size / 1000
                    if line and used + w > limit:
                        lines.append(line)
                        line, used = "", 0.0
                    line, used = line + ch, used + w
                continue
            line, used = line + token, used + wide
        lines.append(line.rstrip())
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return tuple(lines) or ("",)


# --- blocks ----------------------------------------------------------------------------------------

Draw = Callable[
    [Canvas, float, bool, bool], None
]  # (canvas, top in mm, first on page, last on page)


@dataclass
class Block:
    """Something of a fixed height placed down the page; `keep_with_next` keeps it on the page of
    the block after it; `repeat` are blocks drawn first when this block starts a page (a table
    header); `space_before` is dropped at the top of a page."""

    height: float
    draw: Draw
    keep_with_next: bool = False
    repeat: list[Block] | None = None
    space_before: float = 0.0

    def spaced(self, space: float) -> Block:
        return replace(self, space_before=space)


@dataclass(frozen=True)
class Cell:
    width: float
    lines: list[str]
    fill: tuple[float, float, float] | None = None
    align: str = "left"  # left / center / right
    again: str = ""  # drawn when the row goes on at the top of a page and the cell is empty there
    checkbox: bool = False  # a box to tick by hand


@dataclass(frozen=True)
class GridRow:
    cells: tuple[Cell, ...] = field(default_factory=tuple)
    top_rule: float = LINE_WIDTH  # pt; thicker to start a group


def grid_rows(
    layout: Layout, row: GridRow, size: float, pad: float, repeat: list[Block] | None = None
) -> list[Block]:
    """A bordered row as one block a line, so that a very tall row can continue on the next page
    (rows of up to six lines are kept together)."""
    count = max(len(cell.lines) for cell in row.cells)
    leading = size * LEADING / mm
    blocks = []
    for index in range(count):
        first, last = index == 0, index == count - 1
        height = leading + (pad if first else 0) + (pad if last else 0)
        blocks.append(Block(
            height, _row_drawer(layout, row, index, first, last, size, pad),
            keep_with_next=not last and count <= 6, repeat=repeat,
        ))  # fmt: skip
    return blocks


def _row_drawer(layout, row: GridRow, index: int, first: bool, last: bool, size, pad) -> Draw:
    leading = size * LEADING / mm
    edges, x = [], layout.margin
    for cell in row.cells:
        edges.append(f"{x * mm:.2f}")
        x += cell.width
    edges.append(f"{x * mm:.2f}")

    def draw(canvas: Canvas, top: float, first_on_page: bool, last_on_page: bool) -> None:
        height = leading + (pad if first else 0) + (pad if last else 0)
        bottom = top - height
        x = layout.margin
        for cell in row.cells:
            if cell.fill is not None:
                layout.box(x, bottom, cell.width, height, cell.fill)
            x += cell.width
        baseline = top - (pad if first else 0) - size * 1.04 / mm
        x = layout.margin
        for cell in row.cells:
            line = cell.lines[index] if index < len(cell.lines) else ""
            if not line and first_on_page:
                line = cell.again  # a row going on at the top of a page: its caption again
            if cell.checkbox and first:
                side = min(size * 0.9 / mm, cell.width - 2 * pad)
                box = f"{(x + (cell.width - side) / 2) * mm:.2f} {(baseline - 0.3) * mm:.2f} "
                layout.canvas._code.append(
                    f"0 0 0 RG 0.6 w [] 0 d {box}{side * mm:.2f} {side * mm:.2f} re S"
                )
            if line:
                if cell.align == "right":
                    at = x + cell.width - pad
                elif cell.align == "center":
                    at = x + cell.width / 2
                else:
                    at = x + pad
                layout.text(line, at, baseline, size, cell.align)
            x += cell.width
        top_s, bottom_s = f"{top * mm:.2f}", f"{bottom * mm:.2f}"
        path = [f"{x} {top_s} m {x} {bottom_s} l" for x in edges]
        if first and row.top_rule != LINE_WIDTH:
            layout.canvas._code.append(
                f"0 0 0 RG {row.top_rule:.2f} w [] 0 d {edges[0]} {top_s} m {edges[-1]} {top_s} l S"
            )
        elif first or first_on_page:
            path.append(f"{edges[0]} {top_s} m {edges[-1]} {top_s} l")
        if last or last_on_page:
            path.append(f"{edges[0]} {bottom_s} m {edges[-1]} {bottom_s} l")
        layout.canvas._code.append(f"0 0 0 RG {LINE_WIDTH:.2f} w [] 0 d {' '.join(path)} S")

    return draw


class Layout:
    """Draws onto one canvas of one page size; `flow` places a document's blocks over pages.

    Text, boxes and lines are written as PDF operators straight into the page's content (what
    reportlab's own canvas methods do, without their per-call overhead: a batch of 200 sheets
    draws some 15,000 strings)."""

    def __init__(self, canvas: Canvas, font: str, width: float, height: float, margin: float):
        self.canvas, self.font = canvas, font
        self.width, self.height, self.margin = width, height, margin
        self._ttf = getFont(font)
        self._doc = canvas._doc
        self._shown: dict[tuple[str, float], str] = {}

    def text(self, text: str, x: float, y: float, size: float, align: str = "left", *,
             color=(0, 0, 0), bold: bool = False) -> None:  # fmt: skip
        """`text` at (x, y) mm, its baseline at y; aligned left, center or right of x."""
        if not text:
            return
        if align != "left":
            wide = text_width(text, self.font, size) / mm
            x -= wide if align == "right" else wide / 2
        key = (text, size)
        shown = self._shown.get(key)
        if shown is None:  # captions repeat on every sheet: encode them once
            font, doc, escape = self._ttf, self._doc, self.canvas._escape
            shown = self._shown[key] = " ".join(
                f"{font.getSubsetInternalName(subset, doc)} {size:.2f} Tf ({escape(chunk)}) Tj"
                for subset, chunk in font.splitString(text, doc)
            )
        rgb = "0 0 0" if color == (0, 0, 0) else "{:.2f} {:.2f} {:.2f}".format(*color)
        if bold:  # one font, no bold face: fill and stroke the outline
            self.canvas._code.append(
                f"BT {rgb} rg {rgb} RG 2 Tr {size * 0.035:.2f} w "
                f"1 0 0 1 {x * mm:.2f} {y * mm:.2f} Tm {shown} 0 Tr ET"
            )
        else:
            self.canvas._code.append(f"BT {rgb} rg 1 0 0 1 {x * mm:.2f} {y * mm:.2f} Tm {shown} ET")

    def box(self, x: float, y: float, width: float, height: float, fill) -> None:
        self.canvas._code.append(
            "{:.2f} {:.2f} {:.2f} rg ".format(*fill)
            + f"{x * mm:.2f} {y * mm:.2f} {width * mm:.2f} {height * mm:.2f} re f"
        )

    def lines(self, segments, width: float = LINE_WIDTH, dash: str = "[] 0 d") -> None:
        """Straight black lines [(x1, y1, x2, y2), …] in mm."""
        path = " ".join(
            f"{x1 * mm:.2f} {y1 * mm:.2f} m {x2 * mm:.2f} {y2 * mm:.2f} l"
            for x1, y1, x2, y2 in segments
        )
        self.canvas._code.append(f"0 0 0 RG {width:.2f} w {dash} {path} S")

    def text_block(self, lines: list[str], size: float, *, color=(0, 0, 0), align: str = "left",
                   space_before: float = 0.0) -> Block:  # fmt: skip
        """Plain lines without a border, kept together (a short note)."""
        leading = size * LEADING / mm
        width = self.width - 2 * self.margin

        def draw(canvas: Canvas, top: float, first: bool, last: bool) -> None:
            y = top
            for line in lines:
                y -= leading
                x = {"left": self.margin, "center": self.margin + width / 2,
                     "right": self.margin + width}[align]  # fmt: skip
                self.text(line, x, y + size * 0.28 / mm, size, align, color=color)

        return Block(leading * len(lines), draw, space_before=space_before)

    def flow(self, blocks: list[Block], *, footer: list[str], footer_pt: float, continued: str,
             small_pt: float, page_words: str) -> int:  # fmt: skip
        """Place `blocks` over as many pages as they need, each page with the footer; pages after
        the first start with `continued`; "page n of m" when there is more than one. Returns
        the number of pages."""
        pages = self._paginate(blocks, footer, footer_pt, small_pt)
        for number, placed in enumerate(pages, 1):
            if number > 1:
                self.text(continued, self.margin, self.height - self.margin - small_pt / mm,
                          small_pt, color=(0.35, 0.35, 0.35))  # fmt: skip
            start = next((i for i, entry in enumerate(placed) if not entry[2]), 0)
            for index, (block, top, _repeated) in enumerate(placed):
                block.draw(self.canvas, top, index in (0, start), index == len(placed) - 1)
            self._footer(footer, footer_pt, small_pt)
            if len(pages) > 1:
                self.text(page_words.format(page=number, pages=len(pages)),
                          self.width - self.margin, self.margin, small_pt, "right",
                          color=(0.35, 0.35, 0.35))  # fmt: skip
            self.canvas.showPage()
        return len(pages)

    def _footer_height(self, footer: list[str], footer_pt: float, small_pt: float) -> float:
        return 3 + len(footer) * footer_pt * LEADING / mm + small_pt * 1.5 / mm

    def _footer(self, footer: list[str], footer_pt: float, small_pt: float) -> None:
        leading = footer_pt * LEADING / mm
        y = self.margin + small_pt * 1.5 / mm
        for line in reversed(footer):
            self.text(line, self.width / 2, y + footer_pt * 0.28 / mm, footer_pt, "center")
            y += leading
        self.lines([(self.margin, y + 1.5, self.width - self.margin, y + 1.5)], dash="[2 2] 0 d")

    def _paginate(
        self, blocks, footer, footer_pt, small_pt
    ) -> list[list[tuple[Block, float, bool]]]:
        top = self.height - self.margin
        bottom = self.margin + self._footer_height(footer, footer_pt, small_pt) + 1
        continued_top = top - small_pt * 1.8 / mm
        pages: list[list[tuple[Block, float, bool]]] = [[]]
        y = top
        i = 0
        while i < len(blocks):
            block = blocks[i]
            page = pages[-1]
            gap = block.space_before if page else 0.0
            need = gap + block.height
            j = i
            while blocks[j].keep_with_next and j + 1 < len(blocks):
                j += 1
                need += blocks[j].space_before + blocks[j].height
            fresh = continued_top - bottom - sum(b.height for b in block.repeat or [])
            if page and y - need < bottom and (need <= fresh or y - gap - block.height < bottom):
                pages.append([])
                page = pages[-1]
                y = continued_top
                gap = 0.0
                for header in block.repeat or []:
                    page.append((header, y, True))
                    y -= header.height
            y -= gap
            page.append((block, y, False))
            y -= block.height
            i += 1
        return pages
