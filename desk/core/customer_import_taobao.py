"""Reading a Taobao / Qianniu seller order export (订单报表) into checked rows.

What the export looks like, and what is done about it:
- GB18030 bytes (newer exports: UTF-8 with a BOM); a UTF-16 or binary file is refused whole;
- order numbers written as `="1234…"` so that Excel keeps them as text → unwrapped;
- a leading `'` on the phone fields (`'13812345678`) → dropped;
- some header names end with a space (`收货地址 `, `联系电话 `, `物流单号 `) → headers are trimmed;
- 收货地址 as `省 市 区 详细地址(邮编)` → split with the official division list
  (`desk.core.divisions`), with the smart-paste parser as the fallback for other shapes;
- `No:` before tracking numbers (not kept by the customer book).

One row is one order, and becomes an Order too (`desk.core.taobao_orders`: status, amounts,
line, memo, shipment). An order counts into the buyer's figures when it was paid and is not
closed (交易关闭); its amount is 买家实际支付金额 less 退款金额.
"""

from __future__ import annotations

import csv
import datetime
import io
import operator
import re
from functools import lru_cache
from pathlib import Path

from desk.core import addresses, customers, divisions, sheet_reader, taobao_orders
from desk.core.customer_import_base import (
    TAOBAO,
    ImportedBuyer,
    ImportFileError,
    Progress,
    RowProblem,
    formula_problem,
    looks_like_formula,
    one_line,
    parse_when,
    phone_values,
    unwrap,
)
from desk.core.customers import AddressDraft
from desk.core.errors import ValidationError
from desk.core.money import parse_yuan
from desk.i18n import _

MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_ROWS = 500_000

#: field → the header names it goes by in the exports we know (first = the usual one)
HEADERS: dict[str, tuple[str, ...]] = {
    "order_no": ("订单编号", "订单号", "主订单编号"),
    "nick": ("买家会员名", "买家昵称", "买家账号"),
    "paid": ("买家实际支付金额", "实付款", "买家实付金额"),
    "status": ("订单状态",),
    "message": ("买家留言",),
    "name": ("收货人姓名", "收货人"),
    "address": ("收货地址", "详细收货地址"),
    "phone": ("联系电话",),
    "mobile": ("联系手机", "手机号码", "手机"),
    "created": ("订单创建时间", "下单时间", "创建时间"),
    "paid_at": ("订单付款时间", "付款时间"),
    "refund": ("退款金额",),
    "tracking": ("物流单号", "运单号"),
    # the order (desk.core.taobao_orders)
    "goods": ("买家应付货款",),
    "postage": ("买家应付邮费",),
    "total": ("总金额",),
    "title": ("宝贝标题", "商品标题"),
    "quantity": ("宝贝总数量", "商品数量"),
    "courier": ("物流公司", "快递公司"),
    "memo": ("订单备注", "卖家备注"),
    "code": ("商家编码", "商品编码"),
    "sku": ("销售属性", "商品属性", "宝贝属性"),
    "sku_changed": ("修改后的sku",),
}
REQUIRED = ("order_no", "nick", "address")
_NOT_COUNTED = ("关闭", "等待买家付款", "未付款", "待付款")
_POSTCODE_TAIL = re.compile(r"[(（]\s*(\d{6})?\s*[)）]\s*$")
#: Regions the division list does not carry (it is the mainland's): kept as written.
_OTHER_REGIONS = {
    "香港": "香港特别行政区", "香港特别行政区": "香港特别行政区",
    "澳门": "澳门特别行政区", "澳门特别行政区": "澳门特别行政区",
    "台湾": "台湾省", "台湾省": "台湾省", "海外": "海外",
}  # fmt: skip


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header cells (trimmed) and the data rows with the line each starts on."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(_("{name} is too big to import ({size} MB).").format(
                name=path.name, size=size // (1024 * 1024)))  # fmt: skip
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            _("Cannot read {name}: {reason}").format(name=path.name, reason=exc.strerror)
        ) from None
    if not data.strip():
        raise ImportFileError(_("{name} is empty.").format(name=path.name))
    if data.startswith(sheet_reader.ZIP_MAGIC) or data.startswith(sheet_reader.OLE_MAGIC):
        return _read_workbook(path)
    text = _decode(data, path.name)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    line = 0
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if header is None:
                if any(c.strip() for c in cells):
                    header = [_header_text(c) for c in cells]
                continue
            if any(c.strip() for c in cells):
                rows.append((start, cells))
                if len(rows) > MAX_ROWS:
                    raise ImportFileError(_("{name} has more than {count} rows.").format(
                        name=path.name, count=MAX_ROWS))  # fmt: skip
    except csv.Error as exc:
        raise ImportFileError(
            _("{name} cannot be read as CSV (line {line}: {reason}).").format(
                name=path.name, line=line + 1, reason=exc
            )
        ) from None
    if header is None:
        raise ImportFileError(_("{name} is empty.").format(name=path.name))
    return header, rows


