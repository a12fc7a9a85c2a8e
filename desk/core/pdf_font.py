"""The font the PDFs (labels, confirmation sheets, packing lists) are printed with, chosen in
Settings: a .ttf/.ttc file (and its number in a collection) kept in the shop file.

`save_pdf_font` refuses a file that cannot be embedded (a CFF/OTF font such as Noto Sans CJK,
a font without Chinese, no font at all) with a message naming the file, and applies the choice
at once; `apply_saved_font` applies the stored choice after a shop file opens (the app and
`python -m desk labels`). Without a choice, desk.pdf.fonts searches the usual system fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk.core import changes, settings
from desk.core.changes import Changes
from desk.core.errors import ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.pdf import fonts

FONT_KEY = "pdf_font"


@dataclass(frozen=True)
class PdfFontChoice:
    path: Path
    index: int  # the font's number in a .ttc collection (0: the first)


def get_pdf_font() -> PdfFontChoice | None:
    """The font chosen in Settings, None when the app searches for one."""
    stored = settings._get(FONT_KEY, None)
    if (
        not isinstance(stored, dict)
        or not isinstance(stored.get("path"), str)
        or not stored["path"]
    ):
        return None
    index = stored.get("index", 0)
    return PdfFontChoice(
        Path(stored["path"]), index if isinstance(index, int) and index >= 0 else 0
    )


def check_pdf_font(path: Path | str, index: int = 0) -> fonts.FontCheck:
    """Whether the file can be used (see fonts.inspect_font)."""
    return fonts.inspect_font(Path(path).expanduser(), index)


def save_pdf_font(path: Path | str | None, index: int = 0) -> Changes:
    """Choose the PDF font (None or "": search the system's fonts again). Refused (field "font",
    the file named) when the file cannot be embedded; applied at once when stored."""
    if path is None or not str(path).strip():
        with db.atomic():
            settings._put(FONT_KEY, None)
        fonts.set_preferred_font(None)
        return Changes.of(changes.SETTINGS)
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValidationError(_("Choose which font of the collection to use."), "font")
    path = Path(str(path).strip()).expanduser().absolute()
    check = fonts.inspect_font(path, index)
    if not check.usable:
        raise ValidationError(check.problem, "font")
    with db.atomic():
        settings._put(FONT_KEY, {"path": str(path), "index": index})
    fonts.set_preferred_font(path, index)
    return Changes.of(changes.SETTINGS)


def apply_saved_font() -> None:
    """Make the font stored in the open shop file (or none: the search) the one PDFs use."""
    choice = get_pdf_font()
    if choice is None:
        fonts.set_preferred_font(None)
    else:
        fonts.set_preferred_font(choice.path, choice.index)


def font_in_use() -> fonts.FontInfo | None:
    """The font the PDFs are drawn with now, None when there is none (FontNotFound)."""
    try:
        return fonts.cjk_font()
    except fonts.FontNotFound:
        return None
