"""Customer import: the Taobao order export (tests/fixtures/taobao_orders.csv, written from
SMALL_ORDERS in tests/fixtures/make_taobao_export.py, whose comments say what each row is for)
and tables with a column mapping. What a row should become is worked out from SMALL_ORDERS."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk import i18n
from desk.core import customer_import as ci
from desk.core import customer_search, customers
from desk.core.customer_import_taobao import split_address
from desk.core.customers import AddressDraft, CustomerDraft
from desk.core.errors import DomainError
from desk.db.connection import db
from desk.models import (
    Address,
    Customer,
    CustomerGroup,
    CustomerGroupMember,
    ImportedOrder,
    Order,
)
from tests.fixtures import make_taobao_export as mk

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "taobao_orders.csv"
COUNTED = (mk.DONE, mk.SHIPPED, mk.PAID)
TABLES = ("customer", "customer_phone", "address", "imported_order", "customer_group_member",
          "customer_group", "tag", "customer_tag", "order", "order_line", "order_event",
          "order_memo", "shipment")  # fmt: skip


def orders_of(nick: str) -> list[dict]:
    return [o for o in mk.SMALL_ORDERS if o["nick"].lower() == nick.lower()]


def fen(text: str) -> int:
    yuan, _dot, cents = text.partition(".")
    return int(yuan) * 100 + int((cents + "00")[:2])


@pytest.fixture
def english():
    """Messages in English, so that a test can look for words in them."""
    i18n.set_language("en")


def counts() -> dict[str, int]:
    return {t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in TABLES}


def snapshot() -> list:
    """Every row of the customer tables (to show that nothing at all changed)."""
    rows = []
    for table in TABLES:
        rows += [(table, *r) for r in db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1, 2')]
    return rows


def customer(nick: str) -> Customer:
    return Customer.get(Customer.nick == nick)


def group_keys(customer_id: int) -> set[str]:
    return {
        m.group.key or m.group.name
        for m in CustomerGroupMember.select().join(CustomerGroup)
        .where(CustomerGroupMember.customer == customer_id)
    }  # fmt: skip


def import_file(path) -> ci.ImportResult:
    preview = ci.read_taobao_export(path)
    assert preview.ok, preview.blocking
    return ci.apply_import(preview)[0]


# --- the fixture is what the seller centre downloads ---------------------------------------------


def test_fixture_has_the_shape_of_a_taobao_export():
    data = FIXTURE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # GB18030, as Chinese Windows and the seller centre write it
    text = data.decode("gb18030")
    header = next(csv.reader(io.StringIO(text)))
    assert "收货地址 " in header and "联系电话 " in header and "物流单号 " in header
    assert '="3100000000000000001"' in text and "'13812345678" in text
    assert "No:YT1234567890123" in text and "(310012)" in text and "交易关闭" in text
    assert "喵小姐🐱" in text and "𠮷祥云" in text and "刘䶮" in text and "=SUM(A1)" in text
    assert 25 <= text.count("\r\n") - 1 <= 40  # about thirty orders (one message spans 2 lines)


# --- the Taobao export ---------------------------------------------------------------------------


def test_preview_counts_buyers_and_writes_nothing(shop):
    before = snapshot()
    preview = ci.read_taobao_export(FIXTURE)
    assert snapshot() == before
    assert preview.ok and preview.source == "taobao"
    nicks = {o["nick"].lower() for o in mk.SMALL_ORDERS}
    assert preview.creates == len(nicks)
    assert (preview.updates, preview.unchanged, preview.orders_known) == (0, 0, 0)
    assert preview.orders_new == len(mk.SMALL_ORDERS)  # every order, paid or not
    assert len(preview.buyers) == len(mk.SMALL_ORDERS)
    assert {b.action for b in preview.buyers} == {"create"}
    # the only problem: the formula-looking buyer message, told but not blocking
    [problem] = preview.problems
    assert (problem.line, problem.column, problem.blocking) == (4, "买家留言", False)


def test_import_creates_customers_with_figures_addresses_and_groups(shop):
    result = import_file(FIXTURE)
    nicks = {o["nick"].lower() for o in mk.SMALL_ORDERS}
    counted = [o for o in mk.SMALL_ORDERS if o["status"] in COUNTED]
    assert result.created == len(nicks) == Customer.select().count()
    assert result.orders_counted == len(counted)
    assert result.orders_created == len(mk.SMALL_ORDERS) == Order.select().count()
    assert not ImportedOrder.select().exists()  # the orders count as Orders, once

    zhang = customer("tb_zhang")  # three orders, one closed
    paid = [o for o in orders_of("tb_zhang") if o["status"] in COUNTED]
    assert zhang.name == "张小花"
    assert zhang.order_count == len(paid) == 2
    assert zhang.total_spent_fen == sum(fen(o["paid"]) for o in paid) == 21850
    assert zhang.first_order_at == datetime.datetime(2024, 5, 18, 13, 30)
    assert zhang.last_order_at == datetime.datetime(2024, 6, 20, 21, 15, 3)
    assert "=SUM(A1)" in zhang.notes  # kept as plain text
    [address] = list(Address.select().where(Address.customer == zhang))
    assert (address.province, address.city, address.district) == ("浙江省", "杭州市", "西湖区")
    assert address.street == "文三路100号华星时代广场A座1201"
    assert (address.postcode, address.phone, address.receiver) == ("310012", "13812345678", "张小花")
    assert address.is_default
    assert [p.phone for p in zhang.phones] == ["13812345678"]
    assert group_keys(zhang.id) == {"repeat"}  # two counted orders: 老客户

    cat = customer("喵小姐🐱")  # emoji kept; home and office
    places = list(Address.select().where(Address.customer == cat).order_by(Address.id))
    assert [(a.city, a.district, a.is_default) for a in places] == [
        ("上海市", "浦东新区", True), ("上海市", "徐汇区", False)]  # fmt: skip
    assert cat.total_spent_fen == 26800 + 9900

    assert customer("jixiang_88").name == "𠮷祥云"
    liu = customer("刘䶮的店铺")
    assert liu.name == "刘䶮"
    assert [(p.phone, p.kind) for p in liu.phones] == [
        ("13700003333", "mobile"), ("0755-86001234", "landline")]  # fmt: skip
    assert group_keys(liu.id) == {"new"}
    assert [(p.phone, p.kind) for p in customer("privacy_first").phones] == [
        ("18877771111-123", "virtual")]  # fmt: skip

    # closed before payment / unpaid: the buyer is added, nothing counted
    for nick in ("只看不买", "犹豫的小兔"):
        buyer = customer(nick)
        assert (buyer.order_count, buyer.total_spent_fen, buyer.last_order_at) == (0, 0, None)
        assert group_keys(buyer.id) == {"potential"}
        [order] = Order.select().where(Order.customer == buyer)
        assert order.status in ("closed", "unpaid")

    lily = Customer.get(Customer.nick.in_(["refund_lily", "Refund_Lily"]))  # one buyer, any case
    assert lily.order_count == 2
    assert lily.total_spent_fen == (20000 - 5000) + 8000  # refund taken off

    dongguan = Address.get(Address.customer == customer("dongguan_amy"))
    assert (dongguan.city, dongguan.district) == ("东莞市", "")  # a city without districts
    assert dongguan.street == "长安镇 振安中路188号"
    qianjiang = Address.get(Address.customer == customer("qianjiang2024"))
    assert (qianjiang.province, qianjiang.city) == ("湖北省", "潜江市")
    snow = customer("新疆的雪")
    assert Address.get(Address.customer == snow).postcode == ""  # (000000) is no postcode
    assert "发邮政, 谢谢\n其他快递到不了" in snow.notes


def test_imported_customers_are_searchable_and_keyed_like_the_card(shop):
    import_file(FIXTURE)
    for c in Customer.select():
        assert c.pinyin == customers.search_pinyin(c.name, c.nick)
    zhang = customer("tb_zhang").id
    assert zhang in [r.id for r in customers.search_customers("5678")]
    assert zhang in [r.id for r in customers.search_customers("zxh")]
    assert customer("刘䶮的店铺").id in [r.id for r in customers.search_customers("䶮")]


def test_importing_the_same_file_twice_changes_nothing(shop):
    import_file(FIXTURE)
    before = snapshot()
    preview = ci.read_taobao_export(FIXTURE)
    assert (preview.creates, preview.updates, preview.orders_new) == (0, 0, 0)
    assert (preview.orders_known, preview.orders_updated) == (len(mk.SMALL_ORDERS), 0)
    assert preview.unchanged == Customer.select().count()
    assert {b.action for b in preview.buyers} == {"same"}
    result, _changes = ci.apply_import(preview)
    assert result == ci.ImportResult(0, 0, 0, 0)
    assert snapshot() == before


def test_a_later_export_adds_orders_and_moves_the_buyer_up(shop, tmp_path):
    first = mk.write_rows(tmp_path / "may.csv", [mk.order_row(
        number="1", nick="tb_new", name="周星", mobile="13811112222", paid="50.00",
        address="浙江省 杭州市 西湖区 文三路1号(310012)", paid_at="2024-05-01 10:00:00")])  # fmt: skip
    import_file(first)
    buyer = customer("tb_new")
    assert group_keys(buyer.id) == {"new"}
    second = mk.write_rows(tmp_path / "june.csv", [
        mk.order_row(number="2", nick="tb_new", name="周星", mobile="13811112222", paid="70.00",
                     address="浙江省  杭州市 西湖区 文三路 1号", created="2024-06-01 10:00:00",
                     paid_at="2024-06-01 10:00:00"),
        mk.order_row(number="1", nick="tb_new", name="周星", mobile="13811112222", paid="50.00",
                     address="浙江省 杭州市 西湖区 文三路1号(310012)"),
    ])  # fmt: skip
    preview = ci.read_taobao_export(second)
    assert (preview.updates, preview.orders_new, preview.orders_known) == (1, 1, 1)
    result, _c = ci.apply_import(preview)
    # the address only differs in spacing; order 1 is known and stays as it is
    assert result == ci.ImportResult(0, 1, 0, 1, orders_created=1, orders_updated=0)
    buyer = customer("tb_new")
    assert (buyer.order_count, buyer.total_spent_fen) == (2, 12000)
    assert buyer.last_order_at == datetime.datetime(2024, 6, 1, 10)
    assert group_keys(buyer.id) == {"repeat"}  # left 新客户 for 老客户


def test_existing_customers_are_matched_by_buyer_id_then_phone(shop, tmp_path):
    by_phone, _c = customers.create_customer(CustomerDraft(
        name="张小花", phones=("138 1234 5678",), notes="穿M码",
        addresses=(AddressDraft(province="浙江省", city="杭州市", district="西湖区",
                                street="文三路100号 华星时代广场A座1201", receiver="张小花"),)))  # fmt: skip
    other_account, _c = customers.create_customer(CustomerDraft(
        name="李梅", nick="another_account", phones=("13900001111",)))  # fmt: skip
    by_nick, _c = customers.create_customer(CustomerDraft(name="", nick="JIXIANG_88"))
    preview = ci.read_taobao_export(FIXTURE)
    actions = {b.nick: (b.customer_id, b.action) for b in preview.buyers}
    assert actions["tb_zhang"] == (by_phone.id, "update")  # no buyer ID yet: found by phone
    assert actions["jixiang_88"] == (by_nick.id, "update")  # buyer IDs ignore Latin case
    assert actions["喵小姐🐱"] == (None, "create")  # the phone's owner is another account
    ci.apply_import(preview)
    zhang = Customer.get_by_id(by_phone.id)
    assert (zhang.nick, zhang.notes.startswith("穿M码")) == ("tb_zhang", True)
    assert Address.select().where(Address.customer == zhang).count() == 1  # same, spacing aside
    assert zhang.order_count == 2
    assert Customer.get_by_id(by_nick.id).name == "𠮷祥云"  # the empty name filled in
    assert Customer.get_by_id(other_account.id).order_count == 0
    assert Customer.select().where(Customer.nick == "tb_zhang").count() == 1


def test_apply_matches_again_when_the_shop_changed_since_the_preview(shop):
    preview = ci.read_taobao_export(FIXTURE)
    made, _c = customers.create_customer(CustomerDraft(name="张小花", nick="tb_zhang"))
    result, _c = ci.apply_import(preview)
    assert Customer.select().where(Customer.nick == "tb_zhang").count() == 1
    assert Customer.get_by_id(made.id).order_count == 2
    assert result.created == preview.creates - 1 and result.updated == 1


def test_chosen_group_holds_every_buyer_of_the_file(shop):
    group, _c = customers.create_group("618活动")
    preview = ci.read_taobao_export(FIXTURE)
    ci.apply_import(preview, group_id=group.id)
    members = CustomerGroupMember.select().where(CustomerGroupMember.group == group.id).count()
    assert members == Customer.select().count() == preview.creates


# --- all or nothing ------------------------------------------------------------------------------


def test_cancel_leaves_nothing_and_the_preview_still_applies(shop):
    preview = ci.read_taobao_export(FIXTURE)
    before = snapshot()
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3  # after the customers are written

    with pytest.raises(ci.ImportCancelled):
        ci.apply_import(preview, cancel=cancel)
    assert snapshot() == before
    result, _c = ci.apply_import(preview)
    assert result.created == preview.creates


def test_a_crash_while_writing_leaves_nothing(shop, tmp_path):
    path = mk.make_taobao_export(tmp_path / "big.csv", 3400, seed=3)
    preview = ci.read_taobao_export(path)
    assert preview.creates >= ci.REBUILD_FROM  # the search index is rebuilt whole
    before = snapshot()

    def progress(done: int, total: int) -> None:
        if done >= 90:  # inside the index rebuild, after every insert
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        ci.apply_import(preview, progress=progress)
    assert snapshot() == before
    assert customer_search.match_clause("138") is not None
    ci.apply_import(preview)
    assert counts()["customer"] == preview.creates


def test_a_big_export_imports_every_buyer_once(shop, tmp_path):
    path = mk.make_taobao_export(tmp_path / "big.csv", 3400, seed=5)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("gb18030"))))
    header, body = rows[0], rows[1:]
    nick, status = header.index("买家会员名"), header.index("订单状态")
    mobile = header.index("联系手机")
    preview = ci.read_taobao_export(path)
    assert preview.ok and not preview.problems
    ci.apply_import(preview)
    assert Customer.select().count() == len({r[nick].lower() for r in body})
    assert Order.select().count() == len(body)
    counted = Order.select().where(Order.status.not_in(["unpaid", "closed"])).count()
    assert counted == sum(1 for r in body if r[status] in COUNTED)
    some = body[len(body) // 2]
    found = customers.search_customers(some[mobile].lstrip("'"))
    assert [r.nick for r in found] == [some[nick]]
    again = ci.read_taobao_export(path)
    assert (again.creates, again.updates, again.orders_new) == (0, 0, 0)


# --- bad files -----------------------------------------------------------------------------------


def bad_rows_file(tmp_path) -> Path:
    good = dict(nick="tb_ok", name="好人", mobile="13812345678",
                address="浙江省 杭州市 西湖区 文三路1号(310012)", paid="10.00")  # fmt: skip
    rows = [
        mk.order_row(number="1", **good),  # line 2
        mk.order_row(number="2", **{**good, "message": "两行\n留言"}),  # lines 3–4
        mk.order_row(number="3", **{**good, "name": ""}),  # line 5: empty name
        mk.order_row(number="4", **{**good, "mobile": "138abc45678"}),  # line 6
        mk.order_row(number="5", **{**good, "address": "文三路1号(310012)"}),  # line 7
        mk.order_row(number="6", **{**good, "paid": "12元5角"}),  # line 8
        mk.order_row(number="7", **{**good, "message": "=HYPERLINK(\"x\")"}),  # line 9
        mk.order_row(number="8", **good)[:10],  # line 10: cut short
        mk.order_row(number="9", **{**good, "nick": "", "name": "没有旺旺"}),  # line 11
        mk.order_row(number="3.1E+18", **good),  # line 12: saved by Excel, the number rounded
    ]
    return mk.write_rows(tmp_path / "bad.csv", rows)


def test_row_problems_name_line_and_column_and_block_everything(shop, tmp_path):
    preview = ci.read_taobao_export(bad_rows_file(tmp_path))
    found = {(p.line, p.column, p.blocking) for p in preview.problems}
    assert found == {
        (5, "收货人姓名", True),
        (6, "联系手机", True),
        (7, "收货地址", True),
        (8, "买家应付货款", True),  # order_row writes the amount into all three columns
        (8, "总金额", True),
        (8, "买家实际支付金额", True),
        (9, "买家留言", False),
        (10, "", True),
        (11, "买家会员名", True),
        (12, "订单编号", True),
    }
    assert not preview.ok
    assert [b.line for b in preview.buyers] == [2, 3, 9]
    assert "138abc45678" in next(p.message for p in preview.problems if p.line == 6)
    before = snapshot()
    with pytest.raises(DomainError):
        ci.apply_import(preview)
    assert snapshot() == before


def test_a_blocked_import_leaves_the_shop_file_byte_for_byte(shop_path, tmp_path):
    from desk.db.connection import open_shop
    from tests.core.shopfiles import sha256

    open_shop(shop_path).close()
    before = sha256(shop_path)
    handle = open_shop(shop_path)
    try:
        preview = ci.read_taobao_export(bad_rows_file(tmp_path))
        with pytest.raises(DomainError):
            ci.apply_import(preview)
    finally:
        handle.close()
    assert sha256(shop_path) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"  \r\n", "empty"),
        (FIXTURE.read_bytes().decode("gb18030").encode("utf-16"), "UTF-16"),
        (bytes(range(256)) * 40, "not a text file"),
        ("姓名,电话\r\n张三,138\r\n".encode("gb18030"), "订单编号、买家会员名、收货地址"),
        ("订单编号,宝贝标题,价格\r\n1,裙子,10\r\n".encode("gb18030"), "买家会员名"),
        (mk._line(mk.HEADERS).encode("gb18030"), "no orders"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
        ("订单编号,买家会员名,收货地址\r\n".encode("gb18030").decode("latin-1").encode("utf-8"),
         "garbled"),
    ],
)
def test_unusable_files_are_refused_whole(shop, tmp_path, english, content, words):
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    before = snapshot()
    with pytest.raises(ci.ImportFileError) as error:
        ci.read_taobao_export(path)
    assert path.name in error.value.message
    assert words in error.value.message
    assert snapshot() == before


def test_a_missing_file_is_a_message(shop, tmp_path):
    with pytest.raises(ci.ImportFileError, match="nothing.csv"):
        ci.read_taobao_export(tmp_path / "nothing.csv")


def test_an_export_saved_as_xlsx_reads_the_same(shop, tmp_path):
    from openpyxl import Workbook

    text = FIXTURE.read_bytes().decode("gb18030")
    workbook = Workbook()
    for row in csv.reader(io.StringIO(text)):
        workbook.active.append(row)
    workbook.save(tmp_path / "orders.xlsx")
    from_xlsx = ci.read_taobao_export(tmp_path / "orders.xlsx")
    from_csv = ci.read_taobao_export(FIXTURE)
    assert [(b.nick, b.total_fen, b.address) for b in from_xlsx.buyers] == [
        (b.nick, b.total_fen, b.address) for b in from_csv.buyers]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("浙江省 杭州市 西湖区 文三路100号(310012)", ("浙江省", "杭州市", "西湖区", "文三路100号", "310012")),
        ("北京 北京市 朝阳区 建国路88号（100020）", ("北京市", "北京市", "朝阳区", "建国路88号", "100020")),
        ("上海 浦东新区 世纪大道100号", ("上海市", "上海市", "浦东新区", "世纪大道100号", "")),
        ("浙江省 杭州市 临平区 南苑街道 人民大道1号(311100)",
         ("浙江省", "杭州市", "临平区", "南苑街道 人民大道1号", "311100")),
        ("广东省 东莞市 长安镇 振安中路188号(523850)", ("广东省", "东莞市", "", "长安镇 振安中路188号", "523850")),
        ("浙江省杭州市西湖区文三路100号", ("浙江省", "杭州市", "西湖区", "文三路100号", "")),
        ("香港特别行政区 九龙 弥敦道100号", ("香港特别行政区", "九龙", "", "弥敦道100号", "")),
        ("文三路100号", None),
    ],
)
def test_taobao_addresses_are_split_with_the_division_list(text, expected):
    assert split_address(text) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(max_size=30), min_size=0, max_size=45))
def test_any_row_gives_a_buyer_or_problems_never_an_exception(shop, tmp_path, cells):
    path = tmp_path / "fuzz.csv"
    rows = [mk.order_row(number="1", nick="a", name="b", address="浙江省 杭州市 西湖区 路1号"), cells]
    text = mk._line(mk.HEADERS) + "".join(mk._line(r) for r in rows)
    path.write_bytes(text.encode("gb18030"))
    try:
        preview = ci.read_taobao_export(path)
    except ci.ImportFileError:
        return
    assert preview.buyers[0].line == 2
    assert all(p.line >= 3 and p.message for p in preview.problems)


# --- any table with a column mapping -------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


ROWS = [
    ["姓名", "旺旺", "手机", "地址", "备注", "分组", "标签"],
    ["王芳", "wangfang88", "138-0000-1111", "浙江省杭州市西湖区文三路1号 310012", "M码", "老客户", "爱砍价"],
    ["", "", "13900002222", "", "", "", ""],
    ["李四", "", "139 0000 3333", "上海市徐汇区漕溪北路88号", "", "朋友、宝妈群", "学生,爱砍价"],
    [],
    ["王𠮷", "", "", "", "=1+1", "", ""],
    ["赵六", "", "无", "", "", "", ""],
    ["孙七", "", "", "文三路1号", "", "", ""],
]  # fmt: skip


def test_table_rows_are_checked_with_their_lines(shop, tmp_path):
    path = write_csv(tmp_path / "通讯录.csv", ROWS, encoding="gb18030")
    table = ci.read_table(path)
    assert table.first_line == 2 and table.rows[3] == ()  # the empty line keeps its number
    mapping = ci.guess_mapping(table.headers)
    assert mapping == {"name": 0, "nick": 1, "phone": 2, "full_address": 3, "notes": 4,
                       "group": 5, "tags": 6}  # fmt: skip
    preview = ci.preview_table(table, mapping, path)
    found = {(p.line, p.column, p.blocking) for p in preview.problems}
    assert found == {(3, "姓名", True), (6, "备注", False), (7, "手机", True), (8, "地址", True)}
    assert not preview.ok
    with pytest.raises(DomainError):
        ci.apply_import(preview)
    assert Customer.select().count() == 0


def test_a_mapped_table_is_imported_once(shop, tmp_path):
    rows = [ROWS[0], ROWS[1], ROWS[3], ROWS[5], ["王芳", "wangfang88", "", "", "M码", "", ""]]
    path = write_csv(tmp_path / "通讯录.csv", rows)
    table = ci.read_table(path)
    preview = ci.preview_table(table, ci.guess_mapping(table.headers), path)
    assert preview.ok and preview.source == "table"
    assert (preview.creates, preview.orders_new) == (3, 0)
    result, _c = ci.apply_import(preview)
    assert (result.created, result.addresses_added, result.orders_counted) == (3, 2, 0)
    wang = customer("wangfang88")
    assert (wang.name, wang.notes, [p.phone for p in wang.phones]) == ("王芳", "M码", ["13800001111"])
    address = Address.get(Address.customer == wang)
    assert (address.city, address.street, address.postcode) == ("杭州市", "文三路1号", "310012")
    assert group_keys(wang.id) == {"repeat"}  # 老客户 is the built-in group's name
    li = Customer.get(Customer.name == "李四")
    assert group_keys(li.id) == {"朋友", "宝妈群"}  # new groups made
    assert set(customers.get_customer(li.id).draft.tags) == {"学生", "爱砍价"}
    rare = Customer.get(Customer.name == "王𠮷")
    assert rare.notes == "=1+1"
    again = ci.preview_table(ci.read_table(path), ci.guess_mapping(table.headers), path)
    assert (again.creates, again.updates, again.unchanged) == (0, 0, 3)
    before = snapshot()
    ci.apply_import(again)
    assert snapshot() == before


def test_a_table_from_excel_keeps_number_cells_right(shop, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["昵称", "姓名", "电话", "省", "市", "区", "详细地址", "邮编"])
    sheet.append(["nm_01", "呼和", 13812340000, "内蒙古", "呼和浩特", "新城区", "新华大街1号", 10010])
    sheet.append(["nm_02", "北京人", "010-6512 3456", "北京", "", "朝阳区", "建国路88号", "100020"])
    workbook.save(tmp_path / "客户.xlsx")
    table = ci.read_table(tmp_path / "客户.xlsx")
    preview = ci.preview_table(table, ci.guess_mapping(table.headers), tmp_path / "客户.xlsx")
    assert preview.ok, preview.problems
    first, second = preview.buyers
    assert first.phones == ("13812340000",)
    assert (first.address.province, first.address.city, first.address.postcode) == (
        "内蒙古自治区", "呼和浩特市", "010010")  # fmt: skip
    assert second.phones == ("010-65123456",)
    assert (second.address.province, second.address.city) == ("北京市", "北京市")


def test_a_table_mapping_must_name_who_the_customer_is(shop, tmp_path):
    path = write_csv(tmp_path / "t.csv", [["备注"], ["x"]])
    with pytest.raises(ci.ImportFileError):
        ci.preview_table(ci.read_table(path), {"notes": 0}, path)
    assert ci.field_label("nick") and len(set(map(ci.field_label, ci.TABLE_FIELDS))) == len(
        ci.TABLE_FIELDS)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80))
def test_address_and_phone_cells_never_raise(text):
    from desk.core.customer_import_base import phone_values

    parts = split_address(text)
    assert parts is None or (len(parts) == 5 and parts[0])
    problems = []
    found = phone_values(text, 2, "联系手机", problems)
    assert all(p.text for p in found) and all(p.line == 2 for p in problems)