def _read_workbook(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """An export saved as .xlsx: the same columns, read through the sheet reader."""
    try:
        sheet = sheet_reader.read_table(path)
    except ValidationError as exc:
        raise ImportFileError(exc.message) from None
    header = [_header_text(cell_text(c.value)) for c in sheet.headers]
    return header, [(number, [cell_text(c.value) for c in cells]) for number, cells in sheet.rows]


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return str(value)


def _header_text(text: str) -> str:
    return unwrap(text.replace("\ufeff", "")).strip().strip('"').strip()


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4000].count(b"\x00") > 2:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
            raise ImportFileError(_(
                "{name} is saved as UTF-16 (Unicode text), not as the CSV Taobao exports. "
                "Export the orders from Taobao again, or save the file from Excel as "
                "“CSV (comma delimited)”."
            ).format(name=name))
        raise ImportFileError(_("{name} is not a text file.").format(name=name))
    encodings = ("utf-8-sig",) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:4000] if ch < " " and ch not in "\t\r\n")
        if controls > 8:
            raise ImportFileError(_("{name} is not a text file.").format(name=name))
        return text
    raise ImportFileError(_(
        "{name} is neither GB18030 nor UTF-8 text, so it is not a Taobao order export as "
        "downloaded. Export it again from Taobao."
    ).format(name=name))


def _looks_utf16(data: bytes) -> bool:
    head = data[:4000]
    return head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4


def map_headers(header: list[str], name: str) -> dict[str, int]:
    """field → column index; ImportFileError when the file is not an order export."""
    known = {h: f for f, names in HEADERS.items() for h in names}
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        field = known.get(text)
        if field is not None and field not in columns:
            columns[field] = index
    missing = [HEADERS[f][0] for f in REQUIRED if f not in columns]
    if missing:
        shown = "、".join(h for h in header if h)[:200]
        if any(sheet_reader.garbled(h) is not None for h in header):
            raise ImportFileError(_(
                "The column names of {name} are garbled: the file was saved in another "
                "encoding. Export it again from Taobao."
            ).format(name=name))
        raise ImportFileError(_(
            "{name} is not a Taobao order export (订单报表): the columns {missing} are missing. "
            "Its first row holds: {headers}."
        ).format(name=name, missing="、".join(missing), headers=shown or "-"))
    return columns


_FIELDS = tuple(HEADERS)  # the order of the values a row is cut into


def parse_rows(
    header: list[str], rows: list[tuple[int, list[str]]], columns: dict[str, int],
    progress: Progress | None = None,
) -> tuple[list[ImportedBuyer], list[RowProblem]]:  # fmt: skip
    """Every row checked: the usable ones as buyers (customer_id/action filled in later)."""
    parser = _RowParser({f: header[i] for f, i in columns.items()})
    width = len(header)
    # a missing column reads the empty cell appended after the last one
    pick = operator.itemgetter(*(columns.get(f, width) for f in _FIELDS))
    total = len(rows)
    for number, (line, cells) in enumerate(rows, 1):
        if progress is not None and number % 5000 == 0:
            progress(number, total)
        if len(cells) < width:
            parser.problems.append(RowProblem(line, "", _(
                "The row has {count} columns where the header has {width}: the row is cut short "
                "or shifted."
            ).format(count=len(cells), width=width)))
            continue
        if len(cells) > width:
            del cells[width:]
        cells.append("")
        parser.parse(line, pick(cells))
    if progress is not None:
        progress(total, total)
    return parser.buyers, parser.problems


