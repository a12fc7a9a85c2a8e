"""Code 128 (GB/T 18347) as bar and space widths, for the tracking numbers on shipping labels.

Own encoder instead of reportlab.graphics.barcode: importing that package pulls in the widget and
platypus machinery (most of a second at every start of `python -m desk labels`). Code set B
carries printable ASCII; runs of digits go to code set C (two digits a symbol) where that is
shorter: a whole value of digits, four or more at the end, six or more in the middle.
"""

from __future__ import annotations

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


def _digits_at(value: str, start: int) -> int:
    end = start
    while end < len(value) and value[end].isdigit() and value[end].isascii():
        end += 1
    return end - start


def symbols(value: str) -> list[int] | None:
    """The symbol values of `value` (start, data, checksum, stop); None when a character is not
    printable ASCII."""
    if not value or any(not " " <= ch <= "~" for ch in value):
        return None
    out: list[int] = []
    i = 0
    run = _digits_at(value, 0)
    if run == len(value) and run >= 2 or run >= 4:
        out.append(START_C)
        code_c = True
    else:
        out.append(START_B)
        code_c = False
    while i < len(value):
        run = _digits_at(value, i)
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
