"""The Chinese TrueType font every PDF embeds (confirmation sheets, packing lists, labels).

`cjk_font()` finds one font once per process — a font file named in the environment
(SHOP_DESK_PDF_FONT), else the first of the known Windows, macOS and Linux fonts that exists and
that reportlab can embed (TrueType outlines; .ttc collections by index) — and registers it with
reportlab under FONT_NAME. `missing_glyphs(text)` lists the characters the font cannot draw, so
that a document can refuse or report them instead of printing boxes.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desk.i18n import _

FONT_NAME = "ShopDeskCJK"
ENV_FONT = "SHOP_DESK_PDF_FONT"  # path[,index] of a font to use instead of the search

#: (path, index in a .ttc collection): simplified Chinese first, then wider fallbacks.
CANDIDATES: tuple[tuple[str, int], ...] = (
    # Windows
    (r"C:\Windows\Fonts\msyh.ttc", 0),  # 微软雅黑
    (r"C:\Windows\Fonts\simhei.ttf", 0),
    (r"C:\Windows\Fonts\simsun.ttc", 0),
    (r"C:\Windows\Fonts\Deng.ttf", 0),  # 等线
    # macOS
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    # Linux (Debian/Ubuntu/Fedora package paths)
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf", 0),
)


class FontNotFound(Exception):
    """No Chinese TrueType font that reportlab can embed was found (message is user-facing)."""


@dataclass(frozen=True)
class FontInfo:
    name: str  # the reportlab font name to draw with
    path: Path
    index: int
    family: str  # the font's own name, e.g. WenQuanYiMicroHei


_lock = threading.Lock()
_found: FontInfo | None = None
_glyphs: frozenset[int] = frozenset()


def _candidates() -> list[tuple[Path, int]]:
    wanted = os.environ.get(ENV_FONT, "").strip()
    found: list[tuple[Path, int]] = []
    if wanted:
        path, _sep, index = wanted.partition(",")
        found.append((Path(path), int(index) if index.strip().isdigit() else 0))
    windir = os.environ.get("WINDIR")
    for path, index in CANDIDATES:
        if windir and path.lower().startswith("c:\\windows"):
            path = windir + path[len("C:\\Windows"):]
        found.append((Path(path), index))
    return found


def _load(path: Path, index: int) -> TTFont | None:
    if not path.is_file():
        return None
    try:
        font = TTFont(FONT_NAME, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return None  # CFF outlines, a broken file, a bad index: try the next one
    return font if 0x4E2D in font.face.charToGlyph else None  # 中: it draws Chinese


def cjk_font() -> FontInfo:
    """The registered Chinese font; FontNotFound (Chinese message) when there is none."""
    global _found, _glyphs
    with _lock:
        if _found is not None:
            return _found
        for path, index in _candidates():
            font = _load(path, index)
            if font is None:
                continue
            pdfmetrics.registerFont(font)
            family = font.face.name
            _glyphs = frozenset(font.face.charToGlyph)
            _found = FontInfo(
                FONT_NAME, path, index,
                family.decode("latin-1") if isinstance(family, bytes) else str(family),
            )
            return _found
    raise FontNotFound(
        _(
            "No Chinese font was found for printing. Install one (on Linux: the package "
            "fonts-wqy-microhei), or set {env} to the path of a TrueType font."
        ).format(env=ENV_FONT)
    )


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` the font cannot draw (each once, in order); spaces and line
    breaks are not counted."""
    cjk_font()
    missing = [ch for ch in dict.fromkeys(text) if not ch.isspace() and ord(ch) not in _glyphs]
    return missing


def _reset_for_tests() -> None:
    global _found, _glyphs
    with _lock:
        _found, _glyphs = None, frozenset()
