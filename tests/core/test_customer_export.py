"""Customer export (.xlsx / .csv) and the SMS list: read back, phones and postcodes stay text,
nothing becomes a formula, the old file survives a failed write."""

from __future__ import annotations

import csv
import datetime
import io
import os
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desk import i18n
from desk.core import customer_export, customers
from desk.core.customer_export import SMS_LIMIT, export_customers, export_sms_list, sms_preview
from desk.core.customers import AddressDraft, CustomerDraft
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.models import CustomerGroup

KEYS = [key for key, _title in customer_export.COLUMNS]
HEADERS = [title for _key, title in customer_export.COLUMNS]  # in English (see `english`)
RISKY = ("=SUM(A1)", "+86 等我", "-小猫-", "@张三")


@pytest.fixture(autouse=True)
def english():
    """English headers and messages (the Chinese ones come with the merged catalogue)."""
    i18n.set_language("en")


def add(name="", nick="", phones=(), notes="", address=None, groups=(), tags=()) -> int:
    detail, _c = customers.create_customer(CustomerDraft(
        name=name, nick=nick, phones=tuple(phones), notes=notes,
        addresses=(address,) if address else (), group_ids=tuple(groups), tags=tuple(tags)))  # fmt: skip
    return detail.id


def key_group(key: str) -> int:
    return CustomerGroup.get(CustomerGroup.key == key).id


@pytest.fixture
def people(shop):
    """Three customers: one with everything (and formula-looking notes), one plain, one with a
    nick that starts like a formula."""
    inner_mongolia = AddressDraft(province="内蒙古自治区", city="呼和浩特市", district="新城区",
                                  street="新华大街1号", postcode="010010")  # fmt: skip
    full = add("𠮷祥云", "tb_jx", ("13812345678", "0571-88886666"), "=SUM(A1)", inner_mongolia,
               (key_group("vip"), key_group("repeat")), ("爱砍价", "学生"))  # fmt: skip
    db.execute_sql(
        "UPDATE customer SET order_count = 3, total_spent_fen = 45990,"
        " last_order_at = '2024-06-20 21:15:03' WHERE id = ?", (full,))  # fmt: skip
    plain = add("李四")
    risky = add("@张三", "-小猫-", ("13900001111",))
    return full, plain, risky


def read_xlsx(path):
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


def test_xlsx_keeps_phones_and_postcodes_as_text_and_makes_no_formula(people, tmp_path):
    full, plain, risky = people
    path = tmp_path / "客户.xlsx"
    assert export_customers([full, plain, risky], path) == 3
    rows = read_xlsx(path)
    assert [c.value for c in rows[0]] == HEADERS
    first = {k: c for k, c in zip(KEYS, rows[1], strict=True)}
    assert first["phone"].value == "13812345678" and first["phone"].data_type == "s"
    assert first["phone"].number_format == "@"
    assert first["other_phones"].value == "0571-88886666"
    assert first["postcode"].value == "010010" and first["postcode"].number_format == "@"
    assert (first["province"].value, first["city"].value, first["district"].value) == (
        "内蒙古自治区", "呼和浩特市", "新城区")  # fmt: skip
    assert first["name"].value == "𠮷祥云"
    assert first["groups"].value == "老客户、VIP"  # in the sidebar's order
    assert first["tags"].value == "学生、爱砍价"
    assert first["order_count"].value == 3
    assert Decimal(str(first["total_spent"].value)) == Decimal("459.90")
    assert first["last_order"].value == datetime.datetime(2024, 6, 20)
    assert first["notes"].value == "=SUM(A1)" and first["notes"].quotePrefix
    third = {k: c for k, c in zip(KEYS, rows[3], strict=True)}
    assert (third["nick"].value, third["name"].value) == ("-小猫-", "@张三")
    every = [cell for row in rows for cell in row]
    assert not [c.coordinate for c in every if c.data_type == "f"]
    assert all(c.data_type == "s" for c in every if isinstance(c.value, str))


def test_masked_export_hides_the_middle_digits(people, tmp_path):
    full, _plain, _risky = people
    path = tmp_path / "masked.xlsx"
    export_customers([full], path, masked=True)
    row = read_xlsx(path)[1]
    assert (row[2].value, row[3].value) == ("138****5678", "0571-****6666")
    assert "13812345678" not in path.read_bytes().decode("latin-1")


