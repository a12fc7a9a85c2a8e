"""Code 128 (GB/T 18347) as bar and space widths and as a PDF path, for the tracking numbers on
shipping labels.

Own encoder instead of reportlab.graphics.barcode: importing that package pulls in the widget and
platypus machinery (most of a second at every start of `python -m desk labels`). Code set B
carries printable ASCII; runs of digits go to code set C (two digits a symbol) where that is
shorter: a whole value of digits, four or more at the end, six or more in the middle.
"""

from __future__ import annotations

from math import floor
from typing import TYPE_CHECKING

from reportlab.lib.units import mm

if TYPE_CHECKING:
    from desk.pdf.label_spec import FieldSpec

DOT = 25.4 / 203  # mm: one dot of a 203 dpi thermal printer; barcode modules are whole dots
MIN_MODULE_DOTS = 2  # 0.25 mm: the narrowest bar a thermal printer and a scanner agree on
MAX_MODULE_DOTS = 4
QUIET_MODULES = 10  # the quiet zone Code 128 needs on each side

#: symbol value → widths (bar, space, bar, …) in modules; 103–105 start A/B/C, 106 stop
PATTERNS = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 "
    "122132 122231 113222 123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 "
    "321221 312212 322112 322211 212123 212321 232121 111323 131123 131321 112313 132113 132311 "
    "211313 231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 231131 213113 "
    "213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 111422 "
    "121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 "
    "241112 134111 111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 "
    "412121 111143 111341 131141 114113 114311 411113 411311 113141 114131 311141 411131 211412 "
    "211214 211232 2331112"
).split()
START_B, START_C, TO_B, TO_C, STOP = 104, 105, 100, 99, 106


def _digit_runs(value: str) -> list[int]:
    """For each position, how many ASCII digits start there (0 for a non-digit)."""
    runs = [0] * (len(value) + 1)
    for i in range(len(value) - 1, -1, -1):
        if "0" <= value[i] <= "9":
            runs[i] = runs[i + 1] + 1
    return runs


def symbols(value: str) -> list[int] | None:
    """The symbol values of `value` (start, data, checksum, stop); None when a character is not
    printable ASCII."""
    if not value or any(not " " <= ch <= "~" for ch in value):
        return None
    out: list[int] = []
    i = 0
    runs = _digit_runs(value)
    run = runs[0]
    if run == len(value) and run >= 2 or run >= 4:
        out.append(START_C)
        code_c = True
    else:
        out.append(START_B)
        code_c = False
    while i < len(value):
        run = runs[i]
        if code_c:
            if run >= 2:
                out.append(int(value[i : i + 2]))
                i += 2
                continue
            out.append(TO_B)
            code_c = False
        at_end = i + run == len(value)
        if run >= (4 if at_end else 6):
            if run % 2:
                out.append(ord(value[i]) - 32)
                i += 1
            out.append(TO_C)
            code_c = True
            continue
        out.append(ord(value[i]) - 32)
        i += 1
    checksum = (out[0] + sum(n * v for n, v in enumerate(out[1:], start=1))) % 103
    return [*out, checksum, STOP]


def modules(value: str) -> list[tuple[bool, int]] | None:
    """(is a bar, width in modules) for `value`, quiet zones not included; None when Code 128
    cannot carry it."""
    found = symbols(value)
    if found is None:
        return None
    widths: list[tuple[bool, int]] = []
    for symbol in found:
        for n, width in enumerate(PATTERNS[symbol]):
            widths.append((n % 2 == 0, int(width)))
    return widths


# --- as a PDF path on a label -----------------------------------------------------------------


def barcode_path(value: str, field: FieldSpec, height: float) -> str | None:
    """The bars of `value` as one filled PDF path in points, centred in the field (label
    coordinates, y up; `height` is the label's height), with whole-dot module widths. The bars
    of a symbol at a place are the same on many labels: they are written once and remembered."""
    found = symbols(value)
    if found is None:
        return None
    count = sum(_SYMBOL_MODULES[symbol] for symbol in found) + 2 * QUIET_MODULES
    dots = min(MAX_MODULE_DOTS, floor(field.w_mm / (count * DOT) + 1e-9))
    if dots < MIN_MODULE_DOTS:
        return ""
    left = field.x_mm + (field.w_mm - count * dots * DOT) / 2 + QUIET_MODULES * dots * DOT
    left = round(left / DOT) * DOT
    place = (left, dots, (height - field.y_mm - field.h_mm) * mm, field.h_mm * mm)
    parts = ["0 g"]
    at = 0
    for symbol in found:
        key = (place, symbol, at)
        bars = _bars.get(key)
        if bars is None:
            if len(_bars) > 50_000:
                _bars.clear()
            bars = _bars[key] = _symbol_bars(place, symbol, at)
        parts.append(bars)
        at += _SYMBOL_MODULES[symbol]
    parts.append("f")
    return " ".join(parts)


def _symbol_bars(place: tuple[float, int, float, float], symbol: int, at: int) -> str:
    """The bars of one Code 128 symbol starting `at` modules right of the barcode's left edge."""
    left, dots, bottom, tall = place
    module = dots * DOT
    rects = []
    for n, width in enumerate(map(int, PATTERNS[symbol])):
        if n % 2 == 0:
            rects.append(f"{(left + at * module) * mm:.3f} {bottom:.2f} "
                         f"{width * module * mm:.3f} {tall:.2f} re")  # fmt: skip
        at += width
    return " ".join(rects)


_SYMBOL_MODULES = [sum(map(int, pattern)) for pattern in PATTERNS]
_bars: dict[tuple, str] = {}
