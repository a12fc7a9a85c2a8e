"""Excel import/export of products and variants: text codes, preview before writing, row-level
errors for broken files, all-or-nothing apply, CSV in UTF-8 or GB18030."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from desk.core import changes, product_io, products, stock, variants
from desk.core.errors import ValidationError
from desk.core.products import ProductDraft
from desk.core.sheet_reader import garbled
from desk.models import Product, StockMovement, Variant

HEAD = ["货号", "名称", "分类", "价格", "颜色", "尺码", "SKU", "库存"]


def write_xlsx(path, rows, header=HEAD, merge=None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    workbook.save(path)
    workbook.close()
    return path


def write_csv(path, rows, encoding, header=HEAD):
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def by_column(preview):
    return {(e.row, e.column): e.message for e in preview.errors}


@pytest.fixture
def stocked(shop):
    item, _ = products.create_product(ProductDraft(code="00123", name="夏季连衣裙", category="裙子",
                                                   price_fen=12990, cost_fen=5000))
    variants.set_grid(item.id, ["红", "黑"], ["S", "M"])
    red_s = variants.find_variant(item.id, "红", "S")
    stock.adjust(red_s.id, new_stock=7)
    variants.update_variant(red_s.id, sku="000042")
    hidden = variants.find_variant(item.id, "黑", "M")
    variants.update_variant(hidden.id, hidden=True)
    products.create_product(ProductDraft(code="0007", name="帆布包", price_fen=3900))
    return item.id


# --- export ---------------------------------------------------------------------------------


def test_export_keeps_codes_as_text_and_prices_as_yuan_numbers(stocked, tmp_path):
    result = product_io.export_products(tmp_path / "products.xlsx")
    assert (result.products, result.rows) == (2, 4)  # 3 visible variants + the bag
    workbook = openpyxl.load_workbook(tmp_path / "products.xlsx")
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == [h for h, _f in product_io.COLUMNS]
    bag, red_s = sheet[2], sheet[3]
    assert bag[0].value == "0007" and bag[0].data_type == "s" and bag[0].number_format == "@"
    assert bag[6].value is None  # no variants: colour empty
    assert red_s[0].value == "00123" and red_s[8].value == "000042"
    assert red_s[8].number_format == "@"
    assert red_s[3].value == pytest.approx(129.9) and red_s[3].data_type == "n"
    assert red_s[4].value == 50 and red_s[5].value == "在售" and red_s[9].value == 7
    assert [r[7].value for r in sheet.iter_rows(min_row=3)] == ["S", "M", "S"]  # 黑/M hidden
    workbook.close()
    assert not (tmp_path / "products.xlsx.part").exists()


def test_export_then_preview_changes_nothing(stocked, tmp_path):
    product_io.export_products(tmp_path / "p.xlsx")
    preview = product_io.preview_import(tmp_path / "p.xlsx")
    assert preview.ok and preview.unchanged == 2
    assert preview.creates == () and preview.updates == () and preview.warnings == ()


# --- import ---------------------------------------------------------------------------------


def test_preview_writes_nothing_and_apply_writes_everything(shop, tmp_path):
    path = write_xlsx(tmp_path / "new.xlsx", [
        ["0100", "长裙", "裙子", 99.9, "白", "M", "0100-WM", 4],
        ["0100", None, None, None, "黑", "L", None, 2],  # same product: blanks mean "as above"
        ["0200", "毛衣", "上衣", "159", None, None, None, None],
    ])
    preview = product_io.preview_import(path)
    assert preview.ok, preview.errors
    assert [p.code for p in preview.creates] == ["0100", "0200"]
    assert Product.select().count() == 0
    plan = preview.creates[0]
    assert plan.rows == (2, 3) and [v.action for v in plan.variants] == ["create", "create"]
    result, done = product_io.apply_import(preview)
    assert done.concerns(changes.PRODUCTS, changes.STOCK)
    assert (result.created, result.updated, result.stock_changed) == (2, 0, 2)
    assert result.variants_created == 4  # the grid is completed: 白/黑 × M/L
    skirt = products.get_product(products.search_products("0100")[0].id)
    assert skirt.draft.price_fen == 9990 and skirt.colors == ("白", "黑") and skirt.sizes == ("M", "L")
    white_m = variants.find_variant(skirt.id, "白", "M")
    assert (white_m.stock, white_m.sku) == (4, "0100-WM")
    assert stock.movements(white_m.id)[0].kind == stock.IMPORT
    assert "new.xlsx" in stock.movements(white_m.id)[0].note
    assert products.search_products("cq")[0].code == "0100"  # pinyin kept up to date
    assert products.get_product(products.search_products("0200")[0].id).variants == ()


def test_update_keeps_blank_cells_and_logs_stock(stocked, tmp_path):
    path = write_xlsx(tmp_path / "upd.xlsx", [
        ["00123", None, None, "119", "红", "S", None, 9],
        ["00123", None, None, None, "黑", "M", None, None],  # a hidden cell named: shown again
    ])
    preview = product_io.preview_import(path)
    assert preview.ok, preview.errors
    assert [p.code for p in preview.updates] == ["00123"] and preview.updates[0].changed == ("价格",)
    product_io.apply_import(preview)
    detail = products.get_product(stocked)
    assert detail.draft.price_fen == 11900 and detail.name == "夏季连衣裙"
    assert detail.draft.cost_fen == 5000 and detail.draft.category == "裙子"
    red_s = variants.find_variant(stocked, "红", "S")
    assert (red_s.stock, red_s.sku) == (9, "000042")
    assert not variants.find_variant(stocked, "黑", "M").hidden


def test_a_stock_only_sheet_is_enough(stocked, tmp_path):
    path = write_xlsx(tmp_path / "count.xlsx", [["00123", "红", "M", 5]],
                      header=["货号", "颜色", "尺码", "库存"])
    preview = product_io.preview_import(path)
    assert preview.ok, preview.errors
    product_io.apply_import(preview)
    assert variants.find_variant(stocked, "红", "M").stock == 5


def test_wrong_columns_list_the_expected_headers(shop, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [["A1", "x", "1"]], header=["编号", "名称", "价钱"])
    preview = product_io.preview_import(path)
    assert not preview.ok
    messages = " ".join(e.message for e in preview.errors)
    assert "价钱" in messages and "编号" in messages
    assert "货号、名称、分类、价格" in messages  # the expected headers
    with pytest.raises(ValidationError):
        product_io.apply_import(preview)
    assert Product.select().count() == 0


def test_merged_cells_are_refused(shop, tmp_path):
    path = write_xlsx(tmp_path / "merged.xlsx", [
        ["A1", "裙子", None, 10, "红", "M", None, 1],
        ["A1", None, None, 10, "红", "L", None, 1],
        ["A2", "裤子", None, 10, None, None, None, None],
    ], merge="B2:B3")
    preview = product_io.preview_import(path)
    errors = by_column(preview)
    assert (2, "名称") in errors and "B2:B3" in errors[(2, "名称")]
    assert [p.code for p in preview.creates] == ["A2"]  # the other rows are still checked


def test_formulas_are_refused_at_the_cell(shop, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [
        ["A1", "裙子", None, 10, None, None, None, None],
        ["A2", "裤子", None, 10, None, None, None, None],
        ["A3", "外套", None, 10, None, None, None, None],
        ["A4", "衬衫", None, "=B2*2", None, None, None, None],
    ])
    preview = product_io.preview_import(path)
    errors = by_column(preview)
    assert list(errors) == [(5, "价格")]
    assert "5" in errors[(5, "价格")] and "价格" in errors[(5, "价格")]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({3: "abc"}, "价格"), ({3: -5}, "价格"), ({3: "12.345"}, "价格"), ({3: 12.345}, "价格"),
        ({7: -1}, "库存"), ({7: 1.5}, "库存"), ({7: "五"}, "库存"), ({1: None}, "名称"),
        ({6: "a b"}, "SKU"), ({4: None}, "颜色"), ({5: None}, "尺码"), ({0: "A 1"}, "货号"),
        ({4: "红" * 21}, "颜色"),
    ],
)
def test_bad_values_get_a_row_level_message(shop, tmp_path, cells, column):
    row = ["A1", "裙子", None, 10, "红", "M", None, 1]
    for index, value in cells.items():
        row[index] = value
    path = write_xlsx(tmp_path / "v.xlsx", [row])
    preview = product_io.preview_import(path)
    errors = by_column(preview)
    assert list(errors) == [(2, column)], preview.errors
    assert errors[(2, column)].startswith(("Row 2", "第2行", "第 2 行"))


def test_duplicates_within_the_file(shop, tmp_path):
    path = write_xlsx(tmp_path / "dup.xlsx", [
        ["A1", "裙子", None, 10, "红", "M", "S1", 1],
        ["A1", None, None, None, "红", "m", None, 1],  # same cell again
        ["A2", "裤子", None, 10, None, None, None, None],
        ["A2", "裤子", None, 10, None, None, None, None],  # same product row again
        ["A3", "外套", None, 10, "红", "M", "S1", 1],  # SKU used on row 2
        ["A1", "衬衫", None, None, "黑", "M", None, 1],  # another name for A1
    ])
    errors = by_column(product_io.preview_import(path))
    assert set(errors) == {(3, "货号"), (5, "货号"), (6, "SKU"), (7, "名称")}
    assert "2" in errors[(3, "货号")] and "4" in errors[(5, "货号")]


def test_clashes_with_the_shop_file(stocked, tmp_path):
    path = write_xlsx(tmp_path / "clash.xlsx", [
        ["A9", "新品", None, 10, "红", "M", "000042", 1],  # SKU of 00123 红/S
        ["0007", None, None, None, None, None, None, None],
    ])
    errors = by_column(product_io.preview_import(path))
    assert (2, "SKU") in errors and "00123" in errors[(2, "SKU")]
    case = write_xlsx(tmp_path / "case.xlsx", [["00123", None, None, None, None, None, None, None]])
    assert not product_io.preview_import(case).errors
    lower = write_xlsx(tmp_path / "lower.xlsx", [["a1", "x", None, 1, None, None, None, None]])
    products.create_product(ProductDraft(code="A1", name="已有"))
    assert (2, "货号") in by_column(product_io.preview_import(lower))


def test_skus_may_swap_between_variants(stocked, tmp_path):
    red_m = variants.find_variant(stocked, "红", "M")
    variants.update_variant(red_m.id, sku="000043")
    path = write_xlsx(tmp_path / "swap.xlsx", [
        ["00123", None, None, None, "红", "S", "000043", None],
        ["00123", None, None, None, "红", "M", "000042", None],
    ])
    preview = product_io.preview_import(path)
    assert preview.ok, preview.errors
    product_io.apply_import(preview)
    assert variants.find_variant(stocked, "红", "S").sku == "000043"
    assert variants.find_variant(stocked, "红", "M").sku == "000042"


def test_stock_below_reserved_is_a_row_error(stocked, tmp_path):
    red_s = variants.find_variant(stocked, "红", "S")
    stock.reserve(red_s.id, 5)
    path = write_xlsx(tmp_path / "s.xlsx", [["00123", None, None, None, "红", "S", None, 3]])
    errors = by_column(product_io.preview_import(path))
    assert list(errors) == [(2, "库存")] and "5" in errors[(2, "库存")]


def test_apply_is_all_or_nothing_when_the_file_changed_meanwhile(stocked, tmp_path):
    path = write_xlsx(tmp_path / "late.xlsx", [
        ["B1", "新裙", None, 10, "红", "M", "NEW-1", 3],
        ["B2", "新裤", None, 10, "黑", "L", "NEW-2", 3],
    ])
    preview = product_io.preview_import(path)
    assert preview.ok
    # someone gives NEW-2 to another variant between the preview and the apply
    variants.update_variant(variants.find_variant(stocked, "黑", "S").id, sku="NEW-2")
    moves = StockMovement.select().count()
    with pytest.raises(ValidationError) as err:
        product_io.apply_import(preview)
    assert "NEW-2" in err.value.message
    assert Product.select().count() == 2 and StockMovement.select().count() == moves
    assert Variant.select().where(Variant.sku == "NEW-1").count() == 0


def test_numeric_code_cells_warn_about_lost_zeros(shop, tmp_path):
    path = write_xlsx(tmp_path / "n.xlsx", [[123, "裙子", None, 10, None, None, None, None]])
    preview = product_io.preview_import(path)
    assert preview.ok and preview.creates[0].code == "123"
    assert [(w.row, w.column) for w in preview.warnings] == [(2, "货号")]


# --- files that are not what they say -------------------------------------------------------


def test_not_an_excel_file(shop, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        product_io.preview_import(text)
    assert "notes.xlsx" in err.value.message and err.value.field == "file"
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ValidationError) as err:
        product_io.preview_import(old)
    assert ".xls" in err.value.message
    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("a.txt", "not a workbook")
    with pytest.raises(ValidationError):
        product_io.preview_import(other_zip)
    with pytest.raises(ValidationError):
        product_io.preview_import(tmp_path / "missing.xlsx")


def test_csv_in_gb18030_and_utf8(shop, tmp_path):
    rows = [["0300", "䶮字连衣裙𠀀", "裙子", "88.8", "藏青", "M", None, 2]]
    gb = product_io.preview_import(write_csv(tmp_path / "gb.csv", rows, "gb18030"))
    utf = product_io.preview_import(write_csv(tmp_path / "utf.csv", rows, "utf-8-sig"))
    assert gb.ok and utf.ok, (gb.errors, utf.errors)
    assert gb.creates[0].name == utf.creates[0].name == "䶮字连衣裙𠀀"
    product_io.apply_import(gb)
    assert products.search_products("lyq")[0].name == "䶮字连衣裙𠀀"


def test_csv_that_is_neither_encoding(shop, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("货号,名称\n".encode("utf-16-le") + b"\xff\xfe\x00\xd8")
    with pytest.raises(ValidationError) as err:
        product_io.preview_import(path)
    assert "bad.csv" in err.value.message


def test_csv_formulas_are_refused(shop, tmp_path):
    path = write_csv(tmp_path / "f.csv", [["A1", "裙子", None, "=1+2", None, None, None, None]],
                     "utf-8")
    assert list(by_column(product_io.preview_import(path))) == [(2, "价格")]


def test_garbled_text_in_a_cell_is_caught_with_a_guess(shop, tmp_path):
    mojibake = "连衣裙".encode("gb18030").decode("latin-1")
    path = write_xlsx(tmp_path / "g.xlsx", [["A1", mojibake, None, 10, None, None, None, None]])
    errors = by_column(product_io.preview_import(path))
    assert list(errors) == [(2, "名称")] and "连衣裙" in errors[(2, "名称")]


def test_garbled_detection():
    assert garbled("连衣裙".encode().decode("latin-1")) == "连衣裙"
    assert garbled("连衣裙".encode("gb18030").decode("latin-1")) == "连衣裙"
    assert garbled("锟斤拷锟斤拷") == ""
    assert garbled("bad \ufffd") == ""
    assert garbled("连衣裙") is None
    assert garbled("Café crème") is None  # real accents are not mojibake
