"""Customers out of the shop file: an .xlsx or CSV list (a group, a search result), and an SMS
list with the message for each customer.

What a spreadsheet must not do to the data:
- phones and postcodes stay text: in .xlsx, text cells formatted as Text (`@`); in a CSV, a tab
  before the digits (Excel and WPS then keep 13812345678 and 010010 as they are, not as 1.38E+10
  and 10010);
- nothing becomes a formula: in .xlsx every text cell is written as a string (never a formula,
  whatever it starts with) and one starting with = + - @ also gets Excel's quote prefix, so that
  editing the cell does not turn it into a formula either; in a CSV such text is written with a
  leading ' (the usual guard: the text shows with the quote, it never runs).

Files are written beside the target and renamed over it at the end: a failure leaves the old
file as it was, and says so.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desk.core import phones
from desk.core.errors import DomainError, ValidationError
from desk.core.money import format_yuan, yuan_decimal
from desk.db.connection import db
from desk.i18n import N_, _

SMS_LIMIT = 70
_CHUNK = 500
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")

#: (key, header) of the export's columns, in order.
COLUMNS = (
    ("nick", N_("Buyer ID / nickname")),
    ("name", N_("Customer's name")),
    ("phone", N_("Mobile")),
    ("other_phones", N_("Other phones")),
    ("province", N_("Province")),
    ("city", N_("City")),
    ("district", N_("District")),
    ("street", N_("Street address")),
    ("postcode", N_("Postcode")),
    ("groups", N_("Groups")),
    ("tags", N_("Tags")),
    ("order_count", N_("Order count")),
    ("total_spent", N_("Total spent")),
    ("last_order", N_("Last purchase")),
    ("notes", N_("Notes")),
)
_TEXT_KEYS = frozenset({"phone", "other_phones", "postcode"})  # digits that must stay text
_WIDTHS = (16, 10, 14, 16, 12, 10, 10, 36, 8, 16, 16, 8, 10, 12, 30)


@dataclass(frozen=True)
class SmsPreview:
    message: str  # the text as the customer with the longest name gets it
    length: int  # characters as SMS counts them (an emoji or 𠮷 counts two)
    over_limit: bool  # longer than SMS_LIMIT: the carrier splits it into several messages
    recipients: tuple[tuple[str, str], ...]  # (mobile, name) in list order
    skipped: int  # customers without a mobile, blacklisted, or a mobile already listed


# --- reading ---------------------------------------------------------------------------------------


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _customers(customer_ids: Iterable[int]) -> Iterator[dict]:
    """The live customers of `customer_ids`, in that order (each once), with what a list shows."""
    ids = list(dict.fromkeys(int(i) for i in customer_ids))
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        found: dict[int, dict] = {}
        for cid, nick, name, notes, count, spent, last in db.execute_sql(
            "SELECT id, nick, name, notes, order_count, total_spent_fen, last_order_at"
            f" FROM customer WHERE id IN ({marks}) AND merged_into_id IS NULL",
            chunk,
        ):
            found[cid] = dict(
                id=cid, nick=nick, name=name, notes=notes, order_count=count, spent=spent,
                last=last, phones=[], address=None, groups=[], tags=[], blacklisted=False,
            )  # fmt: skip
        for cid, phone, kind in db.execute_sql(
            f"SELECT customer_id, phone, kind FROM customer_phone WHERE customer_id IN ({marks})"
            " ORDER BY customer_id, position, id",
            chunk,
        ):
            if cid in found:
                found[cid]["phones"].append((phone, kind))
        for cid, *address in db.execute_sql(
            "SELECT customer_id, province, city, district, street, postcode FROM address"
            f" WHERE customer_id IN ({marks}) ORDER BY customer_id, is_default DESC, id",
            chunk,
        ):
            if cid in found and found[cid]["address"] is None:
                found[cid]["address"] = address
        for cid, name, key in db.execute_sql(
            "SELECT m.customer_id, g.name, g.key FROM customer_group_member m JOIN customer_group g"
            f" ON g.id = m.group_id WHERE m.customer_id IN ({marks}) ORDER BY g.position, g.id",
            chunk,
        ):
            if cid in found:
                found[cid]["groups"].append(name)
                found[cid]["blacklisted"] |= key == "blacklist"
        for cid, name in db.execute_sql(
            "SELECT t.customer_id, g.name FROM customer_tag t JOIN tag g ON g.id = t.tag_id"
            f" WHERE t.customer_id IN ({marks}) ORDER BY g.name",
            chunk,
        ):
            if cid in found:
                found[cid]["tags"].append(name)
        for cid in chunk:
            if cid in found:
                yield found[cid]


def _day(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    try:
        return datetime.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def _row(customer: dict, masked: bool) -> dict:
    numbers = [phones.mask(p) if masked else p for p, _kind in customer["phones"]]
    province, city, district, street, postcode = customer["address"] or ("",) * 5
    return {
        "nick": customer["nick"],
        "name": customer["name"],
        "phone": numbers[0] if numbers else "",
        "other_phones": " / ".join(numbers[1:]),
        "province": province,
        "city": city,
        "district": district,
        "street": street,
        "postcode": postcode,
        "groups": "、".join(customer["groups"]),
        "tags": "、".join(customer["tags"]),
        "order_count": customer["order_count"],
        "total_spent": customer["spent"],
        "last_order": _day(customer["last"]),
        "notes": customer["notes"],
    }


# --- writing ---------------------------------------------------------------------------------------


def export_customers(customer_ids: Iterable[int], path: Path | str, *, masked: bool = False) -> int:
    """Write the customers (in the given order; merged or deleted ones left out) to `path`, an
    .xlsx or .csv file by its suffix; `masked` hides the middle of the phone numbers. Returns
    how many customers were written."""
    path = Path(path)
    kind = _kind(path)
    headers = [_(title) for _key, title in COLUMNS]
    rows = [_row(c, masked) for c in _customers(customer_ids)]
    if kind == "xlsx":
        keys = [key for key, _title in COLUMNS]
        _write_atomic(path, lambda target: _save_xlsx(target, _("Customers"), headers, keys, rows))
    else:
        _write_atomic(path, lambda target: _save_csv(target, headers, rows))
    return len(rows)


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".csv"):
        return suffix[1:]
    raise ValidationError(
        _("Choose a file name ending in .xlsx (Excel) or .csv, not {name}.").format(name=path.name),
        "file",
    )


def _protect(text: str) -> str:
    """CSV guard: text a spreadsheet would run as a formula gets a leading '."""
    return "'" + text if text.startswith(_RISKY_START) else text