class _RowParser:
    """Checks rows one by one (a class so that the per-file caches and labels are at hand; a
    100,000-row export must be read in a few seconds)."""

    def __init__(self, label: dict[str, str]) -> None:
        self.label = label
        self.has_name = "name" in label
        self.has_status = "status" in label
        self.buyers: list[ImportedBuyer] = []
        self.problems: list[RowProblem] = []
        self.amounts: dict[str, int | bool | None] = {}
        self.places: dict[str, tuple | None] = {}
        self.drafts: dict[tuple[str, str, str], AddressDraft] = {}

    def block(self, line: int, field: str, message: str) -> None:
        self.problems.append(RowProblem(line, self.label.get(field, ""), message))

    def parse(self, line: int, values: tuple[str, ...]) -> None:
        (order_no, nick, paid_text, status, message, name, address_text, phone_text,
         mobile_text, created, paid_at, refund_text, tracking, goods_text, postage_text,
         total_text, title, quantity, courier, memo, code, sku, sku_changed) = values  # fmt: skip
        problems = self.problems
        before = len(problems)
        order_no = unwrap(order_no).lstrip("'")
        if not order_no:
            self.block(line, "order_no", _("The order number is empty."))
        elif _EXCEL_NUMBER.fullmatch(order_no):
            self.block(line, "order_no", _(
                "The order number {number} was changed by Excel into a rounded number. Import "
                "the file as Taobao downloads it, without opening and saving it in Excel."
            ).format(number=order_no))  # fmt: skip
        nick = nick.strip()
        if not nick:
            self.block(line, "nick", _("The buyer ID (买家会员名) is empty."))
        elif len(nick) > customers.MAX_NICK or "\n" in nick or "\r" in nick:
            self.block(line, "nick", _("The buyer ID is too long or holds line breaks."))
        elif nick[0] == "=" and looks_like_formula(nick):
            problems.append(formula_problem(line, self.label["nick"]))
        if name:
            name = one_line(name)
        if not name:
            if self.has_name:
                self.block(line, "name", _("The receiver's name is empty."))
        elif len(name) > customers.MAX_NAME:
            self.block(line, "name", _("The name is too long (at most {count} characters).").format(
                count=customers.MAX_NAME))  # fmt: skip
        elif name[0] == "=" and looks_like_formula(name):
            problems.append(formula_problem(line, self.label["name"]))

        found: list[str] = []  # normalised phone texts
        for field, text in (("mobile", mobile_text), ("phone", phone_text)):
            if text:
                for phone in _phones(text, line, self.label[field], problems):
                    if phone not in found:
                        found.append(phone)

        paid = self.amount(paid_text, line, "paid")
        refund = self.amount(refund_text, line, "refund")
        times = []
        for field, text in (("created", created), ("paid_at", paid_at)):
            when = None
            if text:
                when = _when(text)
                if when is False:
                    when = None
                    message = _(
                        "{text} is not a date and time; the order date is left empty."
                    ) if field == "created" else _(
                        "{text} is not a date and time; the payment time is left empty."
                    )
                    problems.append(RowProblem(
                        line, self.label[field], message.format(text=text), blocking=False
                    ))
            times.append(when)
        created_at, paid_time = times
        when = created_at or paid_time
        goods = self.amount(goods_text, line, "goods")
        postage = self.amount(postage_text, line, "postage")
        total = self.amount(total_text, line, "total")
        address = self.address(address_text, name, found, line)
        message = message.strip()
        if message and message[0] == "=" and looks_like_formula(message):
            problems.append(formula_problem(line, self.label["message"]))
        if len(problems) > before and any(p.blocking for p in problems[before:]):
            return
        order = taobao_orders.order_of(taobao_orders.RowValues(
            line, status, created_at, paid_time, paid, refund, goods, postage, total, message,
            memo, tracking, courier, code, title, sku_changed.strip() or sku, quantity,
        ), self.label, problems)  # fmt: skip
        counted = order.counted
        self.buyers.append(ImportedBuyer(
            line, order_no, nick, name, tuple(found), address,
            order.total_fen if counted else 0, when, message[:500], "", (),
            None, "create", counted, order,
        ))  # fmt: skip

    def amount(self, text: str, line: int, field: str) -> int | None:
        """Fen, or None when empty or not an amount (then with a blocking problem)."""
        value = self.amounts.get(text, False)
        if value is False:
            value = self.amounts[text] = _amount(text)
        if value is True:
            self.block(line, field, _("{label} must be an amount in yuan, such as 129.90.").format(
                label=self.label[field]))  # fmt: skip
            return None
        return value

    def address(
        self, text: str, receiver: str, found: list[str], line: int
    ) -> AddressDraft | None:
        """收货地址 `省 市 区 详细地址(邮编)`; no province is a blocking problem."""
        column = self.label["address"]
        if text not in self.places:
            self.places[text] = split_address(one_line(text)) if text.strip() else None
        parts = self.places[text]
        if parts is None:
            if text.strip():
                message = _("No province found in the address “{address}”.").format(
                    address=one_line(text)[:60])  # fmt: skip
            else:
                message = _("The address is empty.")
            self.problems.append(RowProblem(line, column, message))
            return None
        province, city, district, street, postcode = parts
        if not street:
            self.problems.append(RowProblem(line, column, _(
                "The address has no street; it is not saved."
            ), blocking=False))
            return None
        if street[0] == "=" and looks_like_formula(street):
            self.problems.append(formula_problem(line, column))
        if len(street) > customers.MAX_STREET:
            self.problems.append(RowProblem(line, column, _("The street address is too long.")))
            return None
        phone = found[0] if found else ""
        key = (text, receiver, phone)  # a buyer's orders mostly repeat one address: share it
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = AddressDraft(
                receiver, phone, province, city, district, street, postcode
            )
        return draft