def test_csv_is_utf8_with_bom_and_guards_text(people, tmp_path):
    full, plain, risky = people
    path = tmp_path / "客户.csv"
    assert export_customers([risky, full, plain], path) == 3
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    risky_row, full_row, plain_row = (dict(zip(KEYS, r, strict=True)) for r in rows[1:])
    assert (risky_row["nick"], risky_row["name"]) == ("'-小猫-", "'@张三")  # the list order kept
    assert full_row["phone"] == "\t13812345678" and full_row["postcode"] == "\t010010"
    assert full_row["notes"] == "'=SUM(A1)"
    assert (full_row["total_spent"], full_row["last_order"], full_row["order_count"]) == (
        "459.90", "2024-06-20", "3")  # fmt: skip
    assert plain_row["name"] == "李四" and plain_row["phone"] == ""


def test_merged_and_unknown_customers_are_left_out(people, tmp_path):
    full, plain, risky = people
    db.execute_sql("UPDATE customer SET merged_into_id = ? WHERE id = ?", (full, plain))
    path = tmp_path / "x.csv"
    assert export_customers([plain, full, 999, full], path) == 1


def test_a_failed_write_keeps_the_old_file(people, tmp_path, monkeypatch):
    full, _plain, _risky = people
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "客户.xlsx"
    path.write_bytes(b"the old export")

    def locked(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)  # as Windows does while Excel has it open
    with pytest.raises(DomainError) as error:
        export_customers([full], path)
    assert "open in another program" in error.value.message
    assert "untouched" in error.value.message
    assert path.read_bytes() == b"the old export"
    assert [p.name for p in folder.iterdir()] == ["客户.xlsx"]  # no half file left


def test_a_folder_in_the_way_is_a_message(people, tmp_path):
    full, _plain, _risky = people
    folder = tmp_path / "out"
    (folder / "客户.csv").mkdir(parents=True)
    with pytest.raises(DomainError, match="客户.csv"):
        export_customers([full], folder / "客户.csv")
    assert [p.name for p in folder.iterdir()] == ["客户.csv"]
    with pytest.raises(DomainError, match="folder"):
        export_customers([full], tmp_path / "missing" / "客户.csv")


def test_only_xlsx_and_csv(people, tmp_path):
    with pytest.raises(ValidationError):
        export_customers([people[0]], tmp_path / "客户.xls")


# --- SMS -----------------------------------------------------------------------------------------


def test_sms_preview_counts_with_the_longest_name_and_skips_who_cannot_get_it(shop):
    a = add("王芳", phones=("13800000001",))
    b = add("𠮷祥云", phones=("0571-88886666", "13800000002"))  # the mobile after a landline
    c = add("", nick="tb_only_nick", phones=("13800000003",))
    add_later = add("重复号", phones=("13800000001",))  # the same mobile as 王芳
    landline = add("座机", phones=("0571-88887777",))
    blocked = add("黑名单", phones=("13800000004",), groups=(key_group("blacklist"),))
    nothing = add("没电话")
    preview = sms_preview("{name}您好，新品上架", [a, b, c, add_later, landline, blocked, nothing])
    assert preview.recipients == (
        ("13800000001", "王芳"), ("13800000002", "𠮷祥云"), ("13800000003", "tb_only_nick"))  # fmt: skip
    assert preview.skipped == 4
    assert preview.message == "tb_only_nick您好，新品上架"
    assert preview.length == len("tb_only_nick您好，新品上架")
    assert customer_export.sms_length("𠮷祥云") == 4  # 𠮷 is two UTF-16 units
    assert not preview.over_limit
    long = sms_preview("{name}" + "好" * (SMS_LIMIT - 2), [b])
    assert (long.length, long.over_limit) == (SMS_LIMIT + 2, True)


def test_sms_list_has_one_line_per_recipient(shop, tmp_path):
    a = add("王芳", phones=("13800000001",))
    b = add("=HYPERLINK()", phones=("13800000002",))
    path = tmp_path / "短信.csv"
    assert export_sms_list([a, b], "{name}，店庆满200减30", path) == 2
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows == [
        ["Mobile", "Customer's name", "Message"],
        ["13800000001", "王芳", "王芳，店庆满200减30"],
        ["13800000002", "'=HYPERLINK()", "'=HYPERLINK()，店庆满200减30"],
    ]
    with pytest.raises(ValidationError):
        export_sms_list([a], "  ", path)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_export_imports_back_as_the_same_customers(people, tmp_path, language, suffix):
    from desk.core import customer_import

    i18n.set_language(language)
    path = tmp_path / f"客户{suffix}"
    export_customers(list(people), path)
    table = customer_import.read_table(path)
    mapping = customer_import.guess_mapping(table.headers)
    assert set(mapping) == set(customer_import.TABLE_FIELDS) - {"full_address"}
    preview = customer_import.preview_table(table, mapping, path)
    assert preview.ok, preview.problems
    assert [b.customer_id for b in preview.buyers] == list(people)
    assert {b.action for b in preview.buyers} == {"same"}
