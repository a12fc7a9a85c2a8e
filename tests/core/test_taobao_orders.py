"""The Taobao export import also creates the orders (desk.core.taobao_orders): statuses mapped,
amounts and the one line in fen, shipment and memo, numbered like orders taken in the shop,
idempotent on the platform order number, statuses moving forward only on a re-import, every
order counted once into the figures, all or nothing."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from desk import i18n
from desk.core import customer_import as ci
from desk.core import customers, order_list, orders, taobao_orders
from desk.core.errors import DomainError
from desk.core.order_list import OrderFilter
from desk.db.connection import db
from desk.models import Customer, ImportedOrder, Order, OrderEvent, OrderLine, OrderMemo, Shipment
from tests.fixtures import make_taobao_export as mk

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "taobao_orders.csv"
HEADERS = (*mk.HEADERS, "商家编码")
#: column indexes of order_row's values (mk.HEADERS order)
GOODS, POSTAGE, TOTAL, PAID, MEMO, QUANTITY, SKU, REFUND = (
    mk.HEADERS.index(h) for h in ("买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额",
                                  "订单备注", "宝贝总数量", "修改后的sku", "退款金额")
)  # fmt: skip
ADDRESS = "浙江省 杭州市 西湖区 文三路100号(310012)"
ORDER_TABLES = ("order", "order_line", "order_event", "order_memo", "shipment", "imported_order")


@pytest.fixture
def english():
    i18n.set_language("en")


def row(number: str, *, goods=None, postage="0.00", total=None, memo="", quantity="1", sku="",
        code="", refund=None, **fields) -> list[str]:  # fmt: skip
    """One export row (as the seller centre writes it) with the order's columns set."""
    fields.setdefault("nick", "tb_buyer")
    fields.setdefault("name", "张三")
    fields.setdefault("mobile", "13812345678")
    fields.setdefault("address", ADDRESS)
    values = mk.order_row(number=number, **fields)
    paid = fields.get("paid", "0.00")
    values[GOODS] = goods if goods is not None else paid
    values[POSTAGE] = postage
    values[TOTAL] = total if total is not None else values[GOODS]
    values[MEMO], values[QUANTITY], values[SKU] = memo, quantity, sku
    if refund is not None:
        values[REFUND] = refund
    return [*values, code]


def write(path: Path, rows: list[list[str]]) -> Path:
    text = mk._line(HEADERS) + "".join(mk._line(r) for r in rows)
    path.write_bytes(text.encode("gb18030"))
    return path


def import_file(path: Path) -> ci.ImportResult:
    preview = ci.read_taobao_export(path)
    assert preview.ok, preview.blocking
    return ci.apply_import(preview)[0]


def order(external_no: str) -> orders.OrderDetail:
    return orders.get_order(Order.get(Order.external_no == external_no).id)


def table_rows() -> list:
    rows = []
    for table in ORDER_TABLES:
        rows += [(table, *r) for r in db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1')]
    return rows


def figures() -> list[tuple]:
    return list(db.execute_sql(
        "SELECT id, order_count, total_spent_fen, first_order_at, last_order_at FROM customer"
        " ORDER BY id"
    ))  # fmt: skip


# --- reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("等待买家付款", "unpaid"),
        ("买家已付款，等待卖家发货", "paid"),
        ("买家已付款,等待卖家发货", "paid"),  # a half-width comma (saved by another program)
        ("卖家已发货，等待买家确认", "shipped"),
        ("交易成功", "completed"),
        ("交易关闭", "closed"),
        ("付款以后用户退款成功，交易自动关闭", "closed"),
        ("神秘的新状态", None),
    ],
)
def test_status_texts_are_mapped(text, status):
    assert taobao_orders.map_status(text) == status