def _csv_value(key: str, value) -> str:
    if value is None:
        return ""
    if key == "total_spent":
        return format_yuan(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = _protect(str(value))
    if key in _TEXT_KEYS and text[:1].isdigit():
        return "\t" + text  # kept as text by Excel / WPS (13812345678, 010010)
    return text


def _save_csv(target: Path, headers: list[str], rows: list[dict]) -> None:
    keys = [key for key, _title in COLUMNS]
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_protect(h) for h in headers])
        for row in rows:
            writer.writerow([_csv_value(key, row[key]) for key in keys])
        handle.flush()
        os.fsync(handle.fileno())


def _save_xlsx(
    target: Path, title: str, headers: list[str], keys: list[str], rows: list[dict]
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for number, width in enumerate(_WIDTHS[: len(headers)], 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    bold = Font(bold=True)

    def cell(value, key: str = ""):
        if isinstance(value, str):
            item = WriteOnlyCell(sheet, value=None)
            item.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            item.data_type = "s"  # a string, even if it starts with = (never a formula)
            if value.startswith(_RISKY_START):
                item.quotePrefix = True  # and it stays text when edited in Excel
            if key in _TEXT_KEYS:
                item.number_format = "@"
            return item
        if key == "total_spent":
            item = WriteOnlyCell(sheet, value=yuan_decimal(value))
            item.number_format = "0.00"
            return item
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime.date):
            item.number_format = "yyyy-mm-dd"
        return item

    header_cells = []
    for text in headers:
        item = cell(text)
        item.font = bold
        header_cells.append(item)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([cell(row[key], key) for key in keys])
    workbook.save(target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def _write_atomic(path: Path, save) -> None:
    """`save(temporary path)` beside `path`, then rename it over `path`."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=f"{path.suffix}.part",
                                        dir=folder)  # fmt: skip
        os.close(handle)
    except OSError as exc:
        raise DomainError(
            _("Cannot write into the folder {folder}: {reason}").format(
                folder=folder, reason=exc.strerror or exc
            ),
            "file",
        ) from None
    partial = Path(name)
    try:
        save(partial)
        os.replace(partial, path)
    except PermissionError:
        partial.unlink(missing_ok=True)
        raise DomainError(
            _(
                "Cannot replace {name}: it is open in another program (such as Excel or WPS) or "
                "is read-only. Close it and export again; the old file is untouched."
            ).format(name=path.name),
            "file",
        ) from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DomainError(
            _("Cannot write {name}: {reason}. The old file is untouched.").format(
                name=path.name, reason=exc.strerror or exc
            ),
            "file",
        ) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


# --- SMS -------------------------------------------------------------------------------------------


def sms_length(text: str) -> int:
    """Length as carriers count an SMS: UTF-16 code units (𠮷 and emoji count two)."""
    return len(text.encode("utf-16-le")) // 2


def _sms_recipients(customer_ids: Iterable[int]) -> tuple[list[tuple[str, str]], int]:
    recipients: list[tuple[str, str]] = []
    seen: set[str] = set()
    skipped = 0
    for customer in _customers(customer_ids):
        mobile = next((p for p, kind in customer["phones"] if kind == phones.MOBILE), None)
        if mobile is None or customer["blacklisted"] or mobile in seen:
            skipped += 1
            continue
        seen.add(mobile)
        recipients.append((mobile, customer["name"] or customer["nick"]))
    return recipients, skipped


def _render(message: str, name: str) -> str:
    return message.replace("{name}", name)


def sms_preview(message: str, customer_ids: Iterable[int]) -> SmsPreview:
    """The message as it will be sent ({name} → each customer's name, or buyer ID), measured with
    the longest name; the customers it goes to (their first mobile; blacklisted customers, those
    without a mobile and repeated numbers are skipped)."""
    recipients, skipped = _sms_recipients(customer_ids)
    longest = max((name for _m, name in recipients), key=sms_length, default="")
    text = _render(message or "", longest)
    length = sms_length(text)
    return SmsPreview(text, length, length > SMS_LIMIT, tuple(recipients), skipped)


def export_sms_list(customer_ids: Iterable[int], message: str, path: Path | str) -> int:
    """A CSV (UTF-8 with BOM) of mobile, name and the message for each recipient of
    `sms_preview`, for an SMS platform; .xlsx when the name ends so. Returns the rows written."""
    path = Path(path)
    kind = _kind(path)
    if not (message or "").strip():
        raise ValidationError(_("Write the message first."), "message")
    recipients, _skipped = _sms_recipients(customer_ids)
    headers = [_("Mobile"), _("Customer's name"), _("Message")]
    rows = [
        {"phone": mobile, "name": name, "message": _render(message, name)}
        for mobile, name in recipients
    ]
    if kind == "xlsx":
        keys = ["phone", "name", "message"]
        _write_atomic(path, lambda target: _save_xlsx(target, _("SMS"), headers, keys, rows))
    else:

        def save(target: Path) -> None:
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer)
            writer.writerow(headers)
            for row in rows:  # mobiles are plain: SMS platforms read the digits as they are
                writer.writerow([row["phone"], _protect(row["name"]), _protect(row["message"])])
            with open(target, "w", encoding="utf-8-sig", newline="") as handle:
                handle.write(buffer.getvalue())
                handle.flush()
                os.fsync(handle.fileno())

        _write_atomic(path, save)
    return len(rows)


__all__ = [
    "COLUMNS", "SMS_LIMIT", "SmsPreview", "export_customers", "export_sms_list",
    "sms_length", "sms_preview",
]  # fmt: skip
