"""Any customer table (CSV in UTF-8 / UTF-8 with BOM / GB18030, or .xlsx) with a column mapping:
the user says which column holds the name, the buyer ID, the phone, the address…; the rows are
checked like the Taobao export's. One row is one customer (no orders)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from desk.core import customer_export, customers, divisions, sheet_reader
from desk.core.customer_import_base import (
    ImportedBuyer,
    ImportFileError,
    RowProblem,
    formula_problem,
    looks_like_formula,
    one_line,
    phone_values,
    unwrap,
)
from desk.core.customer_import_taobao import cell_text, split_address
from desk.core.customers import AddressDraft
from desk.core.errors import ValidationError
from desk.i18n import N_, _

TABLE_FIELDS: tuple[str, ...] = (
    "nick", "name", "phone", "province", "city", "district", "street", "postcode",
    "full_address", "notes", "group", "tags", "other_phones",
)  # fmt: skip

_LABELS = {
    "nick": N_("Buyer ID (旺旺)"),
    "name": N_("Customer's name"),
    "phone": N_("Phone"),
    "province": N_("Province"),
    "city": N_("City"),
    "district": N_("District"),
    "street": N_("Street address"),
    "postcode": N_("Postcode"),
    "full_address": N_("Full address (province to street)"),
    "notes": N_("Notes"),
    "group": N_("Groups"),
    "tags": N_("Tags"),
    "other_phones": N_("Other phones"),
}

#: The header names each field is guessed from (lowercase, spaces removed).
_ALIASES: dict[str, tuple[str, ...]] = {
    "nick": ("旺旺/昵称", "旺旺", "旺旺号", "旺旺名", "昵称", "买家会员名", "买家昵称", "会员名",
             "淘宝id", "淘宝账号", "淘宝昵称", "buyerid", "nick", "nickname"),
    "name": ("姓名", "名字", "客户姓名", "客户", "收货人", "收货人姓名", "收件人", "联系人", "name"),
    "phone": ("手机", "手机号", "手机号码", "联系手机", "电话", "联系电话", "电话号码", "phone",
              "mobile"),
    "other_phones": ("其他电话", "其它电话", "备用电话", "座机", "固定电话"),
    "province": ("省", "省份", "省/直辖市", "province"),
    "city": ("市", "城市", "地级市", "city"),
    "district": ("区", "区县", "县区", "区/县", "district"),
    "street": ("详细地址", "街道地址", "街道", "street"),
    "postcode": ("邮编", "邮政编码", "postcode", "zip"),
    "full_address": ("地址", "收货地址", "完整地址", "联系地址", "address"),
    "notes": ("备注", "客户备注", "留言", "说明", "notes", "note"),
    "group": ("分组", "客户分组", "组", "group", "groups"),
    "tags": ("标签", "tags", "tag"),
}  # fmt: skip
_SPLIT = re.compile(r"[,，;；、|/]+")


@dataclass(frozen=True)
class RawTable:
    """The file's cells as text: the header row, then one tuple per line from `first_line` on
    (an empty line is an empty tuple, so line numbers stay as in the file)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    first_line: int


def field_label(key: str) -> str:
    return _(_LABELS[key])


def read_table(path: Path | str) -> RawTable:
    """Read a CSV (UTF-8, UTF-8 with BOM, GB18030) or the first sheet of an .xlsx."""
    path = Path(path)
    try:
        sheet = sheet_reader.read_table(path)
    except ValidationError as exc:
        raise ImportFileError(exc.message) from None
    headers = tuple(one_line(unwrap(cell_text(c.value).replace("\ufeff", ""))) for c in sheet.headers)
    if not any(headers):
        raise ImportFileError(_("{name} is empty.").format(name=path.name))
    if not sheet.rows:
        raise ImportFileError(_("{name} has no rows below its header.").format(name=path.name))
    first = sheet.rows[0][0]
    rows: list[tuple[str, ...]] = []
    for number, cells in sheet.rows:
        while first + len(rows) < number:
            rows.append(())
        rows.append(tuple(_cell(c) for c in cells))
    return RawTable(headers, tuple(rows), first)


def _cell(cell: sheet_reader.Cell) -> str:
    value = cell.value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return cell_text(value)


def guess_mapping(headers: tuple[str, ...] | list[str]) -> dict[str, int]:
    """field → column index for the headers we recognise (each field and column once)."""
    by_name = {alias: f for f, aliases in _ALIASES.items() for alias in aliases}
    for key, title in customer_export.COLUMNS:  # our own export reads back in any language
        field = "group" if key == "groups" else key
        if field in _LABELS:
            for text in (title, _(title)):
                by_name.setdefault("".join(text.split()).lower(), field)
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = "".join(str(header).split()).lower()
        found = by_name.get(key)
        if found is not None and found not in mapping:
            mapping[found] = index
    return mapping


def parse_table(
    table: RawTable, mapping: dict[str, int]
) -> tuple[list[ImportedBuyer], list[RowProblem]]:
    mapping = {f: i for f, i in mapping.items() if f in TABLE_FIELDS and i is not None}
    if not {"name", "nick", "phone"} & mapping.keys():
        raise ImportFileError(_(
            "Choose the column of the name, the buyer ID or the phone: a customer is known by "
            "at least one of them."
        ))
    width = len(table.headers)
    bad = [i for i in mapping.values() if not 0 <= i < width]
    if bad:
        raise ImportFileError(_("The chosen column {number} is not in the file.").format(
            number=bad[0] + 1))  # fmt: skip
    label = {f: table.headers[i] or str(i + 1) for f, i in mapping.items()}
    buyers: list[ImportedBuyer] = []
    problems: list[RowProblem] = []
    for offset, cells in enumerate(table.rows):
        if not any(c.strip() for c in cells):
            continue
        line = table.first_line + offset
        found: list[RowProblem] = []
        if len(cells) < width:
            found.append(RowProblem(line, "", _(
                "The row has {count} columns where the header has {width}; the missing cells "
                "are read as empty."
            ).format(count=len(cells), width=width), blocking=False))
        buyer = _row(line, cells, mapping, label, found)
        problems += found
        if buyer is not None and not any(p.blocking for p in found):
            buyers.append(buyer)
    return buyers, problems