def test_colour_size_and_courier_texts():
    assert taobao_orders.split_sku("颜色分类：黑色；尺码：M") == ("黑色", "M")
    assert taobao_orders.split_sku("颜色分类:杏色;鞋码:37") == ("杏色", "37")
    assert taobao_orders.split_sku("尺码：XL") == ("", "XL")
    assert taobao_orders.split_sku("均码") == ("", "")
    assert [taobao_orders.courier_code(n) for n in ("圆通速递", "顺丰速运", "极兔速递", "德邦快递")] \
        == ["YTO", "SF", "JT", ""]  # fmt: skip
    assert taobao_orders.clean_tracking("No:yt1234567890123") == "YT1234567890123"
    assert taobao_orders.clean_tracking("No:") == ""


def test_every_status_becomes_the_order_status(shop, tmp_path, english):
    texts = ["等待买家付款", "买家已付款，等待卖家发货", "卖家已发货，等待买家确认", "交易成功",
             "交易关闭", "付款以后用户退款成功，交易自动关闭", "神秘的新状态", "另一个新状态"]  # fmt: skip
    rows = []
    for k, text in enumerate(texts):
        paid = "0.00" if text in ("等待买家付款", "交易关闭", "另一个新状态") else "10.00"
        rows.append(row(f"5{k}", nick=f"tb_{k}", mobile=f"1381234000{k}", status=text, paid=paid,
                        paid_at="" if paid == "0.00" else "2024-05-01 10:03:00"))  # fmt: skip
    preview = ci.read_taobao_export(write(tmp_path / "s.csv", rows))
    # an unknown status is told, does not block, and says what the order becomes
    unknown = [p for p in preview.problems if p.column == "订单状态"]
    assert [(p.line, p.blocking) for p in unknown] == [(8, False), (9, False)]
    assert "Paid" in unknown[0].message and "Unpaid" in unknown[1].message
    ci.apply_import(preview)
    assert [order(f"5{k}").status for k in range(len(texts))] == [
        "unpaid", "paid", "shipped", "completed", "closed", "closed", "paid", "unpaid"]


def test_amounts_line_address_and_times_in_fen(shop, tmp_path):
    path = write(tmp_path / "a.csv", [row(
        "3200000000000000001", paid="99.90", goods="100.00", postage="10.00", total="110.00",
        quantity="3", sku="颜色分类：黑色；尺码：M", code="A1023", status=mk.PAID,
        message="发顺丰\n谢谢😀", created="2024-06-20 21:15:03", paid_at="2024-06-20 21:16:00",
    )])  # fmt: skip
    result = import_file(path)
    assert (result.orders_created, result.orders_counted) == (1, 1)
    detail = order("3200000000000000001")
    assert re.fullmatch(r"20240620-\d{5}", detail.number)
    assert detail.source == "taobao" and detail.status == "paid"
    # goods 100.00 + postage 10.00; paid 99.90: 10.10 of coupons as the order discount
    assert detail.totals == orders.Totals(10000, 1000, 1010, 9990)
    [line] = detail.lines
    assert (line.product_code, line.product_name, line.color, line.size, line.quantity) == (
        "A1023", mk.TITLES[0], "黑色", "M", 3)
    # 100.00 / 3: 33.34 a piece, the 2 fen too many as the line discount
    assert (line.unit_price_fen, line.discount_fen, line.amount_fen) == (3334, 2, 10000)
    assert line.variant_id is None  # sold on the platform: no stock moved
    assert (detail.receiver, detail.phone, detail.province, detail.city, detail.district,
            detail.street, detail.postcode) == (
        "张三", "13812345678", "浙江省", "杭州市", "西湖区", "文三路100号", "310012")  # fmt: skip
    assert detail.buyer_message == "发顺丰\n谢谢😀"
    assert detail.created_at == datetime.datetime(2024, 6, 20, 21, 15, 3)
    assert detail.paid_at == datetime.datetime(2024, 6, 20, 21, 16)
    buyer = Customer.get(Customer.nick == "tb_buyer")
    assert detail.customer_id == buyer.id
    assert (buyer.order_count, buyer.total_spent_fen) == (1, 9990)
    assert db.execute_sql("SELECT COUNT(*) FROM stock_movement").fetchone()[0] == 0
    [event] = detail.events
    assert (event.from_status, event.to_status) == (None, "paid")


