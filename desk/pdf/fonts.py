"""The Chinese TrueType font every PDF embeds (confirmation sheets, packing lists, labels).

`cjk_font()` finds one font once per process — the font chosen in Settings
(`set_preferred_font`, applied by desk.core.pdf_font when a shop file opens), else a font file
named in the environment (SHOP_DESK_PDF_FONT), else the first of the known Windows, macOS and
Linux fonts that exists and that reportlab can embed (TrueType outlines; .ttc collections by
index) — and registers it with reportlab under FONT_NAME; PDFs embed it as a subset.
`inspect_font(path)` says whether a file can be used and why not (a CFF/OpenType-PostScript font
such as Noto Sans CJK .otf cannot be embedded by reportlab). `missing_glyphs(text)` lists the
characters the font cannot draw, so that a document can refuse or report them instead of
printing boxes.
"""

from __future__ import annotations

import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desk.i18n import _

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFont

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
class FontCheck:
    """What `inspect_font` found: `usable` for PDFs, else `problem` (user-facing, names the file)."""

    path: Path
    index: int
    usable: bool
    problem: str
    family: str = ""
    faces: int = 1  # faces in a .ttc collection
    glyphs: frozenset[int] = frozenset()

    def lacks(self, text: str) -> list[str]:
        """The characters of `text` this font cannot draw (each once; spaces not counted)."""
        return [ch for ch in dict.fromkeys(text) if not ch.isspace() and ord(ch) not in self.glyphs]


@dataclass(frozen=True)
class FontInfo:
    name: str  # the reportlab font name to draw with
    path: Path
    index: int
    family: str  # the font's own name, e.g. WenQuanYiMicroHei


_lock = threading.Lock()
_found: FontInfo | None = None
_glyphs: frozenset[int] = frozenset()
_preferred: tuple[Path, int] | None = None


def set_preferred_font(path: Path | str | None, index: int = 0) -> None:
    """Use this font file first (None: search as usual); the next cjk_font() loads it."""
    global _preferred, _found, _glyphs
    wanted = (Path(path), int(index)) if path else None
    with _lock:
        if wanted != _preferred:
            _preferred, _found, _glyphs = wanted, None, frozenset()


def preferred_font() -> tuple[Path, int] | None:
    return _preferred


def _outline_kind(path: Path, index: int) -> tuple[str, int]:
    """("truetype" | "cff" | "woff" | "index" | "other", faces) from the file's headers."""
    with path.open("rb") as handle:
        head = handle.read(12)
        faces = 1
        if head[:4] == b"ttcf" and len(head) == 12:
            faces = struct.unpack(">I", head[8:12])[0]
            if not 0 <= index < faces or faces > 10_000:
                return "index", faces
            handle.seek(12 + 4 * index)
            offset = struct.unpack(">I", handle.read(4))[0]
            handle.seek(offset)
            head = handle.read(4)
    tag = head[:4]
    if tag in (b"\x00\x01\x00\x00", b"true"):
        return "truetype", faces
    if tag == b"OTTO":
        return "cff", faces
    if tag in (b"wOFF", b"wOF2"):
        return "woff", faces
    return "other", faces


def inspect_font(path: Path | str, index: int = 0) -> FontCheck:
    """Can this font file be embedded in the PDFs? Reads it (never raises for a bad file)."""
    path = Path(path)
    name = path.name
    try:
        if not path.is_file():
            return FontCheck(path, index, False, _("The font file {path} does not exist.").format(
                path=path))  # fmt: skip
        kind, faces = _outline_kind(path, index)
    except (OSError, struct.error) as exc:
        return FontCheck(path, index, False, _("The font file {name} cannot be read: "
                                               "{reason}").format(name=name, reason=exc))  # fmt: skip
    problems = {
        "cff": _("{name} is an OpenType font with PostScript (CFF) outlines, like the .otf files "
                 "of Noto Sans CJK or Source Han Sans: PDFs can only embed TrueType outlines. "
                 "Choose a .ttf or .ttc font such as Microsoft YaHei (msyh.ttc), SimHei "
                 "(simhei.ttf) or WenQuanYi Micro Hei."),
        "woff": _("{name} is a web font (WOFF): choose a .ttf or .ttc font file."),
        "index": _("{name} has {faces} fonts in it; there is no font number {number}."),
        "other": _("{name} is not a TrueType font file (.ttf or .ttc)."),
    }  # fmt: skip
    if kind != "truetype":
        message = problems[kind].format(name=name, faces=faces, number=index + 1)
        return FontCheck(path, index, False, message, faces=faces)
    from reportlab.pdfbase.ttfonts import TTFError, TTFont  # only when a font is read

    try:
        font = TTFont(FONT_NAME, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error) as exc:
        return FontCheck(path, index, False, _("The font file {name} cannot be used: "
                                               "{reason}").format(name=name, reason=exc),
                         faces=faces)  # fmt: skip
    family = font.face.name
    family = family.decode("latin-1") if isinstance(family, bytes) else str(family)
    glyphs = frozenset(font.face.charToGlyph)
    if 0x4E2D not in glyphs:  # 中
        return FontCheck(path, index, False, _("{name} has no Chinese characters: choose a "
                                               "Chinese font.").format(name=name),
                         family, faces, glyphs)  # fmt: skip
    return FontCheck(path, index, True, "", family, faces, glyphs)


def _candidates() -> list[tuple[Path, int]]:
    wanted = os.environ.get(ENV_FONT, "").strip()
    found: list[tuple[Path, int]] = []
    if _preferred is not None:
        found.append(_preferred)
    if wanted:
        path, _sep, index = wanted.partition(",")
        found.append((Path(path), int(index) if index.strip().isdigit() else 0))
    windir = os.environ.get("WINDIR")
    for path, index in CANDIDATES:
        if windir and path.lower().startswith("c:\\windows"):
            path = windir + path[len("C:\\Windows") :]
        found.append((Path(path), index))
    return found


def _load(path: Path, index: int) -> TTFont | None:
    from reportlab.pdfbase.ttfonts import TTFError, TTFont  # only when a font is read

    if not path.is_file():
        return None
    try:
        font = TTFont(FONT_NAME, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error):
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
            from reportlab.pdfbase import pdfmetrics

            pdfmetrics.registerFont(font)
            family = font.face.name
            _glyphs = frozenset(font.face.charToGlyph)
            _found = FontInfo(
                FONT_NAME,
                path,
                index,
                family.decode("latin-1") if isinstance(family, bytes) else str(family),
            )
            return _found
        message = _(
            "No Chinese font was found for printing. Install one (on Linux: the package "
            "fonts-wqy-microhei), or set {env} to the path of a TrueType font."
        ).format(env=ENV_FONT)
        if _preferred is not None:  # say why the chosen one did not do
            message = inspect_font(*_preferred).problem + "\n" + message
    raise FontNotFound(message.strip())


def missing_glyphs(text: str) -> list[str]:
    """The characters of `text` the font cannot draw (each once, in order); spaces and line
    breaks are not counted."""
    cjk_font()
    missing = [ch for ch in dict.fromkeys(text) if not ch.isspace() and ord(ch) not in _glyphs]
    return missing


def _reset_for_tests() -> None:
    global _found, _glyphs, _preferred
    with _lock:
        _found, _glyphs, _preferred = None, frozenset(), None
