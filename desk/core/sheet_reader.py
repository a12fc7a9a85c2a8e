"""Reading a table the users made in Excel: .xlsx (openpyxl) or .csv in UTF-8 or GB18030.

Gives the header row and the data rows as raw cells, and points out what an importer must
refuse: formulas (the file holds the formula, not what Excel showed), merged cells, garbled text
(text that was saved in one encoding and read in another). Importers (products now, customers
later) turn these into row-level messages.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from desk.core.errors import ValidationError
from desk.i18n import _

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and other Office 97 files)


@dataclass(frozen=True)
class Cell:
    value: object  # str, int, float, datetime, bool or None
    formula: bool = False


@dataclass(frozen=True)
class Merged:
    row: int  # first row of the merged range (1-based, as Excel shows)
    column: int  # first column, 0-based index into the headers
    rows: tuple[int, ...]  # every row the range covers
    ref: str  # "B3:B5"


@dataclass(frozen=True)
class Sheet:
    headers: tuple[Cell, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (row number as Excel shows it, cells)
    merged: tuple[Merged, ...] = field(default_factory=tuple)
    encoding: str = ""  # for CSV: the detected encoding


def read_table(path: Path | str) -> Sheet:
    """Read the first sheet of an .xlsx, or a .csv; ValidationError (field "file") when the file
    cannot be read as either."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(
                _("{name} is too big to import ({size} MB).").format(
                    name=path.name, size=size // (1024 * 1024)
                ),
                "file",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            _("Cannot read {name}: {reason}").format(name=path.name, reason=exc.strerror), "file"
        ) from None
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, path.name)
    if data.startswith(OLE_MAGIC):
        raise ValidationError(
            _("{name} is an old Excel file (.xls). Open it in Excel and save it as .xlsx.").format(
                name=path.name
            ),
            "file",
        )
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(data, path.name)
    raise ValidationError(
        _("{name} is not an Excel file (.xlsx) or a CSV file.").format(name=path.name), "file"
    )


def _read_xlsx(data: bytes, name: str) -> Sheet:
    import openpyxl  # imported here: only imports need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel features it skips
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:
        raise ValidationError(
            _("{name} cannot be read as an Excel file ({reason}).").format(name=name, reason=exc),
            "file",
        ) from None
    try:
        sheet = workbook.worksheets[0]
        merged = tuple(
            Merged(r.min_row, r.min_col - 1, tuple(range(r.min_row, r.max_row + 1)), r.coord)
            for r in sheet.merged_cells.ranges
        )
        headers, rows = _collect(
            name, (tuple(Cell(c.value, c.data_type == "f") for c in row) for row in sheet.iter_rows())
        )
    finally:
        workbook.close()
    return Sheet(headers, rows, merged, "xlsx")


def _collect(name: str, lines) -> tuple[tuple[Cell, ...], tuple[tuple[int, tuple[Cell, ...]], ...]]:
    """The header (first line) and the non-empty data rows with their numbers as Excel shows them."""
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    headers: tuple[Cell, ...] = ()
    for number, cells in enumerate(lines, start=1):
        if number == 1:
            headers = cells
        elif any(_filled(c) for c in cells):
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise ValidationError(
                    _("{name} has more than {count} rows.").format(name=name, count=MAX_ROWS),
                    "file",
                )
    return headers, tuple(rows)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Text of a CSV saved by Excel: UTF-8 (with or without BOM) or GB18030 (Chinese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("{name} is neither UTF-8 nor GB18030 text; save it from Excel as CSV (UTF-8).").format(
            name=name
        ),
        "file",
    )


def _read_csv(data: bytes, name: str) -> Sheet:
    text, encoding = decode_text(data, name)
    if "\x00" in text:
        raise ValidationError(_("{name} is not a text file.").format(name=name), "file")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers, rows = _collect(
            name, (tuple(Cell(v, v.startswith("=") and len(v) > 1) for v in raw) for raw in reader)
        )
    except csv.Error as exc:
        raise ValidationError(
            _("{name} cannot be read as CSV ({reason}).").format(name=name, reason=exc), "file"
        ) from None
    return Sheet(headers, rows, (), encoding)


def _filled(cell: Cell) -> bool:
    return cell.value is not None and str(cell.value).strip() != ""


def garbled(text: str) -> str | None:
    """If `text` looks like mojibake, what it probably said (or "" when unknown); else None.

    Catches the two usual accidents: GB18030/UTF-8 bytes shown as Latin-1 ("Á¬ÒÂÈ¹" for
    连衣裙), and the replacement characters a failed decode leaves (� or 锟斤拷).
    """
    if "\ufffd" in text or "锟斤拷" in text:
        return ""
    high = sum(1 for ch in text if "\x80" <= ch <= "\xff")
    if high < 2:
        return None
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        try:
            raw = text.encode("cp1252")
        except UnicodeEncodeError:
            return None
    for encoding in ("utf-8", "gb18030"):
        try:
            decoded = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in decoded):
            return decoded
    return None
