"""The product handbook: products, search, the colour × size grid, photos, yuan parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.core import changes, photos, products, stock, variants
from desk.core.errors import DomainError, ValidationError
from desk.core.money import MAX_FEN, format_yuan, parse_yuan, yuan_decimal
from desk.core.products import ProductDraft
from desk.models import Order, OrderLine, Product, ProductPhoto, StockMovement, Variant

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 60
GIF = b"GIF89a" + b"\x00" * 60
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 60


def make(code="A001", name="夏季连衣裙", **fields):
    detail, _ = products.create_product(ProductDraft(code=code, name=name, **fields))
    return detail


def order_line_for(variant_id: int) -> None:
    order = Order.create(number=f"20261123-{Order.select().count() + 1:04d}")
    OrderLine.create(order=order, variant=variant_id, product_code="X", quantity=1, unit_price_fen=100)


# --- products -------------------------------------------------------------------------------


def test_create_and_read_back_every_field(shop):
    detail, done = products.create_product(ProductDraft(
        code="  00123 ", name=" 法式  碎花连衣裙 ", category="裙子", price_fen=12990, cost_fen=4500,
        status="sold_out", material="雪纺", care="冷水手洗", selling_points="显瘦",
        weaknesses="略透，需穿打底", color_note="实物偏深", fit_rule="实测腰围+5cm", notes="新款",
        low_stock_threshold=2,
    ))
    assert done.concerns(changes.PRODUCTS)
    assert detail.code == "00123"  # trimmed, leading zeros kept as text
    assert detail.name == "法式 碎花连衣裙"
    again = products.get_product(detail.id).draft
    assert again == detail.draft
    assert again.price_fen == 12990 and again.weaknesses == "略透，需穿打底"
    stored = Product.get_by_id(detail.id)
    assert stored.code == "00123"
    assert "fsshlyq" in stored.pinyin.split() and "00123" in stored.pinyin


def test_duplicate_code_is_refused_on_the_code_field(shop):
    make("A001")
    for code in ("A001", " A001 ", "a001"):
        with pytest.raises(ValidationError) as err:
            make(code, "别的")
        assert err.value.field == "code"
        assert "A001" in err.value.message or "a001" in err.value.message
    assert Product.select().count() == 1


def test_update_cannot_take_another_products_code_but_may_keep_its_own(shop):
    first, second = make("A001"), make("A002", "长裙")
    with pytest.raises(ValidationError) as err:
        products.update_product(second.id, ProductDraft(code="A001", name="长裙"))
    assert err.value.field == "code"
    updated, _ = products.update_product(first.id, ProductDraft(code="A001", name="长款连衣裙"))
    assert updated.name == "长款连衣裙"
    assert "cklyq" in Product.get_by_id(first.id).pinyin  # the key follows the new name


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "A 01"}, "code"),
        ({"code": "X" * 41}, "code"),
        ({"name": "  "}, "name"),
        ({"price_fen": -1}, "price_fen"),
        ({"cost_fen": -5}, "cost_fen"),
        ({"price_fen": 1.5}, "price_fen"),
        ({"status": "deleted"}, "status"),
        ({"low_stock_threshold": -1}, "low_stock_threshold"),
        ({"notes": "x" * 5001}, "notes"),
    ],
)
def test_bad_drafts_name_their_field(shop, fields, field):
    values = {"code": "A001", "name": "连衣裙"} | fields
    with pytest.raises(ValidationError) as err:
        products.create_product(ProductDraft(**values))
    assert err.value.field == field
    assert err.value.message
    assert Product.select().count() == 0


@pytest.fixture
def catalogue(shop):
    make("A001", "夏季连衣裙", category="裙子")
    make("A002", "长裙", category="裙子", status="off_shelf")
    make("B010", "牛仔短裤", category="裤子")
    make("0012", "单肩包", category="包")
    make("A100", "百分之百_纯棉T恤", category="上衣")


def codes(rows):
    return [r.code for r in rows]


def test_search_by_code_name_and_pinyin(catalogue):
    assert codes(products.search_products("A0")) == ["A001", "A002"]
    assert codes(products.search_products("a0")) == ["A001", "A002"]  # code, any case
    assert codes(products.search_products("010")) == ["B010"]  # substring of the code
    assert codes(products.search_products("连衣")) == ["A001"]
    assert codes(products.search_products("lyq")) == ["A001"]
    assert codes(products.search_products("cq")) == ["A002"]  # 长 read cháng
    assert codes(products.search_products("niuzai")) == ["B010"]
    assert codes(products.search_products("djb")) == ["0012"]
    assert codes(products.search_products("")) == ["0012", "A001", "A002", "A100", "B010"]


def test_search_words_must_all_match(catalogue):
    assert codes(products.search_products("裙 xj")) == ["A001"]
    assert codes(products.search_products("裙 zzz")) == []


def test_search_wildcards_are_literal(catalogue):
    assert codes(products.search_products("%")) == []
    assert codes(products.search_products("_")) == ["A100"]


def test_search_filters_and_pages(catalogue):
    assert codes(products.search_products(category="裙子")) == ["A001", "A002"]
    assert codes(products.search_products("q", status="on_sale", category="裙子")) == ["A001"]
    assert codes(products.search_products(status="off_shelf")) == ["A002"]
    assert codes(products.search_products(limit=2)) == ["0012", "A001"]
    assert codes(products.search_products(limit=2, offset=2)) == ["A002", "A100"]


def test_categories_are_distinct_and_in_pinyin_order(catalogue):
    make("C001", "无分类")
    assert products.categories() == ["包", "裤子", "裙子", "上衣"]


def test_low_stock_is_flagged_in_the_list_and_the_detail(shop):
    item = make("A001", low_stock_threshold=3)
    variants.set_grid(item.id, ["红", "黑"], ["M"])
    grid = products.get_product(item.id).variants
    stock.adjust(grid[0].id, new_stock=10)
    stock.adjust(grid[1].id, new_stock=5)
    stock.reserve(grid[1].id, 2)  # 黑/M: 5 on hand, 3 available → low
    row = products.search_products("A001")[0]
    assert (row.stock, row.available, row.variant_count) == (15, 13, 2)
    assert row.low_stock_count == 1 and row.low_stock
    detail = products.get_product(item.id)
    assert [(v.color, v.available) for v in detail.low_stock_variants] == [("黑", 3)]
    assert codes(products.search_products(low_stock_only=True)) == ["A001"]
    variants.update_variant(grid[1].id, hidden=True)  # a hidden variant is not on the shelf
    assert products.search_products("A001")[0].low_stock_count == 0
    assert products.search_products(low_stock_only=True) == []


def test_get_missing_product_is_a_domain_error(shop):
    with pytest.raises(DomainError):
        products.get_product(999)


def test_delete_product_without_orders_only(shop):
    kept, gone = make("A001"), make("A002", "长裙")
    variants.set_grid(kept.id, ["红"], ["M"])
    order_line_for(products.get_product(kept.id).variants[0].id)
    with pytest.raises(DomainError) as err:
        products.delete_product(kept.id)
    assert "A001" in err.value.message
    variants.set_grid(gone.id, ["红"], ["M"])
    products.delete_product(gone.id)
    assert codes(products.search_products()) == ["A001"]
    assert Variant.select().count() == 1


# --- the colour × size grid -----------------------------------------------------------------


def test_grid_is_made_in_one_step_in_order(shop):
    item = make()
    result, done = variants.set_grid(item.id, ["红", "黑", "白"], ["S", "M", "L", "XL", "XXL"])
    assert len(result.created) == 15 and done.concerns(changes.PRODUCTS)
    detail = products.get_product(item.id)
    assert detail.colors == ("红", "黑", "白")
    assert detail.sizes == ("S", "M", "L", "XL", "XXL")
    assert [(v.color, v.size) for v in detail.variants][:6] == [
        ("红", "S"), ("红", "M"), ("红", "L"), ("红", "XL"), ("红", "XXL"), ("黑", "S")]


def test_adding_a_colour_or_size_keeps_stock_and_sku(shop):
    item = make()
    variants.set_grid(item.id, ["红"], ["S", "M"])
    red_m = variants.find_variant(item.id, "红", "M")
    stock.adjust(red_m.id, new_stock=7)
    variants.update_variant(red_m.id, sku="SKU-RM")
    result, _ = variants.set_grid(item.id, ["红", "蓝"], ["XS", "S", "M"])
    assert sorted(result.created) == [("红", "XS"), ("蓝", "M"), ("蓝", "S"), ("蓝", "XS")]
    assert result.deleted == () and result.hidden == ()
    again = variants.find_variant(item.id, "红", "M")
    assert (again.id, again.stock, again.sku) == (red_m.id, 7, "SKU-RM")
    assert products.get_product(item.id).sizes == ("XS", "S", "M")


def test_removing_deletes_cells_without_history_and_hides_the_others(shop):
    item = make()
    variants.set_grid(item.id, ["红", "黑"], ["S", "M"])
    moved = variants.find_variant(item.id, "黑", "S")
    ordered = variants.find_variant(item.id, "黑", "M")
    stock.adjust(moved.id, new_stock=3)
    order_line_for(ordered.id)
    result, _ = variants.set_grid(item.id, ["红"], ["S", "M"])
    assert sorted(result.hidden) == [("黑", "M"), ("黑", "S")]
    assert result.deleted == ()
    detail = products.get_product(item.id)
    assert detail.colors == ("红",)
    hidden = {(v.color, v.size): v for v in detail.variants if v.hidden}
    assert set(hidden) == {("黑", "S"), ("黑", "M")} and hidden[("黑", "S")].stock == 3
    assert all(v.has_history for v in hidden.values())
    result, _ = variants.set_grid(item.id, ["红"], ["S"])
    assert result.deleted == (("红", "M"),)
    # bringing 黑 back shows the kept cells again, with their stock
    result, _ = variants.set_grid(item.id, ["红", "黑"], ["S", "M"])
    assert sorted(result.restored) == [("黑", "M"), ("黑", "S")]
    assert variants.find_variant(item.id, "黑", "S").stock == 3
    assert not variants.find_variant(item.id, "黑", "S").hidden


def test_a_hidden_cell_is_not_shown_again_by_an_unrelated_grid_change(shop):
    item = make()
    variants.set_grid(item.id, ["红", "黑"], ["S", "M"])
    red_s = variants.find_variant(item.id, "红", "S")
    variants.update_variant(red_s.id, hidden=True)
    detail = products.get_product(item.id)
    assert detail.colors == ("红", "黑") and detail.sizes == ("S", "M")  # still on the grid
    result, _ = variants.set_grid(item.id, ["红", "黑", "蓝"], ["S", "M"])
    assert result.restored == ()
    assert variants.find_variant(item.id, "红", "S").hidden


def test_a_size_whose_only_cell_is_hidden_leaves_the_grid_and_comes_back_with_it(shop):
    item = make()
    variants.set_grid(item.id, ["红"], ["S", "M"])
    variants.update_variant(variants.find_variant(item.id, "红", "S").id, hidden=True)
    assert products.get_product(item.id).sizes == ("M",)  # what the editor shows
    result, _ = variants.set_grid(item.id, ["红"], ["S", "M"])  # the user adds S again
    assert result.restored == (("红", "S"),) and result.created == ()
    assert not variants.find_variant(item.id, "红", "S").hidden


@pytest.mark.parametrize(
    ("colors", "sizes", "field"),
    [
        (["红", "红 "], ["M"], "colors"),
        (["红"], ["M", "m"], "sizes"),
        (["红", ""], ["M"], "colors"),
        (["红"], [], "sizes"),
        ([], ["M"], "colors"),
        (["红" * 21], ["M"], "colors"),
        ([str(i) for i in range(41)], ["M"], "colors"),
    ],
)
def test_bad_grids_are_refused(shop, colors, sizes, field):
    item = make()
    with pytest.raises(ValidationError) as err:
        variants.set_grid(item.id, colors, sizes)
    assert err.value.field == field
    assert Variant.select().count() == 0


def test_rename_colour_keeps_the_cells(shop):
    item = make()
    variants.set_grid(item.id, ["红", "黑"], ["M"])
    stock.adjust(variants.find_variant(item.id, "红", "M").id, new_stock=4)
    variants.rename_color(item.id, "红", "酒红")
    assert variants.find_variant(item.id, "酒红", "M").stock == 4
    with pytest.raises(ValidationError):
        variants.rename_color(item.id, "酒红", "黑")
    variants.rename_size(item.id, "M", "均码")
    assert products.get_product(item.id).sizes == ("均码",)


def test_sku_is_unique_when_set(shop):
    first, second = make("A001"), make("A002", "长裙")
    variants.set_grid(first.id, ["红"], ["M"])
    variants.set_grid(second.id, ["黑"], ["L", "XL"])
    a = variants.find_variant(first.id, "红", "M")
    b = variants.find_variant(second.id, "黑", "L")
    c = variants.find_variant(second.id, "黑", "XL")
    row, _ = variants.update_variant(a.id, sku=" 0001 ")
    assert row.sku == "0001"
    with pytest.raises(ValidationError) as err:
        variants.update_variant(b.id, sku="0001")
    assert err.value.field == "sku" and "A001" in err.value.message
    variants.update_variant(b.id, sku="")
    variants.update_variant(c.id, sku=None)  # several variants without a SKU is fine
    assert variants.find_by_sku("0001").id == a.id
    with pytest.raises(ValidationError):
        variants.update_variant(b.id, sku="has space")


# --- photos ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "mime"), [(JPEG, "image/jpeg"), (PNG, "image/png"),
                                             (GIF, "image/gif"), (WEBP, "image/webp")])
def test_pictures_are_stored_with_their_type(shop, data, mime):
    item = make()
    info, _ = photos.add_photo(item.id, data, "front.bin")
    assert info.mime == mime and info.is_cover
    assert photos.photo_data(info.id).data == data


def test_not_a_picture_is_refused_naming_the_file(shop):
    item = make()
    with pytest.raises(ValidationError) as err:
        photos.add_photo(item.id, b"%PDF-1.7 hello", "/home/me/说明书.jpg")
    assert "说明书.jpg" in err.value.message and err.value.field == "photos"
    with pytest.raises(ValidationError):
        photos.add_photo(item.id, b"", "empty.png")
    assert ProductPhoto.select().count() == 0


def test_a_50_mb_picture_is_refused_and_10_mb_is_fine(shop, tmp_path):
    item = make()
    with pytest.raises(ValidationError) as err:
        photos.add_photo(item.id, JPEG + b"\x00" * (50 * 1024 * 1024), "big.jpg")
    assert "big.jpg" in err.value.message and "50.0" in err.value.message
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as fh:  # sparse: refused from its size, never read
        fh.write(JPEG)
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(ValidationError) as err:
        photos.add_photo_file(item.id, huge)
    assert "huge.jpg" in err.value.message
    info, _ = photos.add_photo(item.id, JPEG.ljust(photos.MAX_PHOTO_BYTES, b"\x00"), "ok.jpg")
    assert info.size == photos.MAX_PHOTO_BYTES


def test_cover_order_thumbnail_and_delete(shop, tmp_path):
    item = make()
    path = tmp_path / "side.png"
    path.write_bytes(PNG)
    first, _ = photos.add_photo(item.id, JPEG, "front.jpg")
    second, _ = photos.add_photo_file(item.id, path)
    third, _ = photos.add_photo(item.id, GIF, "back.gif")
    assert [p.position for p in photos.list_photos(item.id)] == [0, 1, 2]
    assert products.search_products("A001")[0].cover_photo_id == first.id
    photos.reorder_photos(item.id, [third.id, first.id, second.id])
    assert [p.id for p in products.get_product(item.id).photos] == [third.id, first.id, second.id]
    assert products.search_products("A001")[0].cover_photo_id == third.id
    with pytest.raises(DomainError):
        photos.reorder_photos(item.id, [third.id, first.id])
    photos.set_thumbnail(first.id, PNG)
    assert photos.photo_data(first.id).thumbnail == PNG
    assert [p.has_thumbnail for p in photos.list_photos(item.id)] == [False, True, False]
    with pytest.raises(ValidationError):
        photos.set_thumbnail(first.id, b"GIF89a not a png")
    photos.delete_photo(third.id)  # the cover goes: the next one becomes the cover
    listed = photos.list_photos(item.id)
    assert [(p.id, p.position) for p in listed] == [(first.id, 0), (second.id, 1)]
    assert products.search_products("A001")[0].cover_photo_id == first.id


# --- yuan ↔ fen -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fen"),
    [("129.9", 12990), ("129.90", 12990), ("129", 12900), ("0.29", 29), ("0.1", 10), (".5", 50),
     ("1,299.00", 129900), ("¥12", 1200), ("￥12.5", 1250), ("１２.５", 1250), (" 3 ", 300),
     ("12元", 1200), ("0", 0), ("129.", 12900), (12, 1200), (Decimal("1.23"), 123)],
)
def test_parse_yuan(text, fen):
    assert parse_yuan(text, "price") == fen


@pytest.mark.parametrize(
    "text",
    ["129.901", "0.001", "-1", "-0.5", "−3", "abc", "12a", "1e3", "NaN", "inf", "", "  ",
     "1,29.00", "12.3.4", "1 000", Decimal(-1), Decimal("0.001"), -5, True, "100000001"],
)
def test_parse_yuan_refuses_with_the_field(text):
    with pytest.raises(ValidationError) as err:
        parse_yuan(text, "cost", "成本")
    assert err.value.field == "cost"
    assert "成本" in err.value.message


def test_parse_yuan_empty_allowed():
    assert parse_yuan("  ", "price", allow_empty=True) is None


def test_format_yuan():
    assert format_yuan(12990) == "129.90"
    assert format_yuan(5, symbol=True) == "¥0.05"
    assert format_yuan(-150) == "-1.50"
    assert format_yuan(None) == ""
    assert yuan_decimal(12990) == Decimal("129.90")


@given(st.text(max_size=30))
def test_parse_yuan_gives_fen_or_a_validation_error(text):
    try:
        fen = parse_yuan(text, "price")
    except ValidationError as err:
        assert err.field == "price"
    else:
        assert isinstance(fen, int) and 0 <= fen <= MAX_FEN


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_parse_yuan_round_trips_format_yuan(fen):
    assert parse_yuan(format_yuan(fen), "price") == fen
    assert parse_yuan(format_yuan(fen, symbol=True), "price") == fen


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False))
def test_three_decimals_refused_unless_the_third_is_zero(value):
    text = f"{value:.3f}"
    if text.endswith("0"):
        assert parse_yuan(text, "price") == int(value * 100)
    else:
        with pytest.raises(ValidationError):
            parse_yuan(text, "price")


def test_stock_movements_vanish_with_a_deleted_cell_that_had_none(shop):
    """A cell without history is really deleted (nothing left behind)."""
    item = make()
    variants.set_grid(item.id, ["红"], ["S", "M"])
    variants.set_grid(item.id, ["红"], ["S"])
    assert Variant.select().count() == 1 and StockMovement.select().count() == 0