def _row(
    line: int, cells: tuple[str, ...], mapping: dict[str, int], label: dict[str, str],
    problems: list[RowProblem],
) -> ImportedBuyer | None:  # fmt: skip
    def get(field: str) -> str:
        index = mapping.get(field)
        return unwrap(cells[index]) if index is not None and index < len(cells) else ""

    def problem(field: str, message: str, blocking: bool = True) -> None:
        problems.append(RowProblem(line, label.get(field, ""), message, blocking))

    for field in ("nick", "name", "street", "full_address", "notes"):
        if looks_like_formula(get(field)):
            problems.append(formula_problem(line, label[field]))
    nick = get("nick").strip()
    name = one_line(get("name"))
    if not nick and not name:
        problem("name" if "name" in mapping else "nick", _(
            "The name is empty (a customer needs a name or a buyer ID)."))  # fmt: skip
    if len(name) > customers.MAX_NAME:
        problem("name", _("The name is too long (at most {count} characters).").format(
            count=customers.MAX_NAME))  # fmt: skip
    if len(nick) > customers.MAX_NICK or any(ch in nick for ch in "\r\n\t"):
        problem("nick", _("The buyer ID is too long or holds line breaks."))
    found = []
    for field in ("phone", "other_phones"):
        if field in mapping:
            for phone in phone_values(cells[mapping[field]] if mapping[field] < len(cells) else "",
                                      line, label[field], problems):  # fmt: skip
                if phone not in found:
                    found.append(phone)
    address = _address(line, get, mapping, label, name, found, problems)
    notes = get("notes").strip()
    if len(notes) > customers.MAX_NOTES:
        problem("notes", _("Notes are too long (at most {count} characters).").format(
            count=customers.MAX_NOTES))  # fmt: skip
    groups = [one_line(g) for g in _SPLIT.split(get("group")) if g.strip()]
    for group in groups:
        if len(group) > customers.MAX_GROUP_NAME:
            problem("group", _("Group name {name} is too long (at most {count} characters).").format(
                name=group, count=customers.MAX_GROUP_NAME))  # fmt: skip
    tags = [one_line(t) for t in _SPLIT.split(get("tags")) if t.strip()]
    for tag in tags:
        if len(tag) > customers.MAX_TAG:
            problem("tags", _("Tag {tag} is too long (at most {count} characters).").format(
                tag=tag, count=customers.MAX_TAG))  # fmt: skip
    if any(p.blocking for p in problems):
        return None
    return ImportedBuyer(
        line=line, external_no="", nick=nick, name=name,
        phones=tuple(p.text for p in found), address=address, total_fen=0, ordered_at=None,
        notes=notes, group="、".join(dict.fromkeys(groups)), tags=tuple(dict.fromkeys(tags)),
        customer_id=None, action="create", counted=False,
    )  # fmt: skip


def _address(line, get, mapping, label, name, found, problems) -> AddressDraft | None:
    parts = [get(f) for f in ("province", "city", "district", "street")]
    full = one_line(get("full_address"))
    if not any(parts) and not full:
        return None
    column = label.get("full_address") or label.get("province") or label.get("street", "")
    if full and not parts[0]:
        joined = full if not any(parts) else " ".join([full, *[p for p in parts if p]])
        split = split_address(joined)
    else:
        province, city, district = _official(*[one_line(p) for p in parts[:3]])
        street = one_line(parts[3]) or full
        split = (province, city, district, street, "") if province else split_address(
            " ".join(p for p in [*parts[:3], street] if p))
    if split is None:
        problems.append(RowProblem(line, column, _("No province found in the address.")))
        return None
    province, city, district, street, postcode = split
    code = one_line(get("postcode"))
    if code:
        if code.isdigit() and len(code) < 6 and code != "0":
            code = code.zfill(6)  # a number cell lost its leading zero (010000 → 10000)
        if code.isascii() and code.isdigit() and len(code) == 6:
            postcode = code
        else:
            problems.append(RowProblem(line, label["postcode"], _(
                "{postcode} is not a postcode (6 digits); it is left out."
            ).format(postcode=code), blocking=False))
    if not street:
        problems.append(RowProblem(line, column, _(
            "The address has no street; it is not saved."), blocking=False))  # fmt: skip
        return None
    if len(street) > customers.MAX_STREET:
        problems.append(RowProblem(line, column, _("The street address is too long.")))
        return None
    return AddressDraft(
        receiver=name, phone=found[0].text if found else "", province=province, city=city,
        district=district, street=street, postcode=postcode,
    )  # fmt: skip


def _official(province: str, city: str, district: str) -> tuple[str, str, str]:
    """The official names of a province / city / district written in columns (浙江 → 浙江省);
    ("", …) when the province is not one we know."""
    index = divisions.index()
    found = index.find_province(province) if province else None
    if found is None:
        return "", city, district
    city_found = index.find_city(city, found.code) if city else None
    if city_found is None and divisions.is_municipality(found):
        city_found = index.children(found.code)[0] if index.children(found.code) else None
    district_found = (
        index.find_district(district, city_found.code) if city_found and district else None
    )
    return (
        found.name,
        city_found.name if city_found else city,
        district_found.name if district_found else district,
    )