_MOBILE = re.compile(r"'?\s*(1[3-9]\d{9})\s*")
_EXCEL_NUMBER = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")  # 3.1E+18: Excel rounded it
_PLAIN_AMOUNT = re.compile(r"(\d{1,9})(?:\.(\d{1,2}))?")


def _phones(text: str, line: int, column: str, problems: list[RowProblem]) -> list[str]:
    """The normalised phones of a cell (the usual '13812345678 quickly)."""
    match = _MOBILE.fullmatch(text)
    if match is not None:
        return [match.group(1)]
    return [p.text for p in phone_values(text, line, column, problems)]


def _when(text: str) -> datetime.datetime | None | bool:
    try:
        when = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        return parse_when(text)
    if when.microsecond or when.tzinfo is not None:
        when = when.replace(microsecond=0, tzinfo=None)
    return when


def _amount(text: str) -> int | None | bool:
    """Fen; None when empty; True when it is not an amount."""
    text = unwrap(text)
    if not text:
        return None
    match = _PLAIN_AMOUNT.fullmatch(text)
    if match is not None:
        decimals = match.group(2) or ""
        return int(match.group(1)) * 100 + int(decimals.ljust(2, "0") or 0)
    try:
        return parse_yuan(text, "amount")
    except ValidationError:
        return True


def split_address(text: str) -> tuple[str, str, str, str, str] | None:
    """(province, city, district, street, postcode) of an address as platforms write it, or
    None when no province can be found."""
    postcode = ""
    tail = _POSTCODE_TAIL.search(text)
    if tail is not None:
        postcode = tail.group(1) or ""
        text = text[: tail.start()].rstrip()
    if postcode == "000000":
        postcode = ""
    tokens = text.split()
    found = _divisions(*(tokens + ["", "", ""])[:3]) if tokens else None
    if found is not None:
        province, city, district, used = found
        return province, city, district, " ".join(tokens[used:]), postcode
    parsed = addresses.parse_pasted(text)
    if not parsed.province:
        return None
    return parsed.province, parsed.city, parsed.district, parsed.street, postcode or parsed.postcode


@lru_cache(maxsize=20_000)
def _divisions(first: str, second: str, third: str) -> tuple[str, str, str, int] | None:
    """Province, city and district from the first tokens, and how many tokens they used."""
    if first in _OTHER_REGIONS:  # no list to check against: the next word is the city
        return _OTHER_REGIONS[first], second, "", 2 if second else 1
    index = divisions.index()
    province = index.find_province(first)
    if province is None:
        return None
    city = index.find_city(second, province.code) if second else None
    used = 1
    if city is not None:
        used = 2
    elif second and divisions.is_municipality(province):
        # 上海 浦东新区 …: the municipality's one city is implied
        district = index.find_district(second, province.code)
        if district is not None:
            city = index.parent(district)
            return province.name, city.name if city else "", district.name, 2
    if city is None:
        return province.name, "", "", used
    district = index.find_district(third, city.code) if third else None
    if district is None:
        return province.name, city.name, "", used
    return province.name, city.name, district.name, used + 1


def read_buyers(
    path: Path, progress: Progress | None = None
) -> tuple[list[ImportedBuyer], list[RowProblem]]:
    header, rows = read_rows(path)
    columns = map_headers(header, path.name)
    if not rows:
        raise ImportFileError(_("{name} has no orders below its header.").format(name=path.name))
    return parse_rows(header, rows, columns, progress)


__all__ = ["HEADERS", "TAOBAO", "read_buyers", "split_address"]