def test_without_a_product_code_the_line_is_named_taobao(shop, tmp_path):
    import_file(write(tmp_path / "n.csv", [row("61", paid="59.00", quantity="")]))
    [line] = order("61").lines
    assert (line.product_code, line.quantity, line.unit_price_fen, line.color) == (
        taobao_orders.TAOBAO_CODE, 1, 5900, "")


def test_a_refund_is_taken_off_the_total(shop, tmp_path):
    import_file(write(tmp_path / "r.csv", [row("62", paid="200.00", refund="50.00")]))
    detail = order("62")
    assert detail.totals == orders.Totals(20000, 0, 5000, 15000)
    assert "50.00" in detail.events[0].note
    assert Customer.get(Customer.nick == "tb_buyer").total_spent_fen == 15000


def test_shipment_courier_and_memo(shop, tmp_path):
    import_file(write(tmp_path / "m.csv", [
        row("71", paid="10.00", status=mk.SHIPPED, tracking="YT1234567890123", courier="圆通速递",
            memo="送运费险"),
        row("72", paid="10.00", status=mk.PAID, memo="买家要求发顺丰\n周末不收"),
        row("73", paid="10.00", status=mk.DONE, tracking="DPK300000000001", courier="德邦快递"),
    ]))  # fmt: skip
    shipped = order("71")
    assert shipped.courier == "YTO"
    assert [(s.courier, s.tracking_no) for s in shipped.shipments] == [("YTO", "YT1234567890123")]
    [memo] = shipped.memos
    assert (memo.text, memo.flag) == ("送运费险", None)
    assert memo.read_at is not None  # history of a shipped order, not news
    [memo] = order("72").memos
    assert memo.text == "买家要求发顺丰\n周末不收" and memo.read_at is None  # still to ship
    other = order("73")  # a courier this program has no code for
    assert other.courier == "ZTO"  # the default courier of Settings
    assert [(s.courier, s.tracking_no) for s in other.shipments] == [("德邦快递", "DPK300000000001")]
    # the orders page finds them by platform number and tracking number
    assert [r.number for r in order_list.list_orders(OrderFilter(query="YT1234567890123"))] == [
        shipped.number]
    assert [r.tracking_no for r in order_list.list_orders(OrderFilter(query="71"))] in (
        [], ["YT1234567890123"])  # too short for a platform number: no error either way


def test_two_orders_sharing_one_parcel_keep_the_number_once(shop, tmp_path):
    import_file(write(tmp_path / "p.csv", [
        row("81", paid="10.00", status=mk.SHIPPED, tracking="SF1400000000009", courier="顺丰速运"),
        row("82", paid="20.00", status=mk.SHIPPED, tracking="SF1400000000009", courier="顺丰速运"),
    ]))  # fmt: skip
    assert Shipment.select().count() == 1
    assert Order.select().count() == 2


def test_orders_are_numbered_per_day_continuing_the_sequence(shop, tmp_path):
    import_file(write(tmp_path / "1.csv", [
        row("91", paid="1.00", created="2024-06-20 10:00:00"),
        row("92", paid="1.00", created="2024-06-20 09:00:00"),
        row("93", paid="1.00", created="2024-06-21 09:00:00"),
    ]))  # fmt: skip
    assert [order(n).number for n in ("92", "91", "93")] == [
        "20240620-00001", "20240620-00002", "20240621-00001"]  # by creation time
    import_file(write(tmp_path / "2.csv", [row("94", paid="1.00", created="2024-06-20 23:00:00")]))
    assert order("94").number == "20240620-00003"


# --- the fixture, imported once and again ---------------------------------------------------------


def test_the_fixture_gives_every_order_counted_once(shop):
    result = import_file(FIXTURE)
    assert result.orders_created == len(mk.SMALL_ORDERS) == Order.select().count()
    assert OrderLine.select().count() == len(mk.SMALL_ORDERS)
    assert not ImportedOrder.select().exists()
    statuses = {o["number"]: o["status"] for o in mk.SMALL_ORDERS}
    expected = {mk.DONE: "completed", mk.SHIPPED: "shipped", mk.PAID: "paid",
                mk.CLOSED: "closed", mk.UNPAID: "unpaid"}  # fmt: skip
    assert {o.external_no: o.status for o in Order.select()} == {
        n: expected[s] for n, s in statuses.items()}
    # the import's sums are the figures the orders give
    before = figures()
    customers.rebuild_figures([c.id for c in Customer.select()])
    assert figures() == before
    zhang = Customer.get(Customer.nick == "tb_zhang")
    assert (zhang.order_count, zhang.total_spent_fen) == (2, 12900 + 8950)
    # the orders page lists them, newest first
    rows = order_list.list_orders(OrderFilter(), limit=1000)
    assert len(rows) == len(mk.SMALL_ORDERS)
    assert rows[0].number == order("3100000000000000009").number  # 2024-06-21 23:50
    assert order_list.count_orders(OrderFilter(statuses=("unpaid",))) == 1
    found = order_list.list_orders(OrderFilter(query="3100000000000000004"))
    assert [r.customer_id for r in found] == [Customer.get(Customer.nick == "喵小姐🐱").id]


def test_importing_the_same_file_again_creates_and_counts_nothing(shop):
    import_file(FIXTURE)
    rows, counted = table_rows(), figures()
    preview = ci.read_taobao_export(FIXTURE)
    assert (preview.orders_new, preview.orders_known, preview.orders_updated) == (
        0, len(mk.SMALL_ORDERS), 0)
    result, changes = ci.apply_import(preview)
    assert (result.orders_created, result.orders_updated, result.orders_counted) == (0, 0, 0)
    assert table_rows() == rows
    assert figures() == counted


def test_a_reimport_moves_statuses_forward_only(shop, tmp_path, english):
    def export(status: str, **fields) -> Path:
        return write(tmp_path / f"{status}.csv", [
            row("101", paid="0.00" if status == mk.UNPAID else "28.00", goods="30.00", status=status,
                paid_at="" if status == mk.UNPAID else "2024-05-01 10:05:00", **fields),
            row("102", paid="40.00", status=mk.PAID, paid_at="2024-05-01 11:00:00",
                created="2024-05-01 10:59:00"),
        ])  # fmt: skip

    import_file(export(mk.UNPAID))
    buyer = Customer.get(Customer.nick == "tb_buyer")
    assert (buyer.order_count, buyer.total_spent_fen) == (1, 4000)  # 102 only
    assert order("101").totals.total_fen == 3000  # what is due

    preview = ci.read_taobao_export(export(mk.PAID))
    assert (preview.orders_new, preview.orders_known) == (0, 2)
    result, changes = ci.apply_import(preview)
    assert result.orders_updated == 1 and changes.concerns("orders", "customers")
    detail = order("101")
    assert detail.status == "paid"
    assert detail.paid_at == datetime.datetime(2024, 5, 1, 10, 5)
    assert [(e.from_status, e.to_status, e.note) for e in detail.events] == [
        (None, "unpaid", "Taobao import"), ("unpaid", "paid", "Taobao import")]
    buyer = Customer.get(Customer.nick == "tb_buyer")
    # the order now counts, with what was paid (a 2.00 coupon) rather than what was due
    assert detail.totals == orders.Totals(3000, 0, 200, 2800)
    assert detail.lines[0].amount_fen == 3000
    assert (buyer.order_count, buyer.total_spent_fen) == (2, 4000 + 2800)

    import_file(export(mk.SHIPPED, tracking="ZT7512345678901", courier="中通快递"))
    detail = order("101")
    assert detail.status == "shipped" and detail.shipped_at is not None
    assert [s.tracking_no for s in detail.shipments] == ["ZT7512345678901"]

    before = table_rows()
    import_file(export(mk.PAID))  # an older export: never back
    assert order("101").status == "shipped"
    assert table_rows() == before

    import_file(export(mk.DONE))
    assert order("101").status == "completed"
    import_file(export(mk.CLOSED))  # nothing moves a completed order
    assert order("101").status == "completed"
    counted = figures()
    customers.rebuild_figures([buyer.id])
    assert figures() == counted


def test_a_refund_closing_a_paid_order_takes_it_out_of_the_figures(shop, tmp_path):
    import_file(write(tmp_path / "1.csv", [row("111", paid="30.00", status=mk.PAID)]))
    assert Customer.get(Customer.nick == "tb_buyer").order_count == 1
    import_file(write(tmp_path / "2.csv", [
        row("111", paid="30.00", refund="30.00", status="付款以后用户退款成功，交易自动关闭")]))
    detail = order("111")
    assert detail.status == "closed" and detail.closed_at is not None
    buyer = Customer.get(Customer.nick == "tb_buyer")
    assert (buyer.order_count, buyer.total_spent_fen) == (0, 0)


def test_an_order_changed_in_the_shop_is_not_moved_back_or_over(shop, tmp_path):
    import_file(write(tmp_path / "1.csv", [row("121", paid="30.00", status=mk.PAID)]))
    from desk.core import order_flow

    order_flow.confirm(order("121").id)  # the couple confirmed it with the buyer
    import_file(write(tmp_path / "2.csv", [row("121", paid="30.00", status=mk.PAID)]))
    assert order("121").status == "confirmed"  # the file is behind: left as it is


def test_orders_counted_by_an_older_import_become_orders_counted_once(shop):
    """A shop file whose earlier import kept the orders as imported_order rows only."""
    import_file(FIXTURE)
    counted = figures()
    for table in ("order_event", "order_memo", "shipment", "order_line", "order"):
        db.execute_sql(f'DELETE FROM "{table}"')
    for o in mk.SMALL_ORDERS:
        if o["status"] in (mk.DONE, mk.SHIPPED, mk.PAID):
            nick = o["nick"] if o["nick"] != "Refund_Lily" else "refund_lily"
            ImportedOrder.create(
                external_no=o["number"], customer=Customer.get(Customer.nick == nick),
                total_fen=0, ordered_at=datetime.datetime.fromisoformat(o["created"]),
                source="taobao", imported_at=datetime.datetime(2024, 7, 1))
    preview = ci.read_taobao_export(FIXTURE)
    assert (preview.orders_new, preview.orders_known) == (len(mk.SMALL_ORDERS), 0)
    ci.apply_import(preview)
    assert not ImportedOrder.select().exists()
    assert Order.select().count() == len(mk.SMALL_ORDERS)
    assert figures() == counted  # the amounts come from the orders now, each once


# --- all or nothing -------------------------------------------------------------------------------


def test_a_blocking_row_writes_no_order(shop, tmp_path):
    path = write(tmp_path / "b.csv", [
        row("131", paid="10.00"),
        row("132", paid="10.00", address="文三路1号"),  # no province: blocks
    ])  # fmt: skip
    preview = ci.read_taobao_export(path)
    assert not preview.ok
    with pytest.raises(DomainError):
        ci.apply_import(preview)
    assert table_rows() == [] and not Customer.select().exists()


def test_a_cancel_after_the_orders_are_written_leaves_nothing(shop):
    preview = ci.read_taobao_export(FIXTURE)
    late = []

    def progress(done: int, total: int) -> None:
        if done >= 80:  # the orders are written before 80 %
            late.append(done)

    with pytest.raises(ci.ImportCancelled):
        ci.apply_import(preview, progress=progress, cancel=lambda: bool(late))
    assert table_rows() == [] and not Customer.select().exists()
    assert not OrderEvent.select().exists() and not OrderMemo.select().exists()


def test_unreadable_times_are_told_and_the_order_still_imported(shop, tmp_path, english):
    path = write(tmp_path / "t.csv", [row("141", paid="5.00", created="昨天", paid_at="刚才")])
    preview = ci.read_taobao_export(path)
    assert preview.ok
    told = {p.column: p.message for p in preview.problems}
    assert told["订单创建时间"] == "昨天 is not a date and time; the order date is left empty."
    assert told["订单付款时间"].startswith("刚才 is not a date and time; the payment time")
    ci.apply_import(preview)
    detail = order("141")
    assert detail.paid_at == detail.created_at  # neither known: the time of the import
    buyer = Customer.get(Customer.nick == "tb_buyer")
    assert (buyer.order_count, buyer.last_order_at) == (1, detail.created_at)
